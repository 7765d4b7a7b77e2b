//! What the queue screens need from the browser: the clock, a ticket's secret, the link in
//! its QR code, and the board's chime and spoken announcement.

use sportello_core::queue::TicketNumber;

/// Milliseconds since the epoch on the relay's clock, as this device last measured it, so
/// tickets of different totems compare fairly (see `sportello_core::queue`, clock skew).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64 + super::settings::clock_offset_ms()
}

/// "09:14" on this device's clock, for tickets, the board and the console.
pub fn clock_time(ms: i64) -> String {
    let date = js_sys::Date::new(&(ms as f64).into());
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// Today on the relay-corrected clock, in this device's time zone (the CPI's).
pub fn today() -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp_millis(now_ms())
        .map_or_else(|| chrono::Local::now().date_naive(), |t| t.with_timezone(&chrono::Local).date_naive())
}

/// 32 random hex characters for a ticket's QR code.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the browser provides randomness");
    super::hex(&bytes)
}

/// The phone page of a ticket, as its QR code holds it. The secret is in the fragment, which
/// browsers never send to the server.
pub fn ticket_url(cpi: &str, number: TicketNumber, date: &str, secret: &str) -> String {
    format!("{}{}", super::browser::origin(), sportello_core::queue::ticket_link_path(cpi, number, date, secret))
}

const COUNTERS: &str = "sportello.ticket-counters";

/// The highest counter this totem used today for `area`, remembered synchronously outside
/// IndexedDB (see `QueueDay::issue`).
pub fn used_counter(date: &str, area: char) -> u16 {
    use gloo_storage::{LocalStorage, Storage};
    let stored: Option<(String, std::collections::BTreeMap<char, u16>)> = LocalStorage::get(COUNTERS).ok();
    stored.filter(|(d, _)| d == date).and_then(|(_, c)| c.get(&area).copied()).unwrap_or(0)
}

pub fn remember_counter(date: &str, area: char, counter: u16) {
    use gloo_storage::{LocalStorage, Storage};
    let mut stored: (String, std::collections::BTreeMap<char, u16>) = LocalStorage::get(COUNTERS)
        .ok()
        .filter(|(d, _): &(String, _)| d == date)
        .unwrap_or((date.to_string(), Default::default()));
    let entry = stored.1.entry(area).or_insert(0);
    *entry = (*entry).max(counter);
    let _ = LocalStorage::set(COUNTERS, &stored);
}

/// "A B 17": how the board reads a number aloud, letter by letter then the counter.
pub fn spoken_number(number: TicketNumber) -> String {
    format!("{} {} {}", number.area().letter(), number.totem().letter(), number.counter())
}

/// A two-tone chime before an announcement. Browsers allow sound only after a click on the
/// page: the board asks for one before it starts.
pub fn chime() {
    let Ok(ctx) = web_sys::AudioContext::new() else { return };
    let start = ctx.current_time();
    for (i, frequency) in [880.0_f32, 660.0].into_iter().enumerate() {
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else { return };
        osc.set_type(web_sys::OscillatorType::Sine);
        osc.frequency().set_value(frequency);
        let at = start + 0.35 * i as f64;
        let _ = gain.gain().set_value_at_time(0.0001, at);
        let _ = gain.gain().exponential_ramp_to_value_at_time(0.4, at + 0.02);
        let _ = gain.gain().exponential_ramp_to_value_at_time(0.0001, at + 0.32);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&ctx.destination());
        let _ = osc.start_with_when(at);
        let _ = osc.stop_with_when(at + 0.34);
    }
}

/// Speaks `text` in Italian with the Web Speech API, after the chime.
pub fn speak_italian(text: &str) {
    let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else { return };
    let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) else { return };
    utterance.set_lang("it-IT");
    utterance.set_rate(0.9);
    synth.speak(&utterance);
}
