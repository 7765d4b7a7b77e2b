//! The service worker (`public/sw.js`) caches the app shell and the wasm, so a totem that
//! loaded once keeps working when the network goes away. Each build registers it with its
//! name, so it precaches that build's shell and assets.

use wasm_bindgen::JsValue;

/// Which of the two builds is running.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Build {
    /// The whole app (`dist/index.html`).
    Full,
    /// The totem's screens only (`dist/kiosk/index.html`).
    Kiosk,
}

impl Build {
    /// The worker's address: `sw.js` reads `?app=kiosk` to pick the shell it precaches.
    pub fn worker_url(self) -> &'static str {
        match self {
            Build::Full => "/sw.js",
            Build::Kiosk => "/sw.js?app=kiosk",
        }
    }
}

pub fn register_service_worker(build: Build) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // Older or locked-down browsers have no service workers: the app still works online.
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let promise = navigator.service_worker().register(build.worker_url());
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(err) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_2(&"service worker registration failed".into(), &err);
        }
    });
}
