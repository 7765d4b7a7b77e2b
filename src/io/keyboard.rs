//! The on-screen keyboard's platform side: which text field has focus, and typing into it
//! as a physical keyboard would — at the caret, with an `input` event the page's own
//! handler reads, focus kept on the field.

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlFormElement, HtmlInputElement, HtmlTextAreaElement};

/// A text field of the page (an `<input>` that takes text, or a `<textarea>`).
#[derive(Clone, PartialEq)]
pub enum TextField {
    Input(HtmlInputElement),
    Area(HtmlTextAreaElement),
}

/// What a field says about the keys it needs: its `data-keys`, its type and `inputmode`.
pub struct Hint {
    pub keys: Option<String>,
    /// The input's type, or "textarea".
    pub kind: String,
    pub inputmode: String,
}

/// What a field holds: its text, the selection (UTF-16 offsets; `None` where the browser
/// exposes none, e.g. `type=email`) and its `maxlength`.
pub struct State {
    pub value: String,
    pub selection: Option<(usize, usize)>,
    pub max_len: Option<usize>,
}

impl TextField {
    fn of_element(el: &Element) -> Option<TextField> {
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            return Some(TextField::Input(input.clone()));
        }
        el.dyn_ref::<HtmlTextAreaElement>().map(|a| TextField::Area(a.clone()))
    }

    /// The field an event (`focusin`, a tap) reached, if it is an input or a textarea.
    pub fn target_of(ev: &Event) -> Option<TextField> {
        TextField::of_element(ev.target()?.dyn_ref::<Element>()?)
    }

    fn element(&self) -> &Element {
        match self {
            TextField::Input(i) => i,
            TextField::Area(a) => a,
        }
    }

    pub fn hint(&self) -> Hint {
        let el = self.element();
        let kind = match self {
            TextField::Input(i) => i.type_(),
            TextField::Area(_) => "textarea".into(),
        };
        Hint { keys: el.get_attribute("data-keys"), kind, inputmode: el.get_attribute("inputmode").unwrap_or_default() }
    }

    /// Still in the page (a screen's step may have replaced it).
    pub fn is_connected(&self) -> bool {
        self.element().is_connected()
    }

    pub fn state(&self) -> State {
        let (value, start, end, max) = match self {
            TextField::Input(i) => {
                (i.value(), i.selection_start().ok().flatten(), i.selection_end().ok().flatten(), i.max_length())
            }
            TextField::Area(a) => {
                (a.value(), a.selection_start().ok().flatten(), a.selection_end().ok().flatten(), a.max_length())
            }
        };
        let selection = start.zip(end).map(|(s, e)| (s as usize, e as usize));
        State { value, selection, max_len: usize::try_from(max).ok() }
    }

    /// Writes `value` with the caret at `caret` (UTF-16) and tells the page, as typing does.
    pub fn write(&self, value: &str, caret: usize) {
        let caret = caret as u32;
        match self {
            TextField::Input(i) => {
                i.set_value(value);
                // Inputs without a selection (email) throw here; their caret stays at the end.
                let _ = i.set_selection_range(caret, caret);
            }
            TextField::Area(a) => {
                a.set_value(value);
                let _ = a.set_selection_range(caret, caret);
            }
        }
        let init = EventInit::new();
        init.set_bubbles(true);
        if let Ok(ev) = Event::new_with_event_init_dict("input", &init) {
            let _ = self.element().dispatch_event(&ev);
        }
        self.focus();
    }

    pub fn focus(&self) {
        if let Some(el) = self.element().dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }

    fn form(&self) -> Option<HtmlFormElement> {
        match self {
            TextField::Input(i) => i.form(),
            TextField::Area(a) => a.form(),
        }
    }

    /// "OK": the next field of the form that `takes_text` accepts, or else the form is
    /// submitted as Enter would (its own submit handler runs).
    pub fn enter(&self, takes_text: impl Fn(&TextField) -> bool) {
        let Some(form) = self.form() else { return };
        let elements = form.elements();
        let fields: Vec<TextField> = (0..elements.length())
            .filter_map(|i| elements.item(i))
            .filter_map(|el| TextField::of_element(&el))
            .filter(|f| !f.disabled() && takes_text(f))
            .collect();
        let next = fields.iter().position(|f| f == self).and_then(|at| fields.get(at + 1));
        match next {
            Some(next) => next.focus(),
            None => {
                let _ = form.request_submit();
            }
        }
    }

    fn disabled(&self) -> bool {
        match self {
            TextField::Input(i) => i.disabled() || i.read_only(),
            TextField::Area(a) => a.disabled() || a.read_only(),
        }
    }
}

fn active_element() -> Option<Element> {
    web_sys::window()?.document()?.active_element()
}

/// The text field that has the focus, if any.
pub fn focused_field() -> Option<TextField> {
    TextField::of_element(&active_element()?)
}

/// Whether the focus is on one of the keyboard's keys (reached with Tab).
pub fn focus_in_keyboard() -> bool {
    active_element().and_then(|el| el.closest(".keyboard").ok().flatten()).is_some()
}

/// Keeps the focus where it is when a key is pressed (the default of `mousedown` moves it).
pub fn keep_focus(ev: &web_sys::MouseEvent) {
    ev.prevent_default();
}
