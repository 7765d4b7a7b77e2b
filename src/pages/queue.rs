//! Queue tickets ("taglia code") for citizens: taking a ticket at the totem, rating the
//! service afterwards, following one's turn from a phone, and the waiting room's display
//! board. The rules are `sportello_core::queue`; the day's tickets live in the CPI's queue
//! document for that day, which every device of the CPI syncs.

use crate::components::citizen::QrCode;
use crate::components::enroll::EnrollForm;
use crate::i18n::{I18n, LanguageSwitch};
use crate::io::browser;
use crate::io::devices::{self, DeviceKind, Holder};
use crate::io::queue::{
    chime, clock_time, new_secret, now_ms, remember_counter, speak_italian, spoken_number, ticket_url, today,
    used_counter,
};
use crate::io::sync::{self, SyncHandle};
use crate::io::{api, settings};
use crate::pages::totem::{current_cpi, BackToStart, TotemLink};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use sportello_core::catalogue::{catalogue, Area};
use sportello_core::cpi::Cpi;
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{self, Priority, QueueError, TicketNumber, TicketState};
use sportello_core::sync::ids::DocumentId;

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
        let date = today();
        let Some(id) = link.queue_day(date) else { return error.set(Some(i18n.t("ticket-no-day"))) };
        let date = date.to_string();
        let secret = new_secret();
        let used_before = used_counter(&date, chosen.letter());
        let result = link.handle.update::<QueueDay, _>(id, "ticket", |day| {
            day.issue(code, chosen, priority, now_ms(), &secret, used_before)
        });
        match result {
            Ok(Ok(ticket)) => {
                // Before the ticket is shown or printed: IndexedDB is written later.
                remember_counter(&date, chosen.letter(), ticket.number.counter());
                error.set(None);
                issued.set(Some(Issued { number: ticket.number, date, secret, issued_at_ms: ticket.issued_at_ms }));
            }
            Ok(Err(QueueError::NumbersExhausted { .. })) => error.set(Some(i18n.t("ticket-exhausted"))),
            // The day not on this totem, unreadable or not writable: no ticket today here.
            Ok(Err(_)) | Err(_) => error.set(Some(i18n.t("ticket-no-day"))),
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
    // The new number is what the citizen needs: focus it, so a screen reader says it.
    let number_ref = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(el) = number_ref.get() {
            let _ = el.focus();
        }
    });
    let code = queue::check_code(&ticket.secret);
    view! {
        <article class="ticket-sheet" data-testid="ticket" aria-labelledby="ticket-number">
            <p class="ticket-cpi">{cpi.full_name_it()}</p>
            <p class="ticket-area">{move || format!("{} · {}", number.area().letter(), catalogue().area_name(number.area(), i18n.code()))}</p>
            <p class="ticket-number" id="ticket-number" data-testid="ticket-number" tabindex="-1" node_ref=number_ref>{number.to_string()}</p>
            {move || standing.get().filter(|s| s.ticket.priority != Priority::Normal).map(|s| view! {
                <p class="ticket-priority">{i18n.t(priority_key(s.ticket.priority))}</p>
            })}
            <p class="ticket-wait" data-testid="ticket-wait">{move || standing.get().map(|s| wait_text(i18n, s.ahead, s.wait_minutes))}</p>
            <p class="ticket-when">{when}</p>
            <QrCode text=url label=i18n.t("ticket-qr") />
            <p class="ticket-hint">{move || i18n.t("ticket-qr")}</p>
            <p class="ticket-code" data-testid="ticket-code">{move || i18n.t_with("ticket-check-code", &[("code", code.clone().into())])}</p>
        </article>
        <p class="no-print" role="status">{move || i18n.t(if delivered() { "ticket-sent" } else { "ticket-queued" })}</p>
        <div class="citizen-actions no-print">
            <button type="button" class="button" on:click=move |_| browser::print()>{move || i18n.t("ticket-print")}</button>
            <button type="button" class="button secondary" on:click=another>{move || i18n.t("ticket-another")}</button>
        </div>
    }
}

/// `/totem/<cpi>/valuta`: after being served, the citizen scans the ticket's QR code (or
/// types its number and the code printed on it) and rates the area 1-5, with an optional
/// comment. Sent to the relay; nothing is kept here.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let typed = RwSignal::new(String::new());
    let typed_code = RwSignal::new(String::new());
    // The served ticket being rated: number, its area now, date, secret.
    let found = RwSignal::new(None::<(TicketNumber, Area, String, String)>);
    let error = RwSignal::new(None::<String>);
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A scanner reading the ticket's QR code types its link; by hand, number and code.
        let (number, given) = match queue::parse_ticket_link(&typed.get_untracked()) {
            Some((number, secret)) => (number, secret),
            None => match TicketNumber::parse(&typed.get_untracked()) {
                Some(number) => (number, typed_code.get_untracked()),
                None => return error.set(Some(i18n.t("survey-bad-number"))),
            },
        };
        let date = today();
        let day = link.and_then(|l| l.queue_day(date).and_then(|id| l.handle.read::<QueueDay>(id)));
        let Some(day) = day else { return error.set(Some(i18n.t("ticket-no-day"))) };
        let secret = day.secret(number).unwrap_or_default().to_string();
        match day.ticket(number) {
            Some(t) if queue::proves_ticket(&secret, &given) => {
                if t.status.may_be_rated() {
                    error.set(None);
                    found.set(Some((number, t.area, date.to_string(), secret)));
                } else {
                    error.set(Some(i18n.t("survey-not-done")));
                }
            }
            _ => error.set(Some(i18n.t("survey-unknown"))),
        }
    };
    move || {
        let cpi = cpi.get()?;
        Some(view! {
            <BackToStart cpi />
            <h1>{move || i18n.t("survey-title")}</h1>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match found.get() {
                Some((number, area, date, secret)) => view! { <SurveyForm cpi=cpi.slug.clone() number area date secret /> }.into_any(),
                None => view! {
                    <p class="lead">{move || i18n.t("survey-lead")}</p>
                    <form class="form" on:submit=look_up>
                        <label>{move || i18n.t("survey-number")}
                            <input type="text" name="ticket" autocomplete="off" placeholder="A-B-017"
                                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                        </label>
                        <label>{move || i18n.t("survey-code")}
                            <input type="text" name="code" autocomplete="off" maxlength="6"
                                prop:value=move || typed_code.get() on:input=move |ev| typed_code.set(event_target_value(&ev)) />
                        </label>
                        <button type="submit" class="button">{move || i18n.t("survey-continue")}</button>
                    </form>
                }.into_any(),
            }}
        })
    }
}

/// Rating 1-5, a comment and "Invia": shared by the totem and the phone page. `area` is the
/// area that served the ticket (after a transfer, not the one on the number).
#[component]
fn SurveyForm(cpi: String, number: TicketNumber, area: Area, date: String, secret: String) -> impl IntoView {
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
    let question = move || {
        i18n.t_with(
            "survey-question",
            &[
                ("number", number.to_string().into()),
                ("area", catalogue().area_name(area, i18n.code()).to_string().into()),
            ],
        )
    };
    move || {
        if sent.get() {
            return view! { <p class="survey-thanks" role="status">{move || i18n.t("survey-thanks")}</p> }.into_any();
        }
        view! {
            <form class="form survey" on:submit=send.clone()>
                <fieldset class="rating">
                    <legend>{question}</legend>
                    {(1..=5u8).map(|n| view! {
                        <label class="rating-choice">
                            <input type="radio" name="rating" value=n.to_string()
                                prop:checked=move || rating.get() == Some(n) on:change=move |_| rating.set(Some(n)) />
                            <span aria-hidden="true">{n.to_string()}</span>
                            <span class="visually-hidden">{move || i18n.t_with("survey-rating", &[("n", n.into())])}</span>
                        </label>
                    }).collect_view()}
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

/// `/coda/<cpi>/<ticket>?g=<date>#<secret>`: the page a ticket's QR code opens on the
/// citizen's phone. It asks the relay every few seconds until the ticket is served and rated;
/// the page's frame and its live status stay in place while the text changes.
/// The state the relay reported for a ticket; `None` for a name this app does not know.
fn ticket_state(ticket: &api::PublicTicket) -> Option<TicketState> {
    TicketState::from_code(&ticket.state)
}

#[component]
pub fn TicketStatusPage() -> impl IntoView {
    let i18n = I18n::get();
    let params = use_params_map();
    let query = use_query_map();
    let cpi = move || params.read().get("cpi").unwrap_or_default();
    let number = move || params.read().get("ticket").unwrap_or_default();
    let date = move || query.read().get("g").unwrap_or_default();
    let secret = browser::fragment();
    let latest = RwSignal::new(None::<Result<api::PublicTicket, String>>);
    let finished = StoredValue::new(false);
    let fetch = {
        let secret = secret.clone();
        move || {
            if finished.get_value() {
                return;
            }
            let (cpi, number, date, secret) = (cpi(), number(), date(), secret.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::public_ticket(&cpi, &number, &date, &secret).await;
                if let Ok(t) = &result {
                    finished.set_value(t.surveyed && ticket_state(t).is_some_and(TicketState::may_be_rated));
                }
                latest.set(Some(result));
            });
        }
    };
    fetch();
    let poll = set_interval_with_handle(fetch, std::time::Duration::from_secs(5)).ok();
    on_cleanup(move || {
        if let Some(p) = poll {
            p.clear();
        }
    });
    let ticket = Memo::new(move |_| latest.get().and_then(Result::ok));
    let failure = Memo::new(move |_| latest.get().and_then(Result::err));
    let state = Memo::new(move |_| {
        ticket.get().map(|t| match ticket_state(&t) {
            Some(TicketState::Called | TicketState::Serving) => {
                i18n.t_with("queue-called", &[("desk", t.desk.unwrap_or(0).into())])
            }
            Some(TicketState::Done) if t.surveyed => format!("{} {}", i18n.t("queue-done"), i18n.t("survey-thanks")),
            Some(TicketState::Done) => i18n.t("queue-done"),
            Some(TicketState::NoShow) => i18n.t("queue-no-show"),
            _ => wait_text(i18n, t.ahead, t.wait_minutes),
        })
    });
    let state_name = Memo::new(move |_| ticket.get().map(|t| t.state).unwrap_or_default());
    // The ticket to rate, fixed once it is served and not yet rated: the form is built once.
    let to_rate = Memo::new(move |_| {
        let t = ticket.get()?;
        (!t.surveyed && ticket_state(&t)?.may_be_rated()).then_some(())?;
        let area = t.area.chars().next().and_then(Area::from_letter)?;
        Some((TicketNumber::parse(&t.number)?, area))
    });
    let heading = Memo::new(move |_| ticket.get().map(|t| (t.cpi_name, format!("{} · {}", t.area, t.area_name))));
    view! {
        <main class="page narrow phone-ticket">
            <LanguageSwitch />
            <p class="eyebrow">{move || heading.get().map(|h| h.0)}</p>
            <h1>{move || i18n.t("queue-status-title")}</h1>
            <p class="ticket-number" data-testid="ticket-number">{number}</p>
            <p>{move || heading.get().map(|h| h.1)}</p>
            <p class="queue-state" aria-live="polite" data-state=move || state_name.get()>
                {move || state.get().unwrap_or_else(|| if failure.with(Option::is_some) { String::new() } else { i18n.t("queue-loading") })}
            </p>
            {move || failure.get().map(|e| view! { <p role="alert">{e}</p> })}
            {move || to_rate.get().map(|(number, area)| view! {
                <SurveyForm cpi=cpi() number area date=date() secret=secret.clone() />
            })}
        </main>
    }
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
            return view! { <EnrollBoard cpi /> }.into_any();
        };
        let started_on = today();
        let day = device.queue_day(started_on);
        let handle = sync::start(&device.token, device.current_queue_days(started_on));
        // The TV stays on for days: learn the coming days' documents, and start over on a
        // new day (or when today's document was unknown at start and is known now).
        let known = device.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(stored) =
                devices::refresh_documents(Holder::Device(DeviceKind::DisplayBoard), &known, started_on).await
            else {
                return;
            };
            if day.is_none() && stored.queue_day(started_on).is_some() {
                browser::reload();
            }
        });
        let rollover = set_interval_with_handle(
            move || {
                if today() != started_on {
                    browser::reload();
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

/// Enrolls this screen as the CPI's display board with a one-time code from an operator (the
/// same codes as for totems). A board shows the queue and prints nothing: it takes no ticket
/// letter.
#[component]
fn EnrollBoard(cpi: &'static Cpi) -> impl IntoView {
    view! {
        <main class="page narrow">
            <EnrollForm cpi kind=DeviceKind::DisplayBoard />
        </main>
    }
}

#[component]
fn DisplayBoard(cpi: &'static Cpi, handle: SyncHandle, day: Option<DocumentId>) -> impl IntoView {
    let queue = Memo::new(move |_| day.and_then(|id| handle.read::<QueueDay>(id)));
    let tickets = Memo::new(move |_| queue.get().map(|q| q.tickets()).unwrap_or_default());
    let calls = Memo::new(move |_| {
        tickets.with(|all| {
            queue::called_now(all).into_iter().map(|(t, desk, at)| (t.clone(), desk, at)).collect::<Vec<_>>()
        })
    });
    let sound = RwSignal::new(false);
    let announced = RwSignal::new(String::new());
    // Every call (ticket, time of the call) already on screen, `None` until the queue first
    // loads: what was called before the board started is not announced; every later call is,
    // also two arriving together.
    let seen = StoredValue::new(None::<std::collections::HashSet<(TicketNumber, i64)>>);
    Effect::new(move |_| {
        if queue.with(Option::is_none) {
            return;
        }
        let now: Vec<(TicketNumber, u16, i64)> =
            calls.with(|c| c.iter().map(|(t, desk, at)| (t.number, *desk, *at)).collect());
        let Some(mut known) = seen.get_value() else {
            seen.set_value(Some(now.iter().map(|(n, _, at)| (*n, *at)).collect()));
            return;
        };
        // Oldest first, so the voice reads them in the order they were made.
        let mut fresh: Vec<(TicketNumber, u16, i64)> =
            now.into_iter().filter(|(n, _, at)| known.insert((*n, *at))).collect();
        seen.set_value(Some(known));
        fresh.sort_by_key(|(n, _, at)| (*at, *n));
        for (i, (number, desk, _)) in fresh.into_iter().enumerate() {
            announced.set(format!("{number} · Sportello {desk}"));
            if sound.get_untracked() {
                let text = format!("Numero {}, sportello {desk}", spoken_number(number));
                if i == 0 {
                    chime();
                }
                // After the chime; the browser queues the utterances.
                gloo_timers::callback::Timeout::new(800, move || speak_italian(&text)).forget();
            }
        }
    });
    let clock = RwSignal::new(browser::now_ms());
    let tick = set_interval_with_handle(move || clock.set(browser::now_ms()), std::time::Duration::from_secs(15)).ok();
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
            <p class="visually-hidden" aria-live="assertive" data-testid="announcement">{move || announced.get()}</p>
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
