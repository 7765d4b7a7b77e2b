//! The CPI's agenda of B1 interviews (`sportello_core::docs::agenda`): totems and the desk
//! add holds to it; nothing is ever removed, a new hold of the same booking supersedes the
//! older one.

use super::dossiers::{self, Author};
use super::sync::{self, EditError, SyncHandle};
use chrono::NaiveDate;
use sportello_core::booking::Slot;
use sportello_core::docs::agenda::{Agenda, Hold};
use sportello_core::docs::dossier::StepKind;
use sportello_core::sync::ids::DocumentId;

/// Adds `hold` to the agenda under a new random id, which it returns. Offline it waits on
/// the device and reaches every other device of the CPI with the next sync.
pub fn place(handle: SyncHandle, agenda: DocumentId, hold: Hold) -> Result<String, EditError> {
    let id = sync::new_document_id().to_string();
    let key = id.clone();
    handle.update::<Agenda, _>(agenda, "Colloquio B1 prenotato", move |a| a.hold(&key, hold))?;
    Ok(id)
}

/// Where the desk books or moves an interview.
pub struct AgendaDesk {
    pub handle: SyncHandle,
    pub agenda: DocumentId,
    pub index: Option<DocumentId>,
    pub author: Author,
    pub now_ms: i64,
}

/// Gives the booking `reference` the new `slot` (held by the desk for this operator, until
/// `limit`) and, when `dossier` is known, records the interview in it.
pub fn assign(
    desk: &AgendaDesk,
    reference: &str,
    slot: Slot,
    limit: NaiveDate,
    dossier: Option<DocumentId>,
    note: &str,
) -> Result<(), EditError> {
    let hold = Hold::at_desk(slot, &desk.author.username, desk.now_ms, reference, limit);
    place(desk.handle, desk.agenda, hold)?;
    if let Some(dossier) = dossier {
        let (step, who, note) = (sync::new_document_id().to_string(), desk.author.username.clone(), note.to_string());
        dossiers::edit(desk.handle, desk.index, dossier, &desk.author, StepKind::InterviewBooked.label_it(), |d| {
            d.add_step(
                &step,
                StepKind::InterviewBooked,
                slot.date(),
                &who,
                &format!("Ore {} ({note})", slot.time_text()),
            );
        })?;
    }
    Ok(())
}
