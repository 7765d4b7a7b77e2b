//! The documents every CPI has exactly one of (its public board, ...), by CPI and kind, so
//! clients can ask the relay for their ids.

use crate::store::StoreError;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::sync::ids::DocumentId;
use std::sync::Mutex;

pub const BOARD: &str = "board";
/// The CPI's dossier index (private to its operators).
pub const INDEX: &str = "index";
/// The CPI's published job vacancies (public).
pub const VACANCIES: &str = "vacancies";

/// The kind of a CPI's queue document for one day: `queue:2026-11-27`.
pub fn queue_kind(date: chrono::NaiveDate) -> String {
    format!("queue:{date}")
}

/// Days whose queue documents devices keep: yesterday (clocks around midnight) and the next
/// week, so a totem that was online once this week issues tickets offline on any of them.
pub fn queue_dates(today: chrono::NaiveDate) -> impl Iterator<Item = chrono::NaiveDate> {
    (-1..=7).map(move |d| today + chrono::Duration::days(d))
}

pub struct WellKnown {
    conn: Mutex<Connection>,
}

impl WellKnown {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: Mutex::new(db.connect()?) })
    }

    pub fn get(&self, cpi: &str, kind: &str) -> Result<Option<DocumentId>, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let doc: Option<String> = conn
            .query_row("SELECT doc FROM well_known WHERE cpi = ?1 AND kind = ?2", params![cpi, kind], |r| r.get(0))
            .optional()?;
        doc.map(|d| DocumentId::parse(&d).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
    }

    /// The outboxes of the CPI's totems (documents the totems created).
    pub fn outboxes(&self, cpi: &str) -> Result<Vec<DocumentId>, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM documents WHERE cpi = ?1 AND json_extract(class, '$.class') = 'outbox' ORDER BY created_at",
        )?;
        let ids = stmt.query_map(params![cpi], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        ids.iter().map(|d| DocumentId::parse(d).map_err(|e| StoreError::Corrupt(e.to_string()))).collect()
    }

    pub fn set(&self, cpi: &str, kind: &str, doc: &DocumentId) -> Result<(), StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        conn.execute(
            "INSERT INTO well_known (cpi, kind, doc) VALUES (?1, ?2, ?3)",
            params![cpi, kind, doc.to_string()],
        )?;
        Ok(())
    }
}
