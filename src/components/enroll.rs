//! Enrolling a device of a CPI (a totem, the waiting room's display board, a visiting
//! officer's tablet) with the one-time code an operator generates under "Bacheca e totem".

use crate::io::browser;
use crate::io::devices::{self, DeviceKind};
use leptos::prelude::*;
use sportello_core::cpi::Cpi;

/// The enrollment form. A totem (where it stands) and a tablet (whose it is) also take a
/// name; a totem then opens its start screen, a tablet the operators' sign-in, a display
/// board reloads into the board.
#[component]
pub fn EnrollForm(cpi: &'static Cpi, kind: DeviceKind) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::from(if kind == DeviceKind::Tablet { "Tablet" } else { "Totem" }));
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (typed, device_name) = match kind {
            DeviceKind::Totem | DeviceKind::Tablet => (code.get_untracked(), name.get_untracked()),
            DeviceKind::DisplayBoard => (code.get_untracked(), String::from("Tabellone")),
        };
        wasm_bindgen_futures::spawn_local(async move {
            match devices::enroll(kind, cpi, &typed, &device_name).await {
                // A full load starts the device's sync with its new credentials.
                Ok(()) if kind == DeviceKind::Totem => browser::go_to(&format!("/totem/{}", cpi.slug)),
                Ok(()) if kind == DeviceKind::Tablet => browser::go_to("/operatore"),
                Ok(()) => browser::reload(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let (title, lead, button) = match kind {
        DeviceKind::Totem => (
            "Attiva questo totem",
            "Inserisci il codice di attivazione generato da un operatore del Centro per l'Impiego.".to_string(),
            "Attiva",
        ),
        DeviceKind::DisplayBoard => (
            "Attiva il tabellone",
            format!(
                "Questo schermo non è ancora attivato come tabellone del {}. Inserisci il codice di attivazione generato da un operatore (Bacheca e totem).",
                cpi.full_name_it()
            ),
            "Attiva il tabellone",
        ),
        DeviceKind::Tablet => (
            "Attiva questo tablet",
            format!(
                "Attiva questo tablet per il lavoro fuori sede del {} con il codice generato da un operatore (Bacheca e totem). I dati che terrà saranno cifrati con il PIN di chi accede.",
                cpi.full_name_it()
            ),
            "Attiva il tablet",
        ),
    };
    view! {
        <h1>{title}</h1>
        <p class="lead">{lead}</p>
        <form class="form" on:submit=submit>
            <label>"Codice di attivazione"
                <input type="text" inputmode="numeric" autocomplete="off" placeholder="1234-5678"
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
            </label>
            {(kind == DeviceKind::Totem).then(|| view! {
                <label>"Nome del totem (dove si trova)"
                    <input type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
            })}
            {(kind == DeviceKind::Tablet).then(|| view! {
                <label>"Nome del tablet"
                    <input type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button">{button}</button>
        </form>
    }
}
