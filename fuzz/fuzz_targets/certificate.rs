//! The certificate decoders (`sportello_core::certificate`): the QR text a phone or the
//! verification page reads, and the canonical content bytes. No panic; a QR text that reads
//! re-encodes to the same text; canonical content re-encodes to the same bytes; a certificate
//! signed from any content verifies, and no one-character change of its QR text does.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sportello_core::certificate::{self, Certificate, CertificateKind, Subject, QR_PREFIX};

const KEY: [u8; 32] = [7; 32];
const KEY_ID: &str = "fuzz-1";

#[derive(Debug, Arbitrary)]
enum Input<'a> {
    /// What a reader returns: the QR text, or a link that ends with it.
    QrText(&'a str),
    /// The content carried inside the QR code.
    Content(&'a [u8]),
    /// A certificate as the relay would issue it, then one character of its QR text changed.
    Issued { fields: Built, at: usize, replacement: char },
}

#[derive(Debug, Arbitrary)]
struct Built {
    number: String,
    kind: u8,
    cpi: String,
    issued_at_s: i64,
    codice_fiscale: String,
    name: String,
    fields: Vec<(String, String)>,
    notice: Option<String>,
}

impl Built {
    fn certificate(self) -> Option<Certificate> {
        let kind = CertificateKind::ALL[usize::from(self.kind) % CertificateKind::ALL.len()];
        // Times from 0001-01-01 to 9999-12-31 (the span chrono formats with four digits).
        let seconds = -62_135_596_800 + self.issued_at_s.rem_euclid(315_537_897_600);
        let issued_at = chrono::DateTime::from_timestamp(seconds, 0)?.naive_utc();
        let subject = Subject { codice_fiscale: self.codice_fiscale, name: self.name };
        let mut c = Certificate::new(self.number, kind, &self.cpi, issued_at, subject, self.fields);
        if let Some(notice) = self.notice {
            c.legal_notice = notice;
        }
        Some(c)
    }
}

fn keys() -> [(&'static str, [u8; 32]); 1] {
    [(KEY_ID, certificate::public_key(&KEY))]
}

fuzz_target!(|input: Input| match input {
    Input::QrText(text) => {
        let Ok(signed) = certificate::from_qr_text(text) else { return };
        let again = certificate::to_qr_text(&signed);
        assert_eq!(Some(again.as_str()), certificate::qr_text_in(text), "a QR text reads but encodes otherwise");
        assert_eq!(certificate::from_qr_text(&again).as_ref(), Ok(&signed));
        // Only a forger with the key could make it verify; the fuzzer is not one.
        assert!(certificate::verify(&signed, &keys()).is_err());
        let _ = (signed.certificate.text_it(), signed.certificate.issued_at_it());
    }
    Input::Content(bytes) => {
        if let Ok(c) = Certificate::from_canonical_bytes(bytes) {
            // One content has one encoding in its version (the array's first item); what is
            // signed now is version 2, and it reads back the same.
            if bytes.get(1) == Some(&2) {
                assert_eq!(c.canonical_bytes(), bytes);
            }
            assert_eq!(Certificate::from_canonical_bytes(&c.canonical_bytes()).as_ref(), Ok(&c));
            let signed = certificate::sign(&c, &KEY, KEY_ID);
            assert_eq!(certificate::verify(&signed, &keys()), Ok(&c));
        }
    }
    Input::Issued { fields, at, replacement } => {
        let Some(c) = fields.certificate() else { return };
        let signed = certificate::sign(&c, &KEY, KEY_ID);
        let text = certificate::to_qr_text(&signed);
        let read = certificate::from_qr_text(&text).expect("an issued certificate reads back");
        let verified = certificate::verify(&read, &keys()).expect("an issued certificate verifies");
        assert_eq!(verified.canonical_bytes(), c.canonical_bytes());
        assert_eq!(read, signed);

        let mut chars: Vec<char> = text.chars().collect();
        let at = QR_PREFIX.len() + at % (chars.len() - QR_PREFIX.len());
        if chars[at] == replacement || replacement.is_whitespace() {
            return;
        }
        chars[at] = replacement;
        let changed: String = chars.into_iter().collect();
        if let Ok(forged) = certificate::from_qr_text(&changed) {
            assert!(certificate::verify(&forged, &keys()).is_err(), "{changed} verifies");
        }
    }
});
