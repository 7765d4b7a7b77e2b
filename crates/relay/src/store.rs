//! Durable storage behind a trait: SQLite in the data directory by default, memory in tests.
//!
//! A document is stored as a list of chunks (a snapshot followed by incremental saves) that
//! concatenate into something `Automerge::load` reads. Every write is a committed
//! transaction before the call returns.

use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::access::AccessClass;
use sportello_core::sync::ids::DocumentId;
use std::collections::HashMap;

#[derive(Debug)]
pub enum StoreError {
    /// The database failed (its own error, as text and source): callers never match on a
    /// particular backend's errors.
    Backend(Box<dyn std::error::Error + Send + Sync>),
    Corrupt(String),
    Exists,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Backend(e) => write!(f, "database: {e}"),
            StoreError::Corrupt(e) => write!(f, "corrupt document: {e}"),
            StoreError::Exists => f.write_str("document already exists"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Backend(Box::new(e))
    }
}

pub trait DocStore: Send {
    /// The document's chunks concatenated, and how many chunks there are.
    fn load(&mut self, id: &DocumentId) -> Result<(Vec<u8>, usize), StoreError>;
    fn append(&mut self, id: &DocumentId, chunk: &[u8]) -> Result<(), StoreError>;
    /// Replaces every chunk of the document with one snapshot.
    fn compact(&mut self, id: &DocumentId, snapshot: &[u8]) -> Result<(), StoreError>;
    fn class(&mut self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError>;
    /// Registers a new document; an error if the id is registered already.
    fn register(&mut self, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError>;
    /// The outboxes of the CPI's totems (documents the totems created), oldest first.
    fn outboxes(&mut self, cpi: &str) -> Result<Vec<DocumentId>, StoreError>;
    /// Registers and stores many new documents at once (seeding): one transaction where the
    /// backend has them.
    fn create_many(&mut self, docs: &[(DocumentId, AccessClass, Vec<u8>)]) -> Result<(), StoreError> {
        for (id, class, snapshot) in docs {
            self.register(id, class)?;
            self.compact(id, snapshot)?;
        }
        Ok(())
    }
}

pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        Ok(Self { conn: db.connect()? })
    }
}

impl DocStore for SqliteStore {
    fn load(&mut self, id: &DocumentId) -> Result<(Vec<u8>, usize), StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT bytes FROM chunks WHERE doc = ?1 ORDER BY seq")?;
        let mut rows = stmt.query(params![id.to_string()])?;
        let (mut bytes, mut count) = (Vec::new(), 0);
        while let Some(row) = rows.next()? {
            bytes.extend_from_slice(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
            count += 1;
        }
        Ok((bytes, count))
    }

    fn append(&mut self, id: &DocumentId, chunk: &[u8]) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO chunks (doc, seq, bytes)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM chunks WHERE doc = ?1), ?2)",
            params![id.to_string(), chunk],
        )?;
        Ok(())
    }

    fn compact(&mut self, id: &DocumentId, snapshot: &[u8]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM chunks WHERE doc = ?1", params![id.to_string()])?;
        tx.execute("INSERT INTO chunks (doc, seq, bytes) VALUES (?1, 1, ?2)", params![id.to_string(), snapshot])?;
        tx.commit()?;
        Ok(())
    }

    fn class(&mut self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT class FROM documents WHERE id = ?1")?
            .query_row(params![id.to_string()], |r| r.get(0))
            .optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
    }

    fn register(&mut self, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError> {
        let json = serde_json::to_string(class).expect("access classes serialise");
        self.conn.execute(
            "INSERT INTO documents (id, class, cpi) VALUES (?1, ?2, ?3)",
            params![id.to_string(), json, class.cpi()],
        )?;
        Ok(())
    }

    fn outboxes(&mut self, cpi: &str) -> Result<Vec<DocumentId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM documents WHERE cpi = ?1 AND json_extract(class, '$.class') = 'outbox' ORDER BY created_at",
        )?;
        let ids = stmt.query_map(params![cpi], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        ids.iter().map(|d| DocumentId::parse(d).map_err(|e| StoreError::Corrupt(e.to_string()))).collect()
    }

    fn create_many(&mut self, docs: &[(DocumentId, AccessClass, Vec<u8>)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for (id, class, snapshot) in docs {
            let json = serde_json::to_string(class).expect("access classes serialise");
            tx.execute(
                "INSERT INTO documents (id, class, cpi) VALUES (?1, ?2, ?3)",
                params![id.to_string(), json, class.cpi()],
            )?;
            tx.execute("INSERT INTO chunks (doc, seq, bytes) VALUES (?1, 1, ?2)", params![id.to_string(), snapshot])?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Storage in memory, for unit and property tests of the hub.
#[derive(Default)]
pub struct MemoryStore {
    chunks: HashMap<DocumentId, Vec<Vec<u8>>>,
    classes: HashMap<DocumentId, AccessClass>,
    /// Ids in the order they were registered (outboxes are listed oldest first).
    registered: Vec<DocumentId>,
}

impl DocStore for MemoryStore {
    fn load(&mut self, id: &DocumentId) -> Result<(Vec<u8>, usize), StoreError> {
        let chunks = self.chunks.get(id).map(Vec::as_slice).unwrap_or_default();
        Ok((chunks.concat(), chunks.len()))
    }

    fn append(&mut self, id: &DocumentId, chunk: &[u8]) -> Result<(), StoreError> {
        self.chunks.entry(*id).or_default().push(chunk.to_vec());
        Ok(())
    }

    fn compact(&mut self, id: &DocumentId, snapshot: &[u8]) -> Result<(), StoreError> {
        self.chunks.insert(*id, vec![snapshot.to_vec()]);
        Ok(())
    }

    fn class(&mut self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError> {
        Ok(self.classes.get(id).cloned())
    }

    fn register(&mut self, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError> {
        if self.classes.contains_key(id) {
            return Err(StoreError::Exists);
        }
        self.classes.insert(*id, class.clone());
        self.registered.push(*id);
        Ok(())
    }

    fn outboxes(&mut self, cpi: &str) -> Result<Vec<DocumentId>, StoreError> {
        let is_outbox =
            |id: &&DocumentId| matches!(self.classes.get(*id), Some(AccessClass::Outbox { cpi: of, .. }) if of == cpi);
        Ok(self.registered.iter().filter(is_outbox).copied().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What every backend must do; run against each below.
    fn conformance(mut store: Box<dyn DocStore>) {
        let id = |n: u8| DocumentId::from_random([n; 16]);
        let outbox = |cpi: &str| AccessClass::Outbox { cpi: cpi.into(), device: "totem-1".into() };
        store.register(&id(1), &outbox("bari")).unwrap();
        store.register(&id(2), &AccessClass::Private { cpi: "bari".into() }).unwrap();
        store.register(&id(3), &outbox("lecce")).unwrap();
        store.register(&id(4), &outbox("bari")).unwrap();
        assert!(store.register(&id(1), &outbox("lecce")).is_err(), "an id is registered once");
        assert_eq!(store.class(&id(1)).unwrap(), Some(outbox("bari")), "the first class stays");
        assert_eq!(store.class(&id(9)).unwrap(), None);
        assert_eq!(store.outboxes("bari").unwrap(), [id(1), id(4)], "the CPI's outboxes, oldest first");
        store.append(&id(2), b"ab").unwrap();
        store.append(&id(2), b"cd").unwrap();
        assert_eq!(store.load(&id(2)).unwrap(), (b"abcd".to_vec(), 2));
        store.compact(&id(2), b"xyz").unwrap();
        assert_eq!(store.load(&id(2)).unwrap(), (b"xyz".to_vec(), 1), "a snapshot replaces the chunks");
        assert_eq!(store.load(&id(9)).unwrap(), (Vec::new(), 0));
    }

    crate::db::conformance_tests!(conformance, MemoryStore::default(), SqliteStore::open);
}
