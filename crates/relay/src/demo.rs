//! What the relay sets up at start-up: every configured CPI gets its public board, and with
//! `--demo` the pilot CPIs get demo content and demo operator accounts.

use crate::hub::Hub;
use crate::store::StoreError;
use crate::wellknown::{WellKnown, BOARD};
use crate::{auth::random_bytes, auth::Accounts};
use automerge::transaction::CommitOptions;
use automerge::{ActorId, Automerge};
use sportello_core::access::{AccessClass, Role};
use sportello_core::cpi::cpis;
use sportello_core::docs::board::Board;
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

/// Creates each CPI's board if it has none. `today` is an ISO date for demo notices.
pub fn ensure_boards(
    hub: &mut Hub,
    well_known: &WellKnown,
    demo: bool,
    today: &str,
    now_ms: u64,
) -> Result<usize, StoreError> {
    let mut created = 0;
    for cpi in cpis() {
        if well_known.get(&cpi.slug, BOARD)?.is_some() {
            continue;
        }
        let board = if demo && cpi.pilot { Board::demo(cpi, today) } else { Board::for_cpi(cpi) };
        let mut doc = Automerge::new().with_actor(ActorId::from(random_bytes::<16>().as_slice()));
        let mut tx = doc.transaction();
        sportello_core::docs::write(&mut tx, &board).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tx.commit_with(
            CommitOptions::default().with_time((now_ms / 1000) as i64).with_message("board created by the relay"),
        );
        let id = DocumentId::from_random(random_bytes::<16>());
        hub.create(id, AccessClass::Public { cpi: cpi.slug.clone() }, doc, now_ms)?;
        well_known.set(&cpi.slug, BOARD, &id)?;
        created += 1;
    }
    Ok(created)
}
