//! The kiosk's start screen: who the CPI is, when it is open, and the charter by area.

use super::{current_cpi, TotemLink};
use crate::components::board::BoardView;
use crate::i18n::I18n;
use leptos::prelude::*;
use sportello_core::booking;
use sportello_core::catalogue::{catalogue, Area};
use sportello_core::docs::board::Board;

/// The kiosk's start screen: who the CPI is, when it is open, and the charter by area.
#[component]
pub fn TotemHome() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let board = Memo::new(move |_| link.and_then(|l| l.board.and_then(|id| l.handle.read::<Board>(id))));
    move || {
        cpi.get().map(|cpi| {
            let hours = move || board.with(|b| booking::opening_hours(b.as_ref(), cpi));
            view! {
                <section class="cpi-card" aria-labelledby="cpi-title">
                    <h1 id="cpi-title">{move || i18n.t_with("cpi-full-name", &[("name", cpi.name.clone().into())])}</h1>
                    <p class="cpi-province">{move || i18n.t_with("cpi-province", &[("province", cpi.province.to_string().into())])}</p>
                    <div class="cpi-facts">
                        <div>
                            <h2>{move || i18n.t("cpi-address")}</h2>
                            <p>{cpi.address.clone()}</p>
                        </div>
                        <div>
                            <h2>{move || i18n.t("cpi-hours")}</h2>
                            <dl class="hours">
                                {move || hours()
                                    .into_iter()
                                    .map(|(days, hours)| view! { <dt>{days}</dt><dd>{hours}</dd> })
                                    .collect_view()}
                            </dl>
                        </div>
                        <div>
                            <h2>{move || i18n.t("cpi-contacts")}</h2>
                            // Text, not tel:/mailto: links: a kiosk can neither call nor write.
                            <p>{move || i18n.t("cpi-phone")} " " {cpi.phone.clone()}</p>
                            <p>{move || i18n.t("cpi-email")} " " {cpi.email.clone()}</p>
                        </div>
                    </div>
                </section>
                {move || board.get().map(|board| view! { <BoardView board /> })}
                {link.is_some().then(|| view! {
                    <div class="citizen-tiles">
                        <a class="tile did-tile" href=format!("/totem/{}/numero", cpi.slug)>
                            <span class="tile-title">{move || i18n.t("ticket-start")}</span>
                        </a>
                        <a class="tile did-tile" href=format!("/totem/{}/offerte", cpi.slug)>
                            <span class="tile-title">{move || i18n.t("jobs-start")}</span>
                        </a>
                        <a class="tile did-tile" href=format!("/totem/{}/certificati", cpi.slug)>
                            <span class="tile-title">{move || i18n.t("cert-start")}</span>
                        </a>
                        <a class="tile did-tile" href=format!("/totem/{}/disponibilita", cpi.slug)>
                            <span class="tile-title">{move || i18n.t("did-start")}</span>
                        </a>
                        <a class="tile did-tile" href=format!("/totem/{}/valuta", cpi.slug)>
                            <span class="tile-title">{move || i18n.t("survey-start")}</span>
                        </a>
                    </div>
                })}
                <section class="charter" aria-labelledby="charter-title">
                    <h2 id="charter-title">{move || i18n.t("charter-title")}</h2>
                    <p class="lead">{move || i18n.t("charter-lead")}</p>
                    <ul class="tiles areas">
                        {Area::ALL
                            .into_iter()
                            .map(|area| {
                                let count = catalogue().by_area(area).count();
                                view! {
                                    <li>
                                        <a class="tile area-tile" href=format!("/totem/{}/servizi/{}", cpi.slug, area.letter())>
                                            <span class="area-letter">{area.letter().to_string()}</span>
                                            <span class="tile-title">{move || catalogue().area_name(area, i18n.code()).to_string()}</span>
                                            <span class="tile-sub">
                                                {move || format!("{} · {}", audience_label(i18n, area), i18n.t_with("area-services-count", &[("count", count.into())]))}
                                            </span>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

pub(super) fn audience_label(i18n: I18n, area: Area) -> String {
    match area.audience() {
        sportello_core::catalogue::Audience::Citizens => i18n.t("audience-citizens"),
        sportello_core::catalogue::Audience::Employers => i18n.t("audience-employers"),
    }
}
