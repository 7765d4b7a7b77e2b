//! Accounts: the people who sign in, as their managers and they themselves see them.
//!
//! - `GET /api/accounts`: the accounts the caller manages ([`Accounts`]) — a CPI's head its
//!   operators, a regional administrator the heads and regional officers.
//! - `POST /api/accounts`: creates one ([`NewAccount`]); answers its one-time code.
//! - `POST /api/accounts/{username}/disabled`: disables (its sessions end) or re-enables.
//! - `POST /api/accounts/{username}/reset`: a new one-time code; its sessions end.
//! - `GET /api/account`: the caller's own account (whether it must set its password).
//! - `POST /api/password`: the caller changes their own password ([`PasswordChange`]).
//! - `GET /api/sessions`, `DELETE /api/sessions/{id}`: the caller's own sessions.
//!
//! A session opened with a one-time code reaches only `GET /api/account` and `POST /api/password`
//! here (`http::OwnAccount`); the rest answer 403 until the password is set.
//!
//! Every change is an audit entry of the account's CPI (`account:<username>`).

use crate::admin::{self, actor, record, Actor, AdminError};
use crate::audit::AuditEntry;
use crate::auth::token_hash;
use crate::http::{bearer, blocking, store_error, ApiError, OperatorAuth, OwnAccount, INTERNAL};
use crate::revocations::Ended;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use sportello_core::access;
use sportello_core::api::{
    Account, Accounts, NewAccount, OneTimeCode, PasswordChange, SessionInfo, Sessions, SetDisabled,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/accounts", get(list).post(create))
        .route("/api/accounts/{username}/disabled", post(set_disabled))
        .route("/api/accounts/{username}/reset", post(reset))
        .route("/api/account", get(own_account))
        .route("/api/password", post(change_password))
        .route("/api/sessions", get(sessions))
        .route("/api/sessions/{id}", delete(end_session))
}

impl From<AdminError> for ApiError {
    fn from(e: AdminError) -> Self {
        let status = match &e {
            AdminError::Forbidden => StatusCode::FORBIDDEN,
            AdminError::UnknownAccount | AdminError::UnknownDevice => StatusCode::NOT_FOUND,
            AdminError::UsernameTaken => StatusCode::CONFLICT,
            AdminError::Invalid(_) | AdminError::WrongPassword | AdminError::Password(_) => StatusCode::BAD_REQUEST,
            AdminError::Store(_) => {
                let AdminError::Store(err) = e else { unreachable!() };
                return store_error(err);
            }
        };
        ApiError::new(status, e.message_it())
    }
}

/// Runs an administration use case that hashes a password (argon2) on the password thread,
/// then writes its audit entry.
async fn with_password_thread<R: Send + 'static>(
    state: &AppState,
    auth: OperatorAuth,
    f: impl FnOnce(&AppState, &Actor<'_>) -> Result<(R, AuditEntry), AdminError> + Send + 'static,
) -> Result<R, ApiError> {
    let s = state.clone();
    let (result, entry) = state.on_password_thread(move || f(&s, &actor(&s, &auth))).await.ok_or(INTERNAL)??;
    blocking(state, move |s| {
        record(&s, entry);
        Ok(result)
    })
    .await
}

const MANAGERS_ONLY: ApiError = ApiError::new(
    StatusCode::FORBIDDEN,
    "La gestione degli account è riservata ai responsabili e agli amministratori.",
);

fn to_api(a: crate::auth::AccountRow) -> Account {
    Account {
        username: a.username,
        name: a.name,
        cpi: a.cpi,
        role: a.role,
        disabled: a.disabled,
        must_change_password: a.must_change,
    }
}

async fn own_account(State(state): State<AppState>, OwnAccount(auth): OwnAccount) -> Result<Json<Account>, ApiError> {
    let row = blocking(&state, move |s| Ok(s.accounts().store().account(&auth.username)?)).await?;
    row.map(|a| Json(to_api(a))).ok_or(crate::http::SIGN_IN_REQUIRED)
}

async fn list(State(state): State<AppState>, auth: OperatorAuth) -> Result<Json<Accounts>, ApiError> {
    let roles = access::manageable_roles(&auth.principal).to_vec();
    if roles.is_empty() {
        return Err(MANAGERS_ONLY);
    }
    let rows = blocking(&state, move |s| Ok(admin::managed_accounts(s.accounts(), &auth.principal)?)).await?;
    let accounts = rows.into_iter().map(to_api).collect();
    Ok(Json(Accounts { accounts, roles }))
}

async fn create(
    State(state): State<AppState>,
    auth: OperatorAuth,
    Json(new): Json<NewAccount>,
) -> Result<Json<OneTimeCode>, ApiError> {
    let username = new.username.trim().to_owned();
    let code =
        with_password_thread(&state, auth, move |s, actor| admin::create_account(s.accounts(), actor, &new)).await?;
    tracing::info!(%username, "account created");
    Ok(Json(OneTimeCode { username, code }))
}

async fn set_disabled(
    State(state): State<AppState>,
    auth: OperatorAuth,
    Path(username): Path<String>,
    Json(req): Json<SetDisabled>,
) -> Result<StatusCode, ApiError> {
    blocking(&state, move |s| {
        let entry = admin::set_disabled(s.accounts(), &actor(&s, &auth), &username, req.disabled)?;
        record(&s, entry);
        if req.disabled {
            s.revocations().publish(Ended::Account { username, except: None });
        }
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

async fn reset(
    State(state): State<AppState>,
    auth: OperatorAuth,
    Path(username): Path<String>,
) -> Result<Json<OneTimeCode>, ApiError> {
    let name = username.clone();
    let code =
        with_password_thread(&state, auth, move |s, actor| admin::reset_password(s.accounts(), actor, &name)).await?;
    state.revocations().publish(Ended::Account { username: username.clone(), except: None });
    Ok(Json(OneTimeCode { username, code }))
}

async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    OwnAccount(auth): OwnAccount,
    Json(req): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let keep = token_hash(bearer(&headers).unwrap_or_default());
    let username = auth.username.clone();
    let kept = keep.clone();
    with_password_thread(&state, auth, move |s, actor| {
        admin::change_own_password(s.accounts(), actor, &req.current, &req.new, &kept).map(|entry| ((), entry))
    })
    .await?;
    state.revocations().publish(Ended::Account { username, except: Some(keep) });
    Ok(StatusCode::NO_CONTENT)
}

async fn sessions(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth: OperatorAuth,
) -> Result<Json<Sessions>, ApiError> {
    let current = token_hash(bearer(&headers).unwrap_or_default());
    let rows = blocking(&state, move |s| Ok(s.accounts().store().sessions_of(&auth.username, s.now_secs())?)).await?;
    let sessions = rows
        .into_iter()
        .map(|r| SessionInfo {
            id: admin::session_id(&r.token_hash),
            device: r.device,
            created_at: r.expires_at - crate::auth::SESSION_SECONDS,
            expires_at: r.expires_at,
            current: r.token_hash == current,
        })
        .collect();
    Ok(Json(Sessions { sessions }))
}

async fn end_session(
    State(state): State<AppState>,
    auth: OperatorAuth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    blocking(&state, move |s| {
        let (hash, entry) = admin::end_own_session(s.accounts(), &actor(&s, &auth), &id, s.now_secs())?;
        record(&s, entry);
        s.revocations().publish(Ended::Session(hash));
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
