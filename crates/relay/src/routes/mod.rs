//! The relay's HTTP routes, one module per area; each module's doc comment lists its routes.
//! Handlers authenticate with the extractors of [`crate::http`], call storage or
//! [`crate::services`], and answer with the types of `sportello_core::api`.

pub mod accounts;
pub mod citizens;
pub mod devices;
pub mod dossiers;
pub mod queue;
pub mod session;
