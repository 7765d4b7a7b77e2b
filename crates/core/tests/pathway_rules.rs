//! The worklist rules of the domain brief (sections 3-4), through the public API only.

use chrono::NaiveDate;
use sportello_core::calendar::WorkingCalendar;
use sportello_core::catalogue::DurationGroup;
use sportello_core::codice_fiscale::Sex;
use sportello_core::cpi::cpi_by_slug;
use sportello_core::pathway::{
    citizen_deadlines, order_worklist, preselection_deadline, primary_duration_group, standard_minutes, status,
    totem_did_confirmation_deadline, DeadlineKind, DeadlineStatus, PersonFacts, WorklistItem,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_bari_citizen_through_the_pathway() {
    let bari = WorkingCalendar::for_cpi(cpi_by_slug("bari").unwrap(), 2026..=2027);
    // A 22-year-old man with a diploma declares his DID at a totem on Tuesday 6 October 2026.
    let mut facts = PersonFacts::new(date(2004, 2, 1), Sex::Male);
    facts.has_upper_secondary_diploma = true;
    facts.did_date = Some(date(2026, 10, 6));
    let today = date(2026, 10, 6);
    assert_eq!(primary_duration_group(&facts, today), DurationGroup::T1);
    assert_eq!(standard_minutes("B1", &facts, today), Some(60));

    let totem = totem_did_confirmation_deadline(date(2026, 10, 6), &bari);
    assert_eq!(totem.due, date(2026, 10, 8));
    let deadlines = citizen_deadlines(&facts, &bari);
    // B1: 6 December 2026 is a Sunday and San Nicola -> Monday 7 December.
    assert_eq!(deadlines[0].kind, DeadlineKind::OrientationInterview);
    assert_eq!(deadlines[0].due, date(2026, 12, 7));
    // D1 for a young person: 4 months -> Saturday 6 February 2027 -> Monday 8 February.
    assert_eq!(deadlines[1].kind, DeadlineKind::PaiProposal);
    assert_eq!(deadlines[1].due, date(2027, 2, 8));

    let mut worklist: Vec<WorklistItem> = deadlines
        .into_iter()
        .chain([totem])
        .map(|deadline| WorklistItem { person_ref: "dossier-1".into(), deadline })
        .collect();
    worklist.push(WorklistItem {
        person_ref: "company-7".into(),
        deadline: preselection_deadline(date(2026, 12, 3), None, &bari),
    });
    order_worklist(&mut worklist, &bari);
    let kinds: Vec<DeadlineKind> = worklist.iter().map(|i| i.deadline.kind).collect();
    assert_eq!(
        kinds,
        [
            DeadlineKind::TotemDidConfirmation,
            DeadlineKind::OrientationInterview,
            DeadlineKind::PreselectionProfiles,
            DeadlineKind::PaiProposal
        ]
    );
    // Seen on Thursday 10 December 2026.
    let on = date(2026, 12, 10);
    let statuses: Vec<DeadlineStatus> = worklist.iter().map(|i| status(&i.deadline, on, &bari)).collect();
    assert_eq!(statuses[0], DeadlineStatus::Overdue { working_days_late: 44 });
    assert_eq!(statuses[1], DeadlineStatus::Overdue { working_days_late: 2 });
    // G1 from Thursday 3 Dec: 4, 7, (8 Immacolata), 9, 10, 11 -> due Friday 11.
    assert_eq!(statuses[2], DeadlineStatus::DueSoon { working_days_left: 1 });
    assert!(matches!(statuses[3], DeadlineStatus::Open { .. }));
}
