//! `/sync`: the automerge-repo WebSocket. The token is checked at the upgrade (browsers
//! can't set headers on a WebSocket, so it comes as `?token=`); the connection belongs to the
//! hub of its principal's CPI, and each frame goes to that hub on a blocking thread
//! (`spawn_blocking`: the hub's lock is never taken on the async runtime). What the hub
//! returns reaches the connections it names through the CPI's storage thread, after the
//! writes it depends on (`crate::hubs`).

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
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// How often a live connection re-checks that its credentials still hold.
const RECHECK: Duration = Duration::from_secs(60);

#[derive(Deserialize)]
pub struct SyncQuery {
    token: Option<String>,
}

pub enum Outbound {
    Frame(Vec<u8>),
    /// A close code (1008 policy, 1009 too big) and its reason.
    Close(u16, String),
}

pub async fn upgrade(State(state): State<AppState>, Query(query): Query<SyncQuery>, ws: WebSocketUpgrade) -> Response {
    // Subscribed before the token is checked, so an ending published meanwhile is not missed.
    let ended = state.revocations().subscribe();
    let Some(token) = query.token else {
        tracing::warn!("sync connection without a token refused");
        return (StatusCode::UNAUTHORIZED, "token required").into_response();
    };
    let checking = token.clone();
    // A totem's ticket letter is looked up once here, outside the hub's lock.
    let checked = crate::http::blocking(&state, move |s| {
        let (principal, device) = s.accounts().authenticate_device(&checking, s.now_secs())?;
        crate::http::refuse_pending_password(&s, &principal)?;
        let letter = match &principal {
            Principal::Totem { device, .. } => s.accounts().ticket_code(device)?,
            _ => None,
        };
        Ok((principal, device, letter))
    })
    .await;
    let (principal, device, letter) = match checked {
        Ok(p) => p,
        Err(refused) if refused.0 == StatusCode::FORBIDDEN => return refused.into_response(),
        Err(_) => {
            tracing::warn!("sync connection with an invalid token refused");
            return (StatusCode::UNAUTHORIZED, "invalid token").into_response();
        }
    };
    // Larger frames are refused before they are buffered whole (finding 7).
    let ws = ws.max_message_size(MAX_INCOMING_FRAME_BYTES).max_frame_size(MAX_INCOMING_FRAME_BYTES);
    ws.on_upgrade(move |socket| serve_socket(state, socket, (principal, device, letter), token, ended))
}

async fn serve_socket(
    state: AppState,
    socket: WebSocket,
    (principal, device, letter): (Principal, String, Option<TotemCode>),
    token: String,
    mut ended: broadcast::Receiver<Ended>,
) {
    let conn = state.next_conn_id();
    let (tx, mut rx) = mpsc::unbounded_channel::<Outbound>();
    let too_large = tx.clone();
    state.register_conn(conn, tx);
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
    tracing::info!(conn, who = %principal.label(), "sync connection opened");

    let (mut sink, mut stream) = socket.split();
    let writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let result = match out {
                Outbound::Frame(bytes) => sink.send(WsMessage::Binary(bytes.into())).await,
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

    let hash = crate::auth::token_hash(&token);
    let mut checked = tokio::time::Instant::now();
    loop {
        // A logout, ended session, password change or revocation closes the socket at once,
        // quiet or not; a lagging subscriber re-checks the token instead.
        let received = tokio::select! {
            received = stream.next() => received,
            ended = ended.recv() => {
                let over = match ended {
                    Ok(ended) => ended.ends(&principal, &hash),
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        let checking = token.clone();
                        crate::http::blocking(&state, move |s| Ok(s.accounts().authenticate(&checking, s.now_secs())?))
                            .await
                            .is_err()
                    }
                    Err(broadcast::error::RecvError::Closed) => true,
                };
                if over {
                    tracing::info!(conn, who = %principal.label(), "credentials ended: socket closed");
                    state.route(vec![Out::Close(conn, "Sessione terminata: accedi di nuovo.".into())]);
                    break;
                }
                continue;
            }
        };
        let Some(received) = received else { break };
        let message = match received {
            Ok(message) => message,
            Err(err) => {
                // tungstenite's capacity error: the frame passed the limit.
                let text = err.to_string();
                if text.contains("too long") || text.contains("Space limit") {
                    tracing::warn!(conn, who = %principal.label(), %text, "frame over the limit refused");
                    let reason =
                        format!("Messaggio oltre il limite di {} KB: rifiutato.", MAX_INCOMING_FRAME_BYTES / 1024);
                    let _ = too_large.send(Outbound::Close(1009, reason));
                }
                break;
            }
        };
        let bytes = match message {
            WsMessage::Binary(b) => b,
            WsMessage::Close(_) => break,
            _ => continue,
        };
        if checked.elapsed() > RECHECK {
            checked = tokio::time::Instant::now();
            let checking = token.clone();
            let still_valid =
                crate::http::blocking(&state, move |s| Ok(s.accounts().authenticate(&checking, s.now_secs())?)).await;
            if still_valid.is_err() {
                state.route(vec![Out::Close(conn, "session expired".into())]);
                break;
            }
        }
        let (receiving, now) = (hub.clone(), state.now_millis());
        let closing = match tokio::task::spawn_blocking(move || receiving.receive(conn, &bytes, now)).await {
            Ok(closing) => closing,
            Err(_) => {
                state.route(vec![Out::Close(conn, "internal error".into())]);
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
        leaving.disconnect(conn);
    })
    .await;
    state.unregister_conn(conn);
    drop(too_large);
    let _ = writer.await;
    tracing::info!(conn, "sync connection closed");
}

pub fn route_one(sender: &mpsc::UnboundedSender<Outbound>, out: Out) {
    let _ = match out {
        Out::Send(_, bytes) => sender.send(Outbound::Frame(bytes)),
        Out::Close(_, reason) => sender.send(Outbound::Close(1008, reason)),
        Out::Audit(_) | Out::Store(_) => Ok(()),
    };
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
