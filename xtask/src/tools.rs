//! Installs the tools the build and the tests need, skipping what is already there.
//!
//! Trunk runs with `offline = true`, so everything it calls (wasm-bindgen, wasm-opt) must be on
//! PATH at the exact versions it expects.

use super::{root, Result};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Trunk 0.22 needs a newer rustc than this project's toolchain.
const TRUNK_SERIES: &str = "0.21.";
const TRUNK_VERSION: &str = "0.21.14";

/// The environment the project's commands run in.
pub struct Env {
    path: String,
}

impl Env {
    pub fn apply(&self, cmd: &mut Command) {
        cmd.env("PATH", &self.path);
    }
}

/// PATH with the tools this project installs first.
pub fn env() -> Env {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let cargo_bin = PathBuf::from(std::env::var("CARGO_HOME").unwrap_or(format!("{home}/.cargo"))).join("bin");
    // The npm package `binaryen` ships a current wasm-opt; Debian's (version 108) breaks the
    // reference-types tables that wasm-bindgen emits.
    let npm_bin = root().join("tests/node_modules/.bin");
    let path = format!("{}:{}:{}", npm_bin.display(), cargo_bin.display(), std::env::var("PATH").unwrap_or_default());
    Env { path }
}

pub fn ensure_all() -> Result<Env> {
    let env = env();
    ensure_npm_packages(&env)?;
    ensure_wasm_target(&env)?;
    ensure_trunk(&env)?;
    ensure_wasm_bindgen(&env)?;
    ensure_wasm_opt(&env)?;
    ensure_chromium()?;
    Ok(env)
}

fn ensure_wasm_target(env: &Env) -> Result {
    let installed = output(env, "rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    say("installing the wasm32-unknown-unknown target");
    run(env, "rustup", &["target", "add", "wasm32-unknown-unknown"])
}

fn ensure_trunk(env: &Env) -> Result {
    let found = output(env, "trunk", &["--version"]).unwrap_or_default();
    if found.trim().strip_prefix("trunk ").is_some_and(|v| v.starts_with(TRUNK_SERIES)) {
        return Ok(());
    }
    say(&format!("installing trunk {TRUNK_VERSION} (compiles from source, 15-20 minutes)"));
    let args = ["install", "trunk", "--version", TRUNK_VERSION, "--no-default-features", "--features", "rustls"];
    let mut locked: Vec<&str> = args.to_vec();
    locked.push("--locked");
    run(env, "cargo", &locked).or_else(|_| run(env, "cargo", &args))
}

fn ensure_wasm_bindgen(env: &Env) -> Result {
    let wanted = locked_version("wasm-bindgen")?;
    let found = output(env, "wasm-bindgen", &["--version"]).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    say(&format!("installing wasm-bindgen-cli {wanted} (the version in Cargo.lock, about 5 minutes)"));
    // `--locked` fails for wasm-bindgen-cli on this toolchain; unlocked resolution works.
    run(env, "cargo", &["install", "wasm-bindgen-cli", "--version", &format!("={wanted}"), "--force"])
}

fn ensure_wasm_opt(env: &Env) -> Result {
    let found = output(env, "wasm-opt", &["--version"]).unwrap_or_default();
    let version: u32 = found.split_whitespace().nth(2).and_then(|v| v.parse().ok()).unwrap_or(0);
    if version >= 116 {
        return Ok(());
    }
    Err(format!("wasm-opt from the npm package binaryen is missing (found {found:?}); run `npm ci` in tests/").into())
}

/// What `cargo xtask fuzz` needs: a nightly toolchain (libFuzzer's instrumentation) and
/// cargo-fuzz. Nothing else of the project's tools.
pub fn ensure_fuzzing() -> Result<Env> {
    let env = env();
    let toolchains = output(&env, "rustup", &["toolchain", "list"]).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        say("installing the nightly toolchain (cargo fuzz needs it)");
        run(&env, "rustup", &["toolchain", "install", "nightly", "--profile", "minimal"])?;
    }
    if output(&env, "cargo", &["fuzz", "--version"]).is_none() {
        say("installing cargo-fuzz (compiles from source, about 3 minutes)");
        run(&env, "cargo", &["install", "cargo-fuzz", "--locked"])
            .or_else(|_| run(&env, "cargo", &["install", "cargo-fuzz"]))?;
    }
    Ok(env)
}

fn ensure_chromium() -> Result {
    if PathBuf::from("/usr/bin/chromium").exists() && PathBuf::from("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    say("installing Debian's chromium and chromium-driver");
    apt_install(&["chromium", "chromium-driver"])
}

fn ensure_npm_packages(env: &Env) -> Result {
    let tests = root().join("tests");
    let lock = tests.join("package-lock.json");
    let installed = tests.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
        (Ok(l), Ok(i)) => i.modified()? >= l.modified()?,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    say("installing the npm packages of the tests (npm ci)");
    let npm = |args: &[&str]| {
        let mut cmd = Command::new("npm");
        cmd.args(args).args(["--no-audit", "--no-fund"]).current_dir(&tests);
        // Tests use Debian's Chromium; never download a browser.
        cmd.env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        env.apply(&mut cmd);
        super::status(&mut cmd)
    };
    // npm 11 rejects this lock file in `npm ci` for the optional per-platform packages of
    // cbor-extract that it never records; `npm install` resolves the same locked versions.
    npm(&["ci"]).or_else(|_| {
        say("npm ci refused the lock file; installing the locked versions with npm install");
        npm(&["install"])
    })
}

fn apt_install(packages: &[&str]) -> Result {
    let mut update = Command::new("apt-get");
    update.arg("update").stdout(Stdio::null());
    super::status(&mut update)?;
    let mut install = Command::new("apt-get");
    install.args(["install", "-y", "--no-install-recommends"]).args(packages);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    super::status(&mut install)
}

/// The version of `package` that Cargo.lock pins.
fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))?;
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock").into())
}

fn output(env: &Env, program: &str, args: &[&str]) -> Option<String> {
    let mut cmd = Command::new(program);
    cmd.args(args).stderr(Stdio::null());
    env.apply(&mut cmd);
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn run(env: &Env, program: &str, args: &[&str]) -> Result {
    let mut cmd = Command::new(program);
    cmd.args(args);
    env.apply(&mut cmd);
    super::status(&mut cmd)
}

fn say(what: &str) {
    println!("==> setup: {what}");
}
