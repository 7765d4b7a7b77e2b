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

/// Which entries of a CPI's log to list: each given field must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The entry's `doc` exactly (a document id, `account:<username>`, `device:<id>`).
    pub doc: Option<String>,
    /// The entry's `who` exactly.
    pub who: Option<String>,
    pub action: Option<AuditAction>,
    /// Recorded at or after this time (ms since the epoch).
    pub from_ms: Option<i64>,
    /// Recorded before this time (ms since the epoch).
    pub until_ms: Option<i64>,
    /// Recorded before the entry with this sequence number (paging).
    pub before: Option<i64>,
}

impl AuditFilter {
    pub fn doc(doc: Option<&str>) -> Self {
        AuditFilter { doc: doc.map(str::to_owned), ..Default::default() }
    }

    fn matches(&self, seq: i64, e: &AuditEntry) -> bool {
        self.doc.as_ref().is_none_or(|d| e.doc == *d)
            && self.who.as_ref().is_none_or(|w| e.who == *w)
            && self.action.is_none_or(|a| e.action == a)
            && self.from_ms.is_none_or(|t| e.at_ms >= t)
            && self.until_ms.is_none_or(|t| e.at_ms < t)
            && self.before.is_none_or(|b| seq < b)
    }
}

/// An entry as listed, with its place in the log (increasing in the order recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub seq: i64,
    pub entry: AuditEntry,
}

/// The audit log. Every backend must append a batch of entries all or none, and list a
/// CPI's entries matching a filter in the order they were recorded, newest first, each with
/// a sequence number that grows in that order (the paging cursor).
pub trait AuditStore: Send + Sync {
    /// Appends entries, all of them or none.
    fn record(&self, entries: &[AuditEntry]) -> Result<(), StoreError>;

    /// The newest `limit` entries of a CPI that match `filter`, newest first.
    fn query(&self, cpi: &str, filter: &AuditFilter, limit: usize) -> Result<Vec<Listed>, StoreError>;

    /// The newest entries of a CPI (of one dossier if `doc` is given), newest first.
    fn list(&self, cpi: &str, doc: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(self.query(cpi, &AuditFilter::doc(doc), limit)?.into_iter().map(|l| l.entry).collect())
    }
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

    fn query(&self, cpi: &str, filter: &AuditFilter, limit: usize) -> Result<Vec<Listed>, StoreError> {
        let conn = self.conn.lock();
        // One statement for every filter: a missing one is NULL and matches everything.
        let mut stmt = conn.prepare_cached(
            "SELECT seq, at_ms, device_at_ms, cpi, doc, who, device, action FROM audit
             WHERE cpi = ?1 AND (?2 IS NULL OR doc = ?2) AND (?3 IS NULL OR who = ?3)
               AND (?4 IS NULL OR action = ?4) AND (?5 IS NULL OR at_ms >= ?5)
               AND (?6 IS NULL OR at_ms < ?6) AND (?7 IS NULL OR seq < ?7)
             ORDER BY seq DESC LIMIT ?8",
        )?;
        let action = filter.action.map(AuditAction::as_str);
        let args = params![
            cpi,
            filter.doc,
            filter.who,
            action,
            filter.from_ms,
            filter.until_ms,
            filter.before,
            limit.min(i64::MAX as usize) as i64
        ];
        let rows = stmt.query_map(args, |r| {
            Ok(Listed {
                seq: r.get(0)?,
                entry: AuditEntry {
                    at_ms: r.get(1)?,
                    device_at_ms: r.get(2)?,
                    cpi: r.get(3)?,
                    doc: r.get(4)?,
                    who: r.get(5)?,
                    device: r.get(6)?,
                    action: AuditAction::parse(&r.get::<_, String>(7)?).unwrap_or(AuditAction::Read),
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The audit log in memory (tests, and the shape a new backend must match).
#[derive(Default)]
pub struct MemoryAudit {
    /// In the order recorded; an entry's sequence number is its place here plus one.
    entries: Mutex<Vec<AuditEntry>>,
}

impl AuditStore for MemoryAudit {
    fn record(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(entries);
        Ok(())
    }

    fn query(&self, cpi: &str, filter: &AuditFilter, limit: usize) -> Result<Vec<Listed>, StoreError> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        Ok(entries
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| (i as i64 + 1, e))
            .filter(|(seq, e)| e.cpi == cpi && filter.matches(*seq, e))
            .take(limit)
            .map(|(seq, e)| Listed { seq, entry: e.clone() })
            .collect())
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

        // Filters: each given one must match, and they combine.
        let mut other = entry("d2", "bari", 7, AuditAction::Denied);
        other.who = "operator:luca@lecce".into();
        log.record(&[other.clone()]).unwrap();
        let docs = |filter: &AuditFilter, limit| -> Vec<(String, i64)> {
            log.query("bari", filter, limit).unwrap().into_iter().map(|l| (l.entry.doc, l.entry.at_ms)).collect()
        };
        let by_who = AuditFilter { who: Some("operator:luca@lecce".into()), ..Default::default() };
        assert_eq!(docs(&by_who, 10), [("d2".to_owned(), 7)]);
        let opens = AuditFilter { action: Some(AuditAction::Open), ..Default::default() };
        assert_eq!(docs(&opens, 10), [("d1".to_owned(), 4), ("d1".to_owned(), 5)]);
        let period = AuditFilter { from_ms: Some(3), until_ms: Some(5), ..Default::default() };
        assert_eq!(docs(&period, 10), [("d1".to_owned(), 4), ("d1".to_owned(), 3)], "from included, until excluded");
        let both = AuditFilter { doc: Some("d2".into()), action: Some(AuditAction::Change), ..Default::default() };
        assert_eq!(docs(&both, 10), [("d2".to_owned(), 1)]);
        let anna_denied = AuditFilter {
            who: Some("operator:anna@bari".into()),
            action: Some(AuditAction::Denied),
            ..Default::default()
        };
        assert!(docs(&anna_denied, 10).is_empty(), "both must match");
        assert!(log.query("lecce", &by_who, 10).unwrap().is_empty(), "filed under Bari, never listed for Lecce");

        // Paging: pages follow each other without a gap or a repeat, with the filter kept.
        let all = log.query("bari", &AuditFilter::default(), 10).unwrap();
        assert!(all.windows(2).all(|w| w[0].seq > w[1].seq), "newest first by sequence");
        let first = log.query("bari", &AuditFilter::default(), 2).unwrap();
        let second = log.query("bari", &AuditFilter { before: Some(first[1].seq), ..Default::default() }, 2).unwrap();
        let third = log.query("bari", &AuditFilter { before: Some(second[1].seq), ..Default::default() }, 2).unwrap();
        let paged: Vec<Listed> = first.into_iter().chain(second).chain(third).collect();
        assert_eq!(paged, all);
        let opens_page = log.query("bari", &AuditFilter { before: Some(all[1].seq), ..opens }, 10).unwrap();
        assert_eq!(
            opens_page.iter().map(|l| l.entry.at_ms).collect::<Vec<_>>(),
            [5],
            "a later page of the same filter"
        );
    }

    crate::db::conformance_tests!(conformance, MemoryAudit::default(), SqliteAudit::open);
}
