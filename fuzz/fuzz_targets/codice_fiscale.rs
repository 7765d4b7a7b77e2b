//! The codice fiscale parser on any text, and the code computed from any personal data: no
//! panic, a valid code is stable once normalised and reads back what it encodes.
#![no_main]

use arbitrary::Arbitrary;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use sportello_core::codice_fiscale::{self, CodiceFiscale, Sex};

#[derive(Debug, Arbitrary)]
enum Input<'a> {
    /// Text as typed or read from the Tessera Sanitaria's barcode.
    Text(&'a str),
    /// Personal data as on an identity document; the place is a well-formed Belfiore code.
    Person { surname: &'a str, name: &'a str, days: i32, female: bool, place_letter: u8, place_number: u16 },
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// What every valid code must satisfy.
fn check_valid(cf: &CodiceFiscale) {
    let s = cf.as_str();
    assert_eq!(codice_fiscale::parse(s).as_ref(), Ok(cf), "normalising twice changes {s}");
    assert!(s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()), "{s}");
    assert_eq!(cf.masked().len(), s.len());
    if cf.is_provisional() {
        assert_eq!(s.len(), 11);
        assert!(cf.sex().is_none() && cf.birth_date_parts().is_none() && cf.place_code().is_none());
        return;
    }
    assert_eq!(s.len(), 16);
    assert_eq!(codice_fiscale::check_character(&s[..15]), char::from(s.as_bytes()[15]));
    let parts = cf.birth_date_parts().expect("a personal code has a birth date");
    assert!((1..=12).contains(&parts.month) && (1..=31).contains(&parts.day) && parts.year_two_digits < 100);
    assert!(cf.sex().is_some() && cf.born_abroad().is_some());
    assert_eq!(cf.place_code().map(|p| p.len()), Some(4));
    if let Some(born) = cf.birth_date(today()) {
        assert!(born <= today(), "{s} born after today: {born}");
    }
}

fuzz_target!(|input: Input| match input {
    Input::Text(text) => match codice_fiscale::parse(text) {
        Ok(cf) => check_valid(&cf),
        Err(err) => {
            assert!(!err.message_it().is_empty());
            let typed = text.chars().filter(|c| !c.is_whitespace()).count();
            assert!(err.position().is_none_or(|p| p >= 1 && p <= typed), "{err:?} for {text:?}");
        }
    },
    Input::Person { surname, name, days, female, place_letter, place_number } => {
        let Some(born) = NaiveDate::from_ymd_opt(1900, 1, 1)
            .unwrap()
            .checked_add_signed(chrono::TimeDelta::days(i64::from(days % 50_000)))
        else {
            return;
        };
        let letters = b"ABCDEFGHIJKLMZ";
        let place =
            format!("{}{:03}", char::from(letters[usize::from(place_letter) % letters.len()]), place_number % 999 + 1);
        let sex = if female { Sex::Female } else { Sex::Male };
        let cf = codice_fiscale::compute(surname, name, born, sex, &place);
        let parsed = codice_fiscale::parse(cf.as_str()).expect("a computed code is valid");
        check_valid(&parsed);
        assert_eq!(parsed.sex(), Some(sex));
        assert_eq!(parsed.place_code(), Some(place));
        let parts = parsed.birth_date_parts().unwrap();
        use chrono::Datelike;
        assert_eq!((parts.month, parts.day), (born.month(), born.day()));
        assert_eq!(parts.year_two_digits as i32, born.year().rem_euclid(100));
    }
});
