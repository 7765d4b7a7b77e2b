//! Employers: the company record ("scheda anagrafica aziendale di rilevazione del
//! fabbisogno", one form for the whole region), the promotion campaign of seed section 4.2
//! (segment, letter, call within 7 working days, visit, convenzione di servizio) and the
//! services F1-F3 recorded like citizens' ones.
//!
//! - `tax_code`: the employer's codice fiscale, an 11-digit partita IVA or, for sole
//!   traders, a personal 16-character codice fiscale.
//! - `ateco`: the ATECO 2025 classification shipped from ISTAT (CC-BY 4.0).
//! - `places`: Puglia's municipalities by ISTAT code (ISTAT, CC-BY 4.0).
//! - `rules`: the L.68/99 reserved quota, size and turnover bands.
//! - `campaign`: the campaign's states, their transitions and the worklist order.
//! - `company`: the company document (one per company, private to its CPI, audited).
//! - `index`: the per-CPI company index document, its search and segmentation.
//! - `letter`: the campaign's presentation letter; `letter_pdf` lays letters out as one PDF.
//! - `convenzione`: the convenzione di servizio's text, its hash and the signing rules;
//!   `convenzione_pdf` its PDF with the drawn signatures.
//! - `visits`: the visiting officer's plan of companies to keep on the tablet.

pub mod ateco;
pub mod campaign;
pub mod company;
pub mod convenzione;
pub mod convenzione_pdf;
pub mod index;
pub mod letter;
pub mod letter_pdf;
pub mod places;
pub mod rules;
pub mod tax_code;
pub mod visits;

/// Whether the relay writes an audit-log entry for every access to a private document of
/// this root `kind` (documents with personal or company data: dossiers and companies). The
/// relay's `hub::is_audited` asks it.
pub fn is_audited_kind(root_kind: Option<&str>) -> bool {
    matches!(root_kind, Some(crate::docs::dossier::DOSSIER_KIND | company::COMPANY_KIND))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dossiers_and_companies_are_audited_and_nothing_else() {
        assert!(is_audited_kind(Some("dossier")));
        assert!(is_audited_kind(Some(company::COMPANY_KIND)));
        assert!(!is_audited_kind(Some(index::COMPANY_INDEX_KIND)));
        assert!(!is_audited_kind(Some("index")));
        assert!(!is_audited_kind(None));
    }
}
