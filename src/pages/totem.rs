//! The totem for citizens: the CPI's home and its Carta dei servizi.

use crate::components::board::BoardView;
use crate::components::citizen::{IdleGuard, QrCode};
use crate::components::enroll::EnrollForm;
use crate::components::{DurationTable, LegalRefs, SyncBadge};
use crate::i18n::{I18n, LanguageSwitch};
use crate::io::browser;
use crate::io::devices::{self, DeviceKind, Holder};
use crate::io::sync::{self, SyncHandle};
use crate::io::{declarations, settings};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;
use leptos_router::hooks::use_params_map;
use sportello_core::booking;
use sportello_core::catalogue::{catalogue, Area, Service};
use sportello_core::cpi::{cpi_by_slug, Cpi};
use sportello_core::docs::board::Board;
use sportello_core::docs::outbox::DidDeclaration;
use sportello_core::queue::TotemCode;
use sportello_core::sync::ids::DocumentId;

/// The live link of an enrolled totem: its sync engine and its CPI's board.
#[derive(Clone, Copy)]
pub(crate) struct TotemLink {
    pub(crate) handle: SyncHandle,
    board: Option<DocumentId>,
    pub(crate) vacancies: Option<DocumentId>,
    /// The CPI's queue documents by day (refreshed from the relay when online).
    queue_days: RwSignal<Vec<settings::QueueDayRef>>,
    /// The letter on this totem's tickets.
    pub(crate) ticket_code: RwSignal<Option<TotemCode>>,
}

impl TotemLink {
    /// The queue document of `date`, if this totem knows it.
    pub(crate) fn queue_day(&self, date: chrono::NaiveDate) -> Option<DocumentId> {
        let date = date.to_string();
        self.queue_days.with(|days| days.iter().find(|d| d.date == date).and_then(|d| DocumentId::parse(&d.url).ok()))
    }
}

/// Starts syncing if this device is enrolled as a totem of `cpi`.
fn link_for(cpi: &Cpi) -> Option<TotemLink> {
    let device = settings::totem_device().filter(|d| d.principal.cpi() == cpi.slug)?;
    let board = device.board.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let vacancies = device.vacancies.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let today = chrono::Local::now().date_naive();
    let follow = board.into_iter().chain(vacancies).chain(device.current_queue_days(today)).collect();
    let handle = sync::start(&device.token, follow);
    let queue_days = RwSignal::new(device.queue_days.clone());
    let ticket_code = RwSignal::new(device.ticket_code.as_deref().and_then(|c| c.parse::<TotemCode>().ok()));
    // Declarations handed to the CPI leave the totem as soon as the relay holds them.
    Effect::new(move |_| {
        handle.status.track();
        declarations::forget_handed_over();
    });
    // Learn what changed since the last start: the queue days roll forward, and totems
    // enrolled before the vacancies or the queue learn those documents and their letter.
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(stored) =
            devices::refresh_documents(Holder::Device(DeviceKind::Totem), &device, chrono::Local::now().date_naive())
                .await
        else {
            return;
        };
        queue_days.set(stored.queue_days.clone());
        ticket_code.set(stored.ticket_code.as_deref().and_then(|c| c.parse::<TotemCode>().ok()));
    });
    Some(TotemLink { handle, board, vacancies, queue_days, ticket_code })
}

/// The way back to the totem's start screen, first on every citizen screen.
#[component]
pub(crate) fn BackToStart(cpi: &'static Cpi) -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <nav class="crumbs no-print" aria-label=move || i18n.t("crumbs")>
            <a class="button secondary" href=format!("/totem/{}", cpi.slug)>{move || i18n.t("charter-back")}</a>
        </nav>
    }
}

/// The CPI named by the `:cpi` segment of the route, if it is configured.
pub(crate) fn current_cpi() -> Memo<Option<&'static Cpi>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("cpi").and_then(|slug| cpi_by_slug(&slug)))
}

fn area_from_param(letter: &str) -> Option<Area> {
    let mut chars = letter.chars();
    let c = chars.next()?.to_ascii_uppercase();
    chars.next().is_none().then_some(())?;
    Area::ALL.into_iter().find(|a| a.letter() == c)
}

/// What a citizen changes on a totem for their own use, all reset when their session ends
/// ("Fine", or the idle guard).
#[derive(Clone, Copy)]
pub(crate) struct KioskSession {
    pub(crate) large_text: RwSignal<bool>,
    pub(crate) high_contrast: RwSignal<bool>,
    pub(crate) reachable: RwSignal<bool>,
    /// A screen's own clean-up (ending a citizen's session on the relay); it reloads the start.
    pub(crate) on_end: RwSignal<Option<Callback<()>>>,
}

impl KioskSession {
    fn new() -> Self {
        KioskSession {
            large_text: RwSignal::new(false),
            high_contrast: RwSignal::new(false),
            reachable: RwSignal::new(false),
            on_end: RwSignal::new(None),
        }
    }

    /// Ends the citizen's session: the screen's clean-up, then a full load of the start screen,
    /// which drops the language, the modes and anything typed. Nothing of the session is kept
    /// in the browser's storage; sessionStorage is cleared in case a library used it.
    fn end(self, cpi: &Cpi) {
        browser::clear_session_storage();
        match self.on_end.get_untracked() {
            Some(clean_up) => clean_up.run(()),
            None => browser::go_to(&format!("/totem/{}", cpi.slug)),
        }
    }

    fn modes_changed(self) -> bool {
        self.large_text.get() || self.high_contrast.get() || self.reachable.get()
    }
}

/// Large text and high contrast apply to the whole page (`<html>`), as the browser zooms.
fn apply_page_modes(kiosk: KioskSession) {
    Effect::new(move |_| {
        let (large, contrast) = (kiosk.large_text.get(), kiosk.high_contrast.get());
        browser::set_page_class("large-text", large);
        browser::set_page_class("high-contrast", contrast);
    });
    on_cleanup(|| {
        browser::set_page_class("large-text", false);
        browser::set_page_class("high-contrast", false);
    });
}

#[component]
fn AccessibilityModes(kiosk: KioskSession) -> impl IntoView {
    let i18n = I18n::get();
    let toggle = move |label: &'static str, signal: RwSignal<bool>| {
        view! {
            <button type="button" class="mode-toggle" aria-pressed=move || signal.get().to_string()
                on:click=move |_| signal.update(|v| *v = !*v)>{move || i18n.t(label)}</button>
        }
    };
    view! {
        <div class="modes" role="group" aria-label=move || i18n.t("a11y-label")>
            {toggle("a11y-large-text", kiosk.large_text)}
            {toggle("a11y-contrast", kiosk.high_contrast)}
            {toggle("a11y-reachable", kiosk.reachable)}
        </div>
    }
}

/// Frame of every totem screen: the CPI's name, the language and accessibility switches,
/// "Fine", the idle guard, and the screen itself.
#[component]
pub fn TotemLayout() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let kiosk = KioskSession::new();
    provide_context(kiosk);
    apply_page_modes(kiosk);
    let location = use_location();
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
            let idle_seconds = Memo::new(move |_| {
                link.and_then(|l| l.board.and_then(|id| l.handle.read::<Board>(id)))
                    .map_or(sportello_core::docs::board::DEFAULT_KIOSK_IDLE_SECONDS, |b| b.kiosk_idle_seconds())
            });
            // A session is under way once the citizen leaves the start screen or changes it.
            let start = format!("/totem/{}", cpi.slug);
            let in_session = Memo::new(move |_| {
                location.pathname.get().trim_end_matches('/') != start || kiosk.modes_changed() || i18n.code() != "it"
            });
            view! {
                <div class="totem" class:reachable=move || kiosk.reachable.get()>
                    {move || in_session.get().then(|| {
                        let idle = std::time::Duration::from_secs(idle_seconds.get());
                        view! { <IdleGuard idle warning=std::time::Duration::from_secs(20) on_timeout=Callback::new(move |()| kiosk.end(cpi)) /> }
                    })}
                    <header class="totem-bar">
                        <a class="totem-brand" href=format!("/totem/{}", cpi.slug)>
                            <span class="eyebrow">{move || i18n.t("brand")}</span>
                            <span class="totem-cpi">{move || i18n.t_with("cpi-full-name", &[("name", cpi.name.clone().into())])}</span>
                        </a>
                        <LanguageSwitch />
                        <AccessibilityModes kiosk />
                        <button type="button" class="button secondary done-button" on:click=move |_| kiosk.end(cpi)>
                            {move || i18n.t("session-end")}
                        </button>
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
                            <p>
                                {move || i18n.t("cpi-phone")} " " <a href=format!("tel:{}", cpi.phone.replace(' ', ""))>{cpi.phone.clone()}</a>
                            </p>
                            <p>{move || i18n.t("cpi-email")} " " <a href=format!("mailto:{}", cpi.email)>{cpi.email.clone()}</a></p>
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
    move || cpi.get().map(|cpi| view! { <EnrollForm cpi kind=DeviceKind::Totem /> })
}

/// A4 at the totem: a citizen not yet registered declares immediate availability and books
/// the orientation interview (B1) within its two-month limit. The declaration goes into the
/// totem's outbox — a document of its own, which stays on the totem only until the relay
/// holds it — so it works offline; an operator confirms it. The form clears itself when
/// the citizen is done or walks away.
#[component]
pub fn DeclarationPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let [cf, surname, name, phone, email] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    // The validated declaration waiting for a slot, then the receipt.
    let pending = RwSignal::new(None::<DidDeclaration>);
    let receipt = RwSignal::new(None::<(String, String)>);
    let today = chrono::Local::now().date_naive();

    let validate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if link.is_none() {
            return error.set(Some(i18n.t("did-unavailable")));
        }
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
        pending.set(Some(DidDeclaration {
            codice_fiscale: code.as_str().into(),
            surname: surname_v.into(),
            name: name_v.into(),
            phone: phone_v.into(),
            email: email.get_untracked().trim().into(),
            declared_on: today.to_string().into(),
            interview_slot: "".into(),
        }));
    };
    let slots = Memo::new(move |_| {
        let cpi = cpi.get()?;
        let board = link.and_then(|l| l.board.and_then(|id| l.handle.read::<Board>(id)));
        let rows = booking::opening_hours(board.as_ref(), cpi);
        let taken = board.map(|b| b.booked()).unwrap_or_default();
        let cal = sportello_core::calendar::WorkingCalendar::around(&cpi.slug, today);
        Some(booking::interview_slots(today, today, &booking::parse_opening_hours(&rows), &cal, &taken, 12))
    });
    let submit = move |slot: Option<booking::Slot>| {
        let (Some(cpi), Some(device), Some(mut did)) =
            (cpi.get_untracked(), settings::totem_device(), pending.get_untracked())
        else {
            return;
        };
        if let Some(slot) = slot {
            did.book(slot);
        }
        let device_name = match &device.principal {
            sportello_core::access::Principal::Totem { device, .. } => device.clone(),
            _ => String::new(),
        };
        let id = declarations::hand_over_did(&cpi.slug, &device_name, did);
        for field in [cf, surname, name, phone, email] {
            field.set(String::new());
        }
        pending.set(None);
        let when = slot.map(booking::Slot::date_time_text).unwrap_or_default();
        receipt.set(Some((id.chars().take(8).collect(), when)));
    };
    let delivered = move || link.is_some_and(|l| l.handle.status.with(|s| s.pending == 0 && s.online));
    move || {
        let cpi = cpi.get()?;
        Some(view! {
            <BackToStart cpi />
            <h1>{move || i18n.t("did-title")}</h1>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match (receipt.get(), pending.get().is_some()) {
                (Some((reference, when)), _) => {
                    let cpi_name = cpi.full_name_it();
                    let qr = format!("Sportello · DID {} · {} · {} · rif. {reference}", today.format("%d/%m/%Y"), if when.is_empty() { "-".to_string() } else { when.clone() }, cpi_name);
                    view! {
                        <article class="certificate-sheet receipt" role="status">
                            <p>{move || i18n.t("did-done")}</p>
                            <p data-testid="booked-slot">{if when.is_empty() { i18n.t("did-receipt-none") } else { i18n.t_with("did-receipt-slot", &[("when", when.clone().into())]) }}</p>
                            <p>{i18n.t_with("did-receipt-ref", &[("reference", reference.clone().into())])}</p>
                            <p>{cpi_name.clone()} " · " {cpi.address.clone()}</p>
                            <QrCode text=qr label=i18n.t("did-receipt-qr") />
                            <p class="no-print">{move || i18n.t(if delivered() { "did-sent" } else { "did-queued" })}</p>
                        </article>
                        <div class="citizen-actions no-print">
                            <button type="button" class="button" on:click=move |_| browser::print()>{move || i18n.t("did-print")}</button>
                        </div>
                    }.into_any()
                }
                (None, true) => {
                    view! {
                        <h2>{move || i18n.t("did-slot-title")}</h2>
                        <p class="lead">{move || i18n.t("did-slot-lead")}</p>
                        <ul class="tiles slots">
                            {slots.get().unwrap_or_default().into_iter().map(|slot| {
                                view! { <li><button type="button" class="tile slot-tile" on:click=move |_| submit(Some(slot))>
                                    {slot.start().format("%d/%m/%Y · %H:%M").to_string()}
                                </button></li> }
                            }).collect_view()}
                        </ul>
                        <button type="button" class="button secondary" on:click=move |_| submit(None)>{move || i18n.t("did-slot-skip")}</button>
                    }.into_any()
                }
                (None, false) => view! {
                    <p class="lead">{move || i18n.t("did-lead")}</p>
                    <form class="form" on:submit=validate>
                        <label>{move || i18n.t("did-cf")}
                            <input type="text" name="codice_fiscale" autocomplete="off" maxlength="20"
                                prop:value=move || cf.get() on:input=move |ev| cf.set(event_target_value(&ev).to_uppercase()) />
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
                        <button type="submit" class="button">{move || i18n.t("did-submit")}</button>
                    </form>
                }.into_any(),
            }}
        })
    }
}
