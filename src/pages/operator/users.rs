//! `/operatore/utenti`: the accounts one manages (`sportello_core::access::may_manage_account`:
//! a CPI's head its operators, a regional administrator the heads and regional officers) —
//! create, disable, re-enable, and one-time codes to set a password.

use super::account::reloadable;
use super::{Desk, Section};
use crate::io::admin::{self, Account, NewAccount, OneTimeCode};
use leptos::prelude::*;
use sportello_core::access::Role;
use sportello_core::cpi::cpis;

fn state_it(a: &Account) -> &'static str {
    match (a.disabled, a.must_change_password) {
        (true, _) => "Disattivato",
        (false, true) => "Deve impostare la password",
        (false, false) => "Attivo",
    }
}

/// The one-time code just issued, to hand to the person (shown once).
#[component]
fn IssuedCode(code: OneTimeCode) -> impl IntoView {
    view! {
        <div class="banner" role="status">
            <p>{format!("Codice monouso per {}: ", code.username)}<strong class="one-time-code">{code.code}</strong></p>
            <p>"Consegnalo alla persona: accede con il suo nome utente e questo codice come password, poi sceglie la sua password. Il codice non sarà mostrato di nuovo."</p>
        </div>
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let desk = Desk::get();
    let token = desk.token.clone();
    let (reload, listed) = reloadable(token.clone(), |token| async move { admin::accounts(&token).await });
    let issued = RwSignal::new(None::<OneTimeCode>);
    let error = RwSignal::new(None::<String>);
    let settle = move |result: Result<Option<OneTimeCode>, String>| {
        match result {
            Ok(code) => {
                error.set(None);
                issued.set(code);
            }
            Err(e) => error.set(Some(e)),
        }
        reload.update(|n| *n += 1);
    };
    let toggle = Action::new_local({
        let token = token.clone();
        move |(username, disabled): &(String, bool)| {
            let (token, username, disabled) = (token.clone(), username.clone(), *disabled);
            async move { settle(admin::set_disabled(&token, &username, disabled).await.map(|()| None)) }
        }
    });
    let reset = Action::new_local({
        let token = token.clone();
        move |username: &String| {
            let (token, username) = (token.clone(), username.clone());
            async move { settle(admin::reset_password(&token, &username).await.map(Some)) }
        }
    });
    let create = Action::new_local({
        let token = token.clone();
        move |new: &NewAccount| {
            let (token, new) = (token.clone(), new.clone());
            async move { settle(admin::create_account(&token, &new).await.map(Some)) }
        }
    });

    let row = move |a: Account| {
        let (user_toggle, user_reset) = (a.username.clone(), a.username.clone());
        let disabled = a.disabled;
        let cpi = sportello_core::cpi::cpi_by_slug(&a.cpi).map_or(a.cpi.clone(), |c| c.name.clone());
        view! {
            <tr class="account-row" data-username=a.username.clone()>
                <td>{a.username.clone()}</td><td>{a.name.clone()}</td><td>{a.role.label_it()}</td><td>{cpi}</td>
                <td class="account-state">{state_it(&a)}</td>
                <td>
                    <button type="button" class="button secondary" on:click=move |_| { toggle.dispatch((user_toggle.clone(), !disabled)); }>
                        {if disabled { "Riattiva" } else { "Disattiva" }}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| { reset.dispatch(user_reset.clone()); }>
                        "Codice di reimpostazione"
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <h1>"Utenti"</h1>
        {move || issued.get().map(|code| view! { <IssuedCode code /> })}
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Suspense fallback=|| view! { <p role="status">"Caricamento…"</p> }>
            {move || listed.get().map(|result| match result {
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
                Ok(list) => {
                    let roles = list.roles.clone();
                    view! {
                        <Section title="Nuovo account" id="nuovo">
                            <NewAccountForm roles on_submit=move |new| { create.dispatch(new); } />
                        </Section>
                        <Section title="Account" id="account">
                            {if list.accounts.is_empty() {
                                view! { <p class="empty">"Nessun account da gestire."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="audit">
                                        <thead><tr><th scope="col">"Nome utente"</th><th scope="col">"Nome"</th><th scope="col">"Ruolo"</th>
                                            <th scope="col">"CPI"</th><th scope="col">"Stato"</th><th scope="col"></th></tr></thead>
                                        <tbody>{list.accounts.into_iter().map(row).collect_view()}</tbody>
                                    </table>
                                }.into_any()
                            }}
                        </Section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewAccountForm(roles: Vec<Role>, #[prop(into)] on_submit: Callback<NewAccount>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(roles.first().copied().unwrap_or(Role::Operator));
    let cpi = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(NewAccount {
            username: username.get_untracked().trim().to_lowercase(),
            name: name.get_untracked(),
            role: role.get_untracked(),
            cpi: cpi.get_untracked(),
        });
    };
    let only_role = roles.len() == 1;
    view! {
        <form class="form" on:submit=submit aria-label="Nuovo account">
            <label>"Nome utente"
                <input type="text" name="new-username" required autocomplete="off"
                    prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
            </label>
            <label>"Nome e cognome"
                <input type="text" name="new-name" required autocomplete="off"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            {(!only_role).then(|| view! {
                <label>"Ruolo"
                    <select name="new-role" on:change=move |ev| {
                        if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }
                    }>
                        {roles.iter().map(|r| view! { <option value=r.as_str()>{r.label_it()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            {move || (role.get() == Role::Head).then(|| view! {
                <label>"CPI"
                    <select name="new-cpi" on:change=move |ev| cpi.set(event_target_value(&ev))>
                        <option value="">"Scegli…"</option>
                        {cpis().iter().map(|c| view! { <option value=c.slug.clone()>{c.name.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <button type="submit" class="button">"Crea l'account"</button>
        </form>
    }
}
