//! What an attacker sees of the relay: device kinds, throttled guessing of passwords,
//! enrollment codes and identifications, rate limits, security headers, secrets on disk and
//! in the log. Time is the relay's `FixedClock`, never waited for.

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode};
use chrono::{DateTime, Utc};
use sportello_core::codice_fiscale::Sex;
use sportello_relay::clock::FixedClock;
use sportello_relay::{router, AppState, Config};
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

mod support;
use support::{dossier_with_card, enroll_totem, json_request, sign_in, temp_dir};

const START: &str = "2026-03-10T09:00:00Z";

struct Relay {
    state: AppState,
    clock: Arc<FixedClock>,
    root: std::path::PathBuf,
}

impl Relay {
    fn start(name: &str, demo: bool, adjust: impl FnOnce(&mut Config)) -> Self {
        let root = temp_dir(&format!("security-{name}"));
        let mut cfg = Config::with_dirs(&root.join("dist"), &root.join("data"));
        cfg.demo = demo;
        adjust(&mut cfg);
        let clock = Arc::new(FixedClock::new(START.parse().unwrap()));
        let state = AppState::with_clock(&cfg, clock.clone()).unwrap();
        Relay { state, clock, root }
    }

    /// The router as a client at `addr` reaches it.
    fn from(&self, addr: &str) -> axum::Router {
        let addr: SocketAddr = format!("{addr}:40000").parse().unwrap();
        router(self.state.clone()).layer(MockConnectInfo(addr))
    }

    fn advance(&self, seconds: i64) {
        let now: DateTime<Utc> = self.state.now();
        self.clock.set(now + chrono::Duration::seconds(seconds));
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.root).ok();
    }
}

fn login_body(username: &str, password: &str) -> serde_json::Value {
    serde_json::json!({ "username": username, "password": password, "device": "test" })
}

async fn new_code(app: &axum::Router, operator_token: &str) -> String {
    let (status, code) =
        json_request(app, "POST", "/api/enrollment-codes", Some(operator_token), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{code}");
    code["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_display_board_stays_a_display_and_may_not_identify_citizens() {
    let relay = Relay::start("display", true, |_| {});
    let app = relay.from("10.0.0.1");
    let (cf, _) = dossier_with_card(&relay.state, 0, "12345678", "2031-05-31");
    let operator = sign_in(&app, "operatore.bari", "demo-bari").await;
    let operator_token = operator["token"].as_str().unwrap();
    let code = new_code(&app, operator_token).await;
    let body = serde_json::json!({ "code": code, "name": "Sala d'attesa", "kind": "display" });
    let (status, board) = json_request(&app, "POST", "/api/enroll", None, body).await;
    assert_eq!(status, StatusCode::OK, "{board}");
    assert_eq!(board["principal"]["kind"], "display");
    assert!(board["documents"]["ticket_code"].is_null(), "a board prints no tickets: {board}");
    let token = board["token"].as_str().unwrap();

    // Its token comes back as a display board, with the queue days and the public board.
    let (status, me) = json_request(&app, "GET", "/api/me", Some(token), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["principal"]["kind"], "display");
    assert!(!me["documents"]["queue_days"].as_array().unwrap().is_empty());
    assert!(me["documents"]["board"].is_string() && me["documents"]["index"].is_null());

    let identify = serde_json::json!({ "codice_fiscale": cf, "digits": "12345678", "expiry": "2031-05-31" });
    let (status, body) = json_request(&app, "POST", "/api/identify", Some(token), identify).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let issue = serde_json::json!({ "session": "x", "kind": "did" });
    let (status, _) = json_request(&app, "POST", "/api/citizen/certificates", Some(token), issue).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for (method, uri) in [("POST", "/api/enrollment-codes"), ("GET", "/api/audit"), ("GET", "/api/queue/satisfaction")]
    {
        let (status, _) = json_request(&app, method, uri, Some(token), serde_json::Value::Null).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}");
    }

    // An enrollment without a kind is a totem, as the app sent before display boards.
    let code = new_code(&app, operator_token).await;
    let (status, totem) =
        json_request(&app, "POST", "/api/enroll", None, serde_json::json!({ "code": code, "name": "Atrio" })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(totem["principal"]["kind"], "totem");
    assert!(totem["documents"]["ticket_code"].is_string());
}

#[tokio::test]
async fn a_used_code_answers_like_one_never_issued_and_guessing_is_throttled_per_address() {
    let relay = Relay::start("enroll", true, |_| {});
    let app = relay.from("10.0.0.1");
    let operator = sign_in(&app, "operatore.bari", "demo-bari").await;
    let code = new_code(&app, operator["token"].as_str().unwrap()).await;
    let enroll = |code: &str| serde_json::json!({ "code": code, "name": "Atrio" });
    assert_eq!(json_request(&app, "POST", "/api/enroll", None, enroll(&code)).await.0, StatusCode::OK);
    let used = json_request(&app, "POST", "/api/enroll", None, enroll(&code)).await;
    let never = json_request(&app, "POST", "/api/enroll", None, enroll("0000-0001")).await;
    assert_eq!(used, never);
    assert_eq!(used.0, StatusCode::UNAUTHORIZED);

    // A guesser at one address: a few more tries, then growing delays and a lock.
    let guesser = relay.from("203.0.113.9");
    let mut refused_after = None;
    for i in 0..12 {
        let (status, body) = json_request(&guesser, "POST", "/api/enroll", None, enroll(&format!("1{i:07}"))).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert!(body["error"].as_str().unwrap().starts_with("Troppi codici di attivazione"), "{body}");
            refused_after = Some(i);
            break;
        }
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(refused_after, Some(6), "five free failures and one more, then a wait");
    // Another address is not held up by this one.
    assert_eq!(json_request(&app, "POST", "/api/enroll", None, enroll("0000-0002")).await.0, StatusCode::UNAUTHORIZED);
    relay.advance(2);
    assert_eq!(
        json_request(&guesser, "POST", "/api/enroll", None, enroll("0000-0003")).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn sign_in_is_throttled_alike_for_known_and_unknown_usernames_and_before_any_hash() {
    let relay = Relay::start("login", true, |c| {
        c.password_workers = 1;
        c.password_queue = 1;
    });
    let app = relay.from("10.0.0.1");
    let mut answers = Vec::new();
    for username in ["operatore.bari", "nessuno.bari"] {
        let mut statuses = Vec::new();
        let mut last = serde_json::Value::Null;
        for _ in 0..5 {
            let (status, body) =
                json_request(&app, "POST", "/api/login", None, login_body(username, "sbagliata")).await;
            statuses.push(status.as_u16());
            last = body;
        }
        answers.push((statuses, last));
    }
    assert_eq!(answers[0], answers[1], "a known and an unknown username answer alike");
    assert_eq!(answers[0].0, [401, 401, 401, 401, 429]);
    assert!(answers[0].1["error"].as_str().unwrap().starts_with("Troppi tentativi di accesso"), "{:?}", answers[0]);

    // The right password waits too: the throttle answers before any password is checked,
    // even with the one password thread busy and its queue of one full.
    let (release, hold) = std::sync::mpsc::channel::<()>();
    let hold = Arc::new(std::sync::Mutex::new(hold));
    let (started, running) = std::sync::mpsc::channel::<()>();
    let held = hold.clone();
    let mut first = Box::pin(relay.state.password_check(move || {
        started.send(()).unwrap();
        let _ = held.lock().unwrap().recv();
    }));
    let poll_once = |f: std::pin::Pin<&mut (dyn std::future::Future<Output = _> + '_)>| {
        let _ = f.poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
    };
    poll_once(first.as_mut());
    running.recv().unwrap();
    let held = hold.clone();
    let mut queued = Box::pin(relay.state.password_check(move || {
        let _ = held.lock().unwrap().recv();
    }));
    poll_once(queued.as_mut());
    let right = login_body("operatore.bari", "demo-bari");
    let (status, body) = json_request(&app, "POST", "/api/login", None, right.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body["error"].as_str().unwrap().starts_with("Troppi tentativi"), "throttled, not busy: {body}");

    // Once the delay is over, a full pool turns the sign-in away at once instead of queueing it.
    relay.advance(1);
    let (status, body) = json_request(&app, "POST", "/api/login", None, right.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "Il server è occupato: riprova tra qualche secondo.");
    release.send(()).unwrap();
    release.send(()).unwrap();
    first.await.unwrap();
    queued.await.unwrap();
    // The unchecked attempt was given back (one failure fewer); after its delay the right
    // password signs in.
    relay.advance(2);
    let (status, body) = json_request(&app, "POST", "/api/login", None, right).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn ten_failures_lock_an_account_for_fifteen_minutes() {
    let relay = Relay::start("lock", true, |_| {});
    let app = relay.from("10.0.0.1");
    let wrong = login_body("operatore.lecce", "sbagliata");
    let mut failures = 0;
    while failures < 10 {
        match json_request(&app, "POST", "/api/login", None, wrong.clone()).await.0 {
            StatusCode::UNAUTHORIZED => failures += 1,
            StatusCode::TOO_MANY_REQUESTS => relay.advance(30),
            other => panic!("{other}"),
        }
    }
    let right = login_body("operatore.lecce", "demo-lecce");
    relay.advance(15 * 60 - 1);
    assert_eq!(json_request(&app, "POST", "/api/login", None, right.clone()).await.0, StatusCode::TOO_MANY_REQUESTS);
    // Another operator at the same desk still signs in.
    assert_eq!(
        json_request(&app, "POST", "/api/login", None, login_body("operatore.bari", "demo-bari")).await.0,
        StatusCode::OK
    );
    relay.advance(1);
    assert_eq!(json_request(&app, "POST", "/api/login", None, right).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_totem_failing_code_after_code_is_stopped_and_the_lock_it_causes_is_audited() {
    let relay = Relay::start("identify", true, |_| {});
    let app = relay.from("10.0.0.1");
    let (cf, dossier) = dossier_with_card(&relay.state, 0, "12345678", "2031-05-31");
    let operator = sign_in(&app, "operatore.bari", "demo-bari").await;
    let operator_token = operator["token"].as_str().unwrap();
    let (rogue, other) = (enroll_totem(&app, operator_token).await, enroll_totem(&app, operator_token).await);
    let wrong = serde_json::json!({ "codice_fiscale": cf, "digits": "00000000", "expiry": "2031-05-31" });
    for _ in 0..5 {
        json_request(&app, "POST", "/api/identify", Some(&rogue), wrong.clone()).await;
    }
    let head = sign_in(&app, "responsabile.bari", "demo-bari").await;
    let uri = format!("/api/audit?doc={}", urlencode(&dossier));
    let (status, log) = json_request(&app, "GET", &uri, head["token"].as_str(), serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let (_, me) = json_request(&app, "GET", "/api/me", Some(&rogue), serde_json::Value::Null).await;
    let rogue_device = me["principal"]["device"].as_str().unwrap();
    let entries = log["entries"].as_array().unwrap_or_else(|| panic!("{log}"));
    let locked: Vec<_> = entries.iter().filter(|e| e["action"] == "locked").collect();
    assert_eq!(locked.len(), 1, "{log}");
    assert_eq!(locked[0]["device"], rogue_device);

    // Other citizens' codes from the same totem: ten failures in a row pass, one more is
    // checked, then the totem waits (and would lock no more citizens out meanwhile).
    let codes: Vec<String> =
        ["Rossi", "Bianchi", "Verdi", "Russo", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci"]
            .iter()
            .map(|surname| {
                let born = chrono::NaiveDate::from_ymd_opt(1980, 1, 2).unwrap();
                let code = sportello_core::codice_fiscale::compute(surname, "Mario", born, Sex::Male, "A662");
                code.as_str().to_owned()
            })
            .collect();
    let guess = |cf: &str| serde_json::json!({ "codice_fiscale": cf, "digits": "00000000", "expiry": "2031-05-31" });
    let mut statuses = Vec::new();
    for cf in &codes[..8] {
        statuses.push(json_request(&app, "POST", "/api/identify", Some(&rogue), guess(cf)).await.0.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 401, 429, 429]);
    let (status, body) = json_request(&app, "POST", "/api/identify", Some(&other), guess(&codes[8])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "another totem is not held up: {body}");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn public_endpoints_are_rate_limited_per_address_behind_a_trusted_proxy_too() {
    let relay = Relay::start("public", false, |c| c.public_rate_limit = 3);
    let app = relay.from("10.0.0.1");
    for _ in 0..3 {
        assert_eq!(json_request(&app, "GET", "/api/keys", None, serde_json::Value::Null).await.0, StatusCode::OK);
    }
    let (status, body) = json_request(&app, "GET", "/api/certificates/2026-1", None, serde_json::Value::Null).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body["error"].as_str().unwrap().starts_with("Troppe richieste"), "{body}");
    // A forwarded-for header is not believed unless configured.
    let spoofed = Request::get("/api/keys").header("x-forwarded-for", "198.51.100.7").body(Body::empty()).unwrap();
    assert_eq!(app.clone().oneshot(spoofed).await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    // Signed-in routes are not counted.
    assert_eq!(json_request(&app, "GET", "/api/me", None, serde_json::Value::Null).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        json_request(&relay.from("10.0.0.2"), "GET", "/api/keys", None, serde_json::Value::Null).await.0,
        StatusCode::OK
    );

    // Behind a proxy every request comes from its address; the header tells clients apart.
    let proxied = Relay::start("proxied", false, |c| {
        c.public_rate_limit = 1;
        c.trusted_proxy_header = Some("X-Forwarded-For".into());
    });
    let proxy = proxied.from("127.0.0.1");
    let from = |client: &str| {
        let request = Request::get("/api/keys").header("x-forwarded-for", format!("192.0.2.1, {client}"));
        request.body(Body::empty()).unwrap()
    };
    assert_eq!(proxy.clone().oneshot(from("198.51.100.7")).await.unwrap().status(), StatusCode::OK);
    assert_eq!(proxy.clone().oneshot(from("198.51.100.7")).await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(proxy.clone().oneshot(from("198.51.100.8")).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let relay = Relay::start("headers", false, |_| {});
    let dist = relay.root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let loader = "\nimport init from '/app.js';\nawait init();\n";
    std::fs::write(
        dist.join("index.html"),
        format!("<html><head><script type=\"module\">{loader}</script></head></html>"),
    )
    .unwrap();
    let state =
        AppState::with_clock(&Config::with_dirs(&dist, &relay.root.join("data2")), relay.clock.clone()).unwrap();
    let app = router(state);
    let hash = {
        use base64::Engine as _;
        use sha2::Digest as _;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader.as_bytes()))
    };
    for path in ["/", "/operatore", "/api/keys", "/healthz", "/verifica"] {
        let res = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        let header = |name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let csp = header("content-security-policy");
        assert!(csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';")), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        let camera = if path == "/verifica" { "camera=(self)" } else { "camera=()" };
        assert!(header("permissions-policy").starts_with(camera), "{path}: {}", header("permissions-policy"));
    }
}

#[tokio::test]
async fn secrets_on_disk_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let root = temp_dir("security-modes");
    let data = root.join("data");
    std::fs::create_dir_all(&data).unwrap();
    // An older relay left a world-readable pepper.
    std::fs::write(data.join("card-pepper"), [7u8; 32]).unwrap();
    std::fs::set_permissions(data.join("card-pepper"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let _state = AppState::new(&Config::with_dirs(&root.join("dist"), &data)).unwrap();
    let mode = |name: &str| std::fs::metadata(data.join(name)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("."), 0o700);
    for name in ["card-pepper", "storage-id", "relay.sqlite3"] {
        assert_eq!(mode(name), 0o600, "{name}");
    }
    for name in ["relay.sqlite3-wal", "relay.sqlite3-shm"] {
        if data.join(name).exists() {
            assert_eq!(mode(name), 0o600, "{name}");
        }
    }
    std::fs::remove_dir_all(root).ok();
}

/// A log writer the test reads back.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tokens_never_reach_the_log_even_at_debug_level() {
    let relay = Relay::start("log", false, |_| {});
    let app = relay.from("10.0.0.1");
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let secret = "f00dfacecafebeef0123456789abcdef";
    for uri in
        [format!("/sync?token={secret}"), format!("/sync?ticket={secret}"), format!("/api/me?token={secret}&x=1")]
    {
        app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    }
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("/sync?token=…"), "the request is logged: {log}");
    assert!(!log.contains(secret), "{log}");
}
