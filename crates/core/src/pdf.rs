//! What every PDF of the project shares: A4 pages in the PDF base fonts (Helvetica and
//! Helvetica-Bold, WinAnsi-encoded, so nothing is embedded and files stay small), text
//! laid out from the top down with word wrap, and a document of such pages.

use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};

pub(crate) const PAGE_WIDTH: f32 = 595.0;
pub(crate) const PAGE_HEIGHT: f32 = 842.0;
pub(crate) const MARGIN: f32 = 56.0;
/// Helvetica averages about half an em per character: at 11 points lines wrap below this.
const CHARS_PER_LINE_AT_11: f32 = 92.0;

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

/// Greedy word wrap at `width` characters (a longer word stays whole on its line).
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

/// Pages of text laid out from the top down in the fonts [`document`] names F1 (regular)
/// and F2 (bold). A line that does not fit starts a new page.
pub(crate) struct PageText {
    done: Vec<Content>,
    pub(crate) content: Content,
    pub(crate) y: f32,
}

impl PageText {
    pub(crate) fn new() -> PageText {
        PageText { done: Vec::new(), content: Content::new(), y: PAGE_HEIGHT - MARGIN }
    }

    /// Room for `height` points on this page, or a new page.
    pub(crate) fn room(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.done.push(std::mem::replace(&mut self.content, Content::new()));
            self.y = PAGE_HEIGHT - MARGIN;
        }
    }

    pub(crate) fn line(&mut self, text: &str, bold: bool, size: f32) {
        for part in wrap(text, (CHARS_PER_LINE_AT_11 * 11.0 / size) as usize) {
            self.room(size * 1.45);
            self.content.begin_text();
            self.content.set_font(Name(if bold { b"F2" } else { b"F1" }), size);
            self.content.next_line(MARGIN, self.y - size);
            self.content.show(Str(&win_ansi(&part)));
            self.content.end_text();
            self.y -= size * 1.45;
        }
    }

    pub(crate) fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// The content streams, one per page.
    pub(crate) fn pages(mut self) -> Vec<Content> {
        self.done.push(self.content);
        self.done
    }
}

/// A PDF of A4 pages, one per content stream, in order.
pub(crate) fn document(contents: Vec<Content>) -> Vec<u8> {
    let (catalog, tree, regular, bold) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    // Each page and its content stream, after the fixed objects.
    let ids: Vec<(Ref, Ref)> = (0..contents.len() as i32).map(|i| (Ref::new(5 + 2 * i), Ref::new(6 + 2 * i))).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(ids.iter().map(|(page, _)| *page)).count(ids.len() as i32);
    for (font, name) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
        pdf.type1_font(font).base_font(Name(name)).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for ((page_id, content_id), content) in ids.into_iter().zip(contents) {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(tree);
        page.contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), regular).pair(Name(b"F2"), bold);
        drop(page);
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_letters_map_to_win_ansi_and_others_are_marked() {
        assert_eq!(win_ansi("può è €"), b"pu\xf2 \xe8 \x80");
        assert_eq!(win_ansi("più – “sì”"), b"pi\xf9 \x96 \x93s\xec\x94");
        assert_eq!(win_ansi("Ş"), b"?");
    }

    #[test]
    fn long_lines_wrap_on_words() {
        assert_eq!(wrap("uno due tre quattro", 8), ["uno due", "tre", "quattro"]);
        assert_eq!(wrap("precipitevolissimevolmente", 8), ["precipitevolissimevolmente"]);
    }

    #[test]
    fn text_that_does_not_fit_goes_on_to_a_new_page() {
        let mut text = PageText::new();
        let lines_per_page = ((PAGE_HEIGHT - 2.0 * MARGIN) / (11.0 * 1.45)) as usize;
        for i in 0..lines_per_page + 1 {
            text.line(&format!("riga {i}"), false, 11.0);
        }
        let pages = text.pages();
        assert_eq!(pages.len(), 2);
        let bytes = document(pages);
        assert_eq!(String::from_utf8_lossy(&bytes).matches("/Type /Page\n").count(), 2);
    }
}
