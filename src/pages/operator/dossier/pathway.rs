//! The pathway's timeline and recording a step.

use super::{date_or_dash, new_item_id, save};
use crate::pages::operator::{today, Desk, Section};
use leptos::prelude::*;
use sportello_core::docs::dossier::{step_date, Dossier, StepKind};
use sportello_core::sync::ids::DocumentId;

#[component]
pub(super) fn PathwaySection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let username = desk.username.clone();
    let kind = RwSignal::new(StepKind::Did.code().to_string());
    let date = RwSignal::new(today().to_string());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(step) = StepKind::from_code(&kind.get_untracked()) else { return };
        let on = match step_date(step, &date.get_untracked(), today()) {
            Ok(on) => on,
            Err(e) => return error.set(Some(e.message_it().into())),
        };
        error.set(None);
        let (id, who, text) = (new_item_id(), username.clone(), note.get_untracked());
        save(doc, step.label_it(), move |d| d.add_step(&id, step, on, &who, &text));
        note.set(String::new());
    };
    let steps = Memo::new(move |_| {
        let mut steps = dossier.get().steps;
        steps.sort_by(|a, b| b.date.as_str().cmp(a.date.as_str()));
        steps
    });
    view! {
        <Section title="Percorso" id="percorso">
            <ol class="timeline">
                <For each=move || steps.get() key=|s| s.id.to_string() let:step>
                    <li class="timeline-step">
                        <time datetime=step.date.to_string()>{date_or_dash(&step.date)}</time>
                        <strong>{StepKind::from_code(&step.kind).map(|k| k.label_it()).unwrap_or("Passo")}</strong>
                        <span class="deadline-detail">{format!("{} · {}", StepKind::from_code(&step.kind).map(|k| k.service()).unwrap_or(""), step.operator)}</span>
                        {(!step.note.is_empty()).then(|| view! { <p>{step.note.to_string()}</p> })}
                    </li>
                </For>
            </ol>
            {move || steps.with(Vec::is_empty).then(|| view! { <p class="empty">"Nessun passo registrato."</p> })}
            <form class="form grid-3" on:submit=submit aria-label="Registra un passo del percorso">
                <label>"Passo"
                    <select on:change=move |ev| kind.set(event_target_value(&ev))>
                        {StepKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=move || kind.get() == k.code()>{format!("{} ({})", k.label_it(), k.service())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Data"<input type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) /></label>
                <label>"Nota"<input type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) /></label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Registra il passo"</button>
            </form>
        </Section>
    }
}
