//! The audit log of dossiers: who opened, received, changed or was refused a dossier, when
//! and from which device. Entries come from the hub (what really went over the wire: it
//! cannot be skipped by a client) and from the app (an operator opening a dossier on the
//! screen, also offline, reported when back online). Only the CPI's head reads it.

use crate::db::SharedConnection;
use crate::store::StoreError;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

/// The action names are the HTTP contract's; the database stores the same text.
pub use sportello_core::api::AuditAction;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When the relay recorded it (ms since the epoch).
    pub at_ms: i64,
    /// When it happened on the device, if the device reported it later (offline opens).
    pub device_at_ms: Option<i64>,
    /// The CPI whose dossier it is (for a denied access: the dossier's CPI too).
    pub cpi: String,
    /// Document id (bs58check).
    pub doc: String,
    /// `operator:<username>@<cpi>` or `totem:<device>@<cpi>`.
    pub who: String,
    /// The device as it named itself at sign-in, or the totem's id.
    pub device: String,
    pub action: AuditAction,
}

impl AuditEntry {
    /// The entry as `GET /api/audit` sends it.
    pub fn into_api(self) -> sportello_core::api::AuditEntry {
        sportello_core::api::AuditEntry {
            at_ms: self.at_ms,
            device_at_ms: self.device_at_ms,
            cpi: self.cpi,
            doc: self.doc,
            who: self.who,
            device: self.device,
            action: self.action,
        }
    }
}

/// The audit log. Every backend must append a batch of entries all or none, and list a
/// CPI's entries (or one dossier's) in the order they were recorded, newest first.
pub trait AuditStore: Send + Sync {
    /// Appends entries, all of them or none.
    fn record(&self, entries: &[AuditEntry]) -> Result<(), StoreError>;

    /// The newest entries of a CPI (of one dossier if `doc` is given), newest first.
    fn list(&self, cpi: &str, doc: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>, StoreError>;
}

pub struct SqliteAudit {
    conn: SharedConnection,
}

impl SqliteAudit {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: SharedConnection::open(db)? })
    }
}

impl AuditStore for SqliteAudit {
    fn record(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn.lock();
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO audit (at_ms, device_at_ms, cpi, doc, who, device, action)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for e in entries {
                stmt.execute(params![e.at_ms, e.device_at_ms, e.cpi, e.doc, e.who, e.device, e.action.as_str()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn list(&self, cpi: &str, doc: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let conn = self.conn.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT at_ms, device_at_ms, cpi, doc, who, device, action FROM audit
             WHERE cpi = ?1 AND (?2 IS NULL OR doc = ?2) ORDER BY seq DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![cpi, doc, limit as i64], |r| {
            Ok(AuditEntry {
                at_ms: r.get(0)?,
                device_at_ms: r.get(1)?,
                cpi: r.get(2)?,
                doc: r.get(3)?,
                who: r.get(4)?,
                device: r.get(5)?,
                action: AuditAction::parse(&r.get::<_, String>(6)?).unwrap_or(AuditAction::Read),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The audit log in memory (tests, and the shape a new backend must match).
#[derive(Default)]
pub struct MemoryAudit {
    /// In the order recorded.
    entries: Mutex<Vec<AuditEntry>>,
}

impl AuditStore for MemoryAudit {
    fn record(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(entries);
        Ok(())
    }

    fn list(&self, cpi: &str, doc: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let wanted = |e: &&AuditEntry| e.cpi == cpi && doc.is_none_or(|d| e.doc == d);
        Ok(entries.iter().rev().filter(wanted).take(limit).cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What every backend must do; run against each below.
    fn conformance(log: Box<dyn AuditStore>) {
        let entry = |doc: &str, cpi: &str, at_ms, action| AuditEntry {
            at_ms,
            device_at_ms: None,
            cpi: cpi.into(),
            doc: doc.into(),
            who: "operator:anna@bari".into(),
            device: "Chrome".into(),
            action,
        };
        assert!(log.list("bari", None, 10).unwrap().is_empty());
        log.record(&[]).unwrap();
        // Recording order decides, not the times the entries carry (a device reports late).
        log.record(&[entry("d1", "bari", 5, AuditAction::Open), entry("d2", "bari", 1, AuditAction::Change)]).unwrap();
        log.record(&[entry("d3", "lecce", 2, AuditAction::Read)]).unwrap();
        log.record(&[entry("d1", "bari", 3, AuditAction::Read)]).unwrap();
        let mut late = entry("d1", "bari", 4, AuditAction::Open);
        late.device_at_ms = Some(2);
        log.record(std::slice::from_ref(&late)).unwrap();
        let bari = log.list("bari", None, 10).unwrap();
        assert_eq!(bari.iter().map(|e| e.doc.as_str()).collect::<Vec<_>>(), ["d1", "d1", "d2", "d1"]);
        assert_eq!(bari[0], late, "every field kept");
        let d1 = log.list("bari", Some("d1"), 10).unwrap();
        assert_eq!(
            d1.iter().map(|e| e.action).collect::<Vec<_>>(),
            [AuditAction::Open, AuditAction::Read, AuditAction::Open]
        );
        assert_eq!(log.list("bari", None, 2).unwrap(), bari[..2], "the newest within the limit");
        assert!(log.list("lecce", Some("d1"), 10).unwrap().is_empty(), "another CPI's dossier");
        assert_eq!(log.list("lecce", None, 10).unwrap().len(), 1);
    }

    crate::db::conformance_tests!(conformance, MemoryAudit::default(), SqliteAudit::open);
}
