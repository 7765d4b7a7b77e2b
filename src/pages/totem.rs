//! The totem for citizens: the CPI's home and its Carta dei servizi.

use crate::components::board::BoardView;
use crate::components::{DurationTable, LegalRefs, SyncBadge};
use crate::i18n::{I18n, LanguageSwitch};
use crate::io::settings;
use crate::io::sync::{self, SyncHandle};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;
use sportello_core::catalogue::{catalogue, Area, Service};
use sportello_core::cpi::{cpi_by_slug, Cpi};
use sportello_core::docs::board::Board;
use sportello_core::docs::outbox::{DidDeclaration, Outbox, OutboxItem, DID_KIND};
use sportello_core::sync::ids::DocumentId;

/// The live link of an enrolled totem: its sync engine and its CPI's board.
#[derive(Clone, Copy)]
struct TotemLink {
    handle: SyncHandle,
    board: Option<DocumentId>,
}

/// Starts syncing if this device is enrolled as a totem of `cpi`.
fn link_for(cpi: &Cpi) -> Option<TotemLink> {
    let mut device = settings::totem_device().filter(|d| d.principal.cpi() == cpi.slug)?;
    let board = device.board.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let handle = sync::start(&device.token, board.into_iter().collect());
    if device.outbox.is_none() {
        // The totem's outbox is born on the device, so it works offline from the start.
        let id = sync::new_document_id();
        let device_name = match &device.principal {
            sportello_core::access::Principal::Totem { device, .. } => device.clone(),
            _ => String::new(),
        };
        let created = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        sync::create(id, &sportello_core::docs::outbox::Outbox::new(&cpi.slug, &device_name, &created));
        device.outbox = Some(id.url());
        settings::set_totem_device(&device);
    }
    Some(TotemLink { handle, board })
}

/// The CPI named by the `:cpi` segment of the route, if it is configured.
fn current_cpi() -> Memo<Option<&'static Cpi>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("cpi").and_then(|slug| cpi_by_slug(&slug)))
}

fn area_from_param(letter: &str) -> Option<Area> {
    let mut chars = letter.chars();
    let c = chars.next()?.to_ascii_uppercase();
    chars.next().is_none().then_some(())?;
    Area::ALL.into_iter().find(|a| a.letter() == c)
}

/// Frame of every totem screen: the CPI's name, a way home, and the screen itself.
#[component]
pub fn TotemLayout() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    move || match cpi.get() {
        None => view! {
            <main class="page narrow">
                <LanguageSwitch />
                <h1>{move || i18n.t("totem-unknown-title")}</h1>
                <p>{move || i18n.t("totem-unknown-body")}</p>
                <a class="button" href="/">{move || i18n.t("home-list")}</a>
            </main>
        }
        .into_any(),
        Some(cpi) => {
            let link = link_for(cpi);
            provide_context(link);
            view! {
                <div class="totem">
                    <header class="totem-bar">
                        <a class="totem-brand" href=format!("/totem/{}", cpi.slug)>
                            <span class="eyebrow">{move || i18n.t("brand")}</span>
                            <span class="totem-cpi">{move || i18n.t_with("cpi-full-name", &[("name", cpi.name.clone().into())])}</span>
                        </a>
                        <LanguageSwitch />
                    </header>
                    <main class="totem-main">
                        <Outlet />
                    </main>
                    <footer class="totem-footer">
                        {match link {
                            Some(link) => view! { <SyncBadge handle=link.handle /> }.into_any(),
                            None => view! {
                                <a class="button secondary" href=format!("/totem/{}/attiva", cpi.slug)>{move || i18n.t("totem-activate")}</a>
                            }.into_any(),
                        }}
                    </footer>
                </div>
            }
            .into_any()
        }
    }
}

/// The kiosk's start screen: who the CPI is, when it is open, and the charter by area.
#[component]
pub fn TotemHome() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let board = Memo::new(move |_| link.and_then(|l| l.board.and_then(|id| l.handle.read::<Board>(id))));
    move || {
        cpi.get().map(|cpi| {
            let hours = move || match board.get() {
                Some(b) => b.hours.into_iter().map(|h| (h.days.to_string(), h.hours.to_string())).collect::<Vec<_>>(),
                None => cpi.opening_hours.clone(),
            };
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
                            <p>
                                {move || i18n.t("cpi-phone")} " " <a href=format!("tel:{}", cpi.phone.replace(' ', ""))>{cpi.phone.clone()}</a>
                            </p>
                            <p>{move || i18n.t("cpi-email")} " " <a href=format!("mailto:{}", cpi.email)>{cpi.email.clone()}</a></p>
                        </div>
                    </div>
                </section>
                {move || board.get().map(|board| view! { <BoardView board /> })}
                {link.is_some().then(|| view! {
                    <a class="tile did-tile" href=format!("/totem/{}/disponibilita", cpi.slug)>
                        <span class="tile-title">{move || i18n.t("did-start")}</span>
                    </a>
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

fn audience_label(i18n: I18n, area: Area) -> String {
    match area.audience() {
        sportello_core::catalogue::Audience::Citizens => i18n.t("audience-citizens"),
        sportello_core::catalogue::Audience::Employers => i18n.t("audience-employers"),
    }
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
                <nav class="crumbs" aria-label=move || i18n.t("crumbs")>
                    <a class="button secondary" href=format!("/totem/{}", cpi.slug)>{move || i18n.t("charter-back")}</a>
                </nav>
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

fn service_name(i18n: I18n, s: &'static Service) -> String {
    catalogue().localized(s.code.as_str(), i18n.code()).map_or_else(|| s.name_it.to_string(), |l| l.name.to_string())
}

fn service_view(i18n: I18n, cpi: &'static Cpi, s: &'static Service) -> impl IntoView {
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

/// Enrolls this device as a totem of the CPI with a one-time code from an operator.
#[component]
pub fn EnrollPage() -> impl IntoView {
    let cpi = current_cpi();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::from("Totem"));
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(cpi) = cpi.get_untracked() else {
            return;
        };
        let digits: String = code.get_untracked().chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 8 {
            error.set(Some("Il codice di attivazione ha 8 cifre.".into()));
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match crate::io::api::enroll(&digits, &name.get_untracked()).await {
                Ok(device) if device.principal.cpi() != cpi.slug => {
                    error.set(Some(format!(
                        "Questo codice è di un altro Centro per l'Impiego ({}).",
                        device.principal.cpi()
                    )));
                }
                Ok(device) => {
                    settings::set_totem_device(&device);
                    // A full reload starts the totem's sync with its new credentials.
                    let _ = web_sys::window().map(|w| w.location().set_href(&format!("/totem/{}", cpi.slug)));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>"Attiva questo totem"</h1>
        <p class="lead">"Inserisci il codice di attivazione generato da un operatore del Centro per l'Impiego."</p>
        <form class="form" on:submit=submit>
            <label>"Codice di attivazione"
                <input type="text" inputmode="numeric" autocomplete="off" placeholder="1234-5678"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
            </label>
            <label>"Nome del totem (dove si trova)"
                <input type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button">"Attiva"</button>
        </form>
    }
}

/// A4 at the totem: a citizen not yet registered declares immediate availability. The
/// declaration goes into the totem's outbox, so it works offline; an operator confirms it.
#[component]
pub fn DeclarationPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let outbox = settings::totem_device().and_then(|d| d.outbox).and_then(|u| DocumentId::parse(&u).ok());
    let [cf, surname, name, phone, email] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(link), Some(outbox)) = (link, outbox) else {
            return error.set(Some(i18n.t("did-unavailable")));
        };
        // Checked here and never sent anywhere when wrong.
        let code = match sportello_core::codice_fiscale::parse(&cf.get_untracked()) {
            Ok(code) => code,
            Err(e) => return error.set(Some(i18n.t_with("did-cf-invalid", &[("reason", e.message_it().into())]))),
        };
        let fields = [surname, name, phone].map(|s| s.get_untracked().trim().to_string());
        if fields.iter().any(String::is_empty) {
            return error.set(Some(i18n.t("did-missing")));
        }
        error.set(None);
        let [surname_v, name_v, phone_v] = fields;
        let item = OutboxItem {
            id: sync::new_document_id().to_string().into(),
            kind: DID_KIND.into(),
            created_at: js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default().into(),
            handled_by: None,
            did: Some(DidDeclaration {
                codice_fiscale: code.as_str().into(),
                surname: surname_v.into(),
                name: name_v.into(),
                phone: phone_v.into(),
                email: email.get_untracked().trim().into(),
                declared_on: chrono::Local::now().date_naive().to_string().into(),
            }),
        };
        link.handle.change(outbox, |tx| {
            let Ok(mut doc) = sportello_core::docs::read::<Outbox>(tx) else { return };
            doc.items.push(item);
            let _ = sportello_core::docs::write(tx, &doc);
        });
        for field in [cf, surname, name, phone, email] {
            field.set(String::new());
        }
        sent.set(true);
    };
    let delivered = move || link.is_some_and(|l| l.handle.status.with(|s| s.pending == 0 && s.online));
    move || {
        let cpi = cpi.get()?;
        Some(view! {
            <nav class="crumbs" aria-label=move || i18n.t("crumbs")>
                <a class="button secondary" href=format!("/totem/{}", cpi.slug)>{move || i18n.t("charter-back")}</a>
            </nav>
            <h1>{move || i18n.t("did-title")}</h1>
            <p class="lead">{move || i18n.t("did-lead")}</p>
            {move || sent.get().then(|| view! {
                <div class="banner" role="status">
                    <p>{move || i18n.t("did-done")}</p>
                    <p>{move || i18n.t(if delivered() { "did-sent" } else { "did-queued" })}</p>
                </div>
            })}
            <form class="form" on:submit=submit>
                <label>{move || i18n.t("did-cf")}
                    <input type="text" name="codice_fiscale" autocomplete="off" maxlength="20"
                        prop:value=move || cf.get() on:input=move |ev| { cf.set(event_target_value(&ev).to_uppercase()); sent.set(false); } />
                </label>
                <label>{move || i18n.t("did-surname")}
                    <input type="text" autocomplete="off" prop:value=move || surname.get() on:input=move |ev| surname.set(event_target_value(&ev)) />
                </label>
                <label>{move || i18n.t("did-name")}
                    <input type="text" autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label>{move || i18n.t("did-phone")}
                    <input type="tel" autocomplete="off" prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev)) />
                </label>
                <label>{move || i18n.t("did-email")}
                    <input type="email" autocomplete="off" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">{move || i18n.t("did-submit")}</button>
            </form>
        })
    }
}
