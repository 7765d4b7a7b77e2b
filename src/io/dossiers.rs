//! Dossier work on this device: creating and editing dossiers (always together with their
//! line in the CPI's index), the parsed index kept in memory, and reporting opens to the
//! relay's audit log.

use super::settings::{self, PendingOpen};
use super::sync::{self, EditError, SyncHandle};
use sportello_core::docs::dossier::Dossier;
use sportello_core::docs::index::{self, IndexEntry, IndexView};
use sportello_core::sync::ids::DocumentId;
use std::cell::RefCell;

thread_local! {
    /// The index of the signed-in CPI, kept current by applying only what changed.
    static INDEX_VIEW: RefCell<Option<(DocumentId, IndexView)>> = const { RefCell::new(None) };
}

/// Runs `f` on the CPI's index as this device holds it now. Reactive: re-runs when documents
/// change; the view follows the index document's changes incrementally. `None` while the
/// index is not on this device.
pub fn with_index<R>(handle: SyncHandle, id: DocumentId, f: impl FnOnce(&IndexView) -> R) -> Option<R> {
    sync::with_cached_view(&INDEX_VIEW, handle, id, f)
}

impl sync::CachedView for IndexView {
    fn load(doc: &automerge::Automerge) -> Self {
        IndexView::load(doc)
    }
    fn apply(&mut self, doc: &automerge::Automerge, patches: Vec<automerge::Patch>) {
        IndexView::apply(self, doc, patches);
    }
}

/// Who is editing: recorded in each dossier's `authors` so the history can name them.
#[derive(Clone, Debug)]
pub struct Author {
    pub username: String,
    pub name: String,
}

impl Author {
    pub(crate) fn label(&self) -> String {
        format!("{} ({})", self.name, self.username)
    }
}

/// Creates a dossier on this device and adds it to the index; both reach the relay when
/// online. Returns the new dossier's id.
pub fn create(
    handle: SyncHandle,
    index_id: DocumentId,
    author: &Author,
    mut dossier: Dossier,
) -> Result<DocumentId, EditError> {
    let id = sync::new_document_id();
    dossier.authors.insert(handle.actor_hex(), author.label().into());
    sync::create(id, &dossier);
    update_index(handle, index_id, id, &dossier)?;
    Ok(id)
}

/// Edits a dossier: `edit` changes the typed value, the smallest set of operations is
/// written with `message` in the history, and the index line follows.
pub fn edit(
    handle: SyncHandle,
    index_id: Option<DocumentId>,
    id: DocumentId,
    author: &Author,
    message: &str,
    edit: impl FnOnce(&mut Dossier),
) -> Result<(), EditError> {
    let actor = handle.actor_hex();
    let label = author.label();
    let dossier = handle.update::<Dossier, _>(id, message, |dossier| {
        edit(dossier);
        dossier.authors.entry(actor).or_insert_with(|| label.into());
        dossier.clone()
    })?;
    match index_id {
        Some(index_id) => update_index(handle, index_id, id, &dossier),
        None => Ok(()),
    }
}

fn update_index(handle: SyncHandle, index_id: DocumentId, id: DocumentId, dossier: &Dossier) -> Result<(), EditError> {
    let Some(entry) = IndexEntry::from_dossier(&id.to_string(), dossier) else {
        return Ok(());
    };
    handle
        .change_with_message(index_id, Some("Indice"), |tx| index::put_entry(tx, &entry))
        .ok_or(EditError::Missing)?
        .map_err(EditError::Write)
}

/// Records that the dossier (or company record) was shown on screen by `by` (the operator's
/// `Principal::label`), and reports it (with any opens queued while offline) to the relay's
/// audit log.
pub fn record_open(token: String, by: String, id: DocumentId) {
    settings::push_pending_open(&by, PendingOpen { doc: id.to_string(), at_ms: js_sys::Date::now() as i64 });
    flush_opens(token, by);
}

thread_local! {
    static FLUSHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sends `by`'s queued opens in the background; see [`send_opens`].
pub fn flush_opens(token: String, by: String) {
    wasm_bindgen_futures::spawn_local(async move { send_opens(&token, &by).await });
}

/// Sends `by`'s queued opens, one batch at a time, until none is left or the relay cannot be
/// reached (then they stay queued for `by`'s next session). One sender at a time, so no open
/// is reported twice: a call while another sends waits for it. Opens recorded while a batch
/// is in flight go with the next one.
pub async fn send_opens(token: &str, by: &str) {
    while FLUSHING.with(|f| f.replace(true)) {
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    loop {
        let opens = settings::pending_opens(by);
        if opens.is_empty() || super::api::report_opens(token, &opens).await.is_err() {
            break;
        }
        settings::drop_pending_opens(by, opens.len());
    }
    FLUSHING.with(|f| f.set(false));
}

/// One change of a dossier's history, for the "who changed what" view.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryItem {
    pub author: String,
    pub time_secs: i64,
    pub message: String,
}

/// A document's changes, newest first, each named by its author from the document's own
/// `authors` map (dossiers and company records keep one).
pub fn history(
    handle: SyncHandle,
    id: DocumentId,
    authors: &std::collections::HashMap<String, sportello_core::docs::Label>,
) -> Vec<HistoryItem> {
    handle
        .with_doc(id, |doc| {
            let mut items: Vec<HistoryItem> = doc
                .get_changes(&[])
                .iter()
                .map(|change| {
                    let actor = change.actor_id().to_hex_string();
                    HistoryItem {
                        author: authors
                            .get(&actor)
                            .map(|l| l.to_string())
                            .unwrap_or_else(|| format!("dispositivo {}", &actor[..8.min(actor.len())])),
                        time_secs: change.timestamp(),
                        message: change.message().map(str::to_owned).unwrap_or_else(|| "Modifica".to_string()),
                    }
                })
                .collect();
            items.reverse();
            items
        })
        .unwrap_or_default()
}
