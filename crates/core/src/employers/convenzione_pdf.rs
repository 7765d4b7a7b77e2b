//! The signed convenzione as an A4 PDF: its text, each party's signer and time, the two
//! signatures drawn as vector paths from the pad's SVG paths, and the SHA-256 of the text
//! they bind. Base fonts only (nothing embedded), like the certificates.
//!
//! The layout is its own: `certificate_pdf`'s text helpers are private to it.

use super::company::Company;
use super::convenzione::{self, Party, Status, PAD_HEIGHT, PAD_WIDTH};
use crate::cpi::Cpi;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.0;
/// Helvetica is about half an em wide per character on average.
const LINE_CHARS: usize = 96;
/// Where a drawn signature goes: the pad's aspect ratio.
const SIGNATURE_WIDTH: f32 = 210.0;
const SIGNATURE_HEIGHT: f32 = SIGNATURE_WIDTH * PAD_HEIGHT as f32 / PAD_WIDTH as f32;

/// Bytes in the base fonts' WinAnsi encoding; what it cannot show becomes "?".
fn encode(text: &str) -> Vec<u8> {
    const TYPOGRAPHIC: [(char, u8); 7] =
        [('€', 0x80), ('‘', 0x91), ('’', 0x92), ('“', 0x93), ('”', 0x94), ('–', 0x96), ('—', 0x97)];
    let latin1 = |c: char| u8::try_from(u32::from(c)).ok().filter(|b| *b < 0x80 || *b >= 0xA0);
    text.chars()
        .map(|c| TYPOGRAPHIC.iter().find(|(t, _)| *t == c).map(|(_, b)| *b).or_else(|| latin1(c)).unwrap_or(b'?'))
        .collect()
}

/// Greedy word wrap at `chars` characters (a longer word stays whole on its line).
fn lines_of(text: &str, chars: usize) -> Vec<String> {
    text.split_whitespace().fold(vec![String::new()], |mut out, word| {
        let current = out.last().map_or(0, |l| l.chars().count());
        if current > 0 && current + 1 + word.chars().count() > chars {
            out.push(word.to_owned());
        } else {
            let last = out.last_mut().expect("never empty");
            if current > 0 {
                last.push(' ');
            }
            last.push_str(word);
        }
        out
    })
}

/// Content streams, one per page, written from the top down.
struct Pages {
    done: Vec<Content>,
    content: Content,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages { done: Vec::new(), content: Content::new(), y: PAGE.1 - MARGIN }
    }

    /// Room for `height` points on this page, or a new page.
    fn room(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.done.push(std::mem::replace(&mut self.content, Content::new()));
            self.y = PAGE.1 - MARGIN;
        }
    }

    fn text(&mut self, text: &str, bold: bool, size: f32) {
        for line in lines_of(text, (LINE_CHARS as f32 * BODY / size) as usize) {
            self.room(size * 1.45);
            self.content.begin_text();
            self.content.set_font(Name(if bold { b"F2" } else { b"F1" }), size);
            self.content.next_line(MARGIN, self.y - size);
            self.content.show(Str(&encode(&line)));
            self.content.end_text();
            self.y -= size * 1.45;
        }
    }

    /// A signature's strokes, scaled from the pad into a box under the current line.
    fn signature(&mut self, path: &str) {
        self.room(SIGNATURE_HEIGHT + 8.0);
        let top = self.y - 4.0;
        let scale = SIGNATURE_WIDTH / PAD_WIDTH as f32;
        let c = &mut self.content;
        c.set_line_width(0.5).set_stroke_gray(0.6);
        c.rect(MARGIN, top - SIGNATURE_HEIGHT, SIGNATURE_WIDTH, SIGNATURE_HEIGHT).stroke();
        c.set_line_width(1.2).set_stroke_gray(0.0);
        c.set_line_cap(pdf_writer::types::LineCapStyle::RoundCap);
        c.set_line_join(pdf_writer::types::LineJoinStyle::RoundJoin);
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
        self.y = top - SIGNATURE_HEIGHT - 8.0;
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    fn finish(mut self) -> Vec<Content> {
        self.done.push(self.content);
        self.done
    }
}

/// The PDF of the convenzione of `company` with `cpi` as the record holds it: its text, its
/// status, each signature with signer and time, and the hash.
pub fn convenzione_pdf(cpi: &Cpi, company: &Company) -> Vec<u8> {
    let text = convenzione::text(cpi, company);
    let hash = text.hash();
    let conv = &company.convenzione;
    let status = convenzione::status(conv, &hash);
    let mut pages = Pages::new();
    pages.text(&format!("REGIONE PUGLIA – {}", cpi.full_name_it()), true, 9.0);
    pages.gap(10.0);
    pages.text(&text.title, true, 13.0);
    pages.gap(6.0);
    for party in &text.parties {
        pages.text(party, false, BODY);
    }
    for (heading, paragraphs) in &text.articles {
        pages.gap(6.0);
        pages.text(heading, true, BODY);
        for p in paragraphs {
            pages.text(p, false, BODY);
        }
    }
    pages.gap(12.0);
    pages.text(&status.message_it(), true, BODY);
    for party in Party::BOTH {
        pages.gap(8.0);
        pages.text(party.label_it(), true, BODY);
        match conv.signatures.get(party.code()) {
            Some(s) => {
                pages.text(&format!("Firmatario: {}", s.signer.as_str()), false, BODY);
                pages.text(&format!("Firmato il {}", convenzione::signed_at_it(s)), false, BODY);
                pages.signature(&s.path);
            }
            None => pages.text("Non firmato.", false, BODY),
        }
    }
    pages.gap(8.0);
    pages.text("Impronta SHA-256 del testo della convenzione:", false, 8.0);
    pages.text(&hash, false, 8.0);
    if status == Status::Outdated {
        pages.text(&format!("Le firme si riferiscono al testo con impronta {}.", conv.text_hash.as_str()), false, 8.0);
    }
    write_pdf(pages.finish())
}

fn write_pdf(contents: Vec<Content>) -> Vec<u8> {
    let (catalog, tree, regular, bold) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let ids: Vec<(Ref, Ref)> = (0..contents.len() as i32).map(|i| (Ref::new(5 + 2 * i), Ref::new(6 + 2 * i))).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(ids.iter().map(|(page, _)| *page)).count(ids.len() as i32);
    for (font, name) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
        pdf.type1_font(font).base_font(Name(name)).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for ((page_id, content_id), content) in ids.into_iter().zip(contents) {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1));
        page.parent(tree);
        page.contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), regular).pair(Name(b"F2"), bold);
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
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
        let hex: String = encode("Convenzione non più firmata").iter().map(|b| format!("{b:02X}")).collect();
        assert!(pdf.contains(&hex), "the status line, written as hex for its accented letter");
        assert!(pdf.contains(c.convenzione.text_hash.as_str()), "the hash the signatures bind");
    }

    #[test]
    fn text_encodes_to_win_ansi_and_wraps_on_words() {
        assert_eq!(encode("più – €"), b"pi\xf9 \x96 \x80");
        assert_eq!(encode("Ş"), b"?");
        assert_eq!(lines_of("uno due tre quattro", 8), ["uno due", "tre", "quattro"]);
    }
}
