//! Omnivore's export: a ZIP holding `metadata_<from>_to_<to>.json` files (JSON arrays of saved
//! items), `content/<slug>.html` (the article as Omnivore kept it) and `highlights/<slug>.md`
//! (each highlight a `> quote` blockquote, then its note).
//!
//! Read leniently, since the export changed across Omnivore's versions: fields may be missing,
//! labels are names or objects with a `name`, the files may sit in a folder, an item may have no
//! content or highlights file. The archive is hostile input: entries and sizes are capped, and
//! the names inside it are only compared as text, never used as paths. Every entry is checked
//! when the file is read (a damaged one refuses the whole file), but the pages are unpacked
//! again only when each is saved ([`KeptPage`]), so a large export is never held unpacked.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::sync::Arc;

use serde_json::Value;

use super::{decode_text, BadRecord, ImportHighlight, ImportItem};
use crate::dates::normalize_date;
use crate::model::ArticleStatus;

/// Largest entry read, unpacked.
const MAX_ENTRY_BYTES: u64 = 50 * 1024 * 1024;
/// Most entries an archive may hold.
const MAX_ENTRIES: usize = 100_000;
/// Largest total read from one archive, unpacked (a bound on the time a crafted file costs).
const MAX_TOTAL_BYTES: u64 = 4 * 1024 * 1024 * 1024;

type Archive = zip::ZipArchive<Cursor<Arc<[u8]>>>;

/// An article page an Omnivore export kept, unpacked from the archive when it is saved.
#[derive(Clone)]
pub struct KeptPage {
    archive: Archive,
    index: usize,
    name: String,
    head: Head,
}

impl KeptPage {
    /// The page, with a head saying what Omnivore knew about the article; `None` when Omnivore
    /// kept an empty body.
    ///
    /// # Errors
    /// The entry cannot be unpacked (one line naming it).
    pub fn html(&self) -> Result<Option<String>, String> {
        let mut data = Vec::new();
        read_entry(&mut self.archive.clone(), self.index, &self.name, &mut data)?;
        let html = decode_text(&data);
        Ok((!html.trim().is_empty()).then(|| as_document(html, &self.head)))
    }
}

impl std::fmt::Debug for KeptPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeptPage({})", self.name)
    }
}

impl PartialEq for KeptPage {
    fn eq(&self, other: &Self) -> bool {
        (self.index, &self.name) == (other.index, &other.name)
    }
}

impl Eq for KeptPage {}

/// What an entry of the archive is, by its name.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// A `metadata_*.json` file, with the position its name starts at (`metadata_20_to_40` → 20).
    Metadata(u64),
    /// `content/<slug>.html`.
    Content(String),
    /// `highlights/<slug>.md`.
    Highlights(String),
}

/// Sorts an entry by its name (the last two parts of its path, wherever the export sits).
fn classify(name: &str) -> Option<Entry> {
    let parts: Vec<&str> = name
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.first() == Some(&"__MACOSX") {
        return None;
    }
    let file = *parts.last()?;
    let folder = parts.len().checked_sub(2).map(|i| parts[i]);
    let lower = file.to_ascii_lowercase();
    if let Some(stem) = lower
        .strip_prefix("metadata")
        .and_then(|s| s.strip_suffix(".json"))
    {
        let from = stem
            .trim_start_matches('_')
            .split('_')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        return Some(Entry::Metadata(from));
    }
    let stem = |suffix: &str| {
        file.get(..file.len().checked_sub(suffix.len())?)
            .filter(|_| lower.ends_with(suffix))
            .map(str::to_owned)
    };
    match folder {
        Some("content") => stem(".html").map(Entry::Content),
        Some("highlights") => stem(".md").map(Entry::Highlights),
        _ => None,
    }
}

/// The archive, opened.
fn open<B: AsRef<[u8]>>(bytes: B) -> Result<zip::ZipArchive<Cursor<B>>, String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable ZIP archive: {e}"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "the archive holds {} entries, more than {MAX_ENTRIES}",
            archive.len()
        ));
    }
    Ok(archive)
}

/// Unpacks entry `index` (named `name`) into `out`, up to [`MAX_ENTRY_BYTES`]; returns its size.
fn read_entry(
    archive: &mut Archive,
    index: usize,
    name: &str,
    mut out: impl Write,
) -> Result<u64, String> {
    let too_big = || format!("{name}: larger than {} MB", MAX_ENTRY_BYTES >> 20);
    let file = archive
        .by_index(index)
        .map_err(|e| format!("{name}: {e}"))?;
    if file.size() > MAX_ENTRY_BYTES {
        return Err(too_big());
    }
    let size = std::io::copy(&mut file.take(MAX_ENTRY_BYTES + 1), &mut out)
        .map_err(|e| format!("{name}: {e}"))?;
    if size > MAX_ENTRY_BYTES {
        return Err(too_big());
    }
    Ok(size)
}

/// Whether `bytes` are an Omnivore export (a ZIP with `metadata_*.json`).
///
/// # Errors
/// Why not, on one line.
pub(super) fn detect(bytes: &[u8]) -> Result<(), String> {
    let archive = open(bytes).map_err(|e| format!("{e} (read as an Omnivore export)"))?;
    let is_export = archive
        .file_names()
        .flatten()
        .any(|name| matches!(classify(&name), Some(Entry::Metadata(_))));
    if is_export {
        Ok(())
    } else {
        Err("a ZIP archive without metadata_*.json: not an Omnivore export".into())
    }
}

/// Reads an Omnivore export: its items (with their pages and highlights) and the items that
/// could not be read, named `metadata_<from>_to_<to>.json, item <n>` (`n` counts from 1 across
/// the files, in Omnivore's order).
///
/// # Errors
/// An archive that cannot be read, too big, with an unreadable entry, or without metadata.
pub(super) fn read(bytes: &[u8]) -> Result<(Vec<ImportItem>, Vec<BadRecord>), String> {
    let mut archive: Archive = open(Arc::from(bytes))?;
    let mut metadata = Vec::new();
    let mut pages = HashMap::new();
    let mut notes = HashMap::new();
    let mut total = 0u64;
    for index in 0..archive.len() {
        let (name, entry) = {
            let file = archive
                .by_index(index)
                .map_err(|e| format!("entry {}: {e}", index + 1))?;
            let name = file
                .name()
                .map_err(|e| format!("entry {}: {e}", index + 1))?
                .into_owned();
            match classify(&name).filter(|_| file.is_file()) {
                Some(entry) => (name, entry),
                None => continue,
            }
        };
        // A page is only checked here; it is unpacked again when it is saved.
        let mut data = Vec::new();
        total += match entry {
            Entry::Content(_) => read_entry(&mut archive, index, &name, std::io::sink())?,
            _ => read_entry(&mut archive, index, &name, &mut data)?,
        };
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "the archive unpacks to more than {} MB",
                MAX_TOTAL_BYTES >> 20
            ));
        }
        match entry {
            Entry::Metadata(from) => metadata.push((from, name, data)),
            Entry::Content(slug) => {
                pages.insert(slug, (index, name));
            }
            Entry::Highlights(slug) => {
                notes.insert(slug, highlights(&decode_text(&data)));
            }
        }
    }
    if metadata.is_empty() {
        return Err("no metadata_*.json in the archive: not an Omnivore export".into());
    }
    metadata.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let (mut items, mut bad) = (Vec::new(), Vec::new());
    let mut number = 0usize;
    for (_, name, data) in metadata {
        let records: Vec<Value> = match serde_json::from_slice(&data) {
            Ok(Value::Array(records)) => records,
            Ok(_) => {
                bad.push(BadRecord {
                    record: name,
                    reason: "not a JSON array of items".into(),
                });
                continue;
            }
            Err(e) => {
                bad.push(BadRecord {
                    record: name,
                    reason: format!("not valid JSON: {e}"),
                });
                continue;
            }
        };
        for record in records {
            number += 1;
            let label = format!("{name}, item {number}");
            match item(&record, &archive, &mut pages, &mut notes) {
                Ok(item) => items.push(ImportItem {
                    record: label,
                    ..item
                }),
                Err(reason) => bad.push(BadRecord {
                    record: label,
                    reason,
                }),
            }
        }
    }
    Ok((items, bad))
}

/// One metadata record, with its page and highlights taken from the archive's files.
fn item(
    record: &Value,
    archive: &Archive,
    pages: &mut HashMap<String, (usize, String)>,
    notes: &mut HashMap<String, Vec<ImportHighlight>>,
) -> Result<ImportItem, String> {
    let Value::Object(fields) = record else {
        return Err("not a JSON object".into());
    };
    let text = |key: &str| {
        fields
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let slug = text("slug");
    let Some(url) = text("url").or_else(|| text("originalArticleUrl")) else {
        return Err(match slug {
            Some(slug) => format!("no \"url\" (slug {slug:?})"),
            None => "no \"url\"".into(),
        });
    };
    let title = text("title").map(str::to_owned);
    let state = text("state").unwrap_or_default().to_ascii_lowercase();
    let progress = ["readingProgress", "readingProgressPercent"]
        .iter()
        .find_map(|key| fields.get(*key).and_then(Value::as_f64))
        .unwrap_or(0.0);
    let status = if state == "archived" {
        Some(ArticleStatus::Archived)
    } else if progress >= 100.0 {
        Some(ArticleStatus::Read)
    } else {
        None
    };
    let owned = |key: &str| text(key).map(str::to_owned);
    let page = slug
        .and_then(|s| pages.remove(s))
        .map(|(index, name)| KeptPage {
            archive: archive.clone(),
            index,
            name,
            head: Head {
                title: title.clone(),
                author: owned("author"),
                description: owned("description"),
                published: owned("publishedAt"),
                image: owned("thumbnail"),
            },
        });
    Ok(ImportItem {
        url: url.to_owned(),
        tags: labels(fields.get("labels")),
        saved_at: text("savedAt").and_then(normalize_date),
        status,
        highlights: slug.and_then(|s| notes.remove(s)).unwrap_or_default(),
        page,
        title,
        ..ImportItem::default()
    })
}

/// Label names: a list of names, or of objects with a `name`.
fn labels(value: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(labels)) = value else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for label in labels {
        let name = match label {
            Value::String(name) => name.trim(),
            Value::Object(label) => label
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim(),
            _ => "",
        };
        if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.to_owned());
        }
    }
    names
}

/// What Omnivore knew about an article, for the head of its page.
#[derive(Debug, Clone)]
struct Head {
    title: Option<String>,
    author: Option<String>,
    description: Option<String>,
    published: Option<String>,
    image: Option<String>,
}

/// Omnivore kept the article's body without a head: wrap it in a page whose head says what
/// Omnivore knew (title, author, description, published time, image) in the tags extraction
/// reads, so they are kept now and on a later re-extraction from the stored page.
fn as_document(html: String, head: &Head) -> String {
    let start: String = html
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if start.contains("<html") || start.contains("<head") || start.contains("<title") {
        return html;
    }
    let mut tags = format!(
        "<meta charset=\"utf-8\"><title>{}</title>",
        escape(head.title.as_deref().unwrap_or_default())
    );
    for (attribute, name, value) in [
        ("name", "author", &head.author),
        ("name", "description", &head.description),
        ("property", "article:published_time", &head.published),
        ("property", "og:image", &head.image),
    ] {
        if let Some(value) = value {
            tags += &format!(
                "<meta {attribute}=\"{name}\" content=\"{}\">",
                escape(value)
            );
        }
    }
    format!("<!DOCTYPE html>\n<html><head>{tags}</head>\n<body>\n{html}\n</body></html>\n")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The highlights of a `highlights/<slug>.md` file. Blocks are separated by blank lines; a block
/// that starts with `>` begins a highlight (every line of it belongs to the quote, since
/// Omnivore marks only a quote's first line and its paragraph breaks), and the blocks after it
/// up to the next quote are its note (labels like `#idea` included).
pub(super) fn highlights(markdown: &str) -> Vec<ImportHighlight> {
    let mut found: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let lines = markdown.lines().chain(std::iter::once(""));
    for line in lines {
        if !line.trim().is_empty() {
            block.push(line);
            continue;
        }
        let Some(first) = block.first() else {
            continue;
        };
        if first.trim_start().starts_with('>') {
            let quote = block.iter().map(|l| unquote(l).to_owned()).collect();
            found.push((quote, Vec::new()));
        } else if let Some((_, note)) = found.last_mut() {
            note.push(block.join("\n"));
        }
        block.clear();
    }
    found
        .into_iter()
        .filter_map(|(quote, note)| {
            let quote = quote.join("\n").trim().to_owned();
            let note = note.join("\n\n").trim().to_owned();
            (!quote.is_empty()).then(|| ImportHighlight {
                quote,
                note: Some(note).filter(|n| !n.is_empty()),
            })
        })
        .collect()
}

/// A line without its blockquote marker (`> `).
fn unquote(line: &str) -> &str {
    let trimmed = line.trim_start();
    match trimmed.strip_prefix('>') {
        Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
        None => line,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A ZIP of `(name, contents)` entries, deflated.
    fn archive(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, contents) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(contents.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn names_are_sorted_wherever_the_export_sits() {
        assert_eq!(
            classify("metadata_20_to_40.json"),
            Some(Entry::Metadata(20))
        );
        assert_eq!(classify("export/metadata.json"), Some(Entry::Metadata(0)));
        assert_eq!(
            classify("export/content/my-post.html"),
            Some(Entry::Content("my-post".into()))
        );
        assert_eq!(
            classify("highlights\\my-post.MD"),
            Some(Entry::Highlights("my-post".into()))
        );
        assert_eq!(classify("__MACOSX/metadata_0_to_1.json"), None);
        assert_eq!(classify("content/../../etc/passwd"), None);
        assert_eq!(classify("images/a.png"), None);
    }

    #[test]
    fn quotes_with_notes_labels_and_paragraph_breaks() {
        let md = "> First quote, \n\n> Second quote\n> \nits second paragraph \n\n#idea #later\n\nWhy it matters.\n\n> \n\n>Third\nquote line\n";
        let found = highlights(md);
        assert_eq!(
            found,
            vec![
                ImportHighlight {
                    quote: "First quote,".into(),
                    note: None
                },
                ImportHighlight {
                    quote: "Second quote\n\nits second paragraph".into(),
                    note: Some("#idea #later\n\nWhy it matters.".into())
                },
                ImportHighlight {
                    quote: "Third\nquote line".into(),
                    note: None
                },
            ]
        );
        assert!(highlights("# Highlights\n\nno quotes here").is_empty());
    }

    #[test]
    fn items_keep_labels_state_dates_pages_and_highlights() {
        let zip = archive(&[
            (
                "metadata_0_to_3.json",
                r#"[
                {"id": "1", "slug": "one", "title": "One & <Two>", "url": "https://a.example/1",
                 "state": "Archived", "labels": ["rust", {"name": "db"}, "Rust", 7],
                 "savedAt": "2024-03-01T10:20:30.000Z", "author": "\"><script>x()</script>"},
                {"slug": "two", "url": "https://a.example/2", "readingProgressPercent": 100},
                {"slug": "three", "title": "No address"}
            ]"#,
            ),
            ("content/one.html", "<div><p>Body</p></div>"),
            ("highlights/one.md", "> Body\n\nA note"),
            ("images/x.png", "not read"),
        ]);
        let (items, bad) = read(&zip).unwrap();
        assert_eq!(items.len(), 2);
        let one = &items[0];
        assert_eq!(one.record, "metadata_0_to_3.json, item 1");
        assert_eq!(one.tags, vec!["rust", "db"]);
        assert_eq!(one.status, Some(ArticleStatus::Archived));
        assert_eq!(one.saved_at.as_deref(), Some("2024-03-01T10:20:30Z"));
        let page = one.page.as_ref().unwrap().html().unwrap().unwrap();
        assert!(
            page.contains("<title>One &amp; &lt;Two&gt;</title>"),
            "{page}"
        );
        assert!(page.contains("<p>Body</p>"));
        assert!(
            page.contains("<meta name=\"author\" content=\"&quot;&gt;&lt;script&gt;x()"),
            "{page}"
        );
        assert!(!page.contains("<script>"));
        assert_eq!(one.highlights[0].note.as_deref(), Some("A note"));
        assert_eq!(items[1].status, Some(ArticleStatus::Read));
        assert_eq!(items[1].page, None);
        assert_eq!(bad[0].record, "metadata_0_to_3.json, item 3");
        assert_eq!(bad[0].reason, "no \"url\" (slug \"three\")");
    }

    #[test]
    fn metadata_files_are_read_in_order_and_a_bad_one_is_named() {
        let zip = archive(&[
            (
                "metadata_2_to_3.json",
                r#"[{"url": "https://a.example/3"}]"#,
            ),
            ("metadata_10_to_11.json", "{\"not\": \"a list\"}"),
            (
                "metadata_0_to_2.json",
                r#"[{"url": "https://a.example/1"}, {"url": "https://a.example/2"}]"#,
            ),
        ]);
        let (items, bad) = read(&zip).unwrap();
        let urls: Vec<&str> = items.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/1",
                "https://a.example/2",
                "https://a.example/3"
            ]
        );
        assert_eq!(items[2].record, "metadata_2_to_3.json, item 3");
        assert_eq!(bad[0].record, "metadata_10_to_11.json");
    }

    #[test]
    fn an_entry_that_unpacks_past_the_cap_is_refused() {
        let huge = " ".repeat(usize::try_from(MAX_ENTRY_BYTES).unwrap() + 1);
        let zip = archive(&[
            (
                "metadata_0_to_1.json",
                r#"[{"url": "https://a.example/1"}]"#,
            ),
            ("content/x.html", &huge),
        ]);
        assert!(zip.len() < 1024 * 1024, "deflated to {} bytes", zip.len());
        assert_eq!(read(&zip).unwrap_err(), "content/x.html: larger than 50 MB");
    }

    #[test]
    fn broken_archives_are_refused_on_one_line_without_panicking() {
        let zip = archive(&[
            (
                "metadata_0_to_1.json",
                r#"[{"url": "https://a.example/1"}]"#,
            ),
            ("content/x.html", &"<p>words</p>".repeat(200)),
        ]);
        for cut in (0..zip.len()).step_by(7) {
            let _ = detect(&zip[..cut]);
            if let Err(e) = read(&zip[..cut]) {
                assert!(!e.contains('\n'), "{e}");
            }
        }
        let mut flipped = zip.clone();
        for i in (30..flipped.len()).step_by(13) {
            flipped[i] ^= 0x55;
            let _ = read(&flipped);
        }
        assert!(read(&zip[..zip.len() / 2])
            .unwrap_err()
            .starts_with("not a readable ZIP archive"));
        assert!(read(&archive(&[("notes.txt", "x")]))
            .unwrap_err()
            .contains("no metadata_*.json"));
    }
}
