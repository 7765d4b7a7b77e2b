//! SAP section 1: personal data and contacts, and the Tessera Sanitaria the totem checks.

use super::draft::{rebase_fields, Draft};
use super::{date_or_dash, save};
use crate::components::field::Field;
use crate::io::api;
use crate::pages::operator::{Desk, Section};
use leptos::prelude::*;
use reactive_stores::{Patch, Store};
use sportello_core::docs::dossier::{parse_date, Dossier};
use sportello_core::sync::ids::DocumentId;

/// The personal data and contacts as the form edits them.
#[derive(Clone, Debug, Default, PartialEq, Store, Patch)]
pub(super) struct PersonalForm {
    surname: String,
    name: String,
    birth_place: String,
    citizenship: String,
    residence: String,
    address: String,
    phone: String,
    email: String,
}
rebase_fields!(PersonalForm { surname, name, birth_place, citizenship, residence, address, phone, email });

impl PersonalForm {
    fn of(d: &Dossier) -> Self {
        PersonalForm {
            surname: d.personal.surname.to_string(),
            name: d.personal.name.to_string(),
            birth_place: d.personal.birth_place.to_string(),
            citizenship: d.personal.citizenship.to_string(),
            residence: d.personal.residence.to_string(),
            address: d.contacts.address.to_string(),
            phone: d.contacts.phone.to_string(),
            email: d.contacts.email.to_string(),
        }
    }

    /// What is written: the names without surrounding spaces, or why not.
    fn checked(mut self) -> Result<Self, &'static str> {
        self.surname = self.surname.trim().to_owned();
        self.name = self.name.trim().to_owned();
        if self.surname.is_empty() || self.name.is_empty() {
            return Err("Cognome e nome non possono essere vuoti.");
        }
        Ok(self)
    }

    fn write(&self, d: &mut Dossier) {
        d.personal.surname.set(&self.surname);
        d.personal.name.set(&self.name);
        d.personal.birth_place.set(&self.birth_place);
        d.personal.citizenship.set(&self.citizenship);
        d.personal.residence.set(&self.residence);
        d.contacts.address.set(&self.address);
        d.contacts.phone.set(&self.phone);
        d.contacts.email.set(&self.email);
    }
}

#[component]
pub(super) fn PersonalSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let draft = Draft::following(Memo::new(move |_| dossier.with(PersonalForm::of)));
    let form = draft.form;
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = match draft.value().checked() {
            Ok(typed) => typed,
            Err(e) => return error.set(Some(e.into())),
        };
        error.set(None);
        if save(doc, "Dati anagrafici e contatti", |d| typed.write(d)) {
            draft.written(typed);
        }
    };
    view! {
        <Section title="Anagrafica e contatti" id="anagrafica">
            <form class="form grid-2" on:submit=submit>
                <Field label="Cognome" value=form.surname() />
                <Field label="Nome" value=form.name() />
                <Field label="Luogo di nascita" value=form.birth_place() />
                <Field label="Cittadinanza" value=form.citizenship() />
                <Field label="Comune di residenza" value=form.residence() />
                <Field label="Indirizzo" value=form.address() />
                <Field label="Telefono" value=form.phone() kind="tel" />
                <Field label="Email" value=form.email() kind="email" />
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !draft.edited()>"Salva anagrafica"</button>
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
    // The expiry shown is the dossier's until the operator types another.
    let expiry = Draft::following(Memo::new(move |_| dossier.with(|d| d.card.expiry.to_string()))).form;
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
