//! The relay's one SQLite database: where it lives, how a connection is set up, and the
//! numbered migrations that bring any earlier database to the current schema. The version
//! reached is `PRAGMA user_version`; each migration runs once, in its own transaction.
//!
//! Every SQLite backend (in `auth`, `wellknown`, `audit`, `citizens`, `surveys`, `store`) takes
//! its connection from a migrated [`Db`] and runs no schema statement of its own.

use crate::store::StoreError;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// A migrated database; [`Db::connect`] opens connections to it.
#[derive(Debug, Clone)]
pub struct Db {
    path: PathBuf,
}

/// One step of the schema, applied to a database at `version - 1`.
struct Migration {
    version: i64,
    apply: fn(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
}

/// In order, never edited once released: a new schema change is a new entry.
const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, apply: schema_of_the_first_releases },
    Migration { version: 2, apply: administration },
    Migration { version: 3, apply: one_time_code_expiry },
    Migration { version: 4, apply: device_token_expiry },
    Migration { version: 5, apply: tablet_wipe },
    Migration { version: 6, apply: quarantined_chunks },
];

/// The version this relay brings databases to: its last migration's.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

impl Db {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let db = Db { path: path.to_owned() };
        let mut conn = db.connect()?;
        migrate(&mut conn)?;
        Ok(db)
    }

    /// A new connection with durable settings: WAL for concurrent readers, `synchronous=FULL`
    /// so a committed change survives power loss, not only a crash of the process.
    pub fn connect(&self) -> Result<Connection, StoreError> {
        let conn = Connection::open(&self.path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(conn)
    }
}

/// One connection that a SQLite store's methods share, each holding it for one statement or
/// one transaction.
pub struct SharedConnection(std::sync::Mutex<Connection>);

impl SharedConnection {
    pub fn open(db: &Db) -> Result<Self, StoreError> {
        Ok(SharedConnection(std::sync::Mutex::new(db.connect()?)))
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::Corrupt(format!(
            "the database is at schema version {current}, newer than this relay's {SCHEMA_VERSION}"
        )));
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        // IMMEDIATE: two relays starting on one data directory migrate one after the other.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        (migration.apply)(&tx)?;
        tx.pragma_update(None, "user_version", migration.version)?;
        tx.commit()?;
        tracing::info!(version = migration.version, "database migrated");
    }
    Ok(())
}

/// Version 1: the schema as the releases before numbered migrations left it. Those databases
/// are at `user_version` 0 in any of their shapes, so this step only creates what is missing
/// and adds the two columns added after the first release if a table lacks them.
fn schema_of_the_first_releases(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    class TEXT NOT NULL,
    cpi TEXT NOT NULL,
    created_at INTEGER NOT NULL DEFAULT (unixepoch())
);
CREATE TABLE IF NOT EXISTS chunks (
    doc TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (doc, seq)
);
CREATE TABLE IF NOT EXISTS operators (
    username TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    cpi TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash BLOB PRIMARY KEY,
    username TEXT NOT NULL REFERENCES operators(username),
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    device TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    cpi TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    enrolled_at INTEGER NOT NULL,
    enrolled_with TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS enrollment_codes (
    code_hash BLOB PRIMARY KEY,
    cpi TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE TABLE IF NOT EXISTS well_known (
    cpi TEXT NOT NULL, kind TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (cpi, kind)
);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    device_at_ms INTEGER,
    cpi TEXT NOT NULL,
    doc TEXT NOT NULL,
    who TEXT NOT NULL,
    device TEXT NOT NULL,
    action TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_doc ON audit (doc, seq);
CREATE INDEX IF NOT EXISTS audit_by_cpi ON audit (cpi, seq);
CREATE TABLE IF NOT EXISTS signing_keys (
    key_id TEXT PRIMARY KEY,
    cpi TEXT NOT NULL,
    secret BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS certificate_counters (
    cpi TEXT NOT NULL, year INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (cpi, year)
);
CREATE TABLE IF NOT EXISTS certificates (
    number TEXT PRIMARY KEY,
    cpi TEXT NOT NULL,
    kind TEXT NOT NULL,
    dossier TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT
);
CREATE TABLE IF NOT EXISTS identify_attempts (
    subject BLOB PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0,
    last_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS citizen_sessions (
    token_hash BLOB PRIMARY KEY,
    dossier TEXT NOT NULL,
    cpi TEXT NOT NULL,
    device TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS surveys (
    cpi TEXT NOT NULL, day TEXT NOT NULL, ticket TEXT NOT NULL,
    area TEXT NOT NULL, month TEXT NOT NULL, rating INTEGER NOT NULL,
    comment TEXT NOT NULL, at_ms INTEGER NOT NULL,
    PRIMARY KEY (cpi, day, ticket)
);
CREATE INDEX IF NOT EXISTS surveys_by_month ON surveys (cpi, month);
",
    )?;
    // The device an operator signed in from.
    add_column_if_missing(tx, "sessions", "device", "TEXT NOT NULL DEFAULT ''")?;
    // Queue tickets: the device's letter on the tickets it prints, and what the device is.
    add_column_if_missing(tx, "devices", "ticket_index", "INTEGER")?;
    add_column_if_missing(tx, "devices", "kind", "TEXT NOT NULL DEFAULT 'totem'")
}

/// Version 2: administering accounts and devices. An account can be disabled and must set
/// its own password after a one-time code; a device records its last contact and app version
/// and can be revoked, its ticket letter staying taken until `letter_free_at` (the next day).
fn administration(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "
ALTER TABLE operators ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE operators ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN last_seen INTEGER;
ALTER TABLE devices ADD COLUMN app_version TEXT;
ALTER TABLE devices ADD COLUMN revoked_at INTEGER;
ALTER TABLE devices ADD COLUMN letter_free_at INTEGER;
CREATE INDEX IF NOT EXISTS sessions_by_username ON sessions (username);
",
    )
}

/// Version 3: a one-time code of a new or reset account stops signing in at
/// `code_expires_at`. Codes issued before this version get the full validity from the upgrade.
fn one_time_code_expiry(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(&format!(
        "
ALTER TABLE operators ADD COLUMN code_expires_at INTEGER;
UPDATE operators SET code_expires_at = CAST(strftime('%s', 'now') AS INTEGER) + {}
WHERE must_change = 1;
",
        crate::auth::ONE_TIME_CODE_SECONDS
    ))
}

/// Version 4: device tokens expire and are renewed (`auth::Accounts::renew_device_token`).
/// A token's life runs from `token_issued_at` (NULL: from `enrolled_at`); the token a renewal
/// replaced serves until the new one is first used. Devices enrolled before this version get
/// a full life from the upgrade, so none is locked out by it.
fn device_token_expiry(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "
ALTER TABLE devices ADD COLUMN token_issued_at INTEGER;
ALTER TABLE devices ADD COLUMN previous_token_hash BLOB;
ALTER TABLE devices ADD COLUMN previous_issued_at INTEGER;
UPDATE devices SET token_issued_at = CAST(strftime('%s', 'now') AS INTEGER);
CREATE INDEX IF NOT EXISTS devices_by_previous_token ON devices (previous_token_hash);
",
    )
}

/// Version 5: a tablet marked "wipe on next contact" by its head, until that contact.
fn tablet_wipe(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch("ALTER TABLE devices ADD COLUMN wipe_requested_at INTEGER;")
}

/// The chunks a repair replaced (`store::DocStore::repair`): never read by the relay, kept
/// for an administrator.
fn quarantined_chunks(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TABLE quarantined_chunks (
            doc TEXT NOT NULL,
            seq INTEGER NOT NULL,
            bytes BLOB NOT NULL,
            quarantined_at INTEGER NOT NULL,
            PRIMARY KEY (doc, seq)
        );",
    )
}

fn add_column_if_missing(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    column: &str,
    decl: &str,
) -> rusqlite::Result<()> {
    let present: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
        rusqlite::params![table, column],
        |r| r.get(0),
    )?;
    if !present {
        tx.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {decl}"))?;
    }
    Ok(())
}

/// A migrated database in a fresh temporary directory, removed when dropped (unit tests).
#[cfg(test)]
pub(crate) struct TempDb {
    dir: PathBuf,
    db: Db,
}

#[cfg(test)]
impl TempDb {
    pub(crate) fn new(purpose: &str) -> Self {
        let dir = std::env::temp_dir()
            .join(format!("sportello-{purpose}-{}", crate::auth::hex(&crate::auth::random_bytes::<6>())));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let db = Db::open(&dir.join("relay.sqlite3")).expect("a new database opens");
        TempDb { dir, db }
    }

    pub(crate) fn db(&self) -> &Db {
        &self.db
    }
}

#[cfg(test)]
impl Drop for TempDb {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// The two tests of a storage trait: its conformance suite (a function taking the backend as
/// the trait object the relay holds) run against the memory backend and against SQLite.
#[cfg(test)]
macro_rules! conformance_tests {
    ($conformance:ident, $memory:expr, $open_sqlite:path) => {
        #[test]
        fn the_memory_backend_conforms() {
            $conformance(Box::new($memory));
        }

        #[test]
        fn the_sqlite_backend_conforms() {
            let dir = crate::db::TempDb::new(module_path!().rsplit("::").nth(1).unwrap_or("store"));
            $conformance(Box::new($open_sqlite(dir.db()).unwrap()));
        }
    };
}
#[cfg(test)]
pub(crate) use conformance_tests;
