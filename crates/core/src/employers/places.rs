//! Puglia's municipalities, for the sites of a company: ISTAT code, name, province and
//! cadastral (Belfiore) code, from ISTAT's list of territorial units (CC-BY 4.0), copied
//! once at development time into `data/comuni_puglia.tsv`.
//!
//! The project does not know which municipalities each CPI serves (its catchment area);
//! what a CPI's screens offer is its province's municipalities.

use crate::cpi::{Cpi, Province};
use std::sync::OnceLock;

const COMUNI_TSV: &str = include_str!("../../data/comuni_puglia.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Municipality {
    /// Six digits, e.g. "072006" (Bari).
    pub istat: &'static str,
    pub name: &'static str,
    /// The province's two letters, e.g. "BA".
    pub province: &'static str,
    /// The Belfiore code the codice fiscale uses, e.g. "A662".
    pub cadastral: &'static str,
}

/// Every municipality of Puglia, in ISTAT code order.
pub fn municipalities() -> &'static [Municipality] {
    static ALL: OnceLock<Vec<Municipality>> = OnceLock::new();
    ALL.get_or_init(|| {
        COMUNI_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|line| match line.split('\t').collect::<Vec<_>>()[..] {
                [istat, name, province, cadastral] => Municipality { istat, name, province, cadastral },
                _ => panic!("comuni_puglia.tsv: bad line {line:?}"),
            })
            .collect()
    })
}

/// The municipality with ISTAT code `istat`.
pub fn by_istat(istat: &str) -> Option<&'static Municipality> {
    municipalities().iter().find(|m| m.istat == istat.trim())
}

/// The municipality named `name` (case, accents and apostrophes folded).
pub fn by_name(name: &str) -> Option<&'static Municipality> {
    let words = |s: &str| crate::search::fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = words(name);
    municipalities().iter().find(|m| words(m.name) == wanted)
}

/// The municipalities of a province.
pub fn of_province(province: Province) -> impl Iterator<Item = &'static Municipality> {
    municipalities().iter().filter(move |m| m.province == province.abbreviation())
}

/// Whether `text` has the shape of an Italian postcode (CAP): five digits.
pub fn is_postcode(text: &str) -> bool {
    text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The town a CPI stands in.
pub fn of_cpi(cpi: &Cpi) -> Option<&'static Municipality> {
    by_name(&cpi.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pilot_cpi_stands_in_a_municipality_of_its_province() {
        assert_eq!(municipalities().len(), 257);
        for cpi in crate::cpi::cpis().iter().filter(|c| c.pilot) {
            let town = of_cpi(cpi).unwrap_or_else(|| panic!("{}", cpi.name));
            assert_eq!(town.province, cpi.province.abbreviation(), "{}", cpi.name);
        }
        let bari = by_istat("072006").unwrap();
        assert_eq!((bari.name, bari.province, bari.cadastral), ("Bari", "BA", "A662"));
        assert_eq!(of_province(Province::BarlettaAndriaTrani).count(), 10);
        assert_eq!(by_name("martina  franca ").map(|m| m.istat), Some("073013"));
        assert!(by_istat("058091").is_none(), "Rome is not in Puglia");
        assert!(is_postcode("70121") && !is_postcode("7012") && !is_postcode("7012a"));
    }
}
