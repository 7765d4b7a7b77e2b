//! A citizen's dossier: one document per person, private to the operators of the person's
//! CPI. Its sections follow the scheda anagrafica professionale (SAP); the pathway is a
//! timeline of steps, and every service delivered is recorded with its actual minutes.
//!
//! Texts are `TextField`s so two operators editing the same field offline both keep their
//! characters; list items carry an `id` key so concurrent additions never overwrite each
//! other.

use super::{Label, TextField};
use crate::codice_fiscale::Sex;
use crate::pathway::PersonFacts;
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

/// What decides the target groups (T1-T5) and the PAI clock.
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
            StepKind::PdsProposed | StepKind::PdsSigned | StepKind::PdsRefused => "B1",
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
        let f = &self.facts;
        facts.income_support = f.income_support;
        facts.disability_l68 = f.disability_l68;
        facts.in_compulsory_education = f.in_compulsory_education;
        facts.has_upper_secondary_diploma = f.upper_secondary_diploma || f.degree;
        facts.has_degree = f.degree;
        facts.lives_alone_with_dependants = f.lives_alone_with_dependants;
        facts.underrepresented_gender = f.underrepresented_gender;
        facts.national_minority = f.national_minority;
        Some(facts)
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
