//! The job centres (Centri per l'Impiego): 42 in Puglia's 6 provinces, 10 of them pilots.
//!
//! The list is configuration embedded from `data/cpis.toml`: the 10 pilot CPIs named by the
//! Masterplan ship with demo contact data, and the other 32 are added to the same file with
//! `pilot = false`.

use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// `data/cpis.toml`, embedded as JSON (converted by `build.rs`).
const CPIS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/cpis.json"));

/// The six provinces of Puglia.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Province {
    Bari,
    #[serde(rename = "Barletta-Andria-Trani")]
    BarlettaAndriaTrani,
    Brindisi,
    Foggia,
    Lecce,
    Taranto,
}

impl Province {
    /// All six, in alphabetical order.
    pub const ALL: [Province; 6] = [
        Province::Bari,
        Province::BarlettaAndriaTrani,
        Province::Brindisi,
        Province::Foggia,
        Province::Lecce,
        Province::Taranto,
    ];

    /// The province's name, e.g. "Barletta-Andria-Trani".
    pub fn as_str(self) -> &'static str {
        match self {
            Province::Bari => "Bari",
            Province::BarlettaAndriaTrani => "Barletta-Andria-Trani",
            Province::Brindisi => "Brindisi",
            Province::Foggia => "Foggia",
            Province::Lecce => "Lecce",
            Province::Taranto => "Taranto",
        }
    }

    /// The two-letter vehicle/postal abbreviation, e.g. "BT".
    pub fn abbreviation(self) -> &'static str {
        match self {
            Province::Bari => "BA",
            Province::BarlettaAndriaTrani => "BT",
            Province::Brindisi => "BR",
            Province::Foggia => "FG",
            Province::Lecce => "LE",
            Province::Taranto => "TA",
        }
    }

    /// The province with this name, case-insensitive.
    pub fn from_name(name: &str) -> Option<Province> {
        let name = name.trim();
        Province::ALL.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Province {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Province {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A feast that falls on the n-th Sunday of a month, optionally with the Monday after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovableFeast {
    /// 1..=12.
    pub month: u32,
    /// 1..=4: first to fourth Sunday of the month.
    pub nth_sunday: u8,
    /// Whether the Monday after is a holiday too (the one that closes the office).
    #[serde(default)]
    pub monday_after: bool,
}

impl MovableFeast {
    /// The feast's days in `year`: the Sunday, and the Monday after if the rule says so.
    pub fn dates(&self, year: i32) -> Vec<NaiveDate> {
        let sunday = NaiveDate::from_weekday_of_month_opt(year, self.month, Weekday::Sun, self.nth_sunday);
        let mut out: Vec<NaiveDate> = sunday.into_iter().collect();
        if self.monday_after {
            out.extend(sunday.and_then(|d| d.checked_add_days(Days::new(1))));
        }
        out
    }

    /// The rule in Italian, e.g. "terza domenica di maggio e lunedì successivo".
    pub fn describe_it(&self) -> String {
        const ORDINALS: [&str; 4] = ["prima", "seconda", "terza", "quarta"];
        let nth = ORDINALS.get(usize::from(self.nth_sunday).wrapping_sub(1)).copied().unwrap_or("?");
        let month = month_name_it(self.month);
        let monday = if self.monday_after { " e lunedì successivo" } else { "" };
        format!("{nth} domenica di {month}{monday}")
    }

    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month) && (1..=4).contains(&self.nth_sunday)
    }
}

/// Italian month name, lowercase ("maggio"); "?" outside 1..=12.
pub fn month_name_it(month: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    MONTHS.get((month as usize).wrapping_sub(1)).copied().unwrap_or("?")
}

/// The patron-saint feast of a CPI's town: a day the office is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PatronDay {
    /// Same day every year.
    Fixed { month: u32, day: u32, saint: String },
    /// The date moves: set per year in `dates`, or computed from `rule` for the years that
    /// `dates` does not cover.
    PerYear {
        saint: String,
        /// How the feast moves, where it follows a fixed rule.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<MovableFeast>,
        /// Explicit closed days; for a year listed here they replace the rule.
        #[serde(default)]
        dates: Vec<NaiveDate>,
    },
}

impl PatronDay {
    /// The saint or feast, e.g. "San Nicola".
    pub fn saint(&self) -> &str {
        match self {
            PatronDay::Fixed { saint, .. } | PatronDay::PerYear { saint, .. } => saint,
        }
    }

    /// The closed days in `year`. Empty when the feast moves, has no rule and no date was
    /// configured for that year: see [`PatronDay::is_known_for`].
    pub fn dates(&self, year: i32) -> Vec<NaiveDate> {
        match self {
            PatronDay::Fixed { month, day, .. } => NaiveDate::from_ymd_opt(year, *month, *day).into_iter().collect(),
            PatronDay::PerYear { rule, dates, .. } => {
                let set: Vec<NaiveDate> = dates.iter().copied().filter(|d| d.year() == year).collect();
                match rule {
                    Some(rule) if set.is_empty() => rule.dates(year),
                    _ => set,
                }
            }
        }
    }

    /// Whether the closed days of `year` are known (fixed, by rule or configured), so the
    /// app can ask a CPI head to set them.
    pub fn is_known_for(&self, year: i32) -> bool {
        !self.dates(year).is_empty()
    }

    /// When the feast falls, in Italian: "6 dicembre", "terza domenica di maggio e lunedì
    /// successivo", or "data variabile, fissata ogni anno".
    pub fn describe_it(&self) -> String {
        match self {
            PatronDay::Fixed { month, day, .. } => format!("{day} {}", month_name_it(*month)),
            PatronDay::PerYear { rule: Some(r), .. } => r.describe_it(),
            PatronDay::PerYear { rule: None, .. } => "data variabile, fissata ogni anno".into(),
        }
    }
}

/// A job centre (Centro per l'Impiego).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cpi {
    /// Stable identifier for URLs and data: lowercase ASCII and hyphens, e.g. "san-severo".
    pub slug: String,
    /// The town, e.g. "San Severo".
    pub name: String,
    pub province: Province,
    /// One of the 10 pilot CPIs with the higher targets.
    pub pilot: bool,
    pub address: String,
    /// (days, hours), e.g. ("Lunedì-Venerdì", "9:00-12:00").
    pub opening_hours: Vec<(String, String)>,
    pub phone: String,
    pub email: String,
    pub patron: PatronDay,
}

impl Cpi {
    /// "Centro per l'Impiego di Bari".
    pub fn full_name_it(&self) -> String {
        format!("Centro per l'Impiego di {}", self.name)
    }
}

/// The patron-saint closed days of `cpi` in `year` (see [`PatronDay::dates`]).
pub fn patron_days(cpi: &Cpi, year: i32) -> Vec<NaiveDate> {
    cpi.patron.dates(year)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CpiFile {
    cpi: Vec<Cpi>,
}

/// Parses a CPI list in the format of `data/cpis.toml`, as JSON, and checks it.
pub fn parse_cpis(json: &str) -> Result<Vec<Cpi>, String> {
    let file: CpiFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
    for (i, cpi) in file.cpi.iter().enumerate() {
        let slug_ok = !cpi.slug.is_empty()
            && !cpi.slug.starts_with('-')
            && !cpi.slug.ends_with('-')
            && !cpi.slug.contains("--")
            && cpi.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !slug_ok {
            return Err(format!("bad slug {:?}", cpi.slug));
        }
        if file.cpi[..i].iter().any(|c| c.slug == cpi.slug) {
            return Err(format!("slug {:?} given twice", cpi.slug));
        }
        if cpi.name.trim().is_empty() || cpi.address.trim().is_empty() {
            return Err(format!("{}: empty name or address", cpi.slug));
        }
        let patron_ok = match &cpi.patron {
            // 2024 is a leap year, so 29 February passes.
            PatronDay::Fixed { month, day, .. } => NaiveDate::from_ymd_opt(2024, *month, *day).is_some(),
            PatronDay::PerYear { rule, .. } => rule.is_none_or(|r| r.is_valid()),
        };
        if !patron_ok {
            return Err(format!("{}: invalid patron day", cpi.slug));
        }
    }
    Ok(file.cpi)
}

/// All configured CPIs, in file order.
pub fn cpis() -> &'static [Cpi] {
    static CPIS: OnceLock<Vec<Cpi>> = OnceLock::new();
    CPIS.get_or_init(|| {
        // The embedded file is checked by this crate's tests.
        parse_cpis(CPIS_JSON).unwrap_or_else(|e| panic!("data/cpis.toml: {e}"))
    })
}

/// The CPI with this slug, case-insensitive.
pub fn cpi_by_slug(slug: &str) -> Option<&'static Cpi> {
    let slug = slug.trim();
    cpis().iter().find(|c| c.slug.eq_ignore_ascii_case(slug))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_json::toml_to_json;
    use crate::table;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn ten_pilots_match_the_seed_list() {
        let pilots: Vec<&Cpi> = cpis().iter().filter(|c| c.pilot).collect();
        assert_eq!(pilots.len(), 10);
        let csv = table::records(include_str!("../data/pilot_cpis.csv")).unwrap();
        assert_eq!(csv.len(), 10);
        for rec in csv {
            let name = rec.get("cpi").unwrap();
            let cpi = pilots.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(cpi.province, rec.get("province").unwrap());
            let patron = rec.get("patron_day").unwrap();
            match &cpi.patron {
                PatronDay::Fixed { month, day, .. } => {
                    assert_eq!(format!("{month:02}-{day:02}"), patron, "{name}")
                }
                PatronDay::PerYear { .. } => assert!(patron.starts_with("varies"), "{name}"),
            }
        }
    }

    #[test]
    fn slugs_and_contacts() {
        assert_eq!(cpi_by_slug("san-severo").unwrap().name, "San Severo");
        assert_eq!(cpi_by_slug("Martina-Franca").unwrap().name, "Martina Franca");
        assert!(cpi_by_slug("milano").is_none());
        for c in cpis() {
            assert!(c.email.contains('@'), "{}", c.slug);
            assert!(!c.phone.is_empty() && !c.opening_hours.is_empty(), "{}", c.slug);
            assert!(c.address.contains(&c.name), "{}", c.slug);
        }
    }

    #[test]
    fn fixed_patron_days() {
        let bari = cpi_by_slug("bari").unwrap();
        assert_eq!(patron_days(bari, 2027), [date(2027, 12, 6)]);
        assert_eq!(bari.patron.saint(), "San Nicola");
        assert_eq!(bari.patron.describe_it(), "6 dicembre");
    }

    #[test]
    fn moving_patron_days_2026_2027() {
        let days = |slug: &str, year| patron_days(cpi_by_slug(slug).unwrap(), year);
        // Third Sunday of May and the Monday after.
        assert_eq!(days("san-severo", 2026), [date(2026, 5, 17), date(2026, 5, 18)]);
        assert_eq!(days("san-severo", 2027), [date(2027, 5, 16), date(2027, 5, 17)]);
        // Second Sunday of July.
        assert_eq!(days("barletta", 2026), [date(2026, 7, 12)]);
        assert_eq!(days("barletta", 2027), [date(2027, 7, 11)]);
        // First Sunday of September.
        assert_eq!(days("brindisi", 2026), [date(2026, 9, 6)]);
        assert_eq!(days("brindisi", 2027), [date(2027, 9, 5)]);
        // Maglie has no rule: it must be configured every year.
        let maglie = cpi_by_slug("maglie").unwrap();
        assert!(!maglie.patron.is_known_for(2026));
        assert_eq!(
            cpi_by_slug("san-severo").unwrap().patron.describe_it(),
            "terza domenica di maggio e lunedì successivo"
        );
    }

    #[test]
    fn configured_dates_replace_the_rule_for_their_year() {
        let patron = PatronDay::PerYear {
            saint: "Test".into(),
            rule: Some(MovableFeast { month: 5, nth_sunday: 3, monday_after: true }),
            dates: vec![date(2026, 5, 19)],
        };
        assert_eq!(patron.dates(2026), [date(2026, 5, 19)]);
        assert_eq!(patron.dates(2027), [date(2027, 5, 16), date(2027, 5, 17)]);
    }

    #[test]
    fn the_file_format_takes_more_cpis() {
        let extra = r#"
            [[cpi]]
            slug = "andria"
            name = "Andria"
            province = "Barletta-Andria-Trani"
            pilot = false
            address = "Via Esempio 1, 76123 Andria (BT)"
            opening_hours = [["Lunedì-Venerdì", "9:00-12:00"]]
            phone = "0883 000000"
            email = "cpi.andria@example.org"
            patron = { kind = "per_year", saint = "San Riccardo", dates = ["2026-04-27"] }
        "#;
        let parse = |toml: &str| parse_cpis(&toml_to_json(toml).unwrap());
        let list = parse(extra).unwrap();
        assert_eq!(list[0].province, Province::BarlettaAndriaTrani);
        assert_eq!(patron_days(&list[0], 2026), [date(2026, 4, 27)]);
        assert!(patron_days(&list[0], 2027).is_empty());
        assert!(parse(&extra.replace("andria\"", "Andria X\"")).is_err());
        assert!(parse(&format!("{extra}{extra}")).is_err());
    }

    #[test]
    fn provinces() {
        assert_eq!(Province::from_name("barletta-andria-trani"), Some(Province::BarlettaAndriaTrani));
        assert_eq!(Province::BarlettaAndriaTrani.to_string(), "Barletta-Andria-Trani");
        let provinces: std::collections::BTreeSet<Province> = cpis().iter().map(|c| c.province).collect();
        assert_eq!(provinces.len(), 6);
    }
}
