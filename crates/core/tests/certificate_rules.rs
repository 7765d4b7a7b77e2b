//! Certificate rules: sign, carry in a QR code, verify offline; any change is caught.

use chrono::{NaiveDate, NaiveDateTime};
use ciborium::Value;
use ed25519_dalek::{Signer, SigningKey};
use proptest::prelude::*;
use sportello_core::certificate::{
    certificate_number, check, from_qr_text, public_key, qr_text_in, sign, to_qr_text, verify, Certificate,
    CertificateKind, RevocationStatus, SignedCertificate, Subject, VerifyError, LEGAL_NOTICE, QR_PREFIX, QR_PREFIX_V1,
    SIGNING_CONTEXT,
};
use sportello_core::codice_fiscale;

const KEY: [u8; 32] = [0x42; 32];
const OTHER_KEY: [u8; 32] = [0x24; 32];
const KEY_ID: &str = "puglia-2026";

fn keys() -> Vec<(String, [u8; 32])> {
    vec![("puglia-2025".to_string(), public_key(&OTHER_KEY)), (KEY_ID.to_string(), public_key(&KEY))]
}

fn at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 5).unwrap().and_hms_opt(10, 30, 0).unwrap()
}

/// A typical DID certificate, with a long CPI name and a long personal name.
fn typical_did() -> Certificate {
    let cf = codice_fiscale::parse("RSSMRA85T10A562S").unwrap();
    Certificate::new(
        certificate_number("martina-franca", 2026, 4521),
        CertificateKind::Did,
        "martina-franca",
        at(),
        Subject::new(&cf, "Maria Addolorata De Santis"),
        vec![
            ("Data della DID".into(), "12/01/2026".into()),
            ("Stato".into(), "Disoccupata".into()),
            ("Anzianità di disoccupazione".into(), "dal 01/12/2025".into()),
        ],
    )
}

fn certificate(kind: CertificateKind) -> Certificate {
    let cf = codice_fiscale::parse("RSSMRA80A01H501U").unwrap();
    Certificate::new(
        certificate_number("bari", 2026, 123),
        kind,
        "bari",
        at(),
        Subject::new(&cf, "Mario Rossi"),
        vec![("Data".into(), "05/03/2026".into())],
    )
}

/// The QR payload's envelope, decoded: (content, key id, signature).
fn envelope(qr: &str) -> (Vec<u8>, String, Vec<u8>) {
    let bytes = base32(qr.strip_prefix(QR_PREFIX).unwrap());
    let Value::Array(items) = ciborium::from_reader(&bytes[..]).unwrap() else { panic!("not an array") };
    match <[Value; 3]>::try_from(items).unwrap() {
        [Value::Bytes(c), Value::Text(k), Value::Bytes(s)] => (c, k, s),
        _ => panic!("not an envelope"),
    }
}

fn base32(text: &str) -> Vec<u8> {
    data_encoding::BASE32_NOPAD.decode(text.as_bytes()).unwrap()
}

fn cbor(value: &Value) -> Vec<u8> {
    let mut bytes = Vec::new();
    ciborium::into_writer(value, &mut bytes).unwrap();
    bytes
}

fn envelope_cbor(content: Vec<u8>, key_id: &str, signature: Vec<u8>) -> Vec<u8> {
    cbor(&Value::Array(vec![Value::Bytes(content), Value::Text(key_id.into()), Value::Bytes(signature)]))
}

fn qr_from(content: Vec<u8>, key_id: &str, signature: Vec<u8>) -> String {
    format!("{QR_PREFIX}{}", data_encoding::BASE32_NOPAD.encode(&envelope_cbor(content, key_id, signature)))
}

/// Whatever step refuses it, a text must not verify.
fn verifies(qr: &str) -> Result<Certificate, VerifyError> {
    let signed = from_qr_text(qr)?;
    verify(&signed, &keys()).cloned()
}

#[test]
fn sign_qr_parse_verify_for_every_kind() {
    for kind in CertificateKind::ALL {
        let c = certificate(kind);
        let signed = sign(&c, &KEY, KEY_ID);
        let qr = to_qr_text(&signed);
        assert!(qr.starts_with("SPT2:"));
        // Capitals and digits only: a QR encoder's alphanumeric mode.
        assert!(qr.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b':'), "{qr}");
        let parsed = from_qr_text(&qr).unwrap();
        assert_eq!(parsed, signed);
        assert_eq!(verify(&parsed, &keys()), Ok(&c));
        assert_eq!(parsed.key_id, KEY_ID);
        assert_eq!(parsed.content(), c.canonical_bytes());
    }
}

#[test]
fn the_legal_notice_is_in_every_kind() {
    for kind in CertificateKind::ALL {
        let c = certificate(kind);
        assert_eq!(c.legal_notice, LEGAL_NOTICE);
        assert!(!kind.title_it().is_empty());
        let back = verifies(&to_qr_text(&sign(&c, &KEY, KEY_ID))).unwrap();
        assert_eq!(back.legal_notice, LEGAL_NOTICE);
        assert!(back.text_it().contains(LEGAL_NOTICE));
        assert!(back.text_it().starts_with(kind.title_it()));
    }
    assert!(LEGAL_NOTICE.starts_with("Il presente certificato non può essere prodotto"));
    assert!(LEGAL_NOTICE.ends_with("o ai privati gestori di pubblici servizi"));
}

#[test]
fn any_single_byte_changed_in_the_content_fails() {
    let qr = to_qr_text(&sign(&typical_did(), &KEY, KEY_ID));
    let (content, key_id, signature) = envelope(&qr);
    for i in 0..content.len() {
        for flip in [0x01u8, 0x20, 0x80, 0xff] {
            let mut changed = content.clone();
            changed[i] ^= flip;
            let tampered = qr_from(changed, &key_id, signature.clone());
            assert!(verifies(&tampered).is_err(), "byte {i} ^ {flip:#x} passed");
        }
    }
    // The untouched envelope, rebuilt the same way, still passes.
    assert!(verifies(&qr_from(content, &key_id, signature)).is_ok());
}

#[test]
fn any_single_byte_changed_in_the_signature_fails() {
    let qr = to_qr_text(&sign(&typical_did(), &KEY, KEY_ID));
    let (content, key_id, signature) = envelope(&qr);
    for i in 0..signature.len() {
        let mut changed = signature.clone();
        changed[i] ^= 0x01;
        let tampered = qr_from(content.clone(), &key_id, changed);
        assert_eq!(verifies(&tampered), Err(VerifyError::InvalidSignature), "byte {i}");
    }
}

#[test]
fn another_key_under_a_known_id_is_an_invalid_signature() {
    let forged = sign(&typical_did(), &[9; 32], KEY_ID);
    let err = verify(&forged, &keys()).unwrap_err();
    assert_eq!(err, VerifyError::InvalidSignature);
    assert!(err.message_it().starts_with("Firma non valida"));
    // The old key cannot stand for the new one either.
    let old = sign(&typical_did(), &OTHER_KEY, KEY_ID);
    assert_eq!(verify(&old, &keys()), Err(VerifyError::InvalidSignature));
}

#[test]
fn an_unknown_key_id_is_named() {
    let signed = sign(&typical_did(), &KEY, "puglia-2031");
    let err = verify(&signed, &keys()).unwrap_err();
    assert_eq!(err, VerifyError::UnknownKey { key_id: "puglia-2031".into() });
    assert!(err.message_it().starts_with("Chiave sconosciuta"));
    assert!(err.message_it().contains("puglia-2031"));
    let no_keys: [(&str, [u8; 32]); 0] = [];
    assert!(matches!(verify(&signed, &no_keys), Err(VerifyError::UnknownKey { .. })));
}

#[test]
fn garbage_qr_text_is_not_recognised() {
    let good = to_qr_text(&sign(&typical_did(), &KEY, KEY_ID));
    let random_base32 = format!("{QR_PREFIX}{}", data_encoding::BASE32_NOPAD.encode(&[0xA5u8; 120]));
    let not_an_envelope = format!(
        "{QR_PREFIX}{}",
        data_encoding::BASE32_NOPAD.encode(&cbor(&Value::Array(vec![Value::Text("x".into())])))
    );
    // A version 2 envelope under the version 1 prefix and encoding.
    let v2_as_v1 = format!("{QR_PREFIX_V1}{}", bs58::encode(base32(&good[5..])).into_string());
    let garbage = [
        String::new(),
        "   ".into(),
        "ciao".into(),
        "https://example.org/".into(),
        QR_PREFIX.into(),
        format!("{QR_PREFIX}0189"),
        format!("spt2:{}", &good[5..]),
        format!("SPT1:{}", &good[5..]),
        format!("SPT3:{}", &good[5..]),
        v2_as_v1,
        good[..good.len() / 2].to_string(),
        format!("{good}1"),
        format!("{QR_PREFIX}{}", "z".repeat(5000)),
        random_base32,
        not_an_envelope,
        qr_from(vec![1, 2, 3], KEY_ID, vec![0; 64]),
        qr_from(typical_did().canonical_bytes(), KEY_ID, vec![0; 63]),
        qr_from(typical_did().canonical_bytes(), "chiave con spazi", vec![0; 64]),
        qr_from(typical_did().canonical_bytes(), "", vec![0; 64]),
    ];
    for text in garbage {
        let err = from_qr_text(&text).unwrap_err();
        assert_eq!(err, VerifyError::Format, "{text:?}");
        assert!(err.message_it().starts_with("Formato non riconosciuto"));
    }
}

/// A certificate printed before version 2, as the relay signed it then.
fn printed_in_version_1() -> String {
    let text = |s: &str| Value::Text(s.into());
    let content = cbor(&Value::Array(vec![
        Value::Integer(1.into()),
        text("CPI-BARI-2026-000123"),
        text("did"),
        text("bari"),
        text("2026-03-05T10:30:00"),
        text("RSS***80A01H501U"),
        text("Mario Rossi"),
        Value::Array(vec![Value::Array(vec![text("Data della DID"), text("12/01/2026")])]),
        Value::Integer(1.into()),
    ]));
    let signature = SigningKey::from_bytes(&KEY).sign(&[SIGNING_CONTEXT, &content].concat()).to_bytes().to_vec();
    format!("{QR_PREFIX_V1}{}", bs58::encode(envelope_cbor(content, KEY_ID, signature)).into_string())
}

#[test]
fn a_certificate_printed_in_version_1_still_verifies() {
    let qr = printed_in_version_1();
    let c = verifies(&format!("https://sportello.example/verifica#{qr}")).unwrap();
    let read = from_qr_text(&qr).unwrap();
    assert_eq!((read.content_version(), to_qr_text(&read)), (1, qr.clone()), "it reads back as printed");
    assert_eq!(c.number, "CPI-BARI-2026-000123");
    assert_eq!(c.kind, CertificateKind::Did);
    assert_eq!(c.subject.codice_fiscale, "RSS***80A01H501U");
    assert_eq!(c.fields, [("Data della DID".to_string(), "12/01/2026".to_string())]);
    assert_eq!(c.legal_notice, LEGAL_NOTICE);
    assert_eq!(c.issued_at, at());
    // Its content read and re-encoded in version 1 is the same bytes; changed, it fails.
    let (content, key_id, signature) = {
        let bytes = bs58::decode(qr.strip_prefix(QR_PREFIX_V1).unwrap()).into_vec().unwrap();
        let Value::Array(items) = ciborium::from_reader(&bytes[..]).unwrap() else { panic!() };
        match <[Value; 3]>::try_from(items).unwrap() {
            [Value::Bytes(c), Value::Text(k), Value::Bytes(s)] => (c, k, s),
            _ => panic!(),
        }
    };
    let mut changed = content.clone();
    let last = changed.len() - 2;
    changed[last] ^= 0x01;
    let tampered = format!("{QR_PREFIX_V1}{}", bs58::encode(envelope_cbor(changed, &key_id, signature)).into_string());
    assert!(verifies(&tampered).is_err());
}

#[test]
fn a_new_certificate_carries_the_whole_codice_fiscale_and_the_standard_labels_by_number() {
    let cf = codice_fiscale::parse("RSSMRA80A01H501U").unwrap();
    let label = sportello_core::certificate::field::DID_ON;
    let c = Certificate::new(
        certificate_number("bari", 2026, 7),
        CertificateKind::Did,
        "bari",
        at(),
        Subject::new(&cf, "Mario Rossi"),
        vec![(label.into(), "12/01/2026".into()), ("Nota".into(), "testo libero".into())],
    );
    let back = verifies(&to_qr_text(&sign(&c, &KEY, KEY_ID))).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.subject.codice_fiscale, "RSSMRA80A01H501U");
    let content = c.canonical_bytes();
    let as_text = String::from_utf8_lossy(&content);
    assert!(!as_text.contains(label), "the standard label travels as its number");
    assert!(as_text.contains("Nota"), "any other label as text");
    assert!(!as_text.contains("CPI-BARI"), "the standard number travels as its counter");
}

#[test]
fn a_verification_link_is_read_too() {
    let qr = to_qr_text(&sign(&typical_did(), &KEY, KEY_ID));
    let link = format!("https://sportello.example/verifica#{qr}\n");
    assert_eq!(verifies(&link), Ok(typical_did()));
    assert_eq!(qr_text_in(&link), Some(qr.as_str()));
    let v1 = printed_in_version_1();
    assert_eq!(qr_text_in(&format!("https://sportello.example/verifica#{v1}")), Some(v1.as_str()));
    assert_eq!(qr_text_in("https://sportello.example/verifica"), None);
}

#[test]
fn revocation_is_folded_in() {
    let signed = sign(&typical_did(), &KEY, KEY_ID);
    let number = signed.certificate.number.clone();
    let revoked = |n: &str| n == number;
    let (c, status) = check(&signed, &keys(), &revoked).unwrap();
    assert_eq!((c.number.as_str(), status), ("CPI-MARTINA-FRANCA-2026-004521", RevocationStatus::Revoked));
    let none = |_: &str| false;
    assert_eq!(check(&signed, &keys(), &none).unwrap().1, RevocationStatus::Valid);
    assert!(RevocationStatus::Revoked.message_it().contains("revocato"));
    // A forged certificate is refused before asking.
    let forged = sign(&typical_did(), &[9; 32], KEY_ID);
    assert_eq!(check(&forged, &keys(), &none), Err(VerifyError::InvalidSignature));
}

#[test]
fn a_typical_did_fits_a_small_qr_code() {
    let signed = sign(&typical_did(), &KEY, KEY_ID);
    let qr = to_qr_text(&signed);
    let short = to_qr_text(&sign(&certificate(CertificateKind::Did), &KEY, KEY_ID));
    println!("typical DID: content {} bytes, QR text {} characters", signed.content().len(), qr.len());
    println!("short DID: QR text {} characters; notice {} bytes", short.len(), LEGAL_NOTICE.len());
    // QR version 15 at error correction M holds 412 bytes in byte mode (77x77 modules).
    assert!(qr.len() <= 412, "{} characters", qr.len());
}

#[test]
fn every_kind_and_error_has_an_italian_text() {
    for kind in CertificateKind::ALL {
        assert_eq!(CertificateKind::from_code(kind.code()), Some(kind));
    }
    let errors = [
        VerifyError::Format,
        VerifyError::UnknownKey { key_id: "k".into() },
        VerifyError::InvalidSignature,
        VerifyError::Altered,
    ];
    let starts = ["Formato non riconosciuto", "Chiave sconosciuta", "Firma non valida", "Contenuto alterato"];
    for (e, start) in errors.iter().zip(starts) {
        assert!(e.message_it().starts_with(start), "{e}");
    }
}

fn text() -> impl Strategy<Value = String> {
    "[ -~àèéìòùÀÈÉ'’]{0,40}"
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_certificate_round_trips(
        kind in prop::sample::select(CertificateKind::ALL.to_vec()),
        seq in 0u32..1_000_000,
        name in text(),
        fields in prop::collection::vec((text(), text()), 0..6),
        seconds in 0i64..4_000_000_000,
    ) {
        let cf = codice_fiscale::parse("RSSMRA80A01H501U").unwrap();
        let issued_at = chrono::DateTime::from_timestamp(seconds, 0).unwrap().naive_utc();
        let c = Certificate::new(certificate_number("lecce", 2026, seq), kind, "lecce", issued_at,
            Subject::new(&cf, &name), fields);
        let signed = sign(&c, &KEY, KEY_ID);
        let parsed: SignedCertificate = from_qr_text(&to_qr_text(&signed)).unwrap();
        prop_assert_eq!(verify(&parsed, &keys()), Ok(&c));
    }
}
