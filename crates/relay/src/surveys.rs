//! Storage of the satisfaction survey: one answer per ticket, with the area and month it
//! counts for.

use crate::store::StoreError;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use sportello_core::catalogue::Area;
use sportello_core::queue::TicketNumber;
use sportello_core::satisfaction::Answer;
use std::sync::Mutex;

/// Survey answers, one per ticket, with the area and month they count for.
pub struct Surveys {
    conn: Mutex<Connection>,
}

impl Surveys {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Surveys { conn: Mutex::new(db.connect()?) })
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
