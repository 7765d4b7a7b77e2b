//! The campaign's worklist (core's `campaign_worklist`, in core's order): the calls due
//! within 7 working days of the letter, overdue first with their deadline, then visits,
//! convenzioni to sign, visits to book, companies to call again. Each row records the
//! step it waits for; the convenzione is signed on the company's own screen.

use super::steps::{StepStatus, Steps, Work};
use super::{with_entries, ShowMore};
use crate::pages::operator::{format_date, today, Desk, Section};
use chrono::NaiveDate;
use leptos::prelude::*;
use sportello_core::docs::dossier::parse_date;
use sportello_core::employers::campaign::{check_date, Action, CallOutcome, Event};
use sportello_core::employers::index::campaign_worklist;
use sportello_core::pathway::{status, DeadlineStatus};
use sportello_core::search::fold;
use sportello_core::sync::ids::DocumentId;
use std::collections::HashMap;

const PAGE: usize = 25;

#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    name: String,
    action: Action,
    overdue: bool,
    /// The call's deadline as of today.
    status: Option<DeadlineStatus>,
}

#[component]
pub(super) fn TasksSection() -> impl IntoView {
    let desk = Desk::get();
    let (handle, index) = (desk.handle, desk.company_index);
    let cal = StoredValue::new(desk.calendar());
    let only_overdue = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let steps = Steps::new();
    let rows = Memo::new(move |_| {
        let today = today();
        with_entries(handle, index, |entries| {
            let names: HashMap<&str, &str> = entries.iter().map(|e| (e.company.as_str(), e.name.as_str())).collect();
            cal.with_value(|cal| {
                campaign_worklist(entries, today, cal)
                    .into_iter()
                    .map(|t| {
                        let name = names.get(t.company.as_str()).map(|n| (*n).to_owned());
                        let status = match t.action {
                            Action::Call(d) => Some(status(&d, today, cal)),
                            _ => None,
                        };
                        Row {
                            id: t.company,
                            name: name.unwrap_or_default(),
                            action: t.action,
                            overdue: t.overdue,
                            status,
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let overdue = Memo::new(move |_| rows.with(|r| r.iter().filter(|r| r.overdue).count()));
    let filtered = Memo::new(move |_| {
        let only = only_overdue.get();
        let words: Vec<String> = query.with(|q| fold(q).split_whitespace().map(str::to_owned).collect());
        rows.get()
            .into_iter()
            .filter(|r| !only || r.overdue)
            .filter(|r| {
                let name = fold(&r.name);
                words.iter().all(|w| name.contains(w.as_str()))
            })
            .collect::<Vec<_>>()
    });
    let visible = move || filtered.get().into_iter().take(shown.get()).collect::<Vec<_>>();
    view! {
        <Section title="3. Telefonate e visite" id="tasks">
            <p class="lead">{move || format!(
                "{} imprese da seguire, {} telefonate scadute. La telefonata va fatta entro 7 giorni lavorativi dall'invio della lettera (calendario del CPI).",
                rows.with(Vec::len),
                overdue.get()
            )}</p>
            <div class="filters">
                <label>"Cerca un'impresa"
                    <input type="search" autocomplete="off" prop:value=move || query.get()
                        on:input=move |ev| { query.set(event_target_value(&ev)); shown.set(PAGE); } />
                </label>
                <label class="checkbox">
                    <input type="checkbox" on:change=move |ev| { only_overdue.set(event_target_checked(&ev)); shown.set(PAGE); } />
                    "Solo telefonate scadute"
                </label>
            </div>
            <StepStatus steps />
            <ol class="campaign-tasks">
                <For each=visible key=|r| (r.id.clone(), r.action) let:row>
                    <TaskRow row steps />
                </For>
            </ol>
            <ShowMore total=Signal::derive(move || filtered.with(Vec::len)) shown page=PAGE />
            {move || rows.with(Vec::is_empty).then(|| view! { <p class="empty">"Nessuna impresa da seguire."</p> })}
        </Section>
    }
}

#[component]
fn TaskRow(row: Row, steps: Steps) -> impl IntoView {
    let Row { id, name, action, overdue, status } = row;
    let href = format!("/operatore/impresa/{id}");
    let when = match action {
        Action::Call(d) => Some(format!("Entro il {}", format_date(d.due))),
        Action::Visit(day) => Some(format!("Visita il {}", format_date(day))),
        _ => None,
    };
    let deadline = status.map(|s| {
        let class = if s.is_overdue() { "deadline overdue" } else { "deadline open" };
        view! { <span class=class>{s.label_it()}</span><span class="deadline-detail">{s.describe_it()}</span> }
    });
    let start = {
        let (id, name) = (id.clone(), name.clone());
        Callback::new(move |(event, on): (Event, Option<NaiveDate>)| {
            let Some(on) = on else { return steps.refuse("Inserisci una data valida.".into()) };
            if let Err(e) = check_date(event, on, today()) {
                return steps.refuse(e.message_it());
            }
            if let Ok(doc) = DocumentId::parse(&id) {
                steps.start(vec![(doc, name.clone())], Work::Step(event, on));
            }
        })
    };
    let controls = match action {
        Action::Call(_) | Action::CallAgain => call_form(start).into_any(),
        Action::BookVisit => booking_form(start).into_any(),
        Action::Visit(_) => visit_form(start).into_any(),
        Action::Sign => view! {
            <a class="button" href=format!("{href}/convenzione")>"Firma la convenzione"</a>
        }
        .into_any(),
        Action::SendLetter => {
            view! { <p class="hint">"La lettera si stampa e si registra in «2. Lettere di presentazione»."</p> }
                .into_any()
        }
    };
    view! {
        <li class=if overdue { "campaign-task overdue" } else { "campaign-task" } data-company=id data-overdue=overdue.to_string()>
            <div class="task-head">
                <a class="task-company" href=href.clone()>{name}</a>
                <span class="task-action">{action.label_it()}</span>
                {when.map(|w| view! { <span class="task-when">{w}</span> })}
                {deadline}
            </div>
            <div class="task-controls">{controls}</div>
        </li>
    }
}

type Start = Callback<(Event, Option<NaiveDate>)>;

/// A date field, today by default.
fn date_field(label: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label>{label}
            <input type="date" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}

fn call_form(start: Start) -> impl IntoView {
    let outcome = RwSignal::new(CallOutcome::Interested.code().to_owned());
    let on = RwSignal::new(today().to_string());
    let record = move |_| {
        let Some(outcome) = CallOutcome::from_code(&outcome.get_untracked()) else { return };
        start.run((Event::Call(outcome), parse_date(&on.get_untracked())));
    };
    view! {
        <label>"Esito della telefonata"
            <select on:change=move |ev| outcome.set(event_target_value(&ev))>
                {CallOutcome::ALL.into_iter().map(|o| view! { <option value=o.code()>{o.label_it()}</option> }).collect_view()}
            </select>
        </label>
        {date_field("Data della telefonata", on)}
        <button type="button" class="button" on:click=record>"Registra la telefonata"</button>
    }
}

fn booking_form(start: Start) -> impl IntoView {
    let day = RwSignal::new(String::new());
    let record = move |_| match parse_date(&day.get_untracked()) {
        Some(day) => start.run((Event::BookVisit(day), Some(today()))),
        None => start.run((Event::BookVisit(today()), None)),
    };
    view! {
        {date_field("Giorno della visita", day)}
        <button type="button" class="button" on:click=record>"Prenota la visita"</button>
    }
}

fn visit_form(start: Start) -> impl IntoView {
    let on = RwSignal::new(today().to_string());
    let record = move |_| start.run((Event::Visit, parse_date(&on.get_untracked())));
    view! {
        {date_field("Data della visita svolta", on)}
        <button type="button" class="button" on:click=record>"Registra la visita"</button>
    }
}
