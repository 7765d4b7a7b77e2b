//! `/coda/<cpi>/<ticket>?g=<day>#<secret>`: following one's turn from a phone.

use super::survey::SurveyForm;
use super::wait_text;
use crate::i18n::{I18n, LanguageSwitch};
use crate::io::api;
use crate::io::browser;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use sportello_core::catalogue::Area;
use sportello_core::queue::{TicketNumber, TicketState};

/// `/coda/<cpi>/<ticket>?g=<date>#<secret>`: the page a ticket's QR code opens on the
/// citizen's phone. It asks the relay every few seconds until the ticket is served and rated;
/// the page's frame and its live status stay in place while the text changes.
#[component]
pub fn TicketStatusPage() -> impl IntoView {
    let i18n = I18n::get();
    let params = use_params_map();
    let query = use_query_map();
    let cpi = move || params.read().get("cpi").unwrap_or_default();
    let number = move || params.read().get("ticket").unwrap_or_default();
    let date = move || query.read().get("g").unwrap_or_default();
    let secret = browser::fragment();
    let latest = RwSignal::new(None::<Result<api::PublicTicket, String>>);
    let finished = StoredValue::new(false);
    let fetch = {
        let secret = secret.clone();
        move || {
            if finished.get_value() {
                return;
            }
            let (cpi, number, date, secret) = (cpi(), number(), date(), secret.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::public_ticket(&cpi, &number, &date, &secret).await;
                if let Ok(t) = &result {
                    finished.set_value(t.surveyed && t.state.may_be_rated());
                }
                latest.set(Some(result));
            });
        }
    };
    fetch();
    let poll = set_interval_with_handle(fetch, std::time::Duration::from_secs(5)).ok();
    on_cleanup(move || {
        if let Some(p) = poll {
            p.clear();
        }
    });
    let ticket = Memo::new(move |_| latest.get().and_then(Result::ok));
    let failure = Memo::new(move |_| latest.get().and_then(Result::err));
    let state = Memo::new(move |_| {
        ticket.get().map(|t| match t.state {
            TicketState::Called | TicketState::Serving => {
                i18n.t_with("queue-called", &[("desk", t.desk.unwrap_or(0).into())])
            }
            TicketState::Done if t.surveyed => format!("{} {}", i18n.t("queue-done"), i18n.t("survey-thanks")),
            TicketState::Done => i18n.t("queue-done"),
            TicketState::NoShow => i18n.t("queue-no-show"),
            _ => wait_text(i18n, t.ahead, t.wait_minutes),
        })
    });
    let state_name = Memo::new(move |_| ticket.get().map(|t| t.state.code()).unwrap_or_default());
    // The ticket to rate, fixed once it is served and not yet rated: the form is built once.
    let to_rate = Memo::new(move |_| {
        let t = ticket.get()?;
        (!t.surveyed && t.state.may_be_rated()).then_some(())?;
        let area = t.area.chars().next().and_then(Area::from_letter)?;
        Some((TicketNumber::parse(&t.number)?, area))
    });
    let heading = Memo::new(move |_| ticket.get().map(|t| (t.cpi_name, format!("{} · {}", t.area, t.area_name))));
    view! {
        <main class="page narrow phone-ticket">
            <LanguageSwitch />
            <p class="eyebrow">{move || heading.get().map(|h| h.0)}</p>
            <h1>{move || i18n.t("queue-status-title")}</h1>
            <p class="ticket-number" data-testid="ticket-number">{number}</p>
            <p>{move || heading.get().map(|h| h.1)}</p>
            <p class="queue-state" aria-live="polite" data-state=move || state_name.get()>
                {move || state.get().unwrap_or_else(|| if failure.with(Option::is_some) { String::new() } else { i18n.t("queue-loading") })}
            </p>
            {move || failure.get().map(|e| view! { <p role="alert">{e}</p> })}
            {move || to_rate.get().map(|(number, area)| view! {
                <SurveyForm cpi=cpi() number area date=date() secret=secret.clone() />
            })}
        </main>
    }
}
