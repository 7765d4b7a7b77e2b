//! The CPI's published vacancies (A3): a simple form to publish one, and the list with
//! withdrawal. Totems show them at once, and keep them offline.

use super::{today, Desk};
use crate::io::sync;
use leptos::prelude::*;
use sportello_core::docs::vacancies::{is_cp2021_code, Vacancies, Vacancy, CONTRACTS};

/// Edits the CPI's vacancies in one change; the Italian reason if it could not.
fn edit(desk: &Desk, message: &str, f: impl FnOnce(&mut Vacancies)) -> Result<(), String> {
    let id = desk.vacancies.ok_or("Le offerte del CPI non sono disponibili su questo dispositivo.")?;
    desk.handle.update::<Vacancies, _>(id, message, f).map_err(|e| e.message_it())
}

#[component]
pub fn VacanciesPage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let list_id = desk.vacancies;
    let list = Memo::new(move |_| list_id.and_then(|id| handle.read::<Vacancies>(id)));
    let [title, profession, town, description, requirements] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let contract = RwSignal::new(String::from("determinato"));
    let part_time = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let desk_submit = desk.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let desk = &desk_submit;
        let code = profession.get_untracked().trim().to_string();
        if title.get_untracked().trim().is_empty() || town.get_untracked().trim().is_empty() {
            return error.set(Some("Indica titolo e comune dell'offerta.".into()));
        }
        if !is_cp2021_code(&code) {
            return error.set(Some(format!("«{code}» non è un codice CP2021 (es. 5.1.2.2.0).")));
        }
        if desk.vacancies.is_none() {
            return error
                .set(Some("L'elenco delle offerte non è disponibile: accedi di nuovo quando sei in linea.".into()));
        }
        error.set(None);
        let cpi = sportello_core::cpi::cpi_by_slug(&desk.cpi);
        let vacancy = Vacancy {
            id: sync::new_document_id().to_string().into(),
            title: title.get_untracked().trim().into(),
            profession: code.into(),
            municipality: town.get_untracked().trim().into(),
            contract: contract.get_untracked().into(),
            working_time: if part_time.get_untracked() { "part" } else { "full" }.into(),
            published_on: today().to_string().into(),
            description: description.get_untracked().trim().into(),
            requirements: requirements.get_untracked().trim().into(),
            how_to_apply: cpi
                .map(|c| format!("Candidati allo sportello del {} o scrivi a {}.", c.full_name_it(), c.email))
                .unwrap_or_default()
                .into(),
            withdrawn: false,
        };
        if let Err(e) = edit(desk, "Offerta pubblicata", move |l| l.items.push(vacancy)) {
            return error.set(Some(e));
        }
        for s in [title, profession, town, description, requirements] {
            s.set(String::new());
        }
    };
    let desk_withdraw = desk.clone();
    view! {
        <h1>"Offerte di lavoro"</h1>
        <p class="lead">"Le offerte pubblicate qui compaiono subito sui totem del CPI e restano consultabili anche senza connessione."</p>
        <form class="form grid-2" on:submit=submit aria-label="Pubblica un'offerta">
            <label>"Titolo"<input type="text" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) /></label>
            <label>"Professione (codice CP2021)"<input type="text" placeholder="5.1.2.2.0" prop:value=move || profession.get() on:input=move |ev| profession.set(event_target_value(&ev)) /></label>
            <label>"Comune"<input type="text" prop:value=move || town.get() on:input=move |ev| town.set(event_target_value(&ev)) /></label>
            <label>"Contratto"
                <select on:change=move |ev| contract.set(event_target_value(&ev))>
                    {CONTRACTS.iter().map(|(code, label)| view! { <option value=*code selected=move || contract.get() == *code>{*label}</option> }).collect_view()}
                </select>
            </label>
            <label class="checkbox"><input type="checkbox" on:change=move |ev| part_time.set(event_target_checked(&ev)) />"Part-time"</label>
            <label>"Descrizione"<textarea prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea></label>
            <label>"Requisiti"<textarea prop:value=move || requirements.get() on:input=move |ev| requirements.set(event_target_value(&ev))></textarea></label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button">"Pubblica l'offerta"</button>
        </form>
        <h2>"Offerte pubblicate"</h2>
        <ul class="results">
            {move || list.get().map(|l| l.items.into_iter().filter(|v| !v.withdrawn).rev().map(|v| {
                let id = v.id.to_string();
                let desk = desk_withdraw.clone();
                view! {
                    <li class="vacancy-row"><span><strong>{v.title.to_string()}</strong>{format!(" · {} · {}", v.municipality, v.published_on)}</span>
                        <button type="button" class="button secondary" on:click=move |_| {
                            let id = id.clone();
                            let result = edit(&desk, "Offerta ritirata", move |l| if let Some(v) = l.items.iter_mut().find(|v| v.id == id) { v.withdrawn = true; });
                            error.set(result.err());
                        }>"Ritira"</button>
                    </li>
                }
            }).collect_view())}
        </ul>
    }
}
