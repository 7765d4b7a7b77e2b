//! Sign-in and devices: who am I, with the ids of my CPI's documents.
//!
//! - `POST /api/login`: an operator's password (and the browser's name for the audit log)
//!   gives a session of 12 hours ([`SessionResponse`]). Throttled per account and per client
//!   address before any hash is computed (`sportello_core::throttle`); checked on the
//!   bounded password pool (429 when full).
//! - `POST /api/logout`: ends the bearer's session.
//! - `GET /api/me`: the principal, the CPI's documents ([`Documents`]: board, dossier index,
//!   company index and totem outboxes for operators, vacancies, the queue days from yesterday
//!   to a week ahead, a totem's ticket letter), the relay's clock, and for a tablet whether
//!   it must wipe its copy (`wipe`, delivered once), and for a device when its token is due
//!   for renewal (`token_renew_in`).
//! - `POST /api/enrollment-codes`: an operator's one-time code for a totem, display board or
//!   tablet.
//! - `POST /api/enroll`: spends a code; the device gets its token. Throttled per client
//!   address and relay-wide; an unknown, used or expired code get one same answer.
//! - `POST /api/sync-ticket`: a one-time ticket for the sync WebSocket ([`SyncTicket`],
//!   `crate::tickets`), so the bearer token never goes into a URL.
//! - `POST /api/device-token`: a device (totem, display board, tablet) renews its token once less
//!   than half of its life (`--device-token-days`) is left ([`DeviceToken`], with when the
//!   next renewal is due).

use crate::auth::{AuthError, Renewal, Session};
use crate::http::{bearer, too_many, ApiError, Authenticated, ClientAddr, OperatorAuth, INTERNAL};
use crate::{wellknown, AppState, PasswordPoolError};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use sportello_core::access::Principal;
use sportello_core::api::{
    DeviceToken, Documents, EnrollRequest, EnrollmentCode, LoginRequest, Me, QueueDayRef, SessionResponse, SyncTicket,
};
use sportello_core::throttle::{Gate, ENROLL_ADDRESS, ENROLL_RELAY, LOGIN_ACCOUNT, LOGIN_ADDRESS};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/enrollment-codes", post(create_enrollment_code))
        .route("/api/enroll", post(enroll))
        .route("/api/sync-ticket", post(sync_ticket))
        .route("/api/device-token", post(device_token))
}

async fn device_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    Authenticated { principal, .. }: Authenticated,
) -> Result<Json<DeviceToken>, ApiError> {
    let token = bearer(&headers).ok_or(INTERNAL)?.to_owned();
    let renewal =
        crate::http::blocking(&state, move |s| Ok(s.accounts().renew_device_token(&token, s.now_secs())?)).await?;
    Ok(Json(match renewal {
        Renewal::Kept { expires_at, renew_in } => DeviceToken { token: None, expires_at, renew_in },
        Renewal::Renewed { token, expires_at, renew_in } => {
            tracing::info!(target: "audit", who = %principal.label(), "device token renewed");
            DeviceToken { token: Some(token), expires_at, renew_in }
        }
    }))
}

/// Any principal that signs in may sync; the ticket stands for the bearer's token, which the
/// socket keeps re-checking.
async fn sync_ticket(
    State(state): State<AppState>,
    headers: HeaderMap,
    authenticated: Authenticated,
) -> Result<Json<SyncTicket>, ApiError> {
    // An account that must first set its password does not sync (the upgrade checks again).
    let Authenticated { principal, .. } = authenticated.settled()?;
    let token = bearer(&headers).ok_or(INTERNAL)?;
    let (ticket, expires_at) = state.tickets().issue(crate::auth::token_hash(token), state.now_secs());
    tracing::debug!(who = %principal.label(), "sync ticket issued");
    Ok(Json(SyncTicket { ticket, expires_at }))
}

/// The ids of the principal's CPI's documents (creating the queue days that are missing). It
/// reads SQLite and the CPI's hub, so it runs on a blocking thread.
async fn documents(state: &AppState, principal: &Principal) -> Result<Documents, ApiError> {
    let principal = principal.clone();
    crate::http::blocking(state, move |state| {
        // Regional accounts belong to no CPI, a tablet's token reaches none of its documents:
        // no documents to follow, none to create.
        if matches!(principal, Principal::Operator { role, .. } if role.is_regional())
            || matches!(principal, Principal::Tablet { .. })
        {
            return Ok(Documents::default());
        }
        let cpi = principal.cpi();
        let board = state.well_known().get(cpi, wellknown::BOARD)?;
        let (index, company_index) = match principal {
            Principal::Operator { .. } => {
                (state.well_known().get(cpi, wellknown::INDEX)?, state.well_known().get(cpi, wellknown::COMPANY_INDEX)?)
            }
            Principal::Totem { .. } | Principal::Display { .. } | Principal::Tablet { .. } => (None, None),
        };
        let vacancies = state.well_known().get(cpi, wellknown::VACANCIES)?;
        let agenda = match principal {
            Principal::Operator { .. } | Principal::Totem { .. } => state.well_known().get(cpi, wellknown::AGENDA)?,
            Principal::Display { .. } | Principal::Tablet { .. } => None,
        };
        let hub = state.hub(cpi);
        let outboxes = match principal {
            Principal::Operator { .. } => hub.outboxes()?,
            Principal::Totem { .. } | Principal::Display { .. } | Principal::Tablet { .. } => Vec::new(),
        };
        let queue_days =
            crate::services::ensure_queue_days(&hub, state.well_known(), state.today(), state.now_millis())?;
        let ticket_code = match &principal {
            Principal::Totem { device, .. } => state.accounts().ticket_code(device)?.map(|c| c.to_string()),
            Principal::Operator { .. } | Principal::Display { .. } | Principal::Tablet { .. } => None,
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
            company_index: company_index.map(|id| id.url()),
            agenda: agenda.map(|id| id.url()),
        })
    })
    .await
}

const LOGIN_THROTTLED: &str = "Troppi tentativi di accesso non riusciti.";
const PASSWORDS_BUSY: ApiError =
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Il server è occupato: riprova tra qualche secondo.");

async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<LoginRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let username = req.username.trim().to_owned();
    // Known and unknown usernames are throttled alike, before any hash is computed.
    let address_key = format!("login-address:{client}");
    let account_key = format!("login-account:{}", username.to_lowercase());
    let now = state.now_secs();
    let throttles = state.throttles();
    for (schedule, key) in [(&LOGIN_ADDRESS, &address_key), (&LOGIN_ACCOUNT, &account_key)] {
        if let Gate::Closed { until } = throttles.take(schedule, key, now) {
            tracing::warn!(target: "audit", %username, %client, until, "sign-in refused: throttled");
            if key == &account_key {
                throttles.succeeded(&LOGIN_ADDRESS, &address_key, false);
            }
            return Err(too_many(LOGIN_THROTTLED, until));
        }
    }
    let accounts = state.clone();
    let checked = state
        .password_check(move || {
            let device = if req.device.trim().is_empty() { "browser" } else { req.device.trim() };
            accounts.accounts().login(req.username.trim(), &req.password, device, accounts.now_secs())
        })
        .await;
    let session = match checked {
        Ok(Ok(session)) => session,
        Ok(Err(err @ (AuthError::BadCredentials | AuthError::CodeExpired))) => {
            let locked = throttles.locked(&LOGIN_ACCOUNT, &account_key);
            tracing::warn!(target: "audit", %username, %client, locked, ?err, "sign-in failed");
            let (who, from) = (username.clone(), client.clone());
            crate::http::blocking(&state, move |s| {
                crate::admin::record_failed_sign_in(&s, &who, &from, locked);
                Ok(())
            })
            .await?;
            return Err(err.into());
        }
        Ok(Err(err)) => return Err(err.into()),
        Err(busy) => {
            // Never checked: the account gets its attempt back. The address does not, so
            // guessers that keep the pool full are throttled off it.
            throttles.succeeded(&LOGIN_ACCOUNT, &account_key, false);
            tracing::warn!(target: "audit", %username, %client, ?busy, "sign-in refused: password checks busy");
            return Err(if busy == PasswordPoolError::Busy { PASSWORDS_BUSY } else { INTERNAL });
        }
    };
    throttles.succeeded(&LOGIN_ACCOUNT, &account_key, true);
    throttles.succeeded(&LOGIN_ADDRESS, &address_key, false);
    tracing::info!(target: "audit", who = %session.principal.label(), %client, "operator logged in");
    session_response(&state, session).await
}

async fn session_response(state: &AppState, session: Session) -> Result<Json<SessionResponse>, ApiError> {
    let documents = documents(state, &session.principal).await?;
    let principal = session.principal.clone();
    let must_change_password =
        crate::http::blocking(state, move |s| Ok(crate::admin::must_change_password(s.accounts(), &principal)?))
            .await?;
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
    Authenticated { principal, device, expires_at, .. }: Authenticated,
) -> Result<Json<Me>, ApiError> {
    // A throttled SQLite write: off the async runtime.
    let (who, version) = (principal.clone(), crate::admin::app_version(&headers));
    let wipe = crate::http::blocking(&state, move |s| {
        crate::admin::record_contact(&s, &who, version.as_deref());
        Ok(crate::admin::deliver_wipe(&s, &who, &device))
    })
    .await?;
    let documents = documents(&state, &principal).await?;
    // The relay's clock, so totems stamp tickets on it rather than on their own.
    // A device learns here whether its token is due, so it asks for a new one only then.
    let token_renew_in = principal
        .device_id()
        .map(|_| state.accounts().device_token_renew_in(expires_at.unwrap_or(i64::MAX), state.now_secs()));
    Ok(Json(Me { principal, documents, server_time_ms: Some(state.now_millis()), wipe, token_renew_in }))
}

async fn create_enrollment_code(
    State(state): State<AppState>,
    OperatorAuth { principal, .. }: OperatorAuth,
) -> Result<Json<EnrollmentCode>, ApiError> {
    let by = principal.clone();
    let (code, expires_at) =
        crate::http::blocking(&state, move |s| Ok(s.accounts().create_enrollment_code(&by, s.now_secs())?)).await?;
    tracing::info!(who = %principal.label(), "enrollment code created");
    Ok(Json(EnrollmentCode { code, expires_at, cpi: principal.cpi().to_owned() }))
}

const ENROLL_THROTTLED: &str = "Troppi codici di attivazione non validi.";
const BAD_CODE: ApiError = ApiError::new(
    StatusCode::UNAUTHORIZED,
    "Codice di attivazione non valido o scaduto: chiedine uno nuovo a un operatore.",
);

async fn enroll(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(req): Json<EnrollRequest>,
) -> Result<Json<SessionResponse>, ApiError> {
    let now = state.now_secs();
    let throttles = state.throttles();
    let address_key = format!("enroll-address:{client}");
    let relay_key = "enroll-relay";
    if let Gate::Closed { until } = throttles.take(&ENROLL_ADDRESS, &address_key, now) {
        tracing::warn!(target: "audit", %client, until, "enrollment refused: throttled address");
        return Err(too_many(ENROLL_THROTTLED, until));
    }
    if let Gate::Closed { until } = throttles.take(&ENROLL_RELAY, relay_key, now) {
        throttles.succeeded(&ENROLL_ADDRESS, &address_key, false);
        tracing::warn!(target: "audit", %client, until, "enrollment refused: throttled relay-wide");
        return Err(too_many(ENROLL_THROTTLED, until));
    }
    let name = if req.name.trim().is_empty() { "Totem" } else { req.name.trim() }.to_owned();
    // Spending the code is a SQLite transaction: off the async runtime.
    let (code, kind) = (req.code, req.kind);
    let enrolled = crate::http::blocking(&state, move |s| Ok(s.accounts().enroll(&code, &name, kind, now))).await?;
    let session = match enrolled {
        Ok(session) => session,
        Err(AuthError::BadCredentials) => {
            tracing::warn!(target: "audit", %client, kind = kind.name(), "enrollment failed: bad code");
            return Err(BAD_CODE);
        }
        Err(err) => return Err(err.into()),
    };
    throttles.succeeded(&ENROLL_ADDRESS, &address_key, false);
    throttles.succeeded(&ENROLL_RELAY, relay_key, false);
    session_response(&state, session).await
}
