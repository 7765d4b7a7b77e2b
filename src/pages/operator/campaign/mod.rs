//! The promotion campaign of seed section 4.2 at `/operatore/campagna`, one file per part:
//! `segment` (filter the CPI's companies and put the chosen ones in the campaign),
//! `letters` (the presentation letters as one PDF, then the day they went out), `tasks`
//! (the worklist: calls due within 7 working days of the letter, overdue first; the call's
//! outcome, the visit booked and held) and `steps` (steps on records fetched on demand).
//! Every rule is core's (`sportello_core::employers`); the records are edited through
//! `io::companies`.

mod letters;
mod segment;
mod steps;
mod tasks;

use super::Desk;
use crate::io::companies::with_index;
use crate::io::sync::SyncHandle;
use leptos::prelude::*;
use sportello_core::employers::index::CompanyEntry;
use sportello_core::sync::ids::DocumentId;

/// What the campaign's parts share: the companies just put in the campaign on this screen,
/// whose letters the letters part offers first.
#[derive(Clone, Copy)]
struct Campaign {
    just_selected: RwSignal<Vec<String>>,
}

/// Runs `f` over the CPI's company index entries (reactive); an empty list while the index
/// is not on this device.
fn with_entries<R>(handle: SyncHandle, index: Option<DocumentId>, f: impl Fn(&[CompanyEntry]) -> R) -> R {
    index.and_then(|id| with_index(handle, id, |view| f(&view.entries))).unwrap_or_else(|| f(&[]))
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let desk = Desk::get();
    provide_context(Campaign { just_selected: RwSignal::new(Vec::new()) });
    let index_missing = desk.company_index.is_none();
    view! {
        <div class="campaign">
            <h1>"Campagna di promozione"</h1>
            <p class="lead">"Scegli le imprese da contattare, stampa le lettere di presentazione, telefona entro 7 giorni lavorativi dall'invio e fissa la visita."</p>
            {index_missing.then(|| view! {
                <p class="form-error" role="alert">"L'indice delle imprese del CPI non è ancora disponibile: esci e accedi di nuovo quando sei in linea."</p>
            })}
            <segment::SegmentSection />
            <letters::LettersSection />
            <tasks::TasksSection />
        </div>
    }
}

/// "Mostra altre": shows `page` more of a long list while `total` exceeds what is shown.
#[component]
fn ShowMore(#[prop(into)] total: Signal<usize>, shown: RwSignal<usize>, page: usize) -> impl IntoView {
    move || {
        (total.get() > shown.get()).then(|| {
            view! {
                <button type="button" class="button secondary" on:click=move |_| shown.update(|n| *n += page)>
                    {move || format!("Mostra altre ({} in tutto)", total.get())}
                </button>
            }
        })
    }
}
