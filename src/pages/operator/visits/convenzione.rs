//! `/operatore/impresa/:id/convenzione`: the convenzione di servizio of a company, its text
//! and hash, the two signatures drawn on the screen (the CPI's operator and the company's
//! signer), who signed when, and its PDF. Works offline on a tablet: a signature is written
//! into the company record on the device and reaches the relay when the network is back.

use super::super::{Desk, Section};
use crate::components::signature_pad::SignaturePad;
use crate::io::companies;
use crate::io::sync;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use sportello_core::cpi::{cpi_by_slug, Cpi};
use sportello_core::employers::company::{Company, Signature};
use sportello_core::employers::convenzione::{self, Drawn, Party, Status};
use sportello_core::employers::convenzione_pdf::convenzione_pdf;
use sportello_core::sync::ids::DocumentId;

#[component]
pub fn ConvenzionePage() -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| DocumentId::parse(&s).ok()));
    let (token, by) = (desk.token.clone(), desk.label());
    super::super::hold_on_screen(id);
    // Once per record shown (the route may change under the screen).
    let shown = StoredValue::new(None::<DocumentId>);
    Effect::new(move |_| {
        let Some(doc) = id.get().filter(|doc| shown.get_value() != Some(*doc)) else { return };
        shown.set_value(Some(doc));
        companies::open_record(token.clone(), by.clone(), doc);
    });
    let present = Memo::new(move |_| id.get().is_some_and(|doc| handle.read::<Company>(doc).is_some()));
    let cpi = cpi_by_slug(&desk.cpi);
    move || {
        let (Some(doc), Some(cpi)) = (id.get(), cpi) else {
            return view! { <h1>"Impresa non trovata"</h1><p>"L'indirizzo non contiene un identificativo di impresa valido."</p> }.into_any();
        };
        if present.get() {
            return view! { <ConvenzioneView doc cpi /> }.into_any();
        }
        // Why the record is not shown: refused by the relay, not on this device, or on its way.
        let (title, message, refused) = if handle.unavailable(doc) {
            ("Impresa non disponibile", "La scheda non esiste o non appartiene al tuo Centro per l'Impiego.", true)
        } else if !handle.status.with(|s| s.online) {
            (
                "Impresa non su questo dispositivo",
                "La scheda non è stata scaricata su questo dispositivo e ora non c'è connessione: aggiungila al \
                 piano delle visite prima di uscire.",
                false,
            )
        } else {
            ("Convenzione di servizio", "Caricamento della scheda…", false)
        };
        view! {
            <h1>{title}</h1>
            <p class:form-error=refused role=if refused { "alert" } else { "status" }>{message}</p>
        }
        .into_any()
    }
}

#[component]
fn ConvenzioneView(doc: DocumentId, cpi: &'static Cpi) -> impl IntoView {
    let desk = Desk::get();
    let handle = desk.handle;
    let company = Memo::new(move |_| handle.read::<Company>(doc).unwrap_or_default());
    let text = Memo::new(move |_| company.with(|c| convenzione::text(cpi, c)));
    let hash = Memo::new(move |_| text.with(|t| t.hash()));
    let status = Memo::new(move |_| company.with(|c| convenzione::status(&c.convenzione, &hash.get())));
    let pending = Memo::new(move |_| handle.pending(doc));
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let (bytes, code) = company.with_untracked(|c| (convenzione_pdf(cpi, c), c.registry.tax_code.to_string()));
        download_error.set(crate::io::download(&bytes, &format!("convenzione-{code}.pdf"), "application/pdf").err());
    };
    view! {
        <header class="visits-head">
            <p class="eyebrow">"Convenzione di servizio"</p>
            <h1>{move || company.with(|c| c.registry.name.to_string())}</h1>
            <p class="visits-links">
                <a href=format!("/operatore/impresa/{doc}")>"Scheda dell'impresa"</a>
                " · "
                <a href="/operatore/visite">"Piano delle visite"</a>
            </p>
        </header>
        <p class=move || if status.get() == Status::Signed { "convenzione-status signed" } else { "convenzione-status" }
            data-testid="convenzione-status" role="status">
            {move || status.get().message_it()}
        </p>
        <p class="convenzione-sync" data-testid="convenzione-sync" role="status">{move || match pending.get() {
            0 if handle.status.with(|s| s.online) => "Tutte le modifiche della scheda sono arrivate al server.".to_string(),
            0 => "Nessuna modifica in attesa su questo dispositivo.".to_string(),
            1 => "1 modifica della scheda solo su questo dispositivo: partirà appena torna la connessione.".to_string(),
            n => format!("{n} modifiche della scheda solo su questo dispositivo: partiranno appena torna la connessione."),
        }}</p>
        <Section title="Testo della convenzione" id="convenzione-text">
            <article class="convenzione-text" data-testid="convenzione-text">
                <h3>{move || text.with(|t| t.title.clone())}</h3>
                {move || text.with(|t| t.parties.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view())}
                {move || text.with(|t| t.articles.iter().map(|(heading, paragraphs)| view! {
                    <h4>{heading.clone()}</h4>
                    {paragraphs.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                }).collect_view())}
            </article>
            <p class="convenzione-hash">"Impronta SHA-256 del testo: "
                <code data-testid="convenzione-hash">{move || hash.get()}</code>
            </p>
        </Section>
        <Representative doc company />
        <div class="signature-grid">
            {Party::BOTH.into_iter().map(|party| view! { <PartySignature doc cpi party company hash /> }).collect_view()}
        </div>
        <div class="visits-actions">
            <button type="button" class="button" on:click=download>"Scarica la convenzione in PDF"</button>
            {move || download_error.get().map(|e| view! { <p class="form-error" role="alert">{format!("PDF non creato: {e}.")}</p> })}
        </div>
    }
}

/// Who represents the company in the text: changing it changes the text, so a convenzione
/// signed before is signed no more.
#[component]
fn Representative(doc: DocumentId, company: Memo<Company>) -> impl IntoView {
    let desk = Desk::get();
    let name = RwSignal::new(company.with_untracked(|c| c.reference.name.to_string()));
    let role = RwSignal::new(company.with_untracked(|c| c.reference.role.to_string()));
    let message = RwSignal::new(None::<Result<String, String>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, r) = (name.get_untracked(), role.get_untracked());
        let result = companies::edit(desk.handle, desk.company_index, doc, &desk.author(), "Referente", |c| {
            c.reference.name.set(n.trim());
            c.reference.role.set(r.trim());
        });
        message.set(Some(match result {
            Ok(()) => Ok("Referente aggiornato su questo dispositivo.".into()),
            Err(e) => Err(e.message_it()),
        }));
    };
    view! {
        <Section title="Chi rappresenta l'impresa" id="convenzione-representative">
            <form class="form visits-form" on:submit=save>
                <label>"Nome e cognome"
                    <input type="text" name="reference-name" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label>"Ruolo nell'impresa"
                    <input type="text" name="reference-role" prop:value=move || role.get()
                        on:input=move |ev| role.set(event_target_value(&ev)) />
                </label>
                <p class="note">"Il nome e il ruolo entrano nel testo: se cambiano dopo la firma, la convenzione va firmata di nuovo."</p>
                <button type="submit" class="button secondary">"Aggiorna il referente"</button>
                {move || message.get().map(|m| match m {
                    Ok(text) => view! { <p role="status">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
                })}
            </form>
        </Section>
    }
}

/// One party's signature: who signed and when with the drawn path, or the pad to sign.
#[component]
fn PartySignature(
    doc: DocumentId,
    cpi: &'static Cpi,
    party: Party,
    company: Memo<Company>,
    hash: Memo<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let signature = Memo::new(move |_| company.with(|c| c.convenzione.signatures.get(party.code()).cloned()));
    // A signature of another text (earlier, or merged from another device) is shown as such
    // and the pad is offered again.
    let valid = move || {
        signature.with(|s| {
            s.as_ref().is_some_and(|s| company.with(|c| hash.with(|h| convenzione::bound_hash(&c.convenzione, s) == h)))
        })
    };
    let default_name = match party {
        Party::Cpi => desk.name.clone(),
        Party::Company => company.with_untracked(|c| c.reference.name.to_string()),
    };
    let signer = RwSignal::new(default_name);
    let path = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pad_id = format!("signature-pad-{}", party.code());
    let name_label = match party {
        Party::Cpi => "Nome e cognome dell'operatore che firma",
        Party::Company => "Nome e cognome di chi firma per l'impresa",
    };
    let signs = Signal::derive(move || {
        format!(
            "Firmando, {} sottoscrive la convenzione di servizio qui sopra (impronta {}…).",
            match party {
                Party::Cpi => "il Centro per l'Impiego",
                Party::Company => "l'impresa",
            },
            hash.with(|h| h.chars().take(12).collect::<String>())
        )
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (name, drawn_path, shown) = (signer.get_untracked(), path.get_untracked(), hash.get_untracked());
        let at = chrono::Local::now().naive_local();
        let event_id = sync::new_document_id().to_string();
        let drawn = Drawn { party, signer: &name, path: &drawn_path, at };
        let result =
            companies::edit(desk.handle, desk.company_index, doc, &desk.author(), "Convenzione di servizio", |c| {
                convenzione::sign(c, cpi, &shown, &drawn, &event_id, &desk.username)
            });
        match result {
            Ok(Ok(_)) => {
                error.set(None);
                path.set(String::new());
            }
            Ok(Err(e)) => error.set(Some(e.message_it())),
            Err(e) => error.set(Some(e.message_it())),
        }
    };
    let testid = format!("signature-{}", party.code());
    view! {
        <section class="editor signature-card" aria-labelledby=format!("{testid}-title") data-testid=testid.clone()>
            <h2 id=format!("{testid}-title")>{party.label_it()}</h2>
            {move || signature.get().map(|s| view! { <SignatureShown signature=s outdated=!valid() /> })}
            {move || (!valid()).then(|| view! {
                <form class="form visits-form" on:submit=submit.clone()>
                    <label>{name_label}
                        <input type="text" name=format!("signer-{}", party.code()) autocomplete="off"
                            prop:value=move || signer.get() on:input=move |ev| signer.set(event_target_value(&ev)) />
                    </label>
                    <SignaturePad id=pad_id.clone() label=party.label_it() signs path />
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <button type="submit" class="button">{format!("Registra la {}", party.label_it().to_lowercase())}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn SignatureShown(signature: Signature, outdated: bool) -> impl IntoView {
    let viewbox = format!("0 0 {} {}", convenzione::PAD_WIDTH, convenzione::PAD_HEIGHT);
    let when = convenzione::signed_at_it(&signature);
    view! {
        <div class=if outdated { "signature-shown outdated" } else { "signature-shown" }>
            <p>
                {if outdated { "Firma del testo precedente: " } else { "Firmato da " }}
                <strong data-testid="signer">{signature.signer.to_string()}</strong>
                " il "<span data-testid="signed-at">{when}</span>
            </p>
            <svg class="signature-drawing" viewBox=viewbox role="img"
                aria-label=format!("Firma disegnata di {}", signature.signer.as_str())>
                <path d=signature.path.to_string() />
            </svg>
        </div>
    }
}
