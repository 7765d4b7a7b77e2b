//! A signature drawn on the screen: a canvas that follows pointer events (mouse, pen and
//! touch alike; `touch-action: none` in CSS keeps the page from scrolling under the finger)
//! and keeps the strokes as a compact pad path ([`sportello_core::employers::convenzione`]).
//! The canvas's own pixels are the pad's units, so the path does not depend on the screen;
//! the platform side is `io::pad`.

use crate::io::pad::{self, Ink};
use leptos::ev::PointerEvent;
use leptos::prelude::*;
use sportello_core::employers::convenzione::{PathBuilder, PAD_HEIGHT, PAD_WIDTH};

/// `path` holds what is drawn (empty when nothing is); `label` names the pad ("Firma per
/// l'impresa"), `signs` says in words what the signature subscribes.
#[component]
pub fn SignaturePad(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] signs: Signal<String>,
    path: RwSignal<String>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let builder = StoredValue::new(PathBuilder::default());
    let drawing = StoredValue::new(None::<i32>);
    let ink = move || canvas.get_untracked().and_then(|c| Ink::on(&c));
    let down = move |ev: PointerEvent| {
        let Some(c) = canvas.get_untracked() else { return };
        pad::capture(&ev, &c);
        let (x, y) = pad::point(&ev, &c);
        drawing.set_value(Some(pad::pointer(&ev)));
        builder.update_value(|b| b.start(x, y));
        if let Some(ink) = ink() {
            ink.start(x, y);
        }
    };
    let mv = move |ev: PointerEvent| {
        let Some(c) = canvas.get_untracked().filter(|_| drawing.get_value() == Some(pad::pointer(&ev))) else {
            return;
        };
        ev.prevent_default();
        let (x, y) = pad::point(&ev, &c);
        if builder.try_update_value(|b| b.extend(x, y)).unwrap_or(false) {
            if let Some(ink) = ink() {
                ink.line_to(x, y);
            }
        }
    };
    let up = move |ev: PointerEvent| {
        if drawing.get_value() == Some(pad::pointer(&ev)) {
            drawing.set_value(None);
            path.set(builder.with_value(|b| b.path().to_owned()));
        }
    };
    let wipe = move || {
        builder.update_value(PathBuilder::clear);
        if let Some(ink) = ink() {
            ink.clear();
        }
    };
    let clear = move |_| {
        wipe();
        path.set(String::new());
    };
    // A pad emptied from outside (after the signature is recorded) is wiped on screen too.
    Effect::new(move |_| {
        if path.with(String::is_empty) {
            wipe();
        }
    });
    let hint_id = format!("{id}-hint");
    let described = hint_id.clone();
    view! {
        <div class="signature-pad">
            <p class="signature-signs" id=hint_id>{move || signs.get()}</p>
            <canvas
                id=id
                node_ref=canvas
                class="signature-canvas"
                width=PAD_WIDTH
                height=PAD_HEIGHT
                role="img"
                aria-label=format!("{label}: disegna la firma con il dito, la penna o il mouse")
                aria-describedby=described
                on:pointerdown=down
                on:pointermove=mv
                on:pointerup=up
                on:pointercancel=up
            ></canvas>
            <div class="signature-tools">
                <span role="status">{move || if path.with(String::is_empty) { "Riquadro vuoto" } else { "Firma disegnata" }}</span>
                <button type="button" class="button secondary" on:click=clear>{format!("Cancella la {}", label.to_lowercase())}</button>
            </div>
        </div>
    }
}
