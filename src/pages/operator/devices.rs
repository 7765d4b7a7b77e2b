//! `/operatore/dispositivi`: the CPI's enrolled totems, display boards and tablets, for its
//! head — name, kind, ticket letter, last contact, app version; rename, revoke, and "wipe on
//! next contact" for a lost tablet.

use super::account::reloadable;
use super::{Desk, Section};
use crate::io::admin::{self, DeviceInfo};
use crate::io::browser;
use leptos::prelude::*;
use sportello_core::access::DeviceKind;

fn kind_it(kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::Display => "Tabellone",
        DeviceKind::Totem => "Totem",
        DeviceKind::Tablet => "Tablet",
    }
}

#[component]
pub fn DevicesPage() -> impl IntoView {
    let desk = Desk::get();
    let token = desk.token.clone();
    let (reload, listed) = reloadable(token.clone(), |token| async move { admin::devices(&token).await });
    let error = RwSignal::new(None::<String>);
    let settle = move |result: Result<(), String>| {
        error.set(result.err());
        reload.update(|n| *n += 1);
    };
    let rename = Action::new_local({
        let token = token.clone();
        move |(device, name): &(String, String)| {
            let (token, device, name) = (token.clone(), device.clone(), name.clone());
            async move { settle(admin::rename_device(&token, &device, &name).await) }
        }
    });
    let revoke = Action::new_local({
        let token = token.clone();
        move |device: &String| {
            let (token, device) = (token.clone(), device.clone());
            async move { settle(admin::revoke_device(&token, &device).await) }
        }
    });
    let wipe = Action::new_local({
        let token = token.clone();
        move |device: &String| {
            let (token, device) = (token.clone(), device.clone());
            async move { settle(admin::request_wipe(&token, &device).await) }
        }
    });
    let row = move |d: DeviceInfo| {
        let name = RwSignal::new(d.name.clone());
        let (for_rename, for_revoke, label) = (d.device.clone(), d.device.clone(), d.name.clone());
        let (for_wipe, wipe_label) = (d.device.clone(), d.name.clone());
        let state = match (d.revoked_at, d.wipe_pending) {
            (Some(at), _) => format!("Revocato il {}", admin::local_time(at)),
            (None, true) => "Cancellazione dei dati alla prossima connessione".to_string(),
            (None, false) => "Attivo".to_string(),
        };
        let revoked = d.revoked_at.is_some();
        let wipeable = !revoked && !d.wipe_pending && d.kind == DeviceKind::Tablet;
        view! {
            <tr class="device-row" data-device=d.device.clone()>
                <td>
                    <input type="text" aria-label="Nome del dispositivo" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                    <button type="button" class="button secondary"
                        on:click=move |_| { rename.dispatch((for_rename.clone(), name.get_untracked())); }>"Rinomina"</button>
                </td>
                <td>{kind_it(d.kind)}</td>
                <td>{d.letter.unwrap_or_else(|| "—".into())}</td>
                <td>{d.last_seen.map_or_else(|| "Mai".to_string(), admin::local_time)}</td>
                <td>{d.app_version.unwrap_or_else(|| "—".into())}</td>
                <td class="device-state">{state}</td>
                <td>{(!revoked).then(|| view! {
                    <button type="button" class="button danger" on:click=move |_| {
                        let question = format!("Revocare «{label}»? Smetterà subito di funzionare e andrà attivato di nuovo con un codice.");
                        if browser::confirm(&question) { revoke.dispatch(for_revoke.clone()); }
                    }>"Revoca"</button>
                })}
                {wipeable.then(|| view! {
                    <button type="button" class="button danger" on:click=move |_| {
                        let question = format!("Cancellare i dati del CPI tenuti su «{wipe_label}» alla sua prossima connessione? Le modifiche non ancora inviate andranno perse.");
                        if browser::confirm(&question) { wipe.dispatch(for_wipe.clone()); }
                    }>"Cancella i dati alla prossima connessione"</button>
                })}</td>
            </tr>
        }
    };
    if !sportello_core::access::may_manage_devices(&desk.principal(), &desk.cpi) {
        return view! {
            <h1>"Dispositivi"</h1>
            <p class="form-error" role="alert">"La gestione dei dispositivi è riservata al responsabile del CPI."</p>
        }
        .into_any();
    }
    view! {
        <h1>"Dispositivi"</h1>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Section title="Totem, tabelloni e tablet del CPI" id="dispositivi">
            <Suspense fallback=|| view! { <p role="status">"Caricamento…"</p> }>
                {move || listed.get().map(|result| match result {
                    Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">"Nessun dispositivo attivato."</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="audit">
                            <thead><tr><th scope="col">"Nome"</th><th scope="col">"Tipo"</th><th scope="col">"Lettera"</th>
                                <th scope="col">"Ultimo contatto"</th><th scope="col">"Versione"</th><th scope="col">"Stato"</th><th scope="col"></th></tr></thead>
                            <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    }.into_any(),
                })}
            </Suspense>
        </Section>
        <Section title="Attiva un tablet" id="attiva-tablet">
            <p>{format!("Sul tablet apri l'indirizzo /tablet/{} e inserisci un codice di attivazione generato in «Bacheca e totem». Chi accede poi sul tablet sceglie un PIN che cifra i dati tenuti sul dispositivo.", desk.cpi)}</p>
        </Section>
    }
    .into_any()
}
