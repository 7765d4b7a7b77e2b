//! The signed convenzione as an A4 PDF: its text, each party's signer and time, the two
//! signatures drawn as vector paths from the pad's SVG paths, and the SHA-256 of the text
//! they bind, laid out with [`crate::pdf`] like the certificates.

use super::company::Company;
use super::convenzione::{self, Party, PAD_HEIGHT, PAD_WIDTH};
use crate::cpi::Cpi;
use crate::pdf::{document, PageText, MARGIN};
use pdf_writer::types::{LineCapStyle, LineJoinStyle};

const BODY: f32 = 10.0;
/// Where a drawn signature goes: the pad's aspect ratio.
const SIGNATURE_WIDTH: f32 = 210.0;
const SIGNATURE_HEIGHT: f32 = SIGNATURE_WIDTH * PAD_HEIGHT as f32 / PAD_WIDTH as f32;

/// A signature's strokes, scaled from the pad into a box under the current line.
fn signature(page: &mut PageText, path: &str) {
    page.room(SIGNATURE_HEIGHT + 8.0);
    let top = page.y - 4.0;
    let scale = SIGNATURE_WIDTH / PAD_WIDTH as f32;
    let c = &mut page.content;
    c.set_line_width(0.5).set_stroke_gray(0.6);
    c.rect(MARGIN, top - SIGNATURE_HEIGHT, SIGNATURE_WIDTH, SIGNATURE_HEIGHT).stroke();
    c.set_line_width(1.2).set_stroke_gray(0.0);
    c.set_line_cap(LineCapStyle::RoundCap);
    c.set_line_join(LineJoinStyle::RoundJoin);
    for stroke in convenzione::strokes(path).unwrap_or_default() {
        let point = |(x, y): (f32, f32)| (MARGIN + x * scale, top - y * scale);
        let Some((&first, rest)) = stroke.split_first() else { continue };
        let (x, y) = point(first);
        c.move_to(x, y);
        if rest.is_empty() {
            c.line_to(x + 0.1, y);
        }
        for &p in rest {
            let (x, y) = point(p);
            c.line_to(x, y);
        }
        c.stroke();
    }
    page.y = top - SIGNATURE_HEIGHT - 8.0;
}

/// The PDF of the convenzione of `company` with `cpi` as the record holds it: its text, its
/// status, each signature with signer and time, and the hash.
pub fn convenzione_pdf(cpi: &Cpi, company: &Company) -> Vec<u8> {
    let text = convenzione::text(cpi, company);
    let hash = text.hash();
    let conv = &company.convenzione;
    let status = convenzione::status(conv, &hash);
    let mut pages = PageText::new();
    pages.line(&format!("REGIONE PUGLIA – {}", cpi.full_name_it()), true, 9.0);
    pages.gap(10.0);
    pages.line(&text.title, true, 13.0);
    pages.gap(6.0);
    for party in &text.parties {
        pages.line(party, false, BODY);
    }
    for (heading, paragraphs) in &text.articles {
        pages.gap(6.0);
        pages.line(heading, true, BODY);
        for p in paragraphs {
            pages.line(p, false, BODY);
        }
    }
    pages.gap(12.0);
    pages.line(&status.message_it(), true, BODY);
    for party in Party::BOTH {
        pages.gap(8.0);
        pages.line(party.label_it(), true, BODY);
        match conv.signatures.get(party.code()) {
            Some(s) => {
                pages.line(&format!("Firmatario: {}", s.signer.as_str()), false, BODY);
                pages.line(&format!("Firmato il {}", convenzione::signed_at_it(s)), false, BODY);
                signature(&mut pages, &s.path);
                let bound = convenzione::bound_hash(conv, s);
                if bound != hash {
                    pages.line(&format!("Firma di un testo precedente, con impronta {bound}."), false, 8.0);
                }
            }
            None => pages.line("Non firmato.", false, BODY),
        }
    }
    pages.gap(8.0);
    pages.line("Impronta SHA-256 del testo della convenzione:", false, 8.0);
    pages.line(&hash, false, 8.0);
    document(pages.pages())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::employers::convenzione::{sign, Drawn};
    use crate::employers::tax_code;

    fn signed() -> (Cpi, Company) {
        let cpi = crate::cpi::cpi_by_slug("bari").unwrap().clone();
        let mut c = Company::new("bari", &tax_code::parse("06363391001").unwrap(), "Forno Lorusso S.r.l.");
        c.legal_site.municipality = "072006".into();
        let hash = convenzione::text(&cpi, &c).hash();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 10, 20).unwrap().and_hms_opt(10, 30, 0).unwrap();
        for (party, signer) in [(Party::Cpi, "Anna Bianchi"), (Party::Company, "Giulia Lorusso")] {
            let path = "M20 150L60 60L100 150L140 60L180 150";
            sign(&mut c, &cpi, &hash, &Drawn { party, signer, path, at }, "ev", "anna").unwrap();
        }
        (cpi, c)
    }

    #[test]
    fn the_pdf_holds_the_text_both_signers_their_times_the_hash_and_the_drawn_paths() {
        let (cpi, c) = signed();
        let bytes = convenzione_pdf(&cpi, &c);
        let pdf = String::from_utf8_lossy(&bytes);
        assert!(bytes.starts_with(b"%PDF-"));
        for needle in [
            "CONVENZIONE DI SERVIZIO",
            "Firmatario: Anna Bianchi",
            "Firmatario: Giulia Lorusso",
            "20/10/2026 alle 10:30",
            &convenzione::text(&cpi, &c).hash(),
        ] {
            assert!(pdf.contains(needle), "{needle} missing");
        }
        // The first stroke of a signature, scaled into its box: a move then four lines.
        let scale = SIGNATURE_WIDTH / PAD_WIDTH as f32;
        assert!(pdf.contains(&format!("{} ", MARGIN + 20.0 * scale)));
        assert_eq!(pdf.matches(" m\n").count(), 2, "one stroke per signature");
        assert_eq!(pdf.matches(" l\n").count(), 8);
    }

    #[test]
    fn an_outdated_convenzione_says_so_in_its_pdf() {
        let (cpi, mut c) = signed();
        c.registry.name = "Forno Lorusso S.p.A.".into();
        let pdf = String::from_utf8_lossy(&convenzione_pdf(&cpi, &c)).into_owned();
        let hex: String =
            crate::pdf::win_ansi("Convenzione non più firmata").iter().map(|b| format!("{b:02X}")).collect();
        assert!(pdf.contains(&hex), "the status line, written as hex for its accented letter");
        assert!(pdf.contains(c.convenzione.text_hash.as_str()), "the hash the signatures bind");
    }
}
