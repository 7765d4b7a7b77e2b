//! The head's view of the audit log: who opened, received, changed or was refused which
//! dossier or company record, when and from which device.

use super::Desk;
use crate::io::api::{self, AuditAction, AuditEntry};
use crate::io::{companies, dossiers};
use leptos::prelude::*;
use std::collections::HashMap;

fn action_it(action: AuditAction) -> &'static str {
    match action {
        AuditAction::Open => "Aperto a schermo",
        AuditAction::Read => "Scaricato sul dispositivo",
        AuditAction::Change => "Modificato",
        AuditAction::Denied => "Accesso negato",
        AuditAction::Identify => "Riconoscimento al totem",
        AuditAction::Issue => "Certificato emesso",
        AuditAction::Revoke => "Certificato revocato",
        AuditAction::AccountCreate => "Account creato",
        AuditAction::AccountDisable => "Account disattivato",
        AuditAction::AccountEnable => "Account riattivato",
        AuditAction::PasswordReset => "Codice di reimpostazione",
        AuditAction::PasswordChange => "Password cambiata",
        AuditAction::SessionEnd => "Sessione chiusa",
        AuditAction::DeviceRename => "Dispositivo rinominato",
        AuditAction::DeviceRevoke => "Dispositivo revocato",
        AuditAction::Locked => "Codice fiscale bloccato da un totem",
        AuditAction::ChangeRefused => "Modifica rifiutata dal server",
        AuditAction::LoginFailed => "Accesso non riuscito",
        AuditAction::LoginLocked => "Account bloccato per troppi tentativi",
        AuditAction::DeviceWipeRequest => "Cancellazione dei dati del tablet richiesta",
        AuditAction::DeviceWipe => "Dati del tablet cancellati",
    }
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M:%S").to_string())
        .unwrap_or_default()
}

#[component]
pub fn AuditTable(entries: LocalResource<Result<Vec<AuditEntry>, String>>) -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let (index, company_index) = (desk.index, desk.company_index);
    // Each document's name and its screen: a dossier's or a company record's.
    let names = Memo::new(move |_| {
        let mut names: HashMap<String, (String, &'static str)> = index
            .and_then(|id| {
                dossiers::with_index(handle, id, |view| {
                    view.entries.iter().map(|e| (e.dossier.clone(), (e.display_name(), "persona"))).collect()
                })
            })
            .unwrap_or_default();
        if let Some(list) = company_index.and_then(|id| {
            companies::with_index(handle, id, |view| {
                view.entries.iter().map(|e| (e.company.clone(), (e.name.clone(), "impresa"))).collect::<Vec<_>>()
            })
        }) {
            names.extend(list);
        }
        names
    });
    view! {
        <Suspense fallback=|| view! { <p role="status">"Caricamento del registro…"</p> }>
            {move || entries.get().map(|result| match result {
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty">"Nessun accesso registrato."</p> }.into_any(),
                Ok(list) => view! {
                    <table class="audit">
                        <thead><tr><th scope="col">"Quando"</th><th scope="col">"Chi"</th><th scope="col">"Dispositivo"</th>
                            <th scope="col">"Azione"</th><th scope="col">"Fascicolo o impresa"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|e| {
                                let (name, screen) = names.with(|n| n.get(&e.doc).cloned()).unwrap_or_else(|| (e.doc.clone(), "persona"));
                                let at = match e.device_at_ms {
                                    Some(device) if (device - e.at_ms).abs() > 60_000 => format!("{} (registrato il {})", when(device), when(e.at_ms)),
                                    _ => when(e.at_ms),
                                };
                                view! {
                                    <tr class="audit-row" data-action=e.action.as_str()>
                                        <td>{at}</td><td>{e.who.clone()}</td><td>{e.device.clone()}</td>
                                        <td>{action_it(e.action)}</td>
                                        <td>{if e.doc.contains(':') {
                                            // An account or a device, not a document: nothing to open.
                                            name.into_any()
                                        } else {
                                            view! { <a href=format!("/operatore/{screen}/{}", e.doc)>{name}</a> }.into_any()
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let desk = Desk::get();
    if !desk.may_read_audit_log() {
        return view! {
            <h1>"Registro degli accessi"</h1>
            <p class="form-error" role="alert">"Il registro degli accessi è riservato al responsabile del CPI."</p>
        }
        .into_any();
    }
    let token = desk.token.clone();
    let entries = LocalResource::new(move || {
        let token = token.clone();
        async move { api::audit_log(&token, None).await }
    });
    view! {
        <h1>"Registro degli accessi ai fascicoli e alle imprese"</h1>
        <p class="lead">"Ogni apertura, download e modifica di un fascicolo o della scheda di un'impresa, con operatore, ora e dispositivo. Le aperture fatte senza connessione compaiono quando il dispositivo torna in linea."</p>
        <button type="button" class="button secondary" on:click=move |_| entries.refetch()>"Aggiorna"</button>
        <AuditTable entries />
    }
    .into_any()
}
