//! Administering the installation: accounts (create, disable, re-enable, reset with a one-time
//! code, change one's own password, one's sessions) and the CPI's enrolled devices (list,
//! rename, revoke, mark a tablet "wipe on next contact"). Who may do what is `sportello_core::access`; the password policy is
//! `sportello_core::password`, scored here with zxcvbn. Each use case returns what the route
//! answers and the audit entry to write.

use crate::audit::{AuditAction, AuditEntry};
use crate::auth::{
    hash_password, hex, random_bytes, verify_password, AccountRow, Accounts, DeviceRow, StoredOperator,
    ONE_TIME_CODE_SECONDS,
};
use crate::store::StoreError;
use sportello_core::access::{self, Principal, Role, REGION};
use sportello_core::password::{self, PasswordProblem};

/// Why an administration request is refused; each has an Italian message.
#[derive(Debug)]
pub enum AdminError {
    Forbidden,
    UnknownAccount,
    UnknownDevice,
    Invalid(&'static str),
    UsernameTaken,
    WrongPassword,
    Password(PasswordProblem),
    Store(StoreError),
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        AdminError::Store(e)
    }
}

impl AdminError {
    pub fn message_it(&self) -> &'static str {
        match self {
            AdminError::Forbidden => "Non puoi gestire questo account o dispositivo.",
            AdminError::UnknownAccount => "Account non trovato.",
            AdminError::UnknownDevice => "Dispositivo non trovato o già revocato.",
            AdminError::Invalid(message) => message,
            AdminError::UsernameTaken => "Esiste già un account con questo nome utente.",
            AdminError::WrongPassword => "La password attuale non è corretta.",
            AdminError::Password(problem) => problem.message_it(),
            AdminError::Store(_) => "Errore interno del server. Riprova tra poco.",
        }
    }
}

/// Who did it, for the audit log.
pub struct Actor<'a> {
    pub principal: &'a Principal,
    /// The device the actor signed in from.
    pub device: &'a str,
    pub at_ms: i64,
}

impl Actor<'_> {
    /// Until when a one-time code issued now signs in.
    fn code_expires_at(&self) -> i64 {
        self.at_ms.div_euclid(1000) + ONE_TIME_CODE_SECONDS
    }

    fn entry(&self, cpi: &str, subject: String, action: AuditAction) -> AuditEntry {
        AuditEntry {
            at_ms: self.at_ms,
            device_at_ms: None,
            cpi: cpi.to_owned(),
            doc: subject,
            who: self.principal.label(),
            device: self.device.to_owned(),
            action,
        }
    }
}

fn account_subject(username: &str) -> String {
    format!("account:{username}")
}

fn device_subject(device: &str) -> String {
    format!("device:{device}")
}

/// The accounts `by` manages.
pub fn managed_accounts(accounts: &Accounts, by: &Principal) -> Result<Vec<AccountRow>, AdminError> {
    let all = accounts.store().accounts()?;
    Ok(all.into_iter().filter(|a| access::may_manage_account(by, &a.username, a.role, &a.cpi)).collect())
}

/// A managed account, or why not.
fn managed(accounts: &Accounts, by: &Principal, username: &str) -> Result<AccountRow, AdminError> {
    let account = accounts.store().account(username)?.ok_or(AdminError::UnknownAccount)?;
    if !access::may_manage_account(by, &account.username, account.role, &account.cpi) {
        return Err(AdminError::Forbidden);
    }
    Ok(account)
}

/// A one-time code to sign in with once: 12 letters and digits without look-alikes, in
/// three groups, about 60 bits.
fn one_time_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes = random_bytes::<12>();
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

fn check_username(username: &str) -> Result<(), AdminError> {
    let ok_chars = username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
    let ok_start = username.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if !(3..=64).contains(&username.len()) || !ok_chars || !ok_start {
        return Err(AdminError::Invalid(
            "Nome utente non valido: da 3 a 64 caratteri tra lettere minuscole, cifre, punto, trattino e trattino basso.",
        ));
    }
    Ok(())
}

/// Creates an account that signs in once with the returned one-time code (argon2: call from
/// the password thread). A head's operators are of the head's CPI; a regional officer is of
/// the region; a head is of a configured CPI.
pub fn create_account(
    accounts: &Accounts,
    actor: &Actor<'_>,
    new: &sportello_core::api::NewAccount,
) -> Result<(String, AuditEntry), AdminError> {
    let username = new.username.trim();
    let name = new.name.trim();
    check_username(username)?;
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AdminError::Invalid("Indica nome e cognome (al massimo 100 caratteri)."));
    }
    let cpi = match (actor.principal, new.role) {
        (_, role) if role.is_regional() => REGION.to_owned(),
        (Principal::Operator { role: Role::Head, cpi, .. }, _) => cpi.clone(),
        _ => {
            let cpi = new.cpi.trim();
            if sportello_core::cpi::cpi_by_slug(cpi).is_none() {
                return Err(AdminError::Invalid("Scegli il CPI dell'account."));
            }
            cpi.to_owned()
        }
    };
    if !access::may_manage_account(actor.principal, username, new.role, &cpi) {
        return Err(AdminError::Forbidden);
    }
    let code = one_time_code();
    let operator = StoredOperator {
        name: name.to_owned(),
        cpi: cpi.clone(),
        role: new.role,
        password_hash: hash_password(&code),
        code_expires_at: Some(actor.code_expires_at()),
    };
    if !accounts.store().insert_new_account(username, &operator)? {
        return Err(AdminError::UsernameTaken);
    }
    Ok((code, actor.entry(&cpi, account_subject(username), AuditAction::AccountCreate)))
}

/// Disables (its sessions end at once) or re-enables a managed account.
pub fn set_disabled(
    accounts: &Accounts,
    actor: &Actor<'_>,
    username: &str,
    disabled: bool,
) -> Result<AuditEntry, AdminError> {
    let account = managed(accounts, actor.principal, username)?;
    accounts.store().set_disabled(username, disabled)?;
    let action = if disabled { AuditAction::AccountDisable } else { AuditAction::AccountEnable };
    Ok(actor.entry(&account.cpi, account_subject(username), action))
}

/// Replaces a managed account's password with a new one-time code; its sessions end and it
/// must set its own password at the next sign-in (argon2: call from the password thread).
pub fn reset_password(
    accounts: &Accounts,
    actor: &Actor<'_>,
    username: &str,
) -> Result<(String, AuditEntry), AdminError> {
    let account = managed(accounts, actor.principal, username)?;
    let code = one_time_code();
    accounts.store().set_password(username, &hash_password(&code), Some(actor.code_expires_at()), None)?;
    Ok((code, actor.entry(&account.cpi, account_subject(username), AuditAction::PasswordReset)))
}

/// The policy's verdict on a new password of `account`: length, the account's own data, and
/// zxcvbn's score with that data as user inputs.
pub fn check_new_password(account: &AccountRow, new: &str) -> Result<(), PasswordProblem> {
    let inputs = password::user_inputs(&account.username, &account.name, &account.cpi);
    password::check(new, &inputs, |pw, inputs| u8::from(zxcvbn::zxcvbn(pw, inputs).score()))
}

/// The signed-in person changes their own password (argon2: call from the password thread).
/// Every other session of the account ends; `keep` (the current one) stays.
pub fn change_own_password(
    accounts: &Accounts,
    actor: &Actor<'_>,
    current: &str,
    new: &str,
    keep: &[u8],
) -> Result<AuditEntry, AdminError> {
    let Principal::Operator { username, .. } = actor.principal else { return Err(AdminError::Forbidden) };
    let account = accounts.store().account(username)?.ok_or(AdminError::UnknownAccount)?;
    let stored = accounts.store().operator(username)?.ok_or(AdminError::UnknownAccount)?;
    if !verify_password(current, &stored.password_hash) {
        return Err(AdminError::WrongPassword);
    }
    if new == current {
        return Err(AdminError::Invalid("La nuova password deve essere diversa da quella attuale."));
    }
    check_new_password(&account, new).map_err(AdminError::Password)?;
    accounts.store().set_password(username, &hash_password(new), None, Some(keep))?;
    Ok(actor.entry(&account.cpi, account_subject(username), AuditAction::PasswordChange))
}

/// The id a session is shown with: a prefix of its token's hash (never the token).
pub fn session_id(token_hash: &[u8]) -> String {
    hex(&token_hash[..8.min(token_hash.len())])
}

/// Ends one of the caller's own sessions by its id; returns its token's hash.
pub fn end_own_session(
    accounts: &Accounts,
    actor: &Actor<'_>,
    id: &str,
    now: i64,
) -> Result<(Vec<u8>, AuditEntry), AdminError> {
    let Principal::Operator { username, cpi, .. } = actor.principal else { return Err(AdminError::Forbidden) };
    let sessions = accounts.store().sessions_of(username, now)?;
    let found = sessions.into_iter().find(|s| session_id(&s.token_hash) == id);
    let Some(session) = found else { return Err(AdminError::Invalid("Sessione non trovata o già chiusa.")) };
    accounts.store().delete_session_of(username, &session.token_hash)?;
    Ok((session.token_hash, actor.entry(cpi, account_subject(username), AuditAction::SessionEnd)))
}

/// The CPI's devices, for its head.
pub fn devices(accounts: &Accounts, by: &Principal) -> Result<Vec<DeviceRow>, AdminError> {
    if !access::may_manage_devices(by, by.cpi()) {
        return Err(AdminError::Forbidden);
    }
    Ok(accounts.store().devices(by.cpi())?)
}

pub fn rename_device(
    accounts: &Accounts,
    actor: &Actor<'_>,
    device: &str,
    name: &str,
) -> Result<AuditEntry, AdminError> {
    let cpi = actor.principal.cpi();
    if !access::may_manage_devices(actor.principal, cpi) {
        return Err(AdminError::Forbidden);
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AdminError::Invalid("Il nome del dispositivo va da 1 a 60 caratteri."));
    }
    if !accounts.store().rename_device(cpi, device, name)? {
        return Err(AdminError::UnknownDevice);
    }
    Ok(actor.entry(cpi, device_subject(device), AuditAction::DeviceRename))
}

/// Revokes a device of the head's CPI: its token is refused from now on; its ticket letter
/// stays taken until `letter_free_at` (the next day), as the day's queue holds its tickets.
pub fn revoke_device(
    accounts: &Accounts,
    actor: &Actor<'_>,
    device: &str,
    now: i64,
    letter_free_at: i64,
) -> Result<AuditEntry, AdminError> {
    let cpi = actor.principal.cpi();
    if !access::may_manage_devices(actor.principal, cpi) {
        return Err(AdminError::Forbidden);
    }
    if !accounts.store().revoke_device(cpi, device, now, letter_free_at)? {
        return Err(AdminError::UnknownDevice);
    }
    Ok(actor.entry(cpi, device_subject(device), AuditAction::DeviceRevoke))
}

/// Marks a tablet of the head's CPI "wipe on next contact". Another CPI's head, an operator,
/// or a device that is no tablet is refused (`access::may_request_wipe`).
pub fn request_wipe(accounts: &Accounts, actor: &Actor<'_>, device: &str, now: i64) -> Result<AuditEntry, AdminError> {
    let row = accounts.store().device(device)?.ok_or(AdminError::UnknownDevice)?;
    if !access::may_request_wipe(actor.principal, &row.cpi, row.kind) {
        return Err(AdminError::Forbidden);
    }
    if !accounts.store().request_wipe(device, now)? {
        return Err(AdminError::UnknownDevice);
    }
    Ok(actor.entry(&row.cpi, device_subject(device), AuditAction::DeviceWipeRequest))
}

/// Whether `principal` is a tablet marked "wipe on next contact"; the mark is taken (told
/// once) and the delivery logged (blocking: SQLite). A failure to read the mark is logged
/// and answers `false`: the next contact tries again.
pub fn deliver_wipe(state: &crate::AppState, principal: &Principal, device_name: &str) -> bool {
    let Some(device) = principal.device_id().filter(|_| access::receives_wipe(principal)) else { return false };
    match state.accounts().store().take_wipe(device) {
        Ok(true) => {
            let entry = AuditEntry {
                at_ms: state.now_millis() as i64,
                device_at_ms: None,
                cpi: principal.cpi().to_owned(),
                doc: device_subject(device),
                who: principal.label(),
                device: device_name.to_owned(),
                action: AuditAction::DeviceWipe,
            };
            record(state, entry);
            tracing::info!(%device, "tablet told to wipe its local copy");
            true
        }
        Ok(false) => false,
        Err(err) => {
            tracing::warn!(%err, %device, "cannot read the device's wipe mark");
            false
        }
    }
}

/// How often a device's last contact is written at most (it talks to `/api/me` far more).
pub const CONTACT_INTERVAL_SECONDS: i64 = 5 * 60;

/// Creates the installation's first regional administrator (the `--create-regional-admin`
/// flag) at `now`; returns the one-time code to sign in with. `None` if the username exists.
pub fn create_regional_admin(
    accounts: &Accounts,
    username: &str,
    name: &str,
    now: i64,
) -> Result<Option<String>, AdminError> {
    check_username(username)?;
    let code = one_time_code();
    let operator = StoredOperator {
        name: name.to_owned(),
        cpi: REGION.to_owned(),
        role: Role::RegionalAdmin,
        password_hash: hash_password(&code),
        code_expires_at: Some(now + ONE_TIME_CODE_SECONDS),
    };
    Ok(accounts.store().insert_new_account(username, &operator)?.then_some(code))
}

/// The actor of a request, for the audit log.
pub fn actor<'a>(state: &crate::AppState, auth: &'a crate::http::OperatorAuth) -> Actor<'a> {
    Actor { principal: &auth.principal, device: &auth.device, at_ms: state.now_millis() as i64 }
}

/// Writes an administration entry; a failure is logged loudly, never dropped silently.
pub fn record(state: &crate::AppState, entry: AuditEntry) {
    if let Err(err) = state.audit().record(std::slice::from_ref(&entry)) {
        tracing::error!(%err, ?entry, "cannot write the audit log");
    }
}

/// A failed sign-in to a known account (a wrong password or an expired one-time code) and
/// the lock it caused, if any, as entries of the account's CPI (`account:<username>`, by the
/// client's address). An unknown username has no CPI: it stays a log line (target `audit`).
/// Blocking: SQLite.
pub fn record_failed_sign_in(state: &crate::AppState, username: &str, client: &str, locked: bool) {
    let account = match state.accounts().store().account(username) {
        Ok(Some(account)) => account,
        Ok(None) => return,
        Err(err) => return tracing::error!(%err, %username, "cannot record a failed sign-in"),
    };
    let entry = |action| AuditEntry {
        at_ms: state.now_millis() as i64,
        device_at_ms: None,
        cpi: account.cpi.clone(),
        doc: account_subject(username),
        who: format!("client:{client}"),
        device: client.to_owned(),
        action,
    };
    let mut entries = vec![entry(AuditAction::LoginFailed)];
    if locked {
        entries.push(entry(AuditAction::LoginLocked));
    }
    if let Err(err) = state.audit().record(&entries) {
        tracing::error!(%err, ?entries, "cannot write the audit log");
    }
}

/// Whether the signed-in operator must set a password before anything else (in the login
/// answer).
pub fn must_change_password(accounts: &Accounts, principal: &Principal) -> Result<bool, StoreError> {
    let Principal::Operator { username, .. } = principal else { return Ok(false) };
    Ok(accounts.store().account(username)?.is_some_and(|a| a.must_change))
}

/// Records an enrolled device's contact and the app version it sends (header
/// `sportello_core::api::APP_VERSION_HEADER`), at most every [`CONTACT_INTERVAL_SECONDS`]
/// (blocking: SQLite). Failures are logged: a missed contact time must not refuse the device.
pub fn record_contact(state: &crate::AppState, principal: &Principal, version: Option<&str>) {
    let Some(device) = principal.device_id() else { return };
    let written = state.accounts().store().record_contact(device, state.now_secs(), version, CONTACT_INTERVAL_SECONDS);
    if let Err(err) = written {
        tracing::warn!(%err, %device, "cannot record the device's contact");
    }
}

/// The app version a device sends with `/api/me`, cut to a sane length.
pub fn app_version(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get(sportello_core::api::APP_VERSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(32).collect::<String>())
}
