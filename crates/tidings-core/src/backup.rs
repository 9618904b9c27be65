//! The JSON backup format: the whole library (or a selection) in one file that `import`
//! restores exactly. Deterministic: the same library gives the same bytes.

use serde::{Deserialize, Serialize};

use crate::model::{Article, ArticleStatus, SavedSearchFilter};

/// The `format` field of every backup file.
pub const BACKUP_FORMAT: &str = "tidings-backup";
/// The version of the backup schema this build writes and reads.
pub const BACKUP_VERSION: u32 = 1;

/// A backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    /// Newest saved first.
    pub articles: Vec<BackupArticle>,
    pub collections: Vec<BackupCollection>,
    /// In the sidebar's order; absent in backups written before saved searches (and when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub saved_searches: Vec<BackupSavedSearch>,
}

/// One article with everything the user added to it. `ref` numbers articles within the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupArticle {
    #[serde(rename = "ref")]
    pub reference: u32,
    pub original_url: String,
    pub final_url: String,
    pub canonical_url: Option<String>,
    pub title: String,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub published_at: Option<String>,
    /// Absent in backups written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<String>,
    pub saved_at: String,
    pub excerpt: Option<String>,
    pub lead_image_url: Option<String>,
    pub word_count: u32,
    pub reading_minutes: u32,
    pub status: ArticleStatus,
    pub starred: bool,
    pub tags: Vec<String>,
    pub note: Option<BackupNote>,
    pub highlights: Vec<BackupHighlight>,
    pub warnings: Vec<String>,
    pub content_html: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_html: Option<String>,
    /// The page was captured in the browser (never re-fetched unless forced); absent when not,
    /// and in backups written before it was recorded.
    #[serde(default, skip_serializing_if = "is_false")]
    pub captured_in_browser: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference.
fn is_false(b: &bool) -> bool {
    !*b
}

/// An article note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupNote {
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A highlight, with both of its selectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupHighlight {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    pub start: u32,
    pub end: u32,
    pub color: String,
    pub note: Option<String>,
    pub orphaned: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A collection and its articles in order, by `ref`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupCollection {
    pub name: String,
    pub description: String,
    pub articles: Vec<u32>,
}

/// A saved search: its name, query and filter (collections and tags by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSavedSearch {
    pub name: String,
    pub query: String,
    pub filter: SavedSearchFilter,
    pub created_at: String,
    pub updated_at: String,
}

impl BackupArticle {
    /// The backup form of an article.
    #[must_use]
    pub fn from_article(reference: u32, a: &Article, raw_html: Option<String>) -> Self {
        let s = &a.summary;
        Self {
            reference,
            original_url: a.original_url.clone(),
            final_url: a.final_url.clone(),
            canonical_url: a.canonical_url.clone(),
            title: s.title.clone(),
            byline: s.byline.clone(),
            site_name: s.site_name.clone(),
            language: a.language.clone(),
            published_at: s.published_at.clone(),
            modified_at: a.modified_at.clone(),
            saved_at: s.saved_at.clone(),
            excerpt: s.excerpt.clone(),
            lead_image_url: s.lead_image_url.clone(),
            word_count: s.word_count,
            reading_minutes: s.reading_minutes,
            status: s.status,
            starred: s.starred,
            tags: a.tags.clone(),
            note: a.note.as_ref().map(|n| BackupNote {
                body: n.body.clone(),
                created_at: n.created_at.clone(),
                updated_at: n.updated_at.clone(),
            }),
            highlights: a
                .highlights
                .iter()
                .map(|h| BackupHighlight {
                    exact: h.exact.clone(),
                    prefix: h.prefix.clone(),
                    suffix: h.suffix.clone(),
                    start: h.start,
                    end: h.end,
                    color: h.color.clone(),
                    note: h.note.clone(),
                    orphaned: h.orphaned,
                    created_at: h.created_at.clone(),
                    updated_at: h.updated_at.clone(),
                })
                .collect(),
            warnings: a.warnings.clone(),
            content_html: a.content_html.clone(),
            text: a.text.clone(),
            raw_html,
            captured_in_browser: a.captured_in_browser,
        }
    }
}
