//! The relay's per-CPI hubs (`sportello_relay::hubs`, over the memory store, each with its
//! storage thread) fed by connections of each kind of principal — an operator, a CPI's head,
//! a ticket totem, a display board, an operator of another CPI — with arbitrary frames and
//! with well-formed sync messages whose payload is fuzzed: raw bytes, or automerge sync
//! messages with chosen heads, needs, haves and real changes to the CPIs' documents.
//!
//! After every step it checks what an attacker must never get: a frame about a document to a
//! connection that may not read it, a change kept from a principal that may not write, a
//! totem's queue change that `totem_change` refuses, a new document in a class other than its
//! creator's or not registered, an undecodable frame, or a change served that is not stored
//! (checked when the frame is delivered, after the storage thread's writes).
#![no_main]

use arbitrary::Arbitrary;
use automerge::sync::{self, BloomFilter, Have, MessageVersion};
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, Automerge, ChangeHash, ObjType, ReadDoc, ScalarValue, ROOT};
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use sportello_core::access::{class_of_new_document, may_read, may_write, AccessClass, Principal, Role};
use sportello_core::catalogue::Area;
use sportello_core::codice_fiscale::Sex;
use sportello_core::docs::dossier::Dossier;
use sportello_core::docs::outbox::Outbox;
use sportello_core::docs::queue::{totem_change, QueueDay};
use sportello_core::queue::{Priority, TicketNumber, TotemCode};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::{Message, PROTOCOL_VERSION};
use sportello_relay::hub::{ConnId, Out};
use sportello_relay::hubs::{CpiHub, Deliver, Hubs};
use sportello_relay::store::{DocStore, MemoryStore};
use std::sync::{Arc, Mutex, OnceLock};

const MAX_STEPS: usize = 24;
const KEYS: [&str; 8] = ["title", "tickets", "desks", "date", "cpi", "schema", "kind", "items"];
const CPIS: [&str; 2] = ["bari", "lecce"];
/// The harness's clock at the start (mid-January 2027): tickets are judged against it.
const START_MS: u64 = 1_800_000_000_000;
/// The ticket letter the relay knows for the totem (principal 2; its enrollment gave it `A`).
const TOTEM_LETTER: char = 'A';
/// A secret as a totem writes it (hex, 16-64 characters), and one that is not.
const SECRETS: [&str; 2] = ["0123456789abcdef0123456789abcdef", "k"];

fn principals() -> [Principal; 5] {
    let operator = |username: &str, cpi: &str, role| Principal::Operator {
        username: username.into(),
        name: username.into(),
        cpi: cpi.into(),
        role,
    };
    [
        operator("anna", "bari", Role::Operator),
        operator("capo", "bari", Role::Head),
        Principal::Totem { device: "totem-a".into(), cpi: "bari".into() },
        Principal::Display { device: "display-1".into(), cpi: "bari".into() },
        operator("luca", "lecce", Role::Operator),
    ]
}

/// Seeded documents, then ids nobody holds yet (peers may create them).
fn doc_ids() -> [DocumentId; 7] {
    std::array::from_fn(|i| DocumentId::from_random([i as u8 + 1; 16]))
}

fn seeded() -> &'static [(DocumentId, AccessClass, Vec<u8>)] {
    static DOCS: OnceLock<Vec<(DocumentId, AccessClass, Vec<u8>)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let ids = doc_ids();
        let save = |write: &dyn Fn(&mut automerge::transaction::Transaction<'_>)| {
            let mut doc = Automerge::new().with_actor(ActorId::from(&[0xAA; 16][..]));
            let mut tx = doc.transaction();
            write(&mut tx);
            tx.commit_with(CommitOptions::default().with_time(0));
            doc.save()
        };
        let bari = |class: fn(String) -> AccessClass| class("bari".into());
        let mut day = QueueDay::new("bari", "2027-01-15");
        let letter = TotemCode::from_letter(TOTEM_LETTER).unwrap();
        let issued = START_MS as i64 - 60_000;
        day.issue(letter, Area::B, Priority::Normal, issued, SECRETS[0], 0).unwrap();
        let born = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap();
        let person = Dossier::new("bari", "RSSMRA80A01H501U", "Rossi", "Mario", born, Sex::Male);
        vec![
            (
                ids[0],
                bari(|cpi| AccessClass::Public { cpi }),
                save(&|tx| tx.put(ROOT, "title", "bacheca").map(drop).unwrap()),
            ),
            (
                ids[1],
                bari(|cpi| AccessClass::Private { cpi }),
                save(&|tx| sportello_core::docs::write(tx, &person).unwrap()),
            ),
            (
                ids[2],
                bari(|cpi| AccessClass::Queue { cpi }),
                save(&|tx| sportello_core::docs::write(tx, &day).unwrap()),
            ),
            (
                ids[3],
                AccessClass::Outbox { cpi: "bari".into(), device: "totem-a".into() },
                save(&|tx| sportello_core::docs::write(tx, &Outbox::new("bari", "totem-a", "2027-01-15")).unwrap()),
            ),
            (
                ids[4],
                AccessClass::Private { cpi: "lecce".into() },
                save(&|tx| tx.put(ROOT, "title", "lecce").map(drop).unwrap()),
            ),
        ]
    })
}

/// What the storage threads deliver, collected; each sync frame is compared, as it is
/// delivered, with what the store holds of its document then.
struct Collected {
    store: Arc<MemoryStore>,
    outs: Mutex<Vec<Out>>,
    unstored: Mutex<Vec<String>>,
}

impl Deliver for Collected {
    fn deliver(&self, outs: Vec<Out>) {
        for out in &outs {
            if let Out::Send(conn, bytes) = out {
                if let Some(problem) = self.served_unstored(bytes) {
                    self.unstored.lock().unwrap().push(format!("to connection {conn}: {problem}"));
                }
            }
        }
        self.outs.lock().unwrap().extend(outs);
    }
}

impl Collected {
    /// Whether a frame carries changes of a document that its stored form lacks.
    fn served_unstored(&self, bytes: &[u8]) -> Option<String> {
        let Ok(Message::Sync { document_id, data, .. }) = Message::decode(bytes) else { return None };
        let reply = sync::Message::decode(&data).ok()?;
        if reply.changes.is_empty() {
            return None;
        }
        let (stored, _) = self.store.load(&document_id).expect("the memory store loads");
        let stored = Automerge::load(&stored).expect("the store holds a loadable document");
        let mut probe = stored.clone();
        for chunk in reply.changes.iter() {
            let _ = probe.load_incremental(chunk);
        }
        (probe.get_heads() != stored.get_heads()).then(|| format!("changes of {document_id} served before stored"))
    }
}

#[derive(Debug, Arbitrary)]
enum Step {
    /// Any bytes, as a frame on the socket.
    Frame {
        conn: u8,
        bytes: Vec<u8>,
    },
    Join {
        conn: u8,
        peer: u8,
        old_protocol: bool,
    },
    /// A well-formed `sync` (or `request`) frame with a fuzzed payload.
    Sync {
        conn: u8,
        doc: u8,
        request: bool,
        sender: Option<u8>,
        payload: Payload,
    },
    Ephemeral {
        conn: u8,
        doc: u8,
        data: Vec<u8>,
    },
    /// The socket drops and the same principal connects again.
    Reconnect {
        conn: u8,
    },
    /// Every idle document leaves memory (it must come back from the store as it was).
    Evict,
    Wait {
        ms: u16,
    },
}

#[derive(Debug, Arbitrary)]
enum Payload {
    Bytes(Vec<u8>),
    Built {
        heads: Vec<Hash>,
        need: Vec<Hash>,
        have: Vec<(Vec<Hash>, Vec<Hash>)>,
        /// Changes made on a copy of the relay's document (`true`) or on an empty one.
        from_relay_copy: bool,
        edits: Vec<Edit>,
        /// Send the changes' own heads instead of `heads`.
        own_heads: bool,
        v2: bool,
    },
}

#[derive(Debug, Arbitrary)]
enum Hash {
    /// One of the document's change hashes.
    Known(u8),
    Random([u8; 32]),
}

#[derive(Debug, Arbitrary)]
enum Edit {
    Put {
        key: u8,
        value: Scalar,
    },
    Delete {
        key: u8,
    },
    Object {
        key: u8,
        kind: u8,
    },
    /// Into the object at `key`: a map entry, a list insertion or a text splice.
    Nested {
        key: u8,
        index: u8,
        value: Scalar,
    },
    IssueTicket {
        area: u8,
        letter: u8,
        priority: u8,
        /// Seconds before (negative: after) the harness's clock.
        earlier_s: i16,
        plain_secret: bool,
        used_before: u8,
    },
    CallTicket {
        desk: u16,
    },
    OpenDesk {
        desk: u16,
        area: u8,
    },
}

#[derive(Debug, Arbitrary)]
enum Scalar {
    Str(String),
    Int(i64),
    Bool(bool),
    Null,
}

impl Scalar {
    fn value(&self) -> ScalarValue {
        match self {
            Scalar::Str(s) => ScalarValue::Str(s.as_str().into()),
            Scalar::Int(i) => ScalarValue::Int(*i),
            Scalar::Bool(b) => ScalarValue::Boolean(*b),
            Scalar::Null => ScalarValue::Null,
        }
    }
}

fn key(k: u8) -> &'static str {
    KEYS[usize::from(k) % KEYS.len()]
}

fn edit(tx: &mut automerge::transaction::Transaction<'_>, e: &Edit, now: u64) {
    match e {
        Edit::Put { key: k, value } => drop(tx.put(ROOT, key(*k), value.value())),
        Edit::Delete { key: k } => drop(tx.delete(ROOT, key(*k))),
        Edit::Object { key: k, kind } => {
            let kind = [ObjType::Map, ObjType::List, ObjType::Text][usize::from(*kind) % 3];
            drop(tx.put_object(ROOT, key(*k), kind));
        }
        Edit::Nested { key: k, index, value } => {
            let Ok(Some((automerge::Value::Object(kind), obj))) = tx.get(ROOT, key(*k)) else { return };
            let at = usize::from(*index).min(tx.length(&obj));
            match kind {
                ObjType::Map | ObjType::Table => drop(tx.put(&obj, format!("n{index}"), value.value())),
                ObjType::List => drop(tx.insert(&obj, at, value.value())),
                ObjType::Text => drop(tx.splice_text(&obj, at, 0, &format!("{value:?}"))),
            }
        }
        Edit::IssueTicket { area, letter, priority, earlier_s, plain_secret, used_before } => queue_edit(tx, |day| {
            // Mostly the totem's own letter, as the real totem issues.
            let totem = TotemCode::from_index(usize::from(*letter).saturating_sub(200) % 24).unwrap();
            let area = Area::ALL[usize::from(*area) % Area::ALL.len()];
            let priority = Priority::ALL[usize::from(*priority) % Priority::ALL.len()];
            let at = now as i64 - i64::from(*earlier_s) * 1000;
            let _ = day.issue(totem, area, priority, at, SECRETS[usize::from(!*plain_secret)], u16::from(*used_before));
        }),
        Edit::CallTicket { desk } => queue_edit(tx, |day| {
            let _ = day.update(TicketNumber::parse("B-A-001").unwrap(), |t| t.call(*desk, now as i64));
        }),
        Edit::OpenDesk { desk, area } => queue_edit(tx, |day| {
            day.set_desk(*desk, &[Area::ALL[usize::from(*area) % Area::ALL.len()]], now as i64);
        }),
    }
}

fn queue_edit(tx: &mut automerge::transaction::Transaction<'_>, change: impl FnOnce(&mut QueueDay)) {
    if let Ok(mut day) = sportello_core::docs::read::<QueueDay>(tx) {
        change(&mut day);
        let _ = sportello_core::docs::write(tx, &day);
    }
}

/// What a document is and holds, as its hub serves it (queue days with their content).
type Seen = Option<(AccessClass, Vec<ChangeHash>, Option<Automerge>)>;

struct World {
    hubs: Hubs,
    store: Arc<MemoryStore>,
    collected: Arc<Collected>,
    principals: [Principal; 5],
    ids: [DocumentId; 7],
    /// Connection id of each principal's current socket, `None` while it is closed.
    conns: [Option<ConnId>; 5],
    peers: [Option<PeerId>; 5],
    next_conn: ConnId,
    now: u64,
}

impl World {
    fn new() -> World {
        let store = Arc::new(MemoryStore::default());
        let collected =
            Arc::new(Collected { store: store.clone(), outs: Mutex::default(), unstored: Mutex::default() });
        let hubs = Hubs::new(store.clone(), "fuzz".into(), collected.clone());
        for cpi in CPIS {
            let docs = seeded().iter().filter(|(_, class, _)| class.cpi() == cpi).cloned().collect();
            hubs.of(cpi).create_many(docs).unwrap();
        }
        let mut world = World {
            hubs,
            store,
            collected,
            principals: principals(),
            ids: doc_ids(),
            conns: [None; 5],
            peers: Default::default(),
            next_conn: 1,
            now: START_MS,
        };
        for who in 0..5 {
            world.reconnect(who);
        }
        world
    }

    fn hub_of(&self, who: usize) -> Arc<CpiHub> {
        self.hubs.of_principal(&self.principals[who])
    }

    fn reconnect(&mut self, who: usize) {
        if let Some(conn) = self.conns[who].take() {
            self.hub_of(who).disconnect(conn);
        }
        let conn = self.next_conn;
        self.next_conn += 1;
        // The totem's letter, as the relay looks it up at the upgrade; other devices have none.
        let letter = matches!(self.principals[who], Principal::Totem { .. })
            .then(|| TotemCode::from_letter(TOTEM_LETTER).unwrap());
        self.hub_of(who).connect(conn, self.principals[who].clone(), format!("device-{who}"), letter);
        self.conns[who] = Some(conn);
        self.peers[who] = None;
    }

    fn who(&self, conn: ConnId) -> Option<usize> {
        self.conns.iter().position(|c| *c == Some(conn))
    }

    /// The connection of `who`, opening one if the last was closed.
    fn conn(&mut self, who: u8) -> (usize, ConnId) {
        let who = usize::from(who) % self.principals.len();
        if self.conns[who].is_none() {
            self.reconnect(who);
        }
        (who, self.conns[who].unwrap())
    }

    /// Feeds a frame to the hub of `who`'s CPI; returns what was delivered once its writes ran.
    fn receive(&mut self, who: usize, conn: ConnId, frame: &[u8]) -> Vec<Out> {
        let hub = self.hub_of(who);
        hub.receive(conn, frame, self.now);
        hub.flush();
        std::mem::take(&mut *self.collected.outs.lock().unwrap())
    }

    /// The class of a document as the hub of its CPI holds it, else as the store has it.
    fn class(&self, id: &DocumentId) -> Option<AccessClass> {
        for cpi in CPIS {
            if let Some(Some(class)) = self.hubs.of(cpi).lock().class(id) {
                if class.cpi() == cpi {
                    return Some(class);
                }
            }
        }
        self.store.class(id).unwrap()
    }

    fn read<R>(&self, id: &DocumentId, f: impl FnOnce(&Automerge) -> R) -> Option<R> {
        let class = self.class(id)?;
        self.hubs.of(class.cpi()).read(id, self.now, f).unwrap()
    }

    fn hashes(&self, id: &DocumentId) -> Vec<ChangeHash> {
        self.read(id, |d| d.get_changes(&[]).iter().map(|c| c.hash()).collect()).unwrap_or_default()
    }

    fn pick(known: &[ChangeHash], hashes: &[Hash]) -> Vec<ChangeHash> {
        hashes
            .iter()
            .take(8)
            .map(|h| match h {
                Hash::Known(i) if !known.is_empty() => known[usize::from(*i) % known.len()],
                Hash::Known(_) => ChangeHash([0; 32]),
                Hash::Random(bytes) => ChangeHash(*bytes),
            })
            .collect()
    }

    fn payload(&mut self, who: usize, id: &DocumentId, payload: Payload) -> Vec<u8> {
        let Payload::Built { heads, need, have, from_relay_copy, edits, own_heads, v2 } = payload else {
            let Payload::Bytes(bytes) = payload else { unreachable!() };
            return bytes;
        };
        let base = if from_relay_copy { self.read(id, |d| d.clone()).unwrap_or_default() } else { Automerge::new() };
        let before = base.get_heads();
        let mut copy = base.with_actor(ActorId::from(&[who as u8 + 1; 16][..]));
        if !edits.is_empty() {
            let mut tx = copy.transaction();
            for e in edits.iter().take(8) {
                edit(&mut tx, e, self.now);
            }
            tx.commit_with(CommitOptions::default().with_time(0));
        }
        let changes: Vec<Vec<u8>> = if v2 {
            let chunk = copy.save_after(&before);
            if chunk.is_empty() {
                Vec::new()
            } else {
                vec![chunk]
            }
        } else {
            copy.get_changes(&before).iter().map(|c| c.raw_bytes().to_vec()).collect()
        };
        let known = self.hashes(id);
        let heads = if own_heads { copy.get_heads() } else { Self::pick(&known, &heads) };
        let have = have
            .iter()
            .take(4)
            .map(|(last_sync, bloom)| {
                let last_sync = Self::pick(&known, last_sync);
                let bloom = BloomFilter::from_hashes(Self::pick(&known, bloom).into_iter());
                Have { last_sync, bloom }
            })
            .collect();
        let message = sync::Message {
            heads,
            need: Self::pick(&known, &need),
            have,
            changes: changes.into(),
            flags: None,
            version: if v2 { MessageVersion::V2 } else { MessageVersion::V1 },
        };
        message.encode()
    }

    /// Runs one step and returns the connection it came from, with what was delivered.
    fn step(&mut self, step: Step) -> Option<(usize, Vec<Out>)> {
        let relay = self.hubs.of(CPIS[0]).lock().peer_id().clone();
        match step {
            Step::Frame { conn, bytes } => {
                let (who, conn) = self.conn(conn);
                Some((who, self.receive(who, conn, &bytes)))
            }
            Step::Join { conn, peer, old_protocol } => {
                let (who, conn) = self.conn(conn);
                let sender = PeerId(format!("peer-{}", peer % 6));
                let version = if old_protocol { "0" } else { PROTOCOL_VERSION };
                let join = Message::Join {
                    sender_id: sender.clone(),
                    supported_protocol_versions: vec![version.into()],
                    peer_metadata: None,
                };
                let out = self.receive(who, conn, &join.encode());
                if self.peers[who].is_none() && out.iter().all(|o| !matches!(o, Out::Close(..))) {
                    self.peers[who] = Some(sender);
                }
                Some((who, out))
            }
            Step::Sync { conn, doc, request, sender, payload } => {
                let (who, conn) = self.conn(conn);
                let id = self.ids[usize::from(doc) % self.ids.len()];
                let sender_id = match (sender, &self.peers[who]) {
                    (None, Some(own)) => own.clone(),
                    (other, _) => PeerId(format!("peer-{}", other.unwrap_or(0) % 6)),
                };
                let data = self.payload(who, &id, payload);
                let frame = if request {
                    Message::Request { sender_id, target_id: relay, document_id: id, data }
                } else {
                    Message::Sync { sender_id, target_id: relay, document_id: id, data }
                };
                Some((who, self.receive(who, conn, &frame.encode())))
            }
            Step::Ephemeral { conn, doc, data } => {
                let (who, conn) = self.conn(conn);
                let id = self.ids[usize::from(doc) % self.ids.len()];
                let sender_id = self.peers[who].clone().unwrap_or_else(|| PeerId("peer-0".into()));
                let frame = Message::Ephemeral {
                    sender_id,
                    target_id: relay,
                    document_id: id,
                    session_id: "s".into(),
                    count: 1,
                    data,
                };
                Some((who, self.receive(who, conn, &frame.encode())))
            }
            Step::Reconnect { conn } => {
                let who = usize::from(conn) % self.principals.len();
                self.reconnect(who);
                None
            }
            Step::Evict => {
                self.hubs.evict_idle(self.now, 0);
                None
            }
            Step::Wait { ms } => {
                self.now += u64::from(ms);
                None
            }
        }
    }

    /// What each document is and holds, as its hub serves it.
    fn snapshot(&self) -> Vec<Seen> {
        self.ids
            .iter()
            .map(|id| {
                let class = self.class(id)?;
                let queue = matches!(class, AccessClass::Queue { .. });
                let (heads, doc) = self
                    .read(id, |doc| {
                        let mut heads = doc.get_heads();
                        heads.sort();
                        (heads, queue.then(|| doc.clone()))
                    })
                    .unwrap_or_default();
                Some((class, heads, doc))
            })
            .collect()
    }

    fn stored_heads(&self, id: &DocumentId) -> Vec<ChangeHash> {
        let (bytes, _) = self.store.load(id).unwrap();
        let mut heads = Automerge::load(&bytes).expect("the store holds a loadable document").get_heads();
        heads.sort();
        heads
    }

    /// Checks what was delivered for a step of principal `who`, and carries out the closes.
    fn check(&mut self, who: usize, out: &[Out], before: &[Seen]) {
        let unstored = std::mem::take(&mut *self.collected.unstored.lock().unwrap());
        assert!(unstored.is_empty(), "{unstored:?}");
        for o in out {
            match o {
                Out::Send(conn, bytes) => {
                    let to = self.who(*conn).expect("frames go to open connections");
                    let frame = Message::decode(bytes).expect("the hub sends well-formed frames");
                    let Some(id) = frame.document_id() else { continue };
                    if matches!(frame, Message::DocUnavailable { .. }) {
                        continue;
                    }
                    let Some(class) = self.class(&id) else {
                        // An unknown document is answered as an empty one would be.
                        let Message::Sync { data, .. } = &frame else { panic!("{frame:?} about an unknown document") };
                        let reply = sync::Message::decode(data).expect("the hub sends well-formed sync messages");
                        assert!(reply.changes.is_empty(), "changes of an unknown document");
                        continue;
                    };
                    assert!(may_read(&self.principals[to], &class), "{frame:?} sent to {:?}", self.principals[to]);
                    if let Message::Sync { data, .. } | Message::Request { data, .. } = &frame {
                        sync::Message::decode(data).expect("the hub sends well-formed sync messages");
                    }
                }
                Out::Close(conn, _) => {
                    if let Some(closed) = self.who(*conn) {
                        self.hub_of(closed).disconnect(*conn);
                        self.conns[closed] = None;
                        self.peers[closed] = None;
                    }
                }
                Out::Audit(entry) => {
                    assert_eq!(entry.cpi, self.principals[who].cpi(), "audit entry in another CPI's log: {entry:?}")
                }
                Out::Store(write) => panic!("a write delivered as output: {write:?}"),
            }
        }
        let after = self.snapshot();
        let principal = &self.principals[who];
        for (i, (was, now)) in before.iter().zip(&after).enumerate() {
            let id = self.ids[i];
            match (was, now) {
                (None, Some((class, ..))) => {
                    assert_eq!(*class, class_of_new_document(principal), "new document {id} in a foreign class");
                    assert_eq!(self.store.class(&id).unwrap().as_ref(), Some(class), "document {id} held unregistered");
                }
                (Some((class, heads, day)), Some((_, new_heads, new_day))) if heads != new_heads => {
                    assert!(may_write(principal, class), "{principal:?} changed {class:?}");
                    if matches!(principal, Principal::Totem { .. }) && matches!(class, AccessClass::Queue { .. }) {
                        let (Some(day), Some(new_day)) = (day, new_day) else { panic!("a queue lost its content") };
                        let letter = TotemCode::from_letter(TOTEM_LETTER).unwrap();
                        if let Err(refused) = totem_change(day, new_day, letter, self.now as i64) {
                            panic!("the relay kept a totem's queue change that core refuses: {}", refused.message_it());
                        }
                    }
                }
                (Some(_), None) => panic!("document {id} lost"),
                _ => {}
            }
            let changed = match (was, now) {
                (Some((_, a, _)), Some((_, b, _))) => a != b,
                _ => now.is_some(),
            };
            if let (true, Some((_, heads, _))) = (changed, now) {
                assert_eq!(&self.stored_heads(&id), heads, "document {id} served beyond what is stored");
            }
        }
    }
}

fuzz_target!(|steps: Vec<Step>| {
    let mut world = World::new();
    for step in steps.into_iter().take(MAX_STEPS) {
        let before = world.snapshot();
        if let Some((who, out)) = world.step(step) {
            world.check(who, &out, &before);
        }
    }
});
