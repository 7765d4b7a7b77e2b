//! `--demo` only: the pilot CPIs get demo content (board notices, vacancies, dossiers with
//! their index lines) and demo operator accounts. [`prepare`] is the one entry point, called
//! by `AppState::new` in place of the production setup when the flag is on.

use crate::hubs::Hubs;
use crate::store::StoreError;
use crate::wellknown::{WellKnownStore, INDEX};
use crate::{auth::random_bytes, auth::Accounts};
use automerge::transaction::CommitOptions;
use automerge::{ActorId, Automerge};
use chrono::NaiveDate;
use sportello_core::access::{AccessClass, Role};
use sportello_core::cpi::{cpis, Cpi};
use sportello_core::docs::board::Board;
use sportello_core::docs::index::{self, IndexEntry};
use sportello_core::docs::vacancies::Vacancies;
use sportello_core::sync::ids::DocumentId;

/// What `--demo` adds at start-up: every CPI's documents (the pilots' with demo content),
/// demo dossiers and demo accounts. Returns how many documents and dossiers it created.
pub fn prepare(
    hubs: &Hubs,
    well_known: &dyn WellKnownStore,
    accounts: &Accounts,
    today: NaiveDate,
    now_ms: u64,
) -> Result<(usize, usize), Box<dyn std::error::Error>> {
    let iso_today = today.to_string();
    let board = |cpi: &Cpi| if cpi.pilot { Board::demo(cpi, &iso_today) } else { Board::for_cpi(cpi) };
    let vacancies = |cpi: &Cpi| {
        if cpi.pilot {
            sportello_core::demo::vacancies(cpi, DEMO_VACANCIES_PER_CPI, 7, today)
        } else {
            Vacancies::new(&cpi.slug)
        }
    };
    let created = crate::services::ensure_cpi_documents(hubs, well_known, board, vacancies, now_ms)?;
    let seeded = seed_dossiers(hubs, well_known, today, now_ms)?;
    seed_accounts(accounts).map_err(|e| format!("cannot seed demo accounts: {e:?}"))?;
    Ok((created, seeded))
}

/// Demo credentials, printed by `cargo xtask run`: `operatore.<cpi>` and `responsabile.<cpi>`
/// with the password `demo-<cpi>`, and the regional administrator `admin.regione` /
/// `demo-regione`.
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
    // The region's administrator, who manages the heads.
    let region = sportello_core::access::REGION;
    accounts.add_operator("admin.regione", "Paola Sisto", region, Role::RegionalAdmin, &demo_password(region))?;
    Ok(())
}

/// How many demo vacancies each pilot CPI gets.
pub const DEMO_VACANCIES_PER_CPI: usize = 4;

/// How many demo dossiers each pilot CPI gets.
pub const DEMO_DOSSIERS_PER_CPI: usize = 36;

/// Gives each pilot CPI demo dossiers at every stage of the pathway (some overdue), with
/// their index entries, once: a CPI whose index already has entries is left alone.
pub fn seed_dossiers(
    hubs: &Hubs,
    well_known: &dyn WellKnownStore,
    today: NaiveDate,
    now_ms: u64,
) -> Result<usize, StoreError> {
    let mut seeded = 0;
    for (n, cpi) in cpis().iter().filter(|c| c.pilot).enumerate() {
        let Some(index_id) = well_known.get(&cpi.slug, INDEX)? else { continue };
        let hub = hubs.of(&cpi.slug);
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
        let count = docs.len();
        hub.create_many(docs)?;
        hub.change(&index_id, now_ms, "Indice dei fascicoli dimostrativi", |tx| {
            entries.iter().try_for_each(|e| index::put_entry(tx, e))
        })?;
        seeded += count;
    }
    Ok(seeded)
}
