//! Deterministic libraries for the benchmarks: `n` articles from a seed, with realistic sizes
//! (1 000–20 000 words, most near 1 600), tags, collections, notes and highlights, written
//! through the product's own JSON-restore path so every index and trigger is the real one.
//!
//! Text is drawn from a Zipf-distributed vocabulary (function words, tech terms and made-up
//! words), so full-text queries meet posting lists of realistic lengths. Libraries are cached
//! under `target/bench/libraries/`, keyed by size, seed and [`GEN_VERSION`].

use std::fmt::Write as _;
use std::io::{BufWriter, Write as _};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{Duration, TimeZone, Utc};
use tidings_core::backup::{
    Backup, BackupArticle, BackupCollection, BackupHighlight, BackupNote, BACKUP_FORMAT,
    BACKUP_VERSION,
};
use tidings_core::import::ImportFormat;
use tidings_core::importer::ImportOptions;
use tidings_core::model::{ArticleStatus, HIGHLIGHT_COLORS};
use tidings_core::Library;

/// Bump when the generated content changes, so cached libraries are made anew.
pub const GEN_VERSION: u32 = 2;
/// Articles per restore transaction while generating.
const CHUNK: usize = 2_000;

/// Common English words, most frequent first.
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "with", "was", "on",
    "be", "by", "this", "are", "at", "from", "or", "an", "but", "not", "which", "have", "has",
    "can", "more", "we", "they", "their", "its", "one", "will", "new", "also", "than", "when",
    "what", "into", "about", "most", "other", "some", "time", "only", "over", "now", "just",
];

/// Words a tech-news reader searches for.
pub const TECH_WORDS: &[&str] = &[
    "rust",
    "compiler",
    "kernel",
    "linux",
    "database",
    "browser",
    "memory",
    "security",
    "performance",
    "release",
    "developer",
    "network",
    "server",
    "cloud",
    "model",
    "language",
    "privacy",
    "open",
    "source",
    "version",
    "update",
    "apple",
    "google",
    "microsoft",
    "android",
    "chip",
    "processor",
    "storage",
    "encryption",
    "vulnerability",
    "patch",
    "framework",
    "library",
    "python",
    "javascript",
    "typescript",
    "webassembly",
    "container",
    "kubernetes",
    "startup",
    "funding",
    "regulation",
    "quantum",
    "battery",
    "display",
    "camera",
    "sqlite",
    "postgres",
    "latency",
    "benchmark",
    "garbage",
    "collector",
    "async",
    "runtime",
    "thread",
    "scheduler",
    "filesystem",
    "driver",
    "firmware",
    "protocol",
    "standard",
    "specification",
    "interface",
    "editor",
    "terminal",
    "desktop",
    "mobile",
    "wireless",
    "satellite",
    "robot",
    "training",
    "inference",
    "dataset",
    "algorithm",
    "search",
    "index",
    "cache",
    "query",
];

const FIRST_NAMES: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Liam", "Mara", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tara",
];
const LAST_NAMES: &[&str] = &[
    "Abara",
    "Berg",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fujita",
    "Gallo",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quist",
    "Rossi",
    "Schmidt",
    "Tanaka",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "ver", "min", "tra", "sel", "po", "dan", "ri", "mek", "sa", "tor", "vel", "qui",
    "zen", "bar", "lu", "fen", "gro", "hap", "ix", "jo", "nor", "pra", "stel", "um", "wex", "yo",
];
const CODE_LINES: &[&str] = &[
    "fn main() {",
    "    let items: Vec<u32> = (0..10).collect();",
    "    println!(\"{}\", items.len());",
    "}",
    "SELECT id, title FROM articles WHERE status = 'unread';",
    "const result = await fetch(url);",
    "if err != nil { return err }",
];

/// A Zipf-distributed vocabulary.
struct Vocabulary {
    words: Vec<String>,
    /// Cumulative weights, for sampling by binary search.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(rng: &mut fastrand::Rng, made_up: usize) -> Self {
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|w| (*w).to_owned()).collect();
        // Made-up words as the long tail; tech terms come from each article's topics.
        let tail: Vec<String> = (0..made_up)
            .map(|_| {
                let n = rng.usize(2..=4);
                (0..n)
                    .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
                    .collect()
            })
            .collect();
        words.extend(tail);
        let mut cumulative = Vec::with_capacity(words.len());
        let mut total = 0.0;
        for rank in 1..=words.len() {
            #[allow(clippy::cast_precision_loss)]
            let weight = 1.0 / (rank as f64).powf(1.05);
            total += weight;
            cumulative.push(total);
        }
        Self { words, cumulative }
    }

    fn word(&self, rng: &mut fastrand::Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.f64() * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.words[i.min(self.words.len() - 1)]
    }

    /// A sentence of a length drawn from `words`, appended to `out`; about one word in 40 is
    /// one of the article's `topics`, and a rare one any tech term, as in real articles.
    fn sentence(
        &self,
        rng: &mut fastrand::Rng,
        words: RangeInclusive<usize>,
        topics: &[&'static str],
        out: &mut String,
    ) {
        for i in 0..rng.usize(words) {
            let w = match rng.u32(0..2_000) {
                0 => TECH_WORDS[rng.usize(..TECH_WORDS.len())],
                1..50 if !topics.is_empty() => topics[rng.usize(..topics.len())],
                _ => self.word(rng),
            };
            if i == 0 {
                let mut chars = w.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        out.push('.');
    }
}

/// A sample of the standard log-normal distribution scaled by `median`.
fn log_normal(rng: &mut fastrand::Rng, median: f64, sigma: f64) -> f64 {
    // Box–Muller.
    let u1 = rng.f64().max(f64::MIN_POSITIVE);
    let u2 = rng.f64();
    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    median * (sigma * z).exp()
}

/// Everything drawn once per library.
struct World {
    vocabulary: Vocabulary,
    sites: Vec<(String, String)>,
    tags: Vec<String>,
    collections: Vec<String>,
}

impl World {
    fn new(rng: &mut fastrand::Rng) -> Self {
        let vocabulary = Vocabulary::new(rng, 30_000);
        let made_up = |rng: &mut fastrand::Rng| -> String {
            (0..rng.usize(2..=3))
                .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
                .collect()
        };
        let sites = (0..60)
            .map(|_| {
                let (a, b) = (made_up(rng), made_up(rng));
                (
                    format!("{a}{b}.example"),
                    format!("{} {}", title_case(&a), title_case(&b)),
                )
            })
            .collect();
        let tags = (0..40)
            .map(|i| format!("{}-{i}", TECH_WORDS[i % TECH_WORDS.len()]))
            .collect();
        let collections = (0..15)
            .map(|i| {
                format!(
                    "Reading list {i}: {}",
                    TECH_WORDS[(i * 5) % TECH_WORDS.len()]
                )
            })
            .collect();
        Self {
            vocabulary,
            sites,
            tags,
            collections,
        }
    }

    fn article(&self, rng: &mut fastrand::Rng, index: usize) -> BackupArticle {
        let v = &self.vocabulary;
        // What the article is about: a few tech terms, the common ones far more often.
        let mut topics: Vec<&'static str> = (0..rng.usize(1..=3))
            .map(|_| TECH_WORDS[zipf_index(rng, TECH_WORDS.len())])
            .collect();
        topics.dedup();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let words = (1_000.0 + log_normal(rng, 600.0, 1.0)).min(20_000.0) as usize;
        let (mut html, mut text) = (String::new(), String::new());
        let mut written = 0;
        let mut paragraphs = 0;
        while written < words {
            if paragraphs % 6 == 5 {
                let mut heading = String::new();
                v.sentence(rng, 3..=7, &topics, &mut heading);
                heading.pop();
                let _ = write!(html, "<h2>{heading}</h2>");
                push_block(&mut text, &heading);
            }
            if paragraphs == 3 && index % 4 == 0 {
                let code: Vec<&str> = (0..rng.usize(3..=8))
                    .map(|_| CODE_LINES[rng.usize(..CODE_LINES.len())])
                    .collect();
                let code = code.join("\n");
                let escaped = code
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                let _ = write!(
                    html,
                    "<pre><code class=\"language-rust\">{escaped}</code></pre>"
                );
                push_block(&mut text, &code);
            }
            let mut paragraph = String::new();
            let target = rng.usize(40..=150).min(words - written).max(5);
            let mut n = 0;
            while n < target {
                if n > 0 {
                    paragraph.push(' ');
                }
                let len = rng.usize(8..=22).min(target - n).max(1);
                v.sentence(rng, len..=len, &topics, &mut paragraph);
                n += len;
            }
            written += n;
            paragraphs += 1;
            let _ = write!(html, "<p>{paragraph}</p>");
            push_block(&mut text, &paragraph);
        }
        let mut title = String::new();
        v.sentence(rng, 5..=10, &topics, &mut title);
        title.pop();
        let (domain, site_name) = &self.sites[rng.usize(..self.sites.len())];
        let epoch = Utc
            .with_ymd_and_hms(2021, 1, 1, 8, 0, 0)
            .single()
            .unwrap_or_default();
        let published = epoch + Duration::minutes(rng.i64(0..(5 * 365 + 300) * 24 * 60));
        let saved = published + Duration::minutes(rng.i64(0..30 * 24 * 60));
        let slug: String = title
            .to_lowercase()
            .split(' ')
            .take(6)
            .collect::<Vec<_>>()
            .join("-");
        let url = format!(
            "https://{domain}/{}/{slug}-{index}",
            published.format("%Y/%m")
        );
        let status = match rng.u32(0..100) {
            0..15 => ArticleStatus::Unread,
            15..40 => ArticleStatus::Read,
            _ => ArticleStatus::Archived,
        };
        let tag_count = [0, 0, 1, 1, 1, 2, 2, 3][rng.usize(..8)];
        let mut tags: Vec<String> = (0..tag_count)
            .map(|_| self.tags[zipf_index(rng, self.tags.len())].clone())
            .collect();
        tags.sort();
        tags.dedup();
        let stamp = saved.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let note = (rng.u32(0..10) == 0).then(|| {
            let mut body = String::new();
            v.sentence(rng, 20..=80, &topics, &mut body);
            BackupNote {
                body,
                created_at: stamp.clone(),
                updated_at: stamp.clone(),
            }
        });
        let highlights = if rng.u32(0..10) < 3 {
            (0..rng.usize(1..=5))
                .map(|_| highlight(rng, &text, &stamp))
                .collect()
        } else {
            Vec::new()
        };
        let excerpt: String = text.chars().take(200).collect();
        #[allow(clippy::cast_possible_truncation)]
        let word_count = written as u32;
        BackupArticle {
            reference: 0,
            original_url: url.clone(),
            final_url: url,
            canonical_url: None,
            title,
            byline: Some(format!(
                "{} {}",
                FIRST_NAMES[rng.usize(..FIRST_NAMES.len())],
                LAST_NAMES[rng.usize(..LAST_NAMES.len())]
            )),
            site_name: Some(site_name.clone()),
            language: Some("en".into()),
            published_at: (rng.u32(0..10) != 0)
                .then(|| published.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            modified_at: None,
            saved_at: stamp,
            excerpt: Some(excerpt),
            lead_image_url: None,
            word_count,
            reading_minutes: word_count.div_ceil(230),
            status,
            starred: rng.u32(0..20) == 0,
            tags,
            note,
            highlights,
            warnings: Vec::new(),
            content_html: html,
            text,
            raw_html: None,
            captured_in_browser: false,
        }
    }
}

fn push_block(text: &mut String, block: &str) {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(block);
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// An index in `0..len`, small ones far more often.
fn zipf_index(rng: &mut fastrand::Rng, len: usize) -> usize {
    let x = rng.f64();
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = (x * x * len as f64) as usize;
    i.min(len - 1)
}

/// A highlight of a few words of `text` (ASCII, so byte offsets are character offsets).
fn highlight(rng: &mut fastrand::Rng, text: &str, stamp: &str) -> BackupHighlight {
    let len = text.len();
    let mut start = rng.usize(..len.saturating_sub(200).max(1));
    while start > 0 && !text.as_bytes()[start - 1].is_ascii_whitespace() {
        start -= 1;
    }
    let mut end = (start + rng.usize(30..=180)).min(len);
    while end < len && !text.as_bytes()[end].is_ascii_whitespace() {
        end += 1;
    }
    let prefix = &text[start.saturating_sub(32)..start];
    let suffix = &text[end..(end + 32).min(len)];
    #[allow(clippy::cast_possible_truncation)]
    BackupHighlight {
        exact: text[start..end].to_owned(),
        prefix: prefix.to_owned(),
        suffix: suffix.to_owned(),
        start: start as u32,
        end: end as u32,
        color: HIGHLIGHT_COLORS[rng.usize(..HIGHLIGHT_COLORS.len())].to_owned(),
        note: (rng.u32(0..3) == 0).then(|| "Worth remembering for the next review.".to_owned()),
        orphaned: false,
        created_at: stamp.to_owned(),
        updated_at: stamp.to_owned(),
    }
}

/// The generated articles `first..first + count` of the library made from `seed`, each drawn
/// from its own stream so any slice can be made without the ones before it.
fn chunk(world: &World, seed: u64, first: usize, count: usize) -> Backup {
    let mut articles = Vec::with_capacity(count);
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); world.collections.len()];
    for index in first..first + count {
        let mut rng =
            fastrand::Rng::with_seed(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut article = world.article(&mut rng, index);
        #[allow(clippy::cast_possible_truncation)]
        let reference = (index - first) as u32 + 1;
        article.reference = reference;
        if rng.u32(0..100) < 8 {
            let collection = rng.usize(..members.len());
            members[collection].push(reference);
        }
        articles.push(article);
    }
    // A backup lists the newest saved first.
    articles.sort_by(|a, b| b.saved_at.cmp(&a.saved_at));
    let collections = world
        .collections
        .iter()
        .zip(members)
        .filter(|(_, m)| !m.is_empty())
        .map(|(name, articles)| BackupCollection {
            name: name.clone(),
            description: format!("Generated collection {name}."),
            articles,
        })
        .collect();
    Backup {
        format: BACKUP_FORMAT.into(),
        version: BACKUP_VERSION,
        articles,
        collections,
        saved_searches: Vec::new(),
    }
}

/// Generated web pages (for clip and import benchmarks): an article with a site's usual clutter.
pub struct Pages {
    world: World,
    seed: u64,
}

impl Pages {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed);
        Self {
            world: World::new(&mut rng),
            seed,
        }
    }

    /// Page `index`: a complete HTML document with navigation, the article, and a footer.
    #[must_use]
    pub fn page(&self, index: usize) -> String {
        let mut rng = fastrand::Rng::with_seed(self.seed ^ (index as u64).wrapping_mul(31));
        let a = self.world.article(&mut rng, index);
        let nav: String = TECH_WORDS
            .iter()
            .take(12)
            .map(|w| format!("<li><a href=\"/topic/{w}\">{}</a></li>", title_case(w)))
            .collect();
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | {site}</title>\
             <meta name=\"author\" content=\"{byline}\"><meta property=\"og:site_name\" content=\"{site}\">\
             <meta property=\"article:published_time\" content=\"{published}\"></head><body>\
             <header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>\
             <p class=\"byline\">By {byline}</p>{content}</article>\
             <aside><h3>Related</h3><ul>{nav}</ul></aside></main>\
             <footer><p>© {site}. All rights reserved.</p><ul>{nav}</ul></footer></body></html>",
            title = a.title,
            site = a.site_name.unwrap_or_default(),
            byline = a.byline.unwrap_or_default(),
            published = a.published_at.unwrap_or_default(),
            content = a.content_html,
        )
    }
}

fn write_chunk(world: &World, seed: u64, first: usize, count: usize, file: &Path) -> Result<()> {
    let backup = chunk(world, seed, first, count);
    let mut out = BufWriter::new(std::fs::File::create(file)?);
    serde_json::to_writer(&mut out, &backup)?;
    out.flush()?;
    Ok(())
}

/// The cached library of `n` articles from `seed`, generated when missing.
///
/// # Errors
/// A file that cannot be written, or a failed restore.
pub async fn library(cache: &Path, n: usize, seed: u64) -> Result<PathBuf> {
    let path = cache.join(format!("v{GEN_VERSION}-seed{seed}-{n}.db"));
    if path.exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(cache).with_context(|| format!("creating {}", cache.display()))?;
    let partial = cache.join(format!("v{GEN_VERSION}-seed{seed}-{n}.partial.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    eprintln!(
        "generating a library of {n} articles (seed {seed}), cached in {}",
        path.display()
    );
    let library = Library::open(&partial).await?;
    let scratch = tempfile::tempdir()?;
    // A thread writes the next chunk's file while the library restores the last one: the two
    // halves of the work take about as long, and there are two cores.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<(PathBuf, usize, usize)>>(1);
    let folder = scratch.path().to_owned();
    let writer = std::thread::spawn(move || {
        let world = World::new(&mut fastrand::Rng::with_seed(seed));
        let mut first = 0;
        while first < n {
            let count = CHUNK.min(n - first);
            // Three files: one being restored, one waiting in the channel, one being written.
            let file = folder.join(format!("chunk-{}.json", (first / CHUNK) % 3));
            let written =
                write_chunk(&world, seed, first, count, &file).map(|()| (file, first, count));
            if tx.send(written).is_err() {
                return;
            }
            first += count;
        }
    });
    let options = ImportOptions {
        format: ImportFormat::Json,
        ..ImportOptions::default()
    };
    while let Ok(next) = rx.recv() {
        let (file, first, count) = next?;
        let report = library.import(&file, &options, None, None).await?;
        anyhow::ensure!(
            report.saved as usize == count,
            "generated chunk at {first}: {} of {count} articles saved",
            report.saved
        );
    }
    drop(library);
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("the chunk writer stopped"))?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_deterministic_and_within_the_sizes() {
        let world = World::new(&mut fastrand::Rng::with_seed(7));
        let again = World::new(&mut fastrand::Rng::with_seed(7));
        let (a, b) = (chunk(&world, 7, 0, 50), chunk(&again, 7, 0, 50));
        assert_eq!(a, b);
        for article in &a.articles {
            assert!(
                (1_000..=20_000).contains(&article.word_count),
                "{}",
                article.word_count
            );
            for h in &article.highlights {
                assert_eq!(&article.text[h.start as usize..h.end as usize], h.exact);
            }
        }
        assert_ne!(chunk(&world, 8, 0, 5), chunk(&world, 7, 0, 5));
    }

    #[test]
    fn pages_extract_to_their_article() {
        let pages = Pages::new(3);
        let html = pages.page(12);
        assert_eq!(html, Pages::new(3).page(12));
        let url = url::Url::parse("http://127.0.0.1/a").unwrap_or_else(|e| panic!("{e}"));
        let extracted =
            tidings_core::extract::extract(&html, &url).unwrap_or_else(|e| panic!("extract: {e}"));
        assert!(!extracted.text.contains("All rights reserved"));
        assert!(extracted.text.split_whitespace().count() >= 1_000);
    }
}
