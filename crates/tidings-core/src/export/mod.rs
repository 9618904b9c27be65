//! Exports: a selection of articles to a folder, as Markdown (one file per article, a single
//! digest, or highlights only), a lossless JSON backup, or W3C Web Annotation JSON-LD.
//!
//! Output is deterministic (the same library gives the same bytes), and every file goes through
//! [`ExportFolder`], which never writes outside the folder and never overwrites a user's edits.

mod filename;
mod folder;
pub mod images;
mod markdown;

use std::path::Path;

pub use filename::{collision_key, file_stem, invalid_reason, same_file};
pub use folder::{ExportFolder, MANIFEST};
pub use markdown::{article_file, article_markdown, digest, html_to_markdown, index, Body};

use crate::backup::{
    Backup, BackupArticle, BackupCollection, BackupSavedSearch, BACKUP_FORMAT, BACKUP_VERSION,
};
use crate::model::{Article, Collection, ExportFormat, ExportReport, SavedSearch};

/// What went wrong while exporting; messages name the file or folder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("export to {path}: {reason}")]
    Io {
        path: std::path::PathBuf,
        reason: String,
    },
}

/// Articles converted at a time: enough to keep every core busy, few enough to bound memory.
const BATCH: usize = 256;

/// `convert` applied to each of `items`, on as many threads as there are cores, in order.
fn in_parallel<T: Sync, R: Send>(items: &[T], convert: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 2 {
        return items.iter().map(&convert).collect();
    }
    let per_thread = items.len().div_ceil(threads);
    let convert = &convert;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(per_thread)
            .map(|part| scope.spawn(move || part.iter().map(convert).collect::<Vec<R>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| match part.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Everything an export needs, gathered by the library.
#[derive(Debug, Clone, Default)]
pub struct ExportSet {
    /// The collection's name, the tag, or "Tidings" for the library.
    pub title: String,
    pub description: String,
    /// Whether the set is one collection (which gets an `index.md`).
    pub is_collection: bool,
    /// In order: the collection's, else newest saved first.
    pub articles: Vec<Article>,
    /// Each article's stored page, for a JSON backup that asked for it (else empty).
    pub raw_html: Vec<Option<String>>,
    /// Collections to record in a JSON backup, with their member ids in order.
    pub collections: Vec<(Collection, Vec<i64>)>,
    /// Saved searches to record in a JSON backup of the whole library, in order.
    pub saved_searches: Vec<SavedSearch>,
    /// Images downloaded for a Markdown export that keeps them (`--with-images`).
    pub images: images::Images,
}

impl ExportSet {
    /// `article` as the export shows it: its images pointing at the saved files, if any.
    fn with_saved_images<'a>(&self, article: &'a Article) -> std::borrow::Cow<'a, Article> {
        if self.images.is_empty() {
            return std::borrow::Cow::Borrowed(article);
        }
        let mut local = article.clone();
        local.content_html = images::point_at_saved(&article.content_html, &self.images);
        std::borrow::Cow::Owned(local)
    }

    /// Writes the saved images into `out`, by name.
    fn write_images(
        &self,
        out: &mut ExportFolder,
        wrote: &mut dyn FnMut(&str),
    ) -> Result<(), Error> {
        let mut saved: Vec<&images::SavedImage> = self.images.values().collect();
        saved.sort_by(|a, b| a.name.cmp(&b.name));
        saved.dedup_by(|a, b| a.name == b.name);
        for image in saved {
            out.write(&image.name, &image.bytes, None)?;
            wrote(&image.name);
        }
        Ok(())
    }
}

/// Writes `set` into `folder` in `format`.
///
/// # Errors
/// [`Error::Io`] naming the file or folder that could not be written.
pub fn export(set: &ExportSet, format: ExportFormat, folder: &Path) -> Result<ExportReport, Error> {
    export_with_progress(set, format, folder, &mut |_| {})
}

/// As [`export`], calling `wrote` with each file's name once it is written (for progress).
///
/// # Errors
/// [`Error::Io`] naming the file or folder that could not be written.
pub fn export_with_progress(
    set: &ExportSet,
    format: ExportFormat,
    folder: &Path,
    wrote: &mut dyn FnMut(&str),
) -> Result<ExportReport, Error> {
    let mut out = ExportFolder::open(folder)?;
    match format {
        ExportFormat::Markdown | ExportFormat::Highlights => {
            let body = if format == ExportFormat::Markdown {
                Body::Full
            } else {
                Body::Annotations
            };
            if body == Body::Full {
                set.write_images(&mut out, wrote)?;
            }
            let mut entries = Vec::with_capacity(set.articles.len());
            for batch in set.articles.chunks(BATCH) {
                for (article, file) in batch.iter().zip(in_parallel(batch, |a| {
                    article_file(&set.with_saved_images(a), body)
                })) {
                    let id = article.summary.id;
                    let name = out.name_for(Some(id), &file_stem(&article.summary.title), "md");
                    out.write(&name, file.as_bytes(), Some(id))?;
                    wrote(&name);
                    entries.push((article.summary.title.clone(), name));
                }
            }
            if set.is_collection {
                out.write(
                    "index.md",
                    index(&set.title, &set.description, &entries).as_bytes(),
                    None,
                )?;
                wrote("index.md");
            }
        }
        ExportFormat::MarkdownSingle => {
            set.write_images(&mut out, wrote)?;
            let articles: Vec<Article> = set
                .articles
                .iter()
                .map(|a| set.with_saved_images(a).into_owned())
                .collect();
            let name = out.name_for(None, &file_stem(&set.title), "md");
            out.write(
                &name,
                digest(&set.title, &set.description, &articles).as_bytes(),
                None,
            )?;
            wrote(&name);
        }
        ExportFormat::Json => {
            let name = out.name_for(None, &file_stem(&set.title), "tidings.json");
            out.write(&name, backup_json(set).as_bytes(), None)?;
            wrote(&name);
        }
        ExportFormat::Annotations => {
            let name = out.name_for(None, &file_stem(&set.title), "annotations.jsonld");
            out.write(&name, annotations_json(set).as_bytes(), None)?;
            wrote(&name);
        }
    }
    out.finish()
}

/// The set as a backup document.
#[must_use]
pub fn backup(set: &ExportSet) -> Backup {
    let refs: std::collections::HashMap<i64, u32> = set
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.summary.id, u32::try_from(i + 1).unwrap_or(u32::MAX)))
        .collect();
    let articles = set
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let raw = set.raw_html.get(i).cloned().flatten();
            BackupArticle::from_article(refs[&a.summary.id], a, raw)
        })
        .collect();
    let collections = set
        .collections
        .iter()
        .map(|(c, ids)| BackupCollection {
            name: c.name.clone(),
            description: c.description.clone(),
            articles: ids.iter().filter_map(|id| refs.get(id).copied()).collect(),
        })
        .collect();
    let saved_searches = set
        .saved_searches
        .iter()
        .map(|s| BackupSavedSearch {
            name: s.name.clone(),
            query: s.query.clone(),
            filter: s.filter.clone(),
            created_at: s.created_at.clone(),
            updated_at: s.updated_at.clone(),
        })
        .collect();
    Backup {
        format: BACKUP_FORMAT.to_owned(),
        version: BACKUP_VERSION,
        articles,
        collections,
        saved_searches,
    }
}

/// The backup as pretty JSON, ending in a newline.
#[must_use]
pub fn backup_json(set: &ExportSet) -> String {
    let mut json = serde_json::to_string_pretty(&backup(set)).unwrap_or_default();
    json.push('\n');
    json
}

/// Every highlight of the set as a W3C Web Annotation collection (JSON-LD).
#[must_use]
pub fn annotations_json(set: &ExportSet) -> String {
    let items: Vec<serde_json::Value> = set
        .articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.highlights.iter().enumerate().map(move |(j, h)| {
                let mut body = vec![serde_json::json!({"type": "TextualBody", "purpose": "tagging", "value": h.color})];
                if let Some(note) = &h.note {
                    body.push(serde_json::json!({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": note}));
                }
                serde_json::json!({
                    "id": format!("urn:tidings:article:{}:highlight:{}", i + 1, j + 1),
                    "type": "Annotation",
                    "motivation": if h.note.is_some() { "commenting" } else { "highlighting" },
                    "created": h.created_at,
                    "modified": h.updated_at,
                    "body": body,
                    "target": {
                        "source": a.summary.url,
                        "selector": [
                            {"type": "TextQuoteSelector", "exact": h.exact, "prefix": h.prefix, "suffix": h.suffix},
                            {"type": "TextPositionSelector", "start": h.start, "end": h.end}
                        ]
                    }
                })
            })
        })
        .collect();
    let doc = serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": set.title,
        "total": items.len(),
        "first": {"type": "AnnotationPage", "items": items}
    });
    let mut json = serde_json::to_string_pretty(&doc).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn parallel_conversion_keeps_the_order() {
        let items: Vec<u32> = (0..1_001).collect();
        let doubled: Vec<u32> = items.iter().map(|x| x * 2).collect();
        assert_eq!(in_parallel(&items, |x| x * 2), doubled);
        assert_eq!(in_parallel(&items[..1], |x| x + 1), vec![1]);
        assert!(in_parallel(&items[..0], |x| x + 1).is_empty());
    }
}
