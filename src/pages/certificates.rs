//! `/totem/<cpi>/certificati`: a citizen shows the Tessera Sanitaria (barcode scanner or
//! on-screen keyboard), confirms it with the card's digits and expiry, sees "La mia
//! situazione" and prints certificates. Everything about the citizen lives in this page's
//! signals only: nothing is written to the totem's storage, and "Fine" or the idle guard
//! clears it and ends the session on the relay.

use super::totem::{current_cpi, KioskSession, TotemLink};
use crate::components::citizen::QrCode;
use crate::components::keyboard::Keys;
use crate::i18n::I18n;
use crate::io::api::{self, IssuedCertificate};
use crate::io::browser;
use crate::io::settings;
use leptos::prelude::*;
use sportello_core::certificate::CertificateKind;
use sportello_core::citizen::CitizenStatus;
use sportello_core::pathway::DeadlineKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Scan,
    SecondFactor,
    Status,
    Certificate,
}

use sportello_core::calendar::italian_date as it_date;

fn kind_key(kind: CertificateKind) -> &'static str {
    match kind {
        CertificateKind::Did => "cert-kind-did",
        CertificateKind::SapExtract => "cert-kind-sap",
        CertificateKind::TargetedPlacement => "cert-kind-l68",
        CertificateKind::ServiceAgreementCopy => "cert-kind-pds",
    }
}

#[component]
pub fn CertificatesPage() -> impl IntoView {
    let cpi = current_cpi();
    let i18n = I18n::get();
    let link = use_context::<Option<TotemLink>>().flatten();
    let token = settings::totem_device().map(|d| d.token);
    let step = RwSignal::new(Step::Scan);
    let cf = RwSignal::new(String::new());
    let digits = RwSignal::new(String::new());
    let expiry = RwSignal::new(String::new());
    let session = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<CitizenStatus>);
    let certificate = RwSignal::new(None::<IssuedCertificate>);
    // What is wrong with what the citizen typed; the relay's refusals are the actions' values.
    let invalid = RwSignal::new(None::<String>);
    let online = move || link.is_some_and(|l| l.handle.status.with(|s| s.online));
    let identification = Action::new_local(move |(token, code, typed, expires): &(String, String, String, String)| {
        let (token, code, typed, expires) = (token.clone(), code.clone(), typed.clone(), expires.clone());
        async move {
            let found = api::identify(&token, &code, &typed, &expires).await?;
            session.set(Some(found.session));
            status.set(Some(found.status));
            digits.set(String::new());
            expiry.set(String::new());
            step.set(Step::Status);
            Ok::<_, String>(())
        }
    });
    let issuance = Action::new_local(move |(token, session, kind): &(String, String, CertificateKind)| {
        let (token, session, kind) = (token.clone(), session.clone(), *kind);
        async move {
            let issued = api::issue_certificate(&token, &session, kind.code()).await?;
            certificate.set(Some(issued));
            step.set(Step::Certificate);
            Ok::<_, String>(())
        }
    });
    let busy = Signal::derive(move || identification.pending().get() || issuance.pending().get());
    let error = move || {
        let refused = move || {
            let identified = identification.value().get().and_then(Result::err);
            identified.or_else(|| issuance.value().get().and_then(Result::err))
        };
        invalid.get().or_else(|| (!busy.get()).then(refused).flatten())
    };
    // The relay is needed to identify and to sign; offline, the citizen is sent to the desk.
    let offline_reason = move || {
        let address = cpi.get_untracked().map(|c| c.address.clone()).unwrap_or_default();
        i18n.t_with("cert-offline", &[("address", address.into())])
    };

    // Forget the citizen: signals cleared, the relay's session ended, back to the start.
    let token_for_end = token.clone();
    let finish = Callback::new(move |()| {
        if let (Some(token), Some(s)) = (token_for_end.clone(), session.get_untracked()) {
            wasm_bindgen_futures::spawn_local(async move { api::end_citizen_session(&token, &s).await });
        }
        for s in [cf, digits, expiry] {
            s.set(String::new());
        }
        session.set(None);
        status.set(None);
        certificate.set(None);
        invalid.set(None);
        identification.value().set(None);
        issuance.value().set(None);
        step.set(Step::Scan);
        // A full load of the start screen also drops whatever the page still held in memory.
        if let Some(cpi) = cpi.get_untracked() {
            browser::go_to(&format!("/totem/{}", cpi.slug));
        }
    });

    // "Fine" and the idle guard of the totem's frame end the relay's session too.
    if let Some(kiosk) = use_context::<KioskSession>() {
        kiosk.on_end.set(Some(finish));
        on_cleanup(move || kiosk.on_end.set(None));
    }

    let check_cf = Callback::new(move |()| match sportello_core::codice_fiscale::parse(&cf.get_untracked()) {
        Ok(code) => {
            cf.set(code.as_str().to_string());
            invalid.set(None);
            step.set(Step::SecondFactor);
        }
        Err(e) => invalid.set(Some(i18n.t_with("cert-cf-invalid", &[("reason", e.message_it().into())]))),
    });
    let token_for_identify = token.clone();
    let identify = Callback::new(move |()| {
        let Some(typed) = sportello_core::citizen::card_digits(&digits.get_untracked()) else {
            return invalid.set(Some(i18n.t("cert-digits-invalid")));
        };
        let Some(expires) = sportello_core::citizen::card_expiry(&expiry.get_untracked()) else {
            return invalid.set(Some(i18n.t("cert-expiry-invalid")));
        };
        let Some(token) = token_for_identify.clone() else { return };
        if !online() {
            return invalid.set(Some(offline_reason()));
        }
        invalid.set(None);
        identification.dispatch((token, cf.get_untracked(), typed, expires.to_string()));
    });
    let token_for_issue = token.clone();
    let issue = Callback::new(move |kind: CertificateKind| {
        let (Some(token), Some(s)) = (token_for_issue.clone(), session.get_untracked()) else { return };
        if !online() {
            return invalid.set(Some(offline_reason()));
        }
        invalid.set(None);
        issuance.dispatch((token, s, kind));
    });

    move || {
        let Some(cpi) = cpi.get() else { return ().into_any() };
        if token.is_none() {
            return view! { <h1>{move || i18n.t("cert-title")}</h1><p role="alert">{move || i18n.t("cert-not-enrolled")}</p> }
                .into_any();
        }
        view! {
            {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match step.get() {
                Step::Scan => view! {
                    <h1>{move || i18n.t("cert-title")}</h1>
                    <p class="lead">{move || i18n.t("cert-scan-lead")}</p>
                    <form class="form" on:submit=move |ev| { ev.prevent_default(); check_cf.run(()); }>
                        <label>{move || i18n.t("cert-cf")}
                            <input type="text" name="codice_fiscale" autocomplete="off" autofocus=true maxlength="20"
                                class="big-input" dir="ltr" data-keys=Keys::Code.attr() prop:value=move || cf.get()
                                on:input=move |ev| cf.set(event_target_value(&ev).to_uppercase()) />
                        </label>
                        <button type="submit" class="button">{move || i18n.t("cert-next")}</button>
                    </form>
                }.into_any(),
                Step::SecondFactor => view! {
                    <h1>{move || i18n.t("cert-factor-title")}</h1>
                    <p class="lead">{move || i18n.t("cert-factor-lead")}</p>
                    <p class="masked-cf">{move || sportello_core::codice_fiscale::parse(&cf.get()).map(|c| c.masked()).unwrap_or_default()}</p>
                    <form class="form" on:submit=move |ev| { ev.prevent_default(); identify.run(()); }>
                        <label>{move || i18n.t("cert-digits")}
                            <input type="text" inputmode="numeric" autocomplete="off" maxlength="9" class="big-input" dir="ltr"
                                data-keys=Keys::Digits.attr()
                                prop:value=move || digits.get() on:input=move |ev| digits.set(event_target_value(&ev)) />
                        </label>
                        <label>{move || i18n.t("cert-expiry")}
                            <input type="text" inputmode="numeric" autocomplete="off" maxlength="10" class="big-input" placeholder="GG/MM/AAAA"
                                dir="ltr" data-keys=Keys::Date.attr()
                                prop:value=move || expiry.get() on:input=move |ev| expiry.set(event_target_value(&ev)) />
                        </label>
                        <button type="submit" class="button" prop:disabled=move || busy.get()>{move || i18n.t("cert-confirm")}</button>
                    </form>
                }.into_any(),
                Step::Status => view! { <StatusView status issue busy /> }.into_any(),
                Step::Certificate => view! {
                    {move || certificate.get().map(|c| view! { <CertificateSheet certificate=c /> })}
                    <div class="citizen-actions no-print">
                        <button type="button" class="button" on:click=move |_| browser::print()>{move || i18n.t("cert-print")}</button>
                        <button type="button" class="button secondary" on:click=move |_| step.set(Step::Status)>{move || i18n.t("cert-back")}</button>
                    </div>
                }.into_any(),
            }}
            <p class="citizen-cpi no-print">{cpi.full_name_it()}</p>
        }
        .into_any()
    }
}

#[component]
fn StatusView(
    status: RwSignal<Option<CitizenStatus>>,
    issue: Callback<CertificateKind>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = I18n::get();
    move || {
        let s = status.get()?;
        let employment_key = format!("employment-{}", s.employment);
        let deadline_rows = s
            .deadlines
            .iter()
            .map(|d| {
                let what = i18n.t(match d.kind {
                    DeadlineKind::OrientationInterview => "cert-deadline-b1",
                    _ => "cert-deadline-pai",
                });
                let when = match (d.done_on, d.overdue) {
                    (Some(on), _) => i18n.t_with("cert-deadline-done", &[("date", it_date(on).into())]),
                    (None, true) => i18n.t_with("cert-deadline-late", &[("date", it_date(d.due).into())]),
                    (None, false) => i18n.t_with("cert-deadline-due", &[("date", it_date(d.due).into())]),
                };
                view! { <li><strong>{what}</strong>" — "{when}</li> }
            })
            .collect_view();
        Some(view! {
            <h1>{move || i18n.t("cert-status-title")}</h1>
            <p class="masked-cf" data-testid="citizen-name">{format!("{} · {}", s.name, s.codice_fiscale)}</p>
            <dl class="facts status-facts">
                <dt>{i18n.t("cert-employment")}</dt><dd>{i18n.t(&employment_key)}</dd>
                <dt>{i18n.t("cert-did")}</dt>
                <dd data-testid="did-date">{s.did_date.map(it_date).unwrap_or_else(|| i18n.t("cert-did-none"))}</dd>
                <dt>{i18n.t("cert-pds")}</dt>
                <dd>{s.pds_signed.map(|d| i18n.t_with("cert-pds-signed", &[("date", it_date(d).into())])).unwrap_or_else(|| i18n.t("cert-pds-none"))}</dd>
                <dt>{i18n.t("cert-l68")}</dt>
                <dd>{s.l68_registered.map(|d| i18n.t_with("cert-l68-yes", &[("date", it_date(d).into())])).unwrap_or_else(|| i18n.t("cert-l68-no"))}</dd>
                <dt>{i18n.t("cert-appointment")}</dt>
                <dd>{s.next_appointment.map(|d| i18n.t_with("cert-appointment-on", &[("date", it_date(d).into())])).unwrap_or_else(|| i18n.t("cert-appointment-none"))}</dd>
            </dl>
            <h2>{i18n.t("cert-deadlines")}</h2>
            <ul class="owed">{deadline_rows}</ul>
            <h2>{i18n.t("cert-choose")}</h2>
            <ul class="tiles">
                {s.certificates.iter().map(|&kind| view! {
                    <li><button type="button" class="tile certificate-tile" prop:disabled=move || busy.get()
                        on:click=move |_| issue.run(kind)>{i18n.t(kind_key(kind))}</button></li>
                }).collect_view()}
            </ul>
        })
    }
}

fn verification_link(c: &IssuedCertificate) -> String {
    format!("{}/verifica#{}", browser::origin(), c.qr_text)
}

/// The certificate as printed on A4: Italian, as the law requires, with the QR code.
#[component]
fn CertificateSheet(certificate: IssuedCertificate) -> impl IntoView {
    let c = certificate.certificate.clone();
    let origin = browser::origin();
    let link = verification_link(&certificate);
    view! {
        <article class="certificate-sheet" lang="it" dir="ltr" aria-label=certificate.title.clone()>
            <header>
                <p class="certificate-issuer">"Regione Puglia · " {certificate.cpi_name.clone()}</p>
                <h1>{certificate.title.clone()}</h1>
                <p data-testid="certificate-number">{format!("Certificato n. {} — emesso il {}", certificate.number, certificate.issued_at)}</p>
            </header>
            <p>{format!("Si attesta che {} (codice fiscale {}) risulta:", c.subject.name, c.subject.codice_fiscale)}</p>
            <dl class="facts">
                {c.fields.iter().map(|(label, value)| view! { <dt>{label.clone()}</dt><dd>{value.clone()}</dd> }).collect_view()}
            </dl>
            <p class="legal-notice">{c.legal_notice.clone()}</p>
            <div class="certificate-qr">
                <QrCode text=link label="Codice QR del certificato" />
                <p>{format!("Verifica l'autenticità inquadrando il codice con il telefono, oppure su {origin}/verifica.")}</p>
            </div>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{translate, Lang};

    #[test]
    fn every_certificate_kind_has_its_own_title_in_every_language() {
        for lang in [Lang::It, Lang::En, Lang::Fr, Lang::Ar, Lang::Sq] {
            let titles: std::collections::HashSet<_> =
                CertificateKind::ALL.into_iter().map(|k| translate(lang, kind_key(k), None)).collect();
            assert_eq!(titles.len(), CertificateKind::ALL.len(), "{lang:?}");
        }
    }
}
