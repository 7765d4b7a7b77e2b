//! The embedded data files are written in TOML (comments, easy to edit) and embedded as JSON:
//! `build.rs` converts them with this function, so the wasm carries serde_json (which it needs
//! anyway) and no TOML parser. The crate's tests use it too, to feed edited TOML to the parsers.

/// The JSON equivalent of a TOML document.
pub fn toml_to_json(text: &str) -> Result<String, String> {
    let value: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_string(&value).map_err(|e| e.to_string())
}
