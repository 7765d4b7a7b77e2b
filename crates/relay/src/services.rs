//! The relay's use cases that more than one route (or start-up) needs: writing into a dossier
//! as the relay, creating the documents every CPI has, the queue days. Each returns its
//! error; the routes turn it into an answer.

use crate::auth::random_bytes;
use crate::hubs::{CpiHub, Hubs};
use crate::store::StoreError;
use crate::wellknown::{queue_dates, queue_kind, WellKnownStore, AGENDA, BOARD, COMPANY_INDEX, INDEX, VACANCIES};
use crate::AppState;
use automerge::transaction::CommitOptions;
use automerge::{ActorId, Automerge};
use chrono::NaiveDate;
use sportello_core::access::AccessClass;
use sportello_core::cpi::{cpis, Cpi};
use sportello_core::docs::board::Board;
use sportello_core::docs::dossier::Dossier;
use sportello_core::docs::index;
use sportello_core::docs::queue::QueueDay;
use sportello_core::docs::vacancies::Vacancies;
use sportello_core::sync::ids::DocumentId;

/// Why the relay could not write into a dossier.
#[derive(Debug)]
pub enum DossierWriteError {
    Store(StoreError),
    /// The document is not a dossier the relay can read and write back.
    Document(String),
}

impl std::fmt::Display for DossierWriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DossierWriteError::Store(e) => write!(f, "{e}"),
            DossierWriteError::Document(e) => write!(f, "dossier: {e}"),
        }
    }
}

/// Writes into a dossier as the relay, stores it, and tells connected operators. The change
/// is committed before this returns `Ok` (blocking: call it off the async runtime).
pub fn record_in_dossier(
    state: &AppState,
    id: &DocumentId,
    now_ms: u64,
    message: &str,
    edit: impl FnOnce(&mut Dossier),
) -> Result<(), DossierWriteError> {
    let hub = state.hub_of_document(id).map_err(DossierWriteError::Store)?;
    let hub = hub.ok_or_else(|| DossierWriteError::Document(format!("no document {id}")))?;
    hub.change(id, now_ms, message, |tx| {
        let mut dossier: Dossier = sportello_core::docs::read(tx).map_err(|e| e.to_string())?;
        edit(&mut dossier);
        sportello_core::docs::write(tx, &dossier).map_err(|e| e.to_string())
    })
    .map_err(|e| match e {
        StoreError::Corrupt(reason) => DossierWriteError::Document(reason),
        other => DossierWriteError::Store(other),
    })
}

/// Creates what every CPI has exactly one of, if missing: its public board, its private
/// dossier and company indexes, its vacancies, its agenda of B1 interviews. `board` and `vacancies` give a new document's content (the
/// empty ones in production, demo content with `--demo`).
pub fn ensure_cpi_documents(
    hubs: &Hubs,
    well_known: &dyn WellKnownStore,
    board: impl Fn(&Cpi) -> Board,
    vacancies: impl Fn(&Cpi) -> Vacancies,
    now_ms: u64,
) -> Result<usize, StoreError> {
    let mut created = 0;
    for cpi in cpis() {
        let slug = &cpi.slug;
        let hub = hubs.of(slug);
        let hub = hub.as_ref();
        let _creating = hub.creating();
        if well_known.get(slug, BOARD)?.is_none() {
            let board = board(cpi);
            let public = AccessClass::Public { cpi: slug.clone() };
            create_well_known(hub, well_known, slug, BOARD, public, "board created by the relay", now_ms, |tx| {
                sportello_core::docs::write(tx, &board).map_err(|e| e.to_string())
            })?;
            created += 1;
        }
        if well_known.get(slug, VACANCIES)?.is_none() {
            let list = vacancies(cpi);
            let public = AccessClass::Public { cpi: slug.clone() };
            let message = "vacancies created by the relay";
            create_well_known(hub, well_known, slug, VACANCIES, public, message, now_ms, |tx| {
                sportello_core::docs::write(tx, &list).map_err(|e| e.to_string())
            })?;
            created += 1;
        }
        if well_known.get(slug, AGENDA)?.is_none() {
            // Every device of the CPI reads it and its totems add holds, as with a queue day.
            let class = AccessClass::Queue { cpi: slug.clone() };
            let agenda = sportello_core::docs::agenda::Agenda::new(slug);
            create_well_known(hub, well_known, slug, AGENDA, class, "agenda created by the relay", now_ms, |tx| {
                sportello_core::docs::write(tx, &agenda).map_err(|e| e.to_string())
            })?;
            created += 1;
        }
        if well_known.get(slug, INDEX)?.is_none() {
            let private = AccessClass::Private { cpi: slug.clone() };
            let message = "dossier index created by the relay";
            create_well_known(hub, well_known, slug, INDEX, private, message, now_ms, |tx| {
                index::init(tx, slug).map_err(|e| e.to_string())
            })?;
            created += 1;
        }
        if well_known.get(slug, COMPANY_INDEX)?.is_none() {
            let private = AccessClass::Private { cpi: slug.clone() };
            let message = "company index created by the relay";
            create_well_known(hub, well_known, slug, COMPANY_INDEX, private, message, now_ms, |tx| {
                sportello_core::employers::index::init(tx, slug).map_err(|e| e.to_string())
            })?;
            created += 1;
        }
    }
    Ok(created)
}

/// Creates the document the CPI has one of under `kind`, written by the relay, and records
/// its id.
#[allow(clippy::too_many_arguments)]
fn create_well_known(
    hub: &CpiHub,
    well_known: &dyn WellKnownStore,
    cpi: &str,
    kind: &str,
    class: AccessClass,
    message: &str,
    now_ms: u64,
    write: impl FnOnce(&mut automerge::transaction::Transaction<'_>) -> Result<(), String>,
) -> Result<DocumentId, StoreError> {
    let doc = relay_document(message, now_ms, write)?;
    let id = DocumentId::from_random(random_bytes::<16>());
    hub.create(id, class, doc, now_ms)?;
    well_known.set(cpi, kind, &id)?;
    Ok(id)
}

/// A document written by the relay in one change, under a fresh actor.
pub fn relay_document(
    message: &str,
    now_ms: u64,
    write: impl FnOnce(&mut automerge::transaction::Transaction<'_>) -> Result<(), String>,
) -> Result<Automerge, StoreError> {
    let mut doc = Automerge::new().with_actor(ActorId::from(random_bytes::<16>().as_slice()));
    let mut tx = doc.transaction();
    write(&mut tx).map_err(StoreError::Corrupt)?;
    tx.commit_with(CommitOptions::default().with_time((now_ms / 1000) as i64).with_message(message));
    Ok(doc)
}

/// The queue documents of the hub's CPI for the days devices keep ([`queue_dates`]), created
/// if missing. Two requests never create the same day twice: the check and the creation
/// run under [`CpiHub::creating`] (not the hub's lock; this does IO).
pub fn ensure_queue_days(
    hub: &CpiHub,
    well_known: &dyn WellKnownStore,
    today: NaiveDate,
    now_ms: u64,
) -> Result<Vec<(NaiveDate, DocumentId)>, StoreError> {
    let cpi = hub.cpi();
    let _creating = hub.creating();
    let mut days = Vec::new();
    for date in queue_dates(today) {
        let kind = queue_kind(date);
        let id = match well_known.get(cpi, &kind)? {
            Some(id) => id,
            None => {
                let day = QueueDay::new(cpi, &date.to_string());
                let class = AccessClass::Queue { cpi: cpi.to_owned() };
                let message = "queue day created by the relay";
                create_well_known(hub, well_known, cpi, &kind, class, message, now_ms, |tx| {
                    sportello_core::docs::write(tx, &day).map_err(|e| e.to_string())
                })?
            }
        };
        days.push((date, id));
    }
    Ok(days)
}
