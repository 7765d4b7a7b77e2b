//! Everything that talks to the browser platform or the network. Pages and components call
//! these functions; they never touch `web_sys` themselves.

pub mod admin;
pub mod agenda;
pub mod api;
pub mod browser;
pub mod camera;
pub mod companies;
pub mod declarations;
pub mod devices;
pub mod dossiers;
pub mod keyboard;
pub mod local_store;
pub mod on_screen;
pub mod pad;
pub mod pwa;
pub mod queue;
pub mod settings;
pub mod sync;
pub mod vault;

/// Lowercase hex of some bytes (peer ids, tokens in URLs).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Offers bytes to the person as a file download (a Blob URL clicked from a hidden link).
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| "blob")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "url")?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("document")?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| "anchor")?.dyn_into().map_err(|_| "anchor")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
