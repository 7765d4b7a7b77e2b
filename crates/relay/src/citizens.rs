//! Citizens at totems: identification with the Tessera Sanitaria (codice fiscale plus the
//! second factor, with a lockout the relay enforces across all totems), short citizen
//! sessions, the CPIs' signing keys, certificate numbers, issued certificates and their
//! revocation. Storage only: the HTTP side is in `citizen_api`.

use crate::auth::{hex, random_bytes, token_hash};
use crate::db::SharedConnection;
use crate::store::StoreError;
use rusqlite::{params, OptionalExtension};
use sportello_core::certificate::CertificateKind;
use sportello_core::identification::{revocation, take_attempt, Attempt, Lockout};
use std::collections::HashMap;
use std::sync::Mutex;

pub use sportello_core::identification::{LOCK_SECONDS, MAX_FAILURES};
/// How long a citizen's session at a totem lasts at most (the totem ends it sooner).
pub const SESSION_SECONDS: i64 = 10 * 60;

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

impl SigningKey {
    /// A new random key of the CPI, named after it and the year of `now`.
    fn new(cpi: &str, now: i64) -> Self {
        let secret = random_bytes::<32>();
        let year = chrono::DateTime::from_timestamp(now, 0).map_or(0, |t| chrono::Datelike::year(&t));
        let key_id = format!("{cpi}-{year}-{}", hex(&random_bytes::<2>()));
        tracing::info!(%cpi, %key_id, "signing key created");
        SigningKey { key_id, cpi: cpi.to_owned(), secret }
    }
}

/// A certificate as it is recorded when the relay issues it.
pub struct Issue<'a> {
    /// As `sportello_core::certificate::certificate_number` makes it.
    pub number: &'a str,
    pub cpi: &'a str,
    pub kind: CertificateKind,
    /// The dossier's document id.
    pub dossier: &'a str,
    /// Italian wall time, `YYYY-MM-DDTHH:MM:SS`.
    pub issued_at: &'a str,
    /// `totem:<device>`.
    pub issued_by: &'a str,
}

/// Citizens' identification state, sessions, keys and certificates. What every backend must
/// guarantee: an attempt is taken (read, decided by `take_attempt`, written) in one atomic
/// step, so concurrent requests cannot all pass a "not locked" check; certificate numbers
/// never repeat within a CPI and year; a revocation keeps the first time and author; a
/// session serves only its own totem and only until it expires.
pub trait CitizenStore: Send + Sync {
    /// The CPI's current signing key, created on first use.
    fn signing_key(&self, cpi: &str, now: i64) -> Result<SigningKey, StoreError>;

    /// Every public key ever used, oldest first, so old certificates still verify:
    /// (key id, CPI, key).
    fn public_keys(&self) -> Result<Vec<(String, String, [u8; 32])>, StoreError>;

    /// Takes one identification attempt for the subject before anything is checked. The rule
    /// is `sportello_core::identification::take_attempt`; the store keeps its state.
    fn take_attempt(&self, subject: &[u8], now: i64) -> Result<Attempt, StoreError>;

    /// The attempt was right: the subject's count starts again.
    fn succeeded(&self, subject: &[u8]) -> Result<(), StoreError>;

    /// `Some(until)` if the subject is locked at `now`.
    fn locked_until(&self, subject: &[u8], now: i64) -> Result<Option<i64>, StoreError>;

    /// A session of [`SESSION_SECONDS`] for one identified citizen at one totem; its token.
    fn open_session(&self, dossier: &str, cpi: &str, device: &str, now: i64) -> Result<String, StoreError>;

    /// The dossier and CPI of a live session, if it belongs to `device`.
    fn session(&self, token: &str, device: &str, now: i64) -> Result<Option<(String, String)>, StoreError>;

    /// Ends the session, if it belongs to `device`.
    fn end_session(&self, token: &str, device: &str) -> Result<(), StoreError>;

    /// The next certificate number of the CPI in `year` (the only counter: only the relay signs).
    fn next_number(&self, cpi: &str, year: i32) -> Result<String, StoreError>;

    /// Records an issued certificate; an error if its number is recorded already.
    fn record_certificate(&self, issue: &Issue<'_>) -> Result<(), StoreError>;

    fn certificate(&self, number: &str) -> Result<Option<IssuedCertificate>, StoreError>;

    /// Marks a certificate revoked (once; a second revocation keeps the first time).
    fn revoke(&self, number: &str, at: &str, by: &str) -> Result<(), StoreError>;
}

pub struct SqliteCitizens {
    conn: SharedConnection,
}

impl SqliteCitizens {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: SharedConnection::open(db)? })
    }
}

impl CitizenStore for SqliteCitizens {
    fn signing_key(&self, cpi: &str, now: i64) -> Result<SigningKey, StoreError> {
        let db = self.conn.lock();
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
        let key = SigningKey::new(cpi, now);
        db.execute(
            "INSERT INTO signing_keys (key_id, cpi, secret, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![key.key_id, cpi, key.secret.as_slice(), now],
        )?;
        Ok(key)
    }

    fn public_keys(&self) -> Result<Vec<(String, String, [u8; 32])>, StoreError> {
        let db = self.conn.lock();
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

    fn take_attempt(&self, subject: &[u8], now: i64) -> Result<Attempt, StoreError> {
        let mut db = self.conn.lock();
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

    fn succeeded(&self, subject: &[u8]) -> Result<(), StoreError> {
        self.conn.lock().execute("DELETE FROM identify_attempts WHERE subject = ?1", params![subject])?;
        Ok(())
    }

    fn locked_until(&self, subject: &[u8], now: i64) -> Result<Option<i64>, StoreError> {
        let until: Option<i64> = self
            .conn
            .lock()
            .query_row("SELECT locked_until FROM identify_attempts WHERE subject = ?1", params![subject], |r| r.get(0))
            .optional()?;
        Ok(until.filter(|u| *u > now))
    }

    fn open_session(&self, dossier: &str, cpi: &str, device: &str, now: i64) -> Result<String, StoreError> {
        let token = new_session_token();
        let db = self.conn.lock();
        db.execute("DELETE FROM citizen_sessions WHERE expires_at <= ?1", params![now])?;
        db.execute(
            "INSERT INTO citizen_sessions (token_hash, dossier, cpi, device, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![token_hash(&token), dossier, cpi, device, now + SESSION_SECONDS],
        )?;
        Ok(token)
    }

    fn session(&self, token: &str, device: &str, now: i64) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn
            .lock()
            .query_row(
                "SELECT dossier, cpi FROM citizen_sessions WHERE token_hash = ?1 AND device = ?2 AND expires_at > ?3",
                params![token_hash(token), device, now],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn end_session(&self, token: &str, device: &str) -> Result<(), StoreError> {
        self.conn.lock().execute(
            "DELETE FROM citizen_sessions WHERE token_hash = ?1 AND device = ?2",
            params![token_hash(token), device],
        )?;
        Ok(())
    }

    fn next_number(&self, cpi: &str, year: i32) -> Result<String, StoreError> {
        let mut db = self.conn.lock();
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

    fn record_certificate(&self, issue: &Issue<'_>) -> Result<(), StoreError> {
        self.conn.lock().execute(
            "INSERT INTO certificates (number, cpi, kind, dossier, issued_at, issued_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![issue.number, issue.cpi, issue.kind.code(), issue.dossier, issue.issued_at, issue.issued_by],
        )?;
        Ok(())
    }

    fn certificate(&self, number: &str) -> Result<Option<IssuedCertificate>, StoreError> {
        Ok(self
            .conn
            .lock()
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

    fn revoke(&self, number: &str, at: &str, by: &str) -> Result<(), StoreError> {
        let mut db = self.conn.lock();
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

/// A citizen session's token: random, and only its hash is stored.
fn new_session_token() -> String {
    hex(&random_bytes::<24>())
}

/// Citizens' storage in memory (tests, and the shape a new backend must match). One lock
/// over everything makes each method one atomic step.
#[derive(Default)]
pub struct MemoryCitizens {
    state: Mutex<MemoryState>,
}

#[derive(Default)]
struct MemoryState {
    /// With their creation time, in creation order.
    keys: Vec<(SigningKey, i64)>,
    attempts: HashMap<Vec<u8>, Lockout>,
    /// By token hash: (dossier, CPI, device, expires at).
    sessions: HashMap<Vec<u8>, (String, String, String, i64)>,
    counters: HashMap<(String, i32), u32>,
    /// With who revoked each revoked one.
    certificates: HashMap<String, (IssuedCertificate, Option<String>)>,
}

impl MemoryCitizens {
    fn state(&self) -> std::sync::MutexGuard<'_, MemoryState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl CitizenStore for MemoryCitizens {
    fn signing_key(&self, cpi: &str, now: i64) -> Result<SigningKey, StoreError> {
        let mut state = self.state();
        let newest = state.keys.iter().filter(|(k, _)| k.cpi == cpi).max_by_key(|(_, created_at)| *created_at);
        if let Some((key, _)) = newest {
            return Ok(SigningKey { key_id: key.key_id.clone(), cpi: key.cpi.clone(), secret: key.secret });
        }
        let key = SigningKey::new(cpi, now);
        state.keys.push((SigningKey { key_id: key.key_id.clone(), cpi: key.cpi.clone(), secret: key.secret }, now));
        Ok(key)
    }

    fn public_keys(&self) -> Result<Vec<(String, String, [u8; 32])>, StoreError> {
        let mut keys: Vec<_> =
            self.state().keys.iter().map(|(k, at)| (*at, k.key_id.clone(), k.cpi.clone(), k.secret)).collect();
        keys.sort_by_key(|(at, ..)| *at);
        Ok(keys
            .into_iter()
            .map(|(_, key_id, cpi, secret)| (key_id, cpi, sportello_core::certificate::public_key(&secret)))
            .collect())
    }

    fn take_attempt(&self, subject: &[u8], now: i64) -> Result<Attempt, StoreError> {
        let mut state = self.state();
        let stored = state.attempts.get(subject).copied().unwrap_or_default();
        let (next, attempt) = take_attempt(stored, now);
        state.attempts.insert(subject.to_vec(), next);
        Ok(attempt)
    }

    fn succeeded(&self, subject: &[u8]) -> Result<(), StoreError> {
        self.state().attempts.remove(subject);
        Ok(())
    }

    fn locked_until(&self, subject: &[u8], now: i64) -> Result<Option<i64>, StoreError> {
        Ok(self.state().attempts.get(subject).map(|l| l.locked_until).filter(|u| *u > now))
    }

    fn open_session(&self, dossier: &str, cpi: &str, device: &str, now: i64) -> Result<String, StoreError> {
        let token = new_session_token();
        let mut state = self.state();
        state.sessions.retain(|_, (.., expires_at)| *expires_at > now);
        let session = (dossier.to_owned(), cpi.to_owned(), device.to_owned(), now + SESSION_SECONDS);
        state.sessions.insert(token_hash(&token), session);
        Ok(token)
    }

    fn session(&self, token: &str, device: &str, now: i64) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .state()
            .sessions
            .get(&token_hash(token))
            .filter(|(_, _, of, expires_at)| of == device && *expires_at > now)
            .map(|(dossier, cpi, ..)| (dossier.clone(), cpi.clone())))
    }

    fn end_session(&self, token: &str, device: &str) -> Result<(), StoreError> {
        let mut state = self.state();
        let hash = token_hash(token);
        if state.sessions.get(&hash).is_some_and(|(_, _, of, _)| of == device) {
            state.sessions.remove(&hash);
        }
        Ok(())
    }

    fn next_number(&self, cpi: &str, year: i32) -> Result<String, StoreError> {
        let mut state = self.state();
        let seq = state.counters.entry((cpi.to_owned(), year)).or_default();
        *seq += 1;
        Ok(sportello_core::certificate::certificate_number(cpi, year, *seq))
    }

    fn record_certificate(&self, issue: &Issue<'_>) -> Result<(), StoreError> {
        let mut state = self.state();
        // Only what `certificate` answers is kept: the kind and issuer are in the dossier's record.
        if state.certificates.contains_key(issue.number) {
            return Err(StoreError::Exists);
        }
        let issued = IssuedCertificate {
            number: issue.number.to_owned(),
            cpi: issue.cpi.to_owned(),
            dossier: issue.dossier.to_owned(),
            revoked_at: None,
        };
        state.certificates.insert(issue.number.to_owned(), (issued, None));
        Ok(())
    }

    fn certificate(&self, number: &str) -> Result<Option<IssuedCertificate>, StoreError> {
        Ok(self.state().certificates.get(number).map(|(c, _)| c.clone()))
    }

    fn revoke(&self, number: &str, at: &str, by: &str) -> Result<(), StoreError> {
        let mut state = self.state();
        let Some((certificate, revoked_by)) = state.certificates.get_mut(number) else { return Ok(()) };
        let first = certificate.revoked_at.as_deref().map(|at| (at, revoked_by.as_deref().unwrap_or_default()));
        let (at, by) = revocation(first, at, by);
        (certificate.revoked_at, *revoked_by) = (Some(at.to_owned()), Some(by.to_owned()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What every backend must do; run against each below.
    fn conformance(c: Box<dyn CitizenStore>) {
        lockout_after_five_failures_for_fifteen_minutes(c.as_ref());
        numbers_count_per_cpi_and_year(c.as_ref());
        sessions_belong_to_their_totem_and_expire(c.as_ref());
        each_cpi_has_its_key_and_old_keys_stay(c.as_ref());
        a_revocation_keeps_the_first_time(c.as_ref());
    }

    fn lockout_after_five_failures_for_fifteen_minutes(c: &dyn CitizenStore) {
        let subject = b"subject";
        for left in (0..MAX_FAILURES).rev() {
            assert_eq!(c.take_attempt(subject, 100).unwrap(), Attempt::Check { attempts_left: left });
        }
        assert_eq!(c.take_attempt(subject, 101).unwrap(), Attempt::Locked { until: 100 + LOCK_SECONDS });
        assert_eq!(c.locked_until(subject, 100 + LOCK_SECONDS - 1).unwrap(), Some(100 + LOCK_SECONDS));
        assert_eq!(c.locked_until(subject, 100 + LOCK_SECONDS).unwrap(), None);
        assert_eq!(c.locked_until(b"other", 100).unwrap(), None, "subjects apart");
        // After the lock, a fresh count.
        let later = 100 + LOCK_SECONDS;
        assert_eq!(c.take_attempt(subject, later).unwrap(), Attempt::Check { attempts_left: MAX_FAILURES - 1 });
        // A success gives the attempts back; failures spread over long periods never add up.
        c.succeeded(subject).unwrap();
        assert_eq!(c.take_attempt(subject, later).unwrap(), Attempt::Check { attempts_left: MAX_FAILURES - 1 });
        let much_later = later + LOCK_SECONDS;
        assert_eq!(c.take_attempt(subject, much_later).unwrap(), Attempt::Check { attempts_left: MAX_FAILURES - 1 });
    }

    fn numbers_count_per_cpi_and_year(c: &dyn CitizenStore) {
        assert_eq!(c.next_number("bari", 2026).unwrap(), "CPI-BARI-2026-000001");
        assert_eq!(c.next_number("bari", 2026).unwrap(), "CPI-BARI-2026-000002");
        assert_eq!(c.next_number("lecce", 2026).unwrap(), "CPI-LECCE-2026-000001");
        assert_eq!(c.next_number("bari", 2027).unwrap(), "CPI-BARI-2027-000001");
    }

    fn sessions_belong_to_their_totem_and_expire(c: &dyn CitizenStore) {
        let token = c.open_session("doc", "bari", "totem-1", 0).unwrap();
        assert_eq!(c.session(&token, "totem-1", 1).unwrap(), Some(("doc".into(), "bari".into())));
        assert_eq!(c.session(&token, "totem-2", 1).unwrap(), None);
        assert_eq!(c.session(&token, "totem-1", SESSION_SECONDS - 1).unwrap(), Some(("doc".into(), "bari".into())));
        assert_eq!(c.session(&token, "totem-1", SESSION_SECONDS).unwrap(), None);
        c.end_session(&token, "totem-2").unwrap();
        assert!(c.session(&token, "totem-1", 1).unwrap().is_some(), "another totem cannot end it");
        c.end_session(&token, "totem-1").unwrap();
        assert_eq!(c.session(&token, "totem-1", 1).unwrap(), None);
        assert_eq!(c.session("not-a-token", "totem-1", 1).unwrap(), None);
    }

    fn each_cpi_has_its_key_and_old_keys_stay(c: &dyn CitizenStore) {
        let bari = c.signing_key("bari", 0).unwrap();
        assert_eq!(c.signing_key("bari", 5).unwrap().key_id, bari.key_id);
        assert_eq!(c.signing_key("bari", 5).unwrap().secret, bari.secret);
        let lecce = c.signing_key("lecce", 10).unwrap();
        assert_ne!(lecce.secret, bari.secret);
        let public: Vec<_> = c.public_keys().unwrap();
        assert_eq!(
            public,
            [
                (bari.key_id, "bari".to_owned(), sportello_core::certificate::public_key(&bari.secret)),
                (lecce.key_id, "lecce".to_owned(), sportello_core::certificate::public_key(&lecce.secret)),
            ],
            "oldest first"
        );
    }

    fn a_revocation_keeps_the_first_time(c: &dyn CitizenStore) {
        let number = "CPI-BARI-2026-000001";
        let issue = Issue {
            number,
            cpi: "bari",
            kind: CertificateKind::Did,
            dossier: "doc",
            issued_at: "2026-11-02T10:00:00",
            issued_by: "totem:t1",
        };
        let record = || c.record_certificate(&issue);
        record().unwrap();
        assert!(record().is_err(), "a number is recorded once");
        let found = c.certificate(number).unwrap().unwrap();
        assert_eq!((found.cpi.as_str(), found.dossier.as_str(), found.revoked_at), ("bari", "doc", None));
        c.revoke(number, "2026-11-03T09:00:00", "anna").unwrap();
        c.revoke(number, "2026-11-04T09:00:00", "lia").unwrap();
        let revoked_at = c.certificate(number).unwrap().unwrap().revoked_at;
        assert_eq!(revoked_at.as_deref(), Some("2026-11-03T09:00:00"));
        c.revoke("CPI-BARI-2026-000099", "2026-11-03T09:00:00", "anna").unwrap();
        assert_eq!(c.certificate("CPI-BARI-2026-000099").unwrap(), None, "revoking an unknown number records nothing");
    }

    crate::db::conformance_tests!(conformance, MemoryCitizens::default(), SqliteCitizens::open);
}
