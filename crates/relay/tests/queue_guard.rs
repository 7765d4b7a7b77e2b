//! A totem writes to its CPI's queue of the day only to add tickets: the relay refuses any
//! other change from a totem (calling, removing or rewriting tickets, opening desks), while
//! operators' consoles change tickets freely.

use automerge::transaction::CommitOptions;
use automerge::{ActorId, Automerge};
use sportello_core::access::{AccessClass, Principal, Role};
use sportello_core::catalogue::Area;
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{Priority, TicketNumber, TotemCode};
use sportello_core::sync::client::SyncClient;
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_relay::hub::ConnId;

mod support;
use support::{sends, HubDevice as Device, Relay};

/// Runs frames between the devices and the hub until quiet.
fn pump(hub: &Relay, devices: &mut [&mut Device], pending: Vec<(ConnId, Vec<u8>)>) {
    support::pump(hub, devices, pending, 1_000);
}

fn connect(hub: &Relay, principal: Principal, conn: ConnId, doc: DocumentId) -> (Device, Vec<(ConnId, Vec<u8>)>) {
    let letter = matches!(principal, Principal::Totem { .. }).then(|| TotemCode::from_letter('A').unwrap());
    hub.connect_totem(conn, principal, format!("device-{conn}"), letter);
    let mut client = SyncClient::new(PeerId(format!("peer-{conn}")), ActorId::from(&[conn as u8; 16][..]));
    client.open(doc);
    let frames = sends(conn, client.connected());
    (Device { client, conn }, frames)
}

fn edit(device: &mut Device, doc: DocumentId, change: impl FnOnce(&mut QueueDay)) -> Vec<(ConnId, Vec<u8>)> {
    support::edit(device, doc, change)
}

fn relay_day(hub: &Relay, doc: DocumentId) -> QueueDay {
    hub.read("bari", &doc, 1_000, |d| sportello_core::docs::read(d).unwrap()).unwrap()
}

/// A hub holding `day` as Bari's queue document `doc`, created by the relay.
fn hub_with_day(doc: DocumentId, day: &QueueDay) -> Relay {
    let hub = Relay::default();
    let mut initial = Automerge::new().with_actor(ActorId::from(&[0xAA; 16][..]));
    let mut tx = initial.transaction();
    sportello_core::docs::write(&mut tx, day).unwrap();
    tx.commit_with(CommitOptions::default().with_time(0));
    hub.create(doc, AccessClass::Queue { cpi: "bari".into() }, initial, 0);
    hub
}

#[test]
fn totems_add_tickets_and_nothing_else() {
    let doc = DocumentId::from_random([3; 16]);
    let hub = hub_with_day(doc, &QueueDay::new("bari", "2026-11-27"));

    let totem = Principal::Totem { device: "totem-a".into(), cpi: "bari".into() };
    let (mut kiosk, frames) = connect(&hub, totem, 1, doc);
    pump(&hub, &mut [&mut kiosk], frames);
    let letter = TotemCode::from_letter('A').unwrap();
    let frames = edit(&mut kiosk, doc, |d| {
        d.issue(letter, Area::B, Priority::Normal, 10, "0123456789abcdef", 0).unwrap();
    });
    pump(&hub, &mut [&mut kiosk], frames);
    let number = TicketNumber::parse("B-A-001").unwrap();
    assert!(relay_day(&hub, doc).ticket(number).is_some(), "a totem adds its ticket");
    assert_eq!(kiosk.client.pending_changes(&doc), 0);

    // The same totem tries to serve its ticket and to open a desk: refused, never stored.
    let frames = edit(&mut kiosk, doc, |d| {
        d.update(number, |t| t.call(4, 20)).unwrap();
        d.set_desk(4, &[Area::B], 20);
    });
    pump(&hub, &mut [&mut kiosk], frames);
    let day = relay_day(&hub, doc);
    assert!(day.ticket(number).unwrap().is_waiting());
    assert_eq!(day.desks_open(Area::B), 0);
    assert!(kiosk.client.pending_changes(&doc) > 0, "the refused change is never confirmed");

    // An operator's console calls it.
    let operator =
        Principal::Operator { username: "anna".into(), name: "Anna".into(), cpi: "bari".into(), role: Role::Operator };
    let (mut console, frames) = connect(&hub, operator, 2, doc);
    pump(&hub, &mut [&mut console], frames);
    let frames = edit(&mut console, doc, |d| {
        d.update(number, |t| t.call(3, 30)).unwrap();
    });
    pump(&hub, &mut [&mut console], frames);
    assert!(!relay_day(&hub, doc).ticket(number).unwrap().is_waiting());
}

/// The waiting room's screen reads the day's queue and adds nothing to it, not even a ticket.
#[test]
fn a_display_board_reads_the_queue_and_writes_nothing() {
    let doc = DocumentId::from_random([4; 16]);
    let mut day = QueueDay::new("bari", "2026-11-27");
    day.issue(TotemCode::from_letter('A').unwrap(), Area::B, Priority::Normal, 10, "k", 0).unwrap();
    let hub = hub_with_day(doc, &day);

    let board = Principal::Display { device: "display-1".into(), cpi: "bari".into() };
    let (mut screen, frames) = connect(&hub, board, 1, doc);
    pump(&hub, &mut [&mut screen], frames);
    let shown: QueueDay = sportello_core::docs::read(screen.client.doc(&doc).expect("synced")).unwrap();
    assert!(shown.ticket(TicketNumber::parse("B-A-001").unwrap()).is_some(), "the board shows the queue");

    let frames = edit(&mut screen, doc, |d| {
        d.issue(TotemCode::from_letter('B').unwrap(), Area::B, Priority::Normal, 20, "k", 0).unwrap();
    });
    pump(&hub, &mut [&mut screen], frames);
    assert!(relay_day(&hub, doc).ticket(TicketNumber::parse("B-B-001").unwrap()).is_none());
    assert!(screen.client.pending_changes(&doc) > 0, "the refused ticket is never confirmed");
}
