//! A labelled text input bound to a signal, for forms with a "save" button.

use leptos::prelude::*;

/// A text input bound to a signal; typing marks its section as edited.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    value: RwSignal<String>,
    dirty: RwSignal<bool>,
    #[prop(optional, into)] kind: Option<String>,
) -> impl IntoView {
    view! {
        <label>{label}
            <input type=kind.unwrap_or_else(|| "text".into()) prop:value=move || value.get()
                on:input=move |ev| { value.set(event_target_value(&ev)); dirty.set(true); } />
        </label>
    }
}
