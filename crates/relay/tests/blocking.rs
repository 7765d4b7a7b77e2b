//! Routes that read SQLite do it on the blocking pool, never on the async runtime: a slow
//! read must not stall every other request of the relay.

use sportello_core::access::Role;
use sportello_relay::audit::{AuditEntry, AuditFilter, AuditStore, Listed};
use sportello_relay::store::StoreError;
use sportello_relay::{AppState, Stores};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod support;
use support::{config, json_request, temp_dir};

/// An audit store whose `query` waits (at most a few seconds) until the test says the runtime
/// went on without it.
struct Slow {
    inner: Box<dyn AuditStore>,
    entered: Arc<AtomicBool>,
    released: Arc<AtomicBool>,
    released_in_time: Arc<AtomicBool>,
}

impl AuditStore for Slow {
    fn record(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        self.inner.record(entries)
    }
    fn query(&self, cpi: &str, filter: &AuditFilter, limit: usize) -> Result<Vec<Listed>, StoreError> {
        self.entered.store(true, Ordering::SeqCst);
        let until = Instant::now() + Duration::from_secs(3);
        while !self.released.load(Ordering::SeqCst) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.released_in_time.store(self.released.load(Ordering::SeqCst), Ordering::SeqCst);
        self.inner.query(cpi, filter, limit)
    }
}

// One runtime thread: a read made on it would hold the test's own task until it returns.
#[tokio::test(flavor = "current_thread")]
async fn reading_the_audit_log_leaves_the_runtime_free() {
    let config = config(&temp_dir("blocking-audit"));
    std::fs::create_dir_all(&config.data_dir).unwrap();
    let mut stores = Stores::open(&config).unwrap();
    let (entered, released, released_in_time) = Default::default();
    let (e, r, t): (Arc<AtomicBool>, Arc<AtomicBool>, Arc<AtomicBool>) = (entered, released, released_in_time);
    stores.audit =
        Box::new(Slow { inner: stores.audit, entered: e.clone(), released: r.clone(), released_in_time: t.clone() });
    let state = AppState::with_stores(&config, Arc::new(sportello_relay::clock::SystemClock), stores).unwrap();
    state.accounts().add_operator("capo.bari", "Carla", "bari", Role::Head, "password-di-prova").unwrap();
    let token = state.accounts().login("capo.bari", "password-di-prova", "test", state.now_secs()).unwrap().token;
    let app = sportello_relay::router(state);

    let reading =
        tokio::spawn(
            async move { json_request(&app, "GET", "/api/audit", Some(&token), serde_json::Value::Null).await },
        );
    while !e.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // This task runs while the read is still waiting: the read is not on the runtime thread.
    r.store(true, Ordering::SeqCst);
    let (status, _) = reading.await.unwrap();
    assert_eq!(status, axum::http::StatusCode::OK);
    assert!(t.load(Ordering::SeqCst), "GET /api/audit held the async runtime while it read the log");
}
