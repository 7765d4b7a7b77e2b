//! The visiting officer's plan: which companies the tablet keeps for the coming days. Booked
//! visits come first, from the company index's campaign state, soonest first.

use super::campaign::Stage;
use super::index::CompanyEntry;
use chrono::NaiveDate;

/// How far ahead the plan proposes booked visits.
pub const PLAN_DAYS: i64 = 14;

/// Positions in `entries` of the visits booked from `today` to [`PLAN_DAYS`] ahead (a visit
/// booked in the past and not yet recorded too: it is still owed), soonest first, ties by name.
pub fn booked_visits(entries: &[CompanyEntry], today: NaiveDate) -> Vec<usize> {
    let until = today + chrono::Duration::days(PLAN_DAYS);
    let mut out: Vec<(NaiveDate, &str, usize)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.campaign.stage == Stage::VisitBooked)
        .filter_map(|(i, e)| Some((e.campaign.visit_on?, e.name.as_str(), i)))
        .filter(|(day, _, _)| *day <= until)
        .collect();
    out.sort_unstable();
    out.into_iter().map(|(_, _, i)| i).collect()
}

/// What a tablet keeps of the records it holds (dossiers and companies, by document id): the
/// visit plan, the records pinned for offline work and those on screen now.
#[derive(Debug, Clone, Copy)]
pub struct Kept<'a, Id> {
    pub planned: &'a [Id],
    pub pinned: &'a [Id],
    pub on_screen: &'a [Id],
}

impl<Id: PartialEq> Kept<'_, Id> {
    fn keeps(&self, id: &Id) -> bool {
        [self.planned, self.pinned, self.on_screen].iter().any(|list| list.contains(id))
    }
}

/// The records a tablet lets go (ids in `held`'s order): every one it holds that it does not
/// keep, so a record opened from a search or the campaign leaves once the officer moves on.
/// The device drops each only once the relay has all its changes.
pub fn to_release<'a, Id: PartialEq>(held: &'a [Id], kept: Kept<'_, Id>) -> Vec<&'a Id> {
    held.iter().filter(|id| !kept.keeps(id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::employers::campaign::CampaignState;
    use crate::employers::rules::TurnoverBand;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, d).unwrap()
    }

    fn entry(id: &str, name: &str, stage: Stage, visit_on: Option<NaiveDate>) -> CompanyEntry {
        CompanyEntry {
            company: id.into(),
            tax_code: "06363391001".into(),
            name: name.into(),
            municipality: "072006".into(),
            ateco: "10.71.10".into(),
            employees: 10,
            turnover: TurnoverBand::from_code(""),
            campaign: CampaignState { stage, visit_on, ..Default::default() },
        }
    }

    #[test]
    fn booked_visits_of_the_coming_days_soonest_first_and_nothing_else() {
        let entries = [
            entry("a", "Zeta", Stage::VisitBooked, Some(day(9))),
            entry("b", "Alfa", Stage::VisitBooked, Some(day(7))),
            entry("c", "Beta", Stage::VisitBooked, Some(day(7))),
            entry("d", "Gamma", Stage::Visited, Some(day(6))),
            entry("e", "Delta", Stage::Called, None),
            entry("f", "Epsilon", Stage::VisitBooked, Some(day(30))),
            entry("g", "Eta", Stage::VisitBooked, Some(day(2))),
        ];
        let ids: Vec<&str> = booked_visits(&entries, day(6)).into_iter().map(|i| entries[i].company.as_str()).collect();
        assert_eq!(ids, ["g", "b", "c", "a"]);
    }

    #[test]
    fn a_tablet_lets_go_of_every_record_neither_planned_pinned_nor_on_screen() {
        let held = ["a", "b", "c", "d", "e"];
        let kept = Kept { planned: &["b"], pinned: &["d"], on_screen: &["e"] };
        assert_eq!(to_release(&held, kept), [&"a", &"c"]);
        let none: [&str; 0] = [];
        let nothing_kept = Kept { planned: &none, pinned: &none, on_screen: &none };
        assert_eq!(to_release(&held, nothing_kept).len(), held.len());
        let all = Kept { planned: &held, pinned: &none, on_screen: &none };
        assert!(to_release(&held, all).is_empty());
    }
}
