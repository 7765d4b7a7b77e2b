//! `/totem/<cpi>/disponibilita`: the DID declared at the totem, with the B1 booking and the
//! printable receipt.

use super::{current_cpi, BackToStart, TotemLink};
use crate::components::citizen::QrCode;
use crate::components::keyboard::Keys;
use crate::i18n::I18n;
use crate::io::browser;
use crate::io::{agenda, queue};
use crate::io::{declarations, settings};
use chrono::Datelike;
use leptos::prelude::*;
use sportello_core::booking;
use sportello_core::calendar::WorkingCalendar;
use sportello_core::docs::agenda::{Agenda, Hold};
use sportello_core::docs::outbox::DidDeclaration;
use sportello_core::sync::ids::DocumentId;

/// A4 at the totem: a citizen not yet registered declares immediate availability and books
/// the orientation interview (B1) within its two-month limit. The declaration goes into the
/// totem's outbox — a document of its own, which stays on the totem only until the relay
/// holds it — so it works offline; an operator confirms it. The form clears itself when
/// the citizen is done or walks away.
#[component]
pub fn DeclarationPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let [cf, surname, name, phone, email] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    // The validated declaration waiting for a slot, then the receipt.
    let pending = RwSignal::new(None::<DidDeclaration>);
    let receipt = RwSignal::new(None::<(String, String, DocumentId)>);
    let today = chrono::Local::now().date_naive();

    let validate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if link.is_none() {
            return error.set(Some(i18n.t("did-unavailable")));
        }
        // Checked here and never sent anywhere when wrong.
        let code = match sportello_core::codice_fiscale::parse(&cf.get_untracked()) {
            Ok(code) => code,
            Err(e) => return error.set(Some(i18n.t_with("did-cf-invalid", &[("reason", e.message_it().into())]))),
        };
        let fields = [surname, name, phone].map(|s| s.get_untracked().trim().to_string());
        if fields.iter().any(String::is_empty) {
            return error.set(Some(i18n.t("did-missing")));
        }
        error.set(None);
        let [surname_v, name_v, phone_v] = fields;
        pending.set(Some(DidDeclaration {
            codice_fiscale: code.as_str().into(),
            surname: surname_v.into(),
            name: name_v.into(),
            phone: phone_v.into(),
            email: email.get_untracked().trim().into(),
            declared_on: today.to_string().into(),
            interview_slot: "".into(),
        }));
    };
    // The slots every totem of the CPI sees taken: the agenda's holds (as soon as they reach
    // this totem) and the board's older bookings.
    let agenda = move || link.and_then(|l| l.agenda.get().and_then(|id| l.handle.read::<Agenda>(id)));
    let rules = Memo::new(move |_| {
        let cpi = cpi.get()?;
        let board = link.and_then(|l| l.board());
        let hours = booking::parse_opening_hours(&booking::opening_hours(board.as_ref(), cpi));
        // No times without the agenda (a totem cut off before it arrived): a slot offered then
        // would be held nowhere, and another totem could give it away.
        let taken = agenda()?.taken_with(board.as_ref());
        Some((hours, taken, WorkingCalendar::around(&cpi.slug, today)))
    });
    let weeks = Memo::new(move |_| {
        rules
            .with(|r| {
                r.as_ref().map(|(hours, taken, cal)| {
                    booking::by_week(&booking::bookable_days(today, today, hours, cal, taken))
                })
            })
            .unwrap_or_default()
    });
    let week = RwSignal::new(0usize);
    let day = RwSignal::new(None::<chrono::NaiveDate>);
    let times = Memo::new(move |_| {
        let d = day.get()?;
        rules.with(|r| r.as_ref().map(|(hours, taken, cal)| booking::free_slots_on(d, hours, cal, taken)))
    });
    // This citizen's booking in the agenda, while they are at the totem.
    let held = RwSignal::new(None::<String>);
    let hold = move |reference: &str, slot: booking::Slot| {
        let (Some(l), Some(cpi)) = (link, cpi.get_untracked()) else { return };
        let (Some(agenda_id), Some(letter)) = (l.agenda.get_untracked(), l.ticket_code.get_untracked()) else { return };
        let limit = booking::booking_window(today, today, &WorkingCalendar::around(&cpi.slug, today)).1;
        let placed = Hold::at_totem(slot, &letter.to_string(), queue::now_ms(), reference, limit);
        if agenda::place(l.handle, agenda_id, placed).is_ok() {
            held.set(Some(reference.to_string()));
        }
    };
    let lost = move || {
        let reference = held.get()?;
        agenda()?.booking_of(&reference).filter(|b| b.lost())
    };
    let submit = move |slot: Option<booking::Slot>| {
        let (Some(cpi), Some(device), Some(mut did)) =
            (cpi.get_untracked(), settings::totem_device(), pending.get_untracked())
        else {
            return;
        };
        if let Some(slot) = slot {
            did.book(slot);
        }
        let device_name = match &device.principal {
            sportello_core::access::Principal::Totem { device, .. } => device.clone(),
            _ => String::new(),
        };
        let handed = declarations::hand_over_did(&cpi.slug, &device_name, did);
        if let Some(slot) = slot {
            hold(&handed.reference, slot);
        }
        for field in [cf, surname, name, phone, email] {
            field.set(String::new());
        }
        pending.set(None);
        day.set(None);
        let when = slot.map(booking::Slot::date_time_text).unwrap_or_default();
        receipt.set(Some((handed.reference.chars().take(8).collect(), when, handed.document)));
    };
    // The slot went to another totem's citizen who booked first: a new time, same booking.
    let rebook = move |slot: booking::Slot| {
        let Some(reference) = held.get_untracked() else { return };
        hold(&reference, slot);
        day.set(None);
        receipt.update(|r| {
            if let Some((_, when, _)) = r {
                *when = slot.date_time_text();
            }
        });
    };
    let weekday = move |d: chrono::NaiveDate| i18n.t(&format!("weekday-{}", d.weekday().number_from_monday()));
    // The day picker (a week a page) and then the times of the chosen day.
    let picker = move |on_pick: Callback<booking::Slot>| {
        move || {
            match day.get() {
            Some(d) => view! {
                <h2>{move || i18n.t_with("did-time-title", &[("day", format!("{} {}", weekday(d), d.format("%d/%m/%Y")).into())])}</h2>
                <ul class="tiles slots">
                    {times.get().unwrap_or_default().into_iter().map(|slot| view! {
                        <li><button type="button" class="tile slot-tile" data-testid="did-time" on:click=move |_| on_pick.run(slot)>
                            {slot.time_text()}
                        </button></li>
                    }).collect_view()}
                </ul>
                <button type="button" class="button secondary" data-testid="did-day-change" on:click=move |_| day.set(None)>{move || i18n.t("did-day-change")}</button>
            }.into_any(),
            None => {
                if rules.with(Option::is_none) {
                    return view! { <p role="status" data-testid="did-no-agenda">{move || i18n.t("did-no-agenda")}</p> }.into_any();
                }
                let all = weeks.get();
                if all.is_empty() {
                    return view! { <p role="status">{move || i18n.t("did-no-days")}</p> }.into_any();
                }
                let count = all.len();
                let page = week.get().min(count - 1);
                let (monday, days) = all[page].clone();
                let friday = monday + chrono::Duration::days(4);
                view! {
                    <h2>{move || i18n.t("did-slot-title")}</h2>
                    <p class="lead">{move || i18n.t("did-slot-lead")}</p>
                    <div class="week-nav">
                        <button type="button" class="button secondary" data-testid="did-week-prev" prop:disabled={page == 0}
                            on:click=move |_| week.set(page.saturating_sub(1))>{move || i18n.t("did-week-prev")}</button>
                        <p class="week-title" aria-live="polite" data-testid="did-week">{move || i18n.t_with("did-week", &[
                            ("from", monday.format("%d/%m").to_string().into()),
                            ("to", friday.format("%d/%m/%Y").to_string().into()),
                        ])}</p>
                        <button type="button" class="button secondary" data-testid="did-week-next" prop:disabled={page + 1 >= count}
                            on:click=move |_| week.set((page + 1).min(count - 1))>{move || i18n.t("did-week-next")}</button>
                    </div>
                    <ul class="tiles slots">
                        {days.into_iter().map(|d| view! {
                            <li><button type="button" class="tile slot-tile" data-testid="did-day" data-date=d.to_string() on:click=move |_| day.set(Some(d))>
                                <span class="tile-title">{weekday(d)}</span>
                                <span class="tile-sub">{d.format("%d/%m/%Y").to_string()}</span>
                            </button></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }
        }
    };
    let delivered = move || link.is_some_and(|l| l.handle.status.with(|s| s.pending == 0 && s.online));
    // The relay refused it: it will never reach the CPI, and leaves the totem with "Fine".
    let refused = move |document| link.is_some_and(|l| l.handle.is_refused(document));
    move || {
        let cpi = cpi.get()?;
        Some(view! {
            <BackToStart cpi />
            <h1>{move || i18n.t("did-title")}</h1>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match (receipt.get(), pending.get().is_some()) {
                (Some((reference, when, document)), _) => {
                    let cpi_name = cpi.full_name_it();
                    let qr = format!("Sportello · DID {} · {} · {} · rif. {reference}", today.format("%d/%m/%Y"), if when.is_empty() { "-".to_string() } else { when.clone() }, cpi_name);
                    view! {
                        {move || lost().map(|_| view! {
                            <section class="slot-lost no-print" data-testid="did-slot-lost">
                                <p class="form-error" role="alert">{move || i18n.t("did-slot-lost")}</p>
                                {picker(Callback::new(rebook))}
                            </section>
                        })}
                        <article class="certificate-sheet receipt" role="status">
                            <p>{move || i18n.t("did-done")}</p>
                            <p data-testid="booked-slot">{if when.is_empty() { i18n.t("did-receipt-none") } else { i18n.t_with("did-receipt-slot", &[("when", when.clone().into())]) }}</p>
                            <p>{i18n.t_with("did-receipt-ref", &[("reference", reference.clone().into())])}</p>
                            <p>{cpi_name.clone()} " · " {cpi.address.clone()}</p>
                            <QrCode text=qr label=i18n.t("did-receipt-qr") />
                            {move || if refused(document) {
                                view! { <p class="form-error did-refused" role="alert">{i18n.t("did-refused")}</p> }.into_any()
                            } else {
                                view! { <p class="no-print">{i18n.t(if delivered() { "did-sent" } else { "did-queued" })}</p> }.into_any()
                            }}
                        </article>
                        <div class="citizen-actions no-print">
                            <button type="button" class="button" on:click=move |_| browser::print()>{move || i18n.t("did-print")}</button>
                        </div>
                    }.into_any()
                }
                (None, true) => view! {
                    {picker(Callback::new(move |slot| submit(Some(slot))))}
                    <button type="button" class="button secondary" on:click=move |_| submit(None)>{move || i18n.t("did-slot-skip")}</button>
                }.into_any(),
                (None, false) => view! {
                    <p class="lead">{move || i18n.t("did-lead")}</p>
                    <form class="form" on:submit=validate>
                        <label>{move || i18n.t("did-cf")}
                            <input type="text" name="codice_fiscale" autocomplete="off" maxlength="20" dir="ltr"
                                data-keys=Keys::Code.attr() prop:value=move || cf.get() on:input=move |ev| cf.set(event_target_value(&ev).to_uppercase()) />
                        </label>
                        <label>{move || i18n.t("did-surname")}
                            <input type="text" autocomplete="off" dir="auto" data-keys=Keys::Name.attr()
                                prop:value=move || surname.get() on:input=move |ev| surname.set(event_target_value(&ev)) />
                        </label>
                        <label>{move || i18n.t("did-name")}
                            <input type="text" autocomplete="off" dir="auto" data-keys=Keys::Name.attr()
                                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                        </label>
                        <label>{move || i18n.t("did-phone")}
                            <input type="tel" autocomplete="off" dir="ltr" data-keys=Keys::Phone.attr() prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev)) />
                        </label>
                        <label>{move || i18n.t("did-email")}
                            <input type="email" autocomplete="off" dir="ltr" data-keys=Keys::Email.attr() prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                        </label>
                        <button type="submit" class="button">{move || i18n.t("did-submit")}</button>
                    </form>
                }.into_any(),
            }}
        })
    }
}
