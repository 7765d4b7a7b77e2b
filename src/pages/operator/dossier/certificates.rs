//! Certificates issued from the dossier and their revocation.

use crate::io::api;
use crate::io::browser;
use crate::pages::operator::{Desk, Section};
use leptos::prelude::*;
use sportello_core::calendar::italian_moment;
use sportello_core::docs::dossier::Dossier;

/// Certificates issued from the dossier (recorded by the relay) and their revocation.
#[component]
pub(super) fn CertificatesSection(dossier: Memo<Dossier>) -> impl IntoView {
    let desk = Desk::get();
    let revocation = Action::new_local(move |number: &String| {
        let (token, number) = (desk.token.clone(), number.clone());
        async move { api::revoke_certificate(&token, &number).await }
    });
    let error = move || revocation.value().get().and_then(Result::err);
    let revoke = move |number: String| {
        let question = format!("Revocare il certificato {number}? Chi lo verifica lo vedrà come revocato.");
        if browser::confirm(&question) {
            revocation.dispatch(number);
        }
    };
    view! {
        <Section title="Certificati emessi" id="certificati">
            {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || dossier.with(|d| d.certificates.is_empty()).then(|| view! { <p class="empty">"Nessun certificato emesso."</p> })}
            <ul class="certificates">
                {move || dossier.get().certificates.into_iter().map(|c| {
                    let title = sportello_core::certificate::CertificateKind::from_code(&c.kind).map(|k| k.title_it()).unwrap_or("Certificato");
                    let number = c.number.to_string();
                    let to_revoke = number.clone();
                    let shown = number.clone();
                    view! {
                        <li class="certificate-row" data-number=number>
                            <strong>{shown}</strong>" · "{title}" · "{italian_moment(&c.issued_at)}" · "{c.issued_by.to_string()}
                            {if c.revoked_at.is_empty() {
                                view! { <button type="button" class="button secondary" on:click=move |_| revoke(to_revoke.clone())>"Revoca"</button> }.into_any()
                            } else {
                                view! { <span class="deadline overdue">{format!("Revocato il {}", italian_moment(&c.revoked_at))}</span> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Section>
    }
}
