//! Realistic demo dossiers at every stage of the pathway, some with deadlines overdue, for
//! the pilot CPIs and for benchmarks (100,000 at a time). Deterministic: the same seed and
//! day give the same people.

use crate::codice_fiscale::{self, Sex};
use crate::docs::dossier::{Dossier, Education, Experience, PaiAction, ServiceRecord, StepKind};
use chrono::{Days, NaiveDate};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

const SURNAMES: &[&str] = &[
    "Rossi",
    "Lorusso",
    "De Santis",
    "Carbone",
    "Greco",
    "Marzano",
    "Colucci",
    "D'Amico",
    "Lattanzio",
    "Palmisano",
    "Caputo",
    "Ricci",
    "Longo",
    "Mastrangelo",
    "Sasso",
    "Fanelli",
    "Loiacono",
    "Romano",
    "De Palma",
    "Lopez",
    "Scarano",
    "Addante",
    "Vitale",
    "Mancini",
    "Schiavone",
    "Di Bari",
    "Quarto",
    "Tarantini",
    "Lacalamita",
    "Amoruso",
    "Giannini",
    "Spagnoletti",
    "Ferrara",
    "Melchiorre",
    "Cassano",
    "Nitti",
    "Leone",
    "Stasi",
    "Pappalardo",
    "Perrone",
    "Conte",
    "Zaccaria",
    "Dell'Aquila",
    "Russo",
    "Coppola",
    "Montanaro",
    "Lagioia",
    "Bux",
    "Sciannimanico",
    "Ventura",
    "Abbrescia",
    "Morea",
    "Pastore",
    "Bellino",
    "Cuccovillo",
];
const MEN: &[&str] = &[
    "Mario",
    "Giuseppe",
    "Antonio",
    "Francesco",
    "Nicola",
    "Vito",
    "Michele",
    "Domenico",
    "Luca",
    "Marco",
    "Davide",
    "Alessandro",
    "Pasquale",
    "Savino",
    "Cosimo",
    "Donato",
    "Gianluca",
    "Matteo",
    "Riccardo",
    "Youssef",
    "Arben",
    "Kevin",
    "Salvatore",
    "Raffaele",
];
const WOMEN: &[&str] = &[
    "Maria",
    "Anna",
    "Giulia",
    "Francesca",
    "Angela",
    "Rosa",
    "Lucia",
    "Carmela",
    "Chiara",
    "Sara",
    "Martina",
    "Valentina",
    "Ilaria",
    "Teresa",
    "Grazia",
    "Federica",
    "Mariangela",
    "Annalisa",
    "Fatima",
    "Elona",
    "Nicoletta",
    "Roberta",
    "Sabrina",
    "Alessia",
];
/// Cadastral codes of Apulian municipalities (and Morocco, Albania for people born abroad).
const PLACES: &[(&str, &str)] = &[
    ("A662", "Bari"),
    ("E506", "Lecce"),
    ("D643", "Foggia"),
    ("L049", "Taranto"),
    ("B180", "Brindisi"),
    ("A669", "Barletta"),
    ("A285", "Andria"),
    ("L328", "Trani"),
    ("A048", "Acquaviva delle Fonti"),
    ("E815", "Maglie"),
    ("Z330", "Marocco"),
    ("Z100", "Albania"),
];
const TITLES: &[(&str, &str)] = &[
    ("Licenza media", "Scuola secondaria di primo grado"),
    ("Diploma di ragioneria", "ITC Vivante"),
    ("Diploma di perito informatico", "ITIS Marconi"),
    ("Qualifica di operatore della ristorazione", "IPSSAR Perotti"),
    ("Laurea in Economia", "Università degli Studi di Bari"),
    ("Laurea in Scienze dell'educazione", "Università del Salento"),
];
/// (role, CP2021 code)
const JOBS: &[(&str, &str)] = &[
    ("Commesso di negozio", "5.1.2.2.0"),
    ("Cameriere di sala", "5.2.2.3.1"),
    ("Magazziniere", "4.3.1.2.0"),
    ("Addetto alle pulizie", "8.1.4.2.0"),
    ("Impiegato amministrativo", "4.1.1.1.0"),
    ("Operaio agricolo", "6.4.1.3.1"),
    ("Muratore", "6.1.2.1.0"),
    ("Operatore socio-sanitario", "5.3.1.1.0"),
    ("Autista di furgone", "7.4.2.2.0"),
    ("Programmatore", "2.1.1.4.1"),
];
const EMPLOYERS: &[&str] = &[
    "Supermercati Puglia srl",
    "Hotel Adriatico",
    "Logistica Levante spa",
    "Cooperativa Il Faro",
    "Masseria San Vito",
    "Edil Murgia srl",
    "Studio Caputo & Associati",
];

fn pick<'a, T>(rng: &mut SmallRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(day)
}

fn days_after(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

/// The stages people are generated at, with their share in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Registered, employed or studying: no DID.
    NoDid,
    /// DID in the last 6 weeks, interview still to do.
    FreshDid,
    /// DID more than 2 months ago and no interview: B1 overdue.
    InterviewOverdue,
    /// Interview held, PAI still to propose (some overdue).
    AfterInterview,
    /// PDS signed and PAI under way.
    InPai,
    /// Registered in the targeted-placement list (L. 68/99).
    TargetedPlacement,
}

const STAGES: &[(Stage, u32)] = &[
    (Stage::NoDid, 10),
    (Stage::FreshDid, 18),
    (Stage::InterviewOverdue, 8),
    (Stage::AfterInterview, 24),
    (Stage::InPai, 30),
    (Stage::TargetedPlacement, 10),
];

fn stage(rng: &mut SmallRng) -> Stage {
    let mut roll = rng.random_range(0..100);
    for (stage, share) in STAGES {
        if roll < *share {
            return *stage;
        }
        roll -= share;
    }
    Stage::InPai
}

/// `count` demo dossiers for the CPI `cpi`, as of `today`, from `seed`. `operators` are the
/// usernames recorded as authors of steps and services (at least one).
pub fn dossiers(cpi: &str, count: usize, seed: u64, today: NaiveDate, operators: &[&str]) -> Vec<Dossier> {
    let mut rng = SmallRng::seed_from_u64(seed);
    (0..count).map(|i| person(&mut rng, cpi, i, today, operators)).collect()
}

/// The index lines of `count` demo people, generated one at a time so 100,000 of them fit in
/// a browser tab (for benchmarks). Dossier ids are "demo-<n>".
pub fn index_entries(cpi: &str, count: usize, seed: u64, today: NaiveDate) -> Vec<crate::docs::index::IndexEntry> {
    let mut rng = SmallRng::seed_from_u64(seed);
    (0..count)
        .filter_map(|i| {
            let person = person(&mut rng, cpi, i, today, &["operatore"]);
            crate::docs::index::IndexEntry::from_dossier(&format!("demo-{i}"), &person)
        })
        .collect()
}

fn person(rng: &mut SmallRng, cpi: &str, i: usize, today: NaiveDate, operators: &[&str]) -> Dossier {
    let sex = if rng.random_bool(0.52) { Sex::Female } else { Sex::Male };
    let name = *pick(rng, if sex == Sex::Female { WOMEN } else { MEN });
    let surname = *pick(rng, SURNAMES);
    let age_days = rng.random_range(17 * 365..63 * 365);
    let birth = days_before(today, age_days);
    let (place_code, place) = *pick(rng, PLACES);
    let cf = codice_fiscale::compute(surname, name, birth, sex, place_code);
    let mut d = Dossier::new(cpi, cf.as_str(), surname, name, birth, sex);
    d.personal.birth_place = place.into();
    d.personal.citizenship = if place_code.starts_with('Z') { place } else { "Italiana" }.into();
    d.personal.residence = cpi_town(cpi).into();
    d.contacts.phone = format!("3{:02} {:07}", rng.random_range(20..99), rng.random_range(0..10_000_000)).into();
    d.contacts.email = format!(
        "{}.{}{}@example.it",
        crate::search::fold(name).replace(' ', ""),
        crate::search::fold(surname).replace(' ', ""),
        i % 97
    )
    .into();
    let (title, institute) = *pick(rng, TITLES);
    d.facts.degree = title.starts_with("Laurea");
    d.facts.upper_secondary_diploma = !title.starts_with("Licenza");
    d.education.push(Education {
        id: format!("e{i}").into(),
        title: title.into(),
        institute: institute.into(),
        year: (birth.format("%Y").to_string().parse::<i32>().unwrap_or(1990) + if d.facts.degree { 24 } else { 19 })
            .to_string()
            .into(),
    });
    let (role, code) = *pick(rng, JOBS);
    let worked_until = days_before(today, rng.random_range(60..900));
    d.experience.push(Experience {
        id: format!("x{i}").into(),
        role: role.into(),
        employer: (*pick(rng, EMPLOYERS)).into(),
        profession: code.into(),
        from: days_before(worked_until, rng.random_range(90..1500)).to_string().into(),
        to: worked_until.to_string().into(),
    });
    d.cv.professions.push(code.into());
    d.cv.skills = "Patente B; uso del computer; lavoro in gruppo".into();
    d.cv.languages = "Italiano (madrelingua); inglese A2".into();
    d.facts.income_support = rng.random_bool(0.2);

    let op = |rng: &mut SmallRng| *pick(rng, operators);
    let stage = stage(rng);
    let did = match stage {
        Stage::NoDid => {
            d.status.employment = if rng.random_bool(0.5) { "occupato" } else { "studente" }.into();
            return d;
        }
        Stage::FreshDid => days_before(today, rng.random_range(0..42)),
        Stage::InterviewOverdue => days_before(today, rng.random_range(66..150)),
        Stage::AfterInterview => days_before(today, rng.random_range(30..220)),
        Stage::InPai | Stage::TargetedPlacement => days_before(today, rng.random_range(60..400)),
    };
    if rng.random_bool(0.15) {
        d.status.employment = "inoccupato".into();
    }
    let step_id = |n: u32| format!("{i}-{n}");
    let who = op(rng);
    d.add_step(&step_id(0), StepKind::Did, did, who, "");
    record_service(&mut d, rng, &step_id(100), "A4", did, who, 20);
    if stage == Stage::FreshDid {
        if rng.random_bool(0.5) {
            let booked = days_after(today, rng.random_range(2..20));
            d.add_step(&step_id(1), StepKind::InterviewBooked, booked, who, "Prenotato allo sportello");
        }
        return d;
    }
    if stage == Stage::InterviewOverdue {
        return d;
    }
    let interview = days_after(did, rng.random_range(5..55));
    let who = op(rng);
    d.add_step(&step_id(2), StepKind::Interview, interview, who, "Profilazione completata");
    record_service(&mut d, rng, &step_id(101), "B1", interview, who, 60);
    d.add_step(&step_id(3), StepKind::PdsProposed, interview, who, "");
    if stage == Stage::AfterInterview {
        return d;
    }
    d.add_step(&step_id(4), StepKind::PdsSigned, interview, who, "");
    let pai = days_after(interview, rng.random_range(10..90));
    d.add_step(&step_id(5), StepKind::Pai, pai, who, "");
    record_service(&mut d, rng, &step_id(102), "D1", pai, who, 60);
    d.pai_actions.push(PaiAction {
        id: step_id(6).into(),
        description: "Corso di formazione sulla sicurezza (16 ore)".into(),
        owner: "Ente di formazione accreditato".into(),
        due: days_after(pai, 60).to_string().into(),
        done: days_after(pai, 60) < today,
    });
    d.pai_actions.push(PaiAction {
        id: step_id(7).into(),
        description: "Invio di tre candidature al mese".into(),
        owner: "Cittadino".into(),
        due: days_after(pai, 90).to_string().into(),
        done: false,
    });
    if rng.random_bool(0.3) {
        d.add_step(&step_id(8), StepKind::SupportOffered, days_after(pai, 7), who, "Tirocinio extracurriculare");
    }
    if stage == Stage::TargetedPlacement {
        d.facts.disability_l68 = true;
        d.add_step(&step_id(9), StepKind::L68Registration, days_after(did, 3), who, "Invalidità civile 67%");
        record_service(&mut d, rng, &step_id(103), "E1", days_after(did, 3), who, 90);
    }
    d
}

/// Towns around each province's CPIs, for demo vacancies.
fn nearby_towns(province: crate::cpi::Province) -> [&'static str; 3] {
    use crate::cpi::Province::*;
    match province {
        Bari => ["Modugno", "Bitonto", "Triggiano"],
        BarlettaAndriaTrani => ["Andria", "Trani", "Bisceglie"],
        Brindisi => ["Fasano", "Ostuni", "Mesagne"],
        Foggia => ["Lucera", "Manfredonia", "Cerignola"],
        Lecce => ["Nardò", "Galatina", "Gallipoli"],
        Taranto => ["Grottaglie", "Massafra", "Manduria"],
    }
}

/// `count` demo vacancies of a CPI, published in the last six weeks before `today`.
pub fn vacancies(
    cpi: &crate::cpi::Cpi,
    count: usize,
    seed: u64,
    today: NaiveDate,
) -> crate::docs::vacancies::Vacancies {
    use crate::docs::vacancies::{Vacancies, Vacancy, CONTRACTS};
    let mut rng = SmallRng::seed_from_u64(seed);
    let towns = nearby_towns(cpi.province);
    let mut list = Vacancies::new(&cpi.slug);
    for i in 0..count {
        let (role, code) = *pick(&mut rng, JOBS);
        let town = if rng.random_bool(0.5) { cpi.name.as_str() } else { *pick(&mut rng, &towns) };
        let (contract, _) = *pick(&mut rng, CONTRACTS);
        let part_time = rng.random_bool(0.3);
        let months = rng.random_range(3..13);
        list.items.push(Vacancy {
            id: format!("{}-{}", cpi.slug, i + 1).into(),
            title: format!("{role} ({})", if part_time { "part-time" } else { "tempo pieno" }).into(),
            profession: code.into(),
            municipality: town.into(),
            contract: contract.into(),
            working_time: if part_time { "part" } else { "full" }.into(),
            published_on: days_before(today, rng.random_range(0..42)).to_string().into(),
            description: format!(
                "{} di {town} cerca una figura di {} da inserire nel proprio organico.",
                pick(&mut rng, EMPLOYERS),
                role.to_lowercase()
            )
            .into(),
            requirements: if contract == "apprendistato" || contract == "tirocinio" {
                format!("Età fino a 29 anni. Durata prevista {months} mesi. Disponibilità immediata.")
            } else {
                format!("Esperienza di almeno {} anni nella mansione. Patente B.", rng.random_range(1..4))
            }
            .into(),
            how_to_apply: format!(
                "Candidati allo sportello del Centro per l'Impiego di {} o scrivi a {} indicando il riferimento.",
                cpi.name, cpi.email
            )
            .into(),
            withdrawn: false,
        });
    }
    list
}

fn record_service(d: &mut Dossier, rng: &mut SmallRng, id: &str, code: &str, date: NaiveDate, who: &str, around: u64) {
    let minutes = around * rng.random_range(70..140) / 100;
    d.services.push(ServiceRecord {
        id: id.into(),
        code: code.into(),
        date: date.to_string().into(),
        operator: who.into(),
        minutes,
        note: "".into(),
    });
}

fn cpi_town(slug: &str) -> String {
    crate::cpi::cpi_by_slug(slug).map(|c| c.name.clone()).unwrap_or_else(|| slug.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::WorkingCalendar;
    use crate::cpi::cpi_by_slug;
    use crate::docs::index::IndexEntry;
    use crate::pathway::{status, DeadlineKind};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn demo_vacancies_are_realistic_and_filterable() {
        let bari = cpi_by_slug("bari").unwrap();
        let list = vacancies(bari, 6, 1, today());
        assert_eq!(list.items.len(), 6);
        assert!(list.items.iter().all(|v| v.profession_group().is_some() && v.published().unwrap() <= today()));
        assert!(list.municipalities().len() >= 2);
    }

    #[test]
    fn people_are_valid_deterministic_and_at_every_stage() {
        let a = dossiers("bari", 400, 7, today(), &["operatore.bari"]);
        let b = dossiers("bari", 400, 7, today(), &["operatore.bari"]);
        assert_eq!(a, b);
        for d in &a {
            codice_fiscale::parse(d.personal.codice_fiscale.as_str()).expect("valid codice fiscale");
            assert!(d.person_facts().is_some());
        }
        let entries: Vec<IndexEntry> =
            a.iter().enumerate().map(|(i, d)| IndexEntry::from_dossier(&i.to_string(), d).unwrap()).collect();
        let cal = WorkingCalendar::for_cpi(cpi_by_slug("bari").unwrap(), 2024..=2028);
        let items = crate::worklist::worklist(&entries, &[], &cal);
        let overdue = items.iter().filter(|i| status(&i.deadline, today(), &cal).is_overdue()).count();
        let open_b1 = items
            .iter()
            .filter(|i| {
                i.deadline.kind == DeadlineKind::OrientationInterview
                    && !status(&i.deadline, today(), &cal).is_overdue()
            })
            .count();
        assert!(overdue >= 20, "some deadlines overdue: {overdue}");
        assert!(open_b1 >= 20, "some interviews still in time: {open_b1}");
        assert!(a.iter().any(|d| d.facts.disability_l68));
        assert!(a.iter().any(|d| d.milestones().did.is_none()));
    }
}
