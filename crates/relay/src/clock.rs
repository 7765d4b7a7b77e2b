//! The relay's clock, held in its state so tests fix the time. Whatever the host's time zone,
//! the relay's days and the times it prints (certificates, revocations, lockouts) are the
//! wall time of Italy.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Europe::Rome;
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The host's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until told to move (tests).
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The wall time in Italy at `at`.
pub fn rome_time(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Rome).naive_local()
}

/// The day in Italy at `at`.
pub fn rome_date(at: DateTime<Utc>) -> NaiveDate {
    rome_time(at).date()
}

/// The first second (epoch seconds) of the day in Italy after the one of `at`: when a revoked
/// device's ticket letter becomes free again.
pub fn start_of_next_rome_day(at: DateTime<Utc>) -> i64 {
    let next = rome_date(at).succ_opt().unwrap_or(NaiveDate::MAX);
    start_of_rome_day(next).map_or(i64::MAX, |t| t.timestamp())
}

/// When `day` starts in Italy (the audit log's period filter).
pub fn start_of_rome_day(day: NaiveDate) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    // Italy's clock changes at 02:00 or 03:00, never at midnight.
    Rome.from_local_datetime(&midnight).earliest().map(|t| t.with_timezone(&Utc))
}

/// A time in Italy as ISO 8601 with its offset, e.g. `2026-12-01T23:30:05+01:00` (the CSV
/// export).
pub fn rome_iso(at_ms: i64) -> String {
    DateTime::from_timestamp_millis(at_ms)
        .map(|t| t.with_timezone(&Rome).format("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn rome_is_one_hour_ahead_in_winter_and_two_in_summer() {
        assert_eq!(rome_time(utc("2026-01-15T10:00:00Z")).to_string(), "2026-01-15 11:00:00");
        assert_eq!(rome_time(utc("2026-07-15T10:00:00Z")).to_string(), "2026-07-15 12:00:00");
        // Late evening in UTC is already tomorrow in Italy.
        assert_eq!(rome_date(utc("2026-07-15T22:30:00Z")).to_string(), "2026-07-16");
    }

    #[test]
    fn a_day_starts_at_midnight_in_italy_and_times_print_with_their_offset() {
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        assert_eq!(start_of_rome_day(day("2026-12-01")), Some(utc("2026-11-30T23:00:00Z")));
        assert_eq!(start_of_rome_day(day("2026-07-15")), Some(utc("2026-07-14T22:00:00Z")));
        assert_eq!(rome_iso(utc("2026-12-01T22:30:05Z").timestamp_millis()), "2026-12-01T23:30:05+01:00");
        assert_eq!(rome_iso(utc("2026-07-15T10:00:00Z").timestamp_millis()), "2026-07-15T12:00:00+02:00");
    }

    #[test]
    fn the_next_day_starts_at_midnight_in_italy() {
        // 23:30 in Rome on 1 December is 22:30 UTC; the next day starts at 23:00 UTC.
        assert_eq!(start_of_next_rome_day(utc("2026-12-01T22:30:00Z")), utc("2026-12-01T23:00:00Z").timestamp());
        assert_eq!(start_of_next_rome_day(utc("2026-12-01T23:00:00Z")), utc("2026-12-02T23:00:00Z").timestamp());
        assert_eq!(start_of_next_rome_day(utc("2026-07-01T10:00:00Z")), utc("2026-07-01T22:00:00Z").timestamp());
    }
}
