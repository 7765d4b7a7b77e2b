//! F2, the needs analysis: the professions needed by CP2021 code with how many people and
//! notes, the training needs and the day of the survey.

use super::{save, submit, RecordForm};
use crate::components::field::Field;
use crate::pages::operator::dossier::draft::{rebase_fields, Draft};
use crate::pages::operator::dossier::{date_or_dash, new_item_id};
use crate::pages::operator::{today, Section};
use leptos::prelude::*;
use reactive_stores::{Patch, Store};
use sportello_core::docs::dossier::parse_date;
use sportello_core::employers::company::Company;
use sportello_core::sync::ids::DocumentId;

#[derive(Clone, Debug, Default, PartialEq, Store, Patch)]
pub(super) struct NeedsForm {
    training: String,
    surveyed_on: String,
}
rebase_fields!(NeedsForm { training, surveyed_on });

impl NeedsForm {
    fn of(c: &Company) -> Self {
        NeedsForm { training: c.needs.training.to_string(), surveyed_on: c.needs.surveyed_on.to_string() }
    }
}

impl RecordForm for NeedsForm {
    const MESSAGE: &'static str = "Analisi dei fabbisogni";

    fn checked(self) -> Result<Self, String> {
        match self.surveyed_on.trim() {
            "" => Ok(self),
            typed => match parse_date(typed) {
                Some(on) if on <= today() => Ok(NeedsForm { surveyed_on: on.to_string(), ..self }),
                _ => Err("La data della rilevazione non può essere futura.".into()),
            },
        }
    }

    fn write(&self, c: &mut Company) {
        c.needs.training.set(&self.training);
        c.needs.surveyed_on = self.surveyed_on.as_str().into();
    }
}

#[component]
pub(super) fn NeedsSection(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let draft = Draft::following(Memo::new(move |_| company.with(NeedsForm::of)));
    let form = draft.form;
    let error = RwSignal::new(None::<String>);
    let submit = submit(doc, draft, error);
    let needs = Memo::new(move |_| {
        company.with(|c| c.needs.professions.iter().map(|(id, n)| (id.clone(), n.clone())).collect::<Vec<_>>())
    });
    let remove = move |id: String| {
        save(doc, "Professione richiesta rimossa", move |c| c.needs.professions.remove(&id));
    };
    view! {
        <Section title="Analisi dei fabbisogni (F2)" id="fabbisogni">
            <table class="company-needs">
                <thead><tr><th scope="col">"Professione (CP2021)"</th><th scope="col">"Persone"</th><th scope="col">"Note"</th><th scope="col">"Azioni"</th></tr></thead>
                <tbody>
                    {move || needs.get().into_iter().map(|(id, n)| view! {
                        <tr class="need-row">
                            <td>{n.profession.to_string()}</td>
                            <td>{n.count}</td>
                            <td>{n.notes.to_string()}</td>
                            <td><button type="button" class="button secondary" on:click=move |_| remove(id.clone())>"Rimuovi"</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <NewNeedForm doc />
            <form class="form grid-2" on:submit=submit aria-label="Fabbisogni formativi">
                <label class="wide">"Fabbisogni formativi"
                    <textarea rows="3" prop:value=move || form.training().get() on:input=move |ev| form.training().set(event_target_value(&ev))></textarea>
                </label>
                <Field label="Data della rilevazione" value=form.surveyed_on() kind="date" />
                <p class="hint">{move || format!("Ultima rilevazione: {}", company.with(|c| date_or_dash(&c.needs.surveyed_on)))}</p>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !draft.edited()>"Salva i fabbisogni"</button>
            </form>
        </Section>
    }
}

#[derive(Clone, Debug, Default, PartialEq, Store)]
struct NeedForm {
    profession: String,
    count: String,
    notes: String,
}

#[component]
fn NewNeedForm(doc: DocumentId) -> impl IntoView {
    let form = Store::new(NeedForm { count: "1".into(), ..Default::default() });
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = form.get_untracked();
        let result = save(doc, "Professione richiesta", |c| {
            c.add_need(&new_item_id(), &typed.profession, &typed.count, &typed.notes)
        });
        match result {
            Some(Err(e)) => error.set(Some(e.message_it().into())),
            Some(Ok(())) => {
                error.set(None);
                form.set(NeedForm { count: "1".into(), ..Default::default() });
            }
            None => {}
        }
    };
    view! {
        <form class="form grid-3" on:submit=submit aria-label="Aggiungi una professione richiesta">
            <Field label="Codice CP2021 della professione" value=form.profession() />
            <Field label="Persone richieste" value=form.count() kind="number" />
            <Field label="Note sulla professione" value=form.notes() />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button secondary">"Aggiungi la professione"</button>
        </form>
    }
}
