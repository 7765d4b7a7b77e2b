//! The relay's real per-CPI hubs, in-process, with what they deliver collected instead of
//! sent to sockets: tests feed frames and read back exactly what would go out, after the
//! hub's writes to the store (a `MemoryStore` unless given) have run.

#![allow(dead_code)]

use automerge::Automerge;
use sportello_core::access::{AccessClass, Principal};
use sportello_core::queue::TotemCode;
use sportello_core::sync::ids::DocumentId;
use sportello_relay::hub::{ConnId, Out};
use sportello_relay::hubs::{CpiHub, Deliver, Hubs};
use sportello_relay::store::{DocStore, MemoryStore};
use sportello_relay::Config;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

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
