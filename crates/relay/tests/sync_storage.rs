//! The sync socket against real SQLite, over real WebSockets on loopback, with the document
//! store wrapped to fail or to hold a write: a change is acknowledged only once stored, and
//! one CPI's slow write never holds up another CPI.

use automerge::{ReadDoc, ROOT};
use futures_util::StreamExt;
use sportello_core::access::{AccessClass, Role};
use sportello_core::sync::ids::DocumentId;
use sportello_relay::store::{DocStore, StoreError};
use sportello_relay::{AppState, Config, Stores};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message as WsMessage;

mod support;
use support::{Device, Heard};

/// Only a guard against hanging forever: every assertion waits on an event, not on time.
const GUARD: Duration = Duration::from_secs(30);

fn config(name: &str) -> Config {
    let root = std::env::temp_dir().join(format!("sportello-sync-storage-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("dist")).unwrap();
    support::config(&root)
}

/// The SQLite store, with appends that fail on demand or wait at a gate for one document.
struct Wrapped {
    inner: Box<dyn DocStore>,
    failing: AtomicBool,
    gate: Mutex<Option<Gate>>,
}

/// A document whose append waits: who is told when it arrives, and the release.
type Gate = (DocumentId, mpsc::Sender<()>, mpsc::Receiver<()>);

impl Wrapped {
    fn new(inner: Box<dyn DocStore>) -> Arc<Self> {
        Arc::new(Wrapped { inner, failing: AtomicBool::new(false), gate: Mutex::new(None) })
    }

    fn held(&self, id: &DocumentId) {
        let taken = {
            let mut gate = self.gate.lock().unwrap();
            if gate.as_ref().is_some_and(|(doc, _, _)| doc == id) {
                gate.take()
            } else {
                None
            }
        };
        if let Some((_, reached, release)) = taken {
            reached.send(()).unwrap();
            release.recv().unwrap();
        }
    }
}

struct Shared(Arc<Wrapped>);

impl DocStore for Shared {
    fn load(&self, id: &DocumentId) -> Result<sportello_relay::store::Chunks, StoreError> {
        self.0.inner.load(id)
    }
    fn append(&self, id: &DocumentId, chunk: &[u8]) -> Result<(), StoreError> {
        if self.0.failing.load(Ordering::SeqCst) {
            return Err(StoreError::Backend("disk full (test)".into()));
        }
        self.0.held(id);
        self.0.inner.append(id, chunk)
    }
    fn compact(&self, id: &DocumentId, snapshot: &[u8]) -> Result<(), StoreError> {
        if self.0.failing.load(Ordering::SeqCst) {
            return Err(StoreError::Backend("disk full (test)".into()));
        }
        self.0.inner.compact(id, snapshot)
    }
    fn repair(&self, id: &DocumentId, snapshot: &[u8], replaced: &[Vec<u8>], at_ms: u64) -> Result<(), StoreError> {
        self.0.inner.repair(id, snapshot, replaced, at_ms)
    }
    fn quarantined(&self, id: &DocumentId) -> Result<Vec<Vec<u8>>, StoreError> {
        self.0.inner.quarantined(id)
    }
    fn class(&self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError> {
        self.0.inner.class(id)
    }
    fn register(&self, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError> {
        self.0.inner.register(id, class)
    }
    fn outboxes(&self, cpi: &str) -> Result<Vec<DocumentId>, StoreError> {
        self.0.inner.outboxes(cpi)
    }
}

/// A relay on a loopback port whose document store is SQLite wrapped in [`Wrapped`].
async fn serve(config: &Config) -> (AppState, String, Arc<Wrapped>) {
    std::fs::create_dir_all(&config.data_dir).unwrap();
    let mut stores = Stores::open(config).unwrap();
    let wrapped = Wrapped::new(stores.documents);
    stores.documents = Box::new(Shared(wrapped.clone()));
    let state = AppState::with_stores(config, Arc::new(sportello_relay::clock::SystemClock), stores).unwrap();
    let addr = support::serve(&state).await;
    (state, addr, wrapped)
}

fn token(state: &AppState, cpi: &str) -> String {
    let username = format!("operatore.{cpi}");
    state.accounts().add_operator(&username, "Anna", cpi, Role::Operator, "password-di-prova").unwrap();
    state.accounts().login(&username, "password-di-prova", "test", state.now_secs()).unwrap().token
}

fn stored_keys(state: &AppState, cpi: &str, doc: &DocumentId) -> Vec<String> {
    state.hub(cpi).read(doc, state.now_millis(), |d| d.keys(ROOT).collect()).unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_acknowledged_only_once_stored_and_survives_a_restart() {
    let config = config("ack");
    let (state, addr, wrapped) = serve(&config).await;
    let token = token(&state, "bari");
    let doc = DocumentId::from_random([21; 16]);

    let mut device = Device::connect(&state, &addr, &token, 1).await;
    device.create(doc, "primo").await;
    assert_eq!(device.until_acknowledged(doc).await, Heard::Acknowledged);

    // The disk fails: the next change is never acknowledged, and the socket says why.
    wrapped.failing.store(true, Ordering::SeqCst);
    device.change(doc, "secondo").await;
    assert_eq!(device.until_acknowledged(doc).await, Heard::Closed("storage failure".into()));
    assert_eq!(device.client.pending_changes(&doc), 1, "the unstored change is still the device's to send");

    // A restarted relay on the same data holds every acknowledged change, and not the other.
    wrapped.failing.store(false, Ordering::SeqCst);
    let restarted = AppState::new(&config).unwrap();
    let keys = tokio::task::spawn_blocking(move || stored_keys(&restarted, "bari", &doc)).await.unwrap();
    assert_eq!(keys, ["primo"]);

    // Once the disk is back, the device's retry is stored and acknowledged.
    let mut device = Device::connect_with(device.client, &state, &addr, &token).await;
    assert_eq!(device.until_acknowledged(doc).await, Heard::Acknowledged);
    let restarted = AppState::new(&config).unwrap();
    let keys = tokio::task::spawn_blocking(move || stored_keys(&restarted, "bari", &doc)).await.unwrap();
    assert_eq!(keys, ["primo", "secondo"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_cpis_slow_write_does_not_hold_up_another_cpi() {
    let config = config("slow");
    let (state, addr, wrapped) = serve(&config).await;
    let (bari, lecce) = (token(&state, "bari"), token(&state, "lecce"));
    let (slow_doc, small_doc) = (DocumentId::from_random([31; 16]), DocumentId::from_random([32; 16]));

    // Bari's write of its document reaches the disk and stays there until released.
    let (reached_tx, reached) = mpsc::channel();
    let (release, release_rx) = mpsc::channel();
    *wrapped.gate.lock().unwrap() = Some((slow_doc, reached_tx, release_rx));
    let mut bari_device = Device::connect(&state, &addr, &bari, 1).await;
    bari_device.create(slow_doc, "grande").await;
    let bari_ack = tokio::spawn(async move {
        let heard = bari_device.until_acknowledged(slow_doc).await;
        (heard, bari_device)
    });
    tokio::task::spawn_blocking(move || reached.recv_timeout(GUARD).expect("bari's write reaches the store"))
        .await
        .unwrap();

    // Meanwhile Lecce syncs a document of its own and is acknowledged.
    let mut lecce_device = Device::connect(&state, &addr, &lecce, 2).await;
    lecce_device.create(small_doc, "piccolo").await;
    assert_eq!(lecce_device.until_acknowledged(small_doc).await, Heard::Acknowledged);
    assert!(!bari_ack.is_finished(), "bari is still waiting for its write");

    release.send(()).unwrap();
    let (heard, _) = bari_ack.await.unwrap();
    assert_eq!(heard, Heard::Acknowledged);
    let check = state.clone();
    let keys = tokio::task::spawn_blocking(move || {
        (stored_keys(&check, "bari", &slow_doc), stored_keys(&check, "lecce", &small_doc))
    })
    .await
    .unwrap();
    assert_eq!(keys, (vec!["grande".to_string()], vec!["piccolo".to_string()]));
}

/// Finding 3 of issue 12: logging out closes the session's open sockets at once, even a quiet
/// one that sends nothing more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_closes_a_quiet_socket_at_once() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let config = config("logout");
    let (state, addr, _) = serve(&config).await;
    let token = token(&state, "bari");
    let doc = DocumentId::from_random([31; 16]);
    let mut device = Device::connect(&state, &addr, &token, 1).await;
    device.create(doc, "nota").await;
    assert_eq!(device.until_acknowledged(doc).await, Heard::Acknowledged);

    // POST /api/logout over a plain HTTP connection, as the app does.
    let mut http = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let request = format!(
        "POST /api/logout HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    http.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    http.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");

    let closed = async {
        loop {
            match device.socket.next().await {
                Some(Ok(WsMessage::Close(frame))) => return frame.map(|f| f.reason.to_string()),
                Some(Ok(_)) => {}
                other => panic!("{other:?}"),
            }
        }
    };
    let reason = tokio::time::timeout(GUARD, closed).await.expect("the quiet socket is closed");
    assert_eq!(reason.as_deref(), Some("Sessione terminata: accedi di nuovo."));
}
