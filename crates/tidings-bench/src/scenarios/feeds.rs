//! Feeds: refreshing many subscriptions served by loopback hosts, first when every feed is new
//! (cold) and then when none changed (each answers 304 to the validators of the first poll),
//! in a child process so its time and peak memory are its own; and the stream's first page
//! over a library holding 100 000 items.

use std::fmt::Write as _;
use std::net::Ipv4Addr;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use test_server::{Response, TestServer};
use tidings_core::model::StreamFilter;
use tidings_core::Library;

use crate::report::Row;
use crate::sample::{ms, peak_rss_mib, Stats};
use crate::Bench;

/// A feed of `items` items, the `feed`-th served: RSS 2.0 with guids, links, dates and
/// summaries a few sentences long, as a blog's feed has.
fn feed_xml(feed: usize, items: usize) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Feed {feed}</title><link>https://feed{feed}.example/</link>\
         <description>Posts of feed {feed}</description>"
    );
    for item in 0..items {
        // Newest first, an hour apart, all in the past.
        let date = chrono::DateTime::from_timestamp(1_780_000_000 - (item as i64) * 3_600, 0)
            .unwrap_or_default()
            .to_rfc2822();
        let _ = write!(
            xml,
            "<item><guid>feed{feed}-item{item}</guid><title>Item {item} of feed {feed}: what changed this week</title>\
             <link>https://feed{feed}.example/posts/{item}</link><pubDate>{date}</pubDate>\
             <description>&lt;p&gt;Item {item} of feed {feed} explains a release, a benchmark and a bug fix, \
             in three plain sentences. The second one names a &lt;a href=\"https://example.org/x\"&gt;link&lt;/a&gt;. \
             The third one ends the summary.&lt;/p&gt;</description></item>"
        );
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// Loopback servers, one per host, each serving its share of the feeds, honouring validators.
struct Served {
    _servers: Vec<TestServer>,
    urls: Vec<String>,
}

fn serve_feeds(feeds: usize, items: usize, hosts: usize) -> Served {
    let mut servers = Vec::new();
    let mut urls = vec![String::new(); feeds];
    for h in 0..hosts {
        let indices: Vec<usize> = (h..feeds).step_by(hosts).collect();
        let paths: Vec<String> = indices.iter().map(|i| format!("/feed/{i}.xml")).collect();
        let routes = paths
            .iter()
            .zip(&indices)
            .map(|(path, &i)| {
                let response =
                    Response::ok("application/rss+xml; charset=utf-8", feed_xml(i, items))
                        .with_header("ETag", &format!("\"feed-{i}-v1\""))
                        .revalidated();
                (path.as_str(), response)
            })
            .collect();
        #[allow(clippy::cast_possible_truncation)]
        let server = TestServer::start_on(Ipv4Addr::new(127, 0, 0, 1 + h as u8), routes);
        for (path, &i) in paths.iter().zip(&indices) {
            urls[i] = server.url(path);
        }
        servers.push(server);
    }
    Served {
        _servers: servers,
        urls,
    }
}

/// An OPML file subscribing to `urls`.
fn write_opml(path: &Path, urls: &[String]) -> Result<()> {
    let mut opml = String::from(
        "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>Bench</title></head><body>\n",
    );
    for (i, url) in urls.iter().enumerate() {
        let _ = writeln!(
            opml,
            "<outline type=\"rss\" text=\"Feed {i}\" xmlUrl=\"{url}\"/>"
        );
    }
    opml.push_str("</body></opml>\n");
    std::fs::write(path, opml).with_context(|| format!("writing {}", path.display()))
}

/// What the feeds child reports.
#[derive(Debug, Serialize, Deserialize)]
pub struct FeedsRun {
    pub feeds: usize,
    pub cold_seconds: f64,
    pub cold_items: u64,
    pub unchanged_seconds: f64,
    pub unchanged_feeds: usize,
    pub failures: Vec<String>,
    pub peak_mib: Option<f64>,
}

/// The feeds child: subscribes to the OPML's feeds in a new library, refreshes them all (cold),
/// then all again (unchanged); prints a [`FeedsRun`] as JSON.
pub async fn feeds_child(opml: &Path, library: &Path) -> Result<()> {
    let lib = Library::open(library).await?;
    let imported = lib.import_opml(opml).await?;
    let started = Instant::now();
    let cold = lib.refresh_feeds(None).await?;
    let cold_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let again = lib.refresh_all_feeds().await?;
    let unchanged_seconds = started.elapsed().as_secs_f64();
    let failures = cold
        .iter()
        .chain(&again)
        .filter_map(|outcome| outcome.error.clone())
        .collect();
    let run = FeedsRun {
        feeds: usize::try_from(imported.added).unwrap_or(usize::MAX),
        cold_seconds,
        cold_items: cold.iter().map(|o| u64::from(o.new_items)).sum(),
        unchanged_seconds,
        unchanged_feeds: again.iter().filter(|o| o.unchanged).count(),
        failures,
        peak_mib: peak_rss_mib(),
    };
    println!("{}", serde_json::to_string(&run)?);
    Ok(())
}

/// Refreshes `feeds` feeds of `items` items over `hosts` hosts, cold then unchanged.
pub fn refresh(bench: &mut Bench, feeds: usize, hosts: usize, items: usize) -> Result<()> {
    let served = serve_feeds(feeds, items, hosts);
    let scratch = tempfile::tempdir()?;
    let opml = scratch.path().join("feeds.opml");
    write_opml(&opml, &served.urls)?;
    let output = Command::new(&bench.exe)
        .arg("feeds-child")
        .arg(&opml)
        .arg(scratch.path().join("feeds.db"))
        .output()
        .context("starting the feeds child")?;
    if !output.status.success() {
        bail!(
            "the feeds child failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let run: FeedsRun =
        serde_json::from_slice(&output.stdout).context("reading the feeds child's report")?;
    if let Some(first) = run.failures.first() {
        bail!("{} polls failed, first: {first}", run.failures.len());
    }
    let expected = (feeds * items) as u64;
    if run.feeds != feeds || run.cold_items != expected || run.unchanged_feeds != feeds {
        bail!(
            "expected {feeds} feeds, {expected} items and every feed unchanged the second time; got {} feeds, {} items, {} unchanged",
            run.feeds,
            run.cold_items,
            run.unchanged_feeds
        );
    }
    let scenario = format!("refresh {feeds} feeds over {hosts} hosts");
    let note = format!(
        "{items} items each ({} in all); 2 requests per host, 16 at once; whole poll with parsing and storing",
        run.cold_items
    );
    bench
        .rows
        .push(Row::bounded(&scenario, "cold", run.cold_seconds, "s", 10.0).note(note));
    bench.rows.push(
        Row::bounded(
            &scenario,
            "all unchanged (304)",
            run.unchanged_seconds,
            "s",
            2.0,
        )
        .note("the validators of the first poll sent; every feed answers 304".to_owned()),
    );
    if let Some(peak) = run.peak_mib {
        bench.rows.push(
            Row::bounded(&scenario, "peak RSS", peak, "MiB", 150.0)
                .note("the child process: library, fetcher, both refreshes".to_owned()),
        );
    }
    Ok(())
}

/// The stream's first page (50 items, newest first, one row per article) over `feeds` feeds of
/// `items` items each, stored by one cold refresh.
pub async fn stream_page(
    bench: &mut Bench,
    feeds: usize,
    hosts: usize,
    items: usize,
) -> Result<()> {
    let served = serve_feeds(feeds, items, hosts);
    let scratch = tempfile::tempdir()?;
    let opml = scratch.path().join("feeds.opml");
    write_opml(&opml, &served.urls)?;
    let library = Library::open(scratch.path().join("stream.db")).await?;
    library.import_opml(&opml).await?;
    let polled = library.refresh_feeds(None).await?;
    if let Some(error) = polled.iter().find_map(|o| o.error.clone()) {
        bail!("a feed failed: {error}");
    }
    let total: u64 = polled.iter().map(|o| u64::from(o.new_items)).sum();
    let (warmup, n) = bench.iterations(20, 500);
    let mut timings = Vec::with_capacity(n);
    for i in 0..warmup + n {
        let started = Instant::now();
        let page = library.stream(StreamFilter::default()).await?;
        let elapsed = started.elapsed();
        if page.len() != 50 {
            bail!("the stream's first page held {} items, not 50", page.len());
        }
        if i >= warmup {
            timings.push(elapsed);
        }
    }
    let stats = Stats::of(timings);
    let scenario = format!("stream's first page at {total} items");
    let note = format!(
        "50 items, newest first, one row per article; through Library (blocking pool), {n} runs after {warmup} warm-up"
    );
    bench
        .rows
        .push(Row::bounded(&scenario, "p50", ms(stats.p50), "ms", 5.0).note(note));
    bench
        .rows
        .push(Row::info(&scenario, "p95", ms(stats.p95), "ms"));
    drop(served);
    Ok(())
}
