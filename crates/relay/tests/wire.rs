//! The sync socket's life on the wire (issue 12, findings 3 and 6), over real WebSockets on
//! loopback and real SQLite, with the relay's clock fixed: pings and a close without an
//! answer, the session's expiry, a logout on another instance, the bounded outgoing queue,
//! the over-limit frame, and the one-time ticket that replaces the token in the URL.
//! Intervals are the relay's configuration; every assertion waits for an event, bounded by
//! [`GUARD`].

use automerge::ActorId;
use futures_util::{SinkExt, StreamExt};
use sportello_core::access::Role;
use sportello_core::sync::client::{Effect, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::Message;
use sportello_relay::clock::{Clock, FixedClock};
use sportello_relay::{AppState, Config};
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};

mod support;
use support::{Device, Heard, Socket};

/// Only a guard against hanging forever: every assertion waits on an event, not on time.
const GUARD: Duration = Duration::from_secs(30);
const PASSWORD: &str = "password-di-prova";

fn config(name: &str, ping: Duration) -> Config {
    let root = support::temp_dir(&format!("wire-{name}"));
    std::fs::create_dir_all(root.join("dist")).unwrap();
    let mut config = support::config(&root);
    config.ping_interval = ping;
    config
}

fn start_clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new("2026-12-01T09:00:00Z".parse().unwrap()))
}

async fn relay(config: &Config, clock: Arc<FixedClock>) -> (AppState, String) {
    let state = AppState::with_clock(config, clock).unwrap();
    let addr = support::serve(&state).await;
    (state, addr)
}

fn operator_token(state: &AppState, username: &str) -> String {
    state.accounts().add_operator(username, "Anna", "bari", Role::Operator, PASSWORD).unwrap();
    state.accounts().login(username, PASSWORD, "test", state.now_secs()).unwrap().token
}

async fn open(state: &AppState, addr: &str, token: &str) -> Socket {
    tokio_tungstenite::connect_async(support::sync_url(state, addr, token).await).await.unwrap().0
}

/// Reads (and so answers pings) until the relay closes: the close frame's code and reason.
async fn close_of<S>(socket: &mut S) -> (u16, String)
where
    S: futures_util::Stream<Item = Result<WsMessage, tungstenite::Error>> + Unpin,
{
    let closed = async {
        loop {
            match socket.next().await {
                Some(Ok(WsMessage::Close(Some(frame)))) => return (u16::from(frame.code), frame.reason.to_string()),
                Some(Ok(_)) => {}
                other => panic!("the socket ended without a close frame: {other:?}"),
            }
        }
    };
    tokio::time::timeout(GUARD, closed).await.expect("the relay closes the socket")
}

/// Waits until the relay has `n` sync sockets open.
async fn until_open_sockets(state: &AppState, n: usize) {
    let waiting = async {
        while state.open_sockets() != n {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(GUARD, waiting).await.unwrap_or_else(|_| panic!("never {n} open sockets"));
}

fn join_frame(peer: &str) -> Vec<u8> {
    SyncClient::new(PeerId(peer.into()), ActorId::random()).connected().into_iter().find_map(sent).unwrap()
}

fn sent(effect: Effect) -> Option<Vec<u8>> {
    if let Effect::Send(bytes) = effect {
        Some(bytes)
    } else {
        None
    }
}

async fn pinged(pings: &mut tokio::sync::mpsc::UnboundedReceiver<()>, n: usize) {
    for _ in 0..n {
        tokio::time::timeout(GUARD, pings.recv()).await.expect("pings keep coming").expect("still open");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_answers_pings_is_closed_and_one_that_reads_stays() {
    let config = config("ping", Duration::from_millis(150));
    let (state, addr) = relay(&config, start_clock()).await;
    let token = operator_token(&state, "anna");

    // A reading client answers every ping (tungstenite pongs as it reads) and stays open
    // across several intervals, while it is read on its own task.
    let mut reading = open(&state, &addr, &token).await;
    reading.send(WsMessage::Binary(join_frame("reading").into())).await.unwrap();
    let (ping_tx, mut pings) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        loop {
            match reading.next().await {
                Some(Ok(WsMessage::Ping(_))) => ping_tx.send(()).unwrap(),
                Some(Ok(WsMessage::Binary(_) | WsMessage::Pong(_))) => {}
                other => return format!("{other:?}"),
            }
        }
    });
    pinged(&mut pings, 5).await;

    // A silent one joins, then never reads: it never answers, and the relay closes it.
    let mut silent = open(&state, &addr, &token).await;
    silent.send(WsMessage::Binary(join_frame("silent").into())).await.unwrap();
    until_open_sockets(&state, 2).await;
    until_open_sockets(&state, 1).await;
    let (code, reason) = close_of(&mut silent).await;
    assert_eq!((code, reason.as_str()), (1008, "Nessuna risposta dal dispositivo: connessione chiusa."));

    // The reader is still served.
    pinged(&mut pings, 3).await;
    assert_eq!(state.open_sockets(), 1);
    assert!(!reader.is_finished(), "the reading client is open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_closes_its_quiet_socket() {
    // By the relay's clock, checked at each ping.
    let by_clock = config("expiry-clock", Duration::from_millis(100));
    let clock = start_clock();
    let (state, addr) = relay(&by_clock, clock.clone()).await;
    let token = operator_token(&state, "anna");
    let mut socket = open(&state, &addr, &token).await;
    socket.send(WsMessage::Binary(join_frame("quiet").into())).await.unwrap();
    let session_end = clock.now() + chrono::Duration::seconds(sportello_relay::auth::SESSION_SECONDS);
    clock.set(session_end);
    assert_eq!(close_of(&mut socket).await, (1008, "Sessione scaduta: accedi di nuovo.".to_owned()));

    // By a timer at the session's end, with no ping in between (an hour apart).
    let by_timer = config("expiry-timer", Duration::from_secs(3600));
    let clock = start_clock();
    let (state, addr) = relay(&by_timer, clock.clone()).await;
    let token = operator_token(&state, "anna");
    clock.set(clock.now() + chrono::Duration::seconds(sportello_relay::auth::SESSION_SECONDS - 1));
    let mut socket = open(&state, &addr, &token).await;
    socket.send(WsMessage::Binary(join_frame("quiet").into())).await.unwrap();
    assert_eq!(close_of(&mut socket).await, (1008, "Sessione scaduta: accedi di nuovo.".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_on_another_instance_closes_the_socket_at_the_next_ping() {
    let config = config("instances", Duration::from_millis(100));
    let clock = start_clock();
    let (state, addr) = relay(&config, clock.clone()).await;
    let token = operator_token(&state, "anna");
    let mut socket = open(&state, &addr, &token).await;
    socket.send(WsMessage::Binary(join_frame("quiet").into())).await.unwrap();

    // Another relay on the same database ends the session: this one hears nothing of it
    // but its re-check.
    let other = AppState::with_clock(&config, clock).unwrap();
    other.accounts().logout(&token).unwrap();
    assert_eq!(close_of(&mut socket).await, (1008, "Sessione terminata: accedi di nuovo.".to_owned()));
}

/// A socket whose receive buffer is tiny, so what the relay sends piles up on its side.
async fn open_small_window(state: &AppState, addr: &str, token: &str) -> Socket {
    let tcp = tokio::net::TcpSocket::new_v4().unwrap();
    tcp.set_recv_buffer_size(4096).unwrap();
    let stream = tcp.connect(addr.parse().unwrap()).await.unwrap();
    let url = support::sync_url(state, addr, token).await;
    let stream = tokio_tungstenite::MaybeTlsStream::Plain(stream);
    tokio_tungstenite::client_async(url, stream).await.unwrap().0
}

/// A writer and another desk of the CPI on one document; the desk stops reading (a tiny
/// receive window) and the writer's session messages (ephemeral, 64 KB each, which go to
/// every peer of the document) pile up for it until the relay drops it. Returns the writer,
/// still connected, the dropped desk and how many messages it took.
async fn push_until_a_stalled_desk_is_dropped(state: &AppState, addr: &str, doc: DocumentId) -> (Device, Device, u64) {
    let token = operator_token(state, "anna");
    let mut writer = Device::connect(state, addr, &token, 1).await;
    writer.joined().await;
    writer.create(doc, "titolo").await;
    assert_eq!(writer.until_acknowledged(doc).await, Heard::Acknowledged);

    let socket = open_small_window(state, addr, &token).await;
    let mut stalled = Device { client: SyncClient::new(PeerId("stalled".into()), ActorId::random()), socket };
    let effects = stalled.client.connected();
    stalled.send(effects).await;
    stalled.joined().await;
    let effects = stalled.client.open(doc);
    stalled.send(effects).await;

    let relay_peer = state.hub("bari").lock().peer_id().clone();
    let mut count = 0;
    let pushing = async {
        while state.open_sockets() == 2 {
            count += 1;
            let frame = Message::Ephemeral {
                sender_id: writer.client.peer_id().clone(),
                target_id: relay_peer.clone(),
                document_id: doc,
                session_id: "cursori".into(),
                count,
                data: vec![7; 64 * 1024],
            };
            writer.socket.send(WsMessage::Binary(frame.encode().into())).await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(GUARD, pushing).await.expect("the stalled client is dropped");
    assert_eq!(state.open_sockets(), 1);
    (writer, stalled, count)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_dropped_and_the_cpi_keeps_syncing() {
    // Pings an hour apart: what drops the client here is its full queue.
    let mut config = config("queue", Duration::from_secs(3600));
    config.outgoing_queue = 8;
    let (state, addr) = relay(&config, start_clock()).await;
    let doc = DocumentId::from_random([41; 16]);
    let (mut writer, mut stalled, _) = push_until_a_stalled_desk_is_dropped(&state, &addr, doc).await;

    // The writer keeps syncing: its next change is stored and acknowledged.
    writer.change(doc, "dopo").await;
    assert_eq!(writer.until_acknowledged(doc).await, Heard::Acknowledged);

    // The stalled socket ends (what was buffered, then no more), it does not hang.
    let drained = async { while let Some(Ok(_)) = stalled.socket.next().await {} };
    tokio::time::timeout(GUARD, drained).await.expect("the dropped socket ends");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outgoing_queue_is_bounded_in_bytes_too() {
    // Room for 1024 frames, but only 512 KB: large frames fill it long before their count does.
    let mut config = config("queue-bytes", Duration::from_secs(3600));
    config.outgoing_queue = 1024;
    config.outgoing_queue_bytes = 512 * 1024;
    let (state, addr) = relay(&config, start_clock()).await;
    let (_, _, count) = push_until_a_stalled_desk_is_dropped(&state, &addr, DocumentId::from_random([42; 16])).await;
    // 8 messages fill the queue; the rest is what the kernel buffers on loopback (a few MB).
    // Bounded in frames only, it would take more than 1024 (64 MB held for one client).
    assert!(count < 400, "dropped only after {count} messages of 64 KB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_larger_than_the_byte_bound_still_reaches_a_reading_client() {
    let mut config = config("queue-big-frame", Duration::from_secs(3600));
    config.outgoing_queue_bytes = 64 * 1024;
    let (state, addr) = relay(&config, start_clock()).await;
    let token = operator_token(&state, "anna");
    let doc = DocumentId::from_random([43; 16]);
    let mut writer = Device::connect(&state, &addr, &token, 1).await;
    writer.joined().await;
    let big = support::incompressible(300 * 1024);
    let effects = writer.client.create(doc, 0, |tx| {
        automerge::transaction::Transactable::put(tx, automerge::ROOT, "testo", big.as_str()).unwrap();
    });
    writer.send(effects).await;
    assert_eq!(writer.until_acknowledged(doc).await, Heard::Acknowledged);

    // A desk that reads gets the whole document, in a frame far above the bound.
    let mut reader = Device::connect(&state, &addr, &token, 2).await;
    reader.joined().await;
    let effects = reader.client.open(doc);
    reader.send(effects).await;
    let received = async {
        while reader.client.doc(&doc).is_none_or(|d| d.get_heads().is_empty()) {
            let Some(Ok(WsMessage::Binary(bytes))) = reader.socket.next().await else { panic!("the socket closed") };
            let effects = reader.client.receive(&bytes).unwrap();
            reader.send(effects).await;
        }
    };
    tokio::time::timeout(GUARD, received).await.expect("the document arrives");
    let text = automerge::ReadDoc::get(reader.client.doc(&doc).unwrap(), automerge::ROOT, "testo").unwrap();
    assert!(text.is_some_and(|(v, _)| v.as_str() == Some(big.as_str())));
    assert_eq!(state.open_sockets(), 2, "nobody was dropped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_over_the_limit_closes_the_socket_with_1009_and_its_reason() {
    let config = config("too-big", Duration::from_secs(3600));
    let (state, addr) = relay(&config, start_clock()).await;
    let token = operator_token(&state, "anna");
    let mut socket = open(&state, &addr, &token).await;
    socket.send(WsMessage::Binary(join_frame("big").into())).await.unwrap();
    // Only the header of a 3 MB frame (masked, as a client's must be): the relay refuses on
    // the declared length, before buffering. With the payload on the wire too, the bytes the
    // relay never reads would reset the TCP connection, racing the close frame.
    let declared: u64 = 3 * 1024 * 1024;
    let mut header = vec![0x82, 0x80 | 127];
    header.extend_from_slice(&declared.to_be_bytes());
    header.extend_from_slice(&[1, 2, 3, 4]);
    let raw = match socket.get_mut() {
        tokio_tungstenite::MaybeTlsStream::Plain(tcp) => tcp,
        _ => unreachable!("loopback is plain TCP"),
    };
    tokio::io::AsyncWriteExt::write_all(raw, &header).await.unwrap();
    let (code, reason) = close_of(&mut socket).await;
    assert_eq!(code, 1009);
    assert_eq!(
        reason,
        format!(
            "Messaggio oltre il limite di {} KB: rifiutato.",
            sportello_core::quota::MAX_INCOMING_FRAME_BYTES / 1024
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_opens_one_socket_once_and_a_token_in_the_url_is_refused() {
    let config = config("ticket", Duration::from_secs(3600));
    let clock = start_clock();
    let (state, addr) = relay(&config, clock.clone()).await;
    let token = operator_token(&state, "anna");
    let refused = |result: Result<_, tungstenite::Error>| match result {
        Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
        other => panic!("the upgrade must be refused: {:?}", other.map(|_: (Socket, _)| ())),
    };

    let url = support::sync_url(&state, &addr, &token).await;
    let (socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    drop(socket);
    assert_eq!(refused(tokio_tungstenite::connect_async(&url).await), 401, "a ticket serves once");

    let token_url = format!("ws://{addr}/sync?token={token}");
    assert_eq!(refused(tokio_tungstenite::connect_async(token_url).await), 401, "no token in the URL");

    let late = support::sync_url(&state, &addr, &token).await;
    clock.set(clock.now() + chrono::Duration::seconds(sportello_relay::tickets::TICKET_SECONDS));
    assert_eq!(refused(tokio_tungstenite::connect_async(late).await), 401, "a ticket expires");

    // A ticket stands for its token: once the session ends, a ticket issued before is refused.
    let before_logout = support::sync_url(&state, &addr, &token).await;
    state.accounts().logout(&token).unwrap();
    assert_eq!(refused(tokio_tungstenite::connect_async(before_logout).await), 401);
    let app = sportello_relay::router(state.clone());
    let (status, _) =
        support::json_request(&app, "POST", "/api/sync-ticket", Some(&token), serde_json::Value::Null).await;
    assert_eq!(status, axum::http::StatusCode::UNAUTHORIZED, "an ended session gets no ticket");
}
