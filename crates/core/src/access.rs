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
    /// A regional administrator: manages the CPIs' heads and the regional officers. Its
    /// account belongs to [`REGION`], not to a CPI, so it reads no CPI's documents.
    RegionalAdmin,
    /// A regional officer of the monitoring (account of [`REGION`]).
    RegionalOfficer,
}

/// What an enrolled device is for. On the wire (`EnrollRequest.kind`) `"totem"`,
/// `"display"` or `"tablet"`; a missing kind is a totem (the app before display boards).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// A citizens' totem: identifies citizens, adds queue tickets, hands over declarations.
    #[default]
    Totem,
    /// A waiting room's display board: reads the CPI's public documents and queue only.
    Display,
    /// A visiting officer's tablet. Its own token reaches no document: the operator who signs
    /// in on it works with an operator session; the token only identifies the device for its
    /// contact (`/api/me`) and "wipe on next contact".
    Tablet,
}

impl DeviceKind {
    /// The wire and storage name.
    pub fn name(self) -> &'static str {
        match self {
            DeviceKind::Totem => "totem",
            DeviceKind::Display => "display",
            DeviceKind::Tablet => "tablet",
        }
    }

    /// The kind stored as `name`; anything unknown is the least powerful kind, a tablet
    /// (whose token reaches no document).
    pub fn parse(name: &str) -> Self {
        match name {
            "totem" => DeviceKind::Totem,
            "display" => DeviceKind::Display,
            _ => DeviceKind::Tablet,
        }
    }
}

/// An authenticated party: a person at a desk, an enrolled totem, display board or tablet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Principal {
    Operator { username: String, name: String, cpi: String, role: Role },
    Totem { device: String, cpi: String },
    Display { device: String, cpi: String },
    Tablet { device: String, cpi: String },
}

impl Principal {
    /// An enrolled device of `kind`.
    pub fn device(kind: DeviceKind, device: String, cpi: String) -> Self {
        match kind {
            DeviceKind::Totem => Principal::Totem { device, cpi },
            DeviceKind::Display => Principal::Display { device, cpi },
            DeviceKind::Tablet => Principal::Tablet { device, cpi },
        }
    }

    pub fn cpi(&self) -> &str {
        match self {
            Principal::Operator { cpi, .. }
            | Principal::Totem { cpi, .. }
            | Principal::Display { cpi, .. }
            | Principal::Tablet { cpi, .. } => cpi,
        }
    }

    /// The enrolled device's id; `None` for an operator.
    pub fn device_id(&self) -> Option<&str> {
        match self {
            Principal::Operator { .. } => None,
            Principal::Totem { device, .. } | Principal::Display { device, .. } | Principal::Tablet { device, .. } => {
                Some(device)
            }
        }
    }

    /// A short label for logs (never personal data beyond the operator's username).
    pub fn label(&self) -> String {
        match self {
            Principal::Operator { username, cpi, .. } => format!("operator:{username}@{cpi}"),
            Principal::Totem { device, cpi } => format!("totem:{device}@{cpi}"),
            Principal::Display { device, cpi } => format!("display:{device}@{cpi}"),
            Principal::Tablet { device, cpi } => format!("tablet:{device}@{cpi}"),
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
        // The waiting room's screen: what the public sees, and the day's queue.
        (Principal::Display { .. }, AccessClass::Public { .. } | AccessClass::Queue { .. }) => true,
        (Principal::Display { .. }, AccessClass::Outbox { .. } | AccessClass::Private { .. }) => false,
        // A tablet's own token reads nothing: the operator signed in on it does.
        (Principal::Tablet { .. }, _) => false,
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
        // A display board only shows: it writes nothing, not even the queue.
        (Principal::Display { .. }, _) => false,
        (Principal::Tablet { .. }, _) => false,
    }
}

/// The class of a document that `who` brings into existence by syncing it first. A display
/// board's would be an outbox of its own, which it may neither read nor write (`may_write`).
pub fn class_of_new_document(who: &Principal) -> AccessClass {
    match who {
        Principal::Operator { cpi, .. } => AccessClass::Private { cpi: cpi.clone() },
        Principal::Totem { device, cpi } | Principal::Display { device, cpi } | Principal::Tablet { device, cpi } => {
            AccessClass::Outbox { cpi: cpi.clone(), device: device.clone() }
        }
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

/// Citizens identify with their Tessera Sanitaria at an enrolled totem of the CPI, never at
/// an operator's browser (the desk opens the dossier instead) nor at a display board.
pub fn may_identify_citizens(who: &Principal) -> bool {
    matches!(who, Principal::Totem { .. })
}

/// Only totems add tickets to a day's queue (operators call them; a display board shows them).
pub fn may_add_tickets(who: &Principal) -> bool {
    matches!(who, Principal::Totem { .. })
}

/// Only a totem gets a ticket letter: the only device that numbers tickets.
pub fn takes_ticket_letter(kind: DeviceKind) -> bool {
    kind == DeviceKind::Totem
}

/// The month's satisfaction survey of a CPI is read by its operators (any role).
pub fn may_read_satisfaction(who: &Principal, cpi: &str) -> bool {
    matches!(who, Principal::Operator { cpi: own, .. } if own == cpi)
}

/// The `cpi` of regional accounts: no CPI has this slug, so they reach no CPI's documents.
pub const REGION: &str = "regione";

impl Role {
    /// How the interface names the role.
    pub fn label_it(self) -> &'static str {
        match self {
            Role::Operator => "Operatore",
            Role::Head => "Responsabile del CPI",
            Role::RegionalAdmin => "Amministratore regionale",
            Role::RegionalOfficer => "Funzionario regionale",
        }
    }

    /// The wire string (as serde writes it), also what the relay stores.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Head => "head",
            Role::RegionalAdmin => "regional_admin",
            Role::RegionalOfficer => "regional_officer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Operator, Role::Head, Role::RegionalAdmin, Role::RegionalOfficer].into_iter().find(|r| r.as_str() == s)
    }

    /// Whether accounts of this role belong to the region rather than to a CPI.
    pub fn is_regional(self) -> bool {
        matches!(self, Role::RegionalAdmin | Role::RegionalOfficer)
    }
}

/// Who may create, disable, re-enable and reset an account of `role` in `cpi` (the account
/// `username`): a CPI's head the operators of that CPI; a regional administrator the heads of
/// any CPI and the regional officers. Nobody manages their own account through the list (they
/// change their own password instead), so an administrator cannot lock themselves out.
pub fn may_manage_account(who: &Principal, username: &str, role: Role, cpi: &str) -> bool {
    let Principal::Operator { username: own, cpi: own_cpi, role: own_role, .. } = who else {
        return false;
    };
    if own == username {
        return false;
    }
    match (own_role, role) {
        (Role::Head, Role::Operator) => own_cpi == cpi && cpi != REGION,
        (Role::RegionalAdmin, Role::Head) => cpi != REGION,
        (Role::RegionalAdmin, Role::RegionalOfficer) => cpi == REGION,
        _ => false,
    }
}

/// The roles `who` may create accounts of (what the users screen offers).
pub fn manageable_roles(who: &Principal) -> &'static [Role] {
    match who {
        Principal::Operator { role: Role::Head, .. } => &[Role::Operator],
        Principal::Operator { role: Role::RegionalAdmin, .. } => &[Role::Head, Role::RegionalOfficer],
        _ => &[],
    }
}

/// The CPI's head lists, renames and revokes the CPI's enrolled devices (totems, display
/// boards, tablets).
pub fn may_manage_devices(who: &Principal, cpi: &str) -> bool {
    matches!(who, Principal::Operator { role: Role::Head, cpi: own, .. } if own == cpi)
}

/// Who may mark a device of `device_cpi` of `kind` "wipe on next contact": the head of that
/// CPI, and only for a tablet (the only device that keeps working documents offline).
pub fn may_request_wipe(who: &Principal, device_cpi: &str, kind: DeviceKind) -> bool {
    kind == DeviceKind::Tablet && may_manage_devices(who, device_cpi)
}

/// Whether the holder of a device token is told to wipe its local copy when the flag is set:
/// the tablet itself, never another principal (an operator's session on it does not clear
/// the flag, so the wipe reaches the device whoever signs in).
pub fn receives_wipe(who: &Principal) -> bool {
    matches!(who, Principal::Tablet { .. })
}

/// Whether the app encrypts what it keeps on this device (IndexedDB) under the operator's
/// PIN and locks when idle: on an enrolled tablet, which leaves the office.
pub fn encrypts_at_rest(kind: DeviceKind) -> bool {
    kind == DeviceKind::Tablet
}

/// A tablet's PIN has at least this many digits (typed on its on-screen digit pad).
pub const TABLET_PIN_MIN_DIGITS: usize = 6;
/// Wrong PINs in a row after which a tablet wipes its local copy.
pub const TABLET_PIN_ATTEMPTS: u32 = 10;
/// Idle time after which a tablet locks and asks the PIN.
pub const TABLET_IDLE_SECONDS: u32 = 5 * 60;

/// Whether `pin` may protect a tablet's local copy, or the Italian reason.
pub fn check_tablet_pin(pin: &str) -> Result<(), &'static str> {
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err("Il PIN contiene solo cifre.");
    }
    if pin.len() < TABLET_PIN_MIN_DIGITS {
        return Err("Il PIN deve avere almeno 6 cifre.");
    }
    Ok(())
}

/// What follows a wrong PIN, given the wrong PINs in a row counting this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrongPin {
    /// Tries left before the wipe.
    Retry { left: u32 },
    /// The tenth: the device's copy is wiped.
    Wipe,
}

pub fn after_wrong_pin(failures: u32) -> WrongPin {
    match TABLET_PIN_ATTEMPTS.checked_sub(failures) {
        Some(left) if left > 0 => WrongPin::Retry { left },
        _ => WrongPin::Wipe,
    }
}

/// The idle time of a tablet: five minutes, or a shorter `requested` one (the browser
/// tests' knob, which can only shorten it), never under a second.
pub fn tablet_idle_seconds(requested: Option<u32>) -> u32 {
    requested.map_or(TABLET_IDLE_SECONDS, |r| r.clamp(1, TABLET_IDLE_SECONDS))
}

/// Seconds until a device token expiring at `expires_at` (epoch seconds), of a life of
/// `life_seconds`, is due for renewal: a device in use renews once less than half of its life
/// is left. 0: due now. The relay renews by this rule and tells the device when.
pub fn device_token_renew_in(now: i64, expires_at: i64, life_seconds: i64) -> i64 {
    expires_at.saturating_sub(life_seconds / 2).saturating_sub(now).max(0)
}

/// A device left on renews its token without a restart: it asks again when the relay said
/// the renewal is due, and at least this often (a relay with a shorter life since, a lost
/// answer).
pub const DEVICE_TOKEN_CHECK_MAX_SECONDS: i64 = 6 * 3600;
/// After a renewal that could not be asked (relay unreachable), it asks again this soon.
pub const DEVICE_TOKEN_RETRY_SECONDS: i64 = 10 * 60;

/// When a device asks the relay next about its token, `renew_in` seconds before the renewal
/// is due (`None`: the relay could not be asked): at that moment, but at least every
/// [`DEVICE_TOKEN_CHECK_MAX_SECONDS`] and at most once a second.
pub fn device_token_next_check(renew_in: Option<i64>) -> i64 {
    renew_in.map_or(DEVICE_TOKEN_RETRY_SECONDS, |s| s.clamp(1, DEVICE_TOKEN_CHECK_MAX_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_token_is_due_past_half_its_life_and_checked_at_least_every_six_hours() {
        const DAY: i64 = 86_400;
        let (issued, life) = (1_000_000, 30 * DAY);
        let expires = issued + life;
        assert_eq!(device_token_renew_in(issued, expires, life), 15 * DAY);
        assert_eq!(device_token_renew_in(issued + 15 * DAY - 1, expires, life), 1);
        assert_eq!(device_token_renew_in(issued + 15 * DAY, expires, life), 0);
        assert_eq!(device_token_renew_in(issued + 40 * DAY, expires, life), 0, "overdue is due");
        assert_eq!(device_token_next_check(Some(15 * DAY)), 6 * 3600);
        assert_eq!(device_token_next_check(Some(10)), 10);
        assert_eq!(device_token_next_check(Some(0)), 1, "never a busy loop");
        assert_eq!(device_token_next_check(None), 600);
    }

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

    fn display(device: &str, cpi: &str) -> Principal {
        Principal::Display { device: device.into(), cpi: cpi.into() }
    }

    #[test]
    fn a_display_board_reads_the_public_documents_and_the_queue_and_writes_nothing() {
        let d = display("tv1", "bari");
        for class in [AccessClass::Public { cpi: "bari".into() }, AccessClass::Queue { cpi: "bari".into() }] {
            assert!(may_read(&d, &class), "{class:?}");
            assert!(!may_write(&d, &class), "{class:?}");
        }
        for class in [
            AccessClass::Private { cpi: "bari".into() },
            AccessClass::Outbox { cpi: "bari".into(), device: "tv1".into() },
            AccessClass::Outbox { cpi: "bari".into(), device: "t1".into() },
        ] {
            assert!(!may_read(&d, &class) && !may_write(&d, &class), "{class:?}");
        }
        assert!(!may_read(&display("tv1", "lecce"), &AccessClass::Queue { cpi: "bari".into() }));
        // Whatever it tries to create is a class it cannot use.
        let created = class_of_new_document(&d);
        assert!(!may_read(&d, &created) && !may_write(&d, &created));
    }

    #[test]
    fn only_totems_identify_citizens_add_tickets_and_take_a_letter() {
        assert!(!may_identify_citizens(&display("tv1", "bari")));
        assert!(may_add_tickets(&totem("t1", "bari")));
        assert!(!may_add_tickets(&display("tv1", "bari")));
        assert!(!may_add_tickets(&operator("bari")));
        assert!(takes_ticket_letter(DeviceKind::Totem));
        assert!(!takes_ticket_letter(DeviceKind::Display));
        for who in [display("tv1", "bari"), totem("t1", "bari")] {
            assert!(!may_read_audit_log(&who) && !may_read_satisfaction(&who, "bari"));
            assert!(!may_revoke_certificate(&who, "bari"));
        }
    }

    #[test]
    fn device_kinds_keep_their_wire_names_and_a_missing_kind_is_a_totem() {
        assert_eq!(serde_json::to_string(&DeviceKind::Display).unwrap(), r#""display""#);
        assert_eq!(serde_json::from_str::<DeviceKind>(r#""totem""#).unwrap(), DeviceKind::Totem);
        assert_eq!(DeviceKind::default(), DeviceKind::Totem);
        assert_eq!(DeviceKind::parse(DeviceKind::Display.name()), DeviceKind::Display);
        assert_eq!(DeviceKind::parse("display"), DeviceKind::Display);
        assert_eq!(DeviceKind::parse("tablet"), DeviceKind::Tablet);
        assert_eq!(serde_json::to_string(&DeviceKind::Tablet).unwrap(), r#""tablet""#);
        assert_eq!(DeviceKind::parse("something else"), DeviceKind::Tablet, "unknown is least powerful");
        let json = serde_json::to_value(display("tv1", "bari")).unwrap();
        assert_eq!(json["kind"], "display");
    }

    #[test]
    fn new_documents_belong_to_their_creator() {
        assert_eq!(class_of_new_document(&operator("bari")), AccessClass::Private { cpi: "bari".into() });
        assert_eq!(
            class_of_new_document(&totem("t1", "bari")),
            AccessClass::Outbox { cpi: "bari".into(), device: "t1".into() }
        );
    }

    fn regional_admin() -> Principal {
        Principal::Operator {
            username: "regina".into(),
            name: "Regina".into(),
            cpi: REGION.into(),
            role: Role::RegionalAdmin,
        }
    }

    #[test]
    fn a_head_manages_the_operators_of_their_own_cpi_only() {
        assert!(may_manage_account(&head("bari"), "anna", Role::Operator, "bari"));
        assert!(!may_manage_account(&head("bari"), "lia", Role::Operator, "lecce"), "another CPI");
        assert!(!may_manage_account(&head("bari"), "rosa", Role::Head, "bari"), "another head");
        assert!(!may_manage_account(&head("bari"), "olga", Role::RegionalOfficer, REGION));
        assert!(!may_manage_account(&operator("bari"), "ugo", Role::Operator, "bari"), "an operator");
        assert!(!may_manage_account(&totem("t1", "bari"), "ugo", Role::Operator, "bari"));
    }

    #[test]
    fn a_regional_administrator_manages_heads_and_regional_officers() {
        assert!(may_manage_account(&regional_admin(), "rita", Role::Head, "bari"));
        assert!(may_manage_account(&regional_admin(), "olga", Role::RegionalOfficer, REGION));
        assert!(!may_manage_account(&regional_admin(), "anna", Role::Operator, "bari"), "the head does");
        assert!(!may_manage_account(&regional_admin(), "rino", Role::RegionalAdmin, REGION));
        assert!(!may_manage_account(&regional_admin(), "olga", Role::RegionalOfficer, "bari"), "officers are regional");
        assert_eq!(manageable_roles(&regional_admin()), [Role::Head, Role::RegionalOfficer]);
        assert_eq!(manageable_roles(&head("bari")), [Role::Operator]);
        assert!(manageable_roles(&operator("bari")).is_empty());
    }

    #[test]
    fn nobody_manages_their_own_account() {
        // `head` is rita; a (misconfigured) operator account named rita of the same CPI.
        assert!(!may_manage_account(&head("bari"), "rita", Role::Operator, "bari"));
        assert!(!may_manage_account(&regional_admin(), "regina", Role::RegionalOfficer, REGION));
    }

    #[test]
    fn only_the_cpi_head_manages_its_devices() {
        assert!(may_manage_devices(&head("bari"), "bari"));
        assert!(!may_manage_devices(&head("bari"), "lecce"));
        assert!(!may_manage_devices(&operator("bari"), "bari"));
        assert!(!may_manage_devices(&regional_admin(), "bari"));
        assert!(!may_manage_devices(&totem("t1", "bari"), "bari"));
    }

    #[test]
    fn role_wire_strings_stay_and_regional_roles_read_no_cpi() {
        for role in [Role::Operator, Role::Head, Role::RegionalAdmin, Role::RegionalOfficer] {
            assert_eq!(serde_json::to_value(role).unwrap(), serde_json::json!(role.as_str()));
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!([Role::Operator.as_str(), Role::Head.as_str()], ["operator", "head"]);
        assert!(!may_read(&regional_admin(), &AccessClass::Public { cpi: "bari".into() }));
        assert!(!may_read_audit_log(&regional_admin()));
    }

    fn tablet(device: &str, cpi: &str) -> Principal {
        Principal::Tablet { device: device.into(), cpi: cpi.into() }
    }

    #[test]
    fn a_tablet_token_alone_reaches_no_document_and_no_desk_rule() {
        let t = tablet("tablet-1", "bari");
        for class in [
            AccessClass::Public { cpi: "bari".into() },
            AccessClass::Private { cpi: "bari".into() },
            AccessClass::Queue { cpi: "bari".into() },
            AccessClass::Outbox { cpi: "bari".into(), device: "tablet-1".into() },
        ] {
            assert!(!may_read(&t, &class) && !may_write(&t, &class), "{class:?}");
        }
        let created = class_of_new_document(&t);
        assert!(!may_read(&t, &created) && !may_write(&t, &created));
        assert!(!may_identify_citizens(&t) && !may_add_tickets(&t) && !takes_ticket_letter(DeviceKind::Tablet));
        assert!(!may_read_audit_log(&t) && !may_read_satisfaction(&t, "bari") && !may_revoke_certificate(&t, "bari"));
        assert!(!may_manage_devices(&t, "bari"));
        assert_eq!(t.label(), "tablet:tablet-1@bari");
        assert_eq!(t.device_id(), Some("tablet-1"));
        assert_eq!(operator("bari").device_id(), None);
    }

    #[test]
    fn only_the_cpi_head_marks_a_tablet_for_wiping_and_only_the_tablet_receives_it() {
        assert!(may_request_wipe(&head("bari"), "bari", DeviceKind::Tablet));
        assert!(!may_request_wipe(&head("lecce"), "bari", DeviceKind::Tablet), "another CPI's head");
        assert!(!may_request_wipe(&operator("bari"), "bari", DeviceKind::Tablet), "an operator");
        assert!(!may_request_wipe(&regional_admin(), "bari", DeviceKind::Tablet));
        assert!(!may_request_wipe(&tablet("tablet-1", "bari"), "bari", DeviceKind::Tablet));
        assert!(!may_request_wipe(&head("bari"), "bari", DeviceKind::Totem), "a totem keeps no dossiers");
        assert!(receives_wipe(&tablet("tablet-1", "bari")));
        assert!(!receives_wipe(&operator("bari")) && !receives_wipe(&totem("t1", "bari")));
        assert!(encrypts_at_rest(DeviceKind::Tablet));
        assert!(!encrypts_at_rest(DeviceKind::Totem) && !encrypts_at_rest(DeviceKind::Display));
    }

    #[test]
    fn a_tablet_pin_has_six_digits_or_more_and_the_tenth_wrong_one_wipes() {
        assert!(check_tablet_pin("123456").is_ok() && check_tablet_pin("12345678").is_ok());
        assert_eq!(check_tablet_pin("12345"), Err("Il PIN deve avere almeno 6 cifre."));
        assert_eq!(check_tablet_pin("12345a"), Err("Il PIN contiene solo cifre."));
        assert_eq!(after_wrong_pin(1), WrongPin::Retry { left: 9 });
        assert_eq!(after_wrong_pin(9), WrongPin::Retry { left: 1 });
        assert_eq!(after_wrong_pin(10), WrongPin::Wipe);
        assert_eq!(after_wrong_pin(11), WrongPin::Wipe);
    }

    #[test]
    fn the_idle_knob_only_shortens_the_five_minutes() {
        assert_eq!(tablet_idle_seconds(None), 300);
        assert_eq!(tablet_idle_seconds(Some(2)), 2);
        assert_eq!(tablet_idle_seconds(Some(3600)), 300);
        assert_eq!(tablet_idle_seconds(Some(0)), 1);
    }
}
