//! The CPI's public board (shown by its totems) and the enrollment of new totems.

use super::Desk;
use crate::components::board::BoardEditor;
use crate::io::api;
use leptos::prelude::*;

#[component]
pub fn BoardPage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    view! {
        <h1>"Bacheca pubblica del CPI"</h1>
        <p class="lead">"Quello che scrivi qui appare sui totem del CPI. Le modifiche si salvano sul dispositivo e arrivano al server appena c'è connessione."</p>
        {match desk.board {
            Some(id) => view! { <BoardEditor handle id /> }.into_any(),
            None => view! { <p class="form-error">"Questo CPI non ha ancora una bacheca sul server."</p> }.into_any(),
        }}
        <EnrollTotem token=desk.token.clone() />
    }
}

/// Creates a one-time code with which a totem of this CPI is enrolled.
#[component]
fn EnrollTotem(token: String) -> impl IntoView {
    let code = RwSignal::new(None::<api::EnrollmentCode>);
    let error = RwSignal::new(None::<String>);
    let create = move |_| {
        let token = token.clone();
        // The code shown is the one to type: never leave the previous (perhaps used) one up
        // while a new one is being made.
        code.set(None);
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
            <p>"Genera un codice da inserire una sola volta sul totem, alla pagina «Attiva questo totem». Il codice vale un'ora."</p>
            <button type="button" class="button" on:click=create>"Genera un codice di attivazione"</button>
            {move || code.get().map(|c| view! { <p class="enroll-code">"Codice: " <strong data-testid="enrollment-code">{c.code}</strong></p> })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}
