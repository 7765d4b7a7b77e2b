//! A CPI's company index: one document per CPI mapping each company document's id to a
//! compact line with what search, segmentation and the campaign's worklist need (tax code,
//! name, municipality, ATECO code, employees, turnover band, campaign state). Operators and
//! visiting officers sync this one document instead of every company, so the company list
//! and the campaign work offline and at 20,000 companies per CPI.
//!
//! As in the dossier index ([`crate::docs::index`]), each entry is one scalar string under
//! the company's id: concurrent edits of different companies never conflict, and the line
//! format is versioned (`1|...`).

use super::campaign::{self, CallOutcome, CampaignState, Stage, Task};
use super::company::Company;
use super::rules::{SizeBand, TurnoverBand};
use crate::calendar::WorkingCalendar;
use crate::cpi::Province;
use crate::docs::index::{
    clean, date_field, entries_obj, entry_patches, init_lines, parse_date_field, patches_to_entries,
};
use crate::search::fold;
use automerge::transaction::Transactable;
use automerge::{ReadDoc, ScalarValue, Value};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

pub const COMPANY_INDEX_SCHEMA: u64 = 1;
pub const COMPANY_INDEX_KIND: &str = "company_index";
const LINE_VERSION: &str = "1";
const FIELDS: usize = 12;

/// What the index knows about one company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyEntry {
    /// The company document's id.
    pub company: String,
    pub tax_code: String,
    pub name: String,
    /// ISTAT code of the legal site's municipality.
    pub municipality: String,
    /// ATECO 2025 code.
    pub ateco: String,
    pub employees: u32,
    pub turnover: TurnoverBand,
    pub campaign: CampaignState,
}

impl CompanyEntry {
    pub fn from_company(company_id: &str, c: &Company) -> CompanyEntry {
        CompanyEntry {
            company: company_id.to_owned(),
            tax_code: c.registry.tax_code.as_str().to_owned(),
            name: c.registry.name.as_str().trim().to_owned(),
            municipality: c.legal_site.municipality.as_str().to_owned(),
            ateco: c.registry.ateco.as_str().to_owned(),
            employees: u32::try_from(c.staff.employees).unwrap_or(u32::MAX),
            turnover: TurnoverBand::from_code(&c.staff.turnover),
            campaign: c.campaign_state().0,
        }
    }

    pub fn size(&self) -> SizeBand {
        SizeBand::of(self.employees)
    }

    /// The ATECO section letter, if the code is one of ATECO 2025.
    pub fn section(&self) -> Option<&'static str> {
        super::ateco::activity(&self.ateco).map(|a| a.section)
    }

    /// The line stored in the index document.
    pub fn encode(&self) -> String {
        let s = &self.campaign;
        [
            LINE_VERSION.to_owned(),
            clean(&self.tax_code),
            clean(&self.name),
            clean(&self.municipality),
            clean(&self.ateco),
            self.employees.to_string(),
            self.turnover.code().to_owned(),
            s.stage.code().to_owned(),
            date_field(s.letter_sent),
            date_field(s.on),
            s.outcome.map(CallOutcome::code).unwrap_or_default().to_owned(),
            date_field(s.visit_on),
        ]
        .join("|")
    }

    pub fn decode(company: &str, line: &str) -> Result<CompanyEntry, String> {
        let f: Vec<&str> = line.split('|').collect();
        if f.first() != Some(&LINE_VERSION) || f.len() < FIELDS {
            return Err(format!("unknown company line {line:?}"));
        }
        let stage = Stage::from_code(f[7]).ok_or_else(|| format!("bad stage {:?}", f[7]))?;
        let outcome = match f[10] {
            "" => None,
            code => Some(CallOutcome::from_code(code).ok_or_else(|| format!("bad outcome {code:?}"))?),
        };
        Ok(CompanyEntry {
            company: company.to_owned(),
            tax_code: f[1].to_owned(),
            name: f[2].to_owned(),
            municipality: f[3].to_owned(),
            ateco: f[4].to_owned(),
            employees: f[5].parse().map_err(|_| format!("bad employees {:?}", f[5]))?,
            turnover: TurnoverBand::from_code(f[6]),
            campaign: CampaignState {
                stage,
                letter_sent: parse_date_field(f[8])?,
                on: parse_date_field(f[9])?,
                outcome,
                visit_on: parse_date_field(f[11])?,
            },
        })
    }
}

/// Writes the skeleton of a new company index (the relay does this once per CPI, so the
/// `entries` map has a single identity everywhere).
pub fn init(tx: &mut impl Transactable, cpi: &str) -> Result<(), automerge::AutomergeError> {
    init_lines(tx, COMPANY_INDEX_SCHEMA, COMPANY_INDEX_KIND, cpi)
}

/// Adds or replaces a company's line (no operation when it is unchanged). Fails if the
/// document is not a company index.
pub fn put_entry(tx: &mut impl Transactable, entry: &CompanyEntry) -> Result<(), String> {
    let obj = entries_obj(tx).ok_or("not a company index document")?;
    let line = entry.encode();
    if read_line(tx, &obj, &entry.company).as_deref() != Some(line.as_str()) {
        tx.put(&obj, &entry.company, ScalarValue::Str(line.into())).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn read_line(doc: &impl ReadDoc, obj: &automerge::ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key).ok().flatten()? {
        (Value::Scalar(s), _) => s.as_str().map(str::to_owned),
        _ => None,
    }
}

/// The index as a device holds it in memory: the entries, where each sits, and the search
/// keys, brought up to date by re-reading only the lines changed since the heads it saw.
pub struct CompanyIndexView {
    pub entries: Vec<CompanyEntry>,
    pub search: CompanySearch,
    /// Lines this version could not read (written by a newer app, or malformed).
    pub skipped: usize,
    positions: HashMap<String, usize>,
    heads: Vec<automerge::ChangeHash>,
}

impl CompanyIndexView {
    pub fn load(doc: &automerge::Automerge) -> CompanyIndexView {
        let mut view = CompanyIndexView {
            entries: Vec::new(),
            search: CompanySearch::default(),
            skipped: 0,
            positions: HashMap::new(),
            heads: doc.get_heads(),
        };
        if let Some(obj) = entries_obj(doc) {
            let keys: Vec<String> = doc.map_range(&obj, ..).map(|item| item.key.to_string()).collect();
            for key in keys {
                view.reread(doc, &obj, &key);
            }
        }
        view
    }

    /// Brings the view up to the document's heads. Returns how many lines were re-read, or
    /// `None` if everything was read again (the document is not a continuation).
    pub fn refresh(&mut self, doc: &automerge::Automerge) -> Option<usize> {
        match entry_patches(doc, &self.heads) {
            Some(patches) => self.apply(doc, patches),
            None => {
                *self = CompanyIndexView::load(doc);
                None
            }
        }
    }

    /// Like [`CompanyIndexView::refresh`], with the patches recorded as the document's changes
    /// were applied (`SyncClient::take_patches`): the cost of the change, not of the index.
    pub fn apply(&mut self, doc: &automerge::Automerge, patches: Vec<automerge::Patch>) -> Option<usize> {
        let (Some(patches), Some(obj)) = (patches_to_entries(doc, patches), entries_obj(doc)) else {
            *self = CompanyIndexView::load(doc);
            return None;
        };
        let keys: BTreeSet<String> = patches
            .into_iter()
            .filter_map(|patch| match patch.action {
                automerge::PatchAction::PutMap { key, .. } | automerge::PatchAction::DeleteMap { key } => Some(key),
                _ => None,
            })
            .collect();
        for key in &keys {
            self.reread(doc, &obj, key);
        }
        self.heads = doc.get_heads();
        Some(keys.len())
    }

    /// Replaces, adds or drops the line of `key` as the document holds it now.
    fn reread(&mut self, doc: &automerge::Automerge, obj: &automerge::ObjId, key: &str) {
        let decoded = doc.get(obj, key).ok().flatten().map(|(value, _)| match value {
            Value::Scalar(s) => s.as_str().ok_or(()).and_then(|l| CompanyEntry::decode(key, l).map_err(|_| ())),
            _ => Err(()),
        });
        match decoded {
            Some(Ok(entry)) => match self.positions.get(key) {
                Some(&i) => {
                    self.search.rows[i] = SearchRow::of(&entry);
                    self.entries[i] = entry;
                }
                None => {
                    self.positions.insert(key.to_owned(), self.entries.len());
                    self.search.rows.push(SearchRow::of(&entry));
                    self.entries.push(entry);
                }
            },
            gone => {
                if matches!(gone, Some(Err(()))) {
                    self.skipped += 1;
                }
                let Some(i) = self.positions.remove(key) else { return };
                self.entries.swap_remove(i);
                self.search.rows.swap_remove(i);
                if let Some(moved) = self.entries.get(i) {
                    self.positions.insert(moved.company.clone(), i);
                }
            }
        }
    }

    pub fn get(&self, company: &str) -> Option<&CompanyEntry> {
        self.positions.get(company).map(|&i| &self.entries[i])
    }

    /// The companies whose tax code is `code` (normally one), to find a known company
    /// before creating it again (seed L761).
    pub fn by_tax_code<'a>(&'a self, code: &'a super::tax_code::TaxCode) -> impl Iterator<Item = &'a CompanyEntry> {
        self.entries.iter().filter(move |e| e.tax_code == code.as_str())
    }
}

/// Folded search keys of the company index, in the entries' order.
#[derive(Default)]
pub struct CompanySearch {
    rows: Vec<SearchRow>,
}

struct SearchRow {
    /// " name words " folded, word starts as " x".
    words: String,
    code: String,
}

impl SearchRow {
    fn of(e: &CompanyEntry) -> SearchRow {
        let words = |text: &str| fold(text).split_whitespace().collect::<Vec<_>>().join(" ");
        let name = words(&e.name);
        // "D'Amico" is also found as typed without the apostrophe.
        let joined = words(&e.name.replace(['\'', '’'], ""));
        let extra = if joined == name { String::new() } else { format!("{joined} ") };
        SearchRow { words: format!(" {name} {extra}"), code: e.tax_code.to_ascii_lowercase() }
    }
}

impl CompanySearch {
    pub fn build(entries: &[CompanyEntry]) -> CompanySearch {
        CompanySearch { rows: entries.iter().map(SearchRow::of).collect() }
    }

    /// Positions of at most `limit` matches, best first: the exact tax code, then tax code
    /// prefixes (3 characters or more; a partita IVA with or without its `IT` prefix), then names that start with the first word typed,
    /// then names with every word typed at a word start; ties by name. Fewer than 2
    /// characters match nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<usize> {
        let Some((words, compact)) = crate::search::query_keys(query) else { return Vec::new() };
        // A partita IVA is often copied with its country prefix ("IT 06363391001").
        let code = compact.strip_prefix("it").filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        let code = code.unwrap_or(&compact);
        let mut hits: Vec<(u8, &str, usize)> = self
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| {
                let rank = match () {
                    _ if row.code == code => 0,
                    _ if code.len() >= 3 && row.code.starts_with(code) => 1,
                    _ if words.iter().all(|w| row.words.contains(w.as_str())) => {
                        if row.words.starts_with(&words[0]) {
                            2
                        } else {
                            3
                        }
                    }
                    _ => return None,
                };
                Some((rank, row.words.as_str(), i))
            })
            .collect();
        hits.sort_unstable();
        hits.truncate(limit);
        hits.into_iter().map(|(_, _, i)| i).collect()
    }
}

/// A segment of the CPI's companies (seed 4.2: "area geografica, categoria di appartenenza,
/// settore, n. di dipendenti, fatturato"). An empty list lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    pub provinces: Vec<Province>,
    /// ISTAT codes.
    pub municipalities: Vec<String>,
    /// ATECO section letters ("C").
    pub sections: Vec<String>,
    /// ATECO divisions ("10").
    pub divisions: Vec<String>,
    pub sizes: Vec<SizeBand>,
    pub turnovers: Vec<TurnoverBand>,
    pub stages: Vec<Stage>,
}

impl Segment {
    pub fn matches(&self, e: &CompanyEntry) -> bool {
        let any = |list: &[String], value: Option<&str>| {
            list.is_empty() || value.is_some_and(|v| list.iter().any(|x| x == v))
        };
        let province = || super::places::by_istat(&e.municipality).map(|m| m.province);
        (self.provinces.is_empty() || province().is_some_and(|p| self.provinces.iter().any(|x| x.abbreviation() == p)))
            && any(&self.municipalities, Some(e.municipality.as_str()))
            && any(&self.sections, e.section())
            && any(&self.divisions, e.ateco.get(..2))
            && (self.sizes.is_empty() || self.sizes.contains(&e.size()))
            && (self.turnovers.is_empty() || self.turnovers.contains(&e.turnover))
            && (self.stages.is_empty() || self.stages.contains(&e.campaign.stage))
    }
}

/// The positions of the entries in `segment`, in the entries' order.
pub fn segment(entries: &[CompanyEntry], segment: &Segment) -> Vec<usize> {
    entries.iter().enumerate().filter(|(_, e)| segment.matches(e)).map(|(i, _)| i).collect()
}

/// The campaign's worklist over the index, in [`campaign::order_tasks`] order.
pub fn campaign_worklist(entries: &[CompanyEntry], today: NaiveDate, cal: &WorkingCalendar) -> Vec<Task> {
    let mut tasks: Vec<Task> =
        entries.iter().filter_map(|e| Task::new(&e.company, &e.name, &e.campaign, today, cal)).collect();
    campaign::order_tasks(&mut tasks);
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::employers::campaign::Event;
    use automerge::AutoCommit;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn entry(id: &str, code: &str, name: &str, municipality: &str, ateco: &str, employees: u32) -> CompanyEntry {
        CompanyEntry {
            company: id.into(),
            tax_code: code.into(),
            name: name.into(),
            municipality: municipality.into(),
            ateco: ateco.into(),
            employees,
            turnover: TurnoverBand::UpTo2M,
            campaign: CampaignState::default(),
        }
    }

    fn companies() -> Vec<CompanyEntry> {
        vec![
            entry("c1", "06363391001", "Forno Lorusso S.r.l.", "072006", "10.71.10", 12),
            entry("c2", "01234560728", "Lorusso Costruzioni", "072011", "41.00.00", 60),
            entry("c3", "RSSMRA80A01H501U", "Trasporti D'Amico di Rossi Mario", "073027", "49.41.00", 4),
            entry("c4", "02345670729", "Hotel Santa Lucia", "075035", "55.10.00", 300),
        ]
    }

    #[test]
    fn a_line_round_trips_with_its_campaign_state_and_never_breaks_on_a_pipe() {
        let mut e = entry("c1", "06363391001", "Forno | Pane", "072006", "10.71.10", 12);
        e.campaign = CampaignState {
            stage: Stage::Called,
            letter_sent: Some(date(2026, 10, 2)),
            outcome: Some(CallOutcome::Unreachable),
            on: Some(date(2026, 10, 5)),
            visit_on: Some(date(2026, 10, 9)),
        };
        let back = CompanyEntry::decode("c1", &e.encode()).unwrap();
        assert_eq!(back, CompanyEntry { name: "Forno / Pane".into(), ..e });
        assert!(CompanyEntry::decode("c1", "2|future").is_err());
        assert!(CompanyEntry::decode("c1", "1|x|y|z|w|many||||||").is_err());
    }

    #[test]
    fn the_entry_of_a_company_carries_its_campaign() {
        let code = crate::employers::tax_code::parse("06363391001").unwrap();
        let mut c = Company::new("bari", &code, "Forno Lorusso");
        c.staff.employees = 12;
        c.record_event("e1", Event::Select, date(2026, 10, 1), date(2026, 10, 2), "anna", "").unwrap();
        c.record_event("e2", Event::SendLetter, date(2026, 10, 2), date(2026, 10, 2), "anna", "").unwrap();
        let e = CompanyEntry::from_company("doc1", &c);
        assert_eq!((e.campaign.stage, e.campaign.letter_sent), (Stage::LetterSent, Some(date(2026, 10, 2))));
        assert_eq!(e.size(), SizeBand::Small);
    }

    #[test]
    fn search_finds_by_tax_code_and_by_words_of_the_name() {
        let p = companies();
        let idx = CompanySearch::build(&p);
        let ids = |q: &str| idx.search(q, 10).into_iter().map(|i| p[i].company.as_str()).collect::<Vec<_>>();
        assert_eq!(ids("06363391001"), ["c1"]);
        assert_eq!(ids("0636"), ["c1"]);
        assert_eq!(ids("IT 06363391001"), ["c1"], "with the country prefix");
        assert_eq!(ids("it0636"), ["c1"]);
        assert_eq!(ids("rssmra80"), ["c3"]);
        // Names starting with the word first, then names containing it.
        assert_eq!(ids("loru"), ["c2", "c1"]);
        assert_eq!(ids("damico"), ["c3"]);
        assert_eq!(ids("d'amico ross"), ["c3"]);
        assert_eq!(ids("amico"), ["c3"]);
        assert_eq!(ids("mico"), Vec::<&str>::new(), "words are matched at their start");
        assert_eq!(ids("santa luc"), ["c4"]);
        assert!(ids("l").is_empty());
        assert_eq!(idx.search("lorusso", 1).len(), 1);
    }

    #[test]
    fn segments_filter_by_area_sector_size_turnover_and_stage() {
        let mut p = companies();
        p[3].turnover = TurnoverBand::From10To50M;
        p[1].campaign.stage = Stage::Selected;
        let run = |s: Segment| segment(&p, &s).into_iter().map(|i| p[i].company.as_str()).collect::<Vec<_>>();
        assert_eq!(run(Segment::default()), ["c1", "c2", "c3", "c4"]);
        assert_eq!(run(Segment { provinces: vec![Province::Bari], ..Default::default() }), ["c1", "c2"]);
        assert_eq!(run(Segment { municipalities: vec!["072011".into()], ..Default::default() }), ["c2"]);
        assert_eq!(run(Segment { sections: vec!["C".into(), "I".into()], ..Default::default() }), ["c1", "c4"]);
        assert_eq!(run(Segment { divisions: vec!["49".into()], ..Default::default() }), ["c3"]);
        assert_eq!(run(Segment { sizes: vec![SizeBand::Small, SizeBand::Medium], ..Default::default() }), ["c1", "c2"]);
        assert_eq!(run(Segment { turnovers: vec![TurnoverBand::From10To50M], ..Default::default() }), ["c4"]);
        assert_eq!(run(Segment { stages: vec![Stage::None], ..Default::default() }), ["c1", "c3", "c4"]);
        let both = Segment { provinces: vec![Province::Bari], sizes: vec![SizeBand::Medium], ..Default::default() };
        assert_eq!(run(both), ["c2"]);
    }

    #[test]
    fn a_view_follows_edits_of_other_devices_line_by_line() {
        let mut doc = automerge::Automerge::new();
        let mut tx = doc.transaction();
        init(&mut tx, "bari").unwrap();
        for e in companies() {
            put_entry(&mut tx, &e).unwrap();
        }
        tx.commit();
        let mut view = CompanyIndexView::load(&doc);
        assert_eq!(view.entries.len(), 4);

        let mut other = doc.fork();
        let mut tx = other.transaction();
        let mut renamed = companies()[1].clone();
        renamed.name = "Zeta Costruzioni".into();
        put_entry(&mut tx, &renamed).unwrap();
        put_entry(&mut tx, &entry("c5", "03456780745", "Nuova Logistica", "074001", "52.10.10", 20)).unwrap();
        let obj = entries_obj(&tx).unwrap();
        tx.delete(&obj, "c1").unwrap();
        tx.put(&obj, "junk", "1|broken").unwrap();
        tx.commit();
        doc.merge(&mut other).unwrap();

        assert_eq!(view.refresh(&doc), Some(4));
        assert_eq!(view.skipped, 1);
        assert!(view.get("c1").is_none());
        assert_eq!(view.get("c2").unwrap().name, "Zeta Costruzioni");
        let hits: Vec<&str> =
            view.search.search("zeta", 5).into_iter().map(|i| view.entries[i].company.as_str()).collect();
        assert_eq!(hits, ["c2"]);
        let hits: Vec<&str> =
            view.search.search("nuova", 5).into_iter().map(|i| view.entries[i].company.as_str()).collect();
        assert_eq!(hits, ["c5"]);
        let fresh = CompanyIndexView::load(&doc);
        let mut a: Vec<_> = view.entries.iter().map(CompanyEntry::encode).collect();
        let mut b: Vec<_> = fresh.entries.iter().map(CompanyEntry::encode).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(view.refresh(&doc), Some(0));
        let code = crate::employers::tax_code::parse("IT 01234560728").unwrap();
        assert_eq!(view.by_tax_code(&code).count(), 1);
    }

    #[test]
    fn rewriting_an_unchanged_line_adds_no_operation_and_other_documents_are_refused() {
        let mut doc = AutoCommit::new();
        init(&mut doc, "bari").unwrap();
        put_entry(&mut doc, &companies()[0]).unwrap();
        let heads = doc.get_heads();
        put_entry(&mut doc, &companies()[0]).unwrap();
        assert_eq!(doc.get_heads(), heads);
        assert!(put_entry(&mut AutoCommit::new(), &companies()[0]).is_err());
    }

    #[test]
    fn the_campaign_worklist_over_the_index_puts_the_overdue_call_on_top() {
        let cal = WorkingCalendar::around("bari", date(2026, 12, 15));
        let mut p = companies();
        p[0].campaign.stage = Stage::Selected;
        p[1].campaign = CampaignState {
            stage: Stage::LetterSent,
            letter_sent: Some(date(2026, 12, 14)),
            on: Some(date(2026, 12, 14)),
            ..Default::default()
        };
        p[2].campaign = CampaignState {
            stage: Stage::LetterSent,
            letter_sent: Some(date(2026, 11, 2)),
            on: Some(date(2026, 11, 2)),
            ..Default::default()
        };
        let tasks = campaign_worklist(&p, date(2026, 12, 15), &cal);
        let ids: Vec<&str> = tasks.iter().map(|t| t.company.as_str()).collect();
        assert_eq!(ids, ["c3", "c2", "c1"]);
        assert!(tasks[0].overdue);
    }
}
