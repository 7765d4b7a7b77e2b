//! Working days of a CPI: Monday to Friday, minus Italian national holidays and the town's
//! patron-saint day. Deadlines such as "profiles within 5 working days" (G1) or "phone call
//! within 7 working days of the letter" are counted here; "within 2 months of the DID" (B1)
//! uses [`add_months`].

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::cpi::{patron_days, Cpi};

/// Easter Sunday of `year` (Gregorian calendar, anonymous "Meeus/Jones/Butcher" algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    // month is 3 or 4 and day 1..=31 by construction.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .unwrap_or_else(|| panic!("Easter of {year} out of chrono's range"))
}

/// The first year in which 4 October (San Francesco d'Assisi) is a national holiday again.
pub const SAN_FRANCESCO_FROM: i32 = 2026;

/// The Italian name of the national holiday on `date`, if it is one.
///
/// Covers the days on which offices close: 1 and 6 January, Easter Sunday and Monday,
/// 25 April, 1 May, 2 June, 15 August, 4 October (from 2026), 1 November, 8, 25 and 26
/// December. Local patron days are not national: see [`WorkingCalendar`].
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some("Capodanno"),
        (1, 6) => Some("Epifania"),
        (4, 25) => Some("Festa della Liberazione"),
        (5, 1) => Some("Festa del Lavoro"),
        (6, 2) => Some("Festa della Repubblica"),
        (8, 15) => Some("Ferragosto (Assunzione di Maria)"),
        (10, 4) if date.year() >= SAN_FRANCESCO_FROM => Some("San Francesco d'Assisi, patrono d'Italia"),
        (11, 1) => Some("Ognissanti"),
        (12, 8) => Some("Immacolata Concezione"),
        (12, 25) => Some("Natale"),
        (12, 26) => Some("Santo Stefano"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    // Easter falls between 22 March and 25 April, its Monday by 26 April.
    if !matches!(date.month(), 3 | 4) {
        return None;
    }
    let easter = easter_sunday(date.year());
    if date == easter {
        Some("Pasqua")
    } else if easter.succ_opt() == Some(date) {
        Some("Lunedì dell'Angelo")
    } else {
        None
    }
}

/// Why an office is closed on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closure {
    /// Saturday or Sunday.
    Weekend,
    /// A national holiday, with its Italian name.
    Holiday(&'static str),
    /// The town's patron-saint day (or another extra closed day configured for the CPI).
    Patron,
}

impl Closure {
    /// A short Italian reason, e.g. "Festa patronale".
    pub fn label_it(self) -> &'static str {
        match self {
            Closure::Weekend => "Fine settimana",
            Closure::Holiday(name) => name,
            Closure::Patron => "Festa patronale",
        }
    }
}

/// A date as Italians write it on forms and letters: "27/11/2026".
pub fn italian_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A moment: "27/11/2026 alle 10:30".
pub fn italian_date_time(at: chrono::NaiveDateTime) -> String {
    format!("{} alle {}", italian_date(at.date()), at.format("%H:%M"))
}

/// An ISO date or date and time as documents and the relay keep them
/// ("2026-11-27", "2026-11-27T10:30", "2026-11-27T10:30:05", "2026-11-27 10:30:05"), as
/// [`italian_date`] or [`italian_date_time`]; text that is neither is shown as it is.
pub fn italian_moment(iso: &str) -> String {
    let iso = iso.trim();
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
        if let Ok(at) = chrono::NaiveDateTime::parse_from_str(iso, format) {
            return italian_date_time(at);
        }
    }
    match NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => italian_date(date),
        Err(_) => iso.to_owned(),
    }
}

/// Years before today's whose patron days [`WorkingCalendar::around`] knows.
const YEARS_BACK: i32 = 3;
/// Years after today's whose patron days [`WorkingCalendar::around`] knows.
const YEARS_AHEAD: i32 = 2;

/// The working days of one office: Monday-Friday minus national holidays minus a set of
/// extra closed days (the patron day of each year, configured explicitly).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingCalendar {
    closed: BTreeSet<NaiveDate>,
}

impl WorkingCalendar {
    /// A calendar with national holidays plus these extra closed days (e.g. patron days).
    pub fn new(extra_closed: impl IntoIterator<Item = NaiveDate>) -> Self {
        WorkingCalendar { closed: extra_closed.into_iter().collect() }
    }

    /// National holidays only.
    pub fn national() -> Self {
        Self::default()
    }

    /// The calendar of `cpi` for `years`, with its patron days of each of those years.
    /// Days outside `years` only know the national holidays, so cover every year a deadline
    /// may reach.
    pub fn for_cpi(cpi: &Cpi, years: RangeInclusive<i32>) -> Self {
        Self::new(years.flat_map(|y| patron_days(cpi, y)))
    }

    /// The calendar of the CPI `cpi_slug` around `today`: its patron days from three years
    /// back (dossiers' past deadlines) to two years ahead (the longest limit, six months,
    /// with room); national holidays only for a slug no CPI has.
    pub fn around(cpi_slug: &str, today: NaiveDate) -> Self {
        let year = today.year();
        crate::cpi::cpi_by_slug(cpi_slug)
            .map_or_else(Self::national, |cpi| Self::for_cpi(cpi, year - YEARS_BACK..=year + YEARS_AHEAD))
    }

    /// Adds an extra closed day, e.g. a moving patron day set for one year.
    pub fn add_closed_day(&mut self, date: NaiveDate) {
        self.closed.insert(date);
    }

    /// The extra closed days, in date order.
    pub fn closed_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.closed.iter().copied()
    }

    /// Why the office is closed on `date`, or `None` on a working day. A holiday on a
    /// weekend reports the holiday.
    pub fn closure(&self, date: NaiveDate) -> Option<Closure> {
        if let Some(name) = holiday_name(date) {
            Some(Closure::Holiday(name))
        } else if self.closed.contains(&date) {
            Some(Closure::Patron)
        } else if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            Some(Closure::Weekend)
        } else {
            None
        }
    }

    /// Whether the office is open on `date`.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.closure(date).is_none()
    }

    /// The `n`-th working day after `date`, not counting `date` itself (whether it is a
    /// working day or not): the deadline of "within `n` working days of `date`". A request
    /// received on Tuesday 22 December 2026 with 5 working days is due on Wednesday 30
    /// December (25-27 December are closed). `n == 0` gives `date` unchanged; a negative `n`
    /// counts back to the |n|-th working day before `date`.
    ///
    /// Panics only beyond chrono's date range (about ±262,000 years).
    pub fn add_working_days(&self, date: NaiveDate, n: i32) -> NaiveDate {
        let step = |d: NaiveDate| {
            if n > 0 { d.checked_add_days(Days::new(1)) } else { d.checked_sub_days(Days::new(1)) }
                .expect("date out of range")
        };
        let mut d = date;
        for _ in 0..n.unsigned_abs() {
            d = step(d);
            while !self.is_working_day(d) {
                d = step(d);
            }
        }
        d
    }

    /// Working days from `from` to `to`, counting like [`add_working_days`]: the start day
    /// is excluded and the end day included. Forward (`to > from`) it counts the working days
    /// in `(from, to]`; backward it is minus the count in `[to, from)`; zero when equal.
    /// Hence `working_days_between(d, add_working_days(d, n)) == n` for every `n`.
    ///
    /// [`add_working_days`]: WorkingCalendar::add_working_days
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to >= from {
            from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as i64
        } else {
            -(to.iter_days().take_while(|d| *d < from).filter(|d| self.is_working_day(*d)).count() as i64)
        }
    }

    /// `date` if it is a working day, else the first working day after it.
    pub fn next_working_day_from(&self, date: NaiveDate) -> NaiveDate {
        if self.is_working_day(date) {
            date
        } else {
            self.add_working_days(date, 1)
        }
    }
}

/// `date` moved by `n` calendar months (negative goes back), clamped to the end of the
/// month: 31 December + 2 months is 28 (or 29) February. Use it for "within 2 months of the
/// DID". Saturates at chrono's date range.
pub fn add_months(date: NaiveDate, n: i32) -> NaiveDate {
    let months = Months::new(n.unsigned_abs());
    let moved = if n >= 0 { date.checked_add_months(months) } else { date.checked_sub_months(months) };
    moved.unwrap_or(if n >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_moment_reads_day_month_year() {
        assert_eq!(italian_moment("2026-11-27"), "27/11/2026");
        assert_eq!(italian_moment("2026-11-27T10:30"), "27/11/2026 alle 10:30");
        assert_eq!(italian_moment("2026-11-27T10:30:05"), "27/11/2026 alle 10:30");
        assert_eq!(italian_moment("2026-11-27T10:30:05.123"), "27/11/2026 alle 10:30");
        assert_eq!(italian_moment("2026-11-27 10:30:05"), "27/11/2026 alle 10:30");
        assert_eq!(italian_moment("ieri"), "ieri");
    }
    use crate::cpi::cpi_by_slug;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_calendar_around_a_day_knows_patron_days_from_three_years_back_to_two_ahead() {
        // Bari closes for San Nicola on 6 December.
        let cal = WorkingCalendar::around("bari", date(2026, 6, 15));
        let patron_years: Vec<i32> = cal.closed_days().map(|d| d.year()).collect();
        assert_eq!(patron_years, vec![2023, 2024, 2025, 2026, 2027, 2028]);
        assert_eq!(cal.closure(date(2023, 12, 6)), Some(Closure::Patron));
        assert_eq!(cal.closure(date(2028, 12, 6)), Some(Closure::Patron));
        assert!(cal.is_working_day(date(2022, 12, 6)) && cal.is_working_day(date(2029, 12, 6)));
        assert_eq!(WorkingCalendar::around("atlantide", date(2026, 6, 15)), WorkingCalendar::national());
    }

    #[test]
    fn dates_are_written_day_month_year_with_slashes() {
        assert_eq!(italian_date(date(2026, 11, 7)), "07/11/2026");
        assert_eq!(italian_date(date(2027, 1, 31)), "31/01/2027");
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
        assert_eq!(easter_sunday(2285), date(2285, 3, 22));
        assert_eq!(easter_sunday(1818), date(1818, 3, 22));
        for y in 1583..3000 {
            assert_eq!(easter_sunday(y).weekday(), Weekday::Sun, "{y}");
        }
    }

    #[test]
    fn easter_monday() {
        assert_eq!(holiday_name(date(2026, 4, 6)), Some("Lunedì dell'Angelo"));
        assert_eq!(holiday_name(date(2027, 3, 29)), Some("Lunedì dell'Angelo"));
        assert_eq!(holiday_name(date(2026, 4, 5)), Some("Pasqua"));
        assert_eq!(holiday_name(date(2026, 4, 7)), None);
        assert!(!WorkingCalendar::national().is_working_day(date(2026, 4, 6)));
    }

    #[test]
    fn san_francesco_from_2026() {
        assert_eq!(holiday_name(date(2025, 10, 4)), None);
        assert!(holiday_name(date(2026, 10, 4)).is_some());
        // 4 October 2027 is a Monday: closed.
        assert!(!WorkingCalendar::national().is_working_day(date(2027, 10, 4)));
        // 4 October 2024 was a Friday: open.
        assert!(WorkingCalendar::national().is_working_day(date(2024, 10, 4)));
    }

    #[test]
    fn national_holidays() {
        let days = [(1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)];
        for (m, d) in days {
            assert!(holiday_name(date(2025, m, d)).is_some(), "{m}-{d}");
        }
        let count = date(2026, 1, 1)
            .iter_days()
            .take_while(|d| d.year() == 2026)
            .filter(|d| holiday_name(*d).is_some())
            .count();
        // Ten fixed days, 4 October, Easter Sunday and Monday.
        assert_eq!(count, 13);
    }

    #[test]
    fn five_working_days_across_christmas() {
        let cal = WorkingCalendar::national();
        // Tue 22 Dec 2026: 23 (1), 24 (2), 25-27 closed, 28 (3), 29 (4), 30 (5).
        assert_eq!(cal.add_working_days(date(2026, 12, 22), 5), date(2026, 12, 30));
        // Wed 23 Dec 2026: 24, 28, 29, 30, 31 -> Thu 31 Dec.
        assert_eq!(cal.add_working_days(date(2026, 12, 23), 5), date(2026, 12, 31));
        // Thu 24 Dec: 28, 29, 30, 31, then 1 Jan (holiday), 2-3 weekend -> Mon 4 Jan 2027.
        assert_eq!(cal.add_working_days(date(2026, 12, 24), 5), date(2027, 1, 4));
        // Across Epiphany: Mon 4 Jan 2027, 5 Jan (1), 6 holiday, 7 (2), 8 (3), 11 (4), 12 (5).
        assert_eq!(cal.add_working_days(date(2027, 1, 4), 5), date(2027, 1, 12));
        assert_eq!(cal.working_days_between(date(2026, 12, 22), date(2026, 12, 30)), 5);
    }

    #[test]
    fn five_working_days_across_bari_patron_day() {
        let bari = cpi_by_slug("bari").unwrap();
        let cal = WorkingCalendar::for_cpi(bari, 2027..=2027);
        // Fri 3 Dec 2027: Mon 6 San Nicola, Tue 7 (1), Wed 8 Immacolata, 9 (2), 10 (3),
        // Mon 13 (4), Tue 14 (5).
        assert_eq!(cal.closure(date(2027, 12, 6)), Some(Closure::Patron));
        assert_eq!(cal.add_working_days(date(2027, 12, 3), 5), date(2027, 12, 14));
        // Without the patron day the deadline is one day earlier.
        let national = WorkingCalendar::national();
        assert_eq!(national.add_working_days(date(2027, 12, 3), 5), date(2027, 12, 13));
        // Taranto's calendar does not close on 6 December.
        let taranto = WorkingCalendar::for_cpi(cpi_by_slug("taranto").unwrap(), 2027..=2027);
        assert!(taranto.is_working_day(date(2027, 12, 6)));
    }

    #[test]
    fn moving_patron_day_per_year() {
        let san_severo = cpi_by_slug("san-severo").unwrap();
        let cal = WorkingCalendar::for_cpi(san_severo, 2026..=2027);
        assert!(!cal.is_working_day(date(2026, 5, 18)));
        assert!(!cal.is_working_day(date(2027, 5, 17)));
        assert!(cal.is_working_day(date(2027, 5, 18)));
        let mut maglie = WorkingCalendar::for_cpi(cpi_by_slug("maglie").unwrap(), 2026..=2026);
        assert!(maglie.is_working_day(date(2026, 5, 8)));
        maglie.add_closed_day(date(2026, 5, 8));
        assert_eq!(maglie.closure(date(2026, 5, 8)), Some(Closure::Patron));
    }

    #[test]
    fn zero_and_backward() {
        let cal = WorkingCalendar::national();
        let sat = date(2026, 5, 2);
        assert_eq!(cal.add_working_days(sat, 0), sat);
        assert_eq!(cal.add_working_days(sat, 1), date(2026, 5, 4));
        // Back from Mon 4 May 2026: Thu 30 April (1 May is a holiday).
        assert_eq!(cal.add_working_days(date(2026, 5, 4), -1), date(2026, 4, 30));
        assert_eq!(cal.working_days_between(sat, sat), 0);
        assert_eq!(cal.next_working_day_from(sat), date(2026, 5, 4));
        assert_eq!(cal.next_working_day_from(date(2026, 5, 4)), date(2026, 5, 4));
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(date(2026, 1, 15), 2), date(2026, 3, 15));
        assert_eq!(add_months(date(2025, 12, 31), 2), date(2026, 2, 28));
        assert_eq!(add_months(date(2027, 12, 31), 2), date(2028, 2, 29));
        assert_eq!(add_months(date(2026, 8, 31), 1), date(2026, 9, 30));
        assert_eq!(add_months(date(2026, 3, 31), -1), date(2026, 2, 28));
        assert_eq!(add_months(date(2026, 3, 31), 0), date(2026, 3, 31));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..3_650).prop_map(|d| date(2024, 1, 1) + Days::new(d as u64))
    }

    proptest! {
        #[test]
        fn between_inverts_add(start in any_date(), n in -60i32..60, patron in any_date()) {
            let cal = WorkingCalendar::new([patron]);
            let end = cal.add_working_days(start, n);
            prop_assert_eq!(cal.working_days_between(start, end), i64::from(n));
            if n != 0 {
                prop_assert!(cal.is_working_day(end));
            }
        }

        #[test]
        fn between_brackets_add(from in any_date(), to in any_date()) {
            let cal = WorkingCalendar::national();
            let n = cal.working_days_between(from, to);
            let n32 = i32::try_from(n).unwrap();
            // `to` lies between the n-th working day and the next one.
            if to >= from {
                prop_assert!(cal.add_working_days(from, n32) <= to);
                prop_assert!(cal.add_working_days(from, n32 + 1) > to);
            } else {
                prop_assert!(cal.add_working_days(from, n32) >= to);
                prop_assert!(cal.add_working_days(from, n32 - 1) < to);
            }
        }

        #[test]
        fn between_is_additive(a in any_date(), b in any_date(), c in any_date()) {
            let cal = WorkingCalendar::new([date(2026, 12, 6)]);
            let mut v = [a, b, c];
            v.sort();
            let [a, b, c] = v;
            prop_assert_eq!(
                cal.working_days_between(a, b) + cal.working_days_between(b, c),
                cal.working_days_between(a, c)
            );
        }

        #[test]
        fn add_months_lands_in_the_right_month(d in any_date(), n in -30i32..30) {
            let moved = add_months(d, n);
            let months = |x: NaiveDate| x.year() * 12 + x.month0() as i32;
            prop_assert_eq!(months(moved), months(d) + n);
            prop_assert!(moved.day() <= d.day());
        }
    }
}
