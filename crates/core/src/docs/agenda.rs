//! A CPI's agenda of B1 interviews: the slots held by its totems and its desk, one document
//! per CPI (class `Queue`: every device of the CPI reads it, totems add to it). Times only,
//! no names: a hold carries the slot, who placed it (a totem's letter or the desk), when,
//! an opaque reference (the declaration's or the desk booking's) and the last day it may
//! move to. Nothing is ever removed: booking again under the same reference supersedes the
//! earlier hold, so a totem only ever adds, and the relay checks it does
//! ([`totem_change`]).
//!
//! Two totems offline may hold the same slot. Every device resolves it alike: of the holds
//! in force on one slot the earliest booked wins, then the lower holder, then the lower id
//! ([`Agenda::bookings`]); the others have lost it and are offered the first free slot within
//! their limit ([`Agenda::proposal`]).

use super::Label;
use super::{child, map_keys, unknown_field};
use crate::booking::{self, Slot};
use crate::calendar::WorkingCalendar;
use crate::docs::board::Board;
use autosurgeon::{Hydrate, Reconcile};
use chrono::{NaiveDate, NaiveTime, Weekday};
use std::collections::{BTreeMap, BTreeSet};

pub const AGENDA_SCHEMA: u64 = 1;
/// The root `kind` of an agenda document.
pub const AGENDA_KIND: &str = "agenda";
/// The holder of a slot booked at the desk (totems hold under their ticket letter).
pub const DESK_HOLDER: &str = "sportello";

/// How far ahead of the relay's clock a totem's hold may be stamped (clock drift).
pub const HOLD_CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;
/// How long before reaching the relay a hold may have been placed: a totem offline for
/// days still hands its bookings over.
pub const HOLD_OFFLINE_WINDOW_MS: i64 = 7 * 24 * 3600 * 1000;
/// The most holds one totem places in an hour: a citizen declaring a DID takes minutes, so
/// this bounds how much of the agenda a hostile device can fill.
pub const MAX_HOLDS_PER_TOTEM_HOUR: usize = 20;
/// The most holds one totem places in a day.
pub const MAX_HOLDS_PER_TOTEM_DAY: usize = 120;
/// The most holds under one reference from one totem: the booking and two new times after a
/// lost slot.
pub const MAX_HOLDS_PER_REFERENCE: usize = 3;
/// A hold's limit is at most this many days after it was placed (two months and the closed
/// days after them).
const MAX_LIMIT_DAYS: i64 = 75;

const AGENDA_FIELDS: [&str; 4] = ["schema", "kind", "cpi", "holds"];
const HOLD_FIELDS: [&str; 6] = ["slot", "holder", "booked_at", "reference", "limit", "operator"];

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Agenda {
    pub schema: u64,
    pub kind: Label,
    pub cpi: Label,
    /// By hold id; a hold that does not read is left out rather than hiding the agenda.
    #[autosurgeon(missing = "Default::default", hydrate = "super::readable_entries")]
    pub holds: BTreeMap<String, Hold>,
}

/// One slot held for one booking.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Hold {
    /// "YYYY-MM-DDTHH:MM" ([`Slot::stored`]).
    pub slot: Label,
    /// A totem's ticket letter, or [`DESK_HOLDER`].
    pub holder: Label,
    /// When it was booked (ms since the epoch, the device's corrected clock).
    pub booked_at: i64,
    /// The booking this hold is for: the declaration's reference (a totem's outbox item id)
    /// or the desk booking's id. The latest hold of a reference is the one in force.
    pub reference: Label,
    /// The last day (ISO) the interview may be: the B1 limit of the DID.
    pub limit: Label,
    /// Desk holds: the operator who takes the interview. Empty for a totem's.
    #[autosurgeon(missing = "Default::default")]
    pub operator: Label,
}

impl Hold {
    /// The hold a totem places under its letter for the booking `reference`.
    pub fn at_totem(slot: Slot, letter: &str, booked_at: i64, reference: &str, limit: NaiveDate) -> Hold {
        Hold {
            slot: slot.stored().into(),
            holder: letter.into(),
            booked_at,
            reference: reference.into(),
            limit: limit.to_string().into(),
            operator: "".into(),
        }
    }

    /// The hold the desk places for `operator`, who takes the interview.
    pub fn at_desk(slot: Slot, operator: &str, booked_at: i64, reference: &str, limit: NaiveDate) -> Hold {
        Hold {
            holder: DESK_HOLDER.into(),
            operator: operator.into(),
            ..Hold::at_totem(slot, "", booked_at, reference, limit)
        }
    }

    pub fn slot(&self) -> Option<Slot> {
        Slot::parse(&self.slot)
    }

    pub fn limit(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.limit, "%Y-%m-%d").ok()
    }

    pub fn by_desk(&self) -> bool {
        self.holder == DESK_HOLDER
    }

    /// The order of the conflict rule: earliest booked, then holder, then id.
    fn precedence<'a>(&'a self, id: &'a str) -> (i64, &'a str, &'a str) {
        (self.booked_at, self.holder.as_str(), id)
    }
}

/// Whether a booking in force keeps its slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Kept,
    /// Another booking of the same slot came first (by the conflict rule): its hold id.
    Lost {
        to: String,
    },
}

/// A booking in force: the latest hold of its reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: String,
    pub hold: Hold,
    pub slot: Slot,
    pub standing: Standing,
}

impl Booking {
    pub fn lost(&self) -> bool {
        matches!(self.standing, Standing::Lost { .. })
    }
}

impl Agenda {
    pub fn new(cpi: &str) -> Self {
        Agenda { schema: AGENDA_SCHEMA, kind: AGENDA_KIND.into(), cpi: cpi.into(), holds: BTreeMap::new() }
    }

    /// Every booking in force (the latest readable hold of each reference), with whether it
    /// keeps its slot, by slot then precedence. The same on every device whatever order
    /// the holds arrived in.
    pub fn bookings(&self) -> Vec<Booking> {
        let mut latest: BTreeMap<&str, (&str, &Hold)> = BTreeMap::new();
        for (id, hold) in &self.holds {
            if hold.slot().is_none() {
                continue;
            }
            match latest.get(hold.reference.as_str()) {
                Some((other, h)) if h.precedence(other) >= hold.precedence(id) => {}
                _ => {
                    latest.insert(hold.reference.as_str(), (id.as_str(), hold));
                }
            }
        }
        let mut in_force: Vec<(&str, &Hold, Slot)> =
            latest.into_values().filter_map(|(id, h)| Some((id, h, h.slot()?))).collect();
        in_force.sort_by(|a, b| (a.2, a.1.precedence(a.0)).cmp(&(b.2, b.1.precedence(b.0))));
        let mut out: Vec<Booking> = Vec::new();
        for (id, hold, slot) in in_force {
            let standing = match out.iter().find(|b| b.slot == slot && !b.lost()) {
                Some(first) => Standing::Lost { to: first.id.clone() },
                None => Standing::Kept,
            };
            out.push(Booking { id: id.to_string(), hold: hold.clone(), slot, standing });
        }
        out
    }

    /// The slots no one else may book: those of the bookings in force (a lost booking's slot
    /// is its winner's).
    pub fn taken(&self) -> BTreeSet<Slot> {
        self.bookings().into_iter().map(|b| b.slot).collect()
    }

    /// Every slot taken for the booking rules: the agenda's and those the board kept from
    /// before the agenda (times booked on confirming a declaration).
    pub fn taken_with(&self, board: Option<&Board>) -> BTreeSet<Slot> {
        let mut taken = self.taken();
        taken.extend(board.map(Board::booked).unwrap_or_default());
        taken
    }

    /// The bookings in force on `day`, grouped by who takes the interview: a desk booking's
    /// operator; for a totem's, the operator who confirmed its declaration
    /// (`confirmed_by(reference)`), `None` while no one has. Groups in order of their name,
    /// the unassigned last; bookings by time.
    pub fn day_by_operator(
        &self,
        day: NaiveDate,
        confirmed_by: impl Fn(&str) -> Option<String>,
    ) -> Vec<(Option<String>, Vec<Booking>)> {
        let mut groups: BTreeMap<(bool, String), Vec<Booking>> = BTreeMap::new();
        for booking in self.bookings().into_iter().filter(|b| b.slot.date() == day) {
            let operator = match booking.hold.by_desk() {
                true => Some(booking.hold.operator.to_string()).filter(|o| !o.is_empty()),
                false => confirmed_by(&booking.hold.reference),
            };
            groups.entry((operator.is_none(), operator.unwrap_or_default())).or_default().push(booking);
        }
        groups.into_iter().map(|((none, name), list)| ((!none).then_some(name), list)).collect()
    }

    /// The booking in force of `reference`.
    pub fn booking_of(&self, reference: &str) -> Option<Booking> {
        self.bookings().into_iter().find(|b| b.hold.reference == reference)
    }

    /// The bookings that lost their slot to another one.
    pub fn conflicts(&self) -> Vec<Booking> {
        self.bookings().into_iter().filter(Booking::lost).collect()
    }

    /// The new slot offered to a booking that lost its own: the first free one (of the
    /// agenda and `also_taken`, e.g. the board's) from the working day after `today` to the
    /// booking's limit; `None` if that window has none.
    pub fn proposal(
        &self,
        lost: &Booking,
        today: NaiveDate,
        hours: &[(Vec<Weekday>, NaiveTime, NaiveTime)],
        cal: &WorkingCalendar,
        also_taken: &BTreeSet<Slot>,
    ) -> Option<Slot> {
        let last = lost.hold.limit()?;
        let mut taken = self.taken();
        taken.extend(also_taken.iter().copied());
        booking::free_slots_between(cal.add_working_days(today, 1), last, hours, cal, &taken, 1).into_iter().next()
    }

    /// Adds a hold under `id` (a new random id): booking `reference` for `slot`, in force
    /// from now on over its earlier holds.
    pub fn hold(&mut self, id: &str, hold: Hold) {
        self.holds.insert(id.to_string(), hold);
    }
}

/// Why the relay refuses a totem's change to the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldRefused {
    Unreadable,
    /// A hold already there changed or went away, or the agenda itself changed.
    ChangedExisting,
    UnknownField(String),
    /// A new hold carries another holder than the totem's own letter.
    ForeignHolder(String),
    /// A new hold's id, slot, reference, limit or operator is not what booking writes.
    Malformed(String),
    /// A new hold's booking time is in the future, too old, or before the totem's latest.
    BookedAt(String),
    /// Beyond the totem's hourly or daily number of holds, or one reference's.
    TooMany,
}

impl HoldRefused {
    /// What the relay tells the device (and writes in its log).
    pub fn message_it(&self) -> String {
        match self {
            Self::Unreadable => "L'agenda dei colloqui non si legge: modifica rifiutata.".into(),
            Self::ChangedExisting => {
                "Un totem può solo aggiungere prenotazioni: non può togliere né spostare quelle esistenti.".into()
            }
            Self::UnknownField(field) => format!("Campo sconosciuto nell'agenda: {field}."),
            Self::ForeignHolder(id) => format!("La prenotazione {id} non porta la lettera di questo totem."),
            Self::Malformed(id) => format!("La prenotazione {id} non è una prenotazione valida."),
            Self::BookedAt(id) => format!("L'ora della prenotazione {id} non è plausibile."),
            Self::TooMany => "Troppe prenotazioni da questo totem: modifica rifiutata.".into(),
        }
    }
}

fn token_ok(s: &str) -> bool {
    (8..=64).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// What a totem may do to the agenda: add holds under its own letter, each for a future slot
/// within its limit, booked at a plausible time, within its budgets. Holds already there and
/// the agenda's own fields stay as they were. `before` and `after` are the document without
/// and with the change; `now_ms` is the relay's clock.
pub fn totem_change(
    before: &impl autosurgeon::ReadDoc,
    after: &impl autosurgeon::ReadDoc,
    letter: &str,
    now_ms: i64,
) -> Result<(), HoldRefused> {
    use automerge::ROOT;
    let (Ok(old), Ok(new)) = (super::read::<Agenda>(before), super::read::<Agenda>(after)) else {
        return Err(HoldRefused::Unreadable);
    };
    if let Some(field) = unknown_field(map_keys(after, &ROOT), &AGENDA_FIELDS) {
        return Err(HoldRefused::UnknownField(field));
    }
    if (old.schema, &old.kind, &old.cpi) != (new.schema, &new.kind, &new.cpi) {
        return Err(HoldRefused::ChangedExisting);
    }
    let old_keys = child(before, &ROOT, "holds").map(|t| map_keys(before, &t)).unwrap_or_default();
    let Some(holds) = child(after, &ROOT, "holds") else {
        return if old_keys.is_empty() { Ok(()) } else { Err(HoldRefused::ChangedExisting) };
    };
    let new_keys = map_keys(after, &holds);
    if old_keys.iter().any(|k| !new_keys.contains(k)) || old.holds.iter().any(|(k, h)| new.holds.get(k) != Some(h)) {
        return Err(HoldRefused::ChangedExisting);
    }
    // As stored too: no field slipped into a hold already there, no object replaced.
    if !super::only_added_to(before, after, "holds") {
        return Err(HoldRefused::ChangedExisting);
    }
    let own: Vec<&Hold> = old.holds.values().filter(|h| h.holder == letter).collect();
    let latest_own = own.iter().map(|h| h.booked_at).max().unwrap_or(i64::MIN);
    let mut added: Vec<&Hold> = Vec::new();
    for key in new_keys.iter().filter(|k| !old_keys.contains(k)) {
        let obj = child(after, &holds, key).ok_or_else(|| HoldRefused::Malformed(key.clone()))?;
        if let Some(field) = unknown_field(map_keys(after, &obj), &HOLD_FIELDS) {
            return Err(HoldRefused::UnknownField(format!("{key}.{field}")));
        }
        let hold = new.holds.get(key).ok_or_else(|| HoldRefused::Malformed(key.clone()))?;
        if hold.holder != letter {
            return Err(HoldRefused::ForeignHolder(key.clone()));
        }
        let at = hold.booked_at;
        if at > now_ms + HOLD_CLOCK_SKEW_MS || at < now_ms - HOLD_OFFLINE_WINDOW_MS || at < latest_own {
            return Err(HoldRefused::BookedAt(key.clone()));
        }
        let booked_on = chrono::DateTime::from_timestamp_millis(at)
            .map(|t| t.date_naive())
            .ok_or(HoldRefused::BookedAt(key.clone()))?;
        let well_formed = token_ok(key)
            && token_ok(&hold.reference)
            && hold.operator.is_empty()
            && match (hold.slot(), hold.limit()) {
                (Some(slot), Some(limit)) => {
                    slot.date() >= booked_on && slot.date() <= limit && (limit - booked_on).num_days() <= MAX_LIMIT_DAYS
                }
                _ => false,
            };
        if !well_formed {
            return Err(HoldRefused::Malformed(key.clone()));
        }
        added.push(hold);
    }
    if added.is_empty() {
        return Ok(());
    }
    let all: Vec<&Hold> = own.iter().copied().chain(added.iter().copied()).collect();
    let since = |ms: i64| all.iter().filter(|h| h.booked_at > now_ms - ms).count();
    let per_reference = |r: &Label| all.iter().filter(|h| h.reference == *r).count();
    if since(3600 * 1000) > MAX_HOLDS_PER_TOTEM_HOUR
        || since(24 * 3600 * 1000) > MAX_HOLDS_PER_TOTEM_DAY
        || added.iter().any(|h| per_reference(&h.reference) > MAX_HOLDS_PER_REFERENCE)
    {
        return Err(HoldRefused::TooMany);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpi::cpi_by_slug;
    use automerge::{transaction::Transactable, AutoCommit, ROOT};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn slot(text: &str) -> Slot {
        Slot::parse(text).unwrap()
    }

    // 1 Dec 2026 09:00 UTC.
    const NOW: i64 = 1_796_115_600_000;

    fn hold(slot: &str, holder: &str, booked_at: i64, reference: &str) -> Hold {
        Hold {
            slot: slot.into(),
            holder: holder.into(),
            booked_at,
            reference: reference.into(),
            limit: "2027-02-01".into(),
            operator: "".into(),
        }
    }

    fn agenda(holds: &[(&str, Hold)]) -> Agenda {
        let mut a = Agenda::new("bari");
        for (id, h) in holds {
            a.hold(id, h.clone());
        }
        a
    }

    #[test]
    fn of_two_holds_on_one_slot_the_earliest_booked_wins_then_the_holder_on_every_device() {
        let a = hold("2026-12-09T09:30", "B", NOW + 1000, "refbbbbbbbb");
        let b = hold("2026-12-09T09:30", "A", NOW + 2000, "refaaaaaaaa");
        // Whatever order the holds arrived in, the same booking keeps the slot.
        for order in
            [[("hold0000b", a.clone()), ("hold0000a", b.clone())], [("hold0000a", b.clone()), ("hold0000b", a.clone())]]
        {
            let agenda = agenda(&order);
            let bookings = agenda.bookings();
            assert_eq!(bookings.len(), 2);
            assert_eq!((bookings[0].id.as_str(), &bookings[0].standing), ("hold0000b", &Standing::Kept));
            assert_eq!(bookings[1].standing, Standing::Lost { to: "hold0000b".into() });
            assert_eq!(agenda.conflicts().len(), 1);
            assert_eq!(agenda.conflicts()[0].hold.reference, "refaaaaaaaa");
        }
        // Booked at the same millisecond: the lower holder wins.
        let tie = agenda(&[
            ("hold000001", hold("2026-12-09T09:30", "C", NOW, "refccccccc")),
            ("hold000002", hold("2026-12-09T09:30", "A", NOW, "refaaaaaaaa")),
        ]);
        assert_eq!(tie.booking_of("refaaaaaaaa").unwrap().standing, Standing::Kept);
        assert!(tie.booking_of("refccccccc").unwrap().lost());
        // Different slots never conflict.
        let apart =
            agenda(&[("h1aaaaaaaa", a.clone()), ("h2aaaaaaaa", hold("2026-12-09T10:30", "A", NOW, "r2aaaaaaaa"))]);
        assert!(apart.conflicts().is_empty());
    }

    #[test]
    fn a_later_hold_of_the_same_booking_supersedes_the_earlier_and_frees_its_slot() {
        let mut a = agenda(&[
            ("hold0000b", hold("2026-12-09T09:30", "B", NOW, "refbbbbbbbb")),
            ("hold0000a", hold("2026-12-09T09:30", "A", NOW + 5, "refaaaaaaaa")),
        ]);
        let lost = a.booking_of("refaaaaaaaa").unwrap();
        assert!(lost.lost());
        let bari = cpi_by_slug("bari").unwrap();
        let cal = WorkingCalendar::around("bari", date(2026, 12, 1));
        let hours = booking::parse_opening_hours(&bari.opening_hours);
        // The first free slot after today: 2 Dec 08:30 (8:30 of the day after).
        let proposal = a.proposal(&lost, date(2026, 12, 1), &hours, &cal, &BTreeSet::new()).unwrap();
        assert_eq!(proposal, slot("2026-12-02T08:30"));
        // The board's taken slots count too.
        let busy: BTreeSet<Slot> = [slot("2026-12-02T08:30")].into();
        assert_eq!(a.proposal(&lost, date(2026, 12, 1), &hours, &cal, &busy), Some(slot("2026-12-02T09:30")));
        a.hold(
            "hold0000c",
            Hold {
                holder: DESK_HOLDER.into(),
                operator: "operatore.bari".into(),
                ..hold(&proposal.stored(), "", NOW + 60_000, "refaaaaaaaa")
            },
        );
        assert!(a.conflicts().is_empty());
        assert_eq!(a.booking_of("refaaaaaaaa").unwrap().slot, proposal);
        assert!(a.booking_of("refaaaaaaaa").unwrap().hold.by_desk());
        assert_eq!(a.taken(), [slot("2026-12-02T08:30"), slot("2026-12-09T09:30")].into());
        // No free slot before the limit: no proposal.
        let mut tight = lost.clone();
        tight.hold.limit = "2026-12-01".into();
        assert_eq!(a.proposal(&tight, date(2026, 12, 1), &hours, &cal, &BTreeSet::new()), None);
    }

    #[test]
    fn a_day_lists_its_bookings_by_the_operator_who_takes_them() {
        let bari = cpi_by_slug("bari").unwrap();
        let mut a = agenda(&[
            ("holdtotem1", hold("2026-12-09T10:30", "B", NOW, "declaration1")),
            ("holdtotem2", hold("2026-12-09T08:30", "C", NOW, "declaration2")),
            ("holdother1", hold("2026-12-10T08:30", "C", NOW, "declaration3")),
        ]);
        let day = date(2026, 12, 9);
        a.hold("holddesk01", Hold::at_desk(slot("2026-12-09T09:30"), "operatore.bari", NOW, "dossier0001", day));
        let groups = a.day_by_operator(day, |r| (r == "declaration1").then(|| "responsabile.bari".to_string()));
        let names: Vec<Option<&str>> = groups.iter().map(|(o, _)| o.as_deref()).collect();
        assert_eq!(names, [Some("operatore.bari"), Some("responsabile.bari"), None]);
        assert_eq!(groups[1].1[0].hold.reference, "declaration1");
        assert_eq!(groups[2].1.iter().map(|b| b.slot.time_text()).collect::<Vec<_>>(), ["08:30"]);
        // The board's older bookings are taken too.
        let mut board = Board::for_cpi(bari);
        board.book(slot("2026-12-11T08:30"));
        assert!(a.taken_with(Some(&board)).contains(&slot("2026-12-11T08:30")));
        assert!(a.taken_with(None).contains(&slot("2026-12-09T09:30")));
    }

    fn doc_of(a: &Agenda) -> AutoCommit {
        let mut doc = AutoCommit::new();
        crate::docs::write(&mut doc, a).unwrap();
        doc
    }

    fn with(before: &AutoCommit, change: impl FnOnce(&mut Agenda)) -> AutoCommit {
        let mut after = before.clone();
        let mut a: Agenda = crate::docs::read(&after).unwrap();
        change(&mut a);
        crate::docs::write(&mut after, &a).unwrap();
        after
    }

    #[test]
    fn a_totem_cannot_slip_a_field_into_a_hold_already_there_or_replace_the_holds() {
        let before = doc_of(&agenda(&[("holdofaaaa", hold("2026-12-09T09:30", "A", NOW - 1000, "refaaaaaaaa"))]));
        let holds = child(&before, &automerge::ROOT, "holds").unwrap();
        let existing = child(&before, &holds, "holdofaaaa").unwrap();
        let mut noted = before.clone();
        noted.put(&existing, "name", "Mario Rossi").unwrap();
        assert_eq!(totem_change(&before, &noted, "B", NOW), Err(HoldRefused::ChangedExisting));
        let mut copied = before.clone();
        let copy = copied.put_object(automerge::ROOT, "holds", automerge::ObjType::Map).unwrap();
        let record = crate::docs::read::<Agenda>(&before).unwrap().holds["holdofaaaa"].clone();
        autosurgeon::reconcile_prop(&mut copied, &copy, "holdofaaaa", &record).unwrap();
        assert_eq!(
            crate::docs::read::<Agenda>(&copied).unwrap(),
            crate::docs::read::<Agenda>(&before).unwrap(),
            "an equal copy"
        );
        assert_eq!(totem_change(&before, &copied, "B", NOW), Err(HoldRefused::ChangedExisting));
        let ok = with(&before, |a| a.hold("holdofbbbb", hold("2026-12-10T09:30", "B", NOW, "refbbbbbbbb")));
        assert_eq!(totem_change(&before, &ok, "B", NOW), Ok(()));
    }

    #[test]
    fn a_totem_only_adds_its_own_plausible_holds_and_never_moves_or_removes_another_s() {
        let before = doc_of(&agenda(&[("holdofaaaa", hold("2026-12-09T09:30", "A", NOW - 1000, "refaaaaaaaa"))]));
        let ok = with(&before, |a| a.hold("holdofbbbb", hold("2026-12-10T09:30", "B", NOW, "refbbbbbbbb")));
        assert_eq!(totem_change(&before, &ok, "B", NOW), Ok(()));
        // The same slot as another's: allowed (offline totems do it), the rule resolves it.
        let same = with(&before, |a| a.hold("holdofbbbb", hold("2026-12-09T09:30", "B", NOW, "refbbbbbbbb")));
        assert_eq!(totem_change(&before, &same, "B", NOW), Ok(()));
        let moved = with(&before, |a| a.holds.get_mut("holdofaaaa").unwrap().slot = "2026-12-11T09:30".into());
        assert_eq!(totem_change(&before, &moved, "B", NOW), Err(HoldRefused::ChangedExisting));
        let removed = with(&before, |a| {
            a.holds.remove("holdofaaaa");
        });
        assert_eq!(totem_change(&before, &removed, "B", NOW), Err(HoldRefused::ChangedExisting));
        // Not even its own: "A" cannot move its hold either.
        assert_eq!(totem_change(&before, &moved, "A", NOW), Err(HoldRefused::ChangedExisting));
        let foreign = with(&before, |a| a.hold("holdofcccc", hold("2026-12-10T09:30", "A", NOW, "refcccccccc")));
        assert_eq!(totem_change(&before, &foreign, "B", NOW), Err(HoldRefused::ForeignHolder("holdofcccc".into())));
        let desk = with(&before, |a| a.hold("holdofcccc", hold("2026-12-10T09:30", DESK_HOLDER, NOW, "refcccccccc")));
        assert!(matches!(totem_change(&before, &desk, "B", NOW), Err(HoldRefused::ForeignHolder(_))));
        let future = with(&before, |a| {
            a.hold("holdofbbbb", hold("2026-12-10T09:30", "B", NOW + HOLD_CLOCK_SKEW_MS + 1, "refbbbbbbbb"))
        });
        assert!(matches!(totem_change(&before, &future, "B", NOW), Err(HoldRefused::BookedAt(_))));
        let stale = with(&before, |a| {
            a.hold("holdofbbbb", hold("2026-12-10T09:30", "B", NOW - HOLD_OFFLINE_WINDOW_MS - 1, "refbbbbbbbb"))
        });
        assert!(matches!(totem_change(&before, &stale, "B", NOW), Err(HoldRefused::BookedAt(_))));
        let past = with(&before, |a| a.hold("holdofbbbb", hold("2026-11-30T09:30", "B", NOW, "refbbbbbbbb")));
        assert!(matches!(totem_change(&before, &past, "B", NOW), Err(HoldRefused::Malformed(_))));
        let beyond = with(&before, |a| a.hold("holdofbbbb", hold("2027-02-02T09:30", "B", NOW, "refbbbbbbbb")));
        assert!(matches!(totem_change(&before, &beyond, "B", NOW), Err(HoldRefused::Malformed(_))));
        let operator = with(&before, |a| {
            a.hold("holdofbbbb", Hold { operator: "x".into(), ..hold("2026-12-10T09:30", "B", NOW, "refbbbbbbbb") })
        });
        assert!(matches!(totem_change(&before, &operator, "B", NOW), Err(HoldRefused::Malformed(_))));
        let mut extra = ok.clone();
        let holds = child(&extra, &ROOT, "holds").unwrap();
        let obj = child(&extra, &holds, "holdofbbbb").unwrap();
        extra.put(&obj, "name", "Rossi").unwrap();
        assert_eq!(totem_change(&before, &extra, "B", NOW), Err(HoldRefused::UnknownField("holdofbbbb.name".into())));
        let mut renamed = before.clone();
        renamed.put(ROOT, "cpi", "lecce").unwrap();
        assert_eq!(totem_change(&before, &renamed, "B", NOW), Err(HoldRefused::ChangedExisting));
    }

    #[test]
    fn a_totem_places_a_bounded_number_of_holds() {
        let before = doc_of(&Agenda::new("bari"));
        let many = with(&before, |a| {
            for i in 0..=MAX_HOLDS_PER_TOTEM_HOUR {
                a.hold(
                    &format!("holdnumber{i:02}"),
                    hold("2026-12-10T09:30", "B", NOW - i as i64, &format!("reference{i:02}")),
                );
            }
        });
        assert_eq!(totem_change(&before, &many, "B", NOW), Err(HoldRefused::TooMany));
        let enough = with(&before, |a| {
            for i in 0..MAX_HOLDS_PER_TOTEM_HOUR {
                a.hold(&format!("holdnumber{i:02}"), hold("2026-12-10T09:30", "B", NOW, &format!("reference{i:02}")));
            }
        });
        assert_eq!(totem_change(&before, &enough, "B", NOW), Ok(()));
        let rebooked = with(&before, |a| {
            for i in 0..=MAX_HOLDS_PER_REFERENCE {
                a.hold(&format!("holdnumber{i:02}"), hold("2026-12-10T09:30", "B", NOW, "referencexx"));
            }
        });
        assert_eq!(totem_change(&before, &rebooked, "B", NOW), Err(HoldRefused::TooMany));
    }
}
