//! The first screen of the day: every open deadline of the CPI, overdue first, computed
//! from the dossier index and the totems' outboxes with the CPI's working-day calendar.

use super::{format_date, today, Desk};
use crate::io::dossiers::with_index;
use leptos::prelude::*;
use sportello_core::docs::index::{IndexEntry, IndexView};
use sportello_core::docs::outbox::Outbox;
use sportello_core::pathway::{status, DeadlineKind, DeadlineStatus};
use sportello_core::worklist::worklist;
use std::collections::HashMap;

const PAGE: usize = 100;

#[derive(Clone, PartialEq)]
struct Row {
    href: String,
    who: String,
    codice_fiscale: String,
    kind: DeadlineKind,
    due: chrono::NaiveDate,
    status: DeadlineStatus,
}

fn status_class(s: DeadlineStatus) -> &'static str {
    match s {
        DeadlineStatus::Overdue { .. } => "deadline overdue",
        DeadlineStatus::DueToday => "deadline today",
        DeadlineStatus::DueSoon { .. } => "deadline soon",
        DeadlineStatus::Open { .. } => "deadline open",
    }
}

/// Where a deadline's act is recorded in the dossier.
fn section_of(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::PaiProposal => "pai",
        _ => "percorso",
    }
}

#[component]
pub fn WorklistPage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let cal = StoredValue::new(desk.calendar());
    let index = desk.index;
    let outboxes = desk.outboxes;
    let kind_filter = RwSignal::new(String::new());
    let only_overdue = RwSignal::new(false);
    let shown = RwSignal::new(PAGE);

    let rows = Memo::new(move |_| {
        let mut names: HashMap<String, (String, String)> = HashMap::new();
        let mut totem_dids = Vec::new();
        for outbox_id in outboxes.get() {
            let Some(outbox) = handle.read::<Outbox>(outbox_id) else { continue };
            for item in &outbox.items {
                if let Some(did) = &item.did {
                    names.insert(
                        format!("{outbox_id}/{}", item.id),
                        (format!("{} {}", did.surname, did.name), did.codice_fiscale.to_string()),
                    );
                }
            }
            totem_dids.extend(outbox.pending_dids(&outbox_id.to_string()));
        }
        let today = today();
        let compute = |entries: &[IndexEntry], view: Option<&IndexView>| {
            cal.with_value(|cal| {
                worklist(entries, &totem_dids, cal)
                    .into_iter()
                    .map(|item| {
                        let kind = item.deadline.kind;
                        let (href, who, codice_fiscale) = if kind == DeadlineKind::TotemDidConfirmation {
                            let (who, cf) = names.get(&item.person_ref).cloned().unwrap_or_default();
                            (format!("/operatore/dichiarazione/{}", item.person_ref), who, cf)
                        } else {
                            let entry = view.and_then(|v| v.get(&item.person_ref));
                            (
                                format!("/operatore/persona/{}?sezione={}", item.person_ref, section_of(kind)),
                                entry.map(|e| e.display_name()).unwrap_or_default(),
                                entry.map(|e| e.codice_fiscale.clone()).unwrap_or_default(),
                            )
                        };
                        let status = status(&item.deadline, today, cal);
                        Row { href, who, codice_fiscale, kind, due: item.deadline.due, status }
                    })
                    .collect::<Vec<_>>()
            })
        };
        index
            .and_then(|id| with_index(handle, id, |view| compute(&view.entries, Some(view))))
            .unwrap_or_else(|| compute(&[], None))
    });
    let filtered = Memo::new(move |_| {
        let kind = kind_filter.get();
        let overdue = only_overdue.get();
        rows.with(|rows| {
            rows.iter()
                .filter(|r| kind.is_empty() || format!("{:?}", r.kind) == kind)
                .filter(|r| !overdue || r.status.is_overdue())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let overdue_count = Memo::new(move |_| rows.with(|r| r.iter().filter(|r| r.status.is_overdue()).count()));

    view! {
        <h1>"Scadenze del CPI"</h1>
        <p class="lead">
            {move || format!(
                "{} scadenze aperte, di cui {} scadute. Calcolate con il calendario dei giorni lavorativi del CPI.",
                rows.with(Vec::len),
                overdue_count.get()
            )}
        </p>
        {move || index.is_none().then(|| view! {
            <p class="form-error" role="alert">"L'indice dei fascicoli del CPI non è ancora disponibile: esci e accedi di nuovo quando sei in linea."</p>
        })}
        <div class="filters">
            <label>"Tipo di scadenza"
                <select on:change=move |ev| { kind_filter.set(event_target_value(&ev)); shown.set(PAGE); }>
                    <option value="">"Tutte"</option>
                    {DeadlineKind::ALL.into_iter().take(3).map(|k| view! {
                        <option value=format!("{k:?}")>{k.label_it()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="checkbox">
                <input type="checkbox" on:change=move |ev| { only_overdue.set(event_target_checked(&ev)); shown.set(PAGE); } />
                "Solo scadute"
            </label>
        </div>
        <table class="worklist">
            <caption class="visually-hidden">"Scadenze aperte, le più urgenti per prime"</caption>
            <thead>
                <tr><th scope="col">"Stato"</th><th scope="col">"Entro il"</th><th scope="col">"Adempimento"</th><th scope="col">"Persona"</th></tr>
            </thead>
            <tbody>
                <For each=move || filtered.get().into_iter().take(shown.get()) key=|r| (r.href.clone(), r.kind) let:row>
                    <tr class="worklist-row" data-kind=format!("{:?}", row.kind)>
                        <td><span class=status_class(row.status)>{row.status.label_it()}</span>
                            <span class="deadline-detail">{row.status.describe_it()}</span></td>
                        <td>{format_date(row.due)}</td>
                        <td>{row.kind.label_it()}<span class="deadline-detail">{row.kind.rule_it()}</span></td>
                        <td><a href=row.href.clone()>{row.who.clone()}</a><span class="deadline-detail">{row.codice_fiscale.clone()}</span></td>
                    </tr>
                </For>
            </tbody>
        </table>
        {move || (filtered.with(Vec::len) > shown.get()).then(|| view! {
            <button type="button" class="button secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                {move || format!("Mostra altre ({} in tutto)", filtered.with(Vec::len))}
            </button>
        })}
        {move || rows.with(Vec::is_empty).then(|| view! { <p class="empty">"Nessuna scadenza aperta."</p> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each status has its own look, and the stylesheet knows every class the worklist sets.
    #[test]
    fn every_deadline_status_has_a_distinct_styled_class() {
        let statuses = [
            DeadlineStatus::Overdue { working_days_late: 3 },
            DeadlineStatus::DueToday,
            DeadlineStatus::DueSoon { working_days_left: 2 },
            DeadlineStatus::Open { working_days_left: 20 },
        ];
        let classes: std::collections::HashSet<_> = statuses.iter().map(|s| status_class(*s)).collect();
        assert_eq!(classes.len(), statuses.len());
        let css = include_str!("../../../style/main.css");
        for class in classes {
            let own = class.strip_prefix("deadline ").expect("every deadline class starts with `deadline`");
            assert!(css.contains(&format!(".deadline.{own} {{")), "no style for {own}");
        }
    }

    /// The worklist opens the dossier at the section where the act is recorded.
    #[test]
    fn a_pai_deadline_opens_the_pai_section_and_the_others_the_pathway() {
        assert_eq!(section_of(DeadlineKind::PaiProposal), "pai");
        assert_eq!(section_of(DeadlineKind::OrientationInterview), "percorso");
    }
}
