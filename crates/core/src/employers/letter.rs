//! The presentation letter of the promotion campaign (seed 4.2): one page per company, with
//! its name and address, the CPI's services to employers and its contacts. This is the text;
//! the app lays it out as a PDF, one page each, and prints a whole segment at once.

use super::company::Company;
use super::places;
use crate::calendar::italian_date;
use crate::catalogue::{catalogue, Audience};
use crate::cpi::Cpi;
use chrono::NaiveDate;

/// The letter's parts, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The CPI's name, address, phone and e-mail.
    pub sender: Vec<String>,
    /// "Bari, 01/12/2026".
    pub place_and_date: String,
    /// The company's name and its legal site.
    pub recipient: Vec<String>,
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// "F1 – Accoglienza e informazione", one per service to employers of the charter.
    pub services: Vec<String>,
    pub closing: Vec<String>,
}

impl Letter {
    /// Every line in reading order (blank lines between parts), for a plain-text layout.
    pub fn lines(&self) -> Vec<String> {
        let mut out = self.sender.clone();
        out.extend([String::new(), self.place_and_date.clone(), String::new()]);
        out.extend(self.recipient.iter().cloned());
        out.extend([String::new(), self.subject.clone(), String::new()]);
        out.extend(self.paragraphs.iter().cloned());
        out.extend(self.services.iter().cloned());
        out.push(String::new());
        out.extend(self.closing.iter().cloned());
        out
    }
}

/// The presentation letter from `cpi` to `company`, dated `on`.
pub fn presentation_letter(cpi: &Cpi, company: &Company, on: NaiveDate) -> Letter {
    let site = &company.legal_site;
    let town = places::by_istat(&site.municipality)
        .map(|m| format!("{} {} ({})", site.postcode.as_str(), m.name, m.province).trim().to_owned())
        .unwrap_or_default();
    let services =
        catalogue().by_audience(Audience::Employers).map(|s| format!("{} – {}", s.code.as_str(), s.name_it)).collect();
    Letter {
        sender: vec![cpi.full_name_it(), cpi.address.clone(), format!("Tel. {} – {}", cpi.phone, cpi.email)],
        place_and_date: format!("{}, {}", cpi.name, italian_date(on)),
        recipient: [company.registry.name.as_str().trim(), site.address.as_str().trim(), town.as_str()]
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        subject: format!("Oggetto: i servizi gratuiti del {} per le imprese", cpi.full_name_it()),
        paragraphs: vec![
            "Gentile impresa,".into(),
            "il Centro per l'Impiego è il servizio pubblico che aiuta le imprese del territorio a trovare il \
             personale di cui hanno bisogno. Non svolge alcuna attività ispettiva: offre gratuitamente \
             informazione, consulenza e ricerca di candidati."
                .into(),
            "Questi sono i servizi che possiamo offrirvi:".into(),
        ],
        services,
        closing: vec![
            "Nei prossimi giorni un nostro operatore vi telefonerà per presentarvi i servizi e, se lo desiderate, \
             concordare una visita in azienda."
                .into(),
            "Cordiali saluti,".into(),
            cpi.full_name_it(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::employers::company::Site;
    use crate::employers::tax_code;

    #[test]
    fn the_letter_names_the_company_its_address_the_services_and_the_cpis_contacts() {
        let cpi = crate::cpi::cpi_by_slug("bari").unwrap();
        let mut c = Company::new("bari", &tax_code::parse("06363391001").unwrap(), "Forno Lorusso S.r.l.");
        c.legal_site =
            Site { address: "Via Sparano 10".into(), municipality: "072006".into(), postcode: "70121".into() };
        let letter = presentation_letter(cpi, &c, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(letter.recipient, ["Forno Lorusso S.r.l.", "Via Sparano 10", "70121 Bari (BA)"]);
        assert_eq!(letter.place_and_date, "Bari, 01/12/2026");
        let text = letter.lines().join("\n");
        assert!(text.contains(&cpi.phone) && text.contains(&cpi.email) && text.contains(&cpi.address));
        let employer_services: Vec<String> =
            catalogue().by_audience(Audience::Employers).map(|s| s.code.as_str().to_owned()).collect();
        assert!(employer_services.len() >= 3);
        for code in &employer_services {
            assert!(letter.services.iter().any(|l| l.starts_with(&format!("{code} – "))), "{code}");
        }
        // A site without a known municipality leaves no empty line.
        c.legal_site.municipality = "".into();
        c.legal_site.postcode = "".into();
        assert_eq!(presentation_letter(cpi, &c, NaiveDate::MIN).recipient, ["Forno Lorusso S.r.l.", "Via Sparano 10"]);
    }
}
