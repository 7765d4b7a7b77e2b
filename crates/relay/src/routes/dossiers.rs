//! Dossier access on the side of HTTP: the audit log and the Tessera Sanitaria.
//!
//! - `POST /api/audit`: the app reports the dossiers an operator opened on screen
//!   ([`OpenReports`], also those opened offline, with their device time).
//! - `GET /api/audit?doc=&limit=`: the head's view of the CPI's log, or of one dossier's.
//! - `POST /api/card-digits`: an operator registers a card's last 8 digits and expiry in a
//!   dossier of the CPI; only a keyed hash is written, and the answer is 204 only once the
//!   dossier holds it.

use crate::audit::{AuditAction, AuditEntry};
use crate::http::{blocking, ApiError, HeadAuth, OperatorAuth};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use sportello_core::access::AccessClass;
use sportello_core::api::{AuditLog, AuditQuery, CardDigitsRequest, OpenReports};
use sportello_core::sync::ids::DocumentId;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/audit", post(report_opens).get(audit_log)).route("/api/card-digits", post(card_digits))
}

/// The app reports the dossiers an operator opened (queued while offline). Each must be a
/// dossier of the operator's CPI.
async fn report_opens(
    State(state): State<AppState>,
    operator: OperatorAuth,
    Json(req): Json<OpenReports>,
) -> Result<StatusCode, ApiError> {
    if req.opens.len() > MAX_OPENS_PER_REPORT {
        return Err(crate::http::FORBIDDEN);
    }
    let now = state.now_millis() as i64;
    let entries = blocking(&state, move |state| {
        let principal = &operator.principal;
        let mut entries = Vec::new();
        for open in req.opens {
            let Ok(id) = DocumentId::parse(&open.doc) else { continue };
            let class = state.hub(principal.cpi()).class(&id)?;
            let ours = matches!(&class, Some(AccessClass::Private { cpi }) if cpi == principal.cpi());
            entries.push(AuditEntry {
                at_ms: now,
                device_at_ms: Some(open.at_ms),
                // A refused open is filed with the reporter's CPI: under the other CPI it would let
                // anyone flood that CPI's log (and an open that is ours is the dossier's CPI, the same).
                cpi: principal.cpi().to_owned(),
                doc: id.to_string(),
                who: principal.label(),
                device: operator.device.clone(),
                action: if ours { AuditAction::Open } else { AuditAction::Denied },
            });
        }
        state.audit().record(&entries)?;
        Ok(entries.len())
    })
    .await?;
    tracing::debug!(entries, "dossier opens recorded");
    Ok(StatusCode::NO_CONTENT)
}

/// Most opens one report may carry (a device offline for a long day stays well below).
const MAX_OPENS_PER_REPORT: usize = 1000;

/// The audit log of the head's CPI, or of one of its dossiers.
async fn audit_log(
    State(state): State<AppState>,
    HeadAuth(head): HeadAuth,
    Query(query): Query<AuditQuery>,
) -> Result<Json<AuditLog>, ApiError> {
    let doc = match &query.doc {
        Some(d) => Some(DocumentId::parse(d).map_err(|_| BAD_DOSSIER_ID)?.to_string()),
        None => None,
    };
    let limit = query.limit.unwrap_or(200).min(1000);
    let (cpi, listed) = (head.cpi.clone(), doc.clone());
    let entries = blocking(&state, move |s| Ok(s.audit().list(&cpi, listed.as_deref(), limit)?)).await?;
    tracing::info!(who = %head.principal.label(), doc = ?doc, "audit log read");
    Ok(Json(AuditLog { entries: entries.into_iter().map(AuditEntry::into_api).collect() }))
}

const BAD_DOSSIER_ID: ApiError = ApiError::new(StatusCode::BAD_REQUEST, "Identificativo del fascicolo non valido.");

/// Most card registrations an operator may make in [`CARD_WINDOW_SECS`]: enough for a desk,
/// far too few to use the relay as an oracle for the digits' hash.
const CARD_REGISTRATIONS: usize = 30;
const CARD_WINDOW_SECS: i64 = 600;

/// Registers a Tessera Sanitaria's last 8 digits and expiry in a dossier of the operator's
/// CPI. The relay writes only a keyed hash into the dossier: the digits are neither stored,
/// logged, nor returned. 204 means the dossier holds it; a failed write is an error.
async fn card_digits(
    State(state): State<AppState>,
    operator: OperatorAuth,
    Json(req): Json<CardDigitsRequest>,
) -> Result<StatusCode, ApiError> {
    let digits = sportello_core::citizen::card_digits(&req.digits).ok_or(ApiError::new(
        StatusCode::BAD_REQUEST,
        "Servono le ultime 8 cifre del numero della tessera sanitaria, solo numeri.",
    ))?;
    let expiry = sportello_core::docs::dossier::parse_date(&req.expiry)
        .ok_or(ApiError::new(StatusCode::BAD_REQUEST, "La data di scadenza della tessera non è valida."))?;
    let id = DocumentId::parse(&req.dossier).map_err(|_| BAD_DOSSIER_ID)?;
    if !state.card_registration_allowed(&operator.username, state.now_secs(), CARD_REGISTRATIONS, CARD_WINDOW_SECS) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Troppe registrazioni di tessere in pochi minuti: riprova più tardi.",
        ));
    }
    blocking(&state, move |state| {
        let now = state.now_millis();
        let dossier = state
            .hub(&operator.cpi)
            .dossier_of(&id, now)?
            .ok_or(ApiError::new(StatusCode::NOT_FOUND, "Fascicolo non trovato per questo Centro per l'Impiego."))?;
        let hash = state.card_pepper().digits_hash(&dossier.personal.codice_fiscale, &digits);
        crate::services::record_in_dossier(&state, &id, now, "Tessera sanitaria", move |d| {
            d.card.digits_hash = hash.into();
            d.card.expiry = expiry.to_string().into();
        })
        .map_err(|err| {
            tracing::error!(%err, doc = %id, "cannot record the card in the dossier");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Non è stato possibile registrare la tessera nel fascicolo. Riprova tra poco.",
            )
        })?;
        let entry = AuditEntry {
            at_ms: now as i64,
            device_at_ms: None,
            cpi: operator.cpi.clone(),
            doc: id.to_string(),
            who: operator.principal.label(),
            device: operator.device,
            action: AuditAction::Change,
        };
        state.audit().record(&[entry])?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
