//! Calls to the relay's JSON API. Errors come back as the Italian message the relay sent,
//! or a message of our own when the relay can't be reached.

use super::settings::Credentials;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sportello_core::access::Principal;

#[derive(Deserialize)]
struct SessionResponse {
    token: String,
    expires_at: i64,
    principal: Principal,
    documents: Documents,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Documents {
    pub board: Option<String>,
    #[serde(default)]
    pub index: Option<String>,
    #[serde(default)]
    pub outboxes: Vec<String>,
    #[serde(default)]
    pub vacancies: Option<String>,
    #[serde(default)]
    pub queue_days: Vec<super::settings::QueueDayRef>,
    #[serde(default)]
    pub ticket_code: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
}

const UNREACHABLE: &str = "Il server non è raggiungibile. Controlla la connessione e riprova.";

async fn parse<T: DeserializeOwned>(response: Result<Response, gloo_net::Error>) -> Result<T, String> {
    let response = response.map_err(|_| UNREACHABLE.to_string())?;
    if response.ok() {
        return response.json::<T>().await.map_err(|_| "Risposta del server non valida.".to_string());
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(body.error),
        Err(_) => Err(format!("Errore del server ({}).", response.status())),
    }
}

/// For calls that answer with no body: `Ok` on success, else the relay's message.
async fn no_content(response: Result<Response, gloo_net::Error>) -> Result<(), String> {
    let response = response.map_err(|_| UNREACHABLE.to_string())?;
    if response.ok() {
        return Ok(());
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(body.error),
        Err(_) => Err(format!("Errore del server ({}).", response.status())),
    }
}

fn credentials(s: SessionResponse) -> Credentials {
    Credentials {
        token: s.token,
        expires_at: s.expires_at,
        principal: s.principal,
        board: s.documents.board,
        index: s.documents.index,
        outboxes: s.documents.outboxes,
        vacancies: s.documents.vacancies,
        queue_days: s.documents.queue_days,
        ticket_code: s.documents.ticket_code,
    }
}

pub async fn login(username: &str, password: &str) -> Result<Credentials, String> {
    let request = Request::post("/api/login")
        .json(&json!({ "username": username, "password": password, "device": super::settings::device_name() }));
    let response = match request {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    parse::<SessionResponse>(response).await.map(credentials)
}

pub async fn logout(token: &str) {
    let _ = Request::post("/api/logout").header("Authorization", &format!("Bearer {token}")).send().await;
}

/// Enrolls this browser with a one-time code: `kind` is "totem" or "display" (a board).
pub async fn enroll(code: &str, name: &str, kind: &str) -> Result<Credentials, String> {
    let request = Request::post("/api/enroll").json(&json!({ "code": code, "name": name, "kind": kind }));
    let response = match request {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    parse::<SessionResponse>(response).await.map(credentials)
}

#[derive(Debug, Clone, Deserialize)]
pub struct EnrollmentCode {
    pub code: String,
    pub expires_at: i64,
}

pub async fn create_enrollment_code(token: &str) -> Result<EnrollmentCode, String> {
    let response =
        Request::post("/api/enrollment-codes").header("Authorization", &format!("Bearer {token}")).send().await;
    parse(response).await
}

/// Whether the relay still accepts a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCheck {
    Valid,
    /// The relay refused it: the session expired or the device was revoked.
    Rejected,
    /// The relay could not be asked.
    Unknown,
}

pub async fn check_token(token: &str) -> TokenCheck {
    match Request::get("/api/me").header("Authorization", &format!("Bearer {token}")).send().await {
        Ok(r) if r.ok() => TokenCheck::Valid,
        Ok(r) if r.status() == 401 => TokenCheck::Rejected,
        _ => TokenCheck::Unknown,
    }
}

#[derive(Deserialize)]
struct Me {
    documents: Documents,
    #[serde(default)]
    server_time_ms: Option<f64>,
}

/// The documents of the signed-in operator's CPI, as the relay knows them now (new totems
/// bring new outboxes). Also learns how far this device's clock is from the relay's.
pub async fn my_documents(token: &str) -> Result<Documents, String> {
    let sent = js_sys::Date::now();
    let response = Request::get("/api/me").header("Authorization", &format!("Bearer {token}")).send().await;
    let me = parse::<Me>(response).await?;
    if let Some(server) = me.server_time_ms {
        // The relay read its clock about half-way through the round trip.
        let local = (sent + js_sys::Date::now()) / 2.0;
        super::settings::set_clock_offset_ms((server - local) as i64);
    }
    Ok(me.documents)
}

/// Reports dossier opens to the audit log.
pub async fn report_opens(token: &str, opens: &[super::settings::PendingOpen]) -> Result<(), String> {
    let request = Request::post("/api/audit")
        .header("Authorization", &format!("Bearer {token}"))
        .json(&json!({ "opens": opens }));
    let response = match request {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    no_content(response).await
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuditEntry {
    pub at_ms: i64,
    pub device_at_ms: Option<i64>,
    pub doc: String,
    pub who: String,
    pub device: String,
    pub action: String,
}

#[derive(Deserialize)]
struct AuditLog {
    entries: Vec<AuditEntry>,
}

/// The audit log of the CPI (heads only), or of one dossier.
pub async fn audit_log(token: &str, doc: Option<&str>) -> Result<Vec<AuditEntry>, String> {
    let url = match doc {
        Some(doc) => format!("/api/audit?doc={doc}&limit=300"),
        None => "/api/audit?limit=300".to_string(),
    };
    let response = Request::get(&url).header("Authorization", &format!("Bearer {token}")).send().await;
    parse::<AuditLog>(response).await.map(|log| log.entries)
}

/// Registers a Tessera Sanitaria's last 8 digits and expiry in a dossier. The relay writes
/// only a keyed hash into the dossier (the change arrives through sync). Needs the relay.
pub async fn register_card(token: &str, dossier: &str, digits: &str, expiry: &str) -> Result<(), String> {
    let request = Request::post("/api/card-digits")
        .header("Authorization", &format!("Bearer {token}"))
        .json(&json!({ "dossier": dossier, "digits": digits, "expiry": expiry }));
    let response = match request {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    no_content(response).await
}

// --- Citizens at the totem and certificate checks ---------------------------------------

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn post_json<T: DeserializeOwned>(url: &str, token: Option<&str>, body: serde_json::Value) -> Result<T, String> {
    let mut request = Request::post(url);
    if let Some(token) = token {
        request = request.header("Authorization", &bearer(token));
    }
    let response = match request.json(&body) {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    parse(response).await
}

#[derive(Debug, Clone, Deserialize)]
pub struct Identified {
    pub session: String,
    pub status: sportello_core::citizen::CitizenStatus,
}

/// Identification at a totem. The relay counts failures and locks the codice fiscale.
pub async fn identify(token: &str, codice_fiscale: &str, digits: &str, expiry: &str) -> Result<Identified, String> {
    post_json(
        "/api/identify",
        Some(token),
        json!({ "codice_fiscale": codice_fiscale, "digits": digits, "expiry": expiry }),
    )
    .await
}

/// Ends a citizen's session on the relay (best effort: it expires by itself anyway).
pub async fn end_citizen_session(token: &str, session: &str) {
    let request =
        Request::post("/api/citizen/end").header("Authorization", &bearer(token)).json(&json!({ "session": session }));
    if let Ok(r) = request {
        let _ = r.send().await;
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IssuedCertificate {
    pub number: String,
    pub title: String,
    pub cpi_name: String,
    pub issued_at: String,
    pub certificate: sportello_core::certificate::Certificate,
    pub qr_text: String,
}

pub async fn issue_certificate(token: &str, session: &str, kind: &str) -> Result<IssuedCertificate, String> {
    post_json("/api/citizen/certificates", Some(token), json!({ "session": session, "kind": kind })).await
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublicKey {
    pub key_id: String,
    pub cpi: String,
    /// Hex.
    pub public_key: String,
}

#[derive(Deserialize)]
struct Keys {
    keys: Vec<PublicKey>,
}

/// The relay's public keys (cached by the caller for offline checks).
pub async fn public_keys() -> Result<Vec<PublicKey>, String> {
    parse::<Keys>(Request::get("/api/keys").send().await).await.map(|k| k.keys)
}

#[derive(Debug, Clone, Deserialize)]
pub struct CertificateState {
    pub status: String,
    pub revoked_at: Option<String>,
}

/// Whether the relay has revoked a certificate. `Err` when it cannot be asked.
pub async fn certificate_state(number: &str) -> Result<CertificateState, String> {
    parse(Request::get(&format!("/api/certificates/{number}")).send().await).await
}

pub async fn revoke_certificate(token: &str, number: &str) -> Result<(), String> {
    let response = Request::post(&format!("/api/certificates/{number}/revoke"))
        .header("Authorization", &bearer(token))
        .send()
        .await;
    no_content(response).await
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PublicVacancy {
    pub cpi_name: String,
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

/// One published vacancy, without signing in (the phone page of a totem's QR code).
pub async fn public_vacancy(cpi: &str, id: &str) -> Result<PublicVacancy, String> {
    parse(Request::get(&format!("/api/public/vacancies/{cpi}/{id}")).send().await).await
}

/// Where a ticket stands, as its phone page shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PublicTicket {
    pub number: String,
    pub cpi_name: String,
    pub date: String,
    pub area: String,
    pub area_name: String,
    /// waiting, called, serving, done, no_show.
    pub state: String,
    pub desk: Option<u16>,
    pub ahead: usize,
    pub wait_minutes: Option<u32>,
    pub desks_open: u32,
    pub surveyed: bool,
}

fn query_escape(text: &str) -> String {
    js_sys::encode_uri_component(text).as_string().unwrap_or_default()
}

pub async fn public_ticket(cpi: &str, number: &str, date: &str, secret: &str) -> Result<PublicTicket, String> {
    let url = format!("/api/public/queue/{}/{}", query_escape(cpi), query_escape(number));
    let response = match Request::post(&url).json(&json!({ "g": date, "k": secret })) {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    parse(response).await
}

/// Sends a citizen's rating of a served ticket's area.
pub async fn answer_survey(
    cpi: &str,
    number: &str,
    date: &str,
    secret: &str,
    rating: u8,
    comment: &str,
) -> Result<(), String> {
    let url = format!("/api/public/queue/{}/{}/survey", query_escape(cpi), query_escape(number));
    let body = json!({ "g": date, "k": secret, "rating": rating, "comment": comment });
    let response = match Request::post(&url).json(&body) {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    };
    no_content(response).await
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AreaSatisfaction {
    pub area: String,
    pub area_name: String,
    pub responses: u32,
    pub mean: Option<f64>,
    pub counts: [u32; 5],
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SurveyComment {
    pub area: String,
    pub rating: u8,
    pub comment: String,
    pub day: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Satisfaction {
    pub month: String,
    pub areas: Vec<AreaSatisfaction>,
    pub comments: Vec<SurveyComment>,
}

/// A month's survey results of the operator's CPI.
pub async fn satisfaction(token: &str, month: &str) -> Result<Satisfaction, String> {
    let url = format!("/api/queue/satisfaction?month={}", query_escape(month));
    parse(Request::get(&url).header("Authorization", &bearer(token)).send().await).await
}
