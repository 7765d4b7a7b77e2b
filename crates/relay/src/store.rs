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
    fn register(&mut self, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError>;
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
        Ok(())
    }
}
