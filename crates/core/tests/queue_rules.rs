//! Queue rules: numbers unique without a central counter, one total call order on every
//! device, transfers that keep the place, the wait estimate and the day's times.

use std::collections::HashSet;

use proptest::prelude::*;
use sportello_core::catalogue::Area;
use sportello_core::queue::{
    call_next, call_order, call_order_for, day_times, estimated_wait_minutes, issue, next_to_call, order_key,
    standard_minutes, ticket_mut, tickets_ahead, Priority, Status, Ticket, TicketNumber, TotemCode,
};

const MINUTE: i64 = 60_000;
/// 9:00 on 5 March 2026 (UTC), in milliseconds.
const NINE: i64 = 1_772_701_200_000;

fn totem(i: usize) -> TotemCode {
    TotemCode::from_index(i).unwrap()
}

fn number(text: &str) -> TicketNumber {
    TicketNumber::parse(text).unwrap()
}

fn ticket(text: &str, priority: Priority, at: i64) -> Ticket {
    Ticket::new(number(text), priority, at)
}

fn numbers(tickets: &[&Ticket]) -> Vec<String> {
    tickets.iter().map(|t| t.number.to_string()).collect()
}

fn area_strategy() -> impl Strategy<Value = Area> {
    prop::sample::select(Area::ALL.to_vec())
}

fn priority_strategy() -> impl Strategy<Value = Priority> {
    prop::sample::select(Priority::ALL.to_vec())
}

/// One ticket a totem issues: area, priority, ms since its previous ticket on its own clock,
/// whether it had just synced with the others.
type Step = (Area, Priority, i64, bool);

/// One totem's offline day: its clock skew and its tickets.
type TotemDay = (i64, Vec<Step>);

fn totem_day() -> impl Strategy<Value = TotemDay> {
    (
        -10 * MINUTE..10 * MINUTE,
        prop::collection::vec((area_strategy(), priority_strategy(), -MINUTE..5 * MINUTE, any::<bool>()), 0..60),
    )
}

/// Runs the totems' days interleaved; each issues from its own view: its own tickets, plus
/// the others' when it happens to be online.
fn run_day(days: &[TotemDay]) -> Vec<Ticket> {
    let mut local: Vec<Vec<Ticket>> = vec![Vec::new(); days.len()];
    let mut clocks: Vec<i64> = days.iter().map(|(skew, _)| NINE + skew).collect();
    let longest = days.iter().map(|(_, steps)| steps.len()).max().unwrap_or(0);
    for step in 0..longest {
        for (i, (_, steps)) in days.iter().enumerate() {
            let Some(&(area, priority, delta, online)) = steps.get(step) else { continue };
            clocks[i] += delta;
            if online {
                let others: Vec<Ticket> = local
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .flat_map(|(_, ts)| ts.iter().filter(|t| t.number.totem() != totem(i)).cloned())
                    .collect();
                for t in others {
                    if !local[i].iter().any(|own| own.number == t.number) {
                        local[i].push(t);
                    }
                }
            }
            let t = issue(totem(i), area, priority, clocks[i], &local[i]).unwrap();
            local[i].push(t);
        }
    }
    // The merge: every ticket once, by number (a synced copy is the same ticket).
    let mut merged: Vec<Ticket> = Vec::new();
    for t in local.into_iter().flatten() {
        if !merged.iter().any(|m| m.number == t.number) {
            merged.push(t);
        }
    }
    merged
}

proptest! {
    // Failures print their minimal case; no regression file next to an integration test.
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn offline_totems_never_collide(days in prop::collection::vec(totem_day(), 2..=6)) {
        let issued: usize = days.iter().map(|(_, steps)| steps.len()).sum();
        let merged = run_day(&days);
        // Had two totems produced the same number, the merge would have dropped one.
        prop_assert_eq!(merged.len(), issued);
        let distinct: HashSet<TicketNumber> = merged.iter().map(|t| t.number).collect();
        prop_assert_eq!(distinct.len(), issued);
        // Per totem and area the counters are 1, 2, 3... and their times never go back.
        for (i, (_, steps)) in days.iter().enumerate() {
            prop_assert_eq!(merged.iter().filter(|t| t.number.totem() == totem(i)).count(), steps.len());
            for area in Area::ALL {
                let mut own: Vec<&Ticket> =
                    merged.iter().filter(|t| t.number.totem() == totem(i) && t.number.area() == area).collect();
                own.sort_by_key(|t| t.number.counter());
                let counters: Vec<usize> = own.iter().map(|t| usize::from(t.number.counter())).collect();
                prop_assert_eq!(counters, (1..=own.len()).collect::<Vec<_>>());
                prop_assert!(own.windows(2).all(|w| w[0].issued_at_ms <= w[1].issued_at_ms));
            }
        }
    }

    #[test]
    fn call_order_is_priority_then_time_then_number(
        days in prop::collection::vec(totem_day(), 2..=4),
        area in area_strategy(),
    ) {
        let merged = run_day(&days);
        let order = call_order(&merged, area);
        prop_assert_eq!(order.len(), merged.iter().filter(|t| t.area == area).count());
        for pair in order.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let before = a.priority.weight() > b.priority.weight()
                || (a.priority.weight() == b.priority.weight()
                    && (a.issued_at_ms < b.issued_at_ms
                        || (a.issued_at_ms == b.issued_at_ms && a.number < b.number)));
            prop_assert!(before, "{} before {}", a.number, b.number);
        }
        prop_assert_eq!(next_to_call(&merged, &[area]).map(|t| t.number), order.first().map(|t| t.number));
    }

    #[test]
    fn every_device_computes_the_same_order(
        (merged, shuffled) in prop::collection::vec(totem_day(), 2..=5)
            .prop_map(|days| run_day(&days))
            .prop_flat_map(|merged| (Just(merged.clone()), Just(merged).prop_shuffle())),
        areas in prop::sample::subsequence(Area::ALL.to_vec(), 1..=3),
    ) {
        let a = call_order_for(&merged, &areas);
        let b = call_order_for(&shuffled, &areas);
        prop_assert_eq!(numbers(&a), numbers(&b));
        prop_assert_eq!(
            next_to_call(&merged, &areas).map(|t| t.number),
            next_to_call(&shuffled, &areas).map(|t| t.number)
        );
    }
}

#[test]
fn priority_first_then_time_then_number() {
    let day = vec![
        ticket("A-A-001", Priority::Normal, NINE),
        ticket("A-B-001", Priority::Normal, NINE),
        ticket("A-A-002", Priority::Pregnancy, NINE + 10 * MINUTE),
        ticket("A-C-001", Priority::Disability, NINE + 5 * MINUTE),
        ticket("A-C-002", Priority::Normal, NINE - MINUTE),
        ticket("B-A-001", Priority::Disability, NINE - 30 * MINUTE),
    ];
    // Same millisecond on totems A and B: the number breaks the tie.
    assert_eq!(numbers(&call_order(&day, Area::A)), ["A-C-001", "A-A-002", "A-C-002", "A-A-001", "A-B-001"]);
    assert_eq!(numbers(&call_order(&day, Area::B)), ["B-A-001"]);
    assert!(call_order(&day, Area::G).is_empty());
    // A desk serving A and B merges both queues in the same order.
    assert_eq!(next_to_call(&day, &[Area::A, Area::B]).unwrap().number, number("B-A-001"));
    assert!(order_key(&day[3]) < order_key(&day[2]));
}

#[test]
fn called_and_closed_tickets_leave_the_queue() {
    let mut day = vec![
        ticket("C-A-001", Priority::Normal, NINE),
        ticket("C-A-002", Priority::Normal, NINE + MINUTE),
        ticket("C-B-001", Priority::Normal, NINE + 2 * MINUTE),
    ];
    assert_eq!(call_next(&mut day, &[Area::C], 2, NINE + 10 * MINUTE), Some(number("C-A-001")));
    assert_eq!(day[0].status, Status::Called { desk: 2, at: NINE + 10 * MINUTE });
    assert_eq!(numbers(&call_order(&day, Area::C)), ["C-A-002", "C-B-001"]);
    // Calling a given ticket out of order.
    ticket_mut(&mut day, number("C-B-001")).unwrap().call(3, NINE + 11 * MINUTE).unwrap();
    assert_eq!(numbers(&call_order(&day, Area::C)), ["C-A-002"]);
    // An absent person called again comes back through `call`, not the queue.
    ticket_mut(&mut day, number("C-A-001")).unwrap().no_show(NINE + 13 * MINUTE).unwrap();
    assert_eq!(numbers(&call_order(&day, Area::C)), ["C-A-002"]);
    ticket_mut(&mut day, number("C-A-001")).unwrap().call(2, NINE + 20 * MINUTE).unwrap();
    assert_eq!(call_next(&mut day, &[Area::C], 4, NINE + 21 * MINUTE), Some(number("C-A-002")));
    assert_eq!(call_next(&mut day, &[Area::C], 4, NINE + 22 * MINUTE), None);
}

#[test]
fn transfer_keeps_the_number_and_the_place() {
    let mut day = vec![
        ticket("A-A-001", Priority::Normal, NINE),
        ticket("E-B-001", Priority::Normal, NINE + 5 * MINUTE),
        ticket("E-B-002", Priority::Normal, NINE + 10 * MINUTE),
    ];
    // The person at the reception desk turns out to need the targeted placement (E).
    let t = ticket_mut(&mut day, number("A-A-001")).unwrap();
    t.call(1, NINE + 20 * MINUTE).unwrap();
    t.start(NINE + 21 * MINUTE).unwrap();
    t.transfer(Area::E, NINE + 30 * MINUTE).unwrap();
    assert_eq!(t.status, Status::Transferred { to_area: Area::E, at: NINE + 30 * MINUTE });
    assert_eq!((t.number, t.area, t.issued_at_ms), (number("A-A-001"), Area::E, NINE));
    assert!(t.transfer(Area::E, NINE + 31 * MINUTE).is_err());

    // Issued at 9:00, the person goes before the E tickets of 9:05 and 9:10.
    assert_eq!(numbers(&call_order(&day, Area::E)), ["A-A-001", "E-B-001", "E-B-002"]);
    assert!(call_order(&day, Area::A).is_empty());
    assert_eq!(tickets_ahead(&day, number("E-B-002")).map(|a| numbers(&a)).unwrap(), ["A-A-001", "E-B-001"]);

    // Each area counts its own stay: 20 min wait and 9 min service in A, 5 min wait in E.
    assert_eq!(call_next(&mut day, &[Area::E], 7, NINE + 35 * MINUTE), Some(number("A-A-001")));
    let t = ticket_mut(&mut day, number("A-A-001")).unwrap();
    t.done(NINE + 65 * MINUTE).unwrap();
    let times = day_times(&day);
    let a = times.iter().find(|x| x.area == Area::A).unwrap();
    assert_eq!((a.tickets, a.called, a.served), (1, 1, 1));
    assert_eq!((a.mean_wait_minutes, a.mean_service_minutes), (Some(20.0), Some(9.0)));
    let e = times.iter().find(|x| x.area == Area::E).unwrap();
    assert_eq!((e.tickets, e.called, e.served), (3, 1, 1));
    assert_eq!((e.mean_wait_minutes, e.mean_service_minutes), (Some(5.0), Some(30.0)));
}

#[test]
fn estimated_wait_examples() {
    let ahead_a: Vec<Ticket> =
        (1..=3).map(|i| ticket(&format!("A-A-{i:03}"), Priority::Normal, NINE + i64::from(i))).collect();
    let refs: Vec<&Ticket> = ahead_a.iter().collect();
    // 3 ahead x 30 min / 2 desks = 45.
    assert_eq!(estimated_wait_minutes(&refs, 2, standard_minutes), Some(45));
    // 3 x 30 / 4 = 22.5, rounded up.
    assert_eq!(estimated_wait_minutes(&refs, 4, standard_minutes), Some(23));
    // Nobody ahead: called at the next free desk.
    assert_eq!(estimated_wait_minutes(&[], 1, standard_minutes), Some(0));
    // No desk open: no estimate.
    assert_eq!(estimated_wait_minutes(&refs, 0, standard_minutes), None);
    // Measured minutes instead of the standard ones.
    assert_eq!(estimated_wait_minutes(&refs, 1, |_| 12), Some(36));
    // A desk serving B and D: 60 + 105 minutes over 2 desks.
    let mixed = [ticket("B-A-001", Priority::Normal, NINE), ticket("D-A-001", Priority::Normal, NINE)];
    let refs: Vec<&Ticket> = mixed.iter().collect();
    assert_eq!(estimated_wait_minutes(&refs, 2, standard_minutes), Some(83));
}

#[test]
fn day_times_average_per_area() {
    let mut day = vec![
        ticket("F-A-001", Priority::Normal, NINE),
        ticket("F-A-002", Priority::Normal, NINE + 10 * MINUTE),
        ticket("F-A-003", Priority::Normal, NINE + 20 * MINUTE),
    ];
    let events = [
        ("F-A-001", 15, 16, 40), // waits 15, served 24
        ("F-A-002", 45, 46, 62), // waits 35, served 16
    ];
    for (n, called, start, end) in events {
        let t = ticket_mut(&mut day, number(n)).unwrap();
        t.call(1, NINE + called * MINUTE).unwrap();
        t.start(NINE + start * MINUTE).unwrap();
        t.done(NINE + end * MINUTE).unwrap();
    }
    // A desk clock behind the totem's: the negative wait counts as zero.
    let t = ticket_mut(&mut day, number("F-A-003")).unwrap();
    t.call(1, NINE + 19 * MINUTE).unwrap();
    t.no_show(NINE + 22 * MINUTE).unwrap();
    let times = day_times(&day);
    assert_eq!(times.len(), 1);
    let f = &times[0];
    assert_eq!((f.area, f.tickets, f.called, f.served), (Area::F, 3, 3, 2));
    assert_eq!(f.mean_wait_minutes, Some(50.0 / 3.0));
    assert_eq!(f.mean_service_minutes, Some(20.0));
}

#[test]
fn totem_codes_from_distinct_indexes_are_distinct() {
    let codes: HashSet<TotemCode> = (0..TotemCode::COUNT).map(totem).collect();
    assert_eq!(codes.len(), TotemCode::COUNT);
    assert!(TotemCode::from_index(TotemCode::COUNT).is_none());
    assert_eq!(totem(1).to_string(), "B");
}
