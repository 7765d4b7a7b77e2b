//! Mounts the app. Everything else lives in the library (`src/lib.rs`).

fn main() {
    console_error_panic_hook::set_once();
    sportello::io::pwa::register_service_worker();
    leptos::mount::mount_to_body(sportello::App);
}
