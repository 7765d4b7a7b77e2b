//! The hub audits dossiers from what really crosses the wire: a device that receives a
//! dossier, sends changes to it or is refused it leaves an entry; other documents do not.

use automerge::transaction::CommitOptions;
use automerge::{ActorId, Automerge};
use chrono::NaiveDate;
use sportello_core::access::{AccessClass, Principal, Role};
use sportello_core::codice_fiscale::Sex;
use sportello_core::docs::dossier::Dossier;
use sportello_core::sync::client::{Effect, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_relay::audit::{AuditAction, AuditEntry};
use sportello_relay::hub::{ConnId, Out};

mod support;
use support::Relay;

fn operator(username: &str, cpi: &str) -> Principal {
    Principal::Operator { username: username.into(), name: username.into(), cpi: cpi.into(), role: Role::Operator }
}

struct Device {
    client: SyncClient,
    conn: ConnId,
}

/// Runs frames between devices and the hub until quiet; returns the audit entries.
fn pump(hub: &Relay, devices: &mut [&mut Device], mut pending: Vec<(ConnId, Vec<u8>)>) -> Vec<AuditEntry> {
    let mut audit = Vec::new();
    while let Some((conn, frame)) = pending.pop() {
        for out in hub.receive(conn, &frame, 1_000) {
            match out {
                Out::Send(to, bytes) => {
                    let device = devices.iter_mut().find(|d| d.conn == to).expect("known connection");
                    for effect in device.client.receive(&bytes).expect("valid frame") {
                        if let Effect::Send(b) = effect {
                            pending.push((to, b));
                        }
                    }
                }
                Out::Audit(entry) => audit.push(entry),
                Out::Close(..) | Out::Store(_) => {}
            }
        }
    }
    audit
}

fn connect(hub: &Relay, principal: Principal, conn: ConnId, doc: DocumentId) -> (Device, Vec<(ConnId, Vec<u8>)>) {
    hub.connect(conn, principal, format!("device-{conn}"));
    let mut client = SyncClient::new(PeerId(format!("peer-{conn}")), ActorId::from(&[conn as u8; 16][..]));
    client.open(doc);
    let sends = client
        .connected()
        .into_iter()
        .filter_map(|e| if let Effect::Send(b) = e { Some((conn, b)) } else { None })
        .collect();
    (Device { client, conn }, sends)
}

fn dossier_doc() -> Automerge {
    let person = Dossier::new(
        "bari",
        "RSSMRA80A01H501U",
        "Rossi",
        "Mario",
        NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
        Sex::Male,
    );
    let mut doc = Automerge::new().with_actor(ActorId::from(&[0xAA; 16][..]));
    let mut tx = doc.transaction();
    sportello_core::docs::write(&mut tx, &person).unwrap();
    tx.commit_with(CommitOptions::default().with_time(0));
    doc
}

#[test]
fn reading_changing_and_being_refused_a_dossier_are_audited() {
    let hub = Relay::default();
    let doc = DocumentId::from_random([7; 16]);
    hub.create(doc, AccessClass::Private { cpi: "bari".into() }, dossier_doc(), 0);

    let (mut anna, sends) = connect(&hub, operator("anna", "bari"), 1, doc);
    let audit = pump(&hub, &mut [&mut anna], sends);
    assert!(
        audit.iter().any(|e| e.action == AuditAction::Read && e.who == "operator:anna@bari" && e.device == "device-1"),
        "{audit:?}"
    );

    let (_, effects) = anna
        .client
        .change(doc, 10, |tx| {
            use automerge::transaction::Transactable;
            tx.put(automerge::ROOT, "note", "x").unwrap();
        })
        .unwrap();
    let sends = effects.into_iter().filter_map(|e| if let Effect::Send(b) = e { Some((1, b)) } else { None }).collect();
    let audit = pump(&hub, &mut [&mut anna], sends);
    assert!(audit.iter().any(|e| e.action == AuditAction::Change && e.doc == doc.to_string()), "{audit:?}");

    let (mut luca, sends) = connect(&hub, operator("luca", "lecce"), 2, doc);
    let audit = pump(&hub, &mut [&mut anna, &mut luca], sends);
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0].action, AuditAction::Denied);
    assert_eq!((audit[0].who.as_str(), audit[0].cpi.as_str()), ("operator:luca@lecce", "bari"));
}

#[test]
fn documents_that_are_not_dossiers_leave_no_audit_entry() {
    let hub = Relay::default();
    let doc = DocumentId::from_random([8; 16]);
    let mut board = Automerge::new();
    let mut tx = board.transaction();
    sportello_core::docs::write(&mut tx, &sportello_core::docs::board::Board::default()).unwrap();
    tx.commit();
    hub.create(doc, AccessClass::Private { cpi: "bari".into() }, board, 0);
    let (mut anna, sends) = connect(&hub, operator("anna", "bari"), 1, doc);
    assert!(pump(&hub, &mut [&mut anna], sends).is_empty());
}
