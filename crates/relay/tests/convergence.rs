//! Convergence under a hostile network, running the real sync code in-process: the app's
//! `SyncClient` replicas and the relay's `Hub`, with messages duplicated, reordered and
//! dropped (a drop breaks the connection, as on a real socket), and partitions that heal.
//! Every run must end with every replica holding exactly what the relay holds.

use automerge::transaction::Transactable;
use automerge::{ActorId, Automerge, ReadDoc, ROOT};
use proptest::prelude::*;
use sportello_core::access::{AccessClass, Principal, Role};
use sportello_core::sync::client::{Effect, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_relay::hub::{ConnId, Out};
use std::collections::VecDeque;

mod support;
use support::Relay;

#[derive(Debug, Clone)]
enum Step {
    /// Replica edits the document.
    Edit { replica: usize, key: u8, value: u32 },
    /// Deliver the oldest message on a link (towards the relay or towards the replica).
    Deliver { replica: usize, to_relay: bool },
    /// Deliver a message out of order.
    DeliverLate { replica: usize, to_relay: bool, skip: usize },
    /// Deliver a message and keep a copy to deliver again.
    Duplicate { replica: usize, to_relay: bool },
    /// Lose a message: the connection breaks and the replica is offline.
    Drop { replica: usize },
    /// The replica reconnects.
    Reconnect { replica: usize },
}

fn step(replicas: usize) -> impl Strategy<Value = Step> {
    let r = 0..replicas;
    prop_oneof![
        3 => (r.clone(), any::<u8>(), any::<u32>()).prop_map(|(replica, key, value)| Step::Edit { replica, key: key % 6, value }),
        6 => (r.clone(), any::<bool>()).prop_map(|(replica, to_relay)| Step::Deliver { replica, to_relay }),
        1 => (r.clone(), any::<bool>(), 1..4usize).prop_map(|(replica, to_relay, skip)| Step::DeliverLate { replica, to_relay, skip }),
        1 => (r.clone(), any::<bool>()).prop_map(|(replica, to_relay)| Step::Duplicate { replica, to_relay }),
        1 => r.clone().prop_map(|replica| Step::Drop { replica }),
        1 => r.prop_map(|replica| Step::Reconnect { replica }),
    ]
}

struct Replica {
    client: SyncClient,
    conn: Option<ConnId>,
    to_relay: VecDeque<Vec<u8>>,
    to_client: VecDeque<Vec<u8>>,
}

struct World {
    hub: Relay,
    replicas: Vec<Replica>,
    doc: DocumentId,
    next_conn: ConnId,
    now: u64,
}

fn principal() -> Principal {
    Principal::Operator { username: "anna".into(), name: "Anna".into(), cpi: "bari".into(), role: Role::Operator }
}

impl World {
    fn new(replicas: usize) -> Self {
        let hub = Relay::default();
        let doc = DocumentId::from_random([42; 16]);
        let mut initial = Automerge::new().with_actor(ActorId::from(&[0xAA; 16][..]));
        let mut tx = initial.transaction();
        tx.put(ROOT, "title", "bacheca").unwrap();
        tx.commit();
        hub.create(doc, AccessClass::Private { cpi: "bari".into() }, initial, 0);
        let replicas = (0..replicas)
            .map(|i| {
                let mut client = SyncClient::new(PeerId(format!("replica-{i}")), ActorId::from(&[i as u8 + 1; 16][..]));
                client.open(doc);
                Replica { client, conn: None, to_relay: VecDeque::new(), to_client: VecDeque::new() }
            })
            .collect();
        let mut world = World { hub, replicas, doc, next_conn: 1, now: 0 };
        for i in 0..world.replicas.len() {
            world.connect(i);
        }
        world
    }

    fn connect(&mut self, i: usize) {
        self.disconnect(i);
        let conn = self.next_conn;
        self.next_conn += 1;
        self.hub.connect(conn, principal(), "test device".into());
        let replica = &mut self.replicas[i];
        replica.conn = Some(conn);
        let effects = replica.client.connected();
        Self::queue(replica, effects);
    }

    fn disconnect(&mut self, i: usize) {
        let replica = &mut self.replicas[i];
        if let Some(conn) = replica.conn.take() {
            self.hub.disconnect(conn);
        }
        replica.client.disconnected();
        replica.to_relay.clear();
        replica.to_client.clear();
    }

    fn queue(replica: &mut Replica, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Send(bytes) = effect {
                replica.to_relay.push_back(bytes);
            }
        }
    }

    fn route(&mut self, outs: Vec<Out>) {
        for out in outs {
            match out {
                Out::Send(conn, bytes) => {
                    if let Some(r) = self.replicas.iter_mut().find(|r| r.conn == Some(conn)) {
                        r.to_client.push_back(bytes);
                    }
                }
                Out::Close(conn, _) => {
                    if let Some(i) = self.replicas.iter().position(|r| r.conn == Some(conn)) {
                        self.disconnect(i);
                    }
                }
                Out::Audit(_) | Out::Store(_) => {}
            }
        }
    }

    fn deliver(&mut self, i: usize, to_relay: bool, index: usize, keep_copy: bool) {
        self.now += 10;
        let replica = &mut self.replicas[i];
        let queue = if to_relay { &mut replica.to_relay } else { &mut replica.to_client };
        if queue.is_empty() {
            return;
        }
        let index = index.min(queue.len() - 1);
        let frame = if keep_copy { queue[index].clone() } else { queue.remove(index).expect("in range") };
        if to_relay {
            let Some(conn) = replica.conn else { return };
            let outs = self.hub.receive(conn, &frame, self.now);
            self.route(outs);
        } else {
            match replica.client.receive(&frame) {
                Ok(effects) => Self::queue(replica, effects),
                // A confused client drops its connection and will reconnect, as the app does.
                Err(_) => self.disconnect(i),
            }
        }
    }

    fn apply(&mut self, step: Step) {
        match step {
            Step::Edit { replica, key, value } => {
                let r = &mut self.replicas[replica];
                if let Some((_, effects)) = r.client.change(self.doc, 0, |tx| {
                    tx.put(ROOT, format!("k{key}"), i64::from(value)).unwrap();
                }) {
                    Self::queue(r, effects);
                }
            }
            Step::Deliver { replica, to_relay } => self.deliver(replica, to_relay, 0, false),
            Step::DeliverLate { replica, to_relay, skip } => self.deliver(replica, to_relay, skip, false),
            Step::Duplicate { replica, to_relay } => self.deliver(replica, to_relay, 0, true),
            Step::Drop { replica } => self.disconnect(replica),
            Step::Reconnect { replica } => self.connect(replica),
        }
    }

    /// The network heals: every replica reconnects and every message is delivered in order.
    fn heal(&mut self) {
        for i in 0..self.replicas.len() {
            self.connect(i);
        }
        for _round in 0..10_000 {
            let Some((i, to_relay)) = self.replicas.iter().enumerate().find_map(|(i, r)| {
                (!r.to_relay.is_empty()).then_some((i, true)).or((!r.to_client.is_empty()).then_some((i, false)))
            }) else {
                return;
            };
            self.deliver(i, to_relay, 0, false);
        }
        panic!("the network never went quiet");
    }

    fn snapshot(doc: &Automerge) -> Vec<(String, String)> {
        let mut keys: Vec<(String, String)> =
            doc.map_range(ROOT, ..).map(|item| (item.key.to_string(), format!("{:?}", item.value))).collect();
        keys.sort();
        keys
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_after_chaos(replicas in 3..=5usize, steps in prop::collection::vec(step(5), 10..120)) {
        let mut world = World::new(replicas);
        for s in steps {
            let fits = match &s {
                Step::Edit { replica, .. } | Step::Deliver { replica, .. } | Step::DeliverLate { replica, .. }
                | Step::Duplicate { replica, .. } | Step::Drop { replica } | Step::Reconnect { replica } => *replica < replicas,
            };
            if fits {
                world.apply(s);
            }
        }
        world.heal();

        let doc = world.doc;
        let (relay_heads, relay_view) = world.hub.read("bari", &doc, world.now, |d| {
            let mut heads = d.get_heads();
            heads.sort();
            (heads, World::snapshot(d))
        }).unwrap();
        for (i, r) in world.replicas.iter().enumerate() {
            let local = r.client.doc(&doc).expect("replica has the document");
            let mut heads = local.get_heads();
            heads.sort();
            prop_assert_eq!(&heads, &relay_heads, "replica {} heads differ from the relay", i);
            prop_assert_eq!(World::snapshot(local), relay_view.clone(), "replica {} content differs", i);
            prop_assert_eq!(r.client.pending_changes(&doc), 0, "replica {} still has pending changes", i);
        }
    }
}

#[test]
fn an_idle_document_is_evicted_and_reloads_on_demand() {
    let mut world = World::new(2);
    world.heal();
    assert_eq!(world.hub.evict_idle(world.now + 1_000_000, 1_000), 1);
    assert_eq!(world.hub.hub("bari").lock().loaded_documents(), 0);
    world.apply(Step::Edit { replica: 0, key: 1, value: 7 });
    world.heal();
    let value =
        world.hub.read("bari", &world.doc, world.now, |d| d.get(ROOT, "k1").unwrap().map(|(v, _)| v.to_string()));
    assert_eq!(value.flatten().as_deref(), Some("7"));
    let other = world.replicas[1].client.doc(&world.doc).unwrap().get(ROOT, "k1").unwrap().map(|(v, _)| v.to_string());
    assert_eq!(other.as_deref(), Some("7"));
}

/// Runs frames between one client and the hub until both are quiet.
fn exchange(hub: &Relay, conn: ConnId, client: &mut SyncClient, mut to_relay: Vec<Vec<u8>>) {
    for _ in 0..50 {
        let mut to_client = Vec::new();
        for frame in to_relay.drain(..) {
            for out in hub.receive(conn, &frame, 0) {
                if let Out::Send(c, bytes) = out {
                    if c == conn {
                        to_client.push(bytes);
                    }
                }
            }
        }
        if to_client.is_empty() {
            return;
        }
        for frame in to_client {
            for effect in client.receive(&frame).unwrap() {
                if let Effect::Send(bytes) = effect {
                    to_relay.push(bytes);
                }
            }
        }
    }
}

fn sends(effects: Vec<Effect>) -> Vec<Vec<u8>> {
    effects.into_iter().filter_map(|e| if let Effect::Send(b) = e { Some(b) } else { None }).collect()
}

#[test]
fn a_totem_forgets_a_declaration_only_once_the_relay_holds_it() {
    let hub = Relay::default();
    let totem = Principal::Totem { device: "totem-1".into(), cpi: "bari".into() };
    let mut client = SyncClient::new(PeerId("totem".into()), ActorId::from(&[7; 16][..]));
    let doc = DocumentId::from_random([9; 16]);
    client.create(doc, 0, |tx| {
        tx.put(ROOT, "codice_fiscale", "VRDLCU95T41A662K").unwrap();
    });
    // Offline: the declaration must stay.
    assert!(!client.forget_delivered(&doc));
    assert!(client.doc(&doc).is_some());

    hub.connect(1, totem, "Atrio".into());
    let join = sends(client.connected());
    exchange(&hub, 1, &mut client, join);
    assert_eq!(client.pending_changes(&doc), 0);
    assert!(client.forget_delivered(&doc));
    assert!(client.doc(&doc).is_none());
    assert!(hub.read("bari", &doc, 0, |d| d.get(ROOT, "codice_fiscale").unwrap().is_some()).unwrap());
}
