//! Small settings kept in localStorage (gloo-storage): the device's role and credentials
//! and the ids of the documents it follows. Never personal data of citizens.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use sportello_core::access::Principal;
use sportello_core::api::{Documents, SessionResponse};

const OPERATOR_SESSION: &str = "sportello.operator";
const TOTEM_DEVICE: &str = "sportello.totem";

/// What a signed-in operator or an enrolled totem needs to work offline after a reload: the
/// relay's session answer, kept flat in localStorage (the documents' fields beside the token,
/// as devices in the field already store them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub token: String,
    pub expires_at: i64,
    pub principal: Principal,
    #[serde(flatten)]
    pub documents: Documents,
}

pub use sportello_core::api::{OpenReport as PendingOpen, QueueDayRef};

impl From<SessionResponse> for Credentials {
    fn from(s: SessionResponse) -> Self {
        Credentials { token: s.token, expires_at: s.expires_at, principal: s.principal, documents: s.documents }
    }
}

/// The pages read and refresh a device's documents as fields of its credentials.
impl std::ops::Deref for Credentials {
    type Target = Documents;
    fn deref(&self) -> &Documents {
        &self.documents
    }
}

impl std::ops::DerefMut for Credentials {
    fn deref_mut(&mut self) -> &mut Documents {
        &mut self.documents
    }
}

impl Credentials {
    /// The queue document of `date`, if the relay has told this device about it.
    pub fn queue_day(&self, date: chrono::NaiveDate) -> Option<sportello_core::sync::ids::DocumentId> {
        let date = date.to_string();
        let day = self.queue_days.iter().find(|d| d.date == date)?;
        sportello_core::sync::ids::DocumentId::parse(&day.url).ok()
    }

    /// Queue documents worth keeping in sync: from yesterday on.
    pub fn current_queue_days(&self, today: chrono::NaiveDate) -> Vec<sportello_core::sync::ids::DocumentId> {
        let yesterday = (today - chrono::Duration::days(1)).to_string();
        self.queue_days
            .iter()
            .filter(|d| d.date >= yesterday)
            .filter_map(|d| sportello_core::sync::ids::DocumentId::parse(&d.url).ok())
            .collect()
    }
}

/// The operator's session on this device. On a tablet the stored copy has no token (it is
/// sealed in `io::vault`): the token is filled in while the tablet is unlocked.
pub fn operator_session() -> Option<Credentials> {
    let mut session: Credentials = LocalStorage::get(OPERATOR_SESSION).ok()?;
    if super::devices::encrypts_at_rest() {
        session.token = super::vault::session_token().unwrap_or_default();
    }
    Some(session)
}

pub fn set_operator_session(credentials: &Credentials) {
    if super::devices::encrypts_at_rest() {
        let stored = Credentials { token: String::new(), ..credentials.clone() };
        let _ = LocalStorage::set(OPERATOR_SESSION, &stored);
    } else {
        let _ = LocalStorage::set(OPERATOR_SESSION, credentials);
    }
}

pub fn clear_operator_session() {
    LocalStorage::delete(OPERATOR_SESSION);
}

pub fn totem_device() -> Option<Credentials> {
    LocalStorage::get(TOTEM_DEVICE).ok()
}

pub fn set_totem_device(credentials: &Credentials) {
    let _ = LocalStorage::set(TOTEM_DEVICE, credentials);
}

const TABLET_DEVICE: &str = "sportello.tablet";

/// An enrolled tablet's device credentials (its token reaches no document: the operator
/// signed in on it works with their own session).
pub fn tablet_device() -> Option<Credentials> {
    LocalStorage::get(TABLET_DEVICE).ok()
}

pub fn set_tablet_device(credentials: &Credentials) {
    let _ = LocalStorage::set(TABLET_DEVICE, credentials);
}

const DEVICE_NAME: &str = "sportello.device";
const PINNED: &str = "sportello.pinned";
const PENDING_OPENS: &str = "sportello.audit-opens";
/// Opens kept for the audit log while offline; beyond this the oldest are reported as lost.
const MAX_PENDING_OPENS: usize = 2000;

/// How this browser names itself to the relay's audit log: browser, system and a random tag
/// that stays the same on this device ("Chrome · Linux · 3fa2c1").
pub fn device_name() -> String {
    if let Ok(name) = LocalStorage::get::<String>(DEVICE_NAME) {
        return name;
    }
    let agent = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    let browser = ["Edg", "Firefox", "Chrome", "Safari"].into_iter().find(|b| agent.contains(b)).unwrap_or("Browser");
    let system = ["Android", "iPad", "iPhone", "Windows", "Mac OS", "Linux"]
        .into_iter()
        .find(|s| agent.contains(s))
        .unwrap_or("sistema sconosciuto");
    let mut tag = [0u8; 3];
    let _ = getrandom::fill(&mut tag);
    let name = format!("{browser} · {system} · {}", super::hex(&tag));
    let _ = LocalStorage::set(DEVICE_NAME, &name);
    name
}

/// Dossiers the operator keeps on this device for offline work (document URLs).
pub fn pinned() -> Vec<String> {
    LocalStorage::get(PINNED).unwrap_or_default()
}

pub fn set_pinned(ids: &[String]) {
    let _ = LocalStorage::set(PINNED, ids);
}

/// An open waiting for the audit log, with the operator whose session recorded it. It holds
/// a dossier id and a time, never a name; only that operator's next session on this device
/// sends it, so the log never names someone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedOpen {
    /// `Principal::label` of the operator; empty in queues written before it was kept.
    #[serde(default)]
    pub by: String,
    #[serde(flatten)]
    pub open: PendingOpen,
}

impl QueuedOpen {
    /// Whether `by`'s session sends it (an open of unknown origin goes with the next one).
    fn is_of(&self, by: &str) -> bool {
        self.by == by || self.by.is_empty()
    }
}

fn queued_opens() -> Vec<QueuedOpen> {
    LocalStorage::get(PENDING_OPENS).unwrap_or_default()
}

fn set_queued_opens(opens: &[QueuedOpen]) {
    if opens.is_empty() {
        LocalStorage::delete(PENDING_OPENS);
    } else {
        let _ = LocalStorage::set(PENDING_OPENS, opens);
    }
}

/// The opens `by` recorded on this device and the relay has not confirmed, oldest first.
pub fn pending_opens(by: &str) -> Vec<PendingOpen> {
    opens_of(&queued_opens(), by)
}

pub fn push_pending_open(by: &str, open: PendingOpen) {
    let mut opens = queued_opens();
    opens.push(QueuedOpen { by: by.to_owned(), open });
    let excess = opens.len().saturating_sub(MAX_PENDING_OPENS);
    opens.drain(..excess);
    set_queued_opens(&opens);
}

/// Removes the first `n` pending opens of `by` (after the relay recorded them).
pub fn drop_pending_opens(by: &str, n: usize) {
    let mut opens = queued_opens();
    drop_first_of(&mut opens, by, n);
    set_queued_opens(&opens);
}

fn opens_of(queue: &[QueuedOpen], by: &str) -> Vec<PendingOpen> {
    queue.iter().filter(|q| q.is_of(by)).map(|q| q.open.clone()).collect()
}

fn drop_first_of(queue: &mut Vec<QueuedOpen>, by: &str, n: usize) {
    let mut left = n;
    queue.retain(|q| {
        let sent = left > 0 && q.is_of(by);
        left -= usize::from(sent);
        !sent
    });
}

/// Forgets what the operator's work left in this browser's settings (logout). Opens not yet
/// in the audit log stay (dossier ids and times: nothing that names a citizen once the
/// CPI's documents are wiped) until their operator's next session sends them.
pub fn clear_operator_traces() {
    LocalStorage::delete(PINNED);
    LocalStorage::delete(VISIT_PLAN);
}

const VISIT_PLAN: &str = "sportello.visits";

/// A visiting officer's plan on this device: the company records it keeps (document URLs),
/// and those taken off the plan that stay until the relay has all their changes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VisitPlan {
    pub planned: Vec<String>,
    #[serde(default)]
    pub leaving: Vec<String>,
}

/// `by`'s plan (`Principal::label`): each operator signed in on a tablet keeps their own.
pub fn visit_plan(by: &str) -> VisitPlan {
    let plans: std::collections::BTreeMap<String, VisitPlan> = LocalStorage::get(VISIT_PLAN).unwrap_or_default();
    plans.get(by).cloned().unwrap_or_default()
}

pub fn set_visit_plan(by: &str, plan: &VisitPlan) {
    let mut plans: std::collections::BTreeMap<String, VisitPlan> = LocalStorage::get(VISIT_PLAN).unwrap_or_default();
    plans.insert(by.to_owned(), plan.clone());
    let _ = LocalStorage::set(VISIT_PLAN, &plans);
}

const PUBLIC_KEYS: &str = "sportello.keys";

/// The certificate-signing public keys last fetched from the relay, for offline checks
/// (public data).
pub fn public_keys() -> Vec<super::api::PublicKey> {
    LocalStorage::get(PUBLIC_KEYS).unwrap_or_default()
}

pub fn set_public_keys(keys: &[super::api::PublicKey]) {
    let _ = LocalStorage::set(PUBLIC_KEYS, keys);
}

const HANDED_OVER: &str = "sportello.handed-over";

/// Ids of documents a totem handed to its CPI (declarations) and must forget once the relay
/// holds them. Ids only: the content is personal data and never goes to localStorage.
pub fn handed_over() -> Vec<String> {
    LocalStorage::get(HANDED_OVER).unwrap_or_default()
}

pub fn set_handed_over(ids: &[String]) {
    if ids.is_empty() {
        LocalStorage::delete(HANDED_OVER);
    } else {
        let _ = LocalStorage::set(HANDED_OVER, ids);
    }
}

const CLOCK_OFFSET: &str = "sportello.clock-offset";

/// How far the relay's clock is ahead of this device's, in milliseconds, as last measured.
pub fn clock_offset_ms() -> i64 {
    LocalStorage::get(CLOCK_OFFSET).unwrap_or(0)
}

pub fn set_clock_offset_ms(offset: i64) {
    let _ = LocalStorage::set(CLOCK_OFFSET, offset);
}

const DESK_SETUP: &str = "sportello.desk-setup";

/// The desk an operator works at on this computer and the areas it serves: the queue
/// console remembers it between sign-ins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSetup {
    pub desk: u16,
    /// Area letters, e.g. "BD".
    pub areas: String,
}

pub fn desk_setup() -> Option<DeskSetup> {
    LocalStorage::get(DESK_SETUP).ok()
}

pub fn set_desk_setup(setup: &DeskSetup) {
    let _ = LocalStorage::set(DESK_SETUP, setup);
}

const LAST_SYNC: &str = "sportello.last-sync";

/// When the relay last confirmed it had every change of this device (ms since the epoch),
/// kept so that a reload while offline still says when the device last synced.
pub fn last_sync_ms() -> Option<f64> {
    LocalStorage::get(LAST_SYNC).ok()
}

pub fn set_last_sync_ms(ms: f64) {
    let _ = LocalStorage::set(LAST_SYNC, ms);
}

/// The device's documents are gone (logout, wipe): it has synced nothing that it holds.
pub fn forget_last_sync() {
    LocalStorage::delete(LAST_SYNC);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(by: &str, doc: &str) -> QueuedOpen {
        QueuedOpen { by: by.into(), open: PendingOpen { doc: doc.into(), at_ms: 1 } }
    }

    #[test]
    fn an_operator_sends_only_their_own_opens_and_those_of_unknown_origin() {
        let queue = [open("operator:anna@bari", "a"), open("operator:bruno@bari", "b"), open("", "c")];
        let docs: Vec<_> = opens_of(&queue, "operator:anna@bari").into_iter().map(|o| o.doc).collect();
        assert_eq!(docs, ["a", "c"]);
        let docs: Vec<_> = opens_of(&queue, "operator:bruno@bari").into_iter().map(|o| o.doc).collect();
        assert_eq!(docs, ["b", "c"]);
    }

    #[test]
    fn dropping_what_was_sent_keeps_other_operators_opens_and_newer_ones() {
        let mut queue =
            vec![open("operator:anna@bari", "a"), open("operator:bruno@bari", "b"), open("operator:anna@bari", "c")];
        drop_first_of(&mut queue, "operator:anna@bari", 1);
        assert_eq!(queue, [open("operator:bruno@bari", "b"), open("operator:anna@bari", "c")]);
        drop_first_of(&mut queue, "operator:anna@bari", 5);
        assert_eq!(queue, [open("operator:bruno@bari", "b")]);
    }

    /// Queues written before the operator was kept still read, as opens of unknown origin.
    #[test]
    fn a_queue_of_the_previous_release_still_reads() {
        let old: Vec<QueuedOpen> = serde_json::from_str(r#"[{"doc":"x","at_ms":5}]"#).unwrap();
        assert_eq!(
            old,
            [open("", "x")].map(|mut q| {
                q.open.at_ms = 5;
                q
            })
        );
    }
}
