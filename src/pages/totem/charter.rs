//! The Carta dei servizi at the totem: an area's services and one service's sheet.

use super::home::audience_label;
use super::{current_cpi, BackToStart};
use crate::components::{DurationTable, LegalRefs};
use crate::i18n::I18n;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use sportello_core::catalogue::{catalogue, Area, Service};
use sportello_core::cpi::Cpi;

pub(super) fn area_from_param(letter: &str) -> Option<Area> {
    let mut chars = letter.chars();
    let c = chars.next()?.to_ascii_uppercase();
    chars.next().is_none().then_some(())?;
    Area::ALL.into_iter().find(|a| a.letter() == c)
}

/// The services of one area of the charter.
#[component]
pub fn AreaPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let params = use_params_map();
    let area = Memo::new(move |_| params.read().get("area").and_then(|a| area_from_param(&a)));
    move || {
        let cpi = cpi.get()?;
        let Some(area) = area.get() else {
            return Some(
                view! {
                    <h1>{move || i18n.t("area-not-found")}</h1>
                    <a class="button" href=format!("/totem/{}", cpi.slug)>{move || i18n.t("charter-return")}</a>
                }
                .into_any(),
            );
        };
        Some(
            view! {
                <BackToStart cpi />
                <h1>
                    {move || i18n.t_with("area-title", &[
                        ("letter", area.letter().to_string().into()),
                        ("name", catalogue().area_name(area, i18n.code()).to_string().into()),
                    ])}
                </h1>
                <p class="lead">{move || audience_label(i18n, area)}</p>
                <ul class="service-list">
                    {catalogue()
                        .by_area(area)
                        .map(|s| {
                            view! {
                                <li>
                                    <a class="tile service-tile" href=format!("/totem/{}/servizio/{}", cpi.slug, s.code)>
                                        <span class="service-code">{s.code.to_string()}</span>
                                        <span class="tile-title">{move || service_name(i18n, s)}</span>
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        )
    }
}

/// One service of the charter: what, for whom, conditions, legal references, durations.
#[component]
pub fn ServicePage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let params = use_params_map();
    let service = Memo::new(move |_| params.read().get("code").and_then(|c| catalogue().get(&c)));
    move || {
        let cpi = cpi.get()?;
        let Some(service) = service.get() else {
            return Some(
                view! {
                    <h1>{move || i18n.t("service-not-found")}</h1>
                    <a class="button" href=format!("/totem/{}", cpi.slug)>{move || i18n.t("charter-return")}</a>
                }
                .into_any(),
            );
        };
        Some(service_view(i18n, cpi, service).into_any())
    }
}

pub(super) fn service_name(i18n: I18n, s: &'static Service) -> String {
    catalogue().localized(s.code.as_str(), i18n.code()).map_or_else(|| s.name_it.to_string(), |l| l.name.to_string())
}

pub(super) fn service_view(i18n: I18n, cpi: &'static Cpi, s: &'static Service) -> impl IntoView {
    let text = move |pick: fn(&sportello_core::catalogue::LocalizedService<'static>) -> &'static str| {
        catalogue().localized(s.code.as_str(), i18n.code()).map(|l| pick(&l).to_string()).unwrap_or_default()
    };
    view! {
        <nav class="crumbs" aria-label=move || i18n.t("crumbs")>
            <a class="button secondary" href=format!("/totem/{}/servizi/{}", cpi.slug, s.area.letter())>
                {move || i18n.t_with("area-back", &[("letter", s.area.letter().to_string().into())])}
            </a>
            <a class="button secondary" href=format!("/totem/{}", cpi.slug)>{move || i18n.t("charter-title")}</a>
        </nav>
        <article class="service" aria-labelledby="service-title">
            <h1 id="service-title">
                <span class="service-code">{s.code.to_string()}</span>
                " "
                {move || service_name(i18n, s)}
            </h1>
            <section>
                <h2>{move || i18n.t("service-what")}</h2>
                <p>{move || text(|l| l.what)}</p>
            </section>
            <section>
                <h2>{move || i18n.t("service-for-whom")}</h2>
                <p>{move || text(|l| l.for_whom)}</p>
            </section>
            <section>
                <h2>{move || i18n.t("service-conditions")}</h2>
                <p>{move || text(|l| l.conditions)}</p>
            </section>
            <section>
                <h2>{move || i18n.t("service-duration")}</h2>
                <DurationTable service=s />
            </section>
            <section>
                <h2>{move || i18n.t("service-legal")}</h2>
                <LegalRefs service=s />
            </section>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_area_in_the_address_is_one_letter_of_the_charter_in_either_case() {
        assert_eq!(area_from_param("b"), Some(Area::B));
        assert_eq!(area_from_param("G"), Some(Area::G));
        assert_eq!(area_from_param("H"), None);
        assert_eq!(area_from_param("BB"), None);
        assert_eq!(area_from_param(""), None);
    }
}
