//! A citizen's dossier: one document per person, private to the operators of the person's
//! CPI. Its sections follow the scheda anagrafica professionale (SAP); the pathway is a
//! timeline of steps, and every service delivered is recorded with its actual minutes.
//!
//! Texts are `TextField`s so two operators editing the same field offline both keep their
//! characters; list items carry an `id` key so concurrent additions never overwrite each
//! other.

use super::{Label, TextField};
use crate::codice_fiscale::{CodiceFiscale, Sex};
use crate::pathway::{DeadlineKind, PersonFacts};
use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use std::collections::HashMap;

pub const DOSSIER_SCHEMA: u64 = 1;
/// The value of the root `kind` key, which lets the relay tell dossiers apart without
/// reading the rest (the audit log covers dossiers only).
pub const DOSSIER_KIND: &str = "dossier";

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Dossier {
    pub schema: u64,
    pub kind: Label,
    /// The CPI the person belongs to (by residence).
    pub cpi: Label,
    pub personal: Personal,
    #[autosurgeon(missing = "Default::default")]
    pub card: HealthCard,
    #[autosurgeon(missing = "Default::default")]
    pub status: AdminStatus,
    #[autosurgeon(missing = "Default::default")]
    pub facts: Facts,
    #[autosurgeon(missing = "Default::default")]
    pub contacts: Contacts,
    #[autosurgeon(missing = "Default::default")]
    pub education: Vec<Education>,
    #[autosurgeon(missing = "Default::default")]
    pub experience: Vec<Experience>,
    #[autosurgeon(missing = "Default::default")]
    pub cv: Cv,
    #[autosurgeon(missing = "Default::default")]
    pub steps: Vec<Step>,
    #[autosurgeon(missing = "Default::default")]
    pub pai_actions: Vec<PaiAction>,
    #[autosurgeon(missing = "Default::default")]
    pub services: Vec<ServiceRecord>,
    /// Certificates issued from this dossier (written by the relay, which signs them).
    #[autosurgeon(missing = "Default::default")]
    pub certificates: Vec<CertificateRecord>,
    /// Who each Automerge actor is ("Giulia Lorusso (operatore.bari)"), so the history can
    /// name the author of every change.
    #[autosurgeon(missing = "Default::default")]
    pub authors: HashMap<String, Label>,
}

/// SAP section 1: personal data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Personal {
    pub codice_fiscale: Label,
    pub surname: TextField,
    pub name: TextField,
    /// ISO date.
    pub birth_date: Label,
    /// "M" or "F", as in the codice fiscale.
    pub sex: Label,
    #[autosurgeon(missing = "Default::default")]
    pub birth_place: TextField,
    #[autosurgeon(missing = "Default::default")]
    pub citizenship: TextField,
    #[autosurgeon(missing = "Default::default")]
    pub residence: TextField,
}

/// The Tessera Sanitaria data the totem's second factor checks. The digits are never stored:
/// only a salted hash made by the relay.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct HealthCard {
    #[autosurgeon(missing = "Default::default")]
    pub digits_hash: Label,
    /// ISO date.
    #[autosurgeon(missing = "Default::default")]
    pub expiry: Label,
}

/// SAP section 2: administrative status.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct AdminStatus {
    /// One of [`EMPLOYMENT_STATUSES`].
    pub employment: Label,
    /// ISO date of the DID, empty if none.
    #[autosurgeon(missing = "Default::default")]
    pub did_date: Label,
    /// ISO date the state of unemployment began if earlier than the DID, else empty.
    #[autosurgeon(missing = "Default::default")]
    pub unemployed_since: Label,
}

pub const EMPLOYMENT_STATUSES: &[(&str, &str)] = &[
    ("disoccupato", "Disoccupato"),
    ("inoccupato", "Inoccupato (mai occupato)"),
    ("occupato", "Occupato"),
    ("sospeso", "Stato sospeso (lavoro breve)"),
    ("studente", "Studente"),
];

/// What decides the target groups (T1-T5) and the PAI clock. A fact is asked, never
/// defaulted: [`Facts::get`] is `None` until an operator answered it (a fact stored `true`
/// by an older version counts as answered).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Facts {
    pub income_support: bool,
    pub disability_l68: bool,
    pub in_compulsory_education: bool,
    pub upper_secondary_diploma: bool,
    pub degree: bool,
    pub lives_alone_with_dependants: bool,
    pub underrepresented_gender: bool,
    pub national_minority: bool,
    /// The facts answered, by [`Fact::code`] (a map, so two desks answering different facts
    /// offline both count).
    #[autosurgeon(missing = "Default::default")]
    pub answered: HashMap<String, bool>,
}

/// One of the [`Facts`], named by itself so a label, a checkbox or an index bit is tied to
/// the fact and never to a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    IncomeSupport,
    DisabilityL68,
    CompulsoryEducation,
    UpperSecondaryDiploma,
    Degree,
    LivesAloneWithDependants,
    UnderrepresentedGender,
    NationalMinority,
}

impl Fact {
    /// The stored name of the fact (the key of [`Facts::answered`]).
    pub fn code(self) -> &'static str {
        match self {
            Fact::IncomeSupport => "income_support",
            Fact::DisabilityL68 => "disability_l68",
            Fact::CompulsoryEducation => "in_compulsory_education",
            Fact::UpperSecondaryDiploma => "upper_secondary_diploma",
            Fact::Degree => "degree",
            Fact::LivesAloneWithDependants => "lives_alone_with_dependants",
            Fact::UnderrepresentedGender => "underrepresented_gender",
            Fact::NationalMinority => "national_minority",
        }
    }

    /// In the order the operators' form lists them.
    pub const ALL: [Fact; 8] = [
        Fact::IncomeSupport,
        Fact::DisabilityL68,
        Fact::CompulsoryEducation,
        Fact::UpperSecondaryDiploma,
        Fact::Degree,
        Fact::LivesAloneWithDependants,
        Fact::UnderrepresentedGender,
        Fact::NationalMinority,
    ];

    pub fn label_it(self) -> &'static str {
        match self {
            Fact::IncomeSupport => "Percettore di ammortizzatori sociali",
            Fact::DisabilityL68 => "Iscritto o iscrivibile L. 68/99 (disabilità)",
            Fact::CompulsoryEducation => "In diritto-dovere di istruzione e formazione",
            Fact::UpperSecondaryDiploma => "Diploma di scuola superiore o qualifica",
            Fact::Degree => "Laurea",
            Fact::LivesAloneWithDependants => "Adulto che vive solo con persone a carico",
            Fact::UnderrepresentedGender => "Genere sottorappresentato nel settore",
            Fact::NationalMinority => "Minoranza nazionale",
        }
    }
}

impl Facts {
    /// Copies the recorded facts into what the pathway rules read; a degree counts as an
    /// upper-secondary diploma too.
    pub fn apply_to(&self, facts: &mut PersonFacts) {
        facts.income_support = self.income_support;
        facts.disability_l68 = self.disability_l68;
        facts.in_compulsory_education = self.in_compulsory_education;
        facts.has_upper_secondary_diploma = self.upper_secondary_diploma || self.degree;
        facts.has_degree = self.degree;
        facts.lives_alone_with_dependants = self.lives_alone_with_dependants;
        facts.underrepresented_gender = self.underrepresented_gender;
        facts.national_minority = self.national_minority;
    }

    /// The answer recorded for `fact`, `None` while it was not asked.
    pub fn get(&self, fact: Fact) -> Option<bool> {
        let value = *self.field(fact);
        (value || self.answered.get(fact.code()).copied().unwrap_or(false)).then_some(value)
    }

    /// Whether `fact` is recorded as true (an unanswered fact is not).
    pub fn holds(&self, fact: Fact) -> bool {
        *self.field(fact)
    }

    /// Records the answer for `fact`.
    pub fn set(&mut self, fact: Fact, on: bool) {
        *self.field_mut(fact) = on;
        self.answered.insert(fact.code().to_owned(), true);
    }

    /// The facts not answered yet, in the form's order.
    pub fn unanswered(&self) -> Vec<Fact> {
        Fact::ALL.into_iter().filter(|f| self.get(*f).is_none()).collect()
    }

    fn field(&self, fact: Fact) -> &bool {
        match fact {
            Fact::IncomeSupport => &self.income_support,
            Fact::DisabilityL68 => &self.disability_l68,
            Fact::CompulsoryEducation => &self.in_compulsory_education,
            Fact::UpperSecondaryDiploma => &self.upper_secondary_diploma,
            Fact::Degree => &self.degree,
            Fact::LivesAloneWithDependants => &self.lives_alone_with_dependants,
            Fact::UnderrepresentedGender => &self.underrepresented_gender,
            Fact::NationalMinority => &self.national_minority,
        }
    }

    fn field_mut(&mut self, fact: Fact) -> &mut bool {
        match fact {
            Fact::IncomeSupport => &mut self.income_support,
            Fact::DisabilityL68 => &mut self.disability_l68,
            Fact::CompulsoryEducation => &mut self.in_compulsory_education,
            Fact::UpperSecondaryDiploma => &mut self.upper_secondary_diploma,
            Fact::Degree => &mut self.degree,
            Fact::LivesAloneWithDependants => &mut self.lives_alone_with_dependants,
            Fact::UnderrepresentedGender => &mut self.underrepresented_gender,
            Fact::NationalMinority => &mut self.national_minority,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Contacts {
    pub phone: TextField,
    pub email: TextField,
    pub address: TextField,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Education {
    #[key]
    pub id: Label,
    pub title: TextField,
    pub institute: TextField,
    pub year: Label,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Experience {
    #[key]
    pub id: Label,
    pub role: TextField,
    pub employer: TextField,
    /// CP2021 code of the profession, e.g. "5.1.2.2.0".
    pub profession: Label,
    pub from: Label,
    pub to: Label,
}

/// The CV: skills, languages and the professions sought (CP2021 codes).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Cv {
    pub skills: TextField,
    pub languages: TextField,
    pub professions: Vec<Label>,
    pub notes: TextField,
}

/// A step of the pathway, shown on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Step {
    #[key]
    pub id: Label,
    /// One of [`StepKind`]'s codes.
    pub kind: Label,
    /// ISO date the step happened (or is booked for, for appointments).
    pub date: Label,
    /// Username of the operator who recorded it ("totem" for declarations at a totem).
    pub operator: Label,
    #[autosurgeon(missing = "Default::default")]
    pub note: TextField,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// A4: declaration of immediate availability recorded.
    Did,
    /// A4: a DID declared at a totem, confirmed by an operator.
    DidConfirmed,
    /// B1: orientation interview held.
    Interview,
    /// B1: orientation interview booked (the date is the appointment).
    InterviewBooked,
    PdsProposed,
    PdsSigned,
    PdsRefused,
    /// D1: individual action plan proposed.
    Pai,
    /// D2: support measure offered.
    SupportOffered,
    /// D2: support measure taken up.
    SupportTaken,
    /// A2: referral to another service.
    Referral,
    /// E1: registration in the targeted-placement list (L. 68/99).
    L68Registration,
    /// E2-E5: list and ranking updates.
    L68Ranking,
}

impl StepKind {
    pub const ALL: [StepKind; 13] = [
        StepKind::Did,
        StepKind::DidConfirmed,
        StepKind::InterviewBooked,
        StepKind::Interview,
        StepKind::PdsProposed,
        StepKind::PdsSigned,
        StepKind::PdsRefused,
        StepKind::Pai,
        StepKind::SupportOffered,
        StepKind::SupportTaken,
        StepKind::Referral,
        StepKind::L68Registration,
        StepKind::L68Ranking,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StepKind::Did => "did",
            StepKind::DidConfirmed => "did_confirmed",
            StepKind::Interview => "interview",
            StepKind::InterviewBooked => "interview_booked",
            StepKind::PdsProposed => "pds_proposed",
            StepKind::PdsSigned => "pds_signed",
            StepKind::PdsRefused => "pds_refused",
            StepKind::Pai => "pai",
            StepKind::SupportOffered => "support_offered",
            StepKind::SupportTaken => "support_taken",
            StepKind::Referral => "referral",
            StepKind::L68Registration => "l68_registration",
            StepKind::L68Ranking => "l68_ranking",
        }
    }

    pub fn from_code(code: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The service of the charter the step belongs to.
    pub fn service(self) -> &'static str {
        match self {
            StepKind::Did | StepKind::DidConfirmed => "A4",
            StepKind::Interview | StepKind::InterviewBooked => "B1",
            StepKind::PdsProposed | StepKind::PdsSigned | StepKind::PdsRefused => "B2",
            StepKind::Pai => "D1",
            StepKind::SupportOffered | StepKind::SupportTaken => "D2",
            StepKind::Referral => "A2",
            StepKind::L68Registration => "E1",
            StepKind::L68Ranking => "E2",
        }
    }

    pub fn label_it(self) -> &'static str {
        match self {
            StepKind::Did => "DID registrata",
            StepKind::DidConfirmed => "DID dal totem confermata",
            StepKind::Interview => "Colloquio di orientamento svolto",
            StepKind::InterviewBooked => "Colloquio di orientamento prenotato",
            StepKind::PdsProposed => "Patto di servizio proposto",
            StepKind::PdsSigned => "Patto di servizio firmato",
            StepKind::PdsRefused => "Patto di servizio rifiutato",
            StepKind::Pai => "Piano di azione individuale proposto",
            StepKind::SupportOffered => "Misura di sostegno offerta",
            StepKind::SupportTaken => "Misura di sostegno attivata",
            StepKind::Referral => "Invio ad altro servizio",
            StepKind::L68Registration => "Iscrizione al collocamento mirato (L. 68/99)",
            StepKind::L68Ranking => "Aggiornamento elenco e graduatoria L. 68/99",
        }
    }
}

/// The longest service an operator may record, in minutes (a working day's morning and
/// afternoon).
pub const MAX_SERVICE_MINUTES: u64 = 600;

/// Why a step or a service cannot be recorded as typed, with the Italian message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryError {
    StepDateMissing,
    StepInTheFuture,
    ServiceDateMissingOrFuture,
    MinutesNotANumber,
    MinutesOutOfRange,
}

impl EntryError {
    pub fn message_it(self) -> &'static str {
        match self {
            EntryError::StepDateMissing => "Indica la data del passo.",
            EntryError::StepInTheFuture => "Un passo già svolto non può avere una data futura.",
            EntryError::ServiceDateMissingOrFuture => "Indica una data non futura.",
            EntryError::MinutesNotANumber => "Indica i minuti effettivi con un numero intero.",
            EntryError::MinutesOutOfRange => "I minuti devono essere tra 1 e 600.",
        }
    }
}

/// The date of a step typed as `text` (ISO): a step already happened, so it is never after
/// `today`, except a booked interview, whose date is the appointment.
pub fn step_date(kind: StepKind, text: &str, today: NaiveDate) -> Result<NaiveDate, EntryError> {
    let on = parse_date(text).ok_or(EntryError::StepDateMissing)?;
    if on > today && kind != StepKind::InterviewBooked {
        return Err(EntryError::StepInTheFuture);
    }
    Ok(on)
}

/// The actual minutes of a service as typed: a whole number from 1 to [`MAX_SERVICE_MINUTES`].
pub fn service_minutes(text: &str) -> Result<u64, EntryError> {
    let minutes = text.trim().parse::<u64>().map_err(|_| EntryError::MinutesNotANumber)?;
    if minutes == 0 || minutes > MAX_SERVICE_MINUTES {
        return Err(EntryError::MinutesOutOfRange);
    }
    Ok(minutes)
}

/// The date of a service delivered, typed as `text` (ISO): never after `today`.
pub fn service_date(text: &str, today: NaiveDate) -> Result<NaiveDate, EntryError> {
    parse_date(text).filter(|on| *on <= today).ok_or(EntryError::ServiceDateMissingOrFuture)
}

/// One action of the PAI, with who does it and by when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct PaiAction {
    #[key]
    pub id: Label,
    pub description: TextField,
    /// "cittadino", "cpi" or the name of a partner body.
    pub owner: TextField,
    /// ISO date.
    pub due: Label,
    pub done: bool,
}

/// A service delivered, with the minutes it really took.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct ServiceRecord {
    #[key]
    pub id: Label,
    /// Charter code, e.g. "B1".
    pub code: Label,
    /// ISO date.
    pub date: Label,
    /// Username of the operator.
    pub operator: Label,
    pub minutes: u64,
    #[autosurgeon(missing = "Default::default")]
    pub note: TextField,
}

/// A certificate issued from the dossier: the relay records it when it signs, and when an
/// operator revokes it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct CertificateRecord {
    #[key]
    pub number: Label,
    /// [`crate::certificate::CertificateKind`] code.
    pub kind: Label,
    /// ISO date and time, local time in Italy.
    pub issued_at: Label,
    /// "totem:<device>" or "operator:<username>".
    pub issued_by: Label,
    /// ISO date and time of the revocation, empty if valid.
    #[autosurgeon(missing = "Default::default")]
    pub revoked_at: Label,
    #[autosurgeon(missing = "Default::default")]
    pub revoked_by: Label,
}

/// Where the pathway stands, as the worklist needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Milestones {
    pub did: Option<NaiveDate>,
    pub interview: Option<NaiveDate>,
    pub pai: Option<NaiveDate>,
    pub pds_signed: Option<NaiveDate>,
}

/// A dossier needs a birth date and a sex, which neither the codice fiscale (provisional)
/// nor the form gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingBirthData;

impl Milestones {
    /// When the act that meets a deadline of the citizen's was done: the orientation
    /// interview meets B1, the PAI proposal meets D1. Other deadlines are not met by a
    /// milestone of the dossier.
    pub fn met_on(&self, kind: DeadlineKind) -> Option<NaiveDate> {
        match kind {
            DeadlineKind::OrientationInterview => self.interview,
            DeadlineKind::PaiProposal => self.pai,
            DeadlineKind::TotemDidConfirmation | DeadlineKind::PreselectionProfiles | DeadlineKind::PromotionCall => {
                None
            }
        }
    }
}

pub fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

impl Dossier {
    /// A new dossier with the personal data an operator (or a totem declaration) starts from.
    pub fn new(cpi: &str, codice_fiscale: &str, surname: &str, name: &str, birth_date: NaiveDate, sex: Sex) -> Self {
        Dossier {
            schema: DOSSIER_SCHEMA,
            kind: DOSSIER_KIND.into(),
            cpi: cpi.into(),
            personal: Personal {
                codice_fiscale: codice_fiscale.into(),
                surname: surname.into(),
                name: name.into(),
                birth_date: birth_date.to_string().into(),
                sex: sex_code(sex).into(),
                ..Default::default()
            },
            status: AdminStatus { employment: "disoccupato".into(), ..Default::default() },
            ..Default::default()
        }
    }

    /// A new dossier for the holder of `code`, the way every screen opens one: birth date and
    /// sex come from the code when it carries them, else from `given_birth_date` and
    /// `given_sex` (a provisional 11-digit code carries neither). Names are trimmed.
    #[allow(clippy::too_many_arguments)]
    pub fn open(
        cpi: &str,
        code: &CodiceFiscale,
        surname: &str,
        name: &str,
        given_birth_date: Option<NaiveDate>,
        given_sex: Option<Sex>,
        today: NaiveDate,
    ) -> Result<Dossier, MissingBirthData> {
        let birth_date = code.birth_date(today).or(given_birth_date);
        let sex = code.sex().or(given_sex);
        let (Some(birth_date), Some(sex)) = (birth_date, sex) else { return Err(MissingBirthData) };
        Ok(Dossier::new(cpi, code.as_str(), surname.trim(), name.trim(), birth_date, sex))
    }

    pub fn sex(&self) -> Option<Sex> {
        match self.personal.sex.as_str() {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            _ => None,
        }
    }

    /// "Rossi Mario".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.personal.surname.as_str().trim(), self.personal.name.as_str().trim())
    }

    /// The first date recorded for each milestone; a DID confirmed from a totem counts as a DID.
    pub fn milestones(&self) -> Milestones {
        let mut m = Milestones { did: parse_date(&self.status.did_date), ..Default::default() };
        for step in &self.steps {
            let (Some(kind), Some(date)) = (StepKind::from_code(&step.kind), parse_date(&step.date)) else {
                continue;
            };
            let slot = match kind {
                StepKind::Did | StepKind::DidConfirmed => &mut m.did,
                StepKind::Interview => &mut m.interview,
                StepKind::Pai => &mut m.pai,
                StepKind::PdsSigned => &mut m.pds_signed,
                _ => continue,
            };
            if slot.is_none_or(|d| date < d) {
                *slot = Some(date);
            }
        }
        m
    }

    /// The facts the pathway rules read; `None` without a valid birth date and sex.
    pub fn person_facts(&self) -> Option<PersonFacts> {
        let mut facts = PersonFacts::new(parse_date(&self.personal.birth_date)?, self.sex()?);
        facts.did_date = self.milestones().did;
        facts.unemployed_since = parse_date(&self.status.unemployed_since);
        facts.never_employed = self.status.employment == "inoccupato";
        self.facts.apply_to(&mut facts);
        Some(facts)
    }

    /// What the recorded facts decide on `today`: the target groups, or the unanswered facts
    /// that could still change them. `None` without a birth date and sex.
    pub fn target_groups(&self, today: NaiveDate) -> Option<Groups> {
        self.decided_by_facts(|f| crate::pathway::target_groups(f, today))
            .map(|decided| decided.map_or_else(Groups::Undetermined, Groups::Known))
    }

    /// The durations column of the charter for this person on `on`, `None` while the facts
    /// recorded cannot decide it (or without a birth date and sex).
    pub fn duration_group(&self, on: NaiveDate) -> Option<crate::catalogue::DurationGroup> {
        self.decided_by_facts(|f| crate::pathway::primary_duration_group(f, on))?.ok()
    }

    /// Standard minutes of service `code` for this person on `on` (`None` for an empty cell,
    /// an unknown code, or while the durations column is undetermined for a citizens'
    /// service).
    pub fn standard_minutes(&self, code: &str, on: NaiveDate) -> Option<u32> {
        let service = crate::catalogue::catalogue().get(code)?;
        match service.audience {
            crate::catalogue::Audience::Employers => service.duration_for(crate::catalogue::DurationGroup::Employers),
            crate::catalogue::Audience::Citizens => service.duration_for(self.duration_group(on)?),
        }
    }

    /// `rule` applied to the person's facts: its value if every way the unanswered facts
    /// could be answered gives the same, otherwise the unanswered facts that change it.
    fn decided_by_facts<R: PartialEq>(&self, rule: impl Fn(&PersonFacts) -> R) -> Option<Result<R, Vec<Fact>>> {
        let base = self.person_facts()?;
        let open = self.facts.unanswered();
        let with = |mask: usize| {
            let mut facts = self.facts.clone();
            for (i, fact) in open.iter().enumerate() {
                *facts.field_mut(*fact) = mask & (1 << i) != 0;
            }
            let mut person = base.clone();
            facts.apply_to(&mut person);
            rule(&person)
        };
        let outcomes: Vec<R> = (0..1usize << open.len()).map(with).collect();
        let deciding: Vec<Fact> = open
            .iter()
            .enumerate()
            .filter(|(i, _)| (0..outcomes.len()).any(|mask| outcomes[mask] != outcomes[mask ^ (1 << i)]))
            .map(|(_, f)| *f)
            .collect();
        Some(if deciding.is_empty() { Ok(outcomes.into_iter().next().expect("one outcome")) } else { Err(deciding) })
    }

    /// Adds a step to the timeline (kept in date order for reading; ids keep merges safe).
    pub fn add_step(&mut self, id: &str, kind: StepKind, date: NaiveDate, operator: &str, note: &str) {
        if kind == StepKind::Did && self.status.did_date.is_empty() {
            self.status.did_date = date.to_string().into();
        }
        self.steps.push(Step {
            id: id.into(),
            kind: kind.code().into(),
            date: date.to_string().into(),
            operator: operator.into(),
            note: note.into(),
        });
    }
}

/// What a dossier's facts say about its target groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Groups {
    /// The groups, in precedence order (empty: none applies).
    Known(Vec<crate::pathway::TargetGroup>),
    /// Facts not answered yet whose answer could change the groups.
    Undetermined(Vec<Fact>),
}

impl Groups {
    /// The dossier header's line, in Italian.
    pub fn describe_it(&self) -> String {
        match self {
            Groups::Known(groups) if groups.is_empty() => "Nessun gruppo target: manca la DID".into(),
            Groups::Known(groups) => groups.iter().map(|g| g.label_it()).collect::<Vec<_>>().join(" · "),
            Groups::Undetermined(facts) => format!(
                "Gruppo target non ancora determinato: rispondi a {}",
                facts.iter().map(|f| format!("«{}»", f.label_it())).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

pub fn sex_code(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "M",
        Sex::Female => "F",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ReadDoc};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_service_agreement_is_filed_under_b2_and_the_interview_under_b1() {
        let charter = crate::catalogue::catalogue();
        for kind in [StepKind::PdsProposed, StepKind::PdsSigned, StepKind::PdsRefused] {
            assert_eq!(kind.service(), "B2", "{kind:?}");
            assert!(charter.get(kind.service()).unwrap().name_it.contains("Patto di servizio"));
        }
        for kind in [StepKind::Interview, StepKind::InterviewBooked] {
            assert!(charter.get(kind.service()).unwrap().name_it.contains("Colloquio"), "{kind:?}");
        }
    }

    fn sample() -> Dossier {
        Dossier::new("bari", "RSSMRA80A01H501U", "Rossi", "Mario", date(1980, 1, 1), Sex::Male)
    }

    #[test]
    fn round_trips_through_a_document_and_marks_its_kind() {
        let mut d = sample();
        d.add_step("s1", StepKind::Did, date(2026, 10, 6), "operatore.bari", "");
        d.services.push(ServiceRecord {
            id: "v1".into(),
            code: "A4".into(),
            date: "2026-10-06".into(),
            operator: "operatore.bari".into(),
            minutes: 25,
            note: "".into(),
        });
        let mut doc = AutoCommit::new();
        crate::docs::write(&mut doc, &d).unwrap();
        let back: Dossier = crate::docs::read(&doc).unwrap();
        assert_eq!(back, d);
        let kind = doc.get(automerge::ROOT, "kind").unwrap().unwrap().0.as_str().map(str::to_owned);
        assert_eq!(kind.as_deref(), Some(DOSSIER_KIND));
        let _ = doc.put(automerge::ROOT, "unrelated", 1);
    }

    #[test]
    fn milestones_take_the_earliest_date_and_count_a_confirmed_totem_did() {
        let mut d = sample();
        d.add_step("a", StepKind::DidConfirmed, date(2026, 9, 1), "operatore.bari", "");
        d.add_step("b", StepKind::Interview, date(2026, 10, 2), "operatore.bari", "");
        d.add_step("c", StepKind::Interview, date(2026, 9, 20), "operatore.bari", "");
        d.add_step("d", StepKind::InterviewBooked, date(2026, 9, 10), "operatore.bari", "");
        let m = d.milestones();
        assert_eq!(m.did, Some(date(2026, 9, 1)));
        assert_eq!(m.interview, Some(date(2026, 9, 20)));
        assert_eq!(m.pai, None);
    }

    #[test]
    fn the_interview_meets_b1_and_the_pai_proposal_meets_d1() {
        let m = Milestones {
            did: Some(date(2026, 9, 1)),
            interview: Some(date(2026, 9, 20)),
            pai: Some(date(2026, 11, 3)),
            pds_signed: Some(date(2026, 9, 21)),
        };
        assert_eq!(m.met_on(DeadlineKind::OrientationInterview), Some(date(2026, 9, 20)));
        assert_eq!(m.met_on(DeadlineKind::PaiProposal), Some(date(2026, 11, 3)));
        for kind in
            [DeadlineKind::TotemDidConfirmation, DeadlineKind::PreselectionProfiles, DeadlineKind::PromotionCall]
        {
            assert_eq!(m.met_on(kind), None, "{kind:?}");
        }
    }

    #[test]
    fn each_fact_has_its_own_label_and_its_own_field() {
        let expected = [
            (Fact::IncomeSupport, "Percettore di ammortizzatori sociali"),
            (Fact::DisabilityL68, "Iscritto o iscrivibile L. 68/99 (disabilità)"),
            (Fact::CompulsoryEducation, "In diritto-dovere di istruzione e formazione"),
            (Fact::UpperSecondaryDiploma, "Diploma di scuola superiore o qualifica"),
            (Fact::Degree, "Laurea"),
            (Fact::LivesAloneWithDependants, "Adulto che vive solo con persone a carico"),
            (Fact::UnderrepresentedGender, "Genere sottorappresentato nel settore"),
            (Fact::NationalMinority, "Minoranza nazionale"),
        ];
        for (fact, label) in expected {
            assert_eq!(fact.label_it(), label);
        }
        let mut f = Facts::default();
        f.set(Fact::Degree, true);
        assert!(f.degree && !f.disability_l68);
        f.set(Fact::DisabilityL68, true);
        assert!(f.degree && f.disability_l68);
        f.set(Fact::Degree, false);
        assert!(f.disability_l68 && f.get(Fact::Degree) == Some(false) && f.get(Fact::DisabilityL68) == Some(true));
        assert_eq!(Facts { national_minority: true, ..Default::default() }.get(Fact::NationalMinority), Some(true));
    }

    #[test]
    fn a_dossier_opens_with_the_birth_data_of_the_code_or_with_those_given_for_a_provisional_code() {
        let today = date(2026, 10, 1);
        let personal = crate::codice_fiscale::parse("RSSMRA80A01H501U").unwrap();
        let d = Dossier::open("bari", &personal, " Rossi ", "Mario ", Some(date(1999, 9, 9)), Some(Sex::Female), today)
            .unwrap();
        assert_eq!((d.personal.birth_date.as_str(), d.personal.sex.as_str()), ("1980-01-01", "M"));
        assert_eq!((d.personal.surname.as_str(), d.personal.name.as_str()), ("Rossi", "Mario"));
        assert_eq!(d.personal.codice_fiscale, "RSSMRA80A01H501U");

        let provisional = crate::codice_fiscale::parse("06363391001").unwrap();
        assert_eq!(Dossier::open("bari", &provisional, "Rossi", "Mario", None, None, today), Err(MissingBirthData));
        assert_eq!(
            Dossier::open("bari", &provisional, "Rossi", "Mario", Some(date(1990, 5, 4)), None, today),
            Err(MissingBirthData)
        );
        let d = Dossier::open("bari", &provisional, "Rossi", "Maria", Some(date(1990, 5, 4)), Some(Sex::Female), today)
            .unwrap();
        assert_eq!((d.personal.birth_date.as_str(), d.personal.sex.as_str()), ("1990-05-04", "F"));
        assert_eq!(d.personal.codice_fiscale, "06363391001");
    }

    #[test]
    fn a_step_is_never_dated_after_today_except_a_booked_interview() {
        let today = date(2026, 10, 14);
        assert_eq!(step_date(StepKind::Interview, "2026-10-14", today), Ok(date(2026, 10, 14)));
        assert_eq!(step_date(StepKind::Did, "2026-10-15", today), Err(EntryError::StepInTheFuture));
        assert_eq!(step_date(StepKind::Interview, "2026-10-15", today), Err(EntryError::StepInTheFuture));
        assert_eq!(step_date(StepKind::InterviewBooked, "2026-12-01", today), Ok(date(2026, 12, 1)));
        assert_eq!(step_date(StepKind::Pai, "", today), Err(EntryError::StepDateMissing));
        assert_eq!(step_date(StepKind::Pai, "14/10/2026", today), Err(EntryError::StepDateMissing));
    }

    #[test]
    fn a_service_takes_one_to_six_hundred_minutes_on_a_day_not_after_today() {
        assert_eq!(service_minutes(" 45 "), Ok(45));
        assert_eq!(service_minutes("1"), Ok(1));
        assert_eq!(service_minutes("600"), Ok(600));
        assert_eq!(service_minutes("601"), Err(EntryError::MinutesOutOfRange));
        assert_eq!(service_minutes("0"), Err(EntryError::MinutesOutOfRange));
        assert_eq!(service_minutes("4.5"), Err(EntryError::MinutesNotANumber));
        assert_eq!(service_minutes(""), Err(EntryError::MinutesNotANumber));
        let today = date(2026, 10, 14);
        assert_eq!(service_date("2026-10-14", today), Ok(today));
        assert_eq!(service_date("2026-10-15", today), Err(EntryError::ServiceDateMissingOrFuture));
        assert_eq!(service_date("", today), Err(EntryError::ServiceDateMissingOrFuture));
        assert_eq!(EntryError::MinutesOutOfRange.message_it(), "I minuti devono essere tra 1 e 600.");
    }

    #[test]
    fn target_groups_wait_for_the_facts_that_decide_them() {
        use crate::catalogue::DurationGroup;
        use crate::pathway::TargetGroup;
        let today = date(2026, 10, 14);
        let mut d = sample();
        d.add_step("a", StepKind::Did, date(2026, 9, 1), "op", "");
        // Nothing asked yet: a 46-year-old is neither adolescent nor in compulsory education,
        // so that fact is not asked; every other one could change the groups.
        let Some(Groups::Undetermined(open)) = d.target_groups(today) else { panic!("{:?}", d.target_groups(today)) };
        assert!(open.contains(&Fact::UpperSecondaryDiploma) && open.contains(&Fact::DisabilityL68));
        assert!(!open.contains(&Fact::CompulsoryEducation), "{open:?}");
        assert_eq!(d.duration_group(today), None);
        assert_eq!(d.standard_minutes("B1", today), None);
        assert!(d.target_groups(today).unwrap().describe_it().starts_with("Gruppo target non ancora determinato"));
        for fact in Fact::ALL.into_iter().filter(|f| *f != Fact::UpperSecondaryDiploma && *f != Fact::Degree) {
            d.facts.set(fact, false);
        }
        let Some(Groups::Undetermined(open)) = d.target_groups(today) else { panic!() };
        assert_eq!(open, [Fact::UpperSecondaryDiploma, Fact::Degree]);
        d.facts.set(Fact::UpperSecondaryDiploma, true);
        assert_eq!(
            d.target_groups(today),
            Some(Groups::Known(vec![TargetGroup::Unemployed])),
            "a degree changes nothing now"
        );
        assert_eq!(d.duration_group(today), Some(DurationGroup::T1));
        d.facts.set(Fact::UpperSecondaryDiploma, false);
        d.facts.set(Fact::Degree, false);
        assert_eq!(
            d.target_groups(today),
            Some(Groups::Known(vec![TargetGroup::Disadvantaged, TargetGroup::Unemployed]))
        );
        assert_eq!(d.duration_group(today), Some(DurationGroup::T3));
    }

    #[test]
    fn a_fact_answered_yes_by_an_older_version_counts_as_answered_and_answers_merge() {
        let mut d = sample();
        d.facts.degree = true;
        assert_eq!(d.facts.get(Fact::Degree), Some(true));
        assert_eq!(d.facts.get(Fact::NationalMinority), None);
        let mut base = AutoCommit::new();
        crate::docs::write(&mut base, &d).unwrap();
        let (mut a, mut b) = (base.fork(), base.fork());
        let mut da: Dossier = crate::docs::read(&a).unwrap();
        da.facts.set(Fact::NationalMinority, false);
        crate::docs::write(&mut a, &da).unwrap();
        let mut db: Dossier = crate::docs::read(&b).unwrap();
        db.facts.set(Fact::IncomeSupport, false);
        crate::docs::write(&mut b, &db).unwrap();
        a.merge(&mut b).unwrap();
        let merged: Dossier = crate::docs::read(&a).unwrap();
        assert_eq!(merged.facts.get(Fact::NationalMinority), Some(false));
        assert_eq!(merged.facts.get(Fact::IncomeSupport), Some(false));
    }

    #[test]
    fn person_facts_follow_the_sections() {
        let mut d = sample();
        d.status.unemployed_since = "2026-03-01".into();
        d.facts.degree = true;
        d.add_step("a", StepKind::Did, date(2026, 9, 1), "op", "");
        let f = d.person_facts().unwrap();
        assert_eq!(f.did_date, Some(date(2026, 9, 1)));
        assert_eq!(f.unemployment_start(), Some(date(2026, 3, 1)));
        assert!(f.has_degree && f.has_upper_secondary_diploma);
        assert_eq!(d.status.did_date, "2026-09-01");
    }

    #[test]
    fn two_offline_editors_keep_both_sections_and_both_characters() {
        let mut base = AutoCommit::new();
        crate::docs::write(&mut base, &sample()).unwrap();
        let mut a = base.fork();
        let mut b = base.fork();
        let mut da: Dossier = crate::docs::read(&a).unwrap();
        da.contacts.phone.set("080 123456");
        da.cv.notes.set("Disponibile subito");
        crate::docs::write(&mut a, &da).unwrap();
        let mut db: Dossier = crate::docs::read(&b).unwrap();
        db.facts.income_support = true;
        db.cv.notes.set("Patente B");
        crate::docs::write(&mut b, &db).unwrap();
        a.merge(&mut b).unwrap();
        let merged: Dossier = crate::docs::read(&a).unwrap();
        assert_eq!(merged.contacts.phone, "080 123456");
        assert!(merged.facts.income_support);
        let notes = merged.cv.notes.as_str();
        assert!(notes.contains("Disponibile subito") && notes.contains("Patente B"), "{notes}");
    }
}
