//! `/sync`: the automerge-repo WebSocket. Browsers can't set headers on a WebSocket, so the
//! upgrade carries a one-time ticket (`?ticket=`, from `POST /api/sync-ticket`,
//! `crate::tickets`), never the token; the connection belongs to the hub of its principal's
//! CPI, and each frame goes to that hub on a blocking thread (`spawn_blocking`: the hub's lock
//! is never taken on the async runtime), at most `hubs::FRAME_SLOTS` at once per CPI. What the hub returns reaches the connections it
//! names through the CPI's storage thread, after the writes it depends on (`crate::hubs`).
//!
//! A socket's life: a ping every `Config::ping_interval`, and a socket that sent nothing
//! since the previous ping is closed (a dead peer, a client that stopped reading); each ping
//! also re-checks the token in the store, which is how a logout on another relay instance
//! reaches this one. A session closes at its `expires_at` by a timer, quiet or not, and at
//! once when its credentials end on this instance (`crate::revocations`). Frames wait for the
//! socket in a queue of at most `Config::outgoing_queue` frames and
//! `Config::outgoing_queue_bytes` bytes (a frame alone may be larger: the writer takes it out
//! of the queue as it starts writing it); a client that lets it fill is dropped, and the hub
//! and the other connections never wait for it.

use crate::auth::AuthError;
use crate::hub::{ConnId, Out};
use crate::revocations::Ended;
use crate::AppState;
use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use sportello_core::access::Principal;
use sportello_core::queue::TotemCode;
use sportello_core::quota::MAX_INCOMING_FRAME_BYTES;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, Notify};

const SESSION_ENDED: &str = "Sessione terminata: accedi di nuovo.";
const SESSION_EXPIRED: &str = "Sessione scaduta: accedi di nuovo.";
const NO_ANSWER: &str = "Nessuna risposta dal dispositivo: connessione chiusa.";

/// What a socket reads at most per call, and the buffer it starts with (tungstenite's
/// default, 128 KiB, is held by every idle socket; a larger frame still grows the buffer to
/// its size, up to `MAX_INCOMING_FRAME_BYTES`). Frames go out as they are sent, unbuffered:
/// every send is flushed anyway, and the outgoing queue bounds what waits.
const READ_BUFFER_BYTES: usize = 4 * 1024;

/// Documents a closing connection must take out of memory for their memory to go back to the
/// system at once (`malloc_trim` walks the whole heap: not for a totem's few documents, which
/// the next idle eviction's trim returns).
const TRIM_AFTER_DOCUMENTS: usize = 256;

#[derive(Deserialize)]
pub struct SyncQuery {
    ticket: Option<String>,
    /// Refused: a token in a URL ends up in logs.
    token: Option<String>,
}

pub enum Outbound {
    Frame(Vec<u8>),
    Ping,
    /// A close code (1008 policy, 1009 too big) and its reason.
    Close(u16, String),
}

/// Where the hubs put a connection's frames: a queue bounded in frames (the channel) and in
/// bytes (`queued`, of at most `max_bytes`), and the signal that it overflowed (the client is
/// not reading).
#[derive(Clone)]
pub struct ConnSender {
    tx: mpsc::Sender<Outbound>,
    queued: Arc<AtomicUsize>,
    max_bytes: usize,
    overflow: Arc<Notify>,
}

impl ConnSender {
    /// Queues without waiting; a full queue drops the connection. A frame that alone exceeds
    /// the byte bound goes in only into an empty queue.
    fn push(&self, out: Outbound) {
        let len = match &out {
            Outbound::Frame(bytes) => bytes.len(),
            Outbound::Ping | Outbound::Close(..) => 0,
        };
        let before = self.queued.fetch_add(len, Ordering::SeqCst);
        if len > 0 && before > 0 && before + len > self.max_bytes {
            self.queued.fetch_sub(len, Ordering::SeqCst);
            return self.overflow.notify_one();
        }
        if let Err(mpsc::error::TrySendError::Full(_)) = self.tx.try_send(out) {
            self.queued.fetch_sub(len, Ordering::SeqCst);
            self.overflow.notify_one();
        }
    }
}

/// Who the socket is: checked at the upgrade, kept to re-check.
struct Holder {
    principal: Principal,
    device: String,
    letter: Option<TotemCode>,
    token_hash: Vec<u8>,
    expires_at: Option<i64>,
}

pub async fn upgrade(State(state): State<AppState>, Query(query): Query<SyncQuery>, ws: WebSocketUpgrade) -> Response {
    // Subscribed before the ticket is checked, so an ending published meanwhile is not missed.
    let ended = state.revocations().subscribe();
    if query.token.is_some() {
        tracing::warn!("sync connection with a token in the URL refused");
        return (StatusCode::UNAUTHORIZED, "a token in the URL is refused: use a ticket (POST /api/sync-ticket)")
            .into_response();
    }
    let Some(ticket) = query.ticket else {
        tracing::warn!("sync connection without a ticket refused");
        return (StatusCode::UNAUTHORIZED, "ticket required").into_response();
    };
    let Some(token_hash) = state.tickets().redeem(&ticket, state.now_secs()) else {
        tracing::warn!("sync connection with an unknown, used or expired ticket refused");
        return (StatusCode::UNAUTHORIZED, "invalid ticket").into_response();
    };
    // A totem's ticket letter is looked up once here, outside the hub's lock.
    let checked = crate::http::blocking(&state, move |s| {
        let credential = s.accounts().credential(&token_hash, s.now_secs())?;
        crate::http::refuse_pending_password(&s, &credential.principal)?;
        let letter = match &credential.principal {
            Principal::Totem { device, .. } => s.accounts().ticket_code(device)?,
            _ => None,
        };
        Ok(Holder {
            principal: credential.principal,
            device: credential.device,
            letter,
            token_hash,
            expires_at: credential.expires_at,
        })
    })
    .await;
    let holder = match checked {
        Ok(holder) => holder,
        Err(refused) if refused.0 == StatusCode::FORBIDDEN => return refused.into_response(),
        Err(_) => {
            tracing::warn!("sync connection whose credentials ended after its ticket refused");
            return (StatusCode::UNAUTHORIZED, "invalid token").into_response();
        }
    };
    // Larger frames are refused before they are buffered whole (finding 7).
    let ws = ws.max_message_size(MAX_INCOMING_FRAME_BYTES).max_frame_size(MAX_INCOMING_FRAME_BYTES);
    // Most sockets sit idle for hours: their buffers, not their frames, are the relay's memory.
    let ws = ws.read_buffer_size(READ_BUFFER_BYTES).write_buffer_size(0);
    ws.on_upgrade(move |socket| serve_socket(state, socket, holder, ended))
}

/// Why a live socket must close, if it must: its credentials as the store sees them now.
async fn recheck(state: &AppState, token_hash: &[u8]) -> Option<&'static str> {
    let (s, hash) = (state.clone(), token_hash.to_vec());
    match tokio::task::spawn_blocking(move || s.accounts().credential(&hash, s.now_secs())).await {
        Ok(Err(AuthError::Expired | AuthError::CodeExpired)) => Some(SESSION_EXPIRED),
        Ok(Err(AuthError::BadCredentials | AuthError::Forbidden)) => Some(SESSION_ENDED),
        // The store failed: keep the socket; the next ping asks again.
        Ok(Err(AuthError::Store(err))) => {
            tracing::warn!(%err, "credential re-check failed");
            None
        }
        Ok(Ok(_)) | Err(_) => None,
    }
}

async fn serve_socket(state: AppState, socket: WebSocket, holder: Holder, mut ended: broadcast::Receiver<Ended>) {
    let Holder { principal, device, letter, token_hash, expires_at } = holder;
    let conn = state.next_conn_id();
    let (tx, mut rx) = mpsc::channel::<Outbound>(state.inner.outgoing_queue);
    let overflow = Arc::new(Notify::new());
    let queued = Arc::new(AtomicUsize::new(0));
    let max_bytes = state.inner.outgoing_queue_bytes;
    let own = ConnSender { tx, queued: queued.clone(), max_bytes, overflow: overflow.clone() };
    state.register_conn(conn, own.clone());
    // The hub of the principal's CPI, found (or started) and joined off the async runtime.
    let joining = (state.clone(), principal.clone());
    let joined = tokio::task::spawn_blocking(move || {
        let (state, principal) = joining;
        let hub = state.hub(principal.cpi());
        hub.connect(conn, principal, device, letter);
        hub
    });
    let Ok(hub) = joined.await else {
        state.unregister_conn(conn);
        return;
    };
    let who = principal.label();
    tracing::info!(conn, %who, "sync connection opened");

    let (mut sink, mut stream) = socket.split();
    let mut writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let result = match out {
                Outbound::Frame(bytes) => {
                    // Out of the queue as it is being written: the bound counts what waits.
                    queued.fetch_sub(bytes.len(), Ordering::SeqCst);
                    sink.send(WsMessage::Binary(bytes.into())).await
                }
                Outbound::Ping => sink.send(WsMessage::Ping(Vec::new().into())).await,
                Outbound::Close(code, reason) => {
                    let frame = CloseFrame { code, reason: close_reason(&reason).into() };
                    let _ = sink.send(WsMessage::Close(Some(frame))).await;
                    break;
                }
            };
            if result.is_err() {
                break;
            }
        }
    });

    let interval = state.inner.ping_interval;
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut answered = true;
    // The session's end by the relay's clock, as a timer on the runtime's.
    let expiry = expires_at.map(|at| Duration::from_secs(at.saturating_sub(state.now_secs()).max(0) as u64));
    let expired = async move {
        match expiry {
            Some(left) => tokio::time::sleep(left).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(expired);
    // A socket that closes for its own reasons (not the hub's) says why here.
    let close = |reason: &str| state.route(vec![Out::Close(conn, reason.into())]);
    loop {
        let received = tokio::select! {
            received = stream.next() => received,
            ended = ended.recv() => {
                // A logout, ended session, password change or revocation closes the socket at
                // once, quiet or not; a lagging subscriber re-checks the token instead.
                let over = match ended {
                    Ok(ended) => ended.ends(&principal, &token_hash),
                    Err(broadcast::error::RecvError::Lagged(_)) => recheck(&state, &token_hash).await.is_some(),
                    Err(broadcast::error::RecvError::Closed) => true,
                };
                if over {
                    tracing::info!(conn, %who, "credentials ended: socket closed");
                    close(SESSION_ENDED);
                    break;
                }
                continue;
            }
            () = &mut expired => {
                tracing::info!(conn, %who, "session expired: socket closed");
                close(SESSION_EXPIRED);
                break;
            }
            _ = ping.tick() => {
                if !answered {
                    tracing::warn!(conn, %who, ?interval, "no answer to the ping: socket closed");
                    close(NO_ANSWER);
                    break;
                }
                // The store's word: a logout on another instance, or the expiry by the
                // relay's clock, ends the socket here.
                let now = state.now_secs();
                if expires_at.is_some_and(|at| at <= now) {
                    tracing::info!(conn, %who, "session expired: socket closed");
                    close(SESSION_EXPIRED);
                    break;
                }
                if let Some(reason) = recheck(&state, &token_hash).await {
                    tracing::info!(conn, %who, "credentials no longer valid: socket closed");
                    close(reason);
                    break;
                }
                answered = false;
                own.push(Outbound::Ping);
                continue;
            }
            () = overflow.notified() => {
                tracing::warn!(
                    conn,
                    %who,
                    frames = state.inner.outgoing_queue,
                    bytes = state.inner.outgoing_queue_bytes,
                    "client not reading: outgoing queue full, dropped"
                );
                writer.abort();
                break;
            }
        };
        let Some(received) = received else { break };
        answered = true;
        let message = match received {
            Ok(message) => message,
            Err(err) => {
                if is_over_limit(err) {
                    tracing::warn!(conn, %who, limit = MAX_INCOMING_FRAME_BYTES, "frame over the limit refused");
                    let reason =
                        format!("Messaggio oltre il limite di {} KB: rifiutato.", MAX_INCOMING_FRAME_BYTES / 1024);
                    own.push(Outbound::Close(1009, reason));
                }
                break;
            }
        };
        let bytes = match message {
            WsMessage::Binary(b) => b,
            WsMessage::Close(_) => break,
            _ => continue,
        };
        // A slot first, so a burst of frames waits here on the runtime, not in threads.
        let Ok(_slot) = hub.frame_slots().acquire().await else { break };
        let (receiving, now) = (hub.clone(), state.now_millis());
        let closing = match tokio::task::spawn_blocking(move || receiving.receive(conn, &bytes, now)).await {
            Ok(closing) => closing,
            Err(_) => {
                close("internal error");
                true
            }
        };
        if closing {
            break;
        }
    }

    // What was queued for this connection (its close reason, say) goes out before it is
    // forgotten.
    let leaving = hub.clone();
    let _ = tokio::task::spawn_blocking(move || {
        leaving.flush();
        if leaving.disconnect(conn) >= TRIM_AFTER_DOCUMENTS {
            crate::release_freed_memory();
        }
    })
    .await;
    state.unregister_conn(conn);
    drop(own);
    // A client that does not read never takes the close: the writer gets one ping interval.
    if tokio::time::timeout(interval, &mut writer).await.is_err() {
        writer.abort();
    }
    tracing::info!(conn, "sync connection closed");
}

/// Whether the socket failed on a frame over the limit: tungstenite's capacity error, which
/// axum hands over as the error's source.
fn is_over_limit(err: axum::Error) -> bool {
    match err.into_inner().downcast::<tungstenite::Error>() {
        Ok(inner) => matches!(*inner, tungstenite::Error::Capacity(_)),
        Err(_) => false,
    }
}

pub fn route_one(sender: &ConnSender, out: Out) {
    match out {
        Out::Send(_, bytes) => sender.push(Outbound::Frame(bytes)),
        Out::Close(_, reason) => sender.push(Outbound::Close(1008, reason)),
        Out::Audit(_) | Out::Store(_) => {}
    }
}

pub fn conn_of(out: &Out) -> Option<ConnId> {
    match out {
        Out::Send(c, _) | Out::Close(c, _) => Some(*c),
        Out::Audit(_) | Out::Store(_) => None,
    }
}

/// A close frame's reason holds at most 123 bytes: longer (Italian) reasons are cut at a
/// character boundary.
pub fn close_reason(reason: &str) -> &str {
    const MAX: usize = 123;
    if reason.len() <= MAX {
        return reason;
    }
    let mut end = MAX;
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    &reason[..end]
}
