//! Rules of a citizen's identification at a totem and of what it leads to: the lockout after
//! repeated failures (a pure state transition the relay stores per codice fiscale), the
//! expired card, and a certificate's revocation keeping its first time.

/// Failed identifications of one codice fiscale in a row before it is locked.
pub const MAX_FAILURES: u32 = 5;
/// How long a codice fiscale stays locked after the failure that reached the limit; also how
/// long a failure is remembered.
pub const LOCK_SECONDS: i64 = 15 * 60;

/// What the relay stores per codice fiscale (times in seconds since the epoch).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lockout {
    pub failures: u32,
    /// 0 when not locked.
    pub locked_until: i64,
    pub last_at: i64,
}

/// Whether an attempt may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Check it. If it fails, this many attempts remain (0: the code is now locked).
    Check { attempts_left: u32 },
    /// Refused unchecked until this time.
    Locked { until: i64 },
}

/// Takes one attempt at `now`, before anything is checked, so concurrent attempts cannot all
/// pass a "not locked" check: it counts as a failure until a success resets the state (to
/// [`Lockout::default`]). The attempt that reaches [`MAX_FAILURES`] is still checked; the
/// lock applies to later ones. Failures older than [`LOCK_SECONDS`], or from before a lock,
/// are forgotten.
pub fn take_attempt(state: Lockout, now: i64) -> (Lockout, Attempt) {
    if state.locked_until > now {
        return (state, Attempt::Locked { until: state.locked_until });
    }
    let stale = now - state.last_at >= LOCK_SECONDS || state.locked_until != 0;
    let failures = if stale { 1 } else { state.failures + 1 };
    let locked_until = if failures >= MAX_FAILURES { now + LOCK_SECONDS } else { 0 };
    let attempts_left = MAX_FAILURES.saturating_sub(failures);
    (Lockout { failures, locked_until, last_at: now }, Attempt::Check { attempts_left })
}

/// A card is valid through the day printed on it.
pub fn card_expired(expiry: chrono::NaiveDate, today: chrono::NaiveDate) -> bool {
    expiry < today
}

/// The revocation a certificate keeps when revoked (again) `at`, `by`: the first one stays.
pub fn revocation<'a>(current: Option<(&'a str, &'a str)>, at: &'a str, by: &'a str) -> (&'a str, &'a str) {
    current.unwrap_or((at, by))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempts(n: usize, now: i64) -> (Lockout, Attempt) {
        let mut state = Lockout::default();
        let mut last = Attempt::Check { attempts_left: MAX_FAILURES };
        for _ in 0..n {
            (state, last) = take_attempt(state, now);
        }
        (state, last)
    }

    #[test]
    fn the_fifth_failure_locks_and_the_fourth_does_not() {
        let (after_four, fourth) = attempts(4, 100);
        assert_eq!(fourth, Attempt::Check { attempts_left: 1 });
        assert_eq!(after_four.locked_until, 0);
        assert!(matches!(take_attempt(after_four, 101).1, Attempt::Check { .. }));
        let (after_five, fifth) = attempts(5, 100);
        assert_eq!(fifth, Attempt::Check { attempts_left: 0 });
        assert_eq!(take_attempt(after_five, 101).1, Attempt::Locked { until: 100 + 15 * 60 });
    }

    #[test]
    fn the_lock_lasts_fifteen_minutes_to_the_second() {
        let (locked, _) = attempts(5, 1_000);
        assert_eq!(take_attempt(locked, 1_000 + 15 * 60 - 1).1, Attempt::Locked { until: 1_000 + 15 * 60 });
        // Once it ends, a fresh count of five.
        assert_eq!(take_attempt(locked, 1_000 + 15 * 60).1, Attempt::Check { attempts_left: 4 });
    }

    #[test]
    fn failures_fifteen_minutes_apart_never_add_up() {
        let (one, _) = attempts(4, 0);
        assert_eq!(take_attempt(one, 15 * 60 - 1).1, Attempt::Check { attempts_left: 0 });
        assert_eq!(take_attempt(one, 15 * 60).1, Attempt::Check { attempts_left: 4 });
    }

    #[test]
    fn a_card_is_valid_on_its_expiry_day_and_expired_the_day_after() {
        let expiry = chrono::NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        assert!(!card_expired(expiry, expiry));
        assert!(card_expired(expiry, expiry.succ_opt().unwrap()));
    }

    #[test]
    fn a_second_revocation_keeps_the_first_time_and_author() {
        assert_eq!(revocation(None, "2026-11-03T09:00:00", "operator:anna"), ("2026-11-03T09:00:00", "operator:anna"));
        let first = Some(("2026-11-03T09:00:00", "operator:anna"));
        assert_eq!(revocation(first, "2026-11-04T10:00:00", "operator:rita"), ("2026-11-03T09:00:00", "operator:anna"));
    }
}
