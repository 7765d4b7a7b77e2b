//! `/operatore/account`: one's own password and sessions. The password form is also the
//! first-sign-in gate of an account created or reset with a one-time code.

use super::{Desk, Section};
use crate::io::admin::{self, SessionInfo};
use leptos::prelude::*;
use sportello_core::password::MIN_LENGTH;

/// Changes the signed-in person's password; `on_done` runs once the relay accepted it. The
/// length and the repetition are checked here; the relay applies the whole policy
/// (`sportello_core::password` with zxcvbn) and its Italian message is shown as it is.
#[component]
pub fn ChangePasswordForm(token: String, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let change = Action::new_local(move |(current, new): &(String, String)| {
        let (token, current, new) = (token.clone(), current.clone(), new.clone());
        async move { admin::change_password(&token, &current, &new).await }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => {
            problem.set(None);
            done.set(true);
            current.set(String::new());
            new.set(String::new());
            repeat.set(String::new());
            on_done.run(());
        }
        Some(Err(e)) => problem.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let chosen = new.get_untracked();
        if chosen.chars().count() < MIN_LENGTH {
            problem.set(Some(format!("La password deve avere almeno {MIN_LENGTH} caratteri.")));
        } else if chosen != repeat.get_untracked() {
            problem.set(Some("Le due password nuove non coincidono.".into()));
        } else {
            problem.set(None);
            change.dispatch((current.get_untracked(), chosen));
        }
    };
    let field = move |label: &'static str, name: &'static str, autocomplete: &'static str, value: RwSignal<String>| {
        view! {
            <label>{label}
                <input type="password" name=name autocomplete=autocomplete required
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <form class="form" on:submit=submit aria-label="Cambia la password">
            {field("Password attuale (o codice monouso)", "current", "current-password", current)}
            {field("Nuova password", "new", "new-password", new)}
            {field("Ripeti la nuova password", "repeat", "new-password", repeat)}
            <p class="hint">{format!("Almeno {MIN_LENGTH} caratteri, difficile da indovinare: non usare il tuo nome, il nome utente o il CPI.")}</p>
            {move || problem.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || done.get().then(|| view! { <p class="form-ok" role="status">"Password cambiata. Le altre sessioni sono state chiuse."</p> })}
            <button type="submit" class="button" prop:disabled=move || change.pending().get()>"Cambia la password"</button>
        </form>
    }
}

/// A list fetched from the relay with the desk's token, fetched again whenever the returned
/// counter is bumped (after each change).
pub(super) fn reloadable<T: 'static, F: std::future::Future<Output = Result<T, String>> + 'static>(
    token: String,
    fetch: impl Fn(String) -> F + 'static,
) -> (RwSignal<u32>, LocalResource<Result<T, String>>) {
    let reload = RwSignal::new(0u32);
    let resource = LocalResource::new(move || {
        reload.track();
        fetch(token.clone())
    });
    (reload, resource)
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let desk = Desk::get();
    let token = desk.token.clone();
    let (reload, sessions) = reloadable(token.clone(), |token| async move { admin::sessions(&token).await });
    let end = Action::new_local({
        let token = token.clone();
        move |id: &String| {
            let (token, id) = (token.clone(), id.clone());
            async move {
                let result = admin::end_session(&token, &id).await;
                reload.update(|n| *n += 1);
                result
            }
        }
    });
    let row = move |s: SessionInfo| {
        let id = s.id.clone();
        view! {
            <tr class="session-row">
                <td>{s.device}</td>
                <td>{admin::local_time(s.created_at)}</td>
                <td>{admin::local_time(s.expires_at)}</td>
                <td>{if s.current {
                    view! { <span>"Questa sessione"</span> }.into_any()
                } else {
                    view! { <button type="button" class="button secondary" on:click=move |_| { end.dispatch(id.clone()); }>"Chiudi questa sessione"</button> }.into_any()
                }}</td>
            </tr>
        }
    };
    view! {
        <h1>"Il mio account"</h1>
        <p>{format!("{} · {} · {}", desk.name, desk.username, desk.role.label_it())}</p>
        <Section title="Cambia la password" id="password">
            <ChangePasswordForm token=token.clone() on_done=move |()| reload.update(|n| *n += 1) />
        </Section>
        <Section title="Le mie sessioni" id="sessioni">
            {move || end.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <Suspense fallback=|| view! { <p role="status">"Caricamento…"</p> }>
                {move || sessions.get().map(|result| match result {
                    Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="audit">
                            <thead><tr><th scope="col">"Dispositivo"</th><th scope="col">"Aperta il"</th>
                                <th scope="col">"Scade il"</th><th scope="col"></th></tr></thead>
                            <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    }.into_any(),
                })}
            </Suspense>
        </Section>
    }
}
