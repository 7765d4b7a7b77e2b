//! The rule layer of the operators' worklist: which target group a person belongs to (and so
//! which column of the standard-durations table applies), which deadlines run for them or for
//! a company, how late each one is, and in which order the worklist shows them.
//!
//! Sources: the Masterplan (DGR 847/2010, `shared/seed`), sections 2-5 of the domain brief,
//! D.Lgs 181/2000 as amended by D.Lgs 297/2002 (definitions and the 4/6-month clock), Reg.
//! Reg.le Puglia 2/2009 art. 12 (disadvantaged workers). Everything here is pure: "today"
//! always comes in as an argument.
//!
//! # Target-group precedence
//!
//! A person can be in several groups at once (a disabled income-support recipient aged 55).
//! The durations table has one column per group, so one must win. [`primary_duration_group`]
//! takes the first that applies in this order:
//!
//! 1. **T5, disability (L. 68/99)**: these people follow the targeted-placement path (area E,
//!    whose services are defined for T5 only) with specialist staff; the T5 column already
//!    leaves out B1 and D1 because E1 replaces them.
//! 2. **T4, adolescents in diritto-dovere**: minors whose path is school or training; the T4
//!    column is built for them (longest B1, 90 minutes) whatever else applies.
//! 3. **T2, income-support recipients**: their path is fixed by law to keep the benefit (DID,
//!    PDS, PAI, measures: art. 19 L. 2/2009, DGR 303/2010), and the T2 column is that
//!    protocol (A1 = 120 minutes including DID and PDS, D2 = 465 including the PAI). Being
//!    also disadvantaged does not change the protocol.
//! 4. **T3, disadvantaged or very disadvantaged** (Reg. Reg.le 2/2009): a specialisation of
//!    the unemployed with longer standard times.
//! 5. **T1**, unemployed and never-employed: the general citizens' column, also used when no
//!    group is recorded yet (someone asking for information before any DID).
//!
//! An empty cell of the winning column means "not defined for this group" (for T2, B1 is part
//! of A1's 120 minutes): [`standard_minutes`] then gives `None` and never borrows another
//! column, which would count the same work twice.
//!
//! # Deadlines
//!
//! Month limits end on the same day N months later, or on the last day of a shorter month
//! ([`add_months`]); a limit that falls on a day the CPI is closed (weekend, national holiday,
//! patron day) moves to the next working day. This is the general rule of Italian law for
//! time limits (art. 2963 c.c.: "se il termine scade in giorno festivo, è prorogato di diritto
//! al giorno seguente non festivo"; the same article gives the month rule), and the seed says
//! nothing to the contrary; besides, the act (an interview, a proposal) needs the office open.
//! Working-day limits count working days after the start day ([`WorkingCalendar::add_working_days`]).

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{add_months, WorkingCalendar};
use crate::catalogue::{catalogue, Audience, DurationGroup, ServiceCode};
use crate::codice_fiscale::Sex;

/// Adolescents are minors: 15-17 (D.Lgs 181/2000 art. 1 c. 2 lett. a).
pub const ADOLESCENT_UNDER_AGE: u32 = 18;
/// "Giovani": over 18 "fino a 25 anni compiuti" (D.Lgs 181/2000 art. 1 c. 2 lett. b, as
/// amended by D.Lgs 297/2002), read as up to the day before the 26th birthday.
pub const YOUNG_MAX_AGE: u32 = 25;
/// The same definition extends "giovani" to 29 "compiuti" for holders of a university degree.
pub const YOUNG_GRADUATE_MAX_AGE: u32 = 29;
/// Reg. Reg.le 2/2009 art. 12 lett. c: "lavoratori che hanno superato i 50 anni di età",
/// read as having turned 50.
pub const DISADVANTAGED_FROM_AGE: u32 = 50;
/// Reg. Reg.le 2/2009 art. 12 lett. a: no regular paid job "da almeno sei mesi".
pub const DISADVANTAGED_JOBLESS_MONTHS: u32 = 6;
/// Reg. Reg.le 2/2009: "molto svantaggiato" = without work for at least 24 months.
pub const VERY_DISADVANTAGED_JOBLESS_MONTHS: u32 = 24;

/// B1: orientation interview within 2 months of the DID (Masterplan, area B).
pub const ORIENTATION_INTERVIEW_MONTHS: u32 = 2;
/// D1: active-policy proposal within 4 months for adolescents, young people and women.
pub const PAI_SHORT_MONTHS: u32 = 4;
/// D1: within 6 months for the others at risk of long-term unemployment.
pub const PAI_LONG_MONTHS: u32 = 6;
/// G1: profiles sent within 5 working days of the company's request, unless agreed otherwise.
pub const PRESELECTION_WORKING_DAYS: u32 = 5;
/// Promotion: phone the company within 7 working days of the presentation letter.
pub const PROMOTION_CALL_WORKING_DAYS: u32 = 7;
/// A DID declared at a totem waits for an operator to check and confirm it. The seed sets no
/// limit; 2 working days keeps the B1 and PAI clocks, which start at the DID, honest (a DID
/// of Friday is confirmed by Tuesday) and is well inside the shortest limit the seed does set
/// for a front-office reply (5 working days for G1).
pub const TOTEM_DID_CONFIRMATION_WORKING_DAYS: u32 = 2;
/// A deadline this many working days away or less is "due soon": one working week, so the
/// worklist warns a full week ahead of every limit, including the 5-working-day ones.
pub const DUE_SOON_WORKING_DAYS: u32 = 5;

/// Completed years of age on `on` (0 before birth). Someone born on 29 February gets a year
/// older on 1 March in common years.
pub fn age_on(birth_date: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - birth_date.year();
    if (on.month(), on.day()) < (birth_date.month(), birth_date.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Whether at least `months` calendar months have passed from `since` to `on`.
fn at_least_months(since: NaiveDate, on: NaiveDate, months: u32) -> bool {
    add_months(since, months_i32(months)) <= on
}

fn months_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// What an operator records about a citizen to place them in the pathway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    /// From the codice fiscale or a document.
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// Date of the declaration of immediate availability (DID), if made.
    pub did_date: Option<NaiveDate>,
    /// Start of the state of unemployment (stato di disoccupazione) if it differs from the DID
    /// (e.g. carried over from an earlier registration). `None` means "from the DID", which
    /// since D.Lgs 297/2002 is when the state begins.
    pub unemployed_since: Option<NaiveDate>,
    /// Inoccupato: has never had a job (T1 either way; only the label changes).
    pub never_employed: bool,
    /// Percettore di ammortizzatori sociali (T2), also if still formally employed (CIG).
    pub income_support: bool,
    /// Registered or eligible under L. 68/99 (T5).
    pub disability_l68: bool,
    /// An adolescent still in diritto-dovere di istruzione e formazione (T4, under 18 only).
    pub in_compulsory_education: bool,
    /// Upper-secondary school or professional diploma (Reg. Reg.le 2/2009 art. 12 lett. b).
    pub has_upper_secondary_diploma: bool,
    /// University degree ("diploma universitario di laurea"): implies the diploma above.
    pub has_degree: bool,
    /// An adult living alone with one or more dependants (lett. d).
    pub lives_alone_with_dependants: bool,
    /// Belongs to the gender under-represented in the profession or sector sought, where the
    /// gap exceeds the average by 25% (lett. e): a fact about the sector, not the sex alone.
    pub underrepresented_gender: bool,
    /// Member of a national minority needing to strengthen language, training or work
    /// experience (lett. f).
    pub national_minority: bool,
}

impl PersonFacts {
    /// A person with only birth date and sex recorded: every flag false, no dates.
    pub fn new(birth_date: NaiveDate, sex: Sex) -> Self {
        PersonFacts {
            birth_date,
            sex,
            did_date: None,
            unemployed_since: None,
            never_employed: false,
            income_support: false,
            disability_l68: false,
            in_compulsory_education: false,
            has_upper_secondary_diploma: false,
            has_degree: false,
            lives_alone_with_dependants: false,
            underrepresented_gender: false,
            national_minority: false,
        }
    }

    /// Completed years of age on `on`.
    pub fn age_on(&self, on: NaiveDate) -> u32 {
        age_on(self.birth_date, on)
    }

    /// When the state of unemployment began: `unemployed_since`, else the DID date.
    pub fn unemployment_start(&self) -> Option<NaiveDate> {
        self.unemployed_since.or(self.did_date)
    }

    fn is_adolescent_in_compulsory_education(&self, today: NaiveDate) -> bool {
        // Diritto-dovere ends at 18 by law, so a stale flag on an adult does not count.
        self.in_compulsory_education && self.age_on(today) < ADOLESCENT_UNDER_AGE
    }
}

/// One criterion of "lavoratore svantaggiato", Reg. Reg.le Puglia 2/2009 art. 12 lett. a-f.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DisadvantageCriterion {
    /// a) No regular paid job for at least 6 months.
    JoblessSixMonths,
    /// b) No upper-secondary or professional diploma.
    NoUpperSecondaryDiploma,
    /// c) Aged 50 or more.
    Over50,
    /// d) An adult living alone with dependants.
    LivesAloneWithDependants,
    /// e) Under-represented gender in the sector.
    UnderrepresentedGender,
    /// f) Member of a national minority.
    NationalMinority,
}

impl DisadvantageCriterion {
    /// All six, in the regulation's order.
    pub const ALL: [DisadvantageCriterion; 6] = [
        DisadvantageCriterion::JoblessSixMonths,
        DisadvantageCriterion::NoUpperSecondaryDiploma,
        DisadvantageCriterion::Over50,
        DisadvantageCriterion::LivesAloneWithDependants,
        DisadvantageCriterion::UnderrepresentedGender,
        DisadvantageCriterion::NationalMinority,
    ];

    /// The letter of art. 12 of the regulation, 'a'..'f'.
    pub fn letter(self) -> char {
        match self {
            DisadvantageCriterion::JoblessSixMonths => 'a',
            DisadvantageCriterion::NoUpperSecondaryDiploma => 'b',
            DisadvantageCriterion::Over50 => 'c',
            DisadvantageCriterion::LivesAloneWithDependants => 'd',
            DisadvantageCriterion::UnderrepresentedGender => 'e',
            DisadvantageCriterion::NationalMinority => 'f',
        }
    }

    /// Italian label, e.g. "Senza impiego regolarmente retribuito da almeno 6 mesi".
    pub fn label_it(self) -> &'static str {
        match self {
            DisadvantageCriterion::JoblessSixMonths => "Senza impiego regolarmente retribuito da almeno 6 mesi",
            DisadvantageCriterion::NoUpperSecondaryDiploma => "Senza diploma di scuola media superiore o professionale",
            DisadvantageCriterion::Over50 => "Età pari o superiore a 50 anni",
            DisadvantageCriterion::LivesAloneWithDependants => "Adulto che vive solo con una o più persone a carico",
            DisadvantageCriterion::UnderrepresentedGender => "Genere sottorappresentato nel settore o professione",
            DisadvantageCriterion::NationalMinority => "Appartenente a una minoranza nazionale",
        }
    }

    fn applies(self, facts: &PersonFacts, today: NaiveDate) -> bool {
        match self {
            DisadvantageCriterion::JoblessSixMonths => facts
                .unemployment_start()
                .is_some_and(|since| at_least_months(since, today, DISADVANTAGED_JOBLESS_MONTHS)),
            DisadvantageCriterion::NoUpperSecondaryDiploma => !(facts.has_upper_secondary_diploma || facts.has_degree),
            DisadvantageCriterion::Over50 => facts.age_on(today) >= DISADVANTAGED_FROM_AGE,
            DisadvantageCriterion::LivesAloneWithDependants => facts.lives_alone_with_dependants,
            DisadvantageCriterion::UnderrepresentedGender => facts.underrepresented_gender,
            DisadvantageCriterion::NationalMinority => facts.national_minority,
        }
    }
}

/// The criteria of Reg. Reg.le 2/2009 art. 12 that `facts` meet on `today`, in the
/// regulation's order. Criterion a) counts from [`PersonFacts::unemployment_start`]; without a
/// recorded date it is not met.
pub fn disadvantage_criteria(facts: &PersonFacts, today: NaiveDate) -> Vec<DisadvantageCriterion> {
    DisadvantageCriterion::ALL.into_iter().filter(|c| c.applies(facts, today)).collect()
}

/// "Lavoratore molto svantaggiato": without work for at least 24 months.
pub fn is_very_disadvantaged(facts: &PersonFacts, today: NaiveDate) -> bool {
    facts.unemployment_start().is_some_and(|since| at_least_months(since, today, VERY_DISADVANTAGED_JOBLESS_MONTHS))
}

/// A target group of the Masterplan, finer than the durations columns: the label tells the
/// operator why a column applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TargetGroup {
    /// T5: person with disabilities (L. 68/99).
    Disability,
    /// T4: adolescent in compulsory education or training.
    Adolescent,
    /// T2: income-support recipient.
    IncomeSupport,
    /// T3: without work for 24+ months. Replaces `Disadvantaged`, never listed with it.
    VeryDisadvantaged,
    /// T3: meets at least one criterion of Reg. Reg.le 2/2009 art. 12.
    Disadvantaged,
    /// T1: never employed (inoccupato).
    NeverEmployed,
    /// T1: unemployed (disoccupato).
    Unemployed,
}

impl TargetGroup {
    /// Every group, in precedence order (the variants' order).
    pub const ALL: [TargetGroup; 7] = [
        TargetGroup::Disability,
        TargetGroup::Adolescent,
        TargetGroup::IncomeSupport,
        TargetGroup::VeryDisadvantaged,
        TargetGroup::Disadvantaged,
        TargetGroup::NeverEmployed,
        TargetGroup::Unemployed,
    ];

    /// The durations column this group reads.
    pub fn duration_group(self) -> DurationGroup {
        match self {
            TargetGroup::Disability => DurationGroup::T5,
            TargetGroup::Adolescent => DurationGroup::T4,
            TargetGroup::IncomeSupport => DurationGroup::T2,
            TargetGroup::VeryDisadvantaged | TargetGroup::Disadvantaged => DurationGroup::T3,
            TargetGroup::NeverEmployed | TargetGroup::Unemployed => DurationGroup::T1,
        }
    }

    /// Italian label, e.g. "Percettore di ammortizzatori sociali".
    pub fn label_it(self) -> &'static str {
        match self {
            TargetGroup::Disability => "Persona con disabilità (L. 68/99)",
            TargetGroup::Adolescent => "Adolescente in diritto-dovere di istruzione e formazione",
            TargetGroup::IncomeSupport => "Percettore di ammortizzatori sociali",
            TargetGroup::VeryDisadvantaged => "Lavoratore molto svantaggiato (senza lavoro da almeno 24 mesi)",
            TargetGroup::Disadvantaged => "Lavoratore svantaggiato (Reg. Reg.le 2/2009)",
            TargetGroup::NeverEmployed => "Inoccupato (D.Lgs 181/00)",
            TargetGroup::Unemployed => "Disoccupato (D.Lgs 181/00)",
        }
    }
}

/// The groups `facts` belong to on `today`, in precedence order: the first one decides the
/// durations column ([`primary_duration_group`]). T1 is listed only for people in the state
/// of unemployment (a DID or an unemployment start recorded); income-support recipients may
/// still be formally employed.
pub fn target_groups(facts: &PersonFacts, today: NaiveDate) -> Vec<TargetGroup> {
    let mut out = Vec::new();
    if facts.disability_l68 {
        out.push(TargetGroup::Disability);
    }
    if facts.is_adolescent_in_compulsory_education(today) {
        out.push(TargetGroup::Adolescent);
    }
    if facts.income_support {
        out.push(TargetGroup::IncomeSupport);
    }
    if is_very_disadvantaged(facts, today) {
        out.push(TargetGroup::VeryDisadvantaged);
    } else if !disadvantage_criteria(facts, today).is_empty() {
        out.push(TargetGroup::Disadvantaged);
    }
    if facts.unemployment_start().is_some() {
        out.push(if facts.never_employed { TargetGroup::NeverEmployed } else { TargetGroup::Unemployed });
    }
    out
}

/// The durations column for `facts` on `today`: T5 > T4 > T2 > T3 > T1 (see the module
/// documentation for why), T1 when no group applies.
pub fn primary_duration_group(facts: &PersonFacts, today: NaiveDate) -> DurationGroup {
    target_groups(facts, today).first().map_or(DurationGroup::T1, |g| g.duration_group())
}

/// Standard minutes of service `service_code` ("B1", case-insensitive) for this person, from
/// the column of [`primary_duration_group`]. `None` for an unknown code or an empty cell of
/// that column. Employers' services (F, G) give the employers' duration whoever asks.
pub fn standard_minutes(service_code: &str, facts: &PersonFacts, today: NaiveDate) -> Option<u32> {
    let service = catalogue().get(service_code)?;
    let group = match service.audience {
        Audience::Employers => DurationGroup::Employers,
        Audience::Citizens => primary_duration_group(facts, today),
    };
    service.duration_for(group)
}

/// Why a person gets the 4-month or the 6-month PAI clock (D1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PaiCategory {
    /// Under 18.
    Adolescent,
    /// 18 to 25.
    Young,
    /// 26 to 29 with a university degree.
    YoungGraduate,
    /// A woman of any other age.
    Woman,
    /// Everyone else at risk of long-term unemployment.
    Other,
}

impl PaiCategory {
    /// Months from the start of unemployment to the active-policy proposal.
    pub fn months(self) -> u32 {
        match self {
            PaiCategory::Other => PAI_LONG_MONTHS,
            _ => PAI_SHORT_MONTHS,
        }
    }

    /// Italian label, e.g. "Giovane laureato (fino a 29 anni)".
    pub fn label_it(self) -> &'static str {
        match self {
            PaiCategory::Adolescent => "Adolescente (meno di 18 anni)",
            PaiCategory::Young => "Giovane (fino a 25 anni)",
            PaiCategory::YoungGraduate => "Giovane laureato (fino a 29 anni)",
            PaiCategory::Woman => "Donna",
            PaiCategory::Other => "Altri soggetti a rischio di disoccupazione di lunga durata",
        }
    }
}

/// The PAI category of `facts`, with the age taken on `at` (the start of unemployment, so a
/// birthday during the clock does not move the deadline).
///
/// Every woman gets 4 months. The law says "donne in cerca di reinserimento lavorativo"
/// (D.Lgs 181/2000 art. 3), a narrower set; the 4-month clock is compliant for all women,
/// while 6 months would be late for those re-entering, so the shorter one is the safe reading.
pub fn pai_category(facts: &PersonFacts, at: NaiveDate) -> PaiCategory {
    let age = facts.age_on(at);
    if age < ADOLESCENT_UNDER_AGE {
        PaiCategory::Adolescent
    } else if age <= YOUNG_MAX_AGE {
        PaiCategory::Young
    } else if facts.has_degree && age <= YOUNG_GRADUATE_MAX_AGE {
        PaiCategory::YoungGraduate
    } else if facts.sex == Sex::Female {
        PaiCategory::Woman
    } else {
        PaiCategory::Other
    }
}

/// The kinds of deadline on the worklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DeadlineKind {
    /// A DID declared at a totem waits for an operator: [`TOTEM_DID_CONFIRMATION_WORKING_DAYS`].
    TotemDidConfirmation,
    /// B1: orientation interview within 2 months of the DID.
    OrientationInterview,
    /// D1: active-policy proposal (PAI) within 4 or 6 months of the start of unemployment.
    PaiProposal,
    /// G1: profiles to the company within 5 working days of its request.
    PreselectionProfiles,
    /// Promotion: phone call within 7 working days of the presentation letter.
    PromotionCall,
}

impl DeadlineKind {
    /// All kinds, in tie-break priority order.
    pub const ALL: [DeadlineKind; 5] = [
        DeadlineKind::TotemDidConfirmation,
        DeadlineKind::OrientationInterview,
        DeadlineKind::PaiProposal,
        DeadlineKind::PreselectionProfiles,
        DeadlineKind::PromotionCall,
    ];

    /// Which of two deadlines due the same day comes first (lower first). The DID
    /// confirmation gates B1 and D1; citizens' legal limits (D.Lgs 181/2000) come before the
    /// Masterplan's service standards for companies; a company waiting for profiles comes
    /// before a call the CPI starts itself.
    pub fn priority(self) -> u8 {
        match self {
            DeadlineKind::TotemDidConfirmation => 0,
            DeadlineKind::OrientationInterview => 1,
            DeadlineKind::PaiProposal => 2,
            DeadlineKind::PreselectionProfiles => 3,
            DeadlineKind::PromotionCall => 4,
        }
    }

    /// The service the deadline belongs to: A4 (DID), B1, D1, G1, F1 (promotion leads to
    /// reception, indicator F.1.2).
    pub fn service(self) -> ServiceCode {
        let code = match self {
            DeadlineKind::TotemDidConfirmation => "A4",
            DeadlineKind::OrientationInterview => "B1",
            DeadlineKind::PaiProposal => "D1",
            DeadlineKind::PreselectionProfiles => "G1",
            DeadlineKind::PromotionCall => "F1",
        };
        ServiceCode::parse(code).unwrap_or_else(|| unreachable!("{code} is a valid code"))
    }

    /// Italian label for the worklist.
    pub fn label_it(self) -> &'static str {
        match self {
            DeadlineKind::TotemDidConfirmation => "Conferma DID presentata al totem",
            DeadlineKind::OrientationInterview => "Colloquio di orientamento",
            DeadlineKind::PaiProposal => "Proposta di politica attiva (PAI)",
            DeadlineKind::PreselectionProfiles => "Invio profili all'azienda",
            DeadlineKind::PromotionCall => "Telefonata dopo la lettera di presentazione",
        }
    }

    /// The rule in Italian, e.g. "entro 2 mesi dalla DID".
    pub fn rule_it(self) -> &'static str {
        match self {
            DeadlineKind::TotemDidConfirmation => "entro 2 giorni lavorativi dalla dichiarazione al totem",
            DeadlineKind::OrientationInterview => "entro 2 mesi dalla DID",
            DeadlineKind::PaiProposal => {
                "entro 4 mesi (adolescenti, giovani, donne) o 6 mesi dall'inizio della disoccupazione"
            }
            DeadlineKind::PreselectionProfiles => "entro 5 giorni lavorativi dalla richiesta, salvo diverso accordo",
            DeadlineKind::PromotionCall => "entro 7 giorni lavorativi dall'invio della lettera",
        }
    }
}

/// A running deadline: what, for which service, when the clock started and when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The last day on which the act is on time (already moved off closed days).
    pub due: NaiveDate,
    /// The day the clock started (DID, start of unemployment, request, letter).
    pub started: NaiveDate,
    pub service: ServiceCode,
}

impl Deadline {
    /// A deadline of `kind`, with the kind's service.
    pub fn new(kind: DeadlineKind, started: NaiveDate, due: NaiveDate) -> Self {
        Deadline { kind, due, started, service: kind.service() }
    }
}

/// `start` + `months` (clamped to the month's end), moved to the next working day if the CPI
/// is closed then (art. 2963 c.c.).
pub fn months_deadline(start: NaiveDate, months: u32, cal: &WorkingCalendar) -> NaiveDate {
    cal.next_working_day_from(add_months(start, months_i32(months)))
}

/// The `n`-th working day after `start` (`start` not counted).
pub fn working_days_deadline(start: NaiveDate, n: u32, cal: &WorkingCalendar) -> NaiveDate {
    cal.add_working_days(start, i32::try_from(n).unwrap_or(i32::MAX))
}

/// B1: orientation interview within 2 months of the DID.
pub fn orientation_interview_deadline(did_date: NaiveDate, cal: &WorkingCalendar) -> Deadline {
    let due = months_deadline(did_date, ORIENTATION_INTERVIEW_MONTHS, cal);
    Deadline::new(DeadlineKind::OrientationInterview, did_date, due)
}

/// D1: active-policy proposal 4 or 6 months ([`pai_category`]) after the start of
/// unemployment. `None` without a DID or unemployment start.
pub fn pai_proposal_deadline(facts: &PersonFacts, cal: &WorkingCalendar) -> Option<Deadline> {
    let start = facts.unemployment_start()?;
    let due = months_deadline(start, pai_category(facts, start).months(), cal);
    Some(Deadline::new(DeadlineKind::PaiProposal, start, due))
}

/// A DID declared at a totem on `declared_on`, to be confirmed by an operator.
pub fn totem_did_confirmation_deadline(declared_on: NaiveDate, cal: &WorkingCalendar) -> Deadline {
    let due = working_days_deadline(declared_on, TOTEM_DID_CONFIRMATION_WORKING_DAYS, cal);
    Deadline::new(DeadlineKind::TotemDidConfirmation, declared_on, due)
}

/// G1: profiles within 5 working days of the company's request, or within the working days
/// agreed with the company ("salvo diverso accordo con l'azienda").
pub fn preselection_deadline(
    requested_on: NaiveDate,
    agreed_working_days: Option<u32>,
    cal: &WorkingCalendar,
) -> Deadline {
    let n = agreed_working_days.unwrap_or(PRESELECTION_WORKING_DAYS);
    Deadline::new(DeadlineKind::PreselectionProfiles, requested_on, working_days_deadline(requested_on, n, cal))
}

/// Promotion: phone the company within 7 working days of sending the letter.
pub fn promotion_call_deadline(letter_sent_on: NaiveDate, cal: &WorkingCalendar) -> Deadline {
    let due = working_days_deadline(letter_sent_on, PROMOTION_CALL_WORKING_DAYS, cal);
    Deadline::new(DeadlineKind::PromotionCall, letter_sent_on, due)
}

/// The citizen's deadlines that follow from the recorded dates: B1 from the DID and D1 from
/// the start of unemployment. Whether they are already met is for the caller to filter.
pub fn citizen_deadlines(facts: &PersonFacts, cal: &WorkingCalendar) -> Vec<Deadline> {
    let b1 = facts.did_date.map(|did| orientation_interview_deadline(did, cal));
    b1.into_iter().chain(pai_proposal_deadline(facts, cal)).collect()
}

/// Where a deadline stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeadlineStatus {
    /// Past due: working days from the due day to the next opening (today if open), at least 1.
    Overdue { working_days_late: u32 },
    /// Due today.
    DueToday,
    /// Due within [`DUE_SOON_WORKING_DAYS`] working days.
    DueSoon { working_days_left: u32 },
    /// Due later.
    Open { working_days_left: u32 },
}

impl DeadlineStatus {
    /// Short Italian label, e.g. "Scaduta".
    pub fn label_it(self) -> &'static str {
        match self {
            DeadlineStatus::Overdue { .. } => "Scaduta",
            DeadlineStatus::DueToday => "Scade oggi",
            DeadlineStatus::DueSoon { .. } => "In scadenza",
            DeadlineStatus::Open { .. } => "Nei termini",
        }
    }

    /// Italian description, e.g. "in ritardo di 3 giorni lavorativi".
    pub fn describe_it(self) -> String {
        let days = |n: u32| if n == 1 { "1 giorno lavorativo".to_string() } else { format!("{n} giorni lavorativi") };
        match self {
            DeadlineStatus::Overdue { working_days_late } => format!("in ritardo di {}", days(working_days_late)),
            DeadlineStatus::DueToday => "scade oggi".to_string(),
            DeadlineStatus::DueSoon { working_days_left } | DeadlineStatus::Open { working_days_left } => {
                format!("mancano {}", days(working_days_left))
            }
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, DeadlineStatus::Overdue { .. })
    }
}

fn days_u32(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The day a deadline really ends: its due day, or the next working day if the CPI is closed
/// then (the deadline functions never produce such a day, but stored data may hold one).
fn effective_due(deadline: &Deadline, cal: &WorkingCalendar) -> NaiveDate {
    cal.next_working_day_from(deadline.due)
}

/// Where `deadline` stands on `today` for an office with calendar `cal`. On a closed day the
/// lateness is counted up to the next opening: after a Friday deadline, Saturday and Monday
/// both say 1 working day late.
pub fn status(deadline: &Deadline, today: NaiveDate, cal: &WorkingCalendar) -> DeadlineStatus {
    let due = effective_due(deadline, cal);
    match due.cmp(&today) {
        Ordering::Equal => DeadlineStatus::DueToday,
        Ordering::Less => {
            let late = cal.working_days_between(due, cal.next_working_day_from(today));
            DeadlineStatus::Overdue { working_days_late: days_u32(late) }
        }
        Ordering::Greater => {
            let left = days_u32(cal.working_days_between(today, due));
            if left <= DUE_SOON_WORKING_DAYS {
                DeadlineStatus::DueSoon { working_days_left: left }
            } else {
                DeadlineStatus::Open { working_days_left: left }
            }
        }
    }
}

/// One line of the operators' worklist.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorklistItem {
    /// The person's (or, for G1 and promotion calls, the company's) reference in the CPI's
    /// documents; never personal data.
    pub person_ref: String,
    pub deadline: Deadline,
}

type WorklistKey<'a> = (NaiveDate, u8, &'a str, NaiveDate, NaiveDate, ServiceCode);

fn worklist_key<'a>(item: &'a WorklistItem, cal: &WorkingCalendar) -> WorklistKey<'a> {
    let d = &item.deadline;
    (effective_due(d, cal), d.kind.priority(), &item.person_ref, d.due, d.started, d.service)
}

/// The worklist order of two items: effective due day, then kind priority, then person_ref,
/// then the remaining fields, so only equal items compare equal.
pub fn compare_worklist_items(a: &WorklistItem, b: &WorklistItem, cal: &WorkingCalendar) -> Ordering {
    worklist_key(a, cal).cmp(&worklist_key(b, cal))
}

/// Sorts the worklist: overdue first (most late first), then due today, then by due day;
/// ties by kind priority ([`DeadlineKind::priority`]) and `person_ref`.
///
/// Sorting by the effective due day gives exactly that order on every day, because lateness
/// only grows as the due day gets earlier; so the order does not depend on today and the list
/// does not reshuffle overnight (only the statuses change). The order is total: shuffled
/// input always gives the same output.
pub fn order_worklist(items: &mut [WorklistItem], cal: &WorkingCalendar) {
    items.sort_by(|a, b| compare_worklist_items(a, b, cal));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpi::cpi_by_slug;
    use chrono::Days;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn bari(years: std::ops::RangeInclusive<i32>) -> WorkingCalendar {
        WorkingCalendar::for_cpi(cpi_by_slug("bari").unwrap(), years)
    }

    /// The "today" of most tests: Monday 15 June 2026.
    fn today() -> NaiveDate {
        date(2026, 6, 15)
    }

    /// Someone aged `age` on today() (birthday on 1 January).
    fn person(age: i32, sex: Sex) -> PersonFacts {
        PersonFacts::new(date(2026 - age, 1, 1), sex)
    }

    #[test]
    fn age_counts_completed_years() {
        let born = date(2000, 6, 15);
        assert_eq!(age_on(born, date(2026, 6, 14)), 25);
        assert_eq!(age_on(born, date(2026, 6, 15)), 26);
        assert_eq!(age_on(born, date(1999, 1, 1)), 0);
        let leap = date(2004, 2, 29);
        assert_eq!(age_on(leap, date(2022, 2, 28)), 17);
        assert_eq!(age_on(leap, date(2022, 3, 1)), 18);
        assert_eq!(age_on(leap, date(2024, 2, 29)), 20);
    }

    #[test]
    fn plain_unemployed_is_t1() {
        let mut p = person(35, Sex::Male);
        p.has_upper_secondary_diploma = true;
        assert_eq!(primary_duration_group(&p, today()), DurationGroup::T1);
        assert!(target_groups(&p, today()).is_empty());
        p.did_date = Some(date(2026, 5, 1));
        assert_eq!(target_groups(&p, today()), [TargetGroup::Unemployed]);
        p.never_employed = true;
        assert_eq!(target_groups(&p, today()), [TargetGroup::NeverEmployed]);
        assert_eq!(primary_duration_group(&p, today()), DurationGroup::T1);
    }

    #[test]
    fn precedence_t5_t4_t2_t3_t1() {
        // A 16-year-old in diritto-dovere with a disability, on income support (in a family
        // measure), without diploma, unemployed for 2 years: every group applies.
        let mut p = person(16, Sex::Female);
        p.did_date = Some(date(2024, 1, 10));
        p.disability_l68 = true;
        p.in_compulsory_education = true;
        p.income_support = true;
        let groups = target_groups(&p, today());
        assert_eq!(
            groups,
            [
                TargetGroup::Disability,
                TargetGroup::Adolescent,
                TargetGroup::IncomeSupport,
                TargetGroup::VeryDisadvantaged,
                TargetGroup::Unemployed
            ]
        );
        assert_eq!(primary_duration_group(&p, today()), DurationGroup::T5);
        p.disability_l68 = false;
        assert_eq!(primary_duration_group(&p, today()), DurationGroup::T4);
        p.in_compulsory_education = false;
        assert_eq!(primary_duration_group(&p, today()), DurationGroup::T2);
        p.income_support = false;
        assert_eq!(primary_duration_group(&p, today()), DurationGroup::T3);
        p.did_date = Some(date(2026, 6, 1));
        p.has_upper_secondary_diploma = true;
        assert_eq!(target_groups(&p, today()), [TargetGroup::Unemployed]);
        assert_eq!(primary_duration_group(&p, today()), DurationGroup::T1);
    }

    #[test]
    fn adolescent_group_ends_at_eighteen() {
        let mut p = PersonFacts::new(date(2008, 6, 16), Sex::Male);
        p.in_compulsory_education = true;
        p.has_upper_secondary_diploma = true;
        assert_eq!(primary_duration_group(&p, date(2026, 6, 15)), DurationGroup::T4);
        // The 18th birthday ends diritto-dovere even if the flag was not cleared.
        assert_eq!(primary_duration_group(&p, date(2026, 6, 16)), DurationGroup::T1);
    }

    #[test]
    fn disadvantage_criteria_of_reg_2_2009() {
        let mut p = person(50, Sex::Female);
        assert_eq!(
            disadvantage_criteria(&p, today()),
            [DisadvantageCriterion::NoUpperSecondaryDiploma, DisadvantageCriterion::Over50]
        );
        p.has_degree = true; // a degree implies the diploma
        p.lives_alone_with_dependants = true;
        p.underrepresented_gender = true;
        p.national_minority = true;
        p.did_date = Some(date(2025, 12, 15));
        assert_eq!(
            disadvantage_criteria(&p, today()),
            [
                DisadvantageCriterion::JoblessSixMonths,
                DisadvantageCriterion::Over50,
                DisadvantageCriterion::LivesAloneWithDependants,
                DisadvantageCriterion::UnderrepresentedGender,
                DisadvantageCriterion::NationalMinority
            ]
        );
        let letters: String = DisadvantageCriterion::ALL.iter().map(|c| c.letter()).collect();
        assert_eq!(letters, "abcdef");
        assert!(DisadvantageCriterion::ALL.iter().all(|c| !c.label_it().is_empty()));
    }

    #[test]
    fn jobless_six_and_twenty_four_months_on_the_day() {
        let mut p = person(40, Sex::Male);
        p.has_upper_secondary_diploma = true;
        p.unemployed_since = Some(date(2025, 12, 16));
        p.did_date = Some(date(2026, 3, 1)); // the explicit start wins over the DID
        assert!(!disadvantage_criteria(&p, today()).contains(&DisadvantageCriterion::JoblessSixMonths));
        assert!(disadvantage_criteria(&p, date(2026, 6, 16)).contains(&DisadvantageCriterion::JoblessSixMonths));
        assert_eq!(primary_duration_group(&p, date(2026, 6, 16)), DurationGroup::T3);
        assert!(!is_very_disadvantaged(&p, date(2027, 12, 15)));
        assert!(is_very_disadvantaged(&p, date(2027, 12, 16)));
        let groups = target_groups(&p, date(2027, 12, 16));
        assert_eq!(groups, [TargetGroup::VeryDisadvantaged, TargetGroup::Unemployed]);
    }

    #[test]
    fn over_fifty_from_the_fiftieth_birthday() {
        let mut p = PersonFacts::new(date(1976, 6, 16), Sex::Male);
        p.has_upper_secondary_diploma = true;
        assert_eq!(primary_duration_group(&p, date(2026, 6, 15)), DurationGroup::T1);
        assert_eq!(primary_duration_group(&p, date(2026, 6, 16)), DurationGroup::T3);
    }

    #[test]
    fn standard_minutes_follow_the_primary_column() {
        let mut p = person(30, Sex::Male);
        p.has_upper_secondary_diploma = true;
        p.did_date = Some(date(2026, 6, 1));
        assert_eq!(standard_minutes("B1", &p, today()), Some(60));
        assert_eq!(standard_minutes("d2", &p, today()), Some(120));
        p.has_upper_secondary_diploma = false; // T3
        assert_eq!(standard_minutes("B1", &p, today()), Some(75));
        p.income_support = true; // T2: B1 is inside A1's 120 minutes, not borrowed from T3
        assert_eq!(standard_minutes("A1", &p, today()), Some(120));
        assert_eq!(standard_minutes("B1", &p, today()), None);
        assert_eq!(standard_minutes("D2", &p, today()), Some(465));
        p.disability_l68 = true; // T5
        assert_eq!(standard_minutes("E1", &p, today()), Some(120));
        assert_eq!(standard_minutes("D1", &p, today()), None);
        // Employers' services do not depend on the person; unknown codes give nothing.
        assert_eq!(standard_minutes("G1", &p, today()), Some(180));
        assert_eq!(standard_minutes("Z9", &p, today()), None);
        let mut teen = person(16, Sex::Female);
        teen.in_compulsory_education = true;
        assert_eq!(standard_minutes("B1", &teen, today()), Some(90));
    }

    fn pai_due(p: &PersonFacts) -> NaiveDate {
        pai_proposal_deadline(p, &WorkingCalendar::national()).unwrap().due
    }

    #[test]
    fn pai_four_or_six_months() {
        let start = date(2026, 3, 10);
        let with_start = |mut p: PersonFacts| {
            p.unemployed_since = Some(start);
            p
        };
        // Ages are taken on the start day: person(age) has its birthday on 1 January.
        let man22 = with_start(person(22, Sex::Male));
        assert_eq!(pai_category(&man22, start), PaiCategory::Young);
        assert_eq!(pai_due(&man22), date(2026, 7, 10));
        let woman40 = with_start(person(40, Sex::Female));
        assert_eq!(pai_category(&woman40, start), PaiCategory::Woman);
        assert_eq!(pai_due(&woman40), date(2026, 7, 10));
        let man45 = with_start(person(45, Sex::Male));
        assert_eq!(pai_category(&man45, start), PaiCategory::Other);
        assert_eq!(pai_due(&man45), date(2026, 9, 10));
        let mut graduate28 = with_start(person(28, Sex::Male));
        assert_eq!(pai_due(&graduate28), date(2026, 9, 10));
        graduate28.has_degree = true;
        assert_eq!(pai_category(&graduate28, start), PaiCategory::YoungGraduate);
        assert_eq!(pai_due(&graduate28), date(2026, 7, 10));
        let teen = with_start(person(17, Sex::Male));
        assert_eq!(pai_category(&teen, start), PaiCategory::Adolescent);
        assert_eq!(pai_due(&teen), date(2026, 7, 10));
        let d = pai_proposal_deadline(&man45, &WorkingCalendar::national()).unwrap();
        assert_eq!((d.kind, d.started, d.service.as_str()), (DeadlineKind::PaiProposal, start, "D1"));
    }

    #[test]
    fn pai_age_limits_are_inclusive_and_fixed_at_the_start() {
        let start = date(2026, 3, 10);
        // 25 until the day before the 26th birthday.
        let mut p = PersonFacts::new(date(2000, 3, 11), Sex::Male);
        assert_eq!(pai_category(&p, start), PaiCategory::Young);
        p.birth_date = date(2000, 3, 10);
        assert_eq!(pai_category(&p, start), PaiCategory::Other);
        p.has_degree = true;
        assert_eq!(pai_category(&p, start), PaiCategory::YoungGraduate);
        p.birth_date = date(1996, 3, 10); // 30 today
        assert_eq!(pai_category(&p, start), PaiCategory::Other);
        // Turning 26 during the clock does not move the deadline.
        let mut q = PersonFacts::new(date(2000, 4, 1), Sex::Male);
        q.did_date = Some(start);
        assert_eq!(pai_due(&q), date(2026, 7, 10));
        assert!(pai_proposal_deadline(&PersonFacts::new(date(2000, 4, 1), Sex::Male), &bari(2026..=2026)).is_none());
    }

    #[test]
    fn pai_clamps_to_month_end_then_skips_closed_days() {
        let mut p = person(45, Sex::Female);
        p.unemployed_since = Some(date(2026, 10, 31));
        // 31 Oct + 4 months = 28 Feb 2027, a Sunday -> Monday 1 March.
        assert_eq!(pai_due(&p), date(2027, 3, 1));
    }

    #[test]
    fn b1_two_months_onto_bari_patron_sunday() {
        let cal = bari(2026..=2027);
        // DID on Tue 6 Oct 2026: 6 Dec is a Sunday and San Nicola -> Mon 7 Dec.
        let d = orientation_interview_deadline(date(2026, 10, 6), &cal);
        assert_eq!(d.due, date(2026, 12, 7));
        assert_eq!(
            (d.kind, d.started, d.service.as_str()),
            (DeadlineKind::OrientationInterview, date(2026, 10, 6), "B1")
        );
        // In 2027 San Nicola is a Monday: closed in Bari, open in Taranto.
        assert_eq!(orientation_interview_deadline(date(2027, 10, 6), &cal).due, date(2027, 12, 7));
        let taranto = WorkingCalendar::for_cpi(cpi_by_slug("taranto").unwrap(), 2027..=2027);
        assert_eq!(orientation_interview_deadline(date(2027, 10, 6), &taranto).due, date(2027, 12, 6));
    }

    #[test]
    fn b1_two_months_onto_immacolata() {
        let cal = bari(2025..=2027);
        // 8 Dec 2026 is a Tuesday, Immacolata -> Wed 9 Dec.
        assert_eq!(orientation_interview_deadline(date(2026, 10, 8), &cal).due, date(2026, 12, 9));
        // 2025 chains every closure: Sat 6 (San Nicola), Sun 7, Mon 8 (Immacolata) -> Tue 9.
        assert_eq!(orientation_interview_deadline(date(2025, 10, 6), &cal).due, date(2025, 12, 9));
        // A clamped end: 31 Dec + 2 months = 28 Feb 2027 (Sunday) -> Mon 1 March.
        assert_eq!(orientation_interview_deadline(date(2026, 12, 31), &cal).due, date(2027, 3, 1));
        // Easter Monday 2026 (6 April): DID on 6 Feb 2026 -> Tue 7 April.
        assert_eq!(orientation_interview_deadline(date(2026, 2, 6), &cal).due, date(2026, 4, 7));
    }

    #[test]
    fn g1_five_working_days_across_christmas() {
        let cal = bari(2026..=2027);
        let g1 = |d| preselection_deadline(d, None, &cal).due;
        assert_eq!(g1(date(2026, 12, 22)), date(2026, 12, 30));
        assert_eq!(g1(date(2026, 12, 24)), date(2027, 1, 4));
        // A request arriving on Christmas Day counts from the next opening: 28-31 Dec, 4 Jan.
        assert_eq!(g1(date(2026, 12, 25)), date(2027, 1, 4));
        // San Nicola and Immacolata in Bari: Fri 3 Dec 2027 -> Tue 14 Dec.
        assert_eq!(g1(date(2027, 12, 3)), date(2027, 12, 14));
        // An agreed longer limit.
        assert_eq!(preselection_deadline(date(2026, 12, 22), Some(10), &cal).due, date(2027, 1, 8));
        let d = preselection_deadline(date(2026, 12, 22), None, &cal);
        assert_eq!((d.kind, d.service.as_str()), (DeadlineKind::PreselectionProfiles, "G1"));
    }

    #[test]
    fn promotion_call_and_totem_did() {
        let taranto = WorkingCalendar::for_cpi(cpi_by_slug("taranto").unwrap(), 2026..=2026);
        assert_eq!(promotion_call_deadline(date(2026, 4, 30), &taranto).due, date(2026, 5, 12));
        let cal = bari(2026..=2026);
        // Declared at a totem on Friday 4 Dec 2026: Mon 7 (1), Tue 8 Immacolata, Wed 9 (2).
        let d = totem_did_confirmation_deadline(date(2026, 12, 4), &cal);
        assert_eq!(d.due, date(2026, 12, 9));
        assert_eq!(d.service.as_str(), "A4");
        // Declared on a Saturday: Mon and Tue.
        assert_eq!(totem_did_confirmation_deadline(date(2026, 6, 13), &cal).due, date(2026, 6, 16));
    }

    #[test]
    fn citizen_deadlines_from_the_recorded_dates() {
        let cal = bari(2026..=2027);
        let mut p = person(45, Sex::Male);
        assert!(citizen_deadlines(&p, &cal).is_empty());
        p.did_date = Some(date(2026, 10, 6));
        let ds = citizen_deadlines(&p, &cal);
        assert_eq!(ds.len(), 2);
        assert_eq!((ds[0].kind, ds[0].due), (DeadlineKind::OrientationInterview, date(2026, 12, 7)));
        // 6 April 2027 is a Tuesday and open.
        assert_eq!((ds[1].kind, ds[1].due), (DeadlineKind::PaiProposal, date(2027, 4, 6)));
    }

    #[test]
    fn kinds_have_labels_services_and_distinct_priorities() {
        let mut priorities: Vec<u8> = DeadlineKind::ALL.iter().map(|k| k.priority()).collect();
        priorities.dedup();
        assert_eq!(priorities, [0, 1, 2, 3, 4]);
        for k in DeadlineKind::ALL {
            assert!(!k.label_it().is_empty() && k.rule_it().starts_with("entro"));
            assert!(catalogue().service(k.service()).is_some());
        }
        for g in TargetGroup::ALL {
            assert!(!g.label_it().is_empty());
        }
        let mut sorted = TargetGroup::ALL;
        sorted.sort();
        assert_eq!(sorted, TargetGroup::ALL);
    }

    #[test]
    fn status_around_the_due_day() {
        let cal = bari(2026..=2026);
        // Due Wednesday 9 Dec 2026.
        let d = Deadline::new(DeadlineKind::OrientationInterview, date(2026, 10, 8), date(2026, 12, 9));
        let at = |y, m, day| status(&d, date(y, m, day), &cal);
        assert_eq!(at(2026, 12, 9), DeadlineStatus::DueToday);
        assert_eq!(at(2026, 12, 10), DeadlineStatus::Overdue { working_days_late: 1 });
        // Sat 12 Dec: counted to Monday's opening.
        assert_eq!(at(2026, 12, 12), DeadlineStatus::Overdue { working_days_late: 3 });
        assert_eq!(at(2026, 12, 14), DeadlineStatus::Overdue { working_days_late: 3 });
        // Fri 4 Dec: Mon 7 (1), Tue 8 closed, Wed 9 (2).
        assert_eq!(at(2026, 12, 4), DeadlineStatus::DueSoon { working_days_left: 2 });
        // Six working days before: 1, 2, 3, 4, 7, 9 December.
        assert_eq!(at(2026, 11, 30), DeadlineStatus::Open { working_days_left: 6 });
        assert_eq!(at(2026, 12, 1), DeadlineStatus::DueSoon { working_days_left: 5 });
        assert_eq!(at(2026, 12, 10).describe_it(), "in ritardo di 1 giorno lavorativo");
        assert_eq!(at(2026, 12, 4).describe_it(), "mancano 2 giorni lavorativi");
        assert_eq!(at(2026, 12, 9).label_it(), "Scade oggi");
    }

    #[test]
    fn status_of_a_due_day_stored_on_a_closed_day() {
        let cal = bari(2026..=2026);
        // Due on Sunday 6 Dec (San Nicola) counts as Monday 7.
        let d = Deadline::new(DeadlineKind::PaiProposal, date(2026, 6, 6), date(2026, 12, 6));
        assert_eq!(status(&d, date(2026, 12, 6), &cal), DeadlineStatus::DueSoon { working_days_left: 1 });
        assert_eq!(status(&d, date(2026, 12, 7), &cal), DeadlineStatus::DueToday);
        assert_eq!(status(&d, date(2026, 12, 9), &cal), DeadlineStatus::Overdue { working_days_late: 1 });
    }

    fn item(person: &str, kind: DeadlineKind, due: NaiveDate) -> WorklistItem {
        WorklistItem { person_ref: person.to_string(), deadline: Deadline::new(kind, date(2026, 1, 1), due) }
    }

    #[test]
    fn worklist_overdue_then_today_then_by_due_day() {
        let cal = bari(2026..=2026);
        let today = date(2026, 12, 9);
        let mut items = vec![
            item("p-open", DeadlineKind::PaiProposal, date(2027, 1, 20)),
            item("p-soon", DeadlineKind::OrientationInterview, date(2026, 12, 11)),
            item("p-today-b1", DeadlineKind::OrientationInterview, today),
            item("p-late1", DeadlineKind::PaiProposal, date(2026, 12, 7)),
            item("p-today-totem", DeadlineKind::TotemDidConfirmation, today),
            item("p-late4", DeadlineKind::PromotionCall, date(2026, 12, 2)),
            item("a-today-b1", DeadlineKind::OrientationInterview, today),
        ];
        order_worklist(&mut items, &cal);
        let refs: Vec<&str> = items.iter().map(|i| i.person_ref.as_str()).collect();
        assert_eq!(refs, ["p-late4", "p-late1", "p-today-totem", "a-today-b1", "p-today-b1", "p-soon", "p-open"]);
        let statuses: Vec<DeadlineStatus> = items.iter().map(|i| status(&i.deadline, today, &cal)).collect();
        assert_eq!(statuses[0], DeadlineStatus::Overdue { working_days_late: 4 });
        assert_eq!(statuses[1], DeadlineStatus::Overdue { working_days_late: 1 });
        assert_eq!(statuses[2], DeadlineStatus::DueToday);
        assert!(matches!(statuses[6], DeadlineStatus::Open { .. }));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..900).prop_map(|d| date(2025, 6, 1) + Days::new(d))
    }

    fn any_facts() -> impl Strategy<Value = PersonFacts> {
        (
            (0u64..30_000, any::<bool>(), proptest::option::of(any_date()), proptest::option::of(any_date())),
            proptest::collection::vec(any::<bool>(), 10),
        )
            .prop_map(|((born, female, did, since), f)| PersonFacts {
                birth_date: date(1950, 1, 1) + Days::new(born),
                sex: if female { Sex::Female } else { Sex::Male },
                did_date: did,
                unemployed_since: since,
                never_employed: f[0],
                income_support: f[1],
                disability_l68: f[2],
                in_compulsory_education: f[3],
                has_upper_secondary_diploma: f[4],
                has_degree: f[5],
                lives_alone_with_dependants: f[6],
                underrepresented_gender: f[7],
                national_minority: f[8],
            })
    }

    fn any_item() -> impl Strategy<Value = WorklistItem> {
        (0usize..3, 0usize..5, any_date(), any_date()).prop_map(|(p, k, started, due)| WorklistItem {
            person_ref: ["p1", "p2", "p3"][p].to_string(),
            deadline: Deadline::new(DeadlineKind::ALL[k], started, due),
        })
    }

    fn rank(s: DeadlineStatus) -> (u8, i64) {
        match s {
            DeadlineStatus::Overdue { working_days_late } => (0, -i64::from(working_days_late)),
            DeadlineStatus::DueToday => (1, 0),
            DeadlineStatus::DueSoon { working_days_left } | DeadlineStatus::Open { working_days_left } => {
                (2, i64::from(working_days_left))
            }
        }
    }

    proptest! {
        #[test]
        fn primary_group_is_the_first_listed(facts in any_facts(), today in any_date()) {
            let groups = target_groups(&facts, today);
            let primary = primary_duration_group(&facts, today);
            prop_assert_eq!(primary, groups.first().map_or(DurationGroup::T1, |g| g.duration_group()));
            // Listed in precedence order, without duplicates.
            prop_assert!(groups.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(!(groups.contains(&TargetGroup::Disadvantaged) && groups.contains(&TargetGroup::VeryDisadvantaged)));
            if facts.disability_l68 {
                prop_assert_eq!(primary, DurationGroup::T5);
            } else if facts.income_support && !groups.contains(&TargetGroup::Adolescent) {
                prop_assert_eq!(primary, DurationGroup::T2);
            }
        }

        #[test]
        fn pai_months_follow_age_and_sex(facts in any_facts()) {
            if let Some(d) = pai_proposal_deadline(&facts, &WorkingCalendar::national()) {
                let start = facts.unemployment_start().unwrap();
                let short = facts.sex == Sex::Female || facts.age_on(start) <= YOUNG_MAX_AGE
                    || (facts.has_degree && facts.age_on(start) <= YOUNG_GRADUATE_MAX_AGE);
                let months = if short { 4 } else { 6 };
                prop_assert_eq!(d.due, months_deadline(start, months, &WorkingCalendar::national()));
            }
        }

        #[test]
        fn month_deadlines_land_on_the_first_open_day(start in any_date(), months in 1u32..8) {
            let cal = bari(2025..=2028);
            let nominal = add_months(start, months_i32(months));
            let due = months_deadline(start, months, &cal);
            prop_assert!(cal.is_working_day(due));
            prop_assert!(due >= nominal);
            prop_assert!(nominal.iter_days().take_while(|d| *d < due).all(|d| !cal.is_working_day(d)));
        }

        #[test]
        fn working_day_deadlines_count_exactly(start in any_date(), n in 1u32..12) {
            let cal = bari(2025..=2028);
            let due = working_days_deadline(start, n, &cal);
            prop_assert_eq!(cal.working_days_between(start, due), i64::from(n));
            prop_assert!(cal.is_working_day(due));
        }

        #[test]
        fn worklist_order_is_total_and_deterministic(
            (items, shuffled) in proptest::collection::vec(any_item(), 0..24)
                .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
            today in any_date(),
        ) {
            let cal = bari(2025..=2028);
            let mut a = items;
            let mut b = shuffled;
            order_worklist(&mut a, &cal);
            order_worklist(&mut b, &cal);
            prop_assert_eq!(&a, &b);
            // Overdue first (most late first), then due today, then fewest days left first.
            let ranks: Vec<(u8, i64)> = a.iter().map(|i| rank(status(&i.deadline, today, &cal))).collect();
            prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
            for x in &a {
                for y in &a {
                    let xy = compare_worklist_items(x, y, &cal);
                    prop_assert_eq!(xy, compare_worklist_items(y, x, &cal).reverse());
                    prop_assert_eq!(xy == Ordering::Equal, x == y);
                }
            }
        }
    }
}
