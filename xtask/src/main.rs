//! `cargo xtask <command>`: the project's commands.
//!
//! Every command first installs what is missing (see `tools`), so a fresh clone needs only
//! cargo, node/npm and root (apt) to get going.

mod compress;
mod fuzz;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run     install missing tools, build the app in release mode and start the relay
          on http://127.0.0.1:8080 with storage under ./data and demo data
  test    install missing tools and run every check and test (what CI runs)
  build   build the app (dist/) and the relay in release mode
  bench   run the benchmarks and print their figures (no pass/fail)
  fuzz    run the fuzz targets of fuzz/ for a set time each and print what they found
          (`cargo xtask fuzz [--seconds N] [target...]`; nightly, not part of CI)
  setup   only install the missing tools
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("build") => tools::ensure_all().and_then(|env| build_release(&env)),
        Some("bench") => bench(&args[1..]),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("setup") => tools::ensure_all().map(|_| ()),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(extra: &[String]) -> Result {
    let env = tools::ensure_all()?;
    build_release(&env)?;
    let relay = relay_binary();
    println!();
    println!("Sportello is starting on http://127.0.0.1:8080");
    println!("  all CPIs:           http://127.0.0.1:8080/");
    println!("  totem of Bari:      http://127.0.0.1:8080/totem/bari");
    println!("  operators:          http://127.0.0.1:8080/operatore");
    println!("  health:             http://127.0.0.1:8080/healthz");
    println!();
    println!("Demo accounts (one pair per pilot CPI, password demo-<cpi>):");
    // The relay gives demo accounts to the pilot CPIs (crates/relay/src/demo.rs).
    for slug in sportello_core::cpi::cpis().iter().filter(|c| c.pilot).map(|c| c.slug.as_str()) {
        println!("  operatore.{slug:<16} responsabile.{slug:<16} password: demo-{slug}");
    }
    println!("To enroll a totem: sign in as an operator, generate a code, open /totem/<cpi>/attiva.");
    println!();
    let mut cmd = Command::new(relay);
    cmd.args(["--listen", "127.0.0.1:8080", "--data-dir", "data", "--dist", "dist", "--demo"])
        .args(extra)
        .current_dir(root());
    env.apply(&mut cmd);
    status(&mut cmd)
}

fn bench(extra: &[String]) -> Result {
    let env = tools::ensure_all()?;
    build_relay(&env)?;
    let mut sync_bench = Command::new("node");
    sync_bench
        .arg("bench/sync-bench.mjs")
        .args(extra)
        .current_dir(root().join("tests"))
        .env("SPORTELLO_RELAY_BIN", relay_binary());
    env.apply(&mut sync_bench);
    step(
        "sync: server CPU, memory and latency, relay vs automerge-repo's JS server, medians of rounds",
        &mut sync_bench,
    )?;

    build_release(&env)?;
    step("operators' desk at 100,000 dossiers, in WASM in Chromium", &mut app_bench(&env, "bench/desk-bench.mjs"))?;
    step("the kiosk: sizes and the charter on screen, in Chromium", &mut app_bench(&env, "bench/kiosk-bench.mjs"))
}

/// A benchmark script of `tests/` that opens the release build in Chromium.
fn app_bench(env: &tools::Env, script: &str) -> Command {
    let mut cmd = Command::new("node");
    cmd.arg(script)
        .current_dir(root().join("tests"))
        .env("SPORTELLO_RELAY_BIN", relay_binary())
        .env("SPORTELLO_DIST", root().join("dist"));
    env.apply(&mut cmd);
    cmd
}

fn test(extra: &[String]) -> Result {
    let env = tools::ensure_all()?;
    let only_e2e = extra.iter().any(|a| a == "--e2e");

    if !only_e2e {
        step("format", cargo(&env).args(["fmt", "--all", "--check"]))?;
        step(
            "clippy (host)",
            cargo(&env).args([
                "clippy",
                "--workspace",
                "--exclude",
                "sportello",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        )?;
        step(
            "clippy (app, wasm32)",
            cargo(&env).args([
                "clippy",
                "-p",
                "sportello",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ]),
        )?;
        step("unit and integration tests", cargo(&env).args(["test", "--workspace", "--exclude", "sportello"]))?;
        step("app unit tests (host)", cargo(&env).args(["test", "-p", "sportello", "--lib"]))?;
    }

    // The browser tests run the shipped artifact: the release app served by a real relay.
    build_app(&env)?;
    step("build relay", cargo(&env).args(["build", "-p", "sportello-relay"]))?;
    let relay = root().join("target/debug/sportello-relay");
    let mut e2e = Command::new("npx");
    e2e.args(["playwright", "test"])
        .args(extra.iter().filter(|a| *a != "--e2e"))
        .current_dir(root().join("tests"))
        .env("SPORTELLO_RELAY_BIN", &relay)
        .env("SPORTELLO_DIST", root().join("dist"));
    step("browser tests (Chromium)", &mut e2e)
}

fn build_release(env: &tools::Env) -> Result {
    build_app(env)?;
    build_relay(env)
}

/// The relay in the `relay` profile: release, with every crate built for speed (Cargo.toml).
fn build_relay(env: &tools::Env) -> Result {
    step("build relay (release)", cargo(env).args(["build", "--profile", "relay", "-p", "sportello-relay"]))
}

fn relay_binary() -> PathBuf {
    root().join("target/relay/sportello-relay")
}

/// The three builds of the app into `dist/`: the full app (`index.html`), then the kiosk
/// (`kiosk.html`, the totem's screens only) into `dist/kiosk/` and the phone pages
/// (`phone.html`, what a totem's QR codes open) into `dist/phone/` (Trunk cannot split one
/// wasm, and a Trunk build empties its own dist first, so the full app comes first); then
/// every file precompressed for the relay.
fn build_app(env: &tools::Env) -> Result {
    step("build app (release)", trunk(env).args(["build", "--release"]))?;
    for (name, page) in [("kiosk", "kiosk.html"), ("phone", "phone.html")] {
        let (dist, url) = (format!("dist/{name}"), format!("/{name}/"));
        step(
            &format!("build {name} (release)"),
            trunk(env).args(["build", page, "--release", "--dist", &dist, "--public-url", &url]),
        )?;
    }
    println!("\n==> precompress dist/ (brotli, gzip)");
    compress::precompress(&root().join("dist"))
}

fn cargo(env: &tools::Env) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    env.apply(&mut cmd);
    cmd
}

fn trunk(env: &tools::Env) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.current_dir(root());
    env.apply(&mut cmd);
    cmd
}

fn step(name: &str, cmd: &mut Command) -> Result {
    println!("\n==> {name}");
    status(cmd).map_err(|e| format!("{name}: {e}").into())
}

fn status(cmd: &mut Command) -> Result {
    let st = cmd.status().map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    if st.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed ({st})", cmd.get_program()).into())
    }
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent").to_path_buf()
}
