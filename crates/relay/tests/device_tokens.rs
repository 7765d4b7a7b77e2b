//! Device tokens expire and are renewed while the device is in use (issue 12), through the
//! relay's router on real SQLite with its clock fixed: a token past its life is refused
//! everywhere (API, sync ticket, an open socket), a renewed one works, and the one it replaced
//! serves only until the new one is first used.

use axum::http::StatusCode;
use futures_util::StreamExt;
use serde_json::Value;
use sportello_relay::clock::{Clock, FixedClock};
use sportello_relay::{router, AppState};
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message as WsMessage;

mod support;
use support::json_request;

const DAY: i64 = 86_400;

async fn relay(name: &str, ping: Duration) -> (AppState, axum::Router, Arc<FixedClock>, String) {
    let root = support::temp_dir(&format!("device-tokens-{name}"));
    std::fs::create_dir_all(root.join("dist")).unwrap();
    let mut config = support::config(&root);
    config.device_token_days = 30;
    config.ping_interval = ping;
    let clock = Arc::new(FixedClock::new("2026-12-01T09:00:00Z".parse().unwrap()));
    let state = AppState::with_clock(&config, clock.clone()).unwrap();
    let app = router(state.clone());
    state
        .accounts()
        .add_operator("anna", "Anna", "bari", sportello_core::access::Role::Operator, "password-di-prova")
        .unwrap();
    let operator = support::sign_in(&app, "anna", "password-di-prova").await["token"].as_str().unwrap().to_owned();
    (state, app, clock, operator)
}

async fn me(app: &axum::Router, token: &str) -> (StatusCode, Value) {
    json_request(app, "GET", "/api/me", Some(token), Value::Null).await
}

async fn renew(app: &axum::Router, token: &str) -> (StatusCode, Value) {
    json_request(app, "POST", "/api/device-token", Some(token), Value::Null).await
}

fn later(clock: &FixedClock, seconds: i64) {
    clock.set(clock.now() + chrono::Duration::seconds(seconds));
}

#[tokio::test]
async fn a_device_token_expires_unless_renewed_and_the_old_one_ends_when_the_new_one_is_used() {
    let (_state, app, clock, operator) = relay("renewal", Duration::from_secs(3600)).await;
    let start = clock.now().timestamp();
    let totem = support::enroll_totem(&app, &operator).await;
    let idle = support::enroll_totem(&app, &operator).await;

    // An operator's session is not a device token.
    assert_eq!(renew(&app, &operator).await.0, StatusCode::FORBIDDEN);

    // Fresh: nothing to renew yet.
    let (status, kept) = renew(&app, &totem).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept, serde_json::json!({ "token": null, "expires_at": start + 30 * DAY, "renew_in": 15 * DAY }));
    assert_eq!(me(&app, &totem).await.1["token_renew_in"], 15 * DAY, "/api/me says when, so devices ask only then");
    assert_eq!(me(&app, &operator).await.1["token_renew_in"], Value::Null, "a session does not renew");

    // Past half its life, the device in use gets a new token, valid 30 days from now.
    later(&clock, 16 * DAY);
    assert_eq!(me(&app, &totem).await.1["token_renew_in"], 0, "due now");
    let (status, renewed) = renew(&app, &totem).await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    let fresh = renewed["token"].as_str().expect("a new token").to_owned();
    assert_ne!(fresh, totem);
    assert_eq!(renewed["expires_at"], start + 46 * DAY);
    assert_eq!(renewed["renew_in"], 15 * DAY);

    // The old token serves until the new one is first used (the answer may have been lost).
    assert_eq!(me(&app, &totem).await.0, StatusCode::OK);
    assert_eq!(me(&app, &fresh).await.0, StatusCode::OK);
    assert_eq!(me(&app, &totem).await.0, StatusCode::UNAUTHORIZED, "replaced once the new one is in use");

    // The device that was not in use: its token is past its life, refused with the reason.
    later(&clock, 14 * DAY);
    let (status, refused) = me(&app, &idle).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused["error"], "La sessione o il codice sono scaduti.");
    assert_eq!(
        json_request(&app, "POST", "/api/sync-ticket", Some(&idle), Value::Null).await.0,
        StatusCode::UNAUTHORIZED,
        "no socket either"
    );
    assert_eq!(renew(&app, &idle).await.0, StatusCode::UNAUTHORIZED, "an expired token renews nothing");
    // The renewed one still serves, until its own life ends.
    assert_eq!(me(&app, &fresh).await.0, StatusCode::OK);
    later(&clock, 16 * DAY);
    assert_eq!(me(&app, &fresh).await.0, StatusCode::UNAUTHORIZED);
}

/// A tablet's own token (enrolled like any device) renews like a totem's: a tablet that could
/// not renew would be refused after 30 days, and a refused tablet wipes its copy.
#[tokio::test]
async fn a_tablet_in_use_renews_its_token_like_a_totem() {
    let (_state, app, clock, operator) = relay("tablet", Duration::from_secs(3600)).await;
    let (_, code) = json_request(&app, "POST", "/api/enrollment-codes", Some(&operator), Value::Null).await;
    let body = serde_json::json!({ "code": code["code"].as_str().unwrap().replace('-', ""), "name": "Tablet", "kind": "tablet" });
    let (status, enrolled) = json_request(&app, "POST", "/api/enroll", None, body).await;
    assert_eq!(status, StatusCode::OK, "{enrolled}");
    assert_eq!(enrolled["principal"]["kind"], "tablet");
    let tablet = enrolled["token"].as_str().unwrap().to_owned();
    later(&clock, 20 * DAY);
    let (status, renewed) = renew(&app, &tablet).await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    let fresh = renewed["token"].as_str().expect("a new token").to_owned();
    later(&clock, 20 * DAY);
    assert_eq!(me(&app, &fresh).await.0, StatusCode::OK, "40 days after enrollment, renewed at 20");
    assert_eq!(me(&app, &tablet).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_device_that_lost_the_renewal_renews_again_with_its_old_token() {
    let (_state, app, clock, operator) = relay("lost-answer", Duration::from_secs(3600)).await;
    let totem = support::enroll_totem(&app, &operator).await;
    later(&clock, 20 * DAY);
    let lost = renew(&app, &totem).await.1["token"].as_str().unwrap().to_owned();
    let (status, again) = renew(&app, &totem).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let kept = again["token"].as_str().expect("renewed again").to_owned();
    assert_eq!(me(&app, &lost).await.0, StatusCode::UNAUTHORIZED, "only the last issued token is current");
    assert_eq!(me(&app, &kept).await.0, StatusCode::OK);
    assert_eq!(me(&app, &totem).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_socket_closes_when_its_token_expires() {
    let (state, app, clock, operator) = relay("socket", Duration::from_millis(100)).await;
    let totem = support::enroll_totem(&app, &operator).await;
    let addr = support::serve(&state).await;
    let (mut socket, _) =
        tokio_tungstenite::connect_async(support::sync_url(&state, &addr, &totem).await).await.unwrap();
    later(&clock, 30 * DAY);
    let closed = async {
        loop {
            match socket.next().await {
                Some(Ok(WsMessage::Close(frame))) => return frame.map(|f| f.reason.to_string()),
                Some(Ok(_)) => {}
                other => panic!("{other:?}"),
            }
        }
    };
    let reason = tokio::time::timeout(support::SOCKET_GUARD, closed).await.expect("the socket closes");
    assert_eq!(reason.as_deref(), Some("Sessione scaduta: accedi di nuovo."));
}
