//! The presentation letters: the companies selected for the campaign, one PDF with a page
//! each (core's `letter_pdf`), then the day the letters went out, from which the call is
//! due within 7 working days.

use super::steps::{StepStatus, Steps, Work};
use super::{with_entries, Campaign};
use crate::pages::operator::{today, Desk, Section};
use leptos::prelude::*;
use sportello_core::docs::dossier::parse_date;
use sportello_core::employers::campaign::{check_date, Event, Stage};
use sportello_core::sync::ids::DocumentId;
use std::collections::BTreeSet;

#[component]
pub(super) fn LettersSection() -> impl IntoView {
    let desk = Desk::get();
    let (handle, index) = (desk.handle, desk.company_index);
    let campaign = expect_context::<Campaign>();
    let steps = Steps::new();
    // Selected, waiting for their letter, by name.
    let waiting = Memo::new(move |_| {
        with_entries(handle, index, |entries| {
            let mut rows: Vec<(String, String)> = entries
                .iter()
                .filter(|e| e.campaign.stage == Stage::Selected)
                .map(|e| (e.company.clone(), e.name.clone()))
                .collect();
            rows.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
            rows
        })
    });
    let picked = RwSignal::new(BTreeSet::<String>::new());
    // The companies just put in the campaign are the ones whose letters come next.
    Effect::new(move |_| picked.set(campaign.just_selected.get().into_iter().collect()));
    let sent_on = RwSignal::new(today().to_string());
    let chosen = move || -> Vec<(DocumentId, String)> {
        let picked = picked.get_untracked();
        waiting.with_untracked(|rows| {
            rows.iter()
                .filter(|(id, _)| picked.contains(id))
                .filter_map(|(id, name)| Some((DocumentId::parse(id).ok()?, name.clone())))
                .collect()
        })
    };
    let picked_here = Memo::new(move |_| {
        let picked = picked.get();
        waiting.with(|rows| rows.iter().filter(|(id, _)| picked.contains(id)).count())
    });
    let download = move |_| steps.start(chosen(), Work::Letters);
    let record = move |_| {
        let Some(on) = parse_date(&sent_on.get_untracked()) else {
            return steps.refuse("Inserisci la data di invio delle lettere.".into());
        };
        if let Err(e) = check_date(Event::SendLetter, on, today()) {
            return steps.refuse(e.message_it());
        }
        steps.start(chosen(), Work::Step(Event::SendLetter, on));
    };
    view! {
        <Section title="2. Lettere di presentazione" id="letters">
            <p class="hint">{move || format!(
                "{} imprese selezionate aspettano la lettera · {} scelte",
                waiting.with(Vec::len),
                picked_here.get()
            )}</p>
            <div class="toolbar">
                <button type="button" class="button secondary"
                    on:click=move |_| picked.set(waiting.with(|r| r.iter().map(|(id, _)| id.clone()).collect()))
                    prop:disabled=move || waiting.with(Vec::is_empty)>"Scegli tutte"</button>
                <button type="button" class="button" on:click=download
                    prop:disabled=move || picked_here.get() == 0 || steps.busy()>
                    {move || format!("Scarica le lettere in PDF ({})", picked_here.get())}
                </button>
            </div>
            <ul class="letter-list">
                <For each=move || waiting.get() key=|(id, _)| id.clone() let:row>
                    <li>
                        <label class="checkbox" data-company=row.0.clone()>
                            <input type="checkbox"
                                prop:checked={ let id = row.0.clone(); move || picked.with(|p| p.contains(&id)) }
                                on:change={ let id = row.0.clone(); move |ev| {
                                    let on = event_target_checked(&ev);
                                    picked.update(|p| { if on { p.insert(id.clone()); } else { p.remove(&id); } });
                                } } />
                            {row.1.clone()}
                        </label>
                    </li>
                </For>
            </ul>
            <div class="toolbar">
                <label>"Data di invio delle lettere"
                    <input type="date" prop:value=move || sent_on.get() on:input=move |ev| sent_on.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="button" on:click=record
                    prop:disabled=move || picked_here.get() == 0 || steps.busy()>
                    {move || format!("Registra l'invio ({})", picked_here.get())}
                </button>
            </div>
            <StepStatus steps />
        </Section>
    }
}
