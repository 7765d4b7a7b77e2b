//! An on-screen digit pad for PINs (tablets are touch-first): the digits typed show as dots;
//! "Conferma" hands them over and clears the pad.

use leptos::prelude::*;

#[component]
pub fn DigitPad(
    /// The pad's accessible name ("PIN").
    #[prop(into)]
    label: String,
    on_submit: Callback<String>,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let press = move |digit: char| {
        typed.update(|t| {
            if t.len() < 12 {
                t.push(digit);
            }
        })
    };
    let submit = move || {
        let pin = typed.get_untracked();
        typed.set(String::new());
        on_submit.run(pin);
    };
    let key = move |digit: char| {
        view! {
            <button type="button" class="pad-key" prop:disabled=move || disabled.get()
                on:click=move |_| press(digit)>{digit.to_string()}</button>
        }
    };
    view! {
        <div class="digit-pad" role="group" aria-label=label.clone()>
            <output class="pad-display" aria-label=format!("{label}: cifre inserite")>
                {move || "•".repeat(typed.with(String::len))}
            </output>
            <div class="pad-keys">
                {['1', '2', '3', '4', '5', '6', '7', '8', '9'].into_iter().map(key).collect_view()}
                <button type="button" class="pad-key" aria-label="Cancella l'ultima cifra" prop:disabled=move || disabled.get()
                    on:click=move |_| typed.update(|t| { t.pop(); })>"⌫"</button>
                {key('0')}
                <button type="button" class="pad-key pad-ok" prop:disabled=move || disabled.get()
                    on:click=move |_| submit()>"Conferma"</button>
            </div>
        </div>
    }
}
