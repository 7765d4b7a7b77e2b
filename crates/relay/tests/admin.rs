//! Administering accounts and devices, through `router(state)` without a socket: each rule of
//! `sportello_core::access` and `sportello_core::password` as the people it refuses see it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sportello_relay::revocations::Ended;
use sportello_relay::{router, AppState, Config};
use tower::ServiceExt;

const STRONG: &str = "Fiume-Lampone-Quarzo-83";

fn config(name: &str, demo: bool) -> Config {
    let root = std::env::temp_dir().join(format!("sportello-admin-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    Config { demo, ..Config::with_dirs(&root.join("dist"), &root.join("data")) }
}

fn demo_state(name: &str) -> AppState {
    AppState::new(&config(name, true)).unwrap()
}

struct Client {
    app: axum::Router,
}

impl Client {
    async fn call(&self, method: &str, uri: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call_with(method, uri, token, body, None).await
    }

    async fn call_with(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Value,
        version: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(uri).header("content-type", "application/json");
        if let Some(token) = token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        if let Some(version) = version {
            req = req.header("x-sportello-version", version);
        }
        let res = self.app.clone().oneshot(req.body(Body::from(body.to_string())).unwrap()).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    async fn login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        let body = json!({ "username": username, "password": password, "device": "Chrome · test" });
        self.call("POST", "/api/login", None, body).await
    }

    /// Signs in and returns the token.
    async fn token(&self, username: &str, password: &str) -> String {
        let (status, session) = self.login(username, password).await;
        assert_eq!(status, StatusCode::OK, "{username}: {session}");
        session["token"].as_str().unwrap().to_owned()
    }

    async fn create(&self, token: &str, username: &str, role: &str, cpi: &str) -> (StatusCode, Value) {
        let body = json!({ "username": username, "name": "Nuovo Collega", "role": role, "cpi": cpi });
        self.call("POST", "/api/accounts", Some(token), body).await
    }

    async fn change_password(&self, token: &str, current: &str, new: &str) -> (StatusCode, Value) {
        self.call("POST", "/api/password", Some(token), json!({ "current": current, "new": new })).await
    }

    async fn audit_actions(&self, head: &str) -> Vec<(String, String)> {
        let (status, log) = self.call("GET", "/api/audit", Some(head), Value::Null).await;
        assert_eq!(status, StatusCode::OK, "{log}");
        let entries = log["entries"].as_array().unwrap();
        entries.iter().map(|e| (e["action"].as_str().unwrap().into(), e["doc"].as_str().unwrap().into())).collect()
    }
}

fn client(state: &AppState) -> Client {
    Client { app: router(state.clone()) }
}

#[tokio::test]
async fn a_head_creates_an_operator_who_must_set_a_strong_password_at_first_sign_in() {
    let c = client(&demo_state("create"));
    let head = c.token("responsabile.bari", "demo-bari").await;
    let (status, created) = c.create(&head, "mario.rossi", "operator", "lecce").await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let code = created["code"].as_str().unwrap().to_owned();
    assert_eq!(created["username"], "mario.rossi");

    let (status, again) = c.create(&head, "mario.rossi", "operator", "bari").await;
    assert_eq!(
        (status, again["error"].as_str()),
        (StatusCode::CONFLICT, Some("Esiste già un account con questo nome utente."))
    );
    let (status, bad) = c.create(&head, "Mario Rossi!", "operator", "bari").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad["error"].as_str().unwrap().starts_with("Nome utente non valido"));

    let (status, session) = c.login("mario.rossi", &code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(session["must_change_password"], true);
    // A head's new operator belongs to the head's CPI, whatever the request said.
    assert_eq!(session["principal"]["cpi"], "bari");
    let token = session["token"].as_str().unwrap().to_owned();
    let (_, own) = c.call("GET", "/api/account", Some(&token), Value::Null).await;
    assert_eq!((own["must_change_password"].as_bool(), own["role"].as_str()), (Some(true), Some("operator")));

    for (weak, message) in [
        ("corta-1", "La password deve avere almeno 12 caratteri."),
        ("mario.rossi-2026", "La password non può contenere il nome utente, il nome o il CPI dell'account."),
        ("passwordpassword", "Password troppo facile da indovinare: usa più parole non comuni, numeri o simboli."),
    ] {
        let (status, refused) = c.change_password(&token, &code, weak).await;
        assert_eq!((status, refused["error"].as_str()), (StatusCode::BAD_REQUEST, Some(message)), "{weak}");
    }
    let (status, wrong) = c.change_password(&token, "non-il-codice", STRONG).await;
    assert_eq!(
        (status, wrong["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("La password attuale non è corretta."))
    );
    let (status, _) = c.change_password(&token, &code, STRONG).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    assert_eq!(c.login("mario.rossi", &code).await.0, StatusCode::UNAUTHORIZED, "the code worked once");
    let (_, session) = c.login("mario.rossi", STRONG).await;
    assert_eq!(session.get("must_change_password"), None, "not asked again");
    let (_, own) = c.call("GET", "/api/account", Some(&token), Value::Null).await;
    assert_eq!(own["must_change_password"], false, "the session it was changed from stays");

    let actions = c.audit_actions(&head).await;
    assert!(actions.contains(&("account_create".into(), "account:mario.rossi".into())), "{actions:?}");
    assert!(actions.contains(&("password_change".into(), "account:mario.rossi".into())), "{actions:?}");
}

#[tokio::test]
async fn only_the_right_manager_manages_an_account() {
    let c = client(&demo_state("rules"));
    let bari = c.token("responsabile.bari", "demo-bari").await;
    let lecce = c.token("responsabile.lecce", "demo-lecce").await;
    let operator = c.token("operatore.bari", "demo-bari").await;
    let region = c.token("admin.regione", "demo-regione").await;
    let off = json!({ "disabled": true });

    let (status, refused) = c.call("GET", "/api/accounts", Some(&operator), Value::Null).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(refused["error"], "La gestione degli account è riservata ai responsabili e agli amministratori.");
    assert_eq!(c.create(&operator, "ugo.neri", "operator", "bari").await.0, StatusCode::FORBIDDEN);
    let (status, refused) = c.call("POST", "/api/accounts/operatore.bari/disabled", Some(&lecce), off.clone()).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("Non puoi gestire questo account o dispositivo."))
    );
    assert_eq!(
        c.call("POST", "/api/accounts/operatore.bari/reset", Some(&lecce), Value::Null).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.call("POST", "/api/accounts/responsabile.lecce/reset", Some(&bari), Value::Null).await.0,
        StatusCode::FORBIDDEN,
        "another head"
    );
    assert_eq!(
        c.call("POST", "/api/accounts/responsabile.bari/disabled", Some(&bari), off.clone()).await.0,
        StatusCode::FORBIDDEN,
        "oneself"
    );
    assert_eq!(c.call("POST", "/api/accounts/nessuno/reset", Some(&bari), Value::Null).await.0, StatusCode::NOT_FOUND);
    assert_eq!(c.create(&bari, "capo.due", "head", "bari").await.0, StatusCode::FORBIDDEN, "a head creates no head");

    let (_, listed) = c.call("GET", "/api/accounts", Some(&bari), Value::Null).await;
    let names: Vec<&str> =
        listed["accounts"].as_array().unwrap().iter().map(|a| a["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["operatore.bari"], "only the head's own operators");
    assert_eq!(listed["roles"], json!(["operator"]));

    // A regional account belongs to no CPI: no CPI documents follow it.
    let (_, session) = c.login("admin.regione", "demo-regione").await;
    assert_eq!(session["principal"]["cpi"], "regione");
    assert_eq!(
        (session["documents"]["board"].clone(), session["documents"]["queue_days"].clone()),
        (Value::Null, json!([]))
    );
    // The region manages heads and its officers, not the CPIs' operators.
    let (_, listed) = c.call("GET", "/api/accounts", Some(&region), Value::Null).await;
    let accounts = listed["accounts"].as_array().unwrap();
    assert!(accounts.iter().all(|a| a["role"] == "head"), "{listed}");
    assert!(accounts.iter().any(|a| a["username"] == "responsabile.lecce"));
    assert_eq!(
        c.call("POST", "/api/accounts/operatore.bari/reset", Some(&region), Value::Null).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, created) = c.create(&region, "olga.monitor", "regional_officer", "").await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let (status, created) = c.create(&region, "capo.nuovo", "head", "").await;
    assert_eq!((status, created["error"].as_str()), (StatusCode::BAD_REQUEST, Some("Scegli il CPI dell'account.")));
    let (status, created) = c.create(&region, "capo.nuovo", "head", "maglie").await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let (_, session) = c.login("capo.nuovo", created["code"].as_str().unwrap()).await;
    assert_eq!(
        (session["principal"]["cpi"].as_str(), session["principal"]["role"].as_str()),
        (Some("maglie"), Some("head"))
    );
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_its_sessions_end_at_once() {
    let state = demo_state("disable");
    let c = client(&state);
    let head = c.token("responsabile.bari", "demo-bari").await;
    let operator = c.token("operatore.bari", "demo-bari").await;
    let mut ended = state.revocations().subscribe();

    let (status, _) =
        c.call("POST", "/api/accounts/operatore.bari/disabled", Some(&head), json!({ "disabled": true })).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(ended.try_recv().unwrap(), Ended::Account { username: "operatore.bari".into(), except: None });
    assert_eq!(c.call("GET", "/api/me", Some(&operator), Value::Null).await.0, StatusCode::UNAUTHORIZED);
    let (status, refused) = c.login("operatore.bari", "demo-bari").await;
    assert_eq!((status, refused["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("Credenziali non valide.")));
    let (_, listed) = c.call("GET", "/api/accounts", Some(&head), Value::Null).await;
    assert_eq!(listed["accounts"][0]["disabled"], true);

    let (status, _) =
        c.call("POST", "/api/accounts/operatore.bari/disabled", Some(&head), json!({ "disabled": false })).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(c.login("operatore.bari", "demo-bari").await.0, StatusCode::OK);
    let actions = c.audit_actions(&head).await;
    assert_eq!(
        &actions[..3],
        [
            ("account_enable".into(), "account:operatore.bari".into()),
            ("login_failed".into(), "account:operatore.bari".into()),
            ("account_disable".into(), "account:operatore.bari".into())
        ],
        "a disabled account's sign-in is refused and logged"
    );
}

#[tokio::test]
async fn a_reset_code_ends_the_sessions_and_works_once() {
    let state = demo_state("reset");
    let c = client(&state);
    let head = c.token("responsabile.bari", "demo-bari").await;
    let operator = c.token("operatore.bari", "demo-bari").await;
    let (status, reset) = c.call("POST", "/api/accounts/operatore.bari/reset", Some(&head), Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    let code = reset["code"].as_str().unwrap();
    assert_eq!(code.len(), 14, "three groups of four: {code}");
    assert_eq!(c.call("GET", "/api/me", Some(&operator), Value::Null).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(c.login("operatore.bari", "demo-bari").await.0, StatusCode::UNAUTHORIZED, "the old password is gone");

    let (_, session) = c.login("operatore.bari", code).await;
    assert_eq!(session["must_change_password"], true);
    let token = session["token"].as_str().unwrap();
    assert_eq!(c.change_password(token, code, STRONG).await.0, StatusCode::NO_CONTENT);
    assert_eq!(c.login("operatore.bari", code).await.0, StatusCode::UNAUTHORIZED);
    assert!(c.audit_actions(&head).await.contains(&("password_reset".into(), "account:operatore.bari".into())));
}

#[tokio::test]
async fn one_sees_and_ends_only_ones_own_sessions() {
    let c = client(&demo_state("sessions"));
    let here = c.token("operatore.bari", "demo-bari").await;
    let there = c.token("operatore.bari", "demo-bari").await;
    let other = c.token("operatore.lecce", "demo-lecce").await;
    let (_, listed) = c.call("GET", "/api/sessions", Some(&here), Value::Null).await;
    let sessions = listed["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2, "{listed}");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(sessions.iter().all(|s| s["device"] == "Chrome · test" && s["id"].as_str().unwrap().len() == 16));
    let there_id = sessions.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_owned();

    let (status, refused) = c.call("DELETE", &format!("/api/sessions/{there_id}"), Some(&other), Value::Null).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Sessione non trovata o già chiusa."))
    );
    assert_eq!(c.call("GET", "/api/me", Some(&there), Value::Null).await.0, StatusCode::OK);
    let (status, _) = c.call("DELETE", &format!("/api/sessions/{there_id}"), Some(&here), Value::Null).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(c.call("GET", "/api/me", Some(&there), Value::Null).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(c.call("GET", "/api/me", Some(&here), Value::Null).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_head_lists_renames_and_revokes_the_cpi_devices() {
    let state = demo_state("devices");
    let c = client(&state);
    let head = c.token("responsabile.bari", "demo-bari").await;
    let operator = c.token("operatore.bari", "demo-bari").await;
    let lecce = c.token("responsabile.lecce", "demo-lecce").await;
    let (_, code) = c.call("POST", "/api/enrollment-codes", Some(&operator), Value::Null).await;
    let (_, totem) = c.call("POST", "/api/enroll", None, json!({ "code": code["code"], "name": "Atrio" })).await;
    let totem_token = totem["token"].as_str().unwrap().to_owned();
    let device = totem["principal"]["device"].as_str().unwrap().to_owned();
    let (status, _) = c.call_with("GET", "/api/me", Some(&totem_token), Value::Null, Some("9.8.7")).await;
    assert_eq!(status, StatusCode::OK);

    assert_eq!(c.call("GET", "/api/devices", Some(&operator), Value::Null).await.0, StatusCode::FORBIDDEN);
    let (status, listed) = c.call("GET", "/api/devices", Some(&head), Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    let row = &listed["devices"][0];
    assert_eq!(
        (row["device"].as_str(), row["name"].as_str(), row["kind"].as_str()),
        (Some(device.as_str()), Some("Atrio"), Some("totem"))
    );
    assert_eq!((row["letter"].as_str(), row["app_version"].as_str()), (Some("A"), Some("9.8.7")));
    assert_eq!(row["last_seen"].as_i64(), Some(state.now_secs()));
    assert_eq!(c.call("GET", "/api/devices", Some(&lecce), Value::Null).await.1["devices"], json!([]));

    let rename = json!({ "name": "Sala d'attesa" });
    let uri = format!("/api/devices/{device}/name");
    assert_eq!(c.call("POST", &uri, Some(&lecce), rename.clone()).await.0, StatusCode::NOT_FOUND, "not Lecce's");
    assert_eq!(c.call("POST", &uri, Some(&head), json!({ "name": " " })).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(c.call("POST", &uri, Some(&head), rename).await.0, StatusCode::NO_CONTENT);

    let mut ended = state.revocations().subscribe();
    let revoke = format!("/api/devices/{device}/revoke");
    assert_eq!(c.call("POST", &revoke, Some(&operator), Value::Null).await.0, StatusCode::FORBIDDEN);
    assert_eq!(c.call("POST", &revoke, Some(&lecce), Value::Null).await.0, StatusCode::NOT_FOUND);
    assert_eq!(c.call("GET", "/api/me", Some(&totem_token), Value::Null).await.0, StatusCode::OK);
    // The real clock: the revocation's second lies between these two readings.
    let revoked_after = state.now_secs();
    assert_eq!(c.call("POST", &revoke, Some(&head), Value::Null).await.0, StatusCode::NO_CONTENT);
    let revoked_before = state.now_secs();
    assert_eq!(ended.try_recv().unwrap(), Ended::Device(device.clone()));
    assert_eq!(c.call("GET", "/api/me", Some(&totem_token), Value::Null).await.0, StatusCode::UNAUTHORIZED, "at once");
    let (status, again) = c.call("POST", &revoke, Some(&head), Value::Null).await;
    assert_eq!(
        (status, again["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("Dispositivo non trovato o già revocato."))
    );

    let (_, listed) = c.call("GET", "/api/devices", Some(&head), Value::Null).await;
    let row = &listed["devices"][0];
    assert_eq!(row["name"].as_str(), Some("Sala d'attesa"));
    let revoked_at = row["revoked_at"].as_i64().expect("revoked");
    assert!(
        (revoked_after..=revoked_before).contains(&revoked_at),
        "{revoked_at} not in {revoked_after}..={revoked_before}"
    );
    // The same day, the next totem does not get the revoked letter.
    let (_, code) = c.call("POST", "/api/enrollment-codes", Some(&operator), Value::Null).await;
    let (_, next) = c.call("POST", "/api/enroll", None, json!({ "code": code["code"], "name": "Ingresso" })).await;
    assert_eq!(next["documents"]["ticket_code"], "B");
    let actions = c.audit_actions(&head).await;
    assert!(actions.contains(&("device_revoke".into(), format!("device:{device}"))), "{actions:?}");
    assert!(actions.contains(&("device_rename".into(), format!("device:{device}"))), "{actions:?}");
}

#[tokio::test]
async fn the_first_regional_administrator_is_created_from_the_command_line() {
    let config = config("first", false);
    let code = sportello_relay::create_regional_admin(&config, "paola.sisto").unwrap().expect("created");
    assert_eq!(sportello_relay::create_regional_admin(&config, "paola.sisto").unwrap(), None, "once");
    assert!(sportello_relay::create_regional_admin(&config, "Paola Sisto").is_err(), "a valid username");

    let c = client(&AppState::new(&config).unwrap());
    let (status, session) = c.login("paola.sisto", &code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(session["must_change_password"], true);
    assert_eq!(session["principal"]["role"], "regional_admin");
    let token = session["token"].as_str().unwrap();
    assert_eq!(c.create(token, "capo.bari", "head", "bari").await.0, StatusCode::FORBIDDEN, "the password first");
    assert_eq!(c.change_password(token, &code, STRONG).await.0, StatusCode::NO_CONTENT);
    let (status, created) = c.create(token, "capo.bari", "head", "bari").await;
    assert_eq!(status, StatusCode::OK, "{created}");
}

#[tokio::test]
async fn a_display_boards_contact_and_version_are_recorded_like_a_totems() {
    let state = demo_state("display-contact");
    let c = client(&state);
    let head = c.token("responsabile.bari", "demo-bari").await;
    let (_, code) = c.call("POST", "/api/enrollment-codes", Some(&head), Value::Null).await;
    let body = json!({ "code": code["code"], "name": "Sala d'attesa", "kind": "display" });
    let (_, board) = c.call("POST", "/api/enroll", None, body).await;
    let token = board["token"].as_str().unwrap().to_owned();
    let (status, _) = c.call_with("GET", "/api/me", Some(&token), Value::Null, Some("1.2.3")).await;
    assert_eq!(status, StatusCode::OK);
    let (_, listed) = c.call("GET", "/api/devices", Some(&head), Value::Null).await;
    let row = &listed["devices"][0];
    assert_eq!((row["kind"].as_str(), row["app_version"].as_str()), (Some("display"), Some("1.2.3")));
    assert_eq!(row["last_seen"].as_i64(), Some(state.now_secs()));
}

#[tokio::test]
async fn only_the_cpi_head_marks_a_tablet_for_wiping_and_the_tablet_is_told_once() {
    let state = demo_state("wipe");
    let c = client(&state);
    let head = c.token("responsabile.bari", "demo-bari").await;
    let operator = c.token("operatore.bari", "demo-bari").await;
    let lecce = c.token("responsabile.lecce", "demo-lecce").await;
    let enroll = |kind: &'static str| {
        let (c, operator) = (&c, &operator);
        async move {
            let (_, code) = c.call("POST", "/api/enrollment-codes", Some(operator), Value::Null).await;
            let body = json!({ "code": code["code"], "name": "Tablet di Anna", "kind": kind });
            let (status, enrolled) = c.call("POST", "/api/enroll", None, body).await;
            assert_eq!(status, StatusCode::OK, "{enrolled}");
            enrolled
        }
    };
    let tablet = enroll("tablet").await;
    assert_eq!(tablet["principal"]["kind"], "tablet");
    assert_eq!(tablet["documents"]["index"], Value::Null, "a tablet's token reaches no document");
    assert_eq!(tablet["documents"]["board"], Value::Null);
    assert_eq!(tablet["documents"]["ticket_code"], Value::Null, "no ticket letter");
    let (tablet_token, device) =
        (tablet["token"].as_str().unwrap().to_owned(), tablet["principal"]["device"].as_str().unwrap().to_owned());
    let totem = enroll("totem").await;
    let totem_device = totem["principal"]["device"].as_str().unwrap().to_owned();

    let me = |token: String| {
        let c = &c;
        async move {
            let (status, me) = c.call_with("GET", "/api/me", Some(&token), Value::Null, Some("1.2.3")).await;
            assert_eq!(status, StatusCode::OK);
            me
        }
    };
    assert_eq!(me(tablet_token.clone()).await["wipe"], false);
    let wipe = format!("/api/devices/{device}/wipe");
    assert_eq!(c.call("POST", &wipe, Some(&operator), Value::Null).await.0, StatusCode::FORBIDDEN, "an operator");
    assert_eq!(c.call("POST", &wipe, Some(&lecce), Value::Null).await.0, StatusCode::FORBIDDEN, "another CPI's head");
    assert_eq!(c.call("POST", &wipe, Some(&tablet_token), Value::Null).await.0, StatusCode::FORBIDDEN, "the tablet");
    assert_eq!(me(tablet_token.clone()).await["wipe"], false, "nothing was marked");
    let totem_wipe = format!("/api/devices/{totem_device}/wipe");
    assert_eq!(c.call("POST", &totem_wipe, Some(&head), Value::Null).await.0, StatusCode::FORBIDDEN, "a totem");
    let unknown = c.call("POST", "/api/devices/tablet-000000000000/wipe", Some(&head), Value::Null).await;
    assert_eq!(unknown.0, StatusCode::NOT_FOUND);

    assert_eq!(c.call("POST", &wipe, Some(&head), Value::Null).await.0, StatusCode::NO_CONTENT);
    let (_, listed) = c.call("GET", "/api/devices", Some(&head), Value::Null).await;
    let row = listed["devices"].as_array().unwrap().iter().find(|d| d["device"] == device.as_str()).unwrap().clone();
    assert_eq!((row["kind"].as_str(), row["wipe_pending"].as_bool()), (Some("tablet"), Some(true)));
    assert_eq!(me(operator.clone()).await["wipe"], false, "an operator session is never told");
    assert_eq!(me(tablet_token.clone()).await["wipe"], true, "the next contact");
    assert_eq!(me(tablet_token.clone()).await["wipe"], false, "once");
    let (_, listed) = c.call("GET", "/api/devices", Some(&head), Value::Null).await;
    let row = listed["devices"].as_array().unwrap().iter().find(|d| d["device"] == device.as_str()).unwrap().clone();
    assert_eq!((row["wipe_pending"].as_bool(), row["app_version"].as_str()), (Some(false), Some("1.2.3")));
    let actions = c.audit_actions(&head).await;
    assert!(actions.contains(&("device_wipe_request".into(), format!("device:{device}"))), "{actions:?}");
    assert!(actions.contains(&("device_wipe".into(), format!("device:{device}"))), "{actions:?}");
    assert_eq!(actions.iter().filter(|(a, _)| a == "device_wipe").count(), 1, "logged once, when delivered");
}
