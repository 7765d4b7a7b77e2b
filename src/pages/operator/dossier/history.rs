//! Who changed what (from the document's changes) and, for the head, who accessed it.

use crate::io::api;
use crate::io::dossiers::{history, HistoryItem};
use crate::pages::operator::{Desk, Section};
use leptos::prelude::*;
use sportello_core::docs::dossier::Dossier;
use sportello_core::sync::ids::DocumentId;

#[component]
pub(super) fn HistorySection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let handle = Desk::get().handle;
    let items = Memo::new(move |_| dossier.with(|d| history(handle, doc, &d.authors)));
    view! {
        <Section title="Storico delle modifiche" id="storico">
            <ChangeList items />
        </Section>
    }
}

/// A document's changes, newest first, each with its time and author (dossiers and company
/// records alike).
#[component]
pub(in crate::pages::operator) fn ChangeList(items: Memo<Vec<HistoryItem>>) -> impl IntoView {
    view! {
        <ol class="history">
            {move || items.get().into_iter().take(100).map(|item| {
                let when = chrono::DateTime::from_timestamp(item.time_secs, 0)
                    .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string())
                    .unwrap_or_default();
                view! { <li class="history-item"><time>{when}</time>" · "<strong class="history-author">{item.author}</strong>" · "<span>{item.message}</span></li> }
            }).collect_view()}
        </ol>
    }
}

#[component]
pub(super) fn AccessLog(doc: DocumentId) -> impl IntoView {
    let desk = Desk::get();
    let entries = RwSignal::new(None);
    wasm_bindgen_futures::spawn_local(async move {
        entries.set(Some(api::audit_log(&desk.token, Some(&doc.to_string())).await));
    });
    view! {
        <Section title="Registro degli accessi al fascicolo" id="accessi">
            <crate::pages::operator::audit::AuditTable entries />
        </Section>
    }
}
