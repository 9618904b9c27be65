//! Clipping from local servers: one page end to end (fetch, extract, sanitise, store, index)
//! over the Mozilla corpus, and a bulk import of generated pages spread over many loopback hosts
//! with the per-host limit on, in a child process so its peak memory is its own.

use std::fmt::Write as _;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use test_server::{Response, TestServer};
use tidings_core::import::ImportFormat;
use tidings_core::importer::ImportOptions;
use tidings_core::{ClipOptions, Library};

use crate::gen::Pages;
use crate::report::Row;
use crate::sample::{ms, peak_rss_mib, Stats};
use crate::{Bench, Corpus};

/// A corpus's pages, by folder name, in name order (the first `limit`). A page that is not UTF-8
/// (a golden page in a legacy charset) is read with its bad bytes replaced.
pub fn corpus_pages(corpus: &Corpus, limit: usize) -> Result<Vec<(String, String)>> {
    let mut names: Vec<String> = std::fs::read_dir(&corpus.dir)
        .with_context(|| format!("reading the corpus at {}", corpus.dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| corpus.dir.join(n).join(&corpus.file).is_file())
        .collect();
    names.sort();
    names.truncate(limit);
    names
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(corpus.dir.join(&n).join(&corpus.file))?;
            Ok((n, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}

/// Clips every page of the corpus from a local server, each into a library that does not have it
/// yet.
pub async fn clip(bench: &mut Bench) -> Result<()> {
    let Some(corpus) = bench.corpus_or_skip("clip one page end to end") else {
        return Ok(());
    };
    let pages = corpus_pages(&corpus, if bench.tiny { 5 } else { usize::MAX })?;
    let paths: Vec<String> = pages.iter().map(|(name, _)| format!("/{name}/")).collect();
    let server = TestServer::start(
        paths
            .iter()
            .zip(&pages)
            .map(|(path, (_, html))| (path.as_str(), Response::html(html.clone())))
            .collect(),
    );
    let (warmup, n) = bench.iterations(pages.len().min(10), pages.len() * 2);
    let scratch = tempfile::tempdir()?;
    let mut timings = Vec::with_capacity(n);
    let mut library: Option<Library> = None;
    let mut duplicates = 0;
    for i in 0..warmup + n {
        // A new library for each pass over the corpus, so no clip is a duplicate.
        if i % pages.len() == 0 {
            library = Some(Library::open(scratch.path().join(format!("clip-{i}.db"))).await?);
        }
        let Some(lib) = &library else {
            bail!("no library")
        };
        let url = server.url(&paths[i % pages.len()]);
        let started = Instant::now();
        let outcome = lib.clip(&url, ClipOptions::default()).await?;
        let elapsed = started.elapsed();
        if outcome.already_saved {
            // A corpus page that is another's copy (same canonical address) saves nothing.
            duplicates += 1;
        } else if i >= warmup {
            timings.push(elapsed);
        }
    }
    let timed = timings.len();
    let stats = Stats::of(timings);
    let note = format!(
        "{} pages of {} from 127.0.0.1, {} clips timed after {warmup} warm-up ({duplicates} left out: copies of another page)",
        pages.len(),
        corpus.name,
        timed
    );
    bench.rows.push(
        Row::bounded("clip one page end to end", "p50", ms(stats.p50), "ms", 15.0)
            .note(note.clone()),
    );
    bench.rows.push(
        Row::bounded("clip one page end to end", "p95", ms(stats.p95), "ms", 40.0).note(note),
    );
    Ok(())
}

/// What the import child reports.
#[derive(Debug, Serialize, Deserialize)]
pub struct ImportRun {
    pub seconds: f64,
    pub saved: u32,
    pub failed: u32,
    pub peak_mib: Option<f64>,
    pub first_failure: Option<String>,
}

/// The import child: imports the URL list into the library, prints an [`ImportRun`] as JSON.
pub async fn import_child(urls: &Path, library: &Path) -> Result<()> {
    let started = Instant::now();
    let lib = Library::open(library).await?;
    let report = lib
        .import(
            urls,
            &ImportOptions {
                format: ImportFormat::Urls,
                keep_going: true,
                ..ImportOptions::default()
            },
            None,
            None,
        )
        .await?;
    let run = ImportRun {
        seconds: started.elapsed().as_secs_f64(),
        saved: report.saved,
        failed: report.failed,
        peak_mib: peak_rss_mib(),
        first_failure: report
            .failures
            .first()
            .map(|f| format!("{}: {}", f.url, f.reason)),
    };
    println!("{}", serde_json::to_string(&run)?);
    Ok(())
}

/// Loopback servers, one per host, each serving its share of `count` generated pages.
struct Hosts {
    _servers: Vec<TestServer>,
    urls: Vec<String>,
}

fn serve_pages(count: usize, hosts: usize) -> Hosts {
    let pages = Pages::new(11);
    let mut servers = Vec::new();
    let mut urls = vec![String::new(); count];
    for h in 0..hosts {
        let indices: Vec<usize> = (h..count).step_by(hosts).collect();
        let paths: Vec<String> = indices.iter().map(|i| format!("/story/{i}")).collect();
        let routes = paths
            .iter()
            .zip(&indices)
            .map(|(p, &i)| (p.as_str(), Response::html(pages.page(i))))
            .collect();
        #[allow(clippy::cast_possible_truncation)]
        let server = TestServer::start_on(Ipv4Addr::new(127, 0, 0, 1 + h as u8), routes);
        for (p, &i) in paths.iter().zip(&indices) {
            urls[i] = server.url(p);
        }
        servers.push(server);
    }
    Hosts {
        _servers: servers,
        urls,
    }
}

/// Runs the import child on `urls` into `library`; returns what it reported and the wall time.
fn run_import_child(bench: &Bench, urls: &Path, library: &Path) -> Result<(ImportRun, Duration)> {
    let started = Instant::now();
    let output = Command::new(&bench.exe)
        .arg("import-child")
        .arg(urls)
        .arg(library)
        .output()
        .context("starting the import child")?;
    let wall = started.elapsed();
    if !output.status.success() {
        bail!(
            "the import child failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let run: ImportRun =
        serde_json::from_slice(&output.stdout).context("reading the import child's report")?;
    if run.failed > 0 {
        bail!(
            "{} of the imported pages failed, first: {}",
            run.failed,
            run.first_failure.unwrap_or_default()
        );
    }
    Ok((run, wall))
}

/// Imports `count` URLs over `hosts` hosts into a new library, then into copies of each
/// generated library of `scaling` (the scaling story).
pub async fn import(
    bench: &mut Bench,
    count: usize,
    hosts: usize,
    scaling: &[(usize, PathBuf)],
) -> Result<()> {
    let served = serve_pages(count, hosts);
    let scratch = tempfile::tempdir()?;
    let list = scratch.path().join("urls.txt");
    let mut text = String::new();
    for url in &served.urls {
        let _ = writeln!(text, "{url}");
    }
    std::fs::write(&list, text)?;
    let (run, wall) = run_import_child(bench, &list, &scratch.path().join("empty.db"))?;
    let scenario = format!("import {count} URLs over {hosts} hosts");
    let note = format!(
        "{} saved; per-host limit 2 with a 100 ms pause; whole process",
        run.saved
    );
    bench
        .rows
        .push(Row::bounded(&scenario, "wall time", wall.as_secs_f64(), "s", 5.0).note(note));
    if let Some(peak) = run.peak_mib {
        bench
            .rows
            .push(Row::bounded(&scenario, "peak RSS", peak, "MiB", 300.0));
    }
    for (size, library) in scaling {
        let copy = scratch.path().join(format!("copy-{size}.db"));
        std::fs::copy(library, &copy)?;
        let (run, wall) = run_import_child(bench, &list, &copy)?;
        let _ = std::fs::remove_file(&copy);
        bench.rows.push(
            Row::info(
                &format!("import {count} URLs into {size} articles"),
                "wall time",
                wall.as_secs_f64(),
                "s",
            )
            .note(format!(
                "{} saved; peak {:.0} MiB",
                run.saved,
                run.peak_mib.unwrap_or(0.0)
            )),
        );
    }
    Ok(())
}
