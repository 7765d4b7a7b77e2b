//! The queue console at `/operatore/coda`: open one's desk for some areas, call the next
//! ticket (priority first, then time), recall, call a given number, start, done, no-show,
//! transfer; the waiting order; today's waiting and service times per area; the month's
//! satisfaction survey.

use super::{today, Desk, Section};
use crate::io::queue::{clock_time, now_ms};
use crate::io::sync::EditError;
use crate::io::{api, settings};
use leptos::prelude::*;
use sportello_core::catalogue::{catalogue, Area};
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{self, QueueError, Status, Ticket, TicketNumber};
use sportello_core::sync::ids::DocumentId;

fn minutes(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |m| format!("{m:.0} min"))
}

fn areas_of(letters: &str) -> Vec<Area> {
    Area::ALL.into_iter().filter(|a| letters.contains(a.letter())).collect()
}

/// One operator action on the day's queue; `Some` names the ticket it touched.
type QueueAction = Box<dyn FnOnce(&mut QueueDay) -> Result<Option<Ticket>, QueueError>>;

#[component]
pub fn QueueConsolePage() -> impl IntoView {
    // The day's document follows the (relay-corrected) clock: a console left open past
    // midnight moves to the new day.
    let minute = RwSignal::new(0u32);
    let tick = set_interval_with_handle(move || minute.update(|m| *m += 1), std::time::Duration::from_secs(30)).ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    let day = Memo::new(move |_| {
        minute.track();
        settings::operator_session().and_then(|c| c.queue_day(crate::io::queue::today()))
    });
    move || {
        match day.get() {
        Some(day) => view! { <QueueConsole day /> }.into_any(),
        None => view! {
            <h1>"Coda"</h1>
            <p role="alert">"La coda di oggi non è ancora su questo dispositivo: collegati alla rete e riapri la pagina."</p>
        }
        .into_any(),
    }
    }
}

#[component]
fn QueueConsole(day: DocumentId) -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let queue = Memo::new(move |_| handle.read::<QueueDay>(day));
    let tickets = Memo::new(move |_| queue.get().map(|q| q.tickets()).unwrap_or_default());
    let setup = RwSignal::new(settings::desk_setup().unwrap_or(settings::DeskSetup { desk: 1, areas: "A".into() }));
    let my_desk = move || setup.with(|s| s.desk);
    let my_areas = move || setup.with(|s| areas_of(&s.areas));
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    // Every action reads the day, applies one rule of `sportello_core::queue`, writes it back.
    let act = move |message: &str, action: QueueAction| {
        // A refused action leaves the day as it was, so nothing is committed for it.
        let result = handle.update::<QueueDay, _>(day, message, action);
        match result {
            Ok(Ok(ticket)) => {
                error.set(None);
                Some(ticket)
            }
            Ok(Err(e)) => {
                error.set(Some(e.message_it()));
                None
            }
            Err(EditError::Missing) => {
                error.set(Some("La coda di oggi non è su questo dispositivo.".into()));
                None
            }
            Err(e) => {
                error.set(Some(e.message_it()));
                None
            }
        }
    };
    let act = StoredValue::new(act);

    let open_desk = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = setup.get_untracked();
        let areas = areas_of(&current.areas);
        if current.desk == 0 || areas.is_empty() {
            return error.set(Some("Indica il numero dello sportello e almeno un'area servita.".into()));
        }
        settings::set_desk_setup(&current);
        act.with_value(|act| {
            act(
                "desk opened",
                Box::new(move |d| {
                    d.set_desk(current.desk, &areas, now_ms());
                    Ok(None)
                }),
            )
        });
    };
    let close_desk = move |_| {
        let desk = my_desk();
        act.with_value(|act| {
            act(
                "desk closed",
                Box::new(move |d| {
                    d.set_desk(desk, &[], now_ms());
                    Ok(None)
                }),
            )
        });
    };
    let desk_open = move || queue.with(|q| q.as_ref().is_some_and(|q| !q.desk_areas(my_desk()).is_empty()));
    // The ticket at my desk now: called or being served.
    let current = Memo::new(move |_| {
        let desk = my_desk();
        tickets.get().into_iter().find(|t| t.status.desk() == Some(desk))
    });
    // The last ticket this console called: if another desk called it at the same moment,
    // the merge keeps one call, and the operator must know theirs was lost.
    let last_called = RwSignal::new(None::<TicketNumber>);
    let lost_call = Memo::new(move |_| {
        let number = last_called.get()?;
        let ticket = tickets.with(|all| all.iter().find(|t| t.number == number).cloned())?;
        ticket.status.desk().filter(|desk| *desk != my_desk()).map(|desk| (number, desk))
    });
    let call_next = move |_| {
        let (desk, areas) = (my_desk(), my_areas());
        let called = act.with_value(|act| act("call next", Box::new(move |d| Ok(d.call_next(&areas, desk, now_ms())))));
        match called {
            Some(Some(ticket)) => {
                notice.set(None);
                last_called.set(Some(ticket.number));
            }
            Some(None) => notice.set(Some("Nessuno in attesa per le aree di questo sportello.".into())),
            None => notice.set(None),
        }
    };
    let typed = RwSignal::new(String::new());
    let call_given = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(number) = TicketNumber::parse(&typed.get_untracked()) else {
            return error.set(Some("Numero non valido: scrivilo come sul biglietto, per esempio A-B-017.".into()));
        };
        let desk = my_desk();
        let done = act.with_value(|act| {
            act("call ticket", Box::new(move |d| d.update(number, |t| t.call(desk, now_ms())).map(Some)))
        });
        if done.is_some() {
            typed.set(String::new());
            last_called.set(Some(number));
        }
    };
    let on_ticket =
        move |label: &'static str, number: TicketNumber, f: fn(&mut Ticket, i64) -> Result<(), QueueError>| {
            act.with_value(|act| act(label, Box::new(move |d| d.update(number, |t| f(t, now_ms())).map(Some))));
        };
    let transfer_to = RwSignal::new(String::new());

    view! {
        <h1>"Coda"</h1>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {move || lost_call.get().map(|(number, other)| view! {
            <p class="form-error" role="alert">{format!(
                "Il biglietto {number} è stato chiamato nello stesso momento dallo sportello {other}, che lo serve: chiama il prossimo."
            )}</p>
        })}
        <Section title="Il mio sportello" id="desk">
            <form class="form inline" on:submit=open_desk>
                <label>"Sportello n."
                    <input type="number" min="1" max="99" name="desk" prop:value=move || my_desk().to_string()
                        on:input=move |ev| {
                            let n = event_target_value(&ev).parse().unwrap_or(0);
                            setup.update(|s| s.desk = n);
                        } />
                </label>
                <fieldset class="area-choice">
                    <legend>"Aree servite"</legend>
                    {Area::ALL.into_iter().map(|a| view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || setup.with(|s| s.areas.contains(a.letter()))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    setup.update(|s| {
                                        let mut letters: Vec<char> = s.areas.chars().filter(|c| *c != a.letter()).collect();
                                        if on { letters.push(a.letter()); }
                                        letters.sort_unstable();
                                        s.areas = letters.into_iter().collect();
                                    });
                                } />
                            {format!("{} · {}", a.letter(), catalogue().area_name(a, "it"))}
                        </label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">{move || if desk_open() { "Aggiorna lo sportello" } else { "Apri lo sportello" }}</button>
                {move || desk_open().then(|| view! { <button type="button" class="button secondary" on:click=close_desk>"Chiudi lo sportello"</button> })}
            </form>
            <p data-testid="desk-state">{move || {
                let areas = queue.with(|q| q.as_ref().map(|q| q.desk_areas(my_desk())).unwrap_or_default());
                if areas.is_empty() {
                    format!("Sportello {} chiuso.", my_desk())
                } else {
                    let letters: Vec<String> = areas.iter().map(|a| a.letter().to_string()).collect();
                    format!("Sportello {} aperto per le aree {}.", my_desk(), letters.join(", "))
                }
            }}</p>
        </Section>
        <Section title="Allo sportello" id="at-desk">
            {move || match current.get() {
                Some(t) => {
                    let number = t.number;
                    let serving = matches!(t.status, Status::Serving { .. });
                    view! {
                        <div class="current-ticket" data-testid="current-ticket">
                            <p class="ticket-number">{number.to_string()}</p>
                            <p>{format!("{} · {} · emesso alle {}", t.status.label_it(), t.priority.label_it(), clock_time(t.issued_at_ms))}</p>
                            <div class="actions">
                                {(!serving).then(|| view! {
                                    <button type="button" class="button" on:click=move |_| on_ticket("start", number, |t, at| t.start(at))>"Inizia il servizio"</button>
                                    <button type="button" class="button secondary" on:click=move |_| on_ticket("recall", number, |t, at| t.recall(at))>"Richiama"</button>
                                    <button type="button" class="button secondary" on:click=move |_| on_ticket("no-show", number, |t, at| t.no_show(at))>"Assente"</button>
                                })}
                                <button type="button" class="button" on:click=move |_| on_ticket("done", number, |t, at| t.done(at))>"Servito"</button>
                            </div>
                            <div class="transfer">
                                <label>"Trasferisci all'area"
                                    <select prop:value=move || transfer_to.get() on:change=move |ev| transfer_to.set(event_target_value(&ev))>
                                        <option value="">"—"</option>
                                        {Area::ALL.into_iter().filter(|a| *a != t.area).map(|a| view! {
                                            <option value=a.letter().to_string()>{format!("{} · {}", a.letter(), catalogue().area_name(a, "it"))}</option>
                                        }).collect_view()}
                                    </select>
                                </label>
                                <button type="button" class="button secondary" on:click=move |_| {
                                    let Some(to) = transfer_to.get_untracked().chars().next().and_then(Area::from_letter) else {
                                        return error.set(Some("Scegli l'area a cui trasferire il biglietto.".into()));
                                    };
                                    act.with_value(|act| act("transfer", Box::new(move |d| d.update(number, |t| t.transfer(to, now_ms())).map(Some))));
                                    transfer_to.set(String::new());
                                }>"Trasferisci"</button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
                None => view! {
                    <p>"Nessun biglietto allo sportello."</p>
                    <button type="button" class="button" prop:disabled=move || !desk_open() on:click=call_next>"Chiama il prossimo"</button>
                    {move || (!desk_open()).then(|| view! { <p class="hint">"Apri lo sportello per chiamare."</p> })}
                    {move || notice.get().map(|n| view! { <p role="status">{n}</p> })}
                    <form class="form inline" on:submit=call_given>
                        <label>"Chiama il numero"
                            <input type="text" name="ticket" autocomplete="off" placeholder="A-B-017"
                                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev).to_uppercase()) />
                        </label>
                        <button type="submit" class="button secondary" prop:disabled=move || !desk_open()>"Chiama"</button>
                    </form>
                }
                .into_any(),
            }}
        </Section>
        <Section title="In attesa" id="waiting">
            <table class="waiting-table" data-testid="waiting">
                <thead><tr><th scope="col">"#"</th><th scope="col">"Numero"</th><th scope="col">"Area"</th><th scope="col">"Precedenza"</th><th scope="col">"Emesso"</th></tr></thead>
                <tbody>
                    {move || {
                        let all = tickets.get();
                        let areas = my_areas();
                        queue::call_order_for(&all, &areas).into_iter().enumerate().map(|(i, t)| view! {
                            <tr data-number=t.number.to_string()>
                                <td>{(i + 1).to_string()}</td>
                                <td class="number">{t.number.to_string()}</td>
                                <td>{t.area.letter().to_string()}</td>
                                <td>{t.priority.label_it()}</td>
                                <td>{clock_time(t.issued_at_ms)}</td>
                            </tr>
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </Section>
        <Section title="Oggi per area" id="today-times">
            <table class="times">
                <thead><tr><th scope="col">"Area"</th><th scope="col">"Biglietti"</th><th scope="col">"In attesa"</th><th scope="col">"Sportelli aperti"</th><th scope="col">"Attesa media"</th><th scope="col">"Serviti"</th><th scope="col">"Servizio medio"</th><th scope="col">"Standard"</th></tr></thead>
                <tbody>
                    {move || {
                        let all = tickets.get();
                        let q = queue.get();
                        queue::day_times(&all).into_iter().map(|a| {
                            let waiting = queue::call_order(&all, a.area).len();
                            let desks = q.as_ref().map_or(0, |q| q.desks_open(a.area));
                            view! {
                                <tr data-area=a.area.letter().to_string()>
                                    <th scope="row">{format!("{} · {}", a.area.letter(), catalogue().area_name(a.area, "it"))}</th>
                                    <td>{a.tickets.to_string()}</td>
                                    <td>{waiting.to_string()}</td>
                                    <td>{desks.to_string()}</td>
                                    <td>{minutes(a.mean_wait_minutes)}</td>
                                    <td>{a.served.to_string()}</td>
                                    <td>{minutes(a.mean_service_minutes)}</td>
                                    <td>{format!("{} min", queue::standard_minutes(a.area))}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </Section>
        <SatisfactionSection token=desk.token.clone() />
    }
    .into_any()
}

/// The month's survey results per area, from the relay (online only).
#[component]
fn SatisfactionSection(token: String) -> impl IntoView {
    let month = RwSignal::new(today().format("%Y-%m").to_string());
    let results = LocalResource::new(move || {
        let (token, month) = (token.clone(), month.get());
        async move { api::satisfaction(&token, &month).await }
    });
    view! {
        <Section title="Soddisfazione dei cittadini" id="satisfaction">
            <label>"Mese"
                <input type="month" prop:value=move || month.get() on:change=move |ev| month.set(event_target_value(&ev)) />
            </label>
            {move || match results.get() {
                None => view! { <p>"Caricamento…"</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
                Some(Ok(s)) if s.areas.is_empty() => view! { <p>"Nessuna risposta in questo mese."</p> }.into_any(),
                Some(Ok(s)) => view! {
                    <table class="satisfaction" data-testid="satisfaction">
                        <thead><tr><th scope="col">"Area"</th><th scope="col">"Risposte"</th><th scope="col">"Media"</th><th scope="col">"1 · 2 · 3 · 4 · 5"</th></tr></thead>
                        <tbody>
                            {s.areas.into_iter().map(|a| view! {
                                <tr data-area=a.area.clone()>
                                    <th scope="row">{format!("{} · {}", a.area, a.area_name)}</th>
                                    <td>{a.responses.to_string()}</td>
                                    <td>{a.mean.map_or_else(String::new, |m| format!("{m:.1}"))}</td>
                                    <td>{a.counts.iter().map(u32::to_string).collect::<Vec<_>>().join(" · ")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <ul class="comments">
                        {s.comments.into_iter().map(|c| view! {
                            <li>{format!("{} · area {} · voto {}: ", c.day, c.area, c.rating)}<q>{c.comment}</q></li>
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </Section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_desks_areas_are_read_from_their_letters_in_charter_order() {
        assert_eq!(areas_of("DB"), [Area::B, Area::D]);
        assert_eq!(areas_of(""), []);
        assert_eq!(areas_of("XZ"), []);
    }

    #[test]
    fn minutes_are_whole_or_a_dash_when_unknown() {
        assert_eq!(minutes(Some(12.6)), "13 min");
        assert_eq!(minutes(None), "—");
    }
}
