//! The employer's codice fiscale as the Comunicazioni Obbligatorie hold it: the 11-digit
//! partita IVA of a company, or the personal 16-character codice fiscale of a sole trader
//! or a professional. Each is checked by its own module, with its own Italian reasons.

use crate::codice_fiscale::{self, CfError, CodiceFiscale};
use crate::partita_iva::{self, PartitaIva, PivaError};

/// A valid employer code, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxCode {
    PartitaIva(PartitaIva),
    /// A sole trader's personal codice fiscale (never a provisional 11-digit one: those
    /// digits are read as a partita IVA).
    Personal(CodiceFiscale),
}

/// Why a text is not an employer's codice fiscale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxCodeError {
    Empty,
    /// Digits only: read as a partita IVA.
    PartitaIva(PivaError),
    /// Letters and 16 characters: read as a personal codice fiscale.
    CodiceFiscale(CfError),
    /// Letters, but not 16 characters: neither kind.
    Neither {
        len: usize,
    },
}

impl TaxCodeError {
    pub fn message_it(&self) -> String {
        match self {
            TaxCodeError::Empty => "Inserisci la partita IVA o il codice fiscale dell'impresa.".into(),
            TaxCodeError::PartitaIva(e) => e.message_it(),
            TaxCodeError::CodiceFiscale(e) => e.message_it(),
            TaxCodeError::Neither { len } => format!(
                "Il codice dell'impresa è la partita IVA di 11 cifre oppure, per le ditte individuali, il codice \
                 fiscale personale di 16 caratteri: ne sono stati inseriti {len}."
            ),
        }
    }
}

/// Parses an employer code: spaces ignored, an `IT` prefix accepted before 11 digits.
pub fn parse(input: &str) -> Result<TaxCode, TaxCodeError> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(TaxCodeError::Empty);
    }
    let upper = compact.to_uppercase();
    let digits = upper.strip_prefix("IT").filter(|rest| rest.bytes().all(|b| b.is_ascii_digit())).unwrap_or(&upper);
    if digits.chars().all(|c| c.is_ascii_digit()) {
        return partita_iva::parse(digits).map(TaxCode::PartitaIva).map_err(TaxCodeError::PartitaIva);
    }
    let len = upper.chars().count();
    if len != 16 {
        return Err(TaxCodeError::Neither { len });
    }
    codice_fiscale::parse(&upper).map(TaxCode::Personal).map_err(TaxCodeError::CodiceFiscale)
}

impl TaxCode {
    pub fn as_str(&self) -> &str {
        match self {
            TaxCode::PartitaIva(p) => p.as_str(),
            TaxCode::Personal(cf) => cf.as_str(),
        }
    }

    /// "Partita IVA" or "Codice fiscale", for the record's label.
    pub fn label_it(&self) -> &'static str {
        match self {
            TaxCode::PartitaIva(_) => "Partita IVA",
            TaxCode::Personal(_) => "Codice fiscale (ditta individuale)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partita_iva_with_or_without_the_it_prefix() {
        let code = parse(" IT 063 633 910 01 ").unwrap();
        assert_eq!(code.as_str(), "06363391001");
        assert!(matches!(code, TaxCode::PartitaIva(_)));
        assert_eq!(code.label_it(), "Partita IVA");
    }

    #[test]
    fn a_sole_traders_personal_code() {
        let code = parse("rssmra80a01h501u").unwrap();
        assert_eq!(code.as_str(), "RSSMRA80A01H501U");
        assert!(matches!(code, TaxCode::Personal(_)));
    }

    #[test]
    fn each_kind_of_error_keeps_its_own_reason() {
        assert_eq!(parse("  "), Err(TaxCodeError::Empty));
        let piva = parse("06363391002").unwrap_err();
        assert!(matches!(piva, TaxCodeError::PartitaIva(PivaError::CheckDigitMismatch { .. })));
        assert!(piva.message_it().contains("cifra di controllo"));
        assert!(matches!(parse("0636339100"), Err(TaxCodeError::PartitaIva(PivaError::WrongLength { len: 10 }))));
        assert!(matches!(parse("12345670000"), Err(TaxCodeError::PartitaIva(PivaError::InvalidOffice { .. }))));
        let cf = parse("RSSMRA80A01H501X").unwrap_err();
        assert!(matches!(cf, TaxCodeError::CodiceFiscale(_)));
        assert!(cf.message_it().contains("carattere di controllo"));
        let neither = parse("ACME SRL").unwrap_err();
        assert_eq!(neither, TaxCodeError::Neither { len: 7 });
        assert!(neither.message_it().contains("ne sono stati inseriti 7"));
    }
}
