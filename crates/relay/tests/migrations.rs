//! A database written by the relay before numbered migrations opens with every row kept.

use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};
use sportello_relay::db::{Db, SCHEMA_VERSION};
use sportello_relay::{AppState, Config};
use std::path::Path;

/// The statements the relay at 351a500 ran on every start, table by table, before its
/// ad-hoc column checks (which `with_later_columns` replays).
const SCHEMA_AT_351A500: &str = "
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, class TEXT NOT NULL, cpi TEXT NOT NULL,
    created_at INTEGER NOT NULL DEFAULT (unixepoch()));
CREATE TABLE IF NOT EXISTS chunks (
    doc TEXT NOT NULL, seq INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (doc, seq));
CREATE TABLE IF NOT EXISTS operators (
    username TEXT PRIMARY KEY, name TEXT NOT NULL, cpi TEXT NOT NULL, role TEXT NOT NULL,
    password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash BLOB PRIMARY KEY, username TEXT NOT NULL REFERENCES operators(username),
    expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    device TEXT PRIMARY KEY, name TEXT NOT NULL, cpi TEXT NOT NULL, token_hash BLOB NOT NULL UNIQUE,
    enrolled_at INTEGER NOT NULL, enrolled_with TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS enrollment_codes (
    code_hash BLOB PRIMARY KEY, cpi TEXT NOT NULL, created_by TEXT NOT NULL,
    expires_at INTEGER NOT NULL, used_at INTEGER);
CREATE TABLE IF NOT EXISTS well_known (
    cpi TEXT NOT NULL, kind TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (cpi, kind));
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, device_at_ms INTEGER,
    cpi TEXT NOT NULL, doc TEXT NOT NULL, who TEXT NOT NULL, device TEXT NOT NULL, action TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_by_doc ON audit (doc, seq);
CREATE INDEX IF NOT EXISTS audit_by_cpi ON audit (cpi, seq);
CREATE TABLE IF NOT EXISTS signing_keys (
    key_id TEXT PRIMARY KEY, cpi TEXT NOT NULL, secret BLOB NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS certificate_counters (
    cpi TEXT NOT NULL, year INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (cpi, year));
CREATE TABLE IF NOT EXISTS certificates (
    number TEXT PRIMARY KEY, cpi TEXT NOT NULL, kind TEXT NOT NULL, dossier TEXT NOT NULL,
    issued_at TEXT NOT NULL, issued_by TEXT NOT NULL, revoked_at TEXT, revoked_by TEXT);
CREATE TABLE IF NOT EXISTS identify_attempts (
    subject BLOB PRIMARY KEY, failures INTEGER NOT NULL, locked_until INTEGER NOT NULL DEFAULT 0,
    last_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS citizen_sessions (
    token_hash BLOB PRIMARY KEY, dossier TEXT NOT NULL, cpi TEXT NOT NULL, device TEXT NOT NULL,
    expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS surveys (
    cpi TEXT NOT NULL, day TEXT NOT NULL, ticket TEXT NOT NULL,
    area TEXT NOT NULL, month TEXT NOT NULL, rating INTEGER NOT NULL,
    comment TEXT NOT NULL, at_ms INTEGER NOT NULL,
    PRIMARY KEY (cpi, day, ticket));
CREATE INDEX IF NOT EXISTS surveys_by_month ON surveys (cpi, month);
";

/// The columns 351a500 added to databases of the first release.
const LATER_COLUMNS_AT_351A500: &str = "
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN ticket_index INTEGER;
ALTER TABLE devices ADD COLUMN kind TEXT NOT NULL DEFAULT 'totem';
";

fn doc_id() -> String {
    sportello_core::sync::ids::DocumentId::from_random([7; 16]).to_string()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-migrations-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// One row in every table, as the old relay wrote them.
fn old_database(path: &Path, with_later_columns: bool) {
    let db = Connection::open(path).unwrap();
    db.execute_batch(SCHEMA_AT_351A500).unwrap();
    if with_later_columns {
        db.execute_batch(LATER_COLUMNS_AT_351A500).unwrap();
    }
    db.execute(
        "INSERT INTO operators (username, name, cpi, role, password_hash) VALUES ('anna', 'Anna Neri', 'bari', 'head', 'x')",
        [],
    )
    .unwrap();
    db.execute(
        "INSERT INTO sessions (token_hash, username, expires_at) VALUES (?1, 'anna', ?2)",
        params![token_hash("operator-token"), i64::MAX],
    )
    .unwrap();
    db.execute(
        "INSERT INTO devices (device, name, cpi, token_hash, enrolled_at, enrolled_with)
         VALUES ('totem-1', 'Atrio', 'bari', ?1, 0, 'anna')",
        params![token_hash("totem-token")],
    )
    .unwrap();
    db.execute("INSERT INTO well_known (cpi, kind, doc) VALUES ('bari', 'board', ?1)", params![doc_id()]).unwrap();
    db.execute(
        "INSERT INTO audit (at_ms, device_at_ms, cpi, doc, who, device, action)
         VALUES (7, NULL, 'bari', ?1, 'operator:anna@bari', 'Firefox', 'open')",
        params![doc_id()],
    )
    .unwrap();
    db.execute(
        "INSERT INTO certificates (number, cpi, kind, dossier, issued_at, issued_by, revoked_at, revoked_by)
         VALUES ('CPI-BARI-2026-000001', 'bari', 'did', ?1, '2026-11-02T10:00:00', 'totem:totem-1', '2026-11-03T09:00:00', 'operator:anna')",
        params![doc_id()],
    )
    .unwrap();
    db.execute("INSERT INTO certificate_counters (cpi, year, seq) VALUES ('bari', 2026, 1)", []).unwrap();
    db.execute(
        "INSERT INTO surveys (cpi, day, ticket, area, month, rating, comment, at_ms)
         VALUES ('bari', '2026-11-02', 'B-A-001', 'B', '2026-11', 4, 'Gentili', 9)",
        [],
    )
    .unwrap();
}

fn config(root: &Path) -> Config {
    Config::with_dirs(&root.join("dist"), &root.join("data"))
}

fn opens_with_every_row(name: &str, with_later_columns: bool) {
    let root = temp_dir(name);
    std::fs::create_dir_all(root.join("data")).unwrap();
    let path = root.join("data").join("relay.sqlite3");
    old_database(&path, with_later_columns);

    let state = AppState::new(&config(&root)).unwrap();
    let (principal, device) = state.accounts().authenticate_device("operator-token", 0).unwrap();
    assert_eq!((principal.label(), device.as_str()), ("operator:anna@bari".to_owned(), ""));
    let totem = state.accounts().authenticate("totem-token", 0).unwrap();
    assert_eq!(totem.label(), "totem:totem-1@bari");
    // The totem enrolled before queue tickets gets its letter now.
    assert_eq!(state.accounts().ticket_code("totem-1").unwrap().map(|c| c.letter()), Some('A'));
    assert_eq!(state.well_known().get("bari", "board").unwrap().unwrap().to_string(), doc_id());
    let audit = state.audit().list("bari", None, 10).unwrap();
    assert_eq!((audit.len(), audit[0].at_ms), (1, 7));
    let certificate = state.citizens().certificate("CPI-BARI-2026-000001").unwrap().unwrap();
    assert_eq!(certificate.revoked_at.as_deref(), Some("2026-11-03T09:00:00"));
    assert_eq!(state.citizens().next_number("bari", 2026).unwrap(), "CPI-BARI-2026-000002");
    let month = state.surveys().month("bari", "2026-11").unwrap();
    assert_eq!(month.len(), 1);
    assert_eq!((month[0].1, month[0].2.as_str()), (4, "Gentili"));

    let version: i64 = Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    // Opening again runs nothing twice.
    Db::open(&path).unwrap();
    assert_eq!(state.audit().list("bari", None, 10).unwrap().len(), 1);
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_database_of_351a500_opens_with_every_row() {
    opens_with_every_row("current", true);
}

#[test]
fn a_database_of_the_first_release_gets_the_later_columns() {
    opens_with_every_row("first-release", false);
}

#[test]
fn a_database_newer_than_the_relay_is_refused() {
    let root = temp_dir("newer");
    let path = root.join("relay.sqlite3");
    Connection::open(&path).unwrap().pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    assert!(Db::open(&path).is_err());
    std::fs::remove_dir_all(root).ok();
}
