// Articles for the UI's unit tests, shaped like the shell's answers, and a fake shell that keeps
// them in memory and records every command it is asked to run.
import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  ApiToken,
  Article,
  ArticleSummary,
  Collection,
  ErrorCode,
  Feed,
  FeedItem,
  FeedRule,
  Highlight,
  ItemPreview,
  LibraryBackup,
  ListFilter,
  Pairing,
  SavedSearch,
  SearchHit,
} from "./bindings";
import type { CommandName, Commands } from "./ipc/commands";

/** The fake's answer to each command it knows, typed by the shell's own command table
 *  (src/ipc/commands.ts, generated from the Rust commands): a renamed command or argument, or
 *  an answer of the wrong shape, fails the type check. */
type Answers = { [K in CommandName]?: (args: Commands[K]["args"]) => Commands[K]["returns"] };

/** A failure as the shell sends it: its code must be one the core defines. */
function failure(code: ErrorCode, message: string): { code: ErrorCode; message: string } {
  return { code, message };
}

export function summary(id: number, title: string, extra: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id,
    title,
    url: `https://news.example.com/${id}`,
    site_name: "Example News",
    byline: null,
    published_at: "2026-03-12T09:30:00Z",
    saved_at: "2026-03-13T18:00:00Z",
    excerpt: null,
    lead_image_url: null,
    word_count: 420,
    reading_minutes: 2,
    status: "unread",
    starred: false,
    ...extra,
  };
}

export function article(of: ArticleSummary, contentHtml: string, extra: Partial<Article> = {}): Article {
  return {
    ...of,
    original_url: of.url,
    final_url: of.url,
    canonical_url: null,
    language: "en",
    modified_at: null,
    content_html: contentHtml,
    text: contentHtml.replace(/<[^>]+>/g, ""),
    note: null,
    tags: [],
    collections: [],
    highlights: [],
    warnings: [],
    captured_in_browser: false,
    ...extra,
  };
}

export function feed(id: number, title: string, extra: Partial<Feed> = {}): Feed {
  return {
    id,
    url: `https://feeds.example.com/${id}.xml`,
    title,
    site_url: null,
    folder: null,
    full_text: false,
    paused: false,
    gone: false,
    last_checked: "2026-12-07T08:00:00Z",
    next_check: "2026-12-07T09:00:00Z",
    error_count: 0,
    last_error: null,
    unseen: 0,
    created_at: "2026-12-01T00:00:00Z",
    ...extra,
  };
}

/** An item of feed `of` (its title is the feed's); ids grow with arrival, as in the library. */
export function feedItem(id: number, of: Feed, title: string, extra: Partial<FeedItem> = {}): FeedItem {
  return {
    id,
    feed_id: of.id,
    feed_title: of.title,
    title,
    url: `https://news.example.com/items/${id}`,
    comments_url: null,
    author: null,
    published: `2026-12-0${Math.min(9, Math.max(1, id % 10))}T09:00:00Z`,
    arrived_at: "2026-12-07T08:00:00Z",
    summary_html: `<p>About ${title}.</p>`,
    categories: [],
    state: "new",
    article_id: null,
    also_in: [],
    starred: false,
    tags: [],
    has_full_text: false,
    ...extra,
  };
}

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

export interface FakeShell {
  calls: Call[];
  articles: ArticleSummary[];
  contents: Record<number, string>;
  notes: Record<number, string>;
  highlights: Highlight[];
  collections: { name: string; ids: number[]; description?: string }[];
  /** Saved searches, in order (names unique without regard to case, as in the library). */
  savedSearches: SavedSearch[];
  /** Articles in the trash, most recently deleted first. */
  trash: ArticleSummary[];
  /** The library's backups; `damaged` makes every library command fail as a damaged file would. */
  backups: LibraryBackup[];
  damaged: boolean;
  /** Other work holds the library: a restore is refused. */
  busy: boolean;
  /** Tags and the articles that carry them. */
  tags: Record<string, number[]>;
  /** Answers for clip_url by URL: an article, or an error to throw. */
  clips: Record<string, ArticleSummary | { code: ErrorCode; message: string }>;
  /** Subscriptions (their `unseen` is counted from `items`), and every item, newest first. */
  feeds: Feed[];
  items: FeedItem[];
  /** Answers for subscribe_feed by URL: the feed and the items its first poll brings. */
  subscriptions: Record<string, { feed: Feed; items: FeedItem[] }>;
  /** The stream's rules, and how many days triaged items stay. */
  rules: FeedRule[];
  keepDays: number;
  /** Items' articles by item id: a preview, or an error fetch_item_preview throws. */
  previews: Record<number, ItemPreview | { code: ErrorCode; message: string }>;
  searchHits: (query: string, filter: { limit?: number | null; offset?: number | null }) => SearchHit[];
  /** Extensions asking to pair, the browsers paired, and notices waiting for the window. */
  pairings: Pairing[];
  tokens: ApiToken[];
  notices: string[];
  /** Articles captured in the browser: refreshing one is refused unless forced. */
  captured: number[];
  /** Commands whose answer is held until `release(cmd)`. */
  hold: Set<string>;
  release: (cmd: string) => void;
  named: (cmd: string) => Call[];
}

/** Installs a shell holding `articles` (as a library would, newest first). */
export function fakeShell(articles: ArticleSummary[] = []): FakeShell {
  const waiting = new Map<string, (() => void)[]>();
  const shell: FakeShell = {
    calls: [],
    articles: [...articles],
    contents: {},
    notes: {},
    highlights: [],
    collections: [],
    savedSearches: [],
    trash: [],
    backups: [],
    damaged: false,
    busy: false,
    tags: {},
    clips: {},
    feeds: [],
    items: [],
    subscriptions: {},
    rules: [],
    keepDays: 30,
    previews: {},
    searchHits: () => [],
    pairings: [],
    tokens: [],
    notices: [],
    captured: [],
    hold: new Set(),
    release(cmd) {
      for (const go of waiting.get(cmd) ?? []) go();
      waiting.delete(cmd);
    },
    named(cmd) {
      return this.calls.filter((c) => c.cmd === cmd);
    },
  };
  // A collection keeps its id however the list is reordered, as in the library.
  const collectionIds = new Map<string, number>();
  const collectionOf = (c: { name: string; ids: number[]; description?: string }): Collection => ({
    id: collectionIds.get(c.name) ?? collectionIds.set(c.name, collectionIds.size + 1).get(c.name)!,
    name: c.name,
    description: c.description ?? "",
    article_count: c.ids.length,
    created_at: "2026-03-01T00:00:00Z",
  });
  const list = (filter: ListFilter): ArticleSummary[] => {
    let found = (filter.trash ? shell.trash : shell.articles).filter(
      (a) =>
        (!filter.status || a.status === filter.status) &&
        (!filter.starred || a.starred) &&
        (!filter.collection || (shell.collections.find((c) => c.name === filter.collection)?.ids ?? []).includes(a.id)),
    );
    if (filter.sort === "published") {
      const key = (a: ArticleSummary) => a.published_at ?? "";
      found = [...found].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : b.id - a.id));
    }
    const offset = filter.offset ?? 0;
    found = found.slice(offset, filter.limit === null ? undefined : offset + filter.limit);
    return found;
  };
  const move = (ids: number[], from: ArticleSummary[], to: ArticleSummary[]): [ArticleSummary[], ArticleSummary[]] => {
    for (const id of ids) {
      if (!from.some((a) => a.id === id)) throw failure("not_found", `no article with id ${id}`);
    }
    return [from.filter((a) => !ids.includes(a.id)), [...from.filter((a) => ids.includes(a.id)), ...to]];
  };
  /** A rule's test on an item, as the library's (words any case, or a regex), on the title or
   *  address only; a bad regex fails as the library's does, in one line. */
  const ruleMatcher = (rule: { field: FeedRule["field"]; pattern: string; regex: boolean }): ((i: FeedItem) => boolean) => {
    let re: RegExp;
    try {
      const words = rule.pattern.replace(/[.*+?^$(){}|[\]\\]/g, "\\$&");
      re = rule.regex ? new RegExp(rule.pattern) : new RegExp("\\b" + words + "\\b", "i");
    } catch {
      throw failure("invalid_input", `rule pattern ${JSON.stringify(rule.pattern)}: not a valid regular expression`);
    }
    return (i) => re.test(rule.field === "url" ? (i.url ?? "") : i.title);
  };
  const itemOf = (id: number): FeedItem => {
    const found = shell.items.find((i) => i.id === id);
    if (!found) throw failure("not_found", `no feed item with id ${id}`);
    return found;
  };
  const setState = (ids: number[], state: FeedItem["state"]): number => {
    for (const id of ids) itemOf(id);
    let changed = 0;
    shell.items = shell.items.map((i) => {
      if (!ids.includes(i.id) || i.state === "kept" || i.state === state) return i;
      changed++;
      return { ...i, state };
    });
    return changed;
  };
  const feedOf = (id: number): Feed => {
    const found = shell.feeds.find((f) => f.id === id);
    if (!found) throw failure("not_found", `no feed with id ${id}`);
    return found;
  };
  const withCounts = (f: Feed): Feed => ({
    ...f,
    unseen: shell.items.filter((i) => i.feed_id === f.id && i.state === "new").length,
  });
  const pairingOf = (code: string): Pairing => {
    const found = shell.pairings.find((p) => p.code === code.toUpperCase());
    if (!found) throw failure("not_found", `no pairing request with code ${code}`);
    return found;
  };
  const answers: Answers = {
    api_status: () => ({ port: 47800, problem: null }),
    list_pairings: () => shell.pairings,
    accept_pairing: ({ code }) => {
      const accepted = { ...pairingOf(code), accepted: true };
      shell.pairings = shell.pairings.map((p) => (p.code === accepted.code ? accepted : p));
      return accepted;
    },
    deny_pairing: ({ code }) => {
      pairingOf(code);
      shell.pairings = shell.pairings.filter((p) => p.code !== code.toUpperCase());
    },
    list_tokens: () => shell.tokens,
    revoke_token: ({ name }) => {
      if (!shell.tokens.some((t) => t.name === name)) throw failure("not_found", `no token named ${name}`);
      shell.tokens = shell.tokens.filter((t) => t.name !== name);
    },
    bookmarklet: () => "javascript:(()=>{location.href='tidings://clip?url='+encodeURIComponent(location.href)})()",
    take_notices: () => shell.notices.splice(0),
    subscribe_feed: ({ url, options }) => {
      const known = shell.feeds.find((f) => f.url === url);
      if (known) return { feed: withCounts(known), already_subscribed: true, new_items: 0 };
      const answer = shell.subscriptions[url];
      if (!answer) throw failure("invalid_input", `${url} is neither a feed nor a page that names one`);
      shell.feeds.push({ ...answer.feed, folder: options.folder });
      shell.items = [...answer.items, ...shell.items].sort((a, b) => b.id - a.id);
      return { feed: withCounts(answer.feed), already_subscribed: false, new_items: answer.items.length };
    },
    list_feeds: () => shell.feeds.map(withCounts),
    // The fake knows no twins: every new item counts.
    stream_counts: () => {
      const unseenIn = (feeds: Feed[]) =>
        shell.items.filter((i) => i.state === "new" && feeds.some((f) => f.id === i.feed_id)).length;
      const names = [...new Set(shell.feeds.map((f) => f.folder).filter((f): f is string => f !== null))].sort();
      return {
        unseen: unseenIn(shell.feeds),
        folders: names.map((folder) => ({
          folder,
          unseen: unseenIn(shell.feeds.filter((f) => f.folder === folder || (f.folder?.startsWith(`${folder}/`) ?? false))),
        })),
      };
    },
    remove_feed: ({ id }) => {
      feedOf(id);
      shell.feeds = shell.feeds.filter((f) => f.id !== id);
      shell.items = shell.items.filter((i) => i.feed_id !== id);
    },
    rename_feed: ({ id, title }) => {
      feedOf(id).title = title ?? "Original title";
    },
    set_feed_folder: ({ id, folder }) => {
      feedOf(id).folder = folder;
    },
    set_feed_paused: ({ id, paused }) => {
      feedOf(id).paused = paused;
    },
    refresh_feeds: ({ ids }) =>
      shell.feeds
        .filter((f) => (ids ? ids.includes(f.id) : true))
        .map((f) => ({ feed_id: f.id, title: f.title, new_items: 0, unchanged: true, error: null, kept: 0, keep_errors: [], previews: 0 })),
    refresh_all_feeds: () =>
      shell.feeds.filter((f) => !f.paused).map((f) => ({ feed_id: f.id, title: f.title, new_items: 0, unchanged: true, error: null, kept: 0, keep_errors: [], previews: 0 })),
    list_stream: ({ filter }) => {
      const fits = (i: FeedItem) =>
        filter.states === "all" ||
        (filter.states === "active" ? i.state === "new" || i.state === "seen" : i.state === filter.states);
      const inScope = (i: FeedItem) => {
        if (filter.feed_id !== null) return i.feed_id === filter.feed_id;
        if (filter.folder === null) return true;
        const folder = shell.feeds.find((f) => f.id === i.feed_id)?.folder ?? null;
        return folder === filter.folder || (folder?.startsWith(`${filter.folder}/`) ?? false);
      };
      const found = shell.items.filter((i) => inScope(i) && fits(i));
      const from = filter.after === null ? 0 : found.findIndex((i) => i.id === filter.after) + 1;
      return found.slice(from, from + (filter.limit || 50));
    },
    get_feed_item: ({ id }) => itemOf(id),
    dismiss_items: ({ ids }) => setState(ids, "dismissed"),
    dismiss_above: ({ itemId, feedId }) => {
      const at = shell.items.findIndex((i) => i.id === itemId);
      if (at < 0) throw failure("not_found", `no feed item with id ${itemId}`);
      const above = shell.items
        .slice(0, at)
        .filter((i) => (feedId === null || i.feed_id === feedId) && (i.state === "new" || i.state === "seen"));
      return setState(
        above.map((i) => i.id),
        "dismissed",
      );
    },
    mark_seen: ({ ids, seen }) => setState(ids, seen ? "seen" : "new"),
    keep_item: ({ itemId }) => {
      const item = itemOf(itemId);
      if (!item.url) throw failure("invalid_input", `feed item ${itemId} has no link to an article to keep`);
      const existing = shell.articles.find((a) => a.url === item.url);
      const kept = existing ?? summary(1000 + itemId, item.title, { url: item.url, site_name: item.feed_title });
      if (!existing) shell.articles.unshift(kept);
      shell.items = shell.items.map((i) => (i.id === itemId ? { ...i, state: "kept", article_id: kept.id } : i));
      return { item_id: itemId, article: kept, already_saved: existing !== undefined };
    },
    article_feed_source: () => null,
    set_feed_full_text: ({ id, fullText }) => {
      feedOf(id).full_text = fullText;
    },
    item_preview: ({ itemId }) => {
      itemOf(itemId);
      const found = shell.previews[itemId];
      return found && "content_html" in found ? found : null;
    },
    fetch_item_preview: ({ itemId }) => {
      itemOf(itemId);
      const found = shell.previews[itemId];
      if (!found) throw failure("network", `fetch https://news.example/${itemId}: HTTP 404 Not Found`);
      if (!("content_html" in found)) throw found;
      return found;
    },
    search_stream: ({ query }) => shell.items.filter((i) => i.title.toLowerCase().includes(query.toLowerCase())),
    list_rules: () => shell.rules,
    add_rule: ({ rule }) => {
      ruleMatcher(rule);
      const added: FeedRule = {
        id: Math.max(0, ...shell.rules.map((r) => r.id)) + 1,
        feed_id: rule.feed_id,
        field: rule.field,
        pattern: rule.pattern,
        regex: rule.regex,
        action: rule.action,
        expires_at: rule.expires_in === null ? null : "2027-01-06T00:00:00Z",
        expired: false,
        created_at: "2026-12-07T00:00:00Z",
      };
      shell.rules.push(added);
      return added;
    },
    edit_rule: ({ id, edit }) => {
      const rule = shell.rules.find((r) => r.id === id);
      if (!rule) throw failure("not_found", `no rule with id ${id}`);
      const next: FeedRule = {
        ...rule,
        feed_id: edit.all_feeds ? null : (edit.feed_id ?? rule.feed_id),
        field: edit.field ?? rule.field,
        pattern: edit.pattern ?? rule.pattern,
        regex: edit.regex ?? rule.regex,
        action: edit.action ?? rule.action,
        expires_at: edit.no_expiry ? null : edit.expires_in ? "2027-01-06T00:00:00Z" : rule.expires_at,
      };
      ruleMatcher(next);
      Object.assign(rule, next);
      return rule;
    },
    remove_rule: ({ id }) => {
      if (!shell.rules.some((r) => r.id === id)) throw failure("not_found", `no rule with id ${id}`);
      shell.rules = shell.rules.filter((r) => r.id !== id);
    },
    test_rule: ({ rule }) => {
      const matches = ruleMatcher(rule);
      return shell.items.filter((i) => (rule.feed_id === null || i.feed_id === rule.feed_id) && matches(i));
    },
    stream_settings: () => ({ keep_days: shell.keepDays }),
    set_stream_settings: ({ settings }) => {
      if (settings.keep_days < 1) throw failure("invalid_input", "keep triaged items at least 1 day");
      shell.keepDays = settings.keep_days;
      return 0;
    },
    choose_import_file: () => "/home/ada/subscriptions.opml",
    choose_export_folder: () => "/home/ada/exports",
    import_opml: () => {
      const added = feed(Math.max(0, ...shell.feeds.map((f) => f.id)) + 1, "Imported feed", { folder: "Imported" });
      shell.feeds.push(added);
      return { added: 1, skipped: 0 };
    },
    export_opml: ({ folder }) => `${folder}/tidings-subscriptions.opml`,
    app_about: () => ({ name: "Tidings", version: "0.1.0" }),
    library_info: () => ({ path: "/home/ada/.local/share/tidings/library.sqlite3", article_count: shell.articles.length }),
    list_articles: ({ filter }) => list(filter),
    list_collections: () => shell.collections.map((c) => collectionOf(c)),
    list_saved_searches: () => shell.savedSearches,
    save_search: ({ name: given, query, filter }) => {
      const name = given.trim();
      if (!name) throw failure("invalid_input", "a saved search name cannot be empty");
      if (shell.savedSearches.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        throw failure("invalid_input", `a saved search named "${name}" already exists`);
      }
      const { status, tag, collection, starred } = filter;
      const saved: SavedSearch = {
        id: Math.max(0, ...shell.savedSearches.map((s) => s.id)) + 1,
        name,
        query,
        filter: { status, tag, collection, starred },
        created_at: "2026-03-14T00:00:00Z",
        updated_at: "2026-03-14T00:00:00Z",
      };
      shell.savedSearches.push(saved);
      return saved;
    },
    rename_saved_search: ({ old, new: name }) => {
      const saved = shell.savedSearches.find((s) => s.name.toLowerCase() === old.toLowerCase());
      if (!saved) throw failure("not_found", `no saved search named "${old}"`);
      saved.name = name;
      return saved;
    },
    delete_saved_search: ({ name }) => {
      const before = shell.savedSearches.length;
      shell.savedSearches = shell.savedSearches.filter((s) => s.name.toLowerCase() !== name.toLowerCase());
      if (shell.savedSearches.length === before) throw failure("not_found", `no saved search named "${name}"`);
    },
    list_tags: () => Object.entries(shell.tags).map(([name, ids]) => ({ name, article_count: ids.length })),
    rename_tag: ({ old, new: name }) => {
      const ids = shell.tags[old];
      if (!ids) throw failure("not_found", `no tag named ${old}`);
      delete shell.tags[old];
      shell.tags[name] = [...(shell.tags[name] ?? []), ...ids];
    },
    delete_tag: ({ name }) => {
      delete shell.tags[name];
    },
    refresh_article: ({ id, force }) => {
      if (shell.captured.includes(id) && !force) {
        throw failure("invalid_input", `article ${id} was captured in the browser: a re-fetch would not see what you saw; use --force`);
      }
      return { articles: 1, skipped: 0, highlights_kept: 2, highlights_moved: 1, highlights_orphaned: 0 };
    },
    take_pending_urls: () => [],
    get_article: ({ id }) => {
      const found = [...shell.articles, ...shell.trash].find((a) => a.id === id);
      if (!found) throw failure("not_found", `no article with id ${id}`);
      const note = shell.notes[found.id];
      return article(found, shell.contents[found.id] ?? "<p>Text.</p>", {
        note: note ? { body: note, created_at: "", updated_at: "" } : null,
        captured_in_browser: shell.captured.includes(found.id),
        highlights: shell.highlights.filter((h) => h.article_id === found.id),
        collections: shell.collections.filter((c) => c.ids.includes(found.id)).map((c) => c.name),
        tags: Object.entries(shell.tags)
          .filter(([, ids]) => ids.includes(found.id))
          .map(([name]) => name),
      });
    },
    search_articles: ({ query, filter }) => shell.searchHits(query, filter),
    clip_url: ({ url }) => {
      const outcome = shell.clips[url];
      if (!outcome) throw failure("network", `fetch ${url}: HTTP 404`);
      if ("code" in outcome) throw outcome;
      const already = shell.articles.some((a) => a.id === outcome.id);
      if (!already) shell.articles.unshift(outcome);
      return { article: outcome, already_saved: already };
    },
    cancel_job: () => true,
    set_status: ({ id, status }) => {
      shell.articles = shell.articles.map((a) => (a.id === id ? { ...a, status } : a));
    },
    set_starred: ({ id, starred }) => {
      shell.articles = shell.articles.map((a) => (a.id === id ? { ...a, starred } : a));
    },
    delete_articles: ({ ids }) => {
      [shell.articles, shell.trash] = move(ids, shell.articles, shell.trash);
    },
    restore_articles: ({ ids }) => {
      [shell.trash, shell.articles] = move(ids, shell.trash, shell.articles);
      shell.articles.sort((a, b) => b.id - a.id);
    },
    empty_trash: () => {
      const count = shell.trash.length;
      shell.trash = [];
      return count;
    },
    view_counts: () => {
      const count = (keep: (a: ArticleSummary) => boolean) => shell.articles.filter(keep).length;
      return {
        unread: count((a) => a.status === "unread"),
        starred: count((a) => a.starred),
        archived: count((a) => a.status === "archived"),
        all: shell.articles.length,
        highlights: shell.highlights.length,
        trash: shell.trash.length,
      };
    },
    describe_collection: ({ name, description }) => {
      const c = shell.collections.find((c) => c.name === name);
      if (!c) throw failure("not_found", `no collection named ${name}`);
      c.description = description;
    },
    move_collection: ({ name, position }) => {
      const from = shell.collections.findIndex((c) => c.name === name);
      if (from < 0) throw failure("not_found", `no collection named ${name}`);
      const [moved] = shell.collections.splice(from, 1);
      shell.collections.splice(position - 1, 0, moved!);
    },
    list_backups: () => shell.backups,
    backup_now: () => {
      const made = { name: "library-2026-11-26.sqlite3", date: "2026-11-26", size_bytes: 2048 };
      shell.backups = [made, ...shell.backups.filter((b) => b.name !== made.name)];
      return made;
    },
    restore_backup: ({ name }) => {
      if (!shell.backups.some((b) => b.name === name)) throw failure("not_found", `no backup named ${name}`);
      if (shell.busy) throw failure("busy", "the library is busy (a clip, import or export is running); restore when it is done");
      shell.damaged = false;
    },
    set_note: ({ id, body, base }) => {
      // As the library does: what was written elsewhere since `base` stays after the edit.
      const current = shell.notes[id] ?? "";
      const appended = current.startsWith(base) ? current.slice(base.length).trim() : current.trim();
      const stored = current.trim() === base.trim() || appended === "" ? body.trim() : `${body.trim()}\n\n${appended}`;
      shell.notes[id] = stored;
      return stored;
    },
    create_collection: ({ name }) => {
      shell.collections.push({ name, ids: [] });
      return collectionOf(shell.collections.at(-1)!);
    },
    add_to_collection: ({ name, ids }) => {
      const c = shell.collections.find((c) => c.name === name);
      if (!c) throw failure("not_found", `no collection named ${name}`);
      c.ids.push(...ids);
    },
    add_highlight: ({ articleId, input }) => {
      const created: Highlight = {
        id: shell.highlights.length + 1,
        article_id: articleId,
        ...input,
        // As the library does: no colour is the first of the toolbar's.
        color: input.color ?? "yellow",
        start: 0,
        end: input.exact.length,
        orphaned: false,
        created_at: "",
        updated_at: "",
      };
      shell.highlights.push(created);
      return created;
    },
    list_highlights: ({ filter }) =>
      shell.highlights
        .filter((h) => !filter.color || h.color === filter.color)
        .filter((h) => !filter.query || `${h.exact} ${h.note ?? ""}`.toLowerCase().includes(filter.query.toLowerCase()))
        .map((h) => ({ highlight: h, article: shell.articles.find((a) => a.id === h.article_id)! })),
  };
  const answer = (cmd: string, args: Record<string, unknown>): unknown => {
    if (shell.damaged && !["list_backups", "restore_backup", "app_about", "take_pending_urls", "take_notices"].includes(cmd) && !cmd.startsWith("plugin:")) {
      throw failure("library_damaged", "cannot open library /tmp/library.sqlite3: the file is damaged");
    }
    if (cmd === "plugin:event|listen") return Math.floor(Math.random() * 1e6);
    if (cmd === "plugin:event|unlisten" || cmd === "plugin:opener|open_url") return null;
    const handler = answers[cmd as CommandName] as ((args: unknown) => unknown) | undefined;
    if (!handler) throw `unknown command ${cmd}`;
    return handler(args) ?? null;
  };
  mockIPC(async (cmd, args) => {
    const call = { cmd, args: (args ?? {}) as Record<string, unknown> };
    shell.calls.push(call);
    if (shell.hold.has(cmd)) {
      await new Promise<void>((go) => waiting.set(cmd, [...(waiting.get(cmd) ?? []), go]));
    }
    return answer(cmd, call.args);
  }, { shouldMockEvents: true });
  return shell;
}
