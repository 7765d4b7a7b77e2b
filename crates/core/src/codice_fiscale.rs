//! Validation of the Italian tax code (codice fiscale), as typed at a desk or read from the
//! Code 39 barcode on the back of the Tessera Sanitaria.
//!
//! Personal codes have 16 characters: surname (3 letters), name (3), year (2 digits), month
//! letter, day (+40 for women), Belfiore place code (letter + 3 digits, Z for foreign states)
//! and a check letter. When two people would get the same code, the Agenzia delle Entrate
//! replaces digits, from the right, with letters (omocodia): such codes are valid and are
//! never rejected here. Provisional codes are 11 digits with a partita-IVA check digit.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Month letters, January to December.
const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
/// Omocodia letters standing for the digits 0..9.
const OMOCODE: &[u8; 10] = b"LMNPQRSTUV";
/// 0-based positions of the digits that omocodia may replace, left to right.
pub const OMOCODE_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
/// Values of 0-9 and A-Z (same index) at odd 1-based positions.
const ODD_VALUES: [u32; 26] =
    [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/// Why a text is not a valid codice fiscale. Positions are 1-based and count only the
/// non-space characters, as in the normalised code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CfError {
    /// Nothing but spaces.
    Empty,
    /// Neither 16 characters nor 11 digits.
    WrongLength { len: usize },
    /// Not an ASCII letter or digit (punctuation, accented letters...).
    IllegalCharacter { position: usize, found: char },
    /// A digit where the code needs a letter.
    ExpectedLetter { position: usize, found: char },
    /// A letter where the code needs a digit (or one of the omocodia letters L..V).
    ExpectedDigit { position: usize, found: char },
    /// Position 9 is not one of A B C D E H L M P R S T.
    InvalidMonth { found: char },
    /// Positions 10-11 are not 01-31 or 41-71 (omocodia letters decoded).
    InvalidDay { day: u32 },
    /// Positions 12-15 are not a place code (A..M or Z, then 001..999).
    InvalidPlaceCode { code: String },
    /// The last character does not match the others.
    CheckCharacterMismatch { expected: char, found: char },
}

impl CfError {
    /// A clear Italian explanation for the person who typed the code.
    pub fn message_it(&self) -> String {
        match self {
            CfError::Empty => "Inserisci il codice fiscale.".into(),
            CfError::WrongLength { len: 1 } => "Il codice fiscale deve avere 16 caratteri \
                 (11 cifre se provvisorio): ne è stato inserito 1."
                .into(),
            CfError::WrongLength { len } => format!(
                "Il codice fiscale deve avere 16 caratteri (11 cifre se provvisorio): \
                 ne sono stati inseriti {len}."
            ),
            CfError::IllegalCharacter { position, found } => format!(
                "Il carattere «{found}» in posizione {position} non è ammesso: il codice \
                 fiscale contiene solo lettere senza accenti e cifre."
            ),
            CfError::ExpectedLetter { position, found } => {
                format!("In posizione {position} ci vuole una lettera, non «{found}».")
            }
            CfError::ExpectedDigit { position, found } => {
                format!("In posizione {position} ci vuole una cifra, non «{found}».")
            }
            CfError::InvalidMonth { found } => format!(
                "La lettera del mese di nascita (posizione 9) non è valida: «{found}». \
                 Le lettere ammesse sono A B C D E H L M P R S T."
            ),
            CfError::InvalidDay { day } => format!(
                "Il giorno di nascita (posizioni 10 e 11) non è valido: {day:02}. \
                 Deve essere tra 01 e 31, o tra 41 e 71 per le donne."
            ),
            CfError::InvalidPlaceCode { code } => format!(
                "Il codice del Comune o dello Stato estero di nascita (posizioni 12-15) \
                 non è valido: {code}."
            ),
            CfError::CheckCharacterMismatch { expected, found } => format!(
                "Il carattere di controllo non corrisponde: atteso {expected}, trovato \
                 {found}. Controlla di aver digitato bene il codice."
            ),
        }
    }

    /// The 1-based position the error points at, to highlight it.
    pub fn position(&self) -> Option<usize> {
        match self {
            CfError::IllegalCharacter { position, .. }
            | CfError::ExpectedLetter { position, .. }
            | CfError::ExpectedDigit { position, .. } => Some(*position),
            CfError::InvalidMonth { .. } => Some(9),
            CfError::InvalidDay { .. } => Some(10),
            CfError::InvalidPlaceCode { .. } => Some(12),
            CfError::CheckCharacterMismatch { .. } => None,
            CfError::Empty | CfError::WrongLength { .. } => None,
        }
    }
}

impl fmt::Display for CfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CfError::Empty => write!(f, "empty codice fiscale"),
            CfError::WrongLength { len } => {
                write!(f, "codice fiscale has {len} characters, expected 16 or 11 digits")
            }
            CfError::IllegalCharacter { position, found } => {
                write!(f, "illegal character {found:?} at position {position}")
            }
            CfError::ExpectedLetter { position, found } => {
                write!(f, "expected a letter at position {position}, found {found:?}")
            }
            CfError::ExpectedDigit { position, found } => {
                write!(f, "expected a digit at position {position}, found {found:?}")
            }
            CfError::InvalidMonth { found } => write!(f, "invalid month letter {found:?}"),
            CfError::InvalidDay { day } => write!(f, "invalid birth day {day:02}"),
            CfError::InvalidPlaceCode { code } => write!(f, "invalid place code {code}"),
            CfError::CheckCharacterMismatch { expected, found } => {
                write!(f, "check character mismatch: expected {expected}, found {found}")
            }
        }
    }
}

impl std::error::Error for CfError {}

/// Sex as encoded in the day of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

/// Birth data as encoded in a personal code: the year has two digits only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BirthDateParts {
    /// 0..=99.
    pub year_two_digits: u32,
    /// 1..=12.
    pub month: u32,
    /// 1..=31 (the +40 for women removed).
    pub day: u32,
}

/// A valid codice fiscale, normalised (uppercase, no spaces).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodiceFiscale(String);

/// Parses and validates a codice fiscale: trims, uppercases and ignores inner spaces.
pub fn parse(input: &str) -> Result<CodiceFiscale, CfError> {
    let chars: Vec<char> = input.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.is_empty() {
        return Err(CfError::Empty);
    }
    if let Some((i, &c)) = chars.iter().enumerate().find(|(_, c)| !c.is_ascii_alphanumeric()) {
        return Err(CfError::IllegalCharacter { position: i + 1, found: c });
    }
    let code: Vec<u8> = chars.iter().map(|c| c.to_ascii_uppercase() as u8).collect();
    match code.len() {
        16 => check_personal(&code)?,
        11 if code.iter().all(u8::is_ascii_digit) => check_provisional(&code)?,
        len => return Err(CfError::WrongLength { len }),
    }
    Ok(CodiceFiscale(code.iter().map(|&b| char::from(b)).collect()))
}

fn check_personal(code: &[u8]) -> Result<(), CfError> {
    let found = |i: usize| char::from(code[i]);
    for (i, &b) in code.iter().enumerate() {
        let wants_digit = OMOCODE_POSITIONS.contains(&i);
        if wants_digit && !(b.is_ascii_digit() || OMOCODE.contains(&b)) {
            return Err(CfError::ExpectedDigit { position: i + 1, found: found(i) });
        }
        if !wants_digit && !b.is_ascii_uppercase() {
            return Err(CfError::ExpectedLetter { position: i + 1, found: found(i) });
        }
    }
    if !MONTHS.contains(&code[8]) {
        return Err(CfError::InvalidMonth { found: found(8) });
    }
    let day = number(code, 9..11);
    if !(1..=31).contains(&day) && !(41..=71).contains(&day) {
        return Err(CfError::InvalidDay { day });
    }
    let place = number(code, 12..15);
    if !matches!(code[11], b'A'..=b'M' | b'Z') || place == 0 {
        return Err(CfError::InvalidPlaceCode { code: format!("{}{place:03}", found(11)) });
    }
    let expected = check_char(&code[..15]);
    if code[15] != expected {
        return Err(CfError::CheckCharacterMismatch { expected: char::from(expected), found: found(15) });
    }
    Ok(())
}

fn check_provisional(code: &[u8]) -> Result<(), CfError> {
    let expected = provisional_check_digit(&code[..10]);
    if code[10] != expected {
        return Err(CfError::CheckCharacterMismatch { expected: char::from(expected), found: char::from(code[10]) });
    }
    Ok(())
}

/// Partita-IVA (Luhn) check digit of 10 digits: the rule lives in `partita_iva`.
fn provisional_check_digit(digits: &[u8]) -> u8 {
    crate::partita_iva::check_digit(digits)
}

/// A digit of an omocode position, decoding L..V back to 0..9.
fn digit_value(b: u8) -> u32 {
    match OMOCODE.iter().position(|&o| o == b) {
        Some(d) => d as u32,
        None => u32::from(b.wrapping_sub(b'0')),
    }
}

fn number(code: &[u8], range: std::ops::Range<usize>) -> u32 {
    code[range].iter().fold(0, |n, &b| n * 10 + digit_value(b))
}

/// Check letter over 15 uppercase ASCII alphanumerics.
fn check_char(first15: &[u8]) -> u8 {
    let sum: u32 = first15
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let index = if b.is_ascii_digit() { b - b'0' } else { b - b'A' } as usize;
            // 1-based odd positions are 0-based even ones.
            if i % 2 == 0 {
                ODD_VALUES[index]
            } else {
                index as u32
            }
        })
        .sum();
    b'A' + (sum % 26) as u8
}

/// The check letter of the first 15 characters of a personal code (omocodia letters
/// included as written; lowercase accepted).
///
/// # Panics
/// If `first15` is not exactly 15 ASCII letters or digits.
pub fn check_character(first15: &str) -> char {
    let bytes: Vec<u8> = first15.bytes().map(|b| b.to_ascii_uppercase()).collect();
    assert!(
        bytes.len() == 15 && bytes.iter().all(u8::is_ascii_alphanumeric),
        "check_character needs 15 ASCII letters or digits, got {first15:?}"
    );
    char::from(check_char(&bytes))
}

/// The letters a name contributes: consonants then vowels (accents folded, other characters
/// dropped), uppercase.
fn name_letters(name: &str) -> (Vec<u8>, Vec<u8>) {
    let folded: Vec<u8> = name
        .chars()
        .filter_map(|c| {
            let base = match c.to_ascii_uppercase() {
                'À' | 'Á' | 'à' | 'á' => 'A',
                'È' | 'É' | 'è' | 'é' => 'E',
                'Ì' | 'Í' | 'ì' | 'í' => 'I',
                'Ò' | 'Ó' | 'ò' | 'ó' => 'O',
                'Ù' | 'Ú' | 'ù' | 'ú' => 'U',
                other => other,
            };
            base.is_ascii_alphabetic().then_some(base as u8)
        })
        .collect();
    let is_vowel = |b: &u8| b"AEIOU".contains(b);
    let consonants = folded.iter().copied().filter(|b| !is_vowel(b)).collect();
    let vowels = folded.iter().copied().filter(is_vowel).collect();
    (consonants, vowels)
}

fn three_letters(mut consonants: Vec<u8>, vowels: Vec<u8>) -> String {
    consonants.extend(vowels);
    consonants.extend(b"XXX");
    String::from_utf8_lossy(&consonants[..3]).into_owned()
}

/// The codice fiscale the Agenzia delle Entrate assigns to a person, without omocodia: the
/// code an operator expects for the data on an identity document. `place_code` is the
/// cadastral code of the municipality (or Z... for a country), e.g. "A662" for Bari.
pub fn compute(surname: &str, name: &str, birth_date: NaiveDate, sex: Sex, place_code: &str) -> CodiceFiscale {
    let (sc, sv) = name_letters(surname);
    let (mut nc, nv) = name_letters(name);
    if nc.len() >= 4 {
        nc = vec![nc[0], nc[2], nc[3]];
    }
    let day = birth_date.day() + if sex == Sex::Female { 40 } else { 0 };
    let month = char::from(MONTHS[birth_date.month0() as usize]);
    let first15 = format!(
        "{}{}{:02}{month}{day:02}{}",
        three_letters(sc, sv),
        three_letters(nc, nv),
        birth_date.year().rem_euclid(100),
        place_code.to_ascii_uppercase()
    );
    let check = char::from(check_char(first15.as_bytes()));
    CodiceFiscale(format!("{first15}{check}"))
}

impl CodiceFiscale {
    /// The normalised code, e.g. "RSSMRA80A01H501U".
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is an 11-digit provisional code.
    pub fn is_provisional(&self) -> bool {
        self.0.len() == 11
    }

    /// Whether any digit was replaced by an omocodia letter.
    pub fn is_omocode(&self) -> bool {
        !self.is_provisional() && OMOCODE_POSITIONS.iter().any(|&i| self.0.as_bytes()[i].is_ascii_uppercase())
    }

    /// The code with the name hidden, for screens and logs: "RSS***80A01H501U".
    /// A provisional code keeps its first and last 3 digits: "063*****001".
    pub fn masked(&self) -> String {
        if self.is_provisional() {
            format!("{}*****{}", &self.0[..3], &self.0[8..])
        } else {
            format!("{}***{}", &self.0[..3], &self.0[6..])
        }
    }

    /// Sex encoded in the day of birth; `None` for provisional codes.
    pub fn sex(&self) -> Option<Sex> {
        let parts = self.raw_day()?;
        Some(if parts > 40 { Sex::Female } else { Sex::Male })
    }

    /// Year (two digits), month and day of birth, omocodia decoded; `None` for provisional
    /// codes. The day is not checked against the month's length.
    pub fn birth_date_parts(&self) -> Option<BirthDateParts> {
        let day = self.raw_day()?;
        let code = self.0.as_bytes();
        let month = MONTHS.iter().position(|&m| m == code[8])? as u32 + 1;
        Some(BirthDateParts { year_two_digits: number(code, 6..8), month, day: if day > 40 { day - 40 } else { day } })
    }

    /// The birth date, taking the latest century that puts it on or before `today`
    /// (so the code of someone born in 1925 reads as 2025 if `today` is in 2026: the code
    /// alone cannot tell). `None` for provisional codes or impossible dates.
    pub fn birth_date(&self, today: NaiveDate) -> Option<NaiveDate> {
        let p = self.birth_date_parts()?;
        let year = |century: i32| NaiveDate::from_ymd_opt(century + p.year_two_digits as i32, p.month, p.day);
        let century = today.year().div_euclid(100) * 100;
        match year(century) {
            Some(d) if d <= today => Some(d),
            _ => year(century - 100),
        }
    }

    /// The Belfiore code of the place of birth, omocodia decoded, e.g. "H501" (Rome).
    pub fn place_code(&self) -> Option<String> {
        if self.is_provisional() {
            return None;
        }
        let code = self.0.as_bytes();
        Some(format!("{}{:03}", char::from(code[11]), number(code, 12..15)))
    }

    /// Whether the person was born abroad (place code Z...); `None` for provisional codes.
    pub fn born_abroad(&self) -> Option<bool> {
        (!self.is_provisional()).then(|| self.0.as_bytes()[11] == b'Z')
    }

    fn raw_day(&self) -> Option<u32> {
        (!self.is_provisional()).then(|| number(self.0.as_bytes(), 9..11))
    }
}

impl fmt::Display for CodiceFiscale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for CodiceFiscale {
    type Err = CfError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

impl Serialize for CodiceFiscale {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CodiceFiscale {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_valid_codes() {
        let cf = parse("RSSMRA80A01H501U").unwrap();
        assert_eq!(cf.as_str(), "RSSMRA80A01H501U");
        assert_eq!(cf.masked(), "RSS***80A01H501U");
        assert_eq!(cf.sex(), Some(Sex::Male));
        assert!(!cf.is_omocode() && !cf.is_provisional());
        assert_eq!(cf.birth_date_parts(), Some(BirthDateParts { year_two_digits: 80, month: 1, day: 1 }));
        assert_eq!(cf.place_code().as_deref(), Some("H501"));
        assert_eq!(cf.born_abroad(), Some(false));
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        assert_eq!(cf.birth_date(today), NaiveDate::from_ymd_opt(1980, 1, 1));

        let cf = parse("RSSMRA85T10A562S").unwrap();
        assert_eq!(cf.birth_date(today), NaiveDate::from_ymd_opt(1985, 12, 10));
        assert_eq!(check_character("RSSMRA85T10A562"), 'S');
    }

    #[test]
    fn computes_the_code_from_personal_data() {
        let born = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap();
        assert_eq!(compute("Rossi", "Mario", born, Sex::Male, "H501").as_str(), "RSSMRA80A01H501U");
        // Four or more consonants in the name: first, third and fourth.
        let born = NaiveDate::from_ymd_opt(1985, 12, 25).unwrap();
        let code = compute("De Santis", "Francesca", born, Sex::Female, "A662");
        assert_eq!(&code.as_str()[..11], "DSNFNC85T65");
        assert!(parse(code.as_str()).is_ok());
        // Short names pad with X; accents fold.
        assert_eq!(&compute("Fo", "Lù", born, Sex::Male, "A662").as_str()[..6], "FOXLUX");
    }

    #[test]
    fn normalises_input() {
        let cf = parse("  rss mra 80a01 h501u\n").unwrap();
        assert_eq!(cf.as_str(), "RSSMRA80A01H501U");
        assert_eq!(parse("rssmra80a01h501u").unwrap(), cf);
        assert_eq!("RSSMRA80A01H501U".parse::<CodiceFiscale>().unwrap(), cf);
    }

    #[test]
    fn omocode_example() {
        // RSSMRA80A01H501U with its last digit (1) replaced by M, check recomputed.
        let first15 = "RSSMRA80A01H50M";
        let code = format!("{first15}{}", check_character(first15));
        let cf = parse(&code).unwrap();
        assert!(cf.is_omocode());
        assert_eq!(cf.place_code().as_deref(), Some("H501"));
    }

    #[test]
    fn women_and_births_abroad() {
        let first15 = "BNCLRA02R45Z404";
        let cf = parse(&format!("{first15}{}", check_character(first15))).unwrap();
        assert_eq!(cf.sex(), Some(Sex::Female));
        assert_eq!(cf.birth_date_parts().unwrap().day, 5);
        assert_eq!(cf.born_abroad(), Some(true));
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(cf.birth_date(today), NaiveDate::from_ymd_opt(2002, 10, 5));
    }

    #[test]
    fn provisional_codes() {
        // The partita IVA of the Agenzia delle Entrate.
        let cf = parse("06363391001").unwrap();
        assert!(cf.is_provisional() && !cf.is_omocode());
        assert_eq!(cf.masked(), "063*****001");
        assert_eq!(cf.sex(), None);
        assert_eq!(cf.birth_date_parts(), None);
        assert_eq!(parse("06363391002"), Err(CfError::CheckCharacterMismatch { expected: '1', found: '2' }));
        assert_eq!(parse("RSSMRA80A01"), Err(CfError::WrongLength { len: 11 }));
    }

    #[test]
    fn structural_errors() {
        assert_eq!(parse("   "), Err(CfError::Empty));
        assert_eq!(parse("RSSMRA80A01H501"), Err(CfError::WrongLength { len: 15 }));
        assert_eq!(parse("RSSMRA80A01H501UU"), Err(CfError::WrongLength { len: 17 }));
        assert_eq!(parse("RSSMRA80A01H501!"), Err(CfError::IllegalCharacter { position: 16, found: '!' }));
        assert_eq!(parse("RSSMRé80A01H501U"), Err(CfError::IllegalCharacter { position: 6, found: 'é' }));
        // Positions count without the spaces.
        assert_eq!(parse("RSS MRA-80A01H501U"), Err(CfError::IllegalCharacter { position: 7, found: '-' }));
        assert_eq!(parse("RSS1RA80A01H501U"), Err(CfError::ExpectedLetter { position: 4, found: '1' }));
        assert_eq!(parse("RSSMRA8AA01H501U"), Err(CfError::ExpectedDigit { position: 8, found: 'A' }));
        assert_eq!(parse("RSSMRA80F01H501U"), Err(CfError::InvalidMonth { found: 'F' }));
        assert_eq!(parse("RSSMRA80A00H501U"), Err(CfError::InvalidDay { day: 0 }));
        assert_eq!(parse("RSSMRA80A32H501U"), Err(CfError::InvalidDay { day: 32 }));
        assert_eq!(parse("RSSMRA80A72H501U"), Err(CfError::InvalidDay { day: 72 }));
        assert_eq!(parse("RSSMRA80A01N501U"), Err(CfError::InvalidPlaceCode { code: "N501".into() }));
        assert_eq!(parse("RSSMRA80A01Z000U"), Err(CfError::InvalidPlaceCode { code: "Z000".into() }));
        assert_eq!(parse("RSSMRA80A01H501X"), Err(CfError::CheckCharacterMismatch { expected: 'U', found: 'X' }));
    }

    #[test]
    fn italian_messages() {
        let e = parse("RSSMRA80A01H501X").unwrap_err();
        assert!(e.message_it().starts_with("Il carattere di controllo non corrisponde: atteso U, trovato X"));
        assert!(parse("RSSMRA80A01H501!").unwrap_err().message_it().contains("posizione 16"));
        assert!(CfError::WrongLength { len: 1 }.message_it().contains("inserito 1"));
        let all = [
            CfError::Empty,
            CfError::WrongLength { len: 3 },
            CfError::InvalidMonth { found: 'F' },
            CfError::InvalidDay { day: 35 },
            CfError::InvalidPlaceCode { code: "N001".into() },
        ];
        for e in all {
            assert!(!e.message_it().is_empty() && !e.to_string().is_empty());
        }
    }

    #[test]
    fn serde_validates() {
        let cf: CodiceFiscale = serde_json_like("RSSMRA80A01H501U").unwrap();
        assert_eq!(cf.as_str(), "RSSMRA80A01H501U");
        assert!(serde_json_like("RSSMRA80A01H501X").is_err());
    }

    /// Deserializes through serde's string deserializer, without a JSON dependency.
    fn serde_json_like(s: &str) -> Result<CodiceFiscale, serde::de::value::Error> {
        use serde::de::IntoDeserializer;
        CodiceFiscale::deserialize(s.into_deserializer())
    }

    /// A random valid, non-omocode personal code and its decoded parts.
    fn personal_code() -> impl Strategy<Value = (String, BirthDateParts, Sex, String)> {
        (
            "[A-Z]{6}",
            0u32..100,
            0usize..12,
            1u32..=31,
            any::<bool>(),
            prop::sample::select(b"ABCDEFGHIJKLMZ".to_vec()),
            1u32..=999,
        )
            .prop_map(|(letters, year, month, day, female, place, number)| {
                let coded_day = if female { day + 40 } else { day };
                let place = format!("{}{number:03}", char::from(place));
                let first15 = format!("{letters}{year:02}{}{coded_day:02}{place}", char::from(MONTHS[month]));
                let code = format!("{first15}{}", check_character(&first15));
                let parts = BirthDateParts { year_two_digits: year, month: month as u32 + 1, day };
                let sex = if female { Sex::Female } else { Sex::Male };
                (code, parts, sex, place)
            })
    }

    /// `code` with the omocode positions in `mask` (bit 0 = rightmost) replaced by letters.
    fn omocode_variant(code: &str, mask: u8) -> String {
        let mut bytes = code.as_bytes()[..15].to_vec();
        for (bit, &i) in OMOCODE_POSITIONS.iter().rev().enumerate() {
            if mask & (1 << bit) != 0 {
                bytes[i] = OMOCODE[usize::from(bytes[i] - b'0')];
            }
        }
        let first15 = String::from_utf8(bytes).unwrap();
        let check = check_character(&first15);
        format!("{first15}{check}")
    }

    proptest! {
        #[test]
        fn valid_codes_and_all_their_omocodes_are_accepted(
            (code, parts, sex, place) in personal_code()
        ) {
            // All 128 subsets of substitutions: the 8 right-to-left prefixes the Agenzia
            // uses and every other combination.
            for mask in 0u8..128 {
                let variant = omocode_variant(&code, mask);
                let cf = parse(&variant);
                prop_assert!(cf.is_ok(), "{variant} rejected: {:?}", cf);
                let cf = cf.unwrap();
                prop_assert_eq!(cf.is_omocode(), mask != 0);
                prop_assert_eq!(cf.birth_date_parts(), Some(parts));
                prop_assert_eq!(cf.sex(), Some(sex));
                prop_assert_eq!(cf.place_code(), Some(place.clone()));
                prop_assert_eq!(&cf.masked()[3..6], "***");
                // Lowercase and spaced input is the same code.
                let spaced = format!(" {} {} ", &variant[..8].to_lowercase(), &variant[8..]);
                prop_assert_eq!(parse(&spaced), Ok(cf));
            }
        }

        #[test]
        fn every_other_check_letter_is_rejected((code, ..) in personal_code(), mask in 0u8..128) {
            let variant = omocode_variant(&code, mask);
            let expected = char::from(variant.as_bytes()[15]);
            for other in ('A'..='Z').filter(|&c| c != expected) {
                let wrong = format!("{}{other}", &variant[..15]);
                prop_assert_eq!(
                    parse(&wrong),
                    Err(CfError::CheckCharacterMismatch { expected, found: other })
                );
            }
        }

        #[test]
        fn illegal_characters_are_reported_with_their_position(
            (code, ..) in personal_code(),
            at in 0usize..16,
            bad in prop::sample::select(vec!['!', 'é', '-', '.', '/', 'À', '€', '_']),
        ) {
            let mut chars: Vec<char> = code.chars().collect();
            chars[at] = bad;
            let input: String = chars.into_iter().collect();
            prop_assert_eq!(
                parse(&input),
                Err(CfError::IllegalCharacter { position: at + 1, found: bad })
            );
        }

        #[test]
        fn wrong_lengths_are_rejected((code, ..) in personal_code(), len in 1usize..30) {
            prop_assume!(len != 16 && len != 11);
            let input: String = code.chars().cycle().take(len).collect();
            prop_assert_eq!(parse(&input), Err(CfError::WrongLength { len }));
        }

        #[test]
        fn provisional_round_trip(digits in "[0-9]{10}") {
            let check = char::from(provisional_check_digit(digits.as_bytes()));
            let code = format!("{digits}{check}");
            prop_assert!(parse(&code).unwrap().is_provisional());
            let wrong = format!("{digits}{}", (check as u8 - b'0' + 1) % 10);
            let rejected = matches!(parse(&wrong), Err(CfError::CheckCharacterMismatch { .. }));
            prop_assert!(rejected);
        }
    }
}
