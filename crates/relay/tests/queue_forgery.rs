//! Finding 2 of issue 12, over a real WebSocket on loopback against real SQLite: an enrolled
//! totem may only add its own, freshly issued tickets to its CPI's queue of the day. Every
//! forgery of the finding is refused with an Italian reason, never stored nor shown on the
//! board, and audited; the totem's legitimate next ticket is accepted.

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, Automerge, ReadDoc, ROOT};
use futures_util::{SinkExt, StreamExt};
use sportello_core::access::AccessClass;
use sportello_core::catalogue::Area;
use sportello_core::docs::queue::QueueDay;
use sportello_core::queue::{Priority, TicketNumber, TotemCode};
use sportello_core::sync::client::{DocPhase, Effect, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_relay::audit::AuditAction;
use sportello_relay::AppState;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message as WsMessage;

mod support;
use support::{Heard, Socket};

/// Only a guard against hanging forever: every assertion waits on an event, not on time.
const GUARD: Duration = Duration::from_secs(30);
const SECRET: &str = "0123456789abcdef0123";

struct Totem {
    client: SyncClient,
    socket: Socket,
}

impl Totem {
    /// A fresh device state on a new socket, with the day's queue as the relay holds it.
    async fn connect(state: &AppState, addr: &str, token: &str, n: u8, doc: DocumentId) -> Self {
        let client = SyncClient::new(PeerId(format!("totem-{n}")), ActorId::from(&[n; 16][..]));
        let (socket, _) = tokio_tungstenite::connect_async(support::sync_url(state, addr, token).await).await.unwrap();
        let mut totem = Totem { client, socket };
        let mut effects = totem.client.connected();
        effects.extend(totem.client.open(doc));
        totem.send(effects).await;
        let loading = async {
            while totem.client.doc(&doc).is_none_or(|d| d.get_heads().is_empty()) {
                let Some(Ok(WsMessage::Binary(bytes))) = totem.socket.next().await else { panic!("socket closed") };
                let effects = totem.client.receive(&bytes).unwrap();
                totem.send(effects).await;
            }
        };
        tokio::time::timeout(GUARD, loading).await.expect("the queue day loads");
        assert_eq!(totem.client.phase(&doc), Some(DocPhase::Ready));
        totem
    }

    async fn send(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Send(bytes) = effect {
                // The relay may cut a socket mid-frame (a frame over the limit): what it said
                // is read afterwards.
                if self.socket.send(WsMessage::Binary(bytes.into())).await.is_err() {
                    return;
                }
            }
        }
    }

    async fn edit(&mut self, doc: DocumentId, change: impl FnOnce(&mut automerge::transaction::Transaction<'_>)) {
        let (_, effects) = self.client.change(doc, 0, change).unwrap();
        self.send(effects).await;
    }

    async fn edit_day(&mut self, doc: DocumentId, change: impl FnOnce(&mut QueueDay)) {
        self.edit(doc, |tx| {
            let mut day: QueueDay = sportello_core::docs::read(tx).unwrap();
            change(&mut day);
            sportello_core::docs::write(tx, &day).unwrap();
        })
        .await;
    }

    /// What the relay did with the change: acknowledged it, or closed with a reason (after an
    /// automerge-repo `error` frame, which the client reports as an error).
    async fn outcome(&mut self, doc: DocumentId) -> Heard {
        let listen = async {
            let mut told = None;
            while self.client.pending_changes(&doc) > 0 {
                match self.socket.next().await {
                    Some(Ok(WsMessage::Binary(bytes))) => match self.client.receive(&bytes) {
                        Ok(effects) => self.send(effects).await,
                        Err(err) => told = Some(err.to_string()),
                    },
                    Some(Ok(WsMessage::Close(frame))) => {
                        let (code, reason) =
                            frame.map(|f| (u16::from(f.code), f.reason.to_string())).unwrap_or_default();
                        // A refused change (1008) is explained in an `error` frame first; a
                        // frame over the limit (1009) is cut before it is read.
                        match code {
                            1009 => assert!(told.is_none()),
                            _ => assert!(told.is_some_and(|t| t.contains(&reason)), "an error frame came first"),
                        }
                        return Heard::Closed(reason);
                    }
                    Some(Ok(_)) => {}
                    other => return Heard::Closed(format!("{other:?}")),
                }
            }
            Heard::Acknowledged
        };
        tokio::time::timeout(GUARD, listen).await.expect("the relay answers")
    }
}

fn board(state: &AppState, doc: &DocumentId) -> QueueDay {
    state.hub("bari").read(doc, state.now_millis(), |d| sportello_core::docs::read(d).unwrap()).unwrap().unwrap()
}

/// A relay on loopback with an enrolled totem of Bari: its token and its ticket letter.
async fn relay_with_totem(name: &str) -> (AppState, String, sportello_relay::auth::Session, TotemCode) {
    let root = std::env::temp_dir().join(format!("sportello-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("dist")).unwrap();
    let config = support::config(&root);
    let state = AppState::new(&config).unwrap();
    let addr = support::serve(&state).await;

    let totem = support::enrolled_totem(&state);
    let accounts = state.accounts();
    let sportello_core::access::Principal::Totem { device, .. } = &totem.principal else { panic!("a totem") };
    let letter = accounts.ticket_code(device).unwrap().expect("a totem has a letter");
    (state, addr, totem, letter)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_totem_adds_only_its_own_fresh_tickets() {
    let (state, addr, totem, letter) = relay_with_totem("queue-forgery").await;
    let sportello_core::access::Principal::Totem { device, .. } = &totem.principal else { panic!("a totem") };
    let other = TotemCode::from_index(letter.index() + 1).unwrap();

    let doc = DocumentId::from_random([41; 16]);
    let mut day = Automerge::new();
    let mut tx = day.transaction();
    sportello_core::docs::write(&mut tx, &QueueDay::new("bari", "2026-12-01")).unwrap();
    tx.commit_with(CommitOptions::default().with_time(0));
    state.hub("bari").create(doc, AccessClass::Queue { cpi: "bari".into() }, day, state.now_millis()).unwrap();

    let now = state.now_millis() as i64;
    type Forgery = Box<dyn FnOnce(&mut QueueDay)>;
    let forgeries: Vec<(&str, Forgery)> = vec![
        ("another totem's letter", Box::new(move |d| drop(d.issue(other, Area::B, Priority::Normal, now, SECRET, 0)))),
        (
            "top priority, issued in 1970, called to desk 9",
            Box::new(move |d| {
                let t = d.issue(letter, Area::B, Priority::Disability, 0, SECRET, 0).unwrap();
                d.update(t.number, |t| t.call(9, 1)).unwrap();
            }),
        ),
        (
            "done, with a chosen secret",
            Box::new(move |d| {
                let t = d.issue(letter, Area::B, Priority::Normal, now, "scelto", 0).unwrap();
                d.update(t.number, |t| t.call(1, now).and_then(|_| t.start(now)).and_then(|_| t.done(now))).unwrap();
            }),
        ),
        (
            "200 tickets at once",
            Box::new(move |d| {
                for _ in 0..200 {
                    d.issue(letter, Area::C, Priority::Normal, now, SECRET, 0).unwrap();
                }
            }),
        ),
    ];
    for (n, (what, forge)) in forgeries.into_iter().enumerate() {
        let mut kiosk = Totem::connect(&state, &addr, &totem.token, n as u8 + 1, doc).await;
        kiosk.edit_day(doc, forge).await;
        let heard = kiosk.outcome(doc).await;
        assert!(matches!(&heard, Heard::Closed(r) if !r.is_empty()), "{what}: {heard:?}");
        assert!(board(&state, &doc).tickets().is_empty(), "{what}: nothing reached the board");
    }

    // Junk root fields.
    let mut kiosk = Totem::connect(&state, &addr, &totem.token, 10, doc).await;
    kiosk.edit(doc, |tx| tx.put(ROOT, "spazzatura", "x".repeat(64 * 1024)).unwrap()).await;
    assert_eq!(kiosk.outcome(doc).await, Heard::Closed("Campo sconosciuto nella coda: spazzatura.".into()));
    let junk =
        state.hub("bari").read(&doc, state.now_millis(), |d| d.get(ROOT, "spazzatura").unwrap().is_some()).unwrap();
    assert_eq!(junk, Some(false), "the junk is not stored");

    let audited = state.audit().list("bari", Some(&doc.to_string()), 100).unwrap();
    let refusals = audited.iter().filter(|e| e.action == AuditAction::ChangeRefused && e.who.contains(device.as_str()));
    assert_eq!(refusals.count(), 5, "every refusal is audited with the device: {audited:?}");

    // The totem's honest next ticket goes through.
    let mut kiosk = Totem::connect(&state, &addr, &totem.token, 11, doc).await;
    kiosk.edit_day(doc, |d| drop(d.issue(letter, Area::B, Priority::Normal, now, SECRET, 0))).await;
    assert_eq!(kiosk.outcome(doc).await, Heard::Acknowledged);
    let number = TicketNumber::new(Area::B, letter, 1).unwrap();
    assert!(board(&state, &doc).ticket(number).is_some_and(|t| t.is_waiting()));
}

/// Finding 7: a totem's oversized declaration is refused before it is buffered whole (10 MB,
/// over the frame limit: close 1009) or before it is stored (100 KB, over a declaration's
/// size), and the relay's documents never hold it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_declarations_are_refused_and_not_stored() {
    let (state, addr, totem, _) = relay_with_totem("quotas").await;
    for (n, size, reason) in [
        (1u8, 10usize * 1024 * 1024, "Messaggio oltre il limite di 2048 KB: rifiutato."),
        (2u8, 100 * 1024, "Modifica rifiutata: una dichiarazione supererebbe il limite di 32 KB"),
    ] {
        let doc = DocumentId::from_random([50 + n; 16]);
        let client = SyncClient::new(PeerId(format!("totem-big-{n}")), ActorId::from(&[60 + n; 16][..]));
        let (socket, _) =
            tokio_tungstenite::connect_async(support::sync_url(&state, &addr, &totem.token).await).await.unwrap();
        let mut kiosk = Totem { client, socket };
        let mut effects = kiosk.client.connected();
        // Random-looking text does not compress: the change is about `size` bytes.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let junk: String = (0..size)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(b'a' + (seed % 26) as u8)
            })
            .collect();
        effects.extend(kiosk.client.create(doc, 0, |tx| {
            tx.put(ROOT, "kind", "did").unwrap();
            tx.put(ROOT, "note", junk).unwrap();
        }));
        kiosk.send(effects).await;
        match kiosk.outcome(doc).await {
            // A reset can overtake the close frame while the client is still writing 10 MB.
            Heard::Closed(r) => assert!(r.starts_with(reason) || r.contains("Reset"), "{size}: {r}"),
            other => panic!("{size}: {other:?}"),
        }
        assert_eq!(state.hub("bari").class(&doc).unwrap(), None, "{size}: the relay holds nothing of it");
    }
}
