//! A citizen's dossier: SAP sections, the pathway timeline, the PAI, services delivered
//! against the standard minutes, who changed what, and (for the head) who accessed it. Also
//! the confirmation of a DID declared at a totem.

use super::{format_date, today, Desk, Section};
use crate::io::api;
use crate::io::browser;
use crate::io::declarations::{self, ConfirmingDesk};
use crate::io::dossiers::{self, history};
use crate::io::settings;
use crate::io::sync;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use sportello_core::catalogue::catalogue;
use sportello_core::docs::dossier::{
    parse_date, service_date, service_minutes, step_date, Dossier, Education, Experience, Fact, Facts, PaiAction,
    ServiceRecord, StepKind, EMPLOYMENT_STATUSES,
};
use sportello_core::docs::outbox::Outbox;
use sportello_core::docs::vacancies::is_cp2021_code;
use sportello_core::pathway::{self, citizen_deadlines, pai_category, primary_duration_group, target_groups};
use sportello_core::sync::ids::DocumentId;

fn new_item_id() -> String {
    sync::new_document_id().to_string()
}

fn date_or_dash(value: &str) -> String {
    parse_date(value).map(format_date).unwrap_or_else(|| "—".to_string())
}

/// A text input bound to a signal; typing marks its section as edited.
#[component]
fn Field(
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

#[component]
pub fn DossierPage() -> impl IntoView {
    let desk = Desk::get();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| DocumentId::parse(&s).ok()));
    let handle = desk.handle;
    let token = desk.token.clone();
    Effect::new(move |previous: Option<Option<DocumentId>>| {
        let current = id.get();
        if let (Some(doc), true) = (current, previous.flatten() != current) {
            sync::open(doc);
            dossiers::record_open(token.clone(), doc);
        }
        current
    });
    // Open at the step the worklist pointed to.
    Effect::new(move |_| {
        let section = query.read().get("sezione");
        let loaded = id.get().and_then(|doc| handle.read::<Dossier>(doc)).is_some();
        if let (Some(section), true) = (section, loaded) {
            request_animation_frame(move || {
                browser::scroll_to(&section);
            });
        }
    });
    move || {
        let Some(doc) = id.get() else {
            return view! { <h1>"Fascicolo non trovato"</h1><p>"L'indirizzo non contiene un identificativo di fascicolo valido."</p> }.into_any();
        };
        let present = handle.read::<Dossier>(doc).is_some();
        if present {
            return view! { <DossierView doc /> }.into_any();
        }
        if handle.unavailable(doc) {
            view! {
                <h1>"Fascicolo non disponibile"</h1>
                <p class="form-error" role="alert">"Il fascicolo non esiste o non appartiene al tuo Centro per l'Impiego."</p>
            }
            .into_any()
        } else if !handle.status.with(|s| s.online) {
            view! {
                <h1>"Fascicolo non su questo dispositivo"</h1>
                <p role="status">"Il fascicolo non è stato scaricato su questo dispositivo e ora non c'è connessione. Si aprirà appena torna la rete."</p>
            }
            .into_any()
        } else {
            view! { <p role="status">"Caricamento del fascicolo…"</p> }.into_any()
        }
    }
}

#[component]
fn DossierView(doc: DocumentId) -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let dossier = Memo::new(move |_| handle.read::<Dossier>(doc).unwrap_or_default());
    let pending = Memo::new(move |_| handle.pending(doc));
    let pinned = RwSignal::new(settings::pinned().contains(&doc.url()));
    let toggle_pin = move |_| {
        let mut list = settings::pinned();
        if pinned.get_untracked() {
            list.retain(|u| *u != doc.url());
        } else {
            list.push(doc.url());
        }
        settings::set_pinned(&list);
        pinned.set(!pinned.get_untracked());
    };
    let failure = RwSignal::new(None::<String>);
    provide_context(SaveFailure(failure));
    let facts = Memo::new(move |_| dossier.with(|d| d.person_facts()));
    let groups = Memo::new(move |_| {
        facts
            .get()
            .map(|f| target_groups(&f, today()).into_iter().map(|g| g.label_it()).collect::<Vec<_>>().join(" · "))
    });
    view! {
        <header class="dossier-head">
            <div>
                <p class="eyebrow">"Fascicolo"</p>
                <h1>{move || dossier.with(|d| d.display_name())}</h1>
                <p class="dossier-id">
                    <span data-testid="dossier-cf">{move || dossier.with(|d| d.personal.codice_fiscale.to_string())}</span>
                    {move || dossier.with(|d| format!(" · nato/a il {}", date_or_dash(&d.personal.birth_date)))}
                </p>
                <p class="dossier-groups">{move || groups.get().filter(|g| !g.is_empty()).unwrap_or_else(|| "Nessun gruppo target: manca la DID".into())}</p>
            </div>
            <div class="dossier-actions">
                <p class="dossier-sync" role="status">{move || match pending.get() {
                    0 if handle.status.with(|s| s.online) => "Fascicolo salvato sul server".to_string(),
                    0 => "Nessuna modifica in attesa".to_string(),
                    1 => "1 modifica del fascicolo da inviare".to_string(),
                    n => format!("{n} modifiche del fascicolo da inviare"),
                }}</p>
                <button type="button" class="button secondary" aria-pressed=move || pinned.get().to_string() on:click=toggle_pin>
                    {move || if pinned.get() { "Tenuto su questo dispositivo" } else { "Tieni su questo dispositivo" }}
                </button>
            </div>
        </header>
        {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <nav class="dossier-nav" aria-label="Sezioni del fascicolo">
            <a href="#anagrafica">"Anagrafica"</a>
            <a href="#stato">"Stato"</a>
            <a href="#percorso">"Percorso"</a>
            <a href="#pai">"PAI"</a>
            <a href="#servizi">"Servizi"</a>
            <a href="#cv">"Istruzione e CV"</a>
            <a href="#certificati">"Certificati"</a>
            <a href="#storico">"Storico"</a>
        </nav>
        <PersonalSection doc dossier />
        <StatusSection doc dossier />
        <PathwaySection doc dossier />
        <PaiSection doc dossier />
        <ServicesSection doc dossier />
        <CvSection doc dossier />
        <CertificatesSection dossier />
        <HistorySection doc dossier />
        {desk.is_head().then(|| view! { <AccessLog doc /> })}
    }
}

/// Why the last save of a section failed, shown under the dossier's header.
#[derive(Clone, Copy)]
struct SaveFailure(RwSignal<Option<String>>);

/// Saves one section's edit with its index line; a failure is shown to the operator.
fn save(doc: DocumentId, message: &str, edit: impl FnOnce(&mut Dossier)) {
    let desk = Desk::get();
    let result = dossiers::edit(desk.handle, desk.index, doc, &desk.author(), message, edit);
    if let Some(SaveFailure(failure)) = use_context::<SaveFailure>() {
        failure.set(result.err().map(|e| e.message_it()));
    }
}

#[component]
fn PersonalSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let dirty = RwSignal::new(false);
    let [surname, name, birth_place, citizenship, residence, phone, email, address] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    Effect::new(move |_| {
        let d = dossier.get();
        if !dirty.get_untracked() {
            surname.set(d.personal.surname.to_string());
            name.set(d.personal.name.to_string());
            birth_place.set(d.personal.birth_place.to_string());
            citizenship.set(d.personal.citizenship.to_string());
            residence.set(d.personal.residence.to_string());
            phone.set(d.contacts.phone.to_string());
            email.set(d.contacts.email.to_string());
            address.set(d.contacts.address.to_string());
        }
    });
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if surname.get_untracked().trim().is_empty() || name.get_untracked().trim().is_empty() {
            return error.set(Some("Cognome e nome non possono essere vuoti.".into()));
        }
        error.set(None);
        save(doc, "Dati anagrafici e contatti", |d| {
            d.personal.surname.set(surname.get_untracked().trim());
            d.personal.name.set(name.get_untracked().trim());
            d.personal.birth_place.set(&birth_place.get_untracked());
            d.personal.citizenship.set(&citizenship.get_untracked());
            d.personal.residence.set(&residence.get_untracked());
            d.contacts.phone.set(&phone.get_untracked());
            d.contacts.email.set(&email.get_untracked());
            d.contacts.address.set(&address.get_untracked());
        });
        dirty.set(false);
    };
    view! {
        <Section title="Anagrafica e contatti" id="anagrafica">
            <form class="form grid-2" on:submit=submit>
                <Field label="Cognome" value=surname dirty />
                <Field label="Nome" value=name dirty />
                <Field label="Luogo di nascita" value=birth_place dirty />
                <Field label="Cittadinanza" value=citizenship dirty />
                <Field label="Comune di residenza" value=residence dirty />
                <Field label="Indirizzo" value=address dirty />
                <Field label="Telefono" value=phone dirty kind="tel" />
                <Field label="Email" value=email dirty kind="email" />
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !dirty.get()>"Salva anagrafica"</button>
            </form>
            <HealthCardForm doc dossier />
        </Section>
    }
}

/// The Tessera Sanitaria data the totem checks as a second factor. The digits go to the
/// relay, which writes only a keyed hash and the expiry date into the dossier.
#[component]
fn HealthCardForm(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let digits = RwSignal::new(String::new());
    let expiry = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| expiry.set(dossier.with(|d| d.card.expiry.to_string())));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(on) = parse_date(&expiry.get_untracked()) else {
            return error.set(Some("Indica la data di scadenza della tessera.".into()));
        };
        let Some(typed) = sportello_core::citizen::card_digits(&digits.get_untracked()) else {
            return error.set(Some("Servono le ultime 8 cifre del numero della tessera, solo numeri.".into()));
        };
        if !desk.handle.status.with_untracked(|s| s.online) {
            return error.set(Some(
                "Per registrare le cifre della tessera serve la connessione: le cifra il server, che non le conserva."
                    .into(),
            ));
        }
        error.set(None);
        busy.set(true);
        let token = desk.token.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match api::register_card(&token, &doc.to_string(), &typed, &on.to_string()).await {
                Ok(()) => digits.set(String::new()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form grid-3" on:submit=submit aria-label="Tessera sanitaria">
            <p class="card-state" role="status">{move || dossier.with(|d| if d.card.digits_hash.is_empty() {
                "Tessera sanitaria: cifre non registrate (servono per il riconoscimento al totem).".to_string()
            } else {
                format!("Tessera sanitaria: cifre registrate, scadenza {}.", date_or_dash(&d.card.expiry))
            })}</p>
            <label>"Ultime 8 cifre del numero della tessera"
                <input type="text" inputmode="numeric" autocomplete="off" maxlength="12"
                    prop:value=move || digits.get() on:input=move |ev| digits.set(event_target_value(&ev)) />
            </label>
            <label>"Scadenza della tessera"
                <input type="date" prop:value=move || expiry.get() on:input=move |ev| expiry.set(event_target_value(&ev)) />
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button secondary" prop:disabled=move || busy.get()>"Registra la tessera"</button>
        </form>
    }
}

#[component]
fn StatusSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let cal = StoredValue::new(desk.calendar());
    let dirty = RwSignal::new(false);
    let employment = RwSignal::new(String::new());
    let since = RwSignal::new(String::new());
    let facts = RwSignal::new(Facts::default());
    Effect::new(move |_| {
        let d = dossier.get();
        if !dirty.get_untracked() {
            employment.set(d.status.employment.to_string());
            since.set(d.status.unemployed_since.to_string());
            facts.set(d.facts);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let recorded = facts.get_untracked();
        save(doc, "Stato amministrativo", |d| {
            d.status.employment = employment.get_untracked().into();
            d.status.unemployed_since = since.get_untracked().into();
            d.facts = recorded;
        });
        dirty.set(false);
    };
    let deadlines = Memo::new(move |_| {
        let d = dossier.get();
        let (Some(person), m) = (d.person_facts(), d.milestones()) else { return Vec::new() };
        cal.with_value(|cal| {
            citizen_deadlines(&person, cal)
                .into_iter()
                .map(|deadline| {
                    let state = match m.met_on(deadline.kind) {
                        Some(on) => format!("svolto il {}", format_date(on)),
                        None => pathway::status(&deadline, today(), cal).describe_it(),
                    };
                    (deadline.kind.label_it(), deadline.kind.rule_it(), format_date(deadline.due), state)
                })
                .collect::<Vec<_>>()
        })
    });
    let pai_clock = Memo::new(move |_| {
        let d = dossier.get();
        let facts = d.person_facts()?;
        let start = facts.unemployment_start()?;
        let category = pai_category(&facts, start);
        Some(format!("{} · {} mesi dall'inizio della disoccupazione", category.label_it(), category.months()))
    });
    view! {
        <Section title="Stato amministrativo e gruppi target" id="stato">
            <form class="form grid-2" on:submit=submit>
                <label>"Condizione occupazionale"
                    <select on:change=move |ev| { employment.set(event_target_value(&ev)); dirty.set(true); }>
                        {EMPLOYMENT_STATUSES.iter().map(|(code, label)| view! {
                            <option value=*code selected=move || employment.get() == *code>{*label}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Field label="Disoccupato dal (se prima della DID)" value=since dirty kind="date" />
                <fieldset class="checks">
                    <legend>"Condizioni che decidono i gruppi target"</legend>
                    {Fact::ALL.into_iter().map(|fact| view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || facts.with(|f| f.get(fact))
                                on:change=move |ev| { let on = event_target_checked(&ev); facts.update(|f| f.set(fact, on)); dirty.set(true); } />
                            {fact.label_it()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button" prop:disabled=move || !dirty.get()>"Salva stato"</button>
            </form>
            <p>{move || pai_clock.get().map(|c| format!("Termine per il PAI: {c}"))}</p>
            <table class="deadlines">
                <caption>"Termini che il CPI deve rispettare"</caption>
                <thead><tr><th scope="col">"Adempimento"</th><th scope="col">"Regola"</th><th scope="col">"Entro il"</th><th scope="col">"Stato"</th></tr></thead>
                <tbody>
                    {move || deadlines.get().into_iter().map(|(label, rule, due, state)| view! {
                        <tr class="deadline-row"><td>{label}</td><td>{rule}</td><td>{due}</td><td>{state}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Section>
    }
}

#[component]
fn PathwaySection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let username = desk.username.clone();
    let kind = RwSignal::new(StepKind::Did.code().to_string());
    let date = RwSignal::new(today().to_string());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(step) = StepKind::from_code(&kind.get_untracked()) else { return };
        let on = match step_date(step, &date.get_untracked(), today()) {
            Ok(on) => on,
            Err(e) => return error.set(Some(e.message_it().into())),
        };
        error.set(None);
        let (id, who, text) = (new_item_id(), username.clone(), note.get_untracked());
        save(doc, step.label_it(), move |d| d.add_step(&id, step, on, &who, &text));
        note.set(String::new());
    };
    let steps = Memo::new(move |_| {
        let mut steps = dossier.get().steps;
        steps.sort_by(|a, b| b.date.as_str().cmp(a.date.as_str()));
        steps
    });
    view! {
        <Section title="Percorso" id="percorso">
            <ol class="timeline">
                <For each=move || steps.get() key=|s| s.id.to_string() let:step>
                    <li class="timeline-step">
                        <time datetime=step.date.to_string()>{date_or_dash(&step.date)}</time>
                        <strong>{StepKind::from_code(&step.kind).map(|k| k.label_it()).unwrap_or("Passo")}</strong>
                        <span class="deadline-detail">{format!("{} · {}", StepKind::from_code(&step.kind).map(|k| k.service()).unwrap_or(""), step.operator)}</span>
                        {(!step.note.is_empty()).then(|| view! { <p>{step.note.to_string()}</p> })}
                    </li>
                </For>
            </ol>
            {move || steps.with(Vec::is_empty).then(|| view! { <p class="empty">"Nessun passo registrato."</p> })}
            <form class="form grid-3" on:submit=submit aria-label="Registra un passo del percorso">
                <label>"Passo"
                    <select on:change=move |ev| kind.set(event_target_value(&ev))>
                        {StepKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=move || kind.get() == k.code()>{format!("{} ({})", k.label_it(), k.service())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Data"<input type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) /></label>
                <label>"Nota"<input type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) /></label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Registra il passo"</button>
            </form>
        </Section>
    }
}

#[component]
fn PaiSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let username = desk.username.clone();
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::from("Cittadino"));
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let proposed = Memo::new(move |_| dossier.with(|d| d.milestones().pai));
    let propose = move |_| {
        let (id, who) = (new_item_id(), username.clone());
        save(doc, StepKind::Pai.label_it(), move |d| d.add_step(&id, StepKind::Pai, today(), &who, ""));
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = description.get_untracked();
        if text.trim().is_empty() {
            return error.set(Some("Descrivi l'azione.".into()));
        }
        let Some(by) = parse_date(&due.get_untracked()) else {
            return error.set(Some("Indica entro quando va svolta l'azione.".into()));
        };
        error.set(None);
        let action = PaiAction {
            id: new_item_id().into(),
            description: text.trim().into(),
            owner: owner.get_untracked().trim().into(),
            due: by.to_string().into(),
            done: false,
        };
        save(doc, "Azione del PAI aggiunta", move |d| d.pai_actions.push(action));
        description.set(String::new());
    };
    view! {
        <Section title="Piano di azione individuale (PAI)" id="pai">
            <p>{move || match proposed.get() {
                Some(on) => format!("PAI proposto il {}.", format_date(on)),
                None => "Il PAI non è ancora stato proposto.".to_string(),
            }}</p>
            {move || proposed.get().is_none().then(|| view! {
                <button type="button" class="button" on:click=propose.clone()>"Registra la proposta del PAI con data di oggi"</button>
            })}
            <ul class="pai-actions">
                <For each=move || dossier.get().pai_actions key=|a| (a.id.to_string(), a.done) let:action>
                    <li>
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=action.done on:change={
                                let id = action.id.to_string();
                                move |ev| {
                                    let done = event_target_checked(&ev);
                                    let id = id.clone();
                                    save(doc, if done { "Azione del PAI svolta" } else { "Azione del PAI riaperta" }, move |d| {
                                        if let Some(a) = d.pai_actions.iter_mut().find(|a| a.id == id) { a.done = done; }
                                    });
                                }
                            } />
                            {format!("{} — {} — entro il {}", action.description, action.owner, date_or_dash(&action.due))}
                        </label>
                    </li>
                </For>
            </ul>
            <form class="form grid-3" on:submit=add aria-label="Aggiungi un'azione al PAI">
                <label>"Azione"<input type="text" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) /></label>
                <label>"Chi la svolge"<input type="text" prop:value=move || owner.get() on:input=move |ev| owner.set(event_target_value(&ev)) /></label>
                <label>"Entro il"<input type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) /></label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Aggiungi l'azione"</button>
            </form>
        </Section>
    }
}

#[component]
fn ServicesSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let username = desk.username.clone();
    let code = RwSignal::new(String::from("B1"));
    let date = RwSignal::new(today().to_string());
    let minutes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        let d = dossier.get();
        let facts = d.person_facts();
        let mut rows: Vec<_> = d
            .services
            .iter()
            .map(|s| {
                let on = parse_date(&s.date).unwrap_or_else(today);
                let standard = facts.as_ref().and_then(|f| pathway::standard_minutes(&s.code, f, on));
                let group = facts.as_ref().map(|f| primary_duration_group(f, on).code()).unwrap_or("—");
                (s.clone(), standard, group)
            })
            .collect();
        rows.sort_by(|a, b| b.0.date.as_str().cmp(a.0.date.as_str()));
        rows
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = service_minutes(&minutes.get_untracked())
            .and_then(|n| Ok((n, service_date(&date.get_untracked(), today())?)));
        let (n, on) = match checked {
            Ok(checked) => checked,
            Err(e) => return error.set(Some(e.message_it().into())),
        };
        error.set(None);
        let record = ServiceRecord {
            id: new_item_id().into(),
            code: code.get_untracked().into(),
            date: on.to_string().into(),
            operator: username.clone().into(),
            minutes: n,
            note: "".into(),
        };
        save(doc, &format!("Servizio {} erogato", record.code), move |d| d.services.push(record));
        minutes.set(String::new());
    };
    view! {
        <Section title="Servizi erogati" id="servizi">
            <table class="services">
                <thead><tr><th scope="col">"Servizio"</th><th scope="col">"Data"</th><th scope="col">"Operatore"</th>
                    <th scope="col">"Minuti effettivi"</th><th scope="col">"Standard"</th></tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|(s, standard, group)| {
                        let name = catalogue().get(&s.code).map(|c| c.name_it.clone()).unwrap_or_default();
                        let standard_text = match standard {
                            Some(m) => format!("{m} min ({group})"),
                            None => "—".to_string(),
                        };
                        let over = standard.is_some_and(|m| s.minutes > u64::from(m));
                        view! {
                            <tr class="service-row">
                                <td>{format!("{} {}", s.code, name)}</td>
                                <td>{date_or_dash(&s.date)}</td>
                                <td>{s.operator.to_string()}</td>
                                <td class=if over { "over-standard" } else { "" }>{s.minutes}</td>
                                <td>{standard_text}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="form grid-3" on:submit=add aria-label="Registra un servizio erogato">
                <label>"Servizio"
                    <select on:change=move |ev| code.set(event_target_value(&ev))>
                        {catalogue().services().iter().map(|s| {
                            let c = s.code.as_str().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || code.get() == c2>{format!("{} {}", c, s.name_it)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>"Data"<input type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) /></label>
                <label>"Minuti effettivi"<input type="number" min="1" max="600" inputmode="numeric" prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev)) /></label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button">"Registra il servizio"</button>
            </form>
        </Section>
    }
}

#[component]
fn CvSection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let dirty = RwSignal::new(false);
    let [skills, languages, professions, notes] = std::array::from_fn(|_| RwSignal::new(String::new()));
    Effect::new(move |_| {
        let d = dossier.get();
        if !dirty.get_untracked() {
            skills.set(d.cv.skills.to_string());
            languages.set(d.cv.languages.to_string());
            professions.set(d.cv.professions.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", "));
            notes.set(d.cv.notes.to_string());
        }
    });
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let codes: Vec<String> =
            professions.get_untracked().split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        if let Some(bad) = codes.iter().find(|c| !is_cp2021_code(c)) {
            return error.set(Some(format!("«{bad}» non è un codice CP2021 (es. 5.1.2.2.0).")));
        }
        error.set(None);
        save(doc, "Curriculum", |d| {
            d.cv.skills.set(&skills.get_untracked());
            d.cv.languages.set(&languages.get_untracked());
            d.cv.notes.set(&notes.get_untracked());
            d.cv.professions = codes.into_iter().map(Into::into).collect();
        });
        dirty.set(false);
    };
    let (title, institute, year) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add_education = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if title.get_untracked().trim().is_empty() {
            return;
        }
        let item = Education {
            id: new_item_id().into(),
            title: title.get_untracked().trim().into(),
            institute: institute.get_untracked().trim().into(),
            year: year.get_untracked().trim().into(),
        };
        save(doc, "Titolo di studio aggiunto", move |d| d.education.push(item));
        title.set(String::new());
        institute.set(String::new());
        year.set(String::new());
    };
    let (role, employer, job_code, from, to) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let job_error = RwSignal::new(None::<String>);
    let add_experience = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = job_code.get_untracked().trim().to_string();
        if role.get_untracked().trim().is_empty() {
            return job_error.set(Some("Indica la mansione.".into()));
        }
        if !code.is_empty() && !is_cp2021_code(&code) {
            return job_error.set(Some(format!("«{code}» non è un codice CP2021 (es. 5.1.2.2.0).")));
        }
        job_error.set(None);
        let item = Experience {
            id: new_item_id().into(),
            role: role.get_untracked().trim().into(),
            employer: employer.get_untracked().trim().into(),
            profession: code.into(),
            from: from.get_untracked().into(),
            to: to.get_untracked().into(),
        };
        save(doc, "Esperienza di lavoro aggiunta", move |d| d.experience.push(item));
        role.set(String::new());
        employer.set(String::new());
        job_code.set(String::new());
    };
    let nodirty = RwSignal::new(false);
    view! {
        <Section title="Istruzione, esperienze e curriculum" id="cv">
            <h3>"Titoli di studio"</h3>
            <ul>{move || dossier.get().education.into_iter().map(|e| view! {
                <li>{format!("{} — {} {}", e.title, e.institute, e.year)}</li>
            }).collect_view()}</ul>
            <form class="form grid-3" on:submit=add_education aria-label="Aggiungi un titolo di studio">
                <Field label="Titolo" value=title dirty=nodirty />
                <Field label="Istituto" value=institute dirty=nodirty />
                <Field label="Anno" value=year dirty=nodirty />
                <button type="submit" class="button secondary">"Aggiungi il titolo"</button>
            </form>
            <h3>"Esperienze di lavoro"</h3>
            <ul>{move || dossier.get().experience.into_iter().map(|e| view! {
                <li>{format!("{} presso {} ({} – {}) {}", e.role, e.employer, date_or_dash(&e.from), date_or_dash(&e.to), e.profession)}</li>
            }).collect_view()}</ul>
            <form class="form grid-3" on:submit=add_experience aria-label="Aggiungi un'esperienza di lavoro">
                <Field label="Mansione" value=role dirty=nodirty />
                <Field label="Datore di lavoro" value=employer dirty=nodirty />
                <Field label="Codice CP2021" value=job_code dirty=nodirty />
                <Field label="Dal" value=from dirty=nodirty kind="date" />
                <Field label="Al" value=to dirty=nodirty kind="date" />
                {move || job_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button secondary">"Aggiungi l'esperienza"</button>
            </form>
            <h3>"Curriculum"</h3>
            <form class="form grid-2" on:submit=submit>
                <Field label="Competenze" value=skills dirty />
                <Field label="Lingue" value=languages dirty />
                <Field label="Professioni cercate (codici CP2021, separati da virgola)" value=professions dirty />
                <label>"Note"
                    <textarea prop:value=move || notes.get() on:input=move |ev| { notes.set(event_target_value(&ev)); dirty.set(true); }></textarea>
                </label>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" prop:disabled=move || !dirty.get()>"Salva il curriculum"</button>
            </form>
        </Section>
    }
}

/// Certificates issued from the dossier (recorded by the relay) and their revocation.
#[component]
fn CertificatesSection(dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let error = RwSignal::new(None::<String>);
    let revoke = move |number: String| {
        let question = format!("Revocare il certificato {number}? Chi lo verifica lo vedrà come revocato.");
        if !browser::confirm(&question) {
            return;
        }
        let token = desk.token.clone();
        wasm_bindgen_futures::spawn_local(async move {
            error.set(api::revoke_certificate(&token, &number).await.err());
        });
    };
    view! {
        <Section title="Certificati emessi" id="certificati">
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || dossier.with(|d| d.certificates.is_empty()).then(|| view! { <p class="empty">"Nessun certificato emesso."</p> })}
            <ul class="certificates">
                {move || dossier.get().certificates.into_iter().map(|c| {
                    let title = sportello_core::certificate::CertificateKind::from_code(&c.kind).map(|k| k.title_it()).unwrap_or("Certificato");
                    let number = c.number.to_string();
                    let to_revoke = number.clone();
                    let shown = number.clone();
                    let revoke = revoke.clone();
                    view! {
                        <li class="certificate-row" data-number=number>
                            <strong>{shown}</strong>" · "{title}" · "{c.issued_at.replace('T', " ")}" · "{c.issued_by.to_string()}
                            {if c.revoked_at.is_empty() {
                                view! { <button type="button" class="button secondary" on:click=move |_| revoke(to_revoke.clone())>"Revoca"</button> }.into_any()
                            } else {
                                view! { <span class="deadline overdue">{format!("Revocato il {}", c.revoked_at.replace('T', " "))}</span> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Section>
    }
}

#[component]
fn HistorySection(doc: DocumentId, dossier: Memo<Dossier>) -> impl IntoView {
    let handle = Desk::get().handle;
    let items = Memo::new(move |_| dossier.with(|d| history(handle, doc, d)));
    view! {
        <Section title="Storico delle modifiche" id="storico">
            <ol class="history">
                {move || items.get().into_iter().take(100).map(|item| {
                    let when = chrono::DateTime::from_timestamp(item.time_secs, 0)
                        .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string())
                        .unwrap_or_default();
                    view! { <li class="history-item"><time>{when}</time>" · "<strong class="history-author">{item.author}</strong>" · "<span>{item.message}</span></li> }
                }).collect_view()}
            </ol>
        </Section>
    }
}

#[component]
fn AccessLog(doc: DocumentId) -> impl IntoView {
    let desk = Desk::get();
    let entries = LocalResource::new(move || {
        let token = desk.token.clone();
        async move { api::audit_log(&token, Some(&doc.to_string())).await }
    });
    view! {
        <Section title="Registro degli accessi al fascicolo" id="accessi">
            <super::audit::AuditTable entries />
        </Section>
    }
}

/// Confirms a DID declared at a totem: opens the dossier (or finds the existing one),
/// records the confirmed DID with the declaration's date, and marks the declaration handled.
#[component]
pub fn DeclarationPage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let params = use_params_map();
    let navigate = use_navigate();
    let outbox_id = Memo::new(move |_| params.read().get("outbox").and_then(|s| DocumentId::parse(&s).ok()));
    let item_id = Memo::new(move |_| params.read().get("item").unwrap_or_default());
    let item = Memo::new(move |_| {
        let outbox = handle.read::<Outbox>(outbox_id.get()?)?;
        outbox.items.into_iter().find(|i| i.id == item_id.get())
    });
    let error = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let (Some(outbox), Some(item)) = (outbox_id.get_untracked(), item.get_untracked()) else { return };
        let confirming = ConfirmingDesk {
            handle,
            cpi: &desk.cpi,
            index: desk.index,
            board: desk.board,
            author: desk.author(),
            today: today(),
        };
        match declarations::confirm_did(&confirming, outbox, &item) {
            Ok(dossier_id) => {
                navigate(&format!("/operatore/persona/{dossier_id}?sezione=percorso"), Default::default())
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <h1>"DID dichiarata al totem"</h1>
        {move || match item.get().and_then(|i| i.did.clone().map(|d| (i, d))) {
            None => view! { <p role="status">"Dichiarazione non trovata su questo dispositivo."</p> }.into_any(),
            Some((item, did)) => view! {
                <dl class="facts">
                    <dt>"Cognome e nome"</dt><dd>{format!("{} {}", did.surname, did.name)}</dd>
                    <dt>"Codice fiscale"</dt><dd>{did.codice_fiscale.to_string()}</dd>
                    <dt>"Telefono"</dt><dd>{did.phone.to_string()}</dd>
                    <dt>"Email"</dt><dd>{did.email.to_string()}</dd>
                    <dt>"Dichiarata il"</dt><dd>{date_or_dash(&did.declared_on)}</dd>
                    <dt>"Colloquio prenotato"</dt><dd data-testid="declared-slot">{
                        did.booked_slot()
                            .map(|s| s.start().format("%d/%m/%Y alle %H:%M").to_string())
                            .unwrap_or_else(|| "Nessuno: da fissare".to_string())
                    }</dd>
                </dl>
                {match item.handled_by {
                    Some(by) => view! { <p>{format!("Già confermata da {by}.")}</p> }.into_any(),
                    None => view! { <button type="button" class="button" on:click=confirm.clone()>"Conferma la DID e apri il fascicolo"</button> }.into_any(),
                }}
            }.into_any(),
        }}
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}
