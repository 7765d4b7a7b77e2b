//! The shared documents: one Automerge document per unit of sharing and access. Typed
//! reading and writing of each lives here, through autosurgeon's hydrate/reconcile, so no
//! other code touches raw document paths.
//!
//! Every document carries a `schema` number; readers accept older documents by giving
//! missing fields their defaults.

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

use autosurgeon::{hydrate, reconcile, Hydrate, Reconcile};

/// Reads a typed document. `None` if it has no content yet or does not match the type.
pub fn read<T: Hydrate>(doc: &impl autosurgeon::ReadDoc) -> Result<T, autosurgeon::HydrateError> {
    hydrate(doc)
}

/// Writes a typed value into a transaction, producing the smallest set of operations.
pub fn write<T: Reconcile>(tx: &mut impl autosurgeon::Doc, value: &T) -> Result<(), autosurgeon::ReconcileError> {
    reconcile(tx, value)
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
