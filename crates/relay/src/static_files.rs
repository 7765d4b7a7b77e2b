//! Serves the built app. App routes (`/totem/bari`, `/operatore`, ...) fall back to
//! `index.html`, so deep links and reloads work; the client router takes over from there.

use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get_service, MethodRouter};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub fn service<S: Clone + Send + Sync + 'static>(dist: &Path) -> MethodRouter<S> {
    let index = ServeFile::new(dist.join("index.html"));
    let files = ServeDir::new(dist).append_index_html_on_directories(true).fallback(index);
    get_service(files).layer(middleware::from_fn(cache_headers))
}

/// Hashed assets never change under their name; the shell and the service worker must be
/// revalidated so a new release reaches totems.
async fn cache_headers(req: Request<axum::body::Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let hashed = path.rsplit('/').next().is_some_and(is_hashed_asset);
    let value = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    if path.ends_with(".webmanifest") {
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/manifest+json"));
    }
    res
}

/// Trunk names build outputs `name-<16 hex>.ext` (or `_bg.wasm`).
fn is_hashed_asset(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| h.len() == 16 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed_asset("sportello-3f2a9c0d1e4b5a6f_bg.wasm"));
        assert!(is_hashed_asset("sportello-3f2a9c0d1e4b5a6f.js"));
        assert!(!is_hashed_asset("sw.js"));
        assert!(!is_hashed_asset("index.html"));
        assert!(!is_hashed_asset("manifest.webmanifest"));
    }
}
