//! Accounts and credentials: operators log in with a password (argon2id), totems are
//! enrolled once with a one-time code and then hold a device token. Tokens are random, only
//! their SHA-256 is stored, and operator sessions expire.

use crate::store::StoreError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use sportello_core::access::{Principal, Role};
use sportello_core::queue::TotemCode;
use std::sync::Mutex;

/// How long an operator session lasts.
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// How long an enrollment code stays valid.
pub const ENROLLMENT_CODE_SECONDS: i64 = 24 * 3600;

#[derive(Debug)]
pub enum AuthError {
    BadCredentials,
    Expired,
    Forbidden,
    Store(StoreError),
}

impl From<rusqlite::Error> for AuthError {
    fn from(e: rusqlite::Error) -> Self {
        AuthError::Store(StoreError::from(e))
    }
}

impl From<StoreError> for AuthError {
    fn from(e: StoreError) -> Self {
        AuthError::Store(e)
    }
}

pub struct Accounts {
    conn: Mutex<Connection>,
}

pub struct Session {
    pub token: String,
    pub expires_at: i64,
    pub principal: Principal,
}

impl Accounts {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: Mutex::new(db.connect()?) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds an operator unless the username exists. Returns whether it was added.
    pub fn add_operator(
        &self,
        username: &str,
        name: &str,
        cpi: &str,
        role: Role,
        password: &str,
    ) -> Result<bool, AuthError> {
        let exists: bool = self.db().query_row(
            "SELECT EXISTS(SELECT 1 FROM operators WHERE username = ?1)",
            params![username],
            |r| r.get(0),
        )?;
        if exists {
            return Ok(false);
        }
        let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes make a valid salt");
        let hash =
            Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 with defaults").to_string();
        self.db().execute(
            "INSERT INTO operators (username, name, cpi, role, password_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![username, name, cpi, role_name(role), hash],
        )?;
        Ok(true)
    }

    /// Checks the password and opens a session. `device` is how the browser names itself
    /// ("Chrome su Linux · 3fa2"), kept for the audit log.
    pub fn login(&self, username: &str, password: &str, device: &str, now: i64) -> Result<Session, AuthError> {
        let row: Option<(String, String, String, String)> = self
            .db()
            .query_row(
                "SELECT name, cpi, role, password_hash FROM operators WHERE username = ?1",
                params![username],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((name, cpi, role, stored)) = row else {
            // Spend the same time as a real check, so usernames can't be probed by timing.
            let _ =
                Argon2::default().hash_password(password.as_bytes(), &SaltString::encode_b64(&[0; 16]).expect("salt"));
            return Err(AuthError::BadCredentials);
        };
        let parsed = PasswordHash::new(&stored).map_err(|_| AuthError::BadCredentials)?;
        Argon2::default().verify_password(password.as_bytes(), &parsed).map_err(|_| AuthError::BadCredentials)?;
        let token = new_token();
        let expires_at = now + SESSION_SECONDS;
        self.db().execute(
            "INSERT INTO sessions (token_hash, username, expires_at, device) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash(&token), username, expires_at, device.chars().take(80).collect::<String>()],
        )?;
        let principal = Principal::Operator { username: username.into(), name, cpi, role: parse_role(&role) };
        Ok(Session { token, expires_at, principal })
    }

    pub fn logout(&self, token: &str) -> Result<(), AuthError> {
        self.db().execute("DELETE FROM sessions WHERE token_hash = ?1", params![token_hash(token)])?;
        Ok(())
    }

    /// Who holds this token: an operator session that has not expired, or an enrolled totem.
    pub fn authenticate(&self, token: &str, now: i64) -> Result<Principal, AuthError> {
        self.authenticate_device(token, now).map(|(principal, _)| principal)
    }

    /// Like [`Accounts::authenticate`], with the device the token was issued to: the name
    /// the browser gave at sign-in, or the totem's id.
    pub fn authenticate_device(&self, token: &str, now: i64) -> Result<(Principal, String), AuthError> {
        let hash = token_hash(token);
        let db = self.db();
        let session: Option<(String, String, String, String, i64, String)> = db
            .query_row(
                "SELECT o.username, o.name, o.cpi, o.role, s.expires_at, s.device
                 FROM sessions s JOIN operators o ON o.username = s.username WHERE s.token_hash = ?1",
                params![hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        if let Some((username, name, cpi, role, expires_at, device)) = session {
            if expires_at <= now {
                db.execute("DELETE FROM sessions WHERE token_hash = ?1", params![hash])?;
                return Err(AuthError::Expired);
            }
            return Ok((Principal::Operator { username, name, cpi, role: parse_role(&role) }, device));
        }
        let device: Option<(String, String)> = db
            .query_row("SELECT device, cpi FROM devices WHERE token_hash = ?1", params![hash], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        device
            .map(|(device, cpi)| (Principal::Totem { device: device.clone(), cpi }, device))
            .ok_or(AuthError::BadCredentials)
    }

    /// A one-time code with which a totem of the operator's CPI enrolls.
    pub fn create_enrollment_code(&self, by: &Principal, now: i64) -> Result<(String, i64), AuthError> {
        let Principal::Operator { username, cpi, .. } = by else {
            return Err(AuthError::Forbidden);
        };
        let code = enrollment_code();
        let expires_at = now + ENROLLMENT_CODE_SECONDS;
        self.db().execute(
            "INSERT INTO enrollment_codes (code_hash, cpi, created_by, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash(&normalize_code(&code)), cpi, username, expires_at],
        )?;
        Ok((code, expires_at))
    }

    /// Spends an enrollment code: the totem gets a device token tied to the code's CPI. A
    /// display board (the waiting room's TV) enrolls the same way but prints no tickets, so it
    /// takes no ticket letter.
    pub fn enroll(&self, code: &str, totem_name: &str, kind: DeviceKind, now: i64) -> Result<Session, AuthError> {
        let hash = token_hash(&normalize_code(code));
        let mut db = self.db();
        let tx = db.transaction()?;
        let row: Option<(String, String, i64, Option<i64>)> = tx
            .query_row(
                "SELECT cpi, created_by, expires_at, used_at FROM enrollment_codes WHERE code_hash = ?1",
                params![hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((cpi, created_by, expires_at, used_at)) = row else {
            return Err(AuthError::BadCredentials);
        };
        if used_at.is_some() || expires_at <= now {
            return Err(AuthError::Expired);
        }
        tx.execute("UPDATE enrollment_codes SET used_at = ?1 WHERE code_hash = ?2", params![now, hash])?;
        let device = format!("totem-{}", hex(&random_bytes::<6>()));
        let token = new_token();
        let ticket_index = match kind {
            DeviceKind::Totem => free_ticket_index(&tx, &cpi)?,
            DeviceKind::Display => None,
        };
        tx.execute(
            "INSERT INTO devices (device, name, cpi, token_hash, enrolled_at, enrolled_with, ticket_index, kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![device, totem_name, cpi, token_hash(&token), now, created_by, ticket_index, kind.name()],
        )?;
        tx.commit()?;
        tracing::info!(%device, %cpi, by = %created_by, "totem enrolled");
        Ok(Session { token, expires_at: i64::MAX, principal: Principal::Totem { device, cpi } })
    }
}

/// What an enrolled device is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceKind {
    /// A citizens' totem: it prints queue tickets, so it gets a ticket letter.
    Totem,
    /// A display board: it only shows the queue.
    Display,
}

impl DeviceKind {
    pub fn name(self) -> &'static str {
        match self {
            DeviceKind::Totem => "totem",
            DeviceKind::Display => "display",
        }
    }
}

impl Accounts {
    /// The letter a totem prints on its tickets (see `sportello_core::queue`). Devices
    /// enrolled before queue tickets get one now; `None` once the CPI's 24 letters are taken.
    pub fn ticket_code(&self, device: &str) -> Result<Option<TotemCode>, AuthError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let row: Option<(String, Option<i64>, String)> = tx
            .query_row("SELECT cpi, ticket_index, kind FROM devices WHERE device = ?1", params![device], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((cpi, index, kind)) = row else { return Ok(None) };
        if kind == DeviceKind::Display.name() {
            return Ok(None);
        }
        let index = match index {
            Some(i) => Some(i),
            None => {
                let free = free_ticket_index(&tx, &cpi)?;
                tx.execute("UPDATE devices SET ticket_index = ?1 WHERE device = ?2", params![free, device])?;
                free
            }
        };
        tx.commit()?;
        Ok(index.and_then(|i| usize::try_from(i).ok()).and_then(TotemCode::from_index))
    }
}

/// The lowest ticket letter no device of `cpi` holds. Letters are never reused while their
/// device stays enrolled, so two devices of one CPI never print the same letter.
fn free_ticket_index(tx: &rusqlite::Transaction<'_>, cpi: &str) -> Result<Option<i64>, AuthError> {
    let mut stmt = tx.prepare("SELECT ticket_index FROM devices WHERE cpi = ?1 AND ticket_index IS NOT NULL")?;
    let taken = stmt.query_map(params![cpi], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?;
    Ok((0..TotemCode::COUNT as i64).find(|i| !taken.contains(i)))
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Operator => "operator",
        Role::Head => "head",
    }
}

fn parse_role(role: &str) -> Role {
    if role == "head" {
        Role::Head
    } else {
        Role::Operator
    }
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the OS provides randomness");
    bytes
}

fn new_token() -> String {
    hex(&random_bytes::<32>())
}

pub(crate) fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Eight digits in two groups: easy to read aloud and to type on a totem's keypad.
fn enrollment_code() -> String {
    let n = u64::from_le_bytes(random_bytes::<8>()) % 100_000_000;
    format!("{:04}-{:04}", n / 10_000, n % 10_000)
}

fn normalize_code(code: &str) -> String {
    code.chars().filter(char::is_ascii_digit).collect()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accounts() -> (Accounts, std::path::PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("sportello-auth-{}-{}", std::process::id(), hex(&random_bytes::<4>())));
        std::fs::create_dir_all(&dir).unwrap();
        (Accounts::open(&crate::db::Db::open(&dir.join("relay.sqlite3")).unwrap()).unwrap(), dir)
    }

    #[test]
    fn login_checks_the_password_and_sessions_expire() {
        let (acc, _dir) = accounts();
        acc.add_operator("anna", "Anna Neri", "bari", Role::Operator, "segreta").unwrap();
        assert!(matches!(acc.login("anna", "sbagliata", "test", 0), Err(AuthError::BadCredentials)));
        assert!(matches!(acc.login("nessuno", "segreta", "test", 0), Err(AuthError::BadCredentials)));
        let session = acc.login("anna", "segreta", "test", 1_000).unwrap();
        assert_eq!(acc.authenticate(&session.token, 1_001).unwrap().cpi(), "bari");
        assert!(matches!(acc.authenticate(&session.token, 1_000 + SESSION_SECONDS), Err(AuthError::Expired)));
    }

    #[test]
    fn logout_ends_the_session() {
        let (acc, _dir) = accounts();
        acc.add_operator("anna", "Anna Neri", "bari", Role::Operator, "segreta").unwrap();
        let session = acc.login("anna", "segreta", "test", 0).unwrap();
        acc.logout(&session.token).unwrap();
        assert!(acc.authenticate(&session.token, 1).is_err());
    }

    #[test]
    fn each_totem_of_a_cpi_prints_its_own_letter() {
        let (acc, _dir) = accounts();
        acc.add_operator("anna", "Anna Neri", "bari", Role::Operator, "segreta").unwrap();
        acc.add_operator("lia", "Lia Neri", "lecce", Role::Operator, "segreta").unwrap();
        let bari = acc.login("anna", "segreta", "test", 0).unwrap().principal;
        let lecce = acc.login("lia", "segreta", "test", 0).unwrap().principal;
        let mut letters = Vec::new();
        for by in [&bari, &bari, &lecce] {
            let (code, _) = acc.create_enrollment_code(by, 1).unwrap();
            let Principal::Totem { device, .. } = acc.enroll(&code, "Atrio", DeviceKind::Totem, 2).unwrap().principal
            else {
                panic!()
            };
            letters.push(acc.ticket_code(&device).unwrap().unwrap().letter());
        }
        // Letters are per CPI: Lecce's first totem is A again.
        assert_eq!(letters, ['A', 'B', 'A']);
        // A device enrolled before queue tickets gets the next free letter when first asked.
        let (code, _) = acc.create_enrollment_code(&bari, 1).unwrap();
        let Principal::Totem { device, .. } = acc.enroll(&code, "Vecchio", DeviceKind::Totem, 2).unwrap().principal
        else {
            panic!()
        };
        acc.db().execute("UPDATE devices SET ticket_index = NULL WHERE device = ?1", params![device]).unwrap();
        assert_eq!(acc.ticket_code(&device).unwrap().map(|c| c.letter()), Some('C'));
        assert_eq!(acc.ticket_code(&device).unwrap().map(|c| c.letter()), Some('C'));
        assert_eq!(acc.ticket_code("totem-unknown").unwrap(), None);
        // A display board takes no letter; the next totem gets D.
        let (code, _) = acc.create_enrollment_code(&bari, 1).unwrap();
        let Principal::Totem { device, .. } = acc.enroll(&code, "Sala", DeviceKind::Display, 2).unwrap().principal
        else {
            panic!()
        };
        assert_eq!(acc.ticket_code(&device).unwrap(), None);
        let (code, _) = acc.create_enrollment_code(&bari, 1).unwrap();
        let Principal::Totem { device, .. } = acc.enroll(&code, "Nuovo", DeviceKind::Totem, 2).unwrap().principal
        else {
            panic!()
        };
        assert_eq!(acc.ticket_code(&device).unwrap().map(|c| c.letter()), Some('D'));
    }

    #[test]
    fn an_enrollment_code_works_once_and_ties_the_totem_to_the_cpi() {
        let (acc, _dir) = accounts();
        acc.add_operator("anna", "Anna Neri", "lecce", Role::Operator, "segreta").unwrap();
        let operator = acc.login("anna", "segreta", "test", 0).unwrap().principal;
        let (code, _) = acc.create_enrollment_code(&operator, 10).unwrap();
        let totem = acc.enroll(&code, "Atrio", DeviceKind::Totem, 20).unwrap();
        assert!(matches!(acc.authenticate(&totem.token, 30).unwrap(), Principal::Totem { cpi, .. } if cpi == "lecce"));
        assert!(matches!(acc.enroll(&code, "Altro", DeviceKind::Totem, 40), Err(AuthError::Expired)));
        assert!(matches!(acc.enroll("0000-0000", "Altro", DeviceKind::Totem, 40), Err(AuthError::BadCredentials)));
    }
}
