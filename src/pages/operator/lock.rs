//! The tablet's guard around the operators' workspace: on an enrolled tablet the operator
//! sets a PIN at the first sign-in, the workspace locks after the idle time (five minutes)
//! and whenever the page goes to the background, and the lock screen asks the PIN. While
//! locked nothing of the workspace is in the page, the sync engine is stopped and the data
//! key is forgotten. Ten wrong PINs, or the head's "wipe on next contact" (or a revoked
//! tablet), wipe the device's copy. Elsewhere the guard shows the workspace as it is.

use crate::components::digit_pad::DigitPad;
use crate::io::devices::{self, Contact};
use crate::io::settings::{self, Credentials};
use crate::io::{browser, sync, vault};
use leptos::prelude::*;

const TOO_MANY_PINS: &str =
    "Troppi PIN errati: i dati del CPI tenuti su questo tablet sono stati cancellati. Accedi di nuovo per scaricarli.";
const REMOTE_WIPE: &str = "Il responsabile del CPI ha chiesto di cancellare i dati di questo tablet: sono stati cancellati. Accedi di nuovo per continuare.";

#[component]
pub fn TabletGuard(session: RwSignal<Option<Credentials>>, children: ChildrenFn) -> impl IntoView {
    if !devices::encrypts_at_rest() {
        return children().into_any();
    }
    let unlocked = RwSignal::new(vault::is_unlocked());
    let wiped = RwSignal::new(None::<&'static str>);
    let lock = move || {
        if unlocked.get_untracked() && vault::is_unlocked() {
            unlocked.set(false);
            sync::stop();
            vault::lock();
            session.update(|s| {
                if let Some(c) = s {
                    c.token.clear();
                }
            });
        }
    };
    let wipe = move |why: &'static str| {
        unlocked.set(false);
        wiped.set(Some(why));
        session.set(None);
        wasm_bindgen_futures::spawn_local(devices::wipe_local_copy());
    };

    // Idle: no pointer, touch or key event for the idle time.
    let last_activity = StoredValue::new(browser::now_ms());
    let idle_ms = f64::from(vault::idle_seconds()) * 1000.0;
    let touch = move |_| last_activity.set_value(browser::now_ms());
    let listeners = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel"]
        .map(|name| window_event_listener_untyped(name, touch));
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        if vault::page_hidden() {
            lock();
        }
    });
    let idle = gloo_timers::callback::Interval::new(1_000, move || {
        if session.with_untracked(Option::is_some) && browser::now_ms() - last_activity.get_value() > idle_ms {
            lock();
        }
    });
    // The tablet's own contact: last contact and version for the head, and the wipe order.
    let contact = move || {
        wasm_bindgen_futures::spawn_local(async move {
            if devices::tablet_contact().await == Contact::Wipe {
                wipe(REMOTE_WIPE);
            }
        })
    };
    contact();
    let contacts = gloo_timers::callback::Interval::new(30_000, contact);
    let timers = StoredValue::new_local(Some((idle, contacts)));
    on_cleanup(move || {
        timers.update_value(|t| drop(t.take()));
        for listener in listeners {
            listener.remove();
        }
        hidden.remove();
    });

    // The token comes back from the vault with the PIN, unless the operator just signed in
    // again (the old session had expired): then the new one is sealed in its place.
    let unlock = Callback::new(move |()| {
        last_activity.set_value(browser::now_ms());
        let fresh = session.with_untracked(|s| s.as_ref().map(|c| c.token.clone())).filter(|t| !t.is_empty());
        match fresh {
            Some(token) if vault::session_token().as_ref() != Some(&token) => {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(e) = vault::reseal_session(&token).await {
                        leptos::logging::warn!("{e}");
                    }
                });
            }
            _ => session.set(settings::operator_session()),
        }
        unlocked.set(true);
    });
    (move || {
        if let Some(why) = wiped.get() {
            return view! {
                <main class="page narrow">
                    <h1>"Dati del tablet cancellati"</h1>
                    <p class="form-error" role="alert">{why}</p>
                    <button type="button" class="button" on:click=move |_| wiped.set(None)>"Accedi di nuovo"</button>
                </main>
            }
            .into_any();
        }
        // Logging out forgets the key: the next sign-in asks for a PIN again.
        if session.with(Option::is_none) || (unlocked.get() && vault::is_unlocked()) {
            return children().into_any();
        }
        if vault::is_set_up() {
            return view! { <LockScreen on_unlock=unlock on_wipe=Callback::new(move |()| wipe(TOO_MANY_PINS)) /> }
                .into_any();
        }
        let token = session.with(|s| s.as_ref().map(|c| c.token.clone()).unwrap_or_default());
        if token.is_empty() {
            // Signed in, then reloaded before choosing a PIN: the token was never kept.
            settings::clear_operator_session();
            session.set(None);
            return ().into_any();
        }
        view! { <ChoosePin token on_done=unlock /> }.into_any()
    })
    .into_any()
}

/// The first sign-in on the tablet: the operator chooses a PIN and types it again.
#[component]
fn ChoosePin(token: String, on_done: Callback<()>) -> impl IntoView {
    let token = StoredValue::new(token);
    let first = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = Callback::new(move |pin: String| {
        if let Err(reason) = sportello_core::access::check_tablet_pin(&pin) {
            error.set(Some(reason.to_string()));
            return;
        }
        match first.get_untracked() {
            None => {
                error.set(None);
                first.set(Some(pin));
            }
            Some(chosen) if chosen != pin => {
                first.set(None);
                error.set(Some("I due PIN non coincidono: sceglilo di nuovo.".into()));
            }
            Some(_) => {
                busy.set(true);
                wasm_bindgen_futures::spawn_local(async move {
                    let created = vault::create(&pin, &token.get_value()).await;
                    busy.set(false);
                    match created {
                        Ok(()) => on_done.run(()),
                        Err(e) => {
                            first.set(None);
                            error.set(Some(e));
                        }
                    }
                });
            }
        }
    });
    view! {
        <main class="page narrow lock-screen">
            <p class="eyebrow">"Sportello · Tablet"</p>
            <h1>"Scegli il PIN del tablet"</h1>
            <p class="lead">{move || if first.with(Option::is_none) {
                "I dati che questo tablet terrà per il lavoro fuori sede sono cifrati con il tuo PIN: scegline uno di almeno 6 cifre. Il tablet lo chiederà dopo 5 minuti di inattività."
            } else {
                "Inserisci di nuovo lo stesso PIN per confermarlo."
            }}</p>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || busy.get().then(|| view! { <p role="status">"Cifratura in corso…"</p> })}
            <DigitPad label="PIN" on_submit=submit disabled=busy />
        </main>
    }
}

/// The lock screen: the PIN unlocks; each wrong one says how many tries are left.
#[component]
fn LockScreen(on_unlock: Callback<()>, on_wipe: Callback<()>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = Callback::new(move |pin: String| {
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let result = vault::unlock(&pin).await;
            busy.set(false);
            match result {
                vault::Unlock::Unlocked => on_unlock.run(()),
                vault::Unlock::Wrong { left: 1 } => {
                    error.set(Some("PIN errato: resta 1 tentativo, poi i dati del tablet saranno cancellati.".into()))
                }
                vault::Unlock::Wrong { left } => error.set(Some(format!("PIN errato: restano {left} tentativi."))),
                vault::Unlock::Wipe => on_wipe.run(()),
                vault::Unlock::Failed(e) => error.set(Some(e)),
            }
        });
    });
    view! {
        <main class="page narrow lock-screen">
            <p class="eyebrow">"Sportello · Tablet"</p>
            <h1>"Tablet bloccato"</h1>
            <p class="lead">"Inserisci il PIN per continuare."</p>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || busy.get().then(|| view! { <p role="status">"Verifica del PIN…"</p> })}
            <DigitPad label="PIN" on_submit=submit disabled=busy />
        </main>
    }
}
