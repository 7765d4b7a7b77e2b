//! Queue tickets ("taglia code") for citizens: taking a ticket at the totem, rating the
//! service afterwards, following one's turn from a phone, and the waiting room's display
//! board. The rules are `sportello_core::queue`; the day's tickets live in the CPI's queue
//! document for that day, which every device of the CPI syncs.

mod display_board;
mod phone;
mod survey;
mod ticket;

pub use display_board::DisplayBoardPage;
pub use phone::TicketStatusPage;
pub use survey::SurveyPage;
pub use ticket::TicketPage;

use crate::i18n::I18n;
use sportello_core::queue::Priority;

fn priority_key(p: Priority) -> &'static str {
    match p {
        Priority::Normal => "ticket-priority-normal",
        Priority::Disability => "ticket-priority-disability",
        Priority::Pregnancy => "ticket-priority-pregnancy",
    }
}

/// The citizen's wait, said plainly: people ahead and minutes, or why there is no estimate.
fn wait_text(i18n: I18n, ahead: usize, wait: Option<u32>) -> String {
    match wait {
        None => i18n.t_with("ticket-wait-unknown", &[("ahead", ahead.into())]),
        Some(_) if ahead == 0 => i18n.t("ticket-next"),
        Some(minutes) => i18n.t_with("ticket-wait", &[("ahead", ahead.into()), ("minutes", minutes.into())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{translate, Lang};

    #[test]
    fn every_priority_has_its_own_italian_text() {
        let texts: std::collections::HashSet<_> = [Priority::Normal, Priority::Disability, Priority::Pregnancy]
            .into_iter()
            .map(|p| translate(Lang::It, priority_key(p), None))
            .collect();
        assert_eq!(texts.len(), 3);
        assert!(texts.iter().all(|t| !t.is_empty()));
    }
}
