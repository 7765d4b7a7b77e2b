//! Realistic demo dossiers at every stage of the pathway, some with deadlines overdue, for
//! the pilot CPIs and for benchmarks (100,000 at a time). Deterministic: the same seed and
//! day give the same people.

use crate::codice_fiscale::{self, Sex};
use crate::docs::dossier::{Dossier, Education, Experience, PaiAction, ServiceRecord, StepKind};
use crate::search::fold;
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

/// A demo person whose every fact was answered at the desk.
fn person(rng: &mut SmallRng, cpi: &str, i: usize, today: NaiveDate, operators: &[&str]) -> Dossier {
    let mut d = generated_person(rng, cpi, i, today, operators);
    for fact in crate::docs::dossier::Fact::ALL {
        d.facts.set(fact, d.facts.holds(fact));
    }
    d
}

fn generated_person(rng: &mut SmallRng, cpi: &str, i: usize, today: NaiveDate, operators: &[&str]) -> Dossier {
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
        let id = format!("{}-{}", cpi.slug, i + 1);
        list.items.push(Vacancy {
            id: id.as_str().into(),
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
                "Candidati allo sportello del Centro per l'Impiego di {} o scrivi a {} indicando il riferimento {id}.",
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

/// The sectors of Puglia's companies the demo draws from (ATECO 2025 subcategories), each
/// with the names its businesses take and the collective agreement they apply.
const SECTORS: &[(&[&str], &[&str], &str)] = &[
    // Agri-food.
    (
        &["01.26.00", "10.41.10", "10.71.10", "11.02.10", "10.51.20"],
        &["Oleificio", "Frantoio", "Panificio", "Cantina", "Caseificio", "Masseria"],
        "Industria alimentare",
    ),
    // Tourism.
    (&["55.10.00", "56.11.11", "55.20.51"], &["Hotel", "Ristorante", "Lido", "Agriturismo"], "Turismo"),
    // Mechanics.
    (
        &["25.62.00", "25.11.00", "28.30.99", "33.12.10"],
        &["Officine Meccaniche", "Carpenteria", "Meccanica"],
        "Metalmeccanico",
    ),
    // Logistics.
    (
        &["49.41.00", "52.10.10", "52.21.40"],
        &["Trasporti", "Autotrasporti", "Logistica"],
        "Logistica, trasporto merci e spedizione",
    ),
    // Retail.
    (
        &["47.11.02", "47.21.01", "47.71.10", "47.52.10"],
        &["Market", "Emporio", "Boutique", "Ferramenta"],
        "Commercio terziario",
    ),
    // Construction.
    (&["41.00.00", "43.22.05", "43.21.01", "43.31.01"], &["Costruzioni", "Edilizia", "Impianti"], "Edilizia industria"),
];

const LEGAL_FORMS: &[&str] = &["S.r.l.", "S.r.l.", "S.r.l.s.", "S.n.c.", "S.a.s.", "S.p.A.", "Soc. coop."];
const STREETS: &[&str] = &[
    "Via Roma",
    "Via Vittorio Emanuele II",
    "Zona Industriale, Lotto",
    "Via Giuseppe Garibaldi",
    "Corso Italia",
    "Via Aldo Moro",
    "Strada Provinciale 231, km",
    "Via dei Mille",
];

/// The campaign steps companies are generated at, with their share in percent.
const CAMPAIGN_SHARES: &[(crate::employers::campaign::Stage, u32)] = {
    use crate::employers::campaign::Stage::*;
    &[
        (None, 34),
        (Selected, 10),
        (LetterSent, 16),
        (Called, 12),
        (VisitBooked, 8),
        (Visited, 6),
        (Signed, 10),
        (Closed, 4),
    ]
};

/// `count` demo companies of the CPI `cpi` as of `today`, from `seed`, at every step of the
/// promotion campaign (some calls overdue, the letter sent more than 7 working days ago),
/// with valid partite IVA (or a sole trader's codice fiscale), ATECO 2025 codes of Puglia's
/// sectors and sites in the CPI's province. `operators` record the steps and services.
pub fn companies(
    cpi: &str,
    count: usize,
    seed: u64,
    today: NaiveDate,
    operators: &[&str],
) -> Vec<crate::employers::company::Company> {
    let mut rng = SmallRng::seed_from_u64(seed);
    (0..count).map(|i| company(&mut rng, cpi, i, today, operators)).collect()
}

/// The company index lines of `count` demo companies, one at a time (20,000 for the
/// benchmark). Company ids are "demo-company-<n>".
pub fn company_index_entries(
    cpi: &str,
    count: usize,
    seed: u64,
    today: NaiveDate,
) -> Vec<crate::employers::index::CompanyEntry> {
    let mut rng = SmallRng::seed_from_u64(seed);
    (0..count)
        .map(|i| {
            let c = company(&mut rng, cpi, i, today, &["operatore"]);
            crate::employers::index::CompanyEntry::from_company(&format!("demo-company-{i}"), &c)
        })
        .collect()
}

fn company(
    rng: &mut SmallRng,
    cpi_slug: &str,
    i: usize,
    today: NaiveDate,
    operators: &[&str],
) -> crate::employers::company::Company {
    use crate::employers::campaign::{CallOutcome, Event, Stage};
    use crate::employers::company::{Company, Origin, Site};
    use crate::employers::rules::{SizeBand, TurnoverBand};
    use crate::employers::{places, tax_code};
    let cpi = crate::cpi::cpi_by_slug(cpi_slug);
    let province = cpi.map_or(crate::cpi::Province::Bari, |c| c.province);
    let town = cpi.and_then(places::of_cpi);
    let municipality = match town {
        Some(t) if rng.random_bool(0.5) => t,
        _ => *pick(rng, &places::of_province(province).collect::<Vec<_>>()),
    };
    let (codes, kinds, ccnl) = *pick(rng, SECTORS);
    let surname = *pick(rng, SURNAMES);
    let sole_trader = rng.random_bool(0.15);
    let (code, name) = if sole_trader {
        let first = *pick(rng, MEN);
        let born = days_before(today, rng.random_range(25 * 365..65 * 365));
        let cf = codice_fiscale::compute(surname, first, born, Sex::Male, municipality.cadastral);
        (cf.as_str().to_owned(), format!("{} di {surname} {first}", pick(rng, kinds)))
    } else {
        // The office code of the province's Agenzia delle Entrate (BAT numbers come from Bari).
        let office = match municipality.province {
            "FG" => 71,
            "TA" => 73,
            "BR" => 74,
            "LE" => 75,
            _ => 72,
        };
        let first10 = format!("{:07}{office:03}", rng.random_range(0..10_000_000u32));
        let piva = format!("{first10}{}", char::from(crate::partita_iva::check_digit(first10.as_bytes())));
        (piva, format!("{} {surname} {}", pick(rng, kinds), pick(rng, LEGAL_FORMS)))
    };
    let code = tax_code::parse(&code).unwrap_or_else(|e| unreachable!("generated code {code}: {e:?}"));
    let mut c = Company::new(cpi_slug, &code, &name);
    c.registry.ateco = (*pick(rng, codes)).into();
    c.registry.legal_form =
        if sole_trader { "Ditta individuale".into() } else { name.rsplit(' ').next().unwrap_or("").into() };
    c.legal_site = Site {
        address: format!("{} {}", pick(rng, STREETS), rng.random_range(1..200)).into(),
        municipality: municipality.istat.into(),
        postcode: "".into(),
    };
    let employees: u64 = match rng.random_range(0..100) {
        0..=59 => rng.random_range(1..10),
        60..=84 => rng.random_range(10..50),
        85..=96 => rng.random_range(50..250),
        _ => rng.random_range(250..600),
    };
    c.staff.employees = employees;
    c.staff.l68_computable = employees * 9 / 10;
    c.staff.l68_covered = u64::from(crate::employers::rules::l68_reserved_quota((employees * 9 / 10) as u32) / 2);
    c.staff.turnover = match SizeBand::of(employees as u32) {
        SizeBand::Micro => TurnoverBand::UpTo2M,
        SizeBand::Small => TurnoverBand::From2To10M,
        SizeBand::Medium => TurnoverBand::From10To50M,
        SizeBand::Large => TurnoverBand::Over50M,
    }
    .code()
    .into();
    if rng.random_bool(0.1) {
        c.staff.turnover = TurnoverBand::Undeclared.code().into();
    }
    c.staff.ccnl = ccnl.into();
    c.contacts.phone = format!("0{} {}", rng.random_range(80..100), rng.random_range(100_000..999_999)).into();
    let slug: String = fold(surname).split_whitespace().collect();
    c.contacts.email = format!("info@{slug}{i}.it").into();
    c.reference.name = format!("{} {surname}", pick(rng, WOMEN)).into();
    c.reference.role = (*pick(rng, &["Titolare", "Responsabile del personale", "Amministrazione"])).into();

    // The campaign, walked step by step through the rules, so every demo state is valid.
    let mut roll = rng.random_range(0..100);
    let target = CAMPAIGN_SHARES
        .iter()
        .find(|(_, share)| {
            let hit = roll < *share;
            roll = roll.saturating_sub(*share);
            hit
        })
        .map_or(Stage::None, |(s, _)| *s);
    let operator = *pick(rng, operators);
    let mut n = 0;
    let mut step = |c: &mut Company, event: Event, on: NaiveDate| {
        n += 1;
        c.record_event(&format!("c{i}-{n}"), event, on, today, operator, "").is_ok()
    };
    if target != Stage::None {
        // Letters between 4 and 30 days ago: those older than about ten days are overdue.
        let letter = days_before(today, rng.random_range(4..31));
        let selected = days_before(letter, rng.random_range(1..10));
        step(&mut c, Event::Select, selected);
        if target != Stage::Selected {
            step(&mut c, Event::SendLetter, letter);
        }
        let call = days_after(letter, rng.random_range(1..4)).min(today);
        let visit = days_after(call, rng.random_range(0..4)).min(today);
        match target {
            Stage::Called => {
                step(&mut c, Event::Call(*pick(rng, &CallOutcome::ALL[..3])), call);
            }
            Stage::Closed => {
                step(&mut c, Event::Call(CallOutcome::NotInterested), call);
            }
            Stage::VisitBooked => {
                step(&mut c, Event::Call(CallOutcome::Interested), call);
                step(&mut c, Event::BookVisit(days_after(today, rng.random_range(1..15))), call);
            }
            Stage::Visited | Stage::Signed => {
                step(&mut c, Event::Call(CallOutcome::Interested), call);
                step(&mut c, Event::BookVisit(visit), call);
                step(&mut c, Event::Visit, visit);
                if target == Stage::Signed {
                    step(&mut c, Event::Sign, visit);
                }
                let on = visit.to_string();
                let f2 = rng.random_range(90..150).to_string();
                let _ = c.record_service(&format!("s{i}-1"), "F1", &on, "30", Origin::Promotion, today, operator, "");
                let _ = c.record_service(&format!("s{i}-2"), "F2", &on, &f2, Origin::Promotion, today, operator, "");
            }
            _ => {}
        }
    } else if rng.random_bool(0.2) {
        let on = days_before(today, rng.random_range(1..200)).to_string();
        let _ = c.record_service(
            &format!("s{i}-1"),
            "F1",
            &on,
            &rng.random_range(15..45).to_string(),
            Origin::Spontaneous,
            today,
            operator,
            "",
        );
    }
    c
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

#[cfg(test)]
mod company_tests {
    use super::*;
    use crate::calendar::WorkingCalendar;
    use crate::employers::campaign::Stage;
    use crate::employers::{ateco, index, places, tax_code};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn demo_companies_are_valid_records_in_the_cpis_province() {
        let cpi = crate::cpi::cpi_by_slug("lecce").unwrap();
        let list = companies("lecce", 300, 11, today(), &["anna", "marco"]);
        assert_eq!(list.len(), 300);
        for c in &list {
            assert_eq!(c.problems(), [], "{:?}", c.registry);
            assert!(tax_code::parse(&c.registry.tax_code).is_ok());
            assert!(ateco::check(&c.registry.ateco).is_ok());
            let town = places::by_istat(&c.legal_site.municipality).unwrap();
            assert_eq!(town.province, cpi.province.abbreviation());
            assert_eq!(c.campaign_state().1, Vec::<&str>::new(), "every step was valid");
        }
        let sole_traders = list.iter().filter(|c| c.registry.tax_code.len() == 16).count();
        assert!(sole_traders > 10 && sole_traders < 100, "{sole_traders}");
        // The same seed and day give the same companies.
        assert_eq!(companies("lecce", 5, 11, today(), &["anna", "marco"]), list[..5]);
    }

    #[test]
    fn demo_companies_stand_at_every_step_and_some_calls_are_overdue() {
        let entries = company_index_entries("bari", 300, 5, today());
        for stage in Stage::ALL {
            assert!(entries.iter().any(|e| e.campaign.stage == stage), "{stage:?}");
        }
        let cal = WorkingCalendar::around("bari", today());
        let tasks = index::campaign_worklist(&entries, today(), &cal);
        let overdue = tasks.iter().filter(|t| t.overdue).count();
        assert!(overdue >= 10, "{overdue} overdue calls");
        assert!(tasks[0].overdue);
        assert!(entries.iter().any(|e| e.employees >= 250) && entries.iter().any(|e| e.employees < 10));
    }
}
