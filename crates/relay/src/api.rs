//! The JSON API: login/logout, who am I (with the ids of my CPI's documents), totem
//! enrollment. Errors carry an Italian message the app can show as it is.

use crate::audit::{AuditAction, AuditEntry};
use crate::auth::{AuthError, Session};
use crate::{now_secs, wellknown, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sportello_core::access::{AccessClass, Principal, Role};
use sportello_core::sync::ids::DocumentId;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/enrollment-codes", post(create_enrollment_code))
        .route("/api/enroll", post(enroll))
        .route("/api/audit", post(report_opens).get(audit_log))
        .route("/api/card-digits", post(card_digits))
}

/// An error answer: a status and an Italian message the app shows as it is.
pub struct ApiError(pub StatusCode, pub std::borrow::Cow<'static, str>);

impl ApiError {
    pub const fn new(status: StatusCode, message: &'static str) -> Self {
        ApiError(status, std::borrow::Cow::Borrowed(message))
    }

    pub fn owned(status: StatusCode, message: String) -> Self {
        ApiError(status, std::borrow::Cow::Owned(message))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::BadCredentials => ApiError::new(StatusCode::UNAUTHORIZED, "Credenziali non valide."),
            AuthError::Expired => ApiError::new(StatusCode::UNAUTHORIZED, "La sessione o il codice sono scaduti."),
            AuthError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "Operazione non consentita."),
            AuthError::Store(err) => {
                tracing::error!(%err, "storage error in the API");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Errore interno del server. Riprova tra poco.")
            }
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

pub fn principal(state: &AppState, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let token = bearer(headers).ok_or(ApiError::new(StatusCode::UNAUTHORIZED, "Accesso richiesto."))?;
    Ok(state.accounts().authenticate(token, now_secs())?)
}

#[derive(Deserialize)]
struct LoginRequest {
    username: String,
    password: String,
    /// How the browser names itself, for the audit log.
    #[serde(default)]
    device: String,
}

#[derive(Serialize)]
struct SessionResponse {
    token: String,
    expires_at: i64,
    principal: Principal,
    documents: Documents,
}

#[derive(Serialize)]
struct Documents {
    /// `automerge:` URL of the CPI's public board.
    board: Option<String>,
    /// `automerge:` URLs of the outboxes of the CPI's totems (operators only).
    outboxes: Vec<String>,
    /// `automerge:` URL of the CPI's dossier index (operators only).
    index: Option<String>,
    /// `automerge:` URL of the CPI's published vacancies.
    vacancies: Option<String>,
}

fn documents(state: &AppState, principal: &Principal) -> Result<Documents, ApiError> {
    let store_error = |e| ApiError::from(AuthError::Store(e));
    let board = state.well_known().get(principal.cpi(), wellknown::BOARD).map_err(store_error)?;
    let (outboxes, index) = match principal {
        Principal::Operator { cpi, .. } => (
            state.well_known().outboxes(cpi).map_err(store_error)?,
            state.well_known().get(cpi, wellknown::INDEX).map_err(store_error)?,
        ),
        Principal::Totem { .. } => (Vec::new(), None),
    };
    let vacancies = state.well_known().get(principal.cpi(), wellknown::VACANCIES).map_err(store_error)?;
    Ok(Documents {
        vacancies: vacancies.map(|id| id.url()),
        board: board.map(|id| id.url()),
        outboxes: outboxes.iter().map(|id| id.url()).collect(),
        index: index.map(|id| id.url()),
    })
}

async fn login(
    State(state): State<AppState>,
    Json(req): Json<LoginRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let accounts = state.clone();
    let session = state
        .on_password_thread(move || {
            let device = if req.device.trim().is_empty() { "browser" } else { req.device.trim() };
            accounts.accounts().login(req.username.trim(), &req.password, device, now_secs())
        })
        .await
        .ok_or(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Errore interno del server."))??;
    tracing::info!(who = %session.principal.label(), "operator logged in");
    session_response(&state, session)
}

fn session_response(state: &AppState, session: Session) -> Result<Json<SessionResponse>, ApiError> {
    let documents = documents(state, &session.principal)?;
    Ok(Json(SessionResponse {
        token: session.token,
        expires_at: session.expires_at,
        principal: session.principal,
        documents,
    }))
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    if let Some(token) = bearer(&headers) {
        state.accounts().logout(token)?;
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<serde_json::Value>, ApiError> {
    let principal = principal(&state, &headers)?;
    let documents = documents(&state, &principal)?;
    Ok(Json(json!({ "principal": principal, "documents": documents })))
}

async fn create_enrollment_code(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    let principal = principal(&state, &headers)?;
    let (code, expires_at) = state.accounts().create_enrollment_code(&principal, now_secs())?;
    tracing::info!(who = %principal.label(), "enrollment code created");
    Ok(Json(json!({ "code": code, "expires_at": expires_at, "cpi": principal.cpi() })))
}

#[derive(Deserialize)]
struct EnrollRequest {
    code: String,
    name: String,
}

async fn enroll(
    State(state): State<AppState>,
    Json(req): Json<EnrollRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let name = if req.name.trim().is_empty() { "Totem" } else { req.name.trim() };
    let session = state.accounts().enroll(&req.code, name, now_secs())?;
    session_response(&state, session)
}

#[derive(Deserialize)]
struct OpenReport {
    /// Dossier id or `automerge:` URL.
    doc: String,
    /// When the dossier was opened on the device (ms since the epoch).
    at_ms: i64,
}

#[derive(Deserialize)]
struct OpenReports {
    opens: Vec<OpenReport>,
}

/// The app reports the dossiers an operator opened (queued while offline). Each must be a
/// dossier of the operator's CPI.
async fn report_opens(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(req): Json<OpenReports>,
) -> Result<StatusCode, ApiError> {
    let token = bearer(&headers).ok_or(ApiError::new(StatusCode::UNAUTHORIZED, "Accesso richiesto."))?;
    let (principal, device) = state.accounts().authenticate_device(token, now_secs())?;
    if !matches!(principal, Principal::Operator { .. }) || req.opens.len() > 1000 {
        return Err(AuthError::Forbidden.into());
    }
    let now = crate::now_millis() as i64;
    let hub_state = state.clone();
    let entries = tokio::task::spawn_blocking(move || {
        let mut entries = Vec::new();
        for open in req.opens {
            let Ok(id) = DocumentId::parse(&open.doc) else { continue };
            let class = hub_state.with_hub(|hub| hub.class(&id)).map_err(AuthError::Store)?;
            let ours = matches!(&class, Some(AccessClass::Private { cpi }) if cpi == principal.cpi());
            let action = if ours { AuditAction::Open } else { AuditAction::Denied };
            entries.push(AuditEntry {
                at_ms: now,
                device_at_ms: Some(open.at_ms),
                cpi: class.as_ref().map_or_else(|| principal.cpi().to_owned(), |c| c.cpi().to_owned()),
                doc: id.to_string(),
                who: principal.label(),
                device: device.clone(),
                action,
            });
        }
        hub_state.audit().record(&entries).map_err(AuthError::Store)?;
        Ok::<_, AuthError>(entries.len())
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Errore interno del server."))??;
    tracing::debug!(entries, "dossier opens recorded");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct AuditQuery {
    doc: Option<String>,
    limit: Option<usize>,
}

/// The audit log of the head's CPI, or of one of its dossiers.
async fn audit_log(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<AuditQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let principal = principal(&state, &headers)?;
    let Principal::Operator { role: Role::Head, cpi, .. } = &principal else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Il registro degli accessi è riservato al responsabile del CPI.",
        ));
    };
    let doc = match &query.doc {
        Some(d) => Some(
            DocumentId::parse(d)
                .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "Identificativo del fascicolo non valido."))?
                .to_string(),
        ),
        None => None,
    };
    let limit = query.limit.unwrap_or(200).min(1000);
    let entries = state.audit().list(cpi, doc.as_deref(), limit).map_err(AuthError::Store)?;
    tracing::info!(who = %principal.label(), doc = ?doc, "audit log read");
    Ok(Json(json!({ "entries": entries })))
}

#[derive(Deserialize)]
struct CardDigits {
    codice_fiscale: String,
    digits: String,
}

/// Turns the last 8 digits of a Tessera Sanitaria into the keyed hash a dossier stores. The
/// digits are neither stored nor logged.
async fn card_digits(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(req): Json<CardDigits>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let principal = principal(&state, &headers)?;
    if !matches!(principal, Principal::Operator { .. }) {
        return Err(AuthError::Forbidden.into());
    }
    let code = sportello_core::codice_fiscale::parse(&req.codice_fiscale)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "Codice fiscale non valido."))?;
    let digits = crate::card::normalise_digits(&req.digits).ok_or(ApiError::new(
        StatusCode::BAD_REQUEST,
        "Servono le ultime 8 cifre del numero della tessera sanitaria, solo numeri.",
    ))?;
    Ok(Json(json!({ "hash": state.card_pepper().digits_hash(code.as_str(), &digits) })))
}
