//! One sync hub per CPI, each behind its own lock, with its own storage thread.
//!
//! Every principal and every access class names exactly one CPI (`sportello_core::access`),
//! so a connection goes to the hub of its principal's CPI and a document lives in the hub of
//! its class's CPI; a hub never holds another CPI's document (`hub::load` hands it over as
//! foreign, and it is refused). One CPI's large document or slow write therefore never waits
//! on, or holds up, another CPI.
//!
//! A hub's lock is held only for the hub's own (pure) work: no IO ever happens under it. The
//! IO runs on the CPI's storage thread, which takes jobs in the order they were queued, and
//! they are queued with the hub's lock held, so they run in hub order:
//! - a batch of the hub's output: its writes ([`Out::Store`]), in order, then — only if they
//!   all succeeded — its audit entries and frames ([`Deliver`]). The batches that queued up
//!   while the thread was writing are stored together in one transaction (group commit: one
//!   sync to disk for many changes, still before any of them is acknowledged). A failed write drops the
//!   document from the hub and closes, with a reason, every connection that had it open or was
//!   about to be told of it; later batches of that document are dropped likewise until it is
//!   loaded again. So "stored before acknowledged" holds.
//! - a load or another read of the store, whose answer the caller waits for without any
//!   lock; being queued behind the CPI's writes, it never reads a document staler than the
//!   hub's last write of it.
//!
//! Every method here blocks (it waits for the storage thread): call it from a blocking
//! thread (`crate::http::blocking`, `tokio::task::spawn_blocking`), never on the async
//! runtime.

use crate::hub::{self, ConnId, Hub, Out};
use crate::store::{DocStore, StoreError};
use automerge::Automerge;
use sportello_core::access::{AccessClass, Principal};
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::TotemCode;
use sportello_core::sync::ids::DocumentId;
use sportello_core::sync::wire::Message;
use std::collections::{HashMap, HashSet};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};

/// Where a CPI's storage thread sends what the hub produced once its writes are stored: audit
/// entries (written first) and frames and closes for connections.
pub trait Deliver: Send + Sync {
    fn deliver(&self, outs: Vec<Out>);
}

/// Every CPI's hub, created on first use.
pub struct Hubs {
    store: Arc<dyn DocStore>,
    storage_id: String,
    deliver: Arc<dyn Deliver>,
    hubs: Mutex<HashMap<String, Arc<CpiHub>>>,
}

impl Hubs {
    pub fn new(store: Arc<dyn DocStore>, storage_id: String, deliver: Arc<dyn Deliver>) -> Self {
        Hubs { store, storage_id, deliver, hubs: Mutex::new(HashMap::new()) }
    }

    /// The hub of `cpi` (the registry's lock is held only to find or create it).
    pub fn of(&self, cpi: &str) -> Arc<CpiHub> {
        let mut hubs = self.hubs.lock().unwrap_or_else(|p| p.into_inner());
        hubs.entry(cpi.to_owned())
            .or_insert_with(|| {
                Arc::new(CpiHub::start(cpi, self.storage_id.clone(), self.store.clone(), self.deliver.clone()))
            })
            .clone()
    }

    /// The hub a principal's connections and requests go to.
    pub fn of_principal(&self, principal: &Principal) -> Arc<CpiHub> {
        self.of(principal.cpi())
    }

    /// The hub of the CPI a stored document's class names (`None`: the store does not know
    /// it). Reads the store: blocking.
    pub fn of_document(&self, id: &DocumentId) -> Result<Option<Arc<CpiHub>>, StoreError> {
        Ok(self.store.class(id)?.map(|class| self.of(class.cpi())))
    }

    /// Drops documents idle for `idle_ms` in every hub, one hub locked at a time.
    pub fn evict_idle(&self, now_ms: u64, idle_ms: u64) -> usize {
        let hubs: Vec<Arc<CpiHub>> = self.hubs.lock().unwrap_or_else(|p| p.into_inner()).values().cloned().collect();
        hubs.iter().map(|h| h.lock().evict_idle(now_ms, idle_ms)).sum()
    }
}

type StoreJob = Box<dyn FnOnce(&dyn DocStore) + Send>;

enum Job {
    /// The hub's output for one document (or none): writes first, then the rest.
    Batch { doc: Option<DocumentId>, outs: Vec<Out>, done: Option<mpsc::SyncSender<Result<(), StoreError>>> },
    /// Loading `doc` again: what is read now includes every write queued before.
    Load { doc: DocumentId, job: StoreJob },
    /// Any other read of the store, in order with the writes.
    Read(StoreJob),
}

/// One CPI's hub and its storage thread.
pub struct CpiHub {
    cpi: String,
    hub: Arc<Mutex<Hub>>,
    jobs: mpsc::Sender<Job>,
    /// Held while creating the CPI's well-known documents, so two requests never create the
    /// same one twice (it is not the hub's lock: the creation does IO).
    creating: Mutex<()>,
    /// Blocking threads that may feed the hub frames at once. The hub takes one frame at a
    /// time anyway; without a bound, 200 sockets answering one edit park 200 threads on its
    /// lock. A few, so a frame waiting for its document to load does not stall the rest.
    frame_slots: tokio::sync::Semaphore,
}

/// See [`CpiHub::frame_slots`].
pub const FRAME_SLOTS: usize = 4;

impl CpiHub {
    fn start(cpi: &str, storage_id: String, store: Arc<dyn DocStore>, deliver: Arc<dyn Deliver>) -> Self {
        let hub = Arc::new(Mutex::new(Hub::new(cpi, storage_id)));
        let (jobs, queue) = mpsc::channel();
        let worker = StorageThread { hub: hub.clone(), store, deliver, failed: HashSet::new() };
        std::thread::Builder::new()
            .name(format!("storage-{cpi}"))
            .spawn(move || worker.run(queue))
            .expect("the CPI's storage thread starts");
        CpiHub {
            cpi: cpi.to_owned(),
            hub,
            jobs,
            creating: Mutex::new(()),
            frame_slots: tokio::sync::Semaphore::new(FRAME_SLOTS),
        }
    }

    pub fn cpi(&self) -> &str {
        &self.cpi
    }

    /// Taken (asynchronously) by a socket before it hands a frame to a blocking thread for
    /// [`CpiHub::receive`], and held until that returns.
    pub fn frame_slots(&self) -> &tokio::sync::Semaphore {
        &self.frame_slots
    }

    /// The hub itself, for short, IO-free work (tests, counters).
    pub fn lock(&self) -> MutexGuard<'_, Hub> {
        self.hub.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Serialises the creation of the CPI's well-known documents.
    pub fn creating(&self) -> MutexGuard<'_, ()> {
        self.creating.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues the hub's output; call with the hub's guard so batches run in hub order.
    fn queue(&self, in_order: &MutexGuard<'_, Hub>, doc: Option<DocumentId>, outs: Vec<Out>) {
        self.queue_waiting(in_order, doc, outs, None);
    }

    fn queue_waiting(
        &self,
        _in_order: &MutexGuard<'_, Hub>,
        doc: Option<DocumentId>,
        outs: Vec<Out>,
        done: Option<mpsc::SyncSender<Result<(), StoreError>>>,
    ) {
        if outs.is_empty() && done.is_none() {
            return;
        }
        if self.jobs.send(Job::Batch { doc, outs, done }).is_err() {
            tracing::error!(cpi = %self.cpi, "the storage thread is gone");
        }
    }

    /// Queues the hub's output and waits until its writes are stored (or failed).
    fn commit(&self, hub: MutexGuard<'_, Hub>, doc: Option<DocumentId>, outs: Vec<Out>) -> Result<(), StoreError> {
        if outs.is_empty() {
            return Ok(());
        }
        let (done, stored) = mpsc::sync_channel(1);
        self.queue_waiting(&hub, doc, outs, Some(done));
        drop(hub);
        stored.recv().unwrap_or_else(|_| Err(gone()))
    }

    /// Runs `read` on the storage thread, after every write queued so far, and waits for it.
    fn on_storage<R: Send + 'static>(
        &self,
        read: impl FnOnce(&dyn DocStore) -> Result<R, StoreError> + Send + 'static,
        load_of: Option<DocumentId>,
    ) -> Result<R, StoreError> {
        let (reply, answer) = mpsc::sync_channel(1);
        let job: StoreJob = Box::new(move |store| {
            let _ = reply.send(read(store));
        });
        let job = match load_of {
            Some(doc) => Job::Load { doc, job },
            None => Job::Read(job),
        };
        self.jobs.send(job).map_err(|_| gone())?;
        answer.recv().unwrap_or_else(|_| Err(gone()))
    }

    /// The hub, locked, with `id` loaded or known to be absent or foreign. The store is read
    /// with the hub unlocked.
    fn loaded(&self, id: &DocumentId, now_ms: u64) -> Result<MutexGuard<'_, Hub>, StoreError> {
        loop {
            let hub = self.lock();
            if !hub.needs_load(id) {
                return Ok(hub);
            }
            drop(hub);
            let doc = *id;
            let stored = self.on_storage(move |store| hub::load(store, &doc), Some(*id))?;
            // Decoded here, with neither the hub locked nor the storage thread held.
            let loaded = stored.decode(&self.cpi, id)?;
            let mut hub = self.lock();
            let repair = hub.insert(*id, loaded, now_ms);
            self.queue(&hub, Some(*id), repair);
        }
    }

    pub fn connect(&self, conn: ConnId, principal: Principal, device: String, letter: Option<TotemCode>) {
        self.lock().connect(conn, principal, device, letter);
    }

    /// Forgets a connection (after [`CpiHub::flush`] if what was queued for it must still go
    /// out), and the documents only it had open ([`Hub::disconnect`]); returns how many.
    pub fn disconnect(&self, conn: ConnId) -> usize {
        self.lock().disconnect(conn)
    }

    /// Waits until everything queued so far has run (a closing connection's last frames).
    pub fn flush(&self) {
        let _ = self.on_storage(|_| Ok(()), None);
    }

    /// Feeds one frame from a connection. Its answers go out through [`Deliver`] once stored.
    /// Returns whether the hub closed the connection.
    pub fn receive(&self, conn: ConnId, frame: &[u8], now_ms: u64) -> bool {
        let message = match Message::decode(frame) {
            Ok(m) => m,
            Err(err) => {
                let hub = self.lock();
                self.queue(&hub, None, vec![Out::Close(conn, format!("malformed frame: {err}"))]);
                return true;
            }
        };
        let doc = message_document(&message);
        let mut hub = self.lock();
        if let Some(id) = hub.frame_needs_load(&message) {
            drop(hub);
            hub = match self.loaded(&id, now_ms) {
                Ok(hub) => hub,
                Err(err) => {
                    tracing::error!(%err, doc = %id, "cannot load document");
                    let hub = self.lock();
                    let refused = vec![hub.unavailable(conn, id)];
                    self.queue(&hub, Some(id), refused);
                    return false;
                }
            };
        }
        let outs = hub.receive_message(conn, message, now_ms);
        let closing = outs.iter().any(|o| matches!(o, Out::Close(c, _) if *c == conn));
        self.queue(&hub, doc, outs);
        closing
    }

    /// The access class of a document the relay knows.
    pub fn class(&self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError> {
        if let Some(known) = self.lock().class(id) {
            return Ok(known);
        }
        let doc = *id;
        self.on_storage(move |store| store.class(&doc), None)
    }

    /// The outboxes of the CPI's totems, oldest first.
    pub fn outboxes(&self) -> Result<Vec<DocumentId>, StoreError> {
        let cpi = self.cpi.clone();
        self.on_storage(move |store| store.outboxes(&cpi), None)
    }

    /// Reads a document of this CPI (`None` if it is unknown or another CPI's).
    pub fn read<R>(
        &self,
        id: &DocumentId,
        now_ms: u64,
        f: impl FnOnce(&Automerge) -> R,
    ) -> Result<Option<R>, StoreError> {
        Ok(self.loaded(id, now_ms)?.read(id, now_ms, f))
    }

    /// A citizen's dossier of this CPI: `None` unless `id` is one of its private documents
    /// and holds a dossier. Every relay path that reaches a dossier by id goes through here.
    pub fn dossier_of(
        &self,
        id: &DocumentId,
        now_ms: u64,
    ) -> Result<Option<sportello_core::docs::dossier::Dossier>, StoreError> {
        Ok(self.loaded(id, now_ms)?.dossier_of(id, now_ms))
    }

    /// A queue day of this CPI as the phone page reads it ([`Hub::queue_day`]).
    pub fn queue_day(&self, id: &DocumentId, now_ms: u64) -> Result<Option<Arc<QueueDay>>, StoreError> {
        Ok(self.loaded(id, now_ms)?.queue_day(id, now_ms))
    }

    /// Applies a change the relay makes itself; returns once it is stored (connected peers
    /// are told after that).
    pub fn change(
        &self,
        id: &DocumentId,
        now_ms: u64,
        message: &str,
        edit: impl FnOnce(&mut automerge::transaction::Transaction<'_>) -> Result<(), String>,
    ) -> Result<(), StoreError> {
        let mut hub = self.loaded(id, now_ms)?;
        let outs = hub.change(id, now_ms, message, edit)?;
        self.commit(hub, Some(*id), outs)
    }

    /// Creates a document of this CPI on the relay; returns once it is stored.
    pub fn create(&self, id: DocumentId, class: AccessClass, doc: Automerge, now_ms: u64) -> Result<(), StoreError> {
        let mut hub = self.lock();
        let outs = hub.create(id, class, doc, now_ms)?;
        self.commit(hub, Some(id), outs)
    }

    /// Stores many new documents of this CPI in one go without loading them (demo data).
    pub fn create_many(&self, docs: Vec<(DocumentId, AccessClass, Vec<u8>)>) -> Result<(), StoreError> {
        if docs.iter().any(|(_, class, _)| class.cpi() != self.cpi) {
            return Err(StoreError::Corrupt("a document of another CPI".into()));
        }
        let mut hub = self.lock();
        let outs = hub.create_many(docs);
        self.commit(hub, None, outs)
    }
}

fn gone() -> StoreError {
    StoreError::Backend("the CPI's storage thread stopped".into())
}

fn message_document(message: &Message) -> Option<DocumentId> {
    match message {
        Message::Request { document_id, .. }
        | Message::Sync { document_id, .. }
        | Message::Ephemeral { document_id, .. } => Some(*document_id),
        _ => None,
    }
}

struct StorageThread {
    hub: Arc<Mutex<Hub>>,
    store: Arc<dyn DocStore>,
    deliver: Arc<dyn Deliver>,
    /// Documents whose write failed: their queued batches are dropped until they load again.
    failed: HashSet<DocumentId>,
}

/// Batches that go to disk in one transaction at most (group commit).
const MAX_GROUP: usize = 256;

/// One queued batch: its document, the hub's output, who waits for its writes.
type Batch = (Option<DocumentId>, Vec<Out>, Option<mpsc::SyncSender<Result<(), StoreError>>>);

impl StorageThread {
    fn run(mut self, queue: mpsc::Receiver<Job>) {
        let mut next = None;
        loop {
            let job = match next.take() {
                Some(job) => job,
                None => match queue.recv() {
                    Ok(job) => job,
                    Err(_) => return,
                },
            };
            match job {
                Job::Load { doc, job } => {
                    self.failed.remove(&doc);
                    job(self.store.as_ref());
                }
                Job::Read(job) => job(self.store.as_ref()),
                Job::Batch { doc, outs, done } => {
                    // The batches queued while the last one was being written go to disk
                    // together: one transaction, one sync, however many changes. A read or
                    // load stops the group, so it still sees every write queued before it.
                    let mut group = vec![(doc, outs, done)];
                    while group.len() < MAX_GROUP {
                        match queue.try_recv() {
                            Ok(Job::Batch { doc, outs, done }) => group.push((doc, outs, done)),
                            Ok(other) => {
                                next = Some(other);
                                break;
                            }
                            Err(_) => break,
                        }
                    }
                    self.group(group);
                }
            }
        }
    }

    /// Stores a group of batches in one transaction and then delivers what they hold, in
    /// order. If the backend cannot, or the transaction fails (then nothing of it was
    /// written), each batch is stored on its own, so only the batches whose writes fail
    /// are refused.
    fn group(&mut self, group: Vec<Batch>) {
        let clean = group.iter().all(|(doc, ..)| doc.is_none_or(|d| !self.failed.contains(&d)));
        let stored = {
            let writes: Vec<&crate::store::Write> = group
                .iter()
                .flat_map(|(_, outs, _)| outs.iter())
                .filter_map(|o| if let Out::Store(w) = o { Some(w) } else { None })
                .collect();
            clean && writes.len() > 1 && matches!(self.store.apply_atomically(&writes), Some(Ok(())))
        };
        if !stored {
            for (doc, outs, done) in group {
                let result = self.batch(doc, outs);
                if let Some(done) = done {
                    let _ = done.send(result);
                }
            }
            return;
        }
        let mut rest = Vec::new();
        let mut waiting = Vec::new();
        for (_, outs, done) in group {
            rest.extend(outs.into_iter().filter(|o| !matches!(o, Out::Store(_))));
            waiting.extend(done);
        }
        self.deliver.deliver(rest);
        for done in waiting {
            let _ = done.send(Ok(()));
        }
    }

    fn batch(&mut self, doc: Option<DocumentId>, outs: Vec<Out>) -> Result<(), StoreError> {
        let (writes, rest): (Vec<Out>, Vec<Out>) = outs.into_iter().partition(|o| matches!(o, Out::Store(_)));
        let stored = if doc.is_some_and(|d| self.failed.contains(&d)) {
            Err(StoreError::Backend("an earlier write of this document failed".into()))
        } else {
            writes.iter().try_for_each(|w| match w {
                Out::Store(write) => write.apply(self.store.as_ref()),
                _ => Ok(()),
            })
        };
        match stored {
            Ok(()) => {
                self.deliver.deliver(rest);
                Ok(())
            }
            Err(err) => {
                tracing::error!(%err, doc = ?doc, "cannot store a change; it is not acknowledged");
                let mut closing: Vec<ConnId> = rest
                    .iter()
                    .filter_map(|o| match o {
                        Out::Send(c, _) | Out::Close(c, _) => Some(*c),
                        _ => None,
                    })
                    .collect();
                if let Some(d) = doc {
                    self.failed.insert(d);
                    closing.extend(self.hub.lock().unwrap_or_else(|p| p.into_inner()).storage_failed(&d));
                }
                closing.sort_unstable();
                closing.dedup();
                self.deliver.deliver(closing.into_iter().map(|c| Out::Close(c, "storage failure".into())).collect());
                Err(err)
            }
        }
    }
}
