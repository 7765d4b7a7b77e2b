//! What the relay sets up at start-up: every configured CPI gets its public board, and with
//! `--demo` the pilot CPIs get demo content and demo operator accounts.

use crate::hub::Hub;
use crate::store::StoreError;
use crate::wellknown::{WellKnown, BOARD, INDEX, VACANCIES};
use crate::{auth::random_bytes, auth::Accounts};
use automerge::transaction::CommitOptions;
use automerge::{ActorId, Automerge};
use chrono::NaiveDate;
use sportello_core::access::{AccessClass, Role};
use sportello_core::cpi::cpis;
use sportello_core::docs::board::Board;
use sportello_core::docs::index::{self, IndexEntry};
use sportello_core::sync::ids::DocumentId;

/// Demo credentials, printed by `cargo xtask run`: `operatore.<cpi>` and `responsabile.<cpi>`
/// with the password `demo-<cpi>`.
pub fn demo_password(cpi_slug: &str) -> String {
    format!("demo-{cpi_slug}")
}

pub fn seed_accounts(accounts: &Accounts) -> Result<(), crate::auth::AuthError> {
    let names = ["Giulia Lorusso", "Antonio De Santis", "Maria Carbone", "Francesco Greco", "Lucia Marzano"];
    for (i, cpi) in cpis().iter().filter(|c| c.pilot).enumerate() {
        let password = demo_password(&cpi.slug);
        let operator = names[i % names.len()];
        accounts.add_operator(&format!("operatore.{}", cpi.slug), operator, &cpi.slug, Role::Operator, &password)?;
        let head = names[(i + 2) % names.len()];
        accounts.add_operator(&format!("responsabile.{}", cpi.slug), head, &cpi.slug, Role::Head, &password)?;
    }
    Ok(())
}

/// Creates what every CPI has exactly one of, if missing: its public board and its private
/// dossier index. `today` is an ISO date for demo notices.
pub fn ensure_cpi_documents(
    hub: &mut Hub,
    well_known: &WellKnown,
    demo: bool,
    today: &str,
    now_ms: u64,
) -> Result<usize, StoreError> {
    let mut created = 0;
    for cpi in cpis() {
        if well_known.get(&cpi.slug, BOARD)?.is_none() {
            let board = if demo && cpi.pilot { Board::demo(cpi, today) } else { Board::for_cpi(cpi) };
            let doc = relay_document("board created by the relay", now_ms, |tx| {
                sportello_core::docs::write(tx, &board).map_err(|e| e.to_string())
            })?;
            let id = DocumentId::from_random(random_bytes::<16>());
            hub.create(id, AccessClass::Public { cpi: cpi.slug.clone() }, doc, now_ms)?;
            well_known.set(&cpi.slug, BOARD, &id)?;
            created += 1;
        }
        if well_known.get(&cpi.slug, VACANCIES)?.is_none() {
            let list = if demo && cpi.pilot {
                let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap_or_default();
                sportello_core::demo::vacancies(cpi, DEMO_VACANCIES_PER_CPI, 7, today)
            } else {
                sportello_core::docs::vacancies::Vacancies::new(&cpi.slug)
            };
            let doc = relay_document("vacancies created by the relay", now_ms, |tx| {
                sportello_core::docs::write(tx, &list).map_err(|e| e.to_string())
            })?;
            let id = DocumentId::from_random(random_bytes::<16>());
            hub.create(id, AccessClass::Public { cpi: cpi.slug.clone() }, doc, now_ms)?;
            well_known.set(&cpi.slug, VACANCIES, &id)?;
            created += 1;
        }
        if well_known.get(&cpi.slug, INDEX)?.is_none() {
            let doc = relay_document("dossier index created by the relay", now_ms, |tx| {
                index::init(tx, &cpi.slug).map_err(|e| e.to_string())
            })?;
            let id = DocumentId::from_random(random_bytes::<16>());
            hub.create(id, AccessClass::Private { cpi: cpi.slug.clone() }, doc, now_ms)?;
            well_known.set(&cpi.slug, INDEX, &id)?;
            created += 1;
        }
    }
    Ok(created)
}

/// A document written by the relay in one change, under a fresh actor.
pub(crate) fn relay_document(
    message: &str,
    now_ms: u64,
    write: impl FnOnce(&mut automerge::transaction::Transaction<'_>) -> Result<(), String>,
) -> Result<Automerge, StoreError> {
    let mut doc = Automerge::new().with_actor(ActorId::from(random_bytes::<16>().as_slice()));
    let mut tx = doc.transaction();
    write(&mut tx).map_err(StoreError::Corrupt)?;
    tx.commit_with(CommitOptions::default().with_time((now_ms / 1000) as i64).with_message(message));
    Ok(doc)
}

/// How many demo vacancies each pilot CPI gets.
pub const DEMO_VACANCIES_PER_CPI: usize = 4;

/// How many demo dossiers each pilot CPI gets.
pub const DEMO_DOSSIERS_PER_CPI: usize = 36;

/// Gives each pilot CPI demo dossiers at every stage of the pathway (some overdue), with
/// their index entries, once: a CPI whose index already has entries is left alone.
pub fn seed_dossiers(
    hub: &mut Hub,
    well_known: &WellKnown,
    today: NaiveDate,
    now_ms: u64,
) -> Result<usize, StoreError> {
    let mut seeded = 0;
    for (n, cpi) in cpis().iter().filter(|c| c.pilot).enumerate() {
        let Some(index_id) = well_known.get(&cpi.slug, INDEX)? else { continue };
        let has_entries = hub.read(&index_id, now_ms, |doc| !index::read_entries(doc).0.is_empty())?.unwrap_or(true);
        if has_entries {
            continue;
        }
        let operators = [format!("operatore.{}", cpi.slug), format!("responsabile.{}", cpi.slug)];
        let operator_refs: Vec<&str> = operators.iter().map(String::as_str).collect();
        let people =
            sportello_core::demo::dossiers(&cpi.slug, DEMO_DOSSIERS_PER_CPI, 1000 + n as u64, today, &operator_refs);
        let mut docs = Vec::with_capacity(people.len());
        let mut entries = Vec::with_capacity(people.len());
        for mut person in people {
            let actor = ActorId::from(random_bytes::<16>().as_slice());
            person.authors.insert(actor.to_hex_string(), "Dati dimostrativi (relay)".into());
            let mut doc = Automerge::new().with_actor(actor);
            let mut tx = doc.transaction();
            sportello_core::docs::write(&mut tx, &person).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            tx.commit_with(
                CommitOptions::default().with_time((now_ms / 1000) as i64).with_message("Dati dimostrativi"),
            );
            let id = DocumentId::from_random(random_bytes::<16>());
            if let Some(entry) = IndexEntry::from_dossier(&id.to_string(), &person) {
                entries.push(entry);
            }
            docs.push((id, AccessClass::Private { cpi: cpi.slug.clone() }, doc.save()));
        }
        hub.create_many(&docs)?;
        hub.change(&index_id, now_ms, "Indice dei fascicoli dimostrativi", |tx| {
            entries.iter().try_for_each(|e| index::put_entry(tx, e))
        })?;
        seeded += docs.len();
    }
    Ok(seeded)
}
