//! The relay's real per-CPI hubs, in-process, with what they deliver collected instead of
//! sent to sockets: tests feed frames and read back exactly what would go out, after the
//! hub's writes to the store (a `MemoryStore` unless given) have run. Also what the HTTP
//! tests share: temporary directories, JSON requests through `router(state)`, signing in,
//! enrolling a totem, a dossier with a card.

#![allow(dead_code)]

use automerge::transaction::Transactable;
use automerge::{ActorId, Automerge, ROOT};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use futures_util::{SinkExt, StreamExt};
use http_body_util::BodyExt;
use sportello_core::access::{AccessClass, Principal};
use sportello_core::queue::TotemCode;
use sportello_core::sync::client::{Effect, SyncClient};
use sportello_core::sync::ids::DocumentId;
use sportello_core::sync::ids::PeerId;
use sportello_relay::hub::{ConnId, Out};
use sportello_relay::hubs::{CpiHub, Deliver, Hubs};
use sportello_relay::store::{DocStore, MemoryStore};
use sportello_relay::{AppState, Config};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tower::ServiceExt;

#[derive(Default)]
pub struct Collected(Mutex<Vec<Out>>);

impl Deliver for Collected {
    fn deliver(&self, outs: Vec<Out>) {
        self.0.lock().unwrap().extend(outs);
    }
}

pub struct Relay {
    hubs: Hubs,
    collected: Arc<Collected>,
    conns: Mutex<HashMap<ConnId, String>>,
}

impl Default for Relay {
    fn default() -> Self {
        Relay::with_store(Arc::new(MemoryStore::default()))
    }
}

impl Relay {
    pub fn with_store(store: Arc<dyn DocStore>) -> Self {
        let collected = Arc::new(Collected::default());
        let hubs = Hubs::new(store, "test".into(), collected.clone());
        Relay { hubs, collected, conns: Mutex::new(HashMap::new()) }
    }

    pub fn hub(&self, cpi: &str) -> Arc<CpiHub> {
        self.hubs.of(cpi)
    }

    /// A connection goes to the hub of its principal's CPI, as on the relay.
    pub fn connect(&self, conn: ConnId, principal: Principal, device: String) {
        self.connect_totem(conn, principal, device, None);
    }

    /// A connection with a totem's ticket letter, as the relay looks it up at the upgrade.
    pub fn connect_totem(&self, conn: ConnId, principal: Principal, device: String, letter: Option<TotemCode>) {
        self.conns.lock().unwrap().insert(conn, principal.cpi().to_owned());
        self.hubs.of_principal(&principal).connect(conn, principal, device, letter);
    }

    pub fn disconnect(&self, conn: ConnId) {
        if let Some(cpi) = self.conns.lock().unwrap().remove(&conn) {
            self.hubs.of(&cpi).disconnect(conn);
        }
    }

    /// Feeds a frame and returns what was delivered once the hub's writes ran.
    pub fn receive(&self, conn: ConnId, frame: &[u8], now_ms: u64) -> Vec<Out> {
        let cpi = self.conns.lock().unwrap()[&conn].clone();
        let hub = self.hubs.of(&cpi);
        hub.receive(conn, frame, now_ms);
        hub.flush();
        std::mem::take(&mut *self.collected.0.lock().unwrap())
    }

    pub fn create(&self, id: DocumentId, class: AccessClass, doc: Automerge, now_ms: u64) {
        self.hubs.of(class.cpi()).create(id, class, doc, now_ms).unwrap();
    }

    pub fn read<R>(&self, cpi: &str, id: &DocumentId, now_ms: u64, f: impl FnOnce(&Automerge) -> R) -> Option<R> {
        self.hubs.of(cpi).read(id, now_ms, f).unwrap()
    }

    pub fn evict_idle(&self, now_ms: u64, idle_ms: u64) -> usize {
        self.hubs.evict_idle(now_ms, idle_ms)
    }
}

/// A device's sync engine on one connection of the in-process hubs.
pub struct HubDevice {
    pub client: SyncClient,
    pub conn: ConnId,
}

/// The frames a device's effects send, from its connection.
pub fn sends(conn: ConnId, effects: Vec<Effect>) -> Vec<(ConnId, Vec<u8>)> {
    effects.into_iter().filter_map(|e| if let Effect::Send(b) = e { Some((conn, b)) } else { None }).collect()
}

/// Runs frames between the devices and the hub until quiet (frames to a connection not in
/// `devices` are dropped). A refusal comes as an `error` frame, which the client reports as
/// an error.
pub fn pump(hub: &Relay, devices: &mut [&mut HubDevice], mut pending: Vec<(ConnId, Vec<u8>)>, now_ms: u64) {
    while let Some((conn, frame)) = pending.pop() {
        for out in hub.receive(conn, &frame, now_ms) {
            if let Out::Send(to, bytes) = out {
                let Some(device) = devices.iter_mut().find(|d| d.conn == to) else { continue };
                pending.extend(sends(to, device.client.receive(&bytes).unwrap_or_default()));
            }
        }
    }
}

/// A typed edit of a document on the device; the frames that send it.
pub fn edit<T: autosurgeon::Hydrate + autosurgeon::Reconcile>(
    device: &mut HubDevice,
    doc: DocumentId,
    change: impl FnOnce(&mut T),
) -> Vec<(ConnId, Vec<u8>)> {
    let (_, effects) = device
        .client
        .change_with_message(doc, 2, None, |tx| {
            let mut value: T = sportello_core::docs::read(tx).unwrap();
            change(&mut value);
            sportello_core::docs::write(tx, &value).unwrap();
        })
        .expect("the document is on the device");
    sends(device.conn, effects)
}

/// A real WebSocket to a relay on loopback.
pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// What the relay did next with a device's change.
#[derive(Debug, PartialEq)]
pub enum Heard {
    Acknowledged,
    Closed(String),
}

/// A relay's flags for a test: data and dist under `root`, no demo data.
pub fn config(root: &Path) -> Config {
    Config::with_dirs(&root.join("dist"), &root.join("data"))
}

pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-relay-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn json_request(
    app: &axum::Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder().method(method).uri(uri).header("content-type", "application/json");
    if let Some(token) = token {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    let res = app.clone().oneshot(req.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

pub async fn sign_in(app: &axum::Router, username: &str, password: &str) -> serde_json::Value {
    let body = serde_json::json!({ "username": username, "password": password, "device": "Firefox · Linux · test" });
    let (status, session) = json_request(app, "POST", "/api/login", None, body).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    session
}

/// A demo dossier of Bari with a DID, given Tessera Sanitaria digits as an operator would.
pub fn dossier_with_card(state: &AppState, skip: usize, digits: &str, expiry: &str) -> (String, String) {
    use sportello_core::docs::dossier::Dossier;
    use sportello_core::docs::index;
    let index_id = state.well_known().get("bari", sportello_relay::wellknown::INDEX).unwrap().unwrap();
    let entry = state
        .hub("bari")
        .read(&index_id, 0, |doc| index::read_entries(doc).0)
        .unwrap()
        .unwrap()
        .into_iter()
        .filter(|e| e.milestones.did.is_some())
        .nth(skip)
        .unwrap();
    let id = sportello_core::sync::ids::DocumentId::parse(&entry.dossier).unwrap();
    let hash = state.card_pepper().digits_hash(&entry.codice_fiscale, digits);
    state
        .hub("bari")
        .change(&id, 0, "Tessera sanitaria", |tx| {
            let mut d: Dossier = sportello_core::docs::read(tx).map_err(|e| e.to_string())?;
            d.card.digits_hash = hash.into();
            d.card.expiry = expiry.into();
            sportello_core::docs::write(tx, &d).map_err(|e| e.to_string())
        })
        .unwrap();
    (entry.codice_fiscale, entry.dossier)
}

pub async fn enroll_totem(app: &axum::Router, operator_token: &str) -> String {
    let (_, code) =
        json_request(app, "POST", "/api/enrollment-codes", Some(operator_token), serde_json::Value::Null).await;
    let body = serde_json::json!({ "code": code["code"].as_str().unwrap().replace('-', ""), "name": "Totem di prova" });
    let (status, totem) = json_request(app, "POST", "/api/enroll", None, body).await;
    assert_eq!(status, StatusCode::OK, "{totem}");
    totem["token"].as_str().unwrap().to_owned()
}

/// Serves `state` on a loopback port; its address.
pub async fn serve(state: &AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = sportello_relay::router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr.to_string()
}

/// A one-time sync ticket for `token`, from `POST /api/sync-ticket`.
pub async fn sync_ticket(state: &AppState, token: &str) -> String {
    let app = sportello_relay::router(state.clone());
    let (status, body) = json_request(&app, "POST", "/api/sync-ticket", Some(token), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["ticket"].as_str().unwrap().to_owned()
}

/// The sync URL for `token`, with a fresh ticket.
pub async fn sync_url(state: &AppState, addr: &str, token: &str) -> String {
    format!("ws://{addr}/sync?ticket={}", sync_ticket(state, token).await)
}

/// Only a guard against a socket hanging forever: tests wait on events, not on time.
pub const SOCKET_GUARD: std::time::Duration = std::time::Duration::from_secs(30);

/// One device: the app's sync client on a real WebSocket.
pub struct Device {
    pub client: SyncClient,
    pub socket: Socket,
}

impl Device {
    pub async fn connect(state: &AppState, addr: &str, token: &str, n: u8) -> Self {
        let client = SyncClient::new(PeerId(format!("device-{n}")), ActorId::from(&[n; 16][..]));
        Self::connect_with(client, state, addr, token).await
    }

    /// The same device (with what it has not sent yet) on a new socket.
    pub async fn connect_with(mut client: SyncClient, state: &AppState, addr: &str, token: &str) -> Self {
        client.disconnected();
        let (socket, _) = tokio_tungstenite::connect_async(sync_url(state, addr, token).await).await.unwrap();
        let mut device = Device { client, socket };
        let effects = device.client.connected();
        device.send(effects).await;
        device
    }

    /// Joins and reads until the relay's `peer` answer is taken in (what a client needs
    /// before it asks for documents).
    pub async fn joined(&mut self) {
        while !self.client.is_connected() {
            let next = tokio::time::timeout(SOCKET_GUARD, self.socket.next()).await.expect("the relay answers");
            let Some(Ok(WsMessage::Binary(bytes))) = next else { continue };
            let effects = self.client.receive(&bytes).unwrap();
            self.send(effects).await;
        }
    }

    pub async fn send(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Send(bytes) = effect {
                self.socket.send(WsMessage::Binary(bytes.into())).await.unwrap();
            }
        }
    }

    /// Answers the relay until it holds every local change of `doc`, or closes the socket.
    pub async fn until_acknowledged(&mut self, doc: DocumentId) -> Heard {
        let listen = async {
            while self.client.pending_changes(&doc) > 0 {
                match self.socket.next().await {
                    Some(Ok(WsMessage::Binary(bytes))) => {
                        let effects = self.client.receive(&bytes).unwrap();
                        self.send(effects).await;
                    }
                    Some(Ok(WsMessage::Close(frame))) => {
                        return Heard::Closed(frame.map(|f| f.reason.to_string()).unwrap_or_default())
                    }
                    Some(Ok(_)) => {}
                    other => return Heard::Closed(format!("{other:?}")),
                }
            }
            Heard::Acknowledged
        };
        tokio::time::timeout(SOCKET_GUARD, listen).await.expect("the relay answers")
    }

    pub async fn create(&mut self, doc: DocumentId, key: &str) {
        let effects = self.client.create(doc, 0, |tx| {
            tx.put(ROOT, key, "sì").unwrap();
        });
        self.send(effects).await;
    }

    pub async fn change(&mut self, doc: DocumentId, key: &str) {
        let (_, effects) = self
            .client
            .change(doc, 0, |tx| {
                tx.put(ROOT, key, "sì").unwrap();
            })
            .unwrap();
        self.send(effects).await;
    }
}

/// Text that compresses badly (a generator's letters), so its size on the wire stays large.
pub fn incompressible(len: usize) -> String {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (b'!' + (x % 90) as u8) as char
        })
        .collect()
}

/// An operator of Bari enrols a totem on `state`; the totem's session.
pub fn enrolled_totem(state: &AppState) -> sportello_relay::auth::Session {
    let accounts = state.accounts();
    accounts
        .add_operator("operatore.bari", "Anna", "bari", sportello_core::access::Role::Operator, "password-di-prova")
        .unwrap();
    let operator = accounts.login("operatore.bari", "password-di-prova", "test", state.now_secs()).unwrap();
    let (code, _) = accounts.create_enrollment_code(&operator.principal, state.now_secs()).unwrap();
    accounts.enroll(&code, "Atrio", sportello_relay::auth::DeviceKind::Totem, state.now_secs()).unwrap()
}

/// Sends what a sync client asked to send, in order.
pub async fn send_effects(socket: &mut Socket, effects: Vec<sportello_core::sync::client::Effect>) {
    use futures_util::SinkExt;
    for effect in effects {
        if let sportello_core::sync::client::Effect::Send(bytes) = effect {
            socket.send(tokio_tungstenite::tungstenite::Message::Binary(bytes.into())).await.unwrap();
        }
    }
}
