//! Security headers on every answer: a strict Content-Security-Policy (scripts from the relay
//! only, WebAssembly compiled, Trunk's inline module loader allowed by its hash), no framing,
//! no referrer, no MIME sniffing, and a Permissions-Policy that allows the camera on
//! `/verifica` only. HSTS is the TLS proxy's (README, "Deploy").

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::path::Path;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy for a shell whose inline scripts are `inline` (their text, as served).
pub fn content_security_policy(inline: &[&str]) -> String {
    let hashes: String = inline
        .iter()
        .map(|s| {
            format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes())))
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of each inline `<script>` (one without `src`) of an HTML page.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let open = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else { break };
        if !open.contains(" src=") {
            found.push(&body[..close]);
        }
        rest = &body[close..];
    }
    found
}

/// The policy for the built app in `dist`, every shell (the full app's, the kiosk's and the
/// phone pages'), read once at start-up: a new build needs a restart.
pub fn policy_for(dist: &Path) -> String {
    let shells: Vec<String> = ["index.html", crate::static_files::KIOSK_SHELL, crate::static_files::PHONE_SHELL]
        .iter()
        .map(|shell| std::fs::read_to_string(dist.join(shell)).unwrap_or_default())
        .collect();
    let scripts: Vec<&str> = shells.iter().flat_map(|html| inline_scripts(html)).collect();
    content_security_policy(&scripts)
}

const PERMISSIONS_DEFAULT: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()";
const PERMISSIONS_VERIFY: &str = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=()";

async fn permissions_policy(request: Request, next: Next) -> Response {
    let verify = request.uri().path() == "/verifica" || request.uri().path().starts_with("/verifica/");
    let mut response = next.run(request).await;
    let policy = if verify { PERMISSIONS_VERIFY } else { PERMISSIONS_DEFAULT };
    response.headers_mut().insert(HeaderName::from_static("permissions-policy"), HeaderValue::from_static(policy));
    response
}

/// Adds the headers to every answer of `router`.
pub fn apply(router: Router, dist: &Path) -> Router {
    let csp = HeaderValue::from_str(&policy_for(dist)).expect("the policy is ASCII");
    let set = |name: HeaderName, value: HeaderValue| SetResponseHeaderLayer::overriding(name, value);
    router
        .layer(axum::middleware::from_fn(permissions_policy))
        .layer(set(header::CONTENT_SECURITY_POLICY, csp))
        .layer(set(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(set(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(set(HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<head><script src="/a.js"></script><script type="module">
import init from '/x.js';
</script><link rel="modulepreload" href="/x.js"></head>"#;
        assert_eq!(inline_scripts(html), ["\nimport init from '/x.js';\n"]);
    }

    #[test]
    fn the_policy_allows_exactly_the_hashed_inline_scripts() {
        // `echo -n 'a' | openssl dgst -sha256 -binary | base64`
        let csp = content_security_policy(&["a"]);
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=';")
        );
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
    }

    #[test]
    fn the_policy_of_a_dist_allows_the_inline_script_of_every_shell() {
        let dist = std::env::temp_dir().join(format!("sportello-csp-{}", std::process::id()));
        let shells = ["index.html", crate::static_files::KIOSK_SHELL, crate::static_files::PHONE_SHELL];
        for (n, shell) in shells.iter().enumerate() {
            let path = dist.join(shell);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, format!("<script type=\"module\">init({n})</script>")).unwrap();
        }
        let csp = policy_for(&dist);
        std::fs::remove_dir_all(&dist).unwrap();
        let expected = content_security_policy(&["init(0)", "init(1)", "init(2)"]);
        assert_eq!(csp, expected, "each shell's script is hashed, the phone pages' too");
    }
}
