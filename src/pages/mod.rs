//! Route screens. Each reads what it needs from `sportello_core` or from `io` and lays out
//! components; none holds domain rules.

pub mod certificates;
mod home;
pub mod operator;
pub mod performance;
pub mod queue;
pub mod tablet;
pub mod totem;
pub mod vacancies;
pub mod verify;

pub use home::Home;

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page narrow">
            <h1>"Pagina non trovata"</h1>
            <p>"L'indirizzo non corrisponde a nessuna pagina di Sportello."</p>
            <a class="button" href="/">"Torna all'elenco dei Centri per l'Impiego"</a>
        </main>
    }
}
