//! Reading a certificate's QR code from a camera frame: `/verifica` hands each frame's luma
//! here (the decoder is rqrr, pure Rust, so it works in every browser, with or without
//! `BarcodeDetector`).

use crate::certificate;

/// The texts of the QR codes found in a grey frame (`luma`: one byte per pixel, row by row).
pub fn qr_texts(width: usize, height: usize, luma: &[u8]) -> Vec<String> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return Vec::new();
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image.detect_grids().into_iter().filter_map(|grid| grid.decode().ok().map(|(_, text)| text)).collect()
}

/// The certificate text of the first code in the frame that holds one (a verification link
/// or the bare `SPT2:` text); codes of anything else are ignored.
pub fn certificate_text(width: usize, height: usize, luma: &[u8]) -> Option<String> {
    qr_texts(width, height, luma).into_iter().find(|text| certificate::qr_text_in(text).is_some())
}

/// A frame's luma from its RGBA pixels (what a canvas gives), by the Rec. 601 weights.
pub fn luma_of_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000) as u8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as a camera would see it: a code of `scale` pixels per module with a white
    /// border, on a `size`×`size` grey frame, in RGBA.
    fn frame_with(text: &str, scale: usize, size: usize) -> Vec<u8> {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).unwrap();
        let modules = code.width();
        let colors = code.to_colors();
        let offset = (size - modules * scale) / 2;
        let mut rgba = vec![200u8; size * size * 4];
        for y in 0..size {
            for x in 0..size {
                let (mx, my) = ((x as isize - offset as isize), (y as isize - offset as isize));
                let inside = mx >= 0 && my >= 0 && (mx as usize) < modules * scale && (my as usize) < modules * scale;
                let dark =
                    inside && colors[(my as usize / scale) * modules + mx as usize / scale] == qrcode::Color::Dark;
                let v = if dark {
                    20
                } else if inside {
                    250
                } else {
                    235
                };
                rgba[(y * size + x) * 4..][..3].fill(v);
            }
        }
        rgba
    }

    #[test]
    fn a_certificate_link_is_read_from_a_frame_and_other_codes_are_ignored() {
        let link = "https://sportello.regione.puglia.it/verifica#SPT2:GEZDGNBVGY3TQOJQ";
        let luma = luma_of_rgba(&frame_with(link, 6, 480));
        assert_eq!(qr_texts(480, 480, &luma), [link]);
        assert_eq!(certificate_text(480, 480, &luma).as_deref(), Some(link));

        let other = luma_of_rgba(&frame_with("https://example.org/menu", 6, 480));
        assert_eq!(qr_texts(480, 480, &other), ["https://example.org/menu"]);
        assert_eq!(certificate_text(480, 480, &other), None);
    }

    #[test]
    fn an_empty_or_short_frame_reads_nothing() {
        assert!(qr_texts(0, 0, &[]).is_empty());
        assert!(qr_texts(10, 10, &[255; 50]).is_empty());
        assert!(qr_texts(64, 64, &[255; 64 * 64]).is_empty());
    }

    #[test]
    fn luma_weights_green_most() {
        assert_eq!(luma_of_rgba(&[255, 255, 255, 255, 0, 0, 0, 255]), [255, 0]);
        assert!(luma_of_rgba(&[0, 255, 0, 255])[0] > luma_of_rgba(&[255, 0, 0, 255])[0]);
    }
}
