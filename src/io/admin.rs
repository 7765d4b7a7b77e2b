//! Administration calls: one's own account, password and sessions; the accounts one manages;
//! the CPI's devices. Errors are the relay's Italian messages (`io::api`).

use super::api::{bearer, no_content, parse, post};
use gloo_net::http::Request;
pub use sportello_core::api::{Account, Accounts, DeviceInfo, NewAccount, OneTimeCode, SessionInfo};
use sportello_core::api::{Devices, PasswordChange, RenameDevice, Sessions, SetDisabled};

fn get(url: &str, token: &str) -> gloo_net::http::RequestBuilder {
    Request::get(url).header("Authorization", &bearer(token))
}

fn escape(text: &str) -> String {
    js_sys::encode_uri_component(text).as_string().unwrap_or_default()
}

pub async fn own_account(token: &str) -> Result<Account, String> {
    parse(get("/api/account", token).send().await).await
}

pub async fn change_password(token: &str, current: &str, new: &str) -> Result<(), String> {
    let body = PasswordChange { current: current.to_owned(), new: new.to_owned() };
    no_content(post("/api/password", Some(token), &body).await).await
}

pub async fn sessions(token: &str) -> Result<Vec<SessionInfo>, String> {
    parse::<Sessions>(get("/api/sessions", token).send().await).await.map(|s| s.sessions)
}

pub async fn end_session(token: &str, id: &str) -> Result<(), String> {
    let url = format!("/api/sessions/{}", escape(id));
    no_content(Request::delete(&url).header("Authorization", &bearer(token)).send().await).await
}

pub async fn accounts(token: &str) -> Result<Accounts, String> {
    parse(get("/api/accounts", token).send().await).await
}

pub async fn create_account(token: &str, new: &NewAccount) -> Result<OneTimeCode, String> {
    parse(post("/api/accounts", Some(token), new).await).await
}

pub async fn set_disabled(token: &str, username: &str, disabled: bool) -> Result<(), String> {
    let url = format!("/api/accounts/{}/disabled", escape(username));
    no_content(post(&url, Some(token), &SetDisabled { disabled }).await).await
}

pub async fn reset_password(token: &str, username: &str) -> Result<OneTimeCode, String> {
    let url = format!("/api/accounts/{}/reset", escape(username));
    parse(Request::post(&url).header("Authorization", &bearer(token)).send().await).await
}

pub async fn devices(token: &str) -> Result<Vec<DeviceInfo>, String> {
    parse::<Devices>(get("/api/devices", token).send().await).await.map(|d| d.devices)
}

pub async fn rename_device(token: &str, device: &str, name: &str) -> Result<(), String> {
    let url = format!("/api/devices/{}/name", escape(device));
    no_content(post(&url, Some(token), &RenameDevice { name: name.to_owned() }).await).await
}

pub async fn revoke_device(token: &str, device: &str) -> Result<(), String> {
    let url = format!("/api/devices/{}/revoke", escape(device));
    no_content(Request::post(&url).header("Authorization", &bearer(token)).send().await).await
}

/// Marks a tablet "wipe on next contact".
pub async fn request_wipe(token: &str, device: &str) -> Result<(), String> {
    let url = format!("/api/devices/{}/wipe", escape(device));
    no_content(Request::post(&url).header("Authorization", &bearer(token)).send().await).await
}

/// Seconds since the epoch as this device's local date and time.
pub fn local_time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}
