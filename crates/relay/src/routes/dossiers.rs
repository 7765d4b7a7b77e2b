//! Dossier access on the side of HTTP: the audit log and the Tessera Sanitaria.
//!
//! - `POST /api/audit`: the app reports the dossiers an operator opened on screen
//!   ([`OpenReports`], also those opened offline, with their device time).
//! - `GET /api/audit?doc=&who=&action=&from=&to=&limit=&before=`: the head's view of the
//!   CPI's log, filtered by document (dossier, company, account or device), operator, action
//!   and period (Italian days, both included), a page at a time (`next` is the `before` of
//!   the next page).
//! - `GET /api/audit.csv` with the same filters: the filtered log as CSV (RFC 4180, a header
//!   row), for the head only; the export is itself an entry of the log.
//! - `POST /api/card-digits`: an operator registers a card's last 8 digits and expiry in a
//!   dossier of the CPI; only a keyed hash is written, and the answer is 204 only once the
//!   dossier holds it.

use crate::audit::{AuditAction, AuditEntry, AuditFilter};
use crate::http::{blocking, ApiError, HeadAuth, OperatorAuth};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use sportello_core::access::AccessClass;
use sportello_core::api::{AuditLog, AuditQuery, CardDigitsRequest, OpenReports};
use sportello_core::sync::ids::DocumentId;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/audit", post(report_opens).get(audit_log))
        .route("/api/audit.csv", get(audit_csv))
        .route("/api/card-digits", post(card_digits))
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
            // A document the relay does not hold yet is no refusal: it is one the operator's
            // device has just created (its first sync may still be on the way, or the device was
            // offline) and it becomes the creator's CPI's. Only another CPI's document, or one
            // that is not private to the operator's CPI, is denied.
            let denied = match state.hub(principal.cpi()).class(&id)? {
                None => false,
                Some(AccessClass::Private { cpi }) => cpi != principal.cpi(),
                Some(_) => true,
            };
            entries.push(AuditEntry {
                at_ms: now,
                device_at_ms: Some(open.at_ms),
                // A refused open is filed with the reporter's CPI: under the other CPI it would let
                // anyone flood that CPI's log (and an open that is ours is the dossier's CPI, the same).
                cpi: principal.cpi().to_owned(),
                doc: id.to_string(),
                who: principal.label(),
                device: operator.device.clone(),
                action: if denied { AuditAction::Denied } else { AuditAction::Open },
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

/// The audit log of the head's CPI, filtered, a page at a time.
async fn audit_log(
    State(state): State<AppState>,
    HeadAuth(head): HeadAuth,
    Query(query): Query<AuditQuery>,
) -> Result<Json<AuditLog>, ApiError> {
    let filter = audit_filter(&query)?;
    let limit = query.limit.unwrap_or(200).clamp(1, 1000);
    let (cpi, listed) = (head.cpi.clone(), filter.clone());
    // One more than the page: whether another page follows.
    let mut entries = blocking(&state, move |s| Ok(s.audit().query(&cpi, &listed, limit + 1)?)).await?;
    let next = (entries.len() > limit).then(|| {
        entries.truncate(limit);
        entries[limit - 1].seq
    });
    tracing::info!(who = %head.principal.label(), ?filter, "audit log read");
    Ok(Json(AuditLog { entries: entries.into_iter().map(|l| l.entry.into_api()).collect(), next }))
}

/// Most entries one CSV export holds (the newest that match): a year of a busy CPI's desk.
pub const MAX_EXPORT_ENTRIES: usize = 200_000;

/// The head's CPI's log, filtered as the screen shows it, as a CSV file. The export is
/// recorded in the log once the file is made (so it is not in its own file).
async fn audit_csv(
    State(state): State<AppState>,
    HeadAuth(head): HeadAuth,
    Query(query): Query<AuditQuery>,
) -> Result<Response, ApiError> {
    let filter = audit_filter(&query)?;
    let (cpi, listed) = (head.cpi.clone(), filter.clone());
    let csv = blocking(&state, move |s| {
        let entries = s.audit().query(&cpi, &listed, MAX_EXPORT_ENTRIES)?;
        let mut csv = sportello_core::table::csv_record(&AUDIT_CSV_HEADER);
        for l in &entries {
            csv.push_str(&sportello_core::table::csv_record(&csv_row(&l.entry)));
        }
        s.audit().record(&[AuditEntry {
            at_ms: s.now_millis() as i64,
            device_at_ms: None,
            cpi: cpi.clone(),
            doc: format!("audit:{cpi}"),
            who: head.principal.label(),
            device: head.device.clone(),
            action: AuditAction::AuditExport,
        }])?;
        tracing::info!(who = %head.principal.label(), ?listed, entries = entries.len(), "audit log exported");
        Ok(csv)
    })
    .await?;
    let file = format!("attachment; filename=\"registro-accessi-{}.csv\"", head.cpi);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file)], csv)
        .into_response())
}

/// The CSV export's columns, in Italian like the screen.
pub const AUDIT_CSV_HEADER: [&str; 8] = [
    "Registrato il",
    "Avvenuto sul dispositivo il",
    "CPI",
    "Chi",
    "Dispositivo",
    "Azione",
    "Codice azione",
    "Fascicolo, impresa o soggetto",
];

fn csv_row(e: &AuditEntry) -> [String; 8] {
    [
        crate::clock::rome_iso(e.at_ms),
        e.device_at_ms.map(crate::clock::rome_iso).unwrap_or_default(),
        e.cpi.clone(),
        e.who.clone(),
        e.device.clone(),
        e.action.label_it().to_owned(),
        e.action.as_str().to_owned(),
        e.doc.clone(),
    ]
}

/// The store's filter for a query of the screen or the export; a malformed value is a 400
/// with its Italian reason, never a silently wider listing.
fn audit_filter(query: &AuditQuery) -> Result<AuditFilter, ApiError> {
    let doc = match query.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        // An account's or device's administration entries are filed under its subject.
        Some(d) if d.starts_with("account:") || d.starts_with("device:") || d.starts_with("audit:") => {
            Some(d.to_owned())
        }
        Some(d) => Some(DocumentId::parse(d).map_err(|_| BAD_DOSSIER_ID)?.to_string()),
        None => None,
    };
    let day = |value: &Option<String>| -> Result<Option<chrono::NaiveDate>, ApiError> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => sportello_core::docs::dossier::parse_date(v).map(Some).ok_or(BAD_DAY),
            None => Ok(None),
        }
    };
    let (from, to) = (day(&query.from)?, day(&query.to)?);
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "Il periodo finisce prima di cominciare."));
        }
    }
    let start = |d: chrono::NaiveDate| crate::clock::start_of_rome_day(d).map(|t| t.timestamp_millis());
    Ok(AuditFilter {
        doc,
        who: query.who.as_deref().map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned),
        action: query.action,
        from_ms: from.and_then(start),
        // The last day is included: until the next one starts.
        until_ms: to.and_then(|d| d.succ_opt()).and_then(start),
        before: query.before,
    })
}

const BAD_DAY: ApiError = ApiError::new(StatusCode::BAD_REQUEST, "Data del periodo non valida (AAAA-MM-GG).");

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
