//! A change the relay acknowledged survives `kill -9` of the relay process. The CPI's storage
//! thread stores the changes that queued up while it was writing in one transaction (group
//! commit); each is acknowledged only after that transaction is committed and synced.

use automerge::{ReadDoc, ROOT};
use futures_util::StreamExt;
use sportello_core::access::Role;
use sportello_core::sync::ids::DocumentId;
use sportello_relay::AppState;
use std::io::{BufRead, BufReader};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message as WsMessage;

mod support;
use support::Device;

const DEVICES: u8 = 3;
const DOCUMENTS_EACH: u8 = 30;
/// The relay is killed once this many documents are acknowledged, with more still in flight.
const KILL_AFTER: usize = 20;

/// A one-time sync ticket from the relay process, over plain HTTP/1.1.
async fn ticket(addr: &str, token: &str) -> String {
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /api/sync-ticket HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    tcp.read_to_string(&mut response).await.unwrap();
    let body = &response[response.find("\r\n\r\n").expect("an HTTP answer") + 4..];
    let json: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("a ticket: {response}"));
    json["ticket"].as_str().unwrap().to_owned()
}

/// An operator's token on a new data directory, and its config.
fn prepared(name: &str) -> (sportello_relay::Config, String) {
    let root = support::temp_dir(name);
    std::fs::create_dir_all(root.join("dist")).unwrap();
    let config = support::config(&root);
    let token = {
        let state = AppState::new(&config).unwrap();
        state.accounts().add_operator("operatore.bari", "Anna", "bari", Role::Operator, "password-di-prova").unwrap();
        state.accounts().login("operatore.bari", "password-di-prova", "test", state.now_secs()).unwrap().token
    };
    (config, token)
}

/// The relay binary as a process on `config`, and its address.
fn spawn_relay(config: &sportello_relay::Config) -> (std::process::Child, String) {
    let mut relay = std::process::Command::new(env!("CARGO_BIN_EXE_sportello-relay"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&config.data_dir)
        .arg("--dist")
        .arg(&config.dist)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(relay.stdout.take().unwrap());
    let addr = loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "the relay exited before listening");
        if let Some(addr) = line.trim().strip_prefix("listening on http://") {
            break addr.to_owned();
        }
    };
    (relay, addr)
}

/// A device of `n` on the relay process at `addr`, joined.
async fn device(addr: &str, token: &str, n: u8) -> Device {
    let url = format!("ws://{addr}/sync?ticket={}", ticket(addr, token).await);
    let (socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let client = sportello_core::sync::client::SyncClient::new(
        sportello_core::sync::ids::PeerId(format!("device-{n}")),
        automerge::ActorId::from(&[n; 16][..]),
    );
    let mut device = Device { client, socket };
    let effects = device.client.connected();
    device.send(effects).await;
    device.joined().await;
    device
}

/// Which of `keys` the relay, restarted on `config`, does not hold in `doc`.
async fn lost(config: &sportello_relay::Config, keys: Vec<(DocumentId, String)>) -> Vec<String> {
    let restarted = AppState::new(config).unwrap();
    let hub = restarted.hub("bari");
    tokio::task::spawn_blocking(move || {
        keys.into_iter()
            .filter(|(doc, key)| {
                let stored = hub.read(doc, 0, |d| d.get(ROOT, key.as_str()).ok().flatten().is_some()).unwrap();
                stored != Some(true)
            })
            .map(|(_, key)| key)
            .collect()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_change_survives_a_kill_of_the_relay() {
    let (config, token) = prepared("durability");
    let (mut relay, addr) = spawn_relay(&config);

    // Every device sends all its new documents at once, so many queue up behind each write.
    let acknowledged = Arc::new(Mutex::new(Vec::<(DocumentId, String)>::new()));
    let (enough_tx, enough) = tokio::sync::watch::channel(0usize);
    let mut listeners = Vec::new();
    for n in 1..=DEVICES {
        let mut device = device(&addr, &token, n).await;
        let mut pending = Vec::new();
        for d in 0..DOCUMENTS_EACH {
            let doc = DocumentId::from_random([n, d, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
            let key = format!("device-{n}-doc-{d}");
            device.create(doc, &key).await;
            pending.push((doc, key));
        }
        let (acknowledged, enough_tx) = (acknowledged.clone(), enough_tx.clone());
        listeners.push(tokio::spawn(async move {
            while let Some(Ok(frame)) = device.socket.next().await {
                let WsMessage::Binary(bytes) = frame else { continue };
                let effects = device.client.receive(&bytes).unwrap();
                device.send(effects).await;
                let mut acked = acknowledged.lock().unwrap();
                pending.retain(|(doc, key)| {
                    let done = device.client.pending_changes(doc) == 0;
                    if done {
                        acked.push((*doc, key.clone()));
                    }
                    !done
                });
                enough_tx.send_replace(acked.len());
            }
        }));
    }

    let mut enough = enough;
    tokio::time::timeout(support::SOCKET_GUARD, enough.wait_for(|n| *n >= KILL_AFTER))
        .await
        .expect("the relay acknowledges changes")
        .unwrap();
    relay.kill().unwrap(); // SIGKILL: no shutdown, no flush
    relay.wait().unwrap();
    for listener in listeners {
        let _ = listener.await;
    }

    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= KILL_AFTER);
    let lost = lost(&config, acknowledged).await;
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
}

/// A change to a document the relay holds is acknowledged before it is applied there
/// (`hub::MAX_DEFERRED` may wait): once stored, all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_acknowledged_before_they_are_applied_survive_a_kill_of_the_relay() {
    let (config, token) = prepared("durability-deferred");
    let (mut relay, addr) = spawn_relay(&config);
    let mut device = device(&addr, &token, 1).await;
    let doc = DocumentId::from_random([9; 16]);
    device.create(doc, "creato").await;
    assert!(matches!(device.until_acknowledged(doc).await, support::Heard::Acknowledged));
    let mut acknowledged = vec![(doc, "creato".to_owned())];
    // Fewer than a batch: none of them is applied on the relay when it is killed.
    for n in 0..sportello_relay::hub::MAX_DEFERRED / 2 {
        let key = format!("modifica-{n}");
        device.change(doc, &key).await;
        assert!(matches!(device.until_acknowledged(doc).await, support::Heard::Acknowledged), "change {n}");
        acknowledged.push((doc, key));
    }
    relay.kill().unwrap(); // SIGKILL: no shutdown, no flush
    relay.wait().unwrap();
    let lost = lost(&config, acknowledged).await;
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
}
