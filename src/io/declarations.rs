//! Declarations made at a totem (today the DID, A4): the totem hands each one over as a
//! document of its own and forgets it once the relay holds it; an operator confirms it into
//! a dossier.

use super::dossiers::{self, Author};
use super::settings;
use super::sync::{self, SyncHandle};
use sportello_core::booking::Slot;
use sportello_core::docs::agenda::Agenda;
use sportello_core::docs::board::Board;
use sportello_core::docs::dossier::{parse_date, Dossier, StepKind};
use sportello_core::docs::outbox::{DidDeclaration, Outbox, OutboxItem, DID_KIND};
use sportello_core::sync::ids::DocumentId;

thread_local! {
    /// Declarations handed over in this page's life, i.e. by the current citizen: every
    /// citizen session ends with a reload of the start screen.
    static THIS_SESSION: std::cell::RefCell<Vec<DocumentId>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A declaration handed over: the reference on the receipt and the document that carries it.
pub struct HandedOver {
    pub reference: String,
    pub document: DocumentId,
}

/// Hands a DID declared at this totem over to the CPI: one `Outbox` document per declaration
/// (so the totem can drop it once delivered), remembered in `handed_over` until the relay
/// holds it (or refuses it: see [`drop_refused`]).
pub fn hand_over_did(cpi: &str, device: &str, did: DidDeclaration) -> HandedOver {
    let id = sync::new_document_id().to_string();
    let created_at = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
    let mut declaration = Outbox::new(cpi, device, &created_at);
    declaration.items.push(OutboxItem {
        id: id.as_str().into(),
        kind: DID_KIND.into(),
        created_at: created_at.as_str().into(),
        handled_by: None,
        did: Some(did),
    });
    let document = sync::new_document_id();
    sync::create(document, &declaration);
    let mut handed = settings::handed_over();
    handed.push(document.url());
    settings::set_handed_over(&handed);
    THIS_SESSION.with(|s| s.borrow_mut().push(document));
    forget_handed_over();
    HandedOver { reference: id, document }
}

/// Drops from this device every handed-over declaration the relay refused (memory and
/// IndexedDB), except with `keep_this_session` those of the citizen still at the totem, who
/// is being told to go to the desk. A refused declaration never reaches the CPI, so keeping
/// it would only keep a citizen's data on the totem. Resolves once IndexedDB holds none.
pub async fn drop_refused(keep_this_session: bool) {
    let kept = if keep_this_session { THIS_SESSION.with(|s| s.borrow().clone()) } else { Vec::new() };
    let handed = settings::handed_over();
    let mut dropped = Vec::new();
    for url in &handed {
        let Ok(id) = DocumentId::parse(url) else { continue };
        if !kept.contains(&id) && sync::forget_refused(id).await {
            dropped.push(url.clone());
        }
    }
    if !dropped.is_empty() {
        // Re-read: a declaration may have been handed over meanwhile.
        let remaining: Vec<String> = settings::handed_over().into_iter().filter(|u| !dropped.contains(u)).collect();
        settings::set_handed_over(&remaining);
    }
}

/// Drops from this device every declaration the relay now holds (see `handed_over`).
pub fn forget_handed_over() {
    let ids = settings::handed_over();
    let remaining: Vec<String> =
        ids.iter().filter(|url| DocumentId::parse(url).is_ok_and(|id| !sync::forget_delivered(id))).cloned().collect();
    if remaining != ids {
        settings::set_handed_over(&remaining);
    }
}

/// Where the operator confirming a declaration works.
pub struct ConfirmingDesk<'a> {
    pub handle: SyncHandle,
    pub cpi: &'a str,
    pub index: Option<DocumentId>,
    pub board: Option<DocumentId>,
    /// The CPI's agenda: where the slot booked at the totem stands now.
    pub agenda: Option<DocumentId>,
    pub author: Author,
    pub today: chrono::NaiveDate,
}

/// Confirms the DID of `item` (in the declaration document `outbox`): finds the person's
/// dossier by codice fiscale or opens one, records the confirmed DID with the declaration's
/// date and the booked interview, marks the slot taken on the board and the declaration
/// handled. Returns the dossier's id, or the Italian reason it could not be done.
pub fn confirm_did(desk: &ConfirmingDesk<'_>, outbox: DocumentId, item: &OutboxItem) -> Result<DocumentId, String> {
    let Some(did) = item.did.clone() else { return Err("La dichiarazione non contiene una DID.".into()) };
    let Some(index_id) = desk.index else {
        return Err("L'indice dei fascicoli non è disponibile.".into());
    };
    let code = sportello_core::codice_fiscale::parse(&did.codice_fiscale)
        .map_err(|e| format!("Il codice fiscale dichiarato non è valido: {}", e.message_it()))?;
    let declared = parse_date(&did.declared_on).unwrap_or(desk.today);
    let Ok(mut new_dossier) = Dossier::open(desk.cpi, &code, &did.surname, &did.name, None, None, desk.today) else {
        return Err("Con un codice provvisorio apri il fascicolo dalla pagina Persone.".into());
    };
    let handle = desk.handle;
    let existing = dossiers::with_index(handle, index_id, |view| view.dossier_of(&code).map(|e| e.dossier.clone()))
        .flatten()
        .and_then(|id| DocumentId::parse(&id).ok());
    let (step_id, booking_id) = (sync::new_document_id().to_string(), sync::new_document_id().to_string());
    let who = desk.author.username.clone();
    // The agenda says which slot the booking holds now (an operator may have moved it after
    // a conflict between totems); a slot lost to another booking is not recorded.
    let booking = desk.agenda.and_then(|a| handle.read::<Agenda>(a)).and_then(|a| a.booking_of(&item.id));
    if booking.as_ref().is_some_and(|b| b.lost()) {
        return Err(
            "Lo stesso orario è stato prenotato anche da un altro totem: assegna prima un nuovo orario dall'agenda."
                .into(),
        );
    }
    let slot = booking.map(|b| b.slot).or_else(|| did.booked_slot());
    let record = move |d: &mut Dossier| {
        d.add_step(&step_id, StepKind::DidConfirmed, declared, &who, "Dichiarata al totem");
        if let Some(slot) = slot {
            let note = format!("Ore {} (prenotato al totem)", slot.time_text());
            d.add_step(&booking_id, StepKind::InterviewBooked, slot.date(), &who, &note);
        }
    };
    let failed = |e: sync::EditError| e.message_it();
    let dossier_id = match existing {
        Some(id) => {
            dossiers::edit(handle, Some(index_id), id, &desk.author, StepKind::DidConfirmed.label_it(), record)
                .map_err(failed)?;
            id
        }
        None => {
            new_dossier.contacts.phone = did.phone.as_str().into();
            new_dossier.contacts.email = did.email.as_str().into();
            record(&mut new_dossier);
            dossiers::create(handle, index_id, &desk.author, new_dossier).map_err(failed)?
        }
    };
    if let (Some(board), Some(slot)) = (desk.board, slot) {
        book_on_board(handle, board, slot).map_err(failed)?;
    }
    let handled_by = desk.author.username.clone();
    handle
        .update::<Outbox, _>(outbox, "DID confermata", |outbox| {
            if let Some(i) = outbox.items.iter_mut().find(|i| i.id == item.id) {
                i.handled_by = Some(handled_by.into());
            }
        })
        .map_err(failed)?;
    Ok(dossier_id)
}

/// The slot is taken for every totem (times only, no names, on the public board).
fn book_on_board(handle: SyncHandle, board: DocumentId, slot: Slot) -> Result<(), sync::EditError> {
    handle.update::<Board, _>(board, "Colloquio prenotato", |b| {
        b.book(slot);
    })
}
