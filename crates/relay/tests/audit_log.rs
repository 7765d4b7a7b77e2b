//! The head's audit log on a real relay (real SQLite, real WebSockets on loopback, HTTP through
//! the router): creating a dossier or a company logs its creation and the opens, never a
//! denial, while another CPI's attempts still are denials; the log's filters and pages; the
//! CSV export (its columns, its quoting, who may have it, and that it is itself logged).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use sportello_core::access::Role;
use sportello_core::codice_fiscale::Sex;
use sportello_core::docs::dossier::Dossier;
use sportello_core::employers::company::Company;
use sportello_core::employers::tax_code;
use sportello_core::sync::client::DocPhase;
use sportello_core::sync::ids::DocumentId;
use sportello_relay::audit::{AuditAction, AuditEntry};
use sportello_relay::{router, AppState};
use tower::ServiceExt;

mod support;
use support::{json_request, Device, Heard};

async fn relay(name: &str) -> (AppState, String) {
    let root = support::temp_dir(&format!("audit-log-{name}"));
    std::fs::create_dir_all(root.join("dist")).unwrap();
    let config = support::config(&root);
    let state = tokio::task::spawn_blocking(move || AppState::new(&config).unwrap()).await.unwrap();
    let addr = support::serve(&state).await;
    (state, addr)
}

fn token(state: &AppState, username: &str, cpi: &str, role: Role) -> String {
    state.accounts().add_operator(username, username, cpi, role, "password-di-prova").unwrap();
    state.accounts().login(username, "password-di-prova", "Chromium · Linux", state.now_secs()).unwrap().token
}

async fn log_of(state: &AppState, cpi: &str, doc: DocumentId) -> Vec<AuditEntry> {
    let (state, cpi) = (state.clone(), cpi.to_owned());
    tokio::task::spawn_blocking(move || state.audit().list(&cpi, Some(&doc.to_string()), 100).unwrap()).await.unwrap()
}

fn actions(entries: &[AuditEntry]) -> Vec<AuditAction> {
    entries.iter().rev().map(|e| e.action).collect()
}

/// What the app does when an operator saves a new record: it creates the document and shows
/// it at once, reporting the open, often before the document's first sync reaches the relay.
async fn create_on_device(device: &mut Device, id: DocumentId, record: Record) {
    let effects = device.client.create(id, 0, |tx| match record {
        Record::Dossier => {
            let birth = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap();
            let person = Dossier::new("bari", "RSSMRA80A01H501U", "Rossi", "Mario", birth, Sex::Male);
            sportello_core::docs::write(tx, &person).unwrap();
        }
        Record::Company => {
            let company = Company::new("bari", &tax_code::parse("06363391001").unwrap(), "Forno Lorusso S.r.l.");
            sportello_core::docs::write(tx, &company).unwrap();
        }
    });
    device.send(effects).await;
}

#[derive(Clone, Copy, Debug)]
enum Record {
    Dossier,
    Company,
}

async fn report_open(state: &AppState, token: &str, id: DocumentId) {
    let body = serde_json::json!({ "opens": [{ "doc": id.to_string(), "at_ms": state.now_millis() }] });
    let (status, _) = json_request(&router(state.clone()), "POST", "/api/audit", Some(token), body).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_a_dossier_or_a_company_logs_its_creation_and_opens_and_no_denial() {
    let (state, addr) = relay("create").await;
    let anna = token(&state, "anna", "bari", Role::Operator);
    let mut device = Device::connect(&state, &addr, &anna, 1).await;
    device.joined().await;

    for (n, record) in [Record::Dossier, Record::Company].into_iter().enumerate() {
        let id = DocumentId::from_random([60 + n as u8; 16]);
        // The screen's open reaches the relay before the document does.
        report_open(&state, &anna, id).await;
        create_on_device(&mut device, id, record).await;
        assert_eq!(device.until_acknowledged(id).await, Heard::Acknowledged, "{record:?}");
        // Opened again once the relay holds it.
        report_open(&state, &anna, id).await;

        let log = log_of(&state, "bari", id).await;
        assert_eq!(actions(&log), [AuditAction::Open, AuditAction::Create, AuditAction::Open], "{record:?}: {log:?}");
        assert!(log.iter().all(|e| e.who == "operator:anna@bari" && e.cpi == "bari"), "{log:?}");
        // An edit afterwards is a change, not another creation.
        let (_, effects) = device
            .client
            .change(id, 1, |tx| {
                use automerge::transaction::Transactable;
                tx.put(automerge::ROOT, "nota", "sì").unwrap();
            })
            .unwrap();
        device.send(effects).await;
        assert_eq!(device.until_acknowledged(id).await, Heard::Acknowledged);
        assert_eq!(log_of(&state, "bari", id).await[0].action, AuditAction::Change);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_cpis_operator_is_still_denied_over_the_socket_and_in_the_reports() {
    let (state, addr) = relay("denied").await;
    let anna = token(&state, "anna", "bari", Role::Operator);
    let mut bari = Device::connect(&state, &addr, &anna, 1).await;
    bari.joined().await;
    let id = DocumentId::from_random([70; 16]);
    create_on_device(&mut bari, id, Record::Dossier).await;
    assert_eq!(bari.until_acknowledged(id).await, Heard::Acknowledged);

    let luca = token(&state, "luca", "lecce", Role::Operator);
    let mut lecce = Device::connect(&state, &addr, &luca, 2).await;
    lecce.joined().await;
    let effects = lecce.client.open(id);
    lecce.send(effects).await;
    let refused = async {
        use futures_util::StreamExt;
        while lecce.client.phase(&id) != Some(DocPhase::Unavailable) {
            let Some(Ok(tokio_tungstenite::tungstenite::Message::Binary(bytes))) = lecce.socket.next().await else {
                continue;
            };
            let effects = lecce.client.receive(&bytes).unwrap();
            lecce.send(effects).await;
        }
    };
    tokio::time::timeout(support::SOCKET_GUARD, refused).await.expect("the relay answers");
    // Lecce's desk reports that it tried to show it.
    report_open(&state, &luca, id).await;

    let log = log_of(&state, "bari", id).await;
    assert_eq!(actions(&log), [AuditAction::Create, AuditAction::Denied], "{log:?}");
    assert_eq!(log[0].who, "operator:luca@lecce");
    // The report is filed with the reporter's CPI (anyone could otherwise flood Bari's log).
    let reported = log_of(&state, "lecce", id).await;
    assert_eq!(actions(&reported), [AuditAction::Denied], "{reported:?}");
}

/// A GET through the router: status, content type and body.
async fn get(state: &AppState, uri: &str, token: &str) -> (StatusCode, String, String) {
    let req = Request::get(uri).header("authorization", format!("Bearer {token}")).body(Body::empty()).unwrap();
    let res = router(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, kind, String::from_utf8(body.to_vec()).unwrap())
}

/// Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF records) as a spreadsheet would.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the last record ends with CRLF");
    rows
}

/// Epoch ms of a wall time in Italy.
fn rome_ms(text: &str) -> i64 {
    use chrono::TimeZone;
    let local: chrono::NaiveDateTime = text.parse().unwrap();
    chrono_tz::Europe::Rome.from_local_datetime(&local).unwrap().timestamp_millis()
}

fn entry(at: &str, who: &str, doc: &str, action: AuditAction, device: &str) -> AuditEntry {
    AuditEntry {
        at_ms: rome_ms(at),
        device_at_ms: None,
        cpi: "bari".into(),
        doc: doc.into(),
        who: who.into(),
        device: device.into(),
        action,
    }
}

fn dossier_id(n: u8) -> String {
    DocumentId::from_random([n; 16]).to_string()
}

/// The docs and actions of a listing, newest first.
fn listed(body: &serde_json::Value) -> Vec<(String, String)> {
    body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["doc"].as_str().unwrap().to_owned(), e["action"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_head_filters_pages_and_exports_the_log_and_nobody_else_does() {
    let (state, _) = relay("filters").await;
    let (d1, d2) = (dossier_id(81), dossier_id(82));
    let anna = "operator:anna@bari";
    let bruno = "operator:bruno@bari";
    state
        .audit()
        .record(&[
            entry("2026-11-02T09:00:00", anna, &d1, AuditAction::Open, "Chromium · Linux"),
            entry("2026-11-02T09:01:00", anna, &d1, AuditAction::Change, "Chromium · Linux"),
            entry("2026-11-10T23:30:00", bruno, &d2, AuditAction::Open, "Tablet \"A\", sala 2"),
            entry("2026-11-11T00:10:00", "totem:t1@bari", &d1, AuditAction::Identify, "t1"),
            entry("2026-11-20T10:00:00", bruno, &d1, AuditAction::Denied, "=cmd|' /C calc'!A0"),
            entry("2026-11-30T23:59:00", anna, &d2, AuditAction::Issue, "Chromium · Linux"),
        ])
        .unwrap();
    let mut lecce_entry = entry("2026-11-15T10:00:00", "operator:luca@lecce", &d2, AuditAction::Open, "x");
    lecce_entry.cpi = "lecce".into();
    state.audit().record(&[lecce_entry]).unwrap();

    let head = token(&state, "capo.bari", "bari", Role::Head);
    let app = router(state.clone());
    let list = |query: &str| {
        let (app, head, query) = (app.clone(), head.clone(), query.to_owned());
        async move {
            let (status, body) =
                json_request(&app, "GET", &format!("/api/audit?{query}"), Some(&head), serde_json::Value::Null).await;
            assert_eq!(status, StatusCode::OK, "{query}: {body}");
            body
        }
    };

    // Operator and action.
    let bruno_opens = list("who=operator%3Abruno%40bari&action=open").await;
    assert_eq!(listed(&bruno_opens), [(d2.clone(), "open".to_owned())]);
    assert_eq!(listed(&list("action=identify").await), [(d1.clone(), "identify".to_owned())]);
    // A document (id or URL), and combined with an operator.
    let d1_log = list(&format!("doc=automerge%3A{d1}")).await;
    assert_eq!(listed(&d1_log).len(), 4);
    assert_eq!(listed(&list(&format!("doc={d1}&who=operator%3Aanna%40bari")).await).len(), 2);
    // A period of Italian days, both included: 10 Nov at 23:30 and 11 Nov at 00:10 in Italy
    // are the 10th and the 11th whatever UTC says; the 30th up to 23:59.
    let tenth = list("from=2026-11-10&to=2026-11-10").await;
    assert_eq!(listed(&tenth), [(d2.clone(), "open".to_owned())]);
    let late_november = list("from=2026-11-11&to=2026-11-30").await;
    assert_eq!(
        listed(&late_november).iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(),
        ["issue", "denied", "identify"]
    );
    // Pages of the same filter follow each other, and the last says there is no more.
    let first = list("who=operator%3Aanna%40bari&limit=2").await;
    assert_eq!(listed(&first).iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(), ["issue", "change"]);
    let next = first["next"].as_i64().expect("another page");
    let second = list(&format!("who=operator%3Aanna%40bari&limit=2&before={next}")).await;
    assert_eq!(listed(&second), [(d1.clone(), "open".to_owned())]);
    assert!(second["next"].is_null(), "{second}");
    // Malformed filters are refused, never read as no filter.
    for bad in ["from=1%2F11%2F2026", "from=2026-11-30&to=2026-11-01", "doc=nonunid", "action=altro"] {
        let (status, body) =
            json_request(&app, "GET", &format!("/api/audit?{bad}"), Some(&head), serde_json::Value::Null).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }

    // The CSV export of a filter: the header, one record per matching entry, quoted as RFC 4180.
    let (status, kind, csv) = get(&state, "/api/audit.csv?who=operator%3Abruno%40bari", &head).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert_eq!(kind, "text/csv; charset=utf-8");
    let rows = read_csv(&csv);
    assert_eq!(
        rows[0],
        [
            "Registrato il",
            "Avvenuto sul dispositivo il",
            "CPI",
            "Chi",
            "Dispositivo",
            "Azione",
            "Codice azione",
            "Fascicolo, impresa o soggetto"
        ]
    );
    assert_eq!(rows.len(), 3, "{csv}");
    assert_eq!(
        rows[1],
        [
            "2026-11-20T10:00:00+01:00",
            "",
            "bari",
            bruno,
            "'=cmd|' /C calc'!A0",
            "Accesso negato",
            "denied",
            d1.as_str()
        ]
    );
    assert_eq!(
        rows[2],
        [
            "2026-11-10T23:30:00+01:00",
            "",
            "bari",
            bruno,
            "Tablet \"A\", sala 2",
            "Aperto a schermo",
            "open",
            d2.as_str()
        ]
    );
    // The whole log, every action by its label, and the export itself is in the log.
    let (_, _, all) = get(&state, "/api/audit.csv", &head).await;
    let all = read_csv(&all);
    assert_eq!(all.len(), 8, "the header, six entries of Bari and the first export, not Lecce's: {all:?}");
    assert!(all[1..].iter().all(|r| r[2] == "bari" && r[5] == AuditAction::parse(&r[6]).unwrap().label_it()));
    assert_eq!(all[1][6], "audit_export", "the first export, newest first");
    let exports = list("action=audit_export").await;
    assert_eq!(exports["entries"].as_array().unwrap().len(), 2, "{exports}");
    assert_eq!(exports["entries"][0]["who"], "operator:capo.bari@bari");
    assert_eq!(exports["entries"][0]["doc"], "audit:bari");

    // An operator who is not the head: 403 for the screen's listing and for the export.
    let anna_token = token(&state, "anna", "bari", Role::Operator);
    for uri in ["/api/audit", "/api/audit.csv", "/api/audit.csv?action=open"] {
        let (status, _, body) = get(&state, uri, &anna_token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}: {body}");
    }
    // Another CPI's head sees its own CPI's entries only, whatever the filter names.
    let lecce_head = token(&state, "capo.lecce", "lecce", Role::Head);
    let (_, _, lecce_csv) = get(&state, &format!("/api/audit.csv?doc={d1}"), &lecce_head).await;
    assert_eq!(read_csv(&lecce_csv).len(), 1, "only the header: {lecce_csv}");
    let (_, _, lecce_all) = get(&state, "/api/audit.csv", &lecce_head).await;
    let lecce_rows = read_csv(&lecce_all);
    assert_eq!(lecce_rows.len(), 3, "the header, Lecce's entry and its first export: {lecce_all}");
    assert!(lecce_rows[1..].iter().all(|r| r[2] == "lecce"), "{lecce_all}");
    assert_eq!(lecce_rows[2][3], "operator:luca@lecce");
    let (status, body) =
        json_request(&app, "GET", "/api/audit?who=operator%3Aanna%40bari", Some(&lecce_head), serde_json::Value::Null)
            .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["entries"].as_array().unwrap().is_empty(), "{body}");
}
