//! Sign-in and devices: who am I, with the ids of my CPI's documents.
//!
//! - `POST /api/login`: an operator's password (and the browser's name for the audit log)
//!   gives a session of 12 hours ([`SessionResponse`]).
//! - `POST /api/logout`: ends the bearer's session.
//! - `GET /api/me`: the principal, the CPI's documents ([`Documents`]: board, index and
//!   totem outboxes for operators, vacancies, the queue days from yesterday to a week ahead,
//!   a totem's ticket letter) and the relay's clock.
//! - `POST /api/enrollment-codes`: an operator's one-time code for a totem or display board.
//! - `POST /api/enroll`: spends a code; the device gets its token.

use crate::auth::{DeviceKind, Session};
use crate::http::{bearer, ApiError, Authenticated, OperatorAuth, INTERNAL};
use crate::{wellknown, AppState};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use sportello_core::access::Principal;
use sportello_core::api::{
    Documents, EnrollRequest, EnrollmentCode, LoginRequest, Me, QueueDayRef, SessionResponse, DISPLAY_KIND,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/enrollment-codes", post(create_enrollment_code))
        .route("/api/enroll", post(enroll))
}

/// The ids of the principal's CPI's documents (creating the queue days that are missing). It
/// reads SQLite and the CPI's hub, so it runs on a blocking thread.
async fn documents(state: &AppState, principal: &Principal) -> Result<Documents, ApiError> {
    let principal = principal.clone();
    crate::http::blocking(state, move |state| {
        // Regional accounts belong to no CPI: no documents to follow, none to create.
        if matches!(principal, Principal::Operator { role, .. } if role.is_regional()) {
            return Ok(Documents::default());
        }
        let cpi = principal.cpi();
        let board = state.well_known().get(cpi, wellknown::BOARD)?;
        let index = match principal {
            Principal::Operator { .. } => state.well_known().get(cpi, wellknown::INDEX)?,
            Principal::Totem { .. } => None,
        };
        let vacancies = state.well_known().get(cpi, wellknown::VACANCIES)?;
        let hub = state.hub(cpi);
        let outboxes = match principal {
            Principal::Operator { .. } => hub.outboxes()?,
            Principal::Totem { .. } => Vec::new(),
        };
        let queue_days =
            crate::services::ensure_queue_days(&hub, state.well_known(), state.today(), state.now_millis())?;
        let ticket_code = match &principal {
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
    })
    .await
}

async fn login(
    State(state): State<AppState>,
    Json(req): Json<LoginRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let accounts = state.clone();
    let session = state
        .on_password_thread(move || {
            let device = if req.device.trim().is_empty() { "browser" } else { req.device.trim() };
            accounts.accounts().login(req.username.trim(), &req.password, device, accounts.now_secs())
        })
        .await
        .ok_or(INTERNAL)??;
    tracing::info!(who = %session.principal.label(), "operator logged in");
    session_response(&state, session).await
}

async fn session_response(state: &AppState, session: Session) -> Result<Json<SessionResponse>, ApiError> {
    let documents = documents(state, &session.principal).await?;
    let must_change_password = crate::admin::must_change_password(state.accounts(), &session.principal)?;
    Ok(Json(SessionResponse {
        token: session.token,
        expires_at: session.expires_at,
        principal: session.principal,
        documents,
        must_change_password,
    }))
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    if let Some(token) = bearer(&headers) {
        state.accounts().logout(token)?;
        state.revocations().publish(crate::revocations::Ended::Session(crate::auth::token_hash(token)));
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
    Authenticated { principal, .. }: Authenticated,
) -> Result<Json<Me>, ApiError> {
    crate::admin::record_contact(&state, &principal, &headers);
    let documents = documents(&state, &principal).await?;
    // The relay's clock, so totems stamp tickets on it rather than on their own.
    Ok(Json(Me { principal, documents, server_time_ms: Some(state.now_millis()) }))
}

async fn create_enrollment_code(
    State(state): State<AppState>,
    OperatorAuth { principal, .. }: OperatorAuth,
) -> Result<Json<EnrollmentCode>, ApiError> {
    let (code, expires_at) = state.accounts().create_enrollment_code(&principal, state.now_secs())?;
    tracing::info!(who = %principal.label(), "enrollment code created");
    Ok(Json(EnrollmentCode { code, expires_at, cpi: principal.cpi().to_owned() }))
}

async fn enroll(
    State(state): State<AppState>,
    Json(req): Json<EnrollRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let name = if req.name.trim().is_empty() { "Totem" } else { req.name.trim() };
    let kind = if req.kind.as_deref() == Some(DISPLAY_KIND) { DeviceKind::Display } else { DeviceKind::Totem };
    let session = state.accounts().enroll(&req.code, name, kind, state.now_secs())?;
    session_response(&state, session).await
}
