//! The presentation letters of a campaign as one A4 PDF, one page per company, laid out
//! with [`crate::pdf`]'s base fonts and text layout.

use super::letter::Letter;
use crate::pdf::{document, PageText};

/// One PDF with a page per letter (more if a letter runs long), in the order given.
pub fn letters_pdf(letters: &[Letter]) -> Vec<u8> {
    document(letters.iter().flat_map(|letter| page_of(letter).pages()).collect())
}

fn page_of(letter: &Letter) -> PageText {
    let mut page = PageText::new();
    for (i, line) in letter.sender.iter().enumerate() {
        page.line(line, i == 0, if i == 0 { 12.0 } else { 10.0 });
    }
    page.gap(18.0);
    page.line(&letter.place_and_date, false, 11.0);
    page.gap(18.0);
    for line in &letter.recipient {
        page.line(line, false, 11.0);
    }
    page.gap(22.0);
    page.line(&letter.subject, true, 11.0);
    page.gap(12.0);
    for paragraph in &letter.paragraphs {
        page.line(paragraph, false, 11.0);
        page.gap(6.0);
    }
    for service in &letter.services {
        page.line(&format!("- {service}"), false, 11.0);
    }
    page.gap(12.0);
    for line in &letter.closing {
        page.line(line, false, 11.0);
        page.gap(4.0);
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::employers::company::{Company, Site};
    use crate::employers::letter::presentation_letter;
    use crate::employers::tax_code;

    fn company(code: &str, name: &str) -> Company {
        let mut c = Company::new("bari", &tax_code::parse(code).unwrap(), name);
        c.legal_site =
            Site { address: "Via Sparano 10".into(), municipality: "072006".into(), postcode: "70121".into() };
        c
    }

    /// The text shown by the page's `Tj` operators, as a PDF reader extracts it: literal
    /// strings as written, hex strings (WinAnsi, for letters beyond ASCII) decoded.
    fn shown_text(pdf: &[u8]) -> String {
        let text = String::from_utf8_lossy(pdf);
        let mut out = String::new();
        for line in text.lines().filter(|l| l.ends_with("Tj")) {
            let body = line.trim_end_matches("Tj").trim();
            if let Some(hex) = body.strip_prefix('<').and_then(|b| b.strip_suffix('>')) {
                let bytes: Vec<u8> =
                    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
                out.extend(bytes.iter().map(|&b| char::from(b)));
            } else {
                let literal = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')).unwrap();
                out.push_str(&literal.replace("\\(", "(").replace("\\)", ")"));
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn one_page_per_company_each_with_its_name_and_the_cpis_contacts() {
        let cpi = crate::cpi::cpi_by_slug("bari").unwrap();
        let on = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let companies = [
            company("06363391001", "Forno Lorusso S.r.l."),
            company("01234560728", "Cantina Città Bianca S.n.c."),
            company("RSSMRA80A01H501U", "Trasporti di Rossi Mario"),
        ];
        let letters: Vec<Letter> = companies.iter().map(|c| presentation_letter(cpi, c, on)).collect();
        let bytes = letters_pdf(&letters);
        assert!(bytes.starts_with(b"%PDF-"));
        let raw = String::from_utf8_lossy(&bytes);
        let pages = raw.matches("/Type /Page").count() - raw.matches("/Type /Pages").count();
        assert_eq!(pages, companies.len());
        assert!(raw.contains(&format!("/Count {}", companies.len())));
        let text = shown_text(&bytes);
        for c in &companies {
            assert_eq!(text.matches(c.registry.name.as_str()).count(), 1, "{} once in\n{text}", c.registry.name);
        }
        assert_eq!(text.matches(cpi.phone.as_str()).count(), companies.len());
        assert!(text.contains("Bari, 01/12/2026") && text.contains("70121 Bari (BA)"), "{text}");
        // The names come in the order given, one per page.
        let at = |name: &str| text.find(name).unwrap();
        assert!(at("Forno Lorusso") < at("Cantina Città") && at("Cantina Città") < at("Trasporti di Rossi"));
    }

    #[test]
    fn no_letters_give_an_empty_but_valid_document() {
        let raw = String::from_utf8_lossy(&letters_pdf(&[])).into_owned();
        assert!(raw.starts_with("%PDF-") && raw.contains("/Count 0"));
    }
}
