//! Staff and turnover (the size band follows the employees), the CCNL, and the L.68/99
//! obligation as core computes it from the computable staff.

use super::{submit, RecordForm};
use crate::components::field::Field;
use crate::pages::operator::dossier::draft::{rebase_fields, Draft};
use crate::pages::operator::Section;
use leptos::prelude::*;
use reactive_stores::{Patch, Store};
use sportello_core::employers::company::Company;
use sportello_core::employers::rules::{SizeBand, TurnoverBand};
use sportello_core::sync::ids::DocumentId;

#[derive(Clone, Debug, Default, PartialEq, Store, Patch)]
pub(super) struct StaffForm {
    employees: String,
    l68_computable: String,
    l68_covered: String,
    turnover: String,
    ccnl: String,
}
rebase_fields!(StaffForm { employees, l68_computable, l68_covered, turnover, ccnl });

/// The numbers as typed, read back (a count of workers, up to a million).
fn count(text: &str, what: &str) -> Result<u64, String> {
    match text.trim() {
        "" => Ok(0),
        typed => typed
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= 1_000_000)
            .ok_or_else(|| format!("{what}: scrivi un numero intero di persone (0 se nessuna).")),
    }
}

impl StaffForm {
    fn of(c: &Company) -> Self {
        StaffForm {
            employees: c.staff.employees.to_string(),
            l68_computable: c.staff.l68_computable.to_string(),
            l68_covered: c.staff.l68_covered.to_string(),
            turnover: c.staff.turnover.to_string(),
            ccnl: c.staff.ccnl.to_string(),
        }
    }
}

impl RecordForm for StaffForm {
    const MESSAGE: &'static str = "Personale e L.68/99";

    fn checked(self) -> Result<Self, String> {
        let employees = count(&self.employees, "Dipendenti")?;
        let computable = count(&self.l68_computable, "Base di computo L.68/99")?;
        let covered = count(&self.l68_covered, "Lavoratori disabili già assunti")?;
        if computable > employees {
            return Err("La base di computo L.68/99 non può superare il numero dei dipendenti.".into());
        }
        Ok(StaffForm {
            employees: employees.to_string(),
            l68_computable: computable.to_string(),
            l68_covered: covered.to_string(),
            ..self
        })
    }

    /// Writes a checked form (its numbers read back as typed).
    fn write(&self, c: &mut Company) {
        let number = |text: &str| text.parse().unwrap_or_default();
        c.staff.employees = number(&self.employees);
        c.staff.l68_computable = number(&self.l68_computable);
        c.staff.l68_covered = number(&self.l68_covered);
        c.staff.turnover = TurnoverBand::from_code(&self.turnover).code().into();
        c.staff.ccnl.set(&self.ccnl);
    }
}

#[component]
pub(super) fn StaffSection(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let draft = Draft::following(Memo::new(move |_| company.with(StaffForm::of)));
    let form = draft.form;
    let error = RwSignal::new(None::<String>);
    let submit = submit(doc, draft, error);
    let size = move || company.with(|c| SizeBand::of(u32::try_from(c.staff.employees).unwrap_or(u32::MAX)).label_it());
    let l68 = Memo::new(move |_| company.with(Company::l68));
    view! {
        <Section title="Personale, fatturato e L.68/99" id="personale">
            <form class="form grid-3" on:submit=submit>
                <Field label="Dipendenti" value=form.employees() kind="number" />
                <label>"Fascia di fatturato"
                    <select on:change=move |ev| form.turnover().set(event_target_value(&ev))>
                        {TurnoverBand::ALL.into_iter().map(|b| view! {
                            <option value=b.code() selected=move || form.turnover().get() == b.code()>{b.label_it()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Field label="CCNL applicato" value=form.ccnl() />
                <Field label="Base di computo L.68/99" value=form.l68_computable() kind="number" />
                <Field label="Lavoratori disabili già assunti" value=form.l68_covered() kind="number" />
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !draft.edited()>"Salva personale e fatturato"</button>
            </form>
            <dl class="company-facts">
                <dt>"Dimensione"</dt><dd data-testid="size-band">{size}</dd>
                <dt>"Quota di riserva L.68/99 (art. 3)"</dt><dd data-testid="l68-quota">{move || l68.get().quota}</dd>
                <dt>"Categorie protette (art. 18)"</dt><dd data-testid="l68-art18">{move || l68.get().art18}</dd>
                <dt>"Posti riservati ancora scoperti"</dt><dd data-testid="l68-missing">{move || l68.get().missing}</dd>
            </dl>
        </Section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(employees: &str, computable: &str) -> StaffForm {
        StaffForm { employees: employees.into(), l68_computable: computable.into(), ..Default::default() }
    }

    #[test]
    fn counts_are_whole_numbers_and_the_computable_staff_fits_the_employees() {
        let checked = form(" 60 ", "51").checked().unwrap();
        assert_eq!((checked.employees.as_str(), checked.l68_covered.as_str()), ("60", "0"));
        assert!(form("sessanta", "").checked().unwrap_err().starts_with("Dipendenti:"));
        assert!(form("-1", "").checked().is_err());
        assert!(form("10", "11").checked().unwrap_err().contains("non può superare"));
        let mut c = Company::default();
        checked.write(&mut c);
        assert_eq!((c.staff.employees, c.staff.l68_computable, c.l68().quota), (60, 51, 4));
    }
}
