//! Extraction of the Mozilla corpus: our engine in-process (time and peak memory of the batch,
//! in a child process), and against Readability.js through the shared extraction harness
//! (`../shared/bench/extract`), which times both in the same run and scores their quality.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::report::Row;
use crate::sample::peak_rss_mib;
use crate::scenarios::clipping::corpus_pages;
use crate::{Bench, Corpus};

/// What the extraction child reports.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExtractRun {
    pub pages: usize,
    pub failures: usize,
    /// The extraction calls alone (files are read first).
    pub seconds: f64,
    pub peak_mib: Option<f64>,
}

/// The extraction child: extracts every page of the corpus, prints an [`ExtractRun`] as JSON.
pub fn extract_child(corpus: &Corpus, limit: usize) -> Result<()> {
    let pages = corpus_pages(corpus, limit)?;
    // The address Readability's own tests give these pages.
    let url = Url::parse("http://fakehost/test/page.html")?;
    let mut failures = 0;
    let mut spent = Duration::ZERO;
    for (_, html) in &pages {
        let started = Instant::now();
        let result = tidings_core::extract::extract(html, &url);
        spent += started.elapsed();
        if result.is_err() {
            failures += 1;
        }
        drop(std::hint::black_box(result));
    }
    let run = ExtractRun {
        pages: pages.len(),
        failures,
        seconds: spent.as_secs_f64(),
        peak_mib: peak_rss_mib(),
    };
    println!("{}", serde_json::to_string(&run)?);
    Ok(())
}

/// The batch in a child process: time and peak memory.
pub fn batch(bench: &mut Bench) -> Result<()> {
    let scenario = "extract the Mozilla corpus";
    let Some(corpus) = bench.corpus_or_skip(scenario) else {
        return Ok(());
    };
    let limit = if bench.tiny { 5 } else { usize::MAX };
    let output = Command::new(&bench.exe)
        .arg("extract-child")
        .arg(&corpus.dir)
        .arg(&corpus.file)
        .arg(limit.to_string())
        .output()
        .context("starting the extraction child")?;
    if !output.status.success() {
        bail!(
            "the extraction child failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let run: ExtractRun = serde_json::from_slice(&output.stdout)?;
    let note = format!(
        "{} pages of {} in one process, {} failed",
        run.pages, corpus.name, run.failures
    );
    bench
        .rows
        .push(Row::info(scenario, "extraction time, in-process", run.seconds, "s").note(note));
    if let Some(peak) = run.peak_mib {
        bench.rows.push(
            Row::bounded(scenario, "peak RSS of the batch", peak, "MiB", 60.0)
                .note("the whole process, pages read first"),
        );
    }
    Ok(())
}

/// Our engine and Readability.js side by side through the shared harness.
pub fn against_readability(bench: &mut Bench) -> Result<()> {
    let harness = bench.shared.join("bench/extract");
    if !harness.join("run").is_file() || !bench.shared.join("corpus/mozilla").is_dir() {
        bench.skip(
            "extract vs Readability.js",
            &format!(
                "the extraction harness and Mozilla corpus were not found in {} \
                 (set TIDINGS_SHARED)",
                bench.shared.display()
            ),
        );
        return Ok(());
    }
    let cli = bench.exe.with_file_name("tidings");
    if !cli.is_file() {
        bench.skip(
            "extract vs Readability.js",
            &format!("{} is not built", cli.display()),
        );
        return Ok(());
    }
    if Command::new("node").arg("--version").output().is_err() {
        bench.skip(
            "extract vs Readability.js",
            "node is not installed (make setup installs it)",
        );
        return Ok(());
    }
    let setup = Command::new(harness.join("setup"))
        .arg("js")
        .output()
        .context("running the harness set-up")?;
    if !setup.status.success() {
        bench.skip(
            "extract vs Readability.js",
            "the harness could not install Readability.js (npm)",
        );
        return Ok(());
    }
    let output = Command::new(harness.join("run"))
        .args([
            "mozilla",
            "--engines",
            "readability-js,tidings",
            "--no-write",
        ])
        .env("EXTRACT_CMD", &cli)
        .env("EXTRACT_NAME", "tidings")
        .output()
        .context("running the extraction harness")?;
    if !output.status.success() {
        bail!(
            "the extraction harness failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let table = String::from_utf8_lossy(&output.stdout);
    let (ours, theirs) = (
        harness_row(&table, "tidings")?,
        harness_row(&table, "readability-js")?,
    );
    let scenario = "extract the Mozilla corpus";
    bench.rows.push(
        Row::bounded(
            scenario,
            "time / Readability.js time",
            ours.ratio,
            "×",
            0.02,
        )
        .note(format!(
            "shared harness, 3 interleaved rounds, median of the per-round ratios; \
             extraction {:.2} s vs Readability.js {:.1} s (medians)",
            ours.extract_s, theirs.extract_s
        )),
    );
    bench.rows.push(
        Row::info(scenario, "quality F1", ours.f1, "")
            .baseline("Readability.js", theirs.f1)
            .note(format!(
                "titles right: ours {:.1} %, Readability.js {:.1} %",
                ours.titles * 100.0,
                theirs.titles * 100.0
            )),
    );
    Ok(())
}

/// One engine's figures from the harness's Markdown table.
#[derive(Debug, PartialEq)]
struct HarnessRow {
    f1: f64,
    titles: f64,
    extract_s: f64,
    ratio: f64,
}

/// Reads `| engine | version | corpus | pages | P | R | F1 | page F1 | exact | title match |
/// failures | extract s | × | process s | × |`.
fn harness_row(table: &str, engine: &str) -> Result<HarnessRow> {
    let line = table
        .lines()
        .find(|l| l.starts_with(&format!("| {engine} |")))
        .with_context(|| format!("no row for {engine} in the harness's output"))?;
    let cells: Vec<&str> = line
        .split('|')
        .map(|c| c.trim().trim_matches('*'))
        .collect();
    let number = |i: usize| -> Result<f64> {
        cells
            .get(i)
            .and_then(|c| c.parse().ok())
            .with_context(|| format!("column {i} of {engine}'s row is not a number: {line}"))
    };
    Ok(HarnessRow {
        f1: number(7)?,
        titles: number(10)?,
        extract_s: number(12)?,
        ratio: number(13)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_harness_table() {
        let table = "| engine | version |\n|---|---|\n\
            | tidings | external | mozilla | 130 | 0.999 | 0.999 | **0.999** | 0.999 | 0.96 | 1.000 | 0 | 0.31 | 0.0211 | 1.9 | 0.12 |\n";
        let row = harness_row(table, "tidings").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            row,
            HarnessRow {
                f1: 0.999,
                titles: 1.0,
                extract_s: 0.31,
                ratio: 0.0211
            }
        );
        assert!(harness_row(table, "readability-js").is_err());
    }
}
