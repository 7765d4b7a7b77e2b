use crate::io::sync::SyncHandle;
use leptos::prelude::*;

fn clock(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}:{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
}

/// The sync state, said honestly: online or not (from talking to the relay), how many local
/// changes the relay doesn't have yet, and when it last confirmed everything.
#[component]
pub fn SyncBadge(handle: SyncHandle) -> impl IntoView {
    let status = handle.status;
    view! {
        <div class="sync-badge" role="status" aria-live="polite" data-online=move || status.with(|s| s.online.to_string())
            data-pending=move || status.with(|s| s.pending.to_string())>
            <span class="sync-dot" aria-hidden="true"></span>
            <span class="sync-online">{move || if status.with(|s| s.online) { "In linea" } else { "Non in linea" }}</span>
            <span class="sync-pending">
                {move || match status.with(|s| s.pending) {
                    0 if status.with(|s| s.online) => "Tutto salvato sul server".to_string(),
                    0 => "Nessuna modifica in attesa".to_string(),
                    1 => "1 modifica da inviare".to_string(),
                    n => format!("{n} modifiche da inviare"),
                }}
            </span>
            <span class="sync-last">
                {move || match status.with(|s| s.last_sync_ms) {
                    Some(ms) => format!("Ultima sincronizzazione: {}", clock(ms)),
                    None => "Mai sincronizzato".to_string(),
                }}
            </span>
            {move || status.with(|s| s.storage_error.clone()).map(|e| view! { <p class="sync-error" role="alert">{e}</p> })}
        </div>
    }
}
