//! Segmentation (seed 4.2: "area geografica, categoria di appartenenza, settore, n. di
//! dipendenti, fatturato"): filter the CPI's companies with core's `Segment`, see how many
//! and which, pick some or the whole segment, and put them in the campaign.

use super::steps::{StepStatus, Steps, Work};
use super::{with_entries, Campaign, ShowMore};
use crate::pages::operator::{today, Desk, Section};
use leptos::prelude::*;
use sportello_core::cpi::Province;
use sportello_core::docs::dossier::parse_date;
use sportello_core::employers::ateco::{self, Level};
use sportello_core::employers::campaign::{check_date, Event, Stage};
use sportello_core::employers::index::{segment, Segment};
use sportello_core::employers::places;
use sportello_core::employers::rules::{SizeBand, TurnoverBand};
use sportello_core::sync::ids::DocumentId;
use std::collections::BTreeSet;

const PAGE: usize = 50;

#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    name: String,
    /// ISTAT code of the legal site's municipality.
    municipality: String,
    town: String,
    sector: String,
    size: &'static str,
    turnover: &'static str,
    stage: &'static str,
}

/// The filters as the form holds them ("" is "any").
#[derive(Clone, Default, PartialEq)]
struct Filters {
    province: String,
    municipality: String,
    section: String,
    size: String,
    turnover: String,
    /// Only companies not in a campaign now (never selected, or out of an earlier one).
    only_outside: bool,
}

impl Filters {
    fn segment(&self) -> Segment {
        let one = |v: &str| if v.is_empty() { Vec::new() } else { vec![v.to_owned()] };
        Segment {
            provinces: Province::ALL.into_iter().filter(|p| p.abbreviation() == self.province).collect(),
            municipalities: one(&self.municipality),
            sections: one(&self.section),
            sizes: SizeBand::from_code(&self.size).into_iter().collect(),
            turnovers: TurnoverBand::ALL
                .into_iter()
                .filter(|t| !self.turnover.is_empty() && format!("{t:?}") == self.turnover)
                .collect(),
            stages: if self.only_outside { vec![Stage::None, Stage::Closed] } else { Vec::new() },
            ..Default::default()
        }
    }
}

#[component]
pub(super) fn SegmentSection() -> impl IntoView {
    let desk = Desk::get();
    let (handle, index) = (desk.handle, desk.company_index);
    let campaign = expect_context::<Campaign>();
    let filters = RwSignal::new(Filters { only_outside: true, ..Default::default() });
    let picked = RwSignal::new(BTreeSet::<String>::new());
    let shown = RwSignal::new(PAGE);
    let steps = Steps::new();

    // The municipalities where the CPI has companies, by name.
    let towns = Memo::new(move |_| {
        let province = filters.with(|f| f.province.clone());
        with_entries(handle, index, |entries| {
            let mut towns: Vec<(&'static str, &'static str)> = entries
                .iter()
                .filter_map(|e| places::by_istat(&e.municipality))
                .filter(|m| province.is_empty() || m.province == province)
                .map(|m| (m.name, m.istat))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            towns.sort();
            towns
        })
    });
    let rows = Memo::new(move |_| {
        let wanted = filters.with(Filters::segment);
        with_entries(handle, index, |entries| {
            segment(entries, &wanted)
                .into_iter()
                .map(|i| {
                    let e = &entries[i];
                    Row {
                        id: e.company.clone(),
                        name: e.name.clone(),
                        municipality: e.municipality.clone(),
                        town: places::by_istat(&e.municipality).map(|m| m.name).unwrap_or("—").to_owned(),
                        sector: e.section().unwrap_or("—").to_owned(),
                        size: e.size().code(),
                        turnover: e.turnover.label_it(),
                        stage: e.campaign.stage.label_it(),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let set = move |f: fn(&mut Filters, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            filters.update(|filters| f(filters, value));
            picked.set(BTreeSet::new());
            shown.set(PAGE);
        }
    };
    let select_all = move |_| picked.set(rows.with(|r| r.iter().map(|r| r.id.clone()).collect()));
    // The day the companies were chosen (a segment drawn up earlier may be recorded later).
    let chosen_on = RwSignal::new(today().to_string());
    let record = move |_| {
        let Some(on) = parse_date(&chosen_on.get_untracked()) else {
            return steps.refuse("Inserisci la data della scelta.".into());
        };
        if let Err(e) = check_date(Event::Select, on, today()) {
            return steps.refuse(e.message_it());
        }
        let chosen = picked.get_untracked();
        let records: Vec<(DocumentId, String)> = rows.with_untracked(|rows| {
            rows.iter()
                .filter(|r| chosen.contains(&r.id))
                .filter_map(|r| Some((DocumentId::parse(&r.id).ok()?, r.name.clone())))
                .collect()
        });
        campaign.just_selected.set(chosen.into_iter().collect());
        picked.set(BTreeSet::new());
        steps.start(records, Work::Step(Event::Select, on));
    };

    view! {
        <Section title="1. Segmentazione" id="segment">
            <div class="filters">
                <label>"Provincia"
                    <select on:change=set(|f, v| { f.province = v; f.municipality.clear(); })>
                        <option value="">"Tutte"</option>
                        {Province::ALL.into_iter().map(|p| view! { <option value=p.abbreviation()>{p.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Comune"
                    <select prop:value=move || filters.with(|f| f.municipality.clone()) on:change=set(|f, v| f.municipality = v)>
                        <option value="">"Tutti"</option>
                        {move || towns.get().into_iter().map(|(name, istat)| view! { <option value=istat>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Settore ATECO"
                    <select on:change=set(|f, v| f.section = v)>
                        <option value="">"Tutti"</option>
                        {ateco::at_level(Level::Section).map(|a| view! {
                            <option value=a.code>{format!("{} – {}", a.code, a.title)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Dimensione"
                    <select on:change=set(|f, v| f.size = v)>
                        <option value="">"Tutte"</option>
                        {SizeBand::ALL.into_iter().map(|b| view! { <option value=b.code()>{b.label_it()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Fatturato"
                    <select on:change=set(|f, v| f.turnover = v)>
                        <option value="">"Tutti"</option>
                        {TurnoverBand::ALL.into_iter().map(|t| view! { <option value=format!("{t:?}")>{t.label_it()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || filters.with(|f| f.only_outside)
                        on:change=move |ev| { filters.update(|f| f.only_outside = event_target_checked(&ev)); picked.set(BTreeSet::new()); } />
                    "Solo imprese fuori campagna"
                </label>
            </div>
            <p class="segment-count" role="status">
                <strong data-testid="segment-count">{move || rows.with(Vec::len)}</strong>
                {move || format!(" imprese nel segmento · {} scelte", picked.with(BTreeSet::len))}
            </p>
            <div class="toolbar">
                <button type="button" class="button secondary" on:click=select_all
                    prop:disabled=move || rows.with(Vec::is_empty)>"Scegli tutto il segmento"</button>
                <button type="button" class="button secondary" on:click=move |_| picked.set(BTreeSet::new())
                    prop:disabled=move || picked.with(BTreeSet::is_empty)>"Togli la scelta"</button>
                <label>"Data della scelta"
                    <input type="date" prop:value=move || chosen_on.get() on:input=move |ev| chosen_on.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="button" on:click=record
                    prop:disabled=move || picked.with(BTreeSet::is_empty) || steps.busy()>
                    {move || format!("Inserisci nella campagna ({})", picked.with(BTreeSet::len))}
                </button>
            </div>
            <StepStatus steps />
            <div class="table-scroll">
                <table class="worklist segment-list">
                    <caption class="visually-hidden">"Imprese del segmento"</caption>
                    <thead><tr>
                        <th scope="col">"Scegli"</th><th scope="col">"Impresa"</th><th scope="col">"Comune"</th>
                        <th scope="col">"Sezione ATECO"</th><th scope="col">"Dimensione"</th><th scope="col">"Fatturato"</th><th scope="col">"Campagna"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || rows.get().into_iter().take(shown.get()) key=|r| r.id.clone() let:row>
                            <tr class="segment-row" data-company=row.id.clone() data-section=row.sector.clone() data-size=row.size data-municipality=row.municipality.clone()>
                                <td>
                                    <label class="row-check">
                                        <input type="checkbox"
                                            prop:checked={ let id = row.id.clone(); move || picked.with(|p| p.contains(&id)) }
                                            on:change={ let id = row.id.clone(); move |ev| {
                                                let on = event_target_checked(&ev);
                                                picked.update(|p| { if on { p.insert(id.clone()); } else { p.remove(&id); } });
                                            } } />
                                        <span class="visually-hidden">{format!("Scegli {}", row.name)}</span>
                                    </label>
                                </td>
                                <td><a href=format!("/operatore/impresa/{}", row.id)>{row.name.clone()}</a></td>
                                <td>{row.town.clone()}</td>
                                <td>{row.sector.clone()}</td>
                                <td>{SizeBand::from_code(row.size).map(|b| b.label_it())}</td>
                                <td>{row.turnover}</td>
                                <td>{row.stage}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown page=PAGE />
        </Section>
    }
}
