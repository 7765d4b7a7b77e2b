//! The camera of a phone or tablet for `/verifica`: a rear-facing video stream shown in a
//! `<video>`, and its current frame as grey pixels for `sportello_core::scan`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlCanvasElement, HtmlVideoElement, MediaStream, MediaStreamConstraints};

/// A running camera, as `start` hands it out (pages hold it, they never touch `web_sys`).
pub type Stream = MediaStream;

/// Frames wider than this are scaled down before decoding: enough for a printed code held
/// at reading distance, and cheap to decode every few hundred milliseconds.
const MAX_FRAME_WIDTH: u32 = 640;

/// Asks for the camera (the browser asks the person) and shows it in `video`. The error is
/// the Italian reason.
pub async fn start(video: &HtmlVideoElement) -> Result<MediaStream, String> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or("Questo browser non consente di usare la fotocamera: incolla il testo del codice.")?;
    let constraints = MediaStreamConstraints::new();
    let video_wanted = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&video_wanted, &"facingMode".into(), &"environment".into());
    constraints.set_video(&video_wanted);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| "Questo browser non consente di usare la fotocamera: incolla il testo del codice.")?;
    let stream: MediaStream = JsFuture::from(promise)
        .await
        .map_err(|_| "La fotocamera non è disponibile o l'accesso è stato negato: incolla il testo del codice.")?
        .unchecked_into();
    video.set_src_object(Some(&stream));
    video.set_muted(true);
    let _ = video.set_attribute("playsinline", "");
    if let Ok(playing) = video.play() {
        let _ = JsFuture::from(playing).await;
    }
    Ok(stream)
}

/// Turns the camera off.
pub fn stop(stream: &MediaStream, video: Option<&HtmlVideoElement>) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
    if let Some(video) = video {
        video.set_src_object(None);
    }
}

/// The video's current frame as (width, height, luma), or `None` before the first frame.
pub fn frame_luma(video: &HtmlVideoElement) -> Option<(usize, usize, Vec<u8>)> {
    let (width, height) = (video.video_width(), video.video_height());
    if width == 0 || height == 0 {
        return None;
    }
    let scale = (f64::from(MAX_FRAME_WIDTH) / f64::from(width)).min(1.0);
    let (w, h) = ((f64::from(width) * scale) as u32, (f64::from(height) * scale) as u32);
    let canvas: HtmlCanvasElement = web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w);
    canvas.set_height(h);
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, f64::from(w), f64::from(h)).ok()?;
    let pixels = context.get_image_data(0.0, 0.0, f64::from(w), f64::from(h)).ok()?.data();
    Some((w as usize, h as usize, sportello_core::scan::luma_of_rgba(&pixels)))
}
