//! The company's contacts and its person of reference.

use super::{submit, RecordForm};
use crate::components::field::Field;
use crate::pages::operator::dossier::draft::{rebase_fields, Draft};
use crate::pages::operator::Section;
use leptos::prelude::*;
use reactive_stores::{Patch, Store};
use sportello_core::employers::company::Company;
use sportello_core::sync::ids::DocumentId;

#[derive(Clone, Debug, Default, PartialEq, Store, Patch)]
pub(super) struct ContactsForm {
    phone: String,
    email: String,
    pec: String,
    website: String,
    reference_name: String,
    reference_role: String,
    reference_phone: String,
    reference_email: String,
}
rebase_fields!(ContactsForm {
    phone,
    email,
    pec,
    website,
    reference_name,
    reference_role,
    reference_phone,
    reference_email
});

impl ContactsForm {
    fn of(c: &Company) -> Self {
        ContactsForm {
            phone: c.contacts.phone.to_string(),
            email: c.contacts.email.to_string(),
            pec: c.contacts.pec.to_string(),
            website: c.contacts.website.to_string(),
            reference_name: c.reference.name.to_string(),
            reference_role: c.reference.role.to_string(),
            reference_phone: c.reference.phone.to_string(),
            reference_email: c.reference.email.to_string(),
        }
    }
}

impl RecordForm for ContactsForm {
    const MESSAGE: &'static str = "Recapiti e referente";

    fn write(&self, c: &mut Company) {
        c.contacts.phone.set(&self.phone);
        c.contacts.email.set(&self.email);
        c.contacts.pec.set(&self.pec);
        c.contacts.website.set(&self.website);
        c.reference.name.set(&self.reference_name);
        c.reference.role.set(&self.reference_role);
        c.reference.phone.set(&self.reference_phone);
        c.reference.email.set(&self.reference_email);
    }
}

#[component]
pub(super) fn ContactsSection(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let draft = Draft::following(Memo::new(move |_| company.with(ContactsForm::of)));
    let form = draft.form;
    let error = RwSignal::new(None::<String>);
    let submit = submit(doc, draft, error);
    view! {
        <Section title="Recapiti e persona di riferimento" id="recapiti">
            <form class="form grid-2" on:submit=submit>
                <Field label="Telefono" value=form.phone() kind="tel" />
                <Field label="Email" value=form.email() kind="email" />
                <Field label="PEC" value=form.pec() kind="email" />
                <Field label="Sito web" value=form.website() />
                <Field label="Persona di riferimento" value=form.reference_name() />
                <Field label="Ruolo della persona di riferimento" value=form.reference_role() />
                <Field label="Telefono della persona di riferimento" value=form.reference_phone() kind="tel" />
                <Field label="Email della persona di riferimento" value=form.reference_email() kind="email" />
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !draft.edited()>"Salva i recapiti"</button>
            </form>
        </Section>
    }
}
