//! What a signed-in device (an operator's desk, a totem, a display board, a tablet) keeps of
//! its CPI's documents: asked again of the relay, stored with its credentials, and followed;
//! a tablet's contact and wipe.

use super::settings::{self, Credentials};
use super::{api, sync};
use sportello_core::cpi::Cpi;
use sportello_core::sync::ids::DocumentId;

/// An enrolled device of a CPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceKind {
    /// A totem: tickets, declarations, certificates, vacancies.
    Totem,
    /// A display board: it shows the queue only.
    DisplayBoard,
    /// A visiting officer's tablet: operators sign in on it; it encrypts what it keeps.
    Tablet,
}

impl DeviceKind {
    /// The kind the relay's enrollment expects.
    fn code(self) -> sportello_core::access::DeviceKind {
        match self {
            DeviceKind::Totem => sportello_core::access::DeviceKind::Totem,
            DeviceKind::DisplayBoard => sportello_core::access::DeviceKind::Display,
            DeviceKind::Tablet => sportello_core::access::DeviceKind::Tablet,
        }
    }
}

/// Whose credentials a device holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// An operator's session on a desk.
    Operator,
    /// An enrolled totem or display board.
    Device(DeviceKind),
}

/// Enrolls this device as a `kind` of `cpi` with the one-time code an operator generated
/// (typed with or without its dash) and stores its credentials. The Italian reason if not.
pub async fn enroll(kind: DeviceKind, cpi: &Cpi, typed_code: &str, name: &str) -> Result<(), String> {
    let digits: String = typed_code.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 8 {
        return Err("Il codice di attivazione ha 8 cifre.".into());
    }
    let device = api::enroll(&digits, name, kind.code()).await?;
    if device.principal.cpi() != cpi.slug {
        return Err(format!("Questo codice è di un altro Centro per l'Impiego ({}).", device.principal.cpi()));
    }
    match kind {
        DeviceKind::Tablet => settings::set_tablet_device(&device),
        DeviceKind::Totem | DeviceKind::DisplayBoard => settings::set_totem_device(&device),
    }
    Ok(())
}

/// Whether this browser is an enrolled tablet, which keeps its copy encrypted
/// (`sportello_core::access::encrypts_at_rest`).
pub fn encrypts_at_rest() -> bool {
    settings::tablet_device().is_some_and(|t| {
        matches!(t.principal, sportello_core::access::Principal::Tablet { .. })
            && sportello_core::access::encrypts_at_rest(DeviceKind::Tablet.code())
    })
}

/// How this browser names itself in the audit log at sign-in: on a tablet its device id
/// comes first, so the head sees which tablet an operator used (self-declared by the app).
pub fn audit_name() -> String {
    let name = settings::device_name();
    match settings::tablet_device().as_ref().and_then(|t| t.principal.device_id().map(str::to_owned)) {
        Some(tablet) => format!("{tablet} · {name}"),
        None => name,
    }
}

/// What a tablet's contact with the relay said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    Fine,
    /// The head asked to wipe it, or revoked it: its copy must go.
    Wipe,
    /// The relay could not be asked.
    Unknown,
}

/// Tells the relay this tablet is alive (last contact, app version) and learns whether it
/// must wipe its copy. Not a tablet: nothing to tell.
pub async fn tablet_contact() -> Contact {
    let Some(tablet) = settings::tablet_device() else { return Contact::Unknown };
    match api::device_contact(&tablet.token).await {
        Ok(me) if me.wipe => Contact::Wipe,
        Ok(me) => {
            // A tablet in use renews its own token like a totem (a refused one would wipe),
            // asked only once the relay says it is due (a relay that does not say: each time).
            if me.token_renew_in.is_none_or(|seconds| seconds == 0) {
                if let Ok(sportello_core::api::DeviceToken { token: Some(token), expires_at, .. }) =
                    api::renew_device_token(&tablet.token).await
                {
                    settings::set_tablet_device(&Credentials { token, expires_at, ..tablet });
                }
            }
            Contact::Fine
        }
        Err(api::TokenCheck::Rejected) => Contact::Wipe,
        Err(_) => Contact::Unknown,
    }
}

/// Deletes everything of the CPI this tablet keeps: the documents in IndexedDB, the wrapped
/// key (so no PIN reads what might be left), the operator's session and traces. The
/// enrollment stays: the tablet is used again after a new sign-in and PIN (a head who wants
/// it gone revokes it). Opens not yet in the audit log stay (dossier ids and times).
pub async fn wipe_local_copy() {
    settings::clear_operator_session();
    settings::clear_operator_traces();
    super::vault::forget();
    sync::stop_and_wipe().await;
}

/// The document ids among `urls`.
pub fn parse_ids(urls: &[String]) -> Vec<DocumentId> {
    urls.iter().filter_map(|u| DocumentId::parse(u).ok()).collect()
}

/// Asks the relay which documents `credentials` reach now (the queue days roll forward, a
/// totem enrolled meanwhile brings a new outbox, an older enrollment learns the vacancies
/// and its ticket letter), stores them with the credentials and follows the ones this
/// device should hold: outboxes (operators'), vacancies (not on a display board), and the
/// queue days from yesterday on. Returns
/// the updated credentials, or the relay's Italian error.
pub async fn refresh_documents(
    holder: Holder,
    credentials: &Credentials,
    today: chrono::NaiveDate,
) -> Result<Credentials, String> {
    let documents = match api::my_documents(&credentials.token).await {
        Ok(documents) => documents,
        Err(err) => {
            if let Holder::Device(_) = holder {
                keep_token_fresh(None);
            }
            return Err(err);
        }
    };
    let mut updated = credentials.clone();
    if let Holder::Device(_) = holder {
        let renew_in = renew_token(&mut updated).await;
        keep_token_fresh(renew_in);
    }
    updated.index = documents.index;
    updated.outboxes = documents.outboxes;
    updated.vacancies = documents.vacancies;
    updated.company_index = documents.company_index;
    updated.agenda = documents.agenda;
    updated.queue_days = documents.queue_days;
    updated.ticket_code = documents.ticket_code;
    let vacancies = updated
        .vacancies
        .iter()
        .filter(|_| holder != Holder::Device(DeviceKind::DisplayBoard))
        .filter_map(|u| DocumentId::parse(u).ok());
    let agenda = updated.agenda.as_deref().and_then(|u| DocumentId::parse(u).ok());
    let follow = parse_ids(&updated.outboxes).into_iter().chain(vacancies).chain(agenda);
    for id in follow.chain(updated.current_queue_days(today)) {
        sync::open(id);
    }
    match holder {
        Holder::Operator => settings::set_operator_session(&updated),
        Holder::Device(_) => settings::set_totem_device(&updated),
    }
    Ok(updated)
}

/// A device in use renews its token before it expires (the relay answers with a new one once
/// less than half of its life is left): stored at once, and used by the running sync for its
/// next connection. Returns in how many seconds the relay says the next renewal is due;
/// `None` when it could not be asked (the token stays).
async fn renew_token(credentials: &mut Credentials) -> Option<i64> {
    let renewal = api::renew_device_token(&credentials.token).await.ok()?;
    credentials.expires_at = renewal.expires_at;
    if let Some(token) = renewal.token {
        credentials.token = token;
        settings::set_totem_device(credentials);
        sync::set_token(&credentials.token);
    }
    Some(renewal.renew_in)
}

thread_local! {
    static KEEPING_FRESH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A totem or display board left on for weeks without a restart renews its token too: once
/// per page, a timer asks again when the relay said the renewal is due (`renew_in` seconds
/// from now), at least every few hours (`access::device_token_next_check`).
fn keep_token_fresh(renew_in: Option<i64>) {
    if KEEPING_FRESH.with(|k| k.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut next = sportello_core::access::device_token_next_check(renew_in);
        loop {
            gloo_timers::future::sleep(std::time::Duration::from_secs(next.unsigned_abs())).await;
            let Some(mut credentials) = settings::totem_device() else { return };
            next = sportello_core::access::device_token_next_check(renew_token(&mut credentials).await);
        }
    });
}

/// Signs an operator in and keeps the session on this desk.
pub async fn log_in(username: &str, password: &str) -> Result<Credentials, String> {
    let credentials = api::login(username, password).await?;
    settings::set_operator_session(&credentials);
    Ok(credentials)
}

/// Ends an operator's session on this desk: nothing of the CPI stays on a shared computer.
/// The stored session and traces go at once; then the sync stops and IndexedDB is wiped,
/// the opens `by` recorded go to the audit log while the token still works, and the relay
/// ends the token. Opens the relay could not take stay queued (ids and times only) for
/// `by`'s next sign-in on this device.
pub fn log_out(token: String, by: String) {
    settings::clear_operator_session();
    settings::clear_operator_traces();
    // A tablet's PIN is the operator's: the next one sets their own.
    super::vault::forget();
    wasm_bindgen_futures::spawn_local(async move {
        sync::stop_and_wipe().await;
        super::dossiers::send_opens(&token, &by).await;
        api::logout(&token).await;
    });
}

/// Signs in again after the relay refused the session, keeping the local documents: their
/// pending changes go out after the new sign-in.
pub fn sign_in_again() {
    sync::stop();
    settings::clear_operator_session();
}
