//! The convenzione di servizio (seed 4.2, L755): the text the CPI and the company sign at the
//! end of the promotion, built from the CPI and the company record; its SHA-256; and the
//! signing rules. Both signatures are drawn on the screen and bound to the hash of the text
//! shown: when the record changes the text, the convenzione is no longer signed and says so.
//!
//! The seed sets no duration for the convenzione: [`DURATION_MONTHS`] is this product's
//! choice, written into the text.

use super::campaign::{Event, Stage, TransitionError};
use super::company::{Company, Convenzione, Signature};
use super::places;
use crate::catalogue::{catalogue, Audience};
use crate::cpi::Cpi;
use chrono::{NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

/// How long the convenzione runs from its signing (the seed names none).
pub const DURATION_MONTHS: u32 = 24;
/// The signature pad's coordinate space: paths are in these units whatever the screen.
pub const PAD_WIDTH: u32 = 600;
pub const PAD_HEIGHT: u32 = 200;
/// A drawn signature this long or longer (in pad units) is more than a dot or a tap.
const MIN_STROKE_LENGTH: f32 = 120.0;
/// ... and spans at least this much (a line back and forth on one spot is not a signature).
const MIN_SPAN: f32 = 40.0;
/// The largest path kept (a few minutes of drawing), so a record stays small.
pub const MAX_PATH_BYTES: usize = 24_000;

/// Who signs: the CPI's operator or the company's signer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Party {
    Cpi,
    Company,
}

impl Party {
    pub const BOTH: [Party; 2] = [Party::Cpi, Party::Company];

    /// The key of the signature in the record.
    pub fn code(self) -> &'static str {
        match self {
            Party::Cpi => "cpi",
            Party::Company => "azienda",
        }
    }

    pub fn label_it(self) -> &'static str {
        match self {
            Party::Cpi => "Firma per il Centro per l'Impiego",
            Party::Company => "Firma per l'impresa",
        }
    }
}

/// The text of a convenzione, top to bottom. [`ConvenzioneText::plain`] is what is hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvenzioneText {
    pub title: String,
    /// The two parties, one paragraph each.
    pub parties: Vec<String>,
    /// Articles: heading and paragraphs.
    pub articles: Vec<(String, Vec<String>)>,
}

impl ConvenzioneText {
    /// Every line in reading order: the exact text the signatures bind.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        out.extend(self.parties.iter().cloned());
        for (heading, paragraphs) in &self.articles {
            out.push(heading.clone());
            out.extend(paragraphs.iter().cloned());
        }
        out
    }

    pub fn plain(&self) -> String {
        self.lines().join("\n")
    }

    /// Lowercase hex SHA-256 of [`Self::plain`].
    pub fn hash(&self) -> String {
        sha256_hex(self.plain().as_bytes())
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The convenzione between `cpi` and `company`, from what the record says now.
pub fn text(cpi: &Cpi, company: &Company) -> ConvenzioneText {
    let registry = &company.registry;
    let site = &company.legal_site;
    let town = places::by_istat(&site.municipality).map(|m| format!("{} ({})", m.name, m.province));
    let seat = [Some(site.address.as_str().trim().to_owned()), town]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let seat = if seat.is_empty() { String::new() } else { format!(", con sede legale in {seat}") };
    let reference = &company.reference;
    let represented = match (reference.name.as_str().trim(), reference.role.as_str().trim()) {
        ("", _) => String::new(),
        (name, "") => format!(", nella persona di {name}"),
        (name, role) => format!(", nella persona di {name} ({role})"),
    };
    let services = catalogue()
        .by_audience(Audience::Employers)
        .filter(|s| s.code.as_str().starts_with('F'))
        .map(|s| format!("{} – {}", s.code.as_str(), s.name_it))
        .collect::<Vec<_>>();
    let mut commitments =
        vec!["Il Centro per l'Impiego si impegna a offrire gratuitamente all'impresa i seguenti servizi:".to_owned()];
    commitments.extend(services);
    commitments.push(
        "Inoltre l'impresa riceve la newsletter del Centro e può chiedere online profili professionali e \
         consulenze."
            .into(),
    );
    ConvenzioneText {
        title: "CONVENZIONE DI SERVIZIO TRA CENTRO PER L'IMPIEGO E IMPRESA".into(),
        parties: vec![
            format!("Il {}, {} (di seguito \"il Centro\"),", cpi.full_name_it(), cpi.address),
            format!(
                "e l'impresa {} (codice fiscale {}){seat}{represented} (di seguito \"l'impresa\").",
                registry.name.as_str().trim(),
                registry.tax_code.as_str()
            ),
        ],
        articles: vec![
            (
                "Art. 1 – Oggetto".into(),
                vec!["La presente convenzione formalizza il rapporto di servizio tra il Centro e l'impresa. Il \
                      Centro non svolge alcuna attività ispettiva."
                    .into()],
            ),
            ("Art. 2 – Servizi del Centro".into(), commitments),
            (
                "Art. 3 – Impegni dell'impresa".into(),
                vec!["La convenzione non comporta per l'impresa alcun obbligo di assunzione né alcun onere. \
                      L'impresa comunica al Centro i propri fabbisogni di personale e di formazione e ogni \
                      variazione dei dati della scheda anagrafica."
                    .into()],
            ),
            (
                "Art. 4 – Durata".into(),
                vec![format!(
                    "La convenzione ha durata di {DURATION_MONTHS} mesi dalla sottoscrizione. Ciascuna parte può \
                     recedere in qualsiasi momento con comunicazione scritta."
                )],
            ),
            (
                "Art. 5 – Protezione dei dati personali".into(),
                vec![format!(
                    "I dati sono trattati ai sensi del Regolamento (UE) 2016/679 e del D.Lgs. 196/2003 al solo \
                     fine di erogare i servizi della convenzione. Titolare del trattamento è la Regione Puglia, \
                     che opera tramite il {}; l'impresa può esercitare i diritti degli artt. 15-22 del \
                     Regolamento scrivendo a {}.",
                    cpi.full_name_it(),
                    cpi.email
                )],
            ),
        ],
    }
}

/// Where a convenzione stands against the text as the record gives it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Unsigned,
    /// One party signed this text; the other has not yet.
    Partial {
        missing: Party,
    },
    /// Both parties signed this very text.
    Signed,
    /// Signed (in part or in full) for a text that the record no longer gives.
    Outdated,
}

impl Status {
    pub fn message_it(&self) -> String {
        match self {
            Status::Unsigned => "Convenzione non ancora firmata.".into(),
            Status::Partial { missing: Party::Cpi } => "Manca la firma per il Centro per l'Impiego.".into(),
            Status::Partial { missing: Party::Company } => "Manca la firma per l'impresa.".into(),
            Status::Signed => "Convenzione firmata da entrambe le parti.".into(),
            Status::Outdated => "Convenzione non più firmata: i dati dell'impresa sono cambiati dopo la firma. Il \
                                 testo aggiornato va firmato di nuovo da entrambe le parti."
                .into(),
        }
    }
}

/// The hash of the text `signature` binds (records written before signatures kept their
/// own hash bind the convenzione's).
pub fn bound_hash<'a>(convenzione: &'a Convenzione, signature: &'a Signature) -> &'a str {
    if signature.text_hash.is_empty() {
        convenzione.text_hash.as_str()
    } else {
        signature.text_hash.as_str()
    }
}

/// The status of `convenzione` for the text whose hash is `current_hash`: only signatures
/// of that very text count (two devices may have merged signatures of different texts).
pub fn status(convenzione: &Convenzione, current_hash: &str) -> Status {
    let binds_current =
        |p: &Party| convenzione.signatures.get(p.code()).is_some_and(|s| bound_hash(convenzione, s) == current_hash);
    let valid: Vec<Party> = Party::BOTH.into_iter().filter(binds_current).collect();
    match valid.as_slice() {
        [] if convenzione.signatures.is_empty() => Status::Unsigned,
        [] => Status::Outdated,
        [only] => Status::Partial { missing: if *only == Party::Cpi { Party::Company } else { Party::Cpi } },
        _ => Status::Signed,
    }
}

/// Why a signature is refused, in Italian.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignError {
    SignerMissing,
    /// Nothing drawn, or too little to be a signature.
    StrokeTooShort,
    /// The path is not one the pad draws, or too large.
    PathInvalid,
    /// This party already signed this text.
    AlreadySigned(Party),
    /// The text shown is not the record's text now (it changed while it was on screen).
    TextChanged,
}

impl SignError {
    pub fn message_it(&self) -> String {
        match self {
            SignError::SignerMissing => "Scrivi il nome e cognome di chi firma.".into(),
            SignError::StrokeTooShort => "Firma nel riquadro con il dito o la penna: il tratto è troppo corto.".into(),
            SignError::PathInvalid => "La firma non si può registrare: cancellala e firma di nuovo.".into(),
            SignError::AlreadySigned(Party::Cpi) => "Il Centro per l'Impiego ha già firmato questo testo.".into(),
            SignError::AlreadySigned(Party::Company) => "L'impresa ha già firmato questo testo.".into(),
            SignError::TextChanged => {
                "Il testo della convenzione è cambiato mentre era sullo schermo: rileggilo e firma di nuovo.".into()
            }
        }
    }
}

/// The strokes of a pad path (`M x y L x y ... M x y ...`, numbers in pad units), or `None`
/// if it is not such a path or leaves the pad.
pub fn strokes(path: &str) -> Option<Vec<Vec<(f32, f32)>>> {
    let mut out: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut rest = path.trim();
    while !rest.is_empty() {
        let command = rest.chars().next()?;
        rest = &rest[1..];
        let end = rest.find(['M', 'L']).unwrap_or(rest.len());
        let mut numbers = rest[..end].split([' ', ',']).filter(|s| !s.is_empty()).map(str::parse::<f32>);
        let x = numbers.next()?.ok()?;
        let y = numbers.next()?.ok()?;
        if numbers.next().is_some() || !(0.0..=PAD_WIDTH as f32).contains(&x) || !(0.0..=PAD_HEIGHT as f32).contains(&y)
        {
            return None;
        }
        match command {
            'M' => out.push(vec![(x, y)]),
            'L' => out.last_mut()?.push((x, y)),
            _ => return None,
        }
        rest = &rest[end..];
    }
    Some(out)
}

/// Builds a pad path as the pointer moves: coordinates rounded to whole pad units and
/// clamped to the pad, moves under 2 units dropped, so a signature stays a few KB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathBuilder {
    path: String,
    last: Option<(i32, i32)>,
}

impl PathBuilder {
    fn round(x: f64, y: f64) -> (i32, i32) {
        (x.round().clamp(0.0, PAD_WIDTH as f64) as i32, y.round().clamp(0.0, PAD_HEIGHT as f64) as i32)
    }

    /// A new stroke at (x, y) in pad units.
    pub fn start(&mut self, x: f64, y: f64) {
        let (x, y) = Self::round(x, y);
        self.path.push_str(&format!("M{x} {y}"));
        self.last = Some((x, y));
    }

    /// The stroke goes on to (x, y); returns whether the point was kept.
    pub fn extend(&mut self, x: f64, y: f64) -> bool {
        let (x, y) = Self::round(x, y);
        match self.last {
            Some((lx, ly)) if (x - lx).abs() + (y - ly).abs() >= 2 => {
                self.path.push_str(&format!("L{x} {y}"));
                self.last = Some((x, y));
                true
            }
            _ => false,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn clear(&mut self) {
        *self = PathBuilder::default();
    }
}

/// Whether `path` is a signature worth keeping: a pad path, not too large, long enough and
/// spanning enough of the pad.
pub fn check_stroke(path: &str) -> Result<(), SignError> {
    if path.len() > MAX_PATH_BYTES {
        return Err(SignError::PathInvalid);
    }
    let strokes = strokes(path).ok_or(SignError::PathInvalid)?;
    let points = || strokes.iter().flatten();
    let length: f32 = strokes
        .iter()
        .flat_map(|s| s.windows(2))
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum();
    let span = |axis: fn(&(f32, f32)) -> f32| {
        let (lo, hi) = points().map(axis).fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        hi - lo
    };
    if length < MIN_STROKE_LENGTH || span(|p| p.0).max(span(|p| p.1)) < MIN_SPAN {
        return Err(SignError::StrokeTooShort);
    }
    Ok(())
}

/// One signature as drawn on the pad, with who signs and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn<'a> {
    pub party: Party,
    pub signer: &'a str,
    pub path: &'a str,
    pub at: NaiveDateTime,
}

/// Signs the convenzione of `company` for `cpi` with a signature drawn under the text whose
/// hash is `shown_hash`. A signature of an earlier text is void: signing the new text drops
/// it. When both parties have signed and the campaign is at the visit, the campaign's
/// [`Event::Sign`] is recorded under `event_id`. Returns the new status.
pub fn sign(
    company: &mut Company,
    cpi: &Cpi,
    shown_hash: &str,
    drawn: &Drawn<'_>,
    event_id: &str,
    operator: &str,
) -> Result<Status, SignError> {
    let current = text(cpi, company).hash();
    if shown_hash != current {
        return Err(SignError::TextChanged);
    }
    let signer = drawn.signer.split_whitespace().collect::<Vec<_>>().join(" ");
    if signer.chars().count() < 2 {
        return Err(SignError::SignerMissing);
    }
    check_stroke(drawn.path)?;
    let conv = &mut company.convenzione;
    let old = conv.clone();
    conv.signatures.retain(|_, s| bound_hash(&old, s) == current);
    conv.text_hash = current.as_str().into();
    if conv.signatures.contains_key(drawn.party.code()) {
        return Err(SignError::AlreadySigned(drawn.party));
    }
    let signature = Signature {
        signer: signer.as_str().into(),
        signed_at: drawn.at.format("%Y-%m-%dT%H:%M:%S").to_string().into(),
        path: drawn.path.into(),
        text_hash: current.as_str().into(),
    };
    conv.signatures.insert(drawn.party.code().to_owned(), signature);
    let status = status(conv, &current);
    if status == Status::Signed && company.campaign_state().0.stage == Stage::Visited {
        let day = drawn.at.date();
        // The campaign step follows the signatures; a date the campaign refuses leaves it out.
        let _: Result<_, TransitionError> = company.record_event(event_id, Event::Sign, day, day, operator, "");
    }
    Ok(status)
}

/// A signature's time as the record keeps it, for display ("06/10/2026 alle 10:30").
pub fn signed_at_it(signature: &Signature) -> String {
    crate::calendar::italian_moment(&signature.signed_at)
}

/// The day a signature was made, if it reads.
pub fn signed_on(signature: &Signature) -> Option<NaiveDate> {
    NaiveDateTime::parse_from_str(&signature.signed_at, "%Y-%m-%dT%H:%M:%S").ok().map(|at| at.date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::employers::tax_code;

    fn bari() -> Cpi {
        crate::cpi::cpi_by_slug("bari").unwrap().clone()
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 10, 20).unwrap().and_hms_opt(h, m, 0).unwrap()
    }

    fn company() -> Company {
        let code = tax_code::parse("06363391001").unwrap();
        let mut c = Company::new("bari", &code, "Forno Lorusso S.r.l.");
        c.legal_site.address = "Via Sparano 10".into();
        c.legal_site.municipality = "072006".into();
        c.reference.name = "Giulia Lorusso".into();
        c.reference.role = "legale rappresentante".into();
        c
    }

    /// A zigzag across the pad: what a hand-drawn signature looks like to the rules.
    const SCRIBBLE: &str = "M20 150L60 60L100 150L140 60L180 150M200 100L260 100";

    fn drawn(party: Party, signer: &str) -> Drawn<'_> {
        Drawn { party, signer, path: SCRIBBLE, at: at(10, 30) }
    }

    fn visited(c: &mut Company) {
        let d = |day| NaiveDate::from_ymd_opt(2026, 10, day).unwrap();
        let today = d(20);
        c.record_event("e1", Event::Select, d(1), today, "anna", "").unwrap();
        c.record_event("e2", Event::SendLetter, d(2), today, "anna", "").unwrap();
        let call = Event::Call(crate::employers::campaign::CallOutcome::Interested);
        c.record_event("e3", call, d(5), today, "anna", "").unwrap();
        c.record_event("e4", Event::BookVisit(today), d(5), today, "anna", "").unwrap();
        c.record_event("e5", Event::Visit, today, today, "anna", "").unwrap();
    }

    #[test]
    fn the_text_names_both_parties_the_services_the_duration_and_data_protection() {
        let t = text(&bari(), &company());
        let plain = t.plain();
        assert!(plain.contains("Centro per l'Impiego di Bari"), "{plain}");
        assert!(plain.contains("Forno Lorusso S.r.l. (codice fiscale 06363391001)"));
        assert!(plain.contains("Via Sparano 10, Bari (BA)"));
        assert!(plain.contains("nella persona di Giulia Lorusso (legale rappresentante)"));
        for code in ["F1 – ", "F2 – ", "F3 – "] {
            assert!(plain.contains(code), "{code} missing");
        }
        assert!(!plain.contains("G1 – "), "only the services F1-F3");
        assert!(plain.contains(&format!("{DURATION_MONTHS} mesi")));
        assert!(plain.contains("Regolamento (UE) 2016/679"));
        assert!(plain.contains("alcun obbligo di assunzione"));
    }

    #[test]
    fn the_hash_is_the_sha256_of_the_plain_text_and_follows_every_record_change() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let c = company();
        let t = text(&bari(), &c);
        assert_eq!(t.hash(), sha256_hex(t.plain().as_bytes()));
        assert_eq!(t.hash().len(), 64);
        let mut renamed = c.clone();
        renamed.registry.name = "Forno Lorusso S.p.A.".into();
        let mut moved = c.clone();
        moved.legal_site.address = "Via Sparano 12".into();
        let mut other_signer = c.clone();
        other_signer.reference.name = "Marco Lorusso".into();
        for changed in [renamed, moved, other_signer] {
            assert_ne!(text(&bari(), &changed).hash(), t.hash());
        }
        let mut phone = c.clone();
        phone.contacts.phone = "080 1234567".into();
        assert_eq!(text(&bari(), &phone).hash(), t.hash(), "a contact is not part of the text");
    }

    #[test]
    fn both_signatures_on_the_same_text_sign_it_and_record_the_campaign_step() {
        let cpi = bari();
        let mut c = company();
        visited(&mut c);
        let hash = text(&cpi, &c).hash();
        assert_eq!(status(&c.convenzione, &hash), Status::Unsigned);
        let s = sign(&mut c, &cpi, &hash, &drawn(Party::Cpi, "  Anna   Bianchi "), "ev", "anna").unwrap();
        assert_eq!(s, Status::Partial { missing: Party::Company });
        assert_eq!(s.message_it(), "Manca la firma per l'impresa.");
        assert_eq!(c.campaign_state().0.stage, Stage::Visited, "one signature is not a convenzione");
        let s = sign(&mut c, &cpi, &hash, &drawn(Party::Company, "Giulia Lorusso"), "ev", "anna").unwrap();
        assert_eq!(s, Status::Signed);
        assert_eq!(c.convenzione.text_hash, hash.as_str());
        let cpi_sig = &c.convenzione.signatures["cpi"];
        assert_eq!((cpi_sig.signer.as_str(), cpi_sig.signed_at.as_str()), ("Anna Bianchi", "2026-10-20T10:30:00"));
        assert_eq!(cpi_sig.path, SCRIBBLE);
        assert_eq!(signed_at_it(cpi_sig), "20/10/2026 alle 10:30");
        assert_eq!(c.convenzione.signatures["azienda"].signer, "Giulia Lorusso");
        assert_eq!(c.campaign_state().0.stage, Stage::Signed);
        assert_eq!(
            sign(&mut c, &cpi, &hash, &drawn(Party::Company, "Altro"), "ev2", "anna"),
            Err(SignError::AlreadySigned(Party::Company))
        );
    }

    #[test]
    fn signing_before_the_visit_keeps_the_campaign_where_it_is() {
        let cpi = bari();
        let mut c = company();
        let hash = text(&cpi, &c).hash();
        sign(&mut c, &cpi, &hash, &drawn(Party::Cpi, "Anna Bianchi"), "ev", "anna").unwrap();
        let s = sign(&mut c, &cpi, &hash, &drawn(Party::Company, "Giulia Lorusso"), "ev", "anna").unwrap();
        assert_eq!(s, Status::Signed);
        assert!(c.campaign.is_empty(), "the campaign refuses a signature before the visit");
    }

    #[test]
    fn a_record_change_after_signing_voids_the_convenzione_until_both_sign_again() {
        let cpi = bari();
        let mut c = company();
        let hash = text(&cpi, &c).hash();
        sign(&mut c, &cpi, &hash, &drawn(Party::Cpi, "Anna Bianchi"), "ev", "anna").unwrap();
        sign(&mut c, &cpi, &hash, &drawn(Party::Company, "Giulia Lorusso"), "ev", "anna").unwrap();
        c.registry.name = "Forno Lorusso S.p.A.".into();
        let new_hash = text(&cpi, &c).hash();
        assert_eq!(status(&c.convenzione, &new_hash), Status::Outdated);
        assert!(Status::Outdated.message_it().starts_with("Convenzione non più firmata"));
        // The text on a screen opened before the change is refused.
        assert_eq!(
            sign(&mut c, &cpi, &hash, &drawn(Party::Cpi, "Anna Bianchi"), "ev", "anna"),
            Err(SignError::TextChanged)
        );
        // Signing the new text drops the old signatures: the company signs again too.
        let s = sign(&mut c, &cpi, &new_hash, &drawn(Party::Cpi, "Anna Bianchi"), "ev", "anna").unwrap();
        assert_eq!(s, Status::Partial { missing: Party::Company });
        assert!(!c.convenzione.signatures.contains_key("azienda"));
        assert_eq!(c.convenzione.text_hash, new_hash.as_str());
        assert_eq!(c.convenzione.signatures["cpi"].text_hash, new_hash.as_str());
    }

    #[test]
    fn signatures_of_two_texts_merged_from_two_devices_do_not_make_a_convenzione() {
        let cpi = bari();
        // Tablet: the company signs the text as it was.
        let mut tablet = company();
        let old_hash = text(&cpi, &tablet).hash();
        sign(&mut tablet, &cpi, &old_hash, &drawn(Party::Company, "Giulia Lorusso"), "ev", "anna").unwrap();
        // Desk, meanwhile: the record changes and the CPI signs the new text.
        let mut desk = company();
        desk.registry.name = "Forno Lorusso S.p.A.".into();
        let new_hash = text(&cpi, &desk).hash();
        sign(&mut desk, &cpi, &new_hash, &drawn(Party::Cpi, "Anna Bianchi"), "ev", "anna").unwrap();
        // The merge keeps both signatures and one of the two convenzione hashes.
        let mut merged = desk.clone();
        merged.convenzione.signatures.insert("azienda".into(), tablet.convenzione.signatures["azienda"].clone());
        for last_signed in [&old_hash, &new_hash] {
            merged.convenzione.text_hash = last_signed.as_str().into();
            assert_eq!(status(&merged.convenzione, &new_hash), Status::Partial { missing: Party::Company });
        }
        // The company signs the current text: now it is signed, the stale signature replaced.
        let s = sign(&mut merged, &cpi, &new_hash, &drawn(Party::Company, "Giulia Lorusso"), "ev", "anna");
        assert_eq!(s, Ok(Status::Signed));
        assert!(merged.convenzione.signatures.values().all(|s| s.text_hash == new_hash.as_str()));
    }

    #[test]
    fn a_record_signed_before_signatures_kept_their_hash_still_reads() {
        let cpi = bari();
        let mut c = company();
        let hash = text(&cpi, &c).hash();
        sign(&mut c, &cpi, &hash, &drawn(Party::Cpi, "Anna Bianchi"), "ev", "anna").unwrap();
        sign(&mut c, &cpi, &hash, &drawn(Party::Company, "Giulia Lorusso"), "ev", "anna").unwrap();
        for s in c.convenzione.signatures.values_mut() {
            s.text_hash = "".into();
        }
        assert_eq!(status(&c.convenzione, &hash), Status::Signed);
        c.registry.name = "Forno Lorusso S.p.A.".into();
        assert_eq!(status(&c.convenzione, &text(&cpi, &c).hash()), Status::Outdated);
    }

    #[test]
    fn a_signature_needs_a_name_and_a_real_stroke() {
        let cpi = bari();
        let mut c = company();
        let hash = text(&cpi, &c).hash();
        let mut d = drawn(Party::Cpi, " ");
        assert_eq!(sign(&mut c, &cpi, &hash, &d, "ev", "anna"), Err(SignError::SignerMissing));
        d.signer = "Anna Bianchi";
        for (path, err) in [
            ("", SignError::StrokeTooShort),
            ("M10 10", SignError::StrokeTooShort),
            ("M10 10L12 11L14 12", SignError::StrokeTooShort),
            ("M100 100L120 100L100 100L120 100L100 100L120 100L100 100L120 100", SignError::StrokeTooShort),
            ("M10 10L700 10", SignError::PathInvalid),
            ("M10 10Z", SignError::PathInvalid),
            ("L10 10", SignError::PathInvalid),
            ("M10 10 L20", SignError::PathInvalid),
        ] {
            d.path = path;
            assert_eq!(sign(&mut c, &cpi, &hash, &d, "ev", "anna"), Err(err), "{path:?}");
        }
        let huge = format!("M0 0{}", "L600 200L0 0".repeat(MAX_PATH_BYTES / 10));
        assert_eq!(check_stroke(&huge), Err(SignError::PathInvalid));
        assert!(c.convenzione.signatures.is_empty());
        assert_eq!(
            SignError::StrokeTooShort.message_it(),
            "Firma nel riquadro con il dito o la penna: il tratto è troppo corto."
        );
        assert_eq!(check_stroke(SCRIBBLE), Ok(()));
        assert_eq!(strokes(SCRIBBLE).unwrap().len(), 2);
        assert_eq!(strokes("M1.5,2L3 4").unwrap(), [vec![(1.5, 2.0), (3.0, 4.0)]]);
    }

    #[test]
    fn the_pad_path_is_rounded_clamped_and_skips_tiny_moves() {
        let mut b = PathBuilder::default();
        b.start(10.4, 20.6);
        assert!(b.extend(30.2, 20.0));
        assert!(!b.extend(30.9, 20.4), "under 2 units");
        assert!(b.extend(700.0, -5.0));
        b.start(1.0, 1.0);
        assert_eq!(b.path(), "M10 21L30 20L600 0M1 1");
        assert!(strokes(b.path()).is_some(), "what the pad draws the rules read");
        b.clear();
        assert_eq!(b.path(), "");
    }
}
