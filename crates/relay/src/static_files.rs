//! Serves the built app: three Trunk builds in one `dist` (README, "Deploy"). The kiosk
//! (`dist/kiosk/`, the totem's screens only) answers the totem's addresses (`/totem/<cpi>/…`);
//! the phone pages (`dist/phone/`, no sync engine) the addresses a totem's QR codes open on a
//! citizen's phone (`/coda/…`, `/offerte/<cpi>/…`); the full app (`dist/index.html`) every
//! other app route (`/operatore`, `/verifica`, ...), so deep links and reloads work and the
//! client router takes over from there. Files are sent precompressed (`.br`, `.gz` written
//! next to them by `cargo xtask build`) to clients that accept it.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use std::path::Path;
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

/// Where the kiosk's shell lives inside `dist`.
pub const KIOSK_SHELL: &str = "kiosk/index.html";
/// Where the phone pages' shell lives inside `dist`.
pub const PHONE_SHELL: &str = "phone/index.html";

pub use sportello_core::api::{is_kiosk_path, is_phone_path};

fn shell(file: &Path) -> ServeFile {
    ServeFile::new(file).precompressed_br().precompressed_gzip()
}

pub fn service<S: Clone + Send + Sync + 'static>(dist: &Path) -> MethodRouter<S> {
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(shell(&dist.join("index.html")));
    // A dist without the kiosk or the phone pages (an older build) serves the full app there:
    // it has every screen.
    let partial = |name: &str| Some(dist.join(name)).filter(|f| f.is_file()).map(|f| shell(&f));
    let (kiosk, phone) = (partial(KIOSK_SHELL), partial(PHONE_SHELL));
    get(move |req: Request<Body>| async move {
        let path = req.uri().path();
        let own = if is_kiosk_path(path) {
            &kiosk
        } else if is_phone_path(path) {
            &phone
        } else {
            &None
        };
        match own {
            Some(shell) => shell.clone().oneshot(req).await.into_response(),
            None => files.clone().oneshot(req).await.into_response(),
        }
    })
    .layer(middleware::from_fn(cache_headers))
}

/// Hashed assets never change under their name; the shells and the service worker must be
/// revalidated so a new release reaches totems. Every file may have a compressed variant,
/// so caches must key on `Accept-Encoding`.
async fn cache_headers(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let hashed = path.rsplit('/').next().is_some_and(is_hashed_asset);
    let value = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if path.ends_with(".webmanifest") {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/manifest+json"));
    }
    res
}

/// Trunk names build outputs `name-<hash>.ext` (or `name-<hash>_bg.wasm`), the hash in
/// lowercase hex without leading zeros: usually 16 digits, sometimes fewer (15 in one build
/// of every 16). Fewer than 8 digits is taken for a word, not a hash.
pub fn is_hashed_asset(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        (8..=16).contains(&h.len()) && h.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    })
}

#[cfg(test)]
mod tests {
    use super::{is_hashed_asset, is_kiosk_path, is_phone_path};

    #[test]
    fn recognises_trunk_hashes_of_any_length() {
        assert!(is_hashed_asset("sportello-3f2a9c0d1e4b5a6f_bg.wasm"));
        assert!(is_hashed_asset("sportello-3f2a9c0d1e4b5a6f.js"));
        // Trunk drops leading zeros: 15 digits (as in the build issue 15 measured) and fewer.
        assert!(is_hashed_asset("sportello-a11f0b1c2d3e4f5_bg.wasm"));
        assert!(is_hashed_asset("main-1b2c3d4e5f6a7b.css"));
        assert!(is_hashed_asset("sportello-a11f0b1c2d3e4f5_bg.wasm.br"));
        assert!(!is_hashed_asset("sw.js"));
        assert!(!is_hashed_asset("index.html"));
        assert!(!is_hashed_asset("manifest.webmanifest"));
        assert!(!is_hashed_asset("icon-face.svg"));
        assert!(!is_hashed_asset("sportello-3f2a9c0d1e4b5a6f0_bg.wasm"));
    }

    #[test]
    fn the_totems_addresses_are_the_kiosks() {
        assert!(is_kiosk_path("/totem/bari"));
        assert!(is_kiosk_path("/totem/bari/servizio/B1"));
        assert!(!is_kiosk_path("/totemx"));
        assert!(!is_kiosk_path("/operatore"));
        assert!(!is_kiosk_path("/tabellone/bari"));
        assert!(!is_kiosk_path("/verifica"));
        assert!(!is_kiosk_path("/operatore/offerte"));
    }

    #[test]
    fn the_pages_a_totems_qr_codes_open_are_the_phone_builds() {
        for path in ["/coda/bari/B-A-002", "/offerte/bari/V-123"] {
            assert!(is_phone_path(path), "{path}");
            assert!(!is_kiosk_path(path), "{path}");
        }
        for path in ["/codax", "/coda", "/offerte", "/operatore/offerte", "/totem/bari/offerte/V-123", "/"] {
            assert!(!is_phone_path(path), "{path}");
        }
        assert!(is_kiosk_path("/totem/bari/offerte/V-123"));
    }
}
