//! Where the relay keeps the throttles of `sportello_core::throttle` (sign-in per account and
//! per client address, enrollment per address and relay-wide, identification per device): in
//! memory, one map for the relay. A restart forgets them, and two relays behind one address
//! would count apart; both are acceptable for the single relay a region runs (ARCHITECTURE.md).

use sportello_core::throttle::{self, Failures, Gate, Schedule};
use std::collections::HashMap;
use std::sync::Mutex;

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

/// Requests per minute and client address to the public endpoints: a fixed window of 60
/// seconds on the relay's clock, so tests set the time rather than wait for it.
pub struct RateLimit {
    per_minute: u32,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimit {
    pub fn new(per_minute: u32) -> Self {
        RateLimit { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts a request of `client` at `now`; `Err(until)` once the minute's allowance is spent.
    pub fn allow(&self, client: &str, now: i64) -> Result<(), i64> {
        let window = now - now.rem_euclid(60);
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > PRUNE_ABOVE && !windows.contains_key(client) {
            windows.retain(|_, (start, _)| *start == window);
        }
        let (start, count) = windows.entry(client.to_owned()).or_insert((window, 0));
        if *start != window {
            (*start, *count) = (window, 0);
        }
        if *count >= self.per_minute {
            return Err(window + 60);
        }
        *count += 1;
        Ok(())
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
    fn the_public_limit_counts_per_client_and_minute() {
        let limit = RateLimit::new(3);
        for _ in 0..3 {
            assert_eq!(limit.allow("10.0.0.1", 120), Ok(()));
        }
        assert_eq!(limit.allow("10.0.0.1", 179), Err(180));
        assert_eq!(limit.allow("10.0.0.2", 179), Ok(()), "another address has its own allowance");
        assert_eq!(limit.allow("10.0.0.1", 180), Ok(()), "a new minute");
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
