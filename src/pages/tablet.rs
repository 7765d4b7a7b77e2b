//! `/tablet/<cpi>`: enrolling this browser as a visiting officer's tablet of the CPI. Then
//! operators sign in on it at `/operatore`, where `operator::lock` guards the workspace.

use crate::components::enroll::EnrollForm;
use crate::io::devices::DeviceKind;
use leptos::prelude::*;

#[component]
pub fn TabletEnrollPage() -> impl IntoView {
    let cpi = crate::pages::totem::current_cpi();
    view! {
        <main class="page narrow">
            {move || match cpi.get() {
                Some(cpi) => view! { <EnrollForm cpi kind=DeviceKind::Tablet /> }.into_any(),
                None => view! { <p class="form-error" role="alert">"Centro per l'Impiego sconosciuto."</p> }.into_any(),
            }}
        </main>
    }
}
