// The commands the shell answers (src-tauri/src/commands/), generated from their Rust
// signatures: `UPDATE_BINDINGS=1 cargo test -p tidings-app command_table`. Do not edit.
import type { Channel } from "@tauri-apps/api/core";
import type { Article, ArticleFeedSource, ArticleStatus, ArticleSummary, ClipOutcome, Collection, ExportFormat, ExportProgress, ExportReport, ExportSelection, Feed, FeedItem, FeedOptions, Highlight, HighlightEntry, HighlightFilter, HighlightInput, HighlightUpdate, ImportFormat, ImportProgress, ImportReport, KeptItem, LibraryBackup, LibraryInfo, ListFilter, OpmlImportReport, ReextractReport, RefreshOutcome, SavedSearch, SearchHit, StreamFilter, SubscribeOutcome, TagCount, ViewCounts } from "../bindings";
import type { AppAbout } from "./bindings";

/** Each command: the arguments the UI sends (camelCase, as Tauri reads them) and what it resolves to. */
export interface Commands {
  add_highlight: { args: { articleId: number; input: HighlightInput }; returns: Highlight };
  add_tags: { args: { id: number; tags: string[] }; returns: void };
  add_to_collection: { args: { name: string; ids: number[] }; returns: void };
  app_about: { args: Record<string, never>; returns: AppAbout };
  article_feed_source: { args: { articleId: number }; returns: ArticleFeedSource | null };
  backup_now: { args: Record<string, never>; returns: LibraryBackup };
  cancel_job: { args: { job: number }; returns: boolean };
  choose_export_folder: { args: { title: string }; returns: string | null };
  choose_import_file: { args: { title: string }; returns: string | null };
  clip_url: { args: { job: number; url: string; collection: string | null }; returns: ClipOutcome };
  create_collection: { args: { name: string; description: string }; returns: Collection };
  delete_articles: { args: { ids: number[] }; returns: void };
  delete_collection: { args: { name: string }; returns: void };
  delete_highlight: { args: { id: number }; returns: void };
  delete_saved_search: { args: { name: string }; returns: void };
  delete_tag: { args: { name: string }; returns: void };
  describe_collection: { args: { name: string; description: string }; returns: void };
  dismiss_above: { args: { itemId: number; feedId: number | null }; returns: number };
  dismiss_items: { args: { ids: number[] }; returns: number };
  empty_trash: { args: Record<string, never>; returns: number };
  export_articles: { args: { job: number; selection: ExportSelection; format: ExportFormat; folder: string; progress: Channel<ExportProgress> }; returns: ExportReport };
  export_opml: { args: { folder: string }; returns: string };
  get_article: { args: { id: number }; returns: Article };
  get_feed_item: { args: { id: number }; returns: FeedItem };
  import_file: { args: { job: number; file: string; format: ImportFormat; progress: Channel<ImportProgress> }; returns: ImportReport };
  import_opml: { args: { file: string }; returns: OpmlImportReport };
  keep_item: { args: { itemId: number }; returns: KeptItem };
  library_info: { args: Record<string, never>; returns: LibraryInfo };
  list_articles: { args: { filter: ListFilter }; returns: ArticleSummary[] };
  list_backups: { args: Record<string, never>; returns: LibraryBackup[] };
  list_collections: { args: Record<string, never>; returns: Collection[] };
  list_feeds: { args: Record<string, never>; returns: Feed[] };
  list_highlights: { args: { filter: HighlightFilter }; returns: HighlightEntry[] };
  list_saved_searches: { args: Record<string, never>; returns: SavedSearch[] };
  list_stream: { args: { filter: StreamFilter }; returns: FeedItem[] };
  list_tags: { args: Record<string, never>; returns: TagCount[] };
  mark_seen: { args: { ids: number[]; seen: boolean }; returns: number };
  move_collection: { args: { name: string; position: number }; returns: void };
  refresh_all_feeds: { args: Record<string, never>; returns: RefreshOutcome[] };
  refresh_article: { args: { job: number; id: number }; returns: ReextractReport };
  refresh_feeds: { args: { ids: number[] | null }; returns: RefreshOutcome[] };
  remove_feed: { args: { id: number }; returns: void };
  remove_from_collection: { args: { name: string; ids: number[] }; returns: void };
  remove_tags: { args: { id: number; tags: string[] }; returns: void };
  rename_collection: { args: { old: string; new: string }; returns: void };
  rename_feed: { args: { id: number; title: string | null }; returns: void };
  rename_saved_search: { args: { old: string; new: string }; returns: SavedSearch };
  rename_tag: { args: { old: string; new: string }; returns: void };
  restore_articles: { args: { ids: number[] }; returns: void };
  restore_backup: { args: { name: string }; returns: void };
  save_search: { args: { name: string; query: string; filter: ListFilter }; returns: SavedSearch };
  search_articles: { args: { query: string; filter: ListFilter }; returns: SearchHit[] };
  set_feed_folder: { args: { id: number; folder: string | null }; returns: void };
  set_feed_paused: { args: { id: number; paused: boolean }; returns: void };
  set_note: { args: { id: number; body: string; base: string }; returns: string };
  set_starred: { args: { id: number; starred: boolean }; returns: void };
  set_status: { args: { id: number; status: ArticleStatus }; returns: void };
  subscribe_feed: { args: { url: string; options: FeedOptions }; returns: SubscribeOutcome };
  take_pending_urls: { args: Record<string, never>; returns: string[] };
  update_highlight: { args: { id: number; update: HighlightUpdate }; returns: Highlight };
  update_saved_search: { args: { name: string; query: string; filter: ListFilter }; returns: SavedSearch };
  view_counts: { args: Record<string, never>; returns: ViewCounts };
}

export type CommandName = keyof Commands;
