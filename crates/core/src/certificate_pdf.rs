//! A certificate as a one-page A4 PDF, for citizens who want a file rather than paper: the
//! same text as the printed sheet, the legal notice and the QR code, drawn with the PDF base
//! fonts (no font to embed, so the file stays small).

use crate::certificate::Certificate;
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};

pub(crate) const PAGE_WIDTH: f32 = 595.0;
pub(crate) const PAGE_HEIGHT: f32 = 842.0;
pub(crate) const MARGIN: f32 = 56.0;
/// Helvetica averages about half an em per character: lines wrap below this.
const CHARS_PER_LINE: usize = 92;

/// WinAnsi bytes of a text: Latin-1 and the usual typographic marks; anything else is "?".
pub(crate) fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// Lines of text laid out from the top of the page down, in the fonts
/// [`base_fonts`] names F1 (regular) and F2 (bold).
pub(crate) struct PageText {
    pub(crate) content: Content,
    pub(crate) y: f32,
}

impl PageText {
    pub(crate) fn new() -> PageText {
        PageText { content: Content::new(), y: PAGE_HEIGHT - MARGIN }
    }

    pub(crate) fn line(&mut self, text: &str, bold: bool, size: f32) {
        for part in wrap(text, (CHARS_PER_LINE as f32 * 11.0 / size) as usize) {
            self.content.begin_text();
            self.content.set_font(Name(if bold { b"F2" } else { b"F1" }), size);
            self.content.next_line(MARGIN, self.y);
            self.content.show(Str(&win_ansi(&part)));
            self.content.end_text();
            self.y -= size * 1.45;
        }
    }

    pub(crate) fn gap(&mut self, points: f32) {
        self.y -= points;
    }
}

/// An A4 page under `pages` drawing `contents`, with the fonts of [`base_fonts`].
pub(crate) fn a4_page(pdf: &mut Pdf, id: Ref, pages: Ref, contents: Ref, fonts: (Ref, Ref)) {
    let mut page = pdf.page(id);
    page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
    page.parent(pages);
    page.contents(contents);
    page.resources().fonts().pair(Name(b"F1"), fonts.0).pair(Name(b"F2"), fonts.1);
}

/// Helvetica and Helvetica-Bold, WinAnsi-encoded: base fonts, so nothing is embedded.
pub(crate) fn base_fonts(pdf: &mut Pdf, (regular, bold): (Ref, Ref)) {
    for (id, font) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
        pdf.type1_font(id).base_font(Name(font)).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
}

/// The PDF of a signed certificate. `qr` is the QR code's module matrix (dark = true).
pub fn certificate_pdf(
    certificate: &Certificate,
    title: &str,
    issuer: &str,
    qr: &[Vec<bool>],
    verify_hint: &str,
) -> Vec<u8> {
    let (catalog, pages, page_id, regular, bold, contents) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page_id]).count(1);
    a4_page(&mut pdf, page_id, pages, contents, (regular, bold));
    base_fonts(&mut pdf, (regular, bold));

    let mut page = PageText::new();
    page.line(&format!("REGIONE PUGLIA - {issuer}"), true, 10.0);
    page.gap(8.0);
    page.line(title, true, 15.0);
    page.gap(4.0);
    page.line(
        &format!("Certificato n. {} - emesso il {}", certificate.number, certificate.issued_at_it()),
        false,
        11.0,
    );
    page.gap(10.0);
    let subject = &certificate.subject;
    page.line(
        &format!("Si attesta che {} (codice fiscale {}) risulta:", subject.name, subject.codice_fiscale),
        false,
        11.0,
    );
    page.gap(4.0);
    for (label, value) in &certificate.fields {
        page.line(&format!("{label}: {value}"), false, 11.0);
    }
    page.gap(10.0);
    page.line(&certificate.legal_notice, true, 11.0);

    // The QR code, one filled square per dark module, under the text.
    let side = 170.0_f32;
    let module = side / qr.len().max(1) as f32;
    let top = page.y - 20.0;
    page.content.set_fill_gray(0.0);
    for (row, cells) in qr.iter().enumerate() {
        for (col, dark) in cells.iter().enumerate() {
            if *dark {
                page.content.rect(MARGIN + col as f32 * module, top - (row as f32 + 1.0) * module, module, module);
            }
        }
    }
    page.content.fill_nonzero();
    page.y = top - side - 18.0;
    page.line(verify_hint, false, 9.0);
    let content = page.content;

    pdf.stream(contents, &content.finish());
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_letters_map_to_win_ansi_and_others_are_marked() {
        assert_eq!(win_ansi("può è €"), b"pu\xf2 \xe8 \x80");
        assert_eq!(win_ansi("Ş"), b"?");
    }

    #[test]
    fn the_pdf_holds_the_certificate_text_and_the_notice() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let code = crate::codice_fiscale::parse("RSSMRA80A01H501U").unwrap();
        let c = Certificate::new(
            "CPI-BARI-2026-000001".into(),
            crate::certificate::CertificateKind::Did,
            "bari",
            now,
            crate::certificate::Subject::new(&code, "Rossi Mario"),
            vec![("Stato di disoccupazione dal".into(), "06/10/2026".into())],
        );
        let qr = vec![vec![true, false], vec![false, true]];
        let bytes = certificate_pdf(&c, "Attestazione", "Centro per l'Impiego di Bari", &qr, "Verifica");
        let text = String::from_utf8_lossy(&bytes);
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(text.contains("CPI-BARI-2026-000001") && text.contains("06/10/2026"));
        // Lines with letters beyond ASCII ("può") are written as hex strings.
        let notice_hex: String = "Il presente certificato non".bytes().map(|b| format!("{b:02X}")).collect();
        assert!(text.contains(&notice_hex), "{text}");
    }

    #[test]
    fn long_lines_wrap_on_words() {
        let lines = wrap("uno due tre quattro", 8);
        assert_eq!(lines, ["uno due", "tre", "quattro"]);
    }
}
