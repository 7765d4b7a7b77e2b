//! The precompressed copies the relay serves (`ServeDir::precompressed_br`/`_gzip`): for each
//! text or wasm file of the build, `<file>.br` and `<file>.gz` next to it, at the strongest
//! settings (compressed once per build, sent on every first visit).

use crate::Result;
use std::io::Write;
use std::path::Path;

/// The kinds of file worth compressing (images other than SVG already are).
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "webmanifest", "json"];

/// Writes `.br` and `.gz` next to every compressible file under `dir`, recursively.
pub fn precompress(dir: &Path) -> Result {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let compressible = path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let raw = std::fs::read(&path)?;
        let name = path.file_name().and_then(|n| n.to_str()).ok_or("file name is not UTF-8")?;
        std::fs::write(path.with_file_name(format!("{name}.br")), brotli(&raw)?)?;
        std::fs::write(path.with_file_name(format!("{name}.gz")), gzip(&raw)?)?;
    }
    Ok(())
}

/// Brotli at quality 11 with a 4 MiB window (what `brotli -q 11 -w 22` writes).
pub fn brotli(raw: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params)?;
    Ok(out)
}

/// Gzip at the best level.
pub fn gzip(raw: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw)?;
    Ok(encoder.finish()?)
}
