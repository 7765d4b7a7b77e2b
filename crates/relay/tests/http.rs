//! The relay's HTTP surface, exercised through `router(state)` without a socket.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sportello_relay::{router, AppState, Config};
use std::path::Path;
use tower::ServiceExt;

fn config(dist: &Path, data: &Path) -> Config {
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: data.to_path_buf(),
        dist: dist.to_path_buf(),
        demo: false,
        log_json: false,
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-relay-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

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
    let state = AppState::new(&config(&dist, &root.join("data"))).unwrap();
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

async fn json_request(
    app: &axum::Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder().method(method).uri(uri).header("content-type", "application/json");
    if let Some(token) = token {
        req = req.header("authorization", format!("Bearer {token}"));
    }
    let res = app.clone().oneshot(req.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

async fn sign_in(app: &axum::Router, username: &str, password: &str) -> serde_json::Value {
    let body = serde_json::json!({ "username": username, "password": password, "device": "Firefox · Linux · test" });
    let (status, session) = json_request(app, "POST", "/api/login", None, body).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    session
}

#[tokio::test]
async fn operators_get_their_cpi_index_and_only_the_head_reads_the_audit_log() {
    let root = temp_dir("audit");
    let mut cfg = config(&root.join("dist"), &root.join("data"));
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
    assert_eq!(entries.len(), 1, "the Lecce document is logged under Lecce: {body}");
    assert_eq!(entries[0]["who"], "operator:operatore.bari@bari");
    assert_eq!(entries[0]["device"], "Firefox · Linux · test");
    assert_eq!(entries[0]["device_at_ms"], 2);

    let lecce_head = sign_in(&app, "responsabile.lecce", "demo-lecce").await;
    let (_, body) =
        json_request(&app, "GET", "/api/audit", Some(lecce_head["token"].as_str().unwrap()), serde_json::Value::Null)
            .await;
    assert_eq!(body["entries"][0]["action"], "denied");
    std::fs::remove_dir_all(root).ok();
}
