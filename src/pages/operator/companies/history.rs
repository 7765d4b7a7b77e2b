//! The history of every contact with the company (and a new one), and who changed what in
//! the record, named from its authors.

use super::save;
use crate::io::dossiers::history;
use crate::pages::operator::dossier::new_item_id;
use crate::pages::operator::{Desk, Section};
use leptos::prelude::*;
use sportello_core::employers::company::{Company, CONTACT_CHANNELS};
use sportello_core::sync::ids::DocumentId;

fn channel_label(code: &str) -> &'static str {
    CONTACT_CHANNELS.iter().find(|(c, _)| *c == code).map_or("—", |(_, label)| label)
}

use sportello_core::calendar::italian_moment as when;

#[component]
pub(super) fn ContactLogSection(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let username = Desk::get().username;
    let channel = RwSignal::new(String::from(CONTACT_CHANNELS[0].0));
    let summary = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let entries = Memo::new(move |_| {
        let mut list: Vec<_> = company.with(|c| c.history.values().cloned().collect());
        list.sort_by(|a, b| b.at.as_str().cmp(a.at.as_str()));
        list
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let at = chrono::Local::now().format("%Y-%m-%dT%H:%M").to_string();
        let (channel_v, summary_v) = (channel.get_untracked(), summary.get_untracked());
        let result = save(doc, "Contatto con l'impresa", |c| {
            c.record_contact(&new_item_id(), &at, &channel_v, &username, &summary_v)
        });
        match result {
            Some(Err(e)) => error.set(Some(e.message_it().into())),
            Some(Ok(())) => {
                error.set(None);
                summary.set(String::new());
            }
            None => {}
        }
    };
    view! {
        <Section title="Storico dei contatti" id="contatti">
            <ol class="history company-contacts">
                {move || entries.get().into_iter().map(|e| view! {
                    <li class="contact-item"><time>{when(&e.at)}</time>" · "<strong>{channel_label(&e.channel)}</strong>" · "
                        <span>{e.operator.to_string()}</span>" · "<span>{e.summary.to_string()}</span></li>
                }).collect_view()}
            </ol>
            <form class="form grid-2" on:submit=add aria-label="Registra un contatto">
                <label>"Canale"
                    <select on:change=move |ev| channel.set(event_target_value(&ev))>
                        {CONTACT_CHANNELS.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Sintesi del contatto"
                    <input type="text" prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev)) />
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Registra il contatto"</button>
            </form>
        </Section>
    }
}

#[component]
pub(super) fn ChangesSection(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let handle = Desk::get().handle;
    let items = Memo::new(move |_| company.with(|c| history(handle, doc, &c.authors)));
    view! {
        <Section title="Storico delle modifiche" id="storico">
            <crate::pages::operator::dossier::ChangeList items />
        </Section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_shows_its_channel_and_time_in_italian() {
        assert_eq!(channel_label("visita"), "Visita in azienda");
        assert_eq!(channel_label("fax"), "—");
        assert_eq!(when("2026-10-06T10:30"), "06/10/2026 alle 10:30");
    }
}
