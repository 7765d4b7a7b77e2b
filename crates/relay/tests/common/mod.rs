//! What the relay's HTTP tests share: configurations in temporary directories, JSON
//! requests through `router(state)`, signing in, enrolling a totem, a dossier with a card.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sportello_relay::{AppState, Config};
use std::path::Path;
use tower::ServiceExt;

pub fn config(dist: &Path, data: &Path) -> Config {
    Config::with_dirs(dist, data)
}

pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-relay-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn json_request(
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

pub async fn sign_in(app: &axum::Router, username: &str, password: &str) -> serde_json::Value {
    let body = serde_json::json!({ "username": username, "password": password, "device": "Firefox · Linux · test" });
    let (status, session) = json_request(app, "POST", "/api/login", None, body).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    session
}

/// A demo dossier of Bari with a DID, given Tessera Sanitaria digits as an operator would.
pub fn dossier_with_card(state: &AppState, skip: usize, digits: &str, expiry: &str) -> (String, String) {
    use sportello_core::docs::dossier::Dossier;
    use sportello_core::docs::index;
    let index_id = state.well_known().get("bari", sportello_relay::wellknown::INDEX).unwrap().unwrap();
    let entry = state
        .hub("bari")
        .read(&index_id, 0, |doc| index::read_entries(doc).0)
        .unwrap()
        .unwrap()
        .into_iter()
        .filter(|e| e.milestones.did.is_some())
        .nth(skip)
        .unwrap();
    let id = sportello_core::sync::ids::DocumentId::parse(&entry.dossier).unwrap();
    let hash = state.card_pepper().digits_hash(&entry.codice_fiscale, digits);
    state
        .hub("bari")
        .change(&id, 0, "Tessera sanitaria", |tx| {
            let mut d: Dossier = sportello_core::docs::read(tx).map_err(|e| e.to_string())?;
            d.card.digits_hash = hash.into();
            d.card.expiry = expiry.into();
            sportello_core::docs::write(tx, &d).map_err(|e| e.to_string())
        })
        .unwrap();
    (entry.codice_fiscale, entry.dossier)
}

pub async fn enroll_totem(app: &axum::Router, operator_token: &str) -> String {
    let (_, code) =
        json_request(app, "POST", "/api/enrollment-codes", Some(operator_token), serde_json::Value::Null).await;
    let body = serde_json::json!({ "code": code["code"].as_str().unwrap().replace('-', ""), "name": "Totem di prova" });
    let (status, totem) = json_request(app, "POST", "/api/enroll", None, body).await;
    assert_eq!(status, StatusCode::OK, "{totem}");
    totem["token"].as_str().unwrap().to_owned()
}
