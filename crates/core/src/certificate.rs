//! Certificates a CPI issues, signed with Ed25519 and verifiable offline from a QR code.
//!
//! # Design
//!
//! **What.** A [`Certificate`] is the content printed on paper: number, kind, CPI, time of
//! issue, the person (codice fiscale and name), a list of labelled fields and the
//! legal notice that DPR 445/2000 art. 40 (as changed by L. 183/2011) requires on every
//! certificate ([`LEGAL_NOTICE`]). The relay signs it with the region's key; anyone checks it
//! with the public keys and no network (CAD art. 23-ter, AgID circular 62/2013: a printed
//! mark, here a QR code).
//!
//! **Numbers.** `CPI-<SLUG>-<YEAR>-<NNNNNN>` ([`certificate_number`]), e.g.
//! `CPI-BARI-2026-000123`: readable, quotable on the phone, and unique because only the relay
//! signs and it keeps one counter per CPI and year in its database. This crate only formats.
//!
//! **Canonical content.** The signed bytes are the CBOR (RFC 8949) encoding of one array, in
//! this order (version 2, what the relay signs now):
//!
//! ```text
//! [ 2,                       ; content format version (uint)
//!   seq,                     ; uint: the counter of CPI-<SLUG>-<YEAR>-<seq> (or the number as text)
//!   kind,                    ; uint: 1 did, 2 sap, 3 l68, 4 pds
//!   cpi,                     ; text: the CPI slug
//!   issued_at,               ; uint: seconds since 2020-01-01T00:00:00, local time in Italy
//!   codice_fiscale,          ; text, whole: a certificate identifies its holder
//!   name,                    ; text
//!   [[label, value], ...],   ; the fields, in order; label uint n = field::CODED[n-1], or text
//!   notice ]                 ; uint 1 = exactly LEGAL_NOTICE, else the notice as text
//! ```
//!
//! Version 1 (certificates printed before) had the number, the kind code ("did"...), the time
//! as "YYYY-MM-DDTHH:MM:SS", a masked codice fiscale and every label as text; it still
//! decodes and verifies. With definite lengths and the shortest integer heads (what ciborium
//! writes) and no maps or floats, one content has one encoding; a decoder re-encodes in the
//! content's own version and rejects anything else. The notice and the standard labels travel
//! as numbers because their text would make the QR code much denser for no information. What
//! is signed is `SIGNING_CONTEXT || content`, so a signature made with the same key for
//! another purpose can never pass as a certificate.
//!
//! **QR text.** `SPT2:` followed by base32 (RFC 4648 alphabet, no padding) of the CBOR array
//! `[content (bytes), key_id (text), signature (64 bytes)]`. Base32 is capitals and digits
//! only, so a QR encoder writes it in alphanumeric mode (5.5 bits a character against 8 for
//! base58's mixed case) and any phone camera returns it unchanged; [`from_qr_text`] also finds
//! the payload inside a longer text, e.g. a verification link ending in `#SPT2:...`, and
//! still reads version 1's `SPT1:` + base58. The unit test `qr_codes_are_smaller_than_in_version_1`
//! measures the QR versions (error correction M, inside a verification link) of the same
//! certificates in both forms: a DID from version 13 to 11, a rich SAP extract (eight fields)
//! from 23 to 16.
//!
//! **Checks.** [`verify`]: the key id must be known (else "chiave sconosciuta": unknown or
//! newer than the verifier's list), the signature must hold over the carried bytes ("firma
//! non valida": altered after signing or signed by someone else, which Ed25519 cannot tell
//! apart), and the certificate shown must be the one those bytes encode ("contenuto
//! alterato"). Revocation is decided by the relay; [`check`] folds its answer in.

use std::fmt;

use chrono::{NaiveDateTime, Timelike};
use ciborium::Value;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::codice_fiscale::CodiceFiscale;

/// The notice every certificate carries (DPR 445/2000 art. 40, as changed by L. 183/2011).
pub const LEGAL_NOTICE: &str = "Il presente certificato non può essere prodotto agli organi della pubblica \
                                amministrazione o ai privati gestori di pubblici servizi";

/// The start of every new certificate's QR text (content version 2, base32).
pub const QR_PREFIX: &str = "SPT2:";

/// The start of the QR text of certificates issued before version 2 (base58): they keep
/// verifying.
pub const QR_PREFIX_V1: &str = "SPT1:";

/// Prepended to the content before signing: domain separation from any other use of a key.
pub const SIGNING_CONTEXT: &[u8] = b"sportello-certificate-v1\0";

/// Longest QR payload accepted: a version 40 QR code holds at most 4296 alphanumeric
/// characters.
pub const MAX_QR_TEXT: usize = 4296;

/// Longest key id accepted from a QR code.
pub const MAX_KEY_ID: usize = 64;

const CONTENT_V1: u64 = 1;
const CONTENT_V2: u64 = 2;
const NOTICE_STANDARD: u64 = 1;
const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// The labels of the fields the CPIs print, as the signed content names them by number in
/// version 2 (1 is the first). Append only: a printed certificate must read the same forever.
pub mod field {
    pub const EMPLOYMENT: &str = "Condizione occupazionale";
    pub const DID_ON: &str = "Dichiarazione di immediata disponibilità (DID) resa il";
    pub const UNEMPLOYED_SINCE: &str = "Stato di disoccupazione dal";
    pub const BIRTH_DATE: &str = "Data di nascita";
    pub const CITIZENSHIP: &str = "Cittadinanza";
    pub const RESIDENCE: &str = "Comune di residenza";
    pub const EDUCATION: &str = "Titolo di studio";
    pub const EXPERIENCE: &str = "Esperienza";
    pub const PROFESSIONS: &str = "Professioni cercate (CP2021)";
    pub const L68_SINCE: &str = "Iscritto negli elenchi del collocamento mirato (L. 68/99) dal";
    pub const PDS_ON: &str = "Patto di servizio sottoscritto il";
    pub const PAI_ON: &str = "Piano di azione individuale proposto il";

    pub(super) const CODED: [&str; 12] = [
        EMPLOYMENT,
        DID_ON,
        UNEMPLOYED_SINCE,
        BIRTH_DATE,
        CITIZENSHIP,
        RESIDENCE,
        EDUCATION,
        EXPERIENCE,
        PROFESSIONS,
        L68_SINCE,
        PDS_ON,
        PAI_ON,
    ];
}

/// Version 2 writes the time of issue as seconds since this moment (local time in Italy).
fn v2_epoch() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2020, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("a valid date")
}

/// The certificates a CPI issues (domain brief, section 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateKind {
    /// Unemployment status and the declaration of immediate availability (DID), service A4.
    Did,
    /// Extract of the professional record (SAP), service A4.
    SapExtract,
    /// Registration in the L. 68/99 targeted-placement list, service E4.
    TargetedPlacement,
    /// Copy of the signed service agreement (PDS), service B2.
    ServiceAgreementCopy,
}

impl CertificateKind {
    pub const ALL: [CertificateKind; 4] = [
        CertificateKind::Did,
        CertificateKind::SapExtract,
        CertificateKind::TargetedPlacement,
        CertificateKind::ServiceAgreementCopy,
    ];

    /// The code in the signed content: short, to keep the QR code small.
    pub fn code(self) -> &'static str {
        match self {
            CertificateKind::Did => "did",
            CertificateKind::SapExtract => "sap",
            CertificateKind::TargetedPlacement => "l68",
            CertificateKind::ServiceAgreementCopy => "pds",
        }
    }

    pub fn from_code(code: &str) -> Option<CertificateKind> {
        CertificateKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The number in version 2 of the signed content. Append only.
    fn number(self) -> u64 {
        match self {
            CertificateKind::Did => 1,
            CertificateKind::SapExtract => 2,
            CertificateKind::TargetedPlacement => 3,
            CertificateKind::ServiceAgreementCopy => 4,
        }
    }

    fn from_number(n: u64) -> Option<CertificateKind> {
        CertificateKind::ALL.into_iter().find(|k| k.number() == n)
    }

    /// The title printed at the top of the certificate.
    pub fn title_it(self) -> &'static str {
        match self {
            CertificateKind::Did => {
                "Attestazione dello stato di disoccupazione e della dichiarazione di immediata disponibilità (DID)"
            }
            CertificateKind::SapExtract => "Estratto della scheda anagrafica professionale (SAP)",
            CertificateKind::TargetedPlacement => {
                "Attestazione di iscrizione negli elenchi del collocamento mirato (L. 68/99)"
            }
            CertificateKind::ServiceAgreementCopy => "Copia del patto di servizio sottoscritto",
        }
    }
}

/// Whom the certificate is about: a certificate must identify its holder, so the codice
/// fiscale is whole (screens mask it; paper and the signed content do not). Certificates of
/// version 1 carry it masked ("RSS***80A01H501U").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subject {
    pub codice_fiscale: String,
    pub name: String,
}

impl Subject {
    pub fn new(codice_fiscale: &CodiceFiscale, name: &str) -> Subject {
        Subject { codice_fiscale: codice_fiscale.as_str().to_string(), name: name.trim().to_string() }
    }
}

/// A certificate's content: what is printed, and what is signed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Certificate {
    /// Unique, see [`certificate_number`].
    pub number: String,
    pub kind: CertificateKind,
    /// The issuing CPI's slug.
    pub cpi: String,
    /// Local time in Italy, whole seconds.
    pub issued_at: NaiveDateTime,
    pub subject: Subject,
    /// (Italian label, value), in print order.
    pub fields: Vec<(String, String)>,
    pub legal_notice: String,
}

/// `CPI-BARI-2026-000123`: the CPI's slug in capitals, the year, the relay's counter.
pub fn certificate_number(cpi_slug: &str, year: i32, seq: u32) -> String {
    format!("CPI-{}-{year}-{seq:06}", cpi_slug.trim().to_ascii_uppercase())
}

impl Certificate {
    /// A certificate with the legal notice; the time is cut to whole seconds, as signed.
    pub fn new(
        number: String,
        kind: CertificateKind,
        cpi: &str,
        issued_at: NaiveDateTime,
        subject: Subject,
        fields: Vec<(String, String)>,
    ) -> Certificate {
        Certificate {
            number,
            kind,
            cpi: cpi.to_string(),
            issued_at: issued_at.with_nanosecond(0).unwrap_or(issued_at),
            subject,
            fields,
            legal_notice: LEGAL_NOTICE.to_string(),
        }
    }

    /// The canonical encoding (see the module docs): the bytes that are signed, in the
    /// current content version.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        self.encode(CONTENT_V2)
    }

    /// The canonical encoding in content `version` (1 or 2).
    fn encode(&self, version: u64) -> Vec<u8> {
        let text = |s: &str| Value::Text(s.to_string());
        let uint = |n: u64| Value::Integer(n.into());
        let fields = self
            .fields
            .iter()
            .map(|(label, value)| {
                let coded = field::CODED.iter().position(|l| l == label).filter(|_| version >= CONTENT_V2);
                let label = coded.map_or_else(|| text(label), |i| uint(i as u64 + 1));
                Value::Array(vec![label, text(value)])
            })
            .collect::<Vec<_>>();
        let notice = if self.legal_notice == LEGAL_NOTICE { uint(NOTICE_STANDARD) } else { text(&self.legal_notice) };
        let (number, kind, issued_at) = if version >= CONTENT_V2 {
            let seq = self.sequence().map_or_else(|| text(&self.number), |n| uint(n.into()));
            let seconds = (self.issued_at - v2_epoch()).num_seconds();
            let issued_at = u64::try_from(seconds).map_or_else(|_| Value::Integer(seconds.into()), uint);
            (seq, uint(self.kind.number()), issued_at)
        } else {
            (text(&self.number), text(self.kind.code()), Value::Text(self.issued_at.format(TIME_FORMAT).to_string()))
        };
        let content = Value::Array(vec![
            uint(version),
            number,
            kind,
            text(&self.cpi),
            issued_at,
            text(&self.subject.codice_fiscale),
            text(&self.subject.name),
            Value::Array(fields),
            notice,
        ]);
        to_cbor(&content)
    }

    /// The relay's counter when the number has the standard form for this CPI and year, so
    /// version 2 carries only the counter.
    fn sequence(&self) -> Option<u32> {
        let seq: u32 = self.number.rsplit('-').next()?.parse().ok()?;
        (certificate_number(&self.cpi, chrono::Datelike::year(&self.issued_at), seq) == self.number).then_some(seq)
    }

    /// Decodes canonical bytes of any content version. Only the exact canonical form is
    /// accepted.
    pub fn from_canonical_bytes(bytes: &[u8]) -> Result<Certificate, VerifyError> {
        let (certificate, version) = decode_content(bytes).ok_or(VerifyError::Format)?;
        if certificate.encode(version) != bytes {
            return Err(VerifyError::Format);
        }
        Ok(certificate)
    }

    /// "05/03/2026 alle 10:30", for print and the verification screen.
    pub fn issued_at_it(&self) -> String {
        crate::calendar::italian_date_time(self.issued_at)
    }

    /// The printable text, one line per item, Italian.
    pub fn text_it(&self) -> String {
        let cpi = crate::cpi::cpi_by_slug(&self.cpi).map_or_else(|| self.cpi.clone(), |c| c.full_name_it());
        let mut lines = vec![
            self.kind.title_it().to_string(),
            cpi,
            format!("Certificato n. {}, emesso il {}", self.number, self.issued_at_it()),
            format!("Intestatario: {} (codice fiscale {})", self.subject.name, self.subject.codice_fiscale),
        ];
        lines.extend(self.fields.iter().map(|(label, value)| format!("{label}: {value}")));
        lines.push(self.legal_notice.clone());
        lines.join("\n")
    }
}

fn to_cbor(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = ciborium::into_writer(value, &mut out);
    out
}

fn from_cbor(bytes: &[u8]) -> Option<Value> {
    ciborium::from_reader(bytes).ok()
}

/// The certificate a content encodes, and its content version.
fn decode_content(bytes: &[u8]) -> Option<(Certificate, u64)> {
    let Value::Array(items) = from_cbor(bytes)? else { return None };
    let [version, number, kind, cpi, issued_at, cf, name, Value::Array(fields), notice] =
        <[Value; 9]>::try_from(items).ok()?
    else {
        return None;
    };
    let text = |v: Value| match v {
        Value::Text(s) => Some(s),
        _ => None,
    };
    let uint = |v: &Value| match v {
        Value::Integer(n) => u64::try_from(*n).ok(),
        _ => None,
    };
    let version = uint(&version).filter(|v| *v == CONTENT_V1 || *v == CONTENT_V2)?;
    let v2 = version == CONTENT_V2;
    let fields = fields
        .into_iter()
        .map(|pair| match pair {
            Value::Array(pair) => match <[Value; 2]>::try_from(pair).ok()? {
                [Value::Text(label), Value::Text(value)] => Some((label, value)),
                [coded @ Value::Integer(_), Value::Text(value)] if v2 => {
                    let i = usize::try_from(uint(&coded)?.checked_sub(1)?).ok()?;
                    Some((field::CODED.get(i)?.to_string(), value))
                }
                _ => None,
            },
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let legal_notice = match notice {
        Value::Integer(n) if u64::try_from(n).ok() == Some(NOTICE_STANDARD) => LEGAL_NOTICE.to_string(),
        Value::Text(s) => s,
        _ => return None,
    };
    let cpi = text(cpi)?;
    let (issued_at, kind) = if v2 {
        let seconds = match issued_at {
            Value::Integer(n) => i64::try_from(n).ok()?,
            _ => return None,
        };
        (
            v2_epoch().checked_add_signed(chrono::TimeDelta::try_seconds(seconds)?)?,
            CertificateKind::from_number(uint(&kind)?)?,
        )
    } else {
        (NaiveDateTime::parse_from_str(&text(issued_at)?, TIME_FORMAT).ok()?, CertificateKind::from_code(&text(kind)?)?)
    };
    let number = match number {
        Value::Text(n) => n,
        Value::Integer(_) if v2 => {
            certificate_number(&cpi, chrono::Datelike::year(&issued_at), u32::try_from(uint(&number)?).ok()?)
        }
        _ => return None,
    };
    let certificate = Certificate {
        number,
        kind,
        cpi,
        issued_at,
        subject: Subject { codice_fiscale: text(cf)?, name: text(name)? },
        fields,
        legal_notice,
    };
    Some((certificate, version))
}

/// A certificate with its Ed25519 signature and the exact bytes signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCertificate {
    /// What `content` encodes; [`verify`] refuses it if it was changed since.
    pub certificate: Certificate,
    /// Which public key checks the signature (the relay rotates keys).
    pub key_id: String,
    pub signature: [u8; 64],
    content: Vec<u8>,
    /// The content version of `content`, in which `certificate` must encode to it.
    version: u64,
}

impl SignedCertificate {
    /// The canonical bytes that were signed (without [`SIGNING_CONTEXT`]).
    pub fn content(&self) -> &[u8] {
        &self.content
    }

    /// The content version of those bytes (2 for what is signed now, 1 for older prints).
    pub fn content_version(&self) -> u64 {
        self.version
    }
}

/// Why a certificate is not authentic, or not readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// Not a Sportello certificate, or damaged.
    Format,
    /// Signed with a key the verifier does not know.
    UnknownKey { key_id: String },
    /// The signature does not match the content.
    InvalidSignature,
    /// The certificate shown differs from the signed content.
    Altered,
}

impl VerifyError {
    /// Italian message for whoever checks the certificate.
    pub fn message_it(&self) -> String {
        match self {
            VerifyError::Format => "Formato non riconosciuto: il codice letto non è un certificato di un Centro per \
                                    l'Impiego o è danneggiato. Riprova la lettura."
                .into(),
            VerifyError::UnknownKey { key_id } => format!(
                "Chiave sconosciuta: il certificato dichiara la chiave di firma «{key_id}», che non è tra quelle \
                 note a questo verificatore. Il certificato potrebbe essere falso, o più recente delle chiavi \
                 installate: aggiorna il verificatore e riprova."
            ),
            VerifyError::InvalidSignature => "Firma non valida: il certificato è stato modificato dopo l'emissione \
                                              oppure non è stato firmato da un Centro per l'Impiego."
                .into(),
            VerifyError::Altered => {
                "Contenuto alterato: i dati mostrati non corrispondono a quelli firmati dal Centro per l'Impiego."
                    .into()
            }
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Format => write!(f, "not a certificate or damaged"),
            VerifyError::UnknownKey { key_id } => write!(f, "unknown signing key {key_id:?}"),
            VerifyError::InvalidSignature => write!(f, "invalid signature"),
            VerifyError::Altered => write!(f, "certificate differs from the signed content"),
        }
    }
}

impl std::error::Error for VerifyError {}

fn signed_message(content: &[u8]) -> Vec<u8> {
    [SIGNING_CONTEXT, content].concat()
}

/// The public key of a signing key, to publish to verifiers.
pub fn public_key(signing_key: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(signing_key).verifying_key().to_bytes()
}

/// Signs the canonical content. `key_id` names the public key in verifiers' lists: short
/// printable ASCII, at most [`MAX_KEY_ID`] bytes (e.g. "puglia-2026").
pub fn sign(certificate: &Certificate, signing_key: &[u8; 32], key_id: &str) -> SignedCertificate {
    let content = certificate.canonical_bytes();
    let signature = SigningKey::from_bytes(signing_key).sign(&signed_message(&content)).to_bytes();
    // Keep exactly what the QR code will decode to (e.g. without sub-second time).
    let certificate = Certificate::from_canonical_bytes(&content).unwrap_or_else(|_| certificate.clone());
    SignedCertificate { certificate, key_id: key_id.to_string(), signature, content, version: CONTENT_V2 }
}

/// Checks the signature with the key named by the certificate, among `(key_id, public key)`.
pub fn verify<'a, K: AsRef<str>>(
    signed: &'a SignedCertificate,
    public_keys: &[(K, [u8; 32])],
) -> Result<&'a Certificate, VerifyError> {
    let (_, key_bytes) = public_keys
        .iter()
        .find(|(id, _)| id.as_ref() == signed.key_id)
        .ok_or_else(|| VerifyError::UnknownKey { key_id: signed.key_id.clone() })?;
    let key = VerifyingKey::from_bytes(key_bytes).map_err(|_| VerifyError::InvalidSignature)?;
    let signature = Signature::from_bytes(&signed.signature);
    key.verify_strict(&signed_message(&signed.content), &signature).map_err(|_| VerifyError::InvalidSignature)?;
    if signed.certificate.encode(signed.version) != signed.content {
        return Err(VerifyError::Altered);
    }
    Ok(&signed.certificate)
}

/// Whether the relay has withdrawn a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationStatus {
    Valid,
    Revoked,
}

impl RevocationStatus {
    pub fn message_it(self) -> &'static str {
        match self {
            RevocationStatus::Valid => "Certificato autentico e non revocato.",
            RevocationStatus::Revoked => {
                "Certificato revocato: la firma è autentica, ma il Centro per l'Impiego lo ha ritirato."
            }
        }
    }
}

/// [`verify`], then asks `is_revoked` (the relay's list, by certificate number).
pub fn check<'a, K: AsRef<str>>(
    signed: &'a SignedCertificate,
    public_keys: &[(K, [u8; 32])],
    is_revoked: &impl Fn(&str) -> bool,
) -> Result<(&'a Certificate, RevocationStatus), VerifyError> {
    let certificate = verify(signed, public_keys)?;
    let status = if is_revoked(&certificate.number) { RevocationStatus::Revoked } else { RevocationStatus::Valid };
    Ok((certificate, status))
}

/// The text to put in the QR code: `SPT2:` + base32 (RFC 4648, no padding) of
/// `[content, key_id, signature]`; a certificate read from a version 1 code gets its
/// version 1 text back (`SPT1:` + base58).
pub fn to_qr_text(signed: &SignedCertificate) -> String {
    let envelope = envelope_bytes(signed);
    if signed.version == CONTENT_V1 {
        format!("{QR_PREFIX_V1}{}", bs58::encode(envelope).into_string())
    } else {
        format!("{QR_PREFIX}{}", data_encoding::BASE32_NOPAD.encode(&envelope))
    }
}

fn envelope_bytes(signed: &SignedCertificate) -> Vec<u8> {
    to_cbor(&Value::Array(vec![
        Value::Bytes(signed.content.clone()),
        Value::Text(signed.key_id.clone()),
        Value::Bytes(signed.signature.to_vec()),
    ]))
}

/// The payload after the prefix in `text` (a QR text or a link holding one), and the content
/// version the prefix announces.
fn find_payload(text: &str) -> Option<(&str, u64)> {
    let text = text.trim();
    match (text.find(QR_PREFIX), text.find(QR_PREFIX_V1)) {
        (Some(at), _) => Some((&text[at + QR_PREFIX.len()..], CONTENT_V2)),
        (None, Some(at)) => Some((&text[at + QR_PREFIX_V1.len()..], CONTENT_V1)),
        (None, None) => None,
    }
}

/// The certificate's own QR text inside `text` (a verification link, say), prefix included,
/// exactly as it was printed: what a copy of the certificate must carry again.
pub fn qr_text_in(text: &str) -> Option<&str> {
    const _: () = assert!(QR_PREFIX.len() == QR_PREFIX_V1.len());
    let (payload, _) = find_payload(text)?;
    let text = text.trim();
    let start = text.len() - payload.len() - QR_PREFIX.len();
    Some(&text[start..])
}

/// Reads a QR text (or any text containing one, such as a verification link): `SPT2:` and
/// base32 with a version 2 content, or a version 1 certificate's `SPT1:` and base58. Does
/// not check the signature: call [`verify`].
pub fn from_qr_text(text: &str) -> Result<SignedCertificate, VerifyError> {
    let (payload, version) = find_payload(text).ok_or(VerifyError::Format)?;
    if payload.is_empty() || payload.len() > MAX_QR_TEXT {
        return Err(VerifyError::Format);
    }
    let bytes = if version == CONTENT_V2 {
        data_encoding::BASE32_NOPAD.decode(payload.as_bytes()).map_err(|_| VerifyError::Format)?
    } else {
        bs58::decode(payload).into_vec().map_err(|_| VerifyError::Format)?
    };
    let Some(Value::Array(items)) = from_cbor(&bytes) else { return Err(VerifyError::Format) };
    let envelope = Value::Array(items.clone());
    let Ok([Value::Bytes(content), Value::Text(key_id), Value::Bytes(signature)]) = <[Value; 3]>::try_from(items)
    else {
        return Err(VerifyError::Format);
    };
    let key_id_ok = !key_id.is_empty() && key_id.len() <= MAX_KEY_ID && key_id.bytes().all(|b| b.is_ascii_graphic());
    let signature: [u8; 64] = signature.try_into().map_err(|_| VerifyError::Format)?;
    // One envelope, canonical, nothing after it.
    if !key_id_ok || to_cbor(&envelope) != bytes {
        return Err(VerifyError::Format);
    }
    // A content that decodes but is not canonical is kept: `verify` reports it. Its version
    // must be the one its prefix announces.
    let (certificate, content_version) = decode_content(&content).ok_or(VerifyError::Format)?;
    if content_version != version {
        return Err(VerifyError::Format);
    }
    Ok(SignedCertificate { certificate, key_id, signature, content, version })
}

/// Stored and sent as its QR text, so a copy cannot drift from what was signed.
impl Serialize for SignedCertificate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&to_qr_text(self))
    }
}

impl<'de> Deserialize<'de> for SignedCertificate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        from_qr_text(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const KEY: [u8; 32] = [7; 32];

    fn did() -> Certificate {
        let cf = crate::codice_fiscale::parse("RSSMRA80A01H501U").unwrap();
        let at = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap().and_hms_milli_opt(10, 30, 15, 250).unwrap();
        Certificate::new(
            certificate_number("bari", 2026, 123),
            CertificateKind::Did,
            "bari",
            at,
            Subject::new(&cf, "Mario Rossi"),
            vec![("Data della DID".into(), "12/01/2026".into())],
        )
    }

    /// The QR version at error correction M of a verification link, as the totem prints it.
    fn qr_version(text: &str) -> i16 {
        let link = format!("https://sportello.regione.puglia.it/verifica#{text}");
        match qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M).unwrap().version() {
            qrcode::Version::Normal(v) => v,
            qrcode::Version::Micro(v) => v,
        }
    }

    /// A rich SAP extract: what made the densest code of version 1 (614 characters).
    fn rich_sap_extract() -> Certificate {
        let cf = crate::codice_fiscale::parse("RSSMRA80A01H501U").unwrap();
        let at = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap().and_hms_opt(9, 41, 7).unwrap();
        let f = |l: &str, v: &str| (l.to_string(), v.to_string());
        Certificate::new(
            certificate_number("martina-franca", 2026, 4521),
            CertificateKind::SapExtract,
            "martina-franca",
            at,
            Subject::new(&cf, "Maria Addolorata De Santis"),
            vec![
                f(field::BIRTH_DATE, "01/01/1980"),
                f(field::CITIZENSHIP, "Italiana"),
                f(field::RESIDENCE, "Martina Franca"),
                f(field::EMPLOYMENT, "Disoccupata"),
                f(field::EDUCATION, "Diploma di ragioneria (1999)"),
                f(field::EXPERIENCE, "Impiegata amministrativa presso Oleificio Caroli"),
                f(field::EXPERIENCE, "Commessa presso Supermercato Dok"),
                f(field::PROFESSIONS, "4.1.1.1.0, 5.1.2.2.0"),
            ],
        )
    }

    /// Both forms of the same signed certificate: version 1's text and today's.
    fn both_forms(c: &Certificate) -> (String, String) {
        let signed = sign(c, &KEY, "puglia-2026");
        let v1_content = c.encode(CONTENT_V1);
        let v1 = SignedCertificate { content: v1_content, version: CONTENT_V1, ..signed.clone() };
        (to_qr_text(&v1), to_qr_text(&signed))
    }

    #[test]
    fn qr_codes_are_smaller_than_in_version_1() {
        for (name, c) in [("DID", did()), ("SAP extract", rich_sap_extract())] {
            let (v1, v2) = both_forms(&c);
            let (before, after) = (qr_version(&v1), qr_version(&v2));
            eprintln!(
                "{name}: version 1 {} characters, QR version {before}; now {} characters, QR version {after}",
                v1.len(),
                v2.len()
            );
            assert!(after < before, "{name}: QR version {after} is not below {before}");
        }
        // Measured: a DID 13 -> 11, a rich SAP extract 23 -> 16 (modules per side: 69 -> 61, 109 -> 81).
        let (_, sap) = both_forms(&rich_sap_extract());
        assert!(qr_version(&sap) <= 16, "a rich SAP extract prints at version {}", qr_version(&sap));
        let (_, did) = both_forms(&did());
        assert!(qr_version(&did) <= 11, "a DID prints at version {}", qr_version(&did));
    }

    #[test]
    fn numbers_and_subject() {
        let c = did();
        assert_eq!(c.number, "CPI-BARI-2026-000123");
        assert_eq!(c.subject.codice_fiscale, "RSSMRA80A01H501U", "a certificate identifies its holder");
        assert_eq!(c.issued_at.nanosecond(), 0);
        assert_eq!(c.issued_at_it(), "05/03/2026 alle 10:30");
        let text = c.text_it();
        assert!(text.contains("Centro per l'Impiego di Bari"));
        assert!(text.ends_with(LEGAL_NOTICE));
    }

    #[test]
    fn the_notice_is_the_laws_wording() {
        assert_eq!(
            LEGAL_NOTICE,
            "Il presente certificato non può essere prodotto agli organi della pubblica amministrazione o ai \
             privati gestori di pubblici servizi"
        );
    }

    #[test]
    fn canonical_bytes_round_trip_and_reject_other_forms() {
        let c = did();
        let bytes = c.canonical_bytes();
        assert_eq!(Certificate::from_canonical_bytes(&bytes), Ok(c.clone()));
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert_eq!(Certificate::from_canonical_bytes(&trailing), Err(VerifyError::Format));
        let mut other = c.clone();
        other.legal_notice = "Altro".into();
        assert_eq!(Certificate::from_canonical_bytes(&other.canonical_bytes()), Ok(other));
    }

    #[test]
    fn a_changed_certificate_is_altered() {
        let mut signed = sign(&did(), &KEY, "k1");
        let keys = [("k1", public_key(&KEY))];
        assert!(verify(&signed, &keys).is_ok());
        signed.certificate.subject.name = "Maria Rossi".into();
        assert_eq!(verify(&signed, &keys), Err(VerifyError::Altered));
        assert!(VerifyError::Altered.message_it().starts_with("Contenuto alterato"));
    }

    #[test]
    fn serde_goes_through_the_qr_text() {
        let signed = sign(&did(), &KEY, "k1");
        let mut cbor = Vec::new();
        ciborium::into_writer(&signed, &mut cbor).unwrap();
        let back: SignedCertificate = ciborium::from_reader(&cbor[..]).unwrap();
        assert_eq!(back, signed);
    }
}
