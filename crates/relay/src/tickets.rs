//! One-time sync tickets: what `/sync?ticket=` carries instead of the bearer token, so the
//! token never travels in a URL (proxies and browsers log URLs). `POST /api/sync-ticket`
//! issues one to any principal that may sync; it opens one WebSocket, once, within
//! [`TICKET_SECONDS`].
//!
//! Tickets live in this relay's memory: a ticket is redeemed on the instance that issued it.
//! Today one relay serves one data directory; once several instances share a database
//! (`../shared/region.md`), a load balancer must keep a client on one instance between the
//! two requests, or tickets move into the database. A client whose ticket is refused asks
//! for another at its next reconnect, so a restart costs one retry.

use std::collections::HashMap;
use std::sync::Mutex;

/// How long a ticket may wait for its upgrade: the app asks for it right before connecting.
pub const TICKET_SECONDS: i64 = 30;
/// Unredeemed tickets kept at most; beyond them the oldest go (a flood costs memory only up
/// to here).
const MAX_TICKETS: usize = 10_000;

/// What a ticket stands for: the hash of the token it was issued against (the socket keeps
/// re-checking that token) and when it stops being accepted.
struct Issued {
    token_hash: Vec<u8>,
    expires_at: i64,
}

#[derive(Default)]
pub struct Tickets {
    issued: Mutex<HashMap<Vec<u8>, Issued>>,
}

impl Tickets {
    /// A new ticket for the token of `token_hash`, and its expiry (epoch seconds).
    pub fn issue(&self, token_hash: Vec<u8>, now: i64) -> (String, i64) {
        let ticket = crate::auth::hex(&crate::auth::random_bytes::<32>());
        let expires_at = now + TICKET_SECONDS;
        let mut issued = self.lock();
        issued.retain(|_, t| t.expires_at > now);
        if issued.len() >= MAX_TICKETS {
            if let Some(oldest) = issued.iter().min_by_key(|(_, t)| t.expires_at).map(|(k, _)| k.clone()) {
                issued.remove(&oldest);
            }
        }
        issued.insert(crate::auth::token_hash(&ticket), Issued { token_hash, expires_at });
        (ticket, expires_at)
    }

    /// Spends a ticket: the token hash it was issued against, if it is known and not expired.
    /// A ticket is gone after its first presentation, valid or not.
    pub fn redeem(&self, ticket: &str, now: i64) -> Option<Vec<u8>> {
        let issued = self.lock().remove(&crate::auth::token_hash(ticket))?;
        (issued.expires_at > now).then_some(issued.token_hash)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Vec<u8>, Issued>> {
        self.issued.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_serves_once_and_only_before_it_expires() {
        let tickets = Tickets::default();
        let (ticket, expires_at) = tickets.issue(vec![7], 100);
        assert_eq!(expires_at, 100 + TICKET_SECONDS);
        assert_eq!(tickets.redeem(&ticket, expires_at - 1), Some(vec![7]));
        assert_eq!(tickets.redeem(&ticket, expires_at - 1), None, "spent");
        let (late, expires_at) = tickets.issue(vec![8], 100);
        assert_eq!(tickets.redeem(&late, expires_at), None, "expired");
        assert_eq!(tickets.redeem("not-a-ticket", 100), None);
    }
}
