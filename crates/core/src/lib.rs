//! Sportello's domain, shared by the app (wasm32) and the relay (host).
//!
//! Architecture invariant: this crate is pure. No IO, no clocks, no randomness, no
//! leptos/web-sys/tokio: time and random bytes come in as arguments, so every rule is
//! testable and runs identically in the browser and on the relay. Reference data (the
//! service charter, the CPIs) is embedded from `data/` at compile time.

pub mod access;
pub mod api;
pub mod booking;
pub mod calendar;
pub mod catalogue;
pub mod certificate;
pub mod certificate_pdf;
pub mod citizen;
pub mod codice_fiscale;
pub mod cpi;
#[cfg(test)]
mod data_json;
pub mod demo;
pub mod docs;
pub mod employers;
pub mod identification;
pub mod partita_iva;
pub mod password;
pub mod pathway;
mod pdf;
pub mod queue;
pub mod quota;
pub mod satisfaction;
pub mod scan;
pub mod search;
pub mod sync;
pub mod throttle;
pub mod worklist;

pub mod table;
