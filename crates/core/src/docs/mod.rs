//! The shared documents: one Automerge document per unit of sharing and access. Typed
//! reading and writing of each lives here, through autosurgeon's hydrate/reconcile, so no
//! other code touches raw document paths.
//!
//! Every document carries a `schema` number; readers accept older documents by giving
//! missing fields their defaults.

pub mod agenda;
pub mod board;
pub mod dossier;
pub mod index;
mod label;
mod text;
pub use label::Label;
pub use text::TextField;
pub mod outbox;
pub mod queue;
pub mod vacancies;

use autosurgeon::{hydrate, reconcile, Hydrate, HydrateError, Prop, ReadDoc, Reconcile};
use std::collections::BTreeMap;

/// Reads a typed document. `None` if it has no content yet or does not match the type.
pub fn read<T: Hydrate>(doc: &impl autosurgeon::ReadDoc) -> Result<T, autosurgeon::HydrateError> {
    hydrate(doc)
}

/// Writes a typed value into a transaction, producing the smallest set of operations.
pub fn write<T: Reconcile>(tx: &mut impl autosurgeon::Doc, value: &T) -> Result<(), autosurgeon::ReconcileError> {
    reconcile(tx, value)
}

/// Hydrates a map of entries keyed by text, leaving out each entry that does not read, so
/// one malformed entry written by a buggy or hostile peer does not make the whole document
/// unreadable. A field that is not a map at all reads as empty. Writing the value back drops
/// the unreadable entries. Use with `#[autosurgeon(hydrate = "...", missing = "...")]`.
pub fn readable_entries<D: ReadDoc, V: Hydrate>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: Prop<'_>,
) -> Result<BTreeMap<String, V>, HydrateError> {
    use automerge::{ObjType, Value};
    let Some((Value::Object(ObjType::Map | ObjType::Table), map)) = doc.get(obj, &prop)? else {
        return Ok(BTreeMap::new());
    };
    Ok(doc
        .map_range(&map, ..)
        .filter_map(|item| {
            let key = item.key.to_string();
            V::hydrate(doc, &map, key.as_str().into()).ok().map(|value| (key, value))
        })
        .collect())
}

/// The keys of the map `obj`, in order.
pub(super) fn map_keys(doc: &impl autosurgeon::ReadDoc, obj: &automerge::ObjId) -> Vec<String> {
    doc.map_range(obj, ..).map(|item| item.key.to_string()).collect()
}

/// The object at `key` of the map `obj`, if that is an object.
pub(super) fn child(doc: &impl autosurgeon::ReadDoc, obj: &automerge::ObjId, key: &str) -> Option<automerge::ObjId> {
    match doc.get(obj, &autosurgeon::Prop::from(key)).ok().flatten()? {
        (automerge::Value::Object(_), id) => Some(id),
        _ => None,
    }
}

/// The first of `keys` that is not `allowed`.
pub(super) fn unknown_field(keys: Vec<String>, allowed: &[&str]) -> Option<String> {
    keys.into_iter().find(|k| !allowed.contains(&k.as_str()))
}

/// Whether `after` only added entries to the root map `field` of `before`: every other root
/// field, the map itself (the same object, not a copy: a copy drops what other peers add to
/// the original meanwhile) and every entry already in it are untouched as stored
/// ([`same_tree`]), so nothing slips into them that a typed comparison would not see.
pub fn only_added_to(before: &impl ReadDoc, after: &impl ReadDoc, field: &str) -> bool {
    use automerge::ROOT;
    if !same_map_except(before, &ROOT, after, &ROOT, &[field]) {
        return false;
    }
    let Some(map) = child(before, &ROOT, field) else { return true };
    child(after, &ROOT, field).as_ref() == Some(&map)
        && before.map_range(&map, ..).all(|old| {
            let key = old.key.to_string();
            after.map_range(&map, key.clone()..=key).next().is_some_and(|new| same_entry(before, &old, after, &new))
        })
}

/// Whether the map `a` of `before` and the map `b` of `after` hold the same entries, every
/// nested object the same object with the same content, no conflict added, leaving out the
/// keys in `except`. How a check that compares typed values (which ignore fields they do not
/// know) also sees a field slipped into an entry, or an object replaced by a copy (which
/// would drop what other peers add to the original concurrently).
pub fn same_map_except(
    before: &impl ReadDoc,
    a: &automerge::ObjId,
    after: &impl ReadDoc,
    b: &automerge::ObjId,
    except: &[&str],
) -> bool {
    let kept = |item: &automerge::iter::MapRangeItem<'_>| !except.contains(&item.key.as_ref());
    let left: Vec<_> = before.map_range(a, ..).filter(kept).collect();
    let right: Vec<_> = after.map_range(b, ..).filter(kept).collect();
    left.len() == right.len() && left.iter().zip(&right).all(|(l, r)| l.key == r.key && same_entry(before, l, after, r))
}

/// Whether a map entry of `before` and one of `after` hold the same value, with the same
/// conflict flag.
fn same_entry(
    before: &impl ReadDoc,
    left: &automerge::iter::MapRangeItem<'_>,
    after: &impl ReadDoc,
    right: &automerge::iter::MapRangeItem<'_>,
) -> bool {
    left.conflict == right.conflict && same_value(before, &left.value, left.id(), after, &right.value, right.id())
}

/// [`same_map_except`] for any object, with nothing left out.
pub fn same_tree(before: &impl ReadDoc, a: &automerge::ObjId, after: &impl ReadDoc, b: &automerge::ObjId) -> bool {
    use automerge::ObjType;
    match (before.object_type(a), after.object_type(b)) {
        (Some(ObjType::Map | ObjType::Table), Some(ObjType::Map | ObjType::Table)) => {
            same_map_except(before, a, after, b, &[])
        }
        (Some(ObjType::List), Some(ObjType::List)) => {
            let left: Vec<_> = before.list_range(a, ..).collect();
            let right: Vec<_> = after.list_range(b, ..).collect();
            left.len() == right.len()
                && left.iter().zip(&right).all(|(l, r)| {
                    l.conflict == r.conflict && same_value(before, &l.value, l.id(), after, &r.value, r.id())
                })
        }
        (Some(ObjType::Text), Some(ObjType::Text)) => before.text(a).ok() == after.text(b).ok(),
        _ => false,
    }
}

fn same_value(
    before: &impl ReadDoc,
    left: &automerge::ValueRef<'_>,
    left_id: automerge::ObjId,
    after: &impl ReadDoc,
    right: &automerge::ValueRef<'_>,
    right_id: automerge::ObjId,
) -> bool {
    match (left, right) {
        (automerge::ValueRef::Object(_), automerge::ValueRef::Object(_)) => {
            left_id == right_id && same_tree(before, &left_id, after, &right_id)
        }
        _ => left == right,
    }
}

/// The root `kind` of a document ("dossier", "index"), written as a scalar string by Rust
/// peers or as text by JavaScript ones.
pub fn root_kind(doc: &impl automerge::ReadDoc) -> Option<String> {
    use automerge::{ObjType, Value, ROOT};
    match doc.get(ROOT, "kind").ok().flatten()? {
        (Value::Scalar(s), _) => s.as_str().map(str::to_owned),
        (Value::Object(ObjType::Text), id) => doc.text(&id).ok(),
        _ => None,
    }
}
