//! Mounts the app. Everything else lives in the library (`src/lib.rs`). Built with the
//! `kiosk` feature (`kiosk.html`) it mounts only the totem's screens; with `phone`
//! (`phone.html`), only the pages a totem's QR codes open on a phone.

#[cfg(all(feature = "kiosk", feature = "phone"))]
compile_error!("the kiosk and the phone pages are separate builds: enable one of the features");

fn main() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "kiosk")]
    {
        sportello::io::pwa::register_service_worker(sportello::io::pwa::Build::Kiosk);
        leptos::mount::mount_to_body(sportello::KioskApp);
    }
    // No service worker: a ticket followed or a vacancy read needs the relay anyway, and a
    // phone on a mobile link should not download the page a second time to precache it.
    #[cfg(feature = "phone")]
    leptos::mount::mount_to_body(sportello::PhoneApp);
    #[cfg(not(any(feature = "kiosk", feature = "phone")))]
    {
        sportello::io::pwa::register_service_worker(sportello::io::pwa::Build::Full);
        leptos::mount::mount_to_body(sportello::App);
    }
}
