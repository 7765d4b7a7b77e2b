//! Reusable pieces of UI.

pub mod board;
pub mod citizen;
pub mod digit_pad;
pub mod enroll;
pub mod field;
pub mod keyboard;
pub mod signature_pad;
mod sync_badge;

pub use sync_badge::SyncBadge;

use crate::i18n::I18n;
use leptos::prelude::*;
use sportello_core::catalogue::{catalogue, Audience, DurationGroup, Service};

/// Standard duration per target group, as the Masterplan sets it (seed section 5).
#[component]
pub fn DurationTable(service: &'static Service) -> impl IntoView {
    let i18n = I18n::get();
    let groups: &[DurationGroup] = match service.audience {
        Audience::Citizens => {
            &[DurationGroup::T1, DurationGroup::T2, DurationGroup::T3, DurationGroup::T4, DurationGroup::T5]
        }
        Audience::Employers => &[DurationGroup::Employers],
    };
    view! {
        <table class="durations">
            <caption class="visually-hidden">
                {move || i18n.t_with("duration-caption", &[("code", service.code.to_string().into())])}
            </caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t("duration-recipients")}</th>
                    <th scope="col">{move || i18n.t("duration-length")}</th>
                </tr>
            </thead>
            <tbody>
                {groups
                    .iter()
                    .map(|&group| {
                        let minutes = service.duration_for(group);
                        view! {
                            <tr data-group=group.code()>
                                <th scope="row">
                                    <span class="group-code">{group.code()}</span>
                                    " "
                                    <span class="group-label">
                                        {move || catalogue().group_label(group, i18n.code()).to_string()}
                                    </span>
                                </th>
                                <td>
                                    {move || match minutes {
                                        Some(m) => i18n.t_with("duration-minutes", &[("minutes", m.into())]),
                                        None => i18n.t("duration-none"),
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {move || {
            catalogue()
                .localized(service.code.as_str(), i18n.code())
                .and_then(|l| l.duration_note)
                .map(|note| view! { <p class="note">{note.to_string()}</p> })
        }}
    }
}

#[component]
pub fn LegalRefs(service: &'static Service) -> impl IntoView {
    view! {
        <ul class="legal-refs">
            {service.legal_refs.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}
        </ul>
    }
}
