//! Citizens at totems: identification with the Tessera Sanitaria (codice fiscale plus the
//! second factor, with a lockout the relay enforces across all totems), short citizen
//! sessions, the CPIs' signing keys, certificate numbers, issued certificates and their
//! revocation. Storage only: the HTTP side is in `citizen_api`.

use crate::auth::{hex, random_bytes};
use crate::store::StoreError;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use sportello_core::identification::{revocation, take_attempt, Attempt, Lockout};
use std::sync::Mutex;

pub use sportello_core::identification::{LOCK_SECONDS, MAX_FAILURES};
/// How long a citizen's session at a totem lasts at most (the totem ends it sooner).
pub const SESSION_SECONDS: i64 = 10 * 60;

pub struct Citizens {
    conn: Mutex<Connection>,
}

/// A CPI's signing key.
pub struct SigningKey {
    pub key_id: String,
    pub cpi: String,
    pub secret: [u8; 32],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCertificate {
    pub number: String,
    pub cpi: String,
    pub dossier: String,
    pub revoked_at: Option<String>,
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

impl Citizens {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: Mutex::new(db.connect()?) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The CPI's current signing key, created on first use.
    pub fn signing_key(&self, cpi: &str, now: i64) -> Result<SigningKey, StoreError> {
        let db = self.db();
        let row: Option<(String, Vec<u8>)> = db
            .query_row(
                "SELECT key_id, secret FROM signing_keys WHERE cpi = ?1 ORDER BY created_at DESC LIMIT 1",
                params![cpi],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((key_id, secret)) = row {
            let secret = secret.try_into().map_err(|_| StoreError::Corrupt("signing key length".into()))?;
            return Ok(SigningKey { key_id, cpi: cpi.to_owned(), secret });
        }
        let secret = random_bytes::<32>();
        let year = chrono::DateTime::from_timestamp(now, 0).map_or(0, |t| chrono::Datelike::year(&t));
        let key_id = format!("{cpi}-{year}-{}", hex(&random_bytes::<2>()));
        db.execute(
            "INSERT INTO signing_keys (key_id, cpi, secret, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![key_id, cpi, secret.as_slice(), now],
        )?;
        tracing::info!(%cpi, %key_id, "signing key created");
        Ok(SigningKey { key_id, cpi: cpi.to_owned(), secret })
    }

    /// Every public key ever used, so old certificates still verify: (key id, CPI, key).
    pub fn public_keys(&self) -> Result<Vec<(String, String, [u8; 32])>, StoreError> {
        let db = self.db();
        let mut stmt = db.prepare_cached("SELECT key_id, cpi, secret FROM signing_keys ORDER BY created_at")?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (key_id, cpi, secret) = row?;
            let secret: [u8; 32] = secret.try_into().map_err(|_| StoreError::Corrupt("signing key length".into()))?;
            out.push((key_id, cpi, sportello_core::certificate::public_key(&secret)));
        }
        Ok(out)
    }

    /// Takes one identification attempt for the subject before anything is checked, in one
    /// transaction, so concurrent requests cannot all pass a "not locked" check. The rule is
    /// `sportello_core::identification::take_attempt`; this stores its state.
    pub fn take_attempt(&self, subject: &[u8], now: i64) -> Result<Attempt, StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let stored = tx
            .query_row(
                "SELECT failures, locked_until, last_at FROM identify_attempts WHERE subject = ?1",
                params![subject],
                |r| Ok(Lockout { failures: r.get(0)?, locked_until: r.get(1)?, last_at: r.get(2)? }),
            )
            .optional()?
            .unwrap_or_default();
        let (next, attempt) = take_attempt(stored, now);
        if next != stored {
            tx.execute(
                "INSERT INTO identify_attempts (subject, failures, locked_until, last_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (subject) DO UPDATE SET failures = ?2, locked_until = ?3, last_at = ?4",
                params![subject, next.failures, next.locked_until, next.last_at],
            )?;
        }
        tx.commit()?;
        Ok(attempt)
    }

    /// The attempt was right: the subject's count starts again.
    pub fn succeeded(&self, subject: &[u8]) -> Result<(), StoreError> {
        self.db().execute("DELETE FROM identify_attempts WHERE subject = ?1", params![subject])?;
        Ok(())
    }

    /// `Some(until)` if the subject is locked at `now`.
    pub fn locked_until(&self, subject: &[u8], now: i64) -> Result<Option<i64>, StoreError> {
        let until: Option<i64> = self
            .db()
            .query_row("SELECT locked_until FROM identify_attempts WHERE subject = ?1", params![subject], |r| r.get(0))
            .optional()?;
        Ok(until.filter(|u| *u > now))
    }

    /// A session for one identified citizen at one totem.
    pub fn open_session(&self, dossier: &str, cpi: &str, device: &str, now: i64) -> Result<String, StoreError> {
        let token = hex(&random_bytes::<24>());
        let db = self.db();
        db.execute("DELETE FROM citizen_sessions WHERE expires_at <= ?1", params![now])?;
        db.execute(
            "INSERT INTO citizen_sessions (token_hash, dossier, cpi, device, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![token_hash(&token), dossier, cpi, device, now + SESSION_SECONDS],
        )?;
        Ok(token)
    }

    /// The dossier and CPI of a live session, if it belongs to `device`.
    pub fn session(&self, token: &str, device: &str, now: i64) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .db()
            .query_row(
                "SELECT dossier, cpi FROM citizen_sessions WHERE token_hash = ?1 AND device = ?2 AND expires_at > ?3",
                params![token_hash(token), device, now],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn end_session(&self, token: &str, device: &str) -> Result<(), StoreError> {
        self.db().execute(
            "DELETE FROM citizen_sessions WHERE token_hash = ?1 AND device = ?2",
            params![token_hash(token), device],
        )?;
        Ok(())
    }

    /// The next certificate number of the CPI in `year` (the only counter: only the relay signs).
    pub fn next_number(&self, cpi: &str, year: i32) -> Result<String, StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        tx.execute(
            "INSERT INTO certificate_counters (cpi, year, seq) VALUES (?1, ?2, 1)
             ON CONFLICT (cpi, year) DO UPDATE SET seq = seq + 1",
            params![cpi, year],
        )?;
        let seq: u32 = tx.query_row(
            "SELECT seq FROM certificate_counters WHERE cpi = ?1 AND year = ?2",
            params![cpi, year],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(sportello_core::certificate::certificate_number(cpi, year, seq))
    }

    pub fn record_certificate(
        &self,
        number: &str,
        cpi: &str,
        kind: &str,
        dossier: &str,
        issued_at: &str,
        issued_by: &str,
    ) -> Result<(), StoreError> {
        self.db().execute(
            "INSERT INTO certificates (number, cpi, kind, dossier, issued_at, issued_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![number, cpi, kind, dossier, issued_at, issued_by],
        )?;
        Ok(())
    }

    pub fn certificate(&self, number: &str) -> Result<Option<IssuedCertificate>, StoreError> {
        Ok(self
            .db()
            .query_row(
                "SELECT number, cpi, dossier, revoked_at FROM certificates WHERE number = ?1",
                params![number],
                |r| {
                    Ok(IssuedCertificate {
                        number: r.get(0)?,
                        cpi: r.get(1)?,
                        dossier: r.get(2)?,
                        revoked_at: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Marks a certificate revoked (once; a second revocation keeps the first time).
    pub fn revoke(&self, number: &str, at: &str, by: &str) -> Result<(), StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let current: Option<(Option<String>, Option<String>)> = tx
            .query_row("SELECT revoked_at, revoked_by FROM certificates WHERE number = ?1", params![number], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((revoked_at, revoked_by)) = current else { return Ok(()) };
        let first = revoked_at.as_deref().map(|at| (at, revoked_by.as_deref().unwrap_or_default()));
        let (at, by) = revocation(first, at, by);
        tx.execute(
            "UPDATE certificates SET revoked_at = ?2, revoked_by = ?3 WHERE number = ?1",
            params![number, at, by],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citizens() -> (Citizens, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("sportello-citizens-{}", hex(&random_bytes::<6>())));
        std::fs::create_dir_all(&dir).unwrap();
        (Citizens::open(&crate::db::Db::open(&dir.join("db")).unwrap()).unwrap(), dir)
    }

    #[test]
    fn the_fifth_attempt_in_a_row_locks_for_fifteen_minutes_and_old_failures_expire() {
        let (c, dir) = citizens();
        let subject = b"subject";
        for left in (0..MAX_FAILURES).rev() {
            assert_eq!(c.take_attempt(subject, 100).unwrap(), Attempt::Check { attempts_left: left });
        }
        assert_eq!(c.take_attempt(subject, 101).unwrap(), Attempt::Locked { until: 100 + LOCK_SECONDS });
        assert_eq!(c.locked_until(subject, 100 + LOCK_SECONDS - 1).unwrap(), Some(100 + LOCK_SECONDS));
        // After the lock, a fresh count.
        let later = 100 + LOCK_SECONDS;
        assert_eq!(c.take_attempt(subject, later).unwrap(), Attempt::Check { attempts_left: MAX_FAILURES - 1 });
        // A success gives the attempts back; failures spread over long periods never add up.
        c.succeeded(subject).unwrap();
        assert_eq!(c.take_attempt(subject, later).unwrap(), Attempt::Check { attempts_left: MAX_FAILURES - 1 });
        let much_later = later + LOCK_SECONDS;
        assert_eq!(c.take_attempt(subject, much_later).unwrap(), Attempt::Check { attempts_left: MAX_FAILURES - 1 });
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn numbers_count_per_cpi_and_year_and_sessions_belong_to_their_totem() {
        let (c, dir) = citizens();
        assert_eq!(c.next_number("bari", 2026).unwrap(), "CPI-BARI-2026-000001");
        assert_eq!(c.next_number("bari", 2026).unwrap(), "CPI-BARI-2026-000002");
        assert_eq!(c.next_number("lecce", 2026).unwrap(), "CPI-LECCE-2026-000001");
        let token = c.open_session("doc", "bari", "totem-1", 0).unwrap();
        assert_eq!(c.session(&token, "totem-1", 1).unwrap(), Some(("doc".into(), "bari".into())));
        assert_eq!(c.session(&token, "totem-2", 1).unwrap(), None);
        assert_eq!(c.session(&token, "totem-1", SESSION_SECONDS).unwrap(), None);
        c.end_session(&token, "totem-2").unwrap();
        assert!(c.session(&token, "totem-1", 1).unwrap().is_some(), "another totem cannot end it");
        let key = c.signing_key("bari", 0).unwrap();
        assert_eq!(c.signing_key("bari", 5).unwrap().key_id, key.key_id);
        assert_eq!(c.public_keys().unwrap().len(), 1);
        std::fs::remove_dir_all(dir).ok();
    }
}
