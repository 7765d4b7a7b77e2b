//! `/totem/<cpi>/attiva`: enrolling this device as a totem.

use super::current_cpi;
use crate::components::enroll::EnrollForm;
use crate::io::devices::DeviceKind;
use leptos::prelude::*;

/// Enrolls this device as a totem of the CPI with a one-time code from an operator.
#[component]
pub fn EnrollPage() -> impl IntoView {
    let cpi = current_cpi();
    move || cpi.get().map(|cpi| view! { <EnrollForm cpi kind=DeviceKind::Totem /> })
}
