//! Credentials that ended while sockets may still use them: a revoked device, a disabled
//! account, a session ended by logout, "end this session" or a password change. Whoever ends
//! them publishes here; the sync socket layer subscribes and closes the sockets it matches
//! (see [`Ended::ends`]). This is in-process: another relay instance learns it at its
//! sockets' periodic credential re-check, which the store already refuses.

use sportello_core::access::Principal;
use tokio::sync::broadcast;

/// What stopped authenticating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// One operator session, by its token's hash.
    Session(Vec<u8>),
    /// Every session of the account but `except` (a password change keeps the one it was
    /// made from; disabling keeps none).
    Account { username: String, except: Option<Vec<u8>> },
    /// An enrolled device (its one token).
    Device(String),
}

impl Ended {
    /// Whether a socket authenticated as `principal` with the token of hash `token_hash` must
    /// close.
    pub fn ends(&self, principal: &Principal, token_hash: &[u8]) -> bool {
        match (self, principal) {
            (Ended::Session(hash), _) => hash == token_hash,
            (Ended::Account { username, except }, Principal::Operator { username: who, .. }) => {
                username == who && except.as_deref() != Some(token_hash)
            }
            // Every device kind: a revoked display board or tablet closes like a totem.
            (Ended::Device(device), _) => principal.device_id() == Some(device.as_str()),
            _ => false,
        }
    }
}

/// The channel of ended credentials held by `AppState`.
pub struct Revocations {
    tx: broadcast::Sender<Ended>,
}

impl Default for Revocations {
    fn default() -> Self {
        // A socket that lags behind by this many must re-check its token (`RecvError::Lagged`).
        Revocations { tx: broadcast::channel(256).0 }
    }
}

impl Revocations {
    /// Tells every subscribed socket; nobody listening is fine.
    pub fn publish(&self, ended: Ended) {
        let _ = self.tx.send(ended);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Ended> {
        self.tx.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sportello_core::access::Role;

    fn anna() -> Principal {
        Principal::Operator { username: "anna".into(), name: "Anna".into(), cpi: "bari".into(), role: Role::Operator }
    }

    #[test]
    fn each_ending_matches_only_its_sockets() {
        let totem = Principal::Totem { device: "totem-1".into(), cpi: "bari".into() };
        assert!(Ended::Session(vec![1]).ends(&anna(), &[1]));
        assert!(!Ended::Session(vec![1]).ends(&anna(), &[2]));
        let all = Ended::Account { username: "anna".into(), except: None };
        assert!(all.ends(&anna(), &[1]) && !all.ends(&totem, &[1]));
        let but_one = Ended::Account { username: "anna".into(), except: Some(vec![1]) };
        assert!(!but_one.ends(&anna(), &[1]) && but_one.ends(&anna(), &[2]));
        assert!(Ended::Device("totem-1".into()).ends(&totem, &[9]));
        assert!(!Ended::Device("totem-2".into()).ends(&totem, &[9]));
        assert!(!Ended::Device("anna".into()).ends(&anna(), &[9]));
        let board = Principal::Display { device: "display-1".into(), cpi: "bari".into() };
        let tablet = Principal::Tablet { device: "tablet-1".into(), cpi: "bari".into() };
        assert!(Ended::Device("display-1".into()).ends(&board, &[9]), "a revoked display board closes");
        assert!(Ended::Device("tablet-1".into()).ends(&tablet, &[9]), "a revoked tablet closes");
        assert!(!Ended::Device("tablet-1".into()).ends(&board, &[9]));
    }

    #[tokio::test]
    async fn a_subscriber_receives_what_is_published_after_it_subscribed() {
        let revocations = Revocations::default();
        revocations.publish(Ended::Device("before".into()));
        let mut rx = revocations.subscribe();
        revocations.publish(Ended::Device("totem-1".into()));
        assert_eq!(rx.recv().await.unwrap(), Ended::Device("totem-1".into()));
    }
}
