//! The JSON API: login/logout, who am I (with the ids of my CPI's documents), totem
//! enrollment. Errors carry an Italian message the app can show as it is.

use crate::audit::{AuditAction, AuditEntry};
use crate::auth::{AuthError, DeviceKind, Session};
use crate::{now_secs, wellknown, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use sportello_core::access::{AccessClass, Principal, Role};
use sportello_core::api::{
    AuditLog, AuditQuery, CardDigitsRequest, Documents, EnrollRequest, EnrollmentCode, ErrorBody, LoginRequest, Me,
    OpenReports, QueueDayRef, SessionResponse, DISPLAY_KIND,
};
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
        (self.0, Json(ErrorBody { error: self.1.into_owned() })).into_response()
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
    let queue_days = state
        .with_hub(|hub| {
            crate::queue_api::ensure_queue_days(
                hub,
                state.well_known(),
                principal.cpi(),
                crate::queue_api::today(),
                crate::now_millis(),
            )
        })
        .map_err(store_error)?;
    let ticket_code = match principal {
        Principal::Totem { device, .. } => state.accounts().ticket_code(device)?.map(|c| c.to_string()),
        Principal::Operator { .. } => None,
    };
    Ok(Documents {
        vacancies: vacancies.map(|id| id.url()),
        board: board.map(|id| id.url()),
        outboxes: outboxes.iter().map(|id| id.url()).collect(),
        index: index.map(|id| id.url()),
        queue_days: queue_days
            .into_iter()
            .map(|(date, id)| QueueDayRef { date: date.to_string(), url: id.url() })
            .collect(),
        ticket_code,
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

async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Me>, ApiError> {
    let principal = principal(&state, &headers)?;
    let documents = documents(&state, &principal)?;
    // The relay's clock, so totems stamp tickets on it rather than on their own.
    Ok(Json(Me { principal, documents, server_time_ms: Some(crate::now_millis()) }))
}

async fn create_enrollment_code(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<EnrollmentCode>, ApiError> {
    let principal = principal(&state, &headers)?;
    let (code, expires_at) = state.accounts().create_enrollment_code(&principal, now_secs())?;
    tracing::info!(who = %principal.label(), "enrollment code created");
    Ok(Json(EnrollmentCode { code, expires_at, cpi: principal.cpi().to_owned() }))
}

async fn enroll(
    State(state): State<AppState>,
    Json(req): Json<EnrollRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let name = if req.name.trim().is_empty() { "Totem" } else { req.name.trim() };
    let kind = if req.kind.as_deref() == Some(DISPLAY_KIND) { DeviceKind::Display } else { DeviceKind::Totem };
    let session = state.accounts().enroll(&req.code, name, kind, now_secs())?;
    session_response(&state, session)
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
                // A refused open is filed with the reporter's CPI: under the other CPI it would let
                // anyone flood that CPI's log.
                cpi: if ours {
                    class.as_ref().map_or_else(|| principal.cpi().to_owned(), |c| c.cpi().to_owned())
                } else {
                    principal.cpi().to_owned()
                },
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

/// The audit log of the head's CPI, or of one of its dossiers.
async fn audit_log(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<AuditQuery>,
) -> Result<Json<AuditLog>, ApiError> {
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
    Ok(Json(AuditLog { entries: entries.into_iter().map(AuditEntry::into_api).collect() }))
}

/// Most card registrations an operator may make in [`CARD_WINDOW_SECS`]: enough for a desk,
/// far too few to use the relay as an oracle for the digits' hash.
const CARD_REGISTRATIONS: usize = 30;
const CARD_WINDOW_SECS: i64 = 600;

/// Registers a Tessera Sanitaria's last 8 digits and expiry in a dossier of the operator's
/// CPI. The relay writes only a keyed hash into the dossier: the digits are neither stored,
/// logged, nor returned.
async fn card_digits(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(req): Json<CardDigitsRequest>,
) -> Result<StatusCode, ApiError> {
    let token = bearer(&headers).ok_or(ApiError::new(StatusCode::UNAUTHORIZED, "Accesso richiesto."))?;
    let (principal, device) = state.accounts().authenticate_device(token, now_secs())?;
    let Principal::Operator { username, cpi, .. } = principal.clone() else {
        return Err(AuthError::Forbidden.into());
    };
    let digits = sportello_core::citizen::card_digits(&req.digits).ok_or(ApiError::new(
        StatusCode::BAD_REQUEST,
        "Servono le ultime 8 cifre del numero della tessera sanitaria, solo numeri.",
    ))?;
    let expiry = sportello_core::docs::dossier::parse_date(&req.expiry)
        .ok_or(ApiError::new(StatusCode::BAD_REQUEST, "La data di scadenza della tessera non è valida."))?;
    let id = DocumentId::parse(&req.dossier)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "Identificativo del fascicolo non valido."))?;
    if !state.card_registration_allowed(&username, now_secs(), CARD_REGISTRATIONS, CARD_WINDOW_SECS) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Troppe registrazioni di tessere in pochi minuti: riprova più tardi.",
        ));
    }
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "Fascicolo non trovato per questo Centro per l'Impiego.");
    let hub_state = state.clone();
    tokio::task::spawn_blocking(move || {
        let now = crate::now_millis();
        let dossier = hub_state
            .with_hub(|hub| hub.dossier_of(&id, &cpi, now))
            .map_err(AuthError::Store)?
            .ok_or_else(not_found)?;
        let hash = hub_state.card_pepper().digits_hash(&dossier.personal.codice_fiscale, &digits);
        crate::citizen_api::record_in_dossier(&hub_state, &id, "Tessera sanitaria", move |d| {
            d.card.digits_hash = hash.into();
            d.card.expiry = expiry.to_string().into();
        });
        let entry = AuditEntry {
            at_ms: now as i64,
            device_at_ms: None,
            cpi: cpi.clone(),
            doc: id.to_string(),
            who: principal.label(),
            device,
            action: AuditAction::Change,
        };
        hub_state.audit().record(&[entry]).map_err(AuthError::Store)?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Errore interno del server."))?
}
