//! SAP section 2: administrative status, the facts that decide the target groups, and the
//! deadlines the CPI owes the person.

use super::draft::{rebase_fields, Draft};
use super::save;
use crate::components::field::Field;
use crate::pages::operator::{format_date, today, Desk, Section};
use leptos::prelude::*;
use reactive_stores::{Patch, Store};
use sportello_core::docs::dossier::{Dossier, Fact, Facts, EMPLOYMENT_STATUSES};
use sportello_core::pathway::{self, citizen_deadlines, pai_category};
use sportello_core::sync::ids::DocumentId;

/// The administrative status and the facts as the form edits them.
#[derive(Clone, Debug, Default, PartialEq, Store, Patch)]
pub(super) struct StatusForm {
    employment: String,
    unemployed_since: String,
    /// Replaced whole when it changes; [`Rebase`](super::draft::Rebase) follows each fact.
    #[patch(|this, new| *this = new)]
    facts: Facts,
}
rebase_fields!(StatusForm { employment, unemployed_since, facts });

impl StatusForm {
    fn of(d: &Dossier) -> Self {
        StatusForm {
            employment: d.status.employment.to_string(),
            unemployed_since: d.status.unemployed_since.to_string(),
            facts: d.facts.clone(),
        }
    }

    fn write(&self, d: &mut Dossier) {
        d.status.employment = self.employment.as_str().into();
        d.status.unemployed_since = self.unemployed_since.as_str().into();
        d.facts = self.facts.clone();
    }
}

#[component]
pub(super) fn StatusSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let cal = StoredValue::new(desk.calendar());
    let draft = Draft::following(Memo::new(move |_| dossier.with(StatusForm::of)));
    let (employment, facts) = (draft.form.employment(), draft.form.facts());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = draft.value();
        if save(doc, "Stato amministrativo", |d| typed.write(d)) {
            draft.written(typed);
        }
    };
    let deadlines = Memo::new(move |_| {
        let d = dossier.get();
        let (Some(person), m) = (d.person_facts(), d.milestones()) else { return Vec::new() };
        cal.with_value(|cal| {
            citizen_deadlines(&person, cal)
                .into_iter()
                .map(|deadline| {
                    let state = match m.met_on(deadline.kind) {
                        Some(on) => format!("svolto il {}", format_date(on)),
                        None => pathway::status(&deadline, today(), cal).describe_it(),
                    };
                    (deadline.kind.label_it(), deadline.kind.rule_it(), format_date(deadline.due), state)
                })
                .collect::<Vec<_>>()
        })
    });
    let pai_clock = Memo::new(move |_| {
        let d = dossier.get();
        let facts = d.person_facts()?;
        let start = facts.unemployment_start()?;
        let category = pai_category(&facts, start);
        Some(format!("{} · {} mesi dall'inizio della disoccupazione", category.label_it(), category.months()))
    });
    view! {
        <Section title="Stato amministrativo e gruppi target" id="stato">
            <form class="form grid-2" on:submit=submit>
                <label>"Condizione occupazionale"
                    <select on:change=move |ev| employment.set(event_target_value(&ev))>
                        {EMPLOYMENT_STATUSES.iter().map(|(code, label)| view! {
                            <option value=*code selected=move || employment.get() == *code>{*label}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Field label="Disoccupato dal (se prima della DID)" value=draft.form.unemployed_since() kind="date" />
                <div class="fact-questions">
                    <p class="facts-intro">"Condizioni che decidono i gruppi target: chiedi ciascuna alla persona."</p>
                    {Fact::ALL.into_iter().map(|fact| view! {
                        <fieldset class="fact" data-fact=fact.code()>
                            <legend>{fact.label_it()}</legend>
                            {[(true, "Sì"), (false, "No")].into_iter().map(|(answer, label)| view! {
                                <label class="radio">
                                    <input type="radio" name=format!("fact-{}", fact.code())
                                        prop:checked=move || facts.with(|f| f.get(fact) == Some(answer))
                                        on:change=move |_| facts.update(|f| f.set(fact, answer)) />
                                    {label}
                                </label>
                            }).collect_view()}
                            {move || facts.with(|f| f.get(fact).is_none()).then(|| view! { <span class="fact-open">"Da chiedere"</span> })}
                        </fieldset>
                    }).collect_view()}
                </div>
                <button type="submit" class="button" prop:disabled=move || !draft.edited()>"Salva stato"</button>
            </form>
            <p>{move || pai_clock.get().map(|c| format!("Termine per il PAI: {c}"))}</p>
            <table class="deadlines">
                <caption>"Termini che il CPI deve rispettare"</caption>
                <thead><tr><th scope="col">"Adempimento"</th><th scope="col">"Regola"</th><th scope="col">"Entro il"</th><th scope="col">"Stato"</th></tr></thead>
                <tbody>
                    {move || deadlines.get().into_iter().map(|(label, rule, due, state)| view! {
                        <tr class="deadline-row"><td>{label}</td><td>{rule}</td><td>{due}</td><td>{state}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Section>
    }
}
