//! The relay's sync hub, sans IO: the socket tasks feed it frames and deliver what it
//! returns. It decides access on every frame, and it writes a change to the store before it
//! produces any frame that could tell a peer the relay has that change.
//!
//! Documents are loaded on demand and evicted when idle; per-connection sync states are kept
//! apart from document content, so evicting a document never breaks a live connection.

use crate::audit::{AuditAction, AuditEntry};
use crate::store::{DocStore, StoreError};
use automerge::sync::{self, SyncDoc};
use automerge::Automerge;
use sportello_core::access::{class_of_new_document, may_read, may_write, AccessClass, Principal};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::{Message, PeerMetadata, PROTOCOL_VERSION};
use std::collections::HashMap;

pub type ConnId = u64;

/// What the socket layer must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    Send(ConnId, Vec<u8>),
    Close(ConnId, String),
    /// Record this in the audit log (dossiers only).
    Audit(AuditEntry),
}

/// Compact a document's stored chunks into one snapshot after this many appends.
const CHUNKS_BEFORE_COMPACTION: usize = 64;

struct Conn {
    principal: Principal,
    /// How the device named itself at sign-in (for the audit log).
    device: String,
    peer: Option<PeerId>,
    states: HashMap<DocumentId, sync::State>,
}

struct LiveDoc {
    doc: Automerge,
    class: AccessClass,
    /// A citizen's dossier: every access is audited.
    dossier: bool,
    chunks: usize,
    last_used_ms: u64,
}

pub struct Hub {
    store: Box<dyn DocStore>,
    peer_id: PeerId,
    storage_id: String,
    conns: HashMap<ConnId, Conn>,
    docs: HashMap<DocumentId, LiveDoc>,
}

impl Hub {
    pub fn new(store: Box<dyn DocStore>, storage_id: String) -> Self {
        let peer_id = PeerId(format!("sportello-relay-{storage_id}"));
        Self { store, peer_id, storage_id, conns: HashMap::new(), docs: HashMap::new() }
    }

    pub fn peer_id(&self) -> &PeerId {
        &self.peer_id
    }

    /// Documents currently held in memory.
    pub fn loaded_documents(&self) -> usize {
        self.docs.len()
    }

    pub fn connect(&mut self, conn: ConnId, principal: Principal, device: String) {
        self.conns.insert(conn, Conn { principal, device, peer: None, states: HashMap::new() });
    }

    /// The access class of a document the relay knows.
    pub fn class(&mut self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError> {
        match self.docs.get(id) {
            Some(live) => Ok(Some(live.class.clone())),
            None => self.store.class(id),
        }
    }

    /// The outboxes of the CPI's totems, oldest first.
    pub fn outboxes(&mut self, cpi: &str) -> Result<Vec<DocumentId>, StoreError> {
        self.store.outboxes(cpi)
    }

    /// Stores many new documents in one go without loading them (demo data, imports).
    pub fn create_many(&mut self, docs: &[(DocumentId, AccessClass, Vec<u8>)]) -> Result<(), StoreError> {
        self.store.create_many(docs)
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

    pub fn disconnect(&mut self, conn: ConnId) {
        self.conns.remove(&conn);
    }

    /// Creates a document on the relay itself (seeding, server-side records). Fails if the id
    /// is taken.
    pub fn create(
        &mut self,
        id: DocumentId,
        class: AccessClass,
        mut doc: Automerge,
        now_ms: u64,
    ) -> Result<(), StoreError> {
        if self.store.class(&id)?.is_some() {
            return Err(StoreError::Exists);
        }
        self.store.register(&id, &class)?;
        self.store.compact(&id, &doc.save())?;
        doc = Automerge::load(&doc.save()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let dossier = is_dossier(&doc, &class);
        self.docs.insert(id, LiveDoc { doc, class, dossier, chunks: 0, last_used_ms: now_ms });
        Ok(())
    }

    /// Whether the relay knows the document.
    pub fn exists(&mut self, id: &DocumentId) -> Result<bool, StoreError> {
        Ok(self.docs.contains_key(id) || self.store.class(id)?.is_some())
    }

    /// Reads a document's current content (loading it if needed).
    pub fn read<R>(
        &mut self,
        id: &DocumentId,
        now_ms: u64,
        f: impl FnOnce(&Automerge) -> R,
    ) -> Result<Option<R>, StoreError> {
        if !self.ensure_loaded(id, now_ms)? {
            return Ok(None);
        }
        Ok(self.docs.get(id).map(|live| f(&live.doc)))
    }

    /// Applies a change the relay makes itself (seeding, server-side records). It is stored
    /// before the returned frames tell connected peers about it.
    pub fn change(
        &mut self,
        id: &DocumentId,
        now_ms: u64,
        message: &str,
        edit: impl FnOnce(&mut automerge::transaction::Transaction<'_>) -> Result<(), String>,
    ) -> Result<Vec<Out>, StoreError> {
        if !self.ensure_loaded(id, now_ms)? {
            return Err(StoreError::Corrupt(format!("no document {id}")));
        }
        let live = self.docs.get_mut(id).expect("loaded above");
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
        self.store_changes_since(id, &before)?;
        let live = &self.docs[id];
        let class = live.class.clone();
        let mut out = Vec::new();
        let mut reads = Vec::new();
        for (cid, c) in self.conns.iter_mut() {
            if !may_read(&c.principal, &class) {
                continue;
            }
            let (Some(peer), Some(state)) = (c.peer.clone(), c.states.get_mut(id)) else { continue };
            if let Some(reply) = live.doc.generate_sync_message(state) {
                if live.dossier && !reply.changes.is_empty() {
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

    /// A citizen's dossier of `cpi`: `None` unless `id` is one of that CPI's private documents
    /// and holds a dossier. Every relay path that reaches a dossier by id goes through here.
    pub fn dossier_of(
        &mut self,
        id: &DocumentId,
        cpi: &str,
        now_ms: u64,
    ) -> Result<Option<sportello_core::docs::dossier::Dossier>, StoreError> {
        if !matches!(self.class(id)?, Some(AccessClass::Private { cpi: c }) if c == cpi) {
            return Ok(None);
        }
        Ok(self.read(id, now_ms, |doc| sportello_core::docs::read(doc).ok())?.flatten())
    }

    /// Drops documents untouched for `idle_ms`. Returns how many were evicted.
    pub fn evict_idle(&mut self, now_ms: u64, idle_ms: u64) -> usize {
        let before = self.docs.len();
        self.docs.retain(|_, live| now_ms.saturating_sub(live.last_used_ms) < idle_ms);
        before - self.docs.len()
    }

    /// Feeds one frame from a connection.
    pub fn receive(&mut self, conn: ConnId, frame: &[u8], now_ms: u64) -> Vec<Out> {
        let message = match Message::decode(frame) {
            Ok(m) => m,
            Err(err) => return vec![Out::Close(conn, format!("malformed frame: {err}"))],
        };
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
        match message {
            Message::Join { .. } => vec![Out::Close(conn, "already joined".into())],
            Message::Request { document_id, data, .. } => self.sync(conn, document_id, &data, true, now_ms),
            Message::Sync { document_id, data, .. } => self.sync(conn, document_id, &data, false, now_ms),
            Message::Ephemeral { document_id, session_id, count, data, .. } => {
                self.ephemeral(conn, document_id, session_id, count, data)
            }
            _ => Vec::new(),
        }
    }

    fn join(&mut self, conn: ConnId, message: Message) -> Vec<Out> {
        let Message::Join { sender_id, supported_protocol_versions, .. } = message else { unreachable!() };
        if !supported_protocol_versions.iter().any(|v| v == PROTOCOL_VERSION) {
            let error =
                Message::Error { message: format!("unsupported protocol versions {supported_protocol_versions:?}") };
            return vec![Out::Send(conn, error.encode()), Out::Close(conn, "protocol version".into())];
        }
        let principal = self.conns[&conn].principal.clone();
        let taken = self
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

    fn unavailable(&self, conn: ConnId, id: DocumentId) -> Out {
        let peer = self.conns.get(&conn).and_then(|c| c.peer.clone()).unwrap_or_else(|| PeerId(String::new()));
        Out::Send(
            conn,
            Message::DocUnavailable { sender_id: self.peer_id.clone(), target_id: peer, document_id: id }.encode(),
        )
    }

    fn ensure_loaded(&mut self, id: &DocumentId, now_ms: u64) -> Result<bool, StoreError> {
        if let Some(live) = self.docs.get_mut(id) {
            live.last_used_ms = now_ms;
            return Ok(true);
        }
        let Some(class) = self.store.class(id)? else {
            return Ok(false);
        };
        let (bytes, chunks) = self.store.load(id)?;
        let doc = Automerge::load(&bytes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let dossier = is_dossier(&doc, &class);
        self.docs.insert(*id, LiveDoc { doc, class, dossier, chunks, last_used_ms: now_ms });
        Ok(true)
    }

    fn sync(&mut self, conn: ConnId, id: DocumentId, data: &[u8], is_request: bool, now_ms: u64) -> Vec<Out> {
        let principal = self.conns[&conn].principal.clone();
        let message = match sync::Message::decode(data) {
            Ok(m) => m,
            Err(err) => return vec![Out::Close(conn, format!("malformed sync message: {err}"))],
        };
        let brings_changes = !message.changes.is_empty();

        let known = match self.ensure_loaded(&id, now_ms) {
            Ok(known) => known,
            Err(err) => {
                tracing::error!(%err, doc = %id, "cannot load document");
                return vec![self.unavailable(conn, id)];
            }
        };
        if !known {
            if is_request {
                return vec![self.unavailable(conn, id)];
            }
            if !brings_changes {
                // automerge-repo announces a new document with a change-less `sync` and sends
                // the data only after an answer; answer as an empty document would, without
                // registering anything yet.
                return self.answer_as_empty(conn, id, message);
            }
            // A peer brings a new document into existence: it belongs to its creator's class.
            let class = class_of_new_document(&principal);
            if let Err(err) = self.store.register(&id, &class) {
                tracing::error!(%err, doc = %id, "cannot register document");
                return vec![self.unavailable(conn, id)];
            }
            tracing::info!(who = %principal.label(), doc = %id, ?class, "document created");
            let live = LiveDoc { doc: Automerge::new(), class, dossier: false, chunks: 0, last_used_ms: now_ms };
            self.docs.insert(id, live);
        }

        let class = self.docs[&id].class.clone();
        if !may_read(&principal, &class) || (brings_changes && !may_write(&principal, &class)) {
            tracing::warn!(who = %principal.label(), doc = %id, write = brings_changes, "access denied");
            let mut out = vec![self.unavailable(conn, id)];
            if self.docs[&id].dossier {
                out.push(self.audit(conn, id, &class, AuditAction::Denied, now_ms));
            }
            return out;
        }

        if brings_changes && !self.change_allowed(&principal, &class, conn, &id, &message) {
            tracing::warn!(who = %principal.label(), doc = %id, "change refused: a totem may only add queue tickets");
            if let Some(c) = self.conns.get_mut(&conn) {
                c.states.remove(&id);
            }
            return vec![self.unavailable(conn, id)];
        }

        let live = self.docs.get_mut(&id).expect("loaded above");
        let state = self.conns.get_mut(&conn).expect("connected").states.entry(id).or_default();
        let before = live.doc.get_heads();
        if let Err(err) = live.doc.receive_sync_message(state, message) {
            return vec![Out::Close(conn, format!("bad sync message: {err}"))];
        }
        let changed = live.doc.get_heads() != before;
        if changed {
            if !live.dossier {
                // A dossier created by a peer shows its kind with its first change.
                live.dossier = is_dossier(&live.doc, &live.class);
            }
            // Durable first: nothing below may tell anyone we hold this change until it is stored.
            if let Err(err) = self.store_changes_since(&id, &before) {
                tracing::error!(%err, doc = %id, "cannot store change; dropping it");
                if let Some(c) = self.conns.get_mut(&conn) {
                    c.states.remove(&id);
                }
                return vec![Out::Close(conn, "storage failure".into())];
            }
        }

        let live = &self.docs[&id];
        if is_request && live.doc.get_heads().is_empty() {
            return vec![self.unavailable(conn, id)];
        }
        let mut out = Vec::new();
        if changed && live.dossier {
            out.push(self.audit(conn, id, &class, AuditAction::Change, now_ms));
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
                if live.dossier && !reply.changes.is_empty() {
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

    /// Beyond the access class, what a change may do: a totem writes to a day's queue only to
    /// add tickets. The change is tried on a copy first.
    fn change_allowed(
        &self,
        who: &Principal,
        class: &AccessClass,
        conn: ConnId,
        id: &DocumentId,
        message: &automerge::sync::Message,
    ) -> bool {
        if !(matches!(who, Principal::Totem { .. }) && matches!(class, AccessClass::Queue { .. })) {
            return true;
        }
        let live = &self.docs[id];
        let mut trial = live.doc.clone();
        let mut state = self.conns.get(&conn).and_then(|c| c.states.get(id)).cloned().unwrap_or_default();
        if trial.receive_sync_message(&mut state, message.clone()).is_err() {
            return false;
        }
        match (sportello_core::docs::read(&live.doc), sportello_core::docs::read(&trial)) {
            (Ok(before), Ok(after)) => sportello_core::docs::queue::only_adds_tickets(&before, &after),
            _ => false,
        }
    }

    /// Stores what a loaded document gained since `before` (compacting every
    /// [`CHUNKS_BEFORE_COMPACTION`] chunks). On failure the document is dropped from memory,
    /// so the unstored change is never served.
    fn store_changes_since(&mut self, id: &DocumentId, before: &[automerge::ChangeHash]) -> Result<(), StoreError> {
        let live = self.docs.get_mut(id).expect("loaded by the caller");
        let stored = if live.chunks + 1 >= CHUNKS_BEFORE_COMPACTION {
            self.store.compact(id, &live.doc.save()).map(|()| 0)
        } else {
            self.store.append(id, &live.doc.save_after(before)).map(|()| live.chunks + 1)
        };
        match stored {
            Ok(chunks) => {
                live.chunks = chunks;
                Ok(())
            }
            Err(err) => {
                self.docs.remove(id);
                Err(err)
            }
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

fn is_dossier(doc: &Automerge, class: &AccessClass) -> bool {
    matches!(class, AccessClass::Private { .. })
        && sportello_core::docs::root_kind(doc).as_deref() == Some(sportello_core::docs::dossier::DOSSIER_KIND)
}
