//! The satisfaction survey: `/totem/<cpi>/valuta` and the form shared with the phone page.

use crate::components::keyboard::Keys;
use crate::i18n::I18n;
use crate::io::api;
use crate::io::queue::today;
use crate::pages::totem::{current_cpi, BackToStart, TotemLink};
use leptos::prelude::*;
use sportello_core::catalogue::{catalogue, Area};
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{self, TicketNumber};

/// `/totem/<cpi>/valuta`: after being served, the citizen scans the ticket's QR code (or
/// types its number and the code printed on it) and rates the area 1-5, with an optional
/// comment. Sent to the relay; nothing is kept here.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let typed = RwSignal::new(String::new());
    let typed_code = RwSignal::new(String::new());
    // The served ticket being rated: number, its area now, date, secret.
    let found = RwSignal::new(None::<(TicketNumber, Area, String, String)>);
    let error = RwSignal::new(None::<String>);
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A scanner reading the ticket's QR code types its link; by hand, number and code.
        let (number, given) = match queue::parse_ticket_link(&typed.get_untracked()) {
            Some((number, secret)) => (number, secret),
            None => match TicketNumber::parse(&typed.get_untracked()) {
                Some(number) => (number, typed_code.get_untracked()),
                None => return error.set(Some(i18n.t("survey-bad-number"))),
            },
        };
        let date = today();
        let day = link.and_then(|l| l.queue_day(date).and_then(|id| l.handle.read::<QueueDay>(id)));
        let Some(day) = day else { return error.set(Some(i18n.t("ticket-no-day"))) };
        let secret = day.secret(number).unwrap_or_default().to_string();
        match day.ticket(number) {
            Some(t) if queue::proves_ticket(&secret, &given) => {
                if t.status.may_be_rated() {
                    error.set(None);
                    found.set(Some((number, t.area, date.to_string(), secret)));
                } else {
                    error.set(Some(i18n.t("survey-not-done")));
                }
            }
            _ => error.set(Some(i18n.t("survey-unknown"))),
        }
    };
    move || {
        let cpi = cpi.get()?;
        Some(view! {
            <BackToStart cpi />
            <h1>{move || i18n.t("survey-title")}</h1>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match found.get() {
                Some((number, area, date, secret)) => view! { <SurveyForm cpi=cpi.slug.clone() number area date secret /> }.into_any(),
                None => view! {
                    <p class="lead">{move || i18n.t("survey-lead")}</p>
                    <form class="form" on:submit=look_up>
                        <label>{move || i18n.t("survey-number")}
                            <input type="text" name="ticket" autocomplete="off" placeholder="A-B-017" dir="ltr" data-keys=Keys::Code.attr()
                                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                        </label>
                        <label>{move || i18n.t("survey-code")}
                            <input type="text" name="code" autocomplete="off" maxlength="6" dir="ltr" data-keys=Keys::Code.attr()
                                prop:value=move || typed_code.get() on:input=move |ev| typed_code.set(event_target_value(&ev)) />
                        </label>
                        <button type="submit" class="button">{move || i18n.t("survey-continue")}</button>
                    </form>
                }.into_any(),
            }}
        })
    }
}

/// Rating 1-5, a comment and "Invia": shared by the totem and the phone page. `area` is the
/// area that served the ticket (after a transfer, not the one on the number).
#[component]
pub(super) fn SurveyForm(cpi: String, number: TicketNumber, area: Area, date: String, secret: String) -> impl IntoView {
    let i18n = I18n::get();
    let rating = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stars) = rating.get_untracked() else { return error.set(Some(i18n.t("survey-choose"))) };
        if let Err(e) = sportello_core::satisfaction::Answer::new(stars, &comment.get_untracked()) {
            return error.set(Some(e.message_it().to_string()));
        }
        let (cpi, date, secret) = (cpi.clone(), date.clone(), secret.clone());
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let number = number.to_string();
            match api::answer_survey(&cpi, &number, &date, &secret, stars, &comment.get_untracked()).await {
                Ok(()) => {
                    sent.set(true);
                    comment.set(String::new());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let question = move || {
        i18n.t_with(
            "survey-question",
            &[
                ("number", number.to_string().into()),
                ("area", catalogue().area_name(area, i18n.code()).to_string().into()),
            ],
        )
    };
    move || {
        if sent.get() {
            return view! { <p class="survey-thanks" role="status">{move || i18n.t("survey-thanks")}</p> }.into_any();
        }
        view! {
            <form class="form survey" on:submit=send.clone()>
                <fieldset class="rating">
                    <legend>{question}</legend>
                    {(1..=5u8).map(|n| view! {
                        <label class="rating-choice">
                            <input type="radio" name="rating" value=n.to_string()
                                prop:checked=move || rating.get() == Some(n) on:change=move |_| rating.set(Some(n)) />
                            <span aria-hidden="true">{n.to_string()}</span>
                            <span class="visually-hidden">{move || i18n.t_with("survey-rating", &[("n", n.into())])}</span>
                        </label>
                    }).collect_view()}
                    <p class="rating-scale">{move || i18n.t("survey-scale")}</p>
                </fieldset>
                <label>{move || i18n.t("survey-comment")}
                    <textarea maxlength="500" dir="auto" data-keys=Keys::Text.attr() prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || busy.get()>{move || i18n.t("survey-send")}</button>
            </form>
        }
        .into_any()
    }
}
