//! `/tabellone/<cpi>`: the waiting room's display board and its enrollment.

use crate::components::enroll::EnrollForm;
use crate::io::browser;
use crate::io::devices::{self, DeviceKind, Holder};
use crate::io::queue::{chime, clock_time, speak_italian, spoken_number, today};
use crate::io::settings;
use crate::io::sync::{self, SyncHandle};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use sportello_core::catalogue::{catalogue, Area};
use sportello_core::cpi::Cpi;
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{self, TicketNumber};
use sportello_core::sync::ids::DocumentId;

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
pub(super) fn EnrollBoard(cpi: &'static Cpi) -> impl IntoView {
    view! {
        <main class="page narrow">
            <EnrollForm cpi kind=DeviceKind::DisplayBoard />
        </main>
    }
}

#[component]
pub(super) fn DisplayBoard(cpi: &'static Cpi, handle: SyncHandle, day: Option<DocumentId>) -> impl IntoView {
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
