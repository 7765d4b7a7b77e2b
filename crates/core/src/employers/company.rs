//! The company document: one per company, private to its CPI's operators and audited like a
//! dossier (root `kind = "company"`, see [`super::is_audited_kind`]). Its sections follow
//! the scheda anagrafica aziendale: registry data, legal and operating sites, staff and
//! turnover, contacts and the person of reference, the needs analysis (F2), the services
//! F1-F3 with their actual minutes, the campaign's events, the history of every contact and
//! the convenzione di servizio with its signatures.
//!
//! Lists written by several devices (sites, needs, services, campaign events, contacts) are
//! maps keyed by a random id, read through [`crate::docs::readable_entries`]: concurrent
//! additions never overwrite each other, and one malformed entry is left out instead of
//! making the whole record unreadable.

use super::ateco::{self, AtecoError};
use super::campaign::{self, CampaignState, Event, TransitionError};
use super::places;
use super::tax_code::{self, TaxCode, TaxCodeError};
use crate::catalogue::{catalogue, Audience, DurationGroup};
use crate::docs::dossier::{parse_date, service_date, service_minutes, EntryError};
use crate::docs::{Label, TextField};
use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

pub const COMPANY_SCHEMA: u64 = 1;
/// The root `kind` that tells the relay a company document (audited like a dossier).
pub const COMPANY_KIND: &str = "company";

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Company {
    pub schema: u64,
    pub kind: Label,
    /// The CPI whose operators hold the record.
    pub cpi: Label,
    pub registry: Registry,
    #[autosurgeon(missing = "Default::default")]
    pub legal_site: Site,
    /// Operating sites (sedi operative) by id.
    #[autosurgeon(missing = "Default::default", hydrate = "crate::docs::readable_entries")]
    pub sites: BTreeMap<String, Site>,
    #[autosurgeon(missing = "Default::default")]
    pub staff: Staff,
    #[autosurgeon(missing = "Default::default")]
    pub contacts: Contacts,
    #[autosurgeon(missing = "Default::default")]
    pub reference: ReferencePerson,
    #[autosurgeon(missing = "Default::default")]
    pub needs: Needs,
    #[autosurgeon(missing = "Default::default", hydrate = "crate::docs::readable_entries")]
    pub services: BTreeMap<String, ServiceRecord>,
    #[autosurgeon(missing = "Default::default", hydrate = "crate::docs::readable_entries")]
    pub campaign: BTreeMap<String, CampaignEntry>,
    /// Every contact with the company: calls, e-mails, visits, desk meetings.
    #[autosurgeon(missing = "Default::default", hydrate = "crate::docs::readable_entries")]
    pub history: BTreeMap<String, ContactEntry>,
    #[autosurgeon(missing = "Default::default")]
    pub convenzione: Convenzione,
    /// Who each Automerge actor is, so the history names the author of every change.
    #[autosurgeon(missing = "Default::default")]
    pub authors: HashMap<String, Label>,
}

/// Registry data, as the Comunicazioni Obbligatorie's employer block has them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Registry {
    /// Normalised partita IVA or a sole trader's codice fiscale ([`tax_code::parse`]).
    pub tax_code: Label,
    pub name: TextField,
    /// Legal form as written (S.r.l., ditta individuale...).
    #[autosurgeon(missing = "Default::default")]
    pub legal_form: TextField,
    /// ATECO 2025 code of the main activity ("10.71.10").
    #[autosurgeon(missing = "Default::default")]
    pub ateco: Label,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Site {
    pub address: TextField,
    /// ISTAT code of the municipality ("072006").
    pub municipality: Label,
    #[autosurgeon(missing = "Default::default")]
    pub postcode: Label,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Staff {
    /// Employees (headcount), which gives the size band.
    pub employees: u64,
    /// Computable staff for L.68/99 (art. 4), which gives the reserved quota; the operator
    /// enters it after the law's exclusions.
    #[autosurgeon(missing = "Default::default")]
    pub l68_computable: u64,
    /// Workers with disabilities already employed under L.68/99 (the quota's coverage).
    #[autosurgeon(missing = "Default::default")]
    pub l68_covered: u64,
    /// [`super::rules::TurnoverBand`] code.
    #[autosurgeon(missing = "Default::default")]
    pub turnover: Label,
    /// The national collective agreement applied.
    #[autosurgeon(missing = "Default::default")]
    pub ccnl: TextField,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Contacts {
    pub phone: TextField,
    pub email: TextField,
    #[autosurgeon(missing = "Default::default")]
    pub pec: TextField,
    #[autosurgeon(missing = "Default::default")]
    pub website: TextField,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct ReferencePerson {
    pub name: TextField,
    pub role: TextField,
    pub phone: TextField,
    pub email: TextField,
}

/// F2: the professional and training needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Needs {
    #[autosurgeon(missing = "Default::default", hydrate = "crate::docs::readable_entries")]
    pub professions: BTreeMap<String, ProfessionNeed>,
    #[autosurgeon(missing = "Default::default")]
    pub training: TextField,
    /// ISO date of the last survey.
    #[autosurgeon(missing = "Default::default")]
    pub surveyed_on: Label,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct ProfessionNeed {
    /// CP2021 code ([`crate::docs::vacancies::is_cp2021_code`]).
    pub profession: Label,
    pub count: u64,
    #[autosurgeon(missing = "Default::default")]
    pub notes: TextField,
}

/// How a company first came to the CPI (indicators F.1.1 and F.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// On its own initiative (F.1.1).
    Spontaneous,
    /// After the CPI's promotion (F.1.2).
    Promotion,
}

impl Origin {
    pub fn code(self) -> &'static str {
        match self {
            Origin::Spontaneous => "spontanea",
            Origin::Promotion => "promozione",
        }
    }

    pub fn from_code(code: &str) -> Option<Origin> {
        [Origin::Spontaneous, Origin::Promotion].into_iter().find(|o| o.code() == code)
    }

    pub fn label_it(self) -> &'static str {
        match self {
            Origin::Spontaneous => "Accesso spontaneo",
            Origin::Promotion => "A seguito di promozione",
        }
    }
}

/// A service to the employer delivered, with the minutes it really took.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct ServiceRecord {
    /// Charter code of a service to employers ("F1", "F2", "F3").
    pub code: Label,
    /// ISO date.
    pub date: Label,
    pub operator: Label,
    pub minutes: u64,
    /// [`Origin`] code.
    pub origin: Label,
    #[autosurgeon(missing = "Default::default")]
    pub note: TextField,
}

/// A step of the campaign as recorded ([`campaign::Event`] codes).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct CampaignEntry {
    pub kind: Label,
    /// [`campaign::CallOutcome`] code, for calls.
    #[autosurgeon(missing = "Default::default")]
    pub outcome: Label,
    /// ISO date the step was done (or the visit booked).
    pub date: Label,
    /// ISO date of the visit, for a booking.
    #[autosurgeon(missing = "Default::default")]
    pub appointment: Label,
    pub operator: Label,
    #[autosurgeon(missing = "Default::default")]
    pub note: TextField,
}

/// One contact with the company.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct ContactEntry {
    /// ISO date and time ("2026-10-06T10:30").
    pub at: Label,
    /// "telefono", "email", "visita", "sportello", "lettera".
    pub channel: Label,
    pub operator: Label,
    pub summary: TextField,
}

/// The convenzione di servizio: the text signed (its hash) and both signatures.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Convenzione {
    /// Hex SHA-256 of the text last signed. Each signature also keeps the hash it binds
    /// (offline signatures of two texts can merge); records written before that fall back
    /// to this one.
    pub text_hash: Label,
    /// "cpi" and "azienda".
    #[autosurgeon(missing = "Default::default", hydrate = "crate::docs::readable_entries")]
    pub signatures: BTreeMap<String, Signature>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Signature {
    pub signer: Label,
    /// ISO date and time.
    pub signed_at: Label,
    /// The stroke drawn on the screen as an SVG path.
    pub path: Label,
    /// Hex SHA-256 of the text this signature binds.
    #[autosurgeon(missing = "Default::default")]
    pub text_hash: Label,
}

/// Why a service cannot be recorded as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceError {
    NotAnEmployerService,
    Entry(EntryError),
}

impl ServiceError {
    pub fn message_it(self) -> &'static str {
        match self {
            ServiceError::NotAnEmployerService => "Scegli un servizio alle imprese (F1, F2, F3, G1, G2, G3).",
            ServiceError::Entry(e) => e.message_it(),
        }
    }
}

/// The standard minutes of a service to employers (F1 30, F2 120, ... from the charter).
pub fn standard_minutes(code: &str) -> Option<u32> {
    catalogue()
        .get(code)
        .filter(|s| s.audience == Audience::Employers)
        .and_then(|s| s.duration_for(DurationGroup::Employers))
}

/// What is wrong with a record's registry data, each with its Italian message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblem {
    TaxCode(TaxCodeError),
    NameMissing,
    Ateco(AtecoError),
    /// The legal site's municipality is not a municipality of Puglia.
    Municipality,
    /// Neither phone nor e-mail.
    NoContact,
    /// An operating site (by id) without a municipality of Puglia.
    SiteMunicipality(String),
    /// A needed profession (by id) whose code is not a CP2021 code.
    Profession(String),
}

impl RecordProblem {
    pub fn message_it(&self) -> String {
        match self {
            RecordProblem::TaxCode(e) => e.message_it(),
            RecordProblem::NameMissing => "Inserisci la denominazione dell'impresa.".into(),
            RecordProblem::Ateco(e) => e.message_it(),
            RecordProblem::Municipality => "Scegli il comune della sede legale dall'elenco dei comuni pugliesi.".into(),
            RecordProblem::NoContact => "Inserisci almeno un recapito dell'impresa: telefono o e-mail.".into(),
            RecordProblem::SiteMunicipality(_) => {
                "Scegli il comune della sede operativa dall'elenco dei comuni pugliesi.".into()
            }
            RecordProblem::Profession(_) => EntryProblem::NotACp2021Code.message_it().into(),
        }
    }
}

impl Company {
    /// A new record for the holder of `tax_code`.
    pub fn new(cpi: &str, tax_code: &TaxCode, name: &str) -> Company {
        Company {
            schema: COMPANY_SCHEMA,
            kind: COMPANY_KIND.into(),
            cpi: cpi.into(),
            registry: Registry { tax_code: tax_code.as_str().into(), name: name.trim().into(), ..Default::default() },
            ..Default::default()
        }
    }

    /// What the record lacks or has wrong, in the form's order (empty when it is complete).
    pub fn problems(&self) -> Vec<RecordProblem> {
        let mut out = Vec::new();
        if let Err(e) = tax_code::parse(&self.registry.tax_code) {
            out.push(RecordProblem::TaxCode(e));
        }
        if self.registry.name.as_str().trim().is_empty() {
            out.push(RecordProblem::NameMissing);
        }
        if let Err(e) = ateco::check(&self.registry.ateco) {
            out.push(RecordProblem::Ateco(e));
        }
        if places::by_istat(&self.legal_site.municipality).is_none() {
            out.push(RecordProblem::Municipality);
        }
        if self.contacts.phone.as_str().trim().is_empty() && self.contacts.email.as_str().trim().is_empty() {
            out.push(RecordProblem::NoContact);
        }
        for (id, site) in &self.sites {
            if places::by_istat(&site.municipality).is_none() {
                out.push(RecordProblem::SiteMunicipality(id.clone()));
            }
        }
        for (id, need) in &self.needs.professions {
            if !crate::docs::vacancies::is_cp2021_code(&need.profession) {
                out.push(RecordProblem::Profession(id.clone()));
            }
        }
        out
    }

    /// The campaign's state from its recorded events, and the ids of those that do not fit.
    pub fn campaign_state(&self) -> (CampaignState, Vec<&str>) {
        campaign::replay(self.campaign.iter().filter_map(|(id, e)| {
            let event = Event::from_codes(&e.kind, &e.outcome, parse_date(&e.appointment))?;
            Some((parse_date(&e.date)?, event, id.as_str()))
        }))
    }

    /// Records a campaign step, refused with the reason if it does not follow the state or
    /// its date does not fit today.
    pub fn record_event(
        &mut self,
        id: &str,
        event: Event,
        on: NaiveDate,
        today: NaiveDate,
        operator: &str,
        note: &str,
    ) -> Result<CampaignState, TransitionError> {
        campaign::check_date(event, on, today)?;
        let state = campaign::next(&self.campaign_state().0, event, on)?;
        let (outcome, appointment) = match event {
            Event::Call(o) => (o.code(), String::new()),
            Event::BookVisit(day) => ("", day.to_string()),
            _ => ("", String::new()),
        };
        let entry = CampaignEntry {
            kind: event.code().into(),
            outcome: outcome.into(),
            appointment: appointment.into(),
            date: on.to_string().into(),
            operator: operator.into(),
            note: note.into(),
        };
        self.campaign.insert(id.to_owned(), entry);
        Ok(state)
    }

    /// The origin a new service gets by default: after promotion once a letter went out.
    pub fn default_origin(&self) -> Origin {
        match self.campaign_state().0.letter_sent {
            Some(_) => Origin::Promotion,
            None => Origin::Spontaneous,
        }
    }

    /// Records a service to the employer from the form's text: an employer service of the
    /// charter, a date not after today and 1-600 actual minutes.
    #[allow(clippy::too_many_arguments)]
    pub fn record_service(
        &mut self,
        id: &str,
        code: &str,
        date: &str,
        minutes: &str,
        origin: Origin,
        today: NaiveDate,
        operator: &str,
        note: &str,
    ) -> Result<(), ServiceError> {
        if standard_minutes(code).is_none() {
            return Err(ServiceError::NotAnEmployerService);
        }
        let on = service_date(date, today).map_err(ServiceError::Entry)?;
        let minutes = service_minutes(minutes).map_err(ServiceError::Entry)?;
        let record = ServiceRecord {
            code: code.into(),
            date: on.to_string().into(),
            operator: operator.into(),
            minutes,
            origin: origin.code().into(),
            note: note.into(),
        };
        self.services.insert(id.to_owned(), record);
        Ok(())
    }

    /// How the company first came to the CPI: the origin of its earliest service (ties by
    /// id), `None` before any service.
    pub fn origin(&self) -> Option<Origin> {
        self.services
            .iter()
            .filter_map(|(id, s)| Some((parse_date(&s.date)?, id, Origin::from_code(&s.origin)?)))
            .min()
            .map(|(_, _, origin)| origin)
    }

    /// The L.68/99 obligation: workers to employ and how many are still missing.
    pub fn l68(&self) -> L68Obligation {
        let n = u32::try_from(self.staff.l68_computable).unwrap_or(u32::MAX);
        let quota = super::rules::l68_reserved_quota(n);
        let covered = u32::try_from(self.staff.l68_covered).unwrap_or(u32::MAX);
        L68Obligation { quota, art18: super::rules::l68_art18_quota(n), missing: quota.saturating_sub(covered) }
    }
}

/// The channels of a contact with the company (code, Italian label).
pub const CONTACT_CHANNELS: [(&str, &str); 5] = [
    ("telefono", "Telefono"),
    ("email", "E-mail"),
    ("visita", "Visita in azienda"),
    ("sportello", "Allo sportello del CPI"),
    ("lettera", "Lettera"),
];

/// Why a contact or a needed profession cannot be recorded as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryProblem {
    UnknownChannel,
    SummaryMissing,
    NotACp2021Code,
    CountOutOfRange,
}

impl EntryProblem {
    pub fn message_it(self) -> &'static str {
        match self {
            EntryProblem::UnknownChannel => "Scegli il canale del contatto.",
            EntryProblem::SummaryMissing => "Scrivi in breve com'è andato il contatto.",
            EntryProblem::NotACp2021Code => {
                "Indica la professione richiesta con il codice CP2021 a 5 livelli (ad esempio 6.5.1.1.1)."
            }
            EntryProblem::CountOutOfRange => "Indica quante persone servono: un numero da 1 a 999.",
        }
    }
}

impl Company {
    /// Records a contact with the company at `at` (ISO date and time) on one of
    /// [`CONTACT_CHANNELS`], with a summary that is not blank.
    pub fn record_contact(
        &mut self,
        id: &str,
        at: &str,
        channel: &str,
        operator: &str,
        summary: &str,
    ) -> Result<(), EntryProblem> {
        if !CONTACT_CHANNELS.iter().any(|(code, _)| *code == channel) {
            return Err(EntryProblem::UnknownChannel);
        }
        if summary.trim().is_empty() {
            return Err(EntryProblem::SummaryMissing);
        }
        let entry = ContactEntry {
            at: at.into(),
            channel: channel.into(),
            operator: operator.into(),
            summary: summary.trim().into(),
        };
        self.history.insert(id.to_owned(), entry);
        Ok(())
    }

    /// Adds a needed profession (F2) from the form's text: a CP2021 code and 1-999 people.
    pub fn add_need(&mut self, id: &str, profession: &str, count: &str, notes: &str) -> Result<(), EntryProblem> {
        let profession = profession.trim();
        if !crate::docs::vacancies::is_cp2021_code(profession) {
            return Err(EntryProblem::NotACp2021Code);
        }
        let count = count.trim().parse::<u64>().ok().filter(|n| (1..=999).contains(n));
        let count = count.ok_or(EntryProblem::CountOutOfRange)?;
        let need = ProfessionNeed { profession: profession.into(), count, notes: notes.trim().into() };
        self.needs.professions.insert(id.to_owned(), need);
        Ok(())
    }
}

/// What L.68/99 asks of a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct L68Obligation {
    /// Workers with disabilities (art. 3).
    pub quota: u32,
    /// Workers of the art. 18 categories.
    pub art18: u32,
    /// Of `quota`, not yet covered.
    pub missing: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::employers::campaign::{CallOutcome, Stage};
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ObjType, ReadDoc, ROOT};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn sample() -> Company {
        let code = tax_code::parse("06363391001").unwrap();
        let mut c = Company::new("bari", &code, " Forno Lorusso S.r.l. ");
        c.registry.ateco = "10.71.10".into();
        c.legal_site =
            Site { address: "Via Sparano 10".into(), municipality: "072006".into(), postcode: "70121".into() };
        c.contacts.phone = "080 5551234".into();
        c
    }

    #[test]
    fn round_trips_through_a_document_and_marks_its_kind() {
        let mut c = sample();
        c.record_service("s1", "F1", "2026-10-06", "25", Origin::Spontaneous, date(2026, 10, 6), "anna", "").unwrap();
        c.needs.professions.insert(
            "p1".into(),
            ProfessionNeed { profession: "6.5.1.1.1".into(), count: 2, notes: "panettieri".into() },
        );
        let mut doc = AutoCommit::new();
        crate::docs::write(&mut doc, &c).unwrap();
        let back: Company = crate::docs::read(&doc).unwrap();
        assert_eq!(back, c);
        assert_eq!(crate::docs::root_kind(&doc).as_deref(), Some(COMPANY_KIND));
        assert_eq!(back.registry.name, "Forno Lorusso S.r.l.");
    }

    #[test]
    fn a_complete_record_has_no_problems_and_each_gap_has_its_message() {
        assert_eq!(sample().problems(), []);
        let mut c = sample();
        c.registry.tax_code = "06363391002".into();
        c.registry.name = "".into();
        c.registry.ateco = "47.11.00".into();
        c.legal_site.municipality = "058091".into();
        c.contacts.phone = " ".into();
        let problems = c.problems();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(matches!(problems[0], RecordProblem::TaxCode(_)));
        assert!(matches!(problems[2], RecordProblem::Ateco(AtecoError::Unknown { .. })));
        assert_eq!(problems[4].message_it(), "Inserisci almeno un recapito dell'impresa: telefono o e-mail.");
        assert!(problems[3].message_it().contains("comuni pugliesi"));
        let mut c = sample();
        c.sites.insert(
            "s1".into(),
            Site { address: "Zona Industriale".into(), municipality: "072011".into(), ..Default::default() },
        );
        c.needs
            .professions
            .insert("p1".into(), ProfessionNeed { profession: "6.5.1.1.1".into(), count: 1, ..Default::default() });
        assert_eq!(c.problems(), []);
        c.sites.insert("s2".into(), Site { municipality: "".into(), ..Default::default() });
        c.needs
            .professions
            .insert("p2".into(), ProfessionNeed { profession: "65111".into(), count: 1, ..Default::default() });
        assert_eq!(
            c.problems(),
            [RecordProblem::SiteMunicipality("s2".into()), RecordProblem::Profession("p2".into())]
        );
    }

    #[test]
    fn services_carry_the_charters_standard_and_the_origin() {
        let f1 = catalogue().get("F1").unwrap().duration_for(DurationGroup::Employers);
        assert_eq!(standard_minutes("F1"), f1);
        assert!(standard_minutes("F2").is_some() && standard_minutes("F3").is_some());
        assert_eq!(standard_minutes("B1"), None, "a citizens' service");
        let today = date(2026, 10, 14);
        let mut c = sample();
        assert_eq!(
            c.record_service("x", "B1", "2026-10-14", "30", Origin::Spontaneous, today, "anna", ""),
            Err(ServiceError::NotAnEmployerService)
        );
        assert_eq!(
            c.record_service("x", "F2", "2026-10-15", "30", Origin::Spontaneous, today, "anna", ""),
            Err(ServiceError::Entry(EntryError::ServiceDateMissingOrFuture))
        );
        assert_eq!(
            c.record_service("x", "F2", "2026-10-14", "0", Origin::Spontaneous, today, "anna", ""),
            Err(ServiceError::Entry(EntryError::MinutesOutOfRange))
        );
        assert!(c.services.is_empty());
        assert_eq!(c.origin(), None);
        assert_eq!(c.default_origin(), Origin::Spontaneous);
        c.record_event("e1", Event::Select, date(2026, 10, 1), today, "anna", "").unwrap();
        c.record_event("e2", Event::SendLetter, date(2026, 10, 2), today, "anna", "").unwrap();
        assert_eq!(c.default_origin(), Origin::Promotion);
        c.record_service("b", "F2", "2026-10-14", "140", Origin::Promotion, today, "anna", "").unwrap();
        c.record_service("a", "F1", "2026-10-13", "20", Origin::Promotion, today, "anna", "").unwrap();
        assert_eq!(c.origin(), Some(Origin::Promotion));
        assert_eq!(c.services["b"].minutes, 140);
    }

    #[test]
    fn campaign_steps_are_recorded_in_order_or_refused() {
        let today = date(2026, 10, 14);
        let mut c = sample();
        let refused = c.record_event("e0", Event::SendLetter, date(2026, 10, 1), today, "anna", "");
        assert!(matches!(refused, Err(TransitionError::OutOfOrder { .. })));
        assert!(c.campaign.is_empty());
        c.record_event("e1", Event::Select, date(2026, 10, 1), today, "anna", "").unwrap();
        c.record_event("e2", Event::SendLetter, date(2026, 10, 2), today, "anna", "").unwrap();
        assert_eq!(
            c.record_event("e3", Event::Call(CallOutcome::Interested), date(2026, 10, 15), today, "anna", ""),
            Err(TransitionError::InTheFuture)
        );
        let s =
            c.record_event("e3", Event::Call(CallOutcome::Interested), date(2026, 10, 5), today, "anna", "").unwrap();
        assert_eq!(s.stage, Stage::Called);
        let s = c.record_event("e4", Event::BookVisit(date(2026, 10, 20)), today, today, "anna", "").unwrap();
        assert_eq!((s.stage, s.visit_on), (Stage::VisitBooked, Some(date(2026, 10, 20))));
        assert_eq!(c.campaign_state().0, s);
    }

    #[test]
    fn the_l68_obligation_from_the_computable_staff() {
        let mut c = sample();
        c.staff.l68_computable = 51;
        c.staff.l68_covered = 1;
        assert_eq!(c.l68(), L68Obligation { quota: 4, art18: 1, missing: 3 });
        c.staff.l68_computable = 14;
        assert_eq!(c.l68(), L68Obligation { quota: 0, art18: 0, missing: 0 });
    }

    #[test]
    fn contacts_and_needs_are_recorded_or_refused_with_their_reason() {
        let mut c = sample();
        assert_eq!(c.record_contact("h1", "2026-10-06T10:30", "fax", "anna", "x"), Err(EntryProblem::UnknownChannel));
        assert_eq!(
            c.record_contact("h1", "2026-10-06T10:30", "telefono", "anna", "  "),
            Err(EntryProblem::SummaryMissing)
        );
        assert!(c.history.is_empty());
        c.record_contact("h1", "2026-10-06T10:30", "telefono", "anna", " Fissata la visita ").unwrap();
        assert_eq!(c.history["h1"].summary, "Fissata la visita");
        assert_eq!(c.add_need("p1", "65111", "2", ""), Err(EntryProblem::NotACp2021Code));
        assert_eq!(c.add_need("p1", "6.5.1.1.1", "0", ""), Err(EntryProblem::CountOutOfRange));
        assert_eq!(c.add_need("p1", "6.5.1.1.1", "tre", ""), Err(EntryProblem::CountOutOfRange));
        assert!(c.needs.professions.is_empty());
        c.add_need("p1", " 6.5.1.1.1 ", "3", "panettieri").unwrap();
        assert_eq!(c.needs.professions["p1"].count, 3);
        assert_eq!(c.problems(), []);
        assert!(EntryProblem::NotACp2021Code.message_it().contains("CP2021"));
    }

    #[test]
    fn a_malformed_entry_written_by_another_peer_is_left_out() {
        let mut c = sample();
        c.record_service("good", "F1", "2026-10-06", "25", Origin::Spontaneous, date(2026, 10, 6), "anna", "").unwrap();
        let mut doc = AutoCommit::new();
        crate::docs::write(&mut doc, &c).unwrap();
        let services = doc.get(ROOT, "services").unwrap().unwrap().1;
        doc.put(&services, "bad", "not a service").unwrap();
        let history = doc.get(ROOT, "history").unwrap().unwrap().1;
        let junk = doc.put_object(&history, "junk", ObjType::Map).unwrap();
        doc.put(&junk, "at", 42).unwrap();
        let back: Company = crate::docs::read(&doc).unwrap();
        assert_eq!(back.services.keys().collect::<Vec<_>>(), ["good"]);
        assert!(back.history.is_empty());
    }

    #[test]
    fn two_offline_officers_keep_both_fields_both_characters_and_both_services() {
        let mut base = AutoCommit::new();
        crate::docs::write(&mut base, &sample()).unwrap();
        let (mut a, mut b) = (base.fork(), base.fork());
        let today = date(2026, 10, 14);
        let mut ca: Company = crate::docs::read(&a).unwrap();
        ca.staff.ccnl.set("Panificazione");
        ca.needs.training.set("HACCP");
        ca.record_service("sa", "F2", "2026-10-14", "120", Origin::Promotion, today, "anna", "").unwrap();
        crate::docs::write(&mut a, &ca).unwrap();
        let mut cb: Company = crate::docs::read(&b).unwrap();
        cb.contacts.email.set("info@fornolorusso.it");
        cb.needs.training.set("Sicurezza");
        cb.record_service("sb", "F3", "2026-10-14", "90", Origin::Promotion, today, "marco", "").unwrap();
        crate::docs::write(&mut b, &cb).unwrap();
        a.merge(&mut b).unwrap();
        let merged: Company = crate::docs::read(&a).unwrap();
        assert_eq!(merged.staff.ccnl, "Panificazione");
        assert_eq!(merged.contacts.email, "info@fornolorusso.it");
        let training = merged.needs.training.as_str();
        assert!(training.contains("HACCP") && training.contains("Sicurezza"), "{training}");
        assert_eq!(merged.services.len(), 2);
    }
}
