//! The promotion campaign of seed section 4.2, for one company: selected in a segment, the
//! presentation letter sent, the phone call within 7 working days of the letter
//! ([`crate::pathway::promotion_call_deadline`]), the call's outcome, the visit booked, the
//! visit, and the convenzione di servizio signed. A company may also be dropped from the
//! campaign (not interested, or withdrawn), and selected again in a later one.
//!
//! The company document stores the events; the state is what replaying them gives
//! ([`replay`]), so two devices that record steps offline merge into one history, and an
//! event that does not fit (recorded concurrently on a stale state) is shown but skipped.

use crate::calendar::WorkingCalendar;
use crate::pathway::{promotion_call_deadline, status, Deadline};
use chrono::NaiveDate;
use std::cmp::Ordering;

/// Where a company stands in the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Stage {
    /// Never selected.
    #[default]
    None,
    Selected,
    LetterSent,
    /// A call was made; its [`CallOutcome`] says what next.
    Called,
    VisitBooked,
    Visited,
    /// The convenzione di servizio is signed: the campaign is over for this company.
    Signed,
    /// Dropped: not interested, or withdrawn by the CPI.
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::None,
        Stage::Selected,
        Stage::LetterSent,
        Stage::Called,
        Stage::VisitBooked,
        Stage::Visited,
        Stage::Signed,
        Stage::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::None => "",
            Stage::Selected => "selezionata",
            Stage::LetterSent => "lettera",
            Stage::Called => "telefonata",
            Stage::VisitBooked => "visita_prenotata",
            Stage::Visited => "visitata",
            Stage::Signed => "convenzione",
            Stage::Closed => "chiusa",
        }
    }

    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_it(self) -> &'static str {
        match self {
            Stage::None => "Non in campagna",
            Stage::Selected => "Selezionata",
            Stage::LetterSent => "Lettera inviata",
            Stage::Called => "Telefonata fatta",
            Stage::VisitBooked => "Visita prenotata",
            Stage::Visited => "Visitata",
            Stage::Signed => "Convenzione firmata",
            Stage::Closed => "Fuori campagna",
        }
    }
}

/// What the phone call gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallOutcome {
    /// Interested: a visit is to be booked.
    Interested,
    /// Reached, asked to be called again.
    CallBack,
    /// Not reached: the call is still due.
    Unreachable,
    /// Not interested: the company leaves the campaign.
    NotInterested,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 4] =
        [CallOutcome::Interested, CallOutcome::CallBack, CallOutcome::Unreachable, CallOutcome::NotInterested];

    pub fn code(self) -> &'static str {
        match self {
            CallOutcome::Interested => "interessata",
            CallOutcome::CallBack => "richiamare",
            CallOutcome::Unreachable => "non_raggiunta",
            CallOutcome::NotInterested => "non_interessata",
        }
    }

    pub fn from_code(code: &str) -> Option<CallOutcome> {
        CallOutcome::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn label_it(self) -> &'static str {
        match self {
            CallOutcome::Interested => "Interessata: fissare la visita",
            CallOutcome::CallBack => "Da richiamare",
            CallOutcome::Unreachable => "Non raggiunta",
            CallOutcome::NotInterested => "Non interessata",
        }
    }

    /// Whether the call counts as the contact the 7-working-day rule asks for.
    pub fn is_contact(self) -> bool {
        self != CallOutcome::Unreachable
    }
}

/// One step an operator records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    Select,
    SendLetter,
    Call(CallOutcome),
    /// A visit booked for the day given (the event's own date is when it was booked).
    BookVisit(NaiveDate),
    Visit,
    Sign,
    /// Withdrawn by the CPI.
    Close,
}

impl Event {
    /// The stored code of the event's kind (the outcome is stored beside it).
    pub fn code(self) -> &'static str {
        match self {
            Event::Select => "selezione",
            Event::SendLetter => "lettera",
            Event::Call(_) => "telefonata",
            Event::BookVisit(_) => "visita_prenotata",
            Event::Visit => "visita",
            Event::Sign => "convenzione",
            Event::Close => "chiusura",
        }
    }

    /// Reads a stored event; `None` for an unknown kind, a call without a known outcome or
    /// a booking without its appointment.
    pub fn from_codes(kind: &str, outcome: &str, appointment: Option<NaiveDate>) -> Option<Event> {
        Some(match kind {
            "selezione" => Event::Select,
            "lettera" => Event::SendLetter,
            "telefonata" => Event::Call(CallOutcome::from_code(outcome)?),
            "visita_prenotata" => Event::BookVisit(appointment?),
            "visita" => Event::Visit,
            "convenzione" => Event::Sign,
            "chiusura" => Event::Close,
            _ => return None,
        })
    }

    pub fn label_it(self) -> &'static str {
        match self {
            Event::Select => "Selezionata per la campagna",
            Event::SendLetter => "Lettera di presentazione inviata",
            Event::Call(_) => "Telefonata",
            Event::BookVisit(_) => "Visita prenotata",
            Event::Visit => "Visita svolta",
            Event::Sign => "Convenzione di servizio firmata",
            Event::Close => "Uscita dalla campagna",
        }
    }

    /// Same-day events replay in the campaign's order.
    fn rank(self) -> u8 {
        match self {
            Event::Select => 0,
            Event::SendLetter => 1,
            Event::Call(_) => 2,
            Event::BookVisit(_) => 3,
            Event::Visit => 4,
            Event::Sign => 5,
            Event::Close => 6,
        }
    }
}

/// The campaign state of one company: what the index line carries and the worklist reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct CampaignState {
    pub stage: Stage,
    /// The day the letter went out, from which the call is due.
    pub letter_sent: Option<NaiveDate>,
    /// The last call's outcome (at [`Stage::Called`], and kept after).
    pub outcome: Option<CallOutcome>,
    /// The day of the last step recorded.
    pub on: Option<NaiveDate>,
    /// The day of the visit booked (kept once visited).
    pub visit_on: Option<NaiveDate>,
}

/// Why an event does not fit the campaign's state, in Italian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    /// The step before has not been recorded.
    OutOfOrder { event: Event, stage: Stage },
    /// A convenzione is already signed.
    AlreadySigned,
    /// Dated before the step it follows.
    BeforePrevious,
    /// A step already done dated after today.
    InTheFuture,
    /// A visit booked for a day before the day it is booked on.
    VisitInThePast,
}

impl TransitionError {
    pub fn message_it(&self) -> String {
        match self {
            TransitionError::OutOfOrder { event, stage } => {
                let needs = match event {
                    Event::Select => "l'impresa è già nella campagna",
                    Event::SendLetter => "prima va selezionata per la campagna",
                    Event::Call(_) => "prima va registrato l'invio della lettera di presentazione",
                    Event::BookVisit(_) => "prima serve una telefonata con esito «interessata»",
                    Event::Visit => "prima va prenotata la visita",
                    Event::Sign => "prima va registrata la visita",
                    Event::Close => "l'impresa non è nella campagna",
                };
                format!("«{}» non si può registrare ora ({}): {needs}.", event.label_it(), stage.label_it())
            }
            TransitionError::AlreadySigned => {
                "L'impresa ha già firmato la convenzione di servizio: aggiorna la scheda invece di ricominciare la \
                 campagna."
                    .into()
            }
            TransitionError::BeforePrevious => "La data è precedente al passo registrato prima.".into(),
            TransitionError::InTheFuture => "Un passo già svolto non può avere una data futura.".into(),
            TransitionError::VisitInThePast => {
                "La visita si prenota per il giorno stesso o per un giorno successivo.".into()
            }
        }
    }
}

/// The state after `event` on `on`, or why it does not fit. Dates are checked against the
/// state only; [`check_date`] checks them against today.
pub fn next(state: &CampaignState, event: Event, on: NaiveDate) -> Result<CampaignState, TransitionError> {
    use Stage as S;
    let out_of_order = Err(TransitionError::OutOfOrder { event, stage: state.stage });
    if state.on.is_some_and(|previous| on < previous) {
        return Err(TransitionError::BeforePrevious);
    }
    let at = |stage| CampaignState { stage, on: Some(on), ..*state };
    match (state.stage, event) {
        (S::Signed, _) => Err(TransitionError::AlreadySigned),
        (S::None | S::Closed, Event::Select) => {
            Ok(CampaignState { stage: S::Selected, on: Some(on), ..Default::default() })
        }
        (S::Selected, Event::SendLetter) => Ok(CampaignState { letter_sent: Some(on), ..at(S::LetterSent) }),
        (S::LetterSent | S::Called, Event::Call(outcome)) => {
            let stage = if outcome == CallOutcome::NotInterested { S::Closed } else { S::Called };
            Ok(CampaignState { outcome: Some(outcome), ..at(stage) })
        }
        (S::Called, Event::BookVisit(day)) if state.outcome == Some(CallOutcome::Interested) => {
            Ok(CampaignState { visit_on: Some(day), ..at(S::VisitBooked) })
        }
        // A booked visit may be moved.
        (S::VisitBooked, Event::BookVisit(day)) => Ok(CampaignState { visit_on: Some(day), ..at(S::VisitBooked) }),
        (S::VisitBooked, Event::Visit) => Ok(at(S::Visited)),
        (S::Visited, Event::Sign) => Ok(at(S::Signed)),
        (S::None | S::Closed, Event::Close) => out_of_order,
        (_, Event::Close) => Ok(at(S::Closed)),
        _ => out_of_order,
    }
}

/// Checks the dates of an event against today: a step is recorded on a day not after today,
/// and a visit is booked for that day or later.
pub fn check_date(event: Event, on: NaiveDate, today: NaiveDate) -> Result<(), TransitionError> {
    match event {
        _ if on > today => Err(TransitionError::InTheFuture),
        Event::BookVisit(day) if day < on => Err(TransitionError::VisitInThePast),
        _ => Ok(()),
    }
}

/// The state the events give, replayed by date (same-day events in the campaign's order,
/// then by id); events that do not fit are skipped and returned by index.
pub fn replay<'a>(events: impl IntoIterator<Item = (NaiveDate, Event, &'a str)>) -> (CampaignState, Vec<&'a str>) {
    let mut events: Vec<_> = events.into_iter().collect();
    events.sort_by(|a, b| (a.0, a.1.rank(), a.2).cmp(&(b.0, b.1.rank(), b.2)));
    let mut state = CampaignState::default();
    let mut skipped = Vec::new();
    for (on, event, id) in events {
        match next(&state, event, on) {
            Ok(s) => state = s,
            Err(_) => skipped.push(id),
        }
    }
    (state, skipped)
}

impl CampaignState {
    /// The phone call's deadline while it is owed: from the letter until a call reaches
    /// the company.
    pub fn call_deadline(&self, cal: &WorkingCalendar) -> Option<Deadline> {
        let owed = match self.stage {
            Stage::LetterSent => true,
            Stage::Called => self.outcome.is_some_and(|o| !o.is_contact()),
            _ => false,
        };
        self.letter_sent.filter(|_| owed).map(|sent| promotion_call_deadline(sent, cal))
    }

    /// What the CPI has to do next for this company, if anything.
    pub fn action(&self, cal: &WorkingCalendar) -> Option<Action> {
        if let Some(deadline) = self.call_deadline(cal) {
            return Some(Action::Call(deadline));
        }
        match (self.stage, self.outcome) {
            (Stage::Selected, _) => Some(Action::SendLetter),
            (Stage::Called, Some(CallOutcome::Interested)) => Some(Action::BookVisit),
            (Stage::Called, _) => Some(Action::CallAgain),
            (Stage::VisitBooked, _) => self.visit_on.map(Action::Visit),
            (Stage::Visited, _) => Some(Action::Sign),
            _ => None,
        }
    }
}

/// The next thing to do for a company in the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The letter is still to print and send.
    SendLetter,
    /// The call owed within 7 working days of the letter.
    Call(Deadline),
    /// Reached and asked to be called again (the contact counted; no deadline).
    CallAgain,
    BookVisit,
    /// The visit booked for that day.
    Visit(NaiveDate),
    /// Visited: the convenzione is still to sign.
    Sign,
}

impl Action {
    pub fn label_it(&self) -> &'static str {
        match self {
            Action::SendLetter => "Inviare la lettera di presentazione",
            Action::Call(_) => "Telefonare (entro 7 giorni lavorativi dalla lettera)",
            Action::CallAgain => "Richiamare",
            Action::BookVisit => "Prenotare la visita",
            Action::Visit(_) => "Visita in azienda",
            Action::Sign => "Firmare la convenzione di servizio",
        }
    }

    fn day(&self) -> Option<NaiveDate> {
        match self {
            Action::Call(d) => Some(d.due),
            Action::Visit(on) => Some(*on),
            _ => None,
        }
    }

    /// Undated actions after dated ones: the nearest to a convenzione first.
    fn rank(&self) -> u8 {
        match self {
            Action::Call(_) => 0,
            Action::Visit(_) => 1,
            Action::Sign => 2,
            Action::BookVisit => 3,
            Action::CallAgain => 4,
            Action::SendLetter => 5,
        }
    }
}

/// One line of the campaign's worklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// The company document's id.
    pub company: String,
    /// The company's name, folded, for the tie-break.
    pub name_key: String,
    pub action: Action,
    /// Whether the call is past its deadline today.
    pub overdue: bool,
}

impl Task {
    pub fn new(
        company: &str,
        name: &str,
        state: &CampaignState,
        today: NaiveDate,
        cal: &WorkingCalendar,
    ) -> Option<Task> {
        let action = state.action(cal)?;
        let overdue = matches!(action, Action::Call(d) if status(&d, today, cal).is_overdue());
        Some(Task { company: company.to_owned(), name_key: crate::search::fold(name), action, overdue })
    }

    /// Overdue calls first, then dated actions (calls by their deadline, visits by their
    /// day), then what has no date (sign, book the visit, call again, send the letter);
    /// ties by the company's name, then its id, so the order is total.
    pub fn compare(&self, other: &Task) -> Ordering {
        let key = |t: &Task| {
            let day = t.action.day().unwrap_or(NaiveDate::MAX);
            (!t.overdue, day, t.action.rank(), t.name_key.clone(), t.company.clone())
        };
        key(self).cmp(&key(other))
    }
}

/// Sorts the campaign's worklist ([`Task::compare`]).
pub fn order_tasks(tasks: &mut [Task]) {
    tasks.sort_by(Task::compare);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpi::cpi_by_slug;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn bari() -> WorkingCalendar {
        WorkingCalendar::for_cpi(cpi_by_slug("bari").unwrap(), 2026..=2027)
    }

    fn after(events: &[(Event, NaiveDate)]) -> Result<CampaignState, TransitionError> {
        events.iter().try_fold(CampaignState::default(), |s, &(e, on)| next(&s, e, on))
    }

    #[test]
    fn the_campaign_from_selection_to_the_convenzione() {
        let d = date(2026, 10, 1);
        let s = after(&[
            (Event::Select, d),
            (Event::SendLetter, date(2026, 10, 2)),
            (Event::Call(CallOutcome::Unreachable), date(2026, 10, 5)),
            (Event::Call(CallOutcome::Interested), date(2026, 10, 6)),
            (Event::BookVisit(date(2026, 10, 20)), date(2026, 10, 6)),
            (Event::BookVisit(date(2026, 10, 22)), date(2026, 10, 7)),
            (Event::Visit, date(2026, 10, 22)),
            (Event::Sign, date(2026, 10, 22)),
        ])
        .unwrap();
        assert_eq!(s.stage, Stage::Signed);
        // A visit booked ahead may be moved earlier, held earlier, or the company withdrawn.
        let booked = after(&[
            (Event::Select, d),
            (Event::SendLetter, d),
            (Event::Call(CallOutcome::Interested), d),
            (Event::BookVisit(date(2026, 10, 30)), d),
        ])
        .unwrap();
        let moved = next(&booked, Event::BookVisit(date(2026, 10, 20)), date(2026, 10, 2)).unwrap();
        assert_eq!(moved.visit_on, Some(date(2026, 10, 20)));
        assert_eq!(next(&booked, Event::Visit, date(2026, 10, 19)).unwrap().stage, Stage::Visited);
        assert_eq!(next(&booked, Event::Close, date(2026, 10, 5)).unwrap().stage, Stage::Closed);
        assert_eq!(s.letter_sent, Some(date(2026, 10, 2)));
        assert_eq!(s.outcome, Some(CallOutcome::Interested));
        assert_eq!(next(&s, Event::Select, date(2027, 1, 1)), Err(TransitionError::AlreadySigned));
    }

    #[test]
    fn steps_out_of_order_are_refused_with_the_reason() {
        let d = date(2026, 10, 1);
        let none = CampaignState::default();
        let e = next(&none, Event::SendLetter, d).unwrap_err();
        assert_eq!(e, TransitionError::OutOfOrder { event: Event::SendLetter, stage: Stage::None });
        assert!(e.message_it().contains("prima va selezionata"));
        let selected = next(&none, Event::Select, d).unwrap();
        assert!(next(&selected, Event::Call(CallOutcome::Interested), d)
            .unwrap_err()
            .message_it()
            .contains("invio della lettera"));
        assert!(next(&selected, Event::Select, d).is_err());
        let sent = next(&selected, Event::SendLetter, d).unwrap();
        assert!(next(&sent, Event::BookVisit(d), d).is_err());
        let called_back = next(&sent, Event::Call(CallOutcome::CallBack), d).unwrap();
        assert!(
            next(&called_back, Event::BookVisit(d), d).unwrap_err().message_it().contains("esito «interessata»"),
            "a visit needs an interested company"
        );
        assert!(next(&sent, Event::Visit, d).is_err());
        assert!(next(&sent, Event::Sign, d).is_err());
        assert!(next(&none, Event::Close, d).unwrap_err().message_it().contains("non è nella campagna"));
        // Dates never go back.
        assert_eq!(
            next(&sent, Event::Call(CallOutcome::Interested), date(2026, 9, 30)),
            Err(TransitionError::BeforePrevious)
        );
    }

    #[test]
    fn a_company_not_interested_leaves_and_may_be_selected_again() {
        let d = date(2026, 10, 1);
        let s =
            after(&[(Event::Select, d), (Event::SendLetter, d), (Event::Call(CallOutcome::NotInterested), d)]).unwrap();
        assert_eq!(s.stage, Stage::Closed);
        assert_eq!(s.action(&bari()), None);
        let again = next(&s, Event::Select, date(2027, 3, 1)).unwrap();
        assert_eq!((again.stage, again.letter_sent, again.outcome), (Stage::Selected, None, None));
        let withdrawn = next(&again, Event::Close, date(2027, 3, 2)).unwrap();
        assert_eq!(withdrawn.stage, Stage::Closed);
        // A new selection is not dated before the close: replayed by date, it would come
        // before it and leave the company out of the campaign.
        assert_eq!(next(&s, Event::Select, date(2026, 9, 30)), Err(TransitionError::BeforePrevious));
    }

    /// The app leads each event's id with the time it was recorded, so two calls of one day
    /// replay in the order they were made whatever devices recorded them.
    #[test]
    fn two_calls_of_one_day_replay_in_the_order_of_their_ids() {
        let d = date(2026, 10, 5);
        let events = [
            (d, Event::Call(CallOutcome::Interested), "00019a0f3c2b-y"),
            (date(2026, 10, 1), Event::Select, "00019a0f3c2a-s"),
            (d, Event::Call(CallOutcome::Unreachable), "00019a0f3c2a-x"),
            (date(2026, 10, 2), Event::SendLetter, "00019a0f3c2a-l"),
        ];
        let (state, skipped) = replay(events);
        assert_eq!((state.stage, state.outcome), (Stage::Called, Some(CallOutcome::Interested)));
        assert!(skipped.is_empty());
        let reversed = events.map(|(on, e, id)| (on, e, if id.ends_with('y') { "00019a0f3c29-y" } else { id }));
        assert_eq!(replay(reversed).0.outcome, Some(CallOutcome::Unreachable));
    }

    #[test]
    fn dates_against_today() {
        let today = date(2026, 10, 14);
        assert_eq!(check_date(Event::SendLetter, date(2026, 10, 15), today), Err(TransitionError::InTheFuture));
        assert_eq!(check_date(Event::SendLetter, today, today), Ok(()));
        let booked_for = |day| Event::BookVisit(day);
        assert_eq!(check_date(booked_for(date(2026, 10, 13)), today, today), Err(TransitionError::VisitInThePast));
        assert_eq!(check_date(booked_for(date(2026, 10, 13)), date(2026, 10, 12), today), Ok(()));
        assert_eq!(check_date(booked_for(date(2026, 11, 13)), today, today), Ok(()));
        assert_eq!(
            check_date(booked_for(date(2026, 11, 13)), date(2026, 10, 15), today),
            Err(TransitionError::InTheFuture)
        );
    }

    #[test]
    fn the_call_is_due_seven_working_days_after_the_letter_across_a_holiday_and_a_patron_day() {
        let cal = bari();
        let sent = |on| CampaignState {
            stage: Stage::LetterSent,
            letter_sent: Some(on),
            on: Some(on),
            outcome: None,
            visit_on: None,
        };
        // Letter on Tue 1 Dec 2026: Wed 2 (1), Thu 3 (2), Fri 4 (3), Sun 6 San Nicola is a
        // Sunday, Mon 7 (4), Tue 8 Immacolata closed, Wed 9 (5), Thu 10 (6), Fri 11 (7).
        assert_eq!(sent(date(2026, 12, 1)).call_deadline(&cal).unwrap().due, date(2026, 12, 11));
        // In 2027 San Nicola (Mon 6 Dec, Bari's patron day) and the Immacolata (Wed 8 Dec)
        // both close the office: a letter on Fri 3 Dec is due on Thu 16 Dec.
        assert_eq!(sent(date(2027, 12, 3)).call_deadline(&cal).unwrap().due, date(2027, 12, 16));
        // Without the patron day (a CPI with another saint) the same letter is due a day earlier.
        let national = WorkingCalendar::national();
        assert_eq!(sent(date(2027, 12, 3)).call_deadline(&national).unwrap().due, date(2027, 12, 15));
        // A call that did not reach the company leaves the deadline running; one that did, ends it.
        let unreachable =
            next(&sent(date(2027, 12, 3)), Event::Call(CallOutcome::Unreachable), date(2027, 12, 6)).unwrap();
        assert_eq!(unreachable.call_deadline(&cal).unwrap().due, date(2027, 12, 16));
        let reached = next(&unreachable, Event::Call(CallOutcome::CallBack), date(2027, 12, 7)).unwrap();
        assert_eq!(reached.call_deadline(&cal), None);
        assert_eq!(reached.action(&cal), Some(Action::CallAgain));
    }

    #[test]
    fn replay_orders_by_date_and_skips_what_does_not_fit() {
        let d = date(2026, 10, 1);
        // Recorded on two devices: the same-day letter and call arrive in any order; a
        // second letter recorded offline on a stale state does not fit.
        let (state, skipped) = replay([
            (date(2026, 10, 2), Event::Call(CallOutcome::Interested), "c"),
            (d, Event::SendLetter, "b"),
            (d, Event::Select, "a"),
            (date(2026, 10, 3), Event::SendLetter, "d"),
        ]);
        assert_eq!(state.stage, Stage::Called);
        assert_eq!(state.letter_sent, Some(d));
        assert_eq!(skipped, ["d"]);
    }

    #[test]
    fn the_worklist_puts_overdue_calls_first_then_by_due_day_then_undated_steps() {
        let cal = bari();
        let today = date(2026, 12, 15);
        let letter = |on| CampaignState {
            stage: Stage::LetterSent,
            letter_sent: Some(on),
            on: Some(on),
            outcome: None,
            visit_on: None,
        };
        let visit = |on| CampaignState {
            stage: Stage::VisitBooked,
            visit_on: Some(on),
            outcome: Some(CallOutcome::Interested),
            ..Default::default()
        };
        let st = |stage| CampaignState { stage, ..Default::default() };
        let interested =
            CampaignState { stage: Stage::Called, outcome: Some(CallOutcome::Interested), ..Default::default() };
        let companies = [
            ("z-letter", "Zeta Srl", st(Stage::Selected)),
            ("visit-past", "Alfa Spa", visit(date(2026, 12, 10))),
            ("call-late-1", "Omega", letter(date(2026, 11, 20))),
            ("call-late-2", "Beta", letter(date(2026, 11, 25))),
            ("call-soon", "Gamma", letter(date(2026, 12, 14))),
            ("visit-soon", "Delta", visit(date(2026, 12, 16))),
            ("sign", "Epsilon", st(Stage::Visited)),
            ("book", "Eta", interested),
            ("a-letter", "Acme", st(Stage::Selected)),
            ("done", "Theta", st(Stage::Signed)),
        ];
        let mut tasks: Vec<Task> =
            companies.iter().rev().filter_map(|(id, name, s)| Task::new(id, name, s, today, &cal)).collect();
        order_tasks(&mut tasks);
        let ids: Vec<&str> = tasks.iter().map(|t| t.company.as_str()).collect();
        assert_eq!(
            ids,
            [
                "call-late-1",
                "call-late-2",
                "visit-past",
                "visit-soon",
                "call-soon",
                "sign",
                "book",
                "a-letter",
                "z-letter"
            ]
        );
        assert!(tasks[0].overdue && tasks[1].overdue && !tasks[2].overdue);
    }
}
