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
