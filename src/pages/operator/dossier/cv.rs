//! Education, work experience and the CV with CP2021 codes.

use super::draft::{rebase_fields, Draft};
use super::{date_or_dash, new_item_id, save};
use crate::components::field::Field;
use crate::pages::operator::Section;
use leptos::prelude::*;
use reactive_stores::{Patch, Store};
use sportello_core::docs::dossier::{Dossier, Education, Experience};
use sportello_core::docs::vacancies::is_cp2021_code;
use sportello_core::sync::ids::DocumentId;

/// The CV as the form edits it; the professions as the operator types them, comma-separated.
#[derive(Clone, Debug, Default, PartialEq, Store, Patch)]
pub(super) struct CvForm {
    skills: String,
    languages: String,
    professions: String,
    notes: String,
}
rebase_fields!(CvForm { skills, languages, professions, notes });

impl CvForm {
    fn of(d: &Dossier) -> Self {
        CvForm {
            skills: d.cv.skills.to_string(),
            languages: d.cv.languages.to_string(),
            professions: d.cv.professions.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", "),
            notes: d.cv.notes.to_string(),
        }
    }

    /// The profession codes, or the Italian reason one is not a CP2021 code.
    fn codes(&self) -> Result<Vec<String>, String> {
        let codes: Vec<String> =
            self.professions.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        match codes.iter().find(|c| !is_cp2021_code(c)) {
            Some(bad) => Err(format!("«{bad}» non è un codice CP2021 (es. 5.1.2.2.0).")),
            None => Ok(codes),
        }
    }
}

/// A title of study being added.
#[derive(Clone, Debug, Default, PartialEq, Store)]
struct EducationForm {
    title: String,
    institute: String,
    year: String,
}

/// A work experience being added.
#[derive(Clone, Debug, Default, PartialEq, Store)]
struct ExperienceForm {
    role: String,
    employer: String,
    profession: String,
    from: String,
    to: String,
}

#[component]
pub(super) fn CvSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let draft = Draft::following(Memo::new(move |_| dossier.with(CvForm::of)));
    let form = draft.form;
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut typed = draft.value();
        let codes = match typed.codes() {
            Ok(codes) => codes,
            Err(e) => return error.set(Some(e)),
        };
        error.set(None);
        typed.professions = codes.join(", ");
        let written = typed.clone();
        let saved = save(doc, "Curriculum", move |d| {
            d.cv.skills.set(&typed.skills);
            d.cv.languages.set(&typed.languages);
            d.cv.notes.set(&typed.notes);
            d.cv.professions = codes.into_iter().map(Into::into).collect();
        });
        if saved {
            draft.written(written);
        }
    };
    let education = Store::new(EducationForm::default());
    let add_education = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = education.get_untracked();
        if typed.title.trim().is_empty() {
            return;
        }
        let item = Education {
            id: new_item_id().into(),
            title: typed.title.trim().into(),
            institute: typed.institute.trim().into(),
            year: typed.year.trim().into(),
        };
        if save(doc, "Titolo di studio aggiunto", move |d| d.education.push(item)) {
            education.set(EducationForm::default());
        }
    };
    let experience = Store::new(ExperienceForm::default());
    let job_error = RwSignal::new(None::<String>);
    let add_experience = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = experience.get_untracked();
        let code = typed.profession.trim().to_string();
        if typed.role.trim().is_empty() {
            return job_error.set(Some("Indica la mansione.".into()));
        }
        if !code.is_empty() && !is_cp2021_code(&code) {
            return job_error.set(Some(format!("«{code}» non è un codice CP2021 (es. 5.1.2.2.0).")));
        }
        job_error.set(None);
        let item = Experience {
            id: new_item_id().into(),
            role: typed.role.trim().into(),
            employer: typed.employer.trim().into(),
            profession: code.into(),
            from: typed.from.as_str().into(),
            to: typed.to.as_str().into(),
        };
        if save(doc, "Esperienza di lavoro aggiunta", move |d| d.experience.push(item)) {
            // The dates often repeat for the next experience; the rest starts afresh.
            experience.set(ExperienceForm { from: typed.from, to: typed.to, ..Default::default() });
        }
    };
    view! {
        <Section title="Istruzione, esperienze e curriculum" id="cv">
            <h3>"Titoli di studio"</h3>
            <ul>{move || dossier.get().education.into_iter().map(|e| view! {
                <li>{format!("{} — {} {}", e.title, e.institute, e.year)}</li>
            }).collect_view()}</ul>
            <form class="form grid-3" on:submit=add_education aria-label="Aggiungi un titolo di studio">
                <Field label="Titolo" value=education.title() />
                <Field label="Istituto" value=education.institute() />
                <Field label="Anno" value=education.year() />
                <button type="submit" class="button secondary">"Aggiungi il titolo"</button>
            </form>
            <h3>"Esperienze di lavoro"</h3>
            <ul>{move || dossier.get().experience.into_iter().map(|e| view! {
                <li>{format!("{} presso {} ({} – {}) {}", e.role, e.employer, date_or_dash(&e.from), date_or_dash(&e.to), e.profession)}</li>
            }).collect_view()}</ul>
            <form class="form grid-3" on:submit=add_experience aria-label="Aggiungi un'esperienza di lavoro">
                <Field label="Mansione" value=experience.role() />
                <Field label="Datore di lavoro" value=experience.employer() />
                <Field label="Codice CP2021" value=experience.profession() />
                <Field label="Dal" value=experience.from() kind="date" />
                <Field label="Al" value=experience.to() kind="date" />
                {move || job_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button secondary">"Aggiungi l'esperienza"</button>
            </form>
            <h3>"Curriculum"</h3>
            <form class="form grid-2" on:submit=submit>
                <Field label="Competenze" value=form.skills() />
                <Field label="Lingue" value=form.languages() />
                <Field label="Professioni cercate (codici CP2021, separati da virgola)" value=form.professions() />
                <label>"Note"
                    <textarea prop:value=move || form.notes().get() on:input=move |ev| form.notes().set(event_target_value(&ev))></textarea>
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !draft.edited()>"Salva il curriculum"</button>
            </form>
        </Section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn professions_are_cp2021_codes_separated_by_commas() {
        let form = CvForm { professions: " 5.1.2.2.0 ,, 2.1.1.4.1".into(), ..Default::default() };
        assert_eq!(form.codes().unwrap(), ["5.1.2.2.0", "2.1.1.4.1"]);
        let form = CvForm { professions: "5.1.2.2.0, cameriere".into(), ..Default::default() };
        assert_eq!(form.codes().unwrap_err(), "«cameriere» non è un codice CP2021 (es. 5.1.2.2.0).");
    }
}
