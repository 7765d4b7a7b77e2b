//! The domain brief's rules, through the public API only (as the app and relay use it).

use chrono::NaiveDate;
use sportello_core::calendar::{add_months, holiday_name, WorkingCalendar};
use sportello_core::catalogue::{catalogue, Area, Audience, DurationGroup};
use sportello_core::codice_fiscale::{self, CfError};
use sportello_core::cpi::{cpi_by_slug, cpis, patron_days, Province};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn b1_interview_is_due_two_months_after_the_did() {
    let b1 = catalogue().get("B1").unwrap();
    assert!(b1.conditions_it.contains("entro 2 mesi dalla data della DID"));
    assert_eq!(add_months(date(2026, 12, 31), 2), date(2027, 2, 28));
    let bari = WorkingCalendar::around("bari", date(2026, 10, 1));
    let due = |did| sportello_core::pathway::orientation_interview_deadline(did, &bari).due;
    // Two months from Thursday 1 October is Tuesday 1 December.
    assert_eq!(due(date(2026, 10, 1)), date(2026, 12, 1));
    // 6 December 2026 is a Sunday and San Nicola in Bari: the limit moves to Monday 7.
    assert_eq!(due(date(2026, 10, 6)), date(2026, 12, 7));
    // 28 February 2027 (the month ends early) is a Sunday: Monday 1 March.
    assert_eq!(due(date(2026, 12, 31)), date(2027, 3, 1));
}

#[test]
fn g1_profiles_within_five_working_days_of_the_request() {
    let g1 = catalogue().get("g1").unwrap();
    assert_eq!(g1.audience, Audience::Employers);
    assert_eq!(g1.duration_for(DurationGroup::Employers), Some(180));
    // A request to Lecce on Friday 21 August 2026: 24, 25, (26 Sant'Oronzo), 27, 28, 31.
    let lecce = cpi_by_slug("lecce").unwrap();
    let cal = WorkingCalendar::for_cpi(lecce, 2026..=2026);
    assert_eq!(cal.add_working_days(date(2026, 8, 21), 5), date(2026, 8, 31));
}

#[test]
fn promotion_call_within_seven_working_days_of_the_letter() {
    // Letter sent Thursday 30 April 2026 from Taranto: 1 May is a holiday, then 4-8 and
    // 11-12 May (San Cataldo, 10 May, falls on a Sunday).
    let taranto = cpi_by_slug("taranto").unwrap();
    let cal = WorkingCalendar::for_cpi(taranto, 2026..=2026);
    assert_eq!(cal.add_working_days(date(2026, 4, 30), 7), date(2026, 5, 12));
    assert_eq!(holiday_name(date(2026, 5, 1)), Some("Festa del Lavoro"));
}

#[test]
fn charter_covers_every_area_for_the_right_audience() {
    for area in Area::ALL {
        let services: Vec<_> = catalogue().by_area(area).collect();
        assert!(!services.is_empty(), "{area}");
        assert!(services.iter().all(|s| s.audience == area.audience()));
        assert!(!area.name_it().is_empty());
    }
    let e1 = catalogue().get("E1").unwrap();
    assert_eq!(e1.durations, [(DurationGroup::T5, 120)]);
}

#[test]
fn the_ten_pilots_cover_the_six_provinces() {
    let pilots: Vec<_> = cpis().iter().filter(|c| c.pilot).collect();
    assert_eq!(pilots.len(), 10);
    for province in Province::ALL {
        assert!(pilots.iter().any(|c| c.province == province), "{province}");
    }
    let bari = cpi_by_slug("bari").unwrap();
    assert_eq!(patron_days(bari, 2026), [date(2026, 12, 6)]);
}

#[test]
fn codice_fiscale_from_a_barcode_scanner() {
    // Scanners type the code and press Enter.
    let cf = codice_fiscale::parse("RSSMRA85T10A562S\r\n").unwrap();
    assert_eq!(cf.masked(), "RSS***85T10A562S");
    let err = codice_fiscale::parse("RSSMRA85T10A562X").unwrap_err();
    assert_eq!(err, CfError::CheckCharacterMismatch { expected: 'S', found: 'X' });
    assert!(err.message_it().contains("atteso S, trovato X"));
}
