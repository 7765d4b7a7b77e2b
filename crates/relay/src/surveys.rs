//! Storage of the satisfaction survey: one answer per ticket, with the area and month it
//! counts for. `SurveyStore` is the boundary, with a SQLite and a memory backend that pass
//! the same conformance suite.

use crate::db::SharedConnection;
use crate::store::StoreError;
use chrono::NaiveDate;
use rusqlite::params;
use sportello_core::catalogue::Area;
use sportello_core::queue::TicketNumber;
use sportello_core::satisfaction::Answer;
use std::sync::Mutex;

/// A month's answer as the summary reads it: (area, rating, comment, ticket's day).
pub type MonthAnswer = (Area, u8, String, String);

/// One ticket's answer, as it is stored.
pub struct Rated<'a> {
    pub cpi: &'a str,
    pub day: NaiveDate,
    pub ticket: TicketNumber,
    /// The area that served the ticket.
    pub area: Area,
    pub answer: &'a Answer,
    pub at_ms: i64,
}

/// Survey answers, one per ticket, with the area and month they count for.
pub trait SurveyStore: Send + Sync {
    /// Stores an answer; `false` if the ticket was already rated (the first answer stays).
    fn record(&self, rated: &Rated<'_>) -> Result<bool, StoreError>;

    fn answered(&self, cpi: &str, day: NaiveDate, ticket: TicketNumber) -> Result<bool, StoreError>;

    /// A month (`YYYY-MM`) of a CPI's answers, newest first.
    fn month(&self, cpi: &str, month: &str) -> Result<Vec<MonthAnswer>, StoreError>;
}

pub struct SqliteSurveys {
    conn: SharedConnection,
}

impl SqliteSurveys {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(SqliteSurveys { conn: SharedConnection::open(db)? })
    }
}

impl SurveyStore for SqliteSurveys {
    fn record(&self, rated: &Rated<'_>) -> Result<bool, StoreError> {
        let inserted = self.conn.lock().execute(
            "INSERT OR IGNORE INTO surveys (cpi, day, ticket, area, month, rating, comment, at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                rated.cpi,
                rated.day.to_string(),
                rated.ticket.to_string(),
                rated.area.letter().to_string(),
                rated.day.format("%Y-%m").to_string(),
                rated.answer.rating,
                rated.answer.comment,
                rated.at_ms
            ],
        )?;
        Ok(inserted == 1)
    }

    fn answered(&self, cpi: &str, day: NaiveDate, ticket: TicketNumber) -> Result<bool, StoreError> {
        Ok(self.conn.lock().query_row(
            "SELECT EXISTS(SELECT 1 FROM surveys WHERE cpi = ?1 AND day = ?2 AND ticket = ?3)",
            params![cpi, day.to_string(), ticket.to_string()],
            |r| r.get(0),
        )?)
    }

    fn month(&self, cpi: &str, month: &str) -> Result<Vec<MonthAnswer>, StoreError> {
        let db = self.conn.lock();
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

/// Survey answers in memory (tests, and the shape a new backend must match).
#[derive(Default)]
pub struct MemorySurveys {
    /// In arrival order.
    answers: Mutex<Vec<StoredAnswer>>,
}

struct StoredAnswer {
    cpi: String,
    day: NaiveDate,
    ticket: TicketNumber,
    area: Area,
    rating: u8,
    comment: String,
    at_ms: i64,
}

impl StoredAnswer {
    fn is(&self, cpi: &str, day: NaiveDate, ticket: TicketNumber) -> bool {
        self.cpi == cpi && self.day == day && self.ticket == ticket
    }
}

impl SurveyStore for MemorySurveys {
    fn record(&self, rated: &Rated<'_>) -> Result<bool, StoreError> {
        let mut answers = self.answers.lock().unwrap_or_else(|p| p.into_inner());
        if answers.iter().any(|a| a.is(rated.cpi, rated.day, rated.ticket)) {
            return Ok(false);
        }
        answers.push(StoredAnswer {
            cpi: rated.cpi.to_owned(),
            day: rated.day,
            ticket: rated.ticket,
            area: rated.area,
            rating: rated.answer.rating,
            comment: rated.answer.comment.clone(),
            at_ms: rated.at_ms,
        });
        Ok(true)
    }

    fn answered(&self, cpi: &str, day: NaiveDate, ticket: TicketNumber) -> Result<bool, StoreError> {
        let answers = self.answers.lock().unwrap_or_else(|p| p.into_inner());
        Ok(answers.iter().any(|a| a.is(cpi, day, ticket)))
    }

    fn month(&self, cpi: &str, month: &str) -> Result<Vec<MonthAnswer>, StoreError> {
        let answers = self.answers.lock().unwrap_or_else(|p| p.into_inner());
        let mut found: Vec<_> =
            answers.iter().filter(|a| a.cpi == cpi && a.day.format("%Y-%m").to_string() == month).collect();
        found.sort_by_key(|a| std::cmp::Reverse(a.at_ms));
        Ok(found.into_iter().map(|a| (a.area, a.rating, a.comment.clone(), a.day.to_string())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What every backend must do; run against each below.
    fn conformance(store: Box<dyn SurveyStore>) {
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let next_month = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let ticket = |n: u16| TicketNumber::parse(&format!("B-A-{n:03}")).unwrap();
        let good = Answer::new(5, "Gentili").unwrap();
        let poor = Answer::new(2, "").unwrap();
        assert!(!store.answered("bari", day, ticket(1)).unwrap());
        let record = |cpi, day, n, area, answer, at_ms| {
            store.record(&Rated { cpi, day, ticket: ticket(n), area, answer, at_ms }).unwrap()
        };
        assert!(record("bari", day, 1, Area::B, &good, 10));
        assert!(!record("bari", day, 1, Area::B, &poor, 11), "once per ticket");
        assert!(store.answered("bari", day, ticket(1)).unwrap());
        assert!(!store.answered("lecce", day, ticket(1)).unwrap());
        assert!(record("bari", day, 2, Area::D, &poor, 20));
        assert!(record("bari", next_month, 3, Area::B, &good, 30));
        assert!(record("lecce", day, 1, Area::B, &good, 40));
        let november = store.month("bari", "2026-11").unwrap();
        assert_eq!(
            november,
            vec![
                (Area::D, 2, String::new(), "2026-11-02".to_owned()),
                (Area::B, 5, "Gentili".to_owned(), "2026-11-02".to_owned()),
            ],
            "newest first, the first answer kept, other months and CPIs apart"
        );
        assert_eq!(store.month("bari", "2026-12").unwrap().len(), 1);
    }

    crate::db::conformance_tests!(conformance, MemorySurveys::default(), SqliteSurveys::open);
}
