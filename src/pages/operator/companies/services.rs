//! Services to the employer (F1-F3) with their actual minutes next to the charter's
//! standard, and how the company came (on its own or after promotion).

use super::save;
use crate::pages::operator::dossier::{date_or_dash, new_item_id};
use crate::pages::operator::{today, Desk, Section, ServiceRow};
use leptos::prelude::*;
use sportello_core::catalogue::{catalogue, Audience};
use sportello_core::employers::company::{standard_minutes, Company, Origin};
use sportello_core::sync::ids::DocumentId;

#[component]
pub(super) fn ServicesSection(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let username = Desk::get().username;
    let code = RwSignal::new(String::from("F1"));
    let date = RwSignal::new(today().to_string());
    let minutes = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    // The origin follows the campaign until the operator picks one.
    let origin = RwSignal::new(None::<Origin>);
    let shown_origin = move || origin.get().unwrap_or_else(|| company.with(Company::default_origin));
    let error = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        let mut rows: Vec<_> = company.with(|c| c.services.values().cloned().collect());
        rows.sort_by(|a, b| b.date.as_str().cmp(a.date.as_str()));
        rows
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (code_v, date_v, minutes_v, note_v) =
            (code.get_untracked(), date.get_untracked(), minutes.get_untracked(), note.get_untracked());
        let origin_v = shown_origin();
        let result = save(doc, &format!("Servizio {code_v} erogato"), |c| {
            c.record_service(&new_item_id(), &code_v, &date_v, &minutes_v, origin_v, today(), &username, note_v.trim())
        });
        match result {
            Some(Err(e)) => error.set(Some(e.message_it().into())),
            Some(Ok(())) => {
                error.set(None);
                minutes.set(String::new());
                note.set(String::new());
            }
            None => {}
        }
    };
    let employer_services = || {
        catalogue()
            .services()
            .iter()
            .filter(|s| s.audience == Audience::Employers && standard_minutes(s.code.as_str()).is_some())
    };
    view! {
        <Section title="Servizi all'impresa" id="servizi">
            <table class="services">
                <thead><tr><th scope="col">"Servizio"</th><th scope="col">"Data"</th><th scope="col">"Operatore"</th>
                    <th scope="col">"Minuti effettivi"</th><th scope="col">"Standard"</th><th scope="col">"Provenienza"</th></tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|s| {
                        let standard = standard_minutes(&s.code);
                        let origin = Origin::from_code(&s.origin).map(Origin::label_it).unwrap_or("—");
                        view! {
                            <ServiceRow code=s.code.to_string() date=date_or_dash(&s.date) operator=s.operator.to_string()
                                minutes=s.minutes standard=standard
                                standard_text=standard.map(|m| format!("{m} min")).unwrap_or_else(|| "—".into())
                                extra=origin />
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="form grid-3" on:submit=add aria-label="Registra un servizio all'impresa" novalidate>
                <label>"Servizio"
                    <select on:change=move |ev| code.set(event_target_value(&ev))>
                        {employer_services().map(|s| {
                            let c = s.code.as_str().to_string();
                            let label = format!("{} {} (standard {} min)", c, s.name_it, standard_minutes(&c).unwrap_or_default());
                            let selected = c.clone();
                            view! { <option value=c selected=move || code.get() == selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>"Data del servizio"<input type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) /></label>
                <label>"Minuti effettivi"<input type="number" min="1" max="600" inputmode="numeric" prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev)) /></label>
                <label>"Provenienza dell'impresa"
                    <select on:change=move |ev| origin.set(Origin::from_code(&event_target_value(&ev)))>
                        {[Origin::Spontaneous, Origin::Promotion].into_iter().map(|o| view! {
                            <option value=o.code() selected=move || shown_origin() == o>{o.label_it()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="wide">"Nota sul servizio"<input type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) /></label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Registra il servizio"</button>
            </form>
        </Section>
    }
}
