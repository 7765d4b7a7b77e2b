//! Issue 12, over a real WebSocket on loopback against real SQLite: a change the relay
//! refuses is named in its `error` frame, and a device that reconnects does not offer it
//! again (one `change_refused` entry, not one per reconnect), while its other documents sync.

use automerge::transaction::Transactable;
use automerge::ROOT;
use futures_util::StreamExt;
use sportello_core::sync::client::{ClientError, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::Message;
use sportello_relay::audit::AuditAction;
use sportello_relay::AppState;
use tokio_tungstenite::tungstenite::Message as WsMessage;

mod support;
use support::{incompressible, Device, SOCKET_GUARD};

async fn declaration(device: &mut Device, id: DocumentId, note: String) {
    let effects = device.client.create(id, 0, |tx| {
        tx.put(ROOT, "kind", "declaration").unwrap();
        tx.put(ROOT, "note", note).unwrap();
    });
    device.send(effects).await;
}

/// Reads until the relay closes the socket: the `error` frames (document, message) and
/// what the client made of them.
async fn until_closed(device: &mut Device) -> (Vec<(Option<DocumentId>, String)>, Vec<ClientError>) {
    let listen = async {
        let (mut frames, mut errors) = (Vec::new(), Vec::new());
        loop {
            match device.socket.next().await {
                Some(Ok(WsMessage::Binary(bytes))) => {
                    if let Ok(Message::Error { message, document_id }) = Message::decode(&bytes) {
                        frames.push((document_id, message));
                    }
                    match device.client.receive(&bytes) {
                        Ok(effects) => device.send(effects).await,
                        Err(err) => errors.push(err),
                    }
                }
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => return (frames, errors),
                Some(Ok(_)) => {}
            }
        }
    };
    tokio::time::timeout(SOCKET_GUARD, listen).await.expect("the relay closes")
}

/// Answers the relay until it holds every local change of `docs`; panics if it refuses or
/// closes first.
async fn until_delivered(device: &mut Device, docs: &[DocumentId]) {
    let listen = async {
        while docs.iter().any(|d| device.client.pending_changes(d) > 0) {
            match device.socket.next().await {
                Some(Ok(WsMessage::Binary(bytes))) => match device.client.receive(&bytes) {
                    Ok(effects) => device.send(effects).await,
                    Err(err) => panic!("the relay refused again: {err}"),
                },
                Some(Ok(WsMessage::Close(frame))) => panic!("the relay closed the socket: {frame:?}"),
                Some(Ok(_)) => {}
                other => panic!("the socket ended: {other:?}"),
            }
        }
    };
    tokio::time::timeout(SOCKET_GUARD, listen).await.expect("the relay answers")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_change_is_named_audited_once_and_not_resent_at_each_reconnect() {
    let root = support::temp_dir("refusals");
    std::fs::create_dir_all(root.join("dist")).unwrap();
    let state = AppState::new(&support::config(&root)).unwrap();
    let addr = support::serve(&state).await;
    let totem = support::enrolled_totem(&state);

    let client = SyncClient::new(PeerId("totem-refusals".into()), automerge::ActorId::from(&[7; 16][..]));
    let mut device = Device::connect_with(client, &state, &addr, &totem.token).await;
    device.joined().await;
    // A declaration past the 32 KB of its kind (`sportello_core::quota`), and a small one.
    let (big, small) = (DocumentId::from_random([41; 16]), DocumentId::from_random([42; 16]));
    declaration(&mut device, small, "breve".into()).await;
    declaration(&mut device, big, incompressible(60 * 1024)).await;
    let (frames, errors) = until_closed(&mut device).await;
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(frames[0].0, Some(big), "the error frame names the refused document");
    assert!(frames[0].1.starts_with("Modifica rifiutata: "), "{frames:?}");
    assert_eq!(errors, [ClientError::Refused(big, frames[0].1.clone())]);
    assert_eq!(device.client.refused(), [(big, frames[0].1.clone())]);

    let mut delivered = vec![small];
    for n in 0..3u8 {
        let mut again = Device::connect_with(device.client, &state, &addr, &totem.token).await;
        again.joined().await;
        // Frames of one socket are handled in order: this one is acknowledged only if the
        // refused document was not offered (and refused) before it.
        let fresh = DocumentId::from_random([50 + n; 16]);
        declaration(&mut again, fresh, format!("nuova {n}")).await;
        delivered.push(fresh);
        until_delivered(&mut again, &delivered).await;
        device = again;
    }

    let audited = state.audit().list("bari", Some(&big.to_string()), 100).unwrap();
    let refusals = audited.iter().filter(|e| e.action == AuditAction::ChangeRefused).count();
    assert_eq!(refusals, 1, "one refusal, not one per reconnect: {audited:?}");
    // Nothing is lost: the refused change stays on the device, still pending.
    assert_eq!(device.client.pending_changes(&big), 1);
    for id in &delivered {
        let held = state.hub("bari").read(id, state.now_millis(), |d| d.get_heads().len()).unwrap();
        assert_eq!(held, Some(1), "{id} reached the relay");
    }
    assert_eq!(state.hub("bari").read(&big, state.now_millis(), |_| ()).unwrap(), None, "never stored");
}
