//! Documents kept in the browser's IndexedDB: for each document its stored chunks (a
//! snapshot followed by incremental saves), the heads the relay is known to hold and the
//! relay's last refusal of its content (reason and heads), so a restart does not re-send it.
//! localStorage is never used for documents: its quota is a few megabytes.
//!
//! On an enrolled tablet every chunk is encrypted (`io::vault`: AES-GCM, a fresh IV each)
//! before it reaches IndexedDB; the key is taken when the store is opened, so a store opened
//! while the tablet is locked reads and writes nothing (clearing still works). The document
//! ids, the relay's heads (hashes) and a refusal's reason (the relay's text about a rule)
//! stay in clear: they name no one.

use automerge::ChangeHash;
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use js_sys::{Array, Object, Reflect, Uint8Array};
use sportello_core::sync::client::Refusal;
use sportello_core::sync::ids::DocumentId;
use wasm_bindgen::{JsCast, JsValue};

const DB_NAME: &str = "sportello";
const DB_VERSION: u32 = 1;
const DOCS: &str = "docs";

/// What went wrong with local storage, in words for the person at the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser's quota is used up: changes stay in memory and still reach the relay.
    QuotaExceeded,
    Unavailable(String),
    /// A tablet locked (no PIN typed since): nothing is read or written.
    Locked,
}

impl StorageError {
    pub fn message_it(&self) -> String {
        match self {
            StorageError::QuotaExceeded => "La memoria di questo dispositivo è piena: le ultime modifiche non sono salvate sul dispositivo, ma restano aperte e verranno inviate al server appena possibile. Non chiudere la pagina.".into(),
            StorageError::Unavailable(_) => "Questo browser non permette di salvare i dati sul dispositivo: il lavoro senza connessione non è disponibile.".into(),
            StorageError::Locked => "Il tablet è bloccato: inserisci il PIN per salvare i dati sul dispositivo.".into(),
        }
    }
}

fn classify(err: idb::Error) -> StorageError {
    let text = format!("{err:?}");
    if text.contains("QuotaExceeded") {
        StorageError::QuotaExceeded
    } else {
        StorageError::Unavailable(text)
    }
}

pub struct StoredDoc {
    pub id: DocumentId,
    pub bytes: Vec<u8>,
    pub relay_heads: Vec<ChangeHash>,
    /// The relay's refusal of this content, kept so a restart does not offer it again.
    pub refusal: Option<Refusal>,
}

/// One document's record: its chunks (sealed on a tablet), the heads the relay holds and the
/// relay's last refusal (its reason and the heads it refused; no content).
#[derive(Default)]
struct Record {
    chunks: Vec<Vec<u8>>,
    relay_heads: Vec<ChangeHash>,
    refusal: Option<Refusal>,
}

pub struct LocalStore {
    db: Database,
    /// How chunks are kept: in clear, or encrypted under a tablet's key (`None` if locked).
    sealing: Sealing,
}

enum Sealing {
    Clear,
    Encrypted(Option<web_sys::CryptoKey>),
}

impl Sealing {
    async fn seal(&self, chunk: &[u8]) -> Result<Vec<u8>, StorageError> {
        match self {
            Sealing::Clear => Ok(chunk.to_vec()),
            Sealing::Encrypted(Some(key)) => super::vault::encrypt(key, chunk).await.map_err(StorageError::Unavailable),
            Sealing::Encrypted(None) => Err(StorageError::Locked),
        }
    }

    async fn open(&self, chunk: Vec<u8>) -> Result<Vec<u8>, StorageError> {
        match self {
            Sealing::Clear => Ok(chunk),
            Sealing::Encrypted(Some(key)) => {
                super::vault::decrypt(key, &chunk).await.map_err(StorageError::Unavailable)
            }
            Sealing::Encrypted(None) => Err(StorageError::Locked),
        }
    }
}

impl LocalStore {
    pub async fn open() -> Result<Self, StorageError> {
        let factory = Factory::new().map_err(classify)?;
        let mut request = factory.open(DB_NAME, Some(DB_VERSION)).map_err(classify)?;
        request.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                if !db.store_names().iter().any(|n| n == DOCS) {
                    let _ = db.create_object_store(DOCS, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await.map_err(classify)?;
        let sealing =
            if super::devices::encrypts_at_rest() { Sealing::Encrypted(super::vault::key()) } else { Sealing::Clear };
        Ok(Self { db, sealing })
    }

    pub async fn load_all(&self) -> Result<Vec<StoredDoc>, StorageError> {
        let tx = self.db.transaction(&[DOCS], TransactionMode::ReadOnly).map_err(classify)?;
        let store = tx.object_store(DOCS).map_err(classify)?;
        let keys = store.get_all_keys(None, None).map_err(classify)?.await.map_err(classify)?;
        let values = store.get_all(None, None).map_err(classify)?.await.map_err(classify)?;
        let mut docs = Vec::new();
        for (key, value) in keys.into_iter().zip(values) {
            let Some(id) = key.as_string().and_then(|k| DocumentId::parse(&k).ok()) else {
                continue;
            };
            let Record { chunks, relay_heads, refusal } = decode_record(&value);
            let mut bytes = Vec::new();
            for chunk in chunks {
                match self.sealing.open(chunk).await {
                    Ok(plain) => bytes.extend(plain),
                    Err(StorageError::Locked) => return Err(StorageError::Locked),
                    // Not sealed with this key (an older copy): the relay sends it again.
                    Err(_) => {
                        bytes.clear();
                        break;
                    }
                }
            }
            docs.push(StoredDoc { id, bytes, relay_heads, refusal });
        }
        Ok(docs)
    }

    /// Appends a chunk (or, for a snapshot, replaces every chunk) of a document.
    pub async fn append(&self, id: DocumentId, chunk: &[u8], snapshot: bool) -> Result<(), StorageError> {
        let chunk = self.sealing.seal(chunk).await?;
        self.update(id, |record| {
            if snapshot {
                record.chunks.clear();
            }
            record.chunks.push(chunk);
        })
        .await
    }

    pub async fn set_relay_heads(&self, id: DocumentId, heads: &[ChangeHash]) -> Result<(), StorageError> {
        self.update(id, |record| record.relay_heads = heads.to_vec()).await
    }

    pub async fn set_refusal(&self, id: DocumentId, refusal: &Refusal) -> Result<(), StorageError> {
        self.update(id, |record| record.refusal = Some(refusal.clone())).await
    }

    /// Removes one document.
    pub async fn delete(&self, id: DocumentId) -> Result<(), StorageError> {
        let tx = self.db.transaction(&[DOCS], TransactionMode::ReadWrite).map_err(classify)?;
        let store = tx.object_store(DOCS).map_err(classify)?;
        store.delete(JsValue::from_str(&id.to_string())).map_err(classify)?.await.map_err(classify)?;
        tx.commit().map_err(classify)?.await.map_err(classify)?;
        Ok(())
    }

    /// Removes every document: used when a totem session ends, an operator logs out or a
    /// tablet is wiped (works while locked: nothing is read).
    pub async fn clear(&self) -> Result<(), StorageError> {
        let tx = self.db.transaction(&[DOCS], TransactionMode::ReadWrite).map_err(classify)?;
        let store = tx.object_store(DOCS).map_err(classify)?;
        store.clear().map_err(classify)?.await.map_err(classify)?;
        tx.commit().map_err(classify)?.await.map_err(classify)?;
        Ok(())
    }

    async fn update(&self, id: DocumentId, edit: impl FnOnce(&mut Record)) -> Result<(), StorageError> {
        let key = JsValue::from_str(&id.to_string());
        let tx = self.db.transaction(&[DOCS], TransactionMode::ReadWrite).map_err(classify)?;
        let store = tx.object_store(DOCS).map_err(classify)?;
        let current = store.get(key.clone()).map_err(classify)?.await.map_err(classify)?;
        let mut record = current.as_ref().map(decode_record).unwrap_or_default();
        edit(&mut record);
        store.put(&encode_record(&record), Some(&key)).map_err(classify)?.await.map_err(classify)?;
        tx.commit().map_err(classify)?.await.map_err(classify)?;
        Ok(())
    }
}

fn hashes_to_js(heads: &[ChangeHash]) -> Array {
    heads.iter().map(|h| JsValue::from_str(&h.to_string())).collect()
}

fn hashes_from_js(value: &JsValue, key: &str) -> Vec<ChangeHash> {
    Reflect::get(value, &key.into())
        .ok()
        .and_then(|h| h.dyn_into::<Array>().ok())
        .map(|a| a.iter().filter_map(|h| h.as_string()).filter_map(|h| h.parse().ok()).collect())
        .unwrap_or_default()
}

fn encode_record(record: &Record) -> JsValue {
    let js = Object::new();
    let js_chunks: Array = record.chunks.iter().map(|c| JsValue::from(Uint8Array::from(c.as_slice()))).collect();
    let _ = Reflect::set(&js, &"chunks".into(), &js_chunks);
    let _ = Reflect::set(&js, &"relayHeads".into(), &hashes_to_js(&record.relay_heads));
    if let Some(refusal) = &record.refusal {
        let js_refusal = Object::new();
        let _ = Reflect::set(&js_refusal, &"reason".into(), &JsValue::from_str(&refusal.reason));
        let _ = Reflect::set(&js_refusal, &"heads".into(), &hashes_to_js(&refusal.heads));
        let _ = Reflect::set(&js, &"refusal".into(), &js_refusal);
    }
    js.into()
}

fn decode_record(value: &JsValue) -> Record {
    let chunks = Reflect::get(value, &"chunks".into())
        .ok()
        .and_then(|c| c.dyn_into::<Array>().ok())
        .map(|a| a.iter().filter_map(|c| c.dyn_into::<Uint8Array>().ok()).map(|c| c.to_vec()).collect())
        .unwrap_or_default();
    let refusal = Reflect::get(value, &"refusal".into()).ok().filter(JsValue::is_object).and_then(|r| {
        let reason = Reflect::get(&r, &"reason".into()).ok()?.as_string()?;
        Some(Refusal { reason, heads: hashes_from_js(&r, "heads") })
    });
    Record { chunks, relay_heads: hashes_from_js(value, "relayHeads"), refusal }
}

/// Asks the browser not to evict our storage under pressure (best effort).
pub fn request_persistent_storage() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let storage = window.navigator().storage();
    if let Ok(promise) = storage.persist() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
