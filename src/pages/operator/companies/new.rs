//! `/operatore/imprese/nuova`: a new company record, after its tax code is checked and the
//! index shows it is not already known (seed L761: a known company is updated instead).

use crate::io::companies::{self, with_index};
use crate::pages::operator::Desk;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use sportello_core::employers::company::Company;
use sportello_core::employers::tax_code;

#[component]
pub fn NewCompanyPage() -> impl IntoView {
    let desk = Desk::get();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let existing = RwSignal::new(None::<(String, String)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        existing.set(None);
        let parsed = match tax_code::parse(&code.get_untracked()) {
            Ok(parsed) => parsed,
            Err(e) => return error.set(Some(e.message_it())),
        };
        let typed_name = name.get_untracked();
        if typed_name.trim().is_empty() {
            return error.set(Some("Inserisci la denominazione dell'impresa.".into()));
        }
        let Some(index_id) = desk.company_index else {
            return error
                .set(Some("L'indice delle imprese non è disponibile: accedi di nuovo quando sei in linea.".into()));
        };
        let found = with_index(desk.handle, index_id, |view| {
            view.by_tax_code(&parsed).next().map(|e| (e.company.clone(), e.name.clone()))
        });
        if let Some(found) = found.flatten() {
            existing.set(Some(found));
            return error.set(Some(format!("Esiste già un'impresa con {} {}.", parsed.label_it(), parsed.as_str())));
        }
        error.set(None);
        let company = Company::new(&desk.cpi, &parsed, &typed_name);
        match companies::create(desk.handle, index_id, &desk.author(), company) {
            Ok(id) => navigate(&format!("/operatore/impresa/{id}"), Default::default()),
            Err(e) => error.set(Some(e.message_it())),
        }
    };
    view! {
        <h1>"Nuova impresa"</h1>
        <form class="form" on:submit=submit>
            <label>"Partita IVA o codice fiscale"
                <input type="text" name="tax_code" autocomplete="off" required maxlength="24"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev).to_uppercase()) />
            </label>
            <label>"Denominazione"
                <input type="text" name="name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || existing.get().map(|(id, name)| view! {
                <a class="button secondary" href=format!("/operatore/impresa/{id}")>{format!("Apri la scheda di {name}")}</a>
            })}
            <button type="submit" class="button">"Crea la scheda dell'impresa"</button>
        </form>
    }
}
