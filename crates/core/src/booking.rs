//! Orientation-interview slots (B1) a citizen books at the totem after declaring the DID:
//! the CPI's opening hours on its working days, from the next working day to the B1 limit
//! (two months from the DID), without the slots already booked.

use crate::calendar::WorkingCalendar;
use crate::pathway;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::collections::BTreeSet;

/// Length of a B1 slot: the charter's standard for T1 (60 minutes).
pub const SLOT_MINUTES: i64 = 60;

const DAYS: [(&str, Weekday); 7] = [
    ("lunedì", Weekday::Mon),
    ("martedì", Weekday::Tue),
    ("mercoledì", Weekday::Wed),
    ("giovedì", Weekday::Thu),
    ("venerdì", Weekday::Fri),
    ("sabato", Weekday::Sat),
    ("domenica", Weekday::Sun),
];

fn weekday(name: &str) -> Option<Weekday> {
    let name = name.trim().to_lowercase().replace("lunedi", "lunedì").replace("martedi", "martedì");
    let name = name.replace("mercoledi", "mercoledì").replace("giovedi", "giovedì").replace("venerdi", "venerdì");
    DAYS.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
}

/// The weekdays of an opening-hours row as written in Italian: "Lunedì-Venerdì",
/// "Martedì e Giovedì", "Lunedì, Mercoledì". `None` if it cannot be read.
pub fn parse_days(text: &str) -> Option<Vec<Weekday>> {
    let text = text.trim();
    if let Some((from, to)) = text.split_once('-') {
        let (from, to) = (weekday(from)?, weekday(to)?);
        let (a, b) = (from.num_days_from_monday(), to.num_days_from_monday());
        return (a <= b).then(|| DAYS[a as usize..=b as usize].iter().map(|(_, d)| *d).collect());
    }
    text.split([',', '/']).flat_map(|p| p.split(" e ")).map(weekday).collect()
}

/// "9:00-12:00" or "8.30 - 12.30" as a time range.
pub fn parse_hours(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (from, to) = text.split_once('-')?;
    let time = |t: &str| NaiveTime::parse_from_str(&t.trim().replace('.', ":"), "%H:%M").ok();
    let (from, to) = (time(from)?, time(to)?);
    (from < to).then_some((from, to))
}

/// Opening hours as (weekdays, from, to), from rows of text; unreadable rows are skipped.
pub fn parse_opening_hours(rows: &[(String, String)]) -> Vec<(Vec<Weekday>, NaiveTime, NaiveTime)> {
    rows.iter()
        .filter_map(|(days, hours)| {
            let (from, to) = parse_hours(hours)?;
            Some((parse_days(days)?, from, to))
        })
        .collect()
}

/// Free B1 slots for a DID made on `did`, from the working day after `today` to the B1 limit,
/// at most `limit` of them, earliest first.
pub fn interview_slots(
    did: NaiveDate,
    today: NaiveDate,
    hours: &[(Vec<Weekday>, NaiveTime, NaiveTime)],
    cal: &WorkingCalendar,
    taken: &BTreeSet<NaiveDateTime>,
    limit: usize,
) -> Vec<NaiveDateTime> {
    let last = pathway::orientation_interview_deadline(did, cal).due;
    let mut day = cal.add_working_days(today.max(did), 1);
    let mut out = Vec::new();
    while day <= last && out.len() < limit {
        if cal.is_working_day(day) {
            let mut times: Vec<NaiveDateTime> = Vec::new();
            for (_, from, to) in hours.iter().filter(|(days, ..)| days.contains(&day.weekday())) {
                let mut t = day.and_time(*from);
                while t + Duration::minutes(SLOT_MINUTES) <= day.and_time(*to) {
                    times.push(t);
                    t += Duration::minutes(SLOT_MINUTES);
                }
            }
            times.sort();
            out.extend(times.into_iter().filter(|t| !taken.contains(t)).take(limit - out.len()));
        }
        day = day.succ_opt().unwrap_or(day);
        if day == NaiveDate::MAX {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpi::cpi_by_slug;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn bari_hours() -> Vec<(Vec<Weekday>, NaiveTime, NaiveTime)> {
        parse_opening_hours(&cpi_by_slug("bari").unwrap().opening_hours)
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::for_cpi(cpi_by_slug("bari").unwrap(), 2026..=2027)
    }

    #[test]
    fn reads_italian_opening_hours() {
        assert_eq!(parse_days("Lunedì-Venerdì").unwrap().len(), 5);
        assert_eq!(parse_days("Martedì e Giovedì").unwrap(), [Weekday::Tue, Weekday::Thu]);
        assert_eq!(parse_hours("8.30 - 12.30").unwrap().0, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
        assert!(parse_days("Su appuntamento").is_none());
        assert_eq!(bari_hours().len(), 2);
    }

    #[test]
    fn slots_start_the_next_working_day_skip_holidays_and_taken_ones_and_stop_at_the_b1_limit() {
        // DID on Friday 4 Dec 2026: Monday 7 is the next working day (6 is San Nicola and a
        // Sunday), 8 Dec is the Immacolata.
        let did = date(2026, 12, 4);
        // Bari opens 8:30-12:30 on weekdays.
        let taken: BTreeSet<_> = [date(2026, 12, 7).and_hms_opt(8, 30, 0).unwrap()].into();
        let slots = interview_slots(did, did, &bari_hours(), &cal(), &taken, 5);
        let first: Vec<String> = slots.iter().map(|s| s.format("%d %H:%M").to_string()).collect();
        assert_eq!(first, ["07 09:30", "07 10:30", "07 11:30", "09 08:30", "09 09:30"]);
        let all = interview_slots(did, did, &bari_hours(), &cal(), &BTreeSet::new(), 10_000);
        let limit = pathway::orientation_interview_deadline(did, &cal()).due;
        assert!(all.iter().all(|s| s.date() <= limit && cal().is_working_day(s.date())));
        // Tuesday afternoons open too.
        assert!(all
            .iter()
            .any(|s| s.weekday() == Weekday::Tue && s.time() == NaiveTime::from_hms_opt(15, 0, 0).unwrap()));
    }
}
