// The UI's one door to the Rust shell (src-tauri/src/commands/): the only module that imports
// `@tauri-apps/*`. Each command is a typed function; a rejection becomes an `IpcError` with the
// `{ code, message }` the shell sends. Branch on `code`, show `message`; never match message text.
import { Channel, invoke, type InvokeArgs } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { openUrl } from "@tauri-apps/plugin-opener";
import type {
  ErrorCode as ErrorCodeName,
  ApiToken,
  Article,
  ArticleStatus,
  ArticleSummary,
  ClipOutcome,
  Collection,
  ExportFormat,
  ExportProgress,
  ExportReport,
  ExportSelection,
  Feed,
  FeedItem,
  FeedOptions,
  FeedRule,
  Highlight,
  HighlightEntry,
  HighlightFilter,
  HighlightInput,
  HighlightUpdate,
  ImportFormat,
  ImportProgress,
  ImportReport,
  ItemPreview,
  KeptItem,
  LibraryBackup,
  LibraryInfo,
  ListFilter,
  NewRule,
  OpmlImportReport,
  Pairing,
  ReextractReport,
  RefreshOutcome,
  RuleEdit,
  SavedSearch,
  SearchHit,
  StreamCounts,
  StreamFilter,
  StreamSettings,
  SubscribeOutcome,
  TagCount,
  ViewCounts,
} from "../bindings";
import type { ApiStatus, AppAbout, FeedsUpdated } from "./bindings";
import type { CommandName, Commands } from "./commands";

export type { ApiStatus, AppAbout, ErrorCodeName, ExportProgress, FeedsUpdated };

/** A failed command: `code` is for the UI to branch on, `message` is for people. */
export class IpcError extends Error {
  readonly code: ErrorCodeName;

  constructor(code: ErrorCodeName, message: string) {
    super(message);
    this.name = "IpcError";
    this.code = code;
  }
}

/** The codes the UI branches on, by name. Each must be one of the core's `ErrorCode`s (generated
 * into ../bindings), so a code renamed or removed there fails the type check here. */
export const ErrorCode = {
  NotFound: "not_found",
  LibraryUnavailable: "library_unavailable",
  LibraryDamaged: "library_damaged",
  Busy: "busy",
  Cancelled: "cancelled",
  InvalidInput: "invalid_input",
  Network: "network",
} as const satisfies Record<string, ErrorCodeName>;

function toIpcError(error: unknown): IpcError {
  if (error instanceof IpcError) return error;
  if (typeof error === "object" && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === "string" && typeof message === "string") return new IpcError(code as ErrorCodeName, message);
    if (error instanceof Error) return new IpcError("internal", error.message);
  }
  // Tauri itself rejects with a bare string, e.g. for an unknown command or a bad argument.
  return new IpcError("internal", typeof error === "string" ? error : String(error));
}

/** Runs `command` with its arguments, both typed by the shell's command table (./commands.ts,
 *  generated from the Rust commands): a command or argument the shell does not have fails the
 *  type check. */
async function call<K extends CommandName>(
  command: K,
  ...args: Commands[K]["args"] extends Record<string, never> ? [] : [Commands[K]["args"]]
): Promise<Commands[K]["returns"]> {
  try {
    return await invoke<Commands[K]["returns"]>(command, args[0] as InvokeArgs | undefined);
  } catch (error) {
    throw toIpcError(error);
  }
}

/** The message of any error, for people. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- the library -------------------------------------------------------------------------------

/** The whole library, newest first: the filter that narrows nothing. */
export const ALL_ARTICLES: ListFilter = {
  status: null,
  tag: null,
  collection: null,
  starred: false,
  limit: null,
  offset: null,
  trash: false,
};

/** The app's name and version. */
export function appAbout(): Promise<AppAbout> {
  return call("app_about");
}

/** Where the open library lives and how many articles it holds. */
export function libraryInfo(): Promise<LibraryInfo> {
  return call("library_info");
}

/** The articles that match `filter`, without their content. */
export function listArticles(filter: ListFilter = ALL_ARTICLES): Promise<ArticleSummary[]> {
  return call("list_articles", { filter });
}

/** One article with its sanitised content, note, tags and highlights. */
export function getArticle(id: number): Promise<Article> {
  return call("get_article", { id });
}

/** Full-text search over titles, text, notes and highlights within `filter`, best first;
 *  matched words are marked `[…]` in the snippets. */
export function searchArticles(query: string, filter: ListFilter): Promise<SearchHit[]> {
  return call("search_articles", { query, filter });
}

// ---- clipping and jobs -------------------------------------------------------------------------

let nextJob = 1;

/** A fresh id for a job the shell runs and may cancel (a clip, an export). */
export function newJobId(): number {
  return nextJob++;
}

/** Clips `url` as job `job`; an address already saved answers with that article. */
export function clipUrl(job: number, url: string, collection: string | null = null): Promise<ClipOutcome> {
  return call("clip_url", { job, url, collection });
}

/** Stops a running job; false when it had already ended. */
export function cancelJob(job: number): Promise<boolean> {
  return call("cancel_job", { job });
}

/** URLs given on the command line or by a second launch, not yet clipped. */
export function takePendingUrls(): Promise<string[]> {
  return call("take_pending_urls");
}

// ---- organising --------------------------------------------------------------------------------

/** Saves a note edited from `base` (the note as loaded); returns the note as stored, which
 *  keeps what another writer (the CLI) added meanwhile. */
export function setNote(id: number, body: string, base: string): Promise<string> {
  return call("set_note", { id, body, base });
}

export function addTags(id: number, tags: string[]): Promise<void> {
  return call("add_tags", { id, tags });
}

export function removeTags(id: number, tags: string[]): Promise<void> {
  return call("remove_tags", { id, tags });
}

export function listTags(): Promise<TagCount[]> {
  return call("list_tags");
}

export function renameTag(old: string, name: string): Promise<void> {
  return call("rename_tag", { old, new: name });
}

export function deleteTag(name: string): Promise<void> {
  return call("delete_tag", { name });
}

/** Fetches the article's page again and re-extracts it, as job `job`. A page captured in the
 *  browser is refused unless `force` (a fetch would not see what the reader saw). */
export function refreshArticle(job: number, id: number, force = false): Promise<ReextractReport> {
  return call("refresh_article", { job, id, force });
}

export function setStatus(id: number, status: ArticleStatus): Promise<void> {
  return call("set_status", { id, status });
}

export function setStarred(id: number, starred: boolean): Promise<void> {
  return call("set_starred", { id, starred });
}

/** Moves articles to the trash (restorable until emptied, or for 30 days). */
export function deleteArticles(ids: number[]): Promise<void> {
  return call("delete_articles", { ids });
}

/** Brings articles back from the trash. */
export function restoreArticles(ids: number[]): Promise<void> {
  return call("restore_articles", { ids });
}

/** Deletes everything in the trash for good; resolves to how many articles went. */
export function emptyTrash(): Promise<number> {
  return call("empty_trash");
}

/** How many articles each sidebar view holds, the highlights and the trash. */
export function viewCounts(): Promise<ViewCounts> {
  return call("view_counts");
}

/** The library's daily backups, newest first (listed even when the library cannot be opened). */
export function listBackups(): Promise<LibraryBackup[]> {
  return call("list_backups");
}

/** Makes today's backup now (replacing one made earlier today). */
export function backupNow(): Promise<LibraryBackup> {
  return call("backup_now");
}

/** Puts a backup in place of the library (the current file is set aside) and opens it; refused
 *  with `busy` while a clip, import or export holds the library. */
export function restoreBackup(name: string): Promise<void> {
  return call("restore_backup", { name });
}

export function listCollections(): Promise<Collection[]> {
  return call("list_collections");
}

export function createCollection(name: string, description = ""): Promise<Collection> {
  return call("create_collection", { name, description });
}

export function renameCollection(old: string, name: string): Promise<void> {
  return call("rename_collection", { old, new: name });
}

export function describeCollection(name: string, description: string): Promise<void> {
  return call("describe_collection", { name, description });
}

/** Moves a collection to `position` (1 = first) in the sidebar. */
export function moveCollection(name: string, position: number): Promise<void> {
  return call("move_collection", { name, position });
}

export function deleteCollection(name: string): Promise<void> {
  return call("delete_collection", { name });
}

export function addToCollection(name: string, ids: number[]): Promise<void> {
  return call("add_to_collection", { name, ids });
}

export function removeFromCollection(name: string, ids: number[]): Promise<void> {
  return call("remove_from_collection", { name, ids });
}

// ---- saved searches ----------------------------------------------------------------------------

/** Every saved search, in the sidebar's order. */
export function listSavedSearches(): Promise<SavedSearch[]> {
  return call("list_saved_searches");
}

/** Saves `query` within `filter` (its status, tag, collection and star; paging is not kept) as
 *  `name`; a name already used is refused with `invalid_input`. */
export function saveSearch(name: string, query: string, filter: ListFilter): Promise<SavedSearch> {
  return call("save_search", { name, query, filter });
}

export function renameSavedSearch(old: string, name: string): Promise<SavedSearch> {
  return call("rename_saved_search", { old, new: name });
}

/** Changes a saved search's query and filter. */
export function updateSavedSearch(name: string, query: string, filter: ListFilter): Promise<SavedSearch> {
  return call("update_saved_search", { name, query, filter });
}

export function deleteSavedSearch(name: string): Promise<void> {
  return call("delete_saved_search", { name });
}

// ---- highlights --------------------------------------------------------------------------------

export function addHighlight(articleId: number, input: HighlightInput): Promise<Highlight> {
  return call("add_highlight", { articleId, input });
}

export function updateHighlight(id: number, update: HighlightUpdate): Promise<Highlight> {
  return call("update_highlight", { id, update });
}

export function deleteHighlight(id: number): Promise<void> {
  return call("delete_highlight", { id });
}

/** Highlights across the library with their articles, newest first. */
export function listHighlights(filter: HighlightFilter): Promise<HighlightEntry[]> {
  return call("list_highlights", { filter });
}

// ---- export ------------------------------------------------------------------------------------

/** Asks for a folder to export into (the native dialog); `null` when the user cancels. */
export function chooseExportFolder(title: string): Promise<string | null> {
  return call("choose_export_folder", { title });
}

/** Exports `selection` in `format` into `folder` (from `chooseExportFolder`), as job `job`. */
export function exportArticles(
  job: number,
  selection: ExportSelection,
  format: ExportFormat,
  folder: string,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportReport> {
  const progress = new Channel<ExportProgress>(onProgress);
  return call("export_articles", { job, selection, format, folder, progress });
}

// ---- import ------------------------------------------------------------------------------------

/** Asks for a file to import (the native dialog); `null` when the user cancels. */
export function chooseImportFile(title: string): Promise<string | null> {
  return call("choose_import_file", { title });
}

/** Imports `file` (from `chooseImportFile`) as job `job`, reporting each record. */
export function importFile(
  job: number,
  file: string,
  format: ImportFormat,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  const progress = new Channel<ImportProgress>(onProgress);
  return call("import_file", { job, file, format, progress });
}

// ---- feeds and the stream ---------------------------------------------------------------------

/** Subscribes to a feed, given its address or a page that names one; polls it at once. */
export function subscribeFeed(url: string, options: FeedOptions = { folder: null, full_text: false }): Promise<SubscribeOutcome> {
  return call("subscribe_feed", { url, options });
}

/** Every subscription with its unseen count. */
export function listFeeds(): Promise<Feed[]> {
  return call("list_feeds");
}

/** Unsubscribes (articles kept from the feed stay). */
export function removeFeed(id: number): Promise<void> {
  return call("remove_feed", { id });
}

/** Renames a feed; `null` goes back to the feed's own title. */
export function renameFeed(id: number, title: string | null): Promise<void> {
  return call("rename_feed", { id, title });
}

export function setFeedFolder(id: number, folder: string | null): Promise<void> {
  return call("set_feed_folder", { id, folder });
}

export function setFeedPaused(id: number, paused: boolean): Promise<void> {
  return call("set_feed_paused", { id, paused });
}

/** Polls the feeds `ids`, or those that are due when `null`. */
export function refreshFeeds(ids: number[] | null = null): Promise<RefreshOutcome[]> {
  return call("refresh_feeds", { ids });
}

/** Polls every live feed now, due or not. */
export function refreshAllFeeds(): Promise<RefreshOutcome[]> {
  return call("refresh_all_feeds");
}

/** One page of the stream, newest first. */
export function listStream(filter: StreamFilter): Promise<FeedItem[]> {
  return call("list_stream", { filter });
}

export function getFeedItem(id: number): Promise<FeedItem> {
  return call("get_feed_item", { id });
}

/** Dismisses items; resolves to how many changed. */
export function dismissItems(ids: number[]): Promise<number> {
  return call("dismiss_items", { ids });
}

/** Dismisses every new or seen item above `itemId` (in `feedId`'s stream, or all feeds'). */
export function dismissAbove(itemId: number, feedId: number | null): Promise<number> {
  return call("dismiss_above", { itemId, feedId });
}

/** Marks items seen, or back to new with `seen` false. */
export function markSeen(ids: number[], seen: boolean): Promise<number> {
  return call("mark_seen", { ids, seen });
}

/** Keeps an item: its article is clipped into the library. */
export function keepItem(itemId: number): Promise<KeptItem> {
  return call("keep_item", { itemId });
}

/** Adds the subscriptions of an OPML file (from `chooseImportFile`). */
export function importOpml(file: string): Promise<OpmlImportReport> {
  return call("import_opml", { file });
}

/** Writes every subscription as an OPML file into `folder` (from `chooseExportFolder`); resolves
 *  to the file's path. */
export function exportOpml(folder: string): Promise<string> {
  return call("export_opml", { folder });
}

/** Sets whether each new item's article is fetched in the background. */
export function setFeedFullText(id: number, fullText: boolean): Promise<void> {
  return call("set_feed_full_text", { id, fullText });
}

/** The item's article if it was already fetched (a full-text feed's), else `null`, at once. */
export function itemPreview(itemId: number): Promise<ItemPreview | null> {
  return call("item_preview", { itemId });
}

/** The item's article: the stored preview, else fetched now (and stored for keeping). */
export function fetchItemPreview(itemId: number): Promise<ItemPreview> {
  return call("fetch_item_preview", { itemId });
}

/** The unseen counts of the stream and of each folder, an article several feeds carry once. */
export function streamCounts(): Promise<StreamCounts> {
  return call("stream_counts");
}

/** Searches the stream's items, best first (apart from the library's search). */
export function searchStream(query: string, limit = 50): Promise<FeedItem[]> {
  return call("search_stream", { query, limit });
}

/** Every rule, oldest first. */
export function listRules(): Promise<FeedRule[]> {
  return call("list_rules");
}

export function addRule(rule: NewRule): Promise<FeedRule> {
  return call("add_rule", { rule });
}

export function editRule(id: number, edit: RuleEdit): Promise<FeedRule> {
  return call("edit_rule", { id, edit });
}

export function removeRule(id: number): Promise<void> {
  return call("remove_rule", { id });
}

/** The stream's items a rule not yet saved would match, newest first; nothing changes. */
export function testRule(rule: NewRule): Promise<FeedItem[]> {
  return call("test_rule", { rule });
}

export function streamSettings(): Promise<StreamSettings> {
  return call("stream_settings");
}

/** Sets how long triaged items stay; resolves to how many were purged at once. */
export function setStreamSettings(settings: StreamSettings): Promise<number> {
  return call("set_stream_settings", { settings });
}

/** Calls `handler` when a poll brought new items (the shell polls due feeds in the background). */
export async function onFeedsUpdated(handler: (update: FeedsUpdated) => void): Promise<() => void> {
  return quietly(await listen<FeedsUpdated>("feeds-updated", (event) => handler(event.payload)));
}

// ---- the browser: the loopback API, pairing, the bookmarklet -------------------------------

/** The port the API listens on for the browser extension, or why it is not running. */
export function apiStatus(): Promise<ApiStatus> {
  return call("api_status");
}

/** Extensions' pairing requests waiting for an answer. */
export function listPairings(): Promise<Pairing[]> {
  return call("list_pairings");
}

/** Accepts a pairing request by its code: the extension then collects its token. */
export function acceptPairing(code: string): Promise<Pairing> {
  return call("accept_pairing", { code });
}

/** Denies a pairing request: the extension gets no token. */
export function denyPairing(code: string): Promise<void> {
  return call("deny_pairing", { code });
}

/** The paired browsers (the API's tokens, never their secrets). */
export function listTokens(): Promise<ApiToken[]> {
  return call("list_tokens");
}

/** Revokes a browser's token: its requests are refused from now on. */
export function revokeToken(name: string): Promise<void> {
  return call("revoke_token", { name });
}

/** The `javascript:` bookmarklet that opens `tidings://clip?url=…&title=…`. */
export function bookmarklet(): Promise<string> {
  return call("bookmarklet");
}

/** One-line notices waiting for the window (a refused link, the API unable to start). */
export function takeNotices(): Promise<string[]> {
  return call("take_notices");
}

/** Calls `handler` with each extension's pairing request as it arrives. */
export async function onPairingRequested(handler: (pairing: Pairing) => void): Promise<() => void> {
  return quietly(await listen<Pairing>("pairing-requested", (event) => handler(event.payload)));
}

/** Calls `handler` when notices wait; take them with `takeNotices`. */
export async function onNotices(handler: () => void): Promise<() => void> {
  return quietly(await listen<null>("notices", () => handler()));
}

// ---- the world outside the window --------------------------------------------------------------

/** Opens a web address in the system browser (never in the app's window). */
export async function openInBrowser(url: string): Promise<void> {
  try {
    await openUrl(url);
  } catch (error) {
    throw toIpcError(error);
  }
}

/** The ids of the native menu's items (src-tauri/src/menu.rs). */
export const MENU_ACTIONS = [
  "clip",
  "import",
  "export",
  "search",
  "reader-settings",
  "next",
  "previous",
  "toggle-read",
  "archive",
  "star",
  "delete",
  "highlight",
  "note",
  "open-original",
  "shortcuts",
  "show-trash",
  "backups",
  "show-stream",
  "refresh-feeds",
  "browsers",
  "bookmarklet",
] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

/** A stop function that never throws (the window may be closing when it runs). */
function quietly(stop: () => unknown): () => void {
  return () => void Promise.resolve().then(stop).catch(() => {});
}

/** Calls `handler` with each native menu choice; returns a function that stops listening. */
export async function onMenu(handler: (action: MenuAction) => void): Promise<() => void> {
  const stop = await listen<string>("menu", (event) => {
    const action = MENU_ACTIONS.find((a) => a === event.payload);
    if (action) handler(action);
  });
  return quietly(stop);
}

/** Calls `handler` when URLs arrive from outside (a second launch); take them with `takePendingUrls`. */
export async function onUrlsWaiting(handler: () => void): Promise<() => void> {
  return quietly(await listen<null>("clip-urls", () => handler()));
}
