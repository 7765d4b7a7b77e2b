//! The promotion campaign as it stands for this company, read only (the campaign's
//! worklist records its steps).

use crate::pages::operator::{format_date, Desk, Section};
use leptos::prelude::*;
use sportello_core::employers::campaign::{Action, CallOutcome};
use sportello_core::employers::company::Company;

#[component]
pub(super) fn CampaignSection(company: Memo<Company>) -> impl IntoView {
    let calendar = Desk::get().calendar();
    let state = Memo::new(move |_| company.with(|c| c.campaign_state().0));
    let day = |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_else(|| "—".into());
    let next = move || {
        let s = state.get();
        match s.action(&calendar) {
            Some(Action::Call(deadline)) => {
                format!("{} — entro il {}", Action::Call(deadline).label_it(), format_date(deadline.due))
            }
            Some(Action::Visit(on)) => format!("{} il {}", Action::Visit(on).label_it(), format_date(on)),
            Some(action) => action.label_it().to_string(),
            None => "Nessuna".to_string(),
        }
    };
    view! {
        <Section title="Campagna di promozione" id="campagna">
            <dl class="company-facts">
                <dt>"Stato"</dt><dd data-testid="campaign-stage">{move || state.get().stage.label_it()}</dd>
                <dt>"Lettera inviata il"</dt><dd>{move || day(state.get().letter_sent)}</dd>
                <dt>"Esito dell'ultima telefonata"</dt><dd>{move || state.get().outcome.map(CallOutcome::label_it).unwrap_or("—")}</dd>
                <dt>"Visita"</dt><dd>{move || day(state.get().visit_on)}</dd>
                <dt>"Prossimo passo"</dt><dd>{next}</dd>
            </dl>
        </Section>
    }
}
