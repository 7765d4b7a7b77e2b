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
    /// For `kind == "did"`: the declaration of immediate availability made at the totem.
    #[autosurgeon(missing = "Default::default")]
    pub did: Option<DidDeclaration>,
}

pub const DID_KIND: &str = "did";

/// What a citizen declares at a totem to register (A4): the minimum to open a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct DidDeclaration {
    pub codice_fiscale: Label,
    pub surname: Label,
    pub name: Label,
    #[autosurgeon(missing = "Default::default")]
    pub phone: Label,
    #[autosurgeon(missing = "Default::default")]
    pub email: Label,
    /// ISO date of the declaration.
    pub declared_on: Label,
    /// The orientation interview (B1) the citizen booked, "YYYY-MM-DDTHH:MM", or empty.
    #[autosurgeon(missing = "Default::default")]
    pub interview_slot: Label,
}

impl DidDeclaration {
    /// The B1 slot booked with the declaration, if any.
    pub fn booked_slot(&self) -> Option<crate::booking::Slot> {
        crate::booking::Slot::parse(&self.interview_slot)
    }

    pub fn book(&mut self, slot: crate::booking::Slot) {
        self.interview_slot = slot.stored().into();
    }
}

impl Outbox {
    /// DIDs declared at this totem that no operator has handled yet, for the worklist.
    /// `outbox_id` prefixes each reference: "<outbox id>/<item id>".
    pub fn pending_dids(&self, outbox_id: &str) -> Vec<crate::worklist::PendingTotemDid> {
        self.items
            .iter()
            .filter(|item| item.kind == DID_KIND && item.handled_by.is_none())
            .filter_map(|item| {
                let declared_on = super::dossier::parse_date(&item.did.as_ref()?.declared_on)?;
                Some(crate::worklist::PendingTotemDid { reference: format!("{outbox_id}/{}", item.id), declared_on })
            })
            .collect()
    }
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
