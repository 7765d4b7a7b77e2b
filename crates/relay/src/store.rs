//! Durable storage behind a trait: SQLite in the data directory by default, memory in tests.
//!
//! A document is stored as a list of chunks (a snapshot followed by incremental saves) that
//! concatenate into something `Automerge::load` reads. Every write is a committed
//! transaction before the call returns.
//!
//! The store is shared by every CPI's hub and called from many threads at once (`&self`):
//! the SQLite backend keeps a small pool of connections, so one CPI's long write never holds
//! up another CPI's read (SQLite itself serialises the writers, WAL lets readers through).

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

/// A document's chunks as stored, in order: their bytes end to end (what `Automerge::load`
/// reads) and where each one ends, so a chunk that does not load can be told apart
/// (`crate::hub::Stored::decode`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Chunks {
    pub bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Chunks {
    pub fn push(&mut self, chunk: &[u8]) {
        self.bytes.extend_from_slice(chunk);
        self.ends.push(self.bytes.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each chunk's bytes, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).map(|(start, end)| &self.bytes[start..end])
    }
}

impl<'a> FromIterator<&'a [u8]> for Chunks {
    fn from_iter<I: IntoIterator<Item = &'a [u8]>>(chunks: I) -> Self {
        let mut all = Chunks::default();
        chunks.into_iter().for_each(|chunk| all.push(chunk));
        all
    }
}

pub trait DocStore: Send + Sync {
    /// The document's chunks, in the order they were written (none if it has none).
    fn load(&self, id: &DocumentId) -> Result<Chunks, StoreError>;
    fn append(&self, id: &DocumentId, chunk: &[u8]) -> Result<(), StoreError>;
    /// Replaces every chunk of the document with one snapshot.
    fn compact(&self, id: &DocumentId, snapshot: &[u8]) -> Result<(), StoreError>;
    /// Replaces the chunks of a document some chunk of which did not load with a snapshot of
    /// what did, keeping every chunk it had (`replaced`, in order) aside at `at_ms`, all in one
    /// transaction: a repair throws nothing away ([`DocStore::quarantined`]).
    fn repair(&self, id: &DocumentId, snapshot: &[u8], replaced: &[Vec<u8>], at_ms: u64) -> Result<(), StoreError>;
    /// The chunks repairs of `id` kept aside, oldest first (for an administrator to recover).
    fn quarantined(&self, id: &DocumentId) -> Result<Vec<Vec<u8>>, StoreError>;
    fn class(&self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError>;
    /// Registers a new document; an error if the id is registered already.
    fn register(&self, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError>;
    /// The outboxes of the CPI's totems (documents the totems created), oldest first.
    fn outboxes(&self, cpi: &str) -> Result<Vec<DocumentId>, StoreError>;
    /// Registers and stores many new documents at once (seeding): one transaction where the
    /// backend has them.
    fn create_many(&self, docs: &[(DocumentId, AccessClass, Vec<u8>)]) -> Result<(), StoreError> {
        for (id, class, snapshot) in docs {
            self.register(id, class)?;
            self.compact(id, snapshot)?;
        }
        Ok(())
    }
    /// Applies `writes` in order as one transaction, all or none, so that many changes cost
    /// one sync to disk (group commit). `None`: the backend has no such transaction, and the
    /// caller applies each write on its own ([`Write::apply`]).
    fn apply_atomically(&self, _writes: &[&Write]) -> Option<Result<(), StoreError>> {
        None
    }
}

/// A write the hub asks for, returned as data ([`crate::hub::Out::Store`]) and executed by
/// the CPI's storage thread in the order the hub produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    Register {
        doc: DocumentId,
        class: AccessClass,
    },
    Append {
        doc: DocumentId,
        chunk: Vec<u8>,
    },
    Compact {
        doc: DocumentId,
        snapshot: Vec<u8>,
    },
    CreateMany(Vec<(DocumentId, AccessClass, Vec<u8>)>),
    /// [`DocStore::repair`].
    Repair {
        doc: DocumentId,
        snapshot: Vec<u8>,
        replaced: Vec<Vec<u8>>,
        at_ms: u64,
    },
}

impl Write {
    pub fn apply(&self, store: &dyn DocStore) -> Result<(), StoreError> {
        match self {
            Write::Register { doc, class } => store.register(doc, class),
            Write::Append { doc, chunk } => store.append(doc, chunk),
            Write::Compact { doc, snapshot } => store.compact(doc, snapshot),
            Write::CreateMany(docs) => store.create_many(docs),
            Write::Repair { doc, snapshot, replaced, at_ms } => store.repair(doc, snapshot, replaced, *at_ms),
        }
    }
}

/// Connections kept for reuse; more are opened when every one is busy.
const POOLED_CONNECTIONS: usize = 4;

pub struct SqliteStore {
    db: crate::db::Db,
    pool: std::sync::Mutex<Vec<Connection>>,
}

impl SqliteStore {
    pub fn open(db: &crate::db::Db) -> Result<Self, StoreError> {
        let first = db.connect()?;
        Ok(Self { db: db.clone(), pool: std::sync::Mutex::new(vec![first]) })
    }

    /// Runs `f` on a connection of its own (the pool's lock is held only to take and return it).
    fn with_conn<R>(&self, f: impl FnOnce(&mut Connection) -> Result<R, StoreError>) -> Result<R, StoreError> {
        let taken = self.pool.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut conn = match taken {
            Some(conn) => conn,
            None => self.db.connect()?,
        };
        let result = f(&mut conn);
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < POOLED_CONNECTIONS {
            pool.push(conn);
        }
        result
    }
}

/// The SQLite statements of each write, on a connection or inside a transaction.
fn sql_append(conn: &Connection, id: &DocumentId, chunk: &[u8]) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO chunks (doc, seq, bytes)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM chunks WHERE doc = ?1), ?2)",
    )?
    .execute(params![id.to_string(), chunk])?;
    Ok(())
}

fn sql_compact(conn: &Connection, id: &DocumentId, snapshot: &[u8]) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM chunks WHERE doc = ?1")?.execute(params![id.to_string()])?;
    conn.prepare_cached("INSERT INTO chunks (doc, seq, bytes) VALUES (?1, 1, ?2)")?
        .execute(params![id.to_string(), snapshot])?;
    Ok(())
}

fn sql_repair(
    conn: &Connection,
    id: &DocumentId,
    snapshot: &[u8],
    replaced: &[Vec<u8>],
    at_ms: u64,
) -> Result<(), StoreError> {
    let mut keep = conn.prepare_cached(
        "INSERT INTO quarantined_chunks (doc, seq, bytes, quarantined_at)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM quarantined_chunks WHERE doc = ?1), ?2, ?3)",
    )?;
    for chunk in replaced {
        keep.execute(params![id.to_string(), chunk, at_ms as i64])?;
    }
    sql_compact(conn, id, snapshot)
}

fn sql_register(conn: &Connection, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError> {
    let json = serde_json::to_string(class).expect("access classes serialise");
    conn.prepare_cached("INSERT INTO documents (id, class, cpi) VALUES (?1, ?2, ?3)")?.execute(params![
        id.to_string(),
        json,
        class.cpi()
    ])?;
    Ok(())
}

fn sql_create_many(conn: &Connection, docs: &[(DocumentId, AccessClass, Vec<u8>)]) -> Result<(), StoreError> {
    for (id, class, snapshot) in docs {
        sql_register(conn, id, class)?;
        conn.prepare_cached("INSERT INTO chunks (doc, seq, bytes) VALUES (?1, 1, ?2)")?
            .execute(params![id.to_string(), snapshot])?;
    }
    Ok(())
}

fn sql_write(conn: &Connection, write: &Write) -> Result<(), StoreError> {
    match write {
        Write::Register { doc, class } => sql_register(conn, doc, class),
        Write::Append { doc, chunk } => sql_append(conn, doc, chunk),
        Write::Compact { doc, snapshot } => sql_compact(conn, doc, snapshot),
        Write::CreateMany(docs) => sql_create_many(conn, docs),
        Write::Repair { doc, snapshot, replaced, at_ms } => sql_repair(conn, doc, snapshot, replaced, *at_ms),
    }
}

impl DocStore for SqliteStore {
    fn load(&self, id: &DocumentId) -> Result<Chunks, StoreError> {
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached("SELECT bytes FROM chunks WHERE doc = ?1 ORDER BY seq")?;
            let mut rows = stmt.query(params![id.to_string()])?;
            let mut chunks = Chunks::default();
            while let Some(row) = rows.next()? {
                chunks.push(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
            }
            Ok(chunks)
        })
    }

    fn append(&self, id: &DocumentId, chunk: &[u8]) -> Result<(), StoreError> {
        self.with_conn(|conn| sql_append(conn, id, chunk))
    }

    fn compact(&self, id: &DocumentId, snapshot: &[u8]) -> Result<(), StoreError> {
        self.with_conn(|conn| {
            let tx = conn.transaction()?;
            sql_compact(&tx, id, snapshot)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn repair(&self, id: &DocumentId, snapshot: &[u8], replaced: &[Vec<u8>], at_ms: u64) -> Result<(), StoreError> {
        self.with_conn(|conn| {
            let tx = conn.transaction()?;
            sql_repair(&tx, id, snapshot, replaced, at_ms)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn quarantined(&self, id: &DocumentId) -> Result<Vec<Vec<u8>>, StoreError> {
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached("SELECT bytes FROM quarantined_chunks WHERE doc = ?1 ORDER BY seq")?;
            let chunks =
                stmt.query_map(params![id.to_string()], |r| r.get::<_, Vec<u8>>(0))?.collect::<Result<_, _>>()?;
            Ok(chunks)
        })
    }

    fn class(&self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError> {
        let json: Option<String> = self.with_conn(|conn| {
            Ok(conn
                .prepare_cached("SELECT class FROM documents WHERE id = ?1")?
                .query_row(params![id.to_string()], |r| r.get(0))
                .optional()?)
        })?;
        json.map(|j| serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
    }

    fn register(&self, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError> {
        self.with_conn(|conn| sql_register(conn, id, class))
    }

    fn outboxes(&self, cpi: &str) -> Result<Vec<DocumentId>, StoreError> {
        let ids = self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM documents WHERE cpi = ?1 AND json_extract(class, '$.class') = 'outbox' ORDER BY created_at",
            )?;
            let ids = stmt.query_map(params![cpi], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
            Ok(ids)
        })?;
        ids.iter().map(|d| DocumentId::parse(d).map_err(|e| StoreError::Corrupt(e.to_string()))).collect()
    }

    fn create_many(&self, docs: &[(DocumentId, AccessClass, Vec<u8>)]) -> Result<(), StoreError> {
        self.with_conn(|conn| {
            let tx = conn.transaction()?;
            sql_create_many(&tx, docs)?;
            tx.commit()?;
            Ok(())
        })
    }

    fn apply_atomically(&self, writes: &[&Write]) -> Option<Result<(), StoreError>> {
        Some(self.with_conn(|conn| {
            // Dropped without commit on any error: none of the writes stays.
            let tx = conn.transaction()?;
            for write in writes {
                sql_write(&tx, write)?;
            }
            tx.commit()?;
            Ok(())
        }))
    }
}

/// Storage in memory, for unit and property tests of the hub.
#[derive(Default)]
pub struct MemoryStore(std::sync::Mutex<Memory>);

#[derive(Default)]
struct Memory {
    chunks: HashMap<DocumentId, Vec<Vec<u8>>>,
    classes: HashMap<DocumentId, AccessClass>,
    /// Ids in the order they were registered (outboxes are listed oldest first).
    registered: Vec<DocumentId>,
    quarantined: HashMap<DocumentId, Vec<Vec<u8>>>,
}

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Memory> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl DocStore for MemoryStore {
    fn load(&self, id: &DocumentId) -> Result<Chunks, StoreError> {
        let memory = self.lock();
        let chunks = memory.chunks.get(id).map(Vec::as_slice).unwrap_or_default();
        Ok(chunks.iter().map(Vec::as_slice).collect())
    }

    fn append(&self, id: &DocumentId, chunk: &[u8]) -> Result<(), StoreError> {
        self.lock().chunks.entry(*id).or_default().push(chunk.to_vec());
        Ok(())
    }

    fn compact(&self, id: &DocumentId, snapshot: &[u8]) -> Result<(), StoreError> {
        self.lock().chunks.insert(*id, vec![snapshot.to_vec()]);
        Ok(())
    }

    fn repair(&self, id: &DocumentId, snapshot: &[u8], replaced: &[Vec<u8>], _at_ms: u64) -> Result<(), StoreError> {
        let mut memory = self.lock();
        memory.quarantined.entry(*id).or_default().extend(replaced.iter().cloned());
        memory.chunks.insert(*id, vec![snapshot.to_vec()]);
        Ok(())
    }

    fn quarantined(&self, id: &DocumentId) -> Result<Vec<Vec<u8>>, StoreError> {
        Ok(self.lock().quarantined.get(id).cloned().unwrap_or_default())
    }

    fn class(&self, id: &DocumentId) -> Result<Option<AccessClass>, StoreError> {
        Ok(self.lock().classes.get(id).cloned())
    }

    fn register(&self, id: &DocumentId, class: &AccessClass) -> Result<(), StoreError> {
        let mut memory = self.lock();
        if memory.classes.contains_key(id) {
            return Err(StoreError::Exists);
        }
        memory.classes.insert(*id, class.clone());
        memory.registered.push(*id);
        Ok(())
    }

    fn outboxes(&self, cpi: &str) -> Result<Vec<DocumentId>, StoreError> {
        let memory = self.lock();
        let is_outbox = |id: &&DocumentId| matches!(memory.classes.get(*id), Some(AccessClass::Outbox { cpi: of, .. }) if of == cpi);
        Ok(memory.registered.iter().filter(is_outbox).copied().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What every backend must do; run against each below.
    fn conformance(store: Box<dyn DocStore>) {
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
        let two = store.load(&id(2)).unwrap();
        assert_eq!(two.bytes, b"abcd");
        assert_eq!(two.iter().collect::<Vec<_>>(), [b"ab", b"cd"], "each chunk as it was written");
        store.compact(&id(2), b"xyz").unwrap();
        assert_eq!(store.load(&id(2)).unwrap().iter().collect::<Vec<_>>(), [b"xyz"], "a snapshot replaces the chunks");
        assert!(store.load(&id(9)).unwrap().is_empty());
        // A repair keeps every chunk it replaces, in order, across repairs.
        store.append(&id(2), b"bad").unwrap();
        store.repair(&id(2), b"xyz2", &[b"xyz".to_vec(), b"bad".to_vec()], 7).unwrap();
        store.repair(&id(2), b"xyz3", &[b"xyz2".to_vec()], 8).unwrap();
        assert_eq!(store.load(&id(2)).unwrap().iter().collect::<Vec<_>>(), [b"xyz3"]);
        assert_eq!(store.quarantined(&id(2)).unwrap(), [b"xyz".to_vec(), b"bad".to_vec(), b"xyz2".to_vec()]);
        assert!(store.quarantined(&id(1)).unwrap().is_empty());
    }

    crate::db::conformance_tests!(conformance, MemoryStore::default(), SqliteStore::open);

    #[test]
    fn sqlite_applies_a_group_of_writes_all_or_none() {
        let dir = crate::db::TempDb::new("store-group");
        let store = SqliteStore::open(dir.db()).unwrap();
        let (a, b) = (DocumentId::from_random([1; 16]), DocumentId::from_random([2; 16]));
        let private = AccessClass::Private { cpi: "bari".into() };
        let writes = [
            Write::Register { doc: a, class: private.clone() },
            Write::Append { doc: a, chunk: b"ab".to_vec() },
            Write::Append { doc: a, chunk: b"cd".to_vec() },
            Write::Register { doc: b, class: private.clone() },
            Write::Compact { doc: b, snapshot: b"xy".to_vec() },
        ];
        store.apply_atomically(&writes.iter().collect::<Vec<_>>()).unwrap().unwrap();
        assert_eq!(store.load(&a).unwrap().iter().collect::<Vec<_>>(), [b"ab", b"cd"], "in order");
        assert_eq!(store.load(&b).unwrap().iter().collect::<Vec<_>>(), [b"xy"]);

        // A write that fails (an id registered twice) undoes the whole group.
        let c = DocumentId::from_random([3; 16]);
        let failing = [
            Write::Append { doc: a, chunk: b"ef".to_vec() },
            Write::Register { doc: c, class: private.clone() },
            Write::Register { doc: b, class: private },
        ];
        assert!(store.apply_atomically(&failing.iter().collect::<Vec<_>>()).unwrap().is_err());
        assert_eq!(store.load(&a).unwrap().len(), 2, "the append before the failure is undone");
        assert_eq!(store.class(&c).unwrap(), None, "so is the registration");
    }
}
