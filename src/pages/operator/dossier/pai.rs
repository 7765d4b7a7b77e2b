//! The individual action plan (PAI, D1): its proposal and its actions.

use super::{date_or_dash, new_item_id, save};
use crate::pages::operator::{format_date, today, Desk, Section};
use leptos::prelude::*;
use sportello_core::docs::dossier::{parse_date, Dossier, PaiAction, StepKind};
use sportello_core::sync::ids::DocumentId;

#[component]
pub(super) fn PaiSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let username = desk.username.clone();
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::from("Cittadino"));
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let proposed = Memo::new(move |_| dossier.with(|d| d.milestones().pai));
    let propose = move |_| {
        let (id, who) = (new_item_id(), username.clone());
        save(doc, StepKind::Pai.label_it(), move |d| d.add_step(&id, StepKind::Pai, today(), &who, ""));
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = description.get_untracked();
        if text.trim().is_empty() {
            return error.set(Some("Descrivi l'azione.".into()));
        }
        let Some(by) = parse_date(&due.get_untracked()) else {
            return error.set(Some("Indica entro quando va svolta l'azione.".into()));
        };
        error.set(None);
        let action = PaiAction {
            id: new_item_id().into(),
            description: text.trim().into(),
            owner: owner.get_untracked().trim().into(),
            due: by.to_string().into(),
            done: false,
        };
        save(doc, "Azione del PAI aggiunta", move |d| d.pai_actions.push(action));
        description.set(String::new());
    };
    view! {
        <Section title="Piano di azione individuale (PAI)" id="pai">
            <p>{move || match proposed.get() {
                Some(on) => format!("PAI proposto il {}.", format_date(on)),
                None => "Il PAI non è ancora stato proposto.".to_string(),
            }}</p>
            {move || proposed.get().is_none().then(|| view! {
                <button type="button" class="button" on:click=propose.clone()>"Registra la proposta del PAI con data di oggi"</button>
            })}
            <ul class="pai-actions">
                <For each=move || dossier.get().pai_actions key=|a| (a.id.to_string(), a.done) let:action>
                    <li>
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=action.done on:change={
                                let id = action.id.to_string();
                                move |ev| {
                                    let done = event_target_checked(&ev);
                                    let id = id.clone();
                                    save(doc, if done { "Azione del PAI svolta" } else { "Azione del PAI riaperta" }, move |d| {
                                        if let Some(a) = d.pai_actions.iter_mut().find(|a| a.id == id) { a.done = done; }
                                    });
                                }
                            } />
                            {format!("{} — {} — entro il {}", action.description, action.owner, date_or_dash(&action.due))}
                        </label>
                    </li>
                </For>
            </ul>
            <form class="form grid-3" on:submit=add aria-label="Aggiungi un'azione al PAI">
                <label>"Azione"<input type="text" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) /></label>
                <label>"Chi la svolge"<input type="text" prop:value=move || owner.get() on:input=move |ev| owner.set(event_target_value(&ev)) /></label>
                <label>"Entro il"<input type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) /></label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Aggiungi l'azione"</button>
            </form>
        </Section>
    }
}
