//! Reusable pieces of UI.

pub mod board;
mod sync_badge;

pub use sync_badge::SyncBadge;

use leptos::prelude::*;
use sportello_core::catalogue::{Audience, DurationGroup, Service};

/// Standard duration per target group, as the Masterplan sets it (seed section 5).
#[component]
pub fn DurationTable(service: &'static Service) -> impl IntoView {
    let groups: &[DurationGroup] = match service.audience {
        Audience::Citizens => {
            &[DurationGroup::T1, DurationGroup::T2, DurationGroup::T3, DurationGroup::T4, DurationGroup::T5]
        }
        Audience::Employers => &[DurationGroup::Employers],
    };
    view! {
        <table class="durations">
            <caption class="visually-hidden">{format!("Durata standard del servizio {}", service.code)}</caption>
            <thead>
                <tr>
                    <th scope="col">"Destinatari"</th>
                    <th scope="col">"Durata"</th>
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
                                    <span class="group-label">{group.label_it()}</span>
                                </th>
                                <td>
                                    {match minutes {
                                        Some(m) => format!("{m} minuti"),
                                        None => "Non prevista".to_string(),
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {service.duration_note.clone().map(|note| view! { <p class="note">{note}</p> })}
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
