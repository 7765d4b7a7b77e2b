//! Hub findings of the fuzzing work (the read property of the `hub_sync` target), kept as
//! regular tests.

use automerge::transaction::Transactable;
use automerge::ActorId;
use sportello_core::access::{Principal, Role};
use sportello_core::sync::client::{Effect, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::Message;
use sportello_relay::hub::{ConnId, Out};

mod support;
use support::Relay;

fn sends(effects: Vec<Effect>) -> Vec<Vec<u8>> {
    effects.into_iter().filter_map(|e| if let Effect::Send(b) = e { Some(b) } else { None }).collect()
}

/// Runs `device`'s frames through the relay until quiet; returns every frame sent to others.
fn pump(relay: &Relay, conn: ConnId, client: &mut SyncClient, mut pending: Vec<Vec<u8>>) -> Vec<(ConnId, Vec<u8>)> {
    let mut to_others = Vec::new();
    while let Some(frame) = pending.pop() {
        for out in relay.receive(conn, &frame, 1_000) {
            match out {
                Out::Send(to, bytes) if to == conn => pending.extend(sends(client.receive(&bytes).unwrap())),
                Out::Send(to, bytes) => to_others.push((to, bytes)),
                _ => {}
            }
        }
    }
    to_others
}

/// A device of the CPI that may not read a document, but announced its id before the owner
/// created it, must not get the owner's ephemeral messages (presence, cursors) about it. The
/// fuzzer found this across CPIs on the single hub; with one hub per CPI that path is gone,
/// and within a CPI the hub keeps no sync state for such a device, so this test guards the
/// outcome rather than the ephemeral filter alone.
#[test]
fn ephemeral_messages_reach_only_peers_that_may_read_the_document() {
    let relay = Relay::default();
    let doc = DocumentId::from_random([9; 16]);
    let (anna, board): (ConnId, ConnId) = (1, 2);

    // A totem of the CPI asks for the id while nobody has it.
    relay.connect(board, Principal::Totem { device: "totem-1".into(), cpi: "bari".into() }, "totem".into());
    let mut screen = SyncClient::new(PeerId("peer-board".into()), ActorId::from(&[2; 16][..]));
    screen.open(doc);
    let frames = sends(screen.connected());
    pump(&relay, board, &mut screen, frames);

    // Anna, an operator of Bari, creates it: a private document of Bari.
    let operator =
        Principal::Operator { username: "anna".into(), name: "Anna".into(), cpi: "bari".into(), role: Role::Operator };
    relay.connect(anna, operator, "device-1".into());
    let mut client = SyncClient::new(PeerId("peer-anna".into()), ActorId::from(&[1; 16][..]));
    client.create(doc, 0, |tx| {
        tx.put(automerge::ROOT, "note", "riservato").unwrap();
    });
    let frames = sends(client.connected());
    let leaked = pump(&relay, anna, &mut client, frames);
    assert!(leaked.iter().all(|(to, _)| *to != board), "the board hears nothing of the document");
    assert!(relay.read("bari", &doc, 1_000, |_| ()).is_some(), "the relay holds it");

    let relay_peer = PeerId(format!("sportello-relay-{}", "test"));
    let presence = Message::Ephemeral {
        sender_id: PeerId("peer-anna".into()),
        target_id: relay_peer,
        document_id: doc,
        session_id: "s".into(),
        count: 1,
        data: b"cursor".to_vec(),
    };
    let out = relay.receive(anna, &presence.encode(), 1_000);
    assert!(!out.iter().any(|o| matches!(o, Out::Send(to, _) if *to == board)), "{out:?}");
}
