//! The page's own platform: navigation, dialogs, printing, the address, the `<html>` element
//! and the clocks. Pages and components call these instead of `web_sys`.

/// Asks the person `question` with the browser's confirmation dialog; `false` if dismissed
/// or the dialog is unavailable.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}

/// A full load of `path` (dropping everything the page holds in memory).
pub fn go_to(path: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(path);
    }
}

/// Loads the current page again.
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Opens the browser's print dialog (receipts, tickets, certificates, slips).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// "https://host:port", for links printed in QR codes.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The address's fragment without the `#` (never sent to the server).
pub fn fragment() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.trim_start_matches('#').to_string()
}

/// Scrolls the element with `id` into view, if there is one.
pub fn scroll_to(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        el.scroll_into_view();
    }
}

/// Adds or removes a class of the whole page (`<html>`).
pub fn set_page_class(class: &str, on: bool) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = root {
        let classes = root.class_list();
        let _ = if on { classes.add_1(class) } else { classes.remove_1(class) };
    }
}

/// Clears sessionStorage (a citizen's session at a totem leaves nothing behind).
pub fn clear_session_storage() {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.clear();
    }
}

/// Milliseconds since the epoch on this device's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A monotonic clock in milliseconds for measurements (falls back to the wall clock).
pub fn monotonic_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// "09:14:05" on this device's clock.
pub fn clock_with_seconds(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}:{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
}

/// A moment on this device's clock: the time if it is today, else the date and the time.
pub fn moment_with_seconds(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
    let now = js_sys::Date::new_0();
    let day = |d: &js_sys::Date| (d.get_full_year(), d.get_month(), d.get_date());
    if day(&date) == day(&now) {
        return clock_with_seconds(ms);
    }
    let on = chrono::NaiveDate::from_ymd_opt(date.get_full_year() as i32, date.get_month() + 1, date.get_date());
    match on {
        Some(on) => format!("{} {}", sportello_core::calendar::italian_date(on), clock_with_seconds(ms)),
        None => clock_with_seconds(ms),
    }
}

/// Today's ISO date on this device's clock.
pub fn today_iso() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// Reports a failure nobody can act on to the developer console.
pub fn log_error(message: &str) {
    web_sys::console::error_1(&message.into());
}
