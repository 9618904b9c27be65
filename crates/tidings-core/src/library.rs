//! The facade both shells use: open a library file, then clip, list, show, organise, search
//! and export. Every method is async and runs SQLite off the async runtime.

use std::path::{Path, PathBuf};

use crate::clip::{self, ClipOptions};
use crate::export;
use crate::fetch::{FetchConfig, Fetcher};
use crate::model::{
    Article, ArticleStatus, ArticleSummary, ClipOutcome, Collection, LibraryInfo, ListFilter,
    SearchHit, TagCount,
};
use crate::store::SharedStore;
use crate::{Error, Result};

/// The environment variable that names the library file when no `--library` is given.
pub const LIBRARY_ENV: &str = "TIDINGS_LIBRARY";

/// An open library. Clones share one connection.
#[derive(Debug, Clone)]
pub struct Library {
    store: SharedStore,
    fetcher: Fetcher,
    path: PathBuf,
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
        })
    }

    /// The library's file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
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
        let query = query.to_owned();
        self.store.run(move |s| s.search(&query, limit)).await
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

    /// Deletes an article and everything attached to it.
    ///
    /// # Errors
    /// An unknown id.
    pub async fn delete(&self, id: i64) -> Result<()> {
        self.store.run(move |s| s.delete_article(id)).await
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

    /// Exports a collection to `folder`: one Markdown file per article, in collection order.
    /// Returns the files written.
    ///
    /// # Errors
    /// An unknown collection, or a file that cannot be written (named in the error).
    pub async fn export_collection_markdown(
        &self,
        name: &str,
        folder: &Path,
    ) -> Result<Vec<PathBuf>> {
        let name = name.to_owned();
        let articles = self
            .store
            .run(move |s| {
                let filter = ListFilter {
                    collection: Some(name),
                    ..ListFilter::default()
                };
                s.list(&filter)?
                    .iter()
                    .map(|a| s.article(a.id))
                    .collect::<Result<Vec<_>, _>>()
            })
            .await?;
        let folder = folder.to_owned();
        tokio::task::spawn_blocking(move || export::write_markdown_files(&articles, &folder))
            .await
            .map_err(|e| Error::Internal(format!("export task failed: {e}")))?
            .map_err(Error::from)
    }
}
