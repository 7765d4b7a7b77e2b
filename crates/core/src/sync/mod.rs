//! Sync over the automerge-repo protocol, sans IO: identifiers, the wire format and the
//! client state machine. The relay's side lives in `sportello-relay` (it needs storage).

pub mod client;
pub mod ids;
pub mod wire;
