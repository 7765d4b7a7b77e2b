//! Job vacancies (A3): the totem's list with filters and a detail screen with a QR code for the
//! phone and a printable slip; the phone page `/offerte/<cpi>/<id>` the QR code opens.

use super::totem::{current_cpi, BackToStart, TotemLink};
use crate::components::citizen::QrCode;
use crate::i18n::I18n;
use crate::io::api;
use crate::io::browser;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use sportello_core::docs::vacancies::{Vacancies, Vacancy, VacancyFilter, CONTRACTS, PROFESSION_GROUPS};

fn it_date(iso: &str) -> String {
    sportello_core::docs::dossier::parse_date(iso).map(sportello_core::calendar::italian_date).unwrap_or_default()
}

fn contract_key(code: &str) -> String {
    format!("jobs-contract-{code}")
}

fn vacancies(link: Option<TotemLink>) -> Option<Vacancies> {
    let link = link?;
    link.handle.read::<Vacancies>(link.vacancies?)
}

#[component]
pub fn VacanciesPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let group = RwSignal::new(String::new());
    let town = RwSignal::new(String::new());
    let contract = RwSignal::new(String::new());
    let time = RwSignal::new(String::new());
    let recent = RwSignal::new(false);
    let list = Memo::new(move |_| vacancies(link));
    let shown = Memo::new(move |_| {
        let filter = VacancyFilter {
            profession_group: group.get().parse().ok(),
            municipality: Some(town.get()).filter(|t| !t.is_empty()),
            contract: Some(contract.get()).filter(|c| !c.is_empty()),
            working_time: Some(time.get()).filter(|w| !w.is_empty()),
            since: recent.get().then(|| chrono::Local::now().date_naive() - chrono::Days::new(7)),
        };
        list.get().map(|l| l.matching(&filter).into_iter().cloned().collect::<Vec<_>>()).unwrap_or_default()
    });
    move || {
        let cpi = cpi.get()?;
        Some(view! {
            <BackToStart cpi />
            <h1>{move || i18n.t("jobs-title")}</h1>
            {move || list.with(Option::is_none).then(|| view! { <p role="status">{move || i18n.t("jobs-unavailable")}</p> })}
            <div class="filters" role="search" aria-label=move || i18n.t("jobs-filters")>
                <label>{move || i18n.t("jobs-profession")}
                    <select on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t("jobs-any-profession")}</option>
                        {PROFESSION_GROUPS.iter().map(|(n, _)| view! {
                            <option value=n.to_string()>{move || i18n.t(&format!("cp-group-{n}"))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("jobs-municipality")}
                    <select on:change=move |ev| town.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t("jobs-any-municipality")}</option>
                        {move || list.get().map(|l| l.municipalities()).unwrap_or_default().into_iter().map(|t| view! {
                            <option value=t.clone()>{t.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("jobs-contract")}
                    <select on:change=move |ev| contract.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t("jobs-any-contract")}</option>
                        {CONTRACTS.iter().map(|(code, _)| view! {
                            <option value=*code>{move || i18n.t(&contract_key(code))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("jobs-time")}
                    <select on:change=move |ev| time.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t("jobs-any-time")}</option>
                        <option value="full">{move || i18n.t("jobs-time-full")}</option>
                        <option value="part">{move || i18n.t("jobs-time-part")}</option>
                    </select>
                </label>
                <label class="checkbox">
                    <input type="checkbox" on:change=move |ev| recent.set(event_target_checked(&ev)) />
                    {move || i18n.t("jobs-recent")}
                </label>
            </div>
            <p role="status" class="hint">{move || i18n.t_with("jobs-count", &[("count", shown.with(Vec::len).into())])}</p>
            <ul class="tiles vacancies">
                {move || shown.get().into_iter().map(|v| view! {
                    <li><a class="tile vacancy-tile" href=format!("/totem/{}/offerte/{}", cpi.slug, v.id)>
                        <span class="tile-title">{v.title.to_string()}</span>
                        <span class="tile-sub">{format!("{} · {} · {}", v.municipality, i18n.t(&contract_key(&v.contract)), it_date(&v.published_on))}</span>
                    </a></li>
                }).collect_view()}
            </ul>
        })
    }
}

#[component]
fn VacancyDetails(v: Vacancy) -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <dl class="facts">
            <dt>{move || i18n.t("jobs-municipality")}</dt><dd>{v.municipality.to_string()}</dd>
            <dt>{move || i18n.t("jobs-contract")}</dt><dd>{i18n.t(&contract_key(&v.contract))}</dd>
            <dt>{move || i18n.t("jobs-time")}</dt>
            <dd>{i18n.t(if v.working_time == "part" { "jobs-time-part" } else { "jobs-time-full" })}</dd>
            <dt>{move || i18n.t("jobs-profession")}</dt>
            <dd>{v.profession_group().map(|g| i18n.t(&format!("cp-group-{g}"))).unwrap_or_default()} " (CP2021 " {v.profession.to_string()} ")"</dd>
            <dt>{move || i18n.t("jobs-published")}</dt><dd>{it_date(&v.published_on)}</dd>
            <dt>{move || i18n.t("jobs-reference")}</dt><dd data-testid="vacancy-reference">{v.id.to_string()}</dd>
        </dl>
        <h2>{move || i18n.t("jobs-description")}</h2>
        <p>{v.description.to_string()}</p>
        <h2>{move || i18n.t("jobs-requirements")}</h2>
        <p>{v.requirements.to_string()}</p>
        <h2>{move || i18n.t("jobs-apply")}</h2>
        <p>{v.how_to_apply.to_string()}</p>
    }
}

#[component]
pub fn VacancyPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let params = use_params_map();
    let vacancy = Memo::new(move |_| {
        let id = params.read().get("id")?;
        vacancies(link)?.items.into_iter().find(|v| v.id == id && !v.withdrawn)
    });
    move || {
        let cpi = cpi.get()?;
        let back = view! {
            <nav class="crumbs no-print" aria-label=move || i18n.t("crumbs")>
                <a class="button secondary" href=format!("/totem/{}/offerte", cpi.slug)>{move || i18n.t("jobs-back")}</a>
            </nav>
        };
        Some(match vacancy.get() {
            None => view! { {back}<h1>{move || i18n.t("jobs-not-found")}</h1> }.into_any(),
            Some(v) => {
                let url = format!("{}/offerte/{}/{}", browser::origin(), cpi.slug, v.id);
                view! {
                    {back}
                    <article class="certificate-sheet vacancy-slip" aria-labelledby="vacancy-title">
                        <p class="certificate-issuer">{cpi.full_name_it()}</p>
                        <h1 id="vacancy-title">{v.title.to_string()}</h1>
                        <VacancyDetails v=v.clone() />
                        <div class="certificate-qr">
                            <QrCode text=url.clone() label=i18n.t("jobs-qr") />
                            <p>{move || i18n.t("jobs-qr-hint")}</p>
                        </div>
                    </article>
                    <div class="citizen-actions no-print">
                        <button type="button" class="button" on:click=move |_| browser::print()>{move || i18n.t("jobs-print")}</button>
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// `/offerte/<cpi>/<id>`: the vacancy on a citizen's phone, read from the relay.
#[component]
pub fn PublicVacancyPage() -> impl IntoView {
    let params = use_params_map();
    let vacancy = LocalResource::new(move || {
        let (cpi, id) = (params.read().get("cpi").unwrap_or_default(), params.read().get("id").unwrap_or_default());
        async move { api::public_vacancy(&cpi, &id).await }
    });
    view! {
        <main class="page">
            <p class="eyebrow">"Sportello · Offerte di lavoro"</p>
            <Suspense fallback=|| view! { <p role="status">"Caricamento dell'offerta…"</p> }>
                {move || vacancy.get().map(|r| match r {
                    Err(e) => view! { <h1>"Offerta non disponibile"</h1><p role="alert">{e}</p> }.into_any(),
                    Ok(v) => {
                        let contract = CONTRACTS.iter().find(|(c, _)| *c == v.contract).map_or(v.contract.clone(), |(_, l)| l.to_string());
                        view! {
                            <h1>{v.title.clone()}</h1>
                            <p class="lead">{v.cpi_name.clone()}</p>
                            <dl class="facts">
                                <dt>"Comune"</dt><dd>{v.municipality.clone()}</dd>
                                <dt>"Contratto"</dt><dd>{contract}</dd>
                                <dt>"Orario"</dt><dd>{if v.working_time == "part" { "Part-time" } else { "Tempo pieno" }}</dd>
                                <dt>"Professione (CP2021)"</dt><dd>{v.profession.clone()}</dd>
                                <dt>"Pubblicata il"</dt><dd>{it_date(&v.published_on)}</dd>
                                <dt>"Riferimento"</dt><dd data-testid="vacancy-reference">{v.id.clone()}</dd>
                            </dl>
                            <h2>"Descrizione"</h2><p>{v.description.clone()}</p>
                            <h2>"Requisiti"</h2><p>{v.requirements.clone()}</p>
                            <h2>"Come candidarsi"</h2><p>{v.how_to_apply.clone()}</p>
                        }.into_any()
                    }
                })}
            </Suspense>
        </main>
    }
}
