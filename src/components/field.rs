//! A labelled text input bound to a store field, for the forms of the operators' screens.

use leptos::prelude::*;
use reactive_stores::Field as StoreValue;

/// A text input bound to one field of a form's store.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] value: StoreValue<String>,
    #[prop(optional, into)] kind: Option<String>,
) -> impl IntoView {
    view! {
        <label>{label}
            <input type=kind.unwrap_or_else(|| "text".into()) prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}
