//! Dossier work on this device: creating and editing dossiers (always together with their
//! line in the CPI's index), the parsed index kept in memory, and reporting opens to the
//! relay's audit log.

use super::settings::{self, PendingOpen};
use super::sync::{self, SyncHandle};
use automerge::ChangeHash;
use sportello_core::docs::dossier::Dossier;
use sportello_core::docs::index::{self, IndexEntry};
use sportello_core::search::SearchIndex;
use sportello_core::sync::ids::DocumentId;
use std::cell::RefCell;
use std::rc::Rc;

/// The CPI's index as read from its document, with the folded search keys.
pub struct ParsedIndex {
    pub entries: Vec<IndexEntry>,
    pub search: SearchIndex,
    /// Lines this version could not read (written by a newer app).
    pub skipped: usize,
}

/// The last parsed index: which document, at which heads.
type CachedIndex = (DocumentId, Vec<ChangeHash>, Rc<ParsedIndex>);

thread_local! {
    static INDEX_CACHE: RefCell<Option<CachedIndex>> = const { RefCell::new(None) };
}

/// The parsed index, re-read only when the index document's heads change (a dossier edit
/// elsewhere does not re-parse 100,000 lines). Reactive: re-runs when documents change.
pub fn parsed_index(handle: SyncHandle, id: DocumentId) -> Option<Rc<ParsedIndex>> {
    handle.with_doc(id, |doc| {
        let heads = doc.get_heads();
        let cached = INDEX_CACHE.with(|c| {
            c.borrow().as_ref().filter(|(cid, h, _)| *cid == id && *h == heads).map(|(_, _, p)| Rc::clone(p))
        });
        cached.unwrap_or_else(|| {
            let (entries, skipped) = index::read_entries(doc);
            let parsed = Rc::new(ParsedIndex { search: SearchIndex::build(&entries), entries, skipped });
            INDEX_CACHE.with(|c| *c.borrow_mut() = Some((id, heads, Rc::clone(&parsed))));
            parsed
        })
    })
}

/// Who is editing: recorded in each dossier's `authors` so the history can name them.
#[derive(Clone, Debug)]
pub struct Author {
    pub username: String,
    pub name: String,
}

impl Author {
    fn label(&self) -> String {
        format!("{} ({})", self.name, self.username)
    }
}

/// Creates a dossier on this device and adds it to the index; both reach the relay when
/// online. Returns the new dossier's id.
pub fn create(handle: SyncHandle, index_id: DocumentId, author: &Author, mut dossier: Dossier) -> DocumentId {
    let id = sync::new_document_id();
    dossier.authors.insert(handle.actor_hex(), author.label().into());
    sync::create(id, &dossier);
    update_index(handle, index_id, id, &dossier);
    id
}

/// Edits a dossier: `edit` changes the typed value, the smallest set of operations is
/// written with `message` in the history, and the index line follows. `false` if the
/// dossier is not on this device.
pub fn edit(
    handle: SyncHandle,
    index_id: Option<DocumentId>,
    id: DocumentId,
    author: &Author,
    message: &str,
    edit: impl FnOnce(&mut Dossier),
) -> bool {
    let actor = handle.actor_hex();
    let label = author.label();
    let updated = handle.change_with_message(id, Some(message), |tx| {
        let mut dossier: Dossier = sportello_core::docs::read(tx).ok()?;
        edit(&mut dossier);
        dossier.authors.entry(actor).or_insert_with(|| label.into());
        if let Err(err) = sportello_core::docs::write(tx, &dossier) {
            web_sys::console::error_1(&format!("cannot write dossier: {err}").into());
            return None;
        }
        Some(dossier)
    });
    match (updated.flatten(), index_id) {
        (Some(dossier), Some(index_id)) => {
            update_index(handle, index_id, id, &dossier);
            true
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

fn update_index(handle: SyncHandle, index_id: DocumentId, id: DocumentId, dossier: &Dossier) {
    let Some(entry) = IndexEntry::from_dossier(&id.to_string(), dossier) else {
        return;
    };
    handle.change_with_message(index_id, Some("Indice"), |tx| {
        if let Err(err) = index::put_entry(tx, &entry) {
            web_sys::console::error_1(&format!("cannot update the index: {err}").into());
        }
    });
}

/// Records that the dossier was shown on screen, and reports it (with any opens queued
/// while offline) to the relay's audit log.
pub fn record_open(token: String, id: DocumentId) {
    settings::push_pending_open(PendingOpen { doc: id.to_string(), at_ms: js_sys::Date::now() as i64 });
    flush_opens(token);
}

/// Sends queued opens; they stay queued if the relay cannot be reached.
pub fn flush_opens(token: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let opens = settings::pending_opens();
        if opens.is_empty() {
            return;
        }
        if super::api::report_opens(&token, &opens).await.is_ok() {
            settings::drop_pending_opens(opens.len());
        }
    });
}

/// One change of a dossier's history, for the "who changed what" view.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryItem {
    pub author: String,
    pub time_secs: i64,
    pub message: String,
}

/// The dossier's changes, newest first, with their authors' names from the dossier.
pub fn history(handle: SyncHandle, id: DocumentId, dossier: &Dossier) -> Vec<HistoryItem> {
    handle
        .with_doc(id, |doc| {
            let mut items: Vec<HistoryItem> = doc
                .get_changes(&[])
                .iter()
                .map(|change| {
                    let actor = change.actor_id().to_hex_string();
                    HistoryItem {
                        author: dossier
                            .authors
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
