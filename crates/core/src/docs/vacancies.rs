//! A CPI's published job vacancies (service A3): one public document per CPI, written by
//! its operators, shown by its totems and on citizens' phones. No personal data: employers
//! are named only if they agreed to, and applications go through the CPI.

use super::{Label, TextField};
use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;

pub const VACANCIES_SCHEMA: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Vacancies {
    pub schema: u64,
    pub cpi: Label,
    #[autosurgeon(missing = "Default::default")]
    pub items: Vec<Vacancy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Vacancy {
    #[key]
    pub id: Label,
    pub title: TextField,
    /// CP2021 code of the profession, e.g. "5.1.2.2.0"; its first digit is the major group.
    pub profession: Label,
    pub municipality: TextField,
    /// One of [`CONTRACTS`].
    pub contract: Label,
    /// "full" or "part".
    pub working_time: Label,
    /// ISO date of publication.
    pub published_on: Label,
    pub description: TextField,
    pub requirements: TextField,
    /// How to apply (always through the CPI): reference, desk, e-mail.
    pub how_to_apply: TextField,
    /// Set when the operator withdraws it (filled or expired); withdrawn ones are not shown.
    #[autosurgeon(missing = "Default::default")]
    pub withdrawn: bool,
}

/// Contract types, with their Italian labels.
pub const CONTRACTS: &[(&str, &str)] = &[
    ("indeterminato", "Tempo indeterminato"),
    ("determinato", "Tempo determinato"),
    ("apprendistato", "Apprendistato"),
    ("tirocinio", "Tirocinio"),
    ("somministrazione", "Somministrazione"),
];

/// The nine major groups of the ISTAT CP2021 classification of professions.
pub const PROFESSION_GROUPS: [(u8, &str); 9] = [
    (1, "Legislatori, imprenditori e alta dirigenza"),
    (2, "Professioni intellettuali, scientifiche e di elevata specializzazione"),
    (3, "Professioni tecniche"),
    (4, "Professioni esecutive nel lavoro d'ufficio"),
    (5, "Professioni qualificate nelle attività commerciali e nei servizi"),
    (6, "Artigiani, operai specializzati e agricoltori"),
    (7, "Conduttori di impianti, operai di macchinari fissi e mobili e conducenti di veicoli"),
    (8, "Professioni non qualificate"),
    (9, "Forze armate"),
];

/// Whether `code` has the shape of an ISTAT CP2021 profession code: five single digits
/// separated by dots, e.g. "5.1.2.2.0".
pub fn is_cp2021_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() == 5 && parts.iter().all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_digit()))
}

impl Vacancy {
    /// The CP2021 major group (1-9), if the code is readable.
    pub fn profession_group(&self) -> Option<u8> {
        self.profession.chars().next()?.to_digit(10).map(|d| d as u8).filter(|d| (1..=9).contains(d))
    }

    pub fn published(&self) -> Option<NaiveDate> {
        super::dossier::parse_date(&self.published_on)
    }
}

/// What a citizen filters the list by; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VacancyFilter {
    pub profession_group: Option<u8>,
    pub municipality: Option<String>,
    pub contract: Option<String>,
    pub working_time: Option<String>,
    /// Published on or after this day.
    pub since: Option<NaiveDate>,
}

impl VacancyFilter {
    pub fn matches(&self, v: &Vacancy) -> bool {
        !v.withdrawn
            && self.profession_group.is_none_or(|g| v.profession_group() == Some(g))
            && self
                .municipality
                .as_deref()
                .is_none_or(|m| v.municipality.as_str().trim().eq_ignore_ascii_case(m.trim()))
            && self.contract.as_deref().is_none_or(|c| v.contract == c)
            && self.working_time.as_deref().is_none_or(|w| v.working_time == w)
            && self.since.is_none_or(|d| v.published().is_some_and(|p| p >= d))
    }
}

impl Vacancies {
    pub fn new(cpi: &str) -> Self {
        Vacancies { schema: VACANCIES_SCHEMA, cpi: cpi.into(), items: Vec::new() }
    }

    /// The published vacancies matching `filter`, newest first.
    pub fn matching(&self, filter: &VacancyFilter) -> Vec<&Vacancy> {
        let mut out: Vec<&Vacancy> = self.items.iter().filter(|v| filter.matches(v)).collect();
        out.sort_by(|a, b| b.published_on.as_str().cmp(a.published_on.as_str()).then(a.id.as_str().cmp(b.id.as_str())));
        out
    }

    /// The municipalities of the published vacancies, sorted, for the filter.
    pub fn municipalities(&self) -> Vec<String> {
        let mut out: Vec<String> =
            self.items.iter().filter(|v| !v.withdrawn).map(|v| v.municipality.as_str().trim().to_string()).collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vacancy(id: &str, profession: &str, town: &str, contract: &str, on: &str) -> Vacancy {
        Vacancy {
            id: id.into(),
            title: id.into(),
            profession: profession.into(),
            municipality: town.into(),
            contract: contract.into(),
            working_time: "full".into(),
            published_on: on.into(),
            ..Default::default()
        }
    }

    #[test]
    fn filters_by_profession_group_municipality_contract_and_date() {
        let mut list = Vacancies::new("bari");
        list.items = vec![
            vacancy("a", "5.1.2.2.0", "Bari", "determinato", "2026-11-20"),
            vacancy("b", "5.2.2.3.1", "Modugno", "indeterminato", "2026-11-25"),
            vacancy("c", "6.1.2.1.0", "Bari", "determinato", "2026-11-26"),
            Vacancy { withdrawn: true, ..vacancy("d", "5.1.2.2.0", "Bari", "determinato", "2026-11-27") },
        ];
        let ids = |f: &VacancyFilter| list.matching(f).iter().map(|v| v.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&VacancyFilter::default()), ["c", "b", "a"]);
        let group5 = VacancyFilter { profession_group: Some(5), ..Default::default() };
        assert_eq!(ids(&group5), ["b", "a"]);
        let group5_bari = VacancyFilter { municipality: Some("bari".into()), ..group5.clone() };
        assert_eq!(ids(&group5_bari), ["a"]);
        let recent = VacancyFilter { since: NaiveDate::from_ymd_opt(2026, 11, 25), ..Default::default() };
        assert_eq!(ids(&recent), ["c", "b"]);
        assert_eq!(list.municipalities(), ["Bari", "Modugno"]);
    }

    #[test]
    fn cp2021_codes_are_five_single_digits() {
        assert!(is_cp2021_code("5.1.2.2.0"));
        assert!(!is_cp2021_code("5122"));
        assert!(!is_cp2021_code("5.1.2.2"));
        assert!(!is_cp2021_code("5.1.2.22.0"));
    }
}
