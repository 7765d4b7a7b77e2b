//! The relay's HTTP contract: the request and response bodies of every JSON endpoint, compiled
//! by the relay (which serialises answers and reads requests) and by the app (which does the
//! opposite), so a renamed or retyped field fails to compile on both sides.
//!
//! Field names, optionality and string spellings are the JSON on the wire; the app's browser
//! tests and devices already in the field rely on them, so change them only together with
//! both sides. Types here are plain data (serde only): the rules live in the other modules.

use crate::access::Principal;
use crate::certificate::Certificate;
use crate::citizen::CitizenStatus;
use serde::{Deserialize, Serialize};

/// Every error answer: a status code and this body, with an Italian message the app shows as
/// it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always `ok` when the relay answers.
    pub status: String,
    pub version: String,
    /// Whether the built app (`index.html`) is there to be served.
    pub app_built: bool,
}

// --- Sign-in, enrollment, who am I --------------------------------------------------------

/// `POST /api/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// How the browser names itself, for the audit log.
    #[serde(default)]
    pub device: String,
}

/// Answer of `POST /api/login` and `POST /api/enroll`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionResponse {
    pub token: String,
    /// Seconds since the epoch; `i64::MAX` for an enrolled device.
    pub expires_at: i64,
    pub principal: Principal,
    pub documents: Documents,
    /// The account was created or reset with a one-time code: the app asks for a new password
    /// before anything else. Absent (false) for devices and ordinary sign-ins.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub must_change_password: bool,
}

/// The documents of the principal's CPI a device follows, as `automerge:` URLs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Documents {
    /// The CPI's public board.
    pub board: Option<String>,
    /// The outboxes of the CPI's totems (operators only).
    #[serde(default)]
    pub outboxes: Vec<String>,
    /// The CPI's dossier index (operators only).
    #[serde(default)]
    pub index: Option<String>,
    /// The CPI's published vacancies.
    #[serde(default)]
    pub vacancies: Option<String>,
    /// The CPI's queue documents from yesterday to a week ahead.
    #[serde(default)]
    pub queue_days: Vec<QueueDayRef>,
    /// Totems: the letter on the tickets this device prints (none once the CPI's 24 are
    /// taken, and never for a display board).
    #[serde(default)]
    pub ticket_code: Option<String>,
    /// The CPI's company index (operators only).
    #[serde(default)]
    pub company_index: Option<String>,
    /// The CPI's agenda of B1 interviews (operators and totems).
    #[serde(default)]
    pub agenda: Option<String>,
}

/// One day's queue document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueDayRef {
    /// ISO date.
    pub date: String,
    /// `automerge:` URL.
    pub url: String,
}

/// `GET /api/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub principal: Principal,
    pub documents: Documents,
    /// The relay's clock (ms since the epoch), so totems stamp tickets on it rather than on
    /// their own.
    #[serde(default)]
    pub server_time_ms: Option<u64>,
    /// A tablet whose head asked "wipe on next contact": it deletes its local copy now. Told
    /// once (the relay clears the flag as it answers).
    #[serde(default)]
    pub wipe: bool,
    /// For a device's token, seconds until it is due for renewal (0: renew now, with
    /// `POST /api/device-token`); `None` for an operator's session, which does not renew.
    #[serde(default)]
    pub token_renew_in: Option<i64>,
}

/// Answer of `POST /api/enrollment-codes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentCode {
    /// Eight digits in two groups, `1234-5678`.
    pub code: String,
    pub expires_at: i64,
    #[serde(default)]
    pub cpi: String,
}

/// `POST /api/enroll`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    pub code: String,
    pub name: String,
    /// `"totem"`, `"display"` (the waiting room's board) or `"tablet"`; a missing kind is a
    /// totem.
    #[serde(default)]
    pub kind: crate::access::DeviceKind,
}

// --- Audit log ------------------------------------------------------------------------------

/// One dossier shown on an operator's screen, reported to `POST /api/audit` (queued while
/// offline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenReport {
    /// Dossier id or `automerge:` URL.
    pub doc: String,
    /// When the dossier was opened on the device (ms since the epoch).
    pub at_ms: i64,
}

/// `POST /api/audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenReports {
    pub opens: Vec<OpenReport>,
}

/// The query of `GET /api/audit` and `GET /api/audit.csv`: the CPI's whole log, or only the
/// entries matching every filter given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// One dossier's or company's log (id or URL), or an account's / device's subject
    /// (`account:<username>`, `device:<id>`).
    pub doc: Option<String>,
    pub limit: Option<usize>,
    /// Only what this principal did: an entry's `who` exactly (`operator:<username>@<cpi>`).
    #[serde(default)]
    pub who: Option<String>,
    #[serde(default)]
    pub action: Option<AuditAction>,
    /// First day (ISO date, Italian time) of the period, included.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day (ISO date, Italian time) of the period, included.
    #[serde(default)]
    pub to: Option<String>,
    /// Paging: only entries recorded before this one (the `next` of the previous page).
    #[serde(default)]
    pub before: Option<i64>,
}

impl AuditQuery {
    /// The query string (without `?`) the relay reads back into the same query.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut put = |key, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                pairs.push((key, v));
            }
        };
        put("doc", self.doc.clone());
        put("limit", self.limit.map(|l| l.to_string()));
        put("who", self.who.clone());
        put("action", self.action.map(|a| a.as_str().to_owned()));
        put("from", self.from.clone());
        put("to", self.to.clone());
        put("before", self.before.map(|b| b.to_string()));
        pairs.iter().map(|(k, v)| format!("{k}={}", query_component(v))).collect::<Vec<_>>().join("&")
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn query_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Answer of `GET /api/audit`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
    /// More entries match: pass this as `before` for the next page.
    #[serde(default)]
    pub next: Option<i64>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When the relay recorded it (ms since the epoch).
    pub at_ms: i64,
    /// When it happened on the device, if the device reported it later (offline opens).
    pub device_at_ms: Option<i64>,
    /// The CPI whose dossier it is.
    #[serde(default)]
    pub cpi: String,
    /// Document id (bs58check).
    pub doc: String,
    /// `operator:<username>@<cpi>` or `totem:<device>@<cpi>`.
    pub who: String,
    /// The device as it named itself at sign-in, or the totem's id.
    pub device: String,
    pub action: AuditAction,
}

/// What an audit log entry records. On the wire and in the relay's database it is the
/// snake_case name (`open`, `read`, `create`, `change`, `denied`, `identify`, `issue`,
/// `revoke`, and the administration's `account_create`, ..., `device_revoke`, `locked`,
/// `change_refused`, `login_failed`, `login_locked`, `audit_export`). Each has its Italian
/// label, [`AuditAction::label_it`], the one the head's screen and the CSV export show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Shown on an operator's screen (reported by the app).
    Open,
    /// Dossier content sent to a device.
    Read,
    /// A device brought a new dossier or company record to the relay (its first changes).
    Create,
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
    /// An account was created (`doc` is `account:<username>`).
    AccountCreate,
    /// An account was disabled.
    AccountDisable,
    /// An account was enabled again.
    AccountEnable,
    /// A one-time code was issued for an account.
    PasswordReset,
    /// Someone changed their own password.
    PasswordChange,
    /// A session was ended from the sessions list.
    SessionEnd,
    /// A device was renamed (`doc` is `device:<id>`).
    DeviceRename,
    /// A device was revoked.
    DeviceRevoke,
    /// A failed identification at a totem locked a codice fiscale (`device` is that totem).
    Locked,
    /// The relay refused a device's change by its rules (queue guard, quotas): not stored.
    ChangeRefused,
    /// A sign-in to the account failed: a wrong password or an expired one-time code (`doc`
    /// is `account:<username>`, `who` and `device` the client's address).
    LoginFailed,
    /// Failed sign-ins locked the account for a while.
    LoginLocked,
    /// The head marked a tablet "wipe on next contact" (`doc` is `device:<id>`).
    DeviceWipeRequest,
    /// The tablet made that contact and was told to wipe its local copy.
    DeviceWipe,
    /// The head downloaded the audit log as CSV (`doc` is `audit:<cpi>`).
    AuditExport,
}

impl AuditAction {
    pub const ALL: [AuditAction; 23] = [
        AuditAction::Open,
        AuditAction::Read,
        AuditAction::Create,
        AuditAction::Change,
        AuditAction::Denied,
        AuditAction::Identify,
        AuditAction::Issue,
        AuditAction::Revoke,
        AuditAction::AccountCreate,
        AuditAction::AccountDisable,
        AuditAction::AccountEnable,
        AuditAction::PasswordReset,
        AuditAction::PasswordChange,
        AuditAction::SessionEnd,
        AuditAction::DeviceRename,
        AuditAction::DeviceRevoke,
        AuditAction::Locked,
        AuditAction::ChangeRefused,
        AuditAction::LoginFailed,
        AuditAction::LoginLocked,
        AuditAction::DeviceWipeRequest,
        AuditAction::DeviceWipe,
        AuditAction::AuditExport,
    ];

    /// The wire name, as serde writes it (the relay stores the same text).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Open => "open",
            AuditAction::Read => "read",
            AuditAction::Create => "create",
            AuditAction::Change => "change",
            AuditAction::Denied => "denied",
            AuditAction::Identify => "identify",
            AuditAction::Issue => "issue",
            AuditAction::Revoke => "revoke",
            AuditAction::AccountCreate => "account_create",
            AuditAction::AccountDisable => "account_disable",
            AuditAction::AccountEnable => "account_enable",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::PasswordChange => "password_change",
            AuditAction::SessionEnd => "session_end",
            AuditAction::DeviceRename => "device_rename",
            AuditAction::DeviceRevoke => "device_revoke",
            AuditAction::Locked => "locked",
            AuditAction::ChangeRefused => "change_refused",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::LoginLocked => "login_locked",
            AuditAction::DeviceWipeRequest => "device_wipe_request",
            AuditAction::DeviceWipe => "device_wipe",
            AuditAction::AuditExport => "audit_export",
        }
    }

    /// What the head reads for the action, on the screen and in the CSV export.
    pub fn label_it(self) -> &'static str {
        match self {
            AuditAction::Open => "Aperto a schermo",
            AuditAction::Read => "Scaricato sul dispositivo",
            AuditAction::Create => "Creato",
            AuditAction::Change => "Modificato",
            AuditAction::Denied => "Accesso negato",
            AuditAction::Identify => "Riconoscimento al totem",
            AuditAction::Issue => "Certificato emesso",
            AuditAction::Revoke => "Certificato revocato",
            AuditAction::AccountCreate => "Account creato",
            AuditAction::AccountDisable => "Account disattivato",
            AuditAction::AccountEnable => "Account riattivato",
            AuditAction::PasswordReset => "Codice di reimpostazione",
            AuditAction::PasswordChange => "Password cambiata",
            AuditAction::SessionEnd => "Sessione chiusa",
            AuditAction::DeviceRename => "Dispositivo rinominato",
            AuditAction::DeviceRevoke => "Dispositivo revocato",
            AuditAction::Locked => "Codice fiscale bloccato da un totem",
            AuditAction::ChangeRefused => "Modifica rifiutata dal server",
            AuditAction::LoginFailed => "Accesso non riuscito",
            AuditAction::LoginLocked => "Account bloccato per troppi tentativi",
            AuditAction::DeviceWipeRequest => "Cancellazione dei dati del tablet richiesta",
            AuditAction::DeviceWipe => "Dati del tablet cancellati",
            AuditAction::AuditExport => "Registro esportato in CSV",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// `POST /api/card-digits`: a Tessera Sanitaria registered in a dossier by an operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardDigitsRequest {
    /// The dossier's id or `automerge:` URL.
    pub dossier: String,
    pub digits: String,
    /// ISO date printed on the card.
    pub expiry: String,
}

// --- Citizens at the totem, certificates ----------------------------------------------------

/// `POST /api/identify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentifyRequest {
    pub codice_fiscale: String,
    /// The card's last 8 digits.
    pub digits: String,
    /// ISO date printed on the card.
    pub expiry: String,
}

/// Answer of `POST /api/identify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identified {
    /// The citizen's session at this totem.
    pub session: String,
    pub status: CitizenStatus,
}

/// `POST /api/citizen/end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenSessionRequest {
    pub session: String,
}

/// `POST /api/citizen/certificates`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueRequest {
    pub session: String,
    /// A certificate kind's code (`CertificateKind::code`).
    pub kind: String,
}

/// Answer of `POST /api/citizen/certificates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedCertificate {
    pub number: String,
    pub title: String,
    pub cpi_name: String,
    /// Italian wall time, as printed.
    pub issued_at: String,
    pub certificate: Certificate,
    /// The QR code's text (`SPT2:` for certificates issued now).
    pub qr_text: String,
}

/// One certificate-signing public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKey {
    pub key_id: String,
    pub cpi: String,
    /// Hex.
    pub public_key: String,
}

/// Answer of `GET /api/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keys {
    pub keys: Vec<PublicKey>,
}

/// Answer of `GET /api/certificates/{number}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateState {
    #[serde(default)]
    pub number: String,
    pub status: CertificateStatus,
    /// Italian wall time of the first revocation, `YYYY-MM-DDTHH:MM:SS`.
    pub revoked_at: Option<String>,
}

/// Whether a certificate still holds: `valid` or `revoked` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    Valid,
    Revoked,
}

// --- Public pages: vacancies, queue tickets, survey -----------------------------------------

/// Answer of `GET /api/public/vacancies/{cpi}/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicVacancy {
    #[serde(default)]
    pub cpi: String,
    pub cpi_name: String,
    #[serde(default)]
    pub id: String,
    pub title: String,
    pub profession: String,
    pub municipality: String,
    pub contract: String,
    pub working_time: String,
    pub published_on: String,
    pub description: String,
    pub requirements: String,
    pub how_to_apply: String,
}

/// A ticket's day and secret, in the body of `POST /api/public/queue/{cpi}/{ticket}`: the
/// secret never travels in a URL the relay logs (the phone page keeps it in the fragment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketQuery {
    /// The ticket's day (ISO date).
    pub g: String,
    /// The secret printed in the ticket's QR code.
    pub k: String,
}

/// Answer of `POST /api/public/queue/{cpi}/{ticket}`: where a ticket stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicTicket {
    pub number: String,
    #[serde(default)]
    pub cpi: String,
    pub cpi_name: String,
    pub date: String,
    /// The area's letter.
    pub area: String,
    pub area_name: String,
    /// A transferred ticket is waiting again ([`crate::queue::Status::public_state`]).
    pub state: crate::queue::TicketState,
    pub desk: Option<u16>,
    pub ahead: usize,
    pub wait_minutes: Option<u32>,
    pub desks_open: u32,
    pub surveyed: bool,
}

/// `POST /api/public/queue/{cpi}/{ticket}/survey`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyRequest {
    /// The ticket's day, as in [`TicketQuery`].
    pub g: String,
    /// The ticket's secret, as in [`TicketQuery`].
    pub k: String,
    /// 1 to 5.
    pub rating: u8,
    #[serde(default)]
    pub comment: String,
}

/// The query of `GET /api/queue/satisfaction`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthQuery {
    /// `YYYY-MM`; the current month when missing.
    pub month: Option<String>,
}

/// Answer of `GET /api/queue/satisfaction`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Satisfaction {
    pub month: String,
    pub areas: Vec<AreaSatisfaction>,
    /// The latest comments, newest first.
    pub comments: Vec<SurveyComment>,
}

/// One area's answers in the month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaSatisfaction {
    /// The area's letter.
    pub area: String,
    pub area_name: String,
    pub responses: u32,
    pub mean: Option<f64>,
    /// How many gave 1, 2, 3, 4, 5.
    pub counts: [u32; 5],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyComment {
    /// The area's letter.
    pub area: String,
    pub rating: u8,
    pub comment: String,
    /// ISO date of the ticket.
    pub day: String,
}

// --- Administration: accounts, sessions, devices ---------------------------------------

/// One account as the users screen lists it (`GET /api/accounts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub name: String,
    pub cpi: String,
    pub role: crate::access::Role,
    pub disabled: bool,
    /// Created or reset and not yet given a password of its own.
    pub must_change_password: bool,
}

/// `GET /api/accounts`: the accounts the caller manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounts {
    pub accounts: Vec<Account>,
    /// The roles the caller may create accounts of.
    pub roles: Vec<crate::access::Role>,
}

/// `POST /api/accounts`. A head's new operator is of the head's CPI whatever `cpi` says; a
/// regional officer is of the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    pub username: String,
    pub name: String,
    pub role: crate::access::Role,
    #[serde(default)]
    pub cpi: String,
}

/// Answer of `POST /api/accounts` and `POST /api/accounts/{username}/reset`: the one-time
/// code the person signs in with once, then sets their own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimeCode {
    pub username: String,
    pub code: String,
}

/// `POST /api/accounts/{username}/disabled`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetDisabled {
    pub disabled: bool,
}

/// `POST /api/password`: the signed-in person changes their own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

/// One of the caller's own sessions (`GET /api/sessions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// An opaque id (not the token) for `DELETE /api/sessions/{id}`.
    pub id: String,
    pub device: String,
    /// Seconds since the epoch (0 for sessions opened before this was recorded).
    pub created_at: i64,
    pub expires_at: i64,
    /// The session this request is made with.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sessions {
    pub sessions: Vec<SessionInfo>,
}

/// One enrolled device of the CPI (`GET /api/devices`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device: String,
    pub name: String,
    pub kind: crate::access::DeviceKind,
    /// The letter on its tickets (totems).
    pub letter: Option<String>,
    pub enrolled_at: i64,
    /// Seconds since the epoch of its last contact with the relay, if any was recorded.
    pub last_seen: Option<i64>,
    pub app_version: Option<String>,
    /// When it was revoked; its token no longer works.
    pub revoked_at: Option<i64>,
    /// A tablet marked "wipe on next contact" that has not made that contact yet.
    #[serde(default)]
    pub wipe_pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Devices {
    pub devices: Vec<DeviceInfo>,
}

/// `POST /api/devices/{device}/name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameDevice {
    pub name: String,
}

/// The addresses the kiosk build answers (`dist/kiosk/`, the totem's screens only). The relay
/// serves by it, the kiosk's router falls back by it, and `public/sw.js` (`shellFor`,
/// JavaScript) repeats the list.
pub fn is_kiosk_path(path: &str) -> bool {
    path == "/totem" || path.starts_with("/totem/")
}

/// The addresses the phone build answers (`dist/phone/`): those a totem's QR codes open on a
/// citizen's phone, a ticket followed (`/coda/<cpi>/<ticket>`) and a vacancy
/// (`/offerte/<cpi>/<id>`). They need no sync engine, so a first visit over a mobile link
/// loads a fraction of the kiosk. Every address neither this nor [`is_kiosk_path`] claims is
/// the full app's; `public/sw.js` repeats this list too.
pub fn is_phone_path(path: &str) -> bool {
    ["/coda/", "/offerte/"].iter().any(|prefix| path.starts_with(prefix))
}

/// The header in which the app sends its version (with every `/api/me`).
pub const APP_VERSION_HEADER: &str = "x-sportello-version";

/// `POST /api/sync-ticket`: what opens one sync WebSocket (`/sync?ticket=`), once, before
/// `expires_at` (epoch seconds), so the bearer token never travels in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncTicket {
    pub ticket: String,
    pub expires_at: i64,
}

/// `POST /api/device-token`: a device in use renews its token. `token` is the new one when
/// less than half of the old one's life was left (store it; the old one serves until the new
/// one is first used), else `None`; `expires_at` (epoch seconds) is when the token the device
/// should hold expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceToken {
    pub token: Option<String>,
    pub expires_at: i64,
    /// Seconds until the token the device should hold is due for renewal
    /// (`access::device_token_renew_in`): the device asks again then, not before.
    #[serde(default)]
    pub renew_in: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;

    /// Stored audit logs and the browser tests read these exact strings.
    #[test]
    fn audit_actions_keep_their_wire_names_and_parse_back() {
        let names: Vec<String> =
            AuditAction::ALL.iter().map(|a| serde_json::to_value(a).unwrap().as_str().unwrap().to_owned()).collect();
        assert_eq!(
            names,
            [
                "open",
                "read",
                "create",
                "change",
                "denied",
                "identify",
                "issue",
                "revoke",
                "account_create",
                "account_disable",
                "account_enable",
                "password_reset",
                "password_change",
                "session_end",
                "device_rename",
                "device_revoke",
                "locked",
                "change_refused",
                "login_failed",
                "login_locked",
                "device_wipe_request",
                "device_wipe",
                "audit_export",
            ]
        );
        for action in AuditAction::ALL {
            assert_eq!(action.as_str(), serde_json::to_value(action).unwrap());
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::parse("opened"), None);
        assert!(serde_json::from_str::<AuditAction>("\"opened\"").is_err());
    }

    /// `/verifica` and phones holding a certificate's link read `valid` / `revoked`.
    #[test]
    fn a_certificate_state_names_its_status_as_before() {
        let state = CertificateState {
            number: "BA-2026-000001".into(),
            status: CertificateStatus::Revoked,
            revoked_at: Some("2026-10-01T10:00:00".into()),
        };
        let json = serde_json::to_value(&state).unwrap();
        assert_eq!(json["status"], "revoked");
        let valid: CertificateState =
            serde_json::from_str(r#"{"number":"x","status":"valid","revoked_at":null}"#).unwrap();
        assert_eq!(valid.status, CertificateStatus::Valid);
        assert!(serde_json::from_str::<CertificateState>(r#"{"status":"expired","revoked_at":null}"#).is_err());
    }

    /// The JSON the browser app and its tests read: field names and nesting are the contract.
    #[test]
    fn a_session_serialises_with_the_documents_nested_and_every_field_named() {
        let session = SessionResponse {
            token: "t".into(),
            expires_at: 5,
            principal: Principal::Operator {
                username: "anna".into(),
                name: "Anna".into(),
                cpi: "bari".into(),
                role: Role::Head,
            },
            documents: Documents {
                board: Some("automerge:b".into()),
                queue_days: vec![QueueDayRef { date: "2026-12-01".into(), url: "automerge:q".into() }],
                ..Documents::default()
            },
            must_change_password: false,
        };
        let json = serde_json::to_value(&session).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "token": "t", "expires_at": 5,
                "principal": { "kind": "operator", "username": "anna", "name": "Anna", "cpi": "bari", "role": "head" },
                "documents": {
                    "board": "automerge:b", "outboxes": [], "index": null, "vacancies": null,
                    "queue_days": [{ "date": "2026-12-01", "url": "automerge:q" }], "ticket_code": null,
                    "company_index": null, "agenda": null
                }
            })
        );
        assert_eq!(serde_json::from_value::<SessionResponse>(json).unwrap(), session);
    }

    /// Every action the relay logs (the hub: read, create, change, denied, change_refused; the
    /// app's opens; the totem's identify, issue, locked; revoke; administration and sign-ins;
    /// the export: `ALL`, pinned to its wire names above) has a label of its own.
    #[test]
    fn every_logged_action_has_its_own_italian_label() {
        let mut labels = std::collections::HashSet::new();
        for action in AuditAction::ALL {
            let (name, label) = (action.as_str(), action.label_it());
            assert!(!label.trim().is_empty() && label != "Altro", "{name}: {label:?}");
            assert!(labels.insert(label), "{name} shares its label {label:?}");
        }
        assert_eq!(AuditAction::Identify.label_it(), "Riconoscimento al totem");
        assert_eq!(AuditAction::Issue.label_it(), "Certificato emesso");
        assert_eq!(AuditAction::Create.label_it(), "Creato");
    }

    /// The app's query string reads back into the same query on the relay (serde's reading
    /// of a query is the one axum's `Query` uses).
    #[test]
    fn an_audit_query_travels_as_its_query_string() {
        let query = AuditQuery {
            doc: Some("automerge:abc".into()),
            limit: Some(50),
            who: Some("operator:anna.rossi@bari".into()),
            action: Some(AuditAction::Denied),
            from: Some("2026-11-01".into()),
            to: Some("2026-11-30".into()),
            before: Some(42),
        };
        let text = query.to_query_string();
        assert_eq!(
            text,
            "doc=automerge%3Aabc&limit=50&who=operator%3Aanna.rossi%40bari&action=denied&from=2026-11-01&to=2026-11-30&before=42"
        );
        let pairs: Vec<(String, String)> = text
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_owned(), percent_decode(v))
            })
            .collect();
        let json: serde_json::Map<String, serde_json::Value> = pairs
            .into_iter()
            .map(|(k, v)| {
                let value = v.parse::<i64>().map(serde_json::Value::from).unwrap_or(serde_json::Value::String(v));
                (k, value)
            })
            .collect();
        assert_eq!(serde_json::from_value::<AuditQuery>(json.into()).unwrap(), query);
        assert_eq!(AuditQuery::default().to_query_string(), "", "no filter, no parameter");
    }

    fn percent_decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    /// Requests the app sent before these types existed still read (optional fields).
    #[test]
    fn requests_read_without_their_optional_fields() {
        let login: LoginRequest = serde_json::from_str(r#"{"username":"a","password":"b"}"#).unwrap();
        assert_eq!(login.device, "");
        let enroll: EnrollRequest = serde_json::from_str(r#"{"code":"1","name":"Atrio"}"#).unwrap();
        assert_eq!(enroll.kind, crate::access::DeviceKind::Totem);
        let board: EnrollRequest = serde_json::from_str(r#"{"code":"1","name":"TV","kind":"display"}"#).unwrap();
        assert_eq!(board.kind, crate::access::DeviceKind::Display);
        assert!(serde_json::from_str::<EnrollRequest>(r#"{"code":"1","name":"TV","kind":"fax"}"#).is_err());
        let survey: SurveyRequest = serde_json::from_str(r#"{"g":"2026-12-01","k":"s","rating":4}"#).unwrap();
        assert_eq!(survey.comment, "");
    }
}
