//! The relay's HTTP surface, exercised through `router(state)` without a socket.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sportello_relay::{router, AppState, Config};
use tower::ServiceExt;

mod support;
use support::{dossier_with_card, enroll_totem, json_request, sign_in, temp_dir};

async fn get(app: axum::Router, uri: &str) -> (StatusCode, String, Option<String>) {
    let res = app.oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let cache = res.headers().get("cache-control").map(|v| v.to_str().unwrap().to_owned());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), cache)
}

fn app_with_dist(name: &str) -> axum::Router {
    let root = temp_dir(name);
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<html>shell</html>").unwrap();
    std::fs::write(dist.join("sportello-0123456789abcdef_bg.wasm"), "wasm").unwrap();
    std::fs::write(dist.join("sw.js"), "// sw").unwrap();
    let state = AppState::new(&Config::with_dirs(&dist, &root.join("data"))).unwrap();
    router(state)
}

#[tokio::test]
async fn app_routes_fall_back_to_the_shell() {
    let (status, body, cache) = get(app_with_dist("fallback"), "/totem/bari/servizio/B1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "<html>shell</html>");
    assert_eq!(cache.as_deref(), Some("no-cache"));
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_service_worker_is_not() {
    let (status, body, cache) = get(app_with_dist("assets"), "/sportello-0123456789abcdef_bg.wasm").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "wasm"));
    assert!(cache.unwrap().contains("immutable"));
    let (_, _, cache) = get(app_with_dist("sw"), "/sw.js").await;
    assert_eq!(cache.as_deref(), Some("no-cache"));
}

#[tokio::test]
async fn healthz_reports_ok_and_whether_the_app_is_built() {
    let (status, body, _) = get(app_with_dist("health"), "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["app_built"], true);
}

#[tokio::test]
async fn operators_get_their_cpi_index_and_only_the_head_reads_the_audit_log() {
    let root = temp_dir("audit");
    let mut cfg = Config::with_dirs(&root.join("dist"), &root.join("data"));
    cfg.demo = true;
    let app = router(AppState::new(&cfg).unwrap());

    let operator = sign_in(&app, "operatore.bari", "demo-bari").await;
    let index = operator["documents"]["index"].as_str().expect("an index URL").to_owned();
    assert!(index.starts_with("automerge:"));
    let token = operator["token"].as_str().unwrap();

    // The operator opens a document that is not a dossier of Bari: recorded as denied.
    let lecce = sign_in(&app, "operatore.lecce", "demo-lecce").await;
    let lecce_index = lecce["documents"]["index"].as_str().unwrap();
    assert_ne!(lecce_index, index);
    let opens = serde_json::json!({ "opens": [{ "doc": lecce_index, "at_ms": 1 }, { "doc": index, "at_ms": 2 }] });
    let (status, _) = json_request(&app, "POST", "/api/audit", Some(token), opens).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let (status, body) = json_request(&app, "GET", "/api/audit", Some(token), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "Il registro degli accessi è riservato al responsabile del CPI.");

    let head = sign_in(&app, "responsabile.bari", "demo-bari").await;
    let head_token = head["token"].as_str().unwrap();
    let (status, body) = json_request(&app, "GET", "/api/audit", Some(head_token), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    let entries = body["entries"].as_array().unwrap();
    // Both reports are filed with the reporter's CPI: the refused one cannot fill Lecce's log.
    assert_eq!(entries.len(), 2, "{body}");
    let open = entries.iter().find(|e| e["action"] == "open").unwrap();
    assert_eq!(open["who"], "operator:operatore.bari@bari");
    assert_eq!(open["device"], "Firefox · Linux · test");
    assert_eq!(open["device_at_ms"], 2);
    assert!(entries
        .iter()
        .any(|e| e["action"] == "denied" && e["doc"] == lecce_index.trim_start_matches("automerge:")));

    let lecce_head = sign_in(&app, "responsabile.lecce", "demo-lecce").await;
    let (_, body) =
        json_request(&app, "GET", "/api/audit", Some(lecce_head["token"].as_str().unwrap()), serde_json::Value::Null)
            .await;
    assert_eq!(body["entries"].as_array().unwrap().len(), 0, "{body}");
    std::fs::remove_dir_all(root).ok();
}

#[tokio::test]
async fn identification_locks_across_totems_and_certificates_verify_until_revoked() {
    let root = temp_dir("citizens");
    let mut cfg = Config::with_dirs(&root.join("dist"), &root.join("data"));
    cfg.demo = true;
    let state = AppState::new(&cfg).unwrap();
    let app = router(state.clone());
    let (locked_cf, _) = dossier_with_card(&state, 0, "12345678", "2031-05-31");
    let (cf, _) = dossier_with_card(&state, 1, "87654321", "2030-01-31");
    let operator = sign_in(&app, "operatore.bari", "demo-bari").await;
    let operator_token = operator["token"].as_str().unwrap();
    let (totem_a, totem_b) = (enroll_totem(&app, operator_token).await, enroll_totem(&app, operator_token).await);

    // Four wrong second factors at one totem, the fifth at another: locked for everyone.
    let wrong = serde_json::json!({ "codice_fiscale": locked_cf, "digits": "00000000", "expiry": "2031-05-31" });
    for left in [4, 3, 2, 1] {
        let (status, body) = json_request(&app, "POST", "/api/identify", Some(&totem_a), wrong.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body["error"].as_str().unwrap().contains(&left.to_string()), "{body}");
    }
    let (status, body) = json_request(&app, "POST", "/api/identify", Some(&totem_b), wrong).await;
    assert_eq!(status.as_u16(), 423, "{body}");
    let right = serde_json::json!({ "codice_fiscale": locked_cf, "digits": "12345678", "expiry": "2031-05-31" });
    let (status, _) = json_request(&app, "POST", "/api/identify", Some(&totem_a), right).await;
    assert_eq!(status.as_u16(), 423, "the right digits do not unlock a locked codice fiscale");

    // Registering a card is for the dossier's own CPI; the relay keeps only the hash.
    let (third_cf, third_dossier) = dossier_with_card(&state, 2, "11112222", "2029-06-30");
    let lecce = sign_in(&app, "operatore.lecce", "demo-lecce").await;
    let card = serde_json::json!({ "dossier": third_dossier, "digits": "3333 4444", "expiry": "2032-02-29" });
    let (status, _) = json_request(&app, "POST", "/api/card-digits", lecce["token"].as_str(), card.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = json_request(&app, "POST", "/api/card-digits", Some(operator_token), card).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let new_card = serde_json::json!({ "codice_fiscale": third_cf, "digits": "33334444", "expiry": "2032-02-29" });
    let (status, body) = json_request(&app, "POST", "/api/identify", Some(&totem_a), new_card).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Someone else identifies, sees their status and gets a DID certificate.
    let me = serde_json::json!({ "codice_fiscale": cf, "digits": "8765 4321", "expiry": "2030-01-31" });
    let (status, body) = json_request(&app, "POST", "/api/identify", Some(&totem_b), me).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["status"]["did_date"].is_string());
    assert_eq!(
        body["status"]["codice_fiscale"].as_str().unwrap(),
        sportello_core::codice_fiscale::parse(&cf).unwrap().masked()
    );
    let session = body["session"].as_str().unwrap().to_owned();
    let request = serde_json::json!({ "session": session, "kind": "did" });
    let (status, _) = json_request(&app, "POST", "/api/citizen/certificates", Some(&totem_a), request.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a session belongs to its totem");
    let (status, issued) = json_request(&app, "POST", "/api/citizen/certificates", Some(&totem_b), request).await;
    assert_eq!(status, StatusCode::OK, "{issued}");

    let (_, keys) = json_request(&app, "GET", "/api/keys", None, serde_json::Value::Null).await;
    let public: Vec<(String, [u8; 32])> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            let hex = k["public_key"].as_str().unwrap();
            let bytes: Vec<u8> = (0..64).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
            (k["key_id"].as_str().unwrap().to_owned(), bytes.try_into().unwrap())
        })
        .collect();
    let signed = sportello_core::certificate::from_qr_text(issued["qr_text"].as_str().unwrap()).unwrap();
    let certificate = sportello_core::certificate::verify(&signed, &public).unwrap();
    let number = issued["number"].as_str().unwrap();
    assert_eq!(certificate.number, number);
    assert_eq!(certificate.legal_notice, sportello_core::certificate::LEGAL_NOTICE);

    let uri = format!("/api/certificates/{number}");
    let (_, status_body) = json_request(&app, "GET", &uri, None, serde_json::Value::Null).await;
    assert_eq!(status_body["status"], "valid");
    let revoke = format!("{uri}/revoke");
    let (status, _) = json_request(&app, "POST", &revoke, lecce["token"].as_str(), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another CPI cannot revoke");
    let (status, _) = json_request(&app, "POST", &revoke, Some(operator_token), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, status_body) = json_request(&app, "GET", &uri, None, serde_json::Value::Null).await;
    assert_eq!(status_body["status"], "revoked");
    std::fs::remove_dir_all(root).ok();
}

#[tokio::test]
async fn totems_get_letters_and_queue_days_and_a_served_ticket_is_rated_once() {
    use sportello_core::catalogue::Area;
    use sportello_core::docs::queue::QueueDay;
    use sportello_core::queue::{Priority, TotemCode};
    let root = temp_dir("queue");
    let mut cfg = Config::with_dirs(&root.join("dist"), &root.join("data"));
    cfg.demo = true;
    let state = AppState::new(&cfg).unwrap();
    let app = router(state.clone());
    let operator = sign_in(&app, "operatore.bari", "demo-bari").await;
    let operator_token = operator["token"].as_str().unwrap();
    let (totem_a, totem_b) = (enroll_totem(&app, operator_token).await, enroll_totem(&app, operator_token).await);

    let me = |token: String| {
        let app = app.clone();
        async move { json_request(&app, "GET", "/api/me", Some(&token), serde_json::Value::Null).await.1 }
    };
    let (me_a, me_b) = (me(totem_a.clone()).await, me(totem_b.clone()).await);
    assert_eq!(
        (me_a["documents"]["ticket_code"].as_str(), me_b["documents"]["ticket_code"].as_str()),
        (Some("A"), Some("B"))
    );
    // The relay's clock, which totems stamp their tickets on.
    let server_ms = me_a["server_time_ms"].as_u64().unwrap();
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    assert!(now_ms.abs_diff(server_ms) < 60_000);
    let days = me_a["documents"]["queue_days"].as_array().unwrap();
    let today = state.today();
    assert_eq!(days.len(), 9);
    assert_eq!(days[1]["date"], today.to_string());
    // Same documents for every device of the CPI; the operator has no letter.
    assert_eq!(me_b["documents"]["queue_days"], me_a["documents"]["queue_days"]);
    assert_eq!(operator["documents"]["queue_days"], me_a["documents"]["queue_days"]);
    assert!(operator["documents"]["ticket_code"].is_null());

    // A ticket issued at totem A, as the app does through sync.
    let id = sportello_core::sync::ids::DocumentId::parse(days[1]["url"].as_str().unwrap()).unwrap();
    let change = |edit: Box<dyn FnOnce(&mut QueueDay) + Send>| {
        state
            .hub("bari")
            .change(&id, 0, "test", |tx| {
                let mut day: QueueDay = sportello_core::docs::read(tx).map_err(|e| e.to_string())?;
                edit(&mut day);
                sportello_core::docs::write(tx, &day).map_err(|e| e.to_string())
            })
            .unwrap();
    };
    change(Box::new(|day| {
        day.set_desk(3, &[Area::B], 0);
        day.issue(TotemCode::from_letter('A').unwrap(), Area::B, Priority::Normal, 1, "x", 0).unwrap();
        day.issue(TotemCode::from_letter('A').unwrap(), Area::B, Priority::Normal, 2, "segreto", 0).unwrap();
    }));
    let url = "/api/public/queue/bari/B-A-002";
    let query = serde_json::json!({ "g": today.to_string(), "k": "segreto" });
    let (status, ticket) = json_request(&app, "POST", url, None, query).await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    assert_eq!(
        (ticket["state"].as_str(), ticket["ahead"].as_u64(), ticket["wait_minutes"].as_u64()),
        (Some("waiting"), Some(1), Some(60))
    );
    // Without the QR code's secret the ticket is not found.
    let (status, _) =
        json_request(&app, "POST", url, None, serde_json::json!({ "g": today.to_string(), "k": "segretx" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let survey_url = "/api/public/queue/bari/B-A-002/survey";
    let survey = serde_json::json!({ "g": today.to_string(), "k": "segreto", "rating": 4, "comment": "Gentili" });
    let (status, body) = json_request(&app, "POST", survey_url, None, survey.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "not served yet: {body}");
    change(Box::new(|day| {
        let n = sportello_core::queue::TicketNumber::parse("B-A-002").unwrap();
        day.update(n, |t| t.call(3, 10)).unwrap();
        day.update(n, |t| t.done(20)).unwrap();
    }));
    // The phone page follows the change (its reading of the day is renewed when the day changes).
    let query = serde_json::json!({ "g": today.to_string(), "k": "segreto" });
    let (status, ticket) = json_request(&app, "POST", url, None, query).await;
    assert_eq!((status, ticket["state"].as_str()), (StatusCode::OK, Some("done")), "{ticket}");
    let bad = serde_json::json!({ "g": today.to_string(), "k": "segreto", "rating": 7 });
    let (status, body) = json_request(&app, "POST", survey_url, None, bad).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("Scegli un voto da 1 a 5.")));
    let (status, _) = json_request(&app, "POST", survey_url, None, survey.clone()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = json_request(&app, "POST", survey_url, None, survey).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let month = today.format("%Y-%m");
    let (status, summary) = json_request(
        &app,
        "GET",
        &format!("/api/queue/satisfaction?month={month}"),
        Some(operator_token),
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(summary["areas"][0]["area"], "B");
    assert_eq!(summary["areas"][0]["responses"], 1);
    assert_eq!(summary["areas"][0]["counts"], serde_json::json!([0, 0, 0, 1, 0]));
    assert_eq!(summary["comments"][0]["comment"], "Gentili");
    // Totems don't read the monthly results.
    let (status, _) =
        json_request(&app, "GET", "/api/queue/satisfaction", Some(&totem_a), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    std::fs::remove_dir_all(root).ok();
}

/// `/api/card-digits` answers 204 only once the dossier holds the card; when the relay cannot
/// store the change it says so (it used to answer 204 and only log the failure).
#[tokio::test]
async fn a_card_registration_is_acknowledged_only_once_stored() {
    let root = temp_dir("card-digits");
    let mut cfg = Config::with_dirs(&root.join("dist"), &root.join("data"));
    cfg.demo = true;
    let state = AppState::new(&cfg).unwrap();
    let app = router(state.clone());
    let operator = sign_in(&app, "operatore.bari", "demo-bari").await;
    let token = operator["token"].as_str().unwrap();
    let (cf, dossier) = dossier_with_card(&state, 2, "11111111", "2030-01-31");
    let id = sportello_core::sync::ids::DocumentId::parse(&dossier).unwrap();
    let stored_hash = |state: &AppState| {
        state.hub("bari").dossier_of(&id, 0).unwrap().map(|d| d.card.digits_hash.to_string()).unwrap_or_default()
    };

    let body = serde_json::json!({ "dossier": dossier, "digits": "22222222", "expiry": "2031-02-28" });
    let (status, answer) = json_request(&app, "POST", "/api/card-digits", Some(token), body).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    assert!(state.card_pepper().verify(&cf, "22222222", &stored_hash(&state)));

    // The disk refuses every new chunk from now on.
    let db = rusqlite::Connection::open(root.join("data").join("relay.sqlite3")).unwrap();
    db.execute_batch(
        "CREATE TRIGGER refuse_chunks BEFORE INSERT ON chunks BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .unwrap();
    let body = serde_json::json!({ "dossier": dossier, "digits": "33333333", "expiry": "2032-03-31" });
    let (status, answer) = json_request(&app, "POST", "/api/card-digits", Some(token), body).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{answer}");
    assert_eq!(answer["error"], "Non è stato possibile registrare la tessera nel fascicolo. Riprova tra poco.");
    assert!(state.card_pepper().verify(&cf, "22222222", &stored_hash(&state)), "the old card stays");
    let changes = state.audit().list("bari", Some(&id.to_string()), 10).unwrap();
    let relay_changes = changes.iter().filter(|e| e.action == sportello_relay::audit::AuditAction::Change).count();
    assert_eq!(relay_changes, 1, "only the stored registration is audited: {changes:?}");
    std::fs::remove_dir_all(root).ok();
}

/// Certificates and lockouts carry Italy's wall time whatever the host's time zone: the same
/// UTC hour is 11:xx in winter (CET) and 12:xx in summer (CEST).
#[tokio::test]
async fn certificates_and_lockouts_carry_rome_time_from_the_relay_clock() {
    use chrono::{DateTime, Utc};
    use sportello_relay::clock::FixedClock;
    for (season, at, issued_at, locked_until) in [
        ("winter", "2026-01-15T10:00:00Z", "2026-01-15T11:00:00", "11:15"),
        ("summer", "2026-07-15T10:00:00Z", "2026-07-15T12:00:00", "12:15"),
    ] {
        let root = temp_dir(&format!("rome-{season}"));
        let mut cfg = Config::with_dirs(&root.join("dist"), &root.join("data"));
        cfg.demo = true;
        let at: DateTime<Utc> = at.parse().unwrap();
        let state = AppState::with_clock(&cfg, std::sync::Arc::new(FixedClock::new(at))).unwrap();
        let app = router(state.clone());
        let (locked_cf, _) = dossier_with_card(&state, 0, "12345678", "2031-05-31");
        let (cf, _) = dossier_with_card(&state, 1, "87654321", "2030-01-31");
        let operator = sign_in(&app, "operatore.bari", "demo-bari").await;
        let totem = enroll_totem(&app, operator["token"].as_str().unwrap()).await;

        let wrong = serde_json::json!({ "codice_fiscale": locked_cf, "digits": "00000000", "expiry": "2031-05-31" });
        let mut last = serde_json::Value::Null;
        for _ in 0..5 {
            last = json_request(&app, "POST", "/api/identify", Some(&totem), wrong.clone()).await.1;
        }
        let message = last["error"].as_str().unwrap();
        assert!(message.contains(&format!("fino alle {locked_until}")), "{season}: {message}");

        let me = serde_json::json!({ "codice_fiscale": cf, "digits": "87654321", "expiry": "2030-01-31" });
        let (status, body) = json_request(&app, "POST", "/api/identify", Some(&totem), me).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let request = serde_json::json!({ "session": body["session"], "kind": "did" });
        let (status, issued) = json_request(&app, "POST", "/api/citizen/certificates", Some(&totem), request).await;
        assert_eq!(status, StatusCode::OK, "{issued}");
        assert_eq!(issued["certificate"]["issued_at"], issued_at, "{season}: {issued}");
        std::fs::remove_dir_all(root).ok();
    }
}

/// Only a document whose root kind is a dossier is a dossier: a private document of another
/// kind that carries a dossier's fields (here a "company" an operator wrote with a
/// `personal` section) is neither read as a dossier nor overwritten with one by the relay's
/// paths that reach a dossier by id (card registration, a totem's identification).
#[tokio::test]
async fn a_private_document_that_is_not_a_dossier_is_no_dossier() {
    use automerge::transaction::Transactable;
    let root = temp_dir("not-a-dossier");
    let state = AppState::new(&Config::with_dirs(&root.join("dist"), &root.join("data"))).unwrap();
    let role = sportello_core::access::Role::Operator;
    state.accounts().add_operator("operatore.bari", "Anna", "bari", role, "password-di-prova").unwrap();
    let app = router(state.clone());
    let operator = sign_in(&app, "operatore.bari", "password-di-prova").await;

    let dossier = sportello_core::docs::dossier::Dossier::new(
        "bari",
        "RSSMRA80A01A662X",
        "Rossi",
        "Mario",
        chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
        sportello_core::codice_fiscale::Sex::Male,
    );
    let mut doc = automerge::AutoCommit::new();
    sportello_core::docs::write(&mut doc, &dossier).unwrap();
    doc.put(automerge::ROOT, "kind", "company").unwrap();
    let id = sportello_core::sync::ids::DocumentId::from_random([77; 16]);
    let private = sportello_core::access::AccessClass::Private { cpi: "bari".into() };
    state.hub("bari").create(id, private, doc.document().clone(), 0).unwrap();

    let card = serde_json::json!({ "dossier": id.url(), "digits": "12345678", "expiry": "2030-01-31" });
    let (status, body) = json_request(&app, "POST", "/api/card-digits", operator["token"].as_str(), card).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"], "Fascicolo non trovato per questo Centro per l'Impiego.");
    let kind = state.hub("bari").read(&id, 0, sportello_core::docs::root_kind).unwrap().unwrap();
    assert_eq!(kind.as_deref(), Some("company"), "the document was not overwritten with a dossier");
    std::fs::remove_dir_all(root).ok();
}
