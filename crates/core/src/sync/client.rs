//! The client side of the automerge-repo protocol, sans IO: a browser (or a test) feeds it
//! connection events and received frames, and it returns what to send and what changed.
//!
//! It talks to exactly one server (the relay). What it knows the relay holds is tracked per
//! document as `relay_heads`, so the number of local changes not yet on the relay survives
//! reloads and offline periods: the UI never says "saved" before the relay has the change.

use super::ids::{DocumentId, PeerId};
use super::wire::{Message, PeerMetadata, PROTOCOL_VERSION};
use automerge::sync::{self, SyncDoc};
use automerge::transaction::{CommitOptions, Transaction};
use automerge::{ActorId, Automerge, ChangeHash, Patch, PatchLog};
use std::collections::BTreeMap;

/// What the caller must do or may want to know after feeding the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Send these bytes to the relay.
    Send(Vec<u8>),
    /// The document's content changed (locally or from the relay): re-read it.
    Changed(DocumentId),
    /// The relay does not have the document, or may not show it to us.
    Unavailable(DocumentId),
    /// Store this chunk for the document (append; a snapshot replaces earlier chunks).
    Persist { document: DocumentId, chunk: Vec<u8>, snapshot: bool },
    /// The heads the relay is known to hold changed: store them with the document.
    RelayHeads { document: DocumentId, heads: Vec<ChangeHash> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocPhase {
    /// We have content (ours or the relay's).
    Ready,
    /// We have nothing yet and asked the relay.
    Requesting,
    /// The relay answered doc-unavailable.
    Unavailable,
}

struct ClientDoc {
    doc: Automerge,
    sync: sync::State,
    phase: DocPhase,
    relay_heads: Vec<ChangeHash>,
    saved_heads: Vec<ChangeHash>,
    chunks_since_snapshot: usize,
    /// The relay refused this document's change. Its local changes stay, but the document is
    /// not synced again until it is edited here (a new edit may make it acceptable). The
    /// device keeps the refusal ([`SyncClient::refusal`], [`SyncClient::restore_refusal`]) so
    /// a restart does not offer the same content again.
    refused: Option<Refusal>,
    /// What changed since a view of the document last read it ([`SyncClient::watch_patches`]),
    /// recorded as changes are applied, so the view follows at the cost of the change rather
    /// than of a diff over the whole document.
    patch_log: Option<PatchLog>,
}

/// A relay's refusal of a document's change: its reason (in Italian, as the relay says it)
/// and the document's heads when it was refused, which say what content it refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: String,
    pub heads: Vec<ChangeHash>,
}

/// The patch log back if a transaction of `doc` may record into it (it belongs to `doc`).
fn log_fits(doc: &mut Automerge, log: PatchLog) -> Option<PatchLog> {
    let tx = doc.transaction_log_patches(log).ok()?;
    let (_, log) = tx.commit();
    Some(log)
}

/// Compact a document's stored chunks into one snapshot after this many appends.
const CHUNKS_BEFORE_SNAPSHOT: usize = 32;

pub struct SyncClient {
    peer_id: PeerId,
    actor: ActorId,
    relay: Option<PeerId>,
    docs: BTreeMap<DocumentId, ClientDoc>,
}

impl SyncClient {
    /// `actor` identifies this device's edits in every document's history.
    pub fn new(peer_id: PeerId, actor: ActorId) -> Self {
        Self { peer_id, actor, relay: None, docs: BTreeMap::new() }
    }

    pub fn peer_id(&self) -> &PeerId {
        &self.peer_id
    }

    /// True once the relay answered our `join`.
    pub fn is_connected(&self) -> bool {
        self.relay.is_some()
    }

    /// Adds a document loaded from local storage (chunks concatenated in order).
    pub fn load(
        &mut self,
        id: DocumentId,
        stored: &[u8],
        relay_heads: Vec<ChangeHash>,
    ) -> Result<(), automerge::AutomergeError> {
        let mut doc = Automerge::load(stored)?;
        doc.set_actor(self.actor.clone());
        let heads = doc.get_heads();
        let phase = if heads.is_empty() { DocPhase::Requesting } else { DocPhase::Ready };
        self.docs.insert(
            id,
            ClientDoc {
                doc,
                sync: sync::State::new(),
                phase,
                relay_heads,
                saved_heads: heads,
                chunks_since_snapshot: 0,
                refused: None,
                patch_log: None,
            },
        );
        Ok(())
    }

    /// Starts following a document we may not have yet; asks the relay when connected. A
    /// document the relay answered unavailable is asked for again: it may exist by now (a
    /// totem's new outbox), and the relay tells nobody who asked too early.
    pub fn open(&mut self, id: DocumentId) -> Vec<Effect> {
        if let Some(entry) = self.docs.get_mut(&id) {
            if entry.phase != DocPhase::Unavailable {
                return Vec::new();
            }
            // A fresh sync state: the old one remembers the request and would send nothing.
            entry.phase = DocPhase::Requesting;
            entry.sync = sync::State::new();
            return self.sync_doc(id);
        }
        let doc = Automerge::new().with_actor(self.actor.clone());
        self.docs.insert(
            id,
            ClientDoc {
                doc,
                sync: sync::State::new(),
                phase: DocPhase::Requesting,
                relay_heads: Vec::new(),
                saved_heads: Vec::new(),
                chunks_since_snapshot: 0,
                refused: None,
                patch_log: None,
            },
        );
        self.sync_doc(id)
    }

    /// Creates a new document with `init`, stamped with `time_secs`.
    pub fn create(&mut self, id: DocumentId, time_secs: i64, init: impl FnOnce(&mut Transaction<'_>)) -> Vec<Effect> {
        let mut doc = Automerge::new().with_actor(self.actor.clone());
        let mut tx = doc.transaction();
        init(&mut tx);
        tx.commit_with(CommitOptions::default().with_time(time_secs));
        self.docs.insert(
            id,
            ClientDoc {
                doc,
                sync: sync::State::new(),
                phase: DocPhase::Ready,
                relay_heads: Vec::new(),
                saved_heads: Vec::new(),
                chunks_since_snapshot: 0,
                refused: None,
                patch_log: None,
            },
        );
        let mut effects = self.persist(id);
        effects.push(Effect::Changed(id));
        effects.extend(self.sync_doc(id));
        effects
    }

    pub fn doc(&self, id: &DocumentId) -> Option<&Automerge> {
        self.docs.get(id).map(|d| &d.doc)
    }

    pub fn phase(&self, id: &DocumentId) -> Option<DocPhase> {
        self.docs.get(id).map(|d| d.phase)
    }

    pub fn documents(&self) -> impl Iterator<Item = &DocumentId> {
        self.docs.keys()
    }

    /// This device's actor id: it marks every change made here.
    pub fn actor(&self) -> &ActorId {
        &self.actor
    }

    /// Applies a local edit. Returns `None` if the document is not open.
    pub fn change<R>(
        &mut self,
        id: DocumentId,
        time_secs: i64,
        edit: impl FnOnce(&mut Transaction<'_>) -> R,
    ) -> Option<(R, Vec<Effect>)> {
        self.change_with_message(id, time_secs, None, edit)
    }

    /// Like [`SyncClient::change`], with a message kept in the document's history (what was
    /// changed, e.g. "Dati anagrafici").
    pub fn change_with_message<R>(
        &mut self,
        id: DocumentId,
        time_secs: i64,
        message: Option<&str>,
        edit: impl FnOnce(&mut Transaction<'_>) -> R,
    ) -> Option<(R, Vec<Effect>)> {
        let entry = self.docs.get_mut(&id)?;
        // A log that does not fit the document is dropped: the view then reads it afresh.
        let fits = entry.patch_log.take().and_then(|log| log_fits(&mut entry.doc, log));
        let logged = fits.is_some();
        let mut tx = match fits {
            Some(log) => entry.doc.transaction_log_patches(log).expect("log_fits checked it"),
            None => entry.doc.transaction(),
        };
        let result = edit(&mut tx);
        let mut options = CommitOptions::default().with_time(time_secs);
        if let Some(message) = message {
            options = options.with_message(message);
        }
        let (hash, log) = tx.commit_with(options);
        if logged {
            entry.patch_log = Some(log);
        }
        if hash.is_none() {
            return Some((result, Vec::new()));
        }
        entry.phase = DocPhase::Ready;
        // A new edit may make the document acceptable (e.g. a shorter text): offer it again.
        entry.refused = None;
        let mut effects = self.persist(id);
        effects.push(Effect::Changed(id));
        effects.extend(self.sync_doc(id));
        Some((result, effects))
    }

    /// Starts recording what changes in a document from now on, for a view that has just read
    /// it whole ([`SyncClient::take_patches`]). Returns whether the document is here.
    pub fn watch_patches(&mut self, id: &DocumentId) -> bool {
        let Some(entry) = self.docs.get_mut(id) else { return false };
        entry.patch_log = Some(PatchLog::active());
        true
    }

    /// What changed in a watched document since it was read or last asked, as patches;
    /// `None` if it is not watched (or no longer: then read it whole and watch again).
    pub fn take_patches(&mut self, id: &DocumentId) -> Option<Vec<Patch>> {
        let entry = self.docs.get_mut(id)?;
        let log = entry.patch_log.as_mut()?;
        let patches = entry.doc.make_patches(log);
        *log = PatchLog::active();
        Some(patches)
    }

    /// Drops a document from this device once the relay holds every change of it: what a
    /// totem hands over (a citizen's declaration) must not stay on the totem. Returns whether
    /// the document is gone; while changes are pending it stays. Later frames about it are
    /// ignored, as for any document this device does not follow.
    pub fn forget_delivered(&mut self, id: &DocumentId) -> bool {
        if self.pending_changes(id) > 0 {
            return false;
        }
        self.docs.remove(id);
        true
    }

    /// Local changes of a document that the relay is not known to hold.
    pub fn pending_changes(&self, id: &DocumentId) -> usize {
        self.docs.get(id).map_or(0, |d| d.doc.get_changes(&d.relay_heads).len())
    }

    /// Local changes across every document that the relay is not known to hold.
    pub fn total_pending_changes(&self) -> usize {
        self.docs.keys().map(|id| self.pending_changes(id)).sum()
    }

    /// Documents whose change the relay refused, with its reason (in Italian, as the relay
    /// says it). They are not offered again until edited on this device.
    pub fn refused(&self) -> Vec<(DocumentId, String)> {
        self.docs.iter().filter_map(|(id, d)| d.refused.as_ref().map(|r| (*id, r.reason.clone()))).collect()
    }

    /// The relay's refusal of this document, for the device to keep across restarts.
    pub fn refusal(&self, id: &DocumentId) -> Option<Refusal> {
        self.docs.get(id).and_then(|d| d.refused.clone())
    }

    /// Marks a loaded document refused again after a restart, but only if it still holds
    /// exactly what the relay refused (its heads are the refusal's): content changed since
    /// (edited here, or changes from the relay) is offered again. Returns whether it holds.
    pub fn restore_refusal(&mut self, id: &DocumentId, refusal: Refusal) -> bool {
        let Some(entry) = self.docs.get_mut(id) else { return false };
        let (mut current, mut refused) = (entry.doc.get_heads(), refusal.heads.clone());
        current.sort_unstable();
        refused.sort_unstable();
        if current.is_empty() || current != refused {
            return false;
        }
        entry.refused = Some(refusal);
        true
    }

    /// Drops a refused document from this device, changes the relay never took included: a
    /// citizen's declaration the relay refused must not stay on a totem after the session.
    /// Returns whether it is gone (`false` unless refused).
    pub fn forget_refused(&mut self, id: &DocumentId) -> bool {
        if self.docs.get(id).is_none_or(|d| d.refused.is_none()) {
            return false;
        }
        self.docs.remove(id);
        true
    }

    /// The transport opened: introduce ourselves. Sync states restart from scratch, as the
    /// relay may have lost nothing but also kept nothing of the previous connection.
    pub fn connected(&mut self) -> Vec<Effect> {
        self.relay = None;
        for entry in self.docs.values_mut() {
            entry.sync = sync::State::new();
        }
        let join = Message::Join {
            sender_id: self.peer_id.clone(),
            supported_protocol_versions: vec![PROTOCOL_VERSION.to_owned()],
            peer_metadata: Some(PeerMetadata { storage_id: None, is_ephemeral: true }),
        };
        vec![Effect::Send(join.encode())]
    }

    /// The transport closed.
    pub fn disconnected(&mut self) {
        self.relay = None;
    }

    /// Feeds one frame received from the relay.
    pub fn receive(&mut self, frame: &[u8]) -> Result<Vec<Effect>, ClientError> {
        let message = Message::decode(frame).map_err(|e| ClientError::Wire(e.to_string()))?;
        match message {
            Message::Peer { sender_id, selected_protocol_version, .. } => {
                if selected_protocol_version != PROTOCOL_VERSION {
                    return Err(ClientError::Protocol(format!("unsupported protocol {selected_protocol_version}")));
                }
                self.relay = Some(sender_id);
                let ids: Vec<DocumentId> = self.docs.keys().copied().collect();
                Ok(ids.into_iter().flat_map(|id| self.sync_doc(id)).collect())
            }
            Message::Sync { document_id, data, .. } | Message::Request { document_id, data, .. } => {
                self.receive_sync(document_id, &data)
            }
            Message::DocUnavailable { document_id, .. } => {
                let Some(entry) = self.docs.get_mut(&document_id) else {
                    return Ok(Vec::new());
                };
                if entry.doc.get_heads().is_empty() {
                    entry.phase = DocPhase::Unavailable;
                }
                Ok(vec![Effect::Unavailable(document_id)])
            }
            Message::Error { message, document_id: Some(id) } => {
                if let Some(entry) = self.docs.get_mut(&id) {
                    entry.refused = Some(Refusal { reason: message.clone(), heads: entry.doc.get_heads() });
                    entry.sync = sync::State::new();
                }
                Err(ClientError::Refused(id, message))
            }
            Message::Error { message, document_id: None } => Err(ClientError::Protocol(message)),
            _ => Ok(Vec::new()),
        }
    }

    fn receive_sync(&mut self, id: DocumentId, data: &[u8]) -> Result<Vec<Effect>, ClientError> {
        let Some(entry) = self.docs.get_mut(&id) else {
            return Ok(Vec::new());
        };
        let message = sync::Message::decode(data).map_err(|e| ClientError::Wire(e.to_string()))?;
        let before = entry.doc.get_heads();
        let received = match entry.patch_log.as_mut() {
            Some(log) => entry.doc.receive_sync_message_log_patches(&mut entry.sync, message, log),
            None => entry.doc.receive_sync_message(&mut entry.sync, message),
        };
        received.map_err(|e| ClientError::Sync(e.to_string()))?;
        let after = entry.doc.get_heads();
        let mut effects = Vec::new();
        if before != after {
            entry.phase = DocPhase::Ready;
            effects.extend(self.persist(id));
            effects.push(Effect::Changed(id));
        }
        effects.extend(self.note_relay_heads(id));
        effects.extend(self.sync_doc(id));
        Ok(effects)
    }

    /// The relay stores a change durably before it sends anything that shows it has it, so
    /// the shared heads of the sync state are heads the relay holds.
    fn note_relay_heads(&mut self, id: DocumentId) -> Option<Effect> {
        let entry = self.docs.get_mut(&id)?;
        let shared = &entry.sync.shared_heads;
        if shared.is_empty() || *shared == entry.relay_heads {
            return None;
        }
        entry.relay_heads = shared.clone();
        Some(Effect::RelayHeads { document: id, heads: entry.relay_heads.clone() })
    }

    fn sync_doc(&mut self, id: DocumentId) -> Vec<Effect> {
        let Some(relay) = self.relay.clone() else {
            return Vec::new();
        };
        let Some(entry) = self.docs.get_mut(&id).filter(|d| d.refused.is_none()) else {
            return Vec::new();
        };
        let Some(message) = entry.doc.generate_sync_message(&mut entry.sync) else {
            return Vec::new();
        };
        let data = message.encode();
        let frame = if entry.phase == DocPhase::Ready {
            Message::Sync { sender_id: self.peer_id.clone(), target_id: relay, document_id: id, data }
        } else {
            Message::Request { sender_id: self.peer_id.clone(), target_id: relay, document_id: id, data }
        };
        vec![Effect::Send(frame.encode())]
    }

    fn persist(&mut self, id: DocumentId) -> Vec<Effect> {
        let Some(entry) = self.docs.get_mut(&id) else {
            return Vec::new();
        };
        let heads = entry.doc.get_heads();
        if heads == entry.saved_heads {
            return Vec::new();
        }
        let snapshot = entry.saved_heads.is_empty() || entry.chunks_since_snapshot >= CHUNKS_BEFORE_SNAPSHOT;
        let chunk = if snapshot { entry.doc.save() } else { entry.doc.save_after(&entry.saved_heads) };
        entry.chunks_since_snapshot = if snapshot { 0 } else { entry.chunks_since_snapshot + 1 };
        entry.saved_heads = heads;
        vec![Effect::Persist { document: id, chunk, snapshot }]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    Wire(String),
    Sync(String),
    Protocol(String),
    /// The relay refused a change of this document, for this reason; see [`SyncClient::refused`].
    Refused(DocumentId, String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Wire(e) => write!(f, "malformed frame: {e}"),
            ClientError::Sync(e) => write!(f, "sync failed: {e}"),
            ClientError::Protocol(e) => write!(f, "protocol error: {e}"),
            ClientError::Refused(id, reason) => write!(f, "change of {id} refused: {reason}"),
        }
    }
}

impl std::error::Error for ClientError {}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::ROOT;

    const REASON: &str = "Modifica rifiutata: dichiarazione troppo lunga";

    fn doc(n: u8) -> DocumentId {
        DocumentId::from_random([n; 16])
    }

    fn client_with(docs: &[DocumentId]) -> SyncClient {
        let mut client = SyncClient::new("device".into(), ActorId::from(&[1u8; 16][..]));
        for id in docs {
            client.create(*id, 0, |tx| {
                tx.put(ROOT, "text", "testo").unwrap();
            });
        }
        client
    }

    fn peer_frame() -> Vec<u8> {
        Message::Peer {
            sender_id: "relay".into(),
            target_id: "device".into(),
            selected_protocol_version: PROTOCOL_VERSION.into(),
            peer_metadata: None,
        }
        .encode()
    }

    /// A new connection: the documents the client offers the relay.
    fn reconnect(client: &mut SyncClient) -> Vec<DocumentId> {
        client.disconnected();
        client.connected();
        let effects = client.receive(&peer_frame()).unwrap();
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Send(bytes) => Message::decode(&bytes).unwrap().document_id(),
                _ => None,
            })
            .collect()
    }

    fn refuse(client: &mut SyncClient, id: DocumentId) {
        let error = Message::Error { message: REASON.into(), document_id: Some(id) };
        assert_eq!(client.receive(&error.encode()), Err(ClientError::Refused(id, REASON.into())));
    }

    #[test]
    fn a_refused_document_is_not_offered_again_on_later_connections_but_others_are() {
        let (refused, other) = (doc(1), doc(2));
        let mut client = client_with(&[refused, other]);
        assert_eq!(reconnect(&mut client), vec![refused, other]);
        refuse(&mut client, refused);
        assert_eq!(client.refused(), vec![(refused, REASON.to_owned())]);
        for _ in 0..3 {
            assert_eq!(reconnect(&mut client), vec![other]);
        }
        // Nothing is lost: the change stays on the device, still counted as not on the relay.
        assert_eq!(client.pending_changes(&refused), 1);
        assert!(!client.forget_delivered(&refused));
    }

    fn unavailable_frame(id: DocumentId) -> Vec<u8> {
        Message::DocUnavailable { sender_id: "relay".into(), target_id: "device".into(), document_id: id }.encode()
    }

    /// The documents `effects` ask the relay for.
    fn requested(effects: &[Effect]) -> Vec<DocumentId> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Send(bytes) => match Message::decode(bytes).unwrap() {
                    Message::Request { document_id, .. } => Some(document_id),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_document_the_relay_did_not_have_is_asked_for_again_when_opened_again() {
        let (missing, held) = (doc(1), doc(2));
        let mut client = client_with(&[held]);
        reconnect(&mut client);
        assert_eq!(requested(&client.open(missing)), vec![missing]);
        assert_eq!(client.receive(&unavailable_frame(missing)).unwrap(), vec![Effect::Unavailable(missing)]);
        assert_eq!(client.phase(&missing), Some(DocPhase::Unavailable));

        // A later refresh lists it again (a totem created it meanwhile): the relay is asked again.
        assert_eq!(requested(&client.open(missing)), vec![missing]);
        assert_eq!(client.phase(&missing), Some(DocPhase::Requesting));
        // Still on its way: opening it once more does not ask twice, nor does a held document.
        assert!(client.open(missing).is_empty());
        assert!(client.open(held).is_empty());
    }

    #[test]
    fn a_refused_document_is_not_synced_on_the_same_connection_either() {
        let id = doc(1);
        let mut client = client_with(&[id]);
        reconnect(&mut client);
        refuse(&mut client, id);
        assert!(client.sync_doc(id).is_empty());
    }

    #[test]
    fn a_new_local_edit_offers_the_refused_document_again() {
        let id = doc(1);
        let mut client = client_with(&[id]);
        reconnect(&mut client);
        refuse(&mut client, id);
        client.disconnected();
        client.change(id, 1, |tx| tx.put(ROOT, "text", "corto").unwrap()).unwrap();
        assert!(client.refused().is_empty());
        assert_eq!(reconnect(&mut client), vec![id]);
    }

    /// A restarted device: the same stored bytes loaded into a new client.
    fn restarted(client: &SyncClient, ids: &[DocumentId]) -> SyncClient {
        let mut fresh = SyncClient::new("device".into(), ActorId::from(&[1u8; 16][..]));
        for id in ids {
            fresh.load(*id, &client.doc(id).unwrap().save(), Vec::new()).unwrap();
        }
        fresh
    }

    #[test]
    fn a_kept_refusal_is_not_offered_again_after_a_restart() {
        let (refused, other) = (doc(1), doc(2));
        let mut client = client_with(&[refused, other]);
        reconnect(&mut client);
        refuse(&mut client, refused);
        let kept = client.refusal(&refused).unwrap();
        assert_eq!(kept.reason, REASON);

        let mut fresh = restarted(&client, &[refused, other]);
        assert!(fresh.restore_refusal(&refused, kept.clone()));
        assert_eq!(fresh.refused(), vec![(refused, REASON.to_owned())]);
        assert_eq!(reconnect(&mut fresh), vec![other]);
        assert_eq!(fresh.pending_changes(&refused), 1, "still the device's, not lost");

        // Edited before the restart: other content, so it is offered again.
        client.change(refused, 1, |tx| tx.put(ROOT, "text", "corto").unwrap()).unwrap();
        let mut edited = restarted(&client, &[refused]);
        assert!(!edited.restore_refusal(&refused, kept));
        assert_eq!(reconnect(&mut edited), vec![refused]);
    }

    #[test]
    fn only_a_refused_document_is_forgotten_with_its_pending_changes() {
        let (refused, other) = (doc(1), doc(2));
        let mut client = client_with(&[refused, other]);
        reconnect(&mut client);
        assert!(!client.forget_refused(&refused), "not refused yet: pending changes stay");
        refuse(&mut client, refused);
        assert!(!client.forget_refused(&other));
        assert!(client.forget_refused(&refused));
        assert!(client.doc(&refused).is_none());
        assert!(client.refused().is_empty());
        assert_eq!(client.total_pending_changes(), 1);
    }

    #[test]
    fn an_error_naming_no_document_refuses_nothing() {
        let id = doc(1);
        let mut client = client_with(&[id]);
        reconnect(&mut client);
        let error = Message::Error { message: "unsupported".into(), document_id: None };
        assert!(matches!(client.receive(&error.encode()), Err(ClientError::Protocol(_))));
        assert!(client.refused().is_empty());
        assert_eq!(reconnect(&mut client), vec![id]);
    }
}

#[cfg(test)]
mod patch_tests {
    use super::*;
    use crate::docs::index::{self, IndexEntry, IndexView};
    use automerge::transaction::Transactable;

    const RELAY: &str = "relay";

    fn peer_frame() -> Vec<u8> {
        Message::Peer {
            sender_id: RELAY.into(),
            target_id: "device".into(),
            selected_protocol_version: PROTOCOL_VERSION.into(),
            peer_metadata: None,
        }
        .encode()
    }

    /// Runs the sync protocol between the client and a relay-side document until both are quiet.
    fn exchange(
        client: &mut SyncClient,
        id: DocumentId,
        relay: &mut Automerge,
        state: &mut sync::State,
        first: Vec<Effect>,
    ) {
        let mut outgoing = first;
        for _ in 0..50 {
            for effect in std::mem::take(&mut outgoing) {
                if let Effect::Send(bytes) = effect {
                    if let Ok(Message::Sync { data, .. } | Message::Request { data, .. }) = Message::decode(&bytes) {
                        relay.receive_sync_message(state, sync::Message::decode(&data).unwrap()).unwrap();
                    }
                }
            }
            let Some(message) = relay.generate_sync_message(state) else { return };
            let frame = Message::Sync {
                sender_id: RELAY.into(),
                target_id: "device".into(),
                document_id: id,
                data: message.encode(),
            };
            outgoing = client.receive(&frame.encode()).unwrap();
        }
        panic!("the sync did not settle");
    }

    fn sorted_lines(view: &IndexView) -> Vec<String> {
        let mut lines: Vec<String> = view.entries.iter().map(IndexEntry::encode).collect();
        lines.sort();
        lines
    }

    #[test]
    fn a_watched_index_follows_remote_and_local_changes_by_their_patches_alone() {
        let id = DocumentId::from_random([9; 16]);
        let people = crate::demo::index_entries("bari", 200, 5, chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        let mut relay = Automerge::new();
        let mut tx = relay.transaction();
        index::init(&mut tx, "bari").unwrap();
        people.iter().for_each(|e| index::put_entry(&mut tx, e).unwrap());
        tx.commit();
        let mut state = sync::State::new();

        let mut client = SyncClient::new("device".into(), ActorId::from(&[1u8; 16][..]));
        client.connected();
        let mut first = client.receive(&peer_frame()).unwrap();
        first.extend(client.open(id));
        exchange(&mut client, id, &mut relay, &mut state, first);
        assert!(client.take_patches(&id).is_none(), "not watched yet");
        let mut view = IndexView::load(client.doc(&id).unwrap());
        assert_eq!(view.entries.len(), 200);
        assert!(client.watch_patches(&id));

        // Another desk renames one person and drops another; it reaches the device by sync.
        let mut tx = relay.transaction();
        let mut renamed = people[17].clone();
        renamed.surname = "Zzyzx".into();
        index::put_entry(&mut tx, &renamed).unwrap();
        let entries = automerge::ReadDoc::get(&tx, automerge::ROOT, "entries").unwrap().unwrap().1;
        tx.delete(&entries, &people[4].dossier).unwrap();
        tx.commit();
        let announce = relay.generate_sync_message(&mut state).map(|m| {
            let frame = Message::Sync {
                sender_id: RELAY.into(),
                target_id: "device".into(),
                document_id: id,
                data: m.encode(),
            };
            client.receive(&frame.encode()).unwrap()
        });
        exchange(&mut client, id, &mut relay, &mut state, announce.unwrap_or_default());
        let patches = client.take_patches(&id).unwrap();
        assert_eq!(view.apply(client.doc(&id).unwrap(), patches), Some(2));
        assert_eq!(view.get(&people[17].dossier).unwrap().surname, "Zzyzx");
        assert!(view.get(&people[4].dossier).is_none());
        assert_eq!(sorted_lines(&view), sorted_lines(&IndexView::load(client.doc(&id).unwrap())));

        // A local edit is recorded too; asking again without a change gives nothing.
        let added = IndexEntry { dossier: "nuovo".into(), ..people[0].clone() };
        client.change(id, 1, |tx| index::put_entry(tx, &added).unwrap()).unwrap();
        let patches = client.take_patches(&id).unwrap();
        assert_eq!(view.apply(client.doc(&id).unwrap(), patches), Some(1));
        assert!(view.get("nuovo").is_some());
        assert_eq!(sorted_lines(&view), sorted_lines(&IndexView::load(client.doc(&id).unwrap())));
        assert_eq!(client.take_patches(&id).unwrap().len(), 0);
    }
}
