//! Queue tickets ("taglia code") issued by offline totems, with no central counter.
//!
//! # Design
//!
//! **Areas.** A ticket is for one area of the charter ([`Area`] A-G), so the letter on the
//! ticket is the same the citizen sees on the charter and on the signs. A desk serves one or
//! more areas (e.g. one orientation desk for B and D, one employers' desk for F and G): the
//! functions that pick the next ticket take a list of areas and merge their queues with the
//! same order as below.
//!
//! **Numbering.** A number is `<area>-<totem>-<counter>`, e.g. `A-B-017`:
//! - `area` is the area letter A-G;
//! - `totem` is the issuing device's [`TotemCode`], one letter of A-Z without I and O (they
//!   read like 1 and 0 on paper), so 24 devices per CPI. It is derived from an index that the
//!   relay assigns at enrolment ([`TotemCode::from_index`]); two devices of one CPI active on
//!   the same day never share an index. Any device that issues tickets (an operator console
//!   printing one for a walk-in) needs its own code too;
//! - `counter` is 001-999, per totem and per area, restarting each day (the queue is one
//!   document per CPI and day): the next one is the highest the totem has issued today in
//!   that area plus one ([`next_number`]).
//!
//! Uniqueness holds by construction, not by coordination: two tickets of different totems
//! differ in the totem letter, two tickets of one totem and area differ in the counter,
//! because a totem only ever counts on tickets it issued itself and stored before printing.
//! A totem can therefore issue tickets offline for hours and merge later without collisions.
//! The one thing that breaks it is a device that loses its own storage during the day and
//! keeps its code: such a device must be enrolled again with a new code.
//!
//! **Call order.** Every device (totems, display board, operator consoles) computes the same
//! single order from the same set of tickets, whatever order they arrived in, by sorting on a
//! total key ([`call_order`]):
//! 1. higher [`Priority::weight`] first (people with disabilities and pregnant women have the
//!    same weight: both have precedence, neither over the other);
//! 2. then earlier `issued_at_ms` (milliseconds since the Unix epoch, on the issuing totem's
//!    clock);
//! 3. then the ticket number (area, totem letter, counter), which is unique, so no two
//!    tickets ever tie and the sort does not depend on insertion order.
//!
//! **Clock skew.** Totems' clocks may drift while offline. The app should pass the time
//! corrected by the offset it learnt at its last contact with the relay; what is left is
//! accepted and bounded: a totem whose clock runs ahead places its tickets later than their
//! true order, one that runs behind places them earlier, by at most the skew. Two rules
//! keep the effect local:
//! - a totem's own tickets never overtake each other: [`issue`] never stamps a ticket earlier
//!   than the latest one the same totem issued today, even if its clock jumps backwards;
//! - equal timestamps (same millisecond on two totems, or a clamped clock) are broken by the
//!   ticket number, so the order stays total and the same on every device.
//!
//! Waiting and service times subtract timestamps taken on different devices (totem for the
//! arrival, desk for the call); a negative interval produced by skew counts as zero.
//!
//! **Transfers.** Sending a ticket to another area keeps its number (the person holds it on
//! paper) and its original `issued_at_ms`, so in the new area's queue the person sits where
//! they would have been had they taken the right ticket at arrival: they do not lose their
//! place for a referral that was not their fault. Each area the ticket queued in is kept as a
//! [`Stay`] with its own timestamps, so each area's statistics count its own waiting.
//!
//! **Estimated wait.** `ceil(Σ minutes per ticket ahead / desks open)`; with no desk open
//! there is no estimate. Minutes per ticket are the day's measured mean service time of the
//! area once [`MIN_MEASURED`] tickets are served, and before that the area's standard
//! duration from the charter ([`standard_minutes`]).
//!
//! Concurrent operator actions on one ticket (two offline consoles calling the same person)
//! are not resolved here: operator consoles work online, and the document merge keeps one
//! status.

use std::cmp::Reverse;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalogue::{catalogue, Area, DurationGroup};

/// Letters a totem code may use: A-Z without I and O.
const TOTEM_LETTERS: &[u8; 24] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The highest per-totem, per-area counter of a day.
pub const MAX_COUNTER: u16 = 999;

/// Served tickets needed before an area's measured service time replaces the standard one.
pub const MIN_MEASURED: u32 = 5;

/// A ticket-issuing device's letter within its CPI, e.g. `B`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TotemCode(u8);

impl TotemCode {
    /// How many devices of one CPI can issue tickets.
    pub const COUNT: usize = TOTEM_LETTERS.len();

    /// The code of the device with this enrolment index (0-based), if below [`Self::COUNT`].
    pub fn from_index(index: usize) -> Option<TotemCode> {
        TOTEM_LETTERS.get(index).map(|&b| TotemCode(b))
    }

    /// The enrolment index this code stands for.
    pub fn index(self) -> usize {
        TOTEM_LETTERS.iter().position(|&b| b == self.0).unwrap_or(0)
    }

    /// The code for this letter, case-insensitive; I and O are not codes.
    pub fn from_letter(letter: char) -> Option<TotemCode> {
        let upper = u8::try_from(letter.to_ascii_uppercase()).ok()?;
        TOTEM_LETTERS.contains(&upper).then_some(TotemCode(upper))
    }

    pub fn letter(self) -> char {
        char::from(self.0)
    }

    /// Every code, in index order.
    pub fn all() -> impl Iterator<Item = TotemCode> {
        TOTEM_LETTERS.iter().map(|&b| TotemCode(b))
    }
}

impl fmt::Display for TotemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

impl FromStr for TotemCode {
    type Err = InvalidTicketNumber;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut chars = s.trim().chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => TotemCode::from_letter(c),
            _ => None,
        }
        .ok_or_else(|| InvalidTicketNumber(s.to_string()))
    }
}

impl Serialize for TotemCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TotemCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

/// A ticket number such as `A-B-017`: area, issuing totem, daily counter.
/// Ordered by area, then totem, then counter (the last tie-breaker of the call order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TicketNumber {
    area: Area,
    totem: TotemCode,
    counter: u16,
}

impl TicketNumber {
    /// A number; `None` unless `counter` is 1..=[`MAX_COUNTER`].
    pub fn new(area: Area, totem: TotemCode, counter: u16) -> Option<TicketNumber> {
        (1..=MAX_COUNTER).contains(&counter).then_some(TicketNumber { area, totem, counter })
    }

    /// The area the ticket was issued for (a transfer does not change the number).
    pub fn area(self) -> Area {
        self.area
    }

    pub fn totem(self) -> TotemCode {
        self.totem
    }

    pub fn counter(self) -> u16 {
        self.counter
    }

    /// Parses `A-B-017`, `ab017`, `a b 17`: spaces and hyphens are ignored.
    pub fn parse(text: &str) -> Option<TicketNumber> {
        let compact: Vec<char> = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        let (&area, rest) = compact.split_first()?;
        let (&totem, digits) = rest.split_first()?;
        if digits.is_empty() || digits.len() > 3 || !digits.iter().all(char::is_ascii_digit) {
            return None;
        }
        let counter = digits.iter().collect::<String>().parse().ok()?;
        TicketNumber::new(Area::from_letter(area)?, TotemCode::from_letter(totem)?, counter)
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:03}", self.area.letter(), self.totem.letter(), self.counter)
    }
}

/// A text that is not a ticket number (or totem code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTicketNumber(pub String);

impl fmt::Display for InvalidTicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a ticket number: {:?}", self.0)
    }
}

impl std::error::Error for InvalidTicketNumber {}

impl FromStr for TicketNumber {
    type Err = InvalidTicketNumber;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TicketNumber::parse(s).ok_or_else(|| InvalidTicketNumber(s.to_string()))
    }
}

impl Serialize for TicketNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TicketNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

/// Precedence in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    #[default]
    Normal,
    Disability,
    Pregnancy,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::Normal, Priority::Disability, Priority::Pregnancy];

    /// Higher is called first. Both priority groups weigh the same: precedence over the
    /// others, not over each other.
    pub fn weight(self) -> u8 {
        match self {
            Priority::Normal => 0,
            Priority::Disability | Priority::Pregnancy => 1,
        }
    }

    /// Italian label for the totem's buttons and the board.
    pub fn label_it(self) -> &'static str {
        match self {
            Priority::Normal => "Ordinario",
            Priority::Disability => "Persona con disabilità",
            Priority::Pregnancy => "Donna in gravidanza",
        }
    }
}

/// Where a ticket is in its life. Times are milliseconds since the Unix epoch; a desk is the
/// number shown on the board ("Sportello 3"). `Transferred` waits again, in `to_area`, since
/// `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    Waiting,
    Called { desk: u16, at: i64 },
    Serving { desk: u16, since: i64 },
    Done { at: i64 },
    NoShow { at: i64 },
    Transferred { to_area: Area, at: i64 },
}

/// The name of a ticket's state, as the queue document stores it and the relay's phone
/// page sends it: `waiting`, `called`, `serving`, `done`, `no_show`, `transferred`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketState {
    Waiting,
    Called,
    Serving,
    Done,
    NoShow,
    Transferred,
}

impl TicketState {
    pub const ALL: [TicketState; 6] = [
        TicketState::Waiting,
        TicketState::Called,
        TicketState::Serving,
        TicketState::Done,
        TicketState::NoShow,
        TicketState::Transferred,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Serving => "serving",
            TicketState::Done => "done",
            TicketState::NoShow => "no_show",
            TicketState::Transferred => "transferred",
        }
    }

    pub fn from_code(code: &str) -> Option<TicketState> {
        TicketState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A citizen rates the service only once it is over: served, not while called or being
    /// served, and never after a no-show.
    pub fn may_be_rated(self) -> bool {
        self == TicketState::Done
    }
}

impl Serialize for TicketState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for TicketState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        TicketState::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown ticket state {code:?}")))
    }
}

impl Status {
    pub fn state(&self) -> TicketState {
        match self {
            Status::Waiting => TicketState::Waiting,
            Status::Called { .. } => TicketState::Called,
            Status::Serving { .. } => TicketState::Serving,
            Status::Done { .. } => TicketState::Done,
            Status::NoShow { .. } => TicketState::NoShow,
            Status::Transferred { .. } => TicketState::Transferred,
        }
    }

    /// The state the citizen is told: a transferred ticket is simply waiting again.
    pub fn public_state(&self) -> TicketState {
        match self.state() {
            TicketState::Transferred => TicketState::Waiting,
            state => state,
        }
    }

    /// The desk a ticket is called to or served at, while it is.
    pub fn desk(&self) -> Option<u16> {
        match *self {
            Status::Called { desk, .. } | Status::Serving { desk, .. } => Some(desk),
            _ => None,
        }
    }

    pub fn may_be_rated(&self) -> bool {
        self.state().may_be_rated()
    }

    /// In a queue, waiting to be called: fresh or just transferred.
    pub fn is_waiting(&self) -> bool {
        matches!(self, Status::Waiting | Status::Transferred { .. })
    }

    /// Italian label for the operator console.
    pub fn label_it(&self) -> String {
        match self {
            Status::Waiting => "In attesa".into(),
            Status::Called { desk, .. } => format!("Chiamato allo sportello {desk}"),
            Status::Serving { desk, .. } => format!("In servizio allo sportello {desk}"),
            Status::Done { .. } => "Servito".into(),
            Status::NoShow { .. } => "Assente alla chiamata".into(),
            Status::Transferred { to_area, .. } => format!("Trasferito all'area {to_area}"),
        }
    }
}

/// A ticket's time in one area's queue: from joining it (issue or transfer) to leaving it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stay {
    pub area: Area,
    pub queued_at_ms: i64,
    /// The first call in this area (a recall does not move it).
    pub called_at_ms: Option<i64>,
    pub started_at_ms: Option<i64>,
    /// Done, no-show, or transferred away.
    pub ended_at_ms: Option<i64>,
}

impl Stay {
    pub fn new(area: Area, queued_at_ms: i64) -> Stay {
        Stay { area, queued_at_ms, called_at_ms: None, started_at_ms: None, ended_at_ms: None }
    }
}

/// A queue ticket. `area` is the queue it is in now: the number's area until a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub number: TicketNumber,
    pub area: Area,
    pub priority: Priority,
    /// On the issuing totem's clock; never changes, transfers included.
    pub issued_at_ms: i64,
    pub status: Status,
    /// One per area the ticket queued in, the current one last.
    #[serde(default)]
    pub stays: Vec<Stay>,
}

/// Why a queue operation was refused: the totem issued [`MAX_COUNTER`] tickets for the area
/// today; no such ticket; only a waiting, transferred or absent ticket can be called; recall,
/// start and no-show need a called ticket; done needs one called or at the desk; a served
/// ticket cannot be transferred; the ticket is already in that area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueError {
    NumbersExhausted { totem: TotemCode, area: Area },
    UnknownTicket(TicketNumber),
    NotWaiting(TicketNumber),
    NotCalled(TicketNumber),
    NotInService(TicketNumber),
    AlreadyDone(TicketNumber),
    SameArea(TicketNumber, Area),
}

impl QueueError {
    /// Italian message for the operator or the totem screen.
    pub fn message_it(&self) -> String {
        match self {
            QueueError::NumbersExhausted { area, .. } => format!(
                "Numeri esauriti per oggi su questo totem per l'area {area}: \
                 usa un altro totem o rivolgiti all'accoglienza."
            ),
            QueueError::UnknownTicket(n) => format!("Il biglietto {n} non esiste nella coda di oggi."),
            QueueError::NotWaiting(n) => format!("Il biglietto {n} non è in attesa e non può essere chiamato."),
            QueueError::NotCalled(n) => format!("Il biglietto {n} non è stato chiamato."),
            QueueError::NotInService(n) => format!("Il biglietto {n} non è allo sportello."),
            QueueError::AlreadyDone(n) => format!("Il biglietto {n} è già stato servito."),
            QueueError::SameArea(n, area) => format!("Il biglietto {n} è già nell'area {area}."),
        }
    }
}

impl fmt::Display for QueueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueueError::NumbersExhausted { totem, area } => {
                write!(f, "totem {totem} has no numbers left today for area {area}")
            }
            QueueError::UnknownTicket(n) => write!(f, "unknown ticket {n}"),
            QueueError::NotWaiting(n) => write!(f, "ticket {n} is not waiting"),
            QueueError::NotCalled(n) => write!(f, "ticket {n} is not called"),
            QueueError::NotInService(n) => write!(f, "ticket {n} is not at a desk"),
            QueueError::AlreadyDone(n) => write!(f, "ticket {n} is done"),
            QueueError::SameArea(n, area) => write!(f, "ticket {n} is already in area {area}"),
        }
    }
}

impl std::error::Error for QueueError {}

impl Ticket {
    /// A fresh waiting ticket in its number's area.
    pub fn new(number: TicketNumber, priority: Priority, issued_at_ms: i64) -> Ticket {
        Ticket {
            number,
            area: number.area(),
            priority,
            issued_at_ms,
            status: Status::Waiting,
            stays: vec![Stay::new(number.area(), issued_at_ms)],
        }
    }

    pub fn is_waiting(&self) -> bool {
        self.status.is_waiting()
    }

    /// Calls the ticket to `desk`: from waiting, transferred, or absent (the person came back).
    pub fn call(&mut self, desk: u16, at_ms: i64) -> Result<(), QueueError> {
        if !(self.is_waiting() || matches!(self.status, Status::NoShow { .. })) {
            return Err(QueueError::NotWaiting(self.number));
        }
        let stay = self.stay_mut();
        stay.called_at_ms.get_or_insert(at_ms);
        stay.ended_at_ms = None;
        self.status = Status::Called { desk, at: at_ms };
        Ok(())
    }

    /// Calls it again on the board, at the same desk.
    pub fn recall(&mut self, at_ms: i64) -> Result<(), QueueError> {
        match self.status {
            Status::Called { desk, .. } => {
                self.status = Status::Called { desk, at: at_ms };
                Ok(())
            }
            _ => Err(QueueError::NotCalled(self.number)),
        }
    }

    /// The person reached the desk.
    pub fn start(&mut self, at_ms: i64) -> Result<(), QueueError> {
        match self.status {
            Status::Called { desk, .. } => {
                self.stay_mut().started_at_ms = Some(at_ms);
                self.status = Status::Serving { desk, since: at_ms };
                Ok(())
            }
            _ => Err(QueueError::NotCalled(self.number)),
        }
    }

    /// The person did not come when called.
    pub fn no_show(&mut self, at_ms: i64) -> Result<(), QueueError> {
        match self.status {
            Status::Called { .. } => {
                self.stay_mut().ended_at_ms = Some(at_ms);
                self.status = Status::NoShow { at: at_ms };
                Ok(())
            }
            _ => Err(QueueError::NotCalled(self.number)),
        }
    }

    /// Served. From "called" directly, the service is taken to start at the call.
    pub fn done(&mut self, at_ms: i64) -> Result<(), QueueError> {
        if !matches!(self.status, Status::Called { .. } | Status::Serving { .. }) {
            return Err(QueueError::NotInService(self.number));
        }
        let stay = self.stay_mut();
        if stay.started_at_ms.is_none() {
            stay.started_at_ms = Some(stay.called_at_ms.unwrap_or(at_ms));
        }
        stay.ended_at_ms = Some(at_ms);
        self.status = Status::Done { at: at_ms };
        Ok(())
    }

    /// Sends the ticket to another area's queue, keeping its number and issue time (and so
    /// its place: see the module docs).
    pub fn transfer(&mut self, to_area: Area, at_ms: i64) -> Result<(), QueueError> {
        if matches!(self.status, Status::Done { .. }) {
            return Err(QueueError::AlreadyDone(self.number));
        }
        if to_area == self.area {
            return Err(QueueError::SameArea(self.number, to_area));
        }
        self.stay_mut().ended_at_ms.get_or_insert(at_ms);
        self.area = to_area;
        self.stays.push(Stay::new(to_area, at_ms));
        self.status = Status::Transferred { to_area, at: at_ms };
        Ok(())
    }

    /// The stay in the current area; tolerant of documents written without stays.
    fn stay_mut(&mut self) -> &mut Stay {
        if self.stays.last().is_none_or(|s| s.area != self.area) {
            self.stays.push(Stay::new(self.area, self.issued_at_ms));
        }
        let last = self.stays.len() - 1;
        &mut self.stays[last]
    }
}

/// The number `totem` gives its next ticket for `area`: one more than the highest it issued
/// today for that area. `issued_today` may hold every ticket of the day: only the totem's own
/// count.
pub fn next_number(totem: TotemCode, area: Area, issued_today: &[Ticket]) -> Result<TicketNumber, QueueError> {
    let highest = issued_today
        .iter()
        .map(|t| t.number)
        .filter(|n| n.totem() == totem && n.area() == area)
        .map(TicketNumber::counter)
        .max()
        .unwrap_or(0);
    TicketNumber::new(area, totem, highest + 1).ok_or(QueueError::NumbersExhausted { totem, area })
}

/// A new ticket from `totem`, stamped `now_ms` but never before the totem's latest ticket of
/// the day, so a clock that jumps back cannot reorder the totem's own tickets.
pub fn issue(
    totem: TotemCode,
    area: Area,
    priority: Priority,
    now_ms: i64,
    issued_today: &[Ticket],
) -> Result<Ticket, QueueError> {
    let number = next_number(totem, area, issued_today)?;
    let latest_own =
        issued_today.iter().filter(|t| t.number.totem() == totem).map(|t| t.issued_at_ms).max().unwrap_or(now_ms);
    Ok(Ticket::new(number, priority, now_ms.max(latest_own)))
}

/// The total order of the queue: priority weight (higher first), issue time, number.
pub fn order_key(ticket: &Ticket) -> (Reverse<u8>, i64, TicketNumber) {
    (Reverse(ticket.priority.weight()), ticket.issued_at_ms, ticket.number)
}

/// The waiting tickets of `area`, in call order.
pub fn call_order(tickets: &[Ticket], area: Area) -> Vec<&Ticket> {
    call_order_for(tickets, &[area])
}

/// The waiting tickets of any of `areas` (a desk serving several), merged in call order.
pub fn call_order_for<'a>(tickets: &'a [Ticket], areas: &[Area]) -> Vec<&'a Ticket> {
    let mut waiting: Vec<&Ticket> = tickets.iter().filter(|t| t.is_waiting() && areas.contains(&t.area)).collect();
    waiting.sort_by_key(|t| order_key(t));
    waiting
}

/// The ticket a desk serving `areas` calls next.
pub fn next_to_call<'a>(tickets: &'a [Ticket], areas: &[Area]) -> Option<&'a Ticket> {
    tickets.iter().filter(|t| t.is_waiting() && areas.contains(&t.area)).min_by_key(|t| order_key(t))
}

/// Calls the next ticket of `areas` to `desk`; `None` when nobody is waiting.
pub fn call_next(tickets: &mut [Ticket], areas: &[Area], desk: u16, at_ms: i64) -> Option<TicketNumber> {
    let key = order_key(next_to_call(tickets, areas)?);
    let ticket = tickets.iter_mut().find(|t| t.is_waiting() && areas.contains(&t.area) && order_key(t) == key)?;
    ticket.call(desk, at_ms).ok()?;
    Some(ticket.number)
}

/// The ticket with this number, to apply an operator action to it.
pub fn ticket_mut(tickets: &mut [Ticket], number: TicketNumber) -> Result<&mut Ticket, QueueError> {
    tickets.iter_mut().find(|t| t.number == number).ok_or(QueueError::UnknownTicket(number))
}

/// The tickets called before this one in its area; `None` if it is not waiting.
pub fn tickets_ahead(tickets: &[Ticket], number: TicketNumber) -> Option<Vec<&Ticket>> {
    let ticket = tickets.iter().find(|t| t.number == number && t.is_waiting())?;
    let key = order_key(ticket);
    Some(call_order(tickets, ticket.area).into_iter().take_while(|t| order_key(t) < key).collect())
}

/// The tickets at a desk now (called, or being served), with the desk and the time of the
/// latest call, the latest first: what the display board shows.
pub fn called_now(tickets: &[Ticket]) -> Vec<(&Ticket, u16, i64)> {
    let mut called: Vec<(&Ticket, u16, i64)> = tickets
        .iter()
        .filter_map(|t| match t.status {
            Status::Called { desk, at } => Some((t, desk, at)),
            Status::Serving { desk, .. } => Some((t, desk, t.stays.last().and_then(|s| s.called_at_ms)?)),
            _ => None,
        })
        .collect();
    called.sort_by_key(|&(t, _, at)| (Reverse(at), t.number));
    called
}

/// The short code printed on a ticket under its QR code: the first 6 characters of its
/// secret, uppercase. Asked at the totem before rating, so knowing a number (they are on
/// the board) is not enough to rate someone else's service.
pub fn check_code(secret: &str) -> String {
    secret.chars().take(SURVEY_CODE_CHARS).collect::<String>().to_uppercase()
}

/// The path of a ticket's phone page, as its QR code holds it after the origin. The
/// secret is in the fragment, which browsers never send to the server.
pub fn ticket_link_path(cpi: &str, number: TicketNumber, date: &str, secret: &str) -> String {
    format!("/coda/{cpi}/{number}?g={date}#{secret}")
}

/// A ticket link read by the totem's scanner from the ticket's QR code: number and secret.
pub fn parse_ticket_link(text: &str) -> Option<(TicketNumber, String)> {
    let (_, rest) = text.trim().split_once("/coda/")?;
    let (path, secret) = rest.split_once('#')?;
    let number = path.split('?').next()?.rsplit('/').next()?;
    Some((TicketNumber::parse(number)?, secret.to_string()))
}

/// How many characters of the secret the printed code shows.
const SURVEY_CODE_CHARS: usize = 6;

/// Whether `given` (the whole secret read from the QR code, or the printed code typed by
/// hand, any case) proves holding the ticket whose secret is `secret`. A ticket without a
/// secret is never proven.
pub fn proves_ticket(secret: &str, given: &str) -> bool {
    let given = given.trim().to_uppercase();
    !secret.is_empty()
        && given.chars().count() >= SURVEY_CODE_CHARS
        && (given == secret.to_uppercase() || given == check_code(secret))
}

/// Minutes until the first person after `ahead` is called: the minutes of every ticket ahead,
/// shared among the open desks, rounded up. `None` with no desk open ("non disponibile").
pub fn estimated_wait_minutes(
    ahead: &[&Ticket],
    desks_open: u32,
    minutes_per_ticket: impl Fn(Area) -> u32,
) -> Option<u32> {
    if desks_open == 0 {
        return None;
    }
    let total: u64 = ahead.iter().map(|t| u64::from(minutes_per_ticket(t.area))).sum();
    Some(u32::try_from(total.div_ceil(u64::from(desks_open))).unwrap_or(u32::MAX))
}

/// The target group whose standard durations stand for an area's desk: T1 for A-D, T5 for
/// the targeted placement (E), employers for F-G.
pub fn reference_group(area: Area) -> DurationGroup {
    match area {
        Area::A | Area::B | Area::C | Area::D => DurationGroup::T1,
        Area::E => DurationGroup::T5,
        Area::F | Area::G => DurationGroup::Employers,
    }
}

/// The standard minutes of one ticket of `area`: the mean, rounded up, of the charter's
/// durations of the area's services for its [`reference_group`] (A 30, B 60, C 90, D 105,
/// E 84, F 90, G 140).
pub fn standard_minutes(area: Area) -> u32 {
    let group = reference_group(area);
    let minutes: Vec<u32> = catalogue().by_area(area).filter_map(|s| s.duration_for(group)).collect();
    match u32::try_from(minutes.len()) {
        Ok(n) if n > 0 => minutes.iter().sum::<u32>().div_ceil(n),
        _ => 30,
    }
}

/// Minutes per ticket for the estimate: the day's measured mean service time of `area` once
/// [`MIN_MEASURED`] tickets were served there, else [`standard_minutes`].
pub fn service_minutes(area: Area, today: &[AreaTimes]) -> u32 {
    today
        .iter()
        .find(|a| a.area == area && a.served >= MIN_MEASURED)
        .and_then(|a| a.mean_service_minutes)
        .map_or_else(|| standard_minutes(area), |m| (m.ceil() as u32).max(1))
}

/// Waiting and service times of one area over a day, for the operator console.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaTimes {
    pub area: Area,
    /// Tickets that queued in the area (a transferred ticket counts in each area).
    pub tickets: u32,
    /// Of those, called at least once.
    pub called: u32,
    /// Mean of (first call - joining the queue) over the called ones.
    pub mean_wait_minutes: Option<f64>,
    /// Tickets with a start and an end of service.
    pub served: u32,
    /// Mean of (end - start) over the served ones.
    pub mean_service_minutes: Option<f64>,
}

/// Per-area times from the stays of a day's tickets, in area order; areas with no ticket are
/// left out. Negative intervals (clock skew between devices) count as zero.
pub fn area_times<'a>(stays: impl IntoIterator<Item = &'a Stay>) -> Vec<AreaTimes> {
    #[derive(Default, Clone, Copy)]
    struct Sums {
        tickets: u32,
        called: u32,
        wait_ms: i64,
        served: u32,
        service_ms: i64,
    }
    let mut sums = [Sums::default(); Area::ALL.len()];
    for stay in stays {
        let s = &mut sums[stay.area as usize];
        s.tickets += 1;
        if let Some(called) = stay.called_at_ms {
            s.called += 1;
            s.wait_ms += (called - stay.queued_at_ms).max(0);
        }
        if let (Some(start), Some(end)) = (stay.started_at_ms, stay.ended_at_ms) {
            s.served += 1;
            s.service_ms += (end - start).max(0);
        }
    }
    let mean = |ms: i64, n: u32| (n > 0).then(|| ms as f64 / f64::from(n) / 60_000.0);
    Area::ALL
        .into_iter()
        .zip(sums)
        .filter(|(_, s)| s.tickets > 0)
        .map(|(area, s)| AreaTimes {
            area,
            tickets: s.tickets,
            called: s.called,
            mean_wait_minutes: mean(s.wait_ms, s.called),
            served: s.served,
            mean_service_minutes: mean(s.service_ms, s.served),
        })
        .collect()
}

/// [`area_times`] over every stay of a day's tickets.
pub fn day_times(tickets: &[Ticket]) -> Vec<AreaTimes> {
    area_times(tickets.iter().flat_map(|t| &t.stays))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totem(i: usize) -> TotemCode {
        TotemCode::from_index(i).unwrap()
    }

    fn cbor<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(value, &mut out).unwrap();
        out
    }

    #[test]
    fn ticket_states_keep_the_names_documents_and_the_phone_page_use() {
        let names = ["waiting", "called", "serving", "done", "no_show", "transferred"];
        for (state, name) in TicketState::ALL.into_iter().zip(names) {
            assert_eq!(state.code(), name);
            assert_eq!(TicketState::from_code(name), Some(state));
            assert_eq!(cbor(&state), cbor(name));
            let back: TicketState = ciborium::from_reader(cbor(name).as_slice()).unwrap();
            assert_eq!(back, state);
        }
        assert_eq!(TicketState::from_code("served"), None);
        assert!(ciborium::from_reader::<TicketState, _>(cbor("served").as_slice()).is_err());
        let moved = Status::Transferred { to_area: Area::E, at: 5 };
        assert_eq!((moved.state(), moved.public_state()), (TicketState::Transferred, TicketState::Waiting));
        assert_eq!(Status::NoShow { at: 5 }.public_state(), TicketState::NoShow);
    }

    #[test]
    fn a_ticket_has_a_desk_only_while_called_or_served_and_is_rated_only_once_done() {
        assert_eq!(Status::Called { desk: 3, at: 1 }.desk(), Some(3));
        assert_eq!(Status::Serving { desk: 4, since: 1 }.desk(), Some(4));
        for status in [
            Status::Waiting,
            Status::Done { at: 1 },
            Status::NoShow { at: 1 },
            Status::Transferred { to_area: Area::B, at: 1 },
        ] {
            assert_eq!(status.desk(), None, "{status:?}");
        }
        let rated: Vec<TicketState> = TicketState::ALL.into_iter().filter(|s| s.may_be_rated()).collect();
        assert_eq!(rated, [TicketState::Done]);
        assert!(Status::Done { at: 1 }.may_be_rated() && !Status::Serving { desk: 1, since: 1 }.may_be_rated());
    }

    #[test]
    fn a_ticket_is_proven_by_its_whole_secret_or_by_the_six_characters_printed_on_it() {
        let secret = "3fa9c1d2e4b5a6978812aabbccddeeff";
        assert_eq!(check_code(secret), "3FA9C1");
        assert!(proves_ticket(secret, "3fa9c1"));
        assert!(proves_ticket(secret, " 3FA9C1 "));
        assert!(proves_ticket(secret, "3FA9C1D2E4B5A6978812AABBCCDDEEFF"));
        assert!(!proves_ticket(secret, "3FA9C"));
        assert!(!proves_ticket(secret, "3FA9C2"));
        assert!(!proves_ticket(secret, "3FA9C1D"));
        assert!(!proves_ticket("", ""));
        assert!(!proves_ticket("", "3FA9C1"));
    }

    #[test]
    fn the_totem_reads_back_the_link_of_a_ticket_s_qr_code() {
        let number = TicketNumber::parse("A-B-017").unwrap();
        let path = ticket_link_path("bari", number, "2026-12-01", "3fa9c1d2");
        assert_eq!(path, "/coda/bari/A-B-017?g=2026-12-01#3fa9c1d2");
        let scanned = format!("https://sportello.example{path}\n");
        assert_eq!(parse_ticket_link(&scanned), Some((number, "3fa9c1d2".to_string())));
        assert_eq!(parse_ticket_link("A-B-017"), None);
        assert_eq!(parse_ticket_link("https://x/coda/bari/A-B-017?g=2026-12-01"), None);
        assert_eq!(parse_ticket_link("https://x/coda/bari/nonsense#abc"), None);
    }

    #[test]
    fn totem_codes_skip_i_and_o() {
        assert_eq!(TotemCode::COUNT, 24);
        assert_eq!(totem(0).letter(), 'A');
        assert_eq!(totem(8).letter(), 'J');
        assert_eq!(totem(23).letter(), 'Z');
        assert!(TotemCode::from_index(24).is_none());
        assert!(TotemCode::from_letter('I').is_none() && TotemCode::from_letter('o').is_none());
        for (i, code) in TotemCode::all().enumerate() {
            assert_eq!(code.index(), i);
            assert_eq!(code.to_string().parse::<TotemCode>(), Ok(code));
        }
    }

    #[test]
    fn ticket_numbers_parse_and_print() {
        let n = TicketNumber::new(Area::A, totem(1), 17).unwrap();
        assert_eq!(n.to_string(), "A-B-017");
        for text in ["A-B-017", "ab017", " a b 17 ", "A-B-17"] {
            assert_eq!(TicketNumber::parse(text), Some(n), "{text}");
        }
        for bad in ["", "A", "AB", "A-B-000", "A-B-1000", "H-B-001", "A-I-001", "A-B-01x", "A-B-0017"] {
            assert_eq!(TicketNumber::parse(bad), None, "{bad}");
        }
        assert!(TicketNumber::new(Area::A, totem(0), 0).is_none());
        assert!(TicketNumber::new(Area::A, totem(0), 1000).is_none());
    }

    #[test]
    fn serde_uses_the_printed_number() {
        let t = Ticket::new(TicketNumber::parse("E-C-004").unwrap(), Priority::Disability, 5);
        let mut cbor = Vec::new();
        ciborium::into_writer(&t, &mut cbor).unwrap();
        assert!(String::from_utf8_lossy(&cbor).contains("E-C-004"));
        let back: Ticket = ciborium::from_reader(&cbor[..]).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn numbers_count_per_totem_and_area() {
        let mut day = Vec::new();
        for (t, area) in [(0, Area::A), (0, Area::A), (1, Area::A), (0, Area::C), (0, Area::A)] {
            let ticket = issue(totem(t), area, Priority::Normal, 1_000, &day).unwrap();
            day.push(ticket);
        }
        let numbers: Vec<String> = day.iter().map(|t| t.number.to_string()).collect();
        assert_eq!(numbers, ["A-A-001", "A-A-002", "A-B-001", "C-A-001", "A-A-003"]);
    }

    #[test]
    fn a_full_day_is_refused() {
        let last = Ticket::new(TicketNumber::new(Area::B, totem(2), MAX_COUNTER).unwrap(), Priority::Normal, 0);
        let err = next_number(totem(2), Area::B, &[last]).unwrap_err();
        assert_eq!(err, QueueError::NumbersExhausted { totem: totem(2), area: Area::B });
        assert!(err.message_it().contains("esauriti"));
        assert!(next_number(totem(3), Area::B, &[]).is_ok());
    }

    #[test]
    fn a_clock_going_back_does_not_reorder_a_totems_tickets() {
        let first = issue(totem(0), Area::A, Priority::Normal, 10_000, &[]).unwrap();
        let second = issue(totem(0), Area::A, Priority::Normal, 4_000, std::slice::from_ref(&first)).unwrap();
        assert_eq!(second.issued_at_ms, 10_000);
        let day = [second.clone(), first.clone()];
        let order: Vec<_> = call_order(&day, Area::A).iter().map(|t| t.number).collect();
        assert_eq!(order, [first.number, second.number]);
    }

    #[test]
    fn lifecycle_and_refusals() {
        let mut t = Ticket::new(TicketNumber::parse("B-A-001").unwrap(), Priority::Normal, 0);
        assert_eq!(t.recall(1), Err(QueueError::NotCalled(t.number)));
        assert_eq!(t.done(1), Err(QueueError::NotInService(t.number)));
        t.call(3, 60_000).unwrap();
        assert_eq!(t.call(4, 60_001), Err(QueueError::NotWaiting(t.number)));
        t.recall(90_000).unwrap();
        assert_eq!(t.status, Status::Called { desk: 3, at: 90_000 });
        t.no_show(120_000).unwrap();
        t.call(3, 300_000).unwrap();
        t.start(360_000).unwrap();
        assert_eq!(t.status, Status::Serving { desk: 3, since: 360_000 });
        t.done(960_000).unwrap();
        assert_eq!(t.transfer(Area::C, 1), Err(QueueError::AlreadyDone(t.number)));
        let stay = t.stays[0];
        assert_eq!(stay.called_at_ms, Some(60_000));
        assert_eq!((stay.started_at_ms, stay.ended_at_ms), (Some(360_000), Some(960_000)));
        let times = day_times(std::slice::from_ref(&t));
        assert_eq!(times[0].mean_wait_minutes, Some(1.0));
        assert_eq!(times[0].mean_service_minutes, Some(10.0));
        for e in [QueueError::UnknownTicket(t.number), QueueError::SameArea(t.number, Area::B)] {
            assert!(e.message_it().contains("B-A-001") && !e.to_string().is_empty());
        }
    }

    #[test]
    fn board_shows_the_latest_call_first() {
        let mut day: Vec<Ticket> = (1..=3)
            .map(|i| Ticket::new(TicketNumber::new(Area::A, totem(0), i).unwrap(), Priority::Normal, 0))
            .collect();
        assert_eq!(call_next(&mut day, &[Area::A], 1, 100), TicketNumber::parse("A-A-001"));
        assert_eq!(call_next(&mut day, &[Area::A], 2, 200), TicketNumber::parse("A-A-002"));
        ticket_mut(&mut day, TicketNumber::parse("A-A-001").unwrap()).unwrap().recall(300).unwrap();
        let board: Vec<String> = called_now(&day).iter().map(|(t, ..)| t.number.to_string()).collect();
        assert_eq!(board, ["A-A-001", "A-A-002"]);
        assert!(ticket_mut(&mut day, TicketNumber::parse("A-Z-001").unwrap()).is_err());
    }

    #[test]
    fn standard_minutes_per_area() {
        let got: Vec<u32> = Area::ALL.into_iter().map(standard_minutes).collect();
        assert_eq!(got, [30, 60, 90, 105, 84, 90, 140]);
    }

    #[test]
    fn measured_times_replace_the_standard_after_enough_tickets() {
        let mut times = vec![AreaTimes {
            area: Area::A,
            tickets: 9,
            called: 9,
            mean_wait_minutes: Some(20.0),
            served: MIN_MEASURED - 1,
            mean_service_minutes: Some(12.2),
        }];
        assert_eq!(service_minutes(Area::A, &times), 30);
        times[0].served = MIN_MEASURED;
        assert_eq!(service_minutes(Area::A, &times), 13);
        assert_eq!(service_minutes(Area::B, &times), 60);
    }
}
