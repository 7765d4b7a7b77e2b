//! The operators' workspace under `/operatore`: sign in, then the worklist of deadlines,
//! people and their dossiers, the CPI's public board and totems, and (for the head) the
//! audit log. Works offline after a first sign-in: the session and the documents stay on
//! the device until logout.

mod account;
mod agenda;
mod audit;
mod board;
mod campaign;
mod companies;
mod declaration;
#[path = "devices.rs"]
mod device_list;
mod dossier;
mod lock;
mod people;
mod queue;
mod users;
mod vacancies;
mod visits;
mod worklist;

pub use account::AccountPage;
pub use agenda::AgendaPage;
pub use audit::AuditPage;
pub use board::BoardPage;
pub use campaign::CampaignPage;
pub use companies::{CompaniesPage, CompanyPage, NewCompanyPage};
pub use declaration::DeclarationPage;
pub use device_list::DevicesPage;
pub use dossier::DossierPage;
pub use people::{NewPersonPage, PeoplePage};
pub use queue::QueueConsolePage;
pub use users::UsersPage;
pub use vacancies::VacanciesPage;
pub use visits::{ConvenzionePage, VisitPlanPage};
pub use worklist::WorklistPage;

use crate::components::SyncBadge;
use crate::io::api;
use crate::io::browser;
use crate::io::devices::{self, parse_ids, Holder};
use crate::io::dossiers::{self, Author};
use crate::io::on_screen;
use crate::io::settings::{self, Credentials};
use crate::io::sync::{self, SyncHandle};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use sportello_core::access::{Principal, Role};
use sportello_core::calendar::WorkingCalendar;
use sportello_core::catalogue;
use sportello_core::cpi::cpi_by_slug;
use sportello_core::sync::ids::DocumentId;

/// What every workspace screen needs: who is working, the sync engine and the CPI's
/// documents.
#[derive(Clone)]
pub struct Desk {
    pub token: String,
    pub username: String,
    pub name: String,
    pub cpi: String,
    pub role: Role,
    pub handle: SyncHandle,
    pub board: Option<DocumentId>,
    pub index: Option<DocumentId>,
    pub vacancies: Option<DocumentId>,
    /// The CPI's company index (operators only; `None` before the relay named it).
    pub company_index: Option<DocumentId>,
    /// The CPI's agenda of B1 interviews (`None` before the relay named it).
    pub agenda: Option<DocumentId>,
    pub outboxes: RwSignal<Vec<DocumentId>>,
}

impl Desk {
    pub fn get() -> Desk {
        expect_context::<Desk>()
    }

    pub fn author(&self) -> Author {
        Author { username: self.username.clone(), name: self.name.clone() }
    }

    /// Who this desk is in the audit log (`operator:<username>@<cpi>`).
    pub fn label(&self) -> String {
        self.principal().label()
    }

    /// Whether this desk may read the CPI's audit log (the relay checks the same rule).
    pub fn may_read_audit_log(&self) -> bool {
        sportello_core::access::may_read_audit_log(&self.principal())
    }

    fn principal(&self) -> sportello_core::access::Principal {
        sportello_core::access::Principal::Operator {
            username: self.username.clone(),
            name: self.name.clone(),
            cpi: self.cpi.clone(),
            role: self.role,
        }
    }

    /// The CPI's working-day calendar around today.
    pub fn calendar(&self) -> WorkingCalendar {
        WorkingCalendar::around(&self.cpi, today())
    }
}

/// Marks the record a screen shows (`id`, which may change under it) as on screen until the
/// screen goes, so a tablet never lets go of it (`on_screen::release_unkept`). Held from the
/// first render, before any effect runs.
pub fn hold_on_screen(id: Memo<Option<DocumentId>>) {
    let held = StoredValue::new_local(id.get_untracked().map(|doc| on_screen::show(vec![doc])));
    Effect::new(move |_| {
        let current = id.get();
        held.update_value(|h| {
            if h.as_ref().map(on_screen::Shown::ids) != current.as_ref().map(std::slice::from_ref) {
                *h = current.map(|doc| on_screen::show(vec![doc]));
            }
        });
    });
    on_cleanup(move || held.update_value(|h| drop(h.take())));
}

/// How often a tablet lets go of the records it does not keep.
const RELEASE_CHECK_MS: u32 = 3_000;

/// Today on this device's clock.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub use sportello_core::calendar::italian_date as format_date;

#[component]
pub fn OperatorLayout() -> impl IntoView {
    let session = RwSignal::new(settings::operator_session());
    let workspace = move || match session.get() {
        None => view! { <LoginForm session /> }.into_any(),
        Some(credentials) => view! { <FirstPassword credentials session /> }.into_any(),
    };
    // On a tablet: the PIN, the idle lock and the wipe (`lock`); elsewhere the workspace.
    view! { <lock::TabletGuard session>{workspace}</lock::TabletGuard> }
}

/// An account signed in with a one-time code chooses its password before the workspace (and
/// its sync) starts; the relay refuses it everything else meanwhile.
#[component]
fn FirstPassword(credentials: Credentials, session: RwSignal<Option<Credentials>>) -> impl IntoView {
    let pending = RwSignal::new(None::<bool>);
    let token = credentials.token.clone();
    wasm_bindgen_futures::spawn_local(async move { pending.set(Some(password_pending(&token).await)) });
    let (token, by) = (credentials.token.clone(), credentials.principal.label());
    let leave = move |_| {
        devices::log_out(token.clone(), by.clone());
        session.set(None);
    };
    move || {
        match pending.get() {
        None => view! { <main class="page narrow"><p role="status">"Caricamento…"</p></main> }.into_any(),
        Some(true) => view! {
            <main class="page narrow">
                <p class="eyebrow">"Sportello · Area operatori"</p>
                <section class="editor" aria-labelledby="first-password-title">
                    <h1 id="first-password-title">"Scegli la tua password"</h1>
                    <p>"Hai effettuato l'accesso con un codice monouso. Prima di continuare scegli una password personale: come password attuale inserisci il codice."</p>
                    <account::ChangePasswordForm token=credentials.token.clone() on_done=move |()| pending.set(Some(false)) />
                </section>
                <button type="button" class="button secondary" on:click=leave.clone()>"Esci"</button>
            </main>
        }
        .into_any(),
        Some(false) => view! { <Workspace credentials=credentials.clone() session /> }.into_any(),
    }
    }
}

/// Whether the relay says the account must set its password first. `false` when it does not
/// answer within a few seconds: offline the workspace works on what the device holds, and the
/// relay still refuses a pending account's API calls and sync.
async fn password_pending(token: &str) -> bool {
    let asked = Box::pin(crate::io::admin::own_account(token));
    let timeout = Box::pin(gloo_timers::future::TimeoutFuture::new(4_000));
    match futures::future::select(asked, timeout).await {
        futures::future::Either::Left((Ok(account), _)) => account.must_change_password,
        _ => false,
    }
}

#[component]
fn LoginForm(session: RwSignal<Option<Credentials>>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let login = Action::new_local(move |(user, secret): &(String, String)| {
        let (user, secret) = (user.clone(), secret.clone());
        async move {
            let result = devices::log_in(&user, &secret).await;
            if let Ok(credentials) = &result {
                session.set(Some(credentials.clone()));
            }
            result.map(|_| ())
        }
    });
    let error = move || {
        if missing.get() {
            return Some("Inserisci nome utente e password.".to_string());
        }
        login.value().get().and_then(Result::err)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, secret) = (username.get_untracked(), password.get_untracked());
        missing.set(user.trim().is_empty() || secret.is_empty());
        if !missing.get_untracked() {
            login.dispatch((user, secret));
        }
    };
    view! {
        <main class="page narrow">
            <p class="eyebrow">"Sportello · Area operatori"</p>
            <h1>"Accesso operatori"</h1>
            <form class="form" on:submit=submit>
                <label>"Nome utente"
                    <input type="text" name="username" autocomplete="username" required
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
                </label>
                <label>"Password"
                    <input type="password" name="password" autocomplete="current-password" required
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || login.pending().get()>"Accedi"</button>
            </form>
        </main>
    }
}

#[component]
fn Workspace(credentials: Credentials, session: RwSignal<Option<Credentials>>) -> impl IntoView {
    let board = credentials.board.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let index = credentials.index.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let vacancies = credentials.vacancies.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let company_index = credentials.company_index.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let agenda = credentials.agenda.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let outbox_ids = parse_ids(&credentials.outboxes);
    let pinned = parse_ids(&settings::pinned());
    let follow: Vec<DocumentId> = board
        .into_iter()
        .chain(index)
        .chain(vacancies)
        .chain(company_index)
        .chain(agenda)
        .chain(outbox_ids.iter().copied())
        .chain(pinned)
        .chain(credentials.current_queue_days(today()))
        .collect();
    let handle = sync::start(&credentials.token, follow);
    let (username, name, cpi, role) = match &credentials.principal {
        Principal::Operator { username, name, cpi, role } => (username.clone(), name.clone(), cpi.clone(), *role),
        Principal::Totem { cpi, .. } | Principal::Display { cpi, .. } | Principal::Tablet { cpi, .. } => {
            (String::new(), String::from("Totem"), cpi.clone(), Role::Operator)
        }
    };
    let desk = Desk {
        token: credentials.token.clone(),
        username,
        name: name.clone(),
        cpi: cpi.clone(),
        role,
        handle,
        board,
        index,
        vacancies,
        company_index,
        agenda,
        outboxes: RwSignal::new(outbox_ids),
    };
    provide_context(desk.clone());
    refresh_documents(desk.clone(), credentials.clone());
    // Keep the certificate-signing keys on the desk, so /verifica works here offline too.
    wasm_bindgen_futures::spawn_local(async {
        if let Ok(keys) = api::public_keys().await {
            settings::set_public_keys(&keys);
        }
    });
    // Totems enrolled meanwhile bring new outboxes; look again every half minute.
    let (refresh_desk, refresh_credentials) = (desk.clone(), credentials.clone());
    let refresher = gloo_timers::callback::Interval::new(30_000, move || {
        if refresh_desk.handle.status.with_untracked(|s| s.online) {
            refresh_documents(refresh_desk.clone(), refresh_credentials.clone());
        }
    });
    let refresher = StoredValue::new_local(Some(refresher));
    on_cleanup(move || refresher.update_value(|r| drop(r.take())));
    // A tablet keeps exactly its visit plan (and pinned records): whatever else was opened
    // leaves once the officer has moved on and the relay has all of it.
    if devices::encrypts_at_rest() {
        let by = desk.label();
        let keeper = gloo_timers::callback::Interval::new(RELEASE_CHECK_MS, move || on_screen::release_unkept(&by));
        let keeper = StoredValue::new_local(Some(keeper));
        on_cleanup(move || keeper.update_value(|k| drop(k.take())));
    }
    // Opens recorded offline go to the audit log as soon as the relay answers.
    // Those of this operator's earlier sessions on this device too (a logout offline).
    let (token_for_flush, by) = (credentials.token.clone(), credentials.principal.label());
    let online = Memo::new(move |_| handle.status.with(|s| s.online));
    Effect::new(move |_| {
        if online.get() {
            dossiers::flush_opens(token_for_flush.clone(), by.clone());
        }
    });

    let cpi_name = cpi_by_slug(&cpi).map(|c| c.full_name_it()).unwrap_or_else(|| cpi.clone());
    let (token, by) = (credentials.token.clone(), credentials.principal.label());
    let logout = move |_| {
        let pending = handle.status.with_untracked(|s| s.pending);
        if pending > 0 {
            let question = format!(
                "Ci sono {pending} modifiche non ancora arrivate al server: se esci ora andranno perse. Uscire comunque?"
            );
            if !browser::confirm(&question) {
                return;
            }
        }
        devices::log_out(token.clone(), by.clone());
        session.set(None);
    };
    let principal = desk.principal();
    let manages_accounts = !sportello_core::access::manageable_roles(&principal).is_empty();
    let manages_devices = sportello_core::access::may_manage_devices(&principal, &cpi);
    let sign_in_again = move |_| {
        devices::sign_in_again();
        session.set(None);
    };
    view! {
        <div class="workspace">
            <header class="workspace-bar">
                <div>
                    <span class="eyebrow">"Sportello · Area operatori"</span>
                    <span class="workspace-title">{cpi_name}</span>
                    <span class="workspace-user">
                        {format!("{name} · {}", if role == Role::Head { "Responsabile" } else { "Operatore" })}
                    </span>
                </div>
                <SyncBadge handle />
                <button type="button" class="button secondary" on:click=logout>"Esci"</button>
            </header>
            <nav class="workspace-nav" aria-label="Sezioni dell'area operatori">
                <A href="/operatore" exact=true>"Scadenze"</A>
                <A href="/operatore/persone">"Persone"</A>
                <A href="/operatore/agenda">"Agenda colloqui"</A>
                <A href="/operatore/imprese">"Imprese"</A>
                <A href="/operatore/campagna">"Campagna"</A>
                <A href="/operatore/coda">"Coda"</A>
                <A href="/operatore/offerte">"Offerte"</A>
                <A href="/operatore/visite">"Visite"</A>
                <A href="/operatore/bacheca">"Bacheca e totem"</A>
                {(role == Role::Head).then(|| view! { <A href="/operatore/registro">"Registro accessi"</A> })}
                {manages_accounts.then(|| view! { <A href="/operatore/utenti">"Utenti"</A> })}
                {manages_devices.then(|| view! { <A href="/operatore/dispositivi">"Dispositivi"</A> })}
                <A href="/operatore/account">"Il mio account"</A>
            </nav>
            <main class="workspace-main">
                {move || handle.status.with(|s| s.credentials_rejected).then(|| view! {
                    <div class="banner" role="alert">
                        <p>"La sessione è scaduta. Accedi di nuovo: le modifiche non ancora inviate restano su questo dispositivo e partiranno dopo l'accesso."</p>
                        <button type="button" class="button" on:click=sign_in_again>"Accedi di nuovo"</button>
                    </div>
                })}
                <Outlet />
            </main>
        </div>
    }
}

/// Learns the CPI's documents as they are now (a totem enrolled since the sign-in brings a
/// new outbox) and shows the new outboxes.
fn refresh_documents(desk: Desk, credentials: Credentials) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(updated) = devices::refresh_documents(Holder::Operator, &credentials, today()).await {
            desk.outboxes.set(parse_ids(&updated.outboxes));
        }
    });
}

/// One delivered service in a services table (a dossier's or a company's): its code and
/// name, date, operator, actual minutes (marked when over the standard, by
/// `catalogue::over_standard`), the standard as `standard_text`, and the table's extra cells.
#[component]
pub fn ServiceRow(
    code: String,
    date: String,
    operator: String,
    minutes: u64,
    standard: Option<u32>,
    standard_text: String,
    #[prop(optional)] extra: Option<&'static str>,
) -> impl IntoView {
    let name = catalogue::catalogue().get(&code).map(|c| c.name_it.clone()).unwrap_or_default();
    let over = catalogue::over_standard(minutes, standard);
    view! {
        <tr class="service-row">
            <td>{format!("{code} {name}")}</td>
            <td>{date}</td>
            <td>{operator}</td>
            <td class=if over { "over-standard" } else { "" }>{minutes}</td>
            <td>{standard_text}</td>
            {extra.map(|cell| view! { <td>{cell}</td> })}
        </tr>
    }
}

/// A named section of a screen with its heading, for consistent landmarks.
#[component]
pub fn Section(#[prop(into)] title: String, #[prop(into)] id: String, children: Children) -> impl IntoView {
    let heading_id = format!("{id}-title");
    let labelled_by = heading_id.clone();
    view! {
        <section class="editor" id=id aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            {children()}
        </section>
    }
}
