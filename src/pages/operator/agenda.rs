//! `/operatore/agenda`: the B1 interviews booked at the totems and at the desk, per day and
//! per operator; slots two totems booked alike, each with a proposed new slot to assign;
//! and booking an interview for a dossier by the same rules.

use super::{format_date, today, Desk, Section};
use crate::io::agenda::{self, AgendaDesk};
use crate::io::dossiers::with_index;
use crate::io::queue::now_ms;
use leptos::prelude::*;
use sportello_core::booking::{self, Slot};
use sportello_core::docs::agenda::{Agenda, Booking, Hold};
use sportello_core::docs::board::Board;
use sportello_core::docs::outbox::Outbox;
use sportello_core::sync::ids::DocumentId;
use std::collections::HashMap;

/// Who a booking is for, as the desk may see it: a declaration made at a totem (its outbox,
/// whether an operator confirmed it) or a dossier booked at the desk.
#[derive(Clone, PartialEq)]
struct Person {
    name: String,
    codice_fiscale: String,
    href: String,
    confirmed_by: Option<String>,
}

fn slot_text(slot: Slot) -> String {
    format!("{} alle {}", format_date(slot.date()), slot.time_text())
}

fn holder_text(hold: &Hold) -> String {
    if hold.by_desk() {
        "allo sportello".into()
    } else {
        format!("al totem {}", hold.holder)
    }
}

#[component]
pub fn AgendaPage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let (board_id, index, outboxes) = (desk.board, desk.index, desk.outboxes);
    let Some(agenda_id) = desk.agenda else {
        return view! {
            <h1>"Agenda dei colloqui"</h1>
            <p role="status">"L'agenda non è ancora arrivata su questo dispositivo: riprova quando sei in linea."</p>
        }
        .into_any();
    };
    let cal = StoredValue::new(desk.calendar());
    let cpi = sportello_core::cpi::cpi_by_slug(&desk.cpi);
    let agenda = Memo::new(move |_| handle.read::<Agenda>(agenda_id).unwrap_or_default());
    let board = Memo::new(move |_| board_id.and_then(|id| handle.read::<Board>(id)));
    let hours = Memo::new(move |_| {
        cpi.map(|c| booking::parse_opening_hours(&booking::opening_hours(board.get().as_ref(), c))).unwrap_or_default()
    });
    let taken = Memo::new(move |_| agenda.with(|a| a.taken_with(board.get().as_ref())));
    // Declarations at the totems by their reference (the outbox item's id).
    let declared = Memo::new(move |_| {
        let mut people: HashMap<String, Person> = HashMap::new();
        for outbox_id in outboxes.get() {
            let Some(outbox) = handle.read::<Outbox>(outbox_id) else { continue };
            for item in outbox.items {
                let Some(did) = item.did else { continue };
                people.insert(
                    item.id.to_string(),
                    Person {
                        name: format!("{} {}", did.surname, did.name),
                        codice_fiscale: did.codice_fiscale.to_string(),
                        href: format!("/operatore/dichiarazione/{outbox_id}/{}", item.id),
                        confirmed_by: item.handled_by.map(|b| b.to_string()),
                    },
                );
            }
        }
        people
    });
    let person = move |reference: &str| -> Option<Person> {
        if let Some(p) = declared.with(|d| d.get(reference).cloned()) {
            return Some(p);
        }
        // A desk booking's reference is the dossier's id.
        with_index(handle, index?, |view| {
            view.get(reference).map(|e| Person {
                name: format!("{} {}", e.surname, e.name),
                codice_fiscale: e.codice_fiscale.clone(),
                href: format!("/operatore/persona/{reference}?sezione=percorso"),
                confirmed_by: None,
            })
        })
        .flatten()
    };
    let dossier_of = move |codice_fiscale: &str| -> Option<DocumentId> {
        let code = sportello_core::codice_fiscale::parse(codice_fiscale).ok()?;
        with_index(handle, index?, |view| view.dossier_of(&code).map(|e| e.dossier.clone()))
            .flatten()
            .and_then(|id| DocumentId::parse(&id).ok())
    };
    let author = desk.author();
    let agenda_desk = StoredValue::new(move || AgendaDesk {
        handle,
        agenda: agenda_id,
        index,
        author: author.clone(),
        now_ms: now_ms(),
    });
    let message = RwSignal::new(None::<Result<String, String>>);

    // Conflicts, each with the first free slot within its limit.
    let conflicts = Memo::new(move |_| {
        let a = agenda.get();
        let (hours, taken) = (hours.get(), taken.get());
        cal.with_value(|cal| {
            a.conflicts()
                .into_iter()
                .map(|lost| {
                    let winner = a.holds.get(match &lost.standing {
                        sportello_core::docs::agenda::Standing::Lost { to } => to.as_str(),
                        _ => "",
                    });
                    let proposal = a.proposal(&lost, today(), &hours, cal, &taken);
                    (lost, winner.cloned(), proposal)
                })
                .collect::<Vec<_>>()
        })
    });
    let assign = move |lost: Booking, slot: Slot| {
        let Some(limit) = lost.hold.limit() else { return };
        let who = person(&lost.hold.reference);
        // Once the declaration is confirmed the dossier records the new time at once;
        // before, confirming it records the time the agenda holds then.
        let dossier = who.as_ref().filter(|p| p.confirmed_by.is_some()).and_then(|p| dossier_of(&p.codice_fiscale));
        let note = "nuovo orario dopo un conflitto tra totem";
        let result = agenda_desk.with_value(|d| agenda::assign(&d(), &lost.hold.reference, slot, limit, dossier, note));
        message.set(Some(match result {
            Ok(()) => Ok(format!(
                "Nuovo orario assegnato: {}{}.",
                slot_text(slot),
                who.map(|p| format!(" a {}", p.name)).unwrap_or_default()
            )),
            Err(e) => Err(e.message_it()),
        }));
    };

    let day = RwSignal::new(today());
    let upcoming = Memo::new(move |_| {
        let mut days: Vec<_> =
            agenda.with(|a| a.bookings().into_iter().map(|b| b.slot.date()).filter(|d| *d >= today()).collect());
        days.dedup();
        days
    });
    let groups = Memo::new(move |_| {
        let d = day.get();
        agenda.with(|a| {
            a.day_by_operator(d, |reference| declared.with(|p| p.get(reference).and_then(|p| p.confirmed_by.clone())))
        })
    });

    // Booking at the desk for a dossier, by codice fiscale.
    let cf = RwSignal::new(String::new());
    let booking_day = RwSignal::new(None::<chrono::NaiveDate>);
    let found = Memo::new(move |_| {
        let code = sportello_core::codice_fiscale::parse(&cf.get()).ok()?;
        with_index(handle, index?, |view| {
            view.dossier_of(&code).map(|e| (e.dossier.clone(), format!("{} {}", e.surname, e.name), e.milestones.did))
        })
        .flatten()
    });
    let window = Memo::new(move |_| {
        let did = found.get().and_then(|(_, _, did)| did).unwrap_or_else(today);
        cal.with_value(|cal| booking::booking_window(did, today(), cal))
    });
    let desk_days = Memo::new(move |_| {
        let did = found.get().and_then(|(_, _, did)| did).unwrap_or_else(today);
        let (hours, taken) = (hours.get(), taken.get());
        cal.with_value(|cal| booking::bookable_days(did, today(), &hours, cal, &taken))
    });
    let desk_times = Memo::new(move |_| {
        let (hours, taken) = (hours.get(), taken.get());
        booking_day
            .get()
            .map(|d| cal.with_value(|cal| booking::free_slots_on(d, &hours, cal, &taken)))
            .unwrap_or_default()
    });
    let book_at_desk = move |slot: Slot| {
        let Some((dossier, name, _)) = found.get_untracked() else { return };
        let Ok(dossier_id) = DocumentId::parse(&dossier) else { return };
        let limit = window.get_untracked().1;
        let result = agenda_desk
            .with_value(|d| agenda::assign(&d(), &dossier, slot, limit, Some(dossier_id), "prenotato allo sportello"));
        message.set(Some(match result {
            Ok(()) => Ok(format!("Colloquio prenotato per {name}: {}.", slot_text(slot))),
            Err(e) => Err(e.message_it()),
        }));
        booking_day.set(None);
    };

    view! {
        <h1>"Agenda dei colloqui di orientamento (B1)"</h1>
        <p class="lead">"I colloqui prenotati ai totem e allo sportello, per giorno e per operatore. Un orario preso a un totem è subito occupato per tutti gli altri."</p>
        {move || message.get().map(|m| match m {
            // Booked on this device; said saved only once the relay has every change.
            Ok(text) => view! {
                <p class="notice" role="status" data-testid="agenda-message">{text} " "
                    {move || if handle.status.with(|s| s.pending == 0 && s.online) { "Salvato sul server." } else { "In invio al server…" }}
                </p>
            }.into_any(),
            Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
        })}
        {move || {
            let list = conflicts.get();
            (!list.is_empty()).then(|| view! {
                <Section title="Orari prenotati due volte" id="agenda-conflicts">
                    <ul class="conflicts">
                        {list.into_iter().map(|(lost, winner, proposal)| {
                            let who = person(&lost.hold.reference).map(|p| p.name).unwrap_or_else(|| "una persona".into());
                            let winner_text = winner.as_ref().map(holder_text).unwrap_or_default();
                            let text = format!(
                                "Lo stesso orario è stato prenotato da due totem: {}. Resta a chi ha prenotato prima ({winner_text}); {who}, che aveva prenotato {}, deve avere un nuovo orario.",
                                slot_text(lost.slot), holder_text(&lost.hold)
                            );
                            let lost_for_click = lost.clone();
                            view! {
                                <li class="conflict" data-testid="agenda-conflict">
                                    <p role="alert">{text}</p>
                                    {match proposal {
                                        Some(slot) => view! {
                                            <p data-testid="agenda-proposal">{format!("Nuovo orario proposto: {}.", slot_text(slot))}</p>
                                            <button type="button" class="button" on:click=move |_| assign(lost_for_click.clone(), slot)>
                                                {format!("Assegna il {}", slot_text(slot))}
                                            </button>
                                        }.into_any(),
                                        None => view! { <p>"Nessun orario libero entro il limite dei due mesi: contatta la persona."</p> }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Section>
            })
        }}
        <Section title="Colloqui del giorno" id="agenda-day">
            <div class="agenda-day-nav">
                <button type="button" class="button secondary" on:click=move |_| day.update(|d| *d = d.pred_opt().unwrap_or(*d))>"← Giorno prima"</button>
                <label>"Giorno"
                    <input type="date" data-testid="agenda-date" prop:value=move || day.get().to_string()
                        on:change=move |ev| if let Ok(d) = chrono::NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d") { day.set(d) } />
                </label>
                <button type="button" class="button secondary" on:click=move |_| day.update(|d| *d = d.succ_opt().unwrap_or(*d))>"Giorno dopo →"</button>
            </div>
            {move || {
                let days = upcoming.get();
                (!days.is_empty()).then(|| view! {
                    <p>"Prossimi giorni con colloqui: "
                        {days.into_iter().take(10).map(|d| view! {
                            <button type="button" class="button secondary small" on:click=move |_| day.set(d)>{format_date(d)}</button>
                        }).collect_view()}
                    </p>
                })
            }}
            {move || {
                let groups = groups.get();
                if groups.is_empty() {
                    return view! { <p role="status">{format!("Nessun colloquio il {}.", format_date(day.get()))}</p> }.into_any();
                }
                groups.into_iter().map(|(operator, bookings)| {
                    let title = operator.map(|o| format!("Operatore: {o}")).unwrap_or_else(|| "Da assegnare (DID dichiarata al totem, da confermare)".into());
                    view! {
                        <h3>{title}</h3>
                        <table class="table" data-testid="agenda-table">
                            <thead><tr><th scope="col">"Ora"</th><th scope="col">"Persona"</th><th scope="col">"Prenotato"</th><th scope="col">"Stato"</th></tr></thead>
                            <tbody>
                                {bookings.into_iter().map(|b| {
                                    let p = person(&b.hold.reference);
                                    let state = if b.lost() { "Orario perso: da riassegnare" } else { "Confermato" };
                                    view! {
                                        <tr data-testid="agenda-row">
                                            <td>{b.slot.time_text()}</td>
                                            <td>{match p {
                                                Some(p) => view! { <a href=p.href>{p.name}</a> }.into_any(),
                                                None => view! { <span>"Non ancora su questo dispositivo"</span> }.into_any(),
                                            }}</td>
                                            <td>{holder_text(&b.hold)}</td>
                                            <td>{state}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                }).collect_view().into_any()
            }}
        </Section>
        <Section title="Prenota un colloquio allo sportello" id="agenda-book">
            <label>"Codice fiscale"
                <input type="text" autocomplete="off" maxlength="16" data-testid="agenda-cf" prop:value=move || cf.get()
                    on:input=move |ev| { cf.set(event_target_value(&ev).to_uppercase()); booking_day.set(None); } />
            </label>
            {move || match found.get() {
                None => (!cf.get().is_empty()).then(|| view! { <p role="status">"Nessun fascicolo con questo codice fiscale."</p> }).into_any(),
                Some((_, name, _)) => view! {
                    <p>{format!("{name}: entro il {}.", format_date(window.get().1))}</p>
                    <label>"Giorno"
                        <select data-testid="agenda-book-day" on:change=move |ev| booking_day.set(chrono::NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok())>
                            <option value="">"Scegli il giorno"</option>
                            {move || desk_days.get().into_iter().map(|d| view! { <option value=d.to_string()>{format_date(d)}</option> }).collect_view()}
                        </select>
                    </label>
                    <ul class="tiles slots">
                        {move || desk_times.get().into_iter().map(|slot| view! {
                            <li><button type="button" class="tile slot-tile" on:click=move |_| book_at_desk(slot)>{slot.time_text()}</button></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </Section>
    }
    .into_any()
}
