//! `/totem/<cpi>/numero`: taking a ticket (area, priority) with its wait, QR code and 80 mm print.

use super::{priority_key, wait_text};
use crate::components::citizen::QrCode;
use crate::i18n::I18n;
use crate::io::browser;
use crate::io::queue::{clock_time, new_secret, now_ms, remember_counter, ticket_url, today, used_counter};
use crate::pages::totem::{current_cpi, BackToStart, TotemLink};
use leptos::prelude::*;
use sportello_core::catalogue::{catalogue, Area};
use sportello_core::cpi::Cpi;
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{self, Priority, QueueError, TicketNumber};

/// A ticket this totem just issued, kept only on screen until the session ends.
#[derive(Clone, PartialEq)]
pub(super) struct Issued {
    number: TicketNumber,
    date: String,
    secret: String,
    issued_at_ms: i64,
}

/// `/totem/<cpi>/numero`: choose the area, say whether a priority applies, get the ticket
/// with its estimated wait, a QR code to follow it by phone, and the 80 mm print.
#[component]
pub fn TicketPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let area = RwSignal::new(None::<Area>);
    let issued = RwSignal::new(None::<Issued>);
    let error = RwSignal::new(None::<String>);
    let day = move || link.and_then(|l| l.queue_day(today()));
    let queue = Memo::new(move |_| link.and_then(|l| day().and_then(|id| l.handle.read::<QueueDay>(id))));

    let take = move |priority: Priority| {
        let (Some(link), Some(chosen)) = (link, area.get_untracked()) else { return };
        let Some(code) = link.ticket_code.get_untracked() else {
            return error.set(Some(i18n.t("ticket-no-code")));
        };
        let date = today();
        let Some(id) = link.queue_day(date) else { return error.set(Some(i18n.t("ticket-no-day"))) };
        let date = date.to_string();
        let secret = new_secret();
        let used_before = used_counter(&date, chosen.letter());
        let result = link.handle.update::<QueueDay, _>(id, "ticket", |day| {
            day.issue(code, chosen, priority, now_ms(), &secret, used_before)
        });
        match result {
            Ok(Ok(ticket)) => {
                // Before the ticket is shown or printed: IndexedDB is written later.
                remember_counter(&date, chosen.letter(), ticket.number.counter());
                error.set(None);
                issued.set(Some(Issued { number: ticket.number, date, secret, issued_at_ms: ticket.issued_at_ms }));
            }
            Ok(Err(QueueError::NumbersExhausted { .. })) => error.set(Some(i18n.t("ticket-exhausted"))),
            // The day not on this totem, unreadable or not writable: no ticket today here.
            Ok(Err(_)) | Err(_) => error.set(Some(i18n.t("ticket-no-day"))),
        }
    };

    move || {
        let cpi = cpi.get()?;
        let body = match (link, issued.get(), area.get()) {
            (None, _, _) => view! { <p role="alert">{move || i18n.t("ticket-unavailable")}</p> }.into_any(),
            (Some(link), Some(ticket), _) => ticket_view(i18n, cpi, link, queue, ticket, issued, area).into_any(),
            (Some(_), None, Some(chosen)) => view! {
                <h2>{move || i18n.t_with("ticket-priority-title", &[("area", chosen.letter().to_string().into())])}</h2>
                <p class="lead">{move || i18n.t("ticket-priority-lead")}</p>
                <div class="tiles priorities">
                    {Priority::ALL.into_iter().map(|p| view! {
                        <button type="button" class="tile priority-tile" on:click=move |_| take(p)>
                            <span class="tile-title">{move || i18n.t(priority_key(p))}</span>
                        </button>
                    }).collect_view()}
                </div>
                <button type="button" class="button secondary" on:click=move |_| area.set(None)>{move || i18n.t("ticket-change-area")}</button>
            }
            .into_any(),
            (Some(_), None, None) => view! {
                <p class="lead">{move || i18n.t("ticket-lead")}</p>
                <ul class="tiles areas">
                    {Area::ALL.into_iter().map(|a| {
                        let outlook = move || queue.get().map(|q| q.outlook(a));
                        view! {
                            <li>
                                <button type="button" class="tile area-tile" data-area=a.letter().to_string() on:click=move |_| area.set(Some(a))>
                                    <span class="area-letter">{a.letter().to_string()}</span>
                                    <span class="tile-title">{move || catalogue().area_name(a, i18n.code()).to_string()}</span>
                                    <span class="tile-sub">{move || match outlook() {
                                        Some((waiting, wait)) => wait_text(i18n, waiting, wait),
                                        None => String::new(),
                                    }}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        };
        Some(view! {
            <BackToStart cpi />
            <h1 class="no-print">{move || i18n.t("ticket-title")}</h1>
            {move || error.get().map(|e| view! { <p class="form-error no-print" role="alert">{e}</p> })}
            {body}
        })
    }
}

pub(super) fn ticket_view(
    i18n: I18n,
    cpi: &'static Cpi,
    link: TotemLink,
    queue: Memo<Option<QueueDay>>,
    ticket: Issued,
    issued: RwSignal<Option<Issued>>,
    area: RwSignal<Option<Area>>,
) -> impl IntoView {
    let number = ticket.number;
    let standing = Memo::new(move |_| queue.get().and_then(|q| q.standing(number)));
    let url = ticket_url(&cpi.slug, number, &ticket.date, &ticket.secret);
    let day_text = chrono::NaiveDate::parse_from_str(&ticket.date, "%Y-%m-%d")
        .map(sportello_core::calendar::italian_date)
        .unwrap_or_default();
    let when = format!("{day_text} {}", clock_time(ticket.issued_at_ms));
    let delivered = move || link.handle.status.with(|s| s.online && s.pending == 0);
    let another = move |_| {
        issued.set(None);
        area.set(None);
    };
    // The new number is what the citizen needs: focus it, so a screen reader says it.
    let number_ref = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(el) = number_ref.get() {
            let _ = el.focus();
        }
    });
    let code = queue::check_code(&ticket.secret);
    view! {
        <article class="ticket-sheet" data-testid="ticket" aria-labelledby="ticket-number">
            <p class="ticket-cpi">{cpi.full_name_it()}</p>
            <p class="ticket-area">{move || format!("{} · {}", number.area().letter(), catalogue().area_name(number.area(), i18n.code()))}</p>
            <p class="ticket-number" id="ticket-number" data-testid="ticket-number" tabindex="-1" node_ref=number_ref>{number.to_string()}</p>
            // The slip says that the number has priority, never why (it is paper a citizen carries).
            {move || standing.get().filter(|s| s.ticket.priority != Priority::Normal).map(|_| view! {
                <p class="ticket-priority" data-testid="ticket-priority">{i18n.t("ticket-priority-printed")}</p>
            })}
            <p class="ticket-wait" data-testid="ticket-wait">{move || standing.get().map(|s| wait_text(i18n, s.ahead, s.wait_minutes))}</p>
            <p class="ticket-when">{when}</p>
            <QrCode text=url label=i18n.t("ticket-qr") />
            <p class="ticket-hint">{move || i18n.t("ticket-qr")}</p>
            <p class="ticket-code" data-testid="ticket-code">{move || i18n.t_with("ticket-check-code", &[("code", code.clone().into())])}</p>
        </article>
        <p class="no-print" role="status">{move || i18n.t(if delivered() { "ticket-sent" } else { "ticket-queued" })}</p>
        <div class="citizen-actions no-print">
            <button type="button" class="button" on:click=move |_| browser::print()>{move || i18n.t("ticket-print")}</button>
            <button type="button" class="button secondary" on:click=another>{move || i18n.t("ticket-another")}</button>
        </div>
    }
}
