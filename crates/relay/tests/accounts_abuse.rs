//! Accounts and abuse as a client on the network sees them: a relay on a loopback port with
//! real SQLite, plain HTTP/1.1 requests from chosen loopback addresses (127.0.0.1, 127.0.0.2)
//! and real WebSockets. The relay's `FixedClock` stands for time passing (code expiry,
//! throttle delays); the public rate limit runs on the host's clock and is only bursted.

use automerge::transaction::Transactable;
use automerge::ROOT;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use sportello_core::access::Role;
use sportello_core::sync::client::{Effect, SyncClient};
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::Message;
use sportello_relay::auth::{ENROLLMENT_CODE_SECONDS, ONE_TIME_CODE_SECONDS};
use sportello_relay::clock::FixedClock;
use sportello_relay::{router, AppState, Config};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};

mod support;
use support::incompressible;

const STRONG: &str = "Fiume-Lampone-Quarzo-83";
const HEAD_PASSWORD: &str = "password-del-responsabile";
/// Only a guard against hanging forever: assertions wait on events, not on time.
const GUARD: Duration = Duration::from_secs(30);
const PASSWORD_FIRST: &str =
    "Prima di continuare scegli la tua password personale: hai effettuato l'accesso con un codice monouso.";

struct Relay {
    state: AppState,
    clock: Arc<FixedClock>,
    addr: SocketAddr,
}

/// An answer: status, the headers as lowercase `name: value` lines, the JSON body.
struct Answer {
    status: u16,
    headers: String,
    body: Value,
}

impl Relay {
    /// A relay without demo data, with the head `capo.bari`, serving on a loopback port.
    async fn start(name: &str, adjust: impl FnOnce(&mut Config)) -> Relay {
        let root = support::temp_dir(&format!("accounts-abuse-{name}"));
        let mut config = support::config(&root);
        adjust(&mut config);
        let clock = Arc::new(FixedClock::new("2026-03-13T15:00:00Z".parse().unwrap()));
        let state = AppState::with_clock(&config, clock.clone()).unwrap();
        state.accounts().add_operator("capo.bari", "Carla Capo", "bari", Role::Head, HEAD_PASSWORD).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Relay { state, clock, addr }
    }

    fn advance(&self, seconds: i64) {
        self.clock.set(self.state.now() + chrono::Duration::seconds(seconds));
    }

    /// One HTTP/1.1 request from the loopback address `from`.
    async fn call_from(
        &self,
        from: &str,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
        headers: &[(&str, &str)],
    ) -> Answer {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
        let mut stream = socket.connect(self.addr).await.unwrap();
        let body = if body.is_null() { String::new() } else { body.to_string() };
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if let Some(token) = token {
            request += &format!("Authorization: Bearer {token}\r\n");
        }
        for (name, value) in headers {
            request += &format!("{name}: {value}\r\n");
        }
        request += "\r\n";
        request += &body;
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        tokio::time::timeout(GUARD, stream.read_to_end(&mut raw)).await.expect("the relay answers").unwrap();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Answer { status, headers: head.to_lowercase(), body: serde_json::from_str(body).unwrap_or(Value::Null) }
    }

    async fn call(&self, method: &str, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.call_from("127.0.0.1", method, path, token, body, &[]).await
    }

    async fn login(&self, username: &str, password: &str) -> Answer {
        let body = json!({ "username": username, "password": password, "device": "Chromium · test" });
        self.call("POST", "/api/login", None, body).await
    }

    async fn token(&self, username: &str, password: &str) -> String {
        let answer = self.login(username, password).await;
        assert_eq!(answer.status, 200, "{username}: {}", answer.body);
        answer.body["token"].as_str().unwrap().to_owned()
    }

    /// The head creates an operator of Bari; its one-time code.
    async fn new_operator(&self, head: &str, username: &str) -> String {
        let body = json!({ "username": username, "name": "Nadia Verdi", "role": "operator", "cpi": "bari" });
        let created = self.call("POST", "/api/accounts", Some(head), body).await;
        assert_eq!(created.status, 200, "{}", created.body);
        created.body["code"].as_str().unwrap().to_owned()
    }

    /// The upgrade of `/sync`: `Ok` once open, else the refusal's status and body.
    async fn sync(&self, token: &str) -> Result<Socket, (u16, String)> {
        let ticket = self.call("POST", "/api/sync-ticket", Some(token), Value::Null).await;
        if ticket.status != 200 {
            return Err((ticket.status, ticket.body.to_string()));
        }
        let ticket = ticket.body["ticket"].as_str().unwrap();
        match tokio_tungstenite::connect_async(format!("ws://{}/sync?ticket={ticket}", self.addr)).await {
            Ok((socket, _)) => Ok(socket),
            Err(tungstenite::Error::Http(response)) => {
                let body = response.body().clone().map(|b| String::from_utf8(b).unwrap()).unwrap_or_default();
                Err((response.status().as_u16(), body))
            }
            Err(other) => panic!("{other}"),
        }
    }

    /// The head's audit log as (action, doc, who) triples, newest first.
    async fn audit(&self, head: &str) -> Vec<(String, String, String)> {
        let log = self.call("GET", "/api/audit?limit=1000", Some(head), Value::Null).await;
        assert_eq!(log.status, 200, "{}", log.body);
        let entries = log.body["entries"].as_array().unwrap().iter();
        let text = |e: &Value, k: &str| e[k].as_str().unwrap().to_owned();
        entries.map(|e| (text(e, "action"), text(e, "doc"), text(e, "who"))).collect()
    }
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_opened_with_a_one_time_code_may_only_set_its_password() {
    let relay = Relay::start("pending", |_| {}).await;
    let head = relay.token("capo.bari", HEAD_PASSWORD).await;
    let code = relay.new_operator(&head, "nadia.verdi").await;
    let session = relay.login("nadia.verdi", &code).await;
    assert_eq!(session.body["must_change_password"], true, "{}", session.body);
    let token = session.body["token"].as_str().unwrap().to_owned();

    // What setting the password needs answers.
    assert_eq!(relay.call("GET", "/api/me", Some(&token), Value::Null).await.status, 200);
    let own = relay.call("GET", "/api/account", Some(&token), Value::Null).await;
    assert_eq!((own.status, own.body["must_change_password"].as_bool()), (200, Some(true)));
    // Nothing else does, and the sync socket does not open.
    for (method, path) in [
        ("GET", "/api/sessions"),
        ("POST", "/api/enrollment-codes"),
        ("GET", "/api/accounts"),
        ("GET", "/api/devices"),
        ("POST", "/api/card-digits"),
        ("GET", "/api/queue/satisfaction"),
    ] {
        let refused = relay.call(method, path, Some(&token), json!({})).await;
        assert_eq!((refused.status, refused.body["error"].as_str()), (403, Some(PASSWORD_FIRST)), "{method} {path}");
    }
    let Err((status, body)) = relay.sync(&token).await else { panic!("the socket opened") };
    assert_eq!(status, 403);
    assert!(body.contains("Prima di continuare scegli la tua password personale"), "{body}");

    let changed = relay.call("POST", "/api/password", Some(&token), json!({ "current": code, "new": STRONG })).await;
    assert_eq!(changed.status, 204, "{}", changed.body);
    assert_eq!(relay.call("GET", "/api/sessions", Some(&token), Value::Null).await.status, 200);
    assert!(relay.sync(&token).await.is_ok(), "the same session syncs once the password is set");
    // A head's own session was never held back.
    assert!(relay.sync(&head).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_time_code_signs_in_for_72_hours_then_is_refused_with_a_clear_message() {
    let relay = Relay::start("code-expiry", |_| {}).await;
    let head = relay.token("capo.bari", HEAD_PASSWORD).await;
    let code = relay.new_operator(&head, "nadia.verdi").await;
    relay.advance(ONE_TIME_CODE_SECONDS - 1);
    assert_eq!(relay.login("nadia.verdi", &code).await.status, 200, "valid up to its last second");
    relay.advance(1);
    let expired = relay.login("nadia.verdi", &code).await;
    assert_eq!(
        (expired.status, expired.body["error"].as_str()),
        (401, Some("Il codice monouso è scaduto: chiedine uno nuovo a chi gestisce il tuo account."))
    );
    let guess = relay.login("nadia.verdi", "non-il-codice").await;
    assert_eq!(
        (guess.status, guess.body["error"].as_str()),
        (401, Some("Credenziali non valide.")),
        "only whoever holds the code learns it expired"
    );

    // A reset issues a fresh code with the same lifetime; it works once.
    let head = relay.token("capo.bari", HEAD_PASSWORD).await;
    let reset = relay.call("POST", "/api/accounts/nadia.verdi/reset", Some(&head), Value::Null).await;
    let fresh = reset.body["code"].as_str().unwrap().to_owned();
    let token = relay.token("nadia.verdi", &fresh).await;
    let changed = relay.call("POST", "/api/password", Some(&token), json!({ "current": fresh, "new": STRONG })).await;
    assert_eq!(changed.status, 204, "{}", changed.body);
    assert_eq!(relay.login("nadia.verdi", &fresh).await.status, 401, "single use");
    relay.advance(ONE_TIME_CODE_SECONDS);
    assert_eq!(relay.login("nadia.verdi", STRONG).await.status, 200, "a chosen password does not expire");

    let head = relay.token("capo.bari", HEAD_PASSWORD).await;
    let log = relay.audit(&head).await;
    let failed = log.iter().filter(|(action, doc, _)| action == "login_failed" && doc == "account:nadia.verdi");
    assert_eq!(failed.count(), 3, "the expired code, the guess and the spent code: {log:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_used_or_expired_enrollment_code_answers_exactly_like_one_never_issued() {
    let relay = Relay::start("enroll", |_| {}).await;
    let head = relay.token("capo.bari", HEAD_PASSWORD).await;
    let new_code = || async {
        let created = relay.call("POST", "/api/enrollment-codes", Some(&head), Value::Null).await;
        assert_eq!(created.status, 200, "{}", created.body);
        created.body["code"].as_str().unwrap().to_owned()
    };
    let enroll = |code: String| relay.call("POST", "/api/enroll", None, json!({ "code": code, "name": "Atrio" }));
    let used = new_code().await;
    assert_eq!(enroll(used.clone()).await.status, 200);
    let expired = new_code().await;
    relay.advance(ENROLLMENT_CODE_SECONDS);

    let never = enroll("k7m2p9qx".into()).await;
    assert_eq!(never.status, 401);
    assert!(never.body["error"].as_str().unwrap().starts_with("Codice di attivazione non valido"), "{}", never.body);
    for (what, answer) in [("used", enroll(used).await), ("expired", enroll(expired).await)] {
        assert_eq!((answer.status, &answer.body), (never.status, &never.body), "{what}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_on_a_public_endpoint_gets_429_and_another_address_does_not() {
    let relay = &Relay::start("public-limit", |c| c.public_rate_limit = 3).await;
    let get = |from: &'static str, path: &'static str, forwarded: Option<&'static str>| async move {
        let headers: Vec<(&str, &str)> = forwarded.map(|f| ("X-Forwarded-For", f)).into_iter().collect();
        relay.call_from(from, "GET", path, None, Value::Null, &headers).await
    };
    for _ in 0..3 {
        assert_eq!(get("127.0.0.1", "/api/keys", None).await.status, 200);
    }
    let refused = get("127.0.0.1", "/api/certificates/2026-BA-1", None).await;
    assert_eq!(refused.status, 429);
    let message = refused.body["error"].as_str().unwrap_or_default();
    assert!(message.starts_with("Troppe richieste da questo indirizzo. Riprova tra "), "{}", refused.body);
    assert!(refused.headers.contains("\r\nretry-after: "), "{}", refused.headers);
    // A forwarded-for header is not believed unless configured.
    assert_eq!(get("127.0.0.1", "/api/keys", Some("198.51.100.7")).await.status, 429);
    // Signed-in routes are not counted; another address has its own allowance.
    assert_eq!(get("127.0.0.1", "/api/me", None).await.status, 401);
    assert_eq!(get("127.0.0.2", "/api/keys", None).await.status, 200);

    // Behind the TLS proxy every request comes from its address; its header tells clients apart.
    let proxied = &Relay::start("public-proxied", |c| {
        c.public_rate_limit = 1;
        c.trusted_proxy_header = Some("X-Forwarded-For".into());
    })
    .await;
    let from = |client: &'static str| async move {
        let forwarded = format!("192.0.2.1, {client}");
        let headers = [("X-Forwarded-For", forwarded.as_str())];
        proxied.call_from("127.0.0.1", "GET", "/api/keys", None, Value::Null, &headers).await.status
    };
    assert_eq!(from("198.51.100.7").await, 200);
    assert_eq!(from("198.51.100.7").await, 429, "the last entry is the client the proxy saw");
    assert_eq!(from("198.51.100.8").await, 200);
}

/// A totem's sync client on a real WebSocket.
struct Totem {
    client: SyncClient,
    socket: Socket,
}

impl Totem {
    async fn send(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Send(bytes) = effect {
                self.socket.send(WsMessage::Binary(bytes.into())).await.unwrap();
            }
        }
    }

    /// Frames until the relay closes: the `error` frames' messages and the close reason.
    async fn until_closed(&mut self) -> (Vec<String>, String) {
        let mut errors = Vec::new();
        let listen = async {
            loop {
                match self.socket.next().await {
                    Some(Ok(WsMessage::Binary(bytes))) => {
                        if let Ok(Message::Error { message, .. }) = Message::decode(&bytes) {
                            errors.push(message);
                        }
                        let effects = self.client.receive(&bytes).unwrap_or_default();
                        self.send(effects).await;
                    }
                    Some(Ok(WsMessage::Close(frame))) => {
                        return frame.map(|f| f.reason.to_string()).unwrap_or_default();
                    }
                    Some(Ok(_)) => {}
                    other => return format!("{other:?}"),
                }
            }
        };
        let reason = tokio::time::timeout(GUARD, listen).await.expect("the relay closes");
        (errors, reason)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_totems_oversized_declaration_is_refused_and_the_refusal_is_audited_with_the_device() {
    let relay = Relay::start("quota", |_| {}).await;
    let head = relay.token("capo.bari", HEAD_PASSWORD).await;
    let code = relay.call("POST", "/api/enrollment-codes", Some(&head), Value::Null).await.body["code"].clone();
    let enrolled = relay.call("POST", "/api/enroll", None, json!({ "code": code, "name": "Atrio" })).await;
    let token = enrolled.body["token"].as_str().unwrap().to_owned();
    let device = enrolled.body["principal"]["device"].as_str().unwrap().to_owned();

    let socket = relay.sync(&token).await.expect("a totem syncs");
    let client = SyncClient::new(PeerId("totem-quota".into()), automerge::ActorId::from(&[7; 16][..]));
    let mut totem = Totem { client, socket };
    let effects = totem.client.connected();
    totem.send(effects).await;
    // A declaration past the 32 KB of its kind (`sportello_core::quota`).
    let doc = DocumentId::from_random([41; 16]);
    let effects = totem.client.create(doc, 0, |tx| {
        tx.put(ROOT, "kind", "declaration").unwrap();
        tx.put(ROOT, "note", incompressible(60 * 1024)).unwrap();
    });
    totem.send(effects).await;
    let (errors, reason) = totem.until_closed().await;
    assert!(reason.starts_with("Modifica rifiutata: "), "{reason}");
    assert_eq!(errors, [reason], "the error frame says why, then the socket closes");

    let log = relay.audit(&head).await;
    let refusal = log.iter().find(|(action, _, _)| action == "change_refused");
    let (_, doc_in_log, who) = refusal.unwrap_or_else(|| panic!("no quota refusal in {log:?}"));
    assert_eq!(doc_in_log, &doc.to_string());
    assert!(who.contains(&device), "the entry names the totem: {who}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_the_lock_resets_and_revocations_are_entries_of_the_heads_audit_log() {
    let relay = Relay::start("audit", |_| {}).await;
    relay.state.accounts().add_operator("ugo.neri", "Ugo Neri", "bari", Role::Operator, STRONG).unwrap();
    let head = relay.token("capo.bari", HEAD_PASSWORD).await;
    // Ten wrong passwords (waiting out each delay on the relay's clock) lock the account.
    let mut failures = 0;
    while failures < 10 {
        match relay.login("ugo.neri", "sbagliata").await.status {
            401 => failures += 1,
            429 => relay.advance(30),
            other => panic!("{other}"),
        }
    }
    assert_eq!(relay.login("ugo.neri", STRONG).await.status, 429, "locked");
    relay.advance(15 * 60);
    let ugo = relay.token("ugo.neri", STRONG).await;
    // An unknown username has no CPI whose log could hold it: a log line only.
    assert_eq!(relay.login("nessuno.qui", "sbagliata").await.status, 401);

    let code = relay.call("POST", "/api/enrollment-codes", Some(&ugo), Value::Null).await.body["code"].clone();
    let enrolled = relay.call("POST", "/api/enroll", None, json!({ "code": code, "name": "Atrio" })).await;
    let device = enrolled.body["principal"]["device"].as_str().unwrap().to_owned();
    assert_eq!(
        relay.call("POST", &format!("/api/devices/{device}/revoke"), Some(&head), Value::Null).await.status,
        204
    );
    assert_eq!(relay.call("POST", "/api/accounts/ugo.neri/reset", Some(&head), Value::Null).await.status, 200);
    let off = json!({ "disabled": true });
    assert_eq!(relay.call("POST", "/api/accounts/ugo.neri/disabled", Some(&head), off).await.status, 204);

    let log = relay.audit(&head).await;
    let of_ugo = |action: &str| -> Vec<String> {
        let entries = log.iter().filter(|(a, doc, _)| a == action && doc == "account:ugo.neri");
        entries.map(|(_, _, who)| who.clone()).collect()
    };
    assert_eq!(of_ugo("login_failed"), vec!["client:127.0.0.1".to_owned(); 10], "{log:?}");
    assert_eq!(of_ugo("login_locked").len(), 1, "{log:?}");
    assert_eq!(of_ugo("password_reset"), ["operator:capo.bari@bari"]);
    assert_eq!(of_ugo("account_disable").len(), 1);
    let revoked = format!("device:{device}");
    assert!(log.iter().any(|(a, doc, _)| a == "device_revoke" && doc == &revoked), "{log:?}");
    assert!(log.iter().all(|(_, doc, _)| !doc.contains("nessuno.qui")));
}
