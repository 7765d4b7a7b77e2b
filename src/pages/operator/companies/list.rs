//! `/operatore/imprese`: the CPI's companies, searched per keystroke by name, codice fiscale
//! or partita IVA and narrowed by sector, municipality, size and turnover, from the company
//! index on this device (offline too).

use super::{municipality_name, MunicipalityInput, MunicipalityList};
use crate::io::companies::with_index;
use crate::pages::operator::Desk;
use leptos::prelude::*;
use sportello_core::employers::ateco::{self, Level};
use sportello_core::employers::index::Segment;
use sportello_core::employers::places;
use sportello_core::employers::rules::{SizeBand, TurnoverBand};

const SHOWN: usize = 50;
/// The select's value for "turnover not declared" (the band's own code is empty).
const UNDECLARED: &str = "non_dichiarato";

/// One company as the list shows it.
#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    name: String,
    tax_code: String,
    place: String,
    sector: String,
    size: &'static str,
}

#[component]
pub fn CompaniesPage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let index = desk.company_index;
    let query = RwSignal::new(String::new());
    let section = RwSignal::new(String::new());
    let town = RwSignal::new(String::new());
    let size = RwSignal::new(String::new());
    let turnover = RwSignal::new(String::new());
    let town_known = Memo::new(move |_| town.with(|t| places::by_name(t)));
    let segment = Memo::new(move |_| Segment {
        sections: section.with(|s| (!s.is_empty()).then(|| s.clone()).into_iter().collect()),
        municipalities: town_known.get().map(|m| m.istat.to_string()).into_iter().collect(),
        sizes: size.with(|s| SizeBand::from_code(s)).into_iter().collect(),
        turnovers: turnover.with(|t| match t.as_str() {
            "" => Vec::new(),
            UNDECLARED => vec![TurnoverBand::Undeclared],
            code => vec![TurnoverBand::from_code(code)],
        }),
        ..Default::default()
    });
    let results = Memo::new(move |_| {
        let q = query.get();
        let segment = segment.get();
        let filtered = segment != Segment::default();
        with_index(handle, index?, |view| {
            let typed = q.trim().chars().count() >= 2;
            let hits: Vec<usize> = if typed {
                view.search
                    .search(&q, view.entries.len())
                    .into_iter()
                    .filter(|&i| segment.matches(&view.entries[i]))
                    .collect()
            } else if filtered {
                let mut hits = sportello_core::employers::index::segment(&view.entries, &segment);
                hits.sort_by(|&a, &b| view.entries[a].name.cmp(&view.entries[b].name));
                hits
            } else {
                Vec::new()
            };
            let rows = hits
                .iter()
                .take(SHOWN)
                .map(|&i| {
                    let e = &view.entries[i];
                    Row {
                        id: e.company.clone(),
                        name: e.name.clone(),
                        tax_code: e.tax_code.clone(),
                        place: municipality_name(&e.municipality),
                        sector: ateco::title(&e.ateco)
                            .map(|t| format!("{} {t}", e.ateco))
                            .unwrap_or_else(|| e.ateco.clone()),
                        size: e.size().label_it(),
                    }
                })
                .collect::<Vec<_>>();
            (view.entries.len(), typed || filtered, hits.len(), rows)
        })
    });
    let town_hint = move || {
        town.with(|t| !t.trim().is_empty() && town_known.get().is_none())
            .then_some("Comune non trovato fra i comuni pugliesi: il filtro non è applicato.")
    };
    view! {
        <h1>"Imprese"</h1>
        <div class="toolbar">
            <a class="button" href="/operatore/imprese/nuova">"Nuova impresa"</a>
        </div>
        <div class="company-filters">
            <label class="search">"Cerca per denominazione, codice fiscale o partita IVA"
                <input type="search" autocomplete="off" placeholder="es. Forno Lorusso, 06363391001"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            </label>
            <label>"Settore ATECO"
                <select on:change=move |ev| section.set(event_target_value(&ev))>
                    <option value="">"Tutti i settori"</option>
                    {ateco::at_level(Level::Section).map(|a| view! {
                        <option value=a.code>{format!("{} {}", a.code, a.title)}</option>
                    }).collect_view()}
                </select>
            </label>
            <MunicipalityInput label="Comune della sede legale" value=town set=Callback::new(move |v| town.set(v)) />
            <label>"Dimensione"
                <select on:change=move |ev| size.set(event_target_value(&ev))>
                    <option value="">"Tutte le dimensioni"</option>
                    {SizeBand::ALL.into_iter().map(|b| view! { <option value=b.code()>{b.label_it()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Fatturato"
                <select on:change=move |ev| turnover.set(event_target_value(&ev))>
                    <option value="">"Tutte le fasce"</option>
                    {TurnoverBand::ALL.into_iter().map(|b| {
                        let value = if b.code().is_empty() { UNDECLARED } else { b.code() };
                        view! { <option value=value>{b.label_it()}</option> }
                    }).collect_view()}
                </select>
            </label>
        </div>
        <MunicipalityList />
        {move || town_hint().map(|h| view! { <p class="hint">{h}</p> })}
        <p class="hint" role="status">{move || match results.get() {
            None => view! { "L'indice delle imprese non è ancora su questo dispositivo." }.into_any(),
            Some((total, false, _, _)) => view! { {format!("{total} imprese nel CPI. Scrivi almeno 2 caratteri o scegli un filtro.")} }.into_any(),
            Some((_, true, found, _)) => view! {
                <span data-testid="company-count">{found}</span>
                {match found { 1 => " impresa trovata".to_string(), n if n > SHOWN => format!(" imprese trovate: sono mostrate le prime {SHOWN}."), _ => " imprese trovate".to_string() }}
            }.into_any(),
        }}</p>
        <ul class="results company-results">
            {move || results.get().map(|(_, _, _, rows)| rows.into_iter().map(|r| view! {
                <li><a href=format!("/operatore/impresa/{}", r.id)>
                    <strong>{r.name}</strong>
                    <span class="company-code">{r.tax_code}</span>
                    <span>{r.place}</span>
                    <span>{r.sector}</span>
                    <span>{r.size}</span>
                </a></li>
            }).collect_view())}
        </ul>
    }
}
