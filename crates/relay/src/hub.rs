//! The sync hub of one CPI, sans IO: `crate::hubs` feeds it frames and executes what it
//! returns. It decides access on every frame. It does no IO at all: a change to store comes
//! out as [`Out::Store`], always before the frames and audit entries of the same call, and
//! `crate::hubs` executes the writes in the order the hub produced them and delivers the rest
//! only once they succeeded, which is how a change is stored before any frame shows it.
//!
//! A hub holds only documents of its CPI. Documents are loaded on demand — the caller reads
//! them from the store outside the hub ([`load`]) and hands them in with [`Hub::insert`] —
//! and evicted when idle or when the last connection that had them open closes; per-connection
//! sync states are kept apart from document content, so
//! evicting a document never breaks a live connection.

use crate::audit::{AuditAction, AuditEntry};
use crate::store::{Chunks, DocStore, StoreError, Write};
use automerge::sync::{self, SyncDoc};
use automerge::{Automerge, AutomergeError, ChangeHash, LoadOptions, OnPartialLoad, ReadDoc};
use sportello_core::access::{class_of_new_document, may_add_tickets, may_read, may_write, AccessClass, Principal};
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::TotemCode;
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::{Message, PeerMetadata, PROTOCOL_VERSION};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub type ConnId = u64;

/// What the caller must do, in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    /// Write this durably before anything that follows it.
    Store(Write),
    Send(ConnId, Vec<u8>),
    Close(ConnId, String),
    /// Record this in the audit log (audited documents only: dossiers and companies).
    Audit(AuditEntry),
}

/// What the store holds of a document, as [`load`] read it on the CPI's storage thread; the
/// caller decodes it ([`Stored::decode`]) outside the hub's lock and hands it in.
pub enum Stored {
    Doc {
        class: AccessClass,
        chunks: Chunks,
    },
    /// The store does not know the id.
    Absent,
}

/// A document decoded from the store, ready for [`Hub::insert`].
pub enum Loaded {
    Doc {
        class: AccessClass,
        doc: Box<Automerge>,
        /// The stored chunks, how many and their bytes.
        chunks: usize,
        bytes: usize,
        /// Some stored chunk did not load: every chunk as stored, to be kept aside while a
        /// snapshot of what did load replaces them, so the bad one is not read again at every
        /// load and nothing is thrown away.
        repair: Option<Vec<Vec<u8>>>,
    },
    Absent,
    /// A document of another CPI: this hub never holds it, only refuses it.
    Foreign {
        class: AccessClass,
        audited: bool,
    },
}

/// Reads what the store holds of `id` (blocking IO, never under a hub's lock).
pub fn load(store: &dyn DocStore, id: &DocumentId) -> Result<Stored, StoreError> {
    let Some(class) = store.class(id)? else {
        return Ok(Stored::Absent);
    };
    let chunks = store.load(id)?;
    Ok(Stored::Doc { class, chunks })
}

impl Stored {
    /// Decodes what was read for the hub of `cpi`. Another CPI's document is not handed over,
    /// only whether its accesses are audited (for the audit entry of a refused access).
    ///
    /// A stored chunk that does not load (a batch acknowledged before it was applied that
    /// then failed, if the relay died before the compaction that drops it) is skipped and
    /// logged: the document loads with every other chunk rather than not at all. Only a
    /// document none of whose chunks loads is an error.
    pub fn decode(self, cpi: &str, id: &DocumentId) -> Result<Loaded, StoreError> {
        let (class, chunks) = match self {
            Stored::Absent => return Ok(Loaded::Absent),
            Stored::Doc { class, chunks } => (class, chunks),
        };
        let (doc, repair) = match Automerge::load(&chunks.bytes) {
            Ok(doc) => (doc, None),
            Err(err) => {
                tracing::error!(%err, doc = %id, chunks = chunks.len(), "a stored document does not load whole");
                (load_tolerantly(id, &chunks)?, Some(chunks.iter().map(<[u8]>::to_vec).collect()))
            }
        };
        if class.cpi() != cpi {
            let audited = is_audited(&doc, &class);
            return Ok(Loaded::Foreign { class, audited });
        }
        Ok(Loaded::Doc { class, doc: Box::new(doc), chunks: chunks.len(), bytes: chunks.bytes.len(), repair })
    }
}

/// Loads chunk by chunk, skipping (and logging) each one that does not parse or whose changes
/// do not apply to those before it.
fn load_tolerantly(id: &DocumentId, chunks: &Chunks) -> Result<Automerge, StoreError> {
    let mut doc = Automerge::new();
    let mut loaded = 0;
    for (index, chunk) in chunks.iter().enumerate() {
        // `load_incremental` applies what it can parse of a damaged chunk and says nothing,
        // so the chunk is parsed strictly first; changes waiting for others are fine here.
        let strict = LoadOptions::new().on_partial_load(OnPartialLoad::Error);
        let parsed = match Automerge::load_with_options(chunk, strict) {
            Ok(_) | Err(AutomergeError::MissingDeps) => Ok(()),
            Err(err) => Err(err),
        };
        // A copy, so a chunk that fails half-way leaves the document as it was.
        let mut with_chunk = doc.clone();
        match parsed.and_then(|()| with_chunk.load_incremental(chunk).map(drop)) {
            Ok(()) => {
                doc = with_chunk;
                loaded += 1;
            }
            Err(err) => {
                tracing::error!(%err, doc = %id, chunk = index, bytes = chunk.len(), "a stored chunk does not load: skipped");
            }
        }
    }
    if loaded == 0 {
        return Err(StoreError::Corrupt(format!("none of the {} stored chunks loads", chunks.len())));
    }
    let waiting = doc.get_missing_deps(&[]);
    if !waiting.is_empty() {
        tracing::error!(doc = %id, missing = waiting.len(), "stored changes wait for changes that did not load: dropped");
    }
    Ok(doc)
}

/// A document's stored chunks are compacted into one snapshot once the changes appended since
/// the last one weigh as much as it does (and at least [`MIN_CHUNK_BYTES_BEFORE_COMPACTION`]),
/// or once there are [`MAX_CHUNKS_BEFORE_COMPACTION`] of them. By size, a save (which reads
/// every op of the document) costs a bounded share of what was appended, however long the
/// history: a snapshot every 64 changes made each change of a 2.7 MB index pay a 64th of
/// saving all of it. Loading reads at most about twice the snapshot.
pub const MIN_CHUNK_BYTES_BEFORE_COMPACTION: usize = 64 * 1024;
/// See [`MIN_CHUNK_BYTES_BEFORE_COMPACTION`].
pub const MAX_CHUNKS_BEFORE_COMPACTION: usize = 1024;

struct Conn {
    principal: Principal,
    /// How the device named itself at sign-in (for the audit log).
    device: String,
    peer: Option<PeerId>,
    /// The letter of a totem's tickets (`None`: the device prints none and may add none).
    letter: Option<TotemCode>,
    states: HashMap<DocumentId, sync::State>,
}

struct LiveDoc {
    doc: Automerge,
    class: AccessClass,
    /// A citizen's dossier or a company record: every access is audited.
    audited: bool,
    /// Chunks appended since the last snapshot, and their bytes.
    chunks: usize,
    chunk_bytes: usize,
    /// The size of the last snapshot. With `chunk_bytes`, the stored size: the bound a
    /// change's size adds to for the document's quota (`sportello_core::quota`).
    snapshot_bytes: usize,
    last_used_ms: u64,
    /// A queue day as last read, with the heads it was read at: the phone page's polls share
    /// it until the document changes.
    queue_day: Option<(Vec<ChangeHash>, Arc<QueueDay>)>,
    /// Changes stored and acknowledged but not yet applied to `doc` ([`Hub::defer`]), oldest
    /// first, and the heads `doc` has with them.
    deferred: Vec<Deferred>,
    deferred_heads: Vec<ChangeHash>,
    /// Each actor's last sequence number in `doc` and `deferred`: built when a change is first
    /// deferred, dropped when `doc` changes any other way.
    seqs: Option<HashMap<automerge::ActorId, u64>>,
}

/// A change acknowledged before it was applied, and who sent it: if applying it makes the
/// document an audited one, it owes an audit entry.
struct Deferred {
    change: automerge::Change,
    who: String,
    device: String,
    at_ms: u64,
}

/// At most this many changes of a document wait to be applied: applying a batch walks the
/// document's ops about once, whatever its size.
pub const MAX_DEFERRED: usize = 64;

impl LiveDoc {
    /// A document as stored: a snapshot followed by `chunks - 1` appended chunks, `bytes` in
    /// all. How they split is not known, so all of it counts as appended unless it is one
    /// snapshot (a long-appended document is compacted at its next change).
    fn new(doc: Automerge, class: AccessClass, chunks: usize, bytes: usize, now_ms: u64) -> Self {
        let audited = is_audited(&doc, &class);
        let (snapshot_bytes, chunk_bytes) = if chunks <= 1 { (bytes, 0) } else { (0, bytes) };
        LiveDoc {
            doc,
            class,
            audited,
            chunks: chunks.saturating_sub(1),
            chunk_bytes,
            snapshot_bytes,
            last_used_ms: now_ms,
            queue_day: None,
            deferred: Vec::new(),
            deferred_heads: Vec::new(),
            seqs: None,
        }
    }

    /// The document's heads, deferred changes included.
    fn heads(&self) -> Vec<ChangeHash> {
        if self.deferred.is_empty() {
            self.doc.get_heads()
        } else {
            self.deferred_heads.clone()
        }
    }

    /// Whether the document has the change, applied or deferred.
    fn knows(&self, hash: &ChangeHash) -> bool {
        self.deferred.iter().any(|d| d.change.hash() == *hash) || self.doc.get_change_meta_by_hash(hash).is_some()
    }

    /// Applies the deferred changes. Returns the audit entries they owe if the document
    /// became an audited one. If they do not apply, the document is put back as it was before
    /// them (`Err`), to be compacted ([`LiveDoc::compact`]) over what the store holds, their
    /// appended chunks with it, so the store never keeps a change that does not apply.
    fn settle(&mut self, id: &DocumentId) -> Result<Vec<AuditEntry>, ()> {
        if self.deferred.is_empty() {
            return Ok(Vec::new());
        }
        let deferred = std::mem::take(&mut self.deferred);
        // Copying the document costs far less than applying a batch to it (its ops stay
        // columns of bytes); it makes a batch that fails leave the document untouched.
        let before = self.doc.clone();
        if let Err(err) = self.doc.apply_changes(deferred.iter().map(|d| d.change.clone()).collect::<Vec<_>>()) {
            tracing::error!(%err, doc = %id, changes = deferred.len(), "acknowledged changes do not apply: dropped");
            self.doc = before;
            self.deferred_heads.clear();
            self.seqs = None;
            return Err(());
        }
        debug_assert_eq!(sorted(self.doc.get_heads()), sorted(std::mem::take(&mut self.deferred_heads)));
        if self.audited || !is_audited(&self.doc, &self.class) {
            return Ok(Vec::new());
        }
        self.audited = true;
        Ok(deferred
            .into_iter()
            .map(|d| AuditEntry {
                at_ms: d.at_ms as i64,
                device_at_ms: None,
                cpi: self.class.cpi().to_owned(),
                doc: id.to_string(),
                who: d.who,
                device: d.device,
                action: AuditAction::Change,
            })
            .collect())
    }

    /// The stored size: snapshot and appended chunks.
    fn stored_bytes(&self) -> usize {
        self.snapshot_bytes + self.chunk_bytes
    }

    /// Replaces the stored chunks with one snapshot of the document as it is.
    fn compact(&mut self, id: &DocumentId) -> Out {
        Out::Store(Write::Compact { doc: *id, snapshot: self.snapshot() })
    }

    /// The document saved whole, which its stored chunks are about to become.
    fn snapshot(&mut self) -> Vec<u8> {
        let snapshot = self.doc.save();
        self.chunks = 0;
        self.chunk_bytes = 0;
        self.snapshot_bytes = snapshot.len();
        snapshot
    }
}

pub struct Hub {
    cpi: String,
    peer_id: PeerId,
    storage_id: String,
    conns: HashMap<ConnId, Conn>,
    docs: HashMap<DocumentId, LiveDoc>,
    /// Ids the store did not know when last asked (until a peer creates them or eviction).
    absent: HashSet<DocumentId>,
    /// Other CPIs' documents asked for here: their class and whether they are audited.
    foreign: HashMap<DocumentId, (AccessClass, bool)>,
    /// What each of the CPI's devices (by principal) has left to write.
    budgets: HashMap<String, sportello_core::quota::BudgetLeft>,
    /// Outputs owed by applying deferred changes outside a frame (a read): audit entries,
    /// closes. They go out with the next frame's or change's outputs.
    owed: Vec<Out>,
}

impl Hub {
    /// The hub of `cpi`: it holds that CPI's documents and connections only.
    pub fn new(cpi: &str, storage_id: String) -> Self {
        let peer_id = PeerId(format!("sportello-relay-{storage_id}"));
        Self {
            cpi: cpi.to_owned(),
            peer_id,
            storage_id,
            conns: HashMap::new(),
            docs: HashMap::new(),
            absent: HashSet::new(),
            foreign: HashMap::new(),
            budgets: HashMap::new(),
            owed: Vec::new(),
        }
    }

    pub fn cpi(&self) -> &str {
        &self.cpi
    }

    pub fn peer_id(&self) -> &PeerId {
        &self.peer_id
    }

    /// Documents currently held in memory.
    pub fn loaded_documents(&self) -> usize {
        self.docs.len()
    }

    /// A connection of one of this CPI's principals (another CPI's is refused: it belongs to
    /// that CPI's hub). `letter` is a totem's ticket letter, looked up by the caller.
    pub fn connect(&mut self, conn: ConnId, principal: Principal, device: String, letter: Option<TotemCode>) {
        debug_assert_eq!(principal.cpi(), self.cpi, "a connection belongs to its principal's CPI");
        self.conns.insert(conn, Conn { principal, device, peer: None, letter, states: HashMap::new() });
    }

    /// Whether `id` must be read from the store ([`load`], then [`Hub::insert`]) before the
    /// hub can answer about it.
    pub fn needs_load(&self, id: &DocumentId) -> bool {
        !(self.docs.contains_key(id) || self.absent.contains(id) || self.foreign.contains_key(id))
    }

    /// The document a frame is about, if the hub must load it first.
    pub fn frame_needs_load(&self, message: &Message) -> Option<DocumentId> {
        match message {
            Message::Request { document_id, .. } | Message::Sync { document_id, .. } => {
                Some(*document_id).filter(|id| self.needs_load(id))
            }
            _ => None,
        }
    }

    /// Hands in what [`load`] read and [`Stored::decode`] decoded. Ignored if the document
    /// came in meanwhile. Returns the compaction that replaces the stored chunks of a
    /// document some chunk of which did not load, to be queued at once.
    pub fn insert(&mut self, id: DocumentId, loaded: Loaded, now_ms: u64) -> Vec<Out> {
        if !self.needs_load(&id) {
            return Vec::new();
        }
        match loaded {
            Loaded::Absent => {
                self.absent.insert(id);
            }
            Loaded::Foreign { class, audited } => {
                self.foreign.insert(id, (class, audited));
            }
            Loaded::Doc { class, doc, chunks, bytes, repair } => {
                let live =
                    self.docs.entry(id).insert_entry(LiveDoc::new(*doc, class, chunks, bytes, now_ms)).into_mut();
                if let Some(replaced) = repair {
                    tracing::warn!(doc = %id, chunks = replaced.len(), "stored chunks replaced by what loads; kept in quarantined_chunks");
                    return vec![Out::Store(Write::Repair {
                        doc: id,
                        snapshot: live.snapshot(),
                        replaced,
                        at_ms: now_ms,
                    })];
                }
            }
        }
        Vec::new()
    }

    /// The access class of a document, if the hub knows it (`None`: ask the store).
    pub fn class(&self, id: &DocumentId) -> Option<Option<AccessClass>> {
        if let Some(live) = self.docs.get(id) {
            return Some(Some(live.class.clone()));
        }
        if let Some((class, _)) = self.foreign.get(id) {
            return Some(Some(class.clone()));
        }
        self.absent.contains(id).then_some(None)
    }

    /// Stores many new documents in one go without loading them (demo data, imports).
    pub fn create_many(&mut self, docs: Vec<(DocumentId, AccessClass, Vec<u8>)>) -> Vec<Out> {
        for (id, _, _) in &docs {
            self.absent.remove(id);
        }
        vec![Out::Store(Write::CreateMany(docs))]
    }

    fn audit(&self, conn: ConnId, id: DocumentId, class: &AccessClass, action: AuditAction, now_ms: u64) -> Out {
        let c = &self.conns[&conn];
        Out::Audit(AuditEntry {
            at_ms: now_ms as i64,
            device_at_ms: None,
            cpi: class.cpi().to_owned(),
            doc: id.to_string(),
            who: c.principal.label(),
            device: c.device.clone(),
            action,
        })
    }

    /// Forgets a connection, and the documents it had open that no other connection has:
    /// everything of theirs is stored, so they leave memory now rather than at the next idle
    /// eviction (an operator's desk may hold thousands). Returns how many left.
    pub fn disconnect(&mut self, conn: ConnId) -> usize {
        let Some(gone) = self.conns.remove(&conn) else { return 0 };
        let held_elsewhere: HashSet<DocumentId> = self
            .conns
            .values()
            .flat_map(|c| c.states.keys())
            .filter(|id| gone.states.contains_key(*id))
            .copied()
            .collect();
        let before = self.docs.len();
        for id in gone.states.keys().filter(|id| !held_elsewhere.contains(*id)) {
            self.docs.remove(id);
        }
        let dropped = before - self.docs.len();
        if dropped > 0 && self.docs.len() < self.docs.capacity() / 4 {
            self.docs.shrink_to_fit();
        }
        dropped
    }

    /// Creates a document of this CPI on the relay itself (seeding, server-side records). The
    /// store refuses an id that is taken, and the returned writes fail then.
    pub fn create(
        &mut self,
        id: DocumentId,
        class: AccessClass,
        doc: Automerge,
        now_ms: u64,
    ) -> Result<Vec<Out>, StoreError> {
        if class.cpi() != self.cpi || self.docs.contains_key(&id) || self.foreign.contains_key(&id) {
            return Err(StoreError::Exists);
        }
        let snapshot = doc.save();
        let doc = Automerge::load(&snapshot).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.absent.remove(&id);
        self.docs.insert(id, LiveDoc::new(doc, class.clone(), 0, snapshot.len(), now_ms));
        Ok(vec![Out::Store(Write::Register { doc: id, class }), Out::Store(Write::Compact { doc: id, snapshot })])
    }

    /// Applies a loaded document's deferred changes. If they do not apply, the document stays
    /// as it was before them, its snapshot replaces the stored chunks (the bad changes' with
    /// them), and the connection that sent them (the only one with the document open) is
    /// closed: its client syncs again on reconnecting, and a change that does not apply is
    /// then refused the ordinary way. `false` then.
    fn settle(&mut self, id: &DocumentId) -> bool {
        let Some(live) = self.docs.get_mut(id) else { return true };
        match live.settle(id).map_err(|()| live.compact(id)) {
            Ok(owed) => {
                self.owed.extend(owed.into_iter().map(Out::Audit));
                true
            }
            Err(compaction) => {
                self.owed.push(compaction);
                let mut senders: Vec<ConnId> =
                    self.conns.iter_mut().filter_map(|(cid, c)| c.states.remove(id).map(|_| *cid)).collect();
                senders.sort_unstable();
                self.owed.extend(
                    senders.into_iter().map(|c| Out::Close(c, "bad sync message: a change does not apply".into())),
                );
                false
            }
        }
    }

    /// `outs` with what the hub owes from earlier ([`Hub::owed`]) after their writes (the
    /// writes of a call still come first).
    fn with_owed(&mut self, mut outs: Vec<Out>) -> Vec<Out> {
        if !self.owed.is_empty() {
            let writes = outs.iter().take_while(|o| matches!(o, Out::Store(_))).count();
            outs.splice(writes..writes, std::mem::take(&mut self.owed));
        }
        outs
    }

    /// Reads a loaded document's current content (`None` if it is not one of this CPI's).
    pub fn read<R>(&mut self, id: &DocumentId, now_ms: u64, f: impl FnOnce(&Automerge) -> R) -> Option<R> {
        // Changes that do not apply leave the document as it was: that is what is read.
        self.settle(id);
        let live = self.docs.get_mut(id)?;
        live.last_used_ms = now_ms;
        Some(f(&live.doc))
    }

    /// A loaded queue day as the phone page reads it: read once per change of the document and
    /// shared by every poll until the next one (a poll then costs a heads comparison).
    pub fn queue_day(&mut self, id: &DocumentId, now_ms: u64) -> Option<Arc<QueueDay>> {
        self.settle(id);
        let live = self.docs.get_mut(id)?;
        live.last_used_ms = now_ms;
        if !matches!(live.class, AccessClass::Queue { .. }) {
            return None;
        }
        let heads = live.doc.get_heads();
        if let Some((at, day)) = &live.queue_day {
            if *at == heads {
                return Some(day.clone());
            }
        }
        let day = Arc::new(sportello_core::docs::read::<QueueDay>(&live.doc).ok()?);
        live.queue_day = Some((heads, day.clone()));
        Some(day)
    }

    /// Applies a change the relay makes itself (seeding, server-side records) to a loaded
    /// document. The returned writes come before the frames that tell connected peers.
    pub fn change(
        &mut self,
        id: &DocumentId,
        now_ms: u64,
        message: &str,
        edit: impl FnOnce(&mut automerge::transaction::Transaction<'_>) -> Result<(), String>,
    ) -> Result<Vec<Out>, StoreError> {
        self.settle(id);
        let Some(live) = self.docs.get_mut(id) else {
            return Err(StoreError::Corrupt(format!("no document {id}")));
        };
        live.last_used_ms = now_ms;
        live.seqs = None;
        let before = live.doc.get_heads();
        let mut tx = live.doc.transaction();
        if let Err(err) = edit(&mut tx) {
            tx.rollback();
            return Err(StoreError::Corrupt(err));
        }
        tx.commit_with(
            automerge::transaction::CommitOptions::default().with_time((now_ms / 1000) as i64).with_message(message),
        );
        if live.doc.get_heads() == before {
            return Ok(Vec::new());
        }
        let stored = self.store_changes_since(id, &before, None);
        let mut out = self.with_owed(vec![stored]);
        let live = &self.docs[id];
        let class = live.class.clone();
        let mut reads = Vec::new();
        for (cid, c) in self.conns.iter_mut() {
            if !may_read(&c.principal, &class) {
                continue;
            }
            let (Some(peer), Some(state)) = (c.peer.clone(), c.states.get_mut(id)) else { continue };
            if let Some(reply) = live.doc.generate_sync_message(state) {
                if live.audited && !reply.changes.is_empty() {
                    reads.push(*cid);
                }
                let frame = Message::Sync {
                    sender_id: self.peer_id.clone(),
                    target_id: peer,
                    document_id: *id,
                    data: reply.encode(),
                };
                out.push(Out::Send(*cid, frame.encode()));
            }
        }
        for target in reads {
            out.push(self.audit(target, *id, &class, AuditAction::Read, now_ms));
        }
        Ok(out)
    }

    /// A citizen's dossier of this CPI: `None` unless `id` is one of its private documents
    /// (loaded) whose root kind is a dossier's. Every relay path that reaches a dossier by id
    /// goes through here. The kind matters: missing fields hydrate to defaults, so another
    /// private document carrying a dossier's fields would read as one (and be written as one).
    pub fn dossier_of(&mut self, id: &DocumentId, now_ms: u64) -> Option<sportello_core::docs::dossier::Dossier> {
        use sportello_core::docs::dossier::DOSSIER_KIND;
        if !matches!(self.docs.get(id).map(|l| &l.class), Some(AccessClass::Private { .. })) {
            return None;
        }
        self.read(id, now_ms, |doc| {
            let kind = sportello_core::docs::root_kind(doc);
            if kind.as_deref() != Some(DOSSIER_KIND) {
                return None;
            }
            sportello_core::docs::read(doc).ok()
        })
        .flatten()
    }

    /// Drops documents untouched for `idle_ms`, and what the hub remembers of absent and
    /// foreign ids. Returns how many documents were evicted.
    pub fn evict_idle(&mut self, now_ms: u64, idle_ms: u64) -> usize {
        let before = self.docs.len();
        self.docs.retain(|_, live| now_ms.saturating_sub(live.last_used_ms) < idle_ms);
        // The tables shrink with what they hold (20,000 documents leave a large one behind).
        self.docs.shrink_to_fit();
        self.absent = HashSet::new();
        self.foreign = HashMap::new();
        before - self.docs.len()
    }

    /// A write of `id` failed: the document leaves memory (it may hold the unstored change)
    /// and every connection's sync state for it goes. Returns the connections that had one;
    /// they must be closed, as frames they were sent may be about to show the lost change.
    pub fn storage_failed(&mut self, id: &DocumentId) -> Vec<ConnId> {
        self.docs.remove(id);
        let mut holders: Vec<ConnId> =
            self.conns.iter_mut().filter_map(|(cid, c)| c.states.remove(id).map(|_| *cid)).collect();
        holders.sort_unstable();
        holders
    }

    /// Feeds one frame from a connection.
    pub fn receive(&mut self, conn: ConnId, frame: &[u8], now_ms: u64) -> Vec<Out> {
        match Message::decode(frame) {
            Ok(message) => self.receive_message(conn, message, now_ms),
            Err(err) => vec![Out::Close(conn, format!("malformed frame: {err}"))],
        }
    }

    /// Feeds one decoded frame from a connection. A document it is about must be loaded
    /// ([`Hub::frame_needs_load`]); one that is not is refused as unavailable.
    pub fn receive_message(&mut self, conn: ConnId, message: Message, now_ms: u64) -> Vec<Out> {
        let Some(state) = self.conns.get(&conn) else {
            return Vec::new();
        };
        match (&state.peer, &message) {
            (None, Message::Join { .. }) => return self.join(conn, message),
            (None, _) => return vec![Out::Close(conn, "the first message must be join".into())],
            (Some(pinned), _) => {
                if message.sender().is_some_and(|s| s != pinned) {
                    tracing::warn!(who = %state.principal.label(), claimed = ?message.sender(), "peer id changed mid-connection");
                    return vec![Out::Close(conn, "peer id is pinned to this connection".into())];
                }
            }
        }
        let outs = match message {
            Message::Join { .. } => vec![Out::Close(conn, "already joined".into())],
            Message::Request { document_id, data, .. } => self.sync(conn, document_id, &data, true, now_ms),
            Message::Sync { document_id, data, .. } => self.sync(conn, document_id, &data, false, now_ms),
            Message::Ephemeral { document_id, session_id, count, data, .. } => {
                self.ephemeral(conn, document_id, session_id, count, data)
            }
            _ => Vec::new(),
        };
        self.with_owed(outs)
    }

    fn join(&mut self, conn: ConnId, message: Message) -> Vec<Out> {
        let Message::Join { sender_id, supported_protocol_versions, .. } = message else { unreachable!() };
        if !supported_protocol_versions.iter().any(|v| v == PROTOCOL_VERSION) {
            let error = Message::Error {
                message: format!("unsupported protocol versions {supported_protocol_versions:?}"),
                document_id: None,
            };
            return vec![Out::Send(conn, error.encode()), Out::Close(conn, "protocol version".into())];
        }
        let principal = self.conns[&conn].principal.clone();
        // The relay's own id too: frames addressed to it must never be taken for a device's.
        let taken = sender_id == self.peer_id
            || self
                .conns
                .iter()
                .any(|(id, c)| *id != conn && c.peer.as_ref() == Some(&sender_id) && c.principal != principal);
        if taken {
            tracing::warn!(who = %principal.label(), peer = %sender_id, "peer id already used by another principal");
            return vec![Out::Close(conn, "peer id in use".into())];
        }
        if let Some(c) = self.conns.get_mut(&conn) {
            c.peer = Some(sender_id.clone());
        }
        tracing::info!(who = %principal.label(), peer = %sender_id, "peer joined");
        let reply = Message::Peer {
            sender_id: self.peer_id.clone(),
            target_id: sender_id,
            selected_protocol_version: PROTOCOL_VERSION.into(),
            peer_metadata: Some(PeerMetadata { storage_id: Some(self.storage_id.clone()), is_ephemeral: false }),
        };
        vec![Out::Send(conn, reply.encode())]
    }

    /// Tells a connection that `id` is unavailable (also when it could not be loaded).
    pub fn unavailable(&self, conn: ConnId, id: DocumentId) -> Out {
        let peer = self.conns.get(&conn).and_then(|c| c.peer.clone()).unwrap_or_else(|| PeerId(String::new()));
        Out::Send(
            conn,
            Message::DocUnavailable { sender_id: self.peer_id.clone(), target_id: peer, document_id: id }.encode(),
        )
    }

    fn sync(&mut self, conn: ConnId, id: DocumentId, data: &[u8], is_request: bool, now_ms: u64) -> Vec<Out> {
        let principal = self.conns[&conn].principal.clone();
        let message = match sync::Message::decode(data) {
            Ok(m) => m,
            Err(err) => return vec![Out::Close(conn, format!("malformed sync message: {err}"))],
        };
        let brings_changes = !message.changes.is_empty();
        let mut registered = None;

        if let Some((class, audited)) = self.foreign.get(&id) {
            // Another CPI's document: refused like any document the principal may not read.
            tracing::warn!(who = %principal.label(), doc = %id, "access denied: another CPI's document");
            let mut out = vec![self.unavailable(conn, id)];
            if *audited {
                out.push(self.audit(conn, id, class, AuditAction::Denied, now_ms));
            }
            return out;
        }
        if let Some(live) = self.docs.get_mut(&id) {
            live.last_used_ms = now_ms;
        } else if !self.absent.contains(&id) {
            tracing::error!(doc = %id, "a frame for a document that was not loaded");
            return vec![self.unavailable(conn, id)];
        } else {
            if is_request {
                return vec![self.unavailable(conn, id)];
            }
            if !brings_changes {
                // automerge-repo announces a new document with a change-less `sync` and sends
                // the data only after an answer; answer as an empty document would, without
                // registering anything yet.
                return self.answer_as_empty(conn, id, message);
            }
            // A peer brings a new document into existence: it belongs to its creator's class
            // (of the creator's CPI, so of this hub). It is registered before its first chunk.
            let class = class_of_new_document(&principal);
            if !may_write(&principal, &class) {
                // A display board creates nothing; refused before the hub holds anything.
                tracing::warn!(who = %principal.label(), doc = %id, "access denied: may create no document");
                return vec![self.unavailable(conn, id)];
            }
            tracing::info!(who = %principal.label(), doc = %id, ?class, "document created");
            self.absent.remove(&id);
            self.docs.insert(id, LiveDoc::new(Automerge::new(), class.clone(), 0, 0, now_ms));
            registered = Some(Out::Store(Write::Register { doc: id, class }));
        }

        let class = self.docs[&id].class.clone();
        if !may_read(&principal, &class) || (brings_changes && !may_write(&principal, &class)) {
            tracing::warn!(who = %principal.label(), doc = %id, write = brings_changes, "access denied");
            let mut out = vec![self.unavailable(conn, id)];
            if self.docs[&id].audited {
                out.push(self.audit(conn, id, &class, AuditAction::Denied, now_ms));
            }
            return out;
        }

        if brings_changes && registered.is_none() && !is_request {
            if let Some(out) = self.defer(conn, &principal, id, data, &message, now_ms) {
                return out;
            }
        }
        if !self.settle(&id) {
            return Vec::new(); // the closes are owed
        }
        // A compaction the quota check needed: stored before anything else of this frame.
        let mut compacted = Vec::new();
        if brings_changes {
            let allowed = self
                .within_quota(&principal, &class, &id, data.len(), now_ms, &mut compacted)
                .and_then(|()| self.change_allowed(&principal, &class, conn, &id, &message, now_ms));
            if let Err(reason) = allowed {
                tracing::warn!(who = %principal.label(), doc = %id, %reason, "change refused");
                if let Some(c) = self.conns.get_mut(&conn) {
                    c.states.remove(&id);
                }
                if registered.is_some() {
                    // A refused new document was never registered: forget it again.
                    self.docs.remove(&id);
                    self.absent.insert(id);
                }
                // Never stored nor forwarded: the device is told why and which document, so
                // it stops offering that change, and the socket closes so it does not retry
                // the same change on this connection.
                compacted.extend([
                    self.audit(conn, id, &class, AuditAction::ChangeRefused, now_ms),
                    Out::Send(conn, Message::Error { message: reason.clone(), document_id: Some(id) }.encode()),
                    Out::Close(conn, reason),
                ]);
                return compacted;
            }
        }

        let live = self.docs.get_mut(&id).expect("loaded above");
        let state = self.conns.get_mut(&conn).expect("connected").states.entry(id).or_default();
        let before = live.doc.get_heads();
        // With no change waiting for its dependencies, what this message applies is exactly
        // the changes it carries: their bytes are the chunk to store, with no search of the
        // document's history for what is new (`save_after` reads every op of a long one).
        let received: Option<Vec<u8>> =
            live.doc.get_missing_deps(&[]).is_empty().then(|| message.changes.iter().flatten().copied().collect());
        if let Err(err) = live.doc.receive_sync_message(state, message) {
            if registered.is_some() {
                // Nothing was registered: forget the document again.
                self.docs.remove(&id);
                self.absent.insert(id);
            }
            return vec![Out::Close(conn, format!("bad sync message: {err}"))];
        }
        let changed = live.doc.get_heads() != before;
        if changed {
            live.seqs = None;
        }
        if changed && !live.audited {
            // A dossier or company created by a peer shows its kind with its first change.
            live.audited = is_audited(&live.doc, &live.class);
        }
        // Durable first: the writes lead, and nothing after them goes out unless they succeed.
        let created = registered.is_some();
        let mut out: Vec<Out> = registered.into_iter().chain(compacted).collect();
        if changed {
            let received = received.filter(|_| self.docs[&id].doc.get_missing_deps(&[]).is_empty());
            out.push(self.store_changes_since(&id, &before, received));
        }

        let live = &self.docs[&id];
        if is_request && live.doc.get_heads().is_empty() {
            out.push(self.unavailable(conn, id));
            return out;
        }
        if changed && live.audited {
            // The first changes of a record a device created are its creation, not an edit.
            let action = if created { AuditAction::Create } else { AuditAction::Change };
            out.push(self.audit(conn, id, &class, action, now_ms));
        }
        let targets: Vec<ConnId> = if changed {
            // Only peers that may read it, whatever sync state they hold for the id.
            self.conns
                .iter()
                .filter(|(_, c)| c.states.contains_key(&id) && may_read(&c.principal, &class))
                .map(|(cid, _)| *cid)
                .collect()
        } else {
            vec![conn]
        };
        let mut reads = Vec::new();
        for target in targets {
            let c = self.conns.get_mut(&target).expect("listed above");
            let (Some(peer), Some(state)) = (c.peer.clone(), c.states.get_mut(&id)) else {
                continue;
            };
            if let Some(reply) = live.doc.generate_sync_message(state) {
                if live.audited && !reply.changes.is_empty() {
                    reads.push(target);
                }
                let frame = Message::Sync {
                    sender_id: self.peer_id.clone(),
                    target_id: peer,
                    document_id: id,
                    data: reply.encode(),
                };
                out.push(Out::Send(target, frame.encode()));
            }
        }
        for target in reads {
            out.push(self.audit(target, id, &class, AuditAction::Read, now_ms));
        }
        out
    }

    /// The short way of a frame bringing changes: stored and acknowledged, applied later
    /// together with others ([`MAX_DEFERRED`] at most, or as soon as anything else needs the
    /// document: [`Hub::settle`]). Applying a change walks every op of each object it touches
    /// (automerge's batch apply), so one at a time a document with a long history paid that
    /// walk for each change; a batch pays it about once. Taken only when the answer is exactly
    /// what automerge would send after applying them (tests compare the bytes): the sender
    /// then has every change the relay has and asks for nothing, and it is the only
    /// connection with a sync state for the document; the changes are new, each the next of
    /// its actor, with every dependency known; the document is neither audited nor a queue
    /// (whose changes are checked against its content), and they fit its quota without a
    /// compaction. `None`: take the ordinary way.
    fn defer(
        &mut self,
        conn: ConnId,
        principal: &Principal,
        id: DocumentId,
        data: &[u8],
        message: &sync::Message,
        now_ms: u64,
    ) -> Option<Vec<Out>> {
        use automerge::sync::{BloomFilter, Capability, ChunkList, Have, MessageFlags, MessageVersion};
        use sportello_core::quota::{check_document, DocumentKind};
        // Only a person's desk: a device (a totem, a tablet, a board) may be a hostile one.
        if !matches!(principal, Principal::Operator { .. }) {
            return None;
        }
        let live = self.docs.get_mut(&id)?;
        if live.audited || matches!(live.class, AccessClass::Queue { .. }) || live.deferred.len() >= MAX_DEFERRED {
            return None;
        }
        if self.conns.iter().any(|(c, other)| *c != conn && other.states.contains_key(&id)) {
            return None;
        }
        let c = self.conns.get(&conn)?;
        let (peer, state) = (c.peer.clone()?, c.states.get(&id)?);
        let flags_refuse =
            message.flags.is_some_and(|f| f.contains(MessageFlags::SYNC_RESET) || f.contains(MessageFlags::READ_ONLY));
        if !state.have_responded || state.read_only || state.needs_reset || flags_refuse || !message.need.is_empty() {
            return None;
        }
        if !live.doc.get_missing_deps(&[]).is_empty() {
            return None;
        }
        let mut changes: Vec<automerge::Change> = Vec::with_capacity(message.changes.len());
        for chunk in message.changes.iter() {
            let change = automerge::Change::from_bytes(chunk.to_vec()).ok()?;
            if change.raw_bytes().len() != chunk.len() || change.author().is_some() {
                return None;
            }
            changes.push(change);
        }
        let known = |live: &LiveDoc, earlier: &[automerge::Change], hash: &ChangeHash| {
            earlier.iter().any(|c| c.hash() == *hash) || live.knows(hash)
        };
        let seqs = match live.seqs.take() {
            Some(seqs) => seqs,
            None => actor_seqs(&live.doc, &live.deferred),
        };
        let mut next: HashMap<automerge::ActorId, u64> = HashMap::new();
        let mut heads = live.heads();
        let mut fits = true;
        for (i, change) in changes.iter().enumerate() {
            let (earlier, hash) = (&changes[..i], change.hash());
            let last = next.get(change.actor_id()).or_else(|| seqs.get(change.actor_id())).copied().unwrap_or(0);
            if known(live, earlier, &hash)
                || !change.deps().iter().all(|d| known(live, earlier, d))
                || change.seq() != last + 1
            {
                fits = false;
                break;
            }
            next.insert(change.actor_id().clone(), change.seq());
            heads.retain(|h| !change.deps().contains(h));
            heads.push(hash);
        }
        live.seqs = Some(seqs);
        let heads = sorted(heads);
        let their_sync_known = message.have.iter().flat_map(|h| h.last_sync.iter()).all(|h| known(live, &changes, h));
        if !fits || sorted(message.heads.clone()) != heads || !their_sync_known {
            return None;
        }
        let chunk: Vec<u8> = message.changes.iter().flatten().copied().collect();
        let kind = DocumentKind::of(&live.class, sportello_core::docs::root_kind(&live.doc).as_deref());
        if check_document(kind, live.stored_bytes() + data.len()).is_err()
            || compacts_after(live.chunks + 1, live.chunk_bytes + chunk.len(), live.snapshot_bytes)
        {
            return None;
        }
        let class = live.class.clone();
        let mut compacted = Vec::new();
        self.within_quota(principal, &class, &id, data.len(), now_ms, &mut compacted).ok()?;
        debug_assert!(compacted.is_empty(), "within the bound: nothing to compact");

        let live = self.docs.get_mut(&id).expect("checked above");
        if let Some(seqs) = live.seqs.as_mut() {
            seqs.extend(next);
        }
        live.chunks += 1;
        live.chunk_bytes += chunk.len();
        live.deferred_heads = heads.clone();
        let device = self.conns[&conn].device.clone();
        live.deferred.extend(changes.into_iter().map(|change| Deferred {
            change,
            who: principal.label(),
            device: device.clone(),
            at_ms: now_ms,
        }));

        // The sync state as automerge leaves it receiving the message and answering it.
        let state = self.conns.get_mut(&conn)?.states.get_mut(&id)?;
        if let Some(flags) = message.flags {
            let mut caps = vec![Capability::MessageV2];
            if flags.contains(MessageFlags::SUPPORTS_SYNC_RESET) {
                caps.push(Capability::SyncReset);
            }
            state.their_capabilities = Some(caps);
            state.peer_read_only = false;
        }
        // The peer has every change sent to it: its heads are the document's.
        state.sent_hashes.clear();
        state.shared_heads = message.heads.clone();
        state.their_have = Some(message.have.clone());
        state.their_heads = Some(message.heads.clone());
        state.their_need = Some(Vec::new());
        state.have_responded = true;
        state.last_sent_heads = heads.clone();
        state.in_flight = true;
        let v2 = state.their_capabilities.as_ref().is_some_and(|caps| caps.contains(&Capability::MessageV2));
        let mut flags = MessageFlags::new();
        flags.set(MessageFlags::SUPPORTS_SYNC_RESET);
        let reply = sync::Message {
            heads,
            need: Vec::new(),
            have: vec![Have {
                last_sync: message.heads.clone(),
                bloom: BloomFilter::from_hashes(std::iter::empty::<ChangeHash>()),
            }],
            changes: ChunkList::empty(),
            flags: Some(flags),
            version: if v2 { MessageVersion::V2 } else { MessageVersion::V1 },
        };
        let frame =
            Message::Sync { sender_id: self.peer_id.clone(), target_id: peer, document_id: id, data: reply.encode() };
        Some(vec![Out::Store(Write::Append { doc: id, chunk }), Out::Send(conn, frame.encode())])
    }

    /// Whether a change of `bytes` keeps the document within its kind's size and the device
    /// within its write budget (`sportello_core::quota`); spends the budget if so. The bound
    /// is the stored size plus the sync message's size, so nothing is applied to find out.
    /// Appended changes count as they came, larger than their share of a snapshot: a bound
    /// past the quota with changes appended compacts first (the write goes to `compacted`)
    /// and checks the snapshot's size, so compacting by size never refuses a change that
    /// compacting by count took.
    fn within_quota(
        &mut self,
        who: &Principal,
        class: &AccessClass,
        id: &DocumentId,
        bytes: usize,
        now_ms: u64,
        compacted: &mut Vec<Out>,
    ) -> Result<(), String> {
        use sportello_core::quota::{check_document, BudgetLeft, DocumentKind, WriteBudget};
        let live = self.docs.get_mut(id).expect("loaded by the caller");
        let kind = DocumentKind::of(class, sportello_core::docs::root_kind(&live.doc).as_deref());
        if check_document(kind, live.stored_bytes() + bytes).is_err() && live.chunks > 0 {
            compacted.push(live.compact(id));
        }
        check_document(kind, live.stored_bytes() + bytes).map_err(|e| e.message_it())?;
        let budget = WriteBudget::of(who);
        let now = now_ms as i64;
        let left = self.budgets.get(&who.label()).copied().unwrap_or_else(|| BudgetLeft::full(budget, now));
        let left = left.spend(budget, bytes as u64, now).map_err(|e| e.message_it())?;
        self.budgets.insert(who.label(), left);
        Ok(())
    }

    /// Beyond the access class, what a change may do: a totem writes to a day's queue only to
    /// add its own tickets (`sportello_core::docs::queue::totem_change`), to the agenda only
    /// to add its own holds (`sportello_core::docs::agenda::totem_change`). The change is tried
    /// on a copy first. The refusal is the Italian reason.
    fn change_allowed(
        &self,
        who: &Principal,
        class: &AccessClass,
        conn: ConnId,
        id: &DocumentId,
        message: &automerge::sync::Message,
        now_ms: u64,
    ) -> Result<(), String> {
        if !(may_add_tickets(who) && matches!(class, AccessClass::Queue { .. })) {
            return Ok(());
        }
        let Some(letter) = self.conns.get(&conn).and_then(|c| c.letter) else {
            return Err("Questo dispositivo non emette biglietti: non può scrivere nella coda.".into());
        };
        let live = &self.docs[id];
        let mut trial = live.doc.clone();
        let mut state = self.conns.get(&conn).and_then(|c| c.states.get(id)).cloned().unwrap_or_default();
        if trial.receive_sync_message(&mut state, message.clone()).is_err() {
            return Err("Modifica della coda non leggibile: rifiutata.".into());
        }
        // The CPI's agenda shares the class: a totem only adds its own holds to it.
        if sportello_core::docs::root_kind(&live.doc).as_deref() == Some(sportello_core::docs::agenda::AGENDA_KIND) {
            let holder = letter.to_string();
            return sportello_core::docs::agenda::totem_change(&live.doc, &trial, &holder, now_ms as i64)
                .map_err(|r| r.message_it());
        }
        sportello_core::docs::queue::totem_change(&live.doc, &trial, letter, now_ms as i64).map_err(|r| r.message_it())
    }

    /// The write of what a loaded document gained since `before` (a snapshot instead once the
    /// appended chunks reach [`MIN_CHUNK_BYTES_BEFORE_COMPACTION`]'s rule): `received`, the
    /// changes as they came, if they are all it gained, or else what automerge finds new since
    /// `before`. If it fails, `crate::hubs` drops the document from memory
    /// ([`Hub::storage_failed`]), so the unstored change is never served.
    fn store_changes_since(&mut self, id: &DocumentId, before: &[ChangeHash], received: Option<Vec<u8>>) -> Out {
        let live = self.docs.get_mut(id).expect("loaded by the caller");
        let chunk = received.unwrap_or_else(|| live.doc.save_after(before));
        if compacts_after(live.chunks + 1, live.chunk_bytes + chunk.len(), live.snapshot_bytes) {
            live.compact(id)
        } else {
            live.chunks += 1;
            live.chunk_bytes += chunk.len();
            Out::Store(Write::Append { doc: *id, chunk })
        }
    }

    fn answer_as_empty(&mut self, conn: ConnId, id: DocumentId, message: sync::Message) -> Vec<Out> {
        let mut empty = Automerge::new();
        let c = self.conns.get_mut(&conn).expect("connected");
        let Some(peer) = c.peer.clone() else {
            return Vec::new();
        };
        let state = c.states.entry(id).or_default();
        if empty.receive_sync_message(state, message).is_err() {
            return vec![Out::Close(conn, "bad sync message".into())];
        }
        match empty.generate_sync_message(state) {
            Some(reply) => {
                let frame = Message::Sync {
                    sender_id: self.peer_id.clone(),
                    target_id: peer,
                    document_id: id,
                    data: reply.encode(),
                };
                vec![Out::Send(conn, frame.encode())]
            }
            None => Vec::new(),
        }
    }

    fn ephemeral(&mut self, conn: ConnId, id: DocumentId, session_id: String, count: u64, data: Vec<u8>) -> Vec<Out> {
        let principal = &self.conns[&conn].principal;
        let Some(class) = self.docs.get(&id).map(|live| &live.class).filter(|class| may_read(principal, class)) else {
            return Vec::new();
        };
        let sender = self.conns[&conn].peer.clone().expect("joined");
        // A peer may hold a sync state for an id it announced before the document existed.
        self.conns
            .iter()
            .filter(|(cid, c)| **cid != conn && c.states.contains_key(&id) && may_read(&c.principal, class))
            .filter_map(|(cid, c)| {
                let target = c.peer.clone()?;
                let frame = Message::Ephemeral {
                    sender_id: sender.clone(),
                    target_id: target,
                    document_id: id,
                    session_id: session_id.clone(),
                    count,
                    data: data.clone(),
                };
                Some(Out::Send(*cid, frame.encode()))
            })
            .collect()
    }
}

/// Each actor's last sequence number in `doc` and `deferred`.
fn actor_seqs(doc: &Automerge, deferred: &[Deferred]) -> HashMap<automerge::ActorId, u64> {
    let mut seqs = HashMap::new();
    let metas = doc.get_changes_meta(&[]);
    let all = metas.iter().map(|m| (m.actor.as_ref(), m.seq));
    for (actor, seq) in all.chain(deferred.iter().map(|d| (d.change.actor_id(), d.change.seq()))) {
        let last = seqs.entry(actor.clone()).or_insert(0);
        *last = seq.max(*last);
    }
    seqs
}

fn sorted(mut heads: Vec<ChangeHash>) -> Vec<ChangeHash> {
    heads.sort_unstable();
    heads
}

/// Whether `chunks` appended chunks of `chunk_bytes` after a snapshot of `snapshot_bytes` are to
/// be compacted ([`MIN_CHUNK_BYTES_BEFORE_COMPACTION`]).
pub fn compacts_after(chunks: usize, chunk_bytes: usize, snapshot_bytes: usize) -> bool {
    chunks >= MAX_CHUNKS_BEFORE_COMPACTION || chunk_bytes >= snapshot_bytes.max(MIN_CHUNK_BYTES_BEFORE_COMPACTION)
}

/// Whether every access to the document goes to the audit log: a private document whose root
/// kind core audits (a dossier, a company).
fn is_audited(doc: &Automerge, class: &AccessClass) -> bool {
    matches!(class, AccessClass::Private { .. })
        && sportello_core::employers::is_audited_kind(sportello_core::docs::root_kind(doc).as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;
    use automerge::transaction::Transactable;
    use sportello_core::access::Role;
    use sportello_core::sync::client::{Effect, SyncClient};

    fn operator(cpi: &str) -> Principal {
        Principal::Operator { username: "anna".into(), name: "Anna".into(), cpi: cpi.into(), role: Role::Operator }
    }

    fn frames(effects: Vec<Effect>) -> Vec<Vec<u8>> {
        effects.into_iter().filter_map(|e| if let Effect::Send(b) = e { Some(b) } else { None }).collect()
    }

    /// Feeds frames until quiet, loading from `store` what the hub asks for and executing its
    /// writes there; returns every output in the order the hub produced it.
    fn run(hub: &mut Hub, store: &MemoryStore, client: &mut SyncClient, pending: Vec<Vec<u8>>) -> Vec<Out> {
        run_on(1, hub, store, client, pending)
    }

    /// [`run`] for connection `conn`.
    fn run_on(
        conn: ConnId,
        hub: &mut Hub,
        store: &MemoryStore,
        client: &mut SyncClient,
        mut pending: Vec<Vec<u8>>,
    ) -> Vec<Out> {
        let mut all = Vec::new();
        while let Some(frame) = pending.pop() {
            let message = Message::decode(&frame).unwrap();
            if let Some(id) = hub.frame_needs_load(&message) {
                let loaded = load(store, &id).unwrap().decode(hub.cpi(), &id).unwrap();
                for repair in hub.insert(id, loaded, 0) {
                    all.push(repair.clone());
                    if let Out::Store(write) = repair {
                        write.apply(store).unwrap();
                    }
                }
            }
            let outs = hub.receive_message(conn, message, 0);
            let last_write = outs.iter().rposition(|o| matches!(o, Out::Store(_)));
            let first_other = outs.iter().position(|o| !matches!(o, Out::Store(_)));
            if let (Some(w), Some(o)) = (last_write, first_other) {
                assert!(w < o, "every write of a call comes before its frames: {outs:?}");
            }
            for out in outs {
                match &out {
                    Out::Store(write) => write.apply(store).unwrap(),
                    Out::Send(_, bytes) => pending.extend(frames(client.receive(bytes).unwrap())),
                    _ => {}
                }
                all.push(out);
            }
        }
        all
    }

    #[test]
    fn a_client_may_not_join_with_the_relays_own_peer_id() {
        let mut hub = Hub::new("bari", "test".into());
        hub.connect(1, operator("bari"), "desk".into(), None);
        let join = |sender: PeerId| Message::Join {
            sender_id: sender,
            supported_protocol_versions: vec![PROTOCOL_VERSION.into()],
            peer_metadata: None,
        };
        let outs = hub.receive_message(1, join(hub.peer_id().clone()), 0);
        assert!(matches!(outs.as_slice(), [Out::Close(1, reason)] if reason == "peer id in use"), "{outs:?}");
        let outs = hub.receive_message(1, join(PeerId("desk-1".into())), 0);
        assert!(matches!(outs.as_slice(), [Out::Send(1, _)]), "an own id joins: {outs:?}");
    }

    #[test]
    fn a_change_comes_out_as_writes_before_any_frame_of_the_same_call() {
        let (store, mut hub) = (MemoryStore::default(), Hub::new("bari", "test".into()));
        hub.connect(1, operator("bari"), "desk".into(), None);
        let mut client = SyncClient::new(PeerId("desk".into()), automerge::ActorId::from(&[1; 16][..]));
        let doc = DocumentId::from_random([5; 16]);
        let mut to_relay = frames(client.connected());
        to_relay.extend(frames(client.create(doc, 0, |tx| {
            tx.put(automerge::ROOT, "nota", "sì").unwrap();
        })));
        let outs = run(&mut hub, &store, &mut client, to_relay);

        let first_write = outs.iter().position(|o| matches!(o, Out::Store(_))).expect("the change is written");
        assert!(matches!(&outs[first_write], Out::Store(Write::Register { doc: d, .. }) if *d == doc));
        assert!(matches!(&outs[first_write + 1], Out::Store(Write::Append { doc: d, .. }) if *d == doc));
        assert!(matches!(&outs[first_write + 2], Out::Send(1, _)), "then the answer: {outs:?}");
        assert_eq!(client.pending_changes(&doc), 0, "acknowledged once written");
        assert_eq!(store.class(&doc).unwrap(), Some(AccessClass::Private { cpi: "bari".into() }));
        assert!(!store.load(&doc).unwrap().is_empty(), "stored");
    }

    /// A desk (actor `actor`) connected to a hub of Bari, with a document (`doc`) it created
    /// there holding `n = 0`, and what the hub produced creating it.
    fn desk_with_document(actor: u8, doc: u8) -> (MemoryStore, Hub, SyncClient, DocumentId, Vec<Out>) {
        with_document(operator("bari"), actor, doc)
    }

    /// `who` connected, with a document it created.
    fn with_document(who: Principal, actor: u8, doc: u8) -> (MemoryStore, Hub, SyncClient, DocumentId, Vec<Out>) {
        let (store, mut hub) = (MemoryStore::default(), Hub::new("bari", "test".into()));
        hub.connect(1, who, "desk".into(), None);
        let mut client = SyncClient::new(PeerId("desk".into()), automerge::ActorId::from(&[actor; 16][..]));
        let doc = DocumentId::from_random([doc; 16]);
        let mut to_relay = frames(client.connected());
        to_relay.extend(frames(client.create(doc, 0, |tx| {
            tx.put(automerge::ROOT, "n", 0).unwrap();
        })));
        let created = run(&mut hub, &store, &mut client, to_relay);
        (store, hub, client, doc, created)
    }

    /// The writes among `outs`: (appended chunk sizes, compacted snapshot sizes) in order.
    fn writes_of(outs: &[Out]) -> Vec<Result<usize, usize>> {
        outs.iter()
            .filter_map(|o| match o {
                Out::Store(Write::Append { chunk, .. }) => Some(Ok(chunk.len())),
                Out::Store(Write::Compact { snapshot, .. }) => Some(Err(snapshot.len())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn what_is_stored_change_by_change_and_compacted_by_size_reloads_to_the_same_document() {
        let (store, mut hub, mut client, doc, created) = desk_with_document(3, 8);
        let mut writes = writes_of(&created);
        // One change per sync message, until the appended chunks were compacted twice.
        let mut n = 0i64;
        while writes.iter().filter(|w| w.is_err()).count() < 2 {
            n += 1;
            assert!(n < 5_000, "compacted twice within 5,000 changes: {writes:?}");
            let (_, effects) = client
                .change(doc, 0, |tx| {
                    tx.put(automerge::ROOT, "n", n).unwrap();
                    tx.put(automerge::ROOT, format!("k{n}"), format!("valore {n}")).unwrap();
                })
                .unwrap();
            writes.extend(writes_of(&run(&mut hub, &store, &mut client, frames(effects))));
            assert_eq!(client.pending_changes(&doc), 0, "change {n} acknowledged");
        }
        // By size: a snapshot only once the chunks since the last one weigh as much as it (and
        // the minimum), never after a fixed count.
        let (mut appended, mut chunks, mut snapshot) = (0, 0, 0);
        for write in &writes {
            match *write {
                Ok(len) => {
                    appended += len;
                    chunks += 1;
                }
                Err(len) => {
                    assert!(chunks >= 64, "more chunks than the old count before compacting: {chunks}");
                    assert!(
                        chunks + 1 >= MAX_CHUNKS_BEFORE_COMPACTION
                            || appended >= MIN_CHUNK_BYTES_BEFORE_COMPACTION.max(snapshot) - 1024,
                        "compacted after {appended} bytes in {chunks} chunks, snapshot {snapshot}"
                    );
                    (appended, chunks, snapshot) = (0, 0, len);
                }
            }
        }
        let stored = store.load(&doc).unwrap();
        let (bytes, stored_chunks) = (stored.bytes.clone(), stored.len());
        assert_eq!(stored_chunks, chunks + 1, "the last snapshot and the changes after it");
        let reloaded = Automerge::load(&bytes).unwrap();
        let original = client.doc(&doc).unwrap();
        assert_eq!(reloaded.get_heads(), original.get_heads());
        assert_eq!(reloaded.keys(automerge::ROOT).count(), n as usize + 1);
        let last = reloaded.get(automerge::ROOT, "n").unwrap().unwrap().0.as_i64();
        assert_eq!(last, Some(n));
    }

    #[test]
    fn a_change_acknowledged_before_it_is_applied_gets_the_answer_automerge_gives_after_applying_it() {
        let (store, mut hub, mut client, doc, _) = desk_with_document(5, 10);
        // The reference: the relay's document and sync state, from now on updated by automerge
        // alone, applying every change as it comes.
        let mut reference = Automerge::load(&hub.docs[&doc].doc.save()).unwrap();
        let mut state = hub.conns[&1].states[&doc].clone();
        let (mut deferred, mut most_deferred) = (0, 0);
        for n in 1..=2 * MAX_DEFERRED as i64 + 10 {
            let (_, effects) = client.change(doc, 0, |tx| tx.put(automerge::ROOT, "n", n).unwrap()).unwrap();
            let mut pending = frames(effects);
            while let Some(frame) = pending.pop() {
                let message = Message::decode(&frame).unwrap();
                if let Message::Sync { data, .. } = &message {
                    reference.receive_sync_message(&mut state, sync::Message::decode(data).unwrap()).unwrap();
                }
                let expected = reference.generate_sync_message(&mut state).map(|m| m.encode());
                let mut answer = None;
                for out in hub.receive_message(1, message, 0) {
                    match out {
                        Out::Store(write) => write.apply(&store).unwrap(),
                        Out::Send(1, bytes) => {
                            if let Message::Sync { data, .. } = Message::decode(&bytes).unwrap() {
                                answer = Some(data);
                            }
                            pending.extend(frames(client.receive(&bytes).unwrap()));
                        }
                        other => panic!("only writes and answers: {other:?}"),
                    }
                }
                assert_eq!(answer, expected, "change {n}: the relay answers as automerge would");
                let waiting = hub.docs[&doc].deferred.len();
                deferred += usize::from(waiting > 0);
                most_deferred = most_deferred.max(waiting);
            }
            assert_eq!(client.pending_changes(&doc), 0, "change {n} acknowledged");
        }
        assert!(deferred > MAX_DEFERRED, "the changes were acknowledged before being applied: {deferred}");
        assert_eq!(most_deferred, MAX_DEFERRED, "at most {MAX_DEFERRED} wait");
        // Reading applies them: the relay's document, and what it stored, are the desk's.
        let heads = client.doc(&doc).unwrap().get_heads();
        assert_eq!(hub.read(&doc, 0, |d| d.get_heads()), Some(heads.clone()));
        assert!(hub.docs[&doc].deferred.is_empty());
        assert_eq!(Automerge::load(&store.load(&doc).unwrap().bytes).unwrap().get_heads(), heads);
        assert_eq!(reference.get_heads(), heads);
    }

    #[test]
    fn a_closing_connection_takes_out_of_memory_the_documents_no_other_connection_has_open() {
        let (store, mut hub, mut desk, shared, _) = desk_with_document(6, 21);
        let own = DocumentId::from_random([22; 16]);
        let creating = frames(desk.create(own, 0, |tx| tx.put(automerge::ROOT, "n", 0).unwrap()));
        run(&mut hub, &store, &mut desk, creating);
        for n in 1..=3 {
            let (_, effects) = desk.change(own, 0, |tx| tx.put(automerge::ROOT, "n", n).unwrap()).unwrap();
            run(&mut hub, &store, &mut desk, frames(effects));
        }
        assert!(!hub.docs[&own].deferred.is_empty(), "acknowledged, not yet applied");
        // A second desk opens the shared document only.
        hub.connect(2, operator("bari"), "desk-2".into(), None);
        let mut other = SyncClient::new(PeerId("desk-2".into()), automerge::ActorId::from(&[7; 16][..]));
        let mut to_relay = frames(other.connected());
        to_relay.extend(frames(other.open(shared)));
        run_on(2, &mut hub, &store, &mut other, to_relay);
        assert_eq!(other.doc(&shared).unwrap().get_heads(), desk.doc(&shared).unwrap().get_heads());

        assert_eq!(hub.disconnect(1), 1, "only the document the first desk alone had open");
        assert!(hub.docs.contains_key(&shared) && !hub.docs.contains_key(&own));
        assert_eq!(hub.disconnect(2), 1);
        assert_eq!(hub.loaded_documents(), 0);
        assert_eq!(hub.disconnect(2), 0, "a connection already gone");
        // Nothing was lost: what is stored loads to what the desks have, deferred changes too.
        for id in [shared, own] {
            let reloaded = load(&store, &id).unwrap().decode("bari", &id).unwrap();
            hub.insert(id, reloaded, 0);
            assert_eq!(hub.read(&id, 0, |d| d.get_heads()), Some(desk.doc(&id).unwrap().get_heads()));
        }
    }

    #[test]
    fn a_devices_changes_are_applied_at_once_never_deferred() {
        // A totem's outbox, which only that totem has open: a device may be a hostile one.
        let totem = Principal::Totem { device: "t1".into(), cpi: "bari".into() };
        let (store, mut hub, mut client, doc, _) = with_document(totem, 8, 13);
        assert!(matches!(hub.docs[&doc].class, AccessClass::Outbox { .. }));
        for n in 1..=5 {
            let (_, effects) = client.change(doc, 0, |tx| tx.put(automerge::ROOT, "n", n).unwrap()).unwrap();
            run(&mut hub, &store, &mut client, frames(effects));
            assert!(hub.docs[&doc].deferred.is_empty(), "change {n} applied at once");
        }
        assert_eq!(hub.docs[&doc].doc.get_heads(), client.doc(&doc).unwrap().get_heads());
    }

    #[test]
    fn deferred_changes_that_do_not_apply_leave_neither_the_document_nor_the_store_changed() {
        let (store, mut hub, mut client, doc, _) = desk_with_document(9, 14);
        for n in 1..=3 {
            let (_, effects) = client.change(doc, 0, |tx| tx.put(automerge::ROOT, "n", n).unwrap()).unwrap();
            run(&mut hub, &store, &mut client, frames(effects));
        }
        assert!(!hub.docs[&doc].deferred.is_empty(), "the desk's changes wait");
        let applied = hub.docs[&doc].doc.get_heads();
        let applied_value = hub.docs[&doc].doc.get(automerge::ROOT, "n").unwrap().map(|(v, _)| v.to_string());
        // A waiting change that automerge refuses to apply: another change of the same actor
        // and sequence number as one that waits (what the defer checks would never let by).
        let waiting = hub.docs[&doc].deferred[0].change.clone();
        let mut rival = Automerge::load(&hub.docs[&doc].doc.save()).unwrap().with_actor(waiting.actor_id().clone());
        rival
            .transact::<_, _, automerge::AutomergeError>(|tx| tx.put(automerge::ROOT, "rival", 1).map(|_| ()))
            .unwrap();
        let rival_change = rival.get_last_local_change().unwrap().clone();
        assert_eq!((rival_change.actor_id(), rival_change.seq()), (waiting.actor_id(), waiting.seq()));
        let live = hub.docs.get_mut(&doc).unwrap();
        live.deferred.push(Deferred { change: rival_change, who: "anna".into(), device: "desk".into(), at_ms: 0 });

        // Reading settles them: the document is as before the waiting changes...
        assert_eq!(hub.read(&doc, 0, |d| d.get_heads()), Some(applied.clone()));
        let read_value = hub.docs[&doc].doc.get(automerge::ROOT, "n").unwrap().map(|(v, _)| v.to_string());
        assert_eq!(read_value, applied_value);
        assert!(hub.docs[&doc].deferred.is_empty());
        // ...and the next call writes its snapshot over the stored chunks and closes the sender.
        let (_, effects) = client.change(doc, 0, |tx| tx.put(automerge::ROOT, "n", 99).unwrap()).unwrap();
        let outs = hub.receive_message(1, Message::decode(&frames(effects)[0]).unwrap(), 0);
        let compacted = outs.iter().position(|o| matches!(o, Out::Store(Write::Compact { .. })));
        let closed = outs.iter().position(|o| matches!(o, Out::Close(1, reason) if reason.contains("does not apply")));
        assert!(compacted.is_some() && closed.is_some() && compacted < closed, "{outs:?}");
        for out in &outs {
            if let Out::Store(write) = out {
                write.apply(&store).unwrap();
            }
        }
        let stored = Automerge::load(&store.load(&doc).unwrap().bytes).expect("the store still loads");
        assert_eq!(stored.get_heads(), applied, "no change that does not apply is kept");
    }

    #[test]
    fn a_stored_chunk_that_does_not_load_is_skipped_and_the_chunks_replaced_by_what_loads() {
        use crate::store::{DocStore, SqliteStore};
        let dir = crate::db::TempDb::new("hub-bad-chunk");
        let backends: Vec<Box<dyn DocStore>> =
            vec![Box::new(MemoryStore::default()), Box::new(SqliteStore::open(dir.db()).unwrap())];
        for store in backends {
            let doc = DocumentId::from_random([21; 16]);
            let mut good = Automerge::new().with_actor(automerge::ActorId::from(&[1; 16][..]));
            let put = |d: &mut Automerge, key: &str, n: i64| {
                d.transact::<_, _, AutomergeError>(|tx| tx.put(automerge::ROOT, key, n)).unwrap();
                d.get_last_local_change().unwrap().raw_bytes().to_vec()
            };
            put(&mut good, "n", 1);
            store.register(&doc, &AccessClass::Private { cpi: "bari".into() }).unwrap();
            store.compact(&doc, &good.save()).unwrap();
            // What a failed deferred batch leaves if the relay dies before its compaction: a
            // change of an actor's sequence number taken by another (it does not apply), and a
            // damaged chunk; good changes before and after them.
            let mut rival = good.clone();
            store.append(&doc, &put(&mut good, "n", 2)).unwrap();
            store.append(&doc, &put(&mut rival, "rival", 1)).unwrap();
            store.append(&doc, b"\x85\x6f\x4a\x83 not a chunk").unwrap();
            store.append(&doc, &put(&mut good, "n", 3)).unwrap();
            assert!(Automerge::load(&store.load(&doc).unwrap().bytes).is_err(), "the stored chunks do not load whole");

            let mut hub = Hub::new("bari", "test".into());
            let loaded = load(store.as_ref(), &doc).unwrap().decode("bari", &doc).expect("the document still loads");
            let repair = hub.insert(doc, loaded, 0);
            assert_eq!(hub.read(&doc, 0, |d| d.get_heads()), Some(good.get_heads()), "every good change is there");
            assert!(hub.read(&doc, 0, |d| d.get(automerge::ROOT, "rival").unwrap().is_none()).unwrap());
            let as_stored: Vec<Vec<u8>> = store.load(&doc).unwrap().iter().map(<[u8]>::to_vec).collect();
            let [Out::Store(write @ Write::Repair { .. })] = repair.as_slice() else {
                panic!("the stored chunks are replaced by a snapshot: {repair:?}");
            };
            write.apply(store.as_ref()).unwrap();
            assert_eq!(store.quarantined(&doc).unwrap(), as_stored, "every chunk it replaced is kept aside");
            let stored = store.load(&doc).unwrap();
            assert_eq!(stored.len(), 1, "one snapshot");
            assert_eq!(Automerge::load(&stored.bytes).unwrap().get_heads(), good.get_heads());
            let again = Hub::new("bari", "test".into()).insert(
                doc,
                load(store.as_ref(), &doc).unwrap().decode("bari", &doc).unwrap(),
                0,
            );
            assert!(again.is_empty(), "a repaired document loads whole: {again:?}");
        }
    }

    #[test]
    fn a_document_none_of_whose_chunks_loads_is_an_error_and_stays_stored() {
        let store = MemoryStore::default();
        let doc = DocumentId::from_random([22; 16]);
        store.register(&doc, &AccessClass::Private { cpi: "bari".into() }).unwrap();
        store.append(&doc, b"not a chunk").unwrap();
        store.append(&doc, b"nor this").unwrap();
        assert!(matches!(load(&store, &doc).unwrap().decode("bari", &doc), Err(StoreError::Corrupt(_))));
        assert_eq!(store.load(&doc).unwrap().len(), 2, "nothing is written over it");
    }

    #[test]
    fn a_deferred_change_that_makes_a_document_a_dossier_is_audited() {
        use sportello_core::docs::dossier::DOSSIER_KIND;
        let (store, mut hub, mut client, doc, _) = desk_with_document(6, 11);
        for n in 1..=3 {
            let (_, effects) = client
                .change(doc, 0, |tx| {
                    tx.put(automerge::ROOT, "n", n).unwrap();
                    if n == 2 {
                        tx.put(automerge::ROOT, "kind", DOSSIER_KIND).unwrap();
                    }
                })
                .unwrap();
            let outs = run(&mut hub, &store, &mut client, frames(effects));
            assert!(!outs.iter().any(|o| matches!(o, Out::Audit(_))), "not audited yet: {outs:?}");
        }
        // (The first change after the creation answers the creation's last message itself.)
        let waiting = hub.docs[&doc].deferred.len();
        assert!(waiting >= 2, "the change giving the kind and the one after it waited: {waiting}");
        assert!(hub.read(&doc, 0, sportello_core::docs::root_kind).flatten().as_deref() == Some(DOSSIER_KIND));
        assert!(hub.docs[&doc].audited, "audited once applied");
        // The next frame carries the audit entries the applied changes owe, one each.
        let (_, effects) = client.change(doc, 0, |tx| tx.put(automerge::ROOT, "n", 4).unwrap()).unwrap();
        let outs = run(&mut hub, &store, &mut client, frames(effects));
        let changes = outs.iter().filter(|o| matches!(o, Out::Audit(e) if e.action == AuditAction::Change)).count();
        assert_eq!(changes, waiting + 1, "one owed by each applied change, and the new one's: {outs:?}");
    }

    #[test]
    fn the_quota_counts_a_compacted_document_not_its_appended_chunks() {
        use sportello_core::quota::DocumentKind;
        let quota = DocumentKind::Working.max_bytes();
        let (store, mut hub) = (MemoryStore::default(), Hub::new("bari", "test".into()));
        hub.connect(1, operator("bari"), "desk".into(), None);
        let mut client = SyncClient::new(PeerId("desk".into()), automerge::ActorId::from(&[4; 16][..]));
        let doc = DocumentId::from_random([9; 16]);
        // Bytes that do not compress, so the snapshot is as large as what was written.
        let mut seed = 7u64;
        let mut noise = |len: usize| -> Vec<u8> {
            (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (seed >> 33) as u8
                })
                .collect()
        };
        let big = noise(quota - 60 * 1024);
        let mut original = Automerge::new();
        let mut tx = original.transaction();
        tx.put(automerge::ROOT, "big", big).unwrap();
        tx.commit();
        // A few changes of history: a peer sends a third of a document's changes or more as
        // the whole document.
        for n in 0..10 {
            original
                .transact::<_, _, automerge::AutomergeError>(|tx| tx.put(automerge::ROOT, "n", n).map(|_| ()))
                .unwrap();
        }
        for out in hub.create(doc, AccessClass::Private { cpi: "bari".into() }, original, 0).unwrap() {
            if let Out::Store(write) = out {
                write.apply(&store).unwrap();
            }
        }
        let mut to_relay = frames(client.connected());
        to_relay.extend(frames(client.open(doc)));
        run(&mut hub, &store, &mut client, to_relay);
        assert!(client.doc(&doc).is_some_and(|d| d.get_heads().len() == 1), "the desk has the document");
        let first_snapshot = store.load(&doc).unwrap().bytes.len();

        // Small changes until the relay refuses one.
        let (mut accepted, mut appended, mut refused) = (0, 0, None);
        while refused.is_none() {
            let value = noise(300);
            let (_, effects) = client.change(doc, 0, |tx| tx.put(automerge::ROOT, "piccolo", value).unwrap()).unwrap();
            let mut pending = frames(effects);
            while let Some(frame) = pending.pop() {
                let len = frame.len();
                for out in hub.receive_message(1, Message::decode(&frame).unwrap(), 0) {
                    match out {
                        Out::Store(write) => {
                            if let Write::Append { chunk, .. } = &write {
                                appended += chunk.len();
                            }
                            write.apply(&store).unwrap();
                        }
                        Out::Close(1, reason) => refused = Some((reason, len)),
                        // (The refusal's error frame is the client's to report.)
                        Out::Send(1, bytes) => pending.extend(client.receive(&bytes).map(frames).unwrap_or_default()),
                        _ => {}
                    }
                }
            }
            if refused.is_none() {
                accepted += 1;
            }
            assert!(accepted < 1_000, "a change is refused once the document is full");
        }
        let (reason, frame_len) = refused.unwrap();
        assert!(reason.contains("documento di lavoro"), "refused for the document's size: {reason}");
        // Counting the appended chunks, the bound passed the quota long before: the relay
        // compacted to find out, and took every change that still fit.
        assert!(
            first_snapshot + appended > quota,
            "{first_snapshot} + {appended} appended, {accepted} accepted, refused {reason} at {frame_len}"
        );
        let stored = store.load(&doc).unwrap();
        let (bytes, chunks) = (stored.bytes.clone(), stored.len());
        assert!(bytes.len() + frame_len > quota, "refused only past the quota: {} + {frame_len}", bytes.len());
        assert_eq!(chunks, 1, "compacted when the bound passed the quota");
        assert_eq!(Automerge::load(&bytes).unwrap().get_heads().len(), 1, "what was accepted is stored");
    }

    #[test]
    fn polls_share_one_reading_of_a_queue_day_until_it_changes() {
        let mut hub = Hub::new("bari", "test".into());
        let doc = DocumentId::from_random([7; 16]);
        let mut day = Automerge::new();
        let mut tx = day.transaction();
        sportello_core::docs::write(&mut tx, &QueueDay::new("bari", "2026-12-01")).unwrap();
        tx.commit();
        hub.create(doc, AccessClass::Queue { cpi: "bari".into() }, day, 0).unwrap();

        let first = hub.queue_day(&doc, 0).unwrap();
        assert!(Arc::ptr_eq(&first, &hub.queue_day(&doc, 1).unwrap()), "an unchanged day is not read again");
        hub.change(&doc, 2, "banco", |tx| {
            let mut day: QueueDay = sportello_core::docs::read(tx).map_err(|e| e.to_string())?;
            day.set_desk(3, &[sportello_core::catalogue::Area::B], 0);
            sportello_core::docs::write(tx, &day).map_err(|e| e.to_string())
        })
        .unwrap();
        let after = hub.queue_day(&doc, 3).unwrap();
        assert!(!Arc::ptr_eq(&first, &after));
        assert_eq!(after.desks_open(sportello_core::catalogue::Area::B), 1, "the new reading shows the change");
    }

    #[test]
    fn a_hub_refuses_another_cpis_document_without_holding_it() {
        let store = MemoryStore::default();
        let doc = DocumentId::from_random([6; 16]);
        let mut bari = Hub::new("bari", "test".into());
        let mut original = Automerge::new();
        let mut tx = original.transaction();
        tx.put(automerge::ROOT, "nota", "di Bari").unwrap();
        tx.commit();
        for out in bari.create(doc, AccessClass::Private { cpi: "bari".into() }, original, 0).unwrap() {
            if let Out::Store(write) = out {
                write.apply(&store).unwrap();
            }
        }

        let mut lecce = Hub::new("lecce", "test".into());
        lecce.connect(1, operator("lecce"), "desk".into(), None);
        let mut client = SyncClient::new(PeerId("desk".into()), automerge::ActorId::from(&[2; 16][..]));
        let mut to_relay = frames(client.connected());
        to_relay.extend(frames(client.open(doc)));
        let outs = run(&mut lecce, &store, &mut client, to_relay);
        assert_eq!(lecce.loaded_documents(), 0, "lecce's hub never holds bari's document");
        assert!(outs.iter().all(|o| !matches!(o, Out::Store(_))), "{outs:?}");
        assert!(client.doc(&doc).is_none_or(|d| d.get_heads().is_empty()), "nothing of it reached lecce");
    }
}
