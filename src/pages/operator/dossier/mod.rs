//! A citizen's dossier: SAP sections, the pathway timeline, the PAI, services delivered
//! against the standard minutes, who changed what, and (for the head) who accessed it. One
//! file per section.

mod certificates;
mod cv;
pub(super) mod draft;
mod history;
mod pai;
mod pathway;
mod personal;
mod services;
mod status;

use super::{format_date, today, Desk};
use crate::io::browser;
use crate::io::dossiers;
use crate::io::settings;
use crate::io::sync;
use certificates::CertificatesSection;
use cv::CvSection;
pub(super) use history::ChangeList;
use history::{AccessLog, HistorySection};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use pai::PaiSection;
use pathway::PathwaySection;
use personal::PersonalSection;
use services::ServicesSection;
use sportello_core::docs::dossier::{parse_date, Dossier};
use sportello_core::sync::ids::DocumentId;
use status::StatusSection;

pub(super) fn new_item_id() -> String {
    sync::new_document_id().to_string()
}

pub(crate) fn date_or_dash(value: &str) -> String {
    parse_date(value).map(format_date).unwrap_or_else(|| "—".to_string())
}

#[component]
pub fn DossierPage() -> impl IntoView {
    let desk = Desk::get();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| DocumentId::parse(&s).ok()));
    let handle = desk.handle;
    // Open at the step the worklist pointed to.
    Effect::new(move |_| {
        let section = query.read().get("sezione");
        let loaded = id.get().and_then(|doc| handle.read::<Dossier>(doc)).is_some();
        if let (Some(section), true) = (section, loaded) {
            request_animation_frame(move || {
                browser::scroll_to(&section);
            });
        }
    });
    audited_record::<Dossier>(id, &DOSSIER_ABSENT, |doc| view! { <DossierView doc /> }.into_any())
}

const DOSSIER_ABSENT: Absent = Absent {
    bad_id: ("Fascicolo non trovato", "L'indirizzo non contiene un identificativo di fascicolo valido."),
    unavailable: ("Fascicolo non disponibile", "Il fascicolo non esiste o non appartiene al tuo Centro per l'Impiego."),
    offline: (
        "Fascicolo non su questo dispositivo",
        "Il fascicolo non è stato scaricato su questo dispositivo e ora non c'è connessione. Si aprirà appena torna la rete.",
    ),
    loading: "Caricamento del fascicolo…",
};

/// What an audited record's page says while it cannot show the record: (heading, text).
pub(super) struct Absent {
    pub bad_id: (&'static str, &'static str),
    pub unavailable: (&'static str, &'static str),
    pub offline: (&'static str, &'static str),
    pub loading: &'static str,
}

/// The page of an audited record (a dossier, a company): opens the route's document once per
/// id and reports each open to the audit log, then shows `shown` once the document is here,
/// or why it is not (refused by the relay, offline, loading).
pub(super) fn audited_record<T: autosurgeon::Hydrate + 'static>(
    id: Memo<Option<DocumentId>>,
    texts: &'static Absent,
    shown: impl Fn(DocumentId) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let (token, by) = (desk.token.clone(), desk.label());
    super::hold_on_screen(id);
    Effect::new(move |previous: Option<Option<DocumentId>>| {
        let current = id.get();
        if let (Some(doc), true) = (current, previous.flatten() != current) {
            sync::open(doc);
            dossiers::record_open(token.clone(), by.clone(), doc);
        }
        current
    });
    // Only whether the record is here: the view must not be rebuilt on each change of it,
    // or the sections' drafts (what the operator is typing) would start afresh.
    let present = Memo::new(move |_| id.get().is_some_and(|doc| handle.read::<T>(doc).is_some()));
    move || {
        let Some(doc) = id.get() else {
            return view! { <h1>{texts.bad_id.0}</h1><p>{texts.bad_id.1}</p> }.into_any();
        };
        if present.get() {
            return shown(doc);
        }
        if handle.unavailable(doc) {
            view! { <h1>{texts.unavailable.0}</h1><p class="form-error" role="alert">{texts.unavailable.1}</p> }
                .into_any()
        } else if !handle.status.with(|s| s.online) {
            view! { <h1>{texts.offline.0}</h1><p role="status">{texts.offline.1}</p> }.into_any()
        } else {
            view! { <p role="status">{texts.loading}</p> }.into_any()
        }
    }
}

#[component]
fn DossierView(doc: DocumentId) -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let dossier = Memo::new(move |_| handle.read::<Dossier>(doc).unwrap_or_default());
    let pending = Memo::new(move |_| handle.pending(doc));
    let pinned = RwSignal::new(settings::pinned().contains(&doc.url()));
    let toggle_pin = move |_| {
        let mut list = settings::pinned();
        if pinned.get_untracked() {
            list.retain(|u| *u != doc.url());
        } else {
            list.push(doc.url());
        }
        settings::set_pinned(&list);
        pinned.set(!pinned.get_untracked());
    };
    let failure = RwSignal::new(None::<String>);
    provide_context(SaveFailure(failure));
    let groups = Memo::new(move |_| dossier.with(|d| d.target_groups(today()).map(|g| g.describe_it())));
    view! {
        <header class="dossier-head">
            <div>
                <p class="eyebrow">"Fascicolo"</p>
                <h1>{move || dossier.with(|d| d.display_name())}</h1>
                <p class="dossier-id">
                    <span data-testid="dossier-cf">{move || dossier.with(|d| d.personal.codice_fiscale.to_string())}</span>
                    {move || dossier.with(|d| format!(" · nato/a il {}", date_or_dash(&d.personal.birth_date)))}
                </p>
                <p class="dossier-groups">{move || groups.get().unwrap_or_else(|| "Gruppo target non determinabile: mancano data di nascita o sesso".into())}</p>
            </div>
            <div class="dossier-actions">
                <p class="dossier-sync" role="status">{move || match pending.get() {
                    0 if handle.status.with(|s| s.online) => "Fascicolo salvato sul server".to_string(),
                    0 => "Nessuna modifica in attesa".to_string(),
                    1 => "1 modifica del fascicolo da inviare".to_string(),
                    n => format!("{n} modifiche del fascicolo da inviare"),
                }}</p>
                <button type="button" class="button secondary" aria-pressed=move || pinned.get().to_string() on:click=toggle_pin>
                    {move || if pinned.get() { "Tenuto su questo dispositivo" } else { "Tieni su questo dispositivo" }}
                </button>
            </div>
        </header>
        {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <nav class="dossier-nav" aria-label="Sezioni del fascicolo">
            <a href="#anagrafica">"Anagrafica"</a>
            <a href="#stato">"Stato"</a>
            <a href="#percorso">"Percorso"</a>
            <a href="#pai">"PAI"</a>
            <a href="#servizi">"Servizi"</a>
            <a href="#cv">"Istruzione e CV"</a>
            <a href="#certificati">"Certificati"</a>
            <a href="#storico">"Storico"</a>
        </nav>
        <PersonalSection doc dossier />
        <StatusSection doc dossier />
        <PathwaySection doc dossier />
        <PaiSection doc dossier />
        <ServicesSection doc dossier />
        <CvSection doc dossier />
        <CertificatesSection dossier />
        <HistorySection doc dossier />
        {desk.may_read_audit_log().then(|| view! { <AccessLog doc /> })}
    }
}

/// Why the last save of a section failed, shown under the dossier's header.
#[derive(Clone, Copy)]
struct SaveFailure(RwSignal<Option<String>>);

/// Saves one section's edit with its index line on this device (the sync badge and the
/// header say when the relay has it); a failure is shown to the operator. Whether it was
/// written.
pub(super) fn save(doc: DocumentId, message: &str, edit: impl FnOnce(&mut Dossier)) -> bool {
    let desk = Desk::get();
    let result = dossiers::edit(desk.handle, desk.index, doc, &desk.author(), message, edit);
    if let Some(SaveFailure(failure)) = use_context::<SaveFailure>() {
        failure.set(result.as_ref().err().map(|e| e.message_it()));
    }
    result.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_date_shows_in_italian_and_a_missing_one_as_a_dash() {
        assert_eq!(date_or_dash("2026-10-06"), "06/10/2026");
        assert_eq!(date_or_dash(""), "—");
        assert_eq!(date_or_dash("6 ottobre"), "—");
    }
}
