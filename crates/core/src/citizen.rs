//! What a citizen may see of their own dossier at a totem ("La mia situazione") and the
//! content of the certificates the CPI issues from it. Computed by the relay, which holds the
//! dossier; the totem only shows the result and keeps none of it.

use crate::calendar::WorkingCalendar;
use crate::certificate::{Certificate, CertificateKind, Subject};
use crate::codice_fiscale;
use crate::docs::dossier::{parse_date, Dossier, StepKind, EMPLOYMENT_STATUSES};
use crate::pathway::{self, DeadlineKind, DeadlineStatus};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// "La mia situazione": the facts and the CPI's obligations, with no free text from the
/// dossier (notes stay with the operators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenStatus {
    /// Masked, e.g. "RSS***80A01H501U".
    pub codice_fiscale: String,
    pub name: String,
    /// Code of [`EMPLOYMENT_STATUSES`], e.g. "disoccupato".
    pub employment: String,
    pub did_date: Option<NaiveDate>,
    pub pds_signed: Option<NaiveDate>,
    pub l68_registered: Option<NaiveDate>,
    /// The next booked orientation interview on or after today.
    pub next_appointment: Option<NaiveDate>,
    /// The CPI's deadlines towards the person still open, and the met ones with their date.
    pub deadlines: Vec<OwedDeadline>,
    /// The certificates the dossier supports.
    pub certificates: Vec<CertificateKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwedDeadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// When the act was done, if it was.
    pub done_on: Option<NaiveDate>,
    pub overdue: bool,
}

fn first_step(dossier: &Dossier, kinds: &[StepKind]) -> Option<NaiveDate> {
    dossier
        .steps
        .iter()
        .filter(|s| StepKind::from_code(&s.kind).is_some_and(|k| kinds.contains(&k)))
        .filter_map(|s| parse_date(&s.date))
        .min()
}

/// The last 8 digits of a Tessera Sanitaria's number as typed (spaces ignored), the totem's
/// second factor; `None` unless exactly 8 digits.
pub fn card_digits(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// A card's expiry as typed on the totem's keypad or keyboard, day month year: "31/12/2030"
/// or "31122030" (anything but digits ignored); `None` unless a real date of 8 digits.
pub fn card_expiry(input: &str) -> Option<NaiveDate> {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 8 {
        return None;
    }
    NaiveDate::parse_from_str(&digits, "%d%m%Y").ok()
}

/// The certificates a dossier supports: the DID attestation needs a DID, the L.68 one a
/// registration, the PDS copy a signed PDS; the SAP extract is always available.
pub fn available_certificates(dossier: &Dossier) -> Vec<CertificateKind> {
    let m = dossier.milestones();
    let mut out = Vec::new();
    if m.did.is_some() {
        out.push(CertificateKind::Did);
    }
    out.push(CertificateKind::SapExtract);
    if first_step(dossier, &[StepKind::L68Registration]).is_some() {
        out.push(CertificateKind::TargetedPlacement);
    }
    if m.pds_signed.is_some() {
        out.push(CertificateKind::ServiceAgreementCopy);
    }
    out
}

/// The person's status on `today` with the CPI's calendar.
pub fn status(dossier: &Dossier, today: NaiveDate, cal: &WorkingCalendar) -> CitizenStatus {
    let m = dossier.milestones();
    let code =
        codice_fiscale::parse(&dossier.personal.codice_fiscale).map(|c| c.masked()).unwrap_or_else(|_| "—".to_string());
    let deadlines = dossier
        .person_facts()
        .map(|facts| {
            pathway::citizen_deadlines(&facts, cal)
                .into_iter()
                .map(|d| {
                    let done_on = m.met_on(d.kind);
                    let overdue =
                        done_on.is_none() && matches!(pathway::status(&d, today, cal), DeadlineStatus::Overdue { .. });
                    OwedDeadline { kind: d.kind, due: d.due, done_on, overdue }
                })
                .collect()
        })
        .unwrap_or_default();
    let next_appointment = dossier
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::InterviewBooked.code())
        .filter_map(|s| parse_date(&s.date))
        .filter(|d| *d >= today)
        .min();
    CitizenStatus {
        codice_fiscale: code,
        name: dossier.display_name(),
        employment: dossier.status.employment.to_string(),
        did_date: m.did,
        pds_signed: m.pds_signed,
        l68_registered: first_step(dossier, &[StepKind::L68Registration]),
        next_appointment,
        deadlines,
        certificates: available_certificates(dossier),
    }
}

use crate::calendar::italian_date as it_date;

fn employment_label(code: &str) -> String {
    EMPLOYMENT_STATUSES.iter().find(|(c, _)| *c == code).map_or_else(|| code.to_string(), |(_, l)| l.to_string())
}

/// Why a certificate cannot be issued from a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueError {
    /// The dossier lacks what the certificate attests (e.g. no DID).
    NotApplicable(CertificateKind),
    /// The dossier's codice fiscale is not valid.
    BadCodiceFiscale,
}

impl IssueError {
    pub fn message_it(&self) -> String {
        match self {
            IssueError::NotApplicable(kind) => {
                format!("Il fascicolo non contiene i dati per questo certificato: {}.", kind.title_it())
            }
            IssueError::BadCodiceFiscale => {
                "Il codice fiscale del fascicolo non è valido: rivolgiti allo sportello.".into()
            }
        }
    }
}

/// The content of a certificate of `kind` from `dossier`, numbered `number`, issued at `now`
/// by `cpi`. The relay signs it.
pub fn certificate(
    dossier: &Dossier,
    kind: CertificateKind,
    number: String,
    cpi: &str,
    now: NaiveDateTime,
) -> Result<Certificate, IssueError> {
    if !available_certificates(dossier).contains(&kind) {
        return Err(IssueError::NotApplicable(kind));
    }
    let code = codice_fiscale::parse(&dossier.personal.codice_fiscale).map_err(|_| IssueError::BadCodiceFiscale)?;
    use crate::certificate::field as label;
    let m = dossier.milestones();
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut field = |label: &str, value: String| fields.push((label.to_string(), value));
    match kind {
        CertificateKind::Did => {
            field(label::EMPLOYMENT, employment_label(&dossier.status.employment));
            if let Some(did) = m.did {
                field(label::DID_ON, it_date(did));
            }
            let since = parse_date(&dossier.status.unemployed_since).or(m.did);
            if let Some(since) = since {
                field(label::UNEMPLOYED_SINCE, it_date(since));
            }
        }
        CertificateKind::SapExtract => {
            field(label::BIRTH_DATE, parse_date(&dossier.personal.birth_date).map(it_date).unwrap_or_default());
            field(label::CITIZENSHIP, dossier.personal.citizenship.to_string());
            field(label::RESIDENCE, dossier.personal.residence.to_string());
            field(label::EMPLOYMENT, employment_label(&dossier.status.employment));
            for e in &dossier.education {
                field(label::EDUCATION, format!("{} ({})", e.title, e.year).trim_end_matches(" ()").to_string());
            }
            for x in &dossier.experience {
                field(label::EXPERIENCE, format!("{} presso {}", x.role, x.employer));
            }
            if !dossier.cv.professions.is_empty() {
                let codes: Vec<&str> = dossier.cv.professions.iter().map(|p| p.as_str()).collect();
                field(label::PROFESSIONS, codes.join(", "));
            }
        }
        CertificateKind::TargetedPlacement => {
            if let Some(on) = first_step(dossier, &[StepKind::L68Registration]) {
                field(label::L68_SINCE, it_date(on));
            }
        }
        CertificateKind::ServiceAgreementCopy => {
            if let Some(on) = m.pds_signed {
                field(label::PDS_ON, it_date(on));
            }
            if let Some(pai) = m.pai {
                field(label::PAI_ON, it_date(pai));
            }
        }
    }
    Ok(Certificate::new(number, kind, cpi, now, Subject::new(&code, &dossier.display_name()), fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::{from_qr_text, sign, to_qr_text, verify, LEGAL_NOTICE};
    use crate::codice_fiscale::Sex;
    use crate::cpi::cpi_by_slug;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dossier() -> Dossier {
        let mut d = Dossier::new("bari", "RSSMRA80A01H501U", "Rossi", "Mario", date(1980, 1, 1), Sex::Male);
        d.add_step("1", StepKind::Did, date(2026, 10, 6), "op", "");
        d.add_step("2", StepKind::InterviewBooked, date(2026, 12, 2), "op", "");
        d
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::for_cpi(cpi_by_slug("bari").unwrap(), 2026..=2027)
    }

    #[test]
    fn a_card_expiry_is_typed_day_month_year() {
        assert_eq!(card_expiry("31/12/2030"), Some(date(2030, 12, 31)));
        assert_eq!(card_expiry("31122030"), Some(date(2030, 12, 31)));
        assert_eq!(card_expiry(" 01 02 2031 "), Some(date(2031, 2, 1)));
        assert_eq!(card_expiry("2030-12-31"), None);
        assert_eq!(card_expiry("31/02/2030"), None);
        assert_eq!(card_expiry("3112203"), None);
    }

    #[test]
    fn the_status_shows_the_did_the_appointment_and_what_the_cpi_owes() {
        let s = status(&dossier(), date(2026, 11, 27), &cal());
        assert_eq!(s.codice_fiscale, "RSS***80A01H501U");
        assert_eq!(s.did_date, Some(date(2026, 10, 6)));
        assert_eq!(s.next_appointment, Some(date(2026, 12, 2)));
        let b1 = s.deadlines.iter().find(|d| d.kind == DeadlineKind::OrientationInterview).unwrap();
        assert_eq!((b1.due, b1.done_on, b1.overdue), (date(2026, 12, 7), None, false));
        assert_eq!(s.certificates, [CertificateKind::Did, CertificateKind::SapExtract]);
        let late = status(&dossier(), date(2026, 12, 9), &cal());
        assert!(late.deadlines.iter().any(|d| d.kind == DeadlineKind::OrientationInterview && d.overdue));
    }

    #[test]
    fn a_did_certificate_carries_the_did_and_the_legal_notice_and_verifies() {
        let now = date(2026, 11, 27).and_hms_opt(10, 30, 0).unwrap();
        let c = certificate(&dossier(), CertificateKind::Did, "CPI-BARI-2026-000001".into(), "bari", now).unwrap();
        assert!(c.fields.iter().any(|(l, v)| l.contains("DID") && v == "06/10/2026"));
        assert_eq!(c.legal_notice, LEGAL_NOTICE);
        assert_eq!(c.subject.codice_fiscale, "RSSMRA80A01H501U");
        let key = [7u8; 32];
        let signed = sign(&c, &key, "bari-1");
        let read = from_qr_text(&to_qr_text(&signed)).unwrap();
        let public = [("bari-1", crate::certificate::public_key(&key))];
        assert_eq!(verify(&read, &public).unwrap().number, "CPI-BARI-2026-000001");
    }

    #[test]
    fn only_eight_card_digits_are_accepted() {
        assert_eq!(card_digits(" 1234 5678 ").as_deref(), Some("12345678"));
        assert_eq!(card_digits("1234567"), None);
        assert_eq!(card_digits("1234567a"), None);
    }

    #[test]
    fn certificates_the_dossier_does_not_support_are_refused() {
        let now = date(2026, 11, 27).and_hms_opt(10, 30, 0).unwrap();
        let err = certificate(&dossier(), CertificateKind::TargetedPlacement, "n".into(), "bari", now).unwrap_err();
        assert_eq!(err, IssueError::NotApplicable(CertificateKind::TargetedPlacement));
        assert!(err.message_it().contains("collocamento mirato"));
    }
}
