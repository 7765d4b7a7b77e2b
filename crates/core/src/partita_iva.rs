//! Validation of the Italian VAT number (partita IVA), as an employer's or a company's
//! number is typed at a desk.
//!
//! Eleven digits: the taxpayer's number (7 digits), the code of the provincial office that
//! assigned it (001-100, 120 and 121 for special assignments, 888 and 999 for numbers given
//! by the Agenzia's central offices), and a check digit (Luhn: digits at even 1-based
//! positions are doubled, 9 taken off a double above 9). The same check digit ends the
//! 11-digit provisional codice fiscale.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The number of digits of a partita IVA.
pub const LEN: usize = 11;

/// Office codes outside 001-100 that the Agenzia delle Entrate assigns.
const SPECIAL_OFFICES: [u16; 4] = [120, 121, 888, 999];

/// Why a text is not a valid partita IVA. Positions are 1-based and count only the digits
/// (spaces and an `IT` prefix left out), as in the normalised number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PivaError {
    /// Nothing but spaces (or only `IT`).
    Empty,
    /// Not a digit.
    NotADigit { position: usize, found: char },
    /// Not 11 digits.
    WrongLength { len: usize },
    /// Digits 8-10 are no office of the Agenzia delle Entrate.
    InvalidOffice { code: String },
    /// The last digit does not match the others.
    CheckDigitMismatch { expected: char, found: char },
}

impl PivaError {
    /// A clear Italian explanation for the person who typed the number.
    pub fn message_it(&self) -> String {
        match self {
            PivaError::Empty => "Inserisci la partita IVA.".into(),
            PivaError::NotADigit { position, found } => {
                format!("La partita IVA contiene solo cifre: in posizione {position} c'è «{found}».")
            }
            PivaError::WrongLength { len: 1 } => "La partita IVA deve avere 11 cifre: ne è stata inserita 1.".into(),
            PivaError::WrongLength { len } => {
                format!("La partita IVA deve avere 11 cifre: ne sono state inserite {len}.")
            }
            PivaError::InvalidOffice { code } => format!(
                "Le cifre 8-10 della partita IVA indicano l'ufficio che l'ha attribuita: {code} non è un \
                 codice d'ufficio valido (da 001 a 100, oppure 120, 121, 888, 999)."
            ),
            PivaError::CheckDigitMismatch { expected, found } => format!(
                "La cifra di controllo non corrisponde: attesa {expected}, trovata {found}. Controlla di aver \
                 digitato bene la partita IVA."
            ),
        }
    }

    /// The 1-based position the error points at, to highlight it.
    pub fn position(&self) -> Option<usize> {
        match self {
            PivaError::NotADigit { position, .. } => Some(*position),
            PivaError::InvalidOffice { .. } => Some(8),
            PivaError::CheckDigitMismatch { .. } => Some(LEN),
            PivaError::Empty | PivaError::WrongLength { .. } => None,
        }
    }
}

impl fmt::Display for PivaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PivaError::Empty => f.write_str("empty partita IVA"),
            PivaError::NotADigit { position, found } => write!(f, "not a digit at position {position}: {found:?}"),
            PivaError::WrongLength { len } => write!(f, "partita IVA has {len} digits, expected 11"),
            PivaError::InvalidOffice { code } => write!(f, "invalid office code {code}"),
            PivaError::CheckDigitMismatch { expected, found } => {
                write!(f, "check digit mismatch: expected {expected}, found {found}")
            }
        }
    }
}

impl std::error::Error for PivaError {}

/// A valid partita IVA, normalised (11 digits, no prefix, no spaces).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartitaIva(String);

/// Parses and validates a partita IVA: ignores spaces and the `IT` prefix of EU VAT
/// numbers (`IT 06363391001`).
pub fn parse(input: &str) -> Result<PartitaIva, PivaError> {
    let compact: Vec<char> = input.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = match compact.as_slice() {
        [i, t, rest @ ..] if i.eq_ignore_ascii_case(&'I') && t.eq_ignore_ascii_case(&'T') => rest,
        all => all,
    };
    if digits.is_empty() {
        return Err(PivaError::Empty);
    }
    if let Some((i, &c)) = digits.iter().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(PivaError::NotADigit { position: i + 1, found: c });
    }
    if digits.len() != LEN {
        return Err(PivaError::WrongLength { len: digits.len() });
    }
    let bytes: Vec<u8> = digits.iter().map(|&c| c as u8).collect();
    let office = office_code(&bytes);
    if !((1..=100).contains(&office) || SPECIAL_OFFICES.contains(&office)) {
        return Err(PivaError::InvalidOffice { code: format!("{office:03}") });
    }
    let expected = check_digit(&bytes[..LEN - 1]);
    if bytes[LEN - 1] != expected {
        return Err(PivaError::CheckDigitMismatch {
            expected: char::from(expected),
            found: char::from(bytes[LEN - 1]),
        });
    }
    Ok(PartitaIva(digits.iter().collect()))
}

fn office_code(digits: &[u8]) -> u16 {
    digits[7..10].iter().fold(0, |n, &b| n * 10 + u16::from(b - b'0'))
}

/// The check digit (ASCII) of the first ten digits (ASCII) of a partita IVA or of a
/// provisional codice fiscale.
pub(crate) fn check_digit(first10: &[u8]) -> u8 {
    let sum: u32 = first10
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match i % 2 {
                0 => d,
                _ if d * 2 > 9 => d * 2 - 9,
                _ => d * 2,
            }
        })
        .sum();
    b'0' + ((10 - sum % 10) % 10) as u8
}

impl PartitaIva {
    /// The normalised number, e.g. "06363391001".
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The taxpayer's number: the first 7 digits.
    pub fn taxpayer(&self) -> &str {
        &self.0[..7]
    }

    /// The code of the office that assigned the number (1-100, 120, 121, 888 or 999).
    pub fn office(&self) -> u16 {
        office_code(self.0.as_bytes())
    }

    /// As the EU's VIES lists it: "IT06363391001".
    pub fn vat_id(&self) -> String {
        format!("IT{}", self.0)
    }
}

impl fmt::Display for PartitaIva {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read through [`parse`], so a stored number is always a valid one.
impl TryFrom<String> for PartitaIva {
    type Error = PivaError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        parse(&s)
    }
}

impl From<PartitaIva> for String {
    fn from(piva: PartitaIva) -> String {
        piva.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The Agenzia delle Entrate's own partita IVA (office 100, Rome).
    const AGENZIA: &str = "06363391001";

    #[test]
    fn a_known_number() {
        let piva = parse(AGENZIA).unwrap();
        assert_eq!(piva.as_str(), AGENZIA);
        assert_eq!(piva.taxpayer(), "0636339");
        assert_eq!(piva.office(), 100);
        assert_eq!(piva.vat_id(), "IT06363391001");
        assert_eq!(piva.to_string(), AGENZIA);
    }

    #[test]
    fn normalises_spaces_and_the_it_prefix() {
        let piva = parse(AGENZIA).unwrap();
        for input in [" 063 633 910 01 ", "IT06363391001", "it 06363391001", "\tIt0636339100 1\n"] {
            assert_eq!(parse(input), Ok(piva.clone()), "{input:?}");
        }
        assert_eq!(PartitaIva::try_from("IT06363391001".to_string()), Ok(piva));
    }

    #[test]
    fn structural_errors() {
        assert_eq!(parse(""), Err(PivaError::Empty));
        assert_eq!(parse("  IT "), Err(PivaError::Empty));
        assert_eq!(parse("0636339100"), Err(PivaError::WrongLength { len: 10 }));
        assert_eq!(parse("063633910011"), Err(PivaError::WrongLength { len: 12 }));
        assert_eq!(parse("0636339-001"), Err(PivaError::NotADigit { position: 8, found: '-' }));
        // Only a leading "IT" is a prefix; positions count without it.
        assert_eq!(parse("IT0636339100IT"), Err(PivaError::NotADigit { position: 11, found: 'I' }));
        assert_eq!(parse("DE063633910"), Err(PivaError::NotADigit { position: 1, found: 'D' }));
        assert_eq!(parse("０６３６３３９１００１"), Err(PivaError::NotADigit { position: 1, found: '０' }));
    }

    /// `first7` and `office` with the check digit that makes them valid.
    fn with_check(first7: &str, office: u16) -> String {
        let first10 = format!("{first7}{office:03}");
        format!("{first10}{}", char::from(check_digit(first10.as_bytes())))
    }

    #[test]
    fn office_codes() {
        for office in (1..=100).chain(SPECIAL_OFFICES) {
            let number = with_check("1234567", office);
            assert_eq!(parse(&number).map(|p| p.office()), Ok(office), "{number}");
        }
        for office in [0, 101, 119, 122, 500, 887, 889, 998] {
            let number = with_check("1234567", office);
            assert_eq!(parse(&number), Err(PivaError::InvalidOffice { code: format!("{office:03}") }), "{number}");
        }
    }

    #[test]
    fn check_digit_errors() {
        assert_eq!(parse("06363391002"), Err(PivaError::CheckDigitMismatch { expected: '1', found: '2' }));
        // Two adjacent digits swapped.
        assert!(matches!(parse("60363391001"), Err(PivaError::CheckDigitMismatch { .. })));
    }

    #[test]
    fn italian_messages() {
        assert_eq!(
            parse("06363391002").unwrap_err().message_it(),
            "La cifra di controllo non corrisponde: attesa 1, trovata 2. Controlla di aver digitato bene la \
             partita IVA."
        );
        assert!(PivaError::WrongLength { len: 1 }.message_it().contains("inserita 1"));
        assert!(PivaError::WrongLength { len: 4 }.message_it().contains("inserite 4"));
        assert!(parse("12345670000").unwrap_err().message_it().contains("000 non è un codice d'ufficio valido"));
        assert!(parse("0636339x001").unwrap_err().message_it().contains("posizione 8 c'è «x»"));
        assert_eq!(PivaError::Empty.message_it(), "Inserisci la partita IVA.");
    }

    #[test]
    fn serde_validates() {
        use serde::de::IntoDeserializer;
        let de = |s: &str| PartitaIva::deserialize(s.into_deserializer());
        assert_eq!(de(AGENZIA).unwrap().as_str(), AGENZIA);
        let err: Result<PartitaIva, serde::de::value::Error> = de("06363391002");
        assert!(err.is_err());
    }

    proptest! {
        #[test]
        fn every_single_digit_error_is_caught(
            first7 in "[0-9]{7}",
            office in prop::sample::select((1..=100).chain(SPECIAL_OFFICES).collect::<Vec<u16>>()),
            at in 0usize..LEN,
            by in 1u8..10,
        ) {
            let number = with_check(&first7, office);
            prop_assert_eq!(parse(&number).map(|p| p.as_str().to_owned()), Ok(number.clone()));
            let mut wrong = number.into_bytes();
            wrong[at] = b'0' + (wrong[at] - b'0' + by) % 10;
            let wrong = String::from_utf8(wrong).unwrap();
            prop_assert!(parse(&wrong).is_err(), "{} accepted", wrong);
        }

        #[test]
        fn a_valid_number_is_a_valid_provisional_codice_fiscale(
            first7 in "[0-9]{7}",
            office in prop::sample::select((1..=100).chain(SPECIAL_OFFICES).collect::<Vec<u16>>()),
        ) {
            let number = with_check(&first7, office);
            let cf = crate::codice_fiscale::parse(&number).unwrap();
            prop_assert!(cf.is_provisional());
        }
    }
}
