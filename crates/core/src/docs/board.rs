//! A CPI's public board: opening hours, notices and the referral directory (service A2).
//! Edited by the CPI's staff, shown by its totems.

use super::{Label, TextField};
use crate::booking::Slot;
use crate::cpi::Cpi;
use autosurgeon::{Hydrate, Reconcile};

pub const BOARD_SCHEMA: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Board {
    pub schema: u64,
    /// The CPI's slug.
    pub cpi: Label,
    #[autosurgeon(missing = "Default::default")]
    pub hours: Vec<HoursRow>,
    #[autosurgeon(missing = "Default::default")]
    pub notices: Vec<Notice>,
    #[autosurgeon(missing = "Default::default")]
    pub directory: Vec<Referral>,
    /// Orientation-interview slots already booked ("YYYY-MM-DDTHH:MM"), so totems offer only
    /// free ones. Times only: who booked them stays in the dossiers.
    #[autosurgeon(missing = "Default::default")]
    pub booked_slots: Vec<Label>,
    /// Seconds without a touch before the totem warns and then ends the citizen's session;
    /// 0 means [`DEFAULT_KIOSK_IDLE_SECONDS`].
    #[autosurgeon(missing = "Default::default")]
    pub kiosk_idle_seconds: u64,
}

/// The totems' idle time when the CPI has not set one.
pub const DEFAULT_KIOSK_IDLE_SECONDS: u64 = 120;
/// The shortest idle time an operator may set (the warning then counts 20 more seconds).
pub const MIN_KIOSK_IDLE_SECONDS: u64 = 5;

impl Board {
    /// The idle time the totems use.
    pub fn kiosk_idle_seconds(&self) -> u64 {
        match self.kiosk_idle_seconds {
            0 => DEFAULT_KIOSK_IDLE_SECONDS,
            n => n.max(MIN_KIOSK_IDLE_SECONDS),
        }
    }
}

/// One line of the opening hours, e.g. "Lunedì-Venerdì" / "9:00-12:00".
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct HoursRow {
    #[key]
    pub id: Label,
    pub days: TextField,
    pub hours: TextField,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Notice {
    #[key]
    pub id: Label,
    pub title: TextField,
    pub body: TextField,
    /// ISO date the notice was posted.
    pub posted_on: Label,
}

/// Another local service a citizen can be sent to (A2: INPS, INAIL, ASL, Informagiovani,
/// training bodies, ...).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hydrate, Reconcile)]
pub struct Referral {
    #[key]
    pub id: Label,
    pub kind: Label,
    pub name: TextField,
    pub address: TextField,
    pub phone: TextField,
    pub hours: TextField,
    #[autosurgeon(missing = "Default::default")]
    pub note: TextField,
}

/// The kinds of referral the directory groups by, with their Italian labels.
pub const REFERRAL_KINDS: &[(&str, &str)] = &[
    ("inps", "Previdenza (INPS)"),
    ("inail", "Sicurezza sul lavoro (INAIL)"),
    ("asl", "Salute (ASL)"),
    ("informagiovani", "Informagiovani"),
    ("formazione", "Formazione professionale"),
    ("scuola", "Scuola e università"),
    ("sociale", "Servizi sociali"),
];

pub fn referral_kind_label(kind: &str) -> &str {
    REFERRAL_KINDS.iter().find(|(k, _)| *k == kind).map_or(kind, |(_, label)| label)
}

impl Board {
    /// A board with the CPI's configured hours and nothing else.
    pub fn for_cpi(cpi: &Cpi) -> Self {
        Board {
            schema: BOARD_SCHEMA,
            cpi: cpi.slug.as_str().into(),
            hours: cpi
                .opening_hours
                .iter()
                .enumerate()
                .map(|(i, (days, hours))| HoursRow {
                    id: format!("h{}", i + 1).into(),
                    days: days.as_str().into(),
                    hours: hours.as_str().into(),
                })
                .collect(),
            notices: Vec::new(),
            directory: Vec::new(),
            booked_slots: Vec::new(),
            kiosk_idle_seconds: 0,
        }
    }

    /// The B1 slots already booked (unreadable entries are skipped).
    pub fn booked(&self) -> std::collections::BTreeSet<Slot> {
        self.booked_slots.iter().filter_map(|s| Slot::parse(s)).collect()
    }

    /// Marks `slot` as taken for every totem; `false` if it already was.
    pub fn book(&mut self, slot: Slot) -> bool {
        if self.booked().contains(&slot) {
            return false;
        }
        self.booked_slots.push(slot.stored().into());
        true
    }

    /// Demo content for a CPI: its hours, two notices and a directory of the usual local
    /// services. Dated `today` (an ISO date), which the caller supplies.
    pub fn demo(cpi: &Cpi, today: &str) -> Self {
        let town = &cpi.name;
        let asl = format!("ASL {}", cpi.province.abbreviation());
        let mut board = Board::for_cpi(cpi);
        board.notices = vec![
            Notice {
                id: "n1".into(),
                title: "Garanzia Giovani: colloqui di orientamento".into(),
                body: format!(
                    "Chi ha tra 15 e 29 anni e non studia né lavora può prenotare un colloquio di orientamento al CPI di {town}. Porta un documento d'identità e la tessera sanitaria."
                )
                .into(),
                posted_on: today.into(),
            },
            Notice {
                id: "n2".into(),
                title: "Tirocini in azienda: nuove opportunità".into(),
                body: "Sono aperte le candidature per tirocini extracurriculari presso aziende del territorio. Informazioni allo sportello Incontro domanda/offerta.".into(),
                posted_on: today.into(),
            },
        ];
        board.directory = vec![
            Referral {
                id: "inps".into(),
                kind: "inps".into(),
                name: TextField::from(format!("INPS – Agenzia di {town}")),
                address: TextField::from(format!("{town}, sede territoriale INPS")),
                phone: "803 164".into(),
                hours: "Lunedì-Venerdì 8:30-12:30, su appuntamento".into(),
                note: "NASpI, indennità di disoccupazione, contributi".into(),
            },
            Referral {
                id: "inail".into(),
                kind: "inail".into(),
                name: TextField::from(format!("INAIL – Sede di {}", cpi.province)),
                address: TextField::from(format!("{}, sede provinciale INAIL", cpi.province)),
                phone: "06 6001".into(),
                hours: "Lunedì-Venerdì 8:30-12:30".into(),
                note: "Infortuni sul lavoro e malattie professionali".into(),
            },
            Referral {
                id: "asl".into(),
                kind: "asl".into(),
                name: TextField::from(format!("{asl} – Distretto socio-sanitario di {town}")),
                address: TextField::from(format!("{town}, distretto socio-sanitario")),
                phone: "800 0 ASL".into(),
                hours: "Lunedì-Venerdì 9:00-12:00".into(),
                note: "Certificazioni sanitarie, invalidità civile (utile per il collocamento mirato L.68/99)".into(),
            },
            Referral {
                id: "informagiovani".into(),
                kind: "informagiovani".into(),
                name: TextField::from(format!("Informagiovani del Comune di {town}")),
                address: TextField::from(format!("{town}, uffici comunali")),
                phone: TextField::default(),
                hours: "Martedì e Giovedì 9:30-13:00".into(),
                note: "Studio, lavoro, mobilità europea, servizio civile".into(),
            },
            Referral {
                id: "formazione".into(),
                kind: "formazione".into(),
                name: "Enti di formazione accreditati dalla Regione Puglia".into(),
                address: TextField::from(format!("Sedi nel territorio di {}", cpi.province)),
                phone: TextField::default(),
                hours: "Catalogo dei corsi allo sportello del CPI".into(),
                note: "Corsi di qualificazione, voucher formativi".into(),
            },
        ];
        board
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpi::cpi_by_slug;
    use automerge::{transaction::Transactable, AutoCommit};

    #[test]
    fn a_board_round_trips_through_a_document() {
        let board = Board::demo(cpi_by_slug("bari").unwrap(), "2026-11-27");
        let mut doc = AutoCommit::new();
        crate::docs::write(&mut doc, &board).unwrap();
        let back: Board = crate::docs::read(&doc).unwrap();
        assert_eq!(back, board);
        assert!(back.directory.iter().any(|r| r.kind == "inps"));
    }

    #[test]
    fn a_slot_is_booked_once_in_the_stored_format() {
        let mut board = Board::for_cpi(cpi_by_slug("bari").unwrap());
        board.booked_slots.push("not a slot".into());
        let slot = Slot::parse("2026-12-07T09:30").unwrap();
        assert!(board.book(slot));
        assert!(!board.book(slot));
        assert_eq!(board.booked_slots, ["not a slot", "2026-12-07T09:30"]);
        assert_eq!(board.booked().into_iter().collect::<Vec<_>>(), [slot]);
    }

    #[test]
    fn concurrent_edits_to_different_notices_both_survive() {
        let board = Board::demo(cpi_by_slug("lecce").unwrap(), "2026-11-27");
        let mut a = AutoCommit::new();
        crate::docs::write(&mut a, &board).unwrap();
        let mut b = a.fork();

        // Edits start from what the document holds (text fields record their edits).
        let mut on_a: Board = crate::docs::read(&a).unwrap();
        on_a.notices[0].title.set("Titolo da A");
        crate::docs::write(&mut a, &on_a).unwrap();
        let mut on_b: Board = crate::docs::read(&b).unwrap();
        on_b.notices.push(Notice {
            id: "n3".into(),
            title: "Nuovo da B".into(),
            body: TextField::default(),
            posted_on: "2026-11-28".into(),
        });
        crate::docs::write(&mut b, &on_b).unwrap();

        a.merge(&mut b).unwrap();
        let merged: Board = crate::docs::read(&a).unwrap();
        assert_eq!(merged.notices[0].title, "Titolo da A");
        assert!(merged.notices.iter().any(|n| n.title == "Nuovo da B"));
    }

    #[test]
    fn an_older_document_without_the_directory_still_reads() {
        let mut doc = AutoCommit::new();
        doc.put(automerge::ROOT, "schema", 1_u64).unwrap();
        doc.put(automerge::ROOT, "cpi", "bari").unwrap();
        let board: Board = crate::docs::read(&doc).unwrap();
        assert!(board.directory.is_empty() && board.notices.is_empty());
    }
}
