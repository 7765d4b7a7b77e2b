//! The audit log of dossiers: who opened, received, changed or was refused a dossier, when
//! and from which device. Entries come from the hub (what really went over the wire: it
//! cannot be skipped by a client) and from the app (an operator opening a dossier on the
//! screen, also offline, reported when back online). Only the CPI's head reads it.

use crate::store::StoreError;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Shown on an operator's screen (reported by the app).
    Open,
    /// Dossier content sent to a device.
    Read,
    /// A device sent changes that the relay stored.
    Change,
    /// A device asked for or sent changes to a dossier it may not use.
    Denied,
    /// A citizen identified at a totem and was shown their status.
    Identify,
    /// A certificate was issued from the dossier.
    Issue,
    /// A certificate of the dossier was revoked.
    Revoke,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Open => "open",
            AuditAction::Read => "read",
            AuditAction::Change => "change",
            AuditAction::Denied => "denied",
            AuditAction::Identify => "identify",
            AuditAction::Issue => "issue",
            AuditAction::Revoke => "revoke",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            AuditAction::Open,
            AuditAction::Read,
            AuditAction::Change,
            AuditAction::Denied,
            AuditAction::Identify,
            AuditAction::Issue,
            AuditAction::Revoke,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

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
            action: self.action.as_str().to_owned(),
        }
    }
}

pub struct AuditLog {
    conn: Mutex<Connection>,
}

impl AuditLog {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: Mutex::new(db.connect()?) })
    }

    /// Appends entries in one transaction.
    pub fn record(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
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

    /// The newest entries of a CPI (of one dossier if `doc` is given), newest first.
    pub fn list(&self, cpi: &str, doc: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_kept_per_cpi_and_listed_newest_first() {
        let dir = std::env::temp_dir()
            .join(format!("sportello-audit-{}", crate::auth::hex(&crate::auth::random_bytes::<6>())));
        std::fs::create_dir_all(&dir).unwrap();
        let log = AuditLog::open(&crate::db::Db::open(&dir.join("db")).unwrap()).unwrap();
        let entry = |doc: &str, cpi: &str, action| AuditEntry {
            at_ms: 1,
            device_at_ms: None,
            cpi: cpi.into(),
            doc: doc.into(),
            who: "operator:anna@bari".into(),
            device: "Chrome".into(),
            action,
        };
        log.record(&[entry("d1", "bari", AuditAction::Open), entry("d2", "bari", AuditAction::Change)]).unwrap();
        log.record(&[entry("d3", "lecce", AuditAction::Read)]).unwrap();
        let bari = log.list("bari", None, 10).unwrap();
        assert_eq!(bari.iter().map(|e| e.doc.as_str()).collect::<Vec<_>>(), ["d2", "d1"]);
        assert_eq!(log.list("bari", Some("d1"), 10).unwrap()[0].action, AuditAction::Open);
        assert!(log.list("lecce", Some("d1"), 10).unwrap().is_empty());
        std::fs::remove_dir_all(dir).ok();
    }
}
