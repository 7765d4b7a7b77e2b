//! What every route shares: the error answer (an Italian message the app shows as it is, in
//! the body `sportello_core::api::ErrorBody`), the extractors that authenticate a request's
//! bearer token as a kind of principal (operator, head, totem; a display board passes only
//! `Authenticated`), the client's address, and running blocking work off the async runtime.

use crate::auth::AuthError;
use crate::store::StoreError;
use crate::AppState;
use axum::extract::connect_info::MockConnectInfo;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, Extensions, HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sportello_core::access::{Principal, Role};
use sportello_core::api::ErrorBody;
use std::borrow::Cow;
use std::net::{IpAddr, SocketAddr};

/// An error answer: a status and an Italian message the app shows as it is.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub Cow<'static, str>);

impl ApiError {
    pub const fn new(status: StatusCode, message: &'static str) -> Self {
        ApiError(status, Cow::Borrowed(message))
    }

    pub fn owned(status: StatusCode, message: String) -> Self {
        ApiError(status, Cow::Owned(message))
    }
}

pub const INTERNAL: ApiError =
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Errore interno del server. Riprova tra poco.");
pub const SIGN_IN_REQUIRED: ApiError = ApiError::new(StatusCode::UNAUTHORIZED, "Accesso richiesto.");
pub const FORBIDDEN: ApiError = ApiError::new(StatusCode::FORBIDDEN, "Operazione non consentita.");

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
            AuthError::CodeExpired => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Il codice monouso è scaduto: chiedine uno nuovo a chi gestisce il tuo account.",
            ),
            AuthError::Forbidden => FORBIDDEN,
            AuthError::Store(err) => store_error(err),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        store_error(err)
    }
}

/// A storage failure: logged with its cause, answered without it.
pub fn store_error(err: StoreError) -> ApiError {
    tracing::error!(%err, "storage error in the API");
    INTERNAL
}

/// Runs blocking work (SQLite, the hub) off the async runtime.
pub async fn blocking<R: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(AppState) -> Result<R, ApiError> + Send + 'static,
) -> Result<R, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || f(state)).await.map_err(|_| INTERNAL)?
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

/// Any signed-in principal (operator or enrolled device), with the device its token was
/// issued to: the name the browser gave at sign-in, or the device's id. It lets through an
/// account that must still set its password (for `/api/me`); every other extractor refuses it.
pub struct Authenticated {
    pub principal: Principal,
    pub device: String,
    /// The account signed in with a one-time code and has not set its own password yet.
    pub password_pending: bool,
    /// When the token stops serving (`None`: until revoked).
    pub expires_at: Option<i64>,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(&parts.headers).ok_or(SIGN_IN_REQUIRED)?.to_owned();
        // The token is checked in the database: off the async runtime.
        blocking(state, move |s| {
            let crate::auth::Credential { principal, device, expires_at } =
                s.accounts().credential(&crate::auth::token_hash(&token), s.now_secs())?;
            let password_pending = crate::admin::must_change_password(s.accounts(), &principal)?;
            Ok(Authenticated { principal, device, password_pending, expires_at })
        })
        .await
    }
}

/// The answer to anything but setting the password, while a one-time code's session must
/// set it first (the API and the sync socket alike).
pub const PASSWORD_FIRST: ApiError = ApiError::new(
    StatusCode::FORBIDDEN,
    "Prima di continuare scegli la tua password personale: hai effettuato l'accesso con un codice monouso.",
);

/// Refuses a principal whose account must set its password before anything else
/// (blocking: SQLite).
pub fn refuse_pending_password(state: &AppState, principal: &Principal) -> Result<(), ApiError> {
    if crate::admin::must_change_password(state.accounts(), principal)? {
        return Err(PASSWORD_FIRST);
    }
    Ok(())
}

impl Authenticated {
    /// The signed-in principal, refused while its password is pending.
    pub(crate) fn settled(self) -> Result<Self, ApiError> {
        if self.password_pending {
            return Err(PASSWORD_FIRST);
        }
        Ok(self)
    }

    fn operator(self) -> Result<OperatorAuth, ApiError> {
        let Authenticated { principal, device, .. } = self;
        match &principal {
            Principal::Operator { username, cpi, role, .. } => {
                Ok(OperatorAuth { username: username.clone(), cpi: cpi.clone(), role: *role, principal, device })
            }
            Principal::Totem { .. } | Principal::Display { .. } | Principal::Tablet { .. } => Err(FORBIDDEN),
        }
    }
}

/// An operator (or head) of a CPI.
pub struct OperatorAuth {
    pub username: String,
    pub cpi: String,
    pub role: Role,
    pub principal: Principal,
    pub device: String,
}

impl FromRequestParts<AppState> for OperatorAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Authenticated::from_request_parts(parts, state).await?.settled()?.operator()
    }
}

/// An operator about their own account (`/api/account`, `/api/password`): the only calls
/// a session opened with a one-time code may make, besides `/api/me` and logout.
pub struct OwnAccount(pub OperatorAuth);

impl FromRequestParts<AppState> for OwnAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Authenticated::from_request_parts(parts, state).await?.operator().map(OwnAccount)
    }
}

/// The head of a CPI (who reads its audit log).
pub struct HeadAuth(pub OperatorAuth);

impl FromRequestParts<AppState> for HeadAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let signed_in = Authenticated::from_request_parts(parts, state).await?.settled()?;
        if !sportello_core::access::may_read_audit_log(&signed_in.principal) {
            return Err(HEAD_ONLY);
        }
        signed_in.operator().map(HeadAuth)
    }
}

const HEAD_ONLY: ApiError =
    ApiError::new(StatusCode::FORBIDDEN, "Il registro degli accessi è riservato al responsabile del CPI.");

/// An enrolled totem of a CPI (never a display board: `access::may_identify_citizens`).
pub struct TotemAuth {
    pub device: String,
    pub cpi: String,
}

impl FromRequestParts<AppState> for TotemAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Authenticated { principal, .. } = Authenticated::from_request_parts(parts, state).await?.settled()?;
        let totems_only = ApiError::new(StatusCode::FORBIDDEN, "Operazione riservata ai totem.");
        if !sportello_core::access::may_identify_citizens(&principal) {
            return Err(totems_only);
        }
        match principal {
            Principal::Totem { device, cpi } => Ok(TotemAuth { device, cpi }),
            Principal::Operator { .. } | Principal::Display { .. } | Principal::Tablet { .. } => Err(totems_only),
        }
    }
}

/// A refusal by a throttle or rate limit: 429, with the time the next attempt is let through.
pub fn too_many(message: &str, until: i64) -> ApiError {
    let at = chrono::DateTime::from_timestamp(until, 0)
        .map(|t| crate::clock::rome_time(t).format("%H:%M:%S").to_string())
        .unwrap_or_default();
    ApiError::owned(StatusCode::TOO_MANY_REQUESTS, format!("{message} Riprova dopo le {at}."))
}

/// The client's address as the throttles key it: the TCP peer, or the last entry of the
/// trusted proxy's header when one is configured (`--trusted-proxy-header`). IPv6 addresses
/// count per /64, the block one subscriber gets.
pub fn client_address(headers: &HeaderMap, extensions: &Extensions, trusted: Option<&HeaderName>) -> String {
    let forwarded = trusted
        .and_then(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse::<IpAddr>().ok());
    // `MockConnectInfo` is how tests give a router without a socket its peer.
    let peer = || {
        let mock = || extensions.get::<MockConnectInfo<SocketAddr>>().map(|m| m.0);
        extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0).or_else(mock).map(|a| a.ip())
    };
    match forwarded.or_else(peer) {
        Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default(),
        Some(ip) => ip.to_string(),
        // Only routers served without `ConnectInfo` (none in production) get here.
        None => "unknown".to_owned(),
    }
}

/// The client's address (see [`client_address`]).
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(ClientAddr(client_address(&parts.headers, &parts.extensions, state.trusted_proxy_header())))
    }
}
