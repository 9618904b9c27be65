//! A benchmark, not a test (ignored by `cargo test`; `make bench` runs it through
//! `tidings-bench`): the real app's start-up on a big library, from asking for it to the first
//! row of the list on screen, and its memory once idle (the app and its webview processes).
//!
//! `TIDINGS_BENCH_LIBRARY=PATH xvfb-run -a cargo test -p e2e --test bench_app -- --ignored`
//! prints one line `BENCH {json}`. The app opens a hard link to the library in a temporary
//! folder, with today's backup already present, so the run neither copies the big file nor
//! writes beside it. The start time includes WebKitWebDriver launching the app and answering the
//! session: an upper bound on what a user waits for.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use e2e::{app_binary, require_display, TauriDriver};
use fantoccini::{Client, Locator};

/// The first row of the article list.
const FIRST_ROW: &str = "[data-testid=article-title]";
/// The first-run screen of an empty library: the baseline start-up.
const EMPTY_SCREEN: &str = "[data-testid=empty-library]";
/// How long to let the app settle before reading its memory.
const SETTLE: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: make bench runs it"]
async fn start_up_and_idle_memory() {
    if let Err(error) = measure().await {
        panic!("{error:#}");
    }
}

async fn measure() -> Result<()> {
    let app = app_binary()?;
    require_display()?;
    let library = PathBuf::from(
        std::env::var_os("TIDINGS_BENCH_LIBRARY").context("TIDINGS_BENCH_LIBRARY is not set")?,
    );
    let runs: usize = std::env::var("TIDINGS_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let folder = tempfile::tempdir()?;
    let link = folder.path().join("library.sqlite3");
    std::fs::hard_link(&library, &link).with_context(|| {
        format!(
            "linking {} into {}",
            library.display(),
            folder.path().display()
        )
    })?;
    let backups = tidings_core::library_backups::folder(&link);
    std::fs::create_dir_all(&backups)?;
    let today =
        tidings_core::library_backups::name_for(&link, &tidings_core::library_backups::today());
    std::fs::write(backups.join(today), b"")?;
    let library_arg = link.to_str().context("the temporary path is not UTF-8")?;
    let empty = folder.path().join("empty.sqlite3");
    let empty_arg = empty.to_str().context("the temporary path is not UTF-8")?;

    // The baseline: the same app and driver on an empty library, up to its first-run screen.
    let mut empty_starts = Vec::new();
    for _ in 0..runs {
        let config = tempfile::tempdir()?;
        let driver = TauriDriver::start_with_env(
            Duration::from_secs(10),
            &[("XDG_CONFIG_HOME", config.path())],
        )?;
        let started = Instant::now();
        let client = driver.launch(&app, &["--library", empty_arg]).await?;
        let shown = shown(&client, EMPTY_SCREEN).await;
        empty_starts.push(started.elapsed().as_secs_f64() * 1000.0);
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        shown?;
    }

    let mut starts = Vec::new();
    let mut memory = None;
    for run in 0..runs {
        let config = tempfile::tempdir()?;
        let driver = TauriDriver::start_with_env(
            Duration::from_secs(10),
            &[("XDG_CONFIG_HOME", config.path())],
        )?;
        let started = Instant::now();
        let client = driver.launch(&app, &["--library", library_arg]).await?;
        let shown = shown(&client, FIRST_ROW).await;
        starts.push(started.elapsed().as_secs_f64() * 1000.0);
        if run + 1 == runs && shown.is_ok() {
            tokio::time::sleep(SETTLE).await;
            memory = Some(app_memory_with_webview(&app).await?);
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        shown?;
    }
    let (rss, pss, anon, processes) = memory.unwrap_or_default();
    println!(
        "BENCH {}",
        serde_json::json!({
            "app": app,
            "start_ms": starts,
            "empty_start_ms": empty_starts,
            "idle_rss_mib": rss,
            "idle_pss_mib": pss,
            "idle_anon_mib": anon,
            "processes": processes,
        })
    );
    Ok(())
}

async fn shown(client: &Client, css: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if client.find(Locator::Css(css)).await.is_ok() {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the window showed no {css} within a minute");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// [`app_memory`], once the webview's web process is running (a few tries, half a second apart).
async fn app_memory_with_webview(app: &Path) -> Result<(f64, f64, f64, usize)> {
    let mut tries = 0;
    loop {
        match app_memory(app) {
            Ok(memory) => return Ok(memory),
            Err(e) if tries >= 10 => return Err(e),
            Err(_) => tries += 1,
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The resident, proportional and private (anonymous) memory (MiB) of the app and every process under it (the
/// webview's web and network processes), and how many processes that is.
fn app_memory(app: &Path) -> Result<(f64, f64, f64, usize)> {
    let name: String = app
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(15).collect())
        .unwrap_or_default();
    // (pid, parent, name, started): live processes only; a zombie keeps its name.
    let processes: Vec<(u32, u32, String, u64)> = std::fs::read_dir("/proc")?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (comm, rest) = stat.split_once(" (")?.1.rsplit_once(") ")?;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            if fields.first() == Some(&"Z") {
                return None;
            }
            let parent = fields.get(1)?.parse().ok()?;
            let started = fields.get(19)?.parse().ok()?;
            Some((pid, parent, comm.to_owned(), started))
        })
        .collect();
    let tree_of = |root: u32| {
        let mut tree = vec![root];
        let mut i = 0;
        while i < tree.len() {
            let parent = tree[i];
            tree.extend(processes.iter().filter(|p| p.1 == parent).map(|p| p.0));
            i += 1;
        }
        tree
    };
    // The web process (the page's DOM, script and rendering) is most of the memory: a figure
    // taken while it is missing (WebKit replaces it now and then) would flatter the app.
    let has_web_process = |tree: &[u32]| {
        tree.iter().any(|pid| {
            processes
                .iter()
                .any(|(p, _, comm, _)| p == pid && comm.starts_with("WebKitWebProc"))
        })
    };
    // The newest app with its webview: an earlier one may still be closing.
    let mut apps: Vec<&(u32, u32, String, u64)> = processes
        .iter()
        .filter(|(_, _, comm, _)| *comm == name)
        .collect();
    if apps.is_empty() {
        bail!("no running process named {name}");
    }
    apps.sort_by_key(|(_, _, _, started)| std::cmp::Reverse(*started));
    let Some(tree) = apps
        .iter()
        .map(|(pid, _, _, _)| tree_of(*pid))
        .find(|tree| has_web_process(tree))
    else {
        bail!("the webview's web process is not running under {name}");
    };
    let field = |pid: u32, file: &str, key: &str| -> f64 {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix(key))
                    .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            })
            .unwrap_or(0.0)
    };
    let rss: f64 = tree.iter().map(|&p| field(p, "status", "VmRSS:")).sum();
    let pss: f64 = tree.iter().map(|&p| field(p, "smaps_rollup", "Pss:")).sum();
    // Memory of the processes' own (heaps, JS, rendering), without the shared libraries that
    // RSS counts again in each process.
    let anon: f64 = tree.iter().map(|&p| field(p, "status", "RssAnon:")).sum();
    Ok((rss / 1024.0, pss / 1024.0, anon / 1024.0, tree.len()))
}
