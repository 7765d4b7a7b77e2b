//! A totem writes to its CPI's agenda of B1 interviews only to add its own holds: the relay
//! refuses a change that removes, moves or rewrites another totem's hold (or its own), that
//! holds a slot under another device's letter, or that goes past a totem's number of holds,
//! while every other totem of the CPI sees each accepted hold as taken at once.

use automerge::transaction::CommitOptions;
use automerge::{ActorId, Automerge};
use sportello_core::access::{AccessClass, Principal, Role};
use sportello_core::booking::Slot;
use sportello_core::docs::agenda::{Agenda, Hold, MAX_HOLDS_PER_TOTEM_HOUR};
use sportello_core::queue::TotemCode;
use sportello_core::sync::client::SyncClient;
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_relay::hub::ConnId;

mod support;
use support::{sends, HubDevice as Device, Relay};

/// 1 December 2026, 09:00 UTC: the relay's clock in these tests.
const NOW: u64 = 1_796_115_600_000;

fn pump(hub: &Relay, devices: &mut [&mut Device], frames: Vec<(ConnId, Vec<u8>)>) {
    support::pump(hub, devices, frames, NOW);
}

fn edit(device: &mut Device, doc: DocumentId, change: impl FnOnce(&mut Agenda)) -> Vec<(ConnId, Vec<u8>)> {
    support::edit(device, doc, change)
}

fn connect(hub: &Relay, principal: Principal, conn: ConnId, letter: Option<char>, doc: DocumentId) -> Device {
    hub.connect_totem(conn, principal, format!("device-{conn}"), letter.and_then(TotemCode::from_letter));
    let mut client = SyncClient::new(PeerId(format!("peer-{conn}")), ActorId::from(&[conn as u8; 16][..]));
    client.open(doc);
    let mut device = Device { client, conn };
    let frames = sends(conn, device.client.connected());
    pump(hub, &mut [&mut device], frames);
    device
}

fn totem(name: &str) -> Principal {
    Principal::Totem { device: name.into(), cpi: "bari".into() }
}

fn relay_agenda(hub: &Relay, doc: DocumentId) -> Agenda {
    hub.read("bari", &doc, NOW, |d| sportello_core::docs::read(d).unwrap()).unwrap()
}

fn seen_by(device: &Device, doc: DocumentId) -> Agenda {
    sportello_core::docs::read(device.client.doc(&doc).expect("synced")).unwrap()
}

fn hold(slot: &str, letter: &str, reference: &str) -> Hold {
    let limit = chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    Hold::at_totem(Slot::parse(slot).unwrap(), letter, NOW as i64 - 1_000, reference, limit)
}

fn hub_with_agenda(doc: DocumentId) -> Relay {
    let hub = Relay::default();
    let mut initial = Automerge::new().with_actor(ActorId::from(&[0xAA; 16][..]));
    let mut tx = initial.transaction();
    sportello_core::docs::write(&mut tx, &Agenda::new("bari")).unwrap();
    tx.commit_with(CommitOptions::default().with_time(0));
    hub.create(doc, AccessClass::Queue { cpi: "bari".into() }, initial, 0);
    hub
}

#[test]
fn a_totem_cannot_remove_or_rewrite_another_totem_s_hold() {
    let doc = DocumentId::from_random([7; 16]);
    let hub = hub_with_agenda(doc);
    let mut a = connect(&hub, totem("totem-a"), 1, Some('A'), doc);
    let mut b = connect(&hub, totem("totem-b"), 2, Some('B'), doc);

    // A holds a slot: stored, and totem B has it as taken before anyone else acts.
    let frames = edit(&mut a, doc, |ag| ag.hold("holdofaaaaaa", hold("2026-12-09T09:30", "A", "declarationa")));
    pump(&hub, &mut [&mut a, &mut b], frames);
    let taken = Slot::parse("2026-12-09T09:30").unwrap();
    assert!(relay_agenda(&hub, doc).taken().contains(&taken));
    assert!(seen_by(&b, doc).taken().contains(&taken), "the other totem sees the slot taken");
    assert_eq!(a.client.pending_changes(&doc), 0);

    // B moves A's hold to another time: refused, never stored.
    let frames = edit(&mut b, doc, |ag| ag.holds.get_mut("holdofaaaaaa").unwrap().slot = "2026-12-10T11:30".into());
    pump(&hub, &mut [&mut a, &mut b], frames);
    assert_eq!(relay_agenda(&hub, doc).holds["holdofaaaaaa"].slot, "2026-12-09T09:30");
    assert!(b.client.pending_changes(&doc) > 0, "the refused change is never confirmed");
}

#[test]
fn a_totem_cannot_remove_another_s_hold_nor_hold_under_its_letter_nor_flood_the_agenda() {
    let doc = DocumentId::from_random([8; 16]);
    let hub = hub_with_agenda(doc);
    let mut a = connect(&hub, totem("totem-a"), 1, Some('A'), doc);
    let frames = edit(&mut a, doc, |ag| ag.hold("holdofaaaaaa", hold("2026-12-09T09:30", "A", "declarationa")));
    pump(&hub, &mut [&mut a], frames);

    let mut b = connect(&hub, totem("totem-b"), 2, Some('B'), doc);
    let frames = edit(&mut b, doc, |ag| {
        ag.holds.remove("holdofaaaaaa");
    });
    pump(&hub, &mut [&mut b], frames);
    assert!(relay_agenda(&hub, doc).holds.contains_key("holdofaaaaaa"), "a removal is refused");

    let mut c = connect(&hub, totem("totem-c"), 3, Some('C'), doc);
    let frames = edit(&mut c, doc, |ag| ag.hold("holdofcccccc", hold("2026-12-11T09:30", "A", "declarationc")));
    pump(&hub, &mut [&mut c], frames);
    assert!(!relay_agenda(&hub, doc).holds.contains_key("holdofcccccc"), "another's letter is refused");

    // A hostile totem grabbing every slot of the coming days in one go.
    let mut d = connect(&hub, totem("totem-d"), 4, Some('D'), doc);
    let frames = edit(&mut d, doc, |ag| {
        for i in 0..=MAX_HOLDS_PER_TOTEM_HOUR {
            let slot = format!("2026-12-{:02}T{:02}:30", 14 + i / 4, 8 + i % 4);
            ag.hold(&format!("holdofdddd{i:02}"), hold(&slot, "D", &format!("declaration{i:02}")));
        }
    });
    pump(&hub, &mut [&mut d], frames);
    assert!(relay_agenda(&hub, doc).holds.keys().all(|k| !k.starts_with("holdofdddd")), "a flood is refused");

    // Its own hold on a slot another totem holds is accepted: offline totems do it, and the
    // rule every device applies keeps the earlier booking.
    let mut e = connect(&hub, totem("totem-e"), 5, Some('E'), doc);
    let frames = edit(&mut e, doc, |ag| {
        ag.hold("holdofeeeeee", Hold { booked_at: NOW as i64, ..hold("2026-12-09T09:30", "E", "declaratione") })
    });
    pump(&hub, &mut [&mut e], frames);
    let agenda = relay_agenda(&hub, doc);
    assert!(agenda.booking_of("declaratione").unwrap().lost());
    assert!(!agenda.booking_of("declarationa").unwrap().lost());

    // The desk moves the lost booking: an operator adds its hold.
    let operator =
        Principal::Operator { username: "anna".into(), name: "Anna".into(), cpi: "bari".into(), role: Role::Operator };
    let mut desk = connect(&hub, operator, 6, None, doc);
    let new_slot = Slot::parse("2026-12-10T08:30").unwrap();
    let limit = chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    let frames = edit(&mut desk, doc, |ag| {
        ag.hold("holdofdesk01", Hold::at_desk(new_slot, "anna", NOW as i64 + 10, "declaratione", limit))
    });
    pump(&hub, &mut [&mut desk], frames);
    let moved = relay_agenda(&hub, doc).booking_of("declaratione").unwrap();
    assert_eq!((moved.slot, moved.lost()), (new_slot, false));
}
