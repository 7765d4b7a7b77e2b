//! Queue tickets ("taglia code") for citizens: taking a ticket at the totem, rating the
//! service afterwards, following one's turn from a phone, and the waiting room's display
//! board. The rules are `sportello_core::queue`; the day's tickets live in the CPI's queue
//! document for that day, which every device of the CPI syncs.

use crate::components::citizen::QrCode;
use crate::i18n::{I18n, LanguageSwitch};
use crate::io::queue::{chime, new_secret, now_ms, speak_italian, spoken_number, ticket_url};
use crate::io::sync::{self, SyncHandle};
use crate::io::{api, settings};
use crate::pages::totem::{current_cpi, BackToStart, TotemLink};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use sportello_core::catalogue::{catalogue, Area};
use sportello_core::cpi::Cpi;
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{self, Priority, QueueError, Status, Ticket, TicketNumber};
use sportello_core::sync::ids::DocumentId;

/// Today on this device's clock.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn clock_time(ms: i64) -> String {
    let date = js_sys::Date::new(&(ms as f64).into());
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

fn priority_key(p: Priority) -> &'static str {
    match p {
        Priority::Normal => "ticket-priority-normal",
        Priority::Disability => "ticket-priority-disability",
        Priority::Pregnancy => "ticket-priority-pregnancy",
    }
}

/// The citizen's wait, said plainly: people ahead and minutes, or why there is no estimate.
fn wait_text(i18n: I18n, ahead: usize, wait: Option<u32>) -> String {
    match wait {
        None => i18n.t_with("ticket-wait-unknown", &[("ahead", ahead.into())]),
        Some(_) if ahead == 0 => i18n.t("ticket-next"),
        Some(minutes) => i18n.t_with("ticket-wait", &[("ahead", ahead.into()), ("minutes", minutes.into())]),
    }
}

/// A ticket this totem just issued, kept only on screen until the session ends.
#[derive(Clone, PartialEq)]
struct Issued {
    number: TicketNumber,
    date: String,
    secret: String,
    issued_at_ms: i64,
}

/// `/totem/<cpi>/numero`: choose the area, say whether a priority applies, get the ticket
/// with its estimated wait, a QR code to follow it by phone, and the 80 mm print.
#[component]
pub fn TicketPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let area = RwSignal::new(None::<Area>);
    let issued = RwSignal::new(None::<Issued>);
    let error = RwSignal::new(None::<String>);
    let day = move || link.and_then(|l| l.queue_day(today()));
    let queue = Memo::new(move |_| link.and_then(|l| day().and_then(|id| l.handle.read::<QueueDay>(id))));

    let take = move |priority: Priority| {
        let (Some(link), Some(chosen)) = (link, area.get_untracked()) else { return };
        let Some(code) = link.ticket_code.get_untracked() else {
            return error.set(Some(i18n.t("ticket-no-code")));
        };
        let Some(id) = day() else { return error.set(Some(i18n.t("ticket-no-day"))) };
        let secret = new_secret();
        let result = link.handle.change_with_message(id, Some("ticket"), |tx| {
            let mut day: QueueDay = sportello_core::docs::read(tx).map_err(|_| None)?;
            let ticket = day.issue(code, chosen, priority, now_ms(), &secret).map_err(Some)?;
            sportello_core::docs::write(tx, &day).map_err(|_| None)?;
            Ok::<Ticket, Option<QueueError>>(ticket)
        });
        match result {
            Some(Ok(ticket)) => {
                error.set(None);
                issued.set(Some(Issued {
                    number: ticket.number,
                    date: today().to_string(),
                    secret,
                    issued_at_ms: ticket.issued_at_ms,
                }));
            }
            Some(Err(Some(QueueError::NumbersExhausted { .. }))) => error.set(Some(i18n.t("ticket-exhausted"))),
            _ => error.set(Some(i18n.t("ticket-no-day"))),
        }
    };

    move || {
        let cpi = cpi.get()?;
        let body = match (link, issued.get(), area.get()) {
            (None, _, _) => view! { <p role="alert">{move || i18n.t("ticket-unavailable")}</p> }.into_any(),
            (Some(link), Some(ticket), _) => ticket_view(i18n, cpi, link, queue, ticket, issued, area).into_any(),
            (Some(_), None, Some(chosen)) => view! {
                <h2>{move || i18n.t_with("ticket-priority-title", &[("area", chosen.letter().to_string().into())])}</h2>
                <p class="lead">{move || i18n.t("ticket-priority-lead")}</p>
                <div class="tiles priorities">
                    {Priority::ALL.into_iter().map(|p| view! {
                        <button type="button" class="tile priority-tile" on:click=move |_| take(p)>
                            <span class="tile-title">{move || i18n.t(priority_key(p))}</span>
                        </button>
                    }).collect_view()}
                </div>
                <button type="button" class="button secondary" on:click=move |_| area.set(None)>{move || i18n.t("ticket-change-area")}</button>
            }
            .into_any(),
            (Some(_), None, None) => view! {
                <p class="lead">{move || i18n.t("ticket-lead")}</p>
                <ul class="tiles areas">
                    {Area::ALL.into_iter().map(|a| {
                        let outlook = move || queue.get().map(|q| q.outlook(a));
                        view! {
                            <li>
                                <button type="button" class="tile area-tile" data-area=a.letter().to_string() on:click=move |_| area.set(Some(a))>
                                    <span class="area-letter">{a.letter().to_string()}</span>
                                    <span class="tile-title">{move || catalogue().area_name(a, i18n.code()).to_string()}</span>
                                    <span class="tile-sub">{move || match outlook() {
                                        Some((waiting, wait)) => wait_text(i18n, waiting, wait),
                                        None => String::new(),
                                    }}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        };
        Some(view! {
            <BackToStart cpi />
            <h1 class="no-print">{move || i18n.t("ticket-title")}</h1>
            {move || error.get().map(|e| view! { <p class="form-error no-print" role="alert">{e}</p> })}
            {body}
        })
    }
}

fn ticket_view(
    i18n: I18n,
    cpi: &'static Cpi,
    link: TotemLink,
    queue: Memo<Option<QueueDay>>,
    ticket: Issued,
    issued: RwSignal<Option<Issued>>,
    area: RwSignal<Option<Area>>,
) -> impl IntoView {
    let number = ticket.number;
    let standing = Memo::new(move |_| queue.get().and_then(|q| q.standing(number)));
    let url = ticket_url(&cpi.slug, number, &ticket.date, &ticket.secret);
    let day_text = chrono::NaiveDate::parse_from_str(&ticket.date, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default();
    let when = format!("{day_text} {}", clock_time(ticket.issued_at_ms));
    let delivered = move || link.handle.status.with(|s| s.online && s.pending == 0);
    let another = move |_| {
        issued.set(None);
        area.set(None);
    };
    view! {
        <article class="ticket-sheet" data-testid="ticket" aria-labelledby="ticket-number">
            <p class="ticket-cpi">{cpi.full_name_it()}</p>
            <p class="ticket-area">{move || format!("{} · {}", number.area().letter(), catalogue().area_name(number.area(), i18n.code()))}</p>
            <p class="ticket-number" id="ticket-number" data-testid="ticket-number">{number.to_string()}</p>
            {move || standing.get().filter(|s| s.ticket.priority != Priority::Normal).map(|s| view! {
                <p class="ticket-priority">{i18n.t(priority_key(s.ticket.priority))}</p>
            })}
            <p class="ticket-wait" data-testid="ticket-wait">{move || standing.get().map(|s| wait_text(i18n, s.ahead, s.wait_minutes))}</p>
            <p class="ticket-when">{when}</p>
            <QrCode text=url label=i18n.t("ticket-qr") />
            <p class="ticket-hint">{move || i18n.t("ticket-qr")}</p>
        </article>
        <p class="no-print" role="status">{move || i18n.t(if delivered() { "ticket-sent" } else { "ticket-queued" })}</p>
        <div class="citizen-actions no-print">
            <button type="button" class="button" on:click=move |_| { let _ = window().print(); }>{move || i18n.t("ticket-print")}</button>
            <button type="button" class="button secondary" on:click=another>{move || i18n.t("ticket-another")}</button>
        </div>
    }
}

/// `/totem/<cpi>/valuta`: after being served, the citizen types the ticket's number and
/// rates the area 1-5, with an optional comment. Sent to the relay; nothing is kept here.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let typed = RwSignal::new(String::new());
    // The served ticket being rated: number, date, secret.
    let found = RwSignal::new(None::<(TicketNumber, String, String)>);
    let error = RwSignal::new(None::<String>);
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(number) = TicketNumber::parse(&typed.get_untracked()) else {
            return error.set(Some(i18n.t("survey-bad-number")));
        };
        let day = link.and_then(|l| l.queue_day(today()).and_then(|id| l.handle.read::<QueueDay>(id)));
        let Some(day) = day else { return error.set(Some(i18n.t("ticket-no-day"))) };
        match day.ticket(number) {
            None => error.set(Some(i18n.t("survey-unknown"))),
            Some(t) if !matches!(t.status, Status::Done { .. }) => error.set(Some(i18n.t("survey-not-done"))),
            Some(_) => {
                error.set(None);
                let secret = day.secret(number).unwrap_or_default().to_string();
                found.set(Some((number, today().to_string(), secret)));
            }
        }
    };
    move || {
        let cpi = cpi.get()?;
        Some(view! {
            <BackToStart cpi />
            <h1>{move || i18n.t("survey-title")}</h1>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match found.get() {
                Some((number, date, secret)) => view! { <SurveyForm cpi=cpi.slug.clone() number date secret /> }.into_any(),
                None => view! {
                    <form class="form" on:submit=look_up>
                        <label>{move || i18n.t("survey-number")}
                            <input type="text" name="ticket" autocomplete="off" maxlength="9" placeholder="A-B-017"
                                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev).to_uppercase()) />
                        </label>
                        <button type="submit" class="button">{move || i18n.t("survey-continue")}</button>
                    </form>
                }.into_any(),
            }}
        })
    }
}

/// Rating buttons 1-5, a comment and "Invia": shared by the totem and the phone page.
#[component]
fn SurveyForm(cpi: String, number: TicketNumber, date: String, secret: String) -> impl IntoView {
    let i18n = I18n::get();
    let rating = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stars) = rating.get_untracked() else { return error.set(Some(i18n.t("survey-choose"))) };
        if let Err(e) = sportello_core::satisfaction::Answer::new(stars, &comment.get_untracked()) {
            return error.set(Some(e.message_it().to_string()));
        }
        let (cpi, date, secret) = (cpi.clone(), date.clone(), secret.clone());
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let number = number.to_string();
            match api::answer_survey(&cpi, &number, &date, &secret, stars, &comment.get_untracked()).await {
                Ok(()) => {
                    sent.set(true);
                    comment.set(String::new());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    move || {
        if sent.get() {
            return view! { <p class="survey-thanks" role="status">{move || i18n.t("survey-thanks")}</p> }.into_any();
        }
        view! {
            <form class="form survey" on:submit=send.clone()>
                <fieldset>
                    <legend>{move || i18n.t_with("survey-question", &[("number", number.to_string().into()), ("area", catalogue().area_name(number.area(), i18n.code()).to_string().into())])}</legend>
                    <div class="rating" role="group">
                        {(1..=5u8).map(|n| view! {
                            <button type="button" class="rating-button" aria-pressed=move || (rating.get() == Some(n)).to_string()
                                aria-label=move || i18n.t_with("survey-rating", &[("n", n.into())])
                                on:click=move |_| rating.set(Some(n))>{n.to_string()}</button>
                        }).collect_view()}
                    </div>
                    <p class="rating-scale">{move || i18n.t("survey-scale")}</p>
                </fieldset>
                <label>{move || i18n.t("survey-comment")}
                    <textarea maxlength="500" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || busy.get()>{move || i18n.t("survey-send")}</button>
            </form>
        }
        .into_any()
    }
}

/// `/coda/<cpi>/<ticket>?g=<date>&k=<secret>`: the page a ticket's QR code opens on the
/// citizen's phone. It asks the relay every few seconds; once served, it offers the survey.
#[component]
pub fn TicketStatusPage() -> impl IntoView {
    let i18n = I18n::get();
    let params = use_params_map();
    let query = use_query_map();
    let cpi = move || params.read().get("cpi").unwrap_or_default();
    let number = move || params.read().get("ticket").unwrap_or_default();
    let date = move || query.read().get("g").unwrap_or_default();
    let secret = move || query.read().get("k").unwrap_or_default();
    let tick = RwSignal::new(0u32);
    let poll = set_interval_with_handle(move || tick.update(|t| *t += 1), std::time::Duration::from_secs(5)).ok();
    on_cleanup(move || {
        if let Some(p) = poll {
            p.clear();
        }
    });
    let ticket = LocalResource::new(move || {
        tick.track();
        let (cpi, number, date, secret) = (cpi(), number(), date(), secret());
        async move { api::public_ticket(&cpi, &number, &date, &secret).await }
    });
    view! {
        <main class="page narrow phone-ticket">
            <LanguageSwitch />
            {move || match ticket.get() {
                None => view! { <p>{move || i18n.t("queue-loading")}</p> }.into_any(),
                Some(Err(e)) => view! { <h1>{move || i18n.t("queue-status-title")}</h1><p role="alert">{e}</p> }.into_any(),
                Some(Ok(t)) => {
                    let parsed = TicketNumber::parse(&t.number);
                    let state = match t.state.as_str() {
                        "called" | "serving" => i18n.t_with("queue-called", &[("desk", t.desk.unwrap_or(0).into())]),
                        "done" => i18n.t("queue-done"),
                        "no_show" => i18n.t("queue-no-show"),
                        _ => wait_text(i18n, t.ahead, t.wait_minutes),
                    };
                    let survey = (t.state == "done" && !t.surveyed).then(|| parsed.map(|number| view! {
                        <SurveyForm cpi=cpi() number date=date() secret=secret() />
                    })).flatten();
                    view! {
                        <p class="eyebrow">{t.cpi_name.clone()}</p>
                        <h1>{move || i18n.t("queue-status-title")}</h1>
                        <p class="ticket-number" data-testid="ticket-number">{t.number.clone()}</p>
                        <p>{format!("{} · {}", t.area, t.area_name)}</p>
                        <p class="queue-state" role="status" aria-live="polite" data-state=t.state.clone()>{state}</p>
                        {(t.state == "done" && t.surveyed).then(|| view! { <p>{move || i18n.t("survey-thanks")}</p> })}
                        {survey}
                    }
                    .into_any()
                }
            }}
        </main>
    }
}

/// The most recent calls, newest first: tickets at a desk now (called or being served).
fn recent_calls(tickets: &[Ticket]) -> Vec<(Ticket, u16, i64)> {
    let mut calls: Vec<(Ticket, u16, i64)> = tickets
        .iter()
        .filter_map(|t| match t.status {
            Status::Called { desk, at } => Some((t.clone(), desk, at)),
            Status::Serving { desk, .. } => Some((t.clone(), desk, t.stays.last().and_then(|s| s.called_at_ms)?)),
            _ => None,
        })
        .collect();
    calls.sort_by_key(|(t, _, at)| (std::cmp::Reverse(*at), t.number));
    calls
}

/// `/tabellone/<cpi>`: the waiting room's TV. The device is enrolled like a totem; it shows
/// the last calls with their desk, announces each new call with a chime and an Italian voice,
/// and lists who is waiting per area in call order.
#[component]
pub fn DisplayBoardPage() -> impl IntoView {
    let params = use_params_map();
    let cpi = Memo::new(move |_| params.read().get("cpi").and_then(|s| sportello_core::cpi::cpi_by_slug(&s)));
    move || {
        let Some(cpi) = cpi.get() else {
            return view! { <main class="page narrow"><h1>"Centro per l'Impiego non trovato"</h1></main> }.into_any();
        };
        let Some(device) = settings::totem_device().filter(|d| d.principal.cpi() == cpi.slug) else {
            return view! {
                <main class="page narrow">
                    <h1>"Tabellone non attivato"</h1>
                    <p>"Questo schermo non è ancora attivato per il " {cpi.full_name_it()} ". Attivalo come un totem, con il codice generato da un operatore, poi riapri il tabellone."</p>
                    <a class="button" href=format!("/totem/{}/attiva", cpi.slug)>"Attiva questo schermo"</a>
                </main>
            }
            .into_any();
        };
        let started_on = today();
        let day = device.queue_day(started_on);
        let handle = sync::start(&device.token, device.current_queue_days(started_on));
        // The TV stays on for days: learn the coming days' documents, and start over on a
        // new day (or when today's document was unknown at start and is known now).
        let token = device.token.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(documents) = api::my_documents(&token).await else { return };
            let Some(mut stored) = settings::totem_device() else { return };
            stored.queue_days = documents.queue_days;
            settings::set_totem_device(&stored);
            if day.is_none() && stored.queue_day(started_on).is_some() {
                let _ = window().location().reload();
            }
        });
        let rollover = set_interval_with_handle(
            move || {
                if today() != started_on {
                    let _ = window().location().reload();
                }
            },
            std::time::Duration::from_secs(60),
        )
        .ok();
        on_cleanup(move || {
            if let Some(r) = rollover {
                r.clear();
            }
        });
        view! { <DisplayBoard cpi handle day /> }.into_any()
    }
}

#[component]
fn DisplayBoard(cpi: &'static Cpi, handle: SyncHandle, day: Option<DocumentId>) -> impl IntoView {
    let queue = Memo::new(move |_| day.and_then(|id| handle.read::<QueueDay>(id)));
    let tickets = Memo::new(move |_| queue.get().map(|q| q.tickets()).unwrap_or_default());
    let calls = Memo::new(move |_| recent_calls(&tickets.get()));
    let sound = RwSignal::new(false);
    let announced = RwSignal::new(String::new());
    // The latest call already seen (`None` until the queue first loads): only calls made
    // after the board started are announced.
    let seen = StoredValue::new(None::<Option<(i64, TicketNumber)>>);
    Effect::new(move |_| {
        if queue.with(Option::is_none) {
            return;
        }
        let latest = calls.with(|c| c.first().map(|(t, desk, at)| (*at, t.number, *desk)));
        let key = latest.map(|(at, number, _)| (at, number));
        let previous = seen.get_value();
        seen.set_value(Some(key));
        let (Some(previous), Some((_, number, desk))) = (previous, latest) else { return };
        if key <= previous {
            return;
        }
        let text = format!("Numero {}, sportello {desk}", spoken_number(number));
        announced.set(format!("{number} · Sportello {desk}"));
        if sound.get_untracked() {
            chime();
            // After the chime.
            gloo_timers::callback::Timeout::new(800, move || speak_italian(&text)).forget();
        }
    });
    let clock = RwSignal::new(js_sys::Date::now());
    let tick =
        set_interval_with_handle(move || clock.set(js_sys::Date::now()), std::time::Duration::from_secs(15)).ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    view! {
        <main class="display-board" data-online=move || handle.status.with(|s| s.online.to_string())>
            <header class="display-head">
                <h1>{cpi.full_name_it()}</h1>
                <span class="display-clock">{move || clock_time(clock.get() as i64)}</span>
                {move || (!sound.get()).then(|| view! {
                    <button type="button" class="button" on:click=move |_| { sound.set(true); chime(); }>"Attiva l'audio degli annunci"</button>
                })}
            </header>
            <p class="visually-hidden" role="status" aria-live="assertive" data-testid="announcement">{move || announced.get()}</p>
            {move || (!handle.status.with(|s| s.online)).then(|| view! {
                <p class="display-offline" role="alert">"Tabellone non collegato: le chiamate potrebbero non essere aggiornate."</p>
            })}
            {move || day.is_none().then(|| view! { <p role="alert">"Coda di oggi non disponibile: collegare lo schermo alla rete."</p> })}
            <section class="display-calls" aria-labelledby="calls-title">
                <h2 id="calls-title">"Chiamate"</h2>
                <ol class="calls">
                    {move || calls.get().into_iter().take(6).enumerate().map(|(i, (t, desk, _))| view! {
                        <li class="call" class:latest=i == 0 data-testid="call">
                            <span class="call-number">{t.number.to_string()}</span>
                            <span class="call-desk">{format!("Sportello {desk}")}</span>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
            <section class="display-waiting" aria-labelledby="waiting-title">
                <h2 id="waiting-title">"In attesa"</h2>
                <div class="waiting-areas">
                    {move || Area::ALL.into_iter().filter_map(|area| {
                        let all = tickets.get();
                        let order: Vec<String> = queue::call_order(&all, area).iter().map(|t| t.number.to_string()).collect();
                        (!order.is_empty()).then(|| view! {
                            <div class="waiting-area" data-area=area.letter().to_string()>
                                <h3>{format!("Area {} · {}", area.letter(), catalogue().area_name(area, "it"))}</h3>
                                <ol class="waiting-order">
                                    {order.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                                </ol>
                            </div>
                        })
                    }).collect_view()}
                </div>
            </section>
        </main>
    }
}
