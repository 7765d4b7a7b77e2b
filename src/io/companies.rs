//! Company records on this device: creating and editing them (always together with their
//! line in the CPI's company index), and the parsed company index kept in memory. Opens are
//! reported to the audit log like dossiers' ([`super::dossiers::record_open`]).

use super::dossiers::Author;
use super::sync::{self, EditError, SyncHandle};
use chrono::NaiveDate;
use sportello_core::employers::campaign::{CampaignState, Event};
use sportello_core::employers::company::Company;
use sportello_core::employers::index::{self, CompanyEntry, CompanyIndexView};
use sportello_core::sync::ids::DocumentId;
use std::cell::RefCell;

thread_local! {
    /// The company index of the signed-in CPI, kept current by applying only what changed.
    static INDEX_VIEW: RefCell<Option<(DocumentId, CompanyIndexView)>> = const { RefCell::new(None) };
}

/// Runs `f` on the CPI's company index as this device holds it now. Reactive: re-runs when
/// documents change; the view follows the index document's changes incrementally. `None`
/// while the index is not on this device.
pub fn with_index<R>(handle: SyncHandle, id: DocumentId, f: impl FnOnce(&CompanyIndexView) -> R) -> Option<R> {
    sync::with_cached_view(&INDEX_VIEW, handle, id, f)
}

impl sync::CachedView for CompanyIndexView {
    fn load(doc: &automerge::Automerge) -> Self {
        CompanyIndexView::load(doc)
    }
    fn apply(&mut self, doc: &automerge::Automerge, patches: Vec<automerge::Patch>) {
        CompanyIndexView::apply(self, doc, patches);
    }
}

/// Creates a company record on this device and adds it to the index; both reach the relay
/// when online. Returns the new record's id.
pub fn create(
    handle: SyncHandle,
    index_id: DocumentId,
    author: &Author,
    mut company: Company,
) -> Result<DocumentId, EditError> {
    let id = sync::new_document_id();
    company.authors.insert(handle.actor_hex(), author.label().into());
    sync::create(id, &company);
    update_index(handle, index_id, id, &company)?;
    Ok(id)
}

/// Edits a company record: `edit` changes the typed value and returns its own result (a
/// refused rule leaves the value as it was, and nothing is written); the smallest set of
/// operations is written with `message` in the history, and the index line follows.
pub fn edit<R>(
    handle: SyncHandle,
    index_id: Option<DocumentId>,
    id: DocumentId,
    author: &Author,
    message: &str,
    edit: impl FnOnce(&mut Company) -> R,
) -> Result<R, EditError> {
    let actor = handle.actor_hex();
    let label = author.label();
    let (result, company) = handle.update::<Company, _>(id, message, |company| {
        let before = company.clone();
        let result = edit(company);
        if *company != before {
            company.authors.entry(actor).or_insert_with(|| label.into());
        }
        (result, company.clone())
    })?;
    if let Some(index_id) = index_id {
        update_index(handle, index_id, id, &company)?;
    }
    Ok(result)
}

fn update_index(handle: SyncHandle, index_id: DocumentId, id: DocumentId, company: &Company) -> Result<(), EditError> {
    let entry = CompanyEntry::from_company(&id.to_string(), company);
    handle
        .change_with_message(index_id, Some("Indice imprese"), |tx| index::put_entry(tx, &entry))
        .ok_or(EditError::Missing)?
        .map_err(EditError::Write)
}

/// Follows a company record shown on screen and reports the open to the audit log, like a
/// dossier's ([`super::dossiers::record_open`]).
pub fn open_record(token: String, by: String, id: DocumentId) {
    sync::open(id);
    super::dossiers::record_open(token, by, id);
}

/// Where company records asked for on demand stand on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Arrival {
    /// Records on this device.
    pub here: usize,
    /// Records the relay says do not exist or are not this CPI's.
    pub unavailable: usize,
    pub total: usize,
}

impl Arrival {
    pub fn complete(&self) -> bool {
        self.here == self.total
    }
}

/// Asks the relay for the records this device does not hold yet (they are then followed and
/// kept like any opened document), and says how many are here. Reactive: re-runs as they
/// arrive.
pub fn fetch_records(handle: SyncHandle, ids: &[DocumentId]) -> Arrival {
    let mut arrival = Arrival { total: ids.len(), ..Default::default() };
    for &id in ids {
        if handle.read::<Company>(id).is_some() {
            arrival.here += 1;
        } else if handle.unavailable(id) {
            arrival.unavailable += 1;
        } else {
            sync::open(id);
        }
    }
    arrival
}

/// Records a campaign step for one company on this device (core's
/// [`Company::record_event`] decides whether it fits), with its index line. The step
/// reaches the relay when online. The error is the Italian reason.
pub fn record_step(
    handle: SyncHandle,
    index_id: Option<DocumentId>,
    id: DocumentId,
    author: &Author,
    step: (Event, NaiveDate),
    today: NaiveDate,
) -> Result<CampaignState, String> {
    let (event, on) = step;
    // Core replays same-day steps of one kind by id: an id led by the time keeps two calls
    // of one day in the order they were made.
    let event_id = format!("{:012x}-{}", js_sys::Date::now() as u64, sync::new_document_id());
    let message = format!("Campagna: {}", event.label_it());
    let operator = author.username.clone();
    edit(handle, index_id, id, author, &message, |company| {
        company.record_event(&event_id, event, on, today, &operator, "")
    })
    .map_err(|e| e.message_it())?
    .map_err(|e| e.message_it())
}
