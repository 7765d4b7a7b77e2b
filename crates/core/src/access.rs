//! Who may see and change which document. The relay enforces these rules on every sync
//! frame; the app uses them only to decide what to offer.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A desk operator of a CPI.
    Operator,
    /// The head of a CPI: an operator who also reads the audit log and monitoring.
    Head,
}

/// An authenticated party: a person at a desk or an enrolled totem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Principal {
    Operator { username: String, name: String, cpi: String, role: Role },
    Totem { device: String, cpi: String },
}

impl Principal {
    pub fn cpi(&self) -> &str {
        match self {
            Principal::Operator { cpi, .. } | Principal::Totem { cpi, .. } => cpi,
        }
    }

    /// A short label for logs (never personal data beyond the operator's username).
    pub fn label(&self) -> String {
        match self {
            Principal::Operator { username, cpi, .. } => format!("operator:{username}@{cpi}"),
            Principal::Totem { device, cpi } => format!("totem:{device}@{cpi}"),
        }
    }
}

/// The access class of a document: the unit the rules speak about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "class", rename_all = "snake_case")]
pub enum AccessClass {
    /// Shown to the public by the CPI's totems (the board, vacancies); edited by its staff.
    Public { cpi: String },
    /// The CPI's own working documents (dossiers, companies, the index); staff only.
    Private { cpi: String },
    /// What one totem hands to its CPI (declarations, feedback): written by that totem,
    /// read and processed by the CPI's staff.
    Outbox { cpi: String, device: String },
    /// A day's queue of tickets: the CPI's totems add tickets (offline too), its staff call
    /// them, every device of the CPI reads it (display board, totems' wait estimates). It
    /// holds no personal data: numbers, areas, priorities and times.
    Queue { cpi: String },
}

impl AccessClass {
    pub fn cpi(&self) -> &str {
        match self {
            AccessClass::Public { cpi }
            | AccessClass::Private { cpi }
            | AccessClass::Outbox { cpi, .. }
            | AccessClass::Queue { cpi } => cpi,
        }
    }
}

pub fn may_read(who: &Principal, class: &AccessClass) -> bool {
    if who.cpi() != class.cpi() {
        return false;
    }
    match (who, class) {
        (Principal::Operator { .. }, _) => true,
        (Principal::Totem { .. }, AccessClass::Public { .. } | AccessClass::Queue { .. }) => true,
        (Principal::Totem { device, .. }, AccessClass::Outbox { device: owner, .. }) => device == owner,
        (Principal::Totem { .. }, AccessClass::Private { .. }) => false,
    }
}

pub fn may_write(who: &Principal, class: &AccessClass) -> bool {
    if who.cpi() != class.cpi() {
        return false;
    }
    match (who, class) {
        (Principal::Operator { .. }, _) => true,
        (Principal::Totem { device, .. }, AccessClass::Outbox { device: owner, .. }) => device == owner,
        // Totems add their tickets; numbers are unique by construction (`crate::queue`).
        (Principal::Totem { .. }, AccessClass::Queue { .. }) => true,
        (Principal::Totem { .. }, _) => false,
    }
}

/// The class of a document that `who` brings into existence by syncing it first.
pub fn class_of_new_document(who: &Principal) -> AccessClass {
    match who {
        Principal::Operator { cpi, .. } => AccessClass::Private { cpi: cpi.clone() },
        Principal::Totem { device, cpi } => AccessClass::Outbox { cpi: cpi.clone(), device: device.clone() },
    }
}

/// Only the CPI's head reads its audit log (of the whole CPI or of one dossier); the log is
/// always the head's own CPI's.
pub fn may_read_audit_log(who: &Principal) -> bool {
    matches!(who, Principal::Operator { role: Role::Head, .. })
}

/// An operator (any role) of the CPI that issued a certificate may revoke it.
pub fn may_revoke_certificate(who: &Principal, issuing_cpi: &str) -> bool {
    matches!(who, Principal::Operator { cpi, .. } if cpi == issuing_cpi)
}

/// Citizens identify with their Tessera Sanitaria at an enrolled device of the CPI, never
/// at an operator's browser (the desk opens the dossier instead).
pub fn may_identify_citizens(who: &Principal) -> bool {
    matches!(who, Principal::Totem { .. })
}

/// The month's satisfaction survey of a CPI is read by its operators (any role).
pub fn may_read_satisfaction(who: &Principal, cpi: &str) -> bool {
    matches!(who, Principal::Operator { cpi: own, .. } if own == cpi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(cpi: &str) -> Principal {
        Principal::Operator { username: "rita".into(), name: "Rita".into(), cpi: cpi.into(), role: Role::Head }
    }

    #[test]
    fn only_a_head_reads_the_audit_log() {
        assert!(may_read_audit_log(&head("bari")));
        assert!(!may_read_audit_log(&operator("bari")));
        assert!(!may_read_audit_log(&totem("t1", "bari")));
    }

    #[test]
    fn operators_of_the_issuing_cpi_revoke_and_nobody_else() {
        assert!(may_revoke_certificate(&operator("bari"), "bari"));
        assert!(may_revoke_certificate(&head("bari"), "bari"));
        assert!(!may_revoke_certificate(&operator("lecce"), "bari"));
        assert!(!may_revoke_certificate(&totem("t1", "bari"), "bari"));
    }

    #[test]
    fn citizens_identify_only_at_enrolled_devices() {
        assert!(may_identify_citizens(&totem("t1", "bari")));
        assert!(!may_identify_citizens(&operator("bari")));
        assert!(!may_identify_citizens(&head("bari")));
    }

    #[test]
    fn satisfaction_is_read_by_the_cpi_operators() {
        assert!(may_read_satisfaction(&operator("bari"), "bari"));
        assert!(may_read_satisfaction(&head("bari"), "bari"));
        assert!(!may_read_satisfaction(&operator("lecce"), "bari"));
        assert!(!may_read_satisfaction(&totem("t1", "bari"), "bari"));
    }

    fn operator(cpi: &str) -> Principal {
        Principal::Operator { username: "anna".into(), name: "Anna".into(), cpi: cpi.into(), role: Role::Operator }
    }

    fn totem(device: &str, cpi: &str) -> Principal {
        Principal::Totem { device: device.into(), cpi: cpi.into() }
    }

    #[test]
    fn a_totem_reads_its_cpi_public_documents_and_writes_only_its_outbox() {
        let t = totem("t1", "bari");
        assert!(may_read(&t, &AccessClass::Public { cpi: "bari".into() }));
        assert!(!may_write(&t, &AccessClass::Public { cpi: "bari".into() }));
        assert!(!may_read(&t, &AccessClass::Private { cpi: "bari".into() }));
        assert!(may_write(&t, &AccessClass::Outbox { cpi: "bari".into(), device: "t1".into() }));
        assert!(!may_read(&t, &AccessClass::Outbox { cpi: "bari".into(), device: "t2".into() }));
    }

    #[test]
    fn every_device_of_the_cpi_shares_the_queue() {
        let queue = AccessClass::Queue { cpi: "bari".into() };
        for who in [operator("bari"), totem("t1", "bari"), totem("t2", "bari")] {
            assert!(may_read(&who, &queue) && may_write(&who, &queue), "{who:?}");
        }
        assert!(!may_read(&totem("t1", "lecce"), &queue));
    }

    #[test]
    fn nobody_touches_another_cpi() {
        for who in [operator("bari"), totem("t1", "bari")] {
            for class in [
                AccessClass::Public { cpi: "lecce".into() },
                AccessClass::Private { cpi: "lecce".into() },
                AccessClass::Outbox { cpi: "lecce".into(), device: "t1".into() },
                AccessClass::Queue { cpi: "lecce".into() },
            ] {
                assert!(!may_read(&who, &class), "{who:?} read {class:?}");
                assert!(!may_write(&who, &class), "{who:?} wrote {class:?}");
            }
        }
    }

    #[test]
    fn operators_use_every_document_of_their_cpi() {
        let o = operator("bari");
        for class in [
            AccessClass::Public { cpi: "bari".into() },
            AccessClass::Private { cpi: "bari".into() },
            AccessClass::Outbox { cpi: "bari".into(), device: "t9".into() },
        ] {
            assert!(may_read(&o, &class) && may_write(&o, &class));
        }
    }

    #[test]
    fn new_documents_belong_to_their_creator() {
        assert_eq!(class_of_new_document(&operator("bari")), AccessClass::Private { cpi: "bari".into() });
        assert_eq!(
            class_of_new_document(&totem("t1", "bari")),
            AccessClass::Outbox { cpi: "bari".into(), device: "t1".into() }
        );
    }
}
