//! `cargo xtask fuzz`: runs the coverage-guided targets of `fuzz/` (cargo fuzz, libFuzzer)
//! one after the other, each for a set time on one core, and prints what each found.
//!
//! New inputs that reach new code go to `fuzz/work/<target>/` (not committed); the small
//! committed seed corpus in `fuzz/corpus/<target>/` is read, never written. A crashing input
//! lands in `fuzz/artifacts/<target>/` and stops that target; the others still run.

use super::{root, tools, Result};
use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const DEFAULT_SECONDS: u64 = 60;
/// An input that takes longer than this is reported as a finding (a hang).
const UNIT_TIMEOUT_SECONDS: u64 = 25;

const USAGE: &str = "\
usage: cargo xtask fuzz [--seconds N] [target...]

Runs each fuzz target (all of them by default) for N seconds (default 60), one at a time,
and prints per target the runs, coverage and any crash with its input file.
Targets: see `fuzz/fuzz_targets/` or `cargo fuzz list`.";

/// What one target's run found.
#[derive(Default)]
struct Report {
    target: String,
    runs: Option<u64>,
    exec_per_sec: Option<u64>,
    cov: Option<u64>,
    features: Option<u64>,
    corpus: Option<String>,
    new_units: Option<u64>,
    /// libFuzzer's one-line reason ("deadly signal", "timeout"...) and the panic message.
    failure: Vec<String>,
    artifacts: Vec<PathBuf>,
    exit_ok: bool,
}

impl Report {
    fn found_something(&self) -> bool {
        !self.exit_ok || !self.artifacts.is_empty()
    }
}

pub fn fuzz(args: &[String]) -> Result {
    let (seconds, mut targets) = parse_args(args)?;
    let env = tools::ensure_fuzzing()?;
    let fuzz_dir = root().join("fuzz");
    let known = list_targets(&env, &fuzz_dir)?;
    if targets.is_empty() {
        targets = known.clone();
    }
    if let Some(unknown) = targets.iter().find(|t| !known.contains(t)) {
        return Err(format!("no fuzz target {unknown:?}; the targets are: {}", known.join(", ")).into());
    }

    super::step("build fuzz targets (nightly, sanitizer)", cargo_fuzz(&env, &fuzz_dir).arg("build"))?;
    let mut reports = Vec::new();
    for target in &targets {
        println!("\n==> fuzz {target} for {seconds} s");
        reports.push(run_target(&env, &fuzz_dir, target, seconds)?);
    }

    println!("\n==> fuzzing summary ({seconds} s per target)");
    println!(
        "{:<16} {:>10} {:>8} {:>7} {:>8} {:>14} {:>6}  result",
        "target", "runs", "exec/s", "cov", "features", "corpus", "new"
    );
    let dash = |v: Option<u64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    for r in &reports {
        let result = if r.found_something() { "CRASH" } else { "ok" };
        println!(
            "{:<16} {:>10} {:>8} {:>7} {:>8} {:>14} {:>6}  {result}",
            r.target,
            dash(r.runs),
            dash(r.exec_per_sec),
            dash(r.cov),
            dash(r.features),
            r.corpus.as_deref().unwrap_or("-"),
            dash(r.new_units),
        );
    }
    let crashed: Vec<&Report> = reports.iter().filter(|r| r.found_something()).collect();
    for r in &crashed {
        println!("\n{}: {}", r.target, if r.failure.is_empty() { "failed".into() } else { r.failure.join(" / ") });
        for artifact in &r.artifacts {
            println!("  input:     {}", artifact.display());
            println!("  reproduce: cargo +nightly fuzz run {} {}", r.target, artifact.display());
            println!("  show it:   cargo +nightly fuzz fmt {} {}", r.target, artifact.display());
        }
    }
    if crashed.is_empty() {
        println!("\nno crashes");
        Ok(())
    } else {
        Err(format!("{} of {} targets found a crash", crashed.len(), reports.len()).into())
    }
}

fn parse_args(args: &[String]) -> Result<(u64, Vec<String>)> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().ok_or(format!("--seconds needs a number\n{USAGE}"))?;
                seconds = value
                    .parse()
                    .ok()
                    .filter(|&s| s > 0)
                    .ok_or(format!("--seconds {value:?}: not a number\n{USAGE}"))?;
            }
            "-h" | "--help" => return Err(USAGE.into()),
            flag if flag.starts_with('-') => return Err(format!("unknown flag {flag}\n{USAGE}").into()),
            target => targets.push(target.to_string()),
        }
    }
    Ok((seconds, targets))
}

/// `cargo +nightly fuzz` in the project root (whatever toolchain runs xtask).
fn cargo_fuzz(env: &tools::Env, fuzz_dir: &Path) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(["+nightly", "fuzz"]).current_dir(fuzz_dir.parent().expect("fuzz/ is in the root"));
    env.apply(&mut cmd);
    cmd.env_remove("RUSTUP_TOOLCHAIN").env_remove("RUSTC").env_remove("CARGO");
    cmd
}

fn list_targets(env: &tools::Env, fuzz_dir: &Path) -> Result<Vec<String>> {
    let out = cargo_fuzz(env, fuzz_dir).arg("list").stderr(Stdio::inherit()).output()?;
    if !out.status.success() {
        return Err("cargo fuzz list failed".into());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

fn files(dir: &Path) -> BTreeSet<PathBuf> {
    fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default()
}

fn run_target(env: &tools::Env, fuzz_dir: &Path, target: &str, seconds: u64) -> Result<Report> {
    let work = fuzz_dir.join("work").join(target);
    let seeds = fuzz_dir.join("corpus").join(target);
    let artifacts = fuzz_dir.join("artifacts").join(target);
    let logs = fuzz_dir.join("logs");
    for dir in [&work, &seeds, &artifacts, &logs] {
        fs::create_dir_all(dir)?;
    }
    let artifacts_before = files(&artifacts);
    let log_path = logs.join(format!("{target}.log"));
    let mut log = fs::File::create(&log_path)?;

    // One process on one core: no -jobs/-fork, which would spawn workers.
    let mut cmd = cargo_fuzz(env, fuzz_dir);
    cmd.args(["run", target])
        .arg(&work)
        .arg(&seeds)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={UNIT_TIMEOUT_SECONDS}"))
        .arg("-print_final_stats=1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    // libFuzzer writes everything to stderr; stdout only gets the target's own prints.
    let stdout = child.stdout.take().expect("piped");
    let stdout_log = log.try_clone()?;
    let drain = std::thread::spawn(move || {
        let mut stdout_log = stdout_log;
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            let _ = writeln!(stdout_log, "{line}");
        }
    });

    let mut report = Report { target: target.to_string(), ..Report::default() };
    let mut in_panic = false;
    for line in BufReader::new(child.stderr.take().expect("piped")).lines() {
        let line = line?;
        writeln!(log, "{line}")?;
        if in_panic {
            // The panic message follows the `panicked at` line.
            report.failure.push(line.trim().to_string());
            in_panic = false;
        }
        if read_line(&mut report, &line) {
            println!("{line}");
        }
        in_panic |= line.contains("panicked at");
    }
    let status = child.wait()?;
    let _ = drain.join();
    report.exit_ok = status.success();
    report.artifacts = files(&artifacts).difference(&artifacts_before).cloned().collect();
    if !report.exit_ok && report.failure.is_empty() {
        report.failure.push(format!("cargo fuzz exited with {status}; see {}", log_path.display()));
    }
    println!("(full output: {})", log_path.display());
    Ok(report)
}

/// Takes what the report needs from one line of libFuzzer's output; whether to echo it.
fn read_line(report: &mut Report, line: &str) -> bool {
    let word_after = |key: &str| {
        let mut words = line.split_whitespace();
        words.find(|w| *w == key).and_then(|_| words.next()).map(str::to_string)
    };
    let number = |key: &str| word_after(key).and_then(|v| v.parse().ok());
    if let Some(v) = line.strip_prefix("stat::number_of_executed_units:") {
        report.runs = v.trim().parse().ok();
    } else if let Some(v) = line.strip_prefix("stat::average_exec_per_sec:") {
        report.exec_per_sec = v.trim().parse().ok();
    } else if let Some(v) = line.strip_prefix("stat::new_units_added:") {
        report.new_units = v.trim().parse().ok();
    } else if line.starts_with('#') && line.contains("cov:") {
        report.cov = number("cov:").or(report.cov);
        report.features = number("ft:").or(report.features);
        report.corpus = word_after("corp:").or(report.corpus.take());
        let status = line.split_whitespace().nth(1).unwrap_or("");
        return matches!(status, "INITED" | "DONE" | "pulse");
    } else if let Some(reason) = line.split("ERROR: libFuzzer: ").nth(1) {
        report.failure.insert(0, reason.trim().to_string());
        return true;
    } else if line.contains("ERROR: AddressSanitizer") || line.contains("ERROR: LeakSanitizer") {
        report.failure.insert(0, line.trim().trim_start_matches('=').to_string());
        return true;
    }
    line.contains("panicked at")
        || line.contains("Test unit written to")
        || line.starts_with("stat::")
        || line.starts_with("Done ")
        || line.starts_with("SUMMARY:")
}
