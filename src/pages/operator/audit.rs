//! The head's view of the audit log: who opened, received, changed or was refused which
//! dossier or company record, when and from which device; filtered by operator, document,
//! action and period on the relay, a page at a time, and downloaded as CSV with the same
//! filters.

use super::Desk;
use crate::io::api::{self, AuditAction, AuditEntry, AuditQuery};
use crate::io::{admin, companies, dossiers};
use leptos::prelude::*;
use sportello_core::access::Principal;
use sportello_core::sync::ids::DocumentId;
use std::collections::HashMap;

/// Entries per page of the screen.
const PAGE: usize = 100;

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M:%S").to_string())
        .unwrap_or_default()
}

#[component]
pub fn AuditTable(#[prop(into)] entries: Signal<Option<Result<Vec<AuditEntry>, String>>>) -> impl IntoView {
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
            {move || match entries.get() {
                None => view! { <p role="status">"Caricamento del registro…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"Nessun accesso registrato."</p> }.into_any(),
                Some(Ok(list)) => view! {
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
                                        <td>{e.action.label_it()}</td>
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
            }}
    }
}

/// The filters as the head typed them; applied only with "Applica".
#[derive(Clone, Default)]
struct Form {
    who: String,
    doc: String,
    action: String,
    from: String,
    to: String,
}

/// What the head typed in "Fascicolo o impresa": a codice fiscale of a dossier, a tax code of
/// a company (partita IVA with or without `IT`), or a document id or URL. `None`: nothing of
/// the CPI has that code.
fn resolve_document(desk: &Desk, text: &str) -> Option<String> {
    let wanted = text.trim().to_uppercase().replace(' ', "");
    if wanted.is_empty() {
        return Some(String::new());
    }
    let dossier = desk.index.and_then(|id| {
        dossiers::with_index(desk.handle, id, |view| {
            view.entries.iter().find(|e| e.codice_fiscale == wanted).map(|e| e.dossier.clone())
        })
        .flatten()
    });
    let tax_code = wanted.strip_prefix("IT").filter(|c| c.len() == 11).unwrap_or(&wanted).to_owned();
    let company = || {
        desk.company_index.and_then(|id| {
            companies::with_index(desk.handle, id, |view| {
                view.entries.iter().find(|e| e.tax_code == tax_code).map(|e| e.company.clone())
            })
            .flatten()
        })
    };
    dossier.or_else(company).or_else(|| DocumentId::parse(text.trim()).ok().map(|id| id.to_string()))
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
    let form = RwSignal::new(Form::default());
    let applied = RwSignal::new(AuditQuery { limit: Some(PAGE), ..Default::default() });
    let rows: RwSignal<Option<Result<Vec<AuditEntry>, String>>> = RwSignal::new(None);
    let next: RwSignal<Option<i64>> = RwSignal::new(None);
    let form_error: RwSignal<Option<String>> = RwSignal::new(None);
    let download_state: RwSignal<Option<Result<String, String>>> = RwSignal::new(None);

    // The operators the head may pick: the CPI's accounts (the head's own included).
    let me = (desk.label(), format!("{} ({})", desk.name, desk.username));
    let operators: RwSignal<Vec<(String, String)>> = RwSignal::new(vec![me.clone()]);
    {
        let token = token.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(list) = admin::accounts(&token).await {
                let mut all = vec![me];
                all.extend(list.accounts.into_iter().map(|a| {
                    let label = format!("{} ({})", a.name, a.username);
                    let who =
                        Principal::Operator { username: a.username, name: a.name, cpi: a.cpi, role: a.role }.label();
                    (who, label)
                }));
                operators.set(all);
            }
        });
    }

    let load = {
        let token = token.clone();
        move |query: AuditQuery, more: bool| {
            let token = token.clone();
            if !more {
                rows.set(None);
            }
            wasm_bindgen_futures::spawn_local(async move {
                match api::audit_page(&token, &query).await {
                    Ok(page) => {
                        next.set(page.next);
                        rows.update(|rows| match rows {
                            Some(Ok(list)) if more => list.extend(page.entries),
                            _ => *rows = Some(Ok(page.entries)),
                        });
                    }
                    Err(e) => rows.set(Some(Err(e))),
                }
            });
        }
    };
    load(applied.get_untracked(), false);

    let apply = {
        let (desk, load) = (desk.clone(), load.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let f = form.get_untracked();
            let Some(doc) = resolve_document(&desk, &f.doc) else {
                form_error.set(Some("Nessun fascicolo o impresa del CPI con questo codice.".into()));
                return;
            };
            form_error.set(None);
            download_state.set(None);
            let some = |v: String| Some(v).filter(|v| !v.is_empty());
            let query = AuditQuery {
                doc: some(doc),
                limit: Some(PAGE),
                who: some(f.who),
                action: AuditAction::parse(&f.action),
                from: some(f.from),
                to: some(f.to),
                before: None,
            };
            applied.set(query.clone());
            load(query, false);
        }
    };
    let more = move |_| {
        let query = AuditQuery { before: next.get_untracked(), ..applied.get_untracked() };
        load(query, true);
    };
    let download = move |_| {
        let (token, query, cpi) = (token.clone(), applied.get_untracked(), desk.cpi.clone());
        download_state.set(Some(Ok("Preparazione del file…".into())));
        wasm_bindgen_futures::spawn_local(async move {
            let result = match api::audit_csv(&token, &query).await {
                Ok(bytes) => {
                    crate::io::download(&bytes, &format!("registro-accessi-{cpi}.csv"), "text/csv;charset=utf-8")
                        .map(|()| "File CSV scaricato.".to_string())
                        .map_err(|_| "Il browser non ha scaricato il file.".to_string())
                }
                Err(e) => Err(e),
            };
            download_state.set(Some(result));
        });
    };
    let set = |edit: fn(&mut Form, String)| move |ev| form.update(|f| edit(f, event_target_value(&ev)));

    view! {
        <h1>"Registro degli accessi ai fascicoli e alle imprese"</h1>
        <p class="lead">"Ogni apertura, download e modifica di un fascicolo o della scheda di un'impresa, con operatore, ora e dispositivo. Le aperture fatte senza connessione compaiono quando il dispositivo torna in linea."</p>
        <form class="filters" aria-label="Filtri del registro" on:submit=apply>
            <label>"Operatore"
                <select on:change=set(|f, v| f.who = v)>
                    <option value="">"Tutti"</option>
                    {move || operators.get().into_iter().map(|(who, label)| view! { <option value=who>{label}</option> }).collect_view()}
                </select>
            </label>
            <label>"Fascicolo o impresa (codice fiscale, partita IVA o identificativo)"
                <input type="text" autocomplete="off" on:input=set(|f, v| f.doc = v) />
            </label>
            <label>"Azione"
                <select on:change=set(|f, v| f.action = v)>
                    <option value="">"Tutte"</option>
                    {AuditAction::ALL.into_iter().map(|a| view! { <option value=a.as_str()>{a.label_it()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Dal"<input type="date" on:input=set(|f, v| f.from = v) /></label>
            <label>"Al"<input type="date" on:input=set(|f, v| f.to = v) /></label>
            <button type="submit" class="button">"Applica i filtri"</button>
            <button type="button" class="button secondary" on:click=download>"Scarica in CSV"</button>
        </form>
        {move || form_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {move || download_state.get().map(|r| match r {
            Ok(text) => view! { <p role="status">{text}</p> }.into_any(),
            Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
        })}
        <AuditTable entries=rows />
        {move || next.get().is_some().then(|| view! {
            <button type="button" class="button secondary" on:click=more.clone()>"Mostra i precedenti"</button>
        })}
    }
    .into_any()
}
