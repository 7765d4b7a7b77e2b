//! A certificate as an A4 PDF, for citizens who want a file rather than paper: the same text
//! as the printed sheet, the legal notice and the QR code, in [`crate::pdf`]'s base fonts.

use crate::certificate::Certificate;
use crate::pdf::{document, PageText, MARGIN};

/// The PDF of a signed certificate. `qr` is the QR code's module matrix (dark = true).
pub fn certificate_pdf(
    certificate: &Certificate,
    title: &str,
    issuer: &str,
    qr: &[Vec<bool>],
    verify_hint: &str,
) -> Vec<u8> {
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
    page.room(20.0 + side + 30.0);
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
    document(page.pages())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
