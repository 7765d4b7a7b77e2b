//! Finding people by surname, name or codice fiscale across the CPI's dossiers, and opening
//! a new dossier.

use super::{today, Desk};
use crate::io::dossiers::{self, with_index};
use crate::io::settings;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use sportello_core::codice_fiscale::{self, Sex};
use sportello_core::docs::dossier::{parse_date, Dossier};

const RESULTS: usize = 50;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let index = desk.index;
    let query = RwSignal::new(String::new());
    let results = Memo::new(move |_| {
        let q = query.get();
        with_index(handle, index?, |view| {
            let hits = view.search.search(&q, RESULTS);
            (
                view.entries.len(),
                hits.into_iter()
                    .map(|i| {
                        let e = &view.entries[i];
                        (e.dossier.clone(), e.display_name(), e.codice_fiscale.clone(), e.birth_date)
                    })
                    .collect::<Vec<_>>(),
            )
        })
    });
    let pinned = settings::pinned();
    view! {
        <h1>"Persone"</h1>
        <div class="toolbar">
            <a class="button" href="/operatore/persone/nuova">"Nuovo fascicolo"</a>
        </div>
        <label class="search">"Cerca per cognome, nome o codice fiscale"
            <input type="search" autocomplete="off" placeholder="es. Rossi Mario, RSSMRA80"
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
        </label>
        <p class="hint" role="status">{move || match results.get() {
            None => "L'indice dei fascicoli non è ancora su questo dispositivo.".to_string(),
            Some((total, _)) if query.with(|q| q.trim().chars().count() < 2) => format!("{total} fascicoli nel CPI. Scrivi almeno 2 caratteri."),
            Some((_, hits)) if hits.is_empty() => "Nessun fascicolo trovato.".to_string(),
            Some((_, hits)) if hits.len() == RESULTS => format!("Primi {RESULTS} risultati: aggiungi il nome per restringere."),
            Some((_, hits)) => format!("{} risultati.", hits.len()),
        }}</p>
        <ul class="results">
            {move || results.get().map(|(_, hits)| hits.into_iter().map(|(id, name, cf, born)| view! {
                <li><a href=format!("/operatore/persona/{id}")>
                    <strong>{name}</strong>
                    <span>{cf}</span>
                    <span>{format!("nato/a il {}", super::format_date(born))}</span>
                </a></li>
            }).collect_view())}
        </ul>
        {(!pinned.is_empty()).then(|| view! {
            <h2>"Fascicoli tenuti su questo dispositivo"</h2>
            <p class="hint">"Si possono aprire e modificare anche senza connessione."</p>
            <ul class="results">
                {pinned.into_iter().map(|url| {
                    let id = url.strip_prefix("automerge:").unwrap_or(&url).to_string();
                    let name = Memo::new({
                        let id = id.clone();
                        move |_| sportello_core::sync::ids::DocumentId::parse(&id).ok()
                            .and_then(|doc| handle.read::<Dossier>(doc))
                            .map(|d| d.display_name())
                            .unwrap_or_else(|| "Fascicolo in arrivo dal server".to_string())
                    });
                    view! { <li><a href=format!("/operatore/persona/{id}")><strong>{name}</strong></a></li> }
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
pub fn NewPersonPage() -> impl IntoView {
    let desk = Desk::get();
    let navigate = use_navigate();
    let cf = RwSignal::new(String::new());
    let surname = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let birth = RwSignal::new(String::new());
    let sex = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let existing = RwSignal::new(None::<String>);
    let desk_for_submit = desk.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let desk = &desk_for_submit;
        existing.set(None);
        let code = match codice_fiscale::parse(&cf.get_untracked()) {
            Ok(code) => code,
            Err(e) => return error.set(Some(format!("Codice fiscale non valido: {}", e.message_it()))),
        };
        let (surname_v, name_v) = (surname.get_untracked().trim().to_string(), name.get_untracked().trim().to_string());
        if surname_v.is_empty() || name_v.is_empty() {
            return error.set(Some("Inserisci cognome e nome.".into()));
        }
        let typed_sex = match sex.get_untracked().as_str() {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            _ => None,
        };
        let typed_birth = parse_date(&birth.get_untracked());
        let Ok(dossier) = Dossier::open(&desk.cpi, &code, &surname_v, &name_v, typed_birth, typed_sex, today()) else {
            return error.set(Some("Con un codice provvisorio indica data di nascita e sesso.".into()));
        };
        let Some(index_id) = desk.index else {
            return error
                .set(Some("L'indice dei fascicoli non è disponibile: accedi di nuovo quando sei in linea.".into()));
        };
        let found = with_index(desk.handle, index_id, |view| view.dossier_of(&code).map(|e| e.dossier.clone()));
        if let Some(found) = found.flatten() {
            existing.set(Some(found));
            return error.set(Some("Esiste già un fascicolo con questo codice fiscale.".into()));
        }
        error.set(None);
        match dossiers::create(desk.handle, index_id, &desk.author(), dossier) {
            Ok(id) => navigate(&format!("/operatore/persona/{id}"), Default::default()),
            Err(e) => error.set(Some(e.message_it())),
        }
    };
    let provisional = Memo::new(move |_| cf.with(|c| c.trim().len() == 11));
    view! {
        <h1>"Nuovo fascicolo"</h1>
        <form class="form" on:submit=submit>
            <label>"Codice fiscale"
                <input type="text" name="codice_fiscale" autocomplete="off" required maxlength="20"
                    prop:value=move || cf.get() on:input=move |ev| cf.set(event_target_value(&ev).to_uppercase()) />
            </label>
            <label>"Cognome"
                <input type="text" name="surname" required prop:value=move || surname.get() on:input=move |ev| surname.set(event_target_value(&ev)) />
            </label>
            <label>"Nome"
                <input type="text" name="name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            {move || provisional.get().then(|| view! {
                <label>"Data di nascita"
                    <input type="date" prop:value=move || birth.get() on:input=move |ev| birth.set(event_target_value(&ev)) />
                </label>
                <label>"Sesso"
                    <select on:change=move |ev| sex.set(event_target_value(&ev))>
                        <option value="">"—"</option><option value="F">"Femmina"</option><option value="M">"Maschio"</option>
                    </select>
                </label>
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || existing.get().map(|id| view! { <a href=format!("/operatore/persona/{id}")>"Apri il fascicolo esistente"</a> })}
            <button type="submit" class="button">"Crea il fascicolo"</button>
        </form>
    }
}
