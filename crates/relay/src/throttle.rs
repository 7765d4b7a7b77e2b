//! Where the relay keeps the throttles of `sportello_core::throttle` (sign-in per account and
//! per client address, enrollment per address and relay-wide, identification per device): in
//! memory, one map for the relay. A restart forgets them, and two relays behind one address
//! would count apart; both are acceptable for the single relay a region runs (ARCHITECTURE.md).
//! Also the public endpoints' requests per address ([`public_limit`], tower_governor).

use crate::http::ApiError;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use governor::middleware::NoOpMiddleware;
use sportello_core::throttle::{self, Failures, Gate, Schedule};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::GovernorError;

/// Past this many keys, stale ones are dropped before a new one is added, so guessing
/// unknown usernames cannot grow the map without bound.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Default)]
pub struct Throttles {
    keys: Mutex<HashMap<String, Failures>>,
}

impl Throttles {
    fn keys(&self) -> std::sync::MutexGuard<'_, HashMap<String, Failures>> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes an attempt for `key` at `now` (one atomic step): see `throttle::take`.
    pub fn take(&self, schedule: &Schedule, key: &str, now: i64) -> Gate {
        let mut keys = self.keys();
        if keys.len() > PRUNE_ABOVE && !keys.contains_key(key) {
            keys.retain(|_, f| f.closed_until > now || now - f.last_at < schedule.forget_after);
        }
        let state = keys.get(key).copied().unwrap_or_default();
        let (next, gate) = throttle::take(schedule, state, now);
        keys.insert(key.to_owned(), next);
        gate
    }

    /// Whether the failure of the attempt last taken for `key` locked it
    /// (`Schedule::locks`).
    pub fn locked(&self, schedule: &Schedule, key: &str) -> bool {
        self.keys().get(key).is_some_and(|f| schedule.locks(f.count))
    }

    /// The attempt last taken for `key` succeeded (or was never checked): see
    /// `throttle::succeeded`.
    pub fn succeeded(&self, schedule: &Schedule, key: &str, reset: bool) {
        let mut keys = self.keys();
        if let Some(state) = keys.get(key).copied() {
            let next = throttle::succeeded(schedule, state, reset);
            if next == Failures::default() {
                keys.remove(key);
            } else {
                keys.insert(key.to_owned(), next);
            }
        }
    }
}

/// The public endpoints' rate limit: tower_governor (GCRA on the host's monotonic clock, not
/// the relay's `Clock`), keyed by [`ClientKey`].
pub type PublicLimit = tower_governor::GovernorLayer<ClientKey, NoOpMiddleware, axum::body::Body>;

/// `per_minute` requests per minute and client address: a burst of that many, then one more
/// every `60 / per_minute` seconds. Refusals are 429 with an Italian `ErrorBody` and
/// `Retry-After`.
pub fn public_limit(per_minute: u32, trusted: Option<HeaderName>) -> PublicLimit {
    let per_minute = per_minute.max(1);
    let config = tower_governor::governor::GovernorConfigBuilder::default()
        .period(Duration::from_micros(60_000_000 / u64::from(per_minute)))
        .burst_size(per_minute)
        .key_extractor(ClientKey { trusted })
        .finish()
        .expect("a period and a burst above zero");
    tower_governor::GovernorLayer::new(config).error_handler(|error| {
        let GovernorError::TooManyRequests { wait_time, .. } = error else {
            return crate::http::INTERNAL.into_response();
        };
        tracing::warn!(target: "audit", wait_time, "public rate limit reached");
        let message = format!("Troppe richieste da questo indirizzo. Riprova tra {} secondi.", wait_time.max(1));
        let mut response = ApiError::owned(StatusCode::TOO_MANY_REQUESTS, message).into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait_time.max(1)));
        response
    })
}

/// Drops the public limit's idle addresses once it holds many (an address that has its whole
/// burst back holds no state worth keeping).
pub fn prune_public_limit(limit: &tower_governor::governor::SharedRateLimiter<String, NoOpMiddleware>) {
    if limit.len() > PRUNE_ABOVE {
        limit.retain_recent();
    }
}

/// The key of the public limit: the client's address as the throttles see it
/// (`http::client_address`: the TCP peer, or the trusted proxy's header when configured).
#[derive(Debug, Clone)]
pub struct ClientKey {
    trusted: Option<HeaderName>,
}

impl KeyExtractor for ClientKey {
    type Key = String;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<String, GovernorError> {
        Ok(crate::http::client_address(req.headers(), req.extensions(), self.trusted.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sportello_core::throttle::LOGIN_ACCOUNT;

    #[test]
    fn keys_are_throttled_apart_and_a_reset_forgets_the_key() {
        let t = Throttles::default();
        for _ in 0..4 {
            assert_eq!(t.take(&LOGIN_ACCOUNT, "a", 0), Gate::Check);
        }
        assert_eq!(t.take(&LOGIN_ACCOUNT, "a", 0), Gate::Closed { until: 1 });
        assert_eq!(t.take(&LOGIN_ACCOUNT, "b", 0), Gate::Check);
        t.succeeded(&LOGIN_ACCOUNT, "a", true);
        assert!(!t.keys().contains_key("a"));
        assert_eq!(t.take(&LOGIN_ACCOUNT, "a", 0), Gate::Check);
    }

    #[test]
    fn stale_keys_are_pruned_when_the_map_is_large() {
        let t = Throttles::default();
        for i in 0..=PRUNE_ABOVE {
            t.take(&LOGIN_ACCOUNT, &format!("user{i}"), 0);
        }
        t.take(&LOGIN_ACCOUNT, "late", LOGIN_ACCOUNT.forget_after);
        assert_eq!(t.keys().len(), 1);
    }
}
