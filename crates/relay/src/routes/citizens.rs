//! The citizens' API, used by totems and by `/verifica`: identification with the Tessera
//! Sanitaria, "La mia situazione", certificates (issued, checked, revoked) and the public
//! keys that verify them. Errors carry an Italian message the screens show as they are.
//!
//! - `GET /api/keys`: every public key that ever signed a certificate (hex), public.
//! - `POST /api/identify` (totems): codice fiscale, the card's last 8 digits and expiry,
//!   checked against the dossier found through the CPI's index; 5 failures lock the code
//!   for 15 minutes whatever totem they come from (the lock is audited with the totem), and
//!   each totem's failures are throttled (`sportello_core::throttle::IDENTIFY_DEVICE`).
//! - `POST /api/citizen/end` (totems): ends a citizen's session.
//! - `POST /api/citizen/certificates` (totems): a numbered certificate, signed with the
//!   CPI's key, recorded in SQLite and in the dossier, audited.
//! - `GET /api/certificates/{number}`: valid or revoked, public.
//! - `POST /api/certificates/{number}/revoke`: operators of the issuing CPI.
//! - `GET /api/public/vacancies/{cpi}/{id}`: one published vacancy, public (the phone page
//!   a totem's QR code opens).

use crate::audit::{AuditAction, AuditEntry};
use crate::citizens::Issue;
use crate::http::{blocking, store_error, too_many, ApiError, OperatorAuth, TotemAuth, INTERNAL};
use crate::{wellknown, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use sportello_core::access::may_revoke_certificate;
use sportello_core::api::{
    CertificateState, CertificateStatus, CitizenSessionRequest, Identified, IdentifyRequest, IssueRequest,
    IssuedCertificate, Keys, PublicKey, PublicVacancy,
};
use sportello_core::certificate::{self, CertificateKind};
use sportello_core::codice_fiscale::CodiceFiscale;
use sportello_core::docs::dossier::{parse_date, CertificateRecord, Dossier};
use sportello_core::docs::index::IndexView;
use sportello_core::identification::{card_expired, revocation, Attempt, LOCK_SECONDS};
use sportello_core::sync::ids::DocumentId;
use sportello_core::throttle::{Gate, IDENTIFY_DEVICE};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/keys", get(keys))
        .route("/api/identify", post(identify))
        .route("/api/citizen/end", post(end_session))
        .route("/api/citizen/certificates", post(issue))
        .route("/api/certificates/{number}", get(certificate_status))
        .route("/api/certificates/{number}/revoke", post(revoke))
        .route("/api/public/vacancies/{cpi}/{id}", get(public_vacancy))
}

const NO_MATCH: &str =
    "I dati non corrispondono a quelli registrati dal Centro per l'Impiego. Controlla le cifre e la \
                        scadenza sul retro della tessera.";

/// Every public key that signs certificates: `/verifica` and operators' devices keep a copy.
async fn keys(State(state): State<AppState>) -> Result<Json<Keys>, ApiError> {
    let keys = blocking(&state, |s| s.citizens().public_keys().map_err(store_error)).await?;
    let keys = keys
        .into_iter()
        .map(|(key_id, cpi, public)| PublicKey { key_id, cpi, public_key: key_text(&public) })
        .collect();
    Ok(Json(Keys { keys }))
}

fn key_text(bytes: &[u8]) -> String {
    crate::auth::hex(bytes)
}

/// The dossiers of `codice_fiscale` in `cpi`, through the CPI's index. Each is checked to be
/// a dossier of that CPI (an index line cannot lead to another CPI's document) holding that
/// very codice fiscale.
fn find_dossiers(
    state: &AppState,
    cpi: &str,
    codice_fiscale: &CodiceFiscale,
) -> Result<Vec<(DocumentId, Dossier)>, ApiError> {
    let Some(index_id) = state.well_known().get(cpi, wellknown::INDEX).map_err(store_error)? else {
        return Ok(Vec::new());
    };
    let now = state.now_millis();
    let hub = state.hub(cpi);
    {
        let ids: Vec<DocumentId> = hub
            .read(&index_id, now, |doc| {
                let mut views = state.index_views();
                let view = views.entry(cpi.to_owned()).or_insert_with(|| IndexView::load(doc));
                view.refresh(doc);
                view.dossiers_of(codice_fiscale).filter_map(|e| DocumentId::parse(&e.dossier).ok()).collect()
            })
            .map_err(store_error)?
            .unwrap_or_default();
        let mut found = Vec::new();
        for id in ids {
            match hub.dossier_of(&id, now).map_err(store_error)? {
                Some(d) if d.personal.codice_fiscale == codice_fiscale.as_str() => found.push((id, d)),
                Some(_) => tracing::warn!(doc = %id, %cpi, "an index line disagrees with its dossier"),
                None => tracing::warn!(doc = %id, %cpi, "an index line points outside the CPI's dossiers"),
            }
        }
        Ok(found)
    }
}

/// The dossier of a citizen session, re-checked to belong to the session's CPI.
fn session_dossier(state: &AppState, cpi: &str, doc: &str) -> Result<(DocumentId, Dossier), ApiError> {
    let id = DocumentId::parse(doc).map_err(|_| INTERNAL)?;
    let dossier = state.hub(cpi).dossier_of(&id, state.now_millis()).map_err(store_error)?;
    dossier.map(|d| (id, d)).ok_or(INTERNAL)
}

fn audit(state: &AppState, cpi: &str, doc: &DocumentId, who: String, device: &str, action: AuditAction) {
    audit_doc(state, cpi, &doc.to_string(), who, device, action);
}

fn audit_doc(state: &AppState, cpi: &str, doc: &str, who: String, device: &str, action: AuditAction) {
    let entry = AuditEntry {
        at_ms: state.now_millis() as i64,
        device_at_ms: None,
        cpi: cpi.to_owned(),
        doc: doc.to_owned(),
        who,
        device: device.to_owned(),
        action,
    };
    if let Err(err) = state.audit().record(&[entry]) {
        tracing::error!(%err, "cannot write the audit log");
    }
}

/// Checks a citizen at a totem: the codice fiscale, then the second factor against the
/// dossier. Failures count per codice fiscale whatever totem they come from.
async fn identify(
    State(state): State<AppState>,
    TotemAuth { device, cpi }: TotemAuth,
    Json(req): Json<IdentifyRequest>,
) -> Result<Json<Identified>, ApiError> {
    let code = sportello_core::codice_fiscale::parse(&req.codice_fiscale)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "Codice fiscale non valido."))?;
    blocking(&state, move |state| {
        let now = state.now_secs();
        // A device failing code after code is stopped before it locks many citizens out.
        let device_key = format!("identify-device:{device}");
        if let Gate::Closed { until } = state.throttles().take(&IDENTIFY_DEVICE, &device_key, now) {
            tracing::warn!(target: "audit", %device, %cpi, until, "identification refused: device throttled");
            return Err(too_many("Troppe identificazioni non riuscite da questo totem.", until));
        }
        let pepper = state.card_pepper();
        let subject = pepper.lockout_subject(code.as_str());
        let citizens = state.citizens();
        // The attempt is counted before anything is checked: concurrent requests cannot all
        // slip past the lock.
        let attempts_left = match citizens.take_attempt(&subject, now).map_err(store_error)? {
            Attempt::Locked { until } => return Err(locked(until)),
            Attempt::Check { attempts_left } => attempts_left,
        };
        let digits = sportello_core::citizen::card_digits(&req.digits).unwrap_or_default();
        let expiry = parse_date(&req.expiry);
        let candidates = find_dossiers(&state, &cpi, &code)?;
        let first_candidate = candidates.first().map(|(id, _)| *id);
        // Hash even when nobody matches, so timing does not tell who is registered.
        let _ = pepper.digits_hash(code.as_str(), &digits);
        let found = candidates.into_iter().find(|(_, d)| {
            pepper.verify(code.as_str(), &digits, &d.card.digits_hash)
                && expiry.is_some()
                && expiry == parse_date(&d.card.expiry)
        });
        let Some((id, dossier)) = found else {
            tracing::warn!(%device, %cpi, "identification failed");
            if attempts_left == 0 {
                // This device's attempt locked the code on every totem: the head sees which.
                let doc = first_candidate.map(|id| id.to_string()).unwrap_or_default();
                tracing::warn!(target: "audit", %device, %cpi, "codice fiscale locked");
                audit_doc(&state, &cpi, &doc, format!("totem:{device}@{cpi}"), &device, AuditAction::Locked);
            }
            return Err(match attempts_left {
                0 => locked(now + LOCK_SECONDS),
                1 => ApiError::owned(StatusCode::UNAUTHORIZED, format!("{NO_MATCH} Resta 1 tentativo.")),
                n => ApiError::owned(StatusCode::UNAUTHORIZED, format!("{NO_MATCH} Restano {n} tentativi.")),
            });
        };
        citizens.succeeded(&subject).map_err(store_error)?;
        state.throttles().succeeded(&IDENTIFY_DEVICE, &device_key, true);
        if expiry.is_some_and(|e| card_expired(e, state.today())) {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "La tessera sanitaria è scaduta: rivolgiti allo sportello con la tessera nuova.",
            ));
        }
        let session = citizens.open_session(&id.to_string(), &cpi, &device, now).map_err(store_error)?;
        audit(&state, &cpi, &id, format!("totem:{device}@{cpi}"), &device, AuditAction::Identify);
        let status = sportello_core::citizen::status(
            &dossier,
            state.today(),
            &sportello_core::calendar::WorkingCalendar::around(&cpi, state.today()),
        );
        Ok(Json(Identified { session, status }))
    })
    .await
}

fn locked(until: i64) -> ApiError {
    let at = chrono::DateTime::from_timestamp(until, 0)
        .map(|t| crate::clock::rome_time(t).format("%H:%M").to_string())
        .unwrap_or_default();
    ApiError::owned(
        StatusCode::from_u16(423).unwrap_or(StatusCode::FORBIDDEN),
        format!("Troppi tentativi non riusciti: per sicurezza questo codice fiscale è bloccato fino alle {at}. Puoi rivolgerti allo sportello."),
    )
}

async fn end_session(
    State(state): State<AppState>,
    TotemAuth { device, .. }: TotemAuth,
    Json(req): Json<CitizenSessionRequest>,
) -> Result<StatusCode, ApiError> {
    blocking(&state, move |s| s.citizens().end_session(&req.session, &device).map_err(store_error)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Issues a certificate to the identified citizen: numbered, signed with the CPI's key,
/// recorded in the relay and in the dossier, audited.
async fn issue(
    State(state): State<AppState>,
    TotemAuth { device, cpi }: TotemAuth,
    Json(req): Json<IssueRequest>,
) -> Result<Json<IssuedCertificate>, ApiError> {
    let kind = CertificateKind::from_code(&req.kind)
        .ok_or(ApiError::new(StatusCode::BAD_REQUEST, "Tipo di certificato sconosciuto."))?;
    blocking(&state, move |state| {
        let now = state.now_secs();
        let citizens = state.citizens();
        let (doc, _) = citizens.session(&req.session, &device, now).map_err(store_error)?.ok_or(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "La sessione è terminata: mostra di nuovo la tessera sanitaria.",
        ))?;
        let (id, dossier) = session_dossier(&state, &cpi, &doc)?;
        // Refuse before a number is spent, so the sequence has no gaps.
        if !sportello_core::citizen::available_certificates(&dossier).contains(&kind) {
            return Err(ApiError::owned(
                StatusCode::CONFLICT,
                sportello_core::citizen::IssueError::NotApplicable(kind).message_it(),
            ));
        }
        let issued_at = state.rome_now();
        let number = citizens.next_number(&cpi, chrono::Datelike::year(&issued_at)).map_err(store_error)?;
        let content = sportello_core::citizen::certificate(&dossier, kind, number.clone(), &cpi, issued_at)
            .map_err(|e| ApiError::owned(StatusCode::CONFLICT, e.message_it()))?;
        let key = citizens.signing_key(&cpi, now).map_err(store_error)?;
        let signed = certificate::sign(&content, &key.secret, &key.key_id);
        let issued_by = format!("totem:{device}");
        let issued_at_iso = signed.certificate.issued_at.format("%Y-%m-%dT%H:%M:%S").to_string();
        let issue =
            Issue { number: &number, cpi: &cpi, kind, dossier: &doc, issued_at: &issued_at_iso, issued_by: &issued_by };
        citizens.record_certificate(&issue).map_err(store_error)?;
        let record = CertificateRecord {
            number: number.as_str().into(),
            kind: kind.code().into(),
            issued_at: issued_at_iso.as_str().into(),
            issued_by: issued_by.as_str().into(),
            ..Default::default()
        };
        record_in_dossier(&state, &id, &format!("Certificato {number} emesso"), move |d| d.certificates.push(record));
        audit(&state, &cpi, &id, format!("totem:{device}@{cpi}"), &device, AuditAction::Issue);
        let cpi_name = sportello_core::cpi::cpi_by_slug(&cpi).map_or_else(|| cpi.clone(), |c| c.full_name_it());
        Ok(Json(IssuedCertificate {
            number: number.to_string(),
            title: kind.title_it().to_owned(),
            cpi_name,
            issued_at: signed.certificate.issued_at_it(),
            qr_text: certificate::to_qr_text(&signed),
            certificate: signed.certificate,
        }))
    })
    .await
}

/// Writes into a dossier as the relay after the relay's own record is stored. A failure is
/// logged: the certificate is valid (and revocable) through the relay's record alone.
fn record_in_dossier(state: &AppState, id: &DocumentId, message: &str, edit: impl FnOnce(&mut Dossier)) {
    if let Err(err) = crate::services::record_in_dossier(state, id, state.now_millis(), message, edit) {
        tracing::error!(%err, doc = %id, "cannot record in the dossier");
    }
}

/// Whether a certificate is valid or revoked (public: anyone holding it may ask).
async fn certificate_status(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<Json<CertificateState>, ApiError> {
    let found = blocking(&state, move |s| s.citizens().certificate(&number).map_err(store_error)).await?;
    let issued = found.ok_or(ApiError::new(StatusCode::NOT_FOUND, "Certificato sconosciuto a questo server."))?;
    let status = if issued.revoked_at.is_some() { CertificateStatus::Revoked } else { CertificateStatus::Valid };
    Ok(Json(CertificateState { number: issued.number, status, revoked_at: issued.revoked_at }))
}

/// An operator of the issuing CPI withdraws a certificate.
async fn revoke(
    State(state): State<AppState>,
    OperatorAuth { username, cpi, principal: who, .. }: OperatorAuth,
    Path(number): Path<String>,
) -> Result<StatusCode, ApiError> {
    blocking(&state, move |state| {
        let citizens = state.citizens();
        let issued = citizens
            .certificate(&number)
            .map_err(store_error)?
            .filter(|c| may_revoke_certificate(&who, &c.cpi))
            .ok_or(ApiError::new(StatusCode::NOT_FOUND, "Certificato sconosciuto per questo Centro per l'Impiego."))?;
        let at = state.rome_now().format("%Y-%m-%dT%H:%M:%S").to_string();
        let by = format!("operator:{username}");
        citizens.revoke(&number, &at, &by).map_err(store_error)?;
        if let Ok(id) = DocumentId::parse(&issued.dossier) {
            let (at, by) = (at.clone(), by.clone());
            let number_in_doc = number.clone();
            record_in_dossier(&state, &id, &format!("Certificato {number} revocato"), move |d| {
                if let Some(r) = d.certificates.iter_mut().find(|r| r.number == number_in_doc) {
                    let first =
                        (!r.revoked_at.is_empty()).then(|| (r.revoked_at.to_string(), r.revoked_by.to_string()));
                    let (at, by) = revocation(first.as_ref().map(|(a, b)| (a.as_str(), b.as_str())), &at, &by);
                    let (at, by) = (at.to_owned(), by.to_owned());
                    r.revoked_at = at.into();
                    r.revoked_by = by.into();
                }
            });
            audit(&state, &cpi, &id, who.label(), "", AuditAction::Revoke);
        }
        tracing::info!(who = %who.label(), %number, "certificate revoked");
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// One published vacancy, for the phone page a totem's QR code opens (no sign-in: vacancies
/// are public).
async fn public_vacancy(
    State(state): State<AppState>,
    Path((cpi, id)): Path<(String, String)>,
) -> Result<Json<PublicVacancy>, ApiError> {
    let found = blocking(&state, move |state| {
        let Some(doc) = state.well_known().get(&cpi, wellknown::VACANCIES).map_err(store_error)? else {
            return Ok(None);
        };
        let list = state
            .hub(&cpi)
            .read(&doc, state.now_millis(), |d| {
                sportello_core::docs::read::<sportello_core::docs::vacancies::Vacancies>(d).ok()
            })
            .map_err(store_error)?
            .flatten();
        let cpi_name = sportello_core::cpi::cpi_by_slug(&cpi).map_or_else(|| cpi.clone(), |c| c.full_name_it());
        Ok(list.and_then(|l| l.items.into_iter().find(|v| v.id == id && !v.withdrawn)).map(|v| PublicVacancy {
            cpi: cpi.clone(),
            cpi_name,
            id: v.id.to_string(),
            title: v.title.to_string(),
            profession: v.profession.to_string(),
            municipality: v.municipality.to_string(),
            contract: v.contract.to_string(),
            working_time: v.working_time.to_string(),
            published_on: v.published_on.to_string(),
            description: v.description.to_string(),
            requirements: v.requirements.to_string(),
            how_to_apply: v.how_to_apply.to_string(),
        }))
    })
    .await?;
    found.map(Json).ok_or(ApiError::new(StatusCode::NOT_FOUND, "Offerta non trovata o non più disponibile."))
}
