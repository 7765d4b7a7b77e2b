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
