//! How large a document may grow and how much one device may write. The relay refuses a
//! change past either before storing or forwarding it, so one device cannot fill the disk,
//! the memory of the relay or the storage of every other device of its CPI.
//!
//! The limits come from real use with a wide margin (the tests below build the largest
//! legitimate document of each kind and check it fits in a quarter of its limit).

use crate::access::{AccessClass, Principal};

/// What a document is, as far as its size goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A day's queue of tickets.
    Queue,
    /// A CPI's agenda of B1 interviews (holds only ever added).
    Agenda,
    /// What a totem hands over (a DID declaration, feedback).
    Handover,
    /// A citizen's dossier.
    Dossier,
    /// A CPI's index of dossiers (one line per person).
    Index,
    /// A company's record (scheda anagrafica aziendale), audited like a dossier.
    Company,
    /// A CPI's index of companies (one line per company).
    CompanyIndex,
    /// A CPI's public documents (the board, vacancies).
    Public,
    /// Any other working document of the CPI's staff.
    Working,
}

impl DocumentKind {
    /// The kind of a document from its access class and its root `kind`.
    pub fn of(class: &AccessClass, root_kind: Option<&str>) -> DocumentKind {
        match (class, root_kind) {
            (AccessClass::Queue { .. }, Some(crate::docs::agenda::AGENDA_KIND)) => DocumentKind::Agenda,
            (AccessClass::Queue { .. }, _) => DocumentKind::Queue,
            (AccessClass::Outbox { .. }, _) => DocumentKind::Handover,
            (AccessClass::Public { .. }, _) => DocumentKind::Public,
            (AccessClass::Private { .. }, Some(crate::docs::dossier::DOSSIER_KIND)) => DocumentKind::Dossier,
            (AccessClass::Private { .. }, Some(crate::docs::index::INDEX_KIND)) => DocumentKind::Index,
            (AccessClass::Private { .. }, Some(crate::employers::company::COMPANY_KIND)) => DocumentKind::Company,
            (AccessClass::Private { .. }, Some(crate::employers::index::COMPANY_INDEX_KIND)) => {
                DocumentKind::CompanyIndex
            }
            (AccessClass::Private { .. }, _) => DocumentKind::Working,
        }
    }

    /// The most bytes its saved form (with history) may take.
    pub const fn max_bytes(self) -> usize {
        match self {
            // 1,000 tickets a day with their calls, about 400 bytes each.
            DocumentKind::Queue => 512 * KB,
            // Two years of a busy CPI's bookings, about 100 bytes a hold.
            DocumentKind::Agenda => 8 * 1024 * KB,
            // A declaration is a few hundred bytes of form fields.
            DocumentKind::Handover => 32 * KB,
            // Years of steps, services and a CV.
            DocumentKind::Dossier => 1024 * KB,
            // 100,000 people at about 27 bytes compressed each, plus history.
            DocumentKind::Index => 24 * 1024 * KB,
            // Years of services, contacts and campaign steps, and two drawn signatures.
            DocumentKind::Company => 1024 * KB,
            // 20,000 companies, each line rewritten at every campaign step (three rounds of
            // rewrites measured at 0.7 MB).
            DocumentKind::CompanyIndex => 8 * 1024 * KB,
            DocumentKind::Public => 2 * 1024 * KB,
            DocumentKind::Working => 1024 * KB,
        }
    }

    fn name_it(self) -> &'static str {
        match self {
            DocumentKind::Queue => "la coda del giorno",
            DocumentKind::Agenda => "l'agenda dei colloqui",
            DocumentKind::Handover => "una dichiarazione",
            DocumentKind::Dossier => "un fascicolo",
            DocumentKind::Index => "l'indice dei fascicoli",
            DocumentKind::Company => "una scheda aziendale",
            DocumentKind::CompanyIndex => "l'indice delle imprese",
            DocumentKind::Public => "un documento pubblico",
            DocumentKind::Working => "un documento di lavoro",
        }
    }
}

const KB: usize = 1024;

/// The largest sync message a device may send: the largest document it may create whole
/// (a dossier) with room for the protocol around it. The relay refuses larger frames before
/// buffering them.
pub const MAX_INCOMING_FRAME_BYTES: usize = 2 * 1024 * KB;

/// How much one device may write: `burst` bytes at once, refilled at `per_hour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteBudget {
    pub burst: u64,
    pub per_hour: u64,
}

impl WriteBudget {
    /// A desk creates dossiers and edits them all day; a totem prints tickets and hands
    /// over declarations, a few hundred bytes each.
    pub fn of(who: &Principal) -> WriteBudget {
        match who {
            Principal::Operator { .. } => WriteBudget { burst: 8 * 1024 * KB as u64, per_hour: 32 * 1024 * KB as u64 },
            _ => WriteBudget { burst: 256 * KB as u64, per_hour: 512 * KB as u64 },
        }
    }
}

/// What a device has left of its [`WriteBudget`] (a token bucket, refilled continuously).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetLeft {
    pub bytes: u64,
    pub at_ms: i64,
}

impl BudgetLeft {
    pub fn full(budget: WriteBudget, now_ms: i64) -> BudgetLeft {
        BudgetLeft { bytes: budget.burst, at_ms: now_ms }
    }

    /// Spends `bytes` at `now_ms`: the budget left after, or the refusal (nothing spent).
    pub fn spend(self, budget: WriteBudget, bytes: u64, now_ms: i64) -> Result<BudgetLeft, QuotaExceeded> {
        let elapsed = u64::try_from(now_ms.saturating_sub(self.at_ms)).unwrap_or(0);
        let refill = budget.per_hour.saturating_mul(elapsed) / 3_600_000;
        let available = self.bytes.saturating_add(refill).min(budget.burst);
        match available.checked_sub(bytes) {
            Some(left) => Ok(BudgetLeft { bytes: left, at_ms: now_ms.max(self.at_ms) }),
            None => Err(QuotaExceeded::Budget { per_hour: budget.per_hour }),
        }
    }
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuotaExceeded {
    Document { kind: DocumentKind, bytes: usize },
    Budget { per_hour: u64 },
    Frame { bytes: usize },
}

impl QuotaExceeded {
    pub fn message_it(&self) -> String {
        match self {
            QuotaExceeded::Document { kind, bytes } => format!(
                "Modifica rifiutata: {} supererebbe il limite di {} KB ({} KB).",
                kind.name_it(),
                kind.max_bytes() / KB,
                bytes / KB
            ),
            QuotaExceeded::Budget { per_hour } => format!(
                "Modifica rifiutata: questo dispositivo ha scritto più di quanto consentito ({} KB all'ora). Riprova più tardi.",
                per_hour / KB as u64
            ),
            QuotaExceeded::Frame { bytes } => format!(
                "Messaggio rifiutato: {} KB oltre il limite di {} KB.",
                bytes / KB,
                MAX_INCOMING_FRAME_BYTES / KB
            ),
        }
    }
}

/// Whether a document of `kind` may be `bytes` large once the change is applied.
pub fn check_document(kind: DocumentKind, bytes: usize) -> Result<(), QuotaExceeded> {
    if bytes > kind.max_bytes() {
        Err(QuotaExceeded::Document { kind, bytes })
    } else {
        Ok(())
    }
}

/// Whether a frame of `bytes` may be read at all.
pub fn check_frame(bytes: usize) -> Result<(), QuotaExceeded> {
    if bytes > MAX_INCOMING_FRAME_BYTES {
        Err(QuotaExceeded::Frame { bytes })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::catalogue::Area;
    use crate::docs::queue::QueueDay;
    use crate::queue::{Priority, TotemCode};
    use automerge::AutoCommit;

    fn saved_size<T: autosurgeon::Reconcile>(values: impl IntoIterator<Item = T>) -> usize {
        let mut doc = AutoCommit::new();
        for value in values {
            crate::docs::write(&mut doc, &value).unwrap();
            doc.commit();
        }
        doc.save().len()
    }

    #[test]
    fn a_busy_day_of_tickets_fits_a_quarter_of_the_queue_limit() {
        // 600 tickets from 4 totems, each called, served and done, saved every 20 tickets.
        let mut day = QueueDay::new("bari", "2027-01-15");
        let mut versions = Vec::new();
        for i in 0..600i64 {
            let totem = TotemCode::from_index((i % 4) as usize).unwrap();
            let area = [Area::A, Area::B, Area::C][(i % 3) as usize];
            let ticket = day.issue(totem, area, Priority::Normal, i * 20_000, "0123456789abcdef0123456789abcdef", 0);
            let number = ticket.unwrap().number;
            day.update(number, |t| t.call(1 + (i % 6) as u16, i * 20_000 + 5_000)).unwrap();
            day.update(number, |t| t.start(i * 20_000 + 6_000)).unwrap();
            day.update(number, |t| t.done(i * 20_000 + 9_000)).unwrap();
            if i % 20 == 0 {
                versions.push(day.clone());
            }
        }
        versions.push(day);
        let bytes = saved_size(versions);
        assert!(bytes * 4 <= DocumentKind::Queue.max_bytes(), "{bytes} bytes");
    }

    #[test]
    fn two_years_of_bookings_fit_a_quarter_of_the_agenda_limit() {
        use crate::docs::agenda::{Agenda, Hold};
        use automerge::ReadDoc;
        // 40 bookings a working day for two years (about 500 days), one in ten booked again,
        // committed every 40 holds as a totem or a desk would: each hold is a new map entry.
        let mut doc = AutoCommit::new();
        crate::docs::write(&mut doc, &Agenda::new("bari")).unwrap();
        let (_, holds) = doc.get(automerge::ROOT, "holds").unwrap().unwrap();
        for i in 0..20_000i64 {
            let reference = format!("{:022}", i - i64::from(i % 10 == 9));
            let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Duration::days(i / 40);
            let hold = Hold {
                slot: format!("{day}T{:02}:30", 8 + i % 5).into(),
                holder: ["B", "C", "sportello"][(i % 3) as usize].into(),
                booked_at: 1_800_000_000_000 + i * 60_000,
                reference: reference.into(),
                limit: (day + chrono::Duration::days(60)).to_string().into(),
                operator: "".into(),
            };
            autosurgeon::reconcile_prop(&mut doc, &holds, format!("{:022}", 1_000_000 + i).as_str(), &hold).unwrap();
            if i % 40 == 0 {
                doc.commit();
            }
        }
        let bytes = doc.save().len();
        assert!(bytes * 4 <= DocumentKind::Agenda.max_bytes(), "{bytes} bytes");
    }

    #[test]
    fn a_declaration_and_a_full_dossier_fit_a_quarter_of_their_limits() {
        use crate::docs::outbox::{DidDeclaration, Outbox, OutboxItem, DID_KIND};
        let long = |n: usize| "x".repeat(n);
        let mut outbox = Outbox::new("bari", "totem-1", "2027-01-15T09:00");
        outbox.items.push(OutboxItem {
            id: long(32).into(),
            kind: DID_KIND.into(),
            created_at: "2027-01-15T09:00".into(),
            handled_by: None,
            did: Some(DidDeclaration {
                codice_fiscale: "RSSMRA85T10A662Y".into(),
                surname: long(60).into(),
                name: long(60).into(),
                phone: long(20).into(),
                email: long(80).into(),
                declared_on: "2027-01-15".into(),
                interview_slot: "2027-01-20T09:30".into(),
            }),
        });
        let bytes = saved_size([outbox]);
        assert!(bytes * 4 <= DocumentKind::Handover.max_bytes(), "{bytes} bytes");
        // Ten years of a busy pathway: every entry of a generated dossier repeated 40 times,
        // one save per addition, as the desk writes them.
        let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let sample = crate::demo::dossiers("bari", 50, 7, today, &["anna"])
            .into_iter()
            .max_by_key(|d| d.steps.len() + d.services.len())
            .unwrap();
        let mut dossier = sample.clone();
        let mut versions = vec![dossier.clone()];
        for _ in 0..40 {
            dossier.steps.extend(sample.steps.iter().cloned());
            dossier.services.extend(sample.services.iter().cloned());
            dossier.experience.extend(sample.experience.iter().cloned());
            dossier.pai_actions.extend(sample.pai_actions.iter().cloned());
            versions.push(dossier.clone());
        }
        let largest = saved_size(versions);
        assert!(largest * 4 <= DocumentKind::Dossier.max_bytes(), "{largest} bytes");
    }

    #[test]
    fn kinds_follow_the_class_and_the_root_kind() {
        let private = AccessClass::Private { cpi: "bari".into() };
        assert_eq!(DocumentKind::of(&private, Some("dossier")), DocumentKind::Dossier);
        assert_eq!(DocumentKind::of(&private, Some("index")), DocumentKind::Index);
        assert_eq!(DocumentKind::of(&private, None), DocumentKind::Working);
        assert_eq!(DocumentKind::of(&private, Some("company")), DocumentKind::Company);
        assert_eq!(DocumentKind::of(&private, Some("company_index")), DocumentKind::CompanyIndex);
        let public = AccessClass::Public { cpi: "bari".into() };
        assert_eq!(DocumentKind::of(&public, Some("company")), DocumentKind::Public);
        let outbox = AccessClass::Outbox { cpi: "bari".into(), device: "t".into() };
        assert_eq!(DocumentKind::of(&outbox, Some("dossier")), DocumentKind::Handover);
        assert_eq!(DocumentKind::of(&AccessClass::Queue { cpi: "bari".into() }, None), DocumentKind::Queue);
        let queue = AccessClass::Queue { cpi: "bari".into() };
        assert_eq!(DocumentKind::of(&queue, Some("agenda")), DocumentKind::Agenda);
        assert!(check_document(DocumentKind::Handover, 32 * KB).is_ok());
        assert_eq!(
            check_document(DocumentKind::Handover, 10 * 1024 * KB),
            Err(QuotaExceeded::Document { kind: DocumentKind::Handover, bytes: 10 * 1024 * KB })
        );
        assert!(check_frame(MAX_INCOMING_FRAME_BYTES).is_ok());
        assert!(check_frame(MAX_INCOMING_FRAME_BYTES + 1).is_err());
    }

    #[test]
    fn a_device_spends_its_burst_then_what_refills() {
        let totem = Principal::Totem { device: "t".into(), cpi: "bari".into() };
        let budget = WriteBudget::of(&totem);
        let desk =
            Principal::Operator { username: "u".into(), name: "U".into(), cpi: "bari".into(), role: Role::Operator };
        assert!(WriteBudget::of(&desk).burst > budget.burst);
        let full = BudgetLeft::full(budget, 0);
        let empty = full.spend(budget, budget.burst, 0).unwrap();
        assert_eq!(empty.bytes, 0);
        assert_eq!(empty.spend(budget, 1, 0), Err(QuotaExceeded::Budget { per_hour: budget.per_hour }));
        // Half an hour refills half the hourly amount, never beyond the burst.
        let later = empty.spend(budget, budget.per_hour / 2, 1_800_000).unwrap();
        assert_eq!(later.bytes, 0);
        assert_eq!(empty.spend(budget, 0, 100 * 3_600_000).unwrap().bytes, budget.burst);
    }

    #[test]
    fn a_busy_company_and_twenty_thousand_companies_fit_a_quarter_of_their_limits() {
        use crate::employers::company::{ContactEntry, Signature};
        use crate::employers::index::{init, put_entry};
        let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        // Ten years of a company followed closely: 20 services, 25 contacts and 5 campaign
        // steps a year, saved after every five additions, and two signatures of 400 points.
        let mut company = crate::demo::companies("bari", 40, 3, today, &["anna"])
            .into_iter()
            .max_by_key(|c| c.campaign.len() + c.services.len())
            .unwrap();
        let mut versions = vec![company.clone()];
        let stroke: String = (0..400).map(|i| format!("L{} {} ", 100 + i % 300, 50 + (i * 7) % 120)).collect();
        for who in ["cpi", "azienda"] {
            let signature = Signature {
                signer: "Maria Rossi".into(),
                signed_at: "2027-01-15T10:00".into(),
                path: stroke.as_str().into(),
                text_hash: "a".repeat(64).as_str().into(),
            };
            company.convenzione.signatures.insert(who.into(), signature);
        }
        let sample_service = company.services.values().next().cloned().unwrap_or_default();
        let sample_event = company.campaign.values().next().cloned().unwrap();
        for i in 0..500 {
            match i % 10 {
                0..=3 => drop(company.services.insert(format!("s-{i}"), sample_service.clone())),
                4..=8 => drop(company.history.insert(
                    format!("h-{i}"),
                    ContactEntry {
                        at: "2027-01-15T10:00".into(),
                        channel: "telefono".into(),
                        operator: "anna".into(),
                        summary: "Telefonata al referente per aggiornare il fabbisogno di personale.".into(),
                    },
                )),
                _ => drop(company.campaign.insert(format!("e-{i}"), sample_event.clone())),
            }
            if i % 5 == 4 {
                versions.push(company.clone());
            }
        }
        let bytes = saved_size(versions);
        assert!(bytes * 4 <= DocumentKind::Company.max_bytes(), "{bytes} bytes");

        // 20,000 companies, each line written three times (selected, letter, call).
        let entries = crate::demo::company_index_entries("bari", 20_000, 9, today);
        let mut doc = AutoCommit::new();
        init(&mut doc, "bari").unwrap();
        for round in 0..3 {
            for e in &entries {
                let mut e = e.clone();
                e.employees += round;
                put_entry(&mut doc, &e).unwrap();
            }
            doc.commit();
        }
        let bytes = doc.save().len();
        assert!(bytes * 4 <= DocumentKind::CompanyIndex.max_bytes(), "{bytes} bytes");
    }
}
