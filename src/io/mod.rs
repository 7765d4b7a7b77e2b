//! Everything that talks to the browser platform or the network. Pages and components call
//! these functions; they never touch `web_sys` themselves.

pub mod api;
pub mod dossiers;
pub mod local_store;
pub mod pwa;
pub mod settings;
pub mod sync;

/// Lowercase hex of some bytes (peer ids, tokens in URLs).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
