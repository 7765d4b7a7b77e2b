//! Company documents on a real relay (real SQLite, real WebSockets on loopback): only the
//! company's CPI's operators sync a company, every access to it is in the audit log, and
//! `--demo` gives each pilot CPI a company index whose lines match their companies.

use automerge::{ActorId, Automerge};
use futures_util::StreamExt;
use sportello_core::access::{AccessClass, DeviceKind, Principal, Role};
use sportello_core::employers::company::Company;
use sportello_core::employers::index::{CompanyEntry, CompanyIndexView};
use sportello_core::employers::{ateco, places, tax_code};
use sportello_core::sync::client::{DocPhase, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_relay::audit::{AuditAction, AuditEntry};
use sportello_relay::{router, AppState, Config};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message as WsMessage;

mod support;
use support::Socket;

/// Only a guard against hanging forever: every assertion waits on an event, not on time.
const GUARD: Duration = Duration::from_secs(60);

fn config(name: &str, demo: bool) -> Config {
    let root = support::temp_dir(&format!("companies-{name}"));
    std::fs::create_dir_all(root.join("dist")).unwrap();
    let mut config = support::config(&root);
    config.demo = demo;
    config
}

/// A relay on a loopback port over SQLite in its own directory.
async fn serve(config: Config) -> (AppState, String) {
    let state = tokio::task::spawn_blocking(move || AppState::new(&config).unwrap()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let app = router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (state, addr)
}

/// Runs blocking relay calls (the hubs and the stores) off the async runtime.
async fn blocking<R: Send + 'static>(state: &AppState, f: impl FnOnce(AppState) -> R + Send + 'static) -> R {
    let state = state.clone();
    tokio::task::spawn_blocking(move || f(state)).await.unwrap()
}

fn operator_token(state: &AppState, username: &str, cpi: &str) -> String {
    state.accounts().add_operator(username, username, cpi, Role::Operator, "password-di-prova").unwrap();
    state.accounts().login(username, "password-di-prova", "test", state.now_secs()).unwrap().token
}

fn device_token(state: &AppState, cpi: &str, kind: DeviceKind) -> String {
    let head = format!("responsabile.{cpi}.{}", kind.name());
    state.accounts().add_operator(&head, "Capo", cpi, Role::Head, "password-di-prova").unwrap();
    let by = Principal::Operator { username: head, name: "Capo".into(), cpi: cpi.into(), role: Role::Head };
    let (code, _) = state.accounts().create_enrollment_code(&by, state.now_secs()).unwrap();
    state.accounts().enroll(&code, "Dispositivo di prova", kind, state.now_secs()).unwrap().token
}

/// The app's sync client on a real WebSocket.
struct Device {
    client: SyncClient,
    socket: Socket,
}

impl Device {
    async fn connect(state: &AppState, addr: &str, token: &str, n: u8) -> Self {
        let mut client = SyncClient::new(PeerId(format!("device-{n}")), ActorId::from(&[n; 16][..]));
        let (mut socket, _) =
            tokio_tungstenite::connect_async(support::sync_url(state, addr, token).await).await.unwrap();
        support::send_effects(&mut socket, client.connected()).await;
        Device { client, socket }
    }

    /// Asks the relay for `doc` and answers it until the device holds `heads` or is told the
    /// document is unavailable; returns the document's phase.
    async fn open(&mut self, doc: DocumentId, heads: &[automerge::ChangeHash]) -> DocPhase {
        support::send_effects(&mut self.socket, self.client.open(doc)).await;
        let listen = async {
            loop {
                match self.client.phase(&doc) {
                    Some(DocPhase::Unavailable) => return DocPhase::Unavailable,
                    Some(DocPhase::Ready) if self.client.doc(&doc).unwrap().get_heads() == heads => {
                        return DocPhase::Ready
                    }
                    _ => {}
                }
                match self.socket.next().await {
                    Some(Ok(WsMessage::Binary(bytes))) => {
                        support::send_effects(&mut self.socket, self.client.receive(&bytes).unwrap()).await;
                    }
                    Some(Ok(_)) => {}
                    other => panic!("the relay closed the socket: {other:?}"),
                }
            }
        };
        tokio::time::timeout(GUARD, listen).await.expect("the relay answers")
    }
}

/// What the relay holds of a document of `cpi`: its heads.
async fn stored_heads(state: &AppState, cpi: &str, doc: DocumentId) -> Vec<automerge::ChangeHash> {
    let cpi = cpi.to_owned();
    blocking(state, move |s| s.hub(&cpi).read(&doc, s.now_millis(), |d| d.get_heads()).unwrap().unwrap()).await
}

async fn audit_of(state: &AppState, cpi: &str, doc: DocumentId) -> Vec<AuditEntry> {
    let cpi = cpi.to_owned();
    blocking(state, move |s| s.audit().list(&cpi, Some(&doc.to_string()), 100).unwrap()).await
}

fn company_doc() -> Automerge {
    let code = tax_code::parse("06363391001").unwrap();
    let company = Company::new("bari", &code, "Forno Lorusso S.r.l.");
    let mut doc = Automerge::new().with_actor(ActorId::from(&[0xC0; 16][..]));
    let mut tx = doc.transaction();
    sportello_core::docs::write(&mut tx, &company).unwrap();
    tx.commit();
    doc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_companys_cpi_syncs_a_company_and_every_access_is_audited() {
    let (state, addr) = serve(config("audit", false)).await;
    let company = DocumentId::from_random([41; 16]);
    blocking(&state, move |s| {
        let class = AccessClass::Private { cpi: "bari".into() };
        s.hub("bari").create(company, class, company_doc(), s.now_millis()).unwrap()
    })
    .await;
    let heads = stored_heads(&state, "bari", company).await;

    // An operator of the company's CPI receives it, and the log says who and on which device.
    let mut anna = Device::connect(&state, &addr, &operator_token(&state, "anna", "bari"), 1).await;
    assert_eq!(anna.open(company, &heads).await, DocPhase::Ready);
    let read: Company = sportello_core::docs::read(anna.client.doc(&company).unwrap()).unwrap();
    assert_eq!(read.registry.name.as_str(), "Forno Lorusso S.r.l.");
    let audit = audit_of(&state, "bari", company).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!((audit[0].action, audit[0].who.as_str()), (AuditAction::Read, "operator:anna@bari"));

    // Another CPI's operator, a totem and a display board of the CPI itself are refused, and
    // each refusal is in the company's CPI's log.
    let refused = [
        (operator_token(&state, "luca", "lecce"), "operator:luca@lecce"),
        (device_token(&state, "bari", DeviceKind::Totem), "totem:"),
        (device_token(&state, "bari", DeviceKind::Display), "display:"),
    ];
    for (n, (token, who)) in refused.iter().enumerate() {
        let mut device = Device::connect(&state, &addr, token, 2 + n as u8).await;
        assert_eq!(device.open(company, &heads).await, DocPhase::Unavailable, "{who}");
        assert!(device.client.doc(&company).is_none_or(|d| d.get_heads().is_empty()), "{who} got no content");
        let audit = audit_of(&state, "bari", company).await;
        let denied: Vec<&AuditEntry> = audit.iter().filter(|e| e.action == AuditAction::Denied).collect();
        assert_eq!(denied.len(), n + 1, "{audit:?}");
        assert!(denied[0].who.starts_with(who), "{who}: {audit:?}");
        assert_eq!(denied[0].cpi, "bari");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_companies_are_in_the_company_index_the_operators_are_given() {
    let (state, addr) = serve(config("demo", true)).await;
    let app = router(state.clone());
    let session = support::sign_in(&app, "operatore.bari", "demo-bari").await;
    let token = session["token"].as_str().unwrap();
    let (_, me) = support::json_request(&app, "GET", "/api/me", Some(token), serde_json::Value::Null).await;
    let url = me["documents"]["company_index"].as_str().expect("the operator is given the company index");
    let index = DocumentId::parse(url.trim_start_matches("automerge:")).unwrap();
    assert_ne!(me["documents"]["index"].as_str(), Some(url), "not the dossier index");

    // A totem of the CPI is not given it.
    let totem = device_token(&state, "bari", DeviceKind::Totem);
    let (_, totem_me) = support::json_request(&app, "GET", "/api/me", Some(&totem), serde_json::Value::Null).await;
    assert_eq!(totem_me["documents"]["company_index"], serde_json::Value::Null, "{totem_me}");

    // The index syncs over the socket with a line per demo company, every field consistent.
    let mut device = Device::connect(&state, &addr, token, 1).await;
    let heads = stored_heads(&state, "bari", index).await;
    assert_eq!(device.open(index, &heads).await, DocPhase::Ready);
    let view = CompanyIndexView::load(device.client.doc(&index).unwrap());
    assert_eq!((view.entries.len(), view.skipped), (300, 0));
    for e in &view.entries {
        DocumentId::parse(&e.company).unwrap();
        tax_code::parse(&e.tax_code).unwrap_or_else(|err| panic!("{}: {err:?}", e.tax_code));
        assert!(ateco::activity(&e.ateco).is_some(), "ATECO 2025 code {}", e.ateco);
        assert_eq!(places::by_istat(&e.municipality).map(|m| m.province), Some("BA"), "{e:?}");
        assert!(!e.name.is_empty());
    }
    let stages: std::collections::BTreeSet<_> = view.entries.iter().map(|e| e.campaign.stage).collect();
    assert!(stages.len() >= 6, "companies at every step of the campaign: {stages:?}");
    assert!(audit_of(&state, "bari", index).await.is_empty(), "the index is not an audited document");

    // Searching a generated company's partita IVA finds it first.
    let wanted = view.entries.iter().find(|e| e.tax_code.len() == 11).expect("a company with a partita IVA");
    let hits = view.search.search(&format!("IT {}", wanted.tax_code), 5);
    assert_eq!(hits.first().map(|&i| &view.entries[i]), Some(wanted));

    // The company it lists syncs, reads back as the line says, and the read is audited.
    let company = DocumentId::parse(&wanted.company).unwrap();
    let heads = stored_heads(&state, "bari", company).await;
    assert_eq!(device.open(company, &heads).await, DocPhase::Ready);
    let record: Company = sportello_core::docs::read(device.client.doc(&company).unwrap()).unwrap();
    assert_eq!(&CompanyEntry::from_company(&wanted.company, &record), wanted);
    let audit = audit_of(&state, "bari", company).await;
    assert!(
        audit.iter().any(|e| e.action == AuditAction::Read && e.who == "operator:operatore.bari@bari"),
        "{audit:?}"
    );
}
