//! The legal site and the operating sites, each municipality chosen by name among Puglia's.

use super::{
    bind, municipality_code, municipality_name, municipality_text, save, submit, MunicipalityInput, RecordForm,
};
use crate::components::field::Field;
use crate::pages::operator::dossier::draft::{rebase_fields, Draft};
use crate::pages::operator::dossier::new_item_id;
use crate::pages::operator::Section;
use leptos::prelude::*;
use reactive_stores::{Patch, Store};
use sportello_core::employers::company::{Company, Site};
use sportello_core::employers::places;
use sportello_core::sync::ids::DocumentId;

#[derive(Clone, Debug, Default, PartialEq, Store, Patch)]
pub(super) struct SiteForm {
    address: String,
    municipality: String,
    postcode: String,
}
rebase_fields!(SiteForm { address, municipality, postcode });

impl SiteForm {
    fn of(s: &Site) -> Self {
        SiteForm {
            address: s.address.to_string(),
            municipality: municipality_text(&s.municipality),
            postcode: s.postcode.to_string(),
        }
    }

    /// Writes a checked form, the municipality by its ISTAT code.
    fn write_to(&self, s: &mut Site) {
        s.address.set(&self.address);
        s.municipality = municipality_code(&self.municipality).unwrap_or_default().into();
        s.postcode = self.postcode.as_str().into();
    }
}

impl RecordForm for SiteForm {
    const MESSAGE: &'static str = "Sede legale";

    fn checked(self) -> Result<Self, String> {
        let istat = municipality_code(&self.municipality)?;
        let postcode = self.postcode.trim();
        if !postcode.is_empty() && !places::is_postcode(postcode) {
            return Err("Il CAP ha 5 cifre.".into());
        }
        Ok(SiteForm { municipality: municipality_text(&istat), postcode: postcode.to_owned(), ..self })
    }

    fn write(&self, c: &mut Company) {
        self.write_to(&mut c.legal_site);
    }
}

#[component]
pub(super) fn SitesSection(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let draft = Draft::following(Memo::new(move |_| company.with(|c| SiteForm::of(&c.legal_site))));
    let form = draft.form;
    let error = RwSignal::new(None::<String>);
    let submit = submit(doc, draft, error);
    let (town, set_town) = bind(form.municipality());
    let sites =
        Memo::new(move |_| company.with(|c| c.sites.iter().map(|(id, s)| (id.clone(), s.clone())).collect::<Vec<_>>()));
    let remove = move |id: String| {
        save(doc, "Sede operativa rimossa", move |c| c.sites.remove(&id));
    };
    view! {
        <Section title="Sedi" id="sedi">
            <form class="form grid-3" on:submit=submit aria-label="Sede legale">
                <Field label="Indirizzo della sede legale" value=form.address() />
                <MunicipalityInput label="Comune della sede legale" value=town set=set_town />
                <Field label="CAP della sede legale" value=form.postcode() />
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !draft.edited()>"Salva la sede legale"</button>
            </form>
            <h3>"Sedi operative"</h3>
            <ul class="company-sites">
                {move || sites.get().into_iter().map(|(id, s)| view! {
                    <li class="company-site">
                        <span>{format!("{} · {}", s.address, municipality_name(&s.municipality))}</span>
                        <button type="button" class="button secondary" on:click=move |_| remove(id.clone())>"Rimuovi"</button>
                    </li>
                }).collect_view()}
            </ul>
            <NewSiteForm doc />
        </Section>
    }
}

#[component]
fn NewSiteForm(doc: DocumentId) -> impl IntoView {
    let form = Store::new(SiteForm::default());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = match form.get_untracked().checked() {
            Ok(typed) if !typed.municipality.is_empty() => typed,
            Ok(_) => return error.set(Some("Scegli il comune della sede operativa.".into())),
            Err(e) => return error.set(Some(e)),
        };
        error.set(None);
        let mut site = Site::default();
        typed.write_to(&mut site);
        if save(doc, "Sede operativa aggiunta", move |c| c.sites.insert(new_item_id(), site)).is_some() {
            form.set(SiteForm::default());
        }
    };
    let (town, set_town) = bind(form.municipality());
    view! {
        <form class="form grid-3" on:submit=submit aria-label="Aggiungi una sede operativa">
            <Field label="Indirizzo della sede operativa" value=form.address() />
            <MunicipalityInput label="Comune della sede operativa" value=town set=set_town />
            <Field label="CAP della sede operativa" value=form.postcode() />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button secondary">"Aggiungi la sede operativa"</button>
        </form>
    }
}
