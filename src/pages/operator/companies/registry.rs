//! Registry data: denominazione, legal form and the ATECO 2025 code, offered with the
//! sector names of ISTAT's table. The tax code is the record's identity and is not edited.

use super::{submit, RecordForm};
use crate::components::field::Field;
use crate::pages::operator::dossier::draft::{rebase_fields, Draft};
use crate::pages::operator::Section;
use leptos::prelude::*;
use reactive_stores::{Patch, Store};
use sportello_core::employers::ateco;
use sportello_core::employers::company::Company;
use sportello_core::sync::ids::DocumentId;

#[derive(Clone, Debug, Default, PartialEq, Store, Patch)]
pub(super) struct RegistryForm {
    name: String,
    legal_form: String,
    ateco: String,
}
rebase_fields!(RegistryForm { name, legal_form, ateco });

impl RegistryForm {
    fn of(c: &Company) -> Self {
        RegistryForm {
            name: c.registry.name.to_string(),
            legal_form: c.registry.legal_form.to_string(),
            ateco: c.registry.ateco.to_string(),
        }
    }
}

impl RecordForm for RegistryForm {
    const MESSAGE: &'static str = "Dati dell'impresa";

    /// What is written: a name, and an ATECO 2025 code or none yet.
    fn checked(mut self) -> Result<Self, String> {
        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            return Err("Inserisci la denominazione dell'impresa.".into());
        }
        self.ateco = match self.ateco.trim() {
            "" => String::new(),
            typed => ateco::check(typed).map_err(|e| e.message_it())?.as_str().to_owned(),
        };
        Ok(self)
    }

    fn write(&self, c: &mut Company) {
        c.registry.name.set(&self.name);
        c.registry.legal_form.set(&self.legal_form);
        c.registry.ateco = self.ateco.as_str().into();
    }
}

#[component]
pub(super) fn RegistrySection(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let draft = Draft::following(Memo::new(move |_| company.with(RegistryForm::of)));
    let form = draft.form;
    let error = RwSignal::new(None::<String>);
    let offered = Memo::new(move |_| ateco::find(&form.ateco().get(), 30));
    let sector = move || {
        let code = form.ateco().get();
        match ateco::activity(code.trim()) {
            Some(a) => {
                let section = ateco::title(a.section).unwrap_or_default();
                format!("{} — sezione {} {}", a.title, a.section, section)
            }
            None if code.trim().is_empty() => "Scrivi il codice o una parola dell'attività (es. panificazione).".into(),
            None => "Scegli un'attività dall'elenco ATECO 2025.".into(),
        }
    };
    let submit = submit(doc, draft, error);
    view! {
        <Section title="Anagrafica dell'impresa" id="anagrafica">
            <form class="form grid-2" on:submit=submit>
                <Field label="Denominazione" value=form.name() />
                <Field label="Forma giuridica" value=form.legal_form() />
                <label>"Attività ATECO 2025"
                    <input type="text" list="ateco-options" autocomplete="off"
                        prop:value=move || form.ateco().get() on:input=move |ev| {
                            // Picking "10.71.10 Produzione di pane" from the list keeps the code.
                            let typed = event_target_value(&ev);
                            let code = typed.split_whitespace().next().filter(|c| ateco::activity(c).is_some());
                            form.ateco().set(code.map(str::to_owned).unwrap_or(typed));
                        } />
                </label>
                <p class="hint ateco-title" data-testid="ateco-title">{sector}</p>
                <datalist id="ateco-options">
                    {move || offered.get().into_iter().map(|a| view! { <option value=a.code>{a.title}</option> }).collect_view()}
                </datalist>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !draft.edited()>"Salva i dati dell'impresa"</button>
            </form>
        </Section>
    }
}
