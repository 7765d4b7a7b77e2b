//! A CPI's dossier index: one document per CPI mapping each dossier's id to a compact line
//! with what search and the worklist need (names, codice fiscale, the dates and flags the
//! deadline rules read). Operators sync this one document instead of every dossier, so
//! search and the worklist work offline and at 100,000 dossiers.
//!
//! Each entry is one scalar string under the dossier's id: writing an entry is one
//! operation, concurrent edits of different dossiers never conflict, and loading reads one
//! map. The line format is versioned (`1|...`).

use super::dossier::{Dossier, Fact, Facts, Milestones};
use crate::codice_fiscale::{CodiceFiscale, Sex};
use crate::pathway::PersonFacts;
use automerge::transaction::Transactable;
use automerge::{ObjType, ReadDoc, ScalarValue, ScalarValueRef, Value, ValueRef, ROOT};
use chrono::NaiveDate;

pub const INDEX_SCHEMA: u64 = 1;
pub const INDEX_KIND: &str = "index";
const ENTRIES: &str = "entries";
const LINE_VERSION: &str = "1";

/// What the index knows about one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The dossier's document id (bs58check).
    pub dossier: String,
    pub codice_fiscale: String,
    pub surname: String,
    pub name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub never_employed: bool,
    pub unemployed_since: Option<NaiveDate>,
    pub milestones: Milestones,
    /// Facts bits in [`Flag`] order.
    pub flags: u16,
}

#[derive(Debug, Clone, Copy)]
#[repr(u16)]
pub enum Flag {
    IncomeSupport = 1,
    DisabilityL68 = 2,
    CompulsoryEducation = 4,
    UpperSecondaryDiploma = 8,
    Degree = 16,
    LivesAloneWithDependants = 32,
    UnderrepresentedGender = 64,
    NationalMinority = 128,
}

impl Flag {
    /// The bit that stores `fact`.
    pub fn of(fact: Fact) -> Flag {
        match fact {
            Fact::IncomeSupport => Flag::IncomeSupport,
            Fact::DisabilityL68 => Flag::DisabilityL68,
            Fact::CompulsoryEducation => Flag::CompulsoryEducation,
            Fact::UpperSecondaryDiploma => Flag::UpperSecondaryDiploma,
            Fact::Degree => Flag::Degree,
            Fact::LivesAloneWithDependants => Flag::LivesAloneWithDependants,
            Fact::UnderrepresentedGender => Flag::UnderrepresentedGender,
            Fact::NationalMinority => Flag::NationalMinority,
        }
    }
}

/// A line's date field (`YYYYMMDD`, empty for none); shared with the company index.
pub(crate) fn date_field(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y%m%d").to_string()).unwrap_or_default()
}

pub(crate) fn parse_date_field(s: &str) -> Result<Option<NaiveDate>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y%m%d").map(Some).map_err(|_| format!("bad date {s:?}"))
}

/// A field's text as a line holds it: trimmed, `|` replaced.
pub(crate) fn clean(s: &str) -> String {
    s.trim().replace('|', "/")
}

impl IndexEntry {
    /// The index line of a dossier; `None` if its birth date or sex is not valid yet.
    pub fn from_dossier(dossier_id: &str, d: &Dossier) -> Option<IndexEntry> {
        let facts = d.person_facts()?;
        Some(IndexEntry {
            dossier: dossier_id.to_owned(),
            codice_fiscale: d.personal.codice_fiscale.as_str().to_owned(),
            surname: d.personal.surname.as_str().trim().to_owned(),
            name: d.personal.name.as_str().trim().to_owned(),
            birth_date: facts.birth_date,
            sex: facts.sex,
            never_employed: facts.never_employed,
            unemployed_since: facts.unemployed_since,
            milestones: d.milestones(),
            flags: Fact::ALL.into_iter().filter(|f| d.facts.holds(*f)).fold(0, |acc, f| acc | Flag::of(f) as u16),
        })
    }

    pub fn has(&self, flag: Flag) -> bool {
        self.flags & flag as u16 != 0
    }

    /// The facts the deadline rules read.
    pub fn person_facts(&self) -> PersonFacts {
        let mut facts = PersonFacts::new(self.birth_date, self.sex);
        facts.did_date = self.milestones.did;
        facts.unemployed_since = self.unemployed_since;
        facts.never_employed = self.never_employed;
        let mut recorded = Facts::default();
        for fact in Fact::ALL {
            recorded.set(fact, self.has(Flag::of(fact)));
        }
        recorded.apply_to(&mut facts);
        facts
    }

    /// "Rossi Mario".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.surname, self.name)
    }

    /// The line stored in the index document.
    pub fn encode(&self) -> String {
        let m = &self.milestones;
        [
            LINE_VERSION.to_owned(),
            clean(&self.codice_fiscale),
            clean(&self.surname),
            clean(&self.name),
            date_field(Some(self.birth_date)),
            crate::docs::dossier::sex_code(self.sex).to_owned(),
            if self.never_employed { "1" } else { "0" }.to_owned(),
            date_field(self.unemployed_since),
            date_field(m.did),
            date_field(m.interview),
            date_field(m.pai),
            date_field(m.pds_signed),
            self.flags.to_string(),
        ]
        .join("|")
    }

    pub fn decode(dossier: &str, line: &str) -> Result<IndexEntry, String> {
        let f: Vec<&str> = line.split('|').collect();
        if f.first() != Some(&LINE_VERSION) || f.len() < 13 {
            return Err(format!("unknown index line {line:?}"));
        }
        let sex = match f[5] {
            "M" => Sex::Male,
            "F" => Sex::Female,
            other => return Err(format!("bad sex {other:?}")),
        };
        Ok(IndexEntry {
            dossier: dossier.to_owned(),
            codice_fiscale: f[1].to_owned(),
            surname: f[2].to_owned(),
            name: f[3].to_owned(),
            birth_date: parse_date_field(f[4])?.ok_or("missing birth date")?,
            sex,
            never_employed: f[6] == "1",
            unemployed_since: parse_date_field(f[7])?,
            milestones: Milestones {
                did: parse_date_field(f[8])?,
                interview: parse_date_field(f[9])?,
                pai: parse_date_field(f[10])?,
                pds_signed: parse_date_field(f[11])?,
            },
            flags: f[12].parse().map_err(|_| format!("bad flags {:?}", f[12]))?,
        })
    }
}

/// Writes the skeleton of a new index document (the relay does this once per CPI, so the
/// `entries` map has a single identity everywhere).
pub fn init(tx: &mut impl Transactable, cpi: &str) -> Result<(), automerge::AutomergeError> {
    init_lines(tx, INDEX_SCHEMA, INDEX_KIND, cpi)
}

/// The skeleton of a document of index lines (`schema`, `kind`, `cpi`, an `entries` map);
/// shared with the company index.
pub(crate) fn init_lines(
    tx: &mut impl Transactable,
    schema: u64,
    kind: &str,
    cpi: &str,
) -> Result<(), automerge::AutomergeError> {
    tx.put(ROOT, "schema", schema)?;
    tx.put(ROOT, "kind", kind)?;
    tx.put(ROOT, "cpi", cpi)?;
    tx.put_object(ROOT, ENTRIES, ObjType::Map)?;
    Ok(())
}

/// The `entries` map of a document of index lines.
pub(crate) fn entries_obj(doc: &impl ReadDoc) -> Option<automerge::ObjId> {
    match doc.get(ROOT, ENTRIES).ok().flatten()? {
        (Value::Object(ObjType::Map), id) => Some(id),
        _ => None,
    }
}

/// Adds or replaces a dossier's entry. Fails if the document is not an index.
pub fn put_entry(tx: &mut impl Transactable, entry: &IndexEntry) -> Result<(), String> {
    let obj = entries_obj(tx).ok_or("not an index document")?;
    let line = entry.encode();
    let unchanged =
        matches!(tx.get(&obj, &entry.dossier), Ok(Some((Value::Scalar(s), _))) if s.as_str() == Some(&line));
    if !unchanged {
        tx.put(&obj, &entry.dossier, ScalarValue::Str(line.into())).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Every entry of the index, skipping lines this version cannot read (a newer app may have
/// written them); the count of those is returned too.
pub fn read_entries(doc: &impl ReadDoc) -> (Vec<IndexEntry>, usize) {
    let Some(obj) = entries_obj(doc) else {
        return (Vec::new(), 0);
    };
    let mut out = Vec::with_capacity(doc.length(&obj));
    let mut skipped = 0;
    for item in doc.map_range(&obj, ..) {
        let line = match &item.value {
            ValueRef::Scalar(ScalarValueRef::Str(s)) => Some(s.as_ref()),
            _ => None,
        };
        match line.map(|l| IndexEntry::decode(&item.key, l)) {
            Some(Ok(entry)) => out.push(entry),
            _ => skipped += 1,
        }
    }
    (out, skipped)
}

/// The patches to the `entries` map from the heads `seen` to the document's, or `None` if
/// the document does not continue what was seen (read everything again); shared with the
/// company index.
pub(crate) fn entry_patches(
    doc: &automerge::Automerge,
    seen: &[automerge::ChangeHash],
) -> Option<Vec<automerge::Patch>> {
    let heads = doc.get_heads();
    if heads == seen {
        return Some(Vec::new());
    }
    let known = seen.iter().all(|h| doc.get_change_by_hash(h).is_some());
    let obj = entries_obj(doc).filter(|_| known)?;
    Some(doc.diff(seen, &heads).into_iter().filter(|patch| patch.obj == obj).collect())
}

/// The patches of `patches` to the `entries` map, or `None` if the map itself was replaced
/// (read everything again); shared with the company index.
pub(crate) fn patches_to_entries(
    doc: &automerge::Automerge,
    patches: Vec<automerge::Patch>,
) -> Option<Vec<automerge::Patch>> {
    let obj = entries_obj(doc)?;
    let replaced = patches.iter().any(|p| {
        p.obj == ROOT
            && matches!(&p.action, automerge::PatchAction::PutMap { key, .. } | automerge::PatchAction::DeleteMap { key } if key == ENTRIES)
    });
    (!replaced).then(|| patches.into_iter().filter(|patch| patch.obj == obj).collect())
}

/// The index as an operator's desk holds it in memory: the entries, where each dossier's
/// entry sits, and the search keys, kept current by applying only what changed in the
/// document since it was last read (an edit elsewhere in a CPI of 100,000 people costs one
/// line, not a re-read of the whole index).
pub struct IndexView {
    pub entries: Vec<IndexEntry>,
    pub search: crate::search::SearchIndex,
    /// Lines this version could not read (written by a newer app).
    pub skipped: usize,
    positions: std::collections::HashMap<String, usize>,
    heads: Vec<automerge::ChangeHash>,
}

impl IndexView {
    pub fn load(doc: &automerge::Automerge) -> IndexView {
        let (entries, skipped) = read_entries(doc);
        let positions = entries.iter().enumerate().map(|(i, e)| (e.dossier.clone(), i)).collect();
        let search = crate::search::SearchIndex::build(&entries);
        IndexView { entries, search, skipped, positions, heads: doc.get_heads() }
    }

    /// Brings the view up to the document's current heads. Returns how many entries were
    /// touched, or `None` if it had to read everything again (the document is not a
    /// continuation of what the view saw).
    pub fn refresh(&mut self, doc: &automerge::Automerge) -> Option<usize> {
        match entry_patches(doc, &self.heads) {
            Some(patches) => self.apply(doc, patches),
            None => {
                *self = IndexView::load(doc);
                None
            }
        }
    }

    /// Brings the view up to the document with the patches recorded as its changes were
    /// applied (`SyncClient::take_patches`): the cost of the change, not of the index. Returns
    /// how many entries were touched, or `None` if it read everything again.
    pub fn apply(&mut self, doc: &automerge::Automerge, patches: Vec<automerge::Patch>) -> Option<usize> {
        let Some(patches) = patches_to_entries(doc, patches) else {
            *self = IndexView::load(doc);
            return None;
        };
        let mut touched = 0;
        for patch in patches {
            match patch.action {
                automerge::PatchAction::PutMap { key, value: (value, _), .. } => {
                    let decoded = match &value {
                        Value::Scalar(s) => s.as_str().map(|line| IndexEntry::decode(&key, line)),
                        _ => None,
                    };
                    match decoded {
                        Some(Ok(entry)) => self.upsert(entry),
                        _ => {
                            self.remove(&key);
                            self.skipped += 1;
                        }
                    }
                }
                automerge::PatchAction::DeleteMap { key } => self.remove(&key),
                _ => continue,
            }
            touched += 1;
        }
        self.heads = doc.get_heads();
        Some(touched)
    }

    fn upsert(&mut self, entry: IndexEntry) {
        match self.positions.get(&entry.dossier) {
            Some(&i) => {
                self.search.set(i, &entry);
                self.entries[i] = entry;
            }
            None => {
                self.positions.insert(entry.dossier.clone(), self.entries.len());
                self.search.push(&entry);
                self.entries.push(entry);
            }
        }
    }

    fn remove(&mut self, dossier: &str) {
        let Some(i) = self.positions.remove(dossier) else { return };
        self.entries.swap_remove(i);
        self.search.swap_remove(i);
        if let Some(moved) = self.entries.get(i) {
            self.positions.insert(moved.dossier.clone(), i);
        }
    }

    /// The entry of a dossier, by its document id.
    pub fn get(&self, dossier: &str) -> Option<&IndexEntry> {
        self.positions.get(dossier).map(|&i| &self.entries[i])
    }

    /// The entries of the holder of `code` (normally one): the index keeps the normalised
    /// code, personal and provisional alike, so a code typed in any case or with spaces finds
    /// the same dossier once parsed.
    pub fn dossiers_of<'a>(&'a self, code: &'a CodiceFiscale) -> impl Iterator<Item = &'a IndexEntry> + 'a {
        self.entries.iter().filter(move |e| e.codice_fiscale == code.as_str())
    }

    /// The first dossier of the holder of `code`, if the index has one.
    pub fn dossier_of<'a>(&'a self, code: &'a CodiceFiscale) -> Option<&'a IndexEntry> {
        self.dossiers_of(code).next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::AutoCommit;

    fn sample() -> IndexEntry {
        let mut d = Dossier::new(
            "bari",
            "RSSMRA80A01H501U",
            "Rossi | Bianchi",
            "Mario",
            NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
            Sex::Male,
        );
        d.facts.degree = true;
        d.facts.income_support = true;
        d.add_step("s", crate::docs::dossier::StepKind::Did, NaiveDate::from_ymd_opt(2026, 10, 6).unwrap(), "op", "");
        IndexEntry::from_dossier("doc1", &d).unwrap()
    }

    #[test]
    fn a_line_round_trips_and_never_breaks_on_a_pipe_in_a_name() {
        let e = sample();
        let back = IndexEntry::decode("doc1", &e.encode()).unwrap();
        assert_eq!(back.surname, "Rossi / Bianchi");
        assert_eq!(back.milestones.did, e.milestones.did);
        assert!(back.has(Flag::Degree) && back.has(Flag::IncomeSupport) && !back.has(Flag::DisabilityL68));
        assert_eq!(back.person_facts(), IndexEntry { surname: back.surname.clone(), ..e }.person_facts());
    }

    #[test]
    fn every_fact_keeps_its_own_bit_through_the_line() {
        for fact in Fact::ALL {
            let mut d = Dossier::new("bari", "RSSMRA80A01H501U", "Rossi", "Mario", date(1980, 1, 1), Sex::Male);
            d.facts.set(fact, true);
            let back = IndexEntry::decode("doc1", &IndexEntry::from_dossier("doc1", &d).unwrap().encode()).unwrap();
            for other in Fact::ALL {
                assert_eq!(back.has(Flag::of(other)), other == fact, "{fact:?} stored, {other:?} read");
            }
            assert_eq!(back.person_facts(), d.person_facts().unwrap(), "{fact:?}");
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_dossier_is_found_by_its_codice_fiscale_personal_or_provisional() {
        let mut doc = automerge::Automerge::new();
        let mut tx = doc.transaction();
        init(&mut tx, "bari").unwrap();
        let personal = Dossier::new("bari", "RSSMRA80A01H501U", "Rossi", "Mario", date(1980, 1, 1), Sex::Male);
        let provisional = Dossier::new("bari", "06363391001", "Verdi", "Anna", date(1990, 5, 4), Sex::Female);
        put_entry(&mut tx, &IndexEntry::from_dossier("doc-personal", &personal).unwrap()).unwrap();
        put_entry(&mut tx, &IndexEntry::from_dossier("doc-provisional", &provisional).unwrap()).unwrap();
        tx.commit();
        let view = IndexView::load(&doc);
        let found = |typed: &str| {
            let code = crate::codice_fiscale::parse(typed).unwrap();
            view.dossier_of(&code).map(|e| e.dossier.clone())
        };
        assert_eq!(found("rssmra80a01h501u").as_deref(), Some("doc-personal"));
        assert_eq!(found(" 063 633 910 01 ").as_deref(), Some("doc-provisional"));
        let stranger = crate::codice_fiscale::compute("Bianchi", "Lara", date(1985, 8, 1), Sex::Female, "F205");
        assert_eq!(found(stranger.as_str()), None);
        let code = crate::codice_fiscale::parse("06363391001").unwrap();
        assert_eq!(view.dossiers_of(&code).count(), 1);
    }

    #[test]
    fn entries_are_written_and_read_back_through_the_document() {
        let mut doc = AutoCommit::new();
        init(&mut doc, "bari").unwrap();
        let e = sample();
        put_entry(&mut doc, &e).unwrap();
        doc.put(doc.get(ROOT, ENTRIES).unwrap().unwrap().1, "junk", "2|future").unwrap();
        let (entries, skipped) = read_entries(&doc);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].codice_fiscale, "RSSMRA80A01H501U");
        assert_eq!(skipped, 1);
    }

    #[test]
    fn rewriting_an_unchanged_entry_adds_no_operation() {
        let mut doc = AutoCommit::new();
        init(&mut doc, "bari").unwrap();
        put_entry(&mut doc, &sample()).unwrap();
        let heads = doc.get_heads();
        put_entry(&mut doc, &sample()).unwrap();
        assert_eq!(doc.get_heads(), heads);
    }

    #[test]
    fn a_view_follows_edits_without_reading_everything_again() {
        let mut doc = automerge::Automerge::new();
        let mut tx = doc.transaction();
        init(&mut tx, "bari").unwrap();
        let people = crate::demo::index_entries("bari", 50, 3, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        for e in &people {
            put_entry(&mut tx, e).unwrap();
        }
        tx.commit();
        let mut view = IndexView::load(&doc);
        assert_eq!(view.entries.len(), 50);

        // Another device renames one person and adds one.
        let mut other = doc.fork();
        let mut tx = other.transaction();
        let mut renamed = people[7].clone();
        renamed.surname = "Zzyzx".into();
        put_entry(&mut tx, &renamed).unwrap();
        put_entry(&mut tx, &IndexEntry { dossier: "new".into(), ..people[0].clone() }).unwrap();
        let entries = tx.get(ROOT, ENTRIES).unwrap().unwrap().1;
        tx.delete(&entries, &people[3].dossier).unwrap();
        tx.commit();
        doc.merge(&mut other).unwrap();

        assert_eq!(view.refresh(&doc), Some(3));
        assert_eq!(view.entries.len(), 50);
        assert_eq!(view.get(&people[7].dossier).unwrap().surname, "Zzyzx");
        assert!(view.get(&people[3].dossier).is_none() && view.get("new").is_some());
        let hits: Vec<&str> =
            view.search.search("zzyzx", 5).into_iter().map(|i| view.entries[i].dossier.as_str()).collect();
        assert_eq!(hits, [people[7].dossier.as_str()]);
        // Same content as reading from scratch.
        let fresh = IndexView::load(&doc);
        let mut a: Vec<_> = view.entries.iter().map(IndexEntry::encode).collect();
        let mut b: Vec<_> = fresh.entries.iter().map(IndexEntry::encode).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(view.refresh(&doc), Some(0));
    }

    #[test]
    fn put_entry_refuses_a_document_that_is_not_an_index() {
        let mut doc = AutoCommit::new();
        assert!(put_entry(&mut doc, &sample()).is_err());
    }
}
