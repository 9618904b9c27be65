// Articles for the UI's unit tests, shaped like the shell's answers, and a fake shell that keeps
// them in memory and records every command it is asked to run.
import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  Article,
  ArticleSummary,
  Collection,
  ErrorCode,
  Highlight,
  LibraryBackup,
  ListFilter,
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
  searchHits: (query: string, filter: { limit?: number | null; offset?: number | null }) => SearchHit[];
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
    searchHits: () => [],
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
  const answers: Answers = {
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
    refresh_article: () => ({ articles: 1, skipped: 0, highlights_kept: 2, highlights_moved: 1, highlights_orphaned: 0 }),
    take_pending_urls: () => [],
    get_article: ({ id }) => {
      const found = [...shell.articles, ...shell.trash].find((a) => a.id === id);
      if (!found) throw failure("not_found", `no article with id ${id}`);
      const note = shell.notes[found.id];
      return article(found, shell.contents[found.id] ?? "<p>Text.</p>", {
        note: note ? { body: note, created_at: "", updated_at: "" } : null,
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
    if (shell.damaged && !["list_backups", "restore_backup", "app_about", "take_pending_urls"].includes(cmd) && !cmd.startsWith("plugin:")) {
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
