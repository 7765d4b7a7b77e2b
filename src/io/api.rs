//! Calls to the relay's JSON API. Errors come back as the Italian message the relay sent,
//! or a message of our own when the relay can't be reached.

use super::settings::Credentials;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sportello_core::api::{
    CardDigitsRequest, CitizenSessionRequest, DeviceToken, EnrollRequest, ErrorBody, IdentifyRequest, IssueRequest,
    Keys, LoginRequest, Me, OpenReports, SessionResponse, SurveyRequest, SyncTicket, TicketQuery,
};
// The relay's answers, under the names the pages import from here.
pub use sportello_core::api::{
    AreaSatisfaction, AuditAction, AuditEntry, AuditLog, AuditQuery, CertificateState, CertificateStatus, Documents,
    EnrollmentCode, Identified, IssuedCertificate, PublicKey, PublicTicket, PublicVacancy, Satisfaction, SurveyComment,
};

const UNREACHABLE: &str = "Il server non è raggiungibile. Controlla la connessione e riprova.";

pub(super) async fn parse<T: DeserializeOwned>(response: Result<Response, gloo_net::Error>) -> Result<T, String> {
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
pub(super) async fn no_content(response: Result<Response, gloo_net::Error>) -> Result<(), String> {
    let response = response.map_err(|_| UNREACHABLE.to_string())?;
    if response.ok() {
        return Ok(());
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(body.error),
        Err(_) => Err(format!("Errore del server ({}).", response.status())),
    }
}

/// A POST with a JSON body of the contract, optionally signed in.
pub(super) async fn post<B: Serialize>(url: &str, token: Option<&str>, body: &B) -> Result<Response, gloo_net::Error> {
    let mut request = Request::post(url);
    if let Some(token) = token {
        request = request.header("Authorization", &bearer(token));
    }
    request.json(body)?.send().await
}

pub async fn login(username: &str, password: &str) -> Result<Credentials, String> {
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
        device: super::devices::audit_name(),
    };
    parse::<SessionResponse>(post("/api/login", None, &body).await).await.map(Credentials::from)
}

pub async fn logout(token: &str) {
    let _ = Request::post("/api/logout").header("Authorization", &bearer(token)).send().await;
}

/// Enrolls this browser with a one-time code as a totem or a display board.
pub async fn enroll(code: &str, name: &str, kind: sportello_core::access::DeviceKind) -> Result<Credentials, String> {
    let body = EnrollRequest { code: code.to_owned(), name: name.to_owned(), kind };
    parse::<SessionResponse>(post("/api/enroll", None, &body).await).await.map(Credentials::from)
}

pub async fn create_enrollment_code(token: &str) -> Result<EnrollmentCode, String> {
    let response = Request::post("/api/enrollment-codes").header("Authorization", &bearer(token)).send().await;
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

/// `GET /api/me` with this app's version, which the relay keeps for the devices list.
fn me_request(token: &str) -> gloo_net::http::RequestBuilder {
    Request::get("/api/me")
        .header("Authorization", &bearer(token))
        .header(sportello_core::api::APP_VERSION_HEADER, env!("CARGO_PKG_VERSION"))
}

/// A device's token renewal: the new token once less than half of the old one's life is left.
pub async fn renew_device_token(token: &str) -> Result<DeviceToken, String> {
    let response = Request::post("/api/device-token").header("Authorization", &bearer(token)).send().await;
    parse(response).await
}

/// A one-time ticket for the sync socket; `Err(Rejected)` when the relay refuses the token.
pub async fn sync_ticket(token: &str) -> Result<SyncTicket, TokenCheck> {
    let response = Request::post("/api/sync-ticket").header("Authorization", &bearer(token)).send().await;
    match response {
        Ok(r) if r.ok() => r.json::<SyncTicket>().await.map_err(|_| TokenCheck::Unknown),
        Ok(r) if r.status() == 401 => Err(TokenCheck::Rejected),
        _ => Err(TokenCheck::Unknown),
    }
}

/// A device's contact (`/api/me` with the app's version): the answer, or whether the relay
/// refused the token.
pub async fn device_contact(token: &str) -> Result<Me, TokenCheck> {
    match me_request(token).send().await {
        Ok(r) if r.ok() => r.json::<Me>().await.map_err(|_| TokenCheck::Unknown),
        Ok(r) if r.status() == 401 => Err(TokenCheck::Rejected),
        _ => Err(TokenCheck::Unknown),
    }
}

pub async fn check_token(token: &str) -> TokenCheck {
    match me_request(token).send().await {
        Ok(r) if r.ok() => TokenCheck::Valid,
        Ok(r) if r.status() == 401 => TokenCheck::Rejected,
        _ => TokenCheck::Unknown,
    }
}

/// The documents of the signed-in operator's CPI, as the relay knows them now (new totems
/// bring new outboxes). Also learns how far this device's clock is from the relay's.
pub async fn my_documents(token: &str) -> Result<Documents, String> {
    let sent = js_sys::Date::now();
    let me = parse::<Me>(me_request(token).send().await).await?;
    if let Some(server) = me.server_time_ms {
        // The relay read its clock about half-way through the round trip.
        let local = (sent + js_sys::Date::now()) / 2.0;
        super::settings::set_clock_offset_ms((server as f64 - local) as i64);
    }
    Ok(me.documents)
}

/// Reports dossier opens to the audit log.
pub async fn report_opens(token: &str, opens: &[super::settings::PendingOpen]) -> Result<(), String> {
    let body = OpenReports { opens: opens.to_vec() };
    no_content(post("/api/audit", Some(token), &body).await).await
}

/// The audit log of the CPI (heads only), or of one dossier.
pub async fn audit_log(token: &str, doc: Option<&str>) -> Result<Vec<AuditEntry>, String> {
    let query = AuditQuery { doc: doc.map(str::to_owned), limit: Some(300), ..Default::default() };
    audit_page(token, &query).await.map(|log| log.entries)
}

/// One page of the CPI's audit log matching `query` (heads only).
pub async fn audit_page(token: &str, query: &AuditQuery) -> Result<AuditLog, String> {
    let url = format!("/api/audit?{}", query.to_query_string());
    parse(Request::get(&url).header("Authorization", &bearer(token)).send().await).await
}

/// The CPI's audit log matching `query` as a CSV file (heads only); the relay logs the export.
pub async fn audit_csv(token: &str, query: &AuditQuery) -> Result<Vec<u8>, String> {
    let query = AuditQuery { limit: None, before: None, ..query.clone() };
    let url = format!("/api/audit.csv?{}", query.to_query_string());
    let response = Request::get(&url).header("Authorization", &bearer(token)).send().await;
    let response = response.map_err(|_| UNREACHABLE.to_string())?;
    if !response.ok() {
        return Err(match response.json::<ErrorBody>().await {
            Ok(body) => body.error,
            Err(_) => format!("Errore del server ({}).", response.status()),
        });
    }
    response.binary().await.map_err(|_| "Risposta del server non valida.".to_string())
}

/// Registers a Tessera Sanitaria's last 8 digits and expiry in a dossier. The relay writes
/// only a keyed hash into the dossier (the change arrives through sync). Needs the relay.
pub async fn register_card(token: &str, dossier: &str, digits: &str, expiry: &str) -> Result<(), String> {
    let body = CardDigitsRequest { dossier: dossier.to_owned(), digits: digits.to_owned(), expiry: expiry.to_owned() };
    no_content(post("/api/card-digits", Some(token), &body).await).await
}

// --- Citizens at the totem and certificate checks ---------------------------------------

pub(super) fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// Identification at a totem. The relay counts failures and locks the codice fiscale.
pub async fn identify(token: &str, codice_fiscale: &str, digits: &str, expiry: &str) -> Result<Identified, String> {
    let body = IdentifyRequest {
        codice_fiscale: codice_fiscale.to_owned(),
        digits: digits.to_owned(),
        expiry: expiry.to_owned(),
    };
    parse(post("/api/identify", Some(token), &body).await).await
}

/// Ends a citizen's session on the relay (best effort: it expires by itself anyway).
pub async fn end_citizen_session(token: &str, session: &str) {
    let _ = post("/api/citizen/end", Some(token), &CitizenSessionRequest { session: session.to_owned() }).await;
}

pub async fn issue_certificate(token: &str, session: &str, kind: &str) -> Result<IssuedCertificate, String> {
    let body = IssueRequest { session: session.to_owned(), kind: kind.to_owned() };
    parse(post("/api/citizen/certificates", Some(token), &body).await).await
}

/// The CPIs' public signing keys (the caller keeps them for offline checks).
pub async fn public_keys() -> Result<Vec<PublicKey>, String> {
    public_keys_with_origin().await.map(|(keys, _)| keys)
}

/// The public keys and whether they came from the relay now (`true`) or from the copy the
/// service worker keeps for offline use (`false`, marked by its header).
pub async fn public_keys_with_origin() -> Result<(Vec<PublicKey>, bool), String> {
    let response = Request::get("/api/keys").send().await;
    let fresh = response.as_ref().is_ok_and(|r| r.headers().get("x-sportello-offline-copy").is_none());
    parse::<Keys>(response).await.map(|k| (k.keys, fresh))
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

/// One published vacancy, without signing in (the phone page of a totem's QR code).
pub async fn public_vacancy(cpi: &str, id: &str) -> Result<PublicVacancy, String> {
    parse(Request::get(&format!("/api/public/vacancies/{cpi}/{id}")).send().await).await
}

fn query_escape(text: &str) -> String {
    js_sys::encode_uri_component(text).as_string().unwrap_or_default()
}

pub async fn public_ticket(cpi: &str, number: &str, date: &str, secret: &str) -> Result<PublicTicket, String> {
    let url = format!("/api/public/queue/{}/{}", query_escape(cpi), query_escape(number));
    let body = TicketQuery { g: date.to_owned(), k: secret.to_owned() };
    parse(post(&url, None, &body).await).await
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
    let body = SurveyRequest { g: date.to_owned(), k: secret.to_owned(), rating, comment: comment.to_owned() };
    no_content(post(&url, None, &body).await).await
}

/// A month's survey results of the operator's CPI.
pub async fn satisfaction(token: &str, month: &str) -> Result<Satisfaction, String> {
    let url = format!("/api/queue/satisfaction?month={}", query_escape(month));
    parse(Request::get(&url).header("Authorization", &bearer(token)).send().await).await
}
