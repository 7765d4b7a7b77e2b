//! The CPI's enrolled devices, for its head.
//!
//! - `GET /api/devices`: every totem, display board and tablet of the CPI, revoked ones included
//!   ([`Devices`]: name, kind, ticket letter, last contact, app version).
//! - `POST /api/devices/{device}/name`: renames one ([`RenameDevice`]).
//! - `POST /api/devices/{device}/revoke`: its token is refused at once (requests and new
//!   sockets); open sockets close through `AppState::revocations`; its letter is free from
//!   the next day.
//! - `POST /api/devices/{device}/wipe`: marks a tablet "wipe on next contact"; its next
//!   `/api/me` answers `wipe: true` once (`crate::admin::deliver_wipe`).
//!
//! A device's last contact and version are recorded at its `/api/me`
//! ([`crate::admin::record_contact`]).

use crate::admin::{self, actor, record};
use crate::http::{blocking, ApiError, OperatorAuth};
use crate::revocations::Ended;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use sportello_core::api::{DeviceInfo, Devices, RenameDevice};
use sportello_core::queue::TotemCode;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/devices", get(list))
        .route("/api/devices/{device}/name", post(rename))
        .route("/api/devices/{device}/revoke", post(revoke))
        .route("/api/devices/{device}/wipe", post(wipe))
}

async fn list(State(state): State<AppState>, auth: OperatorAuth) -> Result<Json<Devices>, ApiError> {
    let rows = blocking(&state, move |s| Ok(admin::devices(s.accounts(), &auth.principal)?)).await?;
    let devices = rows
        .into_iter()
        .map(|d| DeviceInfo {
            device: d.device,
            name: d.name,
            kind: d.kind,
            letter: d.ticket_index.and_then(TotemCode::from_index).map(|c| c.letter().to_string()),
            enrolled_at: d.enrolled_at,
            last_seen: d.last_seen,
            app_version: d.app_version,
            revoked_at: d.revoked_at,
            wipe_pending: d.wipe_pending,
        })
        .collect();
    Ok(Json(Devices { devices }))
}

async fn rename(
    State(state): State<AppState>,
    auth: OperatorAuth,
    Path(device): Path<String>,
    Json(req): Json<RenameDevice>,
) -> Result<StatusCode, ApiError> {
    blocking(&state, move |s| {
        record(&s, admin::rename_device(s.accounts(), &actor(&s, &auth), &device, &req.name)?);
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

async fn revoke(
    State(state): State<AppState>,
    auth: OperatorAuth,
    Path(device): Path<String>,
) -> Result<StatusCode, ApiError> {
    blocking(&state, move |s| {
        let free_at = crate::clock::start_of_next_rome_day(s.now());
        let entry = admin::revoke_device(s.accounts(), &actor(&s, &auth), &device, s.now_secs(), free_at)?;
        record(&s, entry);
        tracing::info!(%device, who = %auth.principal.label(), "device revoked");
        s.revocations().publish(Ended::Device(device));
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

async fn wipe(
    State(state): State<AppState>,
    auth: OperatorAuth,
    Path(device): Path<String>,
) -> Result<StatusCode, ApiError> {
    blocking(&state, move |s| {
        record(&s, admin::request_wipe(s.accounts(), &actor(&s, &auth), &device, s.now_secs())?);
        tracing::info!(%device, who = %auth.principal.label(), "tablet marked for wiping");
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
