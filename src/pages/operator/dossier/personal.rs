//! SAP section 1: personal data and contacts, and the Tessera Sanitaria the totem checks.

use super::{date_or_dash, save};
use crate::components::field::Field;
use crate::io::api;
use crate::pages::operator::{Desk, Section};
use leptos::prelude::*;
use sportello_core::docs::dossier::{parse_date, Dossier};
use sportello_core::sync::ids::DocumentId;

#[component]
pub(super) fn PersonalSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let dirty = RwSignal::new(false);
    let [surname, name, birth_place, citizenship, residence, phone, email, address] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    Effect::new(move |_| {
        let d = dossier.get();
        if !dirty.get_untracked() {
            surname.set(d.personal.surname.to_string());
            name.set(d.personal.name.to_string());
            birth_place.set(d.personal.birth_place.to_string());
            citizenship.set(d.personal.citizenship.to_string());
            residence.set(d.personal.residence.to_string());
            phone.set(d.contacts.phone.to_string());
            email.set(d.contacts.email.to_string());
            address.set(d.contacts.address.to_string());
        }
    });
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if surname.get_untracked().trim().is_empty() || name.get_untracked().trim().is_empty() {
            return error.set(Some("Cognome e nome non possono essere vuoti.".into()));
        }
        error.set(None);
        save(doc, "Dati anagrafici e contatti", |d| {
            d.personal.surname.set(surname.get_untracked().trim());
            d.personal.name.set(name.get_untracked().trim());
            d.personal.birth_place.set(&birth_place.get_untracked());
            d.personal.citizenship.set(&citizenship.get_untracked());
            d.personal.residence.set(&residence.get_untracked());
            d.contacts.phone.set(&phone.get_untracked());
            d.contacts.email.set(&email.get_untracked());
            d.contacts.address.set(&address.get_untracked());
        });
        dirty.set(false);
    };
    view! {
        <Section title="Anagrafica e contatti" id="anagrafica">
            <form class="form grid-2" on:submit=submit>
                <Field label="Cognome" value=surname dirty />
                <Field label="Nome" value=name dirty />
                <Field label="Luogo di nascita" value=birth_place dirty />
                <Field label="Cittadinanza" value=citizenship dirty />
                <Field label="Comune di residenza" value=residence dirty />
                <Field label="Indirizzo" value=address dirty />
                <Field label="Telefono" value=phone dirty kind="tel" />
                <Field label="Email" value=email dirty kind="email" />
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !dirty.get()>"Salva anagrafica"</button>
            </form>
            <HealthCardForm doc dossier />
        </Section>
    }
}

/// The Tessera Sanitaria data the totem checks as a second factor. The digits go to the
/// relay, which writes only a keyed hash and the expiry date into the dossier.
#[component]
pub(super) fn HealthCardForm(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let digits = RwSignal::new(String::new());
    let expiry = RwSignal::new(String::new());
    // What is wrong with the form as typed; the relay's answer is the action's value.
    let invalid = RwSignal::new(None::<String>);
    let registration = Action::new_local(move |(typed, on): &(String, String)| {
        let (token, typed, on) = (desk.token.clone(), typed.clone(), on.clone());
        async move {
            let result = api::register_card(&token, &doc.to_string(), &typed, &on).await;
            if result.is_ok() {
                digits.set(String::new());
            }
            result
        }
    });
    let error = move || invalid.get().or_else(|| registration.value().get().and_then(Result::err));
    Effect::new(move |_| expiry.set(dossier.with(|d| d.card.expiry.to_string())));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(on) = parse_date(&expiry.get_untracked()) else {
            return invalid.set(Some("Indica la data di scadenza della tessera.".into()));
        };
        let Some(typed) = sportello_core::citizen::card_digits(&digits.get_untracked()) else {
            return invalid.set(Some("Servono le ultime 8 cifre del numero della tessera, solo numeri.".into()));
        };
        if !desk.handle.status.with_untracked(|s| s.online) {
            return invalid.set(Some(
                "Per registrare le cifre della tessera serve la connessione: le cifra il server, che non le conserva."
                    .into(),
            ));
        }
        invalid.set(None);
        registration.dispatch((typed, on.to_string()));
    };
    view! {
        <form class="form grid-3" on:submit=submit aria-label="Tessera sanitaria">
            <p class="card-state" role="status">{move || dossier.with(|d| if d.card.digits_hash.is_empty() {
                "Tessera sanitaria: cifre non registrate (servono per il riconoscimento al totem).".to_string()
            } else {
                format!("Tessera sanitaria: cifre registrate, scadenza {}.", date_or_dash(&d.card.expiry))
            })}</p>
            <label>"Ultime 8 cifre del numero della tessera"
                <input type="text" inputmode="numeric" autocomplete="off" maxlength="12"
                    prop:value=move || digits.get() on:input=move |ev| digits.set(event_target_value(&ev)) />
            </label>
            <label>"Scadenza della tessera"
                <input type="date" prop:value=move || expiry.get() on:input=move |ev| expiry.set(event_target_value(&ev)) />
            </label>
            {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button secondary" prop:disabled=move || registration.pending().get()>"Registra la tessera"</button>
        </form>
    }
}
