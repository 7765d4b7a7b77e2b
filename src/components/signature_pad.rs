//! A signature drawn on the screen: a canvas that follows pointer events (mouse, pen and
//! touch alike; `touch-action: none` in CSS keeps the page from scrolling under the finger)
//! and keeps the strokes as a compact pad path ([`sportello_core::employers::convenzione`]).
//! The canvas's own pixels are the pad's units, so the path does not depend on the screen.

use leptos::prelude::*;
use sportello_core::employers::convenzione::{PathBuilder, PAD_HEIGHT, PAD_WIDTH};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

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
    let context = move || -> Option<CanvasRenderingContext2d> {
        let canvas: HtmlCanvasElement = canvas.get_untracked()?;
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        ctx.set_line_width(3.0);
        ctx.set_line_cap("round");
        ctx.set_line_join("round");
        ctx.set_stroke_style_str("#1a2233");
        Some(ctx)
    };
    // The pointer's place in pad units (the canvas may be drawn at any CSS size).
    let point = move |ev: &PointerEvent| -> Option<(f64, f64)> {
        let canvas = canvas.get_untracked()?;
        let (w, h) = (f64::from(canvas.client_width().max(1)), f64::from(canvas.client_height().max(1)));
        Some((
            f64::from(ev.offset_x()) * f64::from(PAD_WIDTH) / w,
            f64::from(ev.offset_y()) * f64::from(PAD_HEIGHT) / h,
        ))
    };
    let down = move |ev: PointerEvent| {
        let Some((x, y)) = point(&ev) else { return };
        ev.prevent_default();
        if let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        drawing.set_value(Some(ev.pointer_id()));
        builder.update_value(|b| b.start(x, y));
        if let Some(ctx) = context() {
            ctx.begin_path();
            ctx.move_to(x, y);
            ctx.line_to(x + 0.1, y);
            ctx.stroke();
        }
    };
    let mv = move |ev: PointerEvent| {
        if drawing.get_value() != Some(ev.pointer_id()) {
            return;
        }
        let Some((x, y)) = point(&ev) else { return };
        ev.prevent_default();
        if builder.try_update_value(|b| b.extend(x, y)).unwrap_or(false) {
            if let Some(ctx) = context() {
                ctx.line_to(x, y);
                ctx.stroke();
            }
        }
    };
    let up = move |ev: PointerEvent| {
        if drawing.get_value() == Some(ev.pointer_id()) {
            drawing.set_value(None);
            path.set(builder.with_value(|b| b.path().to_owned()));
        }
    };
    let clear = move |_| {
        builder.update_value(PathBuilder::clear);
        path.set(String::new());
        if let Some(ctx) = context() {
            ctx.clear_rect(0.0, 0.0, f64::from(PAD_WIDTH), f64::from(PAD_HEIGHT));
        }
    };
    // A pad emptied from outside (after the signature is recorded) is wiped on screen too.
    Effect::new(move |_| {
        if path.with(String::is_empty) {
            builder.update_value(PathBuilder::clear);
            if let Some(ctx) = context() {
                ctx.clear_rect(0.0, 0.0, f64::from(PAD_WIDTH), f64::from(PAD_HEIGHT));
            }
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
