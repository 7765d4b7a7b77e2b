//! Throttling of guessable secrets (passwords, enrollment codes, identifications per device):
//! growing delays and then a temporary lock after repeated failures, as a pure state
//! transition the relay stores per key (an account, a client address, a device).
//!
//! An attempt is taken before anything is checked (before any password hash is computed),
//! and counts as a failure until the check succeeds: concurrent attempts cannot all pass an
//! "is it open?" test. A success gives the attempt back ([`succeeded`]).

/// How a kind of secret is throttled. Times in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// Failures in a row allowed without any delay.
    pub free: u32,
    /// The delay after the first failure beyond `free`; it doubles with each further one.
    pub first_delay: i64,
    /// The longest growing delay.
    pub max_delay: i64,
    /// At this many failures in a row the key is locked for `lock_seconds`.
    pub lock_after: u32,
    pub lock_seconds: i64,
    /// Failures older than this (since the last attempt) are forgotten.
    pub forget_after: i64,
}

/// Sign-in per account (known or unknown username alike): 3 free tries, then 1, 2, 4, 8, 16,
/// 30 s between tries, locked for 15 minutes at the 10th failure (OWASP ASVS 2.2.1).
pub const LOGIN_ACCOUNT: Schedule =
    Schedule { free: 3, first_delay: 1, max_delay: 30, lock_after: 10, lock_seconds: 15 * 60, forget_after: 15 * 60 };

/// Sign-in per client address: a CPI's office may share one address, so it takes more.
pub const LOGIN_ADDRESS: Schedule =
    Schedule { free: 20, first_delay: 1, max_delay: 30, lock_after: 50, lock_seconds: 15 * 60, forget_after: 15 * 60 };

/// Enrollment codes per client address: a code is typed by hand once, so a few tries.
pub const ENROLL_ADDRESS: Schedule =
    Schedule { free: 5, first_delay: 2, max_delay: 60, lock_after: 10, lock_seconds: 60 * 60, forget_after: 60 * 60 };

/// Enrollment failures relay-wide: guessers spread over many addresses share this budget.
pub const ENROLL_RELAY: Schedule =
    Schedule { free: 50, first_delay: 1, max_delay: 60, lock_after: 200, lock_seconds: 60 * 60, forget_after: 60 * 60 };

/// Failed identifications per device: a totem serves one citizen at a time, so a device that
/// fails many codes in a row is stopped before it locks out many citizens.
pub const IDENTIFY_DEVICE: Schedule =
    Schedule { free: 10, first_delay: 5, max_delay: 60, lock_after: 20, lock_seconds: 15 * 60, forget_after: 15 * 60 };

/// What the relay stores per key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    /// Attempts in a row that did not succeed (the one being checked included).
    pub count: u32,
    /// No attempt is checked before this time (0: none).
    pub closed_until: i64,
    pub last_at: i64,
}

/// Whether an attempt may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Check it.
    Check,
    /// Refused unchecked (no hash computed) until this time.
    Closed { until: i64 },
}

impl Schedule {
    /// How long after the `count`-th failure in a row the next attempt waits.
    pub fn wait_after(&self, count: u32) -> i64 {
        if count >= self.lock_after {
            return self.lock_seconds;
        }
        if count <= self.free {
            return 0;
        }
        let doublings = (count - self.free - 1).min(32);
        self.first_delay.saturating_mul(1i64 << doublings).min(self.max_delay)
    }

    /// Whether the failure that makes `count` in a row locks the key (what the audit log
    /// records, once per lock).
    pub fn locks(&self, count: u32) -> bool {
        count >= self.lock_after
    }
}

/// Takes one attempt at `now`: refused while closed; otherwise counted as a failure (and the
/// next attempt delayed accordingly) until [`succeeded`] gives it back.
pub fn take(schedule: &Schedule, state: Failures, now: i64) -> (Failures, Gate) {
    if state.closed_until > now {
        return (state, Gate::Closed { until: state.closed_until });
    }
    let stale = now - state.last_at >= schedule.forget_after;
    let count = if stale { 1 } else { state.count.saturating_add(1) };
    let wait = schedule.wait_after(count);
    let closed_until = if wait > 0 { now + wait } else { 0 };
    (Failures { count, closed_until, last_at: now }, Gate::Check)
}

/// The attempt taken last succeeded: it was no failure. For an account this ends the series
/// (`reset`); for a shared key (an address, a device) it gives back only that attempt, so one
/// good sign-in does not wipe a guesser's failures from the same address.
pub fn succeeded(schedule: &Schedule, state: Failures, reset: bool) -> Failures {
    if reset {
        return Failures::default();
    }
    let count = state.count.saturating_sub(1);
    let wait = schedule.wait_after(count);
    let closed_until = if wait > 0 { state.last_at + wait } else { 0 };
    Failures { count, closed_until, last_at: state.last_at }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` failures at `now`, each taken as soon as the gate opens; the times they were taken.
    fn fail(schedule: &Schedule, n: u32, mut now: i64) -> (Failures, Vec<i64>) {
        let mut state = Failures::default();
        let mut times = Vec::new();
        for _ in 0..n {
            if let (_, Gate::Closed { until }) = take(schedule, state, now) {
                now = until;
            }
            let (next, gate) = take(schedule, state, now);
            assert_eq!(gate, Gate::Check);
            state = next;
            times.push(now);
        }
        (state, times)
    }

    #[test]
    fn delays_grow_after_the_free_tries_then_the_key_locks() {
        let s = LOGIN_ACCOUNT;
        let waits: Vec<i64> = (1..=10).map(|n| s.wait_after(n)).collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16, 30, 15 * 60]);
        let (state, times) = fail(&s, 10, 1_000);
        let gaps: Vec<i64> = times.windows(2).map(|w| w[1] - w[0]).collect();
        assert_eq!(gaps, [0, 0, 0, 1, 2, 4, 8, 16, 30]);
        let last = *times.last().unwrap();
        assert_eq!(take(&s, state, last + 15 * 60 - 1).1, Gate::Closed { until: last + 15 * 60 });
        assert_eq!(take(&s, state, last + 15 * 60).1, Gate::Check);
    }

    #[test]
    fn a_refused_attempt_changes_nothing() {
        let (state, times) = fail(&LOGIN_ACCOUNT, 4, 0);
        let (after, gate) = take(&LOGIN_ACCOUNT, state, times[3]);
        assert_eq!(gate, Gate::Closed { until: times[3] + 1 });
        assert_eq!(after, state);
    }

    #[test]
    fn failures_are_forgotten_after_a_quiet_time() {
        let (state, times) = fail(&LOGIN_ACCOUNT, 9, 0);
        let quiet = times[8] + LOGIN_ACCOUNT.forget_after;
        let (fresh, gate) = take(&LOGIN_ACCOUNT, state, quiet);
        assert_eq!((fresh.count, gate), (1, Gate::Check));
    }

    #[test]
    fn a_success_ends_an_accounts_series_but_gives_back_one_attempt_of_an_address() {
        let (state, times) = fail(&LOGIN_ADDRESS, 25, 0);
        assert_eq!(succeeded(&LOGIN_ACCOUNT, state, true), Failures::default());
        let back = succeeded(&LOGIN_ADDRESS, state, false);
        assert_eq!(back.count, 24);
        assert_eq!(back.closed_until, times[24] + LOGIN_ADDRESS.wait_after(24));
        let (few, _) = fail(&LOGIN_ADDRESS, 3, 0);
        assert_eq!(succeeded(&LOGIN_ADDRESS, few, false).closed_until, 0);
    }

    #[test]
    fn every_schedule_locks_after_growing_delays() {
        for s in [LOGIN_ACCOUNT, LOGIN_ADDRESS, ENROLL_ADDRESS, ENROLL_RELAY, IDENTIFY_DEVICE] {
            assert!(s.free < s.lock_after);
            assert_eq!(s.wait_after(s.free), 0);
            assert!(s.wait_after(s.free + 1) > 0);
            assert!(s.wait_after(s.lock_after - 1) <= s.max_delay);
            assert_eq!(s.wait_after(s.lock_after), s.lock_seconds);
            assert!(!s.locks(s.lock_after - 1) && s.locks(s.lock_after));
        }
    }
}
