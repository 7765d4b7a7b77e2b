//! `TextField`: a string stored as an Automerge text object, so concurrent edits merge
//! character by character and JavaScript peers (which write strings as text) interoperate.
//! It also reads plain string scalars, which older documents or other writers may hold.

use autosurgeon::{Hydrate, HydrateError, ReadDoc, Reconcile, Reconciler};
use std::fmt;

/// Edit a field by reading the document, calling `set`, and writing it back: the edit is
/// recorded as splices against the text read. A freshly built `TextField` only initialises a
/// field that does not exist yet.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextField(autosurgeon::Text);

impl TextField {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Replaces the content, recording the smallest edit from the value read.
    pub fn set(&mut self, value: &str) {
        if self.as_str() != value {
            self.0.update(value);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

impl fmt::Debug for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for TextField {
    fn from(s: &str) -> Self {
        TextField(autosurgeon::Text::with_value(s))
    }
}

impl From<String> for TextField {
    fn from(s: String) -> Self {
        TextField(autosurgeon::Text::with_value(s))
    }
}

impl PartialEq<&str> for TextField {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Hydrate for TextField {
    fn hydrate_text<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        autosurgeon::Text::hydrate_text(doc, obj).map(TextField)
    }

    fn hydrate_string(s: &'_ str) -> Result<Self, HydrateError> {
        Ok(TextField::from(s))
    }
}

impl Reconcile for TextField {
    type Key<'a> = <autosurgeon::Text as Reconcile>::Key<'a>;

    fn reconcile<R: Reconciler>(&self, reconciler: R) -> Result<(), R::Error> {
        self.0.reconcile(reconciler)
    }

    fn hydrate_key<'a, D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: autosurgeon::Prop<'_>,
    ) -> Result<autosurgeon::reconcile::LoadKey<Self::Key<'a>>, autosurgeon::ReconcileError> {
        <autosurgeon::Text as Reconcile>::hydrate_key(doc, obj, prop)
    }

    fn key(&self) -> autosurgeon::reconcile::LoadKey<Self::Key<'_>> {
        self.0.key()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{transaction::Transactable, AutoCommit, ROOT};
    use autosurgeon::{hydrate_prop, reconcile_prop};

    #[test]
    fn concurrent_edits_of_one_field_merge_by_character() {
        let mut a = AutoCommit::new();
        reconcile_prop(&mut a, ROOT, "t", TextField::from("Chiuso lunedì")).unwrap();
        let mut b = a.fork();
        let mut on_a: TextField = hydrate_prop(&a, ROOT, "t").unwrap();
        on_a.set("Chiuso lunedì 2");
        reconcile_prop(&mut a, ROOT, "t", &on_a).unwrap();
        let mut on_b: TextField = hydrate_prop(&b, ROOT, "t").unwrap();
        on_b.set("CPI chiuso lunedì");
        reconcile_prop(&mut b, ROOT, "t", &on_b).unwrap();
        a.merge(&mut b).unwrap();
        let merged: TextField = hydrate_prop(&a, ROOT, "t").unwrap();
        assert_eq!(merged.as_str(), "CPI chiuso lunedì 2");
    }

    #[test]
    fn reads_a_plain_string_scalar() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "t", "scalare").unwrap();
        let t: TextField = hydrate_prop(&doc, ROOT, "t").unwrap();
        assert_eq!(t, "scalare");
    }
}
