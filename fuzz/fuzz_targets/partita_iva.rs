//! The partita IVA parser on any text: no panic, a valid number is stable once normalised,
//! every single-digit change of it is caught, and it is a valid provisional codice fiscale.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sportello_core::{codice_fiscale, partita_iva};

fuzz_target!(|input: &str| {
    match partita_iva::parse(input) {
        Ok(piva) => {
            let s = piva.as_str();
            assert!(s.len() == partita_iva::LEN && s.bytes().all(|b| b.is_ascii_digit()), "{s:?}");
            assert_eq!(partita_iva::parse(s).as_ref(), Ok(&piva), "normalising twice changes {input:?}");
            assert_eq!(partita_iva::parse(&piva.vat_id()).as_ref(), Ok(&piva));
            assert_eq!(format!("{}{:03}", piva.taxpayer(), piva.office()), s[..10]);
            for at in 0..s.len() {
                let mut other = s.as_bytes().to_vec();
                other[at] = b'0' + (other[at] - b'0' + 1) % 10;
                let other = String::from_utf8(other).unwrap();
                assert!(partita_iva::parse(&other).is_err(), "{other} accepted next to {s}");
            }
            assert!(codice_fiscale::parse(s).is_ok_and(|cf| cf.is_provisional()), "{s} is no provisional code");
        }
        Err(err) => {
            assert!(!err.message_it().is_empty());
            let digits = input.chars().filter(|c| !c.is_whitespace()).count();
            assert!(err.position().is_none_or(|p| p >= 1 && p <= digits), "{err:?} for {input:?}");
        }
    }
});
