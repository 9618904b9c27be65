//! `tidings-bench`: every hot path of Tidings measured against its target and, where one exists,
//! a baseline measured in the same run; prints one table and writes `report.md` and `report.json`.
//!
//! `make bench` runs it on full-size inputs (generated libraries of 1 000, 10 000 and 100 000
//! articles, cached between runs); `make test` runs it with `--tiny` so no scenario can rot.
//! Benchmarks never fail on a number: a missed target is a row marked "missed".

mod gen;
mod report;
mod sample;
mod scenarios;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use report::{Report, Row};
use scenarios::{app, clipping, extract, feeds, library, sizes};

/// The allocator the shipped binaries use, so in-process figures match theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "tidings-bench",
    about = "Measure Tidings' hot paths against their targets"
)]
struct Args {
    #[command(subcommand)]
    command: Option<Task>,
    /// Tiny inputs: a smoke run that proves every scenario still works.
    #[arg(long)]
    tiny: bool,
    /// Where the report goes.
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
    /// Where generated libraries are cached.
    #[arg(long, default_value = "target/bench/libraries")]
    cache: PathBuf,
    /// The folder with the outside corpora and the extraction harness (`corpus/mozilla`,
    /// `bench/extract`). When it is missing, what needs it is reported as not measured.
    #[arg(long, env = "TIDINGS_SHARED", default_value = "../shared")]
    shared: PathBuf,
    /// Only these scenarios (comma-separated: sizes, extract, clip, search, list, open, export,
    /// import, feeds, app).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

/// Work done in a child process, so its time and memory are its own.
#[derive(Subcommand)]
enum Task {
    /// Generate (or find cached) a library and print its path.
    Gen {
        #[arg(long)]
        articles: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Generate (or find cached) every library a full run uses, so `make bench` can make them
    /// while the app builds.
    Libraries,
    #[command(hide = true)]
    ExtractChild {
        corpus: PathBuf,
        file: String,
        limit: usize,
    },
    #[command(hide = true)]
    ImportChild { urls: PathBuf, library: PathBuf },
    #[command(hide = true)]
    FeedsChild { opml: PathBuf, library: PathBuf },
}

/// The library sizes of a full run: the scaling story up to the 100 000 the targets are for.
const FULL_SIZES: [usize; 3] = [1_000, 10_000, 100_000];
/// The library sizes of a tiny run.
const TINY_SIZES: [usize; 2] = [100, 300];
/// The seed every benchmark library is generated from.
const LIBRARY_SEED: u64 = 1;

/// A run in progress.
pub struct Bench {
    pub tiny: bool,
    /// This program, for child processes.
    pub exe: PathBuf,
    pub shared: PathBuf,
    /// The pages extraction and clipping are measured on, or why there are none.
    pub corpus: std::result::Result<Corpus, String>,
    /// The library size the targets are for (100 000; smaller when tiny).
    pub large: usize,
    /// The size of the export target (10 000).
    pub medium: usize,
    pub rows: Vec<Row>,
    pub skipped: Vec<(String, String)>,
}

/// A folder of pages, one folder each holding the page under one file name.
#[derive(Clone)]
pub struct Corpus {
    pub dir: PathBuf,
    /// The page's file name in each folder (`source.html` in Mozilla's corpus).
    pub file: String,
    /// What the pages are, for the report's notes.
    pub name: &'static str,
}

impl Corpus {
    fn at(dir: &Path, file: &str) -> Self {
        Self {
            dir: dir.to_path_buf(),
            file: file.to_owned(),
            name: "pages",
        }
    }

    /// The Mozilla corpus in the shared folder; when it is missing, the project's own golden
    /// pages in a tiny run (which proves the scenarios work, not their figures), else the reason
    /// nothing can be measured.
    fn find(shared: &Path, tiny: bool) -> std::result::Result<Self, String> {
        let mozilla = shared.join("corpus/mozilla");
        if mozilla.is_dir() {
            Ok(Self {
                dir: mozilla,
                file: "source.html".into(),
                name: "the Mozilla corpus",
            })
        } else if tiny {
            Ok(Self {
                dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/extract"),
                file: "input.html".into(),
                name: "the project's golden pages",
            })
        } else {
            Err(format!(
                "the Mozilla corpus was not found at {} (set TIDINGS_SHARED)",
                mozilla.display()
            ))
        }
    }
}

impl Bench {
    /// Warm-up and measured iterations, cut down when tiny.
    #[must_use]
    pub fn iterations(&self, warmup: usize, n: usize) -> (usize, usize) {
        if self.tiny {
            (warmup.min(1), n.min(3))
        } else {
            (warmup, n)
        }
    }

    /// A scenario's failure: fatal in a tiny run (so `make test` catches a rotten benchmark),
    /// else reported and the run goes on.
    ///
    /// # Errors
    /// The scenario's error, in a tiny run.
    pub fn outcome(&mut self, scenario: &str, result: Result<()>) -> Result<()> {
        match result {
            Err(error) if self.tiny => Err(error.context(format!("the {scenario} benchmark"))),
            Err(error) => {
                self.skip(scenario, &format!("failed: {error:#}"));
                Ok(())
            }
            Ok(()) => Ok(()),
        }
    }

    /// The pages to measure `scenario` on, or `None` with the scenario reported as not measured.
    pub fn corpus_or_skip(&mut self, scenario: &str) -> Option<Corpus> {
        match self.corpus.clone() {
            Ok(corpus) => Some(corpus),
            Err(reason) => {
                self.skip(scenario, &reason);
                None
            }
        }
    }

    pub fn skip(&mut self, scenario: &str, reason: &str) {
        eprintln!("skipped {scenario}: {reason}");
        self.skipped.push((scenario.into(), reason.into()));
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| std::env::consts::ARCH.into());
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or_else(String::new, |kib| {
            format!(", {:.0} GB RAM", sample::kib_to_mib(kib) / 1024.0)
        });
    format!("{cpu}, {cores} cores{memory}, {}", std::env::consts::OS)
}

async fn run(args: &Args) -> Result<Report> {
    let started = Instant::now();
    let mut bench = Bench {
        tiny: args.tiny,
        exe: std::env::current_exe()?,
        shared: args.shared.clone(),
        corpus: Corpus::find(&args.shared, args.tiny),
        large: if args.tiny { 300 } else { 100_000 },
        medium: if args.tiny { 100 } else { 10_000 },
        rows: Vec::new(),
        skipped: Vec::new(),
    };
    let wanted = |s: &str| args.only.is_empty() || args.only.iter().any(|o| o == s);
    if wanted("sizes") {
        let release = bench
            .exe
            .parent()
            .map_or_else(|| PathBuf::from("target/release"), Path::to_path_buf);
        sizes::sizes(&mut bench, &release);
    }
    if wanted("extract") {
        let result = extract::batch(&mut bench);
        bench.outcome("extract the Mozilla corpus", result)?;
        if args.tiny {
            bench.skip("extract vs Readability.js", "not in a tiny run");
        } else {
            let result = extract::against_readability(&mut bench);
            bench.outcome("extract vs Readability.js", result)?;
        }
    }
    if wanted("clip") {
        let result = clipping::clip(&mut bench).await;
        bench.outcome("clip one page", result)?;
    }
    let sizes: &[usize] = if args.tiny { &TINY_SIZES } else { &FULL_SIZES };
    let mut libraries = Vec::new();
    if ["search", "list", "open", "export", "import", "app"]
        .iter()
        .any(|s| wanted(s))
    {
        for &n in sizes {
            libraries.push((n, gen::library(&args.cache, n, LIBRARY_SEED).await?));
        }
    }
    for (n, path) in &libraries {
        if wanted("search") {
            let result = library::search(&mut bench, path, *n).await;
            bench.outcome("search", result)?;
            let result = library::typing(&mut bench, path, *n).await;
            bench.outcome("search as you type", result)?;
        }
        if wanted("list") && *n >= bench.medium {
            let result = library::list(&mut bench, path, *n).await;
            bench.outcome("list", result)?;
        }
        if wanted("open") && *n == bench.large {
            let result = library::open(&mut bench, path, *n).await;
            bench.outcome("open", result)?;
        }
        if wanted("export") && *n == bench.medium {
            let result = library::export(&mut bench, path, *n).await;
            bench.outcome("export", result)?;
        }
        if wanted("app") && *n == bench.large {
            let result = app::app(&mut bench, path, *n);
            bench.outcome("app", result)?;
        }
    }
    if wanted("import") {
        let (count, hosts) = if args.tiny { (40, 4) } else { (1_000, 20) };
        let result = clipping::import(&mut bench, count, hosts, &libraries).await;
        bench.outcome("import", result)?;
    }
    if wanted("feeds") {
        // 500 feeds of 50 items on 20 hosts; the stream over 100 000 items (500 feeds of 200).
        let (feeds, hosts, items, stream_items) = if args.tiny {
            (20, 4, 10, 40)
        } else {
            (500, 20, 50, 200)
        };
        let result = feeds::refresh(&mut bench, feeds, hosts, items);
        bench.outcome("refresh feeds", result)?;
        let result = feeds::stream_page(&mut bench, feeds, hosts, stream_items).await;
        bench.outcome("stream page", result)?;
    }
    Ok(Report {
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        machine: machine(),
        tiny: args.tiny,
        seconds: started.elapsed().as_secs_f64(),
        rows: bench.rows,
        skipped: bench.skipped,
    })
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    match &args.command {
        Some(Task::Gen { articles, seed }) => {
            let path = gen::library(&args.cache, *articles, *seed).await?;
            println!("{}", path.display());
        }
        Some(Task::Libraries) => {
            for &n in &FULL_SIZES {
                let path = gen::library(&args.cache, n, LIBRARY_SEED).await?;
                println!("{}", path.display());
            }
        }
        Some(Task::ExtractChild {
            corpus,
            file,
            limit,
        }) => extract::extract_child(&Corpus::at(corpus, file), *limit)?,
        Some(Task::ImportChild { urls, library }) => clipping::import_child(urls, library).await?,
        Some(Task::FeedsChild { opml, library }) => feeds::feeds_child(opml, library).await?,
        None => {
            let report = run(&args).await?;
            let out = if args.tiny {
                args.out.join("tiny")
            } else {
                args.out.clone()
            };
            report
                .write(&out)
                .with_context(|| format!("writing the report to {}", out.display()))?;
            println!("{}", report.markdown());
            println!("Written to {}/report.md and report.json", out.display());
        }
    }
    Ok(())
}
