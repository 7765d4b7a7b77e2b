//! Pieces of the citizens' screens: QR codes and the idle guard that ends a session nobody
//! is using (the on-screen keyboard is `components::keyboard`).

use crate::i18n::I18n;
use crate::io::browser;
use leptos::prelude::*;
use std::time::Duration;

/// A QR code as inline SVG (no network, prints sharply).
#[component]
pub fn QrCode(#[prop(into)] text: String, #[prop(into)] label: String) -> impl IntoView {
    let svg = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map(|code| code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build())
        .unwrap_or_default();
    view! { <div class="qr" role="img" aria-label=label data-qr-text=text inner_html=svg></div> }
}

/// Ends a citizen's session nobody is using: after `idle` without a touch or a key, a
/// warning counts down `warning` more (at least 20 s) with a button to continue; then
/// `on_timeout` runs.
#[component]
pub fn IdleGuard(idle: Duration, warning: Duration, #[prop(into)] on_timeout: Callback<()>) -> impl IntoView {
    let i18n = I18n::get();
    let warning = warning.max(Duration::from_secs(20));
    let last_activity = RwSignal::new(browser::now_ms());
    let now = RwSignal::new(browser::now_ms());
    let touch = move || last_activity.set(browser::now_ms());
    let handles = [
        window_event_listener(leptos::ev::pointerdown, move |_| touch()),
        window_event_listener(leptos::ev::keydown, move |_| touch()),
    ];
    let fired = RwSignal::new(false);
    let tick = set_interval_with_handle(
        move || {
            let t = browser::now_ms();
            now.set(t);
            if !fired.get_untracked() && t - last_activity.get_untracked() >= (idle + warning).as_millis() as f64 {
                fired.set(true);
                on_timeout.run(());
            }
        },
        Duration::from_millis(500),
    )
    .ok();
    let cleanup = StoredValue::new_local(Some((handles, tick)));
    on_cleanup(move || {
        cleanup.update_value(|c| {
            if let Some((handles, tick)) = c.take() {
                for h in handles {
                    h.remove();
                }
                if let Some(t) = tick {
                    t.clear();
                }
            }
        })
    });
    let remaining = move || {
        let left = (idle + warning).as_millis() as f64 - (now.get() - last_activity.get());
        (left / 1000.0).ceil().max(0.0) as u64
    };
    let warning_shown = move || now.get() - last_activity.get() >= idle.as_millis() as f64;
    view! {
        {move || warning_shown().then(|| view! {
            <div class="idle-warning" role="alertdialog" aria-modal="true" aria-labelledby="idle-text">
                <p id="idle-text">{move || i18n.t_with("idle-warning", &[("seconds", remaining().into())])}</p>
                <button type="button" class="button" on:click=move |_| touch()>{move || i18n.t("idle-continue")}</button>
            </div>
        })}
    }
}
