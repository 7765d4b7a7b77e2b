//! The service charter (Carta dei servizi): the 23 services A1..G3 of the Puglia Masterplan
//! (DGR 847/2010), with what each is, for whom, on which conditions, its legal references and
//! its standard duration per target group.
//!
//! The data is embedded: `data/services.csv` (codes, names, legal references),
//! `data/durations.csv` (seed section 5) and one charter text file per language,
//! `data/charter_<lang>.toml` (embedded as JSON, converted by `build.rs`). Italian is the
//! reference language and must be complete; any other language may leave texts out, and those
//! fall back to Italian.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::table;

/// The reference language of the charter.
pub const LANGUAGE_IT: &str = "it";

/// Embedded charter texts, one `(language, json)` per language; Italian first.
/// A translation is added by dropping `charter_<lang>.toml` in `data/` and listing it here
/// and in `build.rs`.
const CHARTERS: &[(&str, &str)] = &[
    (LANGUAGE_IT, include_str!(concat!(env!("OUT_DIR"), "/charter_it.json"))),
    ("en", include_str!(concat!(env!("OUT_DIR"), "/charter_en.json"))),
    ("fr", include_str!(concat!(env!("OUT_DIR"), "/charter_fr.json"))),
    ("ar", include_str!(concat!(env!("OUT_DIR"), "/charter_ar.json"))),
    ("sq", include_str!(concat!(env!("OUT_DIR"), "/charter_sq.json"))),
];

const SERVICES_CSV: &str = include_str!("../data/services.csv");
const DURATIONS_CSV: &str = include_str!("../data/durations.csv");

/// Who a service is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Audience {
    /// Cittadine e cittadini: unemployed people and job seekers.
    Citizens,
    /// Imprese e datori di lavoro.
    Employers,
}

impl Audience {
    /// Both audiences, citizens first.
    pub const ALL: [Audience; 2] = [Audience::Citizens, Audience::Employers];

    /// Italian label, e.g. "Cittadine e cittadini".
    pub fn label_it(self) -> &'static str {
        match self {
            Audience::Citizens => "Cittadine e cittadini",
            Audience::Employers => "Imprese e datori di lavoro",
        }
    }
}

/// An area of the charter: a cluster of services of the same nature and audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Area {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
}

impl Area {
    /// Every area in charter order.
    pub const ALL: [Area; 7] = [Area::A, Area::B, Area::C, Area::D, Area::E, Area::F, Area::G];

    /// The area's letter, 'A'..'G'.
    pub fn letter(self) -> char {
        match self {
            Area::A => 'A',
            Area::B => 'B',
            Area::C => 'C',
            Area::D => 'D',
            Area::E => 'E',
            Area::F => 'F',
            Area::G => 'G',
        }
    }

    /// The area with this letter, case-insensitive.
    pub fn from_letter(letter: char) -> Option<Area> {
        let letter = letter.to_ascii_uppercase();
        Area::ALL.into_iter().find(|a| a.letter() == letter)
    }

    /// Italian name, as in `services.csv` without the leading letter.
    pub fn name_it(self) -> &'static str {
        match self {
            Area::A => "Accesso e informazione",
            Area::B => "Profiling / valutazione del caso individuale",
            Area::C => "Mediazione per l'incontro domanda/offerta",
            Area::D => "Misure di sostegno all'inserimento lavorativo",
            Area::E => "Collocamento mirato",
            Area::F => "Accesso e informazione (imprese)",
            Area::G => "Mediazione per l'incontro domanda/offerta (imprese)",
        }
    }

    /// Areas A-E serve citizens, F-G employers.
    pub fn audience(self) -> Audience {
        match self {
            Area::F | Area::G => Audience::Employers,
            _ => Audience::Citizens,
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

/// The target groups for which the seed (section 5) sets standard durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DurationGroup {
    /// Unemployed and never-employed people (D.Lgs 181/00).
    T1,
    /// Income-support recipients (Accordo Stato-Regioni 12.02.2009, art. 19 L. 2/2009).
    T2,
    /// Disadvantaged and very disadvantaged workers (Reg. Reg.le 2/2009).
    T3,
    /// Adolescents in compulsory education and training (diritto-dovere).
    T4,
    /// People with disabilities (L. 68/99).
    T5,
    /// Companies and employers (areas F and G).
    Employers,
}

impl DurationGroup {
    /// Every group, the citizen ones first.
    pub const ALL: [DurationGroup; 6] = [
        DurationGroup::T1,
        DurationGroup::T2,
        DurationGroup::T3,
        DurationGroup::T4,
        DurationGroup::T5,
        DurationGroup::Employers,
    ];

    /// Short code: "T1".."T5", "Imprese".
    pub fn code(self) -> &'static str {
        match self {
            DurationGroup::T1 => "T1",
            DurationGroup::T2 => "T2",
            DurationGroup::T3 => "T3",
            DurationGroup::T4 => "T4",
            DurationGroup::T5 => "T5",
            DurationGroup::Employers => "Imprese",
        }
    }

    /// The group with this code ("T1".."T5", "Imprese"), case-insensitive.
    pub fn from_code(code: &str) -> Option<DurationGroup> {
        let code = code.trim();
        DurationGroup::ALL.into_iter().find(|g| g.code().eq_ignore_ascii_case(code))
    }

    /// Short Italian description of the group, with its legal source.
    pub fn label_it(self) -> &'static str {
        match self {
            DurationGroup::T1 => "Disoccupati e inoccupati (D.Lgs 181/00)",
            DurationGroup::T2 => {
                "Percettori di ammortizzatori sociali (Accordo Stato-Regioni 12.02.2009 e art. 19 L. 2/2009)"
            }
            DurationGroup::T3 => "Lavoratori svantaggiati e molto svantaggiati (Reg. Reg.le 2/2009)",
            DurationGroup::T4 => "Adolescenti in diritto-dovere di istruzione e formazione",
            DurationGroup::T5 => "Persone con disabilità (L. 68/99)",
            DurationGroup::Employers => "Imprese e datori di lavoro",
        }
    }

    /// Whose group this is: T1..T5 are citizens.
    pub fn audience(self) -> Audience {
        match self {
            DurationGroup::Employers => Audience::Employers,
            _ => Audience::Citizens,
        }
    }

    fn csv_column(self) -> &'static str {
        match self {
            DurationGroup::Employers => "employers",
            g => g.code(),
        }
    }
}

/// A service code such as "B1": an area letter and a digit. Stable: use it in data and URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceCode([u8; 2]);

impl ServiceCode {
    /// Parses "b1", " B1 " etc.; checks the shape only, not that the service exists.
    pub fn parse(code: &str) -> Option<ServiceCode> {
        let code = code.trim().as_bytes();
        match *code {
            [letter, digit @ b'1'..=b'9'] => {
                let area = Area::from_letter(char::from(letter))?;
                Some(ServiceCode([area.letter() as u8, digit]))
            }
            _ => None,
        }
    }

    /// The code as text, e.g. "B1".
    pub fn as_str(&self) -> &str {
        // Always two ASCII bytes by construction.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The area the code belongs to.
    pub fn area(self) -> Area {
        Area::from_letter(char::from(self.0[0])).unwrap_or(Area::A)
    }

    /// The number within the area, e.g. 1 for "B1".
    pub fn number(self) -> u8 {
        self.0[1] - b'0'
    }
}

impl fmt::Display for ServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is not a service code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidServiceCode(pub String);

impl fmt::Display for InvalidServiceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a service code: {:?}", self.0)
    }
}

impl std::error::Error for InvalidServiceCode {}

impl FromStr for ServiceCode {
    type Err = InvalidServiceCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ServiceCode::parse(s).ok_or_else(|| InvalidServiceCode(s.to_string()))
    }
}

impl Serialize for ServiceCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ServiceCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One service (prestazione) of the charter, with its Italian texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub code: ServiceCode,
    pub area: Area,
    pub audience: Audience,
    pub name_it: String,
    pub name_en: String,
    /// Laws and regional acts the service rests on, e.g. "D.Lgs 297/2002".
    pub legal_refs: Vec<String>,
    /// What it is: purpose and activities (finalità, attività).
    pub what_it: String,
    /// For whom (destinatari).
    pub for_whom_it: String,
    /// On which conditions it can be had (requisiti di accesso, tempi, priorità).
    pub conditions_it: String,
    /// Standard minutes per target group; only the groups the seed defines.
    pub durations: Vec<(DurationGroup, u32)>,
    /// Italian note on the durations for the public, e.g. what the T2 minutes include.
    pub duration_note: Option<String>,
    /// The data file's own note on where the durations come from (English, for staff).
    pub duration_source_note: Option<String>,
}

impl Service {
    /// Standard duration in minutes for `group`, if the seed defines one.
    pub fn duration_for(&self, group: DurationGroup) -> Option<u32> {
        self.durations.iter().find(|(g, _)| *g == group).map(|&(_, m)| m)
    }
}

/// Whether a service delivered in `minutes` took longer than its standard (`None`: the
/// charter gives none for that person or company, and nothing is over it). The desk marks such
/// a row, on a dossier and on a company alike.
pub fn over_standard(minutes: u64, standard_minutes: Option<u32>) -> bool {
    standard_minutes.is_some_and(|standard| minutes > u64::from(standard))
}

/// A service's texts in one language, each falling back to Italian where missing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalizedService<'a> {
    pub service: &'a Service,
    /// The language asked for.
    pub lang: &'a str,
    pub name: &'a str,
    pub what: &'a str,
    pub for_whom: &'a str,
    pub conditions: &'a str,
    pub duration_note: Option<&'a str>,
    /// False when any text fell back to Italian.
    pub complete: bool,
}

/// The catalogue could not be built from its sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError(pub String);

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid catalogue data: {}", self.0)
    }
}

impl std::error::Error for CatalogueError {}

/// One charter file (`charter_<lang>.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CharterFile {
    /// Area names by letter; Italian ones are built in.
    #[serde(default)]
    areas: BTreeMap<String, String>,
    /// Target-group labels by code; Italian ones are built in.
    #[serde(default)]
    groups: BTreeMap<String, String>,
    #[serde(default)]
    services: BTreeMap<String, ServiceTexts>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceTexts {
    name: Option<String>,
    what: Option<String>,
    for_whom: Option<String>,
    conditions: Option<String>,
    duration_note: Option<String>,
}

#[derive(Debug, Default)]
struct Translation {
    areas: BTreeMap<Area, String>,
    groups: BTreeMap<DurationGroup, String>,
    services: BTreeMap<ServiceCode, ServiceTexts>,
}

/// The whole charter: services sorted by code, plus the translations of their texts.
#[derive(Debug)]
pub struct Catalogue {
    services: Vec<Service>,
    translations: BTreeMap<String, Translation>,
}

/// The embedded catalogue, parsed on first use.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        // The embedded data is checked by this crate's tests, so this cannot fail at run time.
        Catalogue::from_sources(SERVICES_CSV, DURATIONS_CSV, CHARTERS).unwrap_or_else(|e| panic!("{e}"))
    })
}

impl Catalogue {
    /// Builds a catalogue from the text of `services.csv`, `durations.csv` and the charter
    /// files as `(language, json)` (the JSON form of `charter_<lang>.toml`); the Italian charter
    /// is required and must be complete.
    pub fn from_sources(
        services_csv: &str,
        durations_csv: &str,
        charters: &[(&str, &str)],
    ) -> Result<Catalogue, CatalogueError> {
        let err = CatalogueError;
        let mut services = parse_services(services_csv).map_err(err)?;
        add_durations(&mut services, durations_csv).map_err(err)?;

        let mut translations = BTreeMap::new();
        for &(lang, text) in charters {
            let lang = lang.trim().to_ascii_lowercase();
            let file: CharterFile =
                serde_json::from_str(text).map_err(|e| CatalogueError(format!("charter_{lang}: {e}")))?;
            let translation = check_charter(&services, file).map_err(|e| err(format!("charter_{lang}: {e}")))?;
            if translations.insert(lang.clone(), translation).is_some() {
                return Err(err(format!("charter {lang} given twice")));
            }
        }
        let italian = translations.remove(LANGUAGE_IT).ok_or_else(|| err("the Italian charter is missing".into()))?;
        apply_italian(&mut services, italian).map_err(err)?;
        Ok(Catalogue { services, translations })
    }

    /// All services, sorted by code.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The service with this code, case-insensitive ("b1" finds B1).
    pub fn get(&self, code: &str) -> Option<&Service> {
        self.service(ServiceCode::parse(code)?)
    }

    /// The service with this code.
    pub fn service(&self, code: ServiceCode) -> Option<&Service> {
        self.services.binary_search_by(|s| s.code.cmp(&code)).ok().map(|i| &self.services[i])
    }

    /// The services of one area, in code order.
    pub fn by_area(&self, area: Area) -> impl Iterator<Item = &Service> + '_ {
        self.services.iter().filter(move |s| s.area == area)
    }

    /// The services for one audience, in code order.
    pub fn by_audience(&self, audience: Audience) -> impl Iterator<Item = &Service> + '_ {
        self.services.iter().filter(move |s| s.audience == audience)
    }

    /// The languages with a charter file, Italian first.
    pub fn languages(&self) -> impl Iterator<Item = &str> + '_ {
        std::iter::once(LANGUAGE_IT).chain(self.translations.keys().map(String::as_str))
    }

    /// A service's texts in `lang` ("en", "fr"...), falling back to Italian text by text.
    /// An unknown language gives the Italian texts with `complete == false`.
    pub fn localized<'a>(&'a self, code: &str, lang: &'a str) -> Option<LocalizedService<'a>> {
        let service = self.get(code)?;
        let italian = lang.eq_ignore_ascii_case(LANGUAGE_IT);
        let texts = self.translation(lang).and_then(|t| t.services.get(&service.code));
        let mut complete = true;
        let mut pick = |translated: Option<&'a String>, fallback: &'a str| match translated {
            Some(t) => t.as_str(),
            None => {
                complete &= italian;
                fallback
            }
        };
        let name = match texts.and_then(|t| t.name.as_ref()) {
            Some(n) => n.as_str(),
            // services.csv carries English names of its own.
            None if lang.eq_ignore_ascii_case("en") => service.name_en.as_str(),
            None => pick(None, &service.name_it),
        };
        let what = pick(texts.and_then(|t| t.what.as_ref()), &service.what_it);
        let for_whom = pick(texts.and_then(|t| t.for_whom.as_ref()), &service.for_whom_it);
        let conditions = pick(texts.and_then(|t| t.conditions.as_ref()), &service.conditions_it);
        let duration_note = match texts.and_then(|t| t.duration_note.as_deref()) {
            Some(n) => Some(n),
            None => {
                let it = service.duration_note.as_deref();
                complete &= italian || it.is_none();
                it
            }
        };
        Some(LocalizedService { service, lang, name, what, for_whom, conditions, duration_note, complete })
    }

    /// An area's name in `lang`, falling back to Italian.
    pub fn area_name<'a>(&'a self, area: Area, lang: &str) -> &'a str {
        self.translation(lang).and_then(|t| t.areas.get(&area)).map_or(area.name_it(), String::as_str)
    }

    /// A target group's label in `lang`, falling back to Italian.
    pub fn group_label<'a>(&'a self, group: DurationGroup, lang: &str) -> &'a str {
        self.translation(lang).and_then(|t| t.groups.get(&group)).map_or(group.label_it(), String::as_str)
    }

    fn translation(&self, lang: &str) -> Option<&Translation> {
        self.translations.get(&lang.trim().to_ascii_lowercase())
    }
}

fn parse_services(text: &str) -> Result<Vec<Service>, String> {
    let mut services: Vec<Service> = Vec::new();
    for rec in table::records(text).map_err(|e| format!("services.csv: {e}"))? {
        let at = |msg: String| format!("services.csv line {}: {msg}", rec.line);
        let code_text = rec.get("code")?;
        let code = ServiceCode::parse(code_text).ok_or_else(|| at(format!("code {code_text}")))?;
        let area = code.area();
        // The area column is "<letter> <name>": it must agree with the code and Area::name_it.
        let area_col = rec.get("area")?;
        let expected = format!("{} {}", area.letter(), area.name_it());
        if area_col != expected {
            return Err(at(format!("area {area_col:?}, expected {expected:?}")));
        }
        let audience = match rec.get("for")? {
            "citizens" => Audience::Citizens,
            "employers" => Audience::Employers,
            other => return Err(at(format!("audience {other:?}"))),
        };
        if audience != area.audience() {
            return Err(at(format!("{code} is in area {area} but for {audience:?}")));
        }
        let legal_refs: Vec<String> =
            rec.get("legal_refs")?.split(';').map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
        let name_it = rec.get("name_it")?.to_string();
        let name_en = rec.get("name_en")?.to_string();
        if legal_refs.is_empty() || name_it.is_empty() || name_en.is_empty() {
            return Err(at(format!("{code}: empty name or legal references")));
        }
        if services.iter().any(|s| s.code == code) {
            return Err(at(format!("{code} listed twice")));
        }
        services.push(Service {
            code,
            area,
            audience,
            name_it,
            name_en,
            legal_refs,
            what_it: String::new(),
            for_whom_it: String::new(),
            conditions_it: String::new(),
            durations: Vec::new(),
            duration_note: None,
            duration_source_note: None,
        });
    }
    services.sort_by_key(|s| s.code);
    Ok(services)
}

fn add_durations(services: &mut [Service], text: &str) -> Result<(), String> {
    let mut seen = Vec::new();
    for rec in table::records(text).map_err(|e| format!("durations.csv: {e}"))? {
        let at = |msg: String| format!("durations.csv line {}: {msg}", rec.line);
        let code_text = rec.get("code")?;
        let service = ServiceCode::parse(code_text)
            .and_then(|c| services.iter_mut().find(|s| s.code == c))
            .ok_or_else(|| at(format!("unknown service {code_text}")))?;
        if seen.contains(&service.code) {
            return Err(at(format!("{} listed twice", service.code)));
        }
        seen.push(service.code);
        for group in DurationGroup::ALL {
            let cell = rec.get(group.csv_column())?;
            if cell.is_empty() {
                continue;
            }
            let minutes: u32 = cell.parse().map_err(|_| at(format!("{}: minutes {cell:?}", group.code())))?;
            if minutes == 0 || group.audience() != service.audience {
                return Err(at(format!("{}: {} minutes", group.code(), minutes)));
            }
            service.durations.push((group, minutes));
        }
        let note = rec.get("note")?;
        service.duration_source_note = (!note.is_empty()).then(|| note.to_string());
    }
    match services.iter().find(|s| !seen.contains(&s.code)) {
        Some(s) => Err(format!("durations.csv: no row for {}", s.code)),
        None => Ok(()),
    }
}

/// Collapses the line breaks and indentation of TOML multi-line strings.
fn tidy(text: Option<String>) -> Option<String> {
    text.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty())
}

fn check_charter(services: &[Service], file: CharterFile) -> Result<Translation, String> {
    let mut out = Translation::default();
    for (letter, name) in file.areas {
        let mut chars = letter.chars();
        let area = match (chars.next(), chars.next()) {
            (Some(c), None) => Area::from_letter(c),
            _ => None,
        }
        .ok_or_else(|| format!("unknown area {letter:?}"))?;
        out.areas.insert(area, tidy(Some(name)).unwrap_or_default());
    }
    for (code, label) in file.groups {
        let group = DurationGroup::from_code(&code).ok_or_else(|| format!("unknown group {code:?}"))?;
        out.groups.insert(group, tidy(Some(label)).unwrap_or_default());
    }
    for (code_text, texts) in file.services {
        let code = ServiceCode::parse(&code_text)
            .filter(|c| services.iter().any(|s| s.code == *c))
            .ok_or_else(|| format!("unknown service {code_text:?}"))?;
        let texts = ServiceTexts {
            name: tidy(texts.name),
            what: tidy(texts.what),
            for_whom: tidy(texts.for_whom),
            conditions: tidy(texts.conditions),
            duration_note: tidy(texts.duration_note),
        };
        if out.services.insert(code, texts).is_some() {
            return Err(format!("{code} given twice"));
        }
    }
    Ok(out)
}

fn apply_italian(services: &mut [Service], italian: Translation) -> Result<(), String> {
    if !italian.areas.is_empty() || !italian.groups.is_empty() {
        return Err("Italian area and group names are built in, not in the charter".into());
    }
    let mut texts = italian.services;
    for service in services.iter_mut() {
        let code = service.code;
        let t = texts.remove(&code).ok_or_else(|| format!("charter_it: no texts for {code}"))?;
        if t.name.is_some() {
            return Err(format!("charter_it: {code}: Italian names live in services.csv"));
        }
        let missing = |what: &str| format!("charter_it: {code}: no {what}");
        service.what_it = t.what.ok_or_else(|| missing("what"))?;
        service.for_whom_it = t.for_whom.ok_or_else(|| missing("for_whom"))?;
        service.conditions_it = t.conditions.ok_or_else(|| missing("conditions"))?;
        service.duration_note = t.duration_note;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_json::toml_to_json;

    #[test]
    fn twenty_three_services_in_code_order() {
        let c = catalogue();
        assert_eq!(c.services().len(), 23);
        let codes: Vec<_> = c.services().iter().map(|s| s.code.to_string()).collect();
        assert_eq!(codes.first().map(String::as_str), Some("A1"));
        assert_eq!(codes.last().map(String::as_str), Some("G3"));
        assert!(c.services().windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn every_area_has_services_of_its_audience() {
        let c = catalogue();
        let counts: Vec<usize> = Area::ALL.iter().map(|&a| c.by_area(a).count()).collect();
        assert_eq!(counts, [4, 2, 4, 2, 5, 3, 3]);
        for area in Area::ALL {
            assert!(c.by_area(area).all(|s| s.audience == area.audience()));
        }
        assert_eq!(c.by_audience(Audience::Employers).count(), 6);
    }

    #[test]
    fn known_durations() {
        let c = catalogue();
        let minutes = |code: &str, g| c.get(code).unwrap().duration_for(g);
        assert_eq!(minutes("B1", DurationGroup::T1), Some(60));
        assert_eq!(minutes("A1", DurationGroup::T2), Some(120));
        assert_eq!(minutes("G1", DurationGroup::Employers), Some(180));
        assert_eq!(minutes("D2", DurationGroup::T2), Some(465));
        assert_eq!(minutes("B1", DurationGroup::T2), None);
        assert_eq!(minutes("B1", DurationGroup::Employers), None);
        let e1 = c.get("E1").unwrap();
        assert_eq!(e1.durations, vec![(DurationGroup::T5, 120)]);
        assert!(c.get("B2").unwrap().durations.is_empty());
        // Employers' services have only the employers' duration, and the reverse.
        for s in c.services() {
            assert!(s.durations.iter().all(|(g, _)| g.audience() == s.audience));
        }
    }

    #[test]
    fn every_service_has_texts_and_legal_refs() {
        for s in catalogue().services() {
            assert!(!s.name_it.is_empty(), "{}", s.code);
            assert!(!s.name_en.is_empty(), "{}", s.code);
            assert!(s.what_it.len() > 40, "{}: what", s.code);
            assert!(s.for_whom_it.len() > 10, "{}: for whom", s.code);
            assert!(s.conditions_it.len() > 20, "{}: conditions", s.code);
            assert!(!s.legal_refs.is_empty(), "{}", s.code);
            assert!(s.legal_refs.iter().all(|r| !r.is_empty() && !r.contains(';')));
        }
    }

    #[test]
    fn texts_carry_the_seed_deadlines() {
        let c = catalogue();
        assert!(c.get("B1").unwrap().conditions_it.contains("2 mesi"));
        assert!(c.get("G1").unwrap().conditions_it.contains("5 giorni lavorativi"));
        let d1 = &c.get("D1").unwrap().conditions_it;
        assert!(d1.contains("4 mesi") && d1.contains("6 mesi"));
    }

    #[test]
    fn over_standard_only_past_the_standard() {
        assert!(!over_standard(120, Some(120)));
        assert!(over_standard(121, Some(120)));
        assert!(!over_standard(5, Some(30)));
        assert!(!over_standard(10_000, None));
    }

    #[test]
    fn lookup_is_case_insensitive() {
        let c = catalogue();
        assert_eq!(c.get("b1").unwrap().code.as_str(), "B1");
        assert_eq!(c.get(" g3 ").unwrap().code.as_str(), "G3");
        assert!(c.get("H1").is_none());
        assert!(c.get("A9").is_none());
        assert!(c.get("").is_none());
        assert!(c.get("A10").is_none());
    }

    #[test]
    fn service_code_round_trips() {
        let code: ServiceCode = "e4".parse().unwrap();
        assert_eq!(code.as_str(), "E4");
        assert_eq!(code.area(), Area::E);
        assert_eq!(code.number(), 4);
        assert!("Z1".parse::<ServiceCode>().is_err());
        assert!("A0".parse::<ServiceCode>().is_err());
    }

    #[test]
    fn legal_refs_are_split() {
        let a4 = catalogue().get("A4").unwrap();
        assert_eq!(a4.legal_refs, ["D.Lgs 297/2002", "DPR 442/2000", "DGR 1643/2003"]);
    }

    #[test]
    fn group_codes_and_labels() {
        for g in DurationGroup::ALL {
            assert_eq!(DurationGroup::from_code(g.code()), Some(g));
            assert!(!g.label_it().is_empty());
        }
        assert_eq!(DurationGroup::Employers.code(), "Imprese");
    }

    #[test]
    fn translations_fall_back_to_italian() {
        let fr = r#"
            [areas]
            A = "Accès et information"
            [services.B1]
            name = "Entretien d'orientation"
            what = "Un entretien."
        "#;
        let fr = toml_to_json(fr).unwrap();
        let c =
            Catalogue::from_sources(SERVICES_CSV, DURATIONS_CSV, &[(LANGUAGE_IT, CHARTERS[0].1), ("fr", &fr)]).unwrap();
        assert_eq!(c.languages().collect::<Vec<_>>(), ["it", "fr"]);
        let b1 = c.localized("b1", "fr").unwrap();
        assert_eq!(b1.name, "Entretien d'orientation");
        assert_eq!(b1.what, "Un entretien.");
        assert_eq!(b1.conditions, c.get("B1").unwrap().conditions_it);
        assert!(!b1.complete);
        assert_eq!(c.area_name(Area::A, "fr"), "Accès et information");
        assert_eq!(c.area_name(Area::B, "fr"), Area::B.name_it());
        let it = c.localized("B1", "it").unwrap();
        assert!(it.complete);
        assert_eq!(it.name, c.get("B1").unwrap().name_it);
        // English names come from services.csv even without an English charter.
        let en = c.localized("B1", "en").unwrap();
        assert_eq!(en.name, c.get("B1").unwrap().name_en);
        assert!(!en.complete);
    }

    #[test]
    fn bad_sources_are_rejected() {
        let it = CHARTERS[0].1;
        assert!(Catalogue::from_sources(SERVICES_CSV, DURATIONS_CSV, &[]).is_err());
        // The embedded JSON is the TOML file's: the same file with an edit must be rejected.
        let it_toml = include_str!("../data/charter_it.toml");
        assert_eq!(toml_to_json(it_toml).unwrap(), it);
        let typo = toml_to_json(&format!("{it_toml}\n[services.Z9]\nwhat = \"x\"\n")).unwrap();
        assert!(Catalogue::from_sources(SERVICES_CSV, DURATIONS_CSV, &[("it", &typo)]).is_err());
        let unknown_field = toml_to_json("[services.A1]\nwaht = \"x\"\n").unwrap();
        assert!(Catalogue::from_sources(SERVICES_CSV, DURATIONS_CSV, &[("it", it), ("en", &unknown_field)]).is_err());
        assert!(Catalogue::from_sources(SERVICES_CSV, DURATIONS_CSV, &[("it", "not json")]).is_err());
        let bad_duration = DURATIONS_CSV.replace("E1,,,,,120,,", "E1,,,,,120,30,");
        assert!(Catalogue::from_sources(SERVICES_CSV, &bad_duration, &[("it", it)]).is_err());
    }

    /// The runs of ASCII digits in a text: "entro 2 mesi (L. 68/99)" gives {2, 68, 99}.
    fn numbers(text: &str) -> std::collections::BTreeSet<&str> {
        text.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).collect()
    }

    #[test]
    fn every_translation_is_complete_and_keeps_the_numbers() {
        let c = catalogue();
        assert_eq!(c.languages().collect::<Vec<_>>(), ["it", "ar", "en", "fr", "sq"]);
        for lang in ["en", "fr", "ar", "sq"] {
            let t = c.translation(lang).unwrap();
            for area in Area::ALL {
                let name = t.areas.get(&area).map(String::as_str).unwrap_or_default();
                assert!(!name.is_empty() && name != area.name_it(), "{lang}: area {area}");
            }
            for group in DurationGroup::ALL {
                let label = c.group_label(group, lang);
                assert!(t.groups.contains_key(&group) && label != group.label_it(), "{lang}: {}", group.code());
                assert!(numbers(group.label_it()).is_subset(&numbers(label)), "{lang}: {}", group.code());
            }
            for s in c.services() {
                let l = c.localized(s.code.as_str(), lang).unwrap();
                let at = |field: &str| format!("{lang}: {} {field}", s.code);
                assert!(l.complete, "{}", at("falls back to Italian"));
                // English names would otherwise come silently from services.csv.
                assert!(t.services.get(&s.code).is_some_and(|t| t.name.is_some()), "{}", at("name"));
                assert_eq!(l.duration_note.is_some(), s.duration_note.is_some(), "{}", at("duration_note"));
                let note_it = s.duration_note.as_deref().unwrap_or_default();
                let pairs = [
                    ("name", s.name_it.as_str(), l.name),
                    ("what", s.what_it.as_str(), l.what),
                    ("for_whom", s.for_whom_it.as_str(), l.for_whom),
                    ("conditions", s.conditions_it.as_str(), l.conditions),
                    ("duration_note", note_it, l.duration_note.unwrap_or_default()),
                ];
                for (field, italian, translated) in pairs.into_iter().filter(|(_, italian, _)| !italian.is_empty()) {
                    assert!(!translated.is_empty() && translated != italian, "{}", at(field));
                    // Deadlines, durations, service codes and legal references keep their numbers.
                    let missing: Vec<_> = numbers(italian).difference(&numbers(translated)).copied().collect();
                    assert!(missing.is_empty(), "{}: numbers {missing:?} missing", at(field));
                }
            }
        }
    }
}
