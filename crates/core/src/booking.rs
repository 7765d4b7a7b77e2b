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

/// Every B1 slot of `day` by the opening hours, taken or not, earliest first (none on a day
/// the CPI does not open by its hours; the caller checks the calendar).
pub fn slots_of_day(day: NaiveDate, hours: &[(Vec<Weekday>, NaiveTime, NaiveTime)]) -> Vec<Slot> {
    let mut times: Vec<Slot> = Vec::new();
    for (_, from, to) in hours.iter().filter(|(days, ..)| days.contains(&day.weekday())) {
        let mut t = day.and_time(*from);
        while t + Duration::minutes(SLOT_MINUTES) <= day.and_time(*to) {
            times.push(Slot(t));
            t += Duration::minutes(SLOT_MINUTES);
        }
    }
    times.sort();
    times.dedup();
    times
}

/// The free slots of one working day (none on a closed day).
pub fn free_slots_on(
    day: NaiveDate,
    hours: &[(Vec<Weekday>, NaiveTime, NaiveTime)],
    cal: &WorkingCalendar,
    taken: &BTreeSet<Slot>,
) -> Vec<Slot> {
    if !cal.is_working_day(day) {
        return Vec::new();
    }
    slots_of_day(day, hours).into_iter().filter(|t| !taken.contains(t)).collect()
}

/// The days a slot may be booked on for a DID of `did`: from the working day after `today`
/// (or after the DID) to the B1 limit, both included.
pub fn booking_window(did: NaiveDate, today: NaiveDate, cal: &WorkingCalendar) -> (NaiveDate, NaiveDate) {
    (cal.add_working_days(today.max(did), 1), pathway::orientation_interview_deadline(did, cal).due)
}

/// Free slots from `first` to `last` (days, both included), at most `limit`, earliest first.
pub fn free_slots_between(
    first: NaiveDate,
    last: NaiveDate,
    hours: &[(Vec<Weekday>, NaiveTime, NaiveTime)],
    cal: &WorkingCalendar,
    taken: &BTreeSet<Slot>,
    limit: usize,
) -> Vec<Slot> {
    let mut out = Vec::new();
    let mut day = first;
    while day <= last && out.len() < limit {
        out.extend(free_slots_on(day, hours, cal, taken).into_iter().take(limit - out.len()));
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    out
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
    let (first, last) = booking_window(did, today, cal);
    free_slots_between(first, last, hours, cal, taken, limit)
}

/// The day picker's days for a DID made on `did`: every working day of the CPI's calendar in
/// the booking window with at least one free slot, earliest first.
pub fn bookable_days(
    did: NaiveDate,
    today: NaiveDate,
    hours: &[(Vec<Weekday>, NaiveTime, NaiveTime)],
    cal: &WorkingCalendar,
    taken: &BTreeSet<Slot>,
) -> Vec<NaiveDate> {
    let (first, last) = booking_window(did, today, cal);
    first.iter_days().take_while(|d| *d <= last).filter(|d| !free_slots_on(*d, hours, cal, taken).is_empty()).collect()
}

/// The day picker's pages: the bookable days grouped by the Monday of their week, in order.
pub fn by_week(days: &[NaiveDate]) -> Vec<(NaiveDate, Vec<NaiveDate>)> {
    let mut weeks: Vec<(NaiveDate, Vec<NaiveDate>)> = Vec::new();
    for day in days {
        let monday = *day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        match weeks.last_mut() {
            Some((m, list)) if *m == monday => list.push(*day),
            _ => weeks.push((monday, vec![*day])),
        }
    }
    weeks
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

    #[test]
    fn the_day_picker_offers_every_working_day_with_a_free_slot_up_to_the_b1_limit() {
        // DID on Friday 4 Dec 2026 in Bari: the limit is 4 Feb 2027 (two months), the first
        // day Monday 7 Dec; 8 Dec (Immacolata), 25-26 Dec, 1 and 6 Jan are closed.
        let did = date(2026, 12, 4);
        let days = bookable_days(did, did, &bari_hours(), &cal(), &BTreeSet::new());
        assert_eq!(days.first(), Some(&date(2026, 12, 7)));
        assert_eq!(days.last(), Some(&date(2027, 2, 4)));
        for closed in [date(2026, 12, 8), date(2026, 12, 25), date(2027, 1, 1), date(2027, 1, 6), date(2026, 12, 12)] {
            assert!(!days.contains(&closed), "{closed} is closed");
        }
        // Five weeks ahead is offered: far beyond the first twelve slots.
        assert!(days.contains(&date(2027, 1, 11)));
        let twelve = interview_slots(did, did, &bari_hours(), &cal(), &BTreeSet::new(), 12);
        assert!(twelve.iter().all(|s| s.date() < date(2026, 12, 14)));
        // A day whose every slot is taken is not offered.
        let full: BTreeSet<Slot> = slots_of_day(date(2026, 12, 9), &bari_hours()).into_iter().collect();
        assert!(!full.is_empty());
        let days = bookable_days(did, did, &bari_hours(), &cal(), &full);
        assert!(!days.contains(&date(2026, 12, 9)) && days.contains(&date(2026, 12, 10)));
        assert!(free_slots_on(date(2026, 12, 9), &bari_hours(), &cal(), &full).is_empty());
        assert!(free_slots_on(date(2026, 12, 8), &bari_hours(), &cal(), &BTreeSet::new()).is_empty());
        // Pages by week, Monday first.
        let weeks = by_week(&days);
        assert_eq!(weeks[0].0, date(2026, 12, 7));
        assert_eq!(weeks[0].1, [date(2026, 12, 7), date(2026, 12, 10), date(2026, 12, 11)]);
        assert!(weeks.iter().all(|(m, ds)| m.weekday() == Weekday::Mon && ds.iter().all(|d| (*d - *m).num_days() < 7)));
    }

    #[test]
    fn the_two_month_limit_moves_past_closed_days_and_the_picker_follows_it() {
        // DID on 25 Oct 2026: two months fall on 25 Dec (Christmas), 26 is Santo Stefano
        // and 27 a Sunday, so the limit is Monday 28 Dec.
        let did = date(2026, 10, 25);
        let days = bookable_days(did, did, &bari_hours(), &cal(), &BTreeSet::new());
        assert_eq!(days.last(), Some(&date(2026, 12, 28)));
        assert!(!days.contains(&date(2026, 12, 25)) && !days.contains(&date(2026, 12, 26)));
        // A DID on 1 Dec 2026 ends on 1 Feb 2027: no day after it.
        let days = bookable_days(date(2026, 12, 1), date(2026, 12, 1), &bari_hours(), &cal(), &BTreeSet::new());
        assert_eq!(days.last(), Some(&date(2027, 2, 1)));
    }
}
