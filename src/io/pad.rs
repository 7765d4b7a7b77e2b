//! The signature pad's platform side: the pointer's place on a canvas, pointer capture (so
//! a stroke that leaves the box keeps drawing) and the ink drawn on the canvas.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

/// The pointer's place in the canvas's own pixel units, whatever its size on screen.
pub fn point(ev: &PointerEvent, canvas: &HtmlCanvasElement) -> (f64, f64) {
    let (w, h) = (f64::from(canvas.client_width().max(1)), f64::from(canvas.client_height().max(1)));
    (
        f64::from(ev.offset_x()) * f64::from(canvas.width()) / w,
        f64::from(ev.offset_y()) * f64::from(canvas.height()) / h,
    )
}

/// Which pointer an event is from (a finger, the pen, the mouse).
pub fn pointer(ev: &PointerEvent) -> i32 {
    ev.pointer_id()
}

/// Keeps the pointer's events on `canvas` until it is lifted.
pub fn capture(ev: &PointerEvent, canvas: &HtmlCanvasElement) {
    ev.prevent_default();
    let _ = canvas.set_pointer_capture(ev.pointer_id());
}

/// Ink on a canvas: round strokes in the text colour.
pub struct Ink(CanvasRenderingContext2d);

impl Ink {
    pub fn on(canvas: &HtmlCanvasElement) -> Option<Ink> {
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        ctx.set_line_width(3.0);
        ctx.set_line_cap("round");
        ctx.set_line_join("round");
        ctx.set_stroke_style_str("#1a2233");
        Some(Ink(ctx))
    }

    /// A new stroke, shown at once as a dot.
    pub fn start(&self, x: f64, y: f64) {
        self.0.begin_path();
        self.0.move_to(x, y);
        self.0.line_to(x + 0.1, y);
        self.0.stroke();
    }

    pub fn line_to(&self, x: f64, y: f64) {
        self.0.line_to(x, y);
        self.0.stroke();
    }

    pub fn clear(&self) {
        let canvas = self.0.canvas();
        let (w, h) = canvas.map_or((0.0, 0.0), |c| (f64::from(c.width()), f64::from(c.height())));
        self.0.clear_rect(0.0, 0.0, w, h);
    }
}
