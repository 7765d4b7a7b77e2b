use crate::i18n::I18n;
use crate::io::sync::SyncHandle;
use leptos::prelude::*;

use crate::io::browser::moment_with_seconds as clock;

/// The sync state, said honestly: online or not (from talking to the relay), how many local
/// changes the relay doesn't have yet, when it last confirmed everything, and which changes
/// it refused and why (those stay on the device and are not re-sent until edited).
#[component]
pub fn SyncBadge(handle: SyncHandle) -> impl IntoView {
    let status = handle.status;
    let i18n = I18n::get();
    view! {
        <div class="sync-badge" role="status" aria-live="polite" data-online=move || status.with(|s| s.online.to_string())
            data-pending=move || status.with(|s| s.pending.to_string())>
            <span class="sync-dot" aria-hidden="true"></span>
            <span class="sync-online">{move || i18n.t(if status.with(|s| s.online) { "sync-online" } else { "sync-offline" })}</span>
            <span class="sync-pending">
                {move || match status.with(|s| s.pending) {
                    0 if status.with(|s| s.online) => i18n.t("sync-all-saved"),
                    0 => i18n.t("sync-nothing-pending"),
                    n => i18n.t_with("sync-pending", &[("count", n.into())]),
                }}
            </span>
            <span class="sync-last">
                {move || match status.with(|s| s.last_sync_ms) {
                    Some(ms) => i18n.t_with("sync-last", &[("time", clock(ms).into())]),
                    None => i18n.t("sync-never"),
                }}
            </span>
            {move || status.with(|s| s.storage_error.clone()).map(|e| view! { <p class="sync-error" role="alert">{e}</p> })}
            {move || {
                status
                    .with(|s| s.refused.clone())
                    .into_iter()
                    .map(|reason| {
                        view! {
                            <p class="sync-error sync-refused" role="alert">
                                {i18n.t_with("sync-refused", &[("reason", reason.into())])}
                            </p>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
