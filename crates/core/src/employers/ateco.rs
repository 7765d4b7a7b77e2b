//! ATECO 2025, ISTAT's classification of economic activities (the national version of NACE
//! Rev. 2.1, in force since 1 January 2025 and used in practice from 1 April 2025).
//!
//! The table is ISTAT's (CC-BY 4.0), copied once at development time from the PyPI package
//! `ateco` into `data/ateco2025.tsv`: sections, divisions and the 6-digit subcategories a
//! company record uses, with their Italian titles. Nothing is fetched at build or run time.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const ATECO_TSV: &str = include_str!("../../data/ateco2025.tsv");

/// How deep in the classification a code sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// A letter, e.g. "C" (Attività manifatturiere).
    Section,
    /// Two digits, e.g. "10" (Industrie alimentari).
    Division,
    /// The full code, e.g. "10.71.10".
    Subcategory,
}

/// One row of the shipped table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    pub code: &'static str,
    pub title: &'static str,
    pub level: Level,
    /// The section letter the row belongs to.
    pub section: &'static str,
}

struct Table {
    rows: Vec<Activity>,
    by_code: BTreeMap<&'static str, usize>,
}

/// The level a code's shape says, or `None` for no ATECO shape.
pub fn level_of(code: &str) -> Option<Level> {
    let b = code.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        1 if b[0].is_ascii_uppercase() => Some(Level::Section),
        2 if digits(0..2) => Some(Level::Division),
        8 if digits(0..2) && b[2] == b'.' && digits(3..5) && b[5] == b'.' && digits(6..8) => Some(Level::Subcategory),
        _ => None,
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows = Vec::new();
        let mut section = "";
        for line in ATECO_TSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let (code, title) = line.split_once('\t').unwrap_or_else(|| panic!("ateco2025.tsv: bad line {line:?}"));
            let level = level_of(code).unwrap_or_else(|| panic!("ateco2025.tsv: bad code {code:?}"));
            if level == Level::Section {
                section = code;
            }
            rows.push(Activity { code, title, level, section });
        }
        let by_code = rows.iter().enumerate().map(|(i, a)| (a.code, i)).collect();
        Table { rows, by_code }
    })
}

/// The row of `code` (section, division or subcategory), if ATECO 2025 has it.
pub fn activity(code: &str) -> Option<&'static Activity> {
    let t = table();
    t.by_code.get(code).map(|&i| &t.rows[i])
}

/// The Italian title of `code`.
pub fn title(code: &str) -> Option<&'static str> {
    activity(code).map(|a| a.title)
}

/// Every row at `level`, in the classification's order.
pub fn at_level(level: Level) -> impl Iterator<Item = &'static Activity> {
    table().rows.iter().filter(move |a| a.level == level)
}

/// The subcategories for the form's picker, at most `limit`, in the classification's
/// order: those whose code starts with the digits typed, or whose title holds every word.
pub fn find(query: &str, limit: usize) -> Vec<&'static Activity> {
    if !query.trim().is_empty() && query.chars().all(|c| c.is_ascii_digit() || c == '.' || c.is_whitespace()) {
        // A code typed: its prefix, dots and spaces ignored.
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        let plain = |code: &str| code.chars().filter(char::is_ascii_digit).collect::<String>();
        return at_level(Level::Subcategory).filter(|a| plain(a.code).starts_with(&digits)).take(limit).collect();
    }
    let q = crate::search::fold(query);
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    at_level(Level::Subcategory)
        .filter(|a| {
            let title = crate::search::fold(a.title);
            words.iter().all(|w| title.contains(w))
        })
        .take(limit)
        .collect()
}

/// A valid ATECO 2025 subcategory code, normalised ("10.71.10").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AtecoCode(String);

impl AtecoCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn title(&self) -> &'static str {
        title(&self.0).unwrap_or_default()
    }

    /// The division: the first two digits ("47").
    pub fn division(&self) -> &str {
        &self.0[..2]
    }

    /// The section letter ("G").
    pub fn section(&self) -> &'static str {
        activity(&self.0).map(|a| a.section).unwrap_or_default()
    }
}

/// Why a text is not an ATECO 2025 code a record may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtecoError {
    Empty,
    /// Not digits in the form 00.00.00.
    Format,
    /// A section or division: a sector, not an activity.
    TooGeneral {
        code: String,
    },
    /// The right shape, but not in ATECO 2025 (often an ATECO 2007 code).
    Unknown {
        code: String,
    },
}

impl AtecoError {
    pub fn message_it(&self) -> String {
        match self {
            AtecoError::Empty => "Inserisci il codice ATECO dell'attività principale.".into(),
            AtecoError::Format => {
                "Il codice ATECO ha 6 cifre nella forma 00.00.00 (ad esempio 10.71.10): controlla le cifre o cerca \
                 l'attività per nome."
                    .into()
            }
            AtecoError::TooGeneral { code } => format!(
                "«{code}» indica un settore, non un'attività: scegli il codice completo a 6 cifre (ad esempio \
                 10.71.10)."
            ),
            AtecoError::Unknown { code } => format!(
                "Il codice {code} non è nella classificazione ATECO 2025 (potrebbe essere un codice ATECO 2007): \
                 cerca l'attività per nome."
            ),
        }
    }
}

/// Checks a code as typed: spaces ignored; "107110", "10 71 10" and "10.71.10" are the same
/// code; a section or division is refused as too general.
pub fn check(input: &str) -> Result<AtecoCode, AtecoError> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if compact.is_empty() {
        return Err(AtecoError::Empty);
    }
    if matches!(level_of(&compact), Some(Level::Section | Level::Division)) {
        return Err(AtecoError::TooGeneral { code: compact });
    }
    let digits: String = compact.chars().filter(|c| *c != '.').collect();
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AtecoError::TooGeneral { code: compact });
    }
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AtecoError::Format);
    }
    let code = format!("{}.{}.{}", &digits[..2], &digits[2..4], &digits[4..]);
    match activity(&code) {
        Some(_) => Ok(AtecoCode(code)),
        None => Err(AtecoError::Unknown { code }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_istats_sections_divisions_and_subcategories() {
        assert_eq!(at_level(Level::Section).count(), 22);
        assert_eq!(at_level(Level::Division).count(), 87);
        assert_eq!(at_level(Level::Subcategory).count(), 1290);
        assert_eq!(title("C"), Some("ATTIVITÀ MANIFATTURIERE"));
        assert_eq!(activity("10").map(|a| a.section), Some("C"));
    }

    #[test]
    fn a_code_is_normalised_and_has_its_title_and_sector() {
        for typed in ["10.71.10", "107110", " 10 71 10 "] {
            let code = check(typed).unwrap();
            assert_eq!(code.as_str(), "10.71.10", "{typed}");
        }
        let code = check("10.71.10").unwrap();
        assert_eq!(code.division(), "10");
        assert_eq!(code.section(), "C");
        assert_eq!(code.title(), "Produzione di pane e prodotti di panetteria simili");
    }

    #[test]
    fn each_kind_of_bad_code_has_its_reason() {
        assert_eq!(check(""), Err(AtecoError::Empty));
        assert_eq!(check("47.1"), Err(AtecoError::Format));
        assert_eq!(check("ab.cd.ef"), Err(AtecoError::Format));
        assert_eq!(check("4711000"), Err(AtecoError::Format));
        assert_eq!(check("47"), Err(AtecoError::TooGeneral { code: "47".into() }));
        assert_eq!(check("g"), Err(AtecoError::TooGeneral { code: "G".into() }));
        assert_eq!(check("47.11"), Err(AtecoError::TooGeneral { code: "47.11".into() }));
        // 47.11.00 (ATECO 2007: supermarkets) was split in 2025; 99.99.99 was never a code.
        assert_eq!(check("47.11.00"), Err(AtecoError::Unknown { code: "47.11.00".into() }));
        assert_eq!(check("99.99.99"), Err(AtecoError::Unknown { code: "99.99.99".into() }));
        assert!(check("99.99.99").unwrap_err().message_it().contains("non è nella classificazione ATECO 2025"));
        assert!(AtecoError::TooGeneral { code: "47".into() }.message_it().contains("settore"));
    }

    #[test]
    fn the_picker_finds_activities_by_words_of_the_title() {
        let hits = find("Coltivazione riso", 10);
        assert_eq!(hits.iter().map(|a| a.code).collect::<Vec<_>>(), ["01.11.00", "01.12.00"], "«escluso il riso» too");
        assert_eq!(
            find("10.71.10", 10).iter().map(|a| a.title).collect::<Vec<_>>(),
            ["Produzione di pane e prodotti di panetteria simili"]
        );
        assert!(find("", 10).is_empty());
        assert_eq!(find("10 71", 10).iter().map(|a| a.code).collect::<Vec<_>>(), ["10.71.10", "10.71.20"]);
        assert_eq!(find("coltivazione", 3).len(), 3);
    }
}
