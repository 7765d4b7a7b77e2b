//! Encryption at rest on a tablet: what `io::local_store` keeps is encrypted with AES-GCM-256
//! through WebCrypto under a random data key. The data key is kept only wrapped (AES-GCM)
//! under a key derived from the operator's PIN with PBKDF2-SHA256 (600 000 iterations, a
//! random 16-byte salt), in localStorage (`sportello.vault`: salt, iterations, IV, wrapped
//! key, wrong PINs in a row). Unwrapped, it lives only in memory as a non-extractable
//! `CryptoKey`, and only while the tablet is unlocked. Each stored chunk is
//! `IV (12 random bytes) ‖ ciphertext ‖ tag`. The operator's session token is sealed the same
//! way here (`io::settings` keeps the session without it on a tablet), so the device's
//! storage gives no way into the relay either. The PIN rules are `sportello_core::access`.

use gloo_storage::{LocalStorage, Storage};
use js_sys::{Array, Object, Uint8Array};
use serde::{Deserialize, Serialize};
use sportello_core::access::{after_wrong_pin, check_tablet_pin, WrongPin};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, AesKeyGenParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

const VAULT: &str = "sportello.vault";
/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
const IV_BYTES: usize = 12;

/// The wrapped data key and what unwrapping it needs: no secret in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Sealed {
    salt: String,
    iterations: u32,
    iv: String,
    wrapped: String,
    /// Wrong PINs in a row, counted before each try is checked.
    failures: u32,
    /// The operator's session token, sealed with the data key.
    session: String,
}

thread_local! {
    static KEY: RefCell<Option<CryptoKey>> = const { RefCell::new(None) };
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The operator's session token while unlocked.
pub fn session_token() -> Option<String> {
    TOKEN.with(|t| t.borrow().clone())
}

/// What a PIN typed at the lock screen did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlock {
    Unlocked,
    Wrong {
        left: u32,
    },
    /// The tenth wrong PIN: the caller wipes the device's copy.
    Wipe,
    Failed(String),
}

/// Whether a PIN protects this device's copy already.
pub fn is_set_up() -> bool {
    sealed().is_some()
}

/// The data key while unlocked.
pub fn key() -> Option<CryptoKey> {
    KEY.with(|k| k.borrow().clone())
}

pub fn is_unlocked() -> bool {
    KEY.with(|k| k.borrow().is_some())
}

/// Forgets the data key: what is stored can no longer be read until the PIN is typed.
pub fn lock() {
    KEY.with(|k| k.borrow_mut().take());
    TOKEN.with(|t| t.borrow_mut().take());
}

/// Forgets the key and its wrapped copy (logout, wipe): the stored chunks are unreadable for
/// good, whatever PIN is tried.
pub fn forget() {
    lock();
    LocalStorage::delete(VAULT);
}

fn sealed() -> Option<Sealed> {
    LocalStorage::get(VAULT).ok()
}

fn store(sealed: &Sealed) -> Result<(), String> {
    LocalStorage::set(VAULT, sealed).map_err(|_| "Impossibile salvare il PIN su questo dispositivo.".to_string())
}

/// Sets the PIN of this device's copy with a new data key, seals the operator's session
/// `token` with it, and unlocks.
pub async fn create(pin: &str, token: &str) -> Result<(), String> {
    check_tablet_pin(pin)?;
    let subtle = subtle()?;
    let salt = random::<16>();
    let kek = derive(&subtle, pin, &salt, PBKDF2_ITERATIONS).await?;
    // Extractable only to be wrapped; the key kept in memory is the unwrapped, non-extractable copy.
    let algorithm = AesKeyGenParams::new("AES-GCM", 256);
    let data = promise(subtle.generate_key_with_object(&algorithm, true, &usages(&["encrypt", "decrypt"])))
        .await?
        .unchecked_into::<CryptoKey>();
    let iv = random::<IV_BYTES>();
    let wrapped = promise(subtle.wrap_key_with_object("raw", &data, &kek, &gcm(&iv))).await?;
    let wrapped = Uint8Array::new(&wrapped).to_vec();
    let mut sealed = Sealed {
        salt: super::hex(&salt),
        iterations: PBKDF2_ITERATIONS,
        iv: super::hex(&iv),
        wrapped: super::hex(&wrapped),
        failures: 0,
        session: String::new(),
    };
    let key = unwrap(&subtle, &sealed, &kek).await?;
    sealed.session = super::hex(&encrypt(&key, token.as_bytes()).await?);
    store(&sealed)?;
    KEY.with(|k| *k.borrow_mut() = Some(key));
    TOKEN.with(|t| *t.borrow_mut() = Some(token.to_owned()));
    Ok(())
}

/// Seals a new session token of the operator (a sign-in again after the old one expired)
/// in place of the old one; needs the tablet unlocked.
pub async fn reseal_session(token: &str) -> Result<(), String> {
    let (Some(key), Some(mut sealed)) = (key(), sealed()) else { return Err("Il tablet è bloccato.".into()) };
    sealed.session = super::hex(&encrypt(&key, token.as_bytes()).await?);
    store(&sealed)?;
    TOKEN.with(|t| *t.borrow_mut() = Some(token.to_owned()));
    Ok(())
}

/// Tries a PIN. The wrong try is counted in storage before it is checked, so closing the
/// page mid-check does not give it back.
pub async fn unlock(pin: &str) -> Unlock {
    let Some(mut sealed) = sealed() else { return Unlock::Failed("Nessun PIN impostato.".into()) };
    sealed.failures += 1;
    if let Err(e) = store(&sealed) {
        return Unlock::Failed(e);
    }
    let attempt = async {
        let subtle = subtle()?;
        let kek = derive(&subtle, pin, &unhex(&sealed.salt), sealed.iterations).await?;
        Ok::<_, String>(unwrap(&subtle, &sealed, &kek).await.ok())
    };
    let started = js_sys::Date::now();
    let result = attempt.await;
    web_sys::console::info_1(&format!("vault: PIN checked in {} ms", js_sys::Date::now() - started).into());
    match result {
        Err(e) => Unlock::Failed(e),
        Ok(Some(key)) => {
            sealed.failures = 0;
            let _ = store(&sealed);
            let token = match decrypt(&key, &unhex(&sealed.session)).await.map(String::from_utf8) {
                Ok(Ok(token)) => token,
                _ => return Unlock::Failed("La sessione salvata sul tablet non si legge: accedi di nuovo.".into()),
            };
            KEY.with(|k| *k.borrow_mut() = Some(key));
            TOKEN.with(|t| *t.borrow_mut() = Some(token));
            Unlock::Unlocked
        }
        Ok(None) => match after_wrong_pin(sealed.failures) {
            WrongPin::Retry { left } => Unlock::Wrong { left },
            WrongPin::Wipe => Unlock::Wipe,
        },
    }
}

/// `IV ‖ AES-GCM(key, IV, plain)` with a fresh random IV.
pub async fn encrypt(key: &CryptoKey, plain: &[u8]) -> Result<Vec<u8>, String> {
    let iv = random::<IV_BYTES>();
    let sealed = promise(subtle()?.encrypt_with_object_and_u8_array(&gcm(&iv), key, plain)).await?;
    let mut out = iv.to_vec();
    out.extend(Uint8Array::new(&sealed).to_vec());
    Ok(out)
}

/// The plain bytes of [`encrypt`]'s output; an error if they were not sealed with `key`.
pub async fn decrypt(key: &CryptoKey, sealed: &[u8]) -> Result<Vec<u8>, String> {
    if sealed.len() < IV_BYTES {
        return Err("cifrato troppo corto".into());
    }
    let (iv, body) = sealed.split_at(IV_BYTES);
    let plain = promise(subtle()?.decrypt_with_object_and_u8_array(&gcm(iv), key, body)).await?;
    Ok(Uint8Array::new(&plain).to_vec())
}

fn subtle() -> Result<SubtleCrypto, String> {
    let window = web_sys::window().ok_or("nessuna finestra")?;
    let crypto = window.crypto().map_err(|_| "WebCrypto non disponibile in questo browser".to_string())?;
    Ok(crypto.subtle())
}

async fn derive(subtle: &SubtleCrypto, pin: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, String> {
    let raw = Uint8Array::from(pin.as_bytes());
    let base = promise(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages(&["deriveKey"])))
        .await?
        .unchecked_into::<CryptoKey>();
    let params = Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), iterations, &Uint8Array::from(salt));
    let target = AesKeyGenParams::new("AES-GCM", 256);
    let kek =
        subtle.derive_key_with_object_and_object(&params, &base, &target, false, &usages(&["wrapKey", "unwrapKey"]));
    Ok(promise(kek).await?.unchecked_into())
}

async fn unwrap(subtle: &SubtleCrypto, sealed: &Sealed, kek: &CryptoKey) -> Result<CryptoKey, String> {
    let wrapped = unhex(&sealed.wrapped);
    let iv = unhex(&sealed.iv);
    let target = Object::from(AesKeyGenParams::new("AES-GCM", 256));
    let key = subtle.unwrap_key_with_u8_array_and_object_and_object(
        "raw",
        &wrapped,
        kek,
        &gcm(&iv),
        &target,
        false,
        &usages(&["encrypt", "decrypt"]),
    );
    Ok(promise(key).await?.unchecked_into())
}

fn gcm(iv: &[u8]) -> AesGcmParams {
    AesGcmParams::new("AES-GCM", &Uint8Array::from(iv))
}

fn usages(names: &[&str]) -> JsValue {
    names.iter().map(|n| JsValue::from_str(n)).collect::<Array>().into()
}

async fn promise(started: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    let promise = started.map_err(|e| format!("WebCrypto: {e:?}"))?;
    JsFuture::from(promise).await.map_err(|e| format!("WebCrypto: {e:?}"))
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the browser provides crypto.getRandomValues");
    bytes
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2).filter_map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()).collect()
}

const IDLE_KNOB: &str = "sportello.idle-seconds";

/// The idle time before the tablet locks (`sportello_core::access::tablet_idle_seconds`):
/// five minutes, or shorter if localStorage `sportello.idle-seconds` says so (the browser
/// tests' knob, read once at start; it can only shorten the time).
pub fn idle_seconds() -> u32 {
    sportello_core::access::tablet_idle_seconds(LocalStorage::get::<u32>(IDLE_KNOB).ok())
}

/// Whether the page is in the background (another app or tab in front, screen off).
pub fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}
