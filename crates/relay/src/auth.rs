//! Accounts and credentials: operators log in with a password (argon2id), totems are
//! enrolled once with a one-time code and then hold a device token. Tokens are random, only
//! their SHA-256 is stored, and operator sessions expire.

use crate::db::SharedConnection;
use crate::store::StoreError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};
pub use sportello_core::access::DeviceKind;
use sportello_core::access::{takes_ticket_letter, Principal, Role};
use sportello_core::queue::TotemCode;
use std::collections::HashMap;
use std::sync::Mutex;

/// How long an operator session lasts.
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// How long an enrollment code stays valid: typed once, minutes after it is shown.
pub const ENROLLMENT_CODE_SECONDS: i64 = 3600;
/// How long a one-time code of a new or reset account signs in: handed over on a Friday
/// afternoon it still works on Monday, and a code forgotten in a note or a mail stops being a
/// password within days (ARCHITECTURE.md).
pub const ONE_TIME_CODE_SECONDS: i64 = 72 * 3600;
/// How long a device token lives unless the configuration says otherwise; a device in use
/// renews it once less than half is left ([`Accounts::renew_device_token`]).
pub const DEVICE_TOKEN_DAYS: u32 = 30;

#[derive(Debug)]
pub enum AuthError {
    BadCredentials,
    Expired,
    /// The right one-time code of an account, past [`ONE_TIME_CODE_SECONDS`].
    CodeExpired,
    Forbidden,
    Store(StoreError),
}

impl From<StoreError> for AuthError {
    fn from(e: StoreError) -> Self {
        AuthError::Store(e)
    }
}

/// A token's holder as [`Accounts::credential`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub principal: Principal,
    /// The device the token was issued to.
    pub device: String,
    /// When the token stops serving (`None`: until revoked).
    pub expires_at: Option<i64>,
}

pub struct Session {
    pub token: String,
    pub expires_at: i64,
    pub principal: Principal,
}

/// An operator as stored: the password only as its argon2 hash.
pub struct StoredOperator {
    pub name: String,
    pub cpi: String,
    pub role: Role,
    pub password_hash: String,
    /// While the password is a one-time code (the account must set its own): when the code
    /// stops signing in.
    pub code_expires_at: Option<i64>,
}

/// Who holds a token, as the store finds it by the token's hash.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenHolder {
    /// A live operator session or an enrolled device, with the device the token was issued to
    /// and its time: a session's expiry, a device token's issue (its life is `Accounts`'s).
    Known(Principal, String, TokenTime),
    /// An operator session past its expiry; the store has removed it.
    Expired,
    Unknown,
}

/// What the store knows of a token's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenTime {
    /// An operator session: it serves until then (exclusive).
    ExpiresAt(i64),
    /// A device token, issued then (at enrollment or at its last renewal).
    IssuedAt(i64),
}

/// An operator session being opened.
pub struct NewSession<'a> {
    pub username: &'a str,
    pub expires_at: i64,
    /// How the browser named itself, for the audit log.
    pub device: &'a str,
}

/// An enrollment code being created, for devices of `cpi`.
pub struct NewCode<'a> {
    pub cpi: &'a str,
    /// The operator's username.
    pub created_by: &'a str,
    pub expires_at: i64,
}

/// A device being enrolled: its id, name, token hash and kind.
pub struct NewDevice<'a> {
    pub device: &'a str,
    pub name: &'a str,
    pub token_hash: &'a [u8],
    pub kind: DeviceKind,
}

/// What spending an enrollment code did. [`Accounts::enroll`] answers an unknown and a spent
/// code alike, so a guesser cannot tell a used code from one never issued.
#[derive(Debug, PartialEq, Eq)]
pub enum Enrollment {
    UnknownCode,
    /// Used already, or expired.
    SpentCode,
    /// The device is enrolled in the code's CPI.
    Enrolled {
        cpi: String,
        created_by: String,
    },
}

/// Operators, their sessions, enrollment codes and devices. Tokens and codes reach the store
/// only as hashes. What every backend must guarantee: an operator session serves until
/// `expires_at` (exclusive) and is removed when presented after it; an enrollment code enrolls
/// one device, once, before it expires, even under concurrent use (checking, spending the code,
/// storing the device and taking its letter are one atomic step); a totem's ticket letter is
/// the lowest its CPI's devices do not hold, taken atomically, and never changes; a display
/// board takes none.
pub trait AccountStore: Send + Sync {
    fn operator_exists(&self, username: &str) -> Result<bool, StoreError>;

    /// Adds an operator; `false` if the username exists (the stored one stays).
    fn insert_operator(&self, username: &str, operator: &StoredOperator) -> Result<bool, StoreError>;

    fn operator(&self, username: &str) -> Result<Option<StoredOperator>, StoreError>;

    fn insert_session(&self, token_hash: &[u8], session: &NewSession<'_>) -> Result<(), StoreError>;

    fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError>;

    /// Who holds the token at `now`: an operator session first, then an enrolled device.
    fn token_holder(&self, token_hash: &[u8], now: i64) -> Result<TokenHolder, StoreError>;

    fn insert_enrollment_code(&self, code_hash: &[u8], code: &NewCode<'_>) -> Result<(), StoreError>;

    /// Spends the code at `now` and enrolls the device in the code's CPI, with a ticket letter
    /// if it is a totem.
    fn enroll(&self, code_hash: &[u8], device: &NewDevice<'_>, now: i64) -> Result<Enrollment, StoreError>;

    /// Replaces the token of `device`, presented as `presented`, by `new_hash` issued at
    /// `now`. The token it replaces keeps serving (until its own expiry) only until the new
    /// one is first presented, so a device that lost the answer is not locked out; presented
    /// again meanwhile, it renews again. `false` if `presented` is neither, or the device is
    /// revoked.
    fn renew_device_token(&self, device: &str, presented: &[u8], new_hash: &[u8], now: i64)
        -> Result<bool, StoreError>;

    /// The device's ticket letter as an index (see `TotemCode::from_index`): devices enrolled
    /// before queue tickets take the lowest free one now. `None` for unknown devices, display
    /// boards, and once the CPI's letters are all taken.
    fn ticket_index(&self, device: &str) -> Result<Option<usize>, StoreError>;

    // --- Administration. What every backend must also guarantee: a disabled account signs in
    // no more (`operator` finds it not) and its sessions are gone in the same step; setting a
    // password ends every other session of the account; a revoked device's token is refused
    // at once, and its letter is taken until `letter_free_at`, then free for a new totem.

    /// Every account, by username.
    fn accounts(&self) -> Result<Vec<AccountRow>, StoreError>;

    fn account(&self, username: &str) -> Result<Option<AccountRow>, StoreError>;

    /// Adds an account that must set its own password at its first sign-in (its hash is
    /// that of a one-time code, valid until `code_expires_at`); `false` if the username exists.
    fn insert_new_account(&self, username: &str, operator: &StoredOperator) -> Result<bool, StoreError>;

    /// Disables (ending its sessions) or re-enables an account; `false` if unknown.
    fn set_disabled(&self, username: &str, disabled: bool) -> Result<bool, StoreError>;

    /// Replaces the password hash and ends every session of the account but `keep`;
    /// `false` if unknown. `code_expires_at` is `Some` for a one-time code (the account must
    /// then set its own password), `None` for a password the account chose.
    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        code_expires_at: Option<i64>,
        keep: Option<&[u8]>,
    ) -> Result<bool, StoreError>;

    /// The account's sessions live at `now`, soonest expiry first.
    fn sessions_of(&self, username: &str, now: i64) -> Result<Vec<SessionRow>, StoreError>;

    /// Ends one session of `username`; `false` if it is not theirs.
    fn delete_session_of(&self, username: &str, token_hash: &[u8]) -> Result<bool, StoreError>;

    /// The CPI's enrolled devices, revoked ones included, in enrollment order.
    fn devices(&self, cpi: &str) -> Result<Vec<DeviceRow>, StoreError>;

    /// `false` if the device is not the CPI's.
    fn rename_device(&self, cpi: &str, device: &str, name: &str) -> Result<bool, StoreError>;

    /// Revokes the CPI's device at `now`; `false` if it is not the CPI's or was revoked.
    fn revoke_device(&self, cpi: &str, device: &str, now: i64, letter_free_at: i64) -> Result<bool, StoreError>;

    /// Records a device's contact unless one was recorded less than `min_interval` seconds
    /// ago with the same version; returns whether it wrote.
    fn record_contact(
        &self,
        device: &str,
        now: i64,
        app_version: Option<&str>,
        min_interval: i64,
    ) -> Result<bool, StoreError>;

    /// One device by id, whatever its CPI (the caller checks who may see it).
    fn device(&self, device: &str) -> Result<Option<DeviceRow>, StoreError>;

    /// Marks an unrevoked device "wipe on next contact" at `now`; `false` if unknown or revoked.
    fn request_wipe(&self, device: &str, now: i64) -> Result<bool, StoreError>;

    /// Clears the device's wipe mark and says whether there was one: of two concurrent
    /// contacts exactly one gets `true`.
    fn take_wipe(&self, device: &str) -> Result<bool, StoreError>;
}

/// An account as the administration sees it (never its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub username: String,
    pub name: String,
    pub cpi: String,
    pub role: Role,
    pub disabled: bool,
    pub must_change: bool,
}

/// A live operator session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub token_hash: Vec<u8>,
    pub device: String,
    pub expires_at: i64,
}

/// An enrolled device as the administration sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub device: String,
    pub name: String,
    pub cpi: String,
    pub kind: DeviceKind,
    pub ticket_index: Option<usize>,
    pub enrolled_at: i64,
    pub last_seen: Option<i64>,
    pub app_version: Option<String>,
    pub revoked_at: Option<i64>,
    /// Marked "wipe on next contact", not delivered yet.
    pub wipe_pending: bool,
}

/// The rules of signing in (argon2 passwords, random tokens, one-time codes) over an
/// [`AccountStore`].
pub struct Accounts {
    store: Box<dyn AccountStore>,
    device_token_seconds: i64,
}

/// What [`Accounts::renew_device_token`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Renewal {
    /// More than half the token's life is left: it stays, expiring then, due for renewal in
    /// `renew_in` seconds.
    Kept { expires_at: i64, renew_in: i64 },
    /// A fresh token, expiring then; the old one serves until the new one is first used.
    Renewed { token: String, expires_at: i64, renew_in: i64 },
}

impl Accounts {
    pub fn new(store: Box<dyn AccountStore>) -> Self {
        Accounts { store, device_token_seconds: i64::from(DEVICE_TOKEN_DAYS) * 86_400 }
    }

    /// How many days a device token lives (at least one).
    pub fn with_device_token_days(mut self, days: u32) -> Self {
        self.device_token_seconds = i64::from(days.max(1)) * 86_400;
        self
    }

    /// How many seconds a device token lives (at least two): the tests' knob
    /// (`--device-token-seconds`), so a browser test sees tokens expire and renew.
    pub fn with_device_token_seconds(mut self, seconds: u32) -> Self {
        self.device_token_seconds = i64::from(seconds.max(2));
        self
    }

    /// A device of any kind in use renews its token once less than half of its life is left;
    /// an operator has nothing to renew (`Forbidden`).
    pub fn renew_device_token(&self, token: &str, now: i64) -> Result<Renewal, AuthError> {
        let hash = token_hash(token);
        let credential = self.credential(&hash, now)?;
        let Some(device) = credential.principal.device_id() else {
            return Err(AuthError::Forbidden);
        };
        let expires_at = credential.expires_at.unwrap_or(i64::MAX);
        let renew_in = self.device_token_renew_in(expires_at, now);
        if renew_in > 0 {
            return Ok(Renewal::Kept { expires_at, renew_in });
        }
        let fresh = new_token();
        if !self.store.renew_device_token(device, &hash, &token_hash(&fresh), now)? {
            return Err(AuthError::BadCredentials);
        }
        let expires_at = now + self.device_token_seconds;
        Ok(Renewal::Renewed { token: fresh, expires_at, renew_in: self.device_token_renew_in(expires_at, now) })
    }

    /// Seconds until a device token expiring at `expires_at` is due for renewal (0: now).
    pub fn device_token_renew_in(&self, expires_at: i64, now: i64) -> i64 {
        sportello_core::access::device_token_renew_in(now, expires_at, self.device_token_seconds)
    }

    /// The store, for the administration's use cases (`crate::admin`).
    pub(crate) fn store(&self) -> &dyn AccountStore {
        self.store.as_ref()
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
        // Checked first so that a restart with demo accounts spends no argon2 time.
        if self.store.operator_exists(username)? {
            return Ok(false);
        }
        let password_hash = hash_password(password);
        let operator =
            StoredOperator { name: name.to_owned(), cpi: cpi.to_owned(), role, password_hash, code_expires_at: None };
        Ok(self.store.insert_operator(username, &operator)?)
    }

    /// Checks the password and opens a session. `device` is how the browser names itself
    /// ("Chrome su Linux · 3fa2"), kept for the audit log.
    pub fn login(&self, username: &str, password: &str, device: &str, now: i64) -> Result<Session, AuthError> {
        let Some(StoredOperator { name, cpi, role, password_hash, code_expires_at }) = self.store.operator(username)?
        else {
            // Spend the same time as a real check, so usernames can't be probed by timing.
            let _ =
                Argon2::default().hash_password(password.as_bytes(), &SaltString::encode_b64(&[0; 16]).expect("salt"));
            return Err(AuthError::BadCredentials);
        };
        let parsed = PasswordHash::new(&password_hash).map_err(|_| AuthError::BadCredentials)?;
        Argon2::default().verify_password(password.as_bytes(), &parsed).map_err(|_| AuthError::BadCredentials)?;
        // Told only to whoever knows the code: a guesser learns nothing from it.
        if code_expires_at.is_some_and(|at| now >= at) {
            return Err(AuthError::CodeExpired);
        }
        let token = new_token();
        let expires_at = now + SESSION_SECONDS;
        let device: String = device.chars().take(80).collect();
        self.store.insert_session(&token_hash(&token), &NewSession { username, expires_at, device: &device })?;
        let principal = Principal::Operator { username: username.into(), name, cpi, role };
        Ok(Session { token, expires_at, principal })
    }

    pub fn logout(&self, token: &str) -> Result<(), AuthError> {
        Ok(self.store.delete_session(&token_hash(token))?)
    }

    /// Who holds this token: an operator session that has not expired, or an enrolled totem.
    pub fn authenticate(&self, token: &str, now: i64) -> Result<Principal, AuthError> {
        self.authenticate_device(token, now).map(|(principal, _)| principal)
    }

    /// Like [`Accounts::authenticate`], with the device the token was issued to: the name
    /// the browser gave at sign-in, or the totem's id.
    pub fn authenticate_device(&self, token: &str, now: i64) -> Result<(Principal, String), AuthError> {
        self.credential(&token_hash(token), now).map(|c| (c.principal, c.device))
    }

    /// Who holds the token of this hash at `now`, with its expiry (the sync socket keeps only
    /// the hash, and closes at the expiry).
    pub fn credential(&self, token_hash: &[u8], now: i64) -> Result<Credential, AuthError> {
        match self.store.token_holder(token_hash, now)? {
            TokenHolder::Known(principal, device, TokenTime::ExpiresAt(at)) => {
                Ok(Credential { principal, device, expires_at: Some(at) })
            }
            TokenHolder::Known(principal, device, TokenTime::IssuedAt(issued)) => {
                let expires_at = issued.saturating_add(self.device_token_seconds);
                if expires_at <= now {
                    return Err(AuthError::Expired);
                }
                Ok(Credential { principal, device, expires_at: Some(expires_at) })
            }
            TokenHolder::Expired => Err(AuthError::Expired),
            TokenHolder::Unknown => Err(AuthError::BadCredentials),
        }
    }

    /// A one-time code with which a totem of the operator's CPI enrolls.
    pub fn create_enrollment_code(&self, by: &Principal, now: i64) -> Result<(String, i64), AuthError> {
        let Principal::Operator { username, cpi, .. } = by else {
            return Err(AuthError::Forbidden);
        };
        let code = enrollment_code();
        let expires_at = now + ENROLLMENT_CODE_SECONDS;
        let new = NewCode { cpi, created_by: username, expires_at };
        self.store.insert_enrollment_code(&token_hash(&normalize_code(&code)), &new)?;
        Ok((code, expires_at))
    }

    /// Spends an enrollment code: the device gets a token tied to the code's CPI and its
    /// kind. A display board (the waiting room's TV) prints no tickets, so it takes no ticket
    /// letter. An unknown, used or expired code is `BadCredentials` alike.
    pub fn enroll(&self, code: &str, totem_name: &str, kind: DeviceKind, now: i64) -> Result<Session, AuthError> {
        let device = format!("{}-{}", kind.name(), hex(&random_bytes::<6>()));
        let token = new_token();
        let hash = token_hash(&token);
        let new = NewDevice { device: &device, name: totem_name, token_hash: &hash, kind };
        match self.store.enroll(&token_hash(&normalize_code(code)), &new, now)? {
            Enrollment::UnknownCode | Enrollment::SpentCode => Err(AuthError::BadCredentials),
            Enrollment::Enrolled { cpi, created_by } => {
                tracing::info!(%device, %cpi, by = %created_by, kind = kind.name(), "device enrolled");
                Ok(Session { token, expires_at: i64::MAX, principal: Principal::device(kind, device, cpi) })
            }
        }
    }

    /// The letter a totem prints on its tickets (see `sportello_core::queue`). Devices
    /// enrolled before queue tickets get one now; `None` once the CPI's 24 letters are taken.
    pub fn ticket_code(&self, device: &str) -> Result<Option<TotemCode>, AuthError> {
        Ok(self.store.ticket_index(device)?.and_then(TotemCode::from_index))
    }
}

pub struct SqliteAccounts {
    conn: SharedConnection,
}

impl SqliteAccounts {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: SharedConnection::open(db)? })
    }
}

impl AccountStore for SqliteAccounts {
    fn operator_exists(&self, username: &str) -> Result<bool, StoreError> {
        Ok(self.conn.lock().query_row(
            "SELECT EXISTS(SELECT 1 FROM operators WHERE username = ?1)",
            params![username],
            |r| r.get(0),
        )?)
    }

    fn insert_operator(&self, username: &str, operator: &StoredOperator) -> Result<bool, StoreError> {
        let StoredOperator { name, cpi, role, password_hash, code_expires_at } = operator;
        let inserted = self.conn.lock().execute(
            "INSERT OR IGNORE INTO operators (username, name, cpi, role, password_hash, must_change, code_expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![username, name, cpi, role_name(*role), password_hash, code_expires_at.is_some(), code_expires_at],
        )?;
        Ok(inserted == 1)
    }

    fn operator(&self, username: &str) -> Result<Option<StoredOperator>, StoreError> {
        Ok(self
            .conn
            .lock()
            .query_row(
                "SELECT name, cpi, role, password_hash, code_expires_at FROM operators
                 WHERE username = ?1 AND disabled = 0",
                params![username],
                |r| {
                    let role: String = r.get(2)?;
                    Ok(StoredOperator {
                        name: r.get(0)?,
                        cpi: r.get(1)?,
                        role: parse_role(&role),
                        password_hash: r.get(3)?,
                        code_expires_at: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    fn insert_session(&self, token_hash: &[u8], session: &NewSession<'_>) -> Result<(), StoreError> {
        self.conn.lock().execute(
            "INSERT INTO sessions (token_hash, username, expires_at, device) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, session.username, session.expires_at, session.device],
        )?;
        Ok(())
    }

    fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
        self.conn.lock().execute("DELETE FROM sessions WHERE token_hash = ?1", params![token_hash])?;
        Ok(())
    }

    fn token_holder(&self, hash: &[u8], now: i64) -> Result<TokenHolder, StoreError> {
        let db = self.conn.lock();
        let session: Option<(String, String, String, String, i64, String)> = db
            .query_row(
                "SELECT o.username, o.name, o.cpi, o.role, s.expires_at, s.device
                 FROM sessions s JOIN operators o ON o.username = s.username
                 WHERE s.token_hash = ?1 AND o.disabled = 0",
                params![hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        if let Some((username, name, cpi, role, expires_at, device)) = session {
            if expires_at <= now {
                db.execute("DELETE FROM sessions WHERE token_hash = ?1", params![hash])?;
                return Ok(TokenHolder::Expired);
            }
            return Ok(TokenHolder::Known(
                Principal::Operator { username, name, cpi, role: parse_role(&role) },
                device,
                TokenTime::ExpiresAt(expires_at),
            ));
        }
        type DeviceToken = (String, String, String, Vec<u8>, i64, Option<i64>);
        let device: Option<DeviceToken> = db
            .query_row(
                "SELECT device, cpi, kind, token_hash, COALESCE(token_issued_at, enrolled_at), previous_issued_at
                 FROM devices WHERE (token_hash = ?1 OR previous_token_hash = ?1) AND revoked_at IS NULL",
                params![hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        let Some((device, cpi, kind, current, issued_at, previous_issued_at)) = device else {
            return Ok(TokenHolder::Unknown);
        };
        let issued = if current == hash {
            if previous_issued_at.is_some() {
                // The renewed token is in use: the one it replaced stops serving.
                db.execute(
                    "UPDATE devices SET previous_token_hash = NULL, previous_issued_at = NULL WHERE device = ?1",
                    params![device],
                )?;
            }
            issued_at
        } else {
            previous_issued_at.unwrap_or(issued_at)
        };
        let principal = Principal::device(DeviceKind::parse(&kind), device.clone(), cpi);
        Ok(TokenHolder::Known(principal, device, TokenTime::IssuedAt(issued)))
    }

    fn renew_device_token(
        &self,
        device: &str,
        presented: &[u8],
        new_hash: &[u8],
        now: i64,
    ) -> Result<bool, StoreError> {
        // From the current token, it becomes the previous one; from the previous one (the
        // device lost the renewal's answer), only the current one is replaced.
        let changed = self.conn.lock().execute(
            "UPDATE devices SET
                 previous_token_hash = CASE WHEN token_hash = ?2 THEN token_hash ELSE previous_token_hash END,
                 previous_issued_at = CASE WHEN token_hash = ?2 THEN COALESCE(token_issued_at, enrolled_at)
                                           ELSE previous_issued_at END,
                 token_hash = ?3,
                 token_issued_at = ?4
             WHERE device = ?1 AND revoked_at IS NULL AND (token_hash = ?2 OR previous_token_hash = ?2)",
            params![device, presented, new_hash, now],
        )?;
        Ok(changed == 1)
    }

    fn insert_enrollment_code(&self, code_hash: &[u8], code: &NewCode<'_>) -> Result<(), StoreError> {
        self.conn.lock().execute(
            "INSERT INTO enrollment_codes (code_hash, cpi, created_by, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![code_hash, code.cpi, code.created_by, code.expires_at],
        )?;
        Ok(())
    }

    fn enroll(&self, code_hash: &[u8], new: &NewDevice<'_>, now: i64) -> Result<Enrollment, StoreError> {
        let mut db = self.conn.lock();
        let tx = db.transaction()?;
        let row: Option<(String, String, i64, Option<i64>)> = tx
            .query_row(
                "SELECT cpi, created_by, expires_at, used_at FROM enrollment_codes WHERE code_hash = ?1",
                params![code_hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((cpi, created_by, expires_at, used_at)) = row else {
            return Ok(Enrollment::UnknownCode);
        };
        if used_at.is_some() || expires_at <= now {
            return Ok(Enrollment::SpentCode);
        }
        tx.execute("UPDATE enrollment_codes SET used_at = ?1 WHERE code_hash = ?2", params![now, code_hash])?;
        let ticket_index = if takes_ticket_letter(new.kind) { free_ticket_index(&tx, &cpi, now)? } else { None };
        tx.execute(
            "INSERT INTO devices (device, name, cpi, token_hash, enrolled_at, enrolled_with, ticket_index, kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![new.device, new.name, cpi, new.token_hash, now, created_by, ticket_index, new.kind.name()],
        )?;
        tx.commit()?;
        Ok(Enrollment::Enrolled { cpi, created_by })
    }

    fn ticket_index(&self, device: &str) -> Result<Option<usize>, StoreError> {
        let mut db = self.conn.lock();
        let tx = db.transaction()?;
        let row: Option<(String, Option<i64>, String)> = tx
            .query_row("SELECT cpi, ticket_index, kind FROM devices WHERE device = ?1", params![device], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((cpi, index, kind)) = row else { return Ok(None) };
        if !takes_ticket_letter(DeviceKind::parse(&kind)) {
            return Ok(None);
        }
        let index = match index {
            Some(i) => Some(i),
            None => {
                // No clock here: a revoked device's letter counts as taken (never too early).
                let free = free_ticket_index(&tx, &cpi, i64::MIN)?;
                tx.execute("UPDATE devices SET ticket_index = ?1 WHERE device = ?2", params![free, device])?;
                free
            }
        };
        tx.commit()?;
        Ok(index.and_then(|i| usize::try_from(i).ok()))
    }

    fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        let db = self.conn.lock();
        let mut stmt = db.prepare(&format!("{ACCOUNT_COLUMNS} ORDER BY username"))?;
        let rows = stmt.query_map([], account_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn account(&self, username: &str) -> Result<Option<AccountRow>, StoreError> {
        let db = self.conn.lock();
        Ok(db
            .query_row(&format!("{ACCOUNT_COLUMNS} WHERE username = ?1"), params![username], account_row)
            .optional()?)
    }

    fn insert_new_account(&self, username: &str, operator: &StoredOperator) -> Result<bool, StoreError> {
        debug_assert!(operator.code_expires_at.is_some(), "a new account signs in with a one-time code");
        self.insert_operator(username, operator)
    }

    fn set_disabled(&self, username: &str, disabled: bool) -> Result<bool, StoreError> {
        let mut db = self.conn.lock();
        let tx = db.transaction()?;
        let changed =
            tx.execute("UPDATE operators SET disabled = ?1 WHERE username = ?2", params![disabled, username])?;
        if disabled {
            tx.execute("DELETE FROM sessions WHERE username = ?1", params![username])?;
        }
        tx.commit()?;
        Ok(changed == 1)
    }

    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        code_expires_at: Option<i64>,
        keep: Option<&[u8]>,
    ) -> Result<bool, StoreError> {
        let mut db = self.conn.lock();
        let tx = db.transaction()?;
        let changed = tx.execute(
            "UPDATE operators SET password_hash = ?1, must_change = ?2, code_expires_at = ?3 WHERE username = ?4",
            params![password_hash, code_expires_at.is_some(), code_expires_at, username],
        )?;
        tx.execute(
            "DELETE FROM sessions WHERE username = ?1 AND (?2 IS NULL OR token_hash IS NOT ?2)",
            params![username, keep],
        )?;
        tx.commit()?;
        Ok(changed == 1)
    }

    fn sessions_of(&self, username: &str, now: i64) -> Result<Vec<SessionRow>, StoreError> {
        let db = self.conn.lock();
        let mut stmt = db.prepare(
            "SELECT token_hash, device, expires_at FROM sessions WHERE username = ?1 AND expires_at > ?2
             ORDER BY expires_at, token_hash",
        )?;
        let rows = stmt.query_map(params![username, now], |r| {
            Ok(SessionRow { token_hash: r.get(0)?, device: r.get(1)?, expires_at: r.get(2)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn delete_session_of(&self, username: &str, token_hash: &[u8]) -> Result<bool, StoreError> {
        let deleted = self
            .conn
            .lock()
            .execute("DELETE FROM sessions WHERE username = ?1 AND token_hash = ?2", params![username, token_hash])?;
        Ok(deleted == 1)
    }

    fn devices(&self, cpi: &str) -> Result<Vec<DeviceRow>, StoreError> {
        let db = self.conn.lock();
        let mut stmt = db.prepare(&format!("{DEVICE_COLUMNS} WHERE cpi = ?1 ORDER BY enrolled_at, rowid"))?;
        let rows = stmt.query_map(params![cpi], device_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn device(&self, device: &str) -> Result<Option<DeviceRow>, StoreError> {
        let db = self.conn.lock();
        Ok(db.query_row(&format!("{DEVICE_COLUMNS} WHERE device = ?1"), params![device], device_row).optional()?)
    }

    fn request_wipe(&self, device: &str, now: i64) -> Result<bool, StoreError> {
        let changed = self.conn.lock().execute(
            "UPDATE devices SET wipe_requested_at = ?1 WHERE device = ?2 AND revoked_at IS NULL",
            params![now, device],
        )?;
        Ok(changed == 1)
    }

    fn take_wipe(&self, device: &str) -> Result<bool, StoreError> {
        let changed = self.conn.lock().execute(
            "UPDATE devices SET wipe_requested_at = NULL WHERE device = ?1 AND wipe_requested_at IS NOT NULL",
            params![device],
        )?;
        Ok(changed == 1)
    }

    fn rename_device(&self, cpi: &str, device: &str, name: &str) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .lock()
            .execute("UPDATE devices SET name = ?1 WHERE cpi = ?2 AND device = ?3", params![name, cpi, device])?;
        Ok(changed == 1)
    }

    fn revoke_device(&self, cpi: &str, device: &str, now: i64, letter_free_at: i64) -> Result<bool, StoreError> {
        let changed = self.conn.lock().execute(
            "UPDATE devices SET revoked_at = ?1, letter_free_at = ?2
             WHERE cpi = ?3 AND device = ?4 AND revoked_at IS NULL",
            params![now, letter_free_at, cpi, device],
        )?;
        Ok(changed == 1)
    }

    fn record_contact(
        &self,
        device: &str,
        now: i64,
        app_version: Option<&str>,
        min_interval: i64,
    ) -> Result<bool, StoreError> {
        let changed = self.conn.lock().execute(
            "UPDATE devices SET last_seen = ?1, app_version = COALESCE(?2, app_version)
             WHERE device = ?3 AND revoked_at IS NULL
             AND (last_seen IS NULL OR last_seen <= ?1 - ?4 OR (?2 IS NOT NULL AND app_version IS NOT ?2))",
            params![now, app_version, device, min_interval],
        )?;
        Ok(changed == 1)
    }
}

const DEVICE_COLUMNS: &str = "SELECT device, name, cpi, kind, ticket_index, enrolled_at, last_seen, app_version,
    revoked_at, wipe_requested_at IS NOT NULL FROM devices";

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceRow> {
    let kind: String = r.get(3)?;
    let index: Option<i64> = r.get(4)?;
    Ok(DeviceRow {
        device: r.get(0)?,
        name: r.get(1)?,
        cpi: r.get(2)?,
        kind: DeviceKind::parse(&kind),
        ticket_index: index.and_then(|i| usize::try_from(i).ok()),
        enrolled_at: r.get(5)?,
        last_seen: r.get(6)?,
        app_version: r.get(7)?,
        revoked_at: r.get(8)?,
        wipe_pending: r.get(9)?,
    })
}

const ACCOUNT_COLUMNS: &str = "SELECT username, name, cpi, role, disabled, must_change FROM operators";

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
    let role: String = r.get(3)?;
    Ok(AccountRow {
        username: r.get(0)?,
        name: r.get(1)?,
        cpi: r.get(2)?,
        role: parse_role(&role),
        disabled: r.get(4)?,
        must_change: r.get(5)?,
    })
}

/// The lowest ticket letter no device of `cpi` holds at `now`. Letters are never reused while
/// their device stays enrolled, nor on the day it was revoked (its tickets of that day are in
/// the queue), so two tickets of one CPI's day never share a letter.
fn free_ticket_index(tx: &rusqlite::Transaction<'_>, cpi: &str, now: i64) -> Result<Option<i64>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT ticket_index FROM devices WHERE cpi = ?1 AND ticket_index IS NOT NULL
         AND (letter_free_at IS NULL OR letter_free_at > ?2)",
    )?;
    let taken = stmt.query_map(params![cpi, now], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?;
    Ok((0..TotemCode::COUNT as i64).find(|i| !taken.contains(i)))
}

/// Accounts in memory (tests, and the shape a new backend must match). One lock over
/// everything makes each method one atomic step.
#[derive(Default)]
pub struct MemoryAccounts {
    state: Mutex<MemoryAccountState>,
}

#[derive(Default)]
struct MemoryAccountState {
    operators: HashMap<String, StoredOperator>,
    /// By username: (disabled, must change the password); absent means neither.
    flags: HashMap<String, (bool, bool)>,
    /// By token hash: (username, expires at, device).
    sessions: HashMap<Vec<u8>, (String, i64, String)>,
    /// By code hash: (CPI, created by, expires at, used).
    codes: HashMap<Vec<u8>, (String, String, i64, bool)>,
    devices: Vec<MemoryDevice>,
}

struct MemoryDevice {
    device: String,
    cpi: String,
    token_hash: Vec<u8>,
    kind: DeviceKind,
    ticket_index: Option<usize>,
    name: String,
    enrolled_at: i64,
    last_seen: Option<i64>,
    app_version: Option<String>,
    revoked_at: Option<i64>,
    letter_free_at: Option<i64>,
    renewal: TokenRenewal,
    wipe_pending: bool,
}

/// A device token's renewals (none: issued at enrollment).
#[derive(Default)]
struct TokenRenewal {
    /// When the current token was issued.
    issued_at: Option<i64>,
    /// The token it replaced and that one's issue, until the current one is first used.
    previous: Option<(Vec<u8>, i64)>,
}

impl MemoryDevice {
    fn row(&self) -> DeviceRow {
        DeviceRow {
            device: self.device.clone(),
            name: self.name.clone(),
            cpi: self.cpi.clone(),
            kind: self.kind,
            ticket_index: self.ticket_index,
            enrolled_at: self.enrolled_at,
            last_seen: self.last_seen,
            app_version: self.app_version.clone(),
            revoked_at: self.revoked_at,
            wipe_pending: self.wipe_pending,
        }
    }
}

impl MemoryAccountState {
    fn free_ticket_index(&self, cpi: &str, now: i64) -> Option<usize> {
        let holds = |d: &MemoryDevice| d.letter_free_at.is_none_or(|free| free > now);
        let taken = |i: &usize| self.devices.iter().any(|d| d.cpi == cpi && d.ticket_index == Some(*i) && holds(d));
        (0..TotemCode::COUNT).find(|i| !taken(i))
    }
}

impl MemoryAccounts {
    fn state(&self) -> std::sync::MutexGuard<'_, MemoryAccountState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl AccountStore for MemoryAccounts {
    fn operator_exists(&self, username: &str) -> Result<bool, StoreError> {
        Ok(self.state().operators.contains_key(username))
    }

    fn insert_operator(&self, username: &str, operator: &StoredOperator) -> Result<bool, StoreError> {
        let mut state = self.state();
        if state.operators.contains_key(username) {
            return Ok(false);
        }
        let StoredOperator { name, cpi, role, password_hash, code_expires_at } = operator;
        let stored = StoredOperator {
            name: name.clone(),
            cpi: cpi.clone(),
            role: *role,
            password_hash: password_hash.clone(),
            code_expires_at: *code_expires_at,
        };
        state.operators.insert(username.to_owned(), stored);
        state.flags.entry(username.to_owned()).or_default().1 = code_expires_at.is_some();
        Ok(true)
    }

    fn operator(&self, username: &str) -> Result<Option<StoredOperator>, StoreError> {
        let state = self.state();
        if state.flags.get(username).is_some_and(|f| f.0) {
            return Ok(None);
        }
        Ok(state.operators.get(username).map(|o| StoredOperator {
            name: o.name.clone(),
            cpi: o.cpi.clone(),
            role: o.role,
            password_hash: o.password_hash.clone(),
            code_expires_at: o.code_expires_at,
        }))
    }

    fn insert_session(&self, token_hash: &[u8], session: &NewSession<'_>) -> Result<(), StoreError> {
        let mut state = self.state();
        let stored = (session.username.to_owned(), session.expires_at, session.device.to_owned());
        state.sessions.insert(token_hash.to_vec(), stored);
        Ok(())
    }

    fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
        self.state().sessions.remove(token_hash);
        Ok(())
    }

    fn token_holder(&self, hash: &[u8], now: i64) -> Result<TokenHolder, StoreError> {
        let mut state = self.state();
        if let Some((username, expires_at, device)) = state.sessions.get(hash) {
            if *expires_at <= now {
                state.sessions.remove(hash);
                return Ok(TokenHolder::Expired);
            }
            let Some(o) = state.operators.get(username) else { return Ok(TokenHolder::Unknown) };
            if state.flags.get(username).is_some_and(|f| f.0) {
                return Ok(TokenHolder::Unknown);
            }
            let principal = Principal::Operator {
                username: username.clone(),
                name: o.name.clone(),
                cpi: o.cpi.clone(),
                role: o.role,
            };
            return Ok(TokenHolder::Known(principal, device.clone(), TokenTime::ExpiresAt(*expires_at)));
        }
        let Some(d) = state.devices.iter_mut().find(|d| {
            d.revoked_at.is_none() && (d.token_hash == hash || d.renewal.previous.as_ref().is_some_and(|p| p.0 == hash))
        }) else {
            return Ok(TokenHolder::Unknown);
        };
        let current = d.token_hash == hash;
        let issued = match (current, d.renewal.previous.take()) {
            // The renewed token is in use: the one it replaced stops serving.
            (true, _) => d.renewal.issued_at.unwrap_or(d.enrolled_at),
            (false, previous) => {
                d.renewal.previous = previous;
                d.renewal.previous.as_ref().map_or(d.enrolled_at, |p| p.1)
            }
        };
        let principal = Principal::device(d.kind, d.device.clone(), d.cpi.clone());
        Ok(TokenHolder::Known(principal, d.device.clone(), TokenTime::IssuedAt(issued)))
    }

    fn renew_device_token(
        &self,
        device: &str,
        presented: &[u8],
        new_hash: &[u8],
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut state = self.state();
        let Some(d) = state.devices.iter_mut().find(|d| d.device == device && d.revoked_at.is_none()) else {
            return Ok(false);
        };
        if d.token_hash == presented {
            let issued = d.renewal.issued_at.unwrap_or(d.enrolled_at);
            d.renewal.previous = Some((std::mem::replace(&mut d.token_hash, new_hash.to_vec()), issued));
        } else if d.renewal.previous.as_ref().is_some_and(|p| p.0 == presented) {
            d.token_hash = new_hash.to_vec();
        } else {
            return Ok(false);
        }
        d.renewal.issued_at = Some(now);
        Ok(true)
    }

    fn insert_enrollment_code(&self, code_hash: &[u8], code: &NewCode<'_>) -> Result<(), StoreError> {
        let mut state = self.state();
        if state.codes.contains_key(code_hash) {
            return Err(StoreError::Exists);
        }
        state
            .codes
            .insert(code_hash.to_vec(), (code.cpi.to_owned(), code.created_by.to_owned(), code.expires_at, false));
        Ok(())
    }

    fn enroll(&self, code_hash: &[u8], new: &NewDevice<'_>, now: i64) -> Result<Enrollment, StoreError> {
        let mut state = self.state();
        let Some((cpi, created_by, expires_at, used)) = state.codes.get_mut(code_hash) else {
            return Ok(Enrollment::UnknownCode);
        };
        if *used || *expires_at <= now {
            return Ok(Enrollment::SpentCode);
        }
        *used = true;
        let enrolled = Enrollment::Enrolled { cpi: cpi.clone(), created_by: created_by.clone() };
        let cpi = cpi.clone();
        let ticket_index = if takes_ticket_letter(new.kind) { state.free_ticket_index(&cpi, now) } else { None };
        let device = MemoryDevice {
            device: new.device.to_owned(),
            cpi,
            token_hash: new.token_hash.to_vec(),
            kind: new.kind,
            ticket_index,
            name: new.name.to_owned(),
            enrolled_at: now,
            last_seen: None,
            app_version: None,
            revoked_at: None,
            letter_free_at: None,
            renewal: TokenRenewal::default(),
            wipe_pending: false,
        };
        state.devices.push(device);
        Ok(enrolled)
    }

    fn ticket_index(&self, device: &str) -> Result<Option<usize>, StoreError> {
        let state = self.state();
        let found = state.devices.iter().find(|d| d.device == device);
        // Every device here was enrolled with its letter: none predates queue tickets.
        Ok(found.filter(|d| takes_ticket_letter(d.kind)).and_then(|d| d.ticket_index))
    }

    fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        let state = self.state();
        let mut rows: Vec<AccountRow> = state.operators.keys().filter_map(|u| state.account_row(u)).collect();
        rows.sort_by(|a, b| a.username.cmp(&b.username));
        Ok(rows)
    }

    fn account(&self, username: &str) -> Result<Option<AccountRow>, StoreError> {
        Ok(self.state().account_row(username))
    }

    fn insert_new_account(&self, username: &str, operator: &StoredOperator) -> Result<bool, StoreError> {
        debug_assert!(operator.code_expires_at.is_some(), "a new account signs in with a one-time code");
        self.insert_operator(username, operator)
    }

    fn set_disabled(&self, username: &str, disabled: bool) -> Result<bool, StoreError> {
        let mut state = self.state();
        if !state.operators.contains_key(username) {
            return Ok(false);
        }
        state.flags.entry(username.to_owned()).or_default().0 = disabled;
        if disabled {
            state.sessions.retain(|_, (user, _, _)| user != username);
        }
        Ok(true)
    }

    fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        code_expires_at: Option<i64>,
        keep: Option<&[u8]>,
    ) -> Result<bool, StoreError> {
        let mut state = self.state();
        let Some(operator) = state.operators.get_mut(username) else { return Ok(false) };
        operator.password_hash = password_hash.to_owned();
        operator.code_expires_at = code_expires_at;
        state.flags.entry(username.to_owned()).or_default().1 = code_expires_at.is_some();
        state.sessions.retain(|hash, (user, _, _)| user != username || keep == Some(hash.as_slice()));
        Ok(true)
    }

    fn sessions_of(&self, username: &str, now: i64) -> Result<Vec<SessionRow>, StoreError> {
        let state = self.state();
        let mut rows: Vec<SessionRow> = state
            .sessions
            .iter()
            .filter(|(_, (user, expires_at, _))| user == username && *expires_at > now)
            .map(|(hash, (_, expires_at, device))| SessionRow {
                token_hash: hash.clone(),
                device: device.clone(),
                expires_at: *expires_at,
            })
            .collect();
        rows.sort_by(|a, b| (a.expires_at, &a.token_hash).cmp(&(b.expires_at, &b.token_hash)));
        Ok(rows)
    }

    fn delete_session_of(&self, username: &str, token_hash: &[u8]) -> Result<bool, StoreError> {
        let mut state = self.state();
        if state.sessions.get(token_hash).is_some_and(|(user, _, _)| user == username) {
            state.sessions.remove(token_hash);
            return Ok(true);
        }
        Ok(false)
    }

    fn devices(&self, cpi: &str) -> Result<Vec<DeviceRow>, StoreError> {
        let state = self.state();
        // Kept in enrollment order already.
        Ok(state.devices.iter().filter(|d| d.cpi == cpi).map(MemoryDevice::row).collect())
    }

    fn device(&self, device: &str) -> Result<Option<DeviceRow>, StoreError> {
        Ok(self.state().devices.iter().find(|d| d.device == device).map(MemoryDevice::row))
    }

    fn request_wipe(&self, device: &str, _now: i64) -> Result<bool, StoreError> {
        let mut state = self.state();
        let Some(d) = state.devices.iter_mut().find(|d| d.device == device && d.revoked_at.is_none()) else {
            return Ok(false);
        };
        d.wipe_pending = true;
        Ok(true)
    }

    fn take_wipe(&self, device: &str) -> Result<bool, StoreError> {
        let mut state = self.state();
        let Some(d) = state.devices.iter_mut().find(|d| d.device == device) else { return Ok(false) };
        Ok(std::mem::take(&mut d.wipe_pending))
    }

    fn rename_device(&self, cpi: &str, device: &str, name: &str) -> Result<bool, StoreError> {
        let mut state = self.state();
        let Some(d) = state.devices.iter_mut().find(|d| d.cpi == cpi && d.device == device) else { return Ok(false) };
        d.name = name.to_owned();
        Ok(true)
    }

    fn revoke_device(&self, cpi: &str, device: &str, now: i64, letter_free_at: i64) -> Result<bool, StoreError> {
        let mut state = self.state();
        let found = state.devices.iter_mut().find(|d| d.cpi == cpi && d.device == device && d.revoked_at.is_none());
        let Some(d) = found else { return Ok(false) };
        d.revoked_at = Some(now);
        d.letter_free_at = Some(letter_free_at);
        Ok(true)
    }

    fn record_contact(
        &self,
        device: &str,
        now: i64,
        app_version: Option<&str>,
        min_interval: i64,
    ) -> Result<bool, StoreError> {
        let mut state = self.state();
        let Some(d) = state.devices.iter_mut().find(|d| d.device == device && d.revoked_at.is_none()) else {
            return Ok(false);
        };
        let stale = d.last_seen.is_none_or(|seen| seen <= now - min_interval);
        let new_version = app_version.is_some_and(|v| d.app_version.as_deref() != Some(v));
        if !stale && !new_version {
            return Ok(false);
        }
        d.last_seen = Some(now);
        if let Some(v) = app_version {
            d.app_version = Some(v.to_owned());
        }
        Ok(true)
    }
}

impl MemoryAccountState {
    fn account_row(&self, username: &str) -> Option<AccountRow> {
        let o = self.operators.get(username)?;
        let (disabled, must_change) = self.flags.get(username).copied().unwrap_or_default();
        Some(AccountRow {
            username: username.to_owned(),
            name: o.name.clone(),
            cpi: o.cpi.clone(),
            role: o.role,
            disabled,
            must_change,
        })
    }
}

fn role_name(role: Role) -> &'static str {
    role.as_str()
}

/// An unknown role string reads as the least privileged one.
fn parse_role(role: &str) -> Role {
    Role::parse(role).unwrap_or(Role::Operator)
}

/// The argon2id hash of a password, with a random salt.
pub(crate) fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes make a valid salt");
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 with defaults").to_string()
}

/// Whether `password` matches a stored argon2 hash.
pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
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

    /// What every backend must do (through the rules that use it); run against each below.
    fn conformance(store: Box<dyn AccountStore>) {
        let acc = Accounts::new(store);
        login_checks_the_password_and_sessions_expire(&acc);
        logout_ends_the_session(&acc);
        an_enrollment_code_works_once_and_ties_the_totem_to_the_cpi(&acc);
        each_totem_of_a_cpi_prints_its_own_letter(&acc);
        an_enrollment_code_enrolls_one_device_under_concurrent_use(&acc);
        a_disabled_account_signs_in_no_more_and_its_sessions_end(&acc);
        a_new_account_must_change_its_password_and_setting_one_ends_other_sessions(&acc);
        one_lists_and_ends_only_ones_own_sessions(&acc);
        a_revoked_device_is_refused_at_once_and_its_letter_is_freed_the_next_day(&acc);
        devices_are_listed_renamed_and_their_contact_recorded_at_most_every_interval(&acc);
        device_tokens_expire_and_renewed_ones_replace_the_old_at_first_use(&acc);
        a_tablet_takes_no_letter_and_its_wipe_mark_is_taken_once(&acc);
    }

    fn device_tokens_expire_and_renewed_ones_replace_the_old_at_first_use(acc: &Accounts) {
        acc.add_operator("rita", "Rita Neri", "matera", Role::Operator, "segreta").unwrap();
        let rita = acc.login("rita", "segreta", "test", 0).unwrap().principal;
        let (code, _) = acc.create_enrollment_code(&rita, 1).unwrap();
        let old = acc.enroll(&code, "Atrio", DeviceKind::Totem, 2).unwrap().token;
        let life = i64::from(DEVICE_TOKEN_DAYS) * 86_400;
        let renew_in = life / 2 - 1;
        assert_eq!(acc.renew_device_token(&old, 3).unwrap(), Renewal::Kept { expires_at: 2 + life, renew_in });
        assert!(matches!(acc.authenticate(&old, 2 + life), Err(AuthError::Expired)), "past its life");
        let Renewal::Renewed { token: new, expires_at, renew_in } = acc.renew_device_token(&old, 2 + life / 2).unwrap()
        else {
            panic!("half its life is gone: renewed");
        };
        assert_eq!(expires_at, 2 + life / 2 + life);
        assert_eq!(renew_in, life / 2, "the new one is due half its life from now");
        assert!(acc.authenticate(&old, 2 + life / 2).is_ok(), "until the new one is used");
        assert_eq!(acc.credential(&token_hash(&new), 2 + life).unwrap().expires_at, Some(expires_at));
        assert!(matches!(acc.authenticate(&old, 2 + life / 2), Err(AuthError::BadCredentials)));
        assert!(matches!(acc.renew_device_token(&old, 2 + life / 2), Err(AuthError::BadCredentials)));
        assert!(matches!(acc.renew_device_token(&new, 2 + life / 2), Ok(Renewal::Kept { .. })));
    }

    fn a_disabled_account_signs_in_no_more_and_its_sessions_end(acc: &Accounts) {
        acc.add_operator("dino", "Dino Neri", "bari", Role::Operator, "segreta").unwrap();
        let session = acc.login("dino", "segreta", "test", 0).unwrap();
        assert!(acc.store().set_disabled("dino", true).unwrap());
        assert!(matches!(acc.authenticate(&session.token, 1), Err(AuthError::BadCredentials)), "session ended");
        assert!(matches!(acc.login("dino", "segreta", "test", 1), Err(AuthError::BadCredentials)));
        assert!(acc.store().account("dino").unwrap().unwrap().disabled, "still listed, as disabled");
        assert!(!acc.add_operator("dino", "Altro", "bari", Role::Operator, "x").unwrap(), "the name stays taken");
        assert!(acc.store().set_disabled("dino", false).unwrap());
        assert!(acc.login("dino", "segreta", "test", 2).is_ok(), "re-enabled");
        assert!(acc.authenticate(&session.token, 3).is_err(), "the old session does not come back");
        assert!(!acc.store().set_disabled("nessuno", true).unwrap());
    }

    fn a_new_account_must_change_its_password_and_setting_one_ends_other_sessions(acc: &Accounts) {
        let new = StoredOperator {
            name: "Nina Neri".into(),
            cpi: "bari".into(),
            role: Role::Operator,
            password_hash: hash_password("codice-1"),
            code_expires_at: Some(100),
        };
        assert!(acc.store().insert_new_account("nina", &new).unwrap());
        assert!(!acc.store().insert_new_account("nina", &new).unwrap(), "the username is taken");
        let row = acc.store().account("nina").unwrap().unwrap();
        assert_eq!(
            row,
            AccountRow {
                username: "nina".into(),
                name: "Nina Neri".into(),
                cpi: "bari".into(),
                role: Role::Operator,
                disabled: false,
                must_change: true,
            }
        );
        let first = acc.login("nina", "codice-1", "uno", 0).unwrap();
        let second = acc.login("nina", "codice-1", "due", 0).unwrap();
        let hash = token_hash(&first.token);
        assert!(acc.store().set_password("nina", &hash_password("nuova-lunga-1"), None, Some(&hash)).unwrap());
        assert!(!acc.store().account("nina").unwrap().unwrap().must_change);
        assert!(acc.authenticate(&first.token, 1).is_ok(), "the session it was changed from stays");
        assert!(acc.authenticate(&second.token, 1).is_err(), "every other ends");
        assert!(matches!(acc.login("nina", "codice-1", "x", 1), Err(AuthError::BadCredentials)), "code spent");
        assert!(acc.login("nina", "nuova-lunga-1", "x", 1).is_ok());
        assert!(acc.store().set_password("nina", &hash_password("reset-2"), Some(200), None).unwrap());
        assert!(acc.authenticate(&first.token, 2).is_err(), "a reset ends them all");
        assert!(acc.store().account("nina").unwrap().unwrap().must_change);
        assert!(acc.login("nina", "reset-2", "x", 199).is_ok(), "the code signs in until it expires");
        assert!(matches!(acc.login("nina", "reset-2", "x", 200), Err(AuthError::CodeExpired)), "then no more");
        assert!(
            matches!(acc.login("nina", "codice-x", "x", 200), Err(AuthError::BadCredentials)),
            "a guess learns nothing"
        );
        assert!(!acc.store().set_password("nessuno", "h", None, None).unwrap());
        let usernames: Vec<String> = acc.store().accounts().unwrap().into_iter().map(|a| a.username).collect();
        let mut sorted = usernames.clone();
        sorted.sort();
        assert_eq!(usernames, sorted, "by username");
        assert!(usernames.contains(&"nina".to_owned()) && usernames.contains(&"anna".to_owned()));
    }

    fn one_lists_and_ends_only_ones_own_sessions(acc: &Accounts) {
        acc.add_operator("sara", "Sara Neri", "bari", Role::Operator, "segreta").unwrap();
        let early = acc.login("sara", "segreta", "Firefox", 0).unwrap();
        let late = acc.login("sara", "segreta", "Chrome", 100).unwrap();
        let anna = acc.login("anna", "segreta", "test", 0).unwrap();
        let sessions = acc.store().sessions_of("sara", 50).unwrap();
        assert_eq!(sessions.iter().map(|s| s.device.as_str()).collect::<Vec<_>>(), ["Firefox", "Chrome"]);
        assert_eq!(sessions[0].token_hash, token_hash(&early.token));
        assert_eq!(sessions[1].expires_at, late.expires_at);
        assert_eq!(acc.store().sessions_of("sara", early.expires_at).unwrap().len(), 1, "live ones only");
        assert!(!acc.store().delete_session_of("sara", &token_hash(&anna.token)).unwrap(), "not hers");
        assert!(acc.authenticate(&anna.token, 1).is_ok());
        assert!(acc.store().delete_session_of("sara", &token_hash(&early.token)).unwrap());
        assert!(acc.authenticate(&early.token, 1).is_err());
        assert!(acc.authenticate(&late.token, 101).is_ok());
    }

    fn a_revoked_device_is_refused_at_once_and_its_letter_is_freed_the_next_day(acc: &Accounts) {
        acc.add_operator("gino", "Gino Neri", "lecce", Role::Operator, "segreta").unwrap();
        acc.add_operator("pia", "Pia Neri", "bari", Role::Operator, "segreta").unwrap();
        let lecce = acc.login("gino", "segreta", "test", 0).unwrap().principal;
        let (code, _) = acc.create_enrollment_code(&lecce, 1).unwrap();
        let totem = acc.enroll(&code, "Atrio", DeviceKind::Totem, 2).unwrap();
        let Principal::Totem { device, .. } = &totem.principal else { panic!("a device") };
        let letter = |device: &str| acc.ticket_code(device).unwrap().map(|c| c.letter());
        let first = letter(device);
        assert!(!acc.store().revoke_device("bari", device, 10, 1_000).unwrap(), "another CPI's device");
        assert!(acc.authenticate(&totem.token, 11).is_ok());
        assert!(acc.store().revoke_device("lecce", device, 10, 1_000).unwrap());
        assert!(!acc.store().revoke_device("lecce", device, 11, 1_000).unwrap(), "once");
        assert!(matches!(acc.authenticate(&totem.token, 11), Err(AuthError::BadCredentials)));
        let row = acc.store().devices("lecce").unwrap().into_iter().find(|d| &d.device == device).unwrap();
        assert_eq!(row.revoked_at, Some(10), "still listed, as revoked");
        // The same day another totem enrolls: the revoked letter is still taken.
        let (code, _) = acc.create_enrollment_code(&lecce, 20).unwrap();
        let same_day = acc.enroll(&code, "Sala", DeviceKind::Totem, 999).unwrap().principal;
        let Principal::Totem { device: same_day, .. } = same_day else { panic!("a device") };
        assert_ne!(letter(&same_day), first);
        let (code, _) = acc.create_enrollment_code(&lecce, 20).unwrap();
        let next_day = acc.enroll(&code, "Ingresso", DeviceKind::Totem, 1_000).unwrap().principal;
        let Principal::Totem { device: next_day, .. } = next_day else { panic!("a device") };
        assert_eq!(letter(&next_day), first, "free from the next day");
    }

    fn devices_are_listed_renamed_and_their_contact_recorded_at_most_every_interval(acc: &Accounts) {
        acc.add_operator("teo", "Teo Neri", "altamura", Role::Operator, "segreta").unwrap();
        let by = acc.login("teo", "segreta", "test", 0).unwrap().principal;
        let totem = enroll(acc, &by, DeviceKind::Totem);
        let display = enroll(acc, &by, DeviceKind::Display);
        let rows = acc.store().devices("altamura").unwrap();
        assert_eq!(
            rows.iter().map(|d| (d.device.as_str(), d.kind)).collect::<Vec<_>>(),
            [(totem.as_str(), DeviceKind::Totem), (display.as_str(), DeviceKind::Display)]
        );
        assert_eq!((rows[0].name.as_str(), rows[0].enrolled_at, rows[0].ticket_index), ("Atrio", 2, Some(0)));
        assert_eq!((rows[0].last_seen, rows[0].app_version.as_deref(), rows[0].revoked_at), (None, None, None));
        assert!(acc.store().devices("bari").unwrap().iter().all(|d| d.cpi == "bari"));
        assert!(acc.store().rename_device("altamura", &totem, "Sala d'attesa").unwrap());
        assert!(!acc.store().rename_device("bari", &totem, "Altro").unwrap(), "another CPI's");
        assert!(acc.store().record_contact(&totem, 100, Some("0.1.0"), 300).unwrap());
        assert!(!acc.store().record_contact(&totem, 200, Some("0.1.0"), 300).unwrap(), "throttled");
        assert!(acc.store().record_contact(&totem, 250, Some("0.2.0"), 300).unwrap(), "a new version is written");
        assert!(acc.store().record_contact(&totem, 550, None, 300).unwrap(), "the interval passed");
        let row = acc.store().devices("altamura").unwrap().remove(0);
        assert_eq!(
            (row.name.as_str(), row.last_seen, row.app_version.as_deref()),
            ("Sala d'attesa", Some(550), Some("0.2.0"))
        );
        assert!(!acc.store().record_contact("totem-unknown", 1, None, 300).unwrap());
    }

    fn login_checks_the_password_and_sessions_expire(acc: &Accounts) {
        assert!(acc.add_operator("anna", "Anna Neri", "bari", Role::Operator, "segreta").unwrap());
        assert!(!acc.add_operator("anna", "Altra Anna", "lecce", Role::Head, "altra").unwrap(), "the first stays");
        assert!(matches!(acc.login("anna", "sbagliata", "test", 0), Err(AuthError::BadCredentials)));
        assert!(matches!(acc.login("nessuno", "segreta", "test", 0), Err(AuthError::BadCredentials)));
        let session = acc.login("anna", "segreta", "Chrome", 1_000).unwrap();
        assert_eq!(session.expires_at, 1_000 + SESSION_SECONDS);
        let (principal, device) = acc.authenticate_device(&session.token, 1_001).unwrap();
        assert!(
            matches!(&principal, Principal::Operator { cpi, name, role: Role::Operator, .. } if cpi == "bari" && name == "Anna Neri")
        );
        assert_eq!(device, "Chrome");
        assert!(acc.authenticate(&session.token, 1_000 + SESSION_SECONDS - 1).is_ok());
        assert!(matches!(acc.authenticate(&session.token, 1_000 + SESSION_SECONDS), Err(AuthError::Expired)));
        assert!(
            matches!(acc.authenticate(&session.token, 1_001), Err(AuthError::BadCredentials)),
            "an expired session is gone"
        );
        assert!(matches!(acc.authenticate("not-a-token", 0), Err(AuthError::BadCredentials)));
    }

    fn logout_ends_the_session(acc: &Accounts) {
        let session = acc.login("anna", "segreta", "test", 0).unwrap();
        let other = acc.login("anna", "segreta", "test", 0).unwrap();
        acc.logout(&session.token).unwrap();
        assert!(acc.authenticate(&session.token, 1).is_err());
        assert!(acc.authenticate(&other.token, 1).is_ok(), "only that session ends");
    }

    fn an_enrollment_code_works_once_and_ties_the_totem_to_the_cpi(acc: &Accounts) {
        acc.add_operator("lia", "Lia Neri", "lecce", Role::Operator, "segreta").unwrap();
        let operator = acc.login("lia", "segreta", "test", 0).unwrap().principal;
        let (code, expires_at) = acc.create_enrollment_code(&operator, 10).unwrap();
        assert_eq!(expires_at, 10 + ENROLLMENT_CODE_SECONDS);
        let totem = acc.enroll(&code.replace('-', " "), "Atrio", DeviceKind::Totem, 20).unwrap();
        assert!(matches!(acc.authenticate(&totem.token, 30).unwrap(), Principal::Totem { cpi, .. } if cpi == "lecce"));
        // A used code answers as one never issued.
        assert!(matches!(acc.enroll(&code, "Altro", DeviceKind::Totem, 40), Err(AuthError::BadCredentials)));
        assert!(matches!(acc.enroll("0000-0000", "Altro", DeviceKind::Totem, 40), Err(AuthError::BadCredentials)));
        let (late, expires_at) = acc.create_enrollment_code(&operator, 10).unwrap();
        assert!(matches!(acc.enroll(&late, "Tardi", DeviceKind::Totem, expires_at), Err(AuthError::BadCredentials)));
        let (board_code, _) = acc.create_enrollment_code(&operator, 10).unwrap();
        let board = acc.enroll(&board_code, "Sala", DeviceKind::Display, 20).unwrap();
        assert!(matches!(&board.principal, Principal::Display { cpi, .. } if cpi == "lecce"));
        assert_eq!(acc.authenticate(&board.token, 30).unwrap(), board.principal, "a display board stays one");
        assert!(matches!(acc.create_enrollment_code(&totem.principal, 10), Err(AuthError::Forbidden)));
    }

    fn enroll(acc: &Accounts, by: &Principal, kind: DeviceKind) -> String {
        let (code, _) = acc.create_enrollment_code(by, 1).unwrap();
        let principal = acc.enroll(&code, "Atrio", kind, 2).unwrap().principal;
        principal.device_id().expect("enrolling gives a device").to_owned()
    }

    fn a_tablet_takes_no_letter_and_its_wipe_mark_is_taken_once(acc: &Accounts) {
        acc.add_operator("ada.tablet", "Ada Neri", "molfetta", Role::Operator, "segreta").unwrap();
        let by = acc.login("ada.tablet", "segreta", "test", 0).unwrap().principal;
        let tablet = enroll(acc, &by, DeviceKind::Tablet);
        let row = acc.store().device(&tablet).unwrap().expect("listed by id");
        assert_eq!((row.kind, row.ticket_index, row.wipe_pending), (DeviceKind::Tablet, None, false));
        assert_eq!(acc.ticket_code(&tablet).unwrap(), None);
        assert!(!acc.store().take_wipe(&tablet).unwrap(), "nothing to deliver");
        assert!(acc.store().request_wipe(&tablet, 10).unwrap());
        assert!(acc.store().devices("molfetta").unwrap()[0].wipe_pending);
        assert!(acc.store().take_wipe(&tablet).unwrap(), "delivered");
        assert!(!acc.store().take_wipe(&tablet).unwrap(), "once");
        assert!(!acc.store().device(&tablet).unwrap().unwrap().wipe_pending);
        assert!(!acc.store().request_wipe("tablet-unknown", 10).unwrap());
        assert!(acc.store().device("tablet-unknown").unwrap().is_none());
        assert!(acc.store().revoke_device("molfetta", &tablet, 20, 30).unwrap());
        assert!(!acc.store().request_wipe(&tablet, 21).unwrap(), "revoked");
    }

    fn each_totem_of_a_cpi_prints_its_own_letter(acc: &Accounts) {
        acc.add_operator("ugo", "Ugo Neri", "taranto", Role::Operator, "segreta").unwrap();
        acc.add_operator("eva", "Eva Neri", "foggia", Role::Operator, "segreta").unwrap();
        let taranto = acc.login("ugo", "segreta", "test", 0).unwrap().principal;
        let foggia = acc.login("eva", "segreta", "test", 0).unwrap().principal;
        let letter = |device: &str| acc.ticket_code(device).unwrap().map(|c| c.letter());
        let first = enroll(acc, &taranto, DeviceKind::Totem);
        let second = enroll(acc, &taranto, DeviceKind::Totem);
        let other_cpi = enroll(acc, &foggia, DeviceKind::Totem);
        // Letters are per CPI: Foggia's first totem is A again.
        assert_eq!([letter(&first), letter(&second), letter(&other_cpi)], [Some('A'), Some('B'), Some('A')]);
        assert_eq!(letter(&first), Some('A'), "a letter never changes");
        assert_eq!(acc.ticket_code("totem-unknown").unwrap(), None);
        // A display board takes no letter; the next totem gets C.
        let display = enroll(acc, &taranto, DeviceKind::Display);
        assert_eq!(acc.ticket_code(&display).unwrap(), None);
        assert_eq!(letter(&enroll(acc, &taranto, DeviceKind::Totem)), Some('C'));
    }

    fn an_enrollment_code_enrolls_one_device_under_concurrent_use(acc: &Accounts) {
        acc.add_operator("ada", "Ada Neri", "brindisi", Role::Operator, "segreta").unwrap();
        let operator = acc.login("ada", "segreta", "test", 0).unwrap().principal;
        let (code, _) = acc.create_enrollment_code(&operator, 1).unwrap();
        let enrolled = std::thread::scope(|s| {
            let tries: Vec<_> = (0..8).map(|_| s.spawn(|| acc.enroll(&code, "Atrio", DeviceKind::Totem, 2))).collect();
            tries.into_iter().map(|t| t.join().expect("no panic")).filter(Result::is_ok).count()
        });
        assert_eq!(enrolled, 1);
    }

    crate::db::conformance_tests!(conformance, MemoryAccounts::default(), SqliteAccounts::open);

    #[test]
    fn a_sqlite_device_enrolled_before_queue_tickets_gets_the_lowest_free_letter_when_first_asked() {
        let dir = crate::db::TempDb::new("auth");
        let acc = Accounts::new(Box::new(SqliteAccounts::open(dir.db()).unwrap()));
        acc.add_operator("anna", "Anna Neri", "bari", Role::Operator, "segreta").unwrap();
        let bari = acc.login("anna", "segreta", "test", 0).unwrap().principal;
        let old = enroll(&acc, &bari, DeviceKind::Totem);
        let letter = |device: &str| acc.ticket_code(device).unwrap().map(|c| c.letter());
        let conn = dir.db().connect().unwrap();
        conn.execute("UPDATE devices SET ticket_index = NULL WHERE device = ?1", params![old]).unwrap();
        let newer = enroll(&acc, &bari, DeviceKind::Totem);
        assert_eq!(letter(&newer), Some('A'), "the old device's letter was free");
        assert_eq!(letter(&old), Some('B'));
        assert_eq!(letter(&old), Some('B'), "and keeps it");
    }
}
