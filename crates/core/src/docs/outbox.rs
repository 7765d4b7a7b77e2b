//! A totem's outbox: what one totem hands to its CPI (declarations of availability,
//! feedback). Written only by that totem, read and processed by the CPI's staff; created
//! by the totem itself when it is enrolled, so it works offline from the first minute.

use super::Label;
use autosurgeon::{Hydrate, Reconcile};

pub const OUTBOX_SCHEMA: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Outbox {
    pub schema: u64,
    pub cpi: Label,
    pub device: Label,
    /// ISO timestamp of the enrollment.
    pub created_at: Label,
    #[autosurgeon(missing = "Default::default")]
    pub items: Vec<OutboxItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct OutboxItem {
    #[key]
    pub id: Label,
    pub kind: Label,
    pub created_at: Label,
    /// Set by an operator when the item has been handled.
    #[autosurgeon(missing = "Default::default")]
    pub handled_by: Option<Label>,
}

impl Outbox {
    pub fn new(cpi: &str, device: &str, created_at: &str) -> Self {
        Outbox {
            schema: OUTBOX_SCHEMA,
            cpi: cpi.into(),
            device: device.into(),
            created_at: created_at.into(),
            items: Vec::new(),
        }
    }
}
