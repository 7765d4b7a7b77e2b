//! Sportello's relay, as a library: `router(state)` builds the HTTP surface and `serve`
//! binds it. The binary in `main.rs` only parses flags.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod card;
pub mod citizens;
pub mod clock;
pub mod db;
mod demo;
mod headers;
pub mod http;
pub mod hub;
pub mod hubs;
pub mod revocations;
mod routes;
pub mod services;
mod static_files;
pub mod store;
pub mod surveys;
pub mod throttle;
pub mod tickets;
pub mod wellknown;
mod ws;

use axum::{extract::State, routing::get, Json, Router};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::trace::TraceLayer;

/// Command-line flags (also settable through `SPORTELLO_*` environment variables).
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "sportello-relay", version, about)]
pub struct Config {
    /// Address to listen on. Port 0 picks a free port; the chosen address is printed.
    #[arg(long, env = "SPORTELLO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory for durable storage. Created if missing.
    #[arg(long, env = "SPORTELLO_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Directory holding the built app (Trunk's `dist`).
    #[arg(long, env = "SPORTELLO_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Load demo data for the pilot CPIs at start-up.
    #[arg(long, env = "SPORTELLO_DEMO")]
    pub demo: bool,
    /// Log as JSON lines instead of human-readable text.
    #[arg(long, env = "SPORTELLO_LOG_JSON")]
    pub log_json: bool,
    /// Create the installation's first regional administrator with this username, print its
    /// one-time code and exit (it sets its own password at its first sign-in).
    #[arg(long, value_name = "USERNAME")]
    pub create_regional_admin: Option<String>,
    /// The header in which a TLS proxy in front passes the client's address (e.g.
    /// `X-Forwarded-For`: its last entry is taken). Off by default: the TCP peer is the client.
    /// Set it only when the relay is reachable through that proxy alone.
    #[arg(long, env = "SPORTELLO_TRUSTED_PROXY_HEADER")]
    pub trusted_proxy_header: Option<String>,
    /// Threads of the runtime's blocking pool, where SQLite and the hubs' locks are reached
    /// (`http::blocking`, the sync socket's frames); beyond them calls wait in the pool's
    /// queue. Tokio's 512 by default: 16 cut the fan-out bench's threads from 85 to 31, but
    /// its p99 delivery was no better on a loaded machine (ARCHITECTURE.md, `ws`).
    #[arg(long, env = "SPORTELLO_BLOCKING_THREADS", default_value_t = 512)]
    pub blocking_threads: usize,
    /// Threads that check passwords (argon2, ~19 MiB each while checking).
    #[arg(long, env = "SPORTELLO_PASSWORD_WORKERS", default_value_t = 2)]
    pub password_workers: usize,
    /// Password checks that may wait for a thread; beyond them a sign-in is answered 429.
    #[arg(long, env = "SPORTELLO_PASSWORD_QUEUE", default_value_t = 4)]
    pub password_queue: usize,
    /// Requests per minute and client address to the public endpoints (sign-in, enrollment,
    /// the ticket's phone page and survey, certificate checks, keys).
    #[arg(long, env = "SPORTELLO_PUBLIC_RATE_LIMIT", default_value_t = 600)]
    pub public_rate_limit: u32,
    /// Seconds between the pings of a sync socket; a socket that sent nothing (not even the
    /// pong) since the last ping is closed, and each ping re-checks its credentials.
    #[arg(long, env = "SPORTELLO_PING_INTERVAL", default_value = "20", value_parser = parse_seconds)]
    pub ping_interval: Duration,
    /// Frames waiting to go out to one sync socket; a client that lets them pile up past this
    /// is not reading and is dropped. A desk's start answers one frame per document it
    /// holds (index, board, vacancies, 9 queue days, outboxes, its pinned dossiers).
    #[arg(long, env = "SPORTELLO_OUTGOING_QUEUE", default_value_t = 512)]
    pub outgoing_queue: usize,
    /// Bytes of frames waiting for one sync socket; past this the client is dropped as not
    /// reading, so large frames cannot hold hundreds of MB per slow client. A frame larger
    /// than this still goes out when it is alone in the queue (a large document's sync).
    #[arg(long, env = "SPORTELLO_OUTGOING_QUEUE_BYTES", default_value_t = 8 * 1024 * 1024)]
    pub outgoing_queue_bytes: usize,
    /// Seconds a document stays in memory after its last use (then it is evicted, and its
    /// memory goes back to the system). Checked every 30 s, or half this if shorter.
    #[arg(long, env = "SPORTELLO_IDLE_EVICTION", default_value = "120", value_parser = parse_seconds)]
    pub idle_eviction: Duration,
    /// Days a device token (totem, display board) lives; a device in use renews it once less
    /// than half is left, so only a device unused that long must be enrolled again.
    #[arg(long, env = "SPORTELLO_DEVICE_TOKEN_DAYS", default_value_t = auth::DEVICE_TOKEN_DAYS)]
    pub device_token_days: u32,
    /// For tests only: seconds a device token lives, overriding `--device-token-days`, so a
    /// browser test sees a device left on renew its token (and one that does not expire).
    #[arg(long, env = "SPORTELLO_DEVICE_TOKEN_SECONDS")]
    pub device_token_seconds: Option<u32>,
}

/// Seconds, fractions allowed (`0.2`), as a duration.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let secs: f64 = text.parse().map_err(|_| format!("not a number of seconds: {text}"))?;
    Duration::try_from_secs_f64(secs).map_err(|e| e.to_string()).and_then(|d| {
        if d.is_zero() {
            Err("must be above zero".to_owned())
        } else {
            Ok(d)
        }
    })
}

impl Config {
    /// The defaults with these directories (tests, tools).
    pub fn with_dirs(dist: &std::path::Path, data_dir: &std::path::Path) -> Self {
        let mut config = <Self as clap::Parser>::parse_from(["sportello-relay"]);
        config.dist = dist.to_path_buf();
        config.data_dir = data_dir.to_path_buf();
        config
    }
}

/// Shared state of every request handler.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    clock: Arc<dyn clock::Clock>,
    dist: PathBuf,
    data_dir: PathBuf,
    accounts: auth::Accounts,
    well_known: Box<dyn wellknown::WellKnownStore>,
    card_pepper: card::CardPepper,
    citizens: Box<dyn citizens::CitizenStore>,
    surveys: Box<dyn surveys::SurveyStore>,
    /// Each CPI's dossier index as the relay last read it (identification by codice fiscale).
    index_views: Mutex<HashMap<String, sportello_core::docs::index::IndexView>>,
    /// Recent Tessera Sanitaria registrations per operator (rate limit).
    card_registrations: Mutex<HashMap<String, Vec<i64>>>,
    /// One sync hub per CPI ([`hubs`]).
    hubs: hubs::Hubs,
    /// Where the hubs' frames and audit entries go once stored.
    delivery: Arc<Delivery>,
    next_conn: AtomicU64,
    /// Each argon2 check takes ~19 MiB of working memory, which the allocator keeps in the
    /// arena of the thread that ran it: checks run on a few dedicated threads, behind a
    /// bounded queue.
    password_pool: std::sync::mpsc::SyncSender<PasswordJob>,
    throttles: throttle::Throttles,
    public_limit: throttle::PublicLimit,
    trusted_proxy_header: Option<axum::http::HeaderName>,
    /// Credentials that ended, for the sockets that still hold them.
    revocations: revocations::Revocations,
    /// One-time tickets for the sync socket's upgrade.
    tickets: tickets::Tickets,
    ping_interval: Duration,
    outgoing_queue: usize,
    outgoing_queue_bytes: usize,
}

type PasswordJob = Box<dyn FnOnce() + Send>;

/// Why a password check did not run.
#[derive(Debug, PartialEq, Eq)]
pub enum PasswordPoolError {
    /// Every thread is checking and the queue is full: answer 429, never queue behind guessers.
    Busy,
    /// The pool is gone (a worker panicked).
    Gone,
}

/// glibc keeps freed memory in its arenas: argon2's working memory (measured: RSS grows by
/// ~200 MiB over a dozen logins, then plateaus) and evicted documents; hand it back to the OS
/// after each password check and each eviction that dropped documents.
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory held by the allocator; it has no
    // preconditions and touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn spawn_password_pool(workers: usize, queue: usize) -> std::io::Result<std::sync::mpsc::SyncSender<PasswordJob>> {
    // A queue of at least one, so a free worker between two jobs never turns a sign-in away.
    let (tx, rx) = std::sync::mpsc::sync_channel::<PasswordJob>(queue.max(1));
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..workers.max(1) {
        let rx = Arc::clone(&rx);
        std::thread::Builder::new().name(format!("password-check-{i}")).spawn(move || loop {
            let job = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
            let Ok(job) = job else { return };
            job();
            release_freed_memory();
        })?;
    }
    Ok(tx)
}

/// What the CPIs' storage threads deliver to: the audit log, then the sockets.
struct Delivery {
    audit: Box<dyn audit::AuditStore>,
    conns: Mutex<HashMap<hub::ConnId, ws::ConnSender>>,
}

impl hubs::Deliver for Delivery {
    /// Writes the audit entries, then routes the frames. An entry that cannot be written is
    /// logged loudly, never dropped silently.
    fn deliver(&self, outs: Vec<hub::Out>) {
        let (entries, frames): (Vec<_>, Vec<_>) = outs.into_iter().partition(|o| matches!(o, hub::Out::Audit(_)));
        let entries: Vec<audit::AuditEntry> =
            entries.into_iter().filter_map(|o| if let hub::Out::Audit(e) = o { Some(e) } else { None }).collect();
        if !entries.is_empty() {
            if let Err(err) = self.audit.record(&entries) {
                tracing::error!(%err, ?entries, "cannot write the audit log");
            }
        }
        let conns = self.conns.lock().unwrap_or_else(|p| p.into_inner());
        for out in frames {
            if let Some(sender) = ws::conn_of(&out).and_then(|c| conns.get(&c)) {
                ws::route_one(sender, out);
            }
        }
    }
}

/// Files of the data directory that hold secrets or personal data: owner only (0600).
const PRIVATE_FILES: [&str; 5] =
    ["relay.sqlite3", "relay.sqlite3-wal", "relay.sqlite3-shm", "card-pepper", "storage-id"];

/// Makes the data directory 0700 and its private files 0600 (files created by older relays
/// were 0644; SQLite gives new -wal and -shm files the database's mode).
fn restrict_data_dir(data_dir: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(0o700))?;
        for name in PRIVATE_FILES {
            match std::fs::set_permissions(data_dir.join(name), std::fs::Permissions::from_mode(0o600)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    }
    Ok(())
}

impl AppState {
    /// Opens the storage in the data directory and makes sure every CPI has its board.
    pub fn new(config: &Config) -> Result<Self, Box<dyn std::error::Error>> {
        Self::with_clock(config, Arc::new(clock::SystemClock))
    }

    /// Like [`AppState::new`], with the relay's time read from `clock`.
    pub fn with_clock(config: &Config, clock: Arc<dyn clock::Clock>) -> Result<Self, Box<dyn std::error::Error>> {
        std::fs::create_dir_all(&config.data_dir)?;
        restrict_data_dir(&config.data_dir)?;
        let stores = Stores::open(config)?;
        Self::with_stores(config, clock, stores)
    }

    /// Like [`AppState::with_clock`], on the given storage backends (tests wrap the SQLite
    /// ones to make them slow or failing).
    pub fn with_stores(
        config: &Config,
        clock: Arc<dyn clock::Clock>,
        stores: Stores,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        std::fs::create_dir_all(&config.data_dir)?;
        let Stores { documents, accounts, well_known, audit, citizens, surveys } = stores;
        let accounts = auth::Accounts::new(accounts).with_device_token_days(config.device_token_days);
        let accounts = match config.device_token_seconds {
            Some(seconds) => accounts.with_device_token_seconds(seconds),
            None => accounts,
        };
        let storage_id = storage_id(&config.data_dir)?;
        let delivery = Arc::new(Delivery { audit, conns: Mutex::new(HashMap::new()) });
        let hubs = hubs::Hubs::new(Arc::from(documents), storage_id, delivery.clone());
        let now = clock.now();
        let now_ms = now.timestamp_millis().max(0) as u64;
        let (created, seeded) = if config.demo {
            demo::prepare(&hubs, well_known.as_ref(), &accounts, clock::rome_date(now), now_ms)?
        } else {
            let empty_vacancies =
                |cpi: &sportello_core::cpi::Cpi| sportello_core::docs::vacancies::Vacancies::new(&cpi.slug);
            let board = sportello_core::docs::board::Board::for_cpi;
            (services::ensure_cpi_documents(&hubs, well_known.as_ref(), board, empty_vacancies, now_ms)?, 0)
        };
        if created > 0 {
            tracing::info!(created, "CPI documents created");
        }
        if seeded > 0 {
            tracing::info!(seeded, "demo dossiers created");
        }
        let card_pepper = card::CardPepper::open(&config.data_dir)?;
        restrict_data_dir(&config.data_dir)?;
        let trusted_proxy_header = match &config.trusted_proxy_header {
            Some(name) => Some(axum::http::HeaderName::try_from(name.as_str())?),
            None => None,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                clock,
                dist: config.dist.clone(),
                data_dir: config.data_dir.clone(),
                accounts,
                well_known,
                card_pepper,
                citizens,
                surveys,
                index_views: Mutex::new(HashMap::new()),
                card_registrations: Mutex::new(HashMap::new()),
                hubs,
                delivery,
                next_conn: AtomicU64::new(1),
                password_pool: spawn_password_pool(config.password_workers, config.password_queue)?,
                throttles: throttle::Throttles::default(),
                public_limit: throttle::public_limit(config.public_rate_limit, trusted_proxy_header.clone()),
                trusted_proxy_header,
                revocations: revocations::Revocations::default(),
                tickets: tickets::Tickets::default(),
                ping_interval: config.ping_interval,
                outgoing_queue: config.outgoing_queue.max(1),
                outgoing_queue_bytes: config.outgoing_queue_bytes.max(1),
            }),
        })
    }

    /// The relay's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    pub fn now_secs(&self) -> i64 {
        self.now().timestamp()
    }

    pub fn now_millis(&self) -> u64 {
        self.now().timestamp_millis().max(0) as u64
    }

    /// The wall time in Italy, which certificates and revocations carry.
    pub fn rome_now(&self) -> chrono::NaiveDateTime {
        clock::rome_time(self.now())
    }

    /// The relay's today: the day in Italy.
    pub fn today(&self) -> chrono::NaiveDate {
        clock::rome_date(self.now())
    }

    pub fn accounts(&self) -> &auth::Accounts {
        &self.inner.accounts
    }

    /// Runs `check` (an argon2 password check) on the relay's password threads; `None` if
    /// the pool is full or gone (see [`AppState::password_check`]).
    pub async fn on_password_thread<R: Send + 'static>(&self, check: impl FnOnce() -> R + Send + 'static) -> Option<R> {
        self.password_check(check).await.ok()
    }

    /// Runs `check` on the password threads, or refuses at once when every thread is busy
    /// and the queue is full.
    pub async fn password_check<R: Send + 'static>(
        &self,
        check: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, PasswordPoolError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: PasswordJob = Box::new(move || {
            let _ = reply.send(check());
        });
        self.inner.password_pool.try_send(job).map_err(|e| match e {
            std::sync::mpsc::TrySendError::Full(_) => PasswordPoolError::Busy,
            std::sync::mpsc::TrySendError::Disconnected(_) => PasswordPoolError::Gone,
        })?;
        answer.await.map_err(|_| PasswordPoolError::Gone)
    }

    /// The throttles of sign-in, enrollment and identification.
    pub fn throttles(&self) -> &throttle::Throttles {
        &self.inner.throttles
    }

    /// The header a trusted TLS proxy puts the client's address in, if configured.
    pub fn trusted_proxy_header(&self) -> Option<&axum::http::HeaderName> {
        self.inner.trusted_proxy_header.as_ref()
    }

    /// The sync socket's one-time tickets.
    pub fn tickets(&self) -> &tickets::Tickets {
        &self.inner.tickets
    }

    /// Where ended sessions and revoked devices are published (see [`revocations`]).
    pub fn revocations(&self) -> &revocations::Revocations {
        &self.inner.revocations
    }

    pub fn well_known(&self) -> &dyn wellknown::WellKnownStore {
        self.inner.well_known.as_ref()
    }

    pub fn audit(&self) -> &dyn audit::AuditStore {
        self.inner.delivery.audit.as_ref()
    }

    pub fn card_pepper(&self) -> &card::CardPepper {
        &self.inner.card_pepper
    }

    /// Counts a card registration by `username`; false once `max` were made in `window` seconds.
    pub fn card_registration_allowed(&self, username: &str, now: i64, max: usize, window: i64) -> bool {
        let mut map = self.inner.card_registrations.lock().unwrap_or_else(|p| p.into_inner());
        let recent = map.entry(username.to_owned()).or_default();
        recent.retain(|t| now - *t < window);
        if recent.len() >= max {
            return false;
        }
        recent.push(now);
        true
    }

    pub fn citizens(&self) -> &dyn citizens::CitizenStore {
        self.inner.citizens.as_ref()
    }

    pub fn surveys(&self) -> &dyn surveys::SurveyStore {
        self.inner.surveys.as_ref()
    }

    fn index_views(&self) -> std::sync::MutexGuard<'_, HashMap<String, sportello_core::docs::index::IndexView>> {
        self.inner.index_views.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The sync hub of `cpi`. Its methods block: call them from `http::blocking` or
    /// `spawn_blocking`, never on the async runtime.
    pub fn hub(&self, cpi: &str) -> Arc<hubs::CpiHub> {
        self.inner.hubs.of(cpi)
    }

    /// The hub of the CPI a stored document belongs to (`None`: no such document). Blocking.
    pub fn hub_of_document(
        &self,
        id: &sportello_core::sync::ids::DocumentId,
    ) -> Result<Option<Arc<hubs::CpiHub>>, store::StoreError> {
        self.inner.hubs.of_document(id)
    }

    fn next_conn_id(&self) -> hub::ConnId {
        self.inner.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    // A short, IO-free critical section (a map insert or removal): fine on the runtime.
    fn register_conn(&self, conn: hub::ConnId, sender: ws::ConnSender) {
        self.inner.delivery.conns.lock().unwrap_or_else(|p| p.into_inner()).insert(conn, sender);
    }

    /// Sync sockets open now (registered for delivery).
    pub fn open_sockets(&self) -> usize {
        self.inner.delivery.conns.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    fn unregister_conn(&self, conn: hub::ConnId) {
        self.inner.delivery.conns.lock().unwrap_or_else(|p| p.into_inner()).remove(&conn);
    }

    /// Delivers frames made outside a hub (a socket's own close).
    fn route(&self, outs: Vec<hub::Out>) {
        hubs::Deliver::deliver(self.inner.delivery.as_ref(), outs);
    }
}

/// Every storage boundary of the relay as a trait object. [`Stores::open`] is the one place
/// that picks the backends, so another database is one more implementation of each trait
/// and one more choice there.
pub struct Stores {
    pub documents: Box<dyn store::DocStore>,
    pub accounts: Box<dyn auth::AccountStore>,
    pub well_known: Box<dyn wellknown::WellKnownStore>,
    pub audit: Box<dyn audit::AuditStore>,
    pub citizens: Box<dyn citizens::CitizenStore>,
    pub surveys: Box<dyn surveys::SurveyStore>,
}

impl Stores {
    /// The stores the configuration asks for: SQLite in the data directory.
    pub fn open(config: &Config) -> Result<Self, store::StoreError> {
        let db = db::Db::open(&config.data_dir.join("relay.sqlite3"))?;
        Ok(Stores {
            documents: Box::new(store::SqliteStore::open(&db)?),
            accounts: Box::new(auth::SqliteAccounts::open(&db)?),
            well_known: Box::new(wellknown::SqliteWellKnown::open(&db)?),
            audit: Box::new(audit::SqliteAudit::open(&db)?),
            citizens: Box::new(citizens::SqliteCitizens::open(&db)?),
            surveys: Box::new(surveys::SqliteSurveys::open(&db)?),
        })
    }
}

/// A stable id for this relay's storage, kept in the data directory.
fn storage_id(data_dir: &std::path::Path) -> std::io::Result<String> {
    let path = data_dir.join("storage-id");
    match std::fs::read_to_string(&path) {
        Ok(id) => Ok(id.trim().to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let id = auth::hex(&auth::random_bytes::<16>());
            std::fs::write(&path, &id)?;
            Ok(id)
        }
        Err(e) => Err(e),
    }
}

/// The relay's whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let app = static_files::service(&state.inner.dist);
    let dist = state.inner.dist.clone();
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route("/sync", get(ws::upgrade))
        .merge(routes::session::routes())
        .merge(routes::dossiers::routes())
        .merge(routes::citizens::routes())
        .merge(routes::queue::routes())
        .merge(routes::accounts::routes())
        .merge(routes::devices::routes())
        .fallback_service(app)
        .layer(axum::middleware::from_fn_with_state(state.clone(), limit_public))
        .with_state(state);
    headers::apply(routes, &dist).layer(TraceLayer::new_for_http().make_span_with(request_span))
}

/// The endpoints anyone reaches without credentials, rate-limited per client address.
fn is_public(method: &axum::http::Method, path: &str) -> bool {
    use axum::http::Method;
    match *method {
        Method::POST => matches!(path, "/api/login" | "/api/enroll") || path.starts_with("/api/public/"),
        Method::GET => {
            path == "/api/keys" || path.starts_with("/api/certificates/") || path.starts_with("/api/public/")
        }
        _ => false,
    }
}

async fn limit_public(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use tower::{Layer, ServiceExt};
    if !is_public(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let limited = state.inner.public_limit.layer(next);
    throttle::prune_public_limit(&limited.limiter);
    match limited.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The request's span without query values: `/sync?token=…` would put a credential in the log.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let uri = request.uri();
    let query = uri.query().map(redact_query).map(|q| format!("?{q}")).unwrap_or_default();
    tracing::debug_span!("request", method = %request.method(), uri = %format!("{}{query}", uri.path()), version = ?request.version())
}

/// A query string with each value replaced (`token=…&k=…`).
fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| pair.split('=').next().unwrap_or_default().to_owned() + "=…")
        .collect::<Vec<_>>()
        .join("&")
}

async fn healthz(State(state): State<AppState>) -> Json<sportello_core::api::Health> {
    Json(sportello_core::api::Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        app_built: state.inner.dist.join("index.html").is_file(),
    })
}

/// `--create-regional-admin`: opens the storage only, creates the account and returns its
/// one-time code (`None` if the username exists).
pub fn create_regional_admin(config: &Config, username: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&config.data_dir)?;
    let accounts = auth::Accounts::new(Stores::open(config)?.accounts);
    admin::create_regional_admin(&accounts, username, "Amministratore regionale", chrono::Utc::now().timestamp())
        .map_err(|e| e.message_it().to_owned().into())
}

/// Binds the listener and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let state = AppState::new(&config)?;
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(dist = %config.dist.display(), "no built app found; run `cargo xtask build`");
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, data_dir = %state.inner.data_dir.display(), demo = config.demo, "relay listening");
    let evictor = state.clone();
    let idle = config.idle_eviction;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30).min(idle / 2));
        loop {
            tick.tick().await;
            let s = evictor.clone();
            let evicted = tokio::task::spawn_blocking(move || {
                let evicted = s.inner.hubs.evict_idle(s.now_millis(), idle.as_millis() as u64);
                if evicted > 0 {
                    // The evicted documents' memory goes back to the system now, not at the
                    // next sign-in's trim.
                    release_freed_memory();
                }
                evicted
            })
            .await
            .unwrap_or(0);
            if evicted > 0 {
                tracing::debug!(evicted, "idle documents evicted");
            }
        }
    });
    // Tests and scripts read this line to learn the port when listening on port 0.
    println!("listening on http://{addr}");
    // The peer's address reaches the throttles as `ConnectInfo`.
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut sig) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            sig.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

/// Human-readable logs by default, JSON lines with `--log-json`; `RUST_LOG` filters.
pub fn init_tracing(json: bool) {
    use tracing_subscriber::{fmt, EnvFilter};
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    if json {
        fmt().with_env_filter(filter).with_writer(std::io::stderr).json().init();
    } else {
        fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    }
}
