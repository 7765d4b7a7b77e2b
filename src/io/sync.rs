//! The browser's sync engine: the sans-IO `SyncClient` of `sportello_core`, driven by a
//! WebSocket to the relay and persisted in IndexedDB. Pages see it through `SyncHandle`:
//! an honest status (online, changes the relay doesn't have yet, last sync) and typed reads
//! and writes of documents.

use super::local_store::{LocalStore, StorageError};
use automerge::transaction::Transaction;
use automerge::{ActorId, ChangeHash};
use futures::channel::{mpsc, oneshot};
use futures::StreamExt;
use leptos::prelude::*;
use sportello_core::sync::client::{ClientError, Effect, Refusal, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

/// Why [`SyncHandle::update`] could not edit a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The document is not on this device (not downloaded yet, or not followed).
    Missing,
    /// Its content is not what this version of the app expects.
    Unreadable,
    /// Writing the edited value into the document failed.
    Write(String),
}

impl EditError {
    pub fn message_it(&self) -> String {
        match self {
            EditError::Missing => {
                "Modifica non salvata: il documento non è su questo dispositivo. Riprova quando torna la connessione."
                    .into()
            }
            EditError::Unreadable => {
                "Modifica non salvata: il documento non si legge con questa versione dell'app. Ricarica la pagina."
                    .into()
            }
            EditError::Write(detail) => format!("Modifica non salvata: {detail}."),
        }
    }
}

/// What the sync indicator shows. `pending` counts local changes the relay has not
/// confirmed; only when it is 0 may the screen say that everything is saved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncStatus {
    pub online: bool,
    pub pending: usize,
    /// When the relay last confirmed we hold the same as it (ms since the epoch).
    pub last_sync_ms: Option<f64>,
    /// Set when this device could not store something locally.
    pub storage_error: Option<String>,
    /// False until the documents stored on this device are loaded.
    pub loaded: bool,
    /// The relay refuses our credentials (session expired, device revoked).
    pub credentials_rejected: bool,
    /// The relay's reasons for refusing changes of documents on this device. Those changes
    /// stay here, counted in `pending`, and are not re-sent until the document is edited.
    pub refused: Vec<String>,
}

#[derive(Clone, Copy)]
pub struct SyncHandle {
    pub status: RwSignal<SyncStatus>,
    /// Bumped whenever any document changes; reads subscribe to it.
    revision: RwSignal<u64>,
}

enum PersistJob {
    Append {
        id: DocumentId,
        chunk: Vec<u8>,
        snapshot: bool,
    },
    RelayHeads {
        id: DocumentId,
        heads: Vec<ChangeHash>,
    },
    /// The relay refused this content: kept so a restart does not offer it again.
    Refusal {
        id: DocumentId,
        refusal: Refusal,
    },
    /// Queued behind the document's earlier writes, so none of them brings it back; `done`
    /// hears once it is gone (before a reload that must not find it).
    Delete {
        id: DocumentId,
        done: Option<oneshot::Sender<()>>,
    },
}

struct Engine {
    client: SyncClient,
    token: String,
    socket: Option<WebSocket>,
    attempt: u32,
    persist: mpsc::UnboundedSender<PersistJob>,
    handle: SyncHandle,
    /// Owns the handle's signals: they live as long as the engine, not as long as the
    /// screen that started it, and are disposed when it stops.
    _owner: Owner,
    stopped: bool,
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the browser provides crypto.getRandomValues");
    bytes
}

/// The sync WebSocket URL of the relay this page came from, with a one-time ticket: the
/// token never goes into a URL.
fn relay_ws_url(ticket: &str) -> String {
    let location = web_sys::window().expect("a window").location();
    let scheme = if location.protocol().unwrap_or_default() == "https:" { "wss" } else { "ws" };
    let host = location.host().unwrap_or_default();
    format!("{scheme}://{host}/sync?ticket={ticket}")
}

/// Starts syncing (once per page) with the documents to follow, authenticated by `token`.
/// Later calls with the same token return the running engine's handle.
pub fn start(token: &str, follow: Vec<DocumentId>) -> SyncHandle {
    if let Some(handle) =
        ENGINE.with(|e| e.borrow().as_ref().filter(|e| e.token == token && !e.stopped).map(|e| e.handle))
    {
        for id in follow {
            open(id);
        }
        return handle;
    }
    stop();
    // `new_root` makes itself the current owner: give the caller's back afterwards.
    let caller = Owner::current();
    let owner = Owner::new_root(None);
    let status = SyncStatus { last_sync_ms: super::settings::last_sync_ms(), ..SyncStatus::default() };
    let handle = SyncHandle { status: RwSignal::new(status), revision: RwSignal::new(0) };
    match caller {
        Some(caller) => caller.set(),
        None => owner.clone().unset(),
    }
    let (persist_tx, persist_rx) = mpsc::unbounded();
    let peer = PeerId(format!("sportello-{}", super::hex(&random_bytes::<8>())));
    let client = SyncClient::new(peer, ActorId::from(random_bytes::<16>().as_slice()));
    ENGINE.with(|e| {
        *e.borrow_mut() = Some(Engine {
            client,
            token: token.to_owned(),
            socket: None,
            attempt: 0,
            persist: persist_tx,
            handle,
            _owner: owner,
            stopped: false,
        })
    });
    super::local_store::request_persistent_storage();
    wasm_bindgen_futures::spawn_local(async move {
        let store = match LocalStore::open().await {
            Ok(store) => Some(Rc::new(store)),
            Err(err) => {
                handle.note(|s| s.storage_error = Some(err.message_it()));
                None
            }
        };
        if let Some(store) = &store {
            match store.load_all().await {
                Ok(docs) => {
                    with_engine(|e| {
                        for doc in docs.into_iter().filter(|d| !d.bytes.is_empty()) {
                            if let Err(err) = e.client.load(doc.id, &doc.bytes, doc.relay_heads) {
                                web_sys::console::warn_1(
                                    &format!("skipping unreadable local document {}: {err}", doc.id).into(),
                                );
                            } else if let Some(refusal) = doc.refusal {
                                // Still what the relay refused: not offered again.
                                e.client.restore_refusal(&doc.id, refusal);
                            }
                        }
                    });
                }
                Err(err) => handle.note(|s| s.storage_error = Some(err.message_it())),
            }
        }
        for id in follow {
            open(id);
        }
        handle.bump();
        refresh_status();
        handle.note(|s| s.loaded = true);
        connect();
        persist_loop(store, persist_rx, handle).await;
    });
    handle
}

/// Stops syncing and removes every document from this device (logout). Changes the relay
/// does not have are lost: callers ask the person first.
pub async fn stop_and_wipe() {
    stop();
    super::settings::forget_last_sync();
    if let Ok(store) = LocalStore::open().await {
        if let Err(err) = store.clear().await {
            web_sys::console::error_1(&format!("could not wipe local documents: {err:?}").into());
        }
    }
}

/// The running engine's credentials were renewed: its next connection asks for its ticket
/// with `token` (the socket open now stays).
pub fn set_token(token: &str) {
    with_engine(|e| e.token = token.to_owned());
}

/// Stops syncing and forgets the engine.
pub fn stop() {
    let old = ENGINE.with(|e| e.borrow_mut().take());
    if let Some(mut engine) = old {
        engine.stopped = true;
        if let Some(socket) = engine.socket.take() {
            let _ = socket.close();
        }
    }
}

fn with_engine<R>(f: impl FnOnce(&mut Engine) -> R) -> Option<R> {
    ENGINE.with(|e| e.borrow_mut().as_mut().map(f))
}

async fn persist_loop(
    store: Option<Rc<LocalStore>>,
    mut jobs: mpsc::UnboundedReceiver<PersistJob>,
    handle: SyncHandle,
) {
    while let Some(job) = jobs.next().await {
        let Some(store) = &store else { continue };
        let result = match job {
            PersistJob::Append { id, chunk, snapshot } => store.append(id, &chunk, snapshot).await,
            PersistJob::RelayHeads { id, heads } => store.set_relay_heads(id, &heads).await,
            PersistJob::Refusal { id, refusal } => store.set_refusal(id, &refusal).await,
            PersistJob::Delete { id, done } => {
                let deleted = store.delete(id).await;
                if let Some(done) = done {
                    let _ = done.send(());
                }
                deleted
            }
        };
        let message = result.err().map(|e: StorageError| e.message_it());
        if handle.status.try_with_untracked(|s| s.storage_error != message) == Some(true) {
            handle.note(|s| s.storage_error = message);
        }
    }
}

/// Asks for a one-time ticket, then opens the socket with it. A refused token is the relay's
/// final word (session ended, device revoked); no answer is the offline path: retry later.
fn connect() {
    let Some((token, handle)) = with_engine(|e| (!e.stopped).then(|| (e.token.clone(), e.handle))).flatten() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        match super::api::sync_ticket(&token).await {
            Ok(ticket) => {
                // Stopped, or restarted with other credentials, while the ticket was on its way.
                if with_engine(|e| !e.stopped && e.token == token) == Some(true) {
                    open_socket(&relay_ws_url(&ticket.ticket));
                }
            }
            Err(check) => {
                if check == super::api::TokenCheck::Rejected {
                    handle.note(|s| s.credentials_rejected = true);
                }
                schedule_reconnect();
            }
        }
    });
}

fn open_socket(url: &str) {
    let socket = match WebSocket::new(url) {
        Ok(s) => s,
        Err(_) => return schedule_reconnect(),
    };
    socket.set_binary_type(BinaryType::Arraybuffer);

    let on_open = Closure::<dyn FnMut()>::new(move || {
        let effects = with_engine(|e| e.client.connected()).unwrap_or_default();
        apply(effects);
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() else {
            return;
        };
        let frame = js_sys::Uint8Array::new(&buffer).to_vec();
        let result = with_engine(|e| {
            let result = e.client.receive(&frame);
            // An error frame (a refusal) is no sign of a healthy connection: no backoff reset.
            if result.is_ok() {
                e.attempt = 0;
            }
            result
        });
        if let Some(handle) = with_engine(|e| e.handle) {
            if handle.status.try_with_untracked(|s| s.credentials_rejected) == Some(true) {
                handle.note(|s| s.credentials_rejected = false);
            }
        }
        match result {
            Some(Ok(effects)) => {
                apply(effects);
                note_contact();
            }
            Some(Err(err)) => {
                web_sys::console::warn_1(&format!("sync: {err}").into());
                // A refusal marks a document (the badge says so), kept for after a restart.
                if let ClientError::Refused(id, _) = err {
                    with_engine(|e| {
                        if let Some(refusal) = e.client.refusal(&id) {
                            let _ = e.persist.unbounded_send(PersistJob::Refusal { id, refusal });
                        }
                    });
                }
                refresh_status();
            }
            None => {}
        }
    });
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_event: CloseEvent| {
        with_engine(|e| {
            e.client.disconnected();
            e.socket = None;
        });
        refresh_status();
        schedule_reconnect();
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    // The socket owns its handlers for its whole life; they are dropped with the page.
    on_open.forget();
    on_message.forget();
    on_close.forget();
    with_engine(|e| e.socket = Some(socket));
}

fn schedule_reconnect() {
    let Some(delay) = with_engine(|e| {
        if e.stopped {
            return None;
        }
        e.attempt = (e.attempt + 1).min(4);
        // 0.5 s doubling up to 4 s, with jitter so totems don't reconnect in lockstep.
        let base = 250u32 << e.attempt;
        Some(base + u32::from(random_bytes::<1>()[0]) * 2)
    })
    .flatten() else {
        return;
    };
    gloo_timers::callback::Timeout::new(delay, connect).forget();
}

/// The relay just answered: if nothing is pending, this is a successful sync.
fn note_contact() {
    let Some((handle, pending)) = with_engine(|e| (e.handle, e.client.total_pending_changes())) else {
        return;
    };
    if pending == 0 {
        let now = now_ms();
        super::settings::set_last_sync_ms(now);
        handle.note(|s| s.last_sync_ms = Some(now));
    }
}

fn refresh_status() {
    let Some((handle, online, pending, refused)) = with_engine(|e| {
        let refused: Vec<String> = e.client.refused().into_iter().map(|(_, reason)| reason).collect();
        (e.handle, e.client.is_connected() && e.socket.is_some(), e.client.total_pending_changes(), refused)
    }) else {
        return;
    };
    handle.note(|s| {
        s.online = online;
        s.pending = pending;
        s.refused = refused;
    });
}

/// Carries out what the client asked for, then updates the signals (outside the borrow).
fn apply(effects: Vec<Effect>) {
    let mut changed = false;
    let handle = with_engine(|e| {
        for effect in effects {
            match effect {
                Effect::Send(bytes) => {
                    if let Some(socket) = &e.socket {
                        let _ = socket.send_with_u8_array(&bytes);
                    }
                }
                Effect::Changed(_) | Effect::Unavailable(_) => changed = true,
                Effect::Persist { document, chunk, snapshot } => {
                    let _ = e.persist.unbounded_send(PersistJob::Append { id: document, chunk, snapshot });
                }
                Effect::RelayHeads { document, heads } => {
                    let _ = e.persist.unbounded_send(PersistJob::RelayHeads { id: document, heads });
                }
            }
        }
        e.handle
    });
    refresh_status();
    if let (Some(handle), true) = (handle, changed) {
        handle.bump();
    }
}

/// Creates a new document on this device holding `value`; it reaches the relay when online.
pub fn create<T: autosurgeon::Reconcile>(id: DocumentId, value: &T) {
    let time = (now_ms() / 1000.0) as i64;
    let effects = with_engine(|e| {
        e.client.create(id, time, |tx| {
            if let Err(err) = sportello_core::docs::write(tx, value) {
                web_sys::console::error_1(&format!("cannot write new document: {err}").into());
            }
        })
    })
    .unwrap_or_default();
    apply(effects);
}

/// Drops a document from this device (memory and IndexedDB) once the relay holds all of it.
/// Returns whether it is gone; `false` while changes are pending or before local documents
/// are loaded.
pub fn forget_delivered(id: DocumentId) -> bool {
    with_engine(|e| {
        if e.handle.status.try_with_untracked(|s| s.loaded) != Some(true) || !e.client.forget_delivered(&id) {
            return false;
        }
        let _ = e.persist.unbounded_send(PersistJob::Delete { id, done: None });
        true
    })
    .unwrap_or(false)
}

/// The records (dossiers and companies) this device holds.
pub fn held_records() -> Vec<DocumentId> {
    with_engine(|e| {
        e.client
            .documents()
            .filter(|id| {
                e.client.doc(id).is_some_and(|doc| {
                    sportello_core::employers::is_audited_kind(sportello_core::docs::root_kind(doc).as_deref())
                })
            })
            .copied()
            .collect()
    })
    .unwrap_or_default()
}

/// Drops a document the relay refused from this device, memory and IndexedDB, with the
/// changes it never took; resolves once IndexedDB no longer holds it. Returns whether it was
/// refused (and so dropped).
pub async fn forget_refused(id: DocumentId) -> bool {
    let deleted = with_engine(|e| {
        if !e.client.forget_refused(&id) {
            return None;
        }
        let (done, deleted) = oneshot::channel();
        let _ = e.persist.unbounded_send(PersistJob::Delete { id, done: Some(done) });
        Some(deleted)
    })
    .flatten();
    let Some(deleted) = deleted else { return false };
    refresh_status();
    // No store (IndexedDB unavailable): the job is skipped and the sender dropped.
    let _ = deleted.await;
    true
}

/// A fresh random document id.
pub fn new_document_id() -> DocumentId {
    DocumentId::from_random(random_bytes::<16>())
}

/// Follows a document (asks the relay for it if this device doesn't have it).
pub fn open(id: DocumentId) {
    let effects = with_engine(|e| e.client.open(id)).unwrap_or_default();
    apply(effects);
}

impl SyncHandle {
    /// Updates the status from an IO callback. Socket and storage callbacks can run after
    /// logout has stopped the engine and disposed its signals; then there is no one to tell.
    fn note(&self, change: impl FnOnce(&mut SyncStatus)) {
        let _ = self.status.try_update(change);
    }

    /// Tells readers that some document changed.
    fn bump(&self) {
        let _ = self.revision.try_update(|r| *r += 1);
    }

    /// Reads a typed document, re-running when any document changes.
    pub fn read<T: autosurgeon::Hydrate>(&self, id: DocumentId) -> Option<T> {
        self.revision.track();
        ENGINE.with(|e| {
            e.borrow().as_ref().and_then(|e| e.client.doc(&id)).and_then(|doc| sportello_core::docs::read(doc).ok())
        })
    }

    /// Whether the relay said it has no such document for us.
    pub fn unavailable(&self, id: DocumentId) -> bool {
        self.revision.track();
        ENGINE.with(|e| {
            e.borrow().as_ref().and_then(|e| e.client.phase(&id))
                == Some(sportello_core::sync::client::DocPhase::Unavailable)
        })
    }

    /// Applies a local edit; it is stored on the device and sent to the relay when online.
    pub fn change(&self, id: DocumentId, edit: impl FnOnce(&mut Transaction<'_>)) {
        self.change_with_message(id, None, edit);
    }

    /// Applies a local edit with a message for the document's history. Returns the edit's
    /// result, or `None` if the document is not on this device.
    pub fn change_with_message<R>(
        &self,
        id: DocumentId,
        message: Option<&str>,
        edit: impl FnOnce(&mut Transaction<'_>) -> R,
    ) -> Option<R> {
        let time = (now_ms() / 1000.0) as i64;
        let (result, effects) = with_engine(|e| e.client.change_with_message(id, time, message, edit)).flatten()?;
        apply(effects);
        Some(result)
    }

    /// The one read-modify-write of a typed document: reads it as `T`, lets `f` edit it,
    /// writes back the smallest set of operations as one change with `message` in the
    /// history, and returns what `f` returned. Nothing is committed when `f` leaves the value
    /// as it was (a refused rule changes nothing).
    pub fn update<T, R>(&self, id: DocumentId, message: &str, f: impl FnOnce(&mut T) -> R) -> Result<R, EditError>
    where
        T: autosurgeon::Hydrate + autosurgeon::Reconcile,
    {
        self.change_with_message(id, Some(message), |tx| {
            let mut value: T = sportello_core::docs::read(tx).map_err(|_| EditError::Unreadable)?;
            let result = f(&mut value);
            sportello_core::docs::write(tx, &value).map_err(|e| EditError::Write(e.to_string()))?;
            Ok(result)
        })
        .unwrap_or(Err(EditError::Missing))
    }

    /// Runs `f` on a document's current content, re-running when any document changes.
    pub fn with_doc<R>(&self, id: DocumentId, f: impl FnOnce(&automerge::Automerge) -> R) -> Option<R> {
        self.revision.track();
        ENGINE.with(|e| e.borrow().as_ref().and_then(|e| e.client.doc(&id)).map(f))
    }

    /// Whether the relay refused this document's change (see `SyncStatus::refused`).
    pub fn is_refused(&self, id: DocumentId) -> bool {
        self.status.track();
        ENGINE.with(|e| e.borrow().as_ref().is_some_and(|e| e.client.refusal(&id).is_some()))
    }

    /// Local changes of one document that the relay does not have yet.
    pub fn pending(&self, id: DocumentId) -> usize {
        self.revision.track();
        self.status.track();
        ENGINE.with(|e| e.borrow().as_ref().map_or(0, |e| e.client.pending_changes(&id)))
    }

    /// This device's actor id in hex: how the history tells its changes apart.
    pub fn actor_hex(&self) -> String {
        ENGINE.with(|e| e.borrow().as_ref().map(|e| e.client.actor().to_hex_string()).unwrap_or_default())
    }
}

/// A parsed view of one document kept in memory and brought up to date with only what
/// changed (the dossier index, the company index): `load` reads it whole, `apply` follows the
/// patches the sync client recorded as the document's changes were applied.
pub trait CachedView: Sized + 'static {
    fn load(doc: &automerge::Automerge) -> Self;
    fn apply(&mut self, doc: &automerge::Automerge, patches: Vec<automerge::Patch>);
}

/// Runs `f` on `cell`'s view of document `id`, loading it (or reloading it for another
/// document) first and then following the document's recorded patches. Reactive like
/// [`SyncHandle::with_doc`]; `None` while the document is not on this device. One view per
/// document: a second would take the first one's patches.
pub fn with_cached_view<V: CachedView, R>(
    cell: &'static std::thread::LocalKey<RefCell<Option<(DocumentId, V)>>>,
    handle: SyncHandle,
    id: DocumentId,
    f: impl FnOnce(&V) -> R,
) -> Option<R> {
    handle.revision.track();
    // Bring the view up to date under the engine's borrow; `f` runs after, outside it.
    with_engine(|e| {
        let patches = e.client.take_patches(&id);
        let doc = e.client.doc(&id)?;
        let loaded = cell.with(|cell| {
            let mut cell = cell.borrow_mut();
            match (cell.as_mut(), patches) {
                (Some((cached, view)), Some(patches)) if *cached == id => {
                    view.apply(doc, patches);
                    false
                }
                _ => {
                    *cell = Some((id, V::load(doc)));
                    true
                }
            }
        });
        if loaded {
            e.client.watch_patches(&id);
        }
        Some(())
    })
    .flatten()?;
    cell.with(|cell| cell.borrow().as_ref().filter(|(cached, _)| *cached == id).map(|(_, view)| f(view)))
}
