//! One day's queue of a CPI: the tickets its totems issued and what the desks did with them.
//! Class `Queue`: totems add tickets (offline too), operators call them, and every device of
//! the CPI reads it (display board, wait estimates). The rules live in [`crate::queue`]; this
//! is their stored shape.
//!
//! Tickets are a map keyed by number, so tickets added by two offline totems merge without
//! conflict (their numbers differ by construction). Open desks are a map keyed by desk
//! number: each console writes only its own desk.

use super::{child, map_keys, unknown_field, Label};
use crate::catalogue::Area;
use crate::queue::{self, Priority, QueueError, Status, Stay, Ticket, TicketNumber, TicketState, TotemCode};
use autosurgeon::{Hydrate, Reconcile};
use std::collections::BTreeMap;

pub const QUEUE_SCHEMA: u64 = 1;
/// The root `kind` of a queue document.
pub const QUEUE_KIND: &str = "queue";

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct QueueDay {
    pub schema: u64,
    pub kind: Label,
    pub cpi: Label,
    /// ISO date of the day.
    pub date: Label,
    /// By number; a record that does not read is left out rather than hiding the day.
    #[autosurgeon(missing = "Default::default", hydrate = "super::readable_entries")]
    pub tickets: BTreeMap<String, TicketRecord>,
    /// By desk number ("3").
    #[autosurgeon(missing = "Default::default", hydrate = "super::readable_entries")]
    pub desks: BTreeMap<String, DeskRecord>,
}

/// A ticket as stored. `state` is a [`TicketState`] code; `desk` and `state_at` belong
/// to it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct TicketRecord {
    pub area: Label,
    pub priority: Label,
    pub issued_at: i64,
    pub state: Label,
    #[autosurgeon(missing = "Default::default")]
    pub desk: u64,
    #[autosurgeon(missing = "Default::default")]
    pub state_at: i64,
    #[autosurgeon(missing = "Default::default")]
    pub stays: Vec<StayRecord>,
    /// Random text printed in the ticket's QR code: the phone page and the survey need it,
    /// so knowing a number is not enough to rate someone else's service.
    #[autosurgeon(missing = "Default::default")]
    pub secret: Label,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct StayRecord {
    pub area: Label,
    pub queued_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// A desk that is open and which areas it serves ("BD"); consoles set it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct DeskRecord {
    pub areas: Label,
    pub open: bool,
    pub since: i64,
}

fn area_of(label: &str) -> Option<Area> {
    label.chars().next().and_then(Area::from_letter)
}

fn priority_name(p: Priority) -> &'static str {
    match p {
        Priority::Normal => "normal",
        Priority::Disability => "disability",
        Priority::Pregnancy => "pregnancy",
    }
}

fn priority_of(name: &str) -> Priority {
    match name {
        "disability" => Priority::Disability,
        "pregnancy" => Priority::Pregnancy,
        _ => Priority::Normal,
    }
}

impl TicketRecord {
    fn from_ticket(t: &Ticket, secret: Label) -> Self {
        let state_at = match t.status {
            Status::Waiting => t.issued_at_ms,
            Status::Called { at, .. }
            | Status::Serving { since: at, .. }
            | Status::Done { at }
            | Status::NoShow { at }
            | Status::Transferred { at, .. } => at,
        };
        let (state, desk) = (t.status.state(), t.status.desk().unwrap_or(0));
        TicketRecord {
            area: t.area.letter().to_string().into(),
            priority: priority_name(t.priority).into(),
            issued_at: t.issued_at_ms,
            state: state.code().into(),
            desk: u64::from(desk),
            state_at,
            stays: t
                .stays
                .iter()
                .map(|s| StayRecord {
                    area: s.area.letter().to_string().into(),
                    queued_at: s.queued_at_ms,
                    called_at: s.called_at_ms,
                    started_at: s.started_at_ms,
                    ended_at: s.ended_at_ms,
                })
                .collect(),
            secret,
        }
    }

    fn to_ticket(&self, number: TicketNumber) -> Option<Ticket> {
        let area = area_of(&self.area)?;
        let desk = u16::try_from(self.desk).unwrap_or(0);
        let at = self.state_at;
        let status = match TicketState::from_code(&self.state) {
            Some(TicketState::Called) => Status::Called { desk, at },
            Some(TicketState::Serving) => Status::Serving { desk, since: at },
            Some(TicketState::Done) => Status::Done { at },
            Some(TicketState::NoShow) => Status::NoShow { at },
            Some(TicketState::Transferred) => Status::Transferred { to_area: area, at },
            Some(TicketState::Waiting) | None => Status::Waiting,
        };
        let stays = self
            .stays
            .iter()
            .filter_map(|s| {
                Some(Stay {
                    area: area_of(&s.area)?,
                    queued_at_ms: s.queued_at,
                    called_at_ms: s.called_at,
                    started_at_ms: s.started_at,
                    ended_at_ms: s.ended_at,
                })
            })
            .collect();
        Some(Ticket {
            number,
            area,
            priority: priority_of(&self.priority),
            issued_at_ms: self.issued_at,
            status,
            stays,
        })
    }
}

/// Where a ticket stands, for the citizen (ticket, phone page) and the board.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub ticket: Ticket,
    /// Tickets called before it in its area; 0 once called.
    pub ahead: usize,
    /// Minutes until its call; `None` when no desk of its area is open or it is not waiting.
    pub wait_minutes: Option<u32>,
}

/// What a totem may do to a day's queue: add tickets. Tickets already there, the desks and
/// the day itself stay exactly as they were (the relay checks every totem's change).
pub fn only_adds_tickets(before: &QueueDay, after: &QueueDay) -> bool {
    before.schema == after.schema
        && before.kind == after.kind
        && before.cpi == after.cpi
        && before.date == after.date
        && before.desks == after.desks
        && before.tickets.iter().all(|(number, ticket)| after.tickets.get(number) == Some(ticket))
}

/// How far ahead of the relay's clock a totem's ticket may be stamped (clock drift).
pub const TICKET_CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;
/// How long before reaching the relay a ticket may have been issued: a totem that was cut
/// off keeps printing, and its tickets arrive when the network is back.
pub const TICKET_OFFLINE_WINDOW_MS: i64 = 2 * 3600 * 1000;
/// The most tickets one totem issues in an hour: a printer and a person at the screen take
/// well over 30 s a ticket, so this bounds what a hostile device can push in front of others.
pub const MAX_TICKETS_PER_TOTEM_HOUR: usize = 120;

const DAY_FIELDS: [&str; 6] = ["schema", "kind", "cpi", "date", "tickets", "desks"];
const TICKET_FIELDS: [&str; 8] = ["area", "priority", "issued_at", "state", "desk", "state_at", "stays", "secret"];
const STAY_FIELDS: [&str; 5] = ["area", "queued_at", "called_at", "started_at", "ended_at"];

/// Why the relay refuses a totem's change to a day's queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TotemChangeRefused {
    /// The document does not read as a day's queue.
    Unreadable,
    /// A ticket already there, a desk or the day itself changed, or a ticket went away.
    ChangedExisting,
    /// A field that no queue, ticket or stay has.
    UnknownField(String),
    /// A new ticket carries another device's letter.
    ForeignLetter(String),
    /// A new ticket is not exactly what issuing one writes (waiting, one stay, a secret…).
    Malformed(String),
    /// A new ticket's counter is not above the device's latest for its area.
    CounterNotNext(String),
    /// A new ticket's issue time is in the future, too old, or before the device's latest.
    IssueTime(String),
    /// More than [`MAX_TICKETS_PER_TOTEM_HOUR`] tickets of the device in the last hour.
    TooMany,
}

impl TotemChangeRefused {
    /// What the relay tells the device (and writes in its log).
    pub fn message_it(&self) -> String {
        match self {
            Self::Unreadable => "La coda del giorno non si legge: modifica rifiutata.".into(),
            Self::ChangedExisting => {
                "Un totem può solo aggiungere biglietti: non può cambiare quelli esistenti né gli sportelli.".into()
            }
            Self::UnknownField(field) => format!("Campo sconosciuto nella coda: {field}."),
            Self::ForeignLetter(number) => format!("Il biglietto {number} non porta la lettera di questo totem."),
            Self::Malformed(number) => format!("Il biglietto {number} non è un biglietto appena emesso."),
            Self::CounterNotNext(number) => format!("Il numero {number} non segue l'ultimo emesso da questo totem."),
            Self::IssueTime(number) => format!("L'ora di emissione del biglietto {number} non è plausibile."),
            Self::TooMany => {
                format!("Più di {MAX_TICKETS_PER_TOTEM_HOUR} biglietti in un'ora da questo totem: modifica rifiutata.")
            }
        }
    }
}

/// What a totem may do to a day's queue: add tickets, each exactly as issuing one writes it,
/// with its own letter, the next counters, a plausible issue time and within its hourly
/// budget. Tickets already there, the desks and the day stay as they were, and no other
/// field appears. `before` and `after` are the document without and with the change.
pub fn totem_change(
    before: &impl autosurgeon::ReadDoc,
    after: &impl autosurgeon::ReadDoc,
    totem: TotemCode,
    now_ms: i64,
) -> Result<(), TotemChangeRefused> {
    use automerge::ROOT;
    let (Ok(old), Ok(new)) = (super::read::<QueueDay>(before), super::read::<QueueDay>(after)) else {
        return Err(TotemChangeRefused::Unreadable);
    };
    if let Some(field) = unknown_field(map_keys(after, &ROOT), &DAY_FIELDS) {
        return Err(TotemChangeRefused::UnknownField(field));
    }
    let old_keys = child(before, &ROOT, "tickets").map(|t| map_keys(before, &t)).unwrap_or_default();
    let Some(tickets) = child(after, &ROOT, "tickets") else {
        return if old_keys.is_empty() { Ok(()) } else { Err(TotemChangeRefused::ChangedExisting) };
    };
    let new_keys = map_keys(after, &tickets);
    if !only_adds_tickets(&old, &new) || old_keys.iter().any(|k| !new_keys.contains(k)) {
        return Err(TotemChangeRefused::ChangedExisting);
    }
    // The typed comparison above ignores fields it does not know: the stored tree too.
    if !super::only_added_to(before, after, "tickets") {
        return Err(TotemChangeRefused::ChangedExisting);
    }
    let own: Vec<Ticket> = old.tickets().into_iter().filter(|t| t.number.totem() == totem).collect();
    let latest_own = own.iter().map(|t| t.issued_at_ms).max().unwrap_or(i64::MIN);
    let mut added = 0;
    for key in new_keys.iter().filter(|k| !old_keys.contains(k)) {
        let number = TicketNumber::parse(key)
            .filter(|n| n.to_string() == *key)
            .ok_or_else(|| TotemChangeRefused::Malformed(key.clone()))?;
        if number.totem() != totem {
            return Err(TotemChangeRefused::ForeignLetter(key.clone()));
        }
        let record_obj = child(after, &tickets, key).ok_or_else(|| TotemChangeRefused::Malformed(key.clone()))?;
        if let Some(field) = unknown_field(map_keys(after, &record_obj), &TICKET_FIELDS) {
            return Err(TotemChangeRefused::UnknownField(format!("{key}.{field}")));
        }
        let stays = child(after, &record_obj, "stays");
        if let Some(field) = stays
            .iter()
            .flat_map(|list| {
                after.list_range(list, ..).filter_map(|item| {
                    match matches!(item.value, automerge::ValueRef::Object(_)) {
                        true => unknown_field(map_keys(after, &item.id()), &STAY_FIELDS),
                        false => Some("stays".into()),
                    }
                })
            })
            .next()
        {
            return Err(TotemChangeRefused::UnknownField(format!("{key}.{field}")));
        }
        let record = new.tickets.get(key).ok_or_else(|| TotemChangeRefused::Malformed(key.clone()))?;
        let priority = priority_of(&record.priority);
        let secret_ok =
            (16..=64).contains(&record.secret.len()) && record.secret.chars().all(|c| c.is_ascii_hexdigit());
        let as_issued =
            TicketRecord::from_ticket(&Ticket::new(number, priority, record.issued_at), record.secret.clone());
        if !secret_ok || *record != as_issued || record.priority.as_str() != priority_name(priority) {
            return Err(TotemChangeRefused::Malformed(key.clone()));
        }
        let highest = own.iter().filter(|t| t.number.area() == number.area()).map(|t| t.number.counter()).max();
        if highest.is_some_and(|h| number.counter() <= h) {
            return Err(TotemChangeRefused::CounterNotNext(key.clone()));
        }
        let issued = record.issued_at;
        if issued > now_ms + TICKET_CLOCK_SKEW_MS || issued < now_ms - TICKET_OFFLINE_WINDOW_MS || issued < latest_own {
            return Err(TotemChangeRefused::IssueTime(key.clone()));
        }
        added += 1;
    }
    let hour_ago = now_ms - 3600 * 1000;
    if added > 0 && own.iter().filter(|t| t.issued_at_ms > hour_ago).count() + added > MAX_TICKETS_PER_TOTEM_HOUR {
        return Err(TotemChangeRefused::TooMany);
    }
    Ok(())
}

impl QueueDay {
    pub fn new(cpi: &str, date: &str) -> Self {
        QueueDay {
            schema: QUEUE_SCHEMA,
            kind: QUEUE_KIND.into(),
            cpi: cpi.into(),
            date: date.into(),
            tickets: BTreeMap::new(),
            desks: BTreeMap::new(),
        }
    }

    /// Every readable ticket of the day (records that don't parse are skipped).
    pub fn tickets(&self) -> Vec<Ticket> {
        self.tickets.iter().filter_map(|(n, r)| r.to_ticket(TicketNumber::parse(n)?)).collect()
    }

    pub fn ticket(&self, number: TicketNumber) -> Option<Ticket> {
        self.tickets.get(&number.to_string())?.to_ticket(number)
    }

    /// The secret printed in the ticket's QR code.
    pub fn secret(&self, number: TicketNumber) -> Option<&str> {
        self.tickets.get(&number.to_string()).map(|r| r.secret.as_str())
    }

    /// Issues the next ticket of `totem` for `area` and stores it (see [`queue::issue`]).
    /// `used_before` is the highest counter the totem remembers using today for the area
    /// outside this document (0 if none): a ticket printed just before the device lost its
    /// unsaved storage must not be numbered again.
    pub fn issue(
        &mut self,
        totem: TotemCode,
        area: Area,
        priority: Priority,
        now_ms: i64,
        secret: &str,
        used_before: u16,
    ) -> Result<Ticket, QueueError> {
        let mut ticket = queue::issue(totem, area, priority, now_ms, &self.tickets())?;
        if ticket.number.counter() <= used_before {
            let number =
                TicketNumber::new(area, totem, used_before + 1).ok_or(QueueError::NumbersExhausted { totem, area })?;
            ticket = Ticket::new(number, priority, ticket.issued_at_ms);
        }
        self.tickets.insert(ticket.number.to_string(), TicketRecord::from_ticket(&ticket, secret.into()));
        Ok(ticket)
    }

    /// Applies an operator action to one ticket and stores the result.
    pub fn update(
        &mut self,
        number: TicketNumber,
        action: impl FnOnce(&mut Ticket) -> Result<(), QueueError>,
    ) -> Result<Ticket, QueueError> {
        let key = number.to_string();
        let record = self.tickets.get(&key).ok_or(QueueError::UnknownTicket(number))?;
        let mut ticket = record.to_ticket(number).ok_or(QueueError::UnknownTicket(number))?;
        action(&mut ticket)?;
        let secret = record.secret.clone();
        self.tickets.insert(key, TicketRecord::from_ticket(&ticket, secret));
        Ok(ticket)
    }

    /// Calls the next ticket of `areas` to `desk`; `None` when nobody is waiting.
    pub fn call_next(&mut self, areas: &[Area], desk: u16, at_ms: i64) -> Option<Ticket> {
        let next = queue::next_to_call(&self.tickets(), areas)?.number;
        self.update(next, |t| t.call(desk, at_ms)).ok()
    }

    /// Marks `desk` open for `areas` (or closed, with no areas).
    pub fn set_desk(&mut self, desk: u16, areas: &[Area], at_ms: i64) {
        let letters: String = areas.iter().map(|a| a.letter()).collect();
        self.desks
            .insert(desk.to_string(), DeskRecord { areas: letters.into(), open: !areas.is_empty(), since: at_ms });
    }

    /// The areas an open desk serves.
    pub fn desk_areas(&self, desk: u16) -> Vec<Area> {
        self.desks
            .get(&desk.to_string())
            .filter(|d| d.open)
            .map(|d| d.areas.chars().filter_map(Area::from_letter).collect())
            .unwrap_or_default()
    }

    /// Open desks serving `area`.
    pub fn desks_open(&self, area: Area) -> u32 {
        let n = self.desks.values().filter(|d| d.open && d.areas.contains(area.letter())).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Where a ticket stands: people ahead and the estimated wait (see
    /// [`queue::estimated_wait_minutes`]), with the day's measured service times.
    pub fn standing(&self, number: TicketNumber) -> Option<Standing> {
        let tickets = self.tickets();
        let ticket = tickets.iter().find(|t| t.number == number)?.clone();
        let times = queue::day_times(&tickets);
        match queue::tickets_ahead(&tickets, number) {
            Some(ahead) => {
                let desks = self.desks_open(ticket.area);
                let wait = queue::estimated_wait_minutes(&ahead, desks, |a| queue::service_minutes(a, &times));
                Some(Standing { ahead: ahead.len(), wait_minutes: wait, ticket })
            }
            None => Some(Standing { ahead: 0, wait_minutes: None, ticket }),
        }
    }

    /// For a new ticket of `area`: how many wait now and the estimated wait.
    pub fn outlook(&self, area: Area) -> (usize, Option<u32>) {
        let tickets = self.tickets();
        let times = queue::day_times(&tickets);
        let ahead = queue::call_order(&tickets, area);
        let wait = queue::estimated_wait_minutes(&ahead, self.desks_open(area), |a| queue::service_minutes(a, &times));
        (ahead.len(), wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{transaction::Transactable, AutoCommit};

    fn totem(letter: char) -> TotemCode {
        TotemCode::from_letter(letter).unwrap()
    }

    fn issue_in(doc: &mut AutoCommit, code: char, area: Area, priority: Priority, at: i64) -> TicketNumber {
        let mut day: QueueDay = crate::docs::read(doc).unwrap();
        let ticket = day.issue(totem(code), area, priority, at, "s3cr3t", 0).unwrap();
        crate::docs::write(doc, &day).unwrap();
        ticket.number
    }

    #[test]
    fn tickets_round_trip_through_the_document() {
        let mut day = QueueDay::new("bari", "2026-11-27");
        let t = day.issue(totem('B'), Area::C, Priority::Pregnancy, 1_000, "k", 0).unwrap();
        day.update(t.number, |t| t.call(4, 2_000)).unwrap();
        day.update(t.number, |t| t.transfer(Area::E, 3_000)).unwrap();
        let mut doc = AutoCommit::new();
        crate::docs::write(&mut doc, &day).unwrap();
        let back: QueueDay = crate::docs::read(&doc).unwrap();
        assert_eq!(back, day);
        let ticket = back.ticket(t.number).unwrap();
        assert_eq!(ticket.area, Area::E);
        assert_eq!(ticket.priority, Priority::Pregnancy);
        assert_eq!(ticket.status, Status::Transferred { to_area: Area::E, at: 3_000 });
        assert_eq!(ticket.stays.len(), 2);
        assert_eq!(back.secret(t.number), Some("k"));
        assert_eq!(crate::docs::root_kind(&doc).as_deref(), Some(QUEUE_KIND));
    }

    #[test]
    fn two_offline_totems_merge_without_duplicates_into_one_order() {
        let mut base = AutoCommit::new();
        crate::docs::write(&mut base, &QueueDay::new("bari", "2026-11-27")).unwrap();
        base.put(automerge::ROOT, "touched", 1).unwrap();
        let mut a = base.fork().with_actor(automerge::ActorId::from(b"totem-a".as_slice()));
        let mut b = base.fork().with_actor(automerge::ActorId::from(b"totem-b".as_slice()));
        // Interleaved in time, each offline.
        issue_in(&mut a, 'A', Area::A, Priority::Normal, 1_000);
        issue_in(&mut b, 'B', Area::A, Priority::Normal, 1_500);
        issue_in(&mut a, 'A', Area::A, Priority::Normal, 2_000);
        issue_in(&mut b, 'B', Area::A, Priority::Disability, 2_500);
        issue_in(&mut a, 'A', Area::A, Priority::Normal, 3_000);
        let mut console = base.fork();
        console.merge(&mut b).unwrap();
        console.merge(&mut a).unwrap();
        let mut board = base.fork();
        board.merge(&mut a).unwrap();
        board.merge(&mut b).unwrap();

        let on_console: QueueDay = crate::docs::read(&console).unwrap();
        let on_board: QueueDay = crate::docs::read(&board).unwrap();
        let numbers: Vec<String> = on_console.tickets().iter().map(|t| t.number.to_string()).collect();
        let mut unique = numbers.clone();
        unique.dedup();
        assert_eq!(numbers.len(), 5);
        assert_eq!(unique, numbers);
        let order = |d: &QueueDay| -> Vec<String> {
            queue::call_order(&d.tickets(), Area::A).iter().map(|t| t.number.to_string()).collect()
        };
        assert_eq!(order(&on_console), ["A-B-002", "A-A-001", "A-B-001", "A-A-002", "A-A-003"]);
        assert_eq!(order(&on_board), order(&on_console));
    }

    #[test]
    fn a_counter_remembered_outside_the_document_is_never_reused() {
        // The totem printed A-C-004 but its storage lost the write: the document knows 2.
        let mut day = QueueDay::new("bari", "2026-11-27");
        for at in 0..2 {
            day.issue(totem('C'), Area::A, Priority::Normal, at, "", 0).unwrap();
        }
        let next = day.issue(totem('C'), Area::A, Priority::Normal, 5, "", 4).unwrap();
        assert_eq!(next.number.to_string(), "A-C-005");
        let after = day.issue(totem('C'), Area::A, Priority::Normal, 6, "", 4).unwrap();
        assert_eq!(after.number.to_string(), "A-C-006");
        assert!(day.issue(totem('C'), Area::A, Priority::Normal, 7, "", 999).is_err());
    }

    #[test]
    fn totems_may_only_add_tickets() {
        let mut before = QueueDay::new("bari", "2026-11-27");
        let first = before.issue(totem('A'), Area::A, Priority::Normal, 1, "k", 0).unwrap();
        let mut added = before.clone();
        added.issue(totem('A'), Area::A, Priority::Normal, 2, "k", 0).unwrap();
        assert!(only_adds_tickets(&before, &added));
        let mut called = before.clone();
        called.update(first.number, |t| t.call(1, 3)).unwrap();
        assert!(!only_adds_tickets(&before, &called));
        let mut removed = before.clone();
        removed.tickets.clear();
        assert!(!only_adds_tickets(&before, &removed));
        let mut desk = before.clone();
        desk.set_desk(1, &[Area::A], 3);
        assert!(!only_adds_tickets(&before, &desk));
    }

    const NOW: i64 = 1_800_000_000_000;
    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    /// A day with one ticket of totem A issued a minute ago, as the relay holds it.
    fn relay_day() -> AutoCommit {
        let mut day = QueueDay::new("bari", "2027-01-15");
        day.issue(totem('A'), Area::A, Priority::Normal, NOW - 60_000, SECRET, 0).unwrap();
        let mut doc = AutoCommit::new();
        crate::docs::write(&mut doc, &day).unwrap();
        doc
    }

    fn edited(before: &AutoCommit, edit: impl FnOnce(&mut QueueDay)) -> AutoCommit {
        let mut after = before.clone();
        let mut day: QueueDay = crate::docs::read(&after).unwrap();
        edit(&mut day);
        crate::docs::write(&mut after, &day).unwrap();
        after
    }

    fn refused(before: &AutoCommit, after: &AutoCommit, letter: char) -> Result<(), TotemChangeRefused> {
        totem_change(before, after, totem(letter), NOW)
    }

    #[test]
    fn a_totem_adds_its_next_tickets_with_its_own_letter() {
        let before = relay_day();
        let after = edited(&before, |d| {
            d.issue(totem('A'), Area::A, Priority::Pregnancy, NOW, SECRET, 0).unwrap();
            d.issue(totem('A'), Area::C, Priority::Normal, NOW + 1, SECRET, 0).unwrap();
        });
        assert_eq!(refused(&before, &after, 'A'), Ok(()));
        // Tickets printed during a 90-minute outage still arrive.
        let mut during_outage = QueueDay::new("bari", "2027-01-15");
        during_outage.issue(totem('B'), Area::A, Priority::Normal, NOW - 90 * 60_000, SECRET, 0).unwrap();
        let empty = {
            let mut doc = AutoCommit::new();
            crate::docs::write(&mut doc, &QueueDay::new("bari", "2027-01-15")).unwrap();
            doc
        };
        let mut late = empty.clone();
        crate::docs::write(&mut late, &during_outage).unwrap();
        assert_eq!(refused(&empty, &late, 'B'), Ok(()));
        // The same change from totem B is someone else's ticket.
        assert_eq!(refused(&before, &after, 'B'), Err(TotemChangeRefused::ForeignLetter("A-A-002".into())));
    }

    #[test]
    fn a_totem_cannot_forge_what_issuing_does_not_write() {
        let before = relay_day();
        let forge = |f: fn(&mut TicketRecord)| {
            edited(&before, |d| {
                let mut record = TicketRecord::from_ticket(
                    &Ticket::new(TicketNumber::parse("A-A-002").unwrap(), Priority::Normal, NOW),
                    SECRET.into(),
                );
                f(&mut record);
                d.tickets.insert("A-A-002".into(), record);
            })
        };
        let malformed = Err(TotemChangeRefused::Malformed("A-A-002".into()));
        assert_eq!(refused(&before, &forge(|_| {}), 'A'), Ok(()));
        assert_eq!(refused(&before, &forge(|r| r.state = "done".into()), 'A'), malformed);
        assert_eq!(refused(&before, &forge(|r| r.desk = 9), 'A'), malformed);
        assert_eq!(refused(&before, &forge(|r| r.priority = "vip".into()), 'A'), malformed);
        assert_eq!(refused(&before, &forge(|r| r.area = "C".into()), 'A'), malformed);
        assert_eq!(refused(&before, &forge(|r| r.secret = "chosen".into()), 'A'), malformed);
        assert_eq!(refused(&before, &forge(|r| r.stays.clear()), 'A'), malformed);
        let issue_time = Err(TotemChangeRefused::IssueTime("A-A-002".into()));
        let in_1970 = |r: &mut TicketRecord| {
            *r = TicketRecord::from_ticket(
                &Ticket::new(TicketNumber::parse("A-A-002").unwrap(), Priority::Normal, 0),
                SECRET.into(),
            )
        };
        assert_eq!(refused(&before, &forge(in_1970), 'A'), issue_time);
        let tomorrow = |r: &mut TicketRecord| {
            *r = TicketRecord::from_ticket(
                &Ticket::new(TicketNumber::parse("A-A-002").unwrap(), Priority::Normal, NOW + TICKET_CLOCK_SKEW_MS + 1),
                SECRET.into(),
            )
        };
        assert_eq!(refused(&before, &forge(tomorrow), 'A'), issue_time);
        let before_own_latest = |r: &mut TicketRecord| {
            *r = TicketRecord::from_ticket(
                &Ticket::new(TicketNumber::parse("A-A-002").unwrap(), Priority::Normal, NOW - 120_000),
                SECRET.into(),
            )
        };
        assert_eq!(refused(&before, &forge(before_own_latest), 'A'), issue_time);
    }

    #[test]
    fn a_totem_cannot_reuse_counters_touch_other_tickets_or_add_fields() {
        let before = relay_day();
        let reused = edited(&before, |d| {
            d.tickets.clear();
            let ticket = Ticket::new(TicketNumber::parse("A-A-001").unwrap(), Priority::Pregnancy, NOW);
            d.tickets.insert("A-A-001".into(), TicketRecord::from_ticket(&ticket, SECRET.into()));
        });
        assert_eq!(refused(&before, &reused, 'A'), Err(TotemChangeRefused::ChangedExisting));
        let mut lower = QueueDay::new("bari", "2027-01-15");
        lower.issue(totem('A'), Area::A, Priority::Normal, NOW - 60_000, SECRET, 4).unwrap();
        let mut base = AutoCommit::new();
        crate::docs::write(&mut base, &lower).unwrap();
        let behind = edited(&base, |d| {
            let ticket = Ticket::new(TicketNumber::parse("A-A-003").unwrap(), Priority::Normal, NOW);
            d.tickets.insert("A-A-003".into(), TicketRecord::from_ticket(&ticket, SECRET.into()));
        });
        assert_eq!(refused(&base, &behind, 'A'), Err(TotemChangeRefused::CounterNotNext("A-A-003".into())));
        let desk = edited(&before, |d| d.set_desk(3, &[Area::A], NOW));
        assert_eq!(refused(&before, &desk, 'A'), Err(TotemChangeRefused::ChangedExisting));
        let mut junk = before.clone();
        junk.put(automerge::ROOT, "padding", "x".repeat(1000)).unwrap();
        assert_eq!(refused(&before, &junk, 'A'), Err(TotemChangeRefused::UnknownField("padding".into())));
        let mut extra = edited(&before, |d| {
            d.issue(totem('A'), Area::A, Priority::Normal, NOW, SECRET, 0).unwrap();
        });
        let tickets = child(&extra, &automerge::ROOT, "tickets").unwrap();
        let ticket = child(&extra, &tickets, "A-A-002").unwrap();
        extra.put(&ticket, "vip", true).unwrap();
        assert_eq!(refused(&before, &extra, 'A'), Err(TotemChangeRefused::UnknownField("A-A-002.vip".into())));
    }

    #[test]
    fn a_totem_cannot_slip_anything_into_what_is_there_already() {
        let mut before = relay_day();
        let mut opened: QueueDay = crate::docs::read(&before).unwrap();
        opened.set_desk(1, &[Area::A], NOW - 30_000);
        crate::docs::write(&mut before, &opened).unwrap();
        let changed = Err(TotemChangeRefused::ChangedExisting);
        let tickets = child(&before, &automerge::ROOT, "tickets").unwrap();
        // Free text inside the ticket already there, and inside its stay.
        let ticket = child(&before, &tickets, "A-A-001").unwrap();
        let mut noted = before.clone();
        noted.put(&ticket, "note", "Mario Rossi, RSSMRA80A01A662X").unwrap();
        assert_eq!(refused(&before, &noted, 'A'), changed);
        let stays = child(&before, &ticket, "stays").unwrap();
        let stay = automerge::ReadDoc::get(&before, &stays, 0).unwrap().unwrap().1;
        let mut in_stay = before.clone();
        in_stay.put(&stay, "note", "x").unwrap();
        assert_eq!(refused(&before, &in_stay, 'A'), changed);
        // Inside a desk, and the day's kind.
        let desk = child(&before, &child(&before, &automerge::ROOT, "desks").unwrap(), "1").unwrap();
        let mut at_desk = before.clone();
        at_desk.put(&desk, "note", "x").unwrap();
        assert_eq!(refused(&before, &at_desk, 'A'), changed);
        let mut kind = before.clone();
        kind.put(automerge::ROOT, "kind", "agenda").unwrap();
        assert_eq!(refused(&before, &kind, 'A'), changed);
        // The tickets replaced by an equal copy: what other totems add meanwhile would be lost.
        let mut copied = before.clone();
        let copy = copied.put_object(automerge::ROOT, "tickets", automerge::ObjType::Map).unwrap();
        let record: TicketRecord = crate::docs::read::<QueueDay>(&before).unwrap().tickets["A-A-001"].clone();
        autosurgeon::reconcile_prop(&mut copied, &copy, "A-A-001", &record).unwrap();
        assert_eq!(
            crate::docs::read::<QueueDay>(&copied).unwrap(),
            crate::docs::read::<QueueDay>(&before).unwrap(),
            "an equal copy"
        );
        assert_eq!(refused(&before, &copied, 'A'), changed);
        // What a totem does write still passes.
        let issued = edited(&before, |d| {
            d.issue(totem('A'), Area::A, Priority::Normal, NOW, SECRET, 0).unwrap();
        });
        assert_eq!(refused(&before, &issued, 'A'), Ok(()));
    }

    #[test]
    fn a_totem_issues_at_most_its_hourly_budget() {
        let before = relay_day();
        let at_budget = edited(&before, |d| {
            for i in 1..MAX_TICKETS_PER_TOTEM_HOUR {
                d.issue(totem('A'), Area::B, Priority::Normal, NOW - 50_000 + i as i64, SECRET, 0).unwrap();
            }
        });
        assert_eq!(refused(&before, &at_budget, 'A'), Ok(()));
        let past_budget = edited(&at_budget, |d| {
            d.issue(totem('A'), Area::B, Priority::Normal, NOW, SECRET, 0).unwrap();
        });
        assert_eq!(refused(&at_budget, &past_budget, 'A'), Err(TotemChangeRefused::TooMany));
    }

    #[test]
    fn one_malformed_ticket_does_not_hide_the_day() {
        let mut doc = relay_day();
        let tickets = child(&doc, &automerge::ROOT, "tickets").unwrap();
        doc.put(&tickets, "A-A-009", "not a ticket").unwrap();
        let bad = doc.put_object(&tickets, "A-B-001", automerge::ObjType::Map).unwrap();
        doc.put(&bad, "issued_at", "yesterday").unwrap();
        let day: QueueDay = crate::docs::read(&doc).unwrap();
        assert_eq!(day.tickets().iter().map(|t| t.number.to_string()).collect::<Vec<_>>(), ["A-A-001"]);
    }

    #[test]
    fn desks_and_estimates() {
        let mut day = QueueDay::new("bari", "2026-11-27");
        for at in 0..4 {
            day.issue(totem('A'), Area::B, Priority::Normal, at, "", 0).unwrap();
        }
        assert_eq!(day.outlook(Area::B), (4, None));
        day.set_desk(2, &[Area::B, Area::D], 0);
        day.set_desk(5, &[Area::B], 0);
        assert_eq!(day.desks_open(Area::B), 2);
        // 4 ahead x 60 standard minutes / 2 desks.
        assert_eq!(day.outlook(Area::B), (4, Some(120)));
        let third = TicketNumber::parse("B-A-003").unwrap();
        let standing = day.standing(third).unwrap();
        assert_eq!((standing.ahead, standing.wait_minutes), (2, Some(60)));
        let called = day.call_next(&day.desk_areas(2), 2, 10).unwrap();
        assert_eq!(called.number.to_string(), "B-A-001");
        assert_eq!(day.standing(called.number).unwrap().ahead, 0);
        day.set_desk(5, &[], 20);
        assert_eq!(day.desks_open(Area::B), 1);
        assert!(day.desk_areas(5).is_empty());
        assert_eq!(
            day.update(TicketNumber::parse("B-Z-001").unwrap(), |t| t.done(1)).unwrap_err().to_string(),
            "unknown ticket B-Z-001"
        );
    }
}
