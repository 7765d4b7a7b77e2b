//! Confirming a DID declared at a totem (`/operatore/dichiarazione/<outbox>/<item>`).

use super::dossier::date_or_dash;
use super::{today, Desk};
use crate::io::declarations::{self, ConfirmingDesk};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use sportello_core::docs::agenda::Agenda;
use sportello_core::docs::outbox::Outbox;
use sportello_core::sync::ids::DocumentId;

/// Confirms a DID declared at a totem: opens the dossier (or finds the existing one),
/// records the confirmed DID with the declaration's date, and marks the declaration handled.
#[component]
pub fn DeclarationPage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let agenda_id = desk.agenda;
    let params = use_params_map();
    let navigate = use_navigate();
    let outbox_id = Memo::new(move |_| params.read().get("outbox").and_then(|s| DocumentId::parse(&s).ok()));
    let item_id = Memo::new(move |_| params.read().get("item").unwrap_or_default());
    let item = Memo::new(move |_| {
        let outbox = handle.read::<Outbox>(outbox_id.get()?)?;
        outbox.items.into_iter().find(|i| i.id == item_id.get())
    });
    let error = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let (Some(outbox), Some(item)) = (outbox_id.get_untracked(), item.get_untracked()) else { return };
        let confirming = ConfirmingDesk {
            handle,
            cpi: &desk.cpi,
            index: desk.index,
            board: desk.board,
            agenda: desk.agenda,
            author: desk.author(),
            today: today(),
        };
        match declarations::confirm_did(&confirming, outbox, &item) {
            Ok(dossier_id) => {
                navigate(&format!("/operatore/persona/{dossier_id}?sezione=percorso"), Default::default())
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <h1>"DID dichiarata al totem"</h1>
        {move || match item.get().and_then(|i| i.did.clone().map(|d| (i, d))) {
            None => view! { <p role="status">"Dichiarazione non trovata su questo dispositivo."</p> }.into_any(),
            Some((item, did)) => view! {
                <dl class="facts">
                    <dt>"Cognome e nome"</dt><dd>{format!("{} {}", did.surname, did.name)}</dd>
                    <dt>"Codice fiscale"</dt><dd>{did.codice_fiscale.to_string()}</dd>
                    <dt>"Telefono"</dt><dd>{did.phone.to_string()}</dd>
                    <dt>"Email"</dt><dd>{did.email.to_string()}</dd>
                    <dt>"Dichiarata il"</dt><dd>{date_or_dash(&did.declared_on)}</dd>
                    <dt>"Colloquio prenotato"</dt><dd data-testid="declared-slot">{
                        // The agenda's slot, which an operator may have moved after a conflict.
                        let booking = agenda_id.and_then(|a| handle.read::<Agenda>(a)).and_then(|a| a.booking_of(&item.id));
                        match booking {
                            Some(b) if b.lost() => "Orario perso per un conflitto tra totem: assegnane uno nuovo dall'agenda".to_string(),
                            Some(b) => b.slot.start().format("%d/%m/%Y alle %H:%M").to_string(),
                            None => did.booked_slot()
                                .map(|s| s.start().format("%d/%m/%Y alle %H:%M").to_string())
                                .unwrap_or_else(|| "Nessuno: da fissare".to_string()),
                        }
                    }</dd>
                </dl>
                {match item.handled_by {
                    Some(by) => view! { <p>{format!("Già confermata da {by}.")}</p> }.into_any(),
                    None => view! { <button type="button" class="button" on:click=confirm.clone()>"Conferma la DID e apri il fascicolo"</button> }.into_any(),
                }}
            }.into_any(),
        }}
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}
