//! The worklist of a CPI: every open deadline it owes its citizens, computed from the dossier
//! index and the DIDs declared at its totems, in the order of [`pathway::order_worklist`].

use crate::calendar::WorkingCalendar;
use crate::docs::index::IndexEntry;
use crate::pathway::{self, WorklistItem};
use chrono::NaiveDate;

/// A DID declared at a totem that no operator has confirmed yet. `reference` says where it
/// is (outbox document and item), never who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingTotemDid {
    pub reference: String,
    pub declared_on: NaiveDate,
}

/// The open deadlines: B1 for every DID without an interview, D1 for every state of
/// unemployment without a PAI proposal, and the confirmation of totem DIDs. A deadline
/// disappears as soon as the act is recorded, whatever its date.
pub fn worklist(entries: &[IndexEntry], totem_dids: &[PendingTotemDid], cal: &WorkingCalendar) -> Vec<WorklistItem> {
    let mut items = Vec::new();
    for entry in entries {
        let m = &entry.milestones;
        if let (Some(did), None) = (m.did, m.interview) {
            items.push(WorklistItem {
                person_ref: entry.dossier.clone(),
                deadline: pathway::orientation_interview_deadline(did, cal),
            });
        }
        if m.pai.is_none() {
            if let Some(deadline) = pathway::pai_proposal_deadline(&entry.person_facts(), cal) {
                items.push(WorklistItem { person_ref: entry.dossier.clone(), deadline });
            }
        }
    }
    for did in totem_dids {
        items.push(WorklistItem {
            person_ref: did.reference.clone(),
            deadline: pathway::totem_did_confirmation_deadline(did.declared_on, cal),
        });
    }
    pathway::order_worklist(&mut items, cal);
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codice_fiscale::Sex;
    use crate::cpi::cpi_by_slug;
    use crate::docs::dossier::{Dossier, StepKind};
    use crate::pathway::DeadlineKind;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn bari() -> WorkingCalendar {
        WorkingCalendar::for_cpi(cpi_by_slug("bari").unwrap(), 2026..=2028)
    }

    fn person(id: &str, birth: NaiveDate, sex: Sex, steps: &[(StepKind, NaiveDate)]) -> IndexEntry {
        let mut d = Dossier::new("bari", "RSSMRA80A01H501U", "Rossi", "Mario", birth, sex);
        for (i, (kind, on)) in steps.iter().enumerate() {
            d.add_step(&i.to_string(), *kind, *on, "op", "");
        }
        IndexEntry::from_dossier(id, &d).unwrap()
    }

    fn kinds(items: &[WorklistItem]) -> Vec<(String, DeadlineKind, NaiveDate)> {
        items.iter().map(|i| (i.person_ref.clone(), i.deadline.kind, i.deadline.due)).collect()
    }

    #[test]
    fn a_did_opens_the_interview_and_pai_deadlines_across_san_nicola() {
        // DID on 6 Oct 2026: 6 Dec is a Sunday and Bari's patron day, so B1 is due Mon 7 Dec.
        let man = person("a", date(1970, 5, 5), Sex::Male, &[(StepKind::Did, date(2026, 10, 6))]);
        let items = worklist(&[man], &[], &bari());
        assert_eq!(
            kinds(&items),
            [
                ("a".into(), DeadlineKind::OrientationInterview, date(2026, 12, 7)),
                // A man of 56: six months.
                ("a".into(), DeadlineKind::PaiProposal, date(2027, 4, 6)),
            ]
        );
    }

    #[test]
    fn a_young_woman_gets_four_months_and_recorded_acts_close_deadlines() {
        let did = date(2026, 10, 6);
        let woman = person("w", date(1995, 3, 3), Sex::Female, &[(StepKind::Did, did)]);
        let items = worklist(&[woman], &[], &bari());
        assert_eq!(items[1].deadline.due, date(2027, 2, 8), "4 months: 6 Feb 2027 is a Saturday");

        let done = person(
            "d",
            date(1995, 3, 3),
            Sex::Female,
            &[(StepKind::Did, did), (StepKind::Interview, date(2026, 10, 20)), (StepKind::Pai, date(2026, 11, 2))],
        );
        assert!(worklist(&[done], &[], &bari()).is_empty());
        let no_did = person("n", date(1995, 3, 3), Sex::Female, &[]);
        assert!(worklist(&[no_did], &[], &bari()).is_empty());
    }

    #[test]
    fn totem_dids_and_older_deadlines_come_first() {
        let late = person("late", date(1970, 1, 1), Sex::Male, &[(StepKind::Did, date(2026, 6, 1))]);
        let fresh = person("fresh", date(1970, 1, 1), Sex::Male, &[(StepKind::Did, date(2026, 11, 20))]);
        let totem = PendingTotemDid { reference: "outbox/1".into(), declared_on: date(2026, 11, 26) };
        let items = worklist(&[fresh, late], &[totem], &bari());
        let order: Vec<_> = items.iter().map(|i| (i.person_ref.as_str(), i.deadline.kind)).collect();
        assert_eq!(
            order,
            [
                ("late", DeadlineKind::OrientationInterview),
                ("outbox/1", DeadlineKind::TotemDidConfirmation),
                // Six months from 1 Jun: 1 Dec 2026, before the fresh B1 (20 Jan 2027).
                ("late", DeadlineKind::PaiProposal),
                ("fresh", DeadlineKind::OrientationInterview),
                ("fresh", DeadlineKind::PaiProposal),
            ]
        );
    }
}
