//! The records (dossiers, companies) the screens show now. A tablet lets go of the records it
//! does not keep (`sportello_core::employers::visits::to_release`), never of one in use.

use sportello_core::sync::ids::DocumentId;
use std::cell::RefCell;

thread_local! {
    // A multiset: two screens may show one record.
    static SHOWN: RefCell<Vec<DocumentId>> = const { RefCell::new(Vec::new()) };
}

/// Records a screen shows until this is dropped (with the screen, on cleanup).
#[derive(Debug)]
pub struct Shown(Vec<DocumentId>);

impl Drop for Shown {
    fn drop(&mut self) {
        SHOWN.with(|shown| {
            let mut shown = shown.borrow_mut();
            for id in &self.0 {
                if let Some(at) = shown.iter().position(|s| s == id) {
                    shown.swap_remove(at);
                }
            }
        });
    }
}

impl Shown {
    pub fn ids(&self) -> &[DocumentId] {
        &self.0
    }
}

/// Marks `ids` as on screen while the returned value lives.
pub fn show(ids: Vec<DocumentId>) -> Shown {
    SHOWN.with(|shown| shown.borrow_mut().extend(ids.iter().copied()));
    Shown(ids)
}

/// Every record on screen now.
pub fn shown() -> Vec<DocumentId> {
    SHOWN.with(|shown| shown.borrow().clone())
}

/// On a tablet: lets go of every record it holds that is neither in `by`'s visit plan, pinned
/// nor on screen, each once the relay has all its changes (until then it stays, and its
/// changes with it).
pub fn release_unkept(by: &str) {
    let ids = |urls: &[String]| urls.iter().filter_map(|u| DocumentId::parse(u).ok()).collect::<Vec<_>>();
    let (planned, pinned, on_screen) =
        (ids(&super::settings::visit_plan(by).planned), ids(&super::settings::pinned()), shown());
    let held = super::sync::held_records();
    let kept = sportello_core::employers::visits::Kept { planned: &planned, pinned: &pinned, on_screen: &on_screen };
    for &id in sportello_core::employers::visits::to_release(&held, kept) {
        super::sync::forget_delivered(id);
    }
}
