//! The desktop app on the big library: start-up to the first row of the list, and memory once
//! idle. Driven through WebDriver under Xvfb by the `bench_app` target of the end-to-end crate,
//! whose `BENCH {json}` line this reads.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::report::Row;
use crate::sample::Stats;
use crate::Bench;

#[derive(Debug, Deserialize)]
struct AppRun {
    start_ms: Vec<f64>,
    empty_start_ms: Vec<f64>,
    idle_rss_mib: f64,
    idle_pss_mib: f64,
    #[serde(default)]
    idle_anon_mib: f64,
    processes: usize,
}

/// What a failed run of the end-to-end benchmark said: the panic and its message, which come
/// before the backtrace, else the last lines.
fn why_it_failed(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    let shown: Vec<&str> = match lines.iter().position(|l| l.contains("panicked at")) {
        Some(at) => lines[at..].iter().take(3).copied().collect(),
        None => lines.iter().rev().take(5).rev().copied().collect(),
    };
    shown.join(" | ")
}

fn installed(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Measures the app as people run it: the release build, which `make bench` builds right before
/// (a tiny run in `make test` measures the debug build it has just made; its figures mean nothing).
pub fn app(bench: &mut Bench, library: &Path, size: usize) -> Result<()> {
    let target = bench
        .exe
        .parent()
        .and_then(Path::parent)
        .context("no target folder")?;
    // The build made last: `make bench` builds the release app right before, `make test` the
    // debug one.
    let (binary, build) = ["release", "debug"]
        .iter()
        .map(|profile| (target.join(profile).join("tidings-app"), *profile))
        .filter_map(|(binary, profile)| {
            let modified = std::fs::metadata(&binary).and_then(|m| m.modified()).ok()?;
            Some((modified, binary, profile))
        })
        .max_by_key(|(modified, _, _)| *modified)
        .map_or_else(
            || (target.join("debug").join("tidings-app"), "debug"),
            |(_, binary, profile)| (binary, profile),
        );
    if !binary.is_file() {
        bench.skip("app start-up and memory", "the app is not built (make app)");
        return Ok(());
    }
    for program in ["xvfb-run", "tauri-driver", "WebKitWebDriver"] {
        if !installed(program) {
            bench.skip(
                "app start-up and memory",
                &format!("{program} is not installed (make setup)"),
            );
            return Ok(());
        }
    }
    let runs = if bench.tiny { 1 } else { 7 };
    let output = Command::new("xvfb-run")
        .args(["-a", "--server-args=-screen 0 1280x800x24"])
        .args([
            "cargo",
            "test",
            "-q",
            "-p",
            "e2e",
            "--test",
            "bench_app",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .env("TIDINGS_APP_BIN", &binary)
        .env("TIDINGS_BENCH_LIBRARY", std::fs::canonicalize(library)?)
        .env("TIDINGS_BENCH_RUNS", runs.to_string())
        .output()
        .context("running the app benchmark")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(line) = stdout.lines().find_map(|l| l.strip_prefix("BENCH ")) else {
        bail!(
            "the app benchmark printed no figures: {}",
            why_it_failed(&String::from_utf8_lossy(&output.stderr))
        );
    };
    let run: AppRun = serde_json::from_str(line)?;
    let median = |ms: &[f64]| {
        Stats::of(
            ms.iter()
                .map(|ms| std::time::Duration::from_secs_f64(ms / 1000.0))
                .collect(),
        )
        .p50
        .as_secs_f64()
    };
    let scenario = format!("app start-up, {size} articles");
    bench.rows.push(
        Row::bounded(
            &scenario,
            "to first list row, median",
            median(&run.start_ms),
            "s",
            1.0,
        )
        .baseline(
            "empty library, to its first-run screen",
            median(&run.empty_start_ms),
        )
        .note(format!(
            "the {build} build under Xvfb, {} launches of each through WebDriver \
             (the driver's own start included in both)",
            run.start_ms.len()
        )),
    );
    let scenario = format!("app idle memory, {size} articles");
    let note = format!(
        "the {build} build, {} processes (app, web, network) 5 s after the first row",
        run.processes
    );
    bench.rows.push(
        Row::bounded(
            &scenario,
            "proportional share (PSS)",
            run.idle_pss_mib,
            "MiB",
            250.0,
        )
        .note(format!(
            "{note}; shared libraries counted once across the processes"
        )),
    );
    bench.rows.push(
        Row::bounded(
            &scenario,
            "private (anonymous)",
            run.idle_anon_mib,
            "MiB",
            100.0,
        )
        .note(format!("{note}; heaps, JavaScript, rendering")),
    );
    bench.rows.push(
        Row::info(&scenario, "RSS, app + webview", run.idle_rss_mib, "MiB").note(format!(
            "{note}; counts the WebKit and GTK libraries again in each process"
        )),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_failure_is_told_by_its_panic_not_its_backtrace() {
        let stderr = "running 1 test\nthread 'start_up_and_idle_memory' panicked at tests/e2e/tests/bench_app.rs:29:9:\n\
                      tauri-driver did not answer in 10 s\nstack backtrace:\n   0: rust_begin_unwind\n   1: core::panicking::panic_fmt";
        assert_eq!(
            super::why_it_failed(stderr),
            "thread 'start_up_and_idle_memory' panicked at tests/e2e/tests/bench_app.rs:29:9: | \
             tauri-driver did not answer in 10 s | stack backtrace:"
        );
        assert_eq!(super::why_it_failed("a\nb"), "a | b");
    }
}
