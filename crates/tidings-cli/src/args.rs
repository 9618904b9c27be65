//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Tidings: clip tech news, read it calmly, annotate it, export it. Local-first.
#[derive(Debug, Parser)]
#[command(name = "tidings", version, about)]
pub struct Cli {
    /// The library file [default: $TIDINGS_LIBRARY, else the OS data folder's tidings/library.sqlite3]
    #[arg(long, global = true, value_name = "PATH")]
    pub library: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clip one or more pages into the library.
    Add {
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// Tag the clipped articles (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Add the clipped articles to this collection (created if needed).
        #[arg(long, value_name = "NAME")]
        collection: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List articles, newest first (or in collection order).
    List {
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        #[arg(long, value_name = "NAME")]
        collection: Option<String>,
        /// Only starred articles.
        #[arg(long)]
        starred: bool,
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Newest published first (default: newest saved, or the collection's order).
        #[arg(long)]
        published: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one article.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Same as --format json.
        #[arg(long)]
        json: bool,
    },
    /// Search titles, text, notes and highlights ("quoted words" match as a phrase).
    Search {
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        #[arg(long, value_name = "NAME")]
        collection: Option<String>,
        #[arg(long)]
        starred: bool,
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: u32,
        /// Also keep this search (query and filters) under NAME: `tidings saved run NAME`.
        #[arg(long, value_name = "NAME")]
        save: Option<String>,
        /// Search the stream's items (titles, summaries, full-text previews) instead of the
        /// library, which never includes them.
        #[arg(long, conflicts_with_all = ["status", "tag", "collection", "starred", "save"])]
        stream: bool,
        #[arg(long)]
        json: bool,
    },
    /// List saved searches (`tidings search … --save NAME` makes one), or run, rename, delete one.
    Saved {
        #[command(subcommand)]
        action: Option<SavedCommand>,
        #[arg(long)]
        json: bool,
    },
    /// Highlight a passage of an article, given its exact words.
    Highlight {
        id: i64,
        /// The words to highlight, as they appear in the article.
        #[arg(long)]
        quote: String,
        #[arg(long)]
        note: Option<String>,
        /// yellow, green, blue, pink or purple.
        #[arg(long)]
        color: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change a highlight's note or colour (an empty note removes it).
    HighlightEdit {
        highlight_id: i64,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        color: Option<String>,
    },
    /// Delete a highlight.
    Unhighlight { highlight_id: i64 },
    /// Review highlights across the library, newest first.
    Highlights {
        /// Only this article's highlights.
        id: Option<i64>,
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        #[arg(long, value_name = "NAME")]
        collection: Option<String>,
        #[arg(long)]
        color: Option<String>,
        /// Words in the quote or its note.
        #[arg(long, value_name = "WORDS")]
        query: Option<String>,
        /// Made on or after this date (YYYY-MM-DD or RFC 3339).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Made before this date.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Only highlights whose words left the article.
        #[arg(long)]
        orphaned: bool,
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Re-run extraction on stored pages (no network), keeping highlights.
    Reextract {
        ids: Vec<i64>,
        /// Every article in the library.
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Fetch an article's page again and re-extract it, keeping highlights.
    Refresh {
        id: i64,
        /// Also an article captured in the browser (a fetch may get a login wall instead).
        #[arg(long)]
        force: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show, set or extend an article's Markdown note (`-` reads it from stdin; an empty text removes it).
    Note {
        id: i64,
        text: Option<String>,
        /// Add to the note on a new paragraph instead of replacing it.
        #[arg(long)]
        append: bool,
    },
    /// Tag an article.
    Tag {
        id: i64,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Take tags off an article.
    Untag {
        id: i64,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// List tags with their article counts, or rename, merge and delete them.
    Tags {
        #[command(subcommand)]
        action: Option<TagsCommand>,
        #[arg(long)]
        json: bool,
    },
    /// Manage collections.
    #[command(subcommand)]
    Collection(CollectionCommand),
    /// Mark an article unread, read or archived.
    Status {
        id: i64,
        #[arg(value_enum)]
        status: StatusArg,
    },
    /// Star an article.
    Star { id: i64 },
    /// Unstar an article.
    Unstar { id: i64 },
    /// Move articles to the trash (`tidings trash` lists them; restorable for 30 days).
    Delete {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// The trash: list it, restore articles from it, or empty it for good.
    Trash {
        #[command(subcommand)]
        action: Option<TrashCommand>,
        #[arg(long)]
        json: bool,
    },
    /// Daily copies of the library in `backups/` beside it: list, make one now, or restore one.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Export articles to a folder: Markdown for note apps, a JSON backup, or annotations.
    Export {
        /// Articles to export (default: with no --collection or --tag, the whole library).
        ids: Vec<i64>,
        #[arg(long, value_name = "NAME", conflicts_with_all = ["tag", "ids", "all"])]
        collection: Option<String>,
        #[arg(long, value_name = "TAG", conflicts_with_all = ["ids", "all"])]
        tag: Option<String>,
        /// The whole library.
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = ExportFormatArg::Markdown)]
        format: ExportFormatArg,
        /// JSON only: include each article's stored page.
        #[arg(long)]
        with_raw_html: bool,
        /// Markdown only: save the articles' images in assets/ beside the files, so the export reads offline.
        #[arg(long)]
        with_images: bool,
        #[arg(long)]
        json: bool,
    },
    /// Import a file: a Tidings backup, Pocket, Instapaper, Omnivore (ZIP), browser bookmarks, OPML or a URL list.
    Import {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ImportFormatArg::Auto)]
        format: ImportFormatArg,
        /// Import the good records even if some cannot be read.
        #[arg(long)]
        keep_going: bool,
        /// Write the report (saved, duplicates, failures with reasons) as JSON to this file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Pages fetched at once.
        #[arg(long, default_value_t = 8, value_name = "N")]
        concurrency: usize,
        #[arg(long)]
        json: bool,
    },
    /// Run the extraction engine alone on a saved HTML file (no library, no network).
    Extract {
        file: PathBuf,
        /// The page's address, for resolving links.
        #[arg(long)]
        url: String,
        #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
        /// Switch these extraction passes off, to measure what each is worth (names as in
        /// `tidings_core::extract::Pass`, comma-separated: `--skip restore,widen`).
        #[arg(long, value_delimiter = ',', value_name = "PASS")]
        skip: Vec<String>,
    },
    /// Feed subscriptions: add, import, export, list, refresh, remove, rename, file, pause.
    #[command(subcommand)]
    Feed(FeedCommand),
    /// Rules applied to feed items as they arrive: add, list, edit, test (a dry run), remove.
    #[command(subcommand)]
    Rule(RuleCommand),
    /// Serve the loopback API on 127.0.0.1 for the browser extension, until Ctrl-C.
    Serve {
        /// The port (default: the first free of 47800-47809; 0: any free port).
        #[arg(long, value_name = "N")]
        port: Option<u16>,
    },
    /// The loopback API's tokens, and browser extensions asking to pair.
    #[command(subcommand)]
    Token(TokenCommand),
    /// The stream of feed items, newest first (by default what is left to triage: new and seen).
    Stream {
        /// Only this feed's items (else all feeds', one row per article).
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        #[arg(long, value_enum, default_value_t = StateArg::Active)]
        state: StateArg,
        /// Items to show.
        #[arg(long, default_value_t = 50, value_name = "N")]
        limit: u32,
        /// The page after this item (the last item of the previous page).
        #[arg(long, value_name = "ITEM")]
        after: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Keep feed items: clip their articles into the library; prints the article ids.
    Keep {
        #[arg(required = true, value_name = "ITEM")]
        items: Vec<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Dismiss feed items, or every item the stream lists above one (`--before ITEM`).
    Dismiss {
        #[arg(
            value_name = "ITEM",
            required_unless_present = "before",
            conflicts_with = "before"
        )]
        items: Vec<i64>,
        /// Every new or seen item listed above ITEM (newer), not ITEM itself.
        #[arg(long, value_name = "ITEM")]
        before: Option<i64>,
        /// With --before: in this feed's stream only.
        #[arg(long, value_name = "ID", requires = "before")]
        feed: Option<i64>,
    },
    /// Mark feed items seen.
    Seen {
        #[arg(required = true, value_name = "ITEM")]
        items: Vec<i64>,
    },
    /// Mark feed items unseen (new) again.
    Unseen {
        #[arg(required = true, value_name = "ITEM")]
        items: Vec<i64>,
    },
    /// Show the library's path and size.
    Info {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Subscribe to a feed, given its URL or a page that links one, and poll it once.
    Add {
        url: String,
        /// File it in this folder (a path such as `Tech/Rust`).
        #[arg(long, value_name = "NAME")]
        folder: Option<String>,
        /// Fetch each new item's full article in the background.
        #[arg(long)]
        full_text: bool,
        #[arg(long)]
        json: bool,
    },
    /// Add the subscriptions of an OPML file (polled by the next `tidings feed refresh`).
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write every subscription to an OPML file (to standard output without --out).
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// List the subscriptions, by folder then title.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Poll feeds: those due (default), every feed (--all), or those named. Exit 0 if any worked.
    Refresh {
        #[arg(value_name = "ID", conflicts_with = "all")]
        ids: Vec<i64>,
        /// Every feed that is not paused or gone, due or not.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Unsubscribe (articles kept from the feed stay in the library).
    Remove { id: i64 },
    /// Rename a feed (--reset: back to the feed's own title).
    Rename {
        id: i64,
        #[arg(required_unless_present = "reset", conflicts_with = "reset")]
        name: Option<String>,
        #[arg(long)]
        reset: bool,
    },
    /// Move a feed to a folder (a path such as `Tech/Rust`), or out of any (--none).
    Folder {
        id: i64,
        #[arg(required_unless_present = "none", conflicts_with = "none")]
        name: Option<String>,
        #[arg(long)]
        none: bool,
    },
    /// Stop polling a feed.
    Pause { id: i64 },
    /// Poll a paused feed again.
    Resume { id: i64 },
    /// Fetch each new item's full article in the background (on), or not (off).
    FullText {
        id: i64,
        #[arg(value_enum)]
        setting: OnOff,
    },
    /// Show the stream's settings, or change them: seen and dismissed items older than
    /// --keep-days are purged after each refresh (kept and new ones never are).
    Settings {
        #[arg(long, value_name = "N")]
        keep_days: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FieldArg {
    Title,
    Url,
    Author,
    /// Any of the item's categories.
    Category,
    /// The item's summary, as text.
    Content,
}

impl From<FieldArg> for tidings_core::model::RuleField {
    fn from(f: FieldArg) -> Self {
        match f {
            FieldArg::Title => Self::Title,
            FieldArg::Url => Self::Url,
            FieldArg::Author => Self::Author,
            FieldArg::Category => Self::Category,
            FieldArg::Content => Self::Content,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token for the API and print it (the only time it is shown).
    Create {
        #[arg(long, value_name = "NAME")]
        name: String,
    },
    /// List the tokens (their names and dates; tokens are kept hashed).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token: requests bearing it are refused from now on.
    Revoke { name: String },
    /// List browser extensions waiting to pair, with their codes.
    Pairings {
        #[arg(long)]
        json: bool,
    },
    /// Accept the pairing request with this code (compare it with the extension's).
    Accept { code: String },
    /// Deny the pairing request with this code.
    Deny { code: String },
}

#[derive(Debug, Subcommand)]
pub enum RuleCommand {
    /// Add a rule, applied to items as they arrive from now on (whole words in any case, or a
    /// regular expression with --regex).
    Add {
        #[arg(long, value_enum)]
        field: FieldArg,
        #[arg(long = "match", value_name = "TEXT")]
        pattern: String,
        #[arg(long)]
        regex: bool,
        /// Only this feed's items (else every feed's).
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        /// dismiss, keep, star or tag:NAME.
        #[arg(long, value_name = "ACTION")]
        action: String,
        /// Stop applying it after this long: 12h, 30d, 2w.
        #[arg(long, value_name = "DURATION")]
        expires: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List the rules (expired ones say so).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a rule: the parts given change, the others stay.
    Edit {
        id: i64,
        #[arg(long, value_enum)]
        field: Option<FieldArg>,
        #[arg(long = "match", value_name = "TEXT")]
        pattern: Option<String>,
        /// Read the match as a regular expression.
        #[arg(long, conflicts_with = "words")]
        regex: bool,
        /// Read the match as words.
        #[arg(long)]
        words: bool,
        #[arg(long, value_name = "ID", conflicts_with = "all_feeds")]
        feed: Option<i64>,
        /// Apply to every feed.
        #[arg(long)]
        all_feeds: bool,
        #[arg(long, value_name = "ACTION")]
        action: Option<String>,
        #[arg(long, value_name = "DURATION", conflicts_with = "no_expiry")]
        expires: Option<String>,
        #[arg(long)]
        no_expiry: bool,
        #[arg(long)]
        json: bool,
    },
    /// A dry run: the stream's items (any state) a rule would match; nothing changes. Give a
    /// rule's id, or a rule not yet added (--field, --match).
    Test {
        #[arg(value_name = "ID", required_unless_present = "pattern", conflicts_with_all = ["field", "pattern", "regex", "feed"])]
        id: Option<i64>,
        #[arg(long, value_enum, requires = "pattern", default_value_t = FieldArg::Title)]
        field: FieldArg,
        #[arg(long = "match", value_name = "TEXT")]
        pattern: Option<String>,
        #[arg(long)]
        regex: bool,
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a rule.
    Remove { id: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// Which items `tidings stream` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    /// New and seen: what is left to triage.
    Active,
    /// Not yet seen.
    New,
    /// Seen, not yet kept or dismissed.
    Seen,
    /// Clipped into the library.
    Kept,
    Dismissed,
    /// Every item, whatever its state.
    All,
}

impl From<StateArg> for tidings_core::model::StreamStates {
    fn from(s: StateArg) -> Self {
        match s {
            StateArg::Active => Self::Active,
            StateArg::New => Self::New,
            StateArg::Seen => Self::Seen,
            StateArg::Kept => Self::Kept,
            StateArg::Dismissed => Self::Dismissed,
            StateArg::All => Self::All,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TagsCommand {
    /// Rename a tag (onto an existing name, the two merge).
    Rename { old: String, new: String },
    /// Merge tag FROM into tag INTO.
    Merge { from: String, into: String },
    /// Delete a tag from every article.
    Delete { name: String },
}

#[derive(Debug, Subcommand)]
pub enum SavedCommand {
    /// Run a saved search now (by name, or id).
    Run {
        name: String,
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Rename a saved search.
    Rename { old: String, new: String },
    /// Delete a saved search (no article is touched).
    Delete { name: String },
}

#[derive(Debug, Subcommand)]
pub enum TrashCommand {
    /// Bring articles back from the trash.
    Restore {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Delete everything in the trash for good.
    Empty,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// List the library's backups, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Make today's backup now (replacing one made earlier today).
    Create {
        #[arg(long)]
        json: bool,
    },
    /// Put a backup in place of the library (the current file is set aside, not deleted).
    /// Close the app first.
    Restore {
        /// The backup's name, as `tidings backup list` shows it.
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CollectionCommand {
    /// Create a collection.
    Create {
        name: String,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Rename a collection.
    Rename { old: String, new: String },
    /// Set a collection's description.
    Describe { name: String, description: String },
    /// Move an article to a position (1 = first) in a collection.
    Move {
        name: String,
        id: i64,
        position: u32,
    },
    /// Delete a collection (its articles stay in the library).
    Delete { name: String },
    /// List collections.
    List {
        #[arg(long)]
        json: bool,
    },
    /// List a collection's articles in order.
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Add articles to the end of a collection.
    Add {
        name: String,
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Take articles out of a collection.
    Remove {
        name: String,
        #[arg(required = true)]
        ids: Vec<i64>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Unread,
    Read,
    Archived,
}

impl From<StatusArg> for tidings_core::model::ArticleStatus {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Unread => Self::Unread,
            StatusArg::Read => Self::Read,
            StatusArg::Archived => Self::Archived,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Html,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    Markdown,
    MarkdownSingle,
    Highlights,
    Json,
    Annotations,
}

impl From<ExportFormatArg> for tidings_core::model::ExportFormat {
    fn from(f: ExportFormatArg) -> Self {
        match f {
            ExportFormatArg::Markdown => Self::Markdown,
            ExportFormatArg::MarkdownSingle => Self::MarkdownSingle,
            ExportFormatArg::Highlights => Self::Highlights,
            ExportFormatArg::Json => Self::Json,
            ExportFormatArg::Annotations => Self::Annotations,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormatArg {
    Auto,
    Urls,
    Pocket,
    Instapaper,
    Omnivore,
    Netscape,
    Opml,
    Json,
}

impl From<ImportFormatArg> for tidings_core::import::ImportFormat {
    fn from(f: ImportFormatArg) -> Self {
        match f {
            ImportFormatArg::Auto => Self::Auto,
            ImportFormatArg::Urls => Self::Urls,
            ImportFormatArg::Pocket => Self::Pocket,
            ImportFormatArg::Instapaper => Self::Instapaper,
            ImportFormatArg::Omnivore => Self::Omnivore,
            ImportFormatArg::Netscape => Self::Netscape,
            ImportFormatArg::Opml => Self::Opml,
            ImportFormatArg::Json => Self::Json,
        }
    }
}
