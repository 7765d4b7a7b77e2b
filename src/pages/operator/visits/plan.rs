//! `/operatore/visite`: the visiting officer's plan. They pick the companies for the coming
//! days (booked visits first, from the company index; a search adds others), and the device
//! keeps exactly those records, with the company index, for work without network. A record
//! taken off the plan leaves the device only once the relay has all its changes; each
//! planned record shows whether it is here and what is still only here (its outbox).

use super::super::{format_date, today, Desk, Section};
use crate::io::companies;
use crate::io::settings::{self, VisitPlan};
use crate::io::sync;
use leptos::prelude::*;
use sportello_core::employers::campaign::{Event, Stage};
use sportello_core::employers::index::CompanyEntry;
use sportello_core::employers::visits;
use sportello_core::sync::ids::DocumentId;

/// How many booked visits and search hits are listed.
const LIST_LIMIT: usize = 30;

#[component]
pub fn VisitPlanPage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let by = desk.label();
    let plan = RwSignal::new(settings::visit_plan(&by));
    // The planned records and those still leaving are followed, so they are fetched and kept
    // in step while online.
    plan.with_untracked(|p| {
        p.planned.iter().chain(&p.leaving).filter_map(|u| DocumentId::parse(u).ok()).for_each(sync::open)
    });
    let store = StoredValue::new(by);
    let save = move |next: VisitPlan| {
        store.with_value(|by| settings::set_visit_plan(by, &next));
        plan.set(next);
    };
    // Records off the plan go once the relay holds all their changes, never before.
    Effect::new(move |_| {
        handle.status.track();
        let leaving = plan.with(|p| p.leaving.clone());
        // The tablet may have let go of it already (`on_screen::release_unkept`).
        let (loaded, held) = (handle.status.with(|s| s.loaded), sync::held_records());
        let gone: Vec<String> = leaving
            .iter()
            .filter(|u| {
                DocumentId::parse(u).is_ok_and(|doc| {
                    handle.pending(doc) == 0 && (sync::forget_delivered(doc) || (loaded && !held.contains(&doc)))
                })
            })
            .cloned()
            .collect();
        if !gone.is_empty() {
            let mut next = plan.get_untracked();
            next.leaving.retain(|u| !gone.contains(u));
            save(next);
        }
    });
    let add = move |company: String| {
        let mut next = plan.get_untracked();
        if !next.planned.contains(&company) {
            next.planned.push(company.clone());
        }
        next.leaving.retain(|u| *u != company);
        if let Ok(doc) = DocumentId::parse(&company) {
            sync::open(doc);
        }
        save(next);
    };
    let remove = move |company: String| {
        let mut next = plan.get_untracked();
        next.planned.retain(|u| *u != company);
        if !next.leaving.contains(&company) {
            next.leaving.push(company);
        }
        save(next);
    };
    let index_id = desk.company_index;
    let entries = move |pick: &dyn Fn(&sportello_core::employers::index::CompanyIndexView) -> Vec<usize>| {
        index_id
            .and_then(|index| {
                companies::with_index(handle, index, |view| {
                    pick(view).into_iter().map(|i| view.entries[i].clone()).collect()
                })
            })
            .unwrap_or_default()
    };
    let booked = Memo::new(move |_| {
        let mut list: Vec<CompanyEntry> = entries(&|view| visits::booked_visits(&view.entries, today()));
        list.truncate(LIST_LIMIT);
        list
    });
    let query = RwSignal::new(String::new());
    let found = Memo::new(move |_| {
        let q = query.get();
        entries(&|view| view.search.search(&q, LIST_LIMIT))
    });
    let planned_entry = move |company: &str| {
        index_id.and_then(|index| companies::with_index(handle, index, |view| view.get(company).cloned())).flatten()
    };
    let candidate_list = move |list: Vec<CompanyEntry>, empty: &'static str| {
        if list.is_empty() {
            return view! { <p class="note">{empty}</p> }.into_any();
        }
        view! {
            <ul class="visit-candidates">
                {list.into_iter().map(|e| {
                    let company = e.company.clone();
                    let planned = Memo::new(move |_| plan.with(|p| p.planned.contains(&company)));
                    let company = e.company.clone();
                    let name = e.name.clone();
                    view! {
                        <li class="visit-candidate">
                            <span class="visit-name">{e.name.clone()}</span>
                            <span class="visit-meta">{candidate_meta(&e)}</span>
                            <button type="button" class="button secondary" prop:disabled=planned
                                aria-label=move || format!("{}: {name}", if planned.get() { "Nel piano" } else { "Aggiungi al piano" })
                                on:click=move |_| add(company.clone())>
                                {move || if planned.get() { "Nel piano" } else { "Aggiungi al piano" }}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <header class="visits-head">
            <p class="eyebrow">"Visite alle imprese"</p>
            <h1>"Piano delle visite"</h1>
            <p class="note">"Scegli le imprese dei prossimi giorni: il tablet tiene le loro schede e l'elenco delle imprese, così lavori anche senza rete. Una scheda tolta dal piano resta sul tablet finché il server non ha tutte le sue modifiche."</p>
        </header>
        {move || index_id.is_none().then(|| view! {
            <p class="form-error" role="alert">"L'elenco delle imprese del Centro non è ancora arrivato: collegati alla rete e riprova."</p>
        })}
        <Section title="Il mio piano" id="visit-plan">
            {move || {
                let p = plan.get();
                if p.planned.is_empty() && p.leaving.is_empty() {
                    return view! { <p class="note">"Nessuna impresa nel piano."</p> }.into_any();
                }
                view! {
                    <ul class="visit-plan">
                        {p.planned.into_iter().map(|c| {
                            let entry = planned_entry(&c);
                            view! { <PlannedVisit company=c entry leaving=false on_remove=Callback::new(remove) /> }
                        }).collect_view()}
                        {p.leaving.into_iter().map(|c| {
                            let entry = planned_entry(&c);
                            view! { <PlannedVisit company=c entry leaving=true on_remove=Callback::new(remove) /> }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Section>
        <Section title="Visite prenotate" id="visit-booked">
            {move || candidate_list(booked.get(), "Nessuna visita prenotata nelle prossime due settimane.")}
        </Section>
        <Section title="Aggiungi un'altra impresa" id="visit-search">
            <label class="visit-search">"Cerca per denominazione, codice fiscale o partita IVA"
                <input type="search" name="visit-search" autocomplete="off"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            </label>
            {move || (query.with(|q| q.trim().chars().count() >= 2)).then(|| candidate_list(found.get(), "Nessuna impresa trovata."))}
        </Section>
    }
}

fn candidate_meta(e: &CompanyEntry) -> String {
    match (e.campaign.stage, e.campaign.visit_on) {
        (Stage::VisitBooked, Some(day)) => format!("{} · visita il {}", e.tax_code, format_date(day)),
        (stage, _) => format!("{} · {}", e.tax_code, stage.label_it()),
    }
}

/// One company of the plan: whether its record is on this device and its outbox.
#[component]
fn PlannedVisit(
    company: String,
    entry: Option<CompanyEntry>,
    leaving: bool,
    on_remove: Callback<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let doc = DocumentId::parse(&company).ok();
    let here = move || doc.is_some_and(|d| handle.with_doc(d, |_| ()).is_some());
    let pending = move || doc.map_or(0, |d| handle.pending(d));
    let online = move || handle.status.with(|s| s.online);
    let name = entry.as_ref().map_or_else(|| "Impresa (non ancora nell'elenco)".to_string(), |e| e.name.clone());
    let meta = entry.as_ref().map(candidate_meta).unwrap_or_default();
    let booked = entry.as_ref().is_some_and(|e| e.campaign.stage == Stage::VisitBooked);
    let error = RwSignal::new(None::<String>);
    let record_visit = move |_| {
        let Some(doc) = doc else { return };
        let day = today();
        let result = companies::edit(handle, desk.company_index, doc, &desk.author(), "Visita in azienda", |c| {
            let id = sync::new_document_id().to_string();
            c.record_event(&id, Event::Visit, day, day, &desk.username, "").map(|_| ())
        });
        error.set(match result {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.message_it()),
            Err(e) => Some(e.message_it()),
        });
    };
    let remove_id = company.clone();
    view! {
        <li class=if leaving { "visit-planned leaving" } else { "visit-planned" } data-testid=format!("visit-{company}")>
            <div class="visit-title">
                <span class="visit-name">{name.clone()}</span>
                <span class="visit-meta">{meta}</span>
            </div>
            <span class="visit-here" data-testid=format!("on-device-{company}")>
                {move || if here() { "Scheda sul tablet" } else { "Scheda non ancora sul tablet" }}
            </span>
            <span class="visit-outbox" role="status" data-testid=format!("outbox-{company}")>{move || match pending() {
                0 if leaving && online() => "In uscita dal tablet".to_string(),
                0 if online() => "Tutto arrivato al server".to_string(),
                0 => "Nessuna modifica in attesa".to_string(),
                1 => "1 modifica solo su questo tablet".to_string(),
                n => format!("{n} modifiche solo su questo tablet"),
            }}</span>
            <div class="visit-actions">
                {(!leaving).then(|| view! {
                    <a class="button" href=format!("/operatore/impresa/{company}/convenzione")>"Convenzione"</a>
                    <a class="button secondary" href=format!("/operatore/impresa/{company}")>"Scheda"</a>
                    {booked.then(|| view! { <button type="button" class="button secondary" on:click=record_visit>"Visita fatta oggi"</button> })}
                    <button type="button" class="button secondary" aria-label=format!("Togli dal piano: {name}")
                        on:click=move |_| on_remove.run(remove_id.clone())>"Togli dal piano"</button>
                })}
                {leaving.then(|| view! { <span class="note">"Tolta dal piano: resta sul tablet finché il server non ha tutte le sue modifiche."</span> })}
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </li>
    }
}
