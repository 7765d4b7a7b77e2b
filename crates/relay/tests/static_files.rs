//! The built app as a browser receives it over real HTTP/1.1 on a loopback port: the three
//! builds (the kiosk for the totem's addresses, the phone pages for what its QR codes open,
//! the full app elsewhere), the precompressed
//! copies (brotli and gzip, chosen by `Accept-Encoding`, decoding to the original bytes, with
//! `Vary`), and which files may be cached for ever.

use sportello_relay::{router, AppState};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod support;

/// Only a guard against hanging forever.
const GUARD: Duration = Duration::from_secs(30);

/// Trunk's real names: the hash in hex without leading zeros, here 15 digits and 16.
const WASM: &str = "sportello-f32c37feb68bb2f_bg.wasm";
const KIOSK_JS: &str = "kiosk/sportello-0a1b2c3d4e5f6a7b.js";

struct Answer {
    status: u16,
    /// Lowercase `name: value` lines.
    headers: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| l.strip_prefix(&format!("{name}: ")))
    }
}

/// Writes `file` and, as `cargo xtask build` does, its `.br` and `.gz` next to it.
fn write_precompressed(dist: &Path, file: &str, raw: &[u8]) {
    let path = dist.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, raw).unwrap();
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &raw[..], &mut br, &params).unwrap();
    std::fs::write(dist.join(format!("{file}.br")), br).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(raw).unwrap();
    std::fs::write(dist.join(format!("{file}.gz")), gz.finish().unwrap()).unwrap();
}

/// Bytes that compress (a build's text or wasm), different per file.
fn content(name: &str) -> Vec<u8> {
    (0..2000).flat_map(|i| format!("{name} riga {i}\n").into_bytes()).collect()
}

/// A dist of the full app, and with `partial_builds` the kiosk and the phone pages too.
async fn serve(name: &str, partial_builds: bool) -> SocketAddr {
    let root = support::temp_dir(&format!("static-files-{name}"));
    let dist = root.join("dist");
    write_precompressed(&dist, "index.html", b"<html>full app</html>");
    write_precompressed(&dist, WASM, &content(WASM));
    write_precompressed(&dist, "sw.js", &content("sw.js"));
    if partial_builds {
        write_precompressed(&dist, "kiosk/index.html", b"<html>kiosk</html>");
        write_precompressed(&dist, KIOSK_JS, &content(KIOSK_JS));
        write_precompressed(&dist, "phone/index.html", b"<html>phone</html>");
    }
    let state = AppState::new(&support::config(&root)).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

async fn get(addr: SocketAddr, path: &str, accept_encoding: Option<&str>) -> Answer {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(encodings) = accept_encoding {
        request += &format!("Accept-Encoding: {encodings}\r\n");
    }
    request += "\r\n";
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(GUARD, stream.read_to_end(&mut raw)).await.expect("the relay answers").unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap().to_lowercase();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Answer { status, headers: head, body: raw[split + 4..].to_vec() }
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).unwrap();
    out
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

#[tokio::test]
async fn compressed_answers_decode_to_the_original_bytes_with_their_encoding_and_vary() {
    let addr = serve("encodings", true).await;
    for file in [WASM, KIOSK_JS, "sw.js"] {
        let path = format!("/{file}");
        let original = content(file);

        let br = get(addr, &path, Some("gzip, deflate, br, zstd")).await;
        assert_eq!(br.status, 200, "{file}");
        assert_eq!(br.header("content-encoding"), Some("br"), "{file}");
        assert_eq!(br.header("vary"), Some("accept-encoding"), "{file}");
        assert!(br.body.len() < original.len() / 4, "{file}: the brotli copy is sent, not the raw file");
        assert_eq!(unbrotli(&br.body), original, "{file}");

        let gz = get(addr, &path, Some("gzip")).await;
        assert_eq!(gz.header("content-encoding"), Some("gzip"), "{file}");
        assert_eq!(gz.header("vary"), Some("accept-encoding"), "{file}");
        assert_eq!(gunzip(&gz.body), original, "{file}");

        let plain = get(addr, &path, None).await;
        assert_eq!(plain.header("content-encoding"), None, "{file}");
        assert_eq!(plain.header("vary"), Some("accept-encoding"), "{file}");
        assert_eq!(plain.body, original, "{file}");
    }
    let wasm = get(addr, &format!("/{WASM}"), Some("br")).await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_shells_and_the_worker_are_revalidated() {
    let addr = serve("cache", true).await;
    for file in [WASM, KIOSK_JS] {
        let answer = get(addr, &format!("/{file}"), Some("br")).await;
        assert_eq!(answer.header("cache-control"), Some("public, max-age=31536000, immutable"), "{file}");
    }
    for path in [
        "/",
        "/index.html",
        "/kiosk/index.html",
        "/phone/index.html",
        "/sw.js",
        "/totem/bari",
        "/coda/bari/A-B-001",
        "/operatore",
    ] {
        let answer = get(addr, path, Some("br")).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("cache-control"), Some("no-cache"), "{path}");
    }
}

#[tokio::test]
async fn the_totems_addresses_get_the_kiosk_its_qr_codes_the_phone_pages_and_every_other_screen_the_full_app() {
    let addr = serve("builds", true).await;
    for path in ["/totem/bari", "/totem/bari/servizio/B1", "/totem/san-severo/certificati", "/totem/bari/numero"] {
        let answer = get(addr, path, Some("br")).await;
        assert_eq!(answer.header("content-encoding"), Some("br"), "{path}");
        assert_eq!(unbrotli(&answer.body), b"<html>kiosk</html>", "{path}");
    }
    // A ticket followed on a phone and a vacancy opened from its QR code.
    for path in ["/coda/bari/A-B-001", "/offerte/bari/V-0001"] {
        let answer = get(addr, path, Some("br")).await;
        assert_eq!(answer.header("content-encoding"), Some("br"), "{path}");
        assert_eq!(unbrotli(&answer.body), b"<html>phone</html>", "{path}");
    }
    for path in [
        "/",
        "/operatore",
        "/operatore/persone",
        "/operatore/offerte",
        "/verifica",
        "/tabellone/bari",
        "/codax",
        "/totemx",
    ] {
        let answer = get(addr, path, None).await;
        assert_eq!(answer.body, b"<html>full app</html>", "{path}");
    }
}

#[tokio::test]
async fn without_the_partial_builds_the_full_app_serves_the_totem_and_the_phone_pages_too() {
    let addr = serve("no-kiosk", false).await;
    for path in ["/totem/bari", "/coda/bari/A-B-001", "/offerte/bari/V-0001"] {
        let answer = get(addr, path, None).await;
        assert_eq!(answer.body, b"<html>full app</html>", "{path}");
    }
}
