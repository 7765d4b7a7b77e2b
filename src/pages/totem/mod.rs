//! The totem for citizens: the layout every citizen screen shares (language, accessibility
//! modes, "Fine" and the idle guard) and the link to the CPI's documents; one file per screen.

mod charter;
mod declaration;
mod enroll;
mod home;

pub use charter::{AreaPage, ServicePage};
pub use declaration::DeclarationPage;
pub use enroll::EnrollPage;
pub use home::TotemHome;

use crate::components::citizen::IdleGuard;
use crate::components::keyboard::{KeyboardHost, OnScreenKeyboard};
use crate::components::SyncBadge;
use crate::i18n::{I18n, LanguageSwitch};
use crate::io::browser;
use crate::io::devices::{self, DeviceKind, Holder};
use crate::io::sync::{self, SyncHandle};
use crate::io::{declarations, settings};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;
use leptos_router::hooks::use_params_map;
use sportello_core::cpi::{cpi_by_slug, Cpi};
use sportello_core::docs::board::Board;
use sportello_core::queue::TotemCode;
use sportello_core::sync::ids::DocumentId;

/// The live link of an enrolled totem: its sync engine and its CPI's board.
#[derive(Clone, Copy)]
pub(crate) struct TotemLink {
    pub(crate) handle: SyncHandle,
    board: Option<DocumentId>,
    pub(crate) vacancies: Option<DocumentId>,
    /// The CPI's agenda of B1 interviews (learnt at a refresh by totems enrolled before it).
    pub(crate) agenda: RwSignal<Option<DocumentId>>,
    /// The CPI's queue documents by day (refreshed from the relay when online).
    queue_days: RwSignal<Vec<settings::QueueDayRef>>,
    /// The letter on this totem's tickets.
    pub(crate) ticket_code: RwSignal<Option<TotemCode>>,
}

impl TotemLink {
    /// The CPI's board, if this totem has it.
    pub(crate) fn board(&self) -> Option<Board> {
        self.board.and_then(|id| self.handle.read::<Board>(id))
    }

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
    let agenda_id = device.agenda.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let follow = board.into_iter().chain(vacancies).chain(agenda_id).chain(device.current_queue_days(today)).collect();
    let handle = sync::start(&device.token, follow);
    let queue_days = RwSignal::new(device.queue_days.clone());
    let ticket_code = RwSignal::new(device.ticket_code.as_deref().and_then(|c| c.parse::<TotemCode>().ok()));
    let agenda = RwSignal::new(agenda_id);
    // Declarations handed to the CPI leave the totem as soon as the relay holds them; those it
    // refused as soon as no citizen they belong to is at the totem (e.g. restored at a start).
    Effect::new(move |_| {
        handle.status.track();
        declarations::forget_handed_over();
        wasm_bindgen_futures::spawn_local(declarations::drop_refused(true));
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
        agenda.set(stored.agenda.as_deref().and_then(|u| DocumentId::parse(u).ok()));
    });
    Some(TotemLink { handle, board, vacancies, agenda, queue_days, ticket_code })
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
    fn end(self, cpi: &'static Cpi) {
        browser::clear_session_storage();
        let clean_up = self.on_end.get_untracked();
        // A declaration of this citizen that the relay refused leaves the totem first (they
        // were told to go to the desk), then the start screen is loaded.
        wasm_bindgen_futures::spawn_local(async move {
            declarations::drop_refused(false).await;
            match clean_up {
                Some(clean_up) => clean_up.run(()),
                None => browser::go_to(&format!("/totem/{}", cpi.slug)),
            }
        });
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
    // One on-screen keyboard for every text field of every citizen screen; it leaves with
    // the screen of its field.
    let keyboard = KeyboardHost::provide();
    Effect::watch(move || location.pathname.get(), move |_, _, _| keyboard.forget_removed(), false);
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
                <div class="totem" class:reachable=move || kiosk.reachable.get()
                    on:focusin=move |ev| keyboard.focus_in(&ev) on:click=move |_| keyboard.after_click()>
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
                        <OnScreenKeyboard />
                    </main>
                    <footer class="totem-footer">
                        {match link {
                            Some(link) => view! {
                                <SyncBadge handle=link.handle />
                                {move || link.handle.status.with(|s| s.credentials_rejected).then(|| view! {
                                    <p class="banner totem-revoked" role="alert">{move || i18n.t("totem-revoked")}</p>
                                })}
                            }.into_any(),
                            // Activation is the staff's, at /totem/<cpi>/attiva: nothing on the
                            // citizen's path leads there.
                            None => view! {
                                <p class="banner totem-inactive" role="status">{move || i18n.t("totem-inactive")}</p>
                            }.into_any(),
                        }}
                    </footer>
                </div>
            }
            .into_any()
        }
    }
}
