//! `/verifica`: anyone checks a certificate — a phone's camera opens the link in its QR code,
//! or the text is pasted. The signature is checked here, against the CPIs' public keys
//! (the service worker keeps a copy from the first visit to any page of the app, and this
//! page one of its own, so it works offline); revocation is asked of the relay when online.
//! Offline, a certificate signed by a key this device has never seen cannot be checked, and
//! the page says so instead of calling it false.

use crate::io::api::{self, CertificateStatus};
use crate::io::browser;
use crate::io::camera;
use crate::io::settings;
use leptos::prelude::*;
use sportello_core::certificate::{self, Certificate};

/// How often the camera's frame is decoded while reading.
const FRAME_EVERY_MS: u32 = 300;

#[derive(Clone, PartialEq)]
enum Outcome {
    /// `qr_text` is the certificate's `SPT2:` (or `SPT1:`) text, for its PDF.
    Authentic {
        certificate: Certificate,
        revocation: Revocation,
        qr_text: String,
    },
    Invalid(String),
    /// Signed by a key this device does not have, and the relay cannot be asked now.
    CannotCheckOffline,
}

#[derive(Clone, PartialEq)]
enum Revocation {
    Valid,
    Revoked(String),
    Unknown,
}

fn keys_from(list: &[api::PublicKey]) -> Vec<(String, [u8; 32])> {
    list.iter()
        .filter_map(|k| {
            let bytes: Option<Vec<u8>> = (0..k.public_key.len())
                .step_by(2)
                .map(|i| k.public_key.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
                .collect();
            Some((k.key_id.clone(), bytes?.try_into().ok()?))
        })
        .collect()
}

async fn check(text: String) -> Outcome {
    // Fresh keys when the relay answers; the service worker's or this page's copy otherwise.
    let (keys, fresh) = match api::public_keys_with_origin().await {
        Ok((keys, fresh)) => {
            settings::set_public_keys(&keys);
            (keys, fresh)
        }
        Err(_) => (settings::public_keys(), false),
    };
    let signed = match certificate::from_qr_text(&text) {
        Ok(s) => s,
        Err(e) => return Outcome::Invalid(e.message_it()),
    };
    let qr_text = certificate::qr_text_in(&text).unwrap_or_default().to_owned();
    let verified = certificate::verify(&signed, &keys_from(&keys)).cloned();
    match verified {
        Err(certificate::VerifyError::UnknownKey { .. }) if !fresh => Outcome::CannotCheckOffline,
        Err(e) => Outcome::Invalid(e.message_it()),
        Ok(certificate) => {
            let revocation = match api::certificate_state(&certificate.number).await {
                Ok(state) => match state.status {
                    CertificateStatus::Revoked => Revocation::Revoked(state.revoked_at.unwrap_or_default()),
                    CertificateStatus::Valid => Revocation::Valid,
                },
                Err(_) => Revocation::Unknown,
            };
            Outcome::Authentic { certificate, revocation, qr_text }
        }
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let run = move |input: String| {
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            outcome.set(Some(check(input).await));
            busy.set(false);
        });
    };
    // The page's own camera reader: frames are decoded until one holds a certificate.
    let video = NodeRef::<leptos::html::Video>::new();
    let scanning = RwSignal::new(false);
    let camera_error = RwSignal::new(None::<String>);
    let stream = StoredValue::new_local(None::<camera::Stream>);
    let reader = StoredValue::new_local(None::<gloo_timers::callback::Interval>);
    let stop_camera = move || {
        reader.update_value(|r| drop(r.take()));
        stream.update_value(|s| {
            if let Some(s) = s.take() {
                camera::stop(&s, video.get_untracked().as_ref());
            }
        });
        scanning.set(false);
    };
    let read_frame = move || {
        let Some(element) = video.get_untracked() else { return };
        let Some((width, height, luma)) = camera::frame_luma(&element) else { return };
        if let Some(found) = sportello_core::scan::certificate_text(width, height, &luma) {
            // Not from inside the reader's own timer callback, which stopping drops.
            wasm_bindgen_futures::spawn_local(async move { stop_camera() });
            text.set(found.clone());
            run(found);
        }
    };
    let start_camera = move |_| {
        camera_error.set(None);
        outcome.set(None);
        scanning.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let Some(element) = video.get_untracked() else { return };
            match camera::start(&element).await {
                Ok(started) if scanning.get_untracked() => {
                    stream.set_value(Some(started));
                    reader.set_value(Some(gloo_timers::callback::Interval::new(FRAME_EVERY_MS, read_frame)));
                }
                Ok(started) => camera::stop(&started, Some(&element)),
                Err(reason) => {
                    camera_error.set(Some(reason));
                    scanning.set(false);
                }
            }
        });
    };
    on_cleanup(stop_camera);
    // A phone camera opens /verifica#SPT1:...: check it straight away.
    let fragment = browser::fragment();
    if fragment.contains(certificate::QR_PREFIX) {
        text.set(fragment);
        run(text.get_untracked());
    }
    view! {
        <main class="page">
            <p class="eyebrow">"Sportello · Centri per l'Impiego della Puglia"</p>
            <h1>"Verifica di un certificato"</h1>
            <p class="lead">"Inquadra il codice QR del certificato con la fotocamera del telefono o da questa pagina, oppure incolla qui il testo del codice. La firma si controlla anche senza connessione; la revoca solo in linea."</p>
            <section class="camera-reader" aria-label="Lettura con la fotocamera">
                <video node_ref=video class="camera-view" hidden=move || !scanning.get() aria-hidden="true"></video>
                {move || scanning.get().then(|| view! { <p role="status">"Inquadra il codice QR del certificato: la verifica parte da sola."</p> })}
                {move || camera_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                {move || if scanning.get() {
                    view! { <button type="button" class="button secondary" on:click=move |_| stop_camera()>"Chiudi la fotocamera"</button> }.into_any()
                } else {
                    view! { <button type="button" class="button secondary" on:click=start_camera>"Inquadra con la fotocamera"</button> }.into_any()
                }}
            </section>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); run(text.get_untracked()); }>
                <label>"Testo del codice QR"
                    <textarea rows="4" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                <button type="submit" class="button" prop:disabled=move || busy.get()>"Verifica"</button>
            </form>
            {move || outcome.get().map(|o| match o {
                Outcome::CannotCheckOffline => view! {
                    <section class="verify-result unknown" role="status" aria-label="Esito della verifica">
                        <h2>"Verifica non possibile senza connessione"</h2>
                        <p>"Il certificato è firmato con una chiave di un Centro per l'Impiego che questo dispositivo non ha ancora. Questo non vuol dire che sia falso: riprova quando il dispositivo è in linea."</p>
                    </section>
                }.into_any(),
                Outcome::Invalid(message) => view! {
                    <section class="verify-result invalid" role="alert" aria-label="Esito della verifica">
                        <h2>"Certificato non valido"</h2>
                        <p>{message}</p>
                    </section>
                }.into_any(),
                Outcome::Authentic { certificate, revocation, qr_text } => {
                    let for_pdf = (certificate.clone(), qr_text);
                    let (class, heading, detail) = match revocation {
                        Revocation::Valid => ("verify-result valid", "Certificato autentico", certificate::RevocationStatus::Valid.message_it().to_string()),
                        Revocation::Revoked(at) => ("verify-result revoked", "Certificato revocato", format!("{} Revocato il {}.", certificate::RevocationStatus::Revoked.message_it(), sportello_core::calendar::italian_moment(&at))),
                        Revocation::Unknown => ("verify-result valid", "Firma autentica", "La firma è autentica. Senza connessione non è possibile sapere se il certificato è stato revocato.".to_string()),
                    };
                    view! {
                        <section class=class role="status" aria-label="Esito della verifica">
                            <h2>{heading}</h2>
                            <p>{detail}</p>
                            <dl class="facts">
                                <dt>"Numero"</dt><dd>{certificate.number.clone()}</dd>
                                <dt>"Tipo"</dt><dd>{certificate.kind.title_it()}</dd>
                                <dt>"Emesso il"</dt><dd>{certificate.issued_at_it()}</dd>
                                <dt>"Intestatario"</dt><dd>{format!("{} ({})", certificate.subject.name, certificate.subject.codice_fiscale)}</dd>
                                {certificate.fields.iter().map(|(l, v)| view! { <dt>{l.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}
                            </dl>
                            // The holder's own device keeps a file; a public totem only prints.
                            <button type="button" class="button secondary" on:click=move |_| download_pdf(&for_pdf.0, &for_pdf.1)>"Scarica il PDF"</button>
                        </section>
                    }.into_any()
                }
            })}
        </main>
    }
}

/// The certificate as a PDF file, with its QR code (the same verification link).
fn download_pdf(c: &Certificate, qr_text: &str) {
    let link = format!("{}/verifica#{qr_text}", browser::origin());
    let modules: Vec<Vec<bool>> = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M)
        .map(|code| {
            let width = code.width();
            let colors = code.to_colors();
            colors.chunks(width).map(|row| row.iter().map(|m| *m == qrcode::Color::Dark).collect()).collect()
        })
        .unwrap_or_default();
    let issuer = sportello_core::cpi::cpi_by_slug(&c.cpi).map_or_else(|| c.cpi.clone(), |cpi| cpi.full_name_it());
    let hint =
        "Verifica l'autenticità inquadrando il codice QR con il telefono, oppure alla pagina /verifica del servizio.";
    let bytes = sportello_core::certificate_pdf::certificate_pdf(c, c.kind.title_it(), &issuer, &modules, hint);
    if let Err(err) = crate::io::download(&bytes, &format!("{}.pdf", c.number), "application/pdf") {
        browser::log_error(&format!("cannot offer the PDF: {err}"));
    }
}
