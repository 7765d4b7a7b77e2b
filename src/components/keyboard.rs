//! The kiosk's on-screen keyboard, for totems without a physical one. The totem's frame
//! provides one [`KeyboardHost`] and shows one [`OnScreenKeyboard`]; whichever text field of
//! a citizen screen has focus gets it, with the keys that field needs ([`Keys`], from its
//! `data-keys`, else its type or `inputmode`). A key types at the caret as a physical key
//! would (the page's own `on:input` reads it) and the focus stays on the field. A barcode
//! scanner or a physical keyboard still types into the field directly.
//!
//! The letters are Latin in every language (what Italian registers take); in Arabic the
//! page is right to left but the keyboard keeps the rows of a physical keyboard, left to
//! right, and the fields of Latin codes are `dir="ltr"`.

use crate::i18n::I18n;
use crate::io::keyboard::{self as platform, TextField};
use leptos::ev::MouseEvent;
use leptos::prelude::*;

/// The keys a field needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Codes (codice fiscale, ticket number and code): digits and capital letters.
    Code,
    /// Names: letters, accented vowels, apostrophe, hyphen and space.
    Name,
    /// Free text (a comment): letters, accented vowels, digits, punctuation and space.
    Text,
    /// An e-mail address: lowercase letters, digits, `@ . _ -`.
    Email,
    /// A number typed on a pad.
    Digits,
    /// A phone number: digits and `+`.
    Phone,
    /// A date as GG/MM/AAAA: digits and `/`.
    Date,
}

/// The keys of each kind, a row per string.
const CODE: &[&str] = &["1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"];
const NAME: &[&str] = &["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM'-", "ÀÈÉÌÒÙ"];
const TEXT: &[&str] = &["1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM'", "ÀÈÉÌÒÙ.,?!-"];
const EMAIL: &[&str] = &["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm@", "._-"];
const DIGITS: &[&str] = &["123", "456", "789", "0"];
const PHONE: &[&str] = &["123", "456", "789", "+0"];
const DATE: &[&str] = &["123", "456", "789", "0/"];

impl Keys {
    /// The value of `data-keys` that asks for these keys.
    pub fn attr(self) -> &'static str {
        match self {
            Keys::Code => "code",
            Keys::Name => "name",
            Keys::Text => "text",
            Keys::Email => "email",
            Keys::Digits => "digits",
            Keys::Phone => "phone",
            Keys::Date => "date",
        }
    }

    /// The keys of a field: its `data-keys` if it names some, else by its type and
    /// `inputmode`; `None` for inputs that take no text (checkbox, radio, ...).
    pub fn for_field(data_keys: Option<&str>, kind: &str, inputmode: &str) -> Option<Keys> {
        let kind = kind.to_ascii_lowercase();
        if !matches!(kind.as_str(), "" | "text" | "search" | "tel" | "email" | "number" | "url" | "textarea") {
            return None;
        }
        let named = [Keys::Code, Keys::Name, Keys::Text, Keys::Email, Keys::Digits, Keys::Phone, Keys::Date]
            .into_iter()
            .find(|k| Some(k.attr()) == data_keys);
        Some(named.unwrap_or(match (kind.as_str(), inputmode) {
            ("tel", _) | (_, "tel") => Keys::Phone,
            ("email", _) | (_, "email") => Keys::Email,
            ("number", _) | (_, "numeric" | "decimal") => Keys::Digits,
            _ => Keys::Text,
        }))
    }

    fn rows(self) -> &'static [&'static str] {
        match self {
            Keys::Code => CODE,
            Keys::Name => NAME,
            Keys::Text => TEXT,
            Keys::Email => EMAIL,
            Keys::Digits => DIGITS,
            Keys::Phone => PHONE,
            Keys::Date => DATE,
        }
    }

    /// Words need a space bar; codes, numbers and addresses have none.
    fn has_space(self) -> bool {
        matches!(self, Keys::Name | Keys::Text)
    }

    /// Whether the letters switch case, and the case they start in.
    fn shift(self) -> Option<bool> {
        match self {
            Keys::Name => Some(true),
            Keys::Text => Some(false),
            _ => None,
        }
    }
}

/// What a key does to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Clear,
}

/// The text after `edit` and the caret after it, in UTF-16 units as the browser counts.
/// `selection` is the field's (`None`: the caret is at the end); a selection is replaced
/// or deleted; `max_len` (the field's `maxlength`) refuses an insertion beyond it.
pub fn apply(value: &str, selection: Option<(usize, usize)>, max_len: Option<usize>, edit: Edit) -> (String, usize) {
    let mut units: Vec<u16> = value.encode_utf16().collect();
    let len = units.len();
    let (start, end) = selection.map_or((len, len), |(s, e)| (s.min(e).min(len), s.max(e).min(len)));
    let (replace, caret) = match edit {
        Edit::Clear => return (String::new(), 0),
        Edit::Insert(c) => {
            let mut buf = [0u16; 2];
            let typed = c.encode_utf16(&mut buf).to_vec();
            if max_len.is_some_and(|max| len - (end - start) + typed.len() > max) {
                return (value.to_string(), end);
            }
            let caret = start + typed.len();
            ((start, end, typed), caret)
        }
        Edit::Backspace if start < end => ((start, end, Vec::new()), start),
        Edit::Backspace if start == 0 => return (value.to_string(), 0),
        Edit::Backspace => {
            // A character outside the BMP is two units: delete both.
            let from = if start >= 2 && (0xDC00..0xE000).contains(&units[start - 1]) { start - 2 } else { start - 1 };
            ((from, start, Vec::new()), from)
        }
    };
    let (from, to, typed) = replace;
    units.splice(from..to, typed);
    (String::from_utf16_lossy(&units), caret)
}

/// The keyboard's state in the totem's frame: the field it types into and the case of its
/// letters.
#[derive(Clone, Copy)]
pub struct KeyboardHost {
    target: RwSignal<Option<(TextField, Keys)>, LocalStorage>,
    upper: RwSignal<bool>,
}

impl KeyboardHost {
    pub fn provide() -> KeyboardHost {
        let host = KeyboardHost { target: RwSignal::new_local(None), upper: RwSignal::new(true) };
        provide_context(host);
        host
    }

    fn accepts(field: &TextField) -> Option<Keys> {
        let hint = field.hint();
        Keys::for_field(hint.keys.as_deref(), &hint.kind, &hint.inputmode)
    }

    /// `focusin` anywhere in the frame: a text field gets the keyboard.
    pub fn focus_in(self, ev: &leptos::ev::Event) {
        if let Some(field) = TextField::target_of(ev) {
            self.show_for(field);
        }
    }

    fn show_for(self, field: TextField) {
        let Some(keys) = KeyboardHost::accepts(&field) else { return };
        if self.target.with_untracked(|t| t.as_ref().is_some_and(|(f, _)| *f == field)) {
            return;
        }
        self.upper.set(keys.shift().unwrap_or(true));
        self.target.set(Some((field, keys)));
    }

    /// After a tap (the click's own handlers have run): the keyboard stays for the focused
    /// field or while a key has the focus, and goes when the citizen tapped anything else.
    /// Not on `focusout`: the keyboard leaving under a finger on its way to "Invia" would
    /// move the button away before the tap ends.
    pub fn after_click(self) {
        match platform::focused_field() {
            Some(field) if KeyboardHost::accepts(&field).is_some() => self.show_for(field),
            _ if platform::focus_in_keyboard() => self.forget_removed(),
            _ => self.close(),
        }
    }

    pub fn close(self) {
        self.target.set(None);
    }

    /// After a screen changed: the keyboard goes with a field that is no longer there.
    pub fn forget_removed(self) {
        if self.target.with_untracked(|t| t.as_ref().is_some_and(|(f, _)| !f.is_connected())) {
            self.close();
        }
    }

    fn press(self, edit: Edit) {
        let Some((field, _)) = self.target.get_untracked() else { return };
        if !field.is_connected() {
            return self.close();
        }
        let state = field.state();
        let (value, caret) = apply(&state.value, state.selection, state.max_len, edit);
        field.write(&value, caret);
    }

    fn enter(self) {
        let Some((field, _)) = self.target.get_untracked() else { return };
        if !field.is_connected() {
            return self.close();
        }
        field.enter(|f| KeyboardHost::accepts(f).is_some());
        // A form sent may take its fields away (the next step), and browsers do not all
        // say so with `focusout`: check once the screen has changed.
        set_timeout(move || self.forget_removed(), std::time::Duration::ZERO);
    }
}

/// The one on-screen keyboard, shown for the focused text field of the frame's
/// [`KeyboardHost`] (none without a host: the phone pages have their own keyboard).
#[component]
pub fn OnScreenKeyboard() -> impl IntoView {
    let i18n = I18n::get();
    let host = use_context::<KeyboardHost>();
    move || {
        let host = host?;
        let keys = host.target.with(|t| t.as_ref().map(|(_, k)| *k))?;
        let shown = move |c: char| {
            if keys.shift().is_some() && !host.upper.get() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                c
            }
        };
        let row = move |row: &'static str| {
            view! {
                <div class="keyboard-row">
                    {row.chars().map(|c| view! {
                        <button type="button" class="key" on:click=move |_| host.press(Edit::Insert(shown(c)))>
                            {move || shown(c).to_string()}
                        </button>
                    }).collect_view()}
                </div>
            }
        };
        Some(view! {
            // Latin keys in the order of a physical keyboard, also in a right-to-left page.
            <div class="keyboard no-print" role="group" dir="ltr" data-keys=keys.attr()
                aria-label=move || i18n.t("keyboard-label")
                on:mousedown=move |ev: MouseEvent| platform::keep_focus(&ev)>
                {keys.rows().iter().map(|r| row(r)).collect_view()}
                <div class="keyboard-row">
                    {keys.shift().map(|_| view! {
                        <button type="button" class="key wide" aria-pressed=move || host.upper.get().to_string()
                            aria-label=move || i18n.t("keyboard-shift")
                            on:click=move |_| host.upper.update(|u| *u = !*u)>"⇧"</button>
                    })}
                    {keys.has_space().then(|| view! {
                        <button type="button" class="key space" on:click=move |_| host.press(Edit::Insert(' '))>
                            {move || i18n.t("keyboard-space")}
                        </button>
                    })}
                    <button type="button" class="key wide" aria-label=move || i18n.t("keyboard-delete")
                        on:click=move |_| host.press(Edit::Backspace)>"⌫"</button>
                    <button type="button" class="key wide" on:click=move |_| host.press(Edit::Clear)>
                        {move || i18n.t("keyboard-clear")}
                    </button>
                    <button type="button" class="key wide primary" on:click=move |_| host.enter()>"OK"</button>
                </div>
            </div>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_types_at_the_caret_and_replaces_a_selection() {
        assert_eq!(apply("DANGELO", Some((1, 1)), None, Edit::Insert('\'')), ("D'ANGELO".into(), 2));
        assert_eq!(apply("ROSSI", None, None, Edit::Insert('À')), ("ROSSIÀ".into(), 6));
        assert_eq!(apply("ROSSI", Some((1, 4)), None, Edit::Insert('E')), ("REI".into(), 2));
        assert_eq!(apply("ROSSI", Some((4, 1)), None, Edit::Insert('E')), ("REI".into(), 2));
    }

    #[test]
    fn backspace_deletes_before_the_caret_or_the_selection() {
        assert_eq!(apply("ROSSI", Some((2, 2)), None, Edit::Backspace), ("RSSI".into(), 1));
        assert_eq!(apply("ROSSI", Some((0, 0)), None, Edit::Backspace), ("ROSSI".into(), 0));
        assert_eq!(apply("ROSSI", Some((1, 3)), None, Edit::Backspace), ("RSI".into(), 1));
        assert_eq!(apply("ROSSI", None, None, Edit::Backspace), ("ROSS".into(), 4));
        // "😀" is two UTF-16 units, deleted together.
        assert_eq!(apply("A😀", Some((3, 3)), None, Edit::Backspace), ("A".into(), 1));
        assert_eq!(apply("ROSSI", Some((2, 2)), None, Edit::Clear), (String::new(), 0));
    }

    #[test]
    fn maxlength_refuses_a_key_beyond_it_but_not_a_replacement() {
        assert_eq!(apply("1234", None, Some(4), Edit::Insert('5')), ("1234".into(), 4));
        assert_eq!(apply("1234", Some((0, 1)), Some(4), Edit::Insert('5')), ("5234".into(), 1));
        assert_eq!(apply("123", None, Some(4), Edit::Insert('4')), ("1234".into(), 4));
    }

    #[test]
    fn a_field_gets_the_keys_it_needs() {
        assert_eq!(Keys::for_field(Some("code"), "text", ""), Some(Keys::Code));
        assert_eq!(Keys::for_field(Some("date"), "text", "numeric"), Some(Keys::Date));
        assert_eq!(Keys::for_field(None, "text", "numeric"), Some(Keys::Digits));
        assert_eq!(Keys::for_field(None, "tel", ""), Some(Keys::Phone));
        assert_eq!(Keys::for_field(None, "email", ""), Some(Keys::Email));
        assert_eq!(Keys::for_field(None, "textarea", ""), Some(Keys::Text));
        assert_eq!(Keys::for_field(None, "text", ""), Some(Keys::Text));
        assert_eq!(Keys::for_field(Some("nonsense"), "TEXT", ""), Some(Keys::Text));
        for none in ["checkbox", "radio", "submit", "button", "file", "hidden", "range"] {
            assert_eq!(Keys::for_field(None, none, ""), None, "{none}");
        }
    }

    #[test]
    fn names_have_apostrophe_space_and_accented_vowels_codes_have_digits() {
        let all = |k: Keys| k.rows().concat();
        for c in ['\'', 'À', 'È', 'É', 'Ì', 'Ò', 'Ù', '-'] {
            assert!(all(Keys::Name).contains(c), "{c}");
        }
        assert!(Keys::Name.has_space() && !Keys::Code.has_space());
        assert!(('0'..='9').all(|d| all(Keys::Code).contains(d) && all(Keys::Digits).contains(d)));
        assert!(('A'..='Z').all(|l| all(Keys::Code).contains(l) && all(Keys::Name).contains(l)));
        assert!(all(Keys::Email).contains('@') && all(Keys::Phone).contains('+') && all(Keys::Date).contains('/'));
    }
}
