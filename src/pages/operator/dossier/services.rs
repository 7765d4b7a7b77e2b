//! Services delivered, with their actual minutes against the charter's standard.

use super::{date_or_dash, new_item_id, save};
use crate::pages::operator::{today, Desk, Section, ServiceRow};
use leptos::prelude::*;
use sportello_core::catalogue::catalogue;
use sportello_core::docs::dossier::{parse_date, service_date, service_minutes, Dossier, ServiceRecord};
use sportello_core::sync::ids::DocumentId;

#[component]
pub(super) fn ServicesSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let username = desk.username.clone();
    let code = RwSignal::new(String::from("B1"));
    let date = RwSignal::new(today().to_string());
    let minutes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        let d = dossier.get();
        let mut rows: Vec<_> = d
            .services
            .iter()
            .map(|s| {
                let on = parse_date(&s.date).unwrap_or_else(today);
                let standard = d.standard_minutes(&s.code, on);
                let group = d.duration_group(on).map(|g| g.code()).unwrap_or("—");
                (s.clone(), standard, group)
            })
            .collect();
        rows.sort_by(|a, b| b.0.date.as_str().cmp(a.0.date.as_str()));
        rows
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = service_minutes(&minutes.get_untracked())
            .and_then(|n| Ok((n, service_date(&date.get_untracked(), today())?)));
        let (n, on) = match checked {
            Ok(checked) => checked,
            Err(e) => return error.set(Some(e.message_it().into())),
        };
        error.set(None);
        let record = ServiceRecord {
            id: new_item_id().into(),
            code: code.get_untracked().into(),
            date: on.to_string().into(),
            operator: username.clone().into(),
            minutes: n,
            note: "".into(),
        };
        save(doc, &format!("Servizio {} erogato", record.code), move |d| d.services.push(record));
        minutes.set(String::new());
    };
    view! {
        <Section title="Servizi erogati" id="servizi">
            <table class="services">
                <thead><tr><th scope="col">"Servizio"</th><th scope="col">"Data"</th><th scope="col">"Operatore"</th>
                    <th scope="col">"Minuti effettivi"</th><th scope="col">"Standard"</th></tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|(s, standard, group)| {
                        let standard_text = match standard {
                            Some(m) => format!("{m} min ({group})"),
                            None => "—".to_string(),
                        };
                        view! {
                            <ServiceRow code=s.code.to_string() date=date_or_dash(&s.date) operator=s.operator.to_string()
                                minutes=s.minutes standard=standard standard_text=standard_text />
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="form grid-3" on:submit=add aria-label="Registra un servizio erogato">
                <label>"Servizio"
                    <select on:change=move |ev| code.set(event_target_value(&ev))>
                        {catalogue().services().iter().map(|s| {
                            let c = s.code.as_str().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || code.get() == c2>{format!("{} {}", c, s.name_it)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>"Data"<input type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) /></label>
                <label>"Minuti effettivi"<input type="number" min="1" max="600" inputmode="numeric" prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev)) /></label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Registra il servizio"</button>
            </form>
        </Section>
    }
}
