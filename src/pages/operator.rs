//! The operators' workspace at `/operatore`: sign in, edit the CPI's public board, enroll
//! totems. Works offline after a first sign-in: the session and the documents stay on the
//! device until logout.

use crate::components::board::BoardEditor;
use crate::components::SyncBadge;
use crate::io::settings::{self, Credentials};
use crate::io::{api, sync};
use leptos::prelude::*;
use sportello_core::access::{Principal, Role};
use sportello_core::cpi::cpi_by_slug;
use sportello_core::sync::ids::DocumentId;

#[component]
pub fn OperatorPage() -> impl IntoView {
    let session = RwSignal::new(settings::operator_session());
    move || match session.get() {
        None => view! { <LoginForm session /> }.into_any(),
        Some(credentials) => view! { <Workspace credentials session /> }.into_any(),
    }
}

#[component]
fn LoginForm(session: RwSignal<Option<Credentials>>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if username.get_untracked().trim().is_empty() || password.get_untracked().is_empty() {
            error.set(Some("Inserisci nome utente e password.".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            match api::login(&username.get_untracked(), &password.get_untracked()).await {
                Ok(credentials) => {
                    settings::set_operator_session(&credentials);
                    session.set(Some(credentials));
                }
                Err(message) => error.set(Some(message)),
            }
            busy.set(false);
        });
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
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || busy.get()>"Accedi"</button>
            </form>
        </main>
    }
}

#[component]
fn Workspace(credentials: Credentials, session: RwSignal<Option<Credentials>>) -> impl IntoView {
    let board_id = credentials.board.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let handle = sync::start(&credentials.token, board_id.into_iter().collect());
    let (name, cpi_slug, role) = match &credentials.principal {
        Principal::Operator { name, cpi, role, .. } => (name.clone(), cpi.clone(), *role),
        Principal::Totem { cpi, .. } => (String::from("Totem"), cpi.clone(), Role::Operator),
    };
    let cpi_name = cpi_by_slug(&cpi_slug).map(|c| c.full_name_it()).unwrap_or_else(|| cpi_slug.clone());
    let token = credentials.token.clone();
    let logout = move |_| {
        let pending = handle.status.with_untracked(|s| s.pending);
        if pending > 0 {
            let question = format!(
                "Ci sono {pending} modifiche non ancora arrivate al server: se esci ora andranno perse. Uscire comunque?"
            );
            let confirmed = web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
            if !confirmed {
                return;
            }
        }
        let token = token.clone();
        settings::clear_operator_session();
        session.set(None);
        // Nothing of the CPI stays on a shared desk computer after logout.
        wasm_bindgen_futures::spawn_local(async move {
            sync::stop_and_wipe().await;
            api::logout(&token).await;
        });
    };
    let sign_in_again = move |_| {
        // Keep the local documents: their pending changes go out after the new sign-in.
        sync::stop();
        settings::clear_operator_session();
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
            <main class="workspace-main">
                {move || handle.status.with(|s| s.credentials_rejected).then(|| view! {
                    <div class="banner" role="alert">
                        <p>"La sessione è scaduta. Accedi di nuovo: le modifiche non ancora inviate restano su questo dispositivo e partiranno dopo l'accesso."</p>
                        <button type="button" class="button" on:click=sign_in_again>"Accedi di nuovo"</button>
                    </div>
                })}
                <h1>"Bacheca pubblica del CPI"</h1>
                <p class="lead">"Quello che scrivi qui appare sui totem del CPI. Le modifiche si salvano sul dispositivo e arrivano al server appena c'è connessione."</p>
                {match board_id {
                    Some(id) => view! { <BoardEditor handle id /> }.into_any(),
                    None => view! { <p class="form-error">"Questo CPI non ha ancora una bacheca sul server."</p> }.into_any(),
                }}
                <EnrollTotem token=credentials.token.clone() />
            </main>
        </div>
    }
}

/// Creates a one-time code with which a totem of this CPI is enrolled.
#[component]
fn EnrollTotem(token: String) -> impl IntoView {
    let code = RwSignal::new(None::<api::EnrollmentCode>);
    let error = RwSignal::new(None::<String>);
    let create = move |_| {
        let token = token.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match api::create_enrollment_code(&token).await {
                Ok(c) => {
                    error.set(None);
                    code.set(Some(c));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="editor" aria-labelledby="enroll-title">
            <h2 id="enroll-title">"Attiva un totem"</h2>
            <p>"Genera un codice da inserire una sola volta sul totem, alla pagina «Attiva questo totem». Il codice vale 24 ore."</p>
            <button type="button" class="button" on:click=create>"Genera un codice di attivazione"</button>
            {move || code.get().map(|c| view! { <p class="enroll-code">"Codice: " <strong data-testid="enrollment-code">{c.code}</strong></p> })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}
