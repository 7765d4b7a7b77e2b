//! Queue tickets on the relay: each CPI's day documents (created a week ahead, so totems
//! issue tickets offline), the public page of a ticket (`/coda`), the satisfaction survey and
//! its monthly summary. The tickets themselves are written by totems and consoles through
//! sync; the relay only reads them here.

use crate::api::{principal, ApiError};
use crate::auth::AuthError;
use crate::citizen_api::{blocking, store_error};
use crate::hub::Hub;
use crate::store::{open_sqlite, StoreError};
use crate::wellknown::{queue_dates, queue_kind, WellKnown};
use crate::{auth::random_bytes, demo::relay_document, now_millis, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use sportello_core::access::{AccessClass, Principal};
use sportello_core::api::{
    AreaSatisfaction, MonthQuery, PublicTicket, Satisfaction, SurveyComment, SurveyRequest, TicketQuery,
};
use sportello_core::catalogue::{catalogue, Area};
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{Status, TicketNumber};
use sportello_core::satisfaction::{self, Answer};
use sportello_core::sync::ids::DocumentId;
use std::sync::Mutex;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/public/queue/{cpi}/{ticket}", post(public_ticket))
        .route("/api/public/queue/{cpi}/{ticket}/survey", post(answer_survey))
        .route("/api/queue/satisfaction", get(satisfaction_summary))
}

/// The queue documents of `cpi` for the days devices keep ([`queue_dates`]), created if
/// missing. Called with the hub locked, so two requests never create the same day twice.
pub fn ensure_queue_days(
    hub: &mut Hub,
    well_known: &WellKnown,
    cpi: &str,
    today: NaiveDate,
    now_ms: u64,
) -> Result<Vec<(NaiveDate, DocumentId)>, StoreError> {
    let mut days = Vec::new();
    for date in queue_dates(today) {
        let kind = queue_kind(date);
        let id = match well_known.get(cpi, &kind)? {
            Some(id) => id,
            None => {
                let day = QueueDay::new(cpi, &date.to_string());
                let doc = relay_document("queue day created by the relay", now_ms, |tx| {
                    sportello_core::docs::write(tx, &day).map_err(|e| e.to_string())
                })?;
                let id = DocumentId::from_random(random_bytes::<16>());
                hub.create(id, AccessClass::Queue { cpi: cpi.to_owned() }, doc, now_ms)?;
                well_known.set(cpi, &kind, &id)?;
                id
            }
        };
        days.push((date, id));
    }
    Ok(days)
}

/// The relay's today, on its local clock (run it with `TZ=Europe/Rome`).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Survey answers, one per ticket, with the area and month they count for.
pub struct Surveys {
    conn: Mutex<Connection>,
}

impl Surveys {
    pub fn open(path: &std::path::Path) -> Result<Self, StoreError> {
        let conn = open_sqlite(path)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS surveys (
                cpi TEXT NOT NULL, day TEXT NOT NULL, ticket TEXT NOT NULL,
                area TEXT NOT NULL, month TEXT NOT NULL, rating INTEGER NOT NULL,
                comment TEXT NOT NULL, at_ms INTEGER NOT NULL,
                PRIMARY KEY (cpi, day, ticket));
             CREATE INDEX IF NOT EXISTS surveys_by_month ON surveys (cpi, month);",
        )?;
        Ok(Surveys { conn: Mutex::new(conn) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores an answer; `false` if the ticket was already rated.
    pub fn record(
        &self,
        cpi: &str,
        day: NaiveDate,
        ticket: TicketNumber,
        area: Area,
        answer: &Answer,
        at_ms: i64,
    ) -> Result<bool, StoreError> {
        let inserted = self.db().execute(
            "INSERT OR IGNORE INTO surveys (cpi, day, ticket, area, month, rating, comment, at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                cpi,
                day.to_string(),
                ticket.to_string(),
                area.letter().to_string(),
                day.format("%Y-%m").to_string(),
                answer.rating,
                answer.comment,
                at_ms
            ],
        )?;
        Ok(inserted == 1)
    }

    pub fn answered(&self, cpi: &str, day: NaiveDate, ticket: TicketNumber) -> Result<bool, StoreError> {
        Ok(self.db().query_row(
            "SELECT EXISTS(SELECT 1 FROM surveys WHERE cpi = ?1 AND day = ?2 AND ticket = ?3)",
            params![cpi, day.to_string(), ticket.to_string()],
            |r| r.get(0),
        )?)
    }

    /// A month's answers of a CPI: (area, rating, comment, day), newest first.
    pub fn month(&self, cpi: &str, month: &str) -> Result<Vec<(Area, u8, String, String)>, StoreError> {
        let db = self.db();
        let mut stmt = db.prepare_cached(
            "SELECT area, rating, comment, day FROM surveys WHERE cpi = ?1 AND month = ?2 ORDER BY at_ms DESC",
        )?;
        let rows = stmt
            .query_map(params![cpi, month], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(area, rating, comment, day)| {
                Some((Area::from_letter(area.chars().next()?)?, rating, comment, day))
            })
            .collect())
    }
}

const NOT_FOUND: ApiError = ApiError::new(
    StatusCode::NOT_FOUND,
    "Biglietto non trovato: controlla di aver inquadrato il codice QR del tuo biglietto di oggi.",
);

/// Compares secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The day's queue of a CPI and one of its tickets, if the secret matches.
fn find_ticket(
    state: &AppState,
    cpi: &str,
    ticket: &str,
    query: &TicketQuery,
) -> Result<(NaiveDate, QueueDay, TicketNumber), ApiError> {
    let number = TicketNumber::parse(ticket).ok_or(NOT_FOUND)?;
    let day = NaiveDate::parse_from_str(&query.g, "%Y-%m-%d").map_err(|_| NOT_FOUND)?;
    let id = state.well_known().get(cpi, &queue_kind(day)).map_err(store_error)?.ok_or(NOT_FOUND)?;
    let queue = state
        .with_hub(|hub| hub.read(&id, now_millis(), |d| sportello_core::docs::read::<QueueDay>(d).ok()))
        .map_err(store_error)?
        .flatten()
        .ok_or(NOT_FOUND)?;
    match queue.secret(number) {
        Some(secret) if !secret.is_empty() && same_secret(secret, &query.k) => Ok((day, queue, number)),
        _ => Err(NOT_FOUND),
    }
}

fn state_name(status: &Status) -> &'static str {
    match status {
        Status::Waiting => "waiting",
        Status::Called { .. } => "called",
        Status::Serving { .. } => "serving",
        Status::Done { .. } => "done",
        Status::NoShow { .. } => "no_show",
        Status::Transferred { .. } => "waiting",
    }
}

/// Where a ticket stands, for the page its QR code opens on the citizen's phone.
async fn public_ticket(
    State(state): State<AppState>,
    Path((cpi, ticket)): Path<(String, String)>,
    Json(query): Json<TicketQuery>,
) -> Result<Json<PublicTicket>, ApiError> {
    blocking(&state, move |state2| {
        let (day, queue, number) = find_ticket(&state2, &cpi, &ticket, &query)?;
        let standing = queue.standing(number).ok_or(NOT_FOUND)?;
        let t = &standing.ticket;
        let desk = match t.status {
            Status::Called { desk, .. } | Status::Serving { desk, .. } => Some(desk),
            _ => None,
        };
        let surveyed = state2.surveys().answered(&cpi, day, number).map_err(store_error)?;
        let cpi_name = sportello_core::cpi::cpi_by_slug(&cpi).map_or_else(|| cpi.clone(), |c| c.full_name_it());
        Ok(Json(PublicTicket {
            number: number.to_string(),
            cpi: cpi.clone(),
            cpi_name,
            date: day.to_string(),
            area: t.area.letter().to_string(),
            area_name: catalogue().area_name(t.area, "it").to_string(),
            state: state_name(&t.status).to_owned(),
            desk,
            ahead: standing.ahead,
            wait_minutes: standing.wait_minutes,
            desks_open: queue.desks_open(t.area),
            surveyed,
        }))
    })
    .await
}

/// A citizen rates the area that served their ticket: once per ticket, only once it is done.
async fn answer_survey(
    State(state): State<AppState>,
    Path((cpi, ticket)): Path<(String, String)>,
    Json(req): Json<SurveyRequest>,
) -> Result<StatusCode, ApiError> {
    let answer =
        Answer::new(req.rating, &req.comment).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.message_it()))?;
    blocking(&state, move |state2| {
        let query = TicketQuery { g: req.g, k: req.k };
        let (day, queue, number) = find_ticket(&state2, &cpi, &ticket, &query)?;
        let ticket = queue.ticket(number).ok_or(NOT_FOUND)?;
        if !matches!(ticket.status, Status::Done { .. }) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "Potrai dare il tuo giudizio quando il servizio allo sportello sarà concluso.",
            ));
        }
        let now = now_millis() as i64;
        if !state2.surveys().record(&cpi, day, number, ticket.area, &answer, now).map_err(store_error)? {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "Hai già dato il tuo giudizio per questo biglietto. Grazie!",
            ));
        }
        tracing::info!(%cpi, ticket = %number, area = %ticket.area.letter(), "survey answered");
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// A month's satisfaction per area of the operator's CPI, with the latest comments.
async fn satisfaction_summary(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<MonthQuery>,
) -> Result<Json<Satisfaction>, ApiError> {
    let who = principal(&state, &headers)?;
    let Principal::Operator { cpi, .. } = who else {
        return Err(AuthError::Forbidden.into());
    };
    let month = query.month.unwrap_or_else(|| today().format("%Y-%m").to_string());
    if NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_err() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "Mese non valido: usa il formato AAAA-MM."));
    }
    let (answers, month) =
        blocking(&state, move |s| s.surveys().month(&cpi, &month).map(|a| (a, month)).map_err(store_error)).await?;
    let areas = satisfaction::by_area(answers.iter().map(|(a, r, _, _)| (*a, *r)))
        .into_iter()
        .map(|s| AreaSatisfaction {
            area: s.area.letter().to_string(),
            area_name: catalogue().area_name(s.area, "it").to_string(),
            responses: s.responses,
            mean: s.mean,
            counts: s.counts,
        })
        .collect();
    let comments = answers
        .into_iter()
        .filter(|(_, _, c, _)| !c.is_empty())
        .take(50)
        .map(|(area, rating, comment, day)| SurveyComment { area: area.letter().to_string(), rating, comment, day })
        .collect();
    Ok(Json(Satisfaction { month, areas, comments }))
}
