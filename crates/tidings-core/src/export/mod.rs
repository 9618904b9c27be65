//! Markdown export: one file per article, with YAML front matter that note apps (Obsidian,
//! Logseq) read as properties, the article as Markdown, its highlights and its note.
//!
//! Writing is confined to the chosen folder: file names are built from titles with every path
//! separator and reserved name removed, and each file is written whole (temp file + rename).

mod filename;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub use filename::file_stem;

use crate::model::Article;

/// What went wrong while exporting; messages name the file or folder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("export to {path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

/// Converts sanitised article HTML to GitHub-flavoured Markdown (fenced code with its language,
/// tables, images, links).
#[must_use]
pub fn html_to_markdown(html: &str) -> String {
    // htmd only fails on I/O errors of its internal writer, which cannot happen on a String; fall
    // back to the plain HTML (valid Markdown) rather than lose the article.
    htmd::convert(html).map_or_else(|_| html.to_owned(), |md| md.trim().to_owned())
}

/// The whole Markdown file for one article.
#[must_use]
pub fn article_markdown(article: &Article) -> String {
    let s = &article.summary;
    let mut out = String::from("---\n");
    yaml_field(&mut out, "title", Some(&s.title));
    yaml_field(&mut out, "url", Some(&s.url));
    yaml_field(&mut out, "author", s.byline.as_deref());
    yaml_field(&mut out, "site", s.site_name.as_deref());
    yaml_field(&mut out, "published", s.published_at.as_deref());
    yaml_field(&mut out, "saved", Some(&s.saved_at));
    yaml_field(&mut out, "status", Some(s.status.as_str()));
    yaml_list(&mut out, "tags", &article.tags);
    yaml_list(&mut out, "collections", &article.collections);
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {}\n", one_line(&s.title));
    let body = html_to_markdown(&article.content_html);
    if !body.is_empty() {
        out.push_str(&body);
        out.push_str("\n\n");
    }
    if !article.highlights.is_empty() {
        out.push_str("## Highlights\n\n");
        for h in &article.highlights {
            for line in h.exact.lines() {
                let _ = writeln!(out, "> {line}");
            }
            if let Some(note) = h.note.as_deref().filter(|n| !n.trim().is_empty()) {
                let _ = writeln!(out, "\n{}", note.trim());
            }
            out.push('\n');
        }
    }
    if let Some(note) = article.note.as_ref().filter(|n| !n.body.trim().is_empty()) {
        out.push_str("## Notes\n\n");
        out.push_str(note.body.trim());
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Writes one Markdown file per article into `folder` (created if needed) and returns the
/// paths written, in the order of `articles`. Names come from titles, made unique in the folder.
///
/// # Errors
/// [`Error::Io`] naming the file or folder that could not be written.
pub fn write_markdown_files(articles: &[Article], folder: &Path) -> Result<Vec<PathBuf>, Error> {
    let io_error = |path: &Path, e: std::io::Error| Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(folder).map_err(|e| io_error(folder, e))?;
    let mut used = HashSet::new();
    let mut written = Vec::with_capacity(articles.len());
    for article in articles {
        let stem = file_stem(&article.summary.title);
        let mut name = format!("{stem}.md");
        if !used.insert(name.to_lowercase()) {
            name = format!("{stem} ({}).md", article.summary.id);
            used.insert(name.to_lowercase());
        }
        let path = folder.join(&name);
        write_whole(&path, article_markdown(article).as_bytes()).map_err(|e| io_error(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a file so that it is either the old one or the whole new one, never half.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile_in(folder)?;
    tmp.1.write_all(bytes)?;
    tmp.1.sync_all()?;
    drop(tmp.1);
    std::fs::rename(&tmp.0, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp.0);
    })
}

fn tempfile_in(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    for attempt in 0..100u32 {
        let path = folder.join(format!(
            ".tidings-export-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("cannot create a temporary file"))
}

/// A YAML scalar that cannot break out of its line: a JSON string (YAML is a superset of JSON).
fn yaml_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_owned())
}

fn yaml_field(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{key}: {}", yaml_string(value));
    }
}

fn yaml_list(out: &mut String, key: &str, values: &[String]) {
    if values.is_empty() {
        let _ = writeln!(out, "{key}: []");
    } else {
        let _ = writeln!(out, "{key}:");
        for v in values {
            let _ = writeln!(out, "  - {}", yaml_string(v));
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_keep_their_language_and_tables_stay_tables() {
        let md = html_to_markdown(
            r#"<p>Intro</p><pre><code class="language-rust">fn main() {
    println!("hi");
}</code></pre><table><thead><tr><th>Crate</th><th>Version</th></tr></thead><tbody><tr><td>tokio</td><td>1</td></tr></tbody></table>"#,
        );
        assert!(
            md.contains("```rust\nfn main() {\n    println!(\"hi\");\n}\n```"),
            "{md}"
        );
        assert!(md.contains("| Crate | Version |"), "{md}");
        assert!(
            md.contains("| ----- | ------- |") && md.contains("| tokio | 1       |"),
            "{md}"
        );
    }

    #[test]
    fn yaml_values_cannot_inject_keys() {
        let mut out = String::new();
        yaml_field(&mut out, "title", Some("x\"\nurl: evil\n---"));
        assert_eq!(out, "title: \"x\\\"\\nurl: evil\\n---\"\n");
    }
}
