//! Small settings kept in localStorage (gloo-storage): the device's role and credentials
//! and the ids of the documents it follows. Never personal data of citizens.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use sportello_core::access::Principal;

const OPERATOR_SESSION: &str = "sportello.operator";
const TOTEM_DEVICE: &str = "sportello.totem";

/// What a signed-in operator or an enrolled totem needs to work offline after a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub token: String,
    pub expires_at: i64,
    pub principal: Principal,
    /// `automerge:` URL of the CPI's public board.
    pub board: Option<String>,
    /// A totem's own outbox, created on the device at enrollment.
    #[serde(default)]
    pub outbox: Option<String>,
}

pub fn operator_session() -> Option<Credentials> {
    LocalStorage::get(OPERATOR_SESSION).ok()
}

pub fn set_operator_session(credentials: &Credentials) {
    let _ = LocalStorage::set(OPERATOR_SESSION, credentials);
}

pub fn clear_operator_session() {
    LocalStorage::delete(OPERATOR_SESSION);
}

pub fn totem_device() -> Option<Credentials> {
    LocalStorage::get(TOTEM_DEVICE).ok()
}

pub fn set_totem_device(credentials: &Credentials) {
    let _ = LocalStorage::set(TOTEM_DEVICE, credentials);
}
