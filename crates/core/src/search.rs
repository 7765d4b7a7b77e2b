//! Finding a dossier by surname, name or codice fiscale, as an operator types.
//!
//! The index is folded once (lowercase, accents and apostrophes removed); each keystroke is
//! then a linear scan of short byte strings, which stays within a frame at 100,000 dossiers
//! (measured by `cargo xtask bench`), with no tree to rebuild when an entry changes.

use crate::docs::index::IndexEntry;

/// Lowercase ASCII with Italian accents folded and everything else that is not a letter or a
/// digit turned into a space: "D'Amico Nicolò" -> "d amico nicolo".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => ' ',
        };
        out.push(folded);
    }
    out
}

/// A query as the searches read it: each folded word as a word start (" x") and the whole
/// query without spaces; `None` under 2 characters. Shared with the company search.
pub(crate) fn query_keys(query: &str) -> Option<(Vec<String>, String)> {
    let folded = fold(query);
    let words: Vec<String> = folded.split_whitespace().map(|w| format!(" {w}")).collect();
    let compact: String = folded.split_whitespace().collect();
    (compact.len() >= 2).then_some((words, compact))
}

struct Row {
    /// " surname name " folded (plus the surname without spaces if it has any), with a
    /// leading space so word starts are " x".
    words: String,
    cf: String,
    surname: String,
}

/// The folded search keys of an index, in the index's order.
pub struct SearchIndex {
    rows: Vec<Row>,
}

/// How well an entry matches; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    ExactCodiceFiscale,
    CodiceFiscalePrefix,
    SurnameFirst,
    Words,
}

impl Row {
    fn of(e: &IndexEntry) -> Row {
        let surname = fold(&e.surname);
        // "D'Amico" is also found as typed without the apostrophe.
        let joined: String = surname.split_whitespace().collect();
        let extra = if joined.len() < surname.trim().len() { format!("{joined} ") } else { String::new() };
        Row {
            words: format!(" {} {} {extra}", surname.trim(), fold(&e.name).trim()),
            cf: e.codice_fiscale.to_ascii_lowercase(),
            surname: joined,
        }
    }
}

impl SearchIndex {
    pub fn build(entries: &[IndexEntry]) -> SearchIndex {
        SearchIndex { rows: entries.iter().map(Row::of).collect() }
    }

    /// Keeps the keys in step with an entries vector edited in place.
    pub fn set(&mut self, i: usize, entry: &IndexEntry) {
        self.rows[i] = Row::of(entry);
    }

    pub fn push(&mut self, entry: &IndexEntry) {
        self.rows.push(Row::of(entry));
    }

    pub fn swap_remove(&mut self, i: usize) {
        self.rows.swap_remove(i);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Positions (in the entries given to `build`) of at most `limit` matches, best first:
    /// the exact codice fiscale, then codice fiscale prefixes, then people whose surname
    /// starts with the first word typed, then the rest; ties alphabetical by surname.
    /// Every word typed must start a word of the name, or the whole query must start the
    /// codice fiscale. Fewer than 2 characters match nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<usize> {
        let Some((words, compact)) = query_keys(query) else { return Vec::new() };
        let first = words.first().map(|w| w[1..].to_owned()).unwrap_or_default();
        let mut hits: Vec<(Rank, usize)> = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            let rank = if row.cf == compact {
                Rank::ExactCodiceFiscale
            } else if compact.len() >= 3 && row.cf.starts_with(&compact) {
                Rank::CodiceFiscalePrefix
            } else if words.iter().all(|w| row.words.contains(w.as_str())) {
                if row.surname.starts_with(&first) {
                    Rank::SurnameFirst
                } else {
                    Rank::Words
                }
            } else {
                continue;
            };
            hits.push((rank, i));
        }
        let key = |&(rank, i): &(Rank, usize)| (rank, &self.rows[i].words, i);
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit, |a, b| key(a).cmp(&key(b)));
            hits.truncate(limit);
        }
        hits.sort_by(|a, b| key(a).cmp(&key(b)));
        hits.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codice_fiscale::Sex;
    use crate::docs::dossier::Milestones;
    use chrono::NaiveDate;

    fn entry(cf: &str, surname: &str, name: &str) -> IndexEntry {
        IndexEntry {
            dossier: cf.to_owned(),
            codice_fiscale: cf.to_owned(),
            surname: surname.to_owned(),
            name: name.to_owned(),
            birth_date: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            sex: Sex::Male,
            never_employed: false,
            unemployed_since: None,
            milestones: Milestones::default(),
            flags: 0,
        }
    }

    fn people() -> Vec<IndexEntry> {
        vec![
            entry("RSSMRA80A01H501U", "Rossi", "Mario"),
            entry("RSSLGU85B02A662X", "Rossini", "Luigi"),
            entry("DMCNCL90C03A662Y", "D'Amico", "Nicolò"),
            entry("BNCMRA70D04A662Z", "Bianchi", "Maria Rossa"),
        ]
    }

    fn names(idx: &SearchIndex, people: &[IndexEntry], q: &str) -> Vec<String> {
        idx.search(q, 10).into_iter().map(|i| people[i].surname.clone()).collect()
    }

    #[test]
    fn finds_by_surname_prefix_first_then_other_words() {
        let p = people();
        let idx = SearchIndex::build(&p);
        assert_eq!(names(&idx, &p, "ross"), ["Rossi", "Rossini", "Bianchi"]);
        assert_eq!(names(&idx, &p, "rossi mar"), ["Rossi"]);
        assert_eq!(names(&idx, &p, "mario rossi"), ["Rossi"]);
    }

    #[test]
    fn folds_accents_apostrophes_and_case() {
        let p = people();
        let idx = SearchIndex::build(&p);
        assert_eq!(names(&idx, &p, "damico"), ["D'Amico"]);
        assert_eq!(names(&idx, &p, "d'amico NICOLO"), ["D'Amico"]);
        assert_eq!(names(&idx, &p, "amico"), ["D'Amico"]);
    }

    #[test]
    fn a_codice_fiscale_wins_and_a_prefix_finds_it() {
        let p = people();
        let idx = SearchIndex::build(&p);
        assert_eq!(names(&idx, &p, "rssmra80a01h501u"), ["Rossi"]);
        assert_eq!(names(&idx, &p, "RSSLGU"), ["Rossini"]);
        assert!(idx.search("r", 10).is_empty());
    }

    #[test]
    fn the_limit_keeps_the_best() {
        let p: Vec<IndexEntry> =
            (0..50).map(|i| entry(&format!("CF{i:02}"), &format!("Rossi{i:02}"), "Anna")).collect();
        let idx = SearchIndex::build(&p);
        let hits = idx.search("rossi", 5);
        assert_eq!(hits, [0, 1, 2, 3, 4]);
    }
}
