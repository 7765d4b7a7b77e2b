//! `Label`: a short string (an id, a kind, a date) written as a plain string scalar, so it
//! can key list items. It also reads text objects, which JavaScript peers write for every
//! string.

use automerge::{ObjType, ScalarValue, Value};
use autosurgeon::reconcile::LoadKey;
use autosurgeon::{Hydrate, HydrateError, ReadDoc, Reconcile, Reconciler};
use std::borrow::Cow;
use std::fmt;

#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Label(pub String);

impl Label {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Label {
    fn from(s: &str) -> Self {
        Label(s.to_owned())
    }
}

impl From<String> for Label {
    fn from(s: String) -> Self {
        Label(s)
    }
}

impl PartialEq<str> for Label {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Label {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl Hydrate for Label {
    fn hydrate_string(s: &'_ str) -> Result<Self, HydrateError> {
        Ok(Label(s.to_owned()))
    }

    fn hydrate_text<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        Ok(Label(doc.text(obj)?))
    }
}

impl Reconcile for Label {
    type Key<'a> = Cow<'a, str>;

    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.str(&self.0)
    }

    fn key(&self) -> LoadKey<Self::Key<'_>> {
        LoadKey::Found(Cow::Borrowed(&self.0))
    }

    fn hydrate_key<'a, D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: autosurgeon::Prop<'_>,
    ) -> Result<LoadKey<Self::Key<'a>>, autosurgeon::ReconcileError> {
        Ok(match doc.get(obj, &prop)? {
            Some((Value::Scalar(s), _)) => match s.as_ref() {
                ScalarValue::Str(s) => LoadKey::Found(Cow::Owned(s.to_string())),
                _ => LoadKey::KeyNotFound,
            },
            Some((Value::Object(ObjType::Text), id)) => LoadKey::Found(Cow::Owned(doc.text(&id)?)),
            _ => LoadKey::KeyNotFound,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{transaction::Transactable, AutoCommit, ROOT};
    use autosurgeon::hydrate_prop;

    #[test]
    fn reads_text_written_by_javascript_peers() {
        let mut doc = AutoCommit::new();
        let text = doc.put_object(ROOT, "id", ObjType::Text).unwrap();
        doc.splice_text(&text, 0, 0, "js-1").unwrap();
        let id: Label = hydrate_prop(&doc, ROOT, "id").unwrap();
        assert_eq!(id, "js-1");
    }
}
