//! The CPI's companies: the list (`list`), a new record (`new`) and the company record
//! ("scheda anagrafica aziendale") at `/operatore/impresa/:id`, one file per section. Rules
//! come from `sportello_core::employers`; saving goes through `io::companies`, which keeps
//! the company's index line in step.

mod campaign;
mod contacts;
mod history;
mod list;
mod needs;
mod new;
mod registry;
mod services;
mod sites;
mod staff;

pub use list::CompaniesPage;
pub use new::NewCompanyPage;

use crate::io::companies;
use campaign::CampaignSection;
use contacts::ContactsSection;
use history::{ChangesSection, ContactLogSection};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use needs::NeedsSection;
use registry::RegistrySection;
use services::ServicesSection;
use sites::SitesSection;
use sportello_core::employers::company::Company;
use sportello_core::employers::places;
use sportello_core::sync::ids::DocumentId;
use staff::StaffSection;

use super::dossier::draft::{Draft, Rebase};
use super::dossier::{audited_record, Absent};
use super::{Desk, Section};
use reactive_stores::PatchField;

/// A municipality's name from its ISTAT code ("—" when there is none).
pub(super) fn municipality_name(istat: &str) -> String {
    places::by_istat(istat).map(|m| format!("{} ({})", m.name, m.province)).unwrap_or_else(|| "—".into())
}

/// The municipality typed by name, as its ISTAT code: empty stays empty, an unknown name is
/// refused.
fn municipality_code(name: &str) -> Result<String, String> {
    let name = name.trim();
    // The form shows "Bari (BA)": the province in brackets is not part of the name.
    let bare = name.rsplit_once(" (").map_or(name, |(n, _)| n);
    if bare.is_empty() {
        return Ok(String::new());
    }
    places::by_name(bare)
        .map(|m| m.istat.to_string())
        .ok_or_else(|| "Scegli il comune dall'elenco dei comuni pugliesi.".to_string())
}

/// The form's text for a stored ISTAT code: the name only, so it reads back as typed.
fn municipality_text(istat: &str) -> String {
    places::by_istat(istat).map(|m| m.name.to_string()).unwrap_or_default()
}

/// Puglia's municipalities offered by name to every [`MunicipalityInput`] of a screen.
#[component]
fn MunicipalityList() -> impl IntoView {
    view! {
        <datalist id="comuni-puglia">
            {places::municipalities().iter().map(|m| view! { <option value=m.name>{m.province}</option> }).collect_view()}
        </datalist>
    }
}

/// A municipality of Puglia typed by name, with the names offered as one types (the
/// screen holds one [`MunicipalityList`]).
#[component]
fn MunicipalityInput(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] set: Callback<String>,
) -> impl IntoView {
    view! {
        <label>{label}
            <input type="text" list="comuni-puglia" autocomplete="off"
                prop:value=move || value.get() on:input=move |ev| set.run(event_target_value(&ev)) />
        </label>
    }
}

/// The [`MunicipalityInput`] of a form's store field.
fn bind(field: impl Into<reactive_stores::Field<String>>) -> (Signal<String>, Callback<String>) {
    let field: reactive_stores::Field<String> = field.into();
    (Signal::derive(move || field.get()), Callback::new(move |v| field.set(v)))
}

#[component]
pub fn CompanyPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| DocumentId::parse(&s).ok()));
    audited_record::<Company>(id, &COMPANY_ABSENT, |doc| view! { <CompanyView doc /> }.into_any())
}

const COMPANY_ABSENT: Absent = Absent {
    bad_id: ("Impresa non trovata", "L'indirizzo non contiene un identificativo di impresa valido."),
    unavailable: (
        "Impresa non disponibile",
        "La scheda dell'impresa non esiste o non appartiene al tuo Centro per l'Impiego.",
    ),
    offline: (
        "Impresa non su questo dispositivo",
        "La scheda non è stata scaricata su questo dispositivo e ora non c'è connessione. Si aprirà appena torna la rete.",
    ),
    loading: "Caricamento della scheda dell'impresa…",
};

#[component]
fn CompanyView(doc: DocumentId) -> impl IntoView {
    let handle = Desk::get().handle;
    let company = Memo::new(move |_| handle.read::<Company>(doc).unwrap_or_default());
    let pending = Memo::new(move |_| handle.pending(doc));
    let failure = RwSignal::new(None::<String>);
    provide_context(SaveFailure(failure));
    let code_label = Memo::new(move |_| {
        company.with(|c| {
            let code = c.registry.tax_code.to_string();
            let label =
                sportello_core::employers::tax_code::parse(&code).map(|t| t.label_it()).unwrap_or("Codice fiscale");
            format!("{label} {code}")
        })
    });
    let problems =
        Memo::new(move |_| company.with(|c| c.problems().iter().map(|p| p.message_it()).collect::<Vec<_>>()));
    view! {
        <header class="dossier-head company-head">
            <div>
                <p class="eyebrow">"Impresa"</p>
                <h1>{move || company.with(|c| c.registry.name.to_string())}</h1>
                <p class="dossier-id" data-testid="company-tax-code">{code_label}</p>
                <p class="dossier-groups">{move || company.with(|c| municipality_name(&c.legal_site.municipality))}</p>
            </div>
            <div class="dossier-actions">
                <p class="dossier-sync" role="status" data-testid="company-pending">{move || match pending.get() {
                    0 if handle.status.with(|s| s.online) => "Scheda salvata sul server".to_string(),
                    0 => "Nessuna modifica in attesa".to_string(),
                    1 => "1 modifica della scheda solo su questo dispositivo".to_string(),
                    n => format!("{n} modifiche della scheda solo su questo dispositivo"),
                }}</p>
                <a class="button secondary" href=format!("/operatore/impresa/{doc}/convenzione")>"Convenzione di servizio"</a>
            </div>
        </header>
        {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <nav class="dossier-nav" aria-label="Sezioni della scheda dell'impresa">
            <a href="#anagrafica">"Anagrafica"</a>
            <a href="#sedi">"Sedi"</a>
            <a href="#personale">"Personale e L.68/99"</a>
            <a href="#recapiti">"Recapiti"</a>
            <a href="#fabbisogni">"Fabbisogni"</a>
            <a href="#servizi">"Servizi"</a>
            <a href="#campagna">"Campagna"</a>
            <a href="#contatti">"Contatti"</a>
            <a href="#storico">"Storico"</a>
        </nav>
        <Section title="Dati da completare" id="problemi">
            {move || {
                let list = problems.get();
                if list.is_empty() {
                    view! { <p class="hint">"La scheda è completa."</p> }.into_any()
                } else {
                    view! { <ul class="company-problems">{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> }.into_any()
                }
            }}
        </Section>
        <MunicipalityList />
        <RegistrySection doc company />
        <SitesSection doc company />
        <StaffSection doc company />
        <ContactsSection doc company />
        <NeedsSection doc company />
        <ServicesSection doc company />
        <CampaignSection company />
        <ContactLogSection doc company />
        <ChangesSection doc company />
    }
}

/// A section's form of the record: what it writes, checked first.
trait RecordForm: Rebase + PatchField + Send + Sync + 'static {
    /// The history's message for a save of this section.
    const MESSAGE: &'static str;
    /// What is written (trimmed, normalised), or why not.
    fn checked(self) -> Result<Self, String> {
        Ok(self)
    }
    fn write(&self, c: &mut Company);
}

/// The submit handler of a section's form: checks it, saves it as one edit, and shows the
/// form as written (or the reason it was not).
fn submit<F: RecordForm>(
    doc: DocumentId,
    draft: Draft<F>,
    error: RwSignal<Option<String>>,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    move |ev| {
        ev.prevent_default();
        let typed = match draft.value().checked() {
            Ok(typed) => typed,
            Err(e) => return error.set(Some(e)),
        };
        error.set(None);
        if save(doc, F::MESSAGE, |c| typed.write(c)).is_some() {
            draft.written(typed);
        }
    }
}

/// Why the last save of a section failed, shown under the record's header.
#[derive(Clone, Copy)]
struct SaveFailure(RwSignal<Option<String>>);

/// Saves one section's edit (and the index line) on this device; the header and the sync
/// badge say when the relay has it. `edit`'s own result is returned when it was written.
fn save<R>(doc: DocumentId, message: &str, edit: impl FnOnce(&mut Company) -> R) -> Option<R> {
    let desk = Desk::get();
    let result = companies::edit(desk.handle, desk.company_index, doc, &desk.author(), message, edit);
    if let Some(SaveFailure(failure)) = use_context::<SaveFailure>() {
        failure.set(result.as_ref().err().map(|e| e.message_it()));
    }
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_municipality_is_typed_by_name_with_or_without_its_province() {
        assert_eq!(municipality_code("Bari").as_deref(), Ok("072006"));
        assert_eq!(municipality_code(" martina franca (TA)").as_deref(), Ok("073013"));
        assert_eq!(municipality_code("  ").as_deref(), Ok(""));
        assert!(municipality_code("Roma").is_err());
        assert_eq!(municipality_text("072006"), "Bari");
        assert_eq!(municipality_name("072006"), "Bari (BA)");
        assert_eq!(municipality_name(""), "—");
    }
}
