//! Orientation-interview slots (B1) a citizen books at the totem after declaring the DID:
//! the CPI's opening hours on its working days, from the next working day to the B1 limit
//! (two months from the DID), without the slots already booked.

use crate::calendar::WorkingCalendar;
use crate::cpi::Cpi;
use crate::docs::board::Board;
use crate::pathway;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use std::collections::BTreeSet;

/// Length of a B1 slot: the charter's standard for T1 (60 minutes).
pub const SLOT_MINUTES: i64 = 60;

/// How a slot is stored in documents (board, declaration) and sent: "2026-12-07T09:30".
const STORED_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// A B1 slot: the start of an orientation interview of [`SLOT_MINUTES`], to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot(NaiveDateTime);

impl Slot {
    /// The slot starting at `start` (seconds dropped: slots are to the minute).
    pub fn starting(start: NaiveDateTime) -> Slot {
        Slot(start.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(start))
    }

    /// A slot as stored ("2026-12-07T09:30"); `None` for an empty or unreadable text.
    pub fn parse(stored: &str) -> Option<Slot> {
        NaiveDateTime::parse_from_str(stored.trim(), STORED_FORMAT).ok().map(Slot)
    }

    /// The text documents store, the same every device writes and reads.
    pub fn stored(self) -> String {
        self.0.format(STORED_FORMAT).to_string()
    }

    pub fn start(self) -> NaiveDateTime {
        self.0
    }

    pub fn date(self) -> NaiveDate {
        self.0.date()
    }

    /// "09:30".
    pub fn time_text(self) -> String {
        self.0.format("%H:%M").to_string()
    }

    /// "07/12/2026 09:30", the receipt's wording.
    pub fn date_time_text(self) -> String {
        self.0.format("%d/%m/%Y %H:%M").to_string()
    }
}

/// The opening hours that apply, as (days, hours) rows: the CPI's own rows on its board
/// when it has any, else the configured ones (a board just created, or not yet on this
/// device, has none).
pub fn opening_hours(board: Option<&Board>, cpi: &Cpi) -> Vec<(String, String)> {
    match board {
        Some(b) if !b.hours.is_empty() => b.hours.iter().map(|h| (h.days.to_string(), h.hours.to_string())).collect(),
        _ => cpi.opening_hours.clone(),
    }
}

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
    taken: &BTreeSet<Slot>,
    limit: usize,
) -> Vec<Slot> {
    let last = pathway::orientation_interview_deadline(did, cal).due;
    let mut day = cal.add_working_days(today.max(did), 1);
    let mut out = Vec::new();
    while day <= last && out.len() < limit {
        if cal.is_working_day(day) {
            let mut times: Vec<Slot> = Vec::new();
            for (_, from, to) in hours.iter().filter(|(days, ..)| days.contains(&day.weekday())) {
                let mut t = day.and_time(*from);
                while t + Duration::minutes(SLOT_MINUTES) <= day.and_time(*to) {
                    times.push(Slot(t));
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
    fn a_slot_is_stored_to_the_minute_in_the_text_every_device_reads() {
        let slot = Slot::starting(date(2026, 12, 7).and_hms_opt(9, 30, 41).unwrap());
        assert_eq!(slot.stored(), "2026-12-07T09:30");
        assert_eq!(Slot::parse("2026-12-07T09:30"), Some(slot));
        assert_eq!(Slot::parse(" 2026-12-07T09:30 "), Some(slot));
        assert_eq!((slot.time_text().as_str(), slot.date_time_text().as_str()), ("09:30", "07/12/2026 09:30"));
        assert_eq!(Slot::parse(""), None);
        assert_eq!(Slot::parse("07/12/2026 09:30"), None);
    }

    #[test]
    fn the_board_s_opening_hours_apply_unless_it_has_none() {
        let bari = cpi_by_slug("bari").unwrap();
        let mut board = Board::for_cpi(bari);
        board.hours =
            vec![crate::docs::board::HoursRow { id: "h1".into(), days: "Martedì".into(), hours: "9:00-11:00".into() }];
        assert_eq!(opening_hours(Some(&board), bari), [("Martedì".to_string(), "9:00-11:00".to_string())]);
        board.hours.clear();
        assert_eq!(opening_hours(Some(&board), bari), bari.opening_hours);
        assert_eq!(opening_hours(None, bari), bari.opening_hours);
        assert!(!bari.opening_hours.is_empty());
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
        let taken: BTreeSet<_> = [Slot::starting(date(2026, 12, 7).and_hms_opt(8, 30, 0).unwrap())].into();
        let slots = interview_slots(did, did, &bari_hours(), &cal(), &taken, 5);
        let first: Vec<String> = slots.iter().map(|s| s.start().format("%d %H:%M").to_string()).collect();
        assert_eq!(first, ["07 09:30", "07 10:30", "07 11:30", "09 08:30", "09 09:30"]);
        let all = interview_slots(did, did, &bari_hours(), &cal(), &BTreeSet::new(), 10_000);
        let limit = pathway::orientation_interview_deadline(did, &cal()).due;
        assert!(all.iter().all(|s| s.date() <= limit && cal().is_working_day(s.date())));
        // Tuesday afternoons open too.
        assert!(all.iter().any(|s| s.date().weekday() == Weekday::Tue && s.time_text() == "15:00"));
    }
}
