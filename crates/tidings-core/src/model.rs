//! The product's vocabulary: the types the library hands to its shells (CLI, desktop app).
//!
//! Types that cross into the UI derive `ts_rs::TS` under test, and a test keeps
//! `ui/src/bindings/` in step with them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where an article is in the reading flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ArticleStatus {
    /// In the inbox, not read yet (the status of a fresh clip).
    #[default]
    Unread,
    /// Read, still in the library's main view.
    Read,
    /// Put away.
    Archived,
}

impl ArticleStatus {
    /// The name stored in the library and shown to users.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unread => "unread",
            Self::Read => "read",
            Self::Archived => "archived",
        }
    }
}

impl fmt::Display for ArticleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ArticleStatus {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "unread" => Ok(Self::Unread),
            "read" => Ok(Self::Read),
            "archived" => Ok(Self::Archived),
            other => Err(crate::Error::Invalid(format!(
                "unknown status {other:?}: expected unread, read or archived"
            ))),
        }
    }
}

/// One article as it appears in a list: everything but its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ArticleSummary {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    pub title: String,
    /// The address to open the original at: the canonical URL if the page named one, else the final URL.
    pub url: String,
    pub site_name: Option<String>,
    pub byline: Option<String>,
    /// RFC 3339, UTC.
    pub published_at: Option<String>,
    /// RFC 3339, UTC.
    pub saved_at: String,
    pub excerpt: Option<String>,
    pub lead_image_url: Option<String>,
    pub word_count: u32,
    pub reading_minutes: u32,
    pub status: ArticleStatus,
    pub starred: bool,
}

/// The Markdown note a user keeps on an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Note {
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A passage a user marked, anchored in the article's plain text by quote and position
/// (W3C Web Annotation TextQuoteSelector + TextPositionSelector).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Highlight {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(test, ts(type = "number"))]
    pub article_id: i64,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// Start offset in the plain text, in Unicode scalar values.
    pub start: u32,
    /// End offset (exclusive) in the plain text, in Unicode scalar values.
    pub end: u32,
    pub color: String,
    pub note: Option<String>,
    pub orphaned: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A whole article: its summary, content, and what the user added to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Article {
    #[serde(flatten)]
    #[cfg_attr(test, ts(flatten))]
    pub summary: ArticleSummary,
    pub original_url: String,
    pub final_url: String,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    /// When the page says the article last changed, RFC 3339 UTC.
    pub modified_at: Option<String>,
    /// Sanitised article HTML, safe to render.
    pub content_html: String,
    /// The article's plain text: what search indexes and highlights anchor in.
    pub text: String,
    pub note: Option<Note>,
    pub tags: Vec<String>,
    pub collections: Vec<String>,
    pub highlights: Vec<Highlight>,
    /// What the extractor was unsure of, so a bad clip is visible.
    pub warnings: Vec<String>,
    /// The page was captured in the reader's browser (the extension): a refresh re-fetching it
    /// would not see what the reader saw, so it is refused unless forced.
    pub captured_in_browser: bool,
}

/// A named, ordered, described group of articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Collection {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub description: String,
    pub article_count: u32,
    pub created_at: String,
}

/// A tag and how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TagCount {
    pub name: String,
    pub article_count: u32,
}

/// Which articles a list shows. Every field narrows the list; the default is the whole library.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ListFilter {
    pub status: Option<ArticleStatus>,
    pub tag: Option<String>,
    pub collection: Option<String>,
    pub starred: bool,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    /// The order of the list; absent: a collection's own order, else newest saved first.
    #[cfg_attr(test, ts(optional))]
    pub sort: Option<ListSort>,
    /// The trash instead of the library: deleted articles, most recently deleted first.
    pub trash: bool,
}

/// What a saved search searches within: the fields of a [`ListFilter`] it keeps (never paging,
/// order or the trash). Every field narrows; the default is the whole library.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct SavedSearchFilter {
    pub status: Option<ArticleStatus>,
    pub tag: Option<String>,
    pub collection: Option<String>,
    pub starred: bool,
}

impl SavedSearchFilter {
    /// The part of `filter` a saved search keeps.
    #[must_use]
    pub fn from_list_filter(filter: &ListFilter) -> Self {
        Self {
            status: filter.status,
            tag: filter.tag.clone(),
            collection: filter.collection.clone(),
            starred: filter.starred,
        }
    }

    /// The list filter that searches within it (no paging).
    #[must_use]
    pub fn to_list_filter(&self) -> ListFilter {
        ListFilter {
            status: self.status,
            tag: self.tag.clone(),
            collection: self.collection.clone(),
            starred: self.starred,
            ..ListFilter::default()
        }
    }
}

/// A search kept by name ("smart collection"): run afresh each time, so new articles that
/// match appear in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SavedSearch {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    pub name: String,
    /// The words as typed in the search box.
    pub query: String,
    pub filter: SavedSearchFilter,
    pub created_at: String,
    pub updated_at: String,
}

/// How a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ListSort {
    /// The collection's order (for a collection), else newest saved first.
    Saved,
    /// Newest published first; articles without a date last.
    Published,
}

/// How many articles each view of the sidebar holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ViewCounts {
    pub unread: u32,
    pub starred: u32,
    pub archived: u32,
    pub all: u32,
    pub highlights: u32,
    /// Articles in the trash (not part of the other counts).
    pub trash: u32,
}

/// A search result: the article and a snippet with the matched words marked by `[` and `]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SearchHit {
    pub article: ArticleSummary,
    pub snippet: String,
}

/// What a clip did: the article, and whether it was already in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ClipOutcome {
    pub article: ArticleSummary,
    pub already_saved: bool,
}

/// Facts about an open library, for the window's title and status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LibraryInfo {
    pub path: String,
    pub article_count: u32,
}

/// One of a library's daily backups (see [`crate::library_backups`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LibraryBackup {
    /// The file name in the `backups/` folder beside the library.
    pub name: String,
    /// The day it was made, `YYYY-MM-DD` (UTC).
    pub date: String,
    #[cfg_attr(test, ts(type = "number"))]
    pub size_bytes: u64,
}

/// The colours a highlight can have, in the toolbar's order. Highlights store and send a colour
/// by its name ([`HIGHLIGHT_COLORS`]); the UI's `HighlightColor` type is generated from this enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum HighlightColor {
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl HighlightColor {
    /// The colour's name, as stored.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Yellow => "yellow",
            Self::Green => "green",
            Self::Blue => "blue",
            Self::Pink => "pink",
            Self::Purple => "purple",
        }
    }
}

/// The names of the colours a highlight can have, in [`HighlightColor`]'s order.
pub const HIGHLIGHT_COLORS: &[&str] = &[
    HighlightColor::Yellow.as_str(),
    HighlightColor::Green.as_str(),
    HighlightColor::Blue.as_str(),
    HighlightColor::Pink.as_str(),
    HighlightColor::Purple.as_str(),
];

/// A new highlight, as the reader or the CLI describes it: the quoted text and some context
/// around it. The library anchors it in the article's plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct HighlightInput {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// One of [`HIGHLIGHT_COLORS`]; yellow when absent.
    pub color: Option<String>,
    pub note: Option<String>,
}

/// Changes to a highlight; absent fields stay as they are, an empty note removes the note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct HighlightUpdate {
    pub color: Option<String>,
    pub note: Option<String>,
}

/// Which highlights the review view shows. Every field narrows; the default is all, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct HighlightFilter {
    #[cfg_attr(test, ts(type = "number | null"))]
    pub article_id: Option<i64>,
    pub tag: Option<String>,
    pub collection: Option<String>,
    pub color: Option<String>,
    /// Words that must appear in the quote or its note.
    pub query: Option<String>,
    /// Created at or after this time (RFC 3339 or a date).
    pub since: Option<String>,
    /// Created before this time (RFC 3339 or a date).
    pub until: Option<String>,
    /// Only orphaned highlights (true) or only anchored ones (false).
    pub orphaned: Option<bool>,
    pub limit: Option<u32>,
}

/// A highlight with the article it belongs to, for the review view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HighlightEntry {
    pub highlight: Highlight,
    pub article: ArticleSummary,
}

/// What a re-extraction did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReextractReport {
    pub articles: u32,
    /// Articles without a stored page, which cannot be re-extracted.
    pub skipped: u32,
    pub highlights_kept: u32,
    pub highlights_moved: u32,
    pub highlights_orphaned: u32,
}

/// The shapes an export can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// One Markdown file per article (plus `index.md` for a collection).
    #[default]
    Markdown,
    /// One Markdown digest file with every article.
    MarkdownSingle,
    /// One Markdown file per article with only its highlights and note.
    Highlights,
    /// A lossless JSON backup that `import` restores.
    Json,
    /// Highlights as W3C Web Annotation JSON-LD.
    Annotations,
}

/// Which articles to export: a collection, a tag, named ids, or everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ExportSelection {
    pub collection: Option<String>,
    pub tag: Option<String>,
    #[cfg_attr(test, ts(type = "Array<number>"))]
    pub ids: Vec<i64>,
    /// The whole library (when nothing else is named, this is the default).
    pub all: bool,
    /// JSON only: include each article's stored page, so a restore can re-extract offline.
    pub with_raw_html: bool,
    /// Markdown only: download the images the articles show into `assets/` beside the files
    /// and point the Markdown at them, so the export reads offline.
    pub with_images: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExportReport {
    /// Every file of the export, in order, relative to the export folder.
    pub files: Vec<String>,
    /// Files written (new or changed), relative to the export folder.
    pub written: Vec<String>,
    /// Files that already held exactly this content.
    pub unchanged: u32,
    /// Things the user should know: a file they edited was kept and the new version written beside it.
    pub warnings: Vec<String>,
}

/// One line of an import's report: a record that was not saved, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportFailure {
    /// Where it is in the file ("line 7").
    pub record: String,
    pub url: String,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportReport {
    /// Records in the file.
    pub total: u32,
    /// Articles added to the library.
    pub saved: u32,
    /// Records the library already had (their tags, highlights and collections were merged in).
    pub duplicates: u32,
    pub failed: u32,
    pub failures: Vec<ImportFailure>,
    /// The import was stopped before the end; running it again finishes it.
    pub cancelled: bool,
}

/// How a running export is going: it began (`articles` are being written), a file was written
/// (`written` of the `files` the export writes), and it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExportProgress {
    Started {
        articles: u32,
    },
    Wrote {
        written: u32,
        files: u32,
        file: String,
    },
    Finished {
        files: u32,
    },
}

/// Progress of a running import, after each record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
    pub url: String,
    /// "saved", "duplicate" or "failed".
    pub outcome: String,
}

/// Where a feed item is in triage. Items arrive `new`; the stream counts those as unseen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ItemState {
    #[default]
    New,
    Seen,
    /// Clipped into the library (the item's `article_id` names the article).
    Kept,
    Dismissed,
}

impl ItemState {
    /// The name stored in the library and shown to users.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Seen => "seen",
            Self::Kept => "kept",
            Self::Dismissed => "dismissed",
        }
    }
}

impl fmt::Display for ItemState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemState {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "new" => Ok(Self::New),
            "seen" => Ok(Self::Seen),
            "kept" => Ok(Self::Kept),
            "dismissed" => Ok(Self::Dismissed),
            other => Err(crate::Error::Invalid(format!(
                "unknown item state {other:?}: expected new, seen, kept or dismissed"
            ))),
        }
    }
}

/// Which items the stream shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum StreamStates {
    /// What is left to triage: new and seen items (the stream's default).
    #[default]
    Active,
    New,
    Seen,
    Kept,
    Dismissed,
    All,
}

impl FromStr for StreamStates {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "active" => Ok(Self::Active),
            "all" => Ok(Self::All),
            other => match other.parse::<ItemState>() {
                Ok(ItemState::New) => Ok(Self::New),
                Ok(ItemState::Seen) => Ok(Self::Seen),
                Ok(ItemState::Kept) => Ok(Self::Kept),
                Ok(ItemState::Dismissed) => Ok(Self::Dismissed),
                Err(_) => Err(crate::Error::Invalid(format!(
                    "unknown item state {other:?}: expected new, seen, kept, dismissed, active or all"
                ))),
            },
        }
    }
}

/// A feed subscription, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Feed {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    /// The feed's address (updated when the server says it moved for good).
    pub url: String,
    /// The person's name for it if they renamed it, else the feed's own title.
    pub title: String,
    pub site_url: Option<String>,
    /// Its folder: a path such as `Tech/Rust`.
    pub folder: Option<String>,
    /// Fetch each new item's article after each poll, stored as a preview ([`ItemPreview`]).
    pub full_text: bool,
    pub paused: bool,
    /// The server answered 410 Gone: no longer polled.
    pub gone: bool,
    /// RFC 3339 UTC.
    pub last_checked: Option<String>,
    /// RFC 3339 UTC.
    pub next_check: String,
    /// Failed polls in a row.
    pub error_count: u32,
    /// The last failure, one line; cleared by a successful poll.
    pub last_error: Option<String>,
    /// Items not yet seen.
    pub unseen: u32,
    pub created_at: String,
}

/// One item of the stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FeedItem {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(test, ts(type = "number"))]
    pub feed_id: i64,
    /// The feed's title (as the person named it), for the row's "source".
    pub feed_title: String,
    pub title: String,
    pub url: Option<String>,
    /// The discussion page (Hacker News, Lobsters), when the feed gives one.
    pub comments_url: Option<String>,
    pub author: Option<String>,
    /// RFC 3339 UTC; `None` when the feed gave no date (or one that could not be read).
    pub published: Option<String>,
    /// When Tidings first saw it, RFC 3339 UTC.
    pub arrived_at: String,
    /// Sanitised with the articles' allow-list, safe to render.
    pub summary_html: String,
    pub categories: Vec<String>,
    pub state: ItemState,
    /// The library's article, once kept.
    #[cfg_attr(test, ts(type = "number | null"))]
    pub article_id: Option<i64>,
    /// Other feeds that carry the same article (by the clip dedup key); the stream shows it once.
    #[cfg_attr(test, ts(type = "Array<number>"))]
    pub also_in: Vec<i64>,
    /// A rule starred it as it arrived; the article is starred when the item is kept.
    pub starred: bool,
    /// Tags rules put on it as it arrived; the article gets them when the item is kept.
    pub tags: Vec<String>,
    /// Its article was fetched (a full-text feed): [`ItemPreview`] holds it, and keeping the
    /// item saves that page without fetching it again.
    pub has_full_text: bool,
}

/// The article of an item of a full-text feed, fetched and extracted but not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ItemPreview {
    #[cfg_attr(test, ts(type = "number"))]
    pub item_id: i64,
    /// The address the page was served from, after redirects.
    pub final_url: String,
    /// Sanitised like an article's content, safe to render.
    pub content_html: String,
    pub word_count: u32,
    /// RFC 3339 UTC.
    pub fetched_at: String,
}

/// The part of an item a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum RuleField {
    #[default]
    Title,
    Url,
    Author,
    /// Any one of the item's categories.
    Category,
    /// The item's summary, as text (markup left out).
    Content,
}

impl RuleField {
    /// The name stored in the library and shown to users.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Url => "url",
            Self::Author => "author",
            Self::Category => "category",
            Self::Content => "content",
        }
    }
}

impl fmt::Display for RuleField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleField {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "title" => Ok(Self::Title),
            "url" => Ok(Self::Url),
            "author" => Ok(Self::Author),
            "category" => Ok(Self::Category),
            "content" => Ok(Self::Content),
            other => Err(crate::Error::Invalid(format!(
                "unknown rule field {other:?}: expected title, url, author, category or content"
            ))),
        }
    }
}

/// What a rule does to an item that matches as it arrives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum RuleAction {
    /// It arrives dismissed (a kept twin stays kept).
    Dismiss,
    /// It is kept (clipped into the library) right after the poll.
    Keep,
    /// It is marked starred; its article is starred when kept.
    Star,
    /// It gets this tag; its article gets it when kept.
    Tag(String),
}

impl fmt::Display for RuleAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dismiss => f.write_str("dismiss"),
            Self::Keep => f.write_str("keep"),
            Self::Star => f.write_str("star"),
            Self::Tag(tag) => write!(f, "tag:{tag}"),
        }
    }
}

impl FromStr for RuleAction {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Some(tag) = s.strip_prefix("tag:") {
            let tag = tag.trim();
            if tag.is_empty() {
                return Err(crate::Error::Invalid(
                    "rule action tag: needs a tag name (tag:NAME)".into(),
                ));
            }
            return Ok(Self::Tag(tag.to_owned()));
        }
        match s.to_ascii_lowercase().as_str() {
            "dismiss" => Ok(Self::Dismiss),
            "keep" => Ok(Self::Keep),
            "star" => Ok(Self::Star),
            other => Err(crate::Error::Invalid(format!(
                "unknown rule action {other:?}: expected dismiss, keep, star or tag:NAME"
            ))),
        }
    }
}

/// A rule applied to items as they arrive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FeedRule {
    #[cfg_attr(test, ts(type = "number"))]
    pub id: i64,
    /// The feed it applies to; `None`: every feed.
    #[cfg_attr(test, ts(type = "number | null"))]
    pub feed_id: Option<i64>,
    pub field: RuleField,
    /// Words (whole words, any case) or, with `regex`, a regular expression.
    pub pattern: String,
    pub regex: bool,
    pub action: RuleAction,
    /// RFC 3339 UTC; after it the rule is ignored.
    pub expires_at: Option<String>,
    /// Its expiry has passed (by the library's clock when it was read).
    pub expired: bool,
    pub created_at: String,
}

/// A rule to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NewRule {
    #[cfg_attr(test, ts(type = "number | null"))]
    pub feed_id: Option<i64>,
    pub field: RuleField,
    pub pattern: String,
    pub regex: bool,
    pub action: RuleAction,
    /// How long it lasts from now: `12h`, `30d`, `2w`; `None`: for good.
    pub expires_in: Option<String>,
}

/// Changes to a rule; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct RuleEdit {
    /// Apply to this feed only.
    #[cfg_attr(test, ts(type = "number | null"))]
    pub feed_id: Option<i64>,
    /// Apply to every feed (wins over `feed_id`).
    pub all_feeds: bool,
    pub field: Option<RuleField>,
    pub pattern: Option<String>,
    pub regex: Option<bool>,
    pub action: Option<RuleAction>,
    /// Expire this long from now (`12h`, `30d`, `2w`).
    pub expires_in: Option<String>,
    /// Never expire (wins over `expires_in`).
    pub no_expiry: bool,
}

/// The stream's housekeeping setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StreamSettings {
    /// Seen and dismissed items older than this many days are purged after each refresh
    /// (kept and new ones never are).
    pub keep_days: u32,
}

impl Default for StreamSettings {
    fn default() -> Self {
        Self { keep_days: 30 }
    }
}

/// The stream's unseen counts as its views list items: an article several feeds carry counts
/// once (per feed, [`Feed::unseen`] counts the feed's own rows).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StreamCounts {
    /// Unseen in the whole stream.
    pub unseen: u32,
    /// Unseen in each folder (its subfolders' feeds too), by folder name.
    pub folders: Vec<FolderUnseen>,
}

/// A folder's unseen count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FolderUnseen {
    pub folder: String,
    pub unseen: u32,
}

/// Which page of the stream to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct StreamFilter {
    /// One feed's items (each shown, whatever other feeds carry); else all feeds, one row per
    /// article.
    #[cfg_attr(test, ts(type = "number | null"))]
    pub feed_id: Option<i64>,
    /// A folder's items (its feeds' and its subfolders'), one row per article among them;
    /// `feed_id` wins when both are set.
    pub folder: Option<String>,
    pub states: StreamStates,
    /// The page after this item (keyset pagination: the last item of the previous page).
    #[cfg_attr(test, ts(type = "number | null"))]
    pub after: Option<i64>,
    /// Items per page; 0 means 50.
    pub limit: u32,
}

/// How to subscribe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct FeedOptions {
    pub folder: Option<String>,
    pub full_text: bool,
}

/// What subscribing did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SubscribeOutcome {
    pub feed: Feed,
    /// The library already had this subscription; nothing was added.
    pub already_subscribed: bool,
    /// Items the first poll brought.
    pub new_items: u32,
}

/// What polling one feed did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RefreshOutcome {
    #[cfg_attr(test, ts(type = "number"))]
    pub feed_id: i64,
    pub title: String,
    /// Items that arrived (0 when unchanged).
    pub new_items: u32,
    /// The server said nothing changed (304, or the same ETag).
    pub unchanged: bool,
    /// Why the poll failed, one line; `None` when it worked.
    pub error: Option<String>,
    /// New items a `keep` rule kept.
    pub kept: u32,
    /// Items a `keep` rule matched that could not be kept (why, one line each); they stay new.
    pub keep_errors: Vec<String>,
    /// New items whose article was fetched as a preview (full-text feeds).
    pub previews: u32,
}

/// What an OPML import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OpmlImportReport {
    /// Subscriptions added.
    pub added: u32,
    /// Subscriptions the library already had (or listed twice).
    pub skipped: u32,
}

/// Keeping an item: the article it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KeptItem {
    #[cfg_attr(test, ts(type = "number"))]
    pub item_id: i64,
    pub article: ArticleSummary,
    pub already_saved: bool,
}

/// The feed a kept article came from, kept with the article after the feed is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ArticleFeedSource {
    pub feed_title: String,
    pub feed_url: String,
    pub item_url: Option<String>,
    pub comments_url: Option<String>,
    pub kept_at: String,
}

/// A token of the loopback API (its secret is shown once, when made, and never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ApiToken {
    pub name: String,
    /// The browser extension's origin it was paired from (`chrome-extension://…`), if any.
    pub origin: Option<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// An extension's request to pair, waiting for the person to accept or deny it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Pairing {
    /// The short code the extension shows, for the person to compare.
    pub code: String,
    /// The name the token will have.
    pub name: String,
    /// The extension's origin (`chrome-extension://…`, `moz-extension://…`).
    pub origin: String,
    pub created_at: String,
    pub expires_at: String,
    /// Accepted, and waiting for the extension to collect its token.
    pub accepted: bool,
}
