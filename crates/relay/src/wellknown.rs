//! The documents every CPI has exactly one of (its public board, ...), by CPI and kind, so
//! clients can ask the relay for their ids.

use crate::db::SharedConnection;
use crate::store::StoreError;
use rusqlite::{params, OptionalExtension};
use sportello_core::sync::ids::DocumentId;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Mutex;

pub const BOARD: &str = "board";
/// The CPI's dossier index (private to its operators).
pub const INDEX: &str = "index";
/// The CPI's published job vacancies (public).
pub const VACANCIES: &str = "vacancies";
/// The CPI's agenda of B1 interviews (class `Queue`: slots held by its totems and desk).
pub const AGENDA: &str = "agenda";
/// The CPI's company index (private to its operators), one line per company document.
pub const COMPANY_INDEX: &str = "company_index";

/// The kind of a CPI's queue document for one day: `queue:2026-11-27`.
pub fn queue_kind(date: chrono::NaiveDate) -> String {
    format!("queue:{date}")
}

/// Days whose queue documents devices keep: yesterday (clocks around midnight) and the next
/// week, so a totem that was online once this week issues tickets offline on any of them.
pub fn queue_dates(today: chrono::NaiveDate) -> impl Iterator<Item = chrono::NaiveDate> {
    (-1..=7).map(move |d| today + chrono::Duration::days(d))
}

/// Each CPI's well-known document ids, by kind. Every backend must guarantee that a
/// (CPI, kind) is set at most once: a second `set` fails and the first id stays, so two
/// documents never compete for one role.
pub trait WellKnownStore: Send + Sync {
    fn get(&self, cpi: &str, kind: &str) -> Result<Option<DocumentId>, StoreError>;

    /// Records the CPI's document of `kind`; an error if the CPI already has one.
    fn set(&self, cpi: &str, kind: &str, doc: &DocumentId) -> Result<(), StoreError>;
}

pub struct SqliteWellKnown {
    conn: SharedConnection,
}

impl SqliteWellKnown {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: SharedConnection::open(db)? })
    }
}

impl WellKnownStore for SqliteWellKnown {
    fn get(&self, cpi: &str, kind: &str) -> Result<Option<DocumentId>, StoreError> {
        let conn = self.conn.lock();
        let doc: Option<String> = conn
            .query_row("SELECT doc FROM well_known WHERE cpi = ?1 AND kind = ?2", params![cpi, kind], |r| r.get(0))
            .optional()?;
        doc.map(|d| DocumentId::parse(&d).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
    }

    fn set(&self, cpi: &str, kind: &str, doc: &DocumentId) -> Result<(), StoreError> {
        let conn = self.conn.lock();
        conn.execute(
            "INSERT INTO well_known (cpi, kind, doc) VALUES (?1, ?2, ?3)",
            params![cpi, kind, doc.to_string()],
        )?;
        Ok(())
    }
}

/// Well-known ids in memory (tests, and the shape a new backend must match).
#[derive(Default)]
pub struct MemoryWellKnown {
    ids: Mutex<HashMap<(String, String), DocumentId>>,
}

impl WellKnownStore for MemoryWellKnown {
    fn get(&self, cpi: &str, kind: &str) -> Result<Option<DocumentId>, StoreError> {
        let ids = self.ids.lock().unwrap_or_else(|p| p.into_inner());
        Ok(ids.get(&(cpi.to_owned(), kind.to_owned())).copied())
    }

    fn set(&self, cpi: &str, kind: &str, doc: &DocumentId) -> Result<(), StoreError> {
        let mut ids = self.ids.lock().unwrap_or_else(|p| p.into_inner());
        match ids.entry((cpi.to_owned(), kind.to_owned())) {
            Entry::Occupied(_) => Err(StoreError::Exists),
            Entry::Vacant(slot) => {
                slot.insert(*doc);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What every backend must do; run against each below.
    fn conformance(store: Box<dyn WellKnownStore>) {
        let board = DocumentId::from_random([1; 16]);
        let other = DocumentId::from_random([2; 16]);
        assert_eq!(store.get("bari", BOARD).unwrap(), None);
        store.set("bari", BOARD, &board).unwrap();
        store.set("bari", INDEX, &other).unwrap();
        store.set("bari", COMPANY_INDEX, &board).unwrap();
        store.set("lecce", BOARD, &other).unwrap();
        assert_eq!(store.get("bari", BOARD).unwrap(), Some(board));
        assert_eq!(store.get("bari", INDEX).unwrap(), Some(other), "kinds apart");
        assert_eq!(store.get("bari", COMPANY_INDEX).unwrap(), Some(board), "kinds apart");
        assert_eq!(store.get("lecce", BOARD).unwrap(), Some(other), "CPIs apart");
        assert!(store.set("bari", BOARD, &other).is_err(), "one document per CPI and kind");
        assert_eq!(store.get("bari", BOARD).unwrap(), Some(board), "the first id stays");
    }

    crate::db::conformance_tests!(conformance, MemoryWellKnown::default(), SqliteWellKnown::open);
}
