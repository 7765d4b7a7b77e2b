//! Hub findings of the fuzzing work (the read property of the `hub_sync` target), kept as
//! regular tests.

use automerge::sync::{State, SyncDoc};
use automerge::transaction::Transactable;
use automerge::{ActorId, Automerge};
use sportello_core::access::{Principal, Role};
use sportello_core::sync::client::{Effect, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::{Message, PROTOCOL_VERSION};
use sportello_relay::hub::{ConnId, Hub, Out};
use sportello_relay::store::MemoryStore;

fn operator(username: &str, cpi: &str) -> Principal {
    Principal::Operator { username: username.into(), name: username.into(), cpi: cpi.into(), role: Role::Operator }
}

fn join(hub: &mut Hub, conn: ConnId, peer: &str) {
    let join = Message::Join {
        sender_id: PeerId(peer.into()),
        supported_protocol_versions: vec![PROTOCOL_VERSION.into()],
        peer_metadata: None,
    };
    hub.receive(conn, &join.encode(), 1_000);
}

/// A peer of another CPI that announced a document id before its owner created it must not
/// get the owner's ephemeral messages (presence, cursors) about it.
#[test]
fn ephemeral_messages_reach_only_peers_that_may_read_the_document() {
    let mut hub = Hub::new(Box::new(MemoryStore::default()), "test".into());
    let doc = DocumentId::from_random([9; 16]);
    let (anna, luca): (ConnId, ConnId) = (1, 2);

    // Luca (Lecce) announces the id while nobody has it: the hub answers as an empty document.
    hub.connect(luca, operator("luca", "lecce"), "device-2".into());
    join(&mut hub, luca, "peer-luca");
    let announce = Automerge::new().generate_sync_message(&mut State::new()).expect("a first message");
    let frame = Message::Sync {
        sender_id: PeerId("peer-luca".into()),
        target_id: hub.peer_id().clone(),
        document_id: doc,
        data: announce.encode(),
    };
    assert!(!hub.receive(luca, &frame.encode(), 1_000).iter().any(|o| matches!(o, Out::Close(..))));

    // Anna (Bari) creates it: a private document of Bari.
    hub.connect(anna, operator("anna", "bari"), "device-1".into());
    let mut client = SyncClient::new(PeerId("peer-anna".into()), ActorId::from(&[1; 16][..]));
    client.create(doc, 0, |tx| {
        tx.put(automerge::ROOT, "note", "riservato").unwrap();
    });
    let mut pending: Vec<Vec<u8>> = sends(client.connected());
    while let Some(frame) = pending.pop() {
        for out in hub.receive(anna, &frame, 1_000) {
            if let Out::Send(to, bytes) = out {
                assert_eq!(to, anna, "only Anna hears of her document");
                pending.extend(sends(client.receive(&bytes).unwrap()));
            }
        }
    }
    assert!(hub.exists(&doc).unwrap());

    let presence = Message::Ephemeral {
        sender_id: PeerId("peer-anna".into()),
        target_id: hub.peer_id().clone(),
        document_id: doc,
        session_id: "s".into(),
        count: 1,
        data: b"cursor".to_vec(),
    };
    let out = hub.receive(anna, &presence.encode(), 1_000);
    assert!(!out.iter().any(|o| matches!(o, Out::Send(to, _) if *to == luca)), "{out:?}");
}

fn sends(effects: Vec<Effect>) -> Vec<Vec<u8>> {
    effects.into_iter().filter_map(|e| if let Effect::Send(b) = e { Some(b) } else { None }).collect()
}
