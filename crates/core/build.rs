//! Converts the TOML data files in `data/` to JSON in `OUT_DIR` (see `src/data_json.rs`).

#[path = "src/data_json.rs"]
mod data_json;

use std::path::Path;

const TOML_FILES: &[&str] = &["charter_it", "charter_en", "charter_fr", "charter_ar", "charter_sq", "cpis"];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in TOML_FILES {
        let source = format!("data/{name}.toml");
        println!("cargo::rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let json = data_json::toml_to_json(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        std::fs::write(Path::new(&out_dir).join(format!("{name}.json")), json).expect("OUT_DIR is writable");
    }
}
