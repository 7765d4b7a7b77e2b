//! Mounts the app. Everything else lives in the library (`src/lib.rs`). Built with the
//! `kiosk` feature (`kiosk.html`) it mounts only the totem's screens.

fn main() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "kiosk")]
    {
        sportello::io::pwa::register_service_worker(sportello::io::pwa::Build::Kiosk);
        leptos::mount::mount_to_body(sportello::KioskApp);
    }
    #[cfg(not(feature = "kiosk"))]
    {
        sportello::io::pwa::register_service_worker(sportello::io::pwa::Build::Full);
        leptos::mount::mount_to_body(sportello::App);
    }
}
