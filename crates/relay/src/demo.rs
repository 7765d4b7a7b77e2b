//! `--demo` only: the pilot CPIs get demo content (board notices, vacancies, dossiers and
//! companies with their index lines) and demo operator accounts. [`prepare`] is the one entry point, called
//! by `AppState::new` in place of the production setup when the flag is on.

use crate::hubs::Hubs;
use crate::store::StoreError;
use crate::wellknown::{WellKnownStore, COMPANY_INDEX, INDEX};
use crate::{auth::random_bytes, auth::Accounts};
use automerge::transaction::{CommitOptions, Transaction};
use automerge::{ActorId, Automerge};
use chrono::NaiveDate;
use sportello_core::access::{AccessClass, Role};
use sportello_core::cpi::{cpis, Cpi};
use sportello_core::docs::board::Board;
use sportello_core::docs::dossier::Dossier;
use sportello_core::docs::index::{self, IndexEntry};
use sportello_core::docs::vacancies::Vacancies;
use sportello_core::docs::{write, Label};
use sportello_core::employers::company::Company;
use sportello_core::employers::index::{self as company_index, CompanyEntry, CompanyIndexView};
use sportello_core::sync::ids::DocumentId;
use std::collections::HashMap;

/// What `--demo` adds at start-up: every CPI's documents (the pilots' with demo content),
/// demo dossiers, demo companies and demo accounts. Returns how many documents and dossiers
/// it created (the companies it logs itself).
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
    seed_companies(hubs, well_known, today, now_ms)?;
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
    seed::<Dossier>(hubs, well_known, today, now_ms)
}

/// How many demo companies each pilot CPI gets.
pub const DEMO_COMPANIES_PER_CPI: usize = 300;

/// Gives each pilot CPI demo companies at every step of the promotion campaign (some calls
/// overdue), with their company index lines, once: a CPI whose company index already has
/// lines is left alone.
pub fn seed_companies(
    hubs: &Hubs,
    well_known: &dyn WellKnownStore,
    today: NaiveDate,
    now_ms: u64,
) -> Result<usize, StoreError> {
    let seeded = seed::<Company>(hubs, well_known, today, now_ms)?;
    if seeded > 0 {
        tracing::info!(seeded, "demo companies created");
    }
    Ok(seeded)
}

/// A kind of private document the demo seeds, with the CPI's index that lists it.
trait Seeded: Sized {
    /// The well-known kind of the index.
    const INDEX: &'static str;
    const INDEX_MESSAGE: &'static str;
    fn index_has_lines(index: &Automerge) -> bool;
    /// The demo values of the `n`-th pilot CPI, recorded by `operators`.
    fn generate(cpi: &Cpi, n: usize, today: NaiveDate, operators: &[&str]) -> Vec<Self>;
    fn authors(&mut self) -> &mut HashMap<String, Label>;
    fn write(&self, tx: &mut Transaction<'_>) -> Result<(), String>;
    fn put_line(&self, id: &DocumentId, index: &mut Transaction<'_>) -> Result<(), String>;
}

impl Seeded for Dossier {
    const INDEX: &'static str = INDEX;
    const INDEX_MESSAGE: &'static str = "Indice dei fascicoli dimostrativi";
    fn index_has_lines(doc: &Automerge) -> bool {
        !index::read_entries(doc).0.is_empty()
    }
    fn generate(cpi: &Cpi, n: usize, today: NaiveDate, operators: &[&str]) -> Vec<Self> {
        sportello_core::demo::dossiers(&cpi.slug, DEMO_DOSSIERS_PER_CPI, 1000 + n as u64, today, operators)
    }
    fn authors(&mut self) -> &mut HashMap<String, Label> {
        &mut self.authors
    }
    fn write(&self, tx: &mut Transaction<'_>) -> Result<(), String> {
        write(tx, self).map_err(|e| e.to_string())
    }
    fn put_line(&self, id: &DocumentId, tx: &mut Transaction<'_>) -> Result<(), String> {
        IndexEntry::from_dossier(&id.to_string(), self).map_or(Ok(()), |e| index::put_entry(tx, &e))
    }
}

impl Seeded for Company {
    const INDEX: &'static str = COMPANY_INDEX;
    const INDEX_MESSAGE: &'static str = "Indice delle imprese dimostrative";
    fn index_has_lines(doc: &Automerge) -> bool {
        !CompanyIndexView::load(doc).entries.is_empty()
    }
    fn generate(cpi: &Cpi, n: usize, today: NaiveDate, operators: &[&str]) -> Vec<Self> {
        sportello_core::demo::companies(&cpi.slug, DEMO_COMPANIES_PER_CPI, 2000 + n as u64, today, operators)
    }
    fn authors(&mut self) -> &mut HashMap<String, Label> {
        &mut self.authors
    }
    fn write(&self, tx: &mut Transaction<'_>) -> Result<(), String> {
        write(tx, self).map_err(|e| e.to_string())
    }
    fn put_line(&self, id: &DocumentId, tx: &mut Transaction<'_>) -> Result<(), String> {
        company_index::put_entry(tx, &CompanyEntry::from_company(&id.to_string(), self))
    }
}

/// For each pilot CPI whose index of `T` has no line yet: its demo values, each stored as a
/// new private document written in one change by a fresh actor that its authors name as the
/// relay's demo data, then their lines in the index in one change. Returns how many it stored.
fn seed<T: Seeded>(
    hubs: &Hubs,
    well_known: &dyn WellKnownStore,
    today: NaiveDate,
    now_ms: u64,
) -> Result<usize, StoreError> {
    let mut seeded = 0;
    for (n, cpi) in cpis().iter().filter(|c| c.pilot).enumerate() {
        let Some(index_id) = well_known.get(&cpi.slug, T::INDEX)? else { continue };
        let hub = hubs.of(&cpi.slug);
        if hub.read(&index_id, now_ms, T::index_has_lines)?.unwrap_or(true) {
            continue;
        }
        // The demo accounts record the demo data's steps and services.
        let operators = [format!("operatore.{}", cpi.slug), format!("responsabile.{}", cpi.slug)];
        let operator_refs: Vec<&str> = operators.iter().map(String::as_str).collect();
        let mut docs = Vec::new();
        let mut created = Vec::new();
        for mut value in T::generate(cpi, n, today, &operator_refs) {
            let actor = ActorId::from(random_bytes::<16>().as_slice());
            value.authors().insert(actor.to_hex_string(), "Dati dimostrativi (relay)".into());
            let mut doc = Automerge::new().with_actor(actor);
            let mut tx = doc.transaction();
            value.write(&mut tx).map_err(StoreError::Corrupt)?;
            tx.commit_with(
                CommitOptions::default().with_time((now_ms / 1000) as i64).with_message("Dati dimostrativi"),
            );
            let id = DocumentId::from_random(random_bytes::<16>());
            docs.push((id, AccessClass::Private { cpi: cpi.slug.clone() }, doc.save()));
            created.push((id, value));
        }
        hub.create_many(docs)?;
        hub.change(&index_id, now_ms, T::INDEX_MESSAGE, |tx| {
            created.iter().try_for_each(|(id, value)| value.put_line(id, tx))
        })?;
        seeded += created.len();
    }
    Ok(seeded)
}
