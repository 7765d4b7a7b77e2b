//! Work on company records the device may not hold yet: the records are asked of the relay
//! on demand, the screen says how many have arrived, and the work (a campaign step, or the
//! letters' PDF) runs once they are all here. A step is first recorded on this device; the
//! screen says it is saved only once the relay holds it.

use super::super::{today, Desk};
use crate::io::companies::{self, Arrival};
use crate::io::on_screen;
use chrono::NaiveDate;
use leptos::prelude::*;
use sportello_core::cpi::cpi_by_slug;
use sportello_core::employers::campaign::Event;
use sportello_core::employers::company::Company;
use sportello_core::employers::letter::presentation_letter;
use sportello_core::employers::letter_pdf::letters_pdf;
use sportello_core::sync::ids::DocumentId;

/// What to do with the records once they are here.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Work {
    Step(Event, NaiveDate),
    Letters,
}

#[derive(Clone)]
struct Job {
    /// Each record with the company's name, for the messages.
    records: Vec<(DocumentId, String)>,
    work: Work,
}

#[derive(Clone, Default)]
struct Outcome {
    /// "«Lettera di presentazione inviata» registrata per 3 imprese".
    done_text: String,
    done: Vec<DocumentId>,
    /// "Name: reason" for each record the work could not be done on.
    refused: Vec<String>,
    /// A step (not a download): then what the relay holds is shown.
    recorded: bool,
}

/// One part's running work and its result.
#[derive(Clone, Copy)]
pub(super) struct Steps {
    job: RwSignal<Option<Job>>,
    arrival: RwSignal<Arrival>,
    outcome: RwSignal<Option<Outcome>>,
    /// The records of the latest work are on screen while the campaign is: a tablet keeps them.
    shown: StoredValue<Option<on_screen::Shown>, LocalStorage>,
}

impl Steps {
    /// Work for one part of the screen; it runs while the screen is open.
    pub(super) fn new() -> Steps {
        let desk = Desk::get();
        let steps = Steps {
            job: RwSignal::new(None),
            arrival: RwSignal::new(Arrival::default()),
            outcome: RwSignal::new(None),
            shown: StoredValue::new_local(None),
        };
        on_cleanup(move || steps.shown.update_value(|s| drop(s.take())));
        Effect::new(move |_| {
            let Some(job) = steps.job.get() else { return };
            let ids: Vec<DocumentId> = job.records.iter().map(|(id, _)| *id).collect();
            let arrival = companies::fetch_records(desk.handle, &ids);
            steps.arrival.set(arrival);
            if arrival.here + arrival.unavailable < arrival.total {
                return;
            }
            steps.job.set(None);
            steps.outcome.set(Some(run(&desk, &job)));
        });
        steps
    }

    /// Starts `work` on `records` (replacing any work still waiting for its records).
    pub(super) fn start(&self, records: Vec<(DocumentId, String)>, work: Work) {
        self.outcome.set(None);
        self.arrival.set(Arrival { total: records.len(), ..Default::default() });
        self.shown.set_value(Some(on_screen::show(records.iter().map(|(id, _)| *id).collect())));
        self.job.set(Some(Job { records, work }));
    }

    /// Shows a refusal that needs no record (a date core refuses before anything is fetched).
    pub(super) fn refuse(&self, reason: String) {
        self.job.set(None);
        self.outcome.set(Some(Outcome { refused: vec![reason], ..Default::default() }));
    }

    pub(super) fn busy(&self) -> bool {
        self.job.with(Option::is_some)
    }
}

fn run(desk: &Desk, job: &Job) -> Outcome {
    let mut outcome = Outcome::default();
    let mut letters = Vec::new();
    let cpi = cpi_by_slug(&desk.cpi);
    for (id, name) in &job.records {
        let Some(company) = desk.handle.read::<Company>(*id) else {
            outcome.refused.push(format!("{name}: la scheda non esiste o non appartiene al tuo CPI."));
            continue;
        };
        match job.work {
            Work::Step(event, on) => {
                match companies::record_step(desk.handle, desk.company_index, *id, &desk.author(), (event, on), today())
                {
                    Ok(_) => outcome.done.push(*id),
                    Err(reason) => outcome.refused.push(format!("{name}: {reason}")),
                }
            }
            Work::Letters => {
                if let Some(cpi) = cpi {
                    letters.push(presentation_letter(cpi, &company, today()));
                    outcome.done.push(*id);
                }
            }
        }
    }
    let n = outcome.done.len();
    match job.work {
        Work::Step(event, _) if n > 0 => {
            outcome.recorded = true;
            outcome.done_text = format!("«{}» registrato per {n} {}.", event.label_it(), companies_it(n));
        }
        Work::Letters if n > 0 => {
            let file = format!("lettere-presentazione-{}.pdf", today());
            outcome.done_text = match crate::io::download(&letters_pdf(&letters), &file, "application/pdf") {
                Ok(()) => format!("Lettere scaricate: {n} {}, una pagina ciascuna ({file}).", companies_it(n)),
                Err(e) => format!("Il PDF non si scarica ({e})."),
            };
        }
        Work::Step(..) | Work::Letters => {}
    }
    outcome
}

fn companies_it(n: usize) -> &'static str {
    if n == 1 {
        "impresa"
    } else {
        "imprese"
    }
}

/// Where the part's work stands: records arriving, done (and whether the relay has it
/// yet), refused with core's reasons.
#[component]
pub(super) fn StepStatus(steps: Steps) -> impl IntoView {
    let handle = Desk::get().handle;
    let index = Desk::get().company_index;
    let waiting = move || {
        steps.job.with(Option::is_some).then(|| {
            let a = steps.arrival.get();
            let text = if handle.status.with(|s| s.online) {
                format!("Scarico le schede delle imprese dal server: {} di {}…", a.here, a.total)
            } else {
                format!(
                    "{} schede su {} sono su questo dispositivo e ora non c'è connessione: il passo sarà registrato appena arrivano le altre.",
                    a.here, a.total
                )
            };
            view! { <p class="step-waiting">{text}</p> }
        })
    };
    let done = move || {
        steps.outcome.get().filter(|o| !o.done_text.is_empty()).map(|o| {
            let ids = o.done.clone();
            let relay = move || {
                o.recorded.then(|| {
                    let pending: usize =
                        ids.iter().chain(index.as_ref()).map(|id| handle.pending(*id)).sum();
                    if pending == 0 && handle.status.with(|s| s.online) {
                        "Salvato sul server."
                    } else {
                        "Registrato su questo dispositivo: partirà verso il server appena possibile (vedi l'indicatore di sincronizzazione)."
                    }
                })
            };
            view! { <p class="step-done">{o.done_text.clone()}" "<span class="step-relay">{relay}</span></p> }
        })
    };
    let refused = move || {
        steps.outcome.with(|o| o.as_ref().map(|o| o.refused.clone())).filter(|r| !r.is_empty()).map(|reasons| {
            view! {
                <div class="form-error step-refused" role="alert">
                    <ul>{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    view! { <div class="step-status" role="status">{waiting}{done}</div>{refused} }
}
