//! Queue tickets on the relay: the public page of a ticket (`/coda`), the satisfaction survey
//! and its monthly summary. The tickets themselves are written by totems and consoles through
//! sync (the day documents are created by `services::ensure_queue_days`); the relay only
//! reads them here.
//!
//! - `POST /api/public/queue/{cpi}/{ticket}`: the phone page — state, desk, people ahead,
//!   estimated wait; needs the ticket's day and the secret of its QR code in the body.
//! - `POST /api/public/queue/{cpi}/{ticket}/survey`: once per ticket, only once served;
//!   stored with its area and month.
//! - `GET /api/queue/satisfaction?month=`: a month per area of the operator's CPI.

use crate::http::{blocking, store_error, ApiError, OperatorAuth};
use crate::surveys::Rated;
use crate::wellknown::queue_kind;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use sportello_core::access::may_read_satisfaction;
use sportello_core::api::{
    AreaSatisfaction, MonthQuery, PublicTicket, Satisfaction, SurveyComment, SurveyRequest, TicketQuery,
};
use sportello_core::catalogue::catalogue;
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::TicketNumber;
use sportello_core::satisfaction::{self, Answer};
use std::sync::Arc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/public/queue/{cpi}/{ticket}", post(public_ticket))
        .route("/api/public/queue/{cpi}/{ticket}/survey", post(answer_survey))
        .route("/api/queue/satisfaction", get(satisfaction_summary))
}

const NOT_FOUND: ApiError = ApiError::new(
    StatusCode::NOT_FOUND,
    "Biglietto non trovato: controlla di aver inquadrato il codice QR del tuo biglietto di oggi.",
);

/// Compares secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The day's queue of a CPI and one of its tickets, if the secret matches. The queue is the
/// hub's shared reading of the day (read once per change of the document, not per poll);
/// the ticket's standing is computed from it with no lock held.
fn find_ticket(
    state: &AppState,
    cpi: &str,
    ticket: &str,
    query: &TicketQuery,
) -> Result<(NaiveDate, Arc<QueueDay>, TicketNumber), ApiError> {
    let number = TicketNumber::parse(ticket).ok_or(NOT_FOUND)?;
    let day = NaiveDate::parse_from_str(&query.g, "%Y-%m-%d").map_err(|_| NOT_FOUND)?;
    let id = state.well_known().get(cpi, &queue_kind(day)).map_err(store_error)?.ok_or(NOT_FOUND)?;
    let queue = state.hub(cpi).queue_day(&id, state.now_millis()).map_err(store_error)?.ok_or(NOT_FOUND)?;
    match queue.secret(number) {
        Some(secret) if !secret.is_empty() && same_secret(secret, &query.k) => Ok((day, queue, number)),
        _ => Err(NOT_FOUND),
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
        let surveyed = state2.surveys().answered(&cpi, day, number).map_err(store_error)?;
        let cpi_name = sportello_core::cpi::cpi_by_slug(&cpi).map_or_else(|| cpi.clone(), |c| c.full_name_it());
        Ok(Json(PublicTicket {
            number: number.to_string(),
            cpi: cpi.clone(),
            cpi_name,
            date: day.to_string(),
            area: t.area.letter().to_string(),
            area_name: catalogue().area_name(t.area, "it").to_string(),
            state: t.status.public_state(),
            desk: t.status.desk(),
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
        if !ticket.status.may_be_rated() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "Potrai dare il tuo giudizio quando il servizio allo sportello sarà concluso.",
            ));
        }
        let now = state2.now_millis() as i64;
        if !state2
            .surveys()
            .record(&Rated { cpi: &cpi, day, ticket: number, area: ticket.area, answer: &answer, at_ms: now })
            .map_err(store_error)?
        {
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
    OperatorAuth { cpi, principal, .. }: OperatorAuth,
    Query(query): Query<MonthQuery>,
) -> Result<Json<Satisfaction>, ApiError> {
    if !may_read_satisfaction(&principal, &cpi) {
        return Err(crate::http::FORBIDDEN);
    }
    let month = query.month.unwrap_or_else(|| state.today().format("%Y-%m").to_string());
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
