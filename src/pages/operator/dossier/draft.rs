//! A section's form as a reactive store that follows the dossier: a field the operator has
//! changed keeps what they typed when another desk's change arrives, every other field takes
//! the document's newer value. Saving goes through `SyncHandle::update` (see `super::save`).

use leptos::prelude::*;
use reactive_stores::{Patch, PatchField, Store};
use sportello_core::docs::dossier::{Fact, Facts};

/// A form's value that follows the document part by part.
pub(in crate::pages::operator) trait Rebase: Clone + PartialEq {
    /// Takes `theirs` (the document now) for each part of `self` (the form) that still equals
    /// `base` (what the form last took from the document), and keeps the parts the operator
    /// changed.
    fn rebase(&mut self, base: &Self, theirs: &Self);
}

/// One field: what the operator typed wins over a remote change; an untouched field follows.
pub(in crate::pages::operator) fn follow<T: PartialEq + Clone>(mine: &mut T, base: &T, theirs: &T) {
    if mine == base {
        *mine = theirs.clone();
    }
}

/// Implements [`Rebase`] for a form struct whose named fields each follow on their own.
macro_rules! rebase_fields {
    ($form:ty { $($field:ident),+ $(,)? }) => {
        impl $crate::pages::operator::dossier::draft::Rebase for $form {
            fn rebase(&mut self, base: &Self, theirs: &Self) {
                $($crate::pages::operator::dossier::draft::Rebase::rebase(&mut self.$field, &base.$field, &theirs.$field);)+
            }
        }
    };
}
pub(in crate::pages::operator) use rebase_fields;

impl Rebase for String {
    fn rebase(&mut self, base: &Self, theirs: &Self) {
        follow(self, base, theirs);
    }
}

/// Each fact is its own question: an answer the operator gave here wins, an untouched one
/// follows the other desk's answer.
impl Rebase for Facts {
    fn rebase(&mut self, base: &Self, theirs: &Self) {
        for fact in Fact::ALL {
            if let (true, Some(answer)) = (self.get(fact) == base.get(fact), theirs.get(fact)) {
                self.set(fact, answer);
            }
        }
    }
}

/// A section's form (`form`, bound to its inputs) and what it last took from the document.
pub(in crate::pages::operator) struct Draft<T: Send + Sync + 'static> {
    pub form: Store<T>,
    base: RwSignal<T>,
}

impl<T: Send + Sync + 'static> Clone for Draft<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Draft<T> {}

impl<T> Draft<T>
where
    T: Rebase + PatchField + Send + Sync + 'static,
{
    /// A form holding `theirs` (this section's part of the document) and following it. The
    /// store is patched, so only the inputs whose value changed are updated.
    pub fn following(theirs: Memo<T>) -> Self {
        let first = theirs.get_untracked();
        let draft = Draft { form: Store::new(first.clone()), base: RwSignal::new(first) };
        Effect::new(move |_| {
            let theirs = theirs.get();
            let mut mine = draft.form.get_untracked();
            draft.base.with_untracked(|base| mine.rebase(base, &theirs));
            draft.form.patch(mine);
            draft.base.set(theirs);
        });
        draft
    }

    /// Whether the form holds something the document does not (what "save" would write).
    pub fn edited(&self) -> bool {
        self.form.with(|form| self.base.with(|base| form != base))
    }

    pub fn value(&self) -> T {
        self.form.get_untracked()
    }

    /// After a save: the form shows what was written (trimmed, normalised), which is what the
    /// document now holds, so it is no longer edited.
    pub fn written(&self, value: T) {
        self.form.patch(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Form {
        phone: String,
        email: String,
    }
    rebase_fields!(Form { phone, email });

    fn form(phone: &str, email: &str) -> Form {
        Form { phone: phone.into(), email: email.into() }
    }

    /// A field being edited keeps the operator's text; a field holding the document's value
    /// (untouched, or typed back to it) takes the new one.
    #[test]
    fn edited_fields_stay_and_the_others_follow_the_document() {
        let base = form("080 1", "a@example.it");
        let cases = [
            (form("080 2", "a@example.it"), form("080 3", "b@example.it"), form("080 2", "b@example.it")),
            (form("080 1", "a@example.it"), form("", "b@example.it"), form("", "b@example.it")),
        ];
        for (mut mine, theirs, expected) in cases {
            mine.rebase(&base, &theirs);
            assert_eq!(mine, expected);
        }
    }

    #[test]
    fn facts_follow_one_by_one() {
        let base = Facts::default();
        let mut mine = Facts::default();
        mine.set(Fact::Degree, true);
        let mut theirs = Facts::default();
        theirs.set(Fact::IncomeSupport, true);
        theirs.set(Fact::Degree, false);
        theirs.set(Fact::NationalMinority, false);
        mine.rebase(&base, &theirs);
        assert_eq!(mine.get(Fact::Degree), Some(true), "the operator's answer stays");
        assert_eq!(mine.get(Fact::IncomeSupport), Some(true), "the other desk's answer arrives");
        assert_eq!(mine.get(Fact::NationalMinority), Some(false), "a 'no' arrives too");
        assert_eq!(mine.get(Fact::LivesAloneWithDependants), None, "unasked by both stays unasked");
    }
}
