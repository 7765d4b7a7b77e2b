//! Education, work experience and the CV with CP2021 codes.

use super::{date_or_dash, new_item_id, save};
use crate::components::field::Field;
use crate::pages::operator::Section;
use leptos::prelude::*;
use sportello_core::docs::dossier::{Dossier, Education, Experience};
use sportello_core::docs::vacancies::is_cp2021_code;
use sportello_core::sync::ids::DocumentId;

#[component]
pub(super) fn CvSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let dirty = RwSignal::new(false);
    let [skills, languages, professions, notes] = std::array::from_fn(|_| RwSignal::new(String::new()));
    Effect::new(move |_| {
        let d = dossier.get();
        if !dirty.get_untracked() {
            skills.set(d.cv.skills.to_string());
            languages.set(d.cv.languages.to_string());
            professions.set(d.cv.professions.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", "));
            notes.set(d.cv.notes.to_string());
        }
    });
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let codes: Vec<String> =
            professions.get_untracked().split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        if let Some(bad) = codes.iter().find(|c| !is_cp2021_code(c)) {
            return error.set(Some(format!("«{bad}» non è un codice CP2021 (es. 5.1.2.2.0).")));
        }
        error.set(None);
        save(doc, "Curriculum", |d| {
            d.cv.skills.set(&skills.get_untracked());
            d.cv.languages.set(&languages.get_untracked());
            d.cv.notes.set(&notes.get_untracked());
            d.cv.professions = codes.into_iter().map(Into::into).collect();
        });
        dirty.set(false);
    };
    let (title, institute, year) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add_education = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if title.get_untracked().trim().is_empty() {
            return;
        }
        let item = Education {
            id: new_item_id().into(),
            title: title.get_untracked().trim().into(),
            institute: institute.get_untracked().trim().into(),
            year: year.get_untracked().trim().into(),
        };
        save(doc, "Titolo di studio aggiunto", move |d| d.education.push(item));
        title.set(String::new());
        institute.set(String::new());
        year.set(String::new());
    };
    let (role, employer, job_code, from, to) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let job_error = RwSignal::new(None::<String>);
    let add_experience = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = job_code.get_untracked().trim().to_string();
        if role.get_untracked().trim().is_empty() {
            return job_error.set(Some("Indica la mansione.".into()));
        }
        if !code.is_empty() && !is_cp2021_code(&code) {
            return job_error.set(Some(format!("«{code}» non è un codice CP2021 (es. 5.1.2.2.0).")));
        }
        job_error.set(None);
        let item = Experience {
            id: new_item_id().into(),
            role: role.get_untracked().trim().into(),
            employer: employer.get_untracked().trim().into(),
            profession: code.into(),
            from: from.get_untracked().into(),
            to: to.get_untracked().into(),
        };
        save(doc, "Esperienza di lavoro aggiunta", move |d| d.experience.push(item));
        role.set(String::new());
        employer.set(String::new());
        job_code.set(String::new());
    };
    let nodirty = RwSignal::new(false);
    view! {
        <Section title="Istruzione, esperienze e curriculum" id="cv">
            <h3>"Titoli di studio"</h3>
            <ul>{move || dossier.get().education.into_iter().map(|e| view! {
                <li>{format!("{} — {} {}", e.title, e.institute, e.year)}</li>
            }).collect_view()}</ul>
            <form class="form grid-3" on:submit=add_education aria-label="Aggiungi un titolo di studio">
                <Field label="Titolo" value=title dirty=nodirty />
                <Field label="Istituto" value=institute dirty=nodirty />
                <Field label="Anno" value=year dirty=nodirty />
                <button type="submit" class="button secondary">"Aggiungi il titolo"</button>
            </form>
            <h3>"Esperienze di lavoro"</h3>
            <ul>{move || dossier.get().experience.into_iter().map(|e| view! {
                <li>{format!("{} presso {} ({} – {}) {}", e.role, e.employer, date_or_dash(&e.from), date_or_dash(&e.to), e.profession)}</li>
            }).collect_view()}</ul>
            <form class="form grid-3" on:submit=add_experience aria-label="Aggiungi un'esperienza di lavoro">
                <Field label="Mansione" value=role dirty=nodirty />
                <Field label="Datore di lavoro" value=employer dirty=nodirty />
                <Field label="Codice CP2021" value=job_code dirty=nodirty />
                <Field label="Dal" value=from dirty=nodirty kind="date" />
                <Field label="Al" value=to dirty=nodirty kind="date" />
                {move || job_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button secondary">"Aggiungi l'esperienza"</button>
            </form>
            <h3>"Curriculum"</h3>
            <form class="form grid-2" on:submit=submit>
                <Field label="Competenze" value=skills dirty />
                <Field label="Lingue" value=languages dirty />
                <Field label="Professioni cercate (codici CP2021, separati da virgola)" value=professions dirty />
                <label>"Note"
                    <textarea prop:value=move || notes.get() on:input=move |ev| { notes.set(event_target_value(&ev)); dirty.set(true); }></textarea>
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !dirty.get()>"Salva il curriculum"</button>
            </form>
        </Section>
    }
}
