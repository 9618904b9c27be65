//! The facade both shells use: open a library file, then clip, list, show, organise, search
//! and export. Every method is async and runs SQLite off the async runtime.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::annotate::{self, Quote};
use crate::clip::{self, CapturedPage, ClipOptions};
use crate::dates::{normalize_date, stored, Clock, SystemClock};
use crate::export::{self, ExportSet};
use crate::fetch::{FetchConfig, Fetcher};
use crate::importer::{self, ImportOptions, ProgressFn};
use crate::library_backups;
use crate::loopback::{self, ServeOptions};
use crate::model::{
    ApiToken, ArticleFeedSource, Feed, FeedItem, FeedOptions, FeedRule, ItemPreview, ItemState,
    KeptItem, NewRule, OpmlImportReport, Pairing, RefreshOutcome, RuleEdit, StreamCounts,
    StreamFilter, StreamSettings, SubscribeOutcome,
};
use crate::model::{
    Article, ArticleStatus, ArticleSummary, ClipOutcome, Collection, ExportFormat, ExportProgress,
    ExportReport, ExportSelection, Highlight, HighlightEntry, HighlightFilter, HighlightInput,
    HighlightUpdate, ImportReport, LibraryBackup, LibraryInfo, ListFilter, ReextractReport,
    SavedSearch, SavedSearchFilter, SearchHit, TagCount, ViewCounts, HIGHLIGHT_COLORS,
};
use crate::reextract;
use crate::store::{NewHighlight, PollTarget, SharedStore, Store};
use crate::subscriptions;
use crate::{Error, Result};

/// The environment variable that names the library file when no `--library` is given.
pub const LIBRARY_ENV: &str = "TIDINGS_LIBRARY";

/// Told `(files written, files in all, the file just written)` as an export goes.
pub type ExportProgressFn = Box<dyn FnMut(ExportProgress) + Send>;

/// How many days a deleted article stays in the trash before [`Library::purge_trash`] removes it.
pub const TRASH_DAYS: i64 = 30;

/// An open library. Clones share one connection.
#[derive(Debug, Clone)]
pub struct Library {
    store: SharedStore,
    fetcher: Fetcher,
    path: PathBuf,
    /// The time feeds are scheduled by (the system's; tests set their own).
    clock: Arc<dyn Clock>,
}

impl Library {
    /// The library file used when none is named: `tidings/library.sqlite3` in the OS data folder
    /// (`~/.local/share` on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
    ///
    /// # Errors
    /// [`Error::Invalid`] if the OS has no data folder for this user.
    pub fn default_path() -> Result<PathBuf> {
        dirs::data_dir()
            .map(|d| d.join("tidings").join("library.sqlite3"))
            .ok_or_else(|| {
                Error::Invalid(
                    "cannot find the data folder of this user; name a library with --library"
                        .into(),
                )
            })
    }

    /// The library to open: `explicit` (from `--library`), else `$TIDINGS_LIBRARY`, else the
    /// default, whose folder is created if missing. A named path's folder must already exist.
    ///
    /// # Errors
    /// When the default folder cannot be found or created.
    pub fn resolve_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
        if let Some(path) = explicit.or_else(|| {
            std::env::var_os(LIBRARY_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        }) {
            return Ok(path);
        }
        let path = Self::default_path()?;
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| {
                Error::Invalid(format!(
                    "cannot create the library folder {}: {e}",
                    folder.display()
                ))
            })?;
        }
        Ok(path)
    }

    /// Opens (creating if needed) the library file at `path`.
    ///
    /// # Errors
    /// When the file cannot be opened, is not a library, or was written by a newer Tidings.
    pub async fn open(path: impl Into<PathBuf>) -> Result<Self> {
        Self::open_with(path, FetchConfig::default()).await
    }

    /// Opens a library with a given fetch policy (timeouts, size cap).
    ///
    /// # Errors
    /// As [`Library::open`].
    pub async fn open_with(path: impl Into<PathBuf>, fetch: FetchConfig) -> Result<Self> {
        let path = path.into();
        let store = SharedStore::open(path.clone()).await?;
        Ok(Self {
            store,
            fetcher: Fetcher::new(fetch)?,
            path,
            clock: Arc::new(SystemClock),
        })
    }

    /// The same library (sharing its file), whose fetches refuse addresses on this machine or a
    /// private network, also when a public name resolves to one: for URLs a web page could have
    /// sent (the loopback API).
    ///
    /// # Errors
    /// When the HTTP client cannot be set up.
    pub fn with_public_fetches_only(&self) -> Result<Self> {
        Ok(Self {
            fetcher: self.fetcher.public_only()?,
            ..self.clone()
        })
    }

    /// The same library, telling time by `clock` (tests move it instead of waiting).
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The library's file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The store, for the loopback API (an in-core shell).
    pub(crate) fn store(&self) -> &SharedStore {
        &self.store
    }

    /// The library's clock.
    pub(crate) fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The library's path and size.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn info(&self) -> Result<LibraryInfo> {
        let path = self.path.display().to_string();
        let article_count = self.store.run(|s| s.article_count()).await?;
        Ok(LibraryInfo {
            path,
            article_count,
        })
    }

    /// Whether this is the last handle on the library: dropping it then closes the file (which
    /// must be closed before a backup is put in its place).
    #[must_use]
    pub fn is_only_handle(&self) -> bool {
        self.store.is_only_handle()
    }

    /// Makes today's backup of the library now (replacing one made earlier today) and keeps the
    /// newest [`library_backups::KEEP`]; see [`crate::library_backups`].
    ///
    /// # Errors
    /// When the backups folder or the copy cannot be written.
    pub async fn backup_now(&self) -> Result<LibraryBackup> {
        let date = library_backups::today();
        let (partial, path) = library_backups::prepare(&self.path, &date)?;
        // A connection of its own, so the library's own calls are not held up meanwhile.
        let (source, target) = (self.path.clone(), partial.clone());
        tokio::task::spawn_blocking(move || crate::store::copy_file(&source, &target))
            .await
            .map_err(|e| Error::Internal(format!("backup task failed: {e}")))??;
        library_backups::finish(&partial, &path)?;
        library_backups::prune(&self.path)?;
        Ok(library_backups::entry(
            &self.path,
            &library_backups::name_for(&self.path, &date),
        )?)
    }

    /// Makes today's backup unless there is one already; returns it when it was made.
    ///
    /// # Errors
    /// As [`Library::backup_now`].
    pub async fn backup_daily(&self) -> Result<Option<LibraryBackup>> {
        let today = library_backups::today();
        if library_backups::list(&self.path)?
            .iter()
            .any(|b| b.date == today)
        {
            return Ok(None);
        }
        self.backup_now().await.map(Some)
    }

    /// Clips the page at `url` (see [`clip::clip`]).
    ///
    /// # Errors
    /// An invalid URL, a network or extraction failure; nothing is stored then.
    pub async fn clip(&self, url: &str, options: ClipOptions) -> Result<ClipOutcome> {
        clip::clip(&self.store, &self.fetcher, url, options).await
    }

    /// Saves a page already fetched elsewhere, as if it had been clipped from `url`.
    ///
    /// # Errors
    /// An invalid URL or an extraction failure; nothing is stored then.
    pub async fn clip_html(
        &self,
        url: &str,
        html: &str,
        options: ClipOptions,
    ) -> Result<ClipOutcome> {
        clip::clip_html(&self.store, url, html.to_owned(), options).await
    }

    /// Saves a page as the reader's browser rendered it (or only their selection), as a clip
    /// of `url`, marked captured in the browser; without HTML, clips `url` (see
    /// [`clip::clip_captured`]).
    ///
    /// # Errors
    /// An invalid URL, an extraction (or, without HTML, a network) failure; nothing is stored then.
    pub async fn clip_captured(
        &self,
        url: &str,
        page: CapturedPage,
        options: ClipOptions,
    ) -> Result<ClipOutcome> {
        clip::clip_captured(&self.store, &self.fetcher, url, page, options).await
    }

    /// The articles `filter` selects.
    ///
    /// # Errors
    /// An unknown collection in the filter.
    pub async fn list(&self, filter: ListFilter) -> Result<Vec<ArticleSummary>> {
        self.store.run(move |s| s.list(&filter)).await
    }

    /// One whole article.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn article(&self, id: i64) -> Result<Article> {
        self.store.run(move |s| s.article(id)).await
    }

    /// Full-text search over articles, notes and highlights, best first.
    ///
    /// # Errors
    /// Only on a database failure: any query text is accepted.
    pub async fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.search_in(
            query,
            ListFilter {
                limit: Some(limit),
                ..ListFilter::default()
            },
        )
        .await
    }

    /// Full-text search narrowed by a list filter (status, tag, collection, star, limit, offset).
    ///
    /// # Errors
    /// An unknown collection in the filter.
    pub async fn search_in(&self, query: &str, filter: ListFilter) -> Result<Vec<SearchHit>> {
        let query = query.to_owned();
        self.store.run(move |s| s.search(&query, &filter)).await
    }

    /// Saves a search by name: `query` within the articles `filter` selects (its status, tag,
    /// collection and star; paging, order and the trash are not kept).
    ///
    /// # Errors
    /// A name already used (without regard to case), a blank name or query, an unknown collection.
    pub async fn save_search(
        &self,
        name: &str,
        query: &str,
        filter: &ListFilter,
    ) -> Result<SavedSearch> {
        let (name, query) = (name.to_owned(), query.to_owned());
        let filter = SavedSearchFilter::from_list_filter(filter);
        self.store
            .run(move |s| s.create_saved_search(&name, &query, &filter))
            .await
    }

    /// Every saved search, in the sidebar's order.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        self.store.run(|s| s.saved_searches()).await
    }

    /// One saved search by name (without regard to case), else by id.
    ///
    /// # Errors
    /// An unknown saved search.
    pub async fn saved_search(&self, key: &str) -> Result<SavedSearch> {
        let key = key.to_owned();
        self.store.run(move |s| s.saved_search(&key)).await
    }

    /// Renames a saved search (named, or by id).
    ///
    /// # Errors
    /// An unknown saved search, a blank name, or a name another one has.
    pub async fn rename_saved_search(&self, key: &str, new: &str) -> Result<SavedSearch> {
        let (key, new) = (key.to_owned(), new.to_owned());
        self.store
            .run(move |s| s.rename_saved_search(&key, &new))
            .await
    }

    /// Changes a saved search's query and filter.
    ///
    /// # Errors
    /// An unknown saved search, a blank query, an unknown collection.
    pub async fn update_saved_search(
        &self,
        key: &str,
        query: &str,
        filter: &ListFilter,
    ) -> Result<SavedSearch> {
        let (key, query) = (key.to_owned(), query.to_owned());
        let filter = SavedSearchFilter::from_list_filter(filter);
        self.store
            .run(move |s| s.update_saved_search(&key, &query, &filter))
            .await
    }

    /// Deletes a saved search (its articles stay, of course).
    ///
    /// # Errors
    /// An unknown saved search.
    pub async fn delete_saved_search(&self, key: &str) -> Result<()> {
        let key = key.to_owned();
        self.store.run(move |s| s.delete_saved_search(&key)).await
    }

    /// Runs a saved search (named, or by id) as it stands now: the same hits as
    /// [`Library::search_in`] with its query and filter, `limit` (default 50) from `offset`.
    ///
    /// # Errors
    /// An unknown saved search, or a collection of its filter deleted since.
    pub async fn run_saved_search(
        &self,
        key: &str,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<Vec<SearchHit>> {
        let key = key.to_owned();
        self.store
            .run(move |s| {
                let saved = s.saved_search(&key)?;
                let filter = ListFilter {
                    limit,
                    offset,
                    ..saved.filter.to_list_filter()
                };
                s.search(&saved.query, &filter)
            })
            .await
    }

    /// Highlights a passage of an article. The quote is anchored in the article's plain text
    /// (whitespace and small differences from the rendered page are tolerated).
    ///
    /// # Errors
    /// An unknown article, an unknown colour, or a quote that is not in the article.
    pub async fn add_highlight(&self, article_id: i64, input: HighlightInput) -> Result<Highlight> {
        if input.exact.trim().is_empty() {
            return Err(Error::Invalid("a highlight needs the text it marks".into()));
        }
        let color = highlight_color(input.color.as_deref())?.to_owned();
        self.store
            .run(move |s| {
                let text = s.article_text(article_id)?;
                let quote = Quote {
                    exact: input.exact,
                    prefix: input.prefix,
                    suffix: input.suffix,
                };
                let Some((span, quote)) = annotate::place(&text, &quote) else {
                    return Err(Error::Invalid(format!(
                        "the quote {:?} is not in article {article_id}",
                        shorten(&quote.exact)
                    )));
                };
                let note = input
                    .note
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty());
                let new = NewHighlight {
                    article_id,
                    exact: quote.exact,
                    prefix: quote.prefix,
                    suffix: quote.suffix,
                    start: u32::try_from(span.start).unwrap_or(u32::MAX),
                    end: u32::try_from(span.end).unwrap_or(u32::MAX),
                    color,
                    note,
                    orphaned: false,
                };
                Ok(s.insert_highlight(&new)?)
            })
            .await
    }

    /// Changes a highlight's colour or note.
    ///
    /// # Errors
    /// An unknown highlight or colour.
    pub async fn update_highlight(&self, id: i64, update: HighlightUpdate) -> Result<Highlight> {
        let color = update
            .color
            .as_deref()
            .map(|c| highlight_color(Some(c)))
            .transpose()?
            .map(str::to_owned);
        self.store
            .run(move |s| s.update_highlight(id, color.as_deref(), update.note.as_deref()))
            .await
    }

    /// Deletes a highlight.
    ///
    /// # Errors
    /// An unknown highlight.
    pub async fn delete_highlight(&self, id: i64) -> Result<()> {
        self.store.run(move |s| s.delete_highlight(id)).await
    }

    /// Highlights across the library, newest first, for the review view.
    ///
    /// # Errors
    /// An unknown collection, or a date that cannot be read.
    pub async fn highlights(&self, mut filter: HighlightFilter) -> Result<Vec<HighlightEntry>> {
        for date in [&mut filter.since, &mut filter.until] {
            if let Some(raw) = date.take() {
                *date = Some(
                    normalize_date(&raw)
                        .ok_or_else(|| Error::Invalid(format!("cannot read the date {raw:?}")))?,
                );
            }
        }
        self.store.run(move |s| s.highlights(&filter)).await
    }

    /// Runs extraction again on the stored pages of `ids` (every article when empty), without
    /// the network, and re-anchors their highlights.
    ///
    /// # Errors
    /// An unknown id or a storage failure.
    pub async fn reextract(&self, ids: Vec<i64>) -> Result<ReextractReport> {
        reextract::reextract(&self.store, ids).await
    }

    /// Fetches an article's page again and re-extracts it, re-anchoring its highlights.
    ///
    /// # Errors
    /// An unknown id, or a fetch or extraction failure (the article stays as it was).
    pub async fn refresh(&self, id: i64) -> Result<ReextractReport> {
        self.refresh_with(id, false).await
    }

    /// [`Library::refresh`]; with `force`, also an article captured in the browser (whose page
    /// is then replaced by what a plain fetch gets, which may be a login wall).
    ///
    /// # Errors
    /// As [`Library::refresh`]; an article captured in the browser without `force`.
    pub async fn refresh_with(&self, id: i64, force: bool) -> Result<ReextractReport> {
        reextract::refresh(&self.store, &self.fetcher, id, force).await
    }

    /// Imports a file: a Tidings backup is restored; links from Pocket, Instapaper, browsers,
    /// OPML or a URL list are clipped with what the source knew. `progress` is called after each
    /// record; setting `cancel` stops the import (running it again finishes it).
    ///
    /// # Errors
    /// A file that cannot be read or parsed, or (without `keep_going`) a bad record.
    pub async fn import(
        &self,
        path: &Path,
        options: &ImportOptions,
        progress: Option<ProgressFn>,
        cancel: Option<Arc<AtomicBool>>,
    ) -> Result<ImportReport> {
        importer::import_file(&self.store, &self.fetcher, path, options, progress, cancel).await
    }

    /// Renames a tag (merging it into an existing tag of the new name).
    ///
    /// # Errors
    /// An unknown tag or a blank name.
    pub async fn rename_tag(&self, old: &str, new: &str) -> Result<()> {
        let (old, new) = (old.to_owned(), new.to_owned());
        self.store.run(move |s| s.rename_tag(&old, &new)).await
    }

    /// Merges one tag into another.
    ///
    /// # Errors
    /// An unknown tag.
    pub async fn merge_tags(&self, from: &str, into: &str) -> Result<()> {
        let (from, into) = (from.to_owned(), into.to_owned());
        self.store.run(move |s| s.merge_tags(&from, &into)).await
    }

    /// Deletes a tag from every article.
    ///
    /// # Errors
    /// An unknown tag.
    pub async fn delete_tag(&self, name: &str) -> Result<()> {
        let name = name.to_owned();
        self.store.run(move |s| s.delete_tag(&name)).await
    }

    /// Saves a note the user edited from `base` (the note as their editor loaded it); what
    /// another writer added meanwhile is kept (see [`Store::edit_note`]). Returns the note as
    /// stored, for the editor to show.
    ///
    /// # Errors
    /// An unknown article.
    pub async fn edit_note(&self, id: i64, body: &str, base: &str) -> Result<String> {
        let (body, base) = (body.to_owned(), base.to_owned());
        self.store.run(move |s| s.edit_note(id, &body, &base)).await
    }

    /// Sets (or with `append`, extends) an article's Markdown note; an empty note removes it.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn set_note(&self, id: i64, body: &str, append: bool) -> Result<()> {
        let body = body.to_owned();
        self.store.run(move |s| s.set_note(id, &body, append)).await
    }

    /// Tags an article.
    ///
    /// # Errors
    /// An unknown id or a blank tag.
    pub async fn add_tags(&self, id: i64, tags: Vec<String>) -> Result<()> {
        self.store.run(move |s| s.add_tags(id, &tags)).await
    }

    /// Untags an article.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn remove_tags(&self, id: i64, tags: Vec<String>) -> Result<()> {
        self.store.run(move |s| s.remove_tags(id, &tags)).await
    }

    /// Every tag with its article count.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn tags(&self) -> Result<Vec<TagCount>> {
        self.store.run(|s| s.tags()).await
    }

    /// Moves an article to unread, read or archived.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn set_status(&self, id: i64, status: ArticleStatus) -> Result<()> {
        self.store.run(move |s| s.set_status(id, status)).await
    }

    /// Stars or unstars an article.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn set_starred(&self, id: i64, starred: bool) -> Result<()> {
        self.store.run(move |s| s.set_starred(id, starred)).await
    }

    /// Moves articles to the trash, whence [`Library::restore`] brings them back whole; the
    /// trash is emptied by [`Library::empty_trash`] or, for what is older than
    /// [`TRASH_DAYS`], by [`Library::purge_trash`].
    ///
    /// # Errors
    /// An unknown id; nothing moves then.
    pub async fn delete(&self, ids: Vec<i64>) -> Result<()> {
        self.store.run(move |s| s.trash_articles(&ids)).await
    }

    /// Brings articles back from the trash.
    ///
    /// # Errors
    /// An unknown id; nothing moves then.
    pub async fn restore_from_trash(&self, ids: Vec<i64>) -> Result<()> {
        self.store.run(move |s| s.restore_articles(&ids)).await
    }

    /// Deletes every article in the trash for good; returns how many.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn empty_trash(&self) -> Result<u32> {
        self.store.run(|s| s.purge_trash(None)).await
    }

    /// Deletes for good what has been in the trash longer than [`TRASH_DAYS`]; returns how many.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn purge_trash(&self) -> Result<u32> {
        let before = (chrono::Utc::now() - chrono::Duration::days(TRASH_DAYS))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.store.run(move |s| s.purge_trash(Some(&before))).await
    }

    /// Creates a collection.
    ///
    /// # Errors
    /// A blank or taken name.
    pub async fn create_collection(&self, name: &str, description: &str) -> Result<Collection> {
        let (name, description) = (name.to_owned(), description.to_owned());
        self.store
            .run(move |s| s.create_collection(&name, &description))
            .await
    }

    /// Renames a collection.
    ///
    /// # Errors
    /// An unknown collection or a taken name.
    pub async fn rename_collection(&self, old: &str, new: &str) -> Result<()> {
        let (old, new) = (old.to_owned(), new.to_owned());
        self.store
            .run(move |s| s.rename_collection(&old, &new))
            .await
    }

    /// Sets a collection's description.
    ///
    /// # Errors
    /// An unknown collection.
    pub async fn describe_collection(&self, name: &str, description: &str) -> Result<()> {
        let (name, description) = (name.to_owned(), description.to_owned());
        self.store
            .run(move |s| s.describe_collection(&name, &description))
            .await
    }

    /// Moves an article to `position` (1 = first) in a collection.
    ///
    /// # Errors
    /// An unknown collection, or an article not in it.
    pub async fn move_in_collection(
        &self,
        name: &str,
        article_id: i64,
        position: u32,
    ) -> Result<()> {
        let name = name.to_owned();
        self.store
            .run(move |s| s.move_in_collection(&name, article_id, position))
            .await
    }

    /// Moves a collection to `position` (1 = first) in the sidebar's order.
    ///
    /// # Errors
    /// An unknown collection.
    pub async fn move_collection(&self, name: &str, position: u32) -> Result<()> {
        let name = name.to_owned();
        self.store
            .run(move |s| s.move_collection(&name, position))
            .await
    }

    /// How many articles each sidebar view holds (unread, starred, archived, all) and how many highlights.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn counts(&self) -> Result<ViewCounts> {
        self.store.run(|s| s.counts()).await
    }

    /// Deletes a collection (its articles stay).
    ///
    /// # Errors
    /// An unknown collection.
    pub async fn delete_collection(&self, name: &str) -> Result<()> {
        let name = name.to_owned();
        self.store.run(move |s| s.delete_collection(&name)).await
    }

    /// Every collection with its article count.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn collections(&self) -> Result<Vec<Collection>> {
        self.store.run(|s| s.collections()).await
    }

    /// One collection by name.
    ///
    /// # Errors
    /// An unknown collection.
    pub async fn collection(&self, name: &str) -> Result<Collection> {
        let name = name.to_owned();
        self.store.run(move |s| s.collection(&name)).await
    }

    /// Appends articles to a collection.
    ///
    /// # Errors
    /// An unknown collection or article; nothing is added then.
    pub async fn add_to_collection(&self, name: &str, ids: Vec<i64>) -> Result<()> {
        let name = name.to_owned();
        self.store
            .run(move |s| s.add_to_collection(&name, &ids))
            .await
    }

    /// Takes articles out of a collection.
    ///
    /// # Errors
    /// An unknown collection.
    pub async fn remove_from_collection(&self, name: &str, ids: Vec<i64>) -> Result<()> {
        let name = name.to_owned();
        self.store
            .run(move |s| s.remove_from_collection(&name, &ids))
            .await
    }

    /// Exports a selection of articles to `folder` in `format`. Re-exporting into the same folder
    /// updates what Tidings wrote and keeps what the user edited.
    ///
    /// # Errors
    /// An unknown collection, tag or id; a file that cannot be written (named in the error).
    pub async fn export(
        &self,
        selection: ExportSelection,
        format: ExportFormat,
        folder: &Path,
    ) -> Result<ExportReport> {
        self.export_with_progress(selection, format, folder, Box::new(|_| {}))
            .await
    }

    /// As [`Library::export`], telling `progress` how it goes: once the articles are gathered,
    /// after each file is written, and at the end.
    ///
    /// # Errors
    /// As [`Library::export`].
    pub async fn export_with_progress(
        &self,
        selection: ExportSelection,
        format: ExportFormat,
        folder: &Path,
        mut progress: ExportProgressFn,
    ) -> Result<ExportReport> {
        let with_raw = selection.with_raw_html && format == ExportFormat::Json;
        let with_images = selection.with_images
            && matches!(
                format,
                ExportFormat::Markdown | ExportFormat::MarkdownSingle
            );
        let mut set = self
            .store
            .run(move |s| gather(s, &selection, with_raw, format == ExportFormat::Json))
            .await?;
        progress(ExportProgress::Started {
            articles: u32::try_from(set.articles.len()).unwrap_or(u32::MAX),
        });
        let image_warnings = if with_images {
            download_images(&self.fetcher, &mut set).await
        } else {
            Vec::new()
        };
        let folder = folder.to_owned();
        let saved_images = set
            .images
            .values()
            .map(|i| i.name.as_str())
            .collect::<std::collections::HashSet<_>>()
            .len();
        let total = match format {
            ExportFormat::Markdown | ExportFormat::Highlights => {
                set.articles.len() + usize::from(set.is_collection) + saved_images
            }
            _ => 1 + saved_images,
        };
        let total = u32::try_from(total).unwrap_or(u32::MAX);
        let mut written = 0;
        tokio::task::spawn_blocking(move || {
            let report = export::export_with_progress(&set, format, &folder, &mut |file| {
                written += 1;
                progress(ExportProgress::Wrote {
                    written,
                    files: total,
                    file: file.to_owned(),
                });
            });
            if let Ok(report) = &report {
                progress(ExportProgress::Finished {
                    files: u32::try_from(report.files.len()).unwrap_or(u32::MAX),
                });
            }
            report
        })
        .await
        .map_err(|e| Error::Internal(format!("export task failed: {e}")))?
        .map_err(Error::from)
        .map(|mut report| {
            report.warnings.extend(image_warnings);
            report
        })
    }
}

/// Loads what an export of `selection` needs.
fn gather(
    s: &Store,
    selection: &ExportSelection,
    with_raw: bool,
    with_collections: bool,
) -> Result<ExportSet> {
    let (title, description, is_collection, ids) = if let Some(name) = &selection.collection {
        let c = s.collection(name)?;
        let filter = ListFilter {
            collection: Some(c.name.clone()),
            ..ListFilter::default()
        };
        (
            c.name,
            c.description,
            true,
            s.list(&filter)?.iter().map(|a| a.id).collect(),
        )
    } else if let Some(tag) = &selection.tag {
        let filter = ListFilter {
            tag: Some(tag.clone()),
            ..ListFilter::default()
        };
        let ids: Vec<i64> = s.list(&filter)?.iter().map(|a| a.id).collect();
        if ids.is_empty()
            && !s
                .tags()?
                .iter()
                .any(|t| t.name.eq_ignore_ascii_case(tag.trim()))
        {
            return Err(Error::Store(crate::store::Error::TagNotFound(
                tag.trim().to_owned(),
            )));
        }
        (tag.trim().to_owned(), String::new(), false, ids)
    } else if !selection.ids.is_empty() {
        (
            "Tidings".to_owned(),
            String::new(),
            false,
            selection.ids.clone(),
        )
    } else {
        (
            "Tidings".to_owned(),
            String::new(),
            false,
            s.list(&ListFilter::default())?
                .iter()
                .map(|a| a.id)
                .collect(),
        )
    };
    let articles = ids
        .iter()
        .map(|&id| s.article(id))
        .collect::<Result<Vec<_>, _>>()?;
    let raw_html = if with_raw {
        ids.iter()
            .map(|&id| s.raw_html(id))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        Vec::new()
    };
    let mut collections = Vec::new();
    let mut saved_searches = Vec::new();
    if with_collections {
        let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
        let whole_library =
            selection.collection.is_none() && selection.tag.is_none() && selection.ids.is_empty();
        for c in s.collections()? {
            let filter = ListFilter {
                collection: Some(c.name.clone()),
                ..ListFilter::default()
            };
            let members: Vec<i64> = s
                .list(&filter)?
                .iter()
                .map(|a| a.id)
                .filter(|id| wanted.contains(id))
                .collect();
            if whole_library || !members.is_empty() {
                collections.push((c, members));
            }
        }
        if whole_library {
            saved_searches = s.saved_searches()?;
        }
    }
    Ok(ExportSet {
        title,
        description,
        is_collection,
        articles,
        raw_html,
        collections,
        saved_searches,
        images: export::images::Images::default(),
    })
}

/// Images fetched at a time for an export.
const IMAGE_DOWNLOADS: usize = 4;

/// Downloads the images `set`'s articles show into `set.images`; returns a warning for each
/// that could not be saved (the article then keeps the image's web address).
async fn download_images(fetcher: &Fetcher, set: &mut ExportSet) -> Vec<String> {
    use futures_util::StreamExt as _;
    let urls = export::images::image_urls(&set.articles);
    let results: Vec<_> = futures_util::stream::iter(urls)
        .map(|url| async move {
            let fetched = fetcher.fetch_image(&url).await;
            (url, fetched)
        })
        .buffer_unordered(IMAGE_DOWNLOADS)
        .collect()
        .await;
    let mut warnings = Vec::new();
    for (url, fetched) in results {
        match fetched {
            Ok(image) => {
                let name = export::images::asset_name(&url, &image.content_type);
                set.images.insert(
                    url.to_string(),
                    export::images::SavedImage {
                        name,
                        bytes: image.bytes,
                    },
                );
            }
            Err(e) => warnings.push(format!(
                "image not saved, the article links to it on the web: {e}"
            )),
        }
    }
    warnings.sort();
    warnings
}

/// The colour to store: one of [`HIGHLIGHT_COLORS`], yellow by default.
fn highlight_color(color: Option<&str>) -> Result<&'static str> {
    let Some(color) = color.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(HIGHLIGHT_COLORS[0]);
    };
    HIGHLIGHT_COLORS
        .iter()
        .find(|c| c.eq_ignore_ascii_case(color))
        .copied()
        .ok_or_else(|| {
            Error::Invalid(format!(
                "unknown highlight colour {color:?}: use one of {}",
                HIGHLIGHT_COLORS.join(", ")
            ))
        })
}

/// The first 60 characters of a quote, for messages.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// Feed subscriptions and the stream (see [`crate::subscriptions`]).
impl Library {
    /// Subscribes to the feed at `url`, or to the feed the page at `url` leads to, and polls it
    /// once. Subscribing again to a feed returns it as it is.
    ///
    /// # Errors
    /// An invalid URL, a network failure, an address that is not and does not lead to a feed.
    pub async fn add_feed(&self, url: &str, options: FeedOptions) -> Result<SubscribeOutcome> {
        subscriptions::subscribe(
            &self.store,
            &self.fetcher,
            self.clock.as_ref(),
            url,
            options,
        )
        .await
    }

    /// Every subscription with its unseen count, by folder then title.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn feeds(&self) -> Result<Vec<Feed>> {
        self.store.run(|s| s.feeds()).await
    }

    /// One subscription.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn feed(&self, id: i64) -> Result<Feed> {
        self.store.run(move |s| s.feed(id)).await
    }

    /// Unsubscribes; articles kept from the feed stay in the library.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn remove_feed(&self, id: i64) -> Result<()> {
        self.store.run(move |s| s.remove_feed(id)).await
    }

    /// Renames a feed (`None`: back to the feed's own title).
    ///
    /// # Errors
    /// An unknown id; a blank name.
    pub async fn rename_feed(&self, id: i64, title: Option<&str>) -> Result<()> {
        let title = title.map(str::to_owned);
        self.store
            .run(move |s| s.rename_feed(id, title.as_deref()))
            .await
    }

    /// Moves a feed to a folder (a path such as `Tech/Rust`), or to the top level.
    ///
    /// # Errors
    /// An unknown id; a blank folder name.
    pub async fn set_feed_folder(&self, id: i64, folder: Option<&str>) -> Result<()> {
        let folder = folder.map(str::to_owned);
        let now = stored(self.clock.now());
        self.store
            .run(move |s| s.set_feed_folder(id, folder.as_deref(), &now))
            .await
    }

    /// Pauses or resumes a feed's polling.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn set_feed_paused(&self, id: i64, paused: bool) -> Result<()> {
        self.store.run(move |s| s.set_feed_paused(id, paused)).await
    }

    /// Sets whether each new item's full article is fetched in the background.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn set_feed_full_text(&self, id: i64, full_text: bool) -> Result<()> {
        self.store
            .run(move |s| s.set_feed_full_text(id, full_text))
            .await
    }

    /// Adds the subscriptions of an OPML file (nested folders become `A/B` folders); those
    /// already there are skipped. They are polled by the next refresh.
    ///
    /// # Errors
    /// An unreadable file, or one that is not OPML.
    pub async fn import_opml(&self, path: &Path) -> Result<OpmlImportReport> {
        let bytes = std::fs::read(path).map_err(|e| {
            Error::Invalid(format!("cannot read OPML file {}: {e}", path.display()))
        })?;
        let xml = String::from_utf8_lossy(&bytes);
        subscriptions::import_opml(&self.store, self.clock.as_ref(), &xml).await
    }

    /// Every subscription as an OPML 2.0 document.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn subscriptions_opml(&self) -> Result<String> {
        Ok(subscriptions::export_opml(&self.store).await?.0)
    }

    /// Writes every subscription to an OPML 2.0 file at `path` (whole: a temporary file renamed
    /// into place); returns how many it lists.
    ///
    /// # Errors
    /// On a database failure, or when the file cannot be written.
    pub async fn export_opml(&self, path: &Path) -> Result<u32> {
        let (xml, count) = subscriptions::export_opml(&self.store).await?;
        let partial = path.with_extension("opml.partial");
        std::fs::write(&partial, xml)
            .and_then(|()| std::fs::rename(&partial, path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&partial);
                Error::Invalid(format!("cannot write {}: {e}", path.display()))
            })?;
        Ok(count)
    }

    /// Polls feeds: those named (`Some`, even if not due), or every feed due now (`None`: not
    /// paused, not gone, its next check reached). One outcome per feed, in order.
    ///
    /// # Errors
    /// An unknown id (nothing is polled then); a database failure.
    pub async fn refresh_feeds(&self, ids: Option<Vec<i64>>) -> Result<Vec<RefreshOutcome>> {
        let now = stored(self.clock.now());
        let targets = self
            .store
            .run(move |s| match ids {
                Some(ids) => s.poll_targets(&ids),
                None => s.due_feeds(&now),
            })
            .await?;
        Ok(self.poll(targets).await)
    }

    /// Polls every feed that is polled at all (not paused, not gone), whether it is due or not.
    /// One outcome per feed.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn refresh_all_feeds(&self) -> Result<Vec<RefreshOutcome>> {
        let targets = self.store.run(|s| s.polled_feeds()).await?;
        Ok(self.poll(targets).await)
    }

    async fn poll(&self, targets: Vec<PollTarget>) -> Vec<RefreshOutcome> {
        subscriptions::refresh(
            &self.store,
            &self.fetcher,
            Arc::clone(&self.clock),
            targets,
            subscriptions::RefreshLimits::default(),
        )
        .await
    }

    /// A page of the stream, newest first.
    ///
    /// # Errors
    /// An unknown feed or `after` item.
    pub async fn stream(&self, filter: StreamFilter) -> Result<Vec<FeedItem>> {
        self.store.run(move |s| s.stream(&filter)).await
    }

    /// The unseen counts of the whole stream and of each folder (an article several feeds
    /// carry counts once).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn stream_counts(&self) -> Result<StreamCounts> {
        self.store.run(|s| s.stream_counts()).await
    }

    /// One item of the stream.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn feed_item(&self, id: i64) -> Result<FeedItem> {
        self.store.run(move |s| s.feed_item(id)).await
    }

    /// Dismisses items (and the same articles through other feeds); kept ones stay kept.
    ///
    /// # Errors
    /// An unknown id (nothing changes then).
    pub async fn dismiss_items(&self, ids: Vec<i64>) -> Result<u32> {
        self.set_items_state(ids, ItemState::Dismissed).await
    }

    /// Dismisses every new or seen item the stream lists above `item_id` (in `feed_id`'s stream,
    /// or in all feeds'), not the item itself.
    ///
    /// # Errors
    /// An unknown item or feed (nothing changes then).
    pub async fn dismiss_above(&self, item_id: i64, feed_id: Option<i64>) -> Result<u32> {
        self.store
            .run(move |s| s.dismiss_above(item_id, feed_id))
            .await
    }

    /// Marks items seen (`true`) or unseen (`false`); kept ones stay kept.
    ///
    /// # Errors
    /// An unknown id (nothing changes then).
    pub async fn mark_seen(&self, ids: Vec<i64>, seen: bool) -> Result<u32> {
        let state = if seen {
            ItemState::Seen
        } else {
            ItemState::New
        };
        self.set_items_state(ids, state).await
    }

    async fn set_items_state(&self, ids: Vec<i64>, state: ItemState) -> Result<u32> {
        self.store
            .run(move |s| s.set_items_state(&ids, state))
            .await
    }

    /// Keeps an item: clips its article into the library (see [`clip::clip`]) and marks it kept.
    ///
    /// # Errors
    /// An unknown item, one without a link, or the clip's failure (nothing is marked then).
    pub async fn keep_item(&self, item_id: i64) -> Result<KeptItem> {
        subscriptions::keep(&self.store, &self.fetcher, self.clock.as_ref(), item_id).await
    }

    /// Adds a rule: applied to items as they arrive from now on (items already in the stream
    /// stay as they are; [`Library::test_rule`] shows which it would match).
    ///
    /// # Errors
    /// A pattern that does not compile (named), a bad expiry, an unknown feed, a blank tag.
    pub async fn add_rule(&self, rule: NewRule) -> Result<FeedRule> {
        subscriptions::add_rule(&self.store, self.clock.as_ref(), rule).await
    }

    /// Changes a rule (the parts `edit` names).
    ///
    /// # Errors
    /// An unknown rule, and as [`Library::add_rule`] (nothing changes then).
    pub async fn edit_rule(&self, id: i64, edit: RuleEdit) -> Result<FeedRule> {
        subscriptions::edit_rule(&self.store, self.clock.as_ref(), id, edit).await
    }

    /// Every rule, oldest first, each saying whether it has expired.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn rules(&self) -> Result<Vec<FeedRule>> {
        let now = stored(self.clock.now());
        self.store.run(move |s| s.rules(&now)).await
    }

    /// One rule.
    ///
    /// # Errors
    /// An unknown rule.
    pub async fn rule(&self, id: i64) -> Result<FeedRule> {
        let now = stored(self.clock.now());
        self.store.run(move |s| s.rule(id, &now)).await
    }

    /// Deletes a rule.
    ///
    /// # Errors
    /// An unknown rule.
    pub async fn remove_rule(&self, id: i64) -> Result<()> {
        self.store.run(move |s| s.remove_rule(id)).await
    }

    /// A dry run of a stored rule: the stream's items it would match, newest first; nothing
    /// changes.
    ///
    /// # Errors
    /// An unknown rule.
    pub async fn test_rule(&self, id: i64) -> Result<Vec<FeedItem>> {
        let rule = self.rule(id).await?;
        subscriptions::test_rule(&self.store, &rule).await
    }

    /// A dry run of a rule not yet added (its action and expiry play no part).
    ///
    /// # Errors
    /// A pattern that does not compile; an unknown feed.
    pub async fn test_new_rule(&self, rule: NewRule) -> Result<Vec<FeedItem>> {
        let rule = FeedRule {
            id: 0,
            feed_id: rule.feed_id,
            field: rule.field,
            pattern: rule.pattern,
            regex: rule.regex,
            action: rule.action,
            expires_at: None,
            expired: false,
            created_at: String::new(),
        };
        subscriptions::test_rule(&self.store, &rule).await
    }

    /// The stream's housekeeping setting.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn stream_settings(&self) -> Result<StreamSettings> {
        self.store.run(|s| s.stream_settings()).await
    }

    /// Sets the stream's housekeeping setting (applied after the next refresh).
    ///
    /// # Errors
    /// 0 days; a database failure.
    pub async fn set_stream_settings(&self, settings: StreamSettings) -> Result<()> {
        // The person's input, refused as such (the store refuses it too).
        if settings.keep_days == 0 {
            return Err(Error::Invalid(
                "keep days must be at least 1 (seen and dismissed items are kept that long)".into(),
            ));
        }
        self.store
            .run(move |s| s.set_stream_settings(settings))
            .await
    }

    /// Purges seen and dismissed items older than the setting now (a refresh does it too).
    /// Returns how many went.
    ///
    /// # Errors
    /// On a database failure (nothing is purged then).
    pub async fn purge_stream(&self) -> Result<u32> {
        subscriptions::housekeep(&self.store, self.clock.as_ref()).await
    }

    /// An item's full-text preview, if its article was fetched.
    ///
    /// # Errors
    /// An unknown item.
    pub async fn item_preview(&self, item_id: i64) -> Result<Option<ItemPreview>> {
        self.store.run(move |s| s.item_preview(item_id)).await
    }

    /// An item's article to read before keeping it: the stored preview, else fetched now and
    /// stored as one (keeping the item then saves that page without fetching it again).
    ///
    /// # Errors
    /// An unknown item, one without a link, or the fetch's or extraction's failure.
    pub async fn fetch_item_preview(&self, item_id: i64) -> Result<ItemPreview> {
        subscriptions::preview(&self.store, &self.fetcher, self.clock.as_ref(), item_id).await
    }

    /// Searches the stream (items' titles, summaries and previews), best first: apart from
    /// [`Library::search`], which never looks at the stream.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn search_stream(&self, query: &str, limit: u32) -> Result<Vec<FeedItem>> {
        let Some(fts) = crate::store::stream_fts_query(query) else {
            return Ok(Vec::new());
        };
        let limit = if limit == 0 { 50 } else { limit };
        self.store.run(move |s| s.search_items(&fts, limit)).await
    }

    /// The feed an article was kept from, if it was.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn article_feed_source(&self, article_id: i64) -> Result<Option<ArticleFeedSource>> {
        self.store
            .run(move |s| s.article_feed_source(article_id))
            .await
    }
}

/// The loopback API: serving it, its tokens and pairing (see [`crate::loopback`]).
impl Library {
    /// Starts the loopback API on 127.0.0.1 for this library; it runs until the returned
    /// server is shut down (or dropped).
    ///
    /// # Errors
    /// The port is taken (or every default port is); the port file cannot be written.
    pub async fn serve(&self, options: ServeOptions) -> Result<loopback::Server> {
        Ok(loopback::serve(self.clone(), options).await?)
    }

    /// Makes a token for the API named `name` and returns it: the only time it is seen, as
    /// only its hash is kept.
    ///
    /// # Errors
    /// A blank name, or one a token has already.
    pub async fn create_token(&self, name: &str) -> Result<String> {
        let token = loopback::secret::new_secret(loopback::TOKEN_PREFIX)?;
        let (name, hash, now) = (
            name.to_owned(),
            loopback::secret::hash(&token),
            stored(self.clock.now()),
        );
        self.store
            .run(move |s| s.insert_token(&name, &hash, None, &now))
            .await?;
        Ok(token)
    }

    /// Every API token (names and dates; the tokens themselves are not kept).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn tokens(&self) -> Result<Vec<ApiToken>> {
        self.store.run(|s| s.tokens()).await
    }

    /// Revokes a token: requests bearing it are refused from now on.
    ///
    /// # Errors
    /// An unknown name.
    pub async fn revoke_token(&self, name: &str) -> Result<()> {
        let name = name.to_owned();
        self.store.run(move |s| s.revoke_token(&name)).await
    }

    /// The extensions' pairing requests waiting for an answer.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn pairings(&self) -> Result<Vec<Pairing>> {
        let now = stored(self.clock.now());
        self.store.run(move |s| s.pairings(&now)).await
    }

    /// Accepts the pairing request with this code: its extension may now collect its token.
    ///
    /// # Errors
    /// An unknown or expired code.
    pub async fn accept_pairing(&self, code: &str) -> Result<Pairing> {
        let (code, now) = (code.to_owned(), stored(self.clock.now()));
        self.store.run(move |s| s.accept_pairing(&code, &now)).await
    }

    /// Denies the pairing request with this code: its extension gets no token.
    ///
    /// # Errors
    /// An unknown or expired code.
    pub async fn deny_pairing(&self, code: &str) -> Result<()> {
        let (code, now) = (code.to_owned(), stored(self.clock.now()));
        self.store.run(move |s| s.deny_pairing(&code, &now)).await
    }
}
