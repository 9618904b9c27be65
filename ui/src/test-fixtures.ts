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
  const answer = (cmd: string, args: Record<string, unknown>): unknown => {
    if (shell.damaged && !["list_backups", "restore_backup", "app_about", "take_pending_urls"].includes(cmd) && !cmd.startsWith("plugin:")) {
      throw failure("library_damaged", "cannot open library /tmp/library.sqlite3: the file is damaged");
    }
    switch (cmd) {
      case "app_about":
        return { name: "Tidings", version: "0.1.0" };
      case "library_info":
        return { path: "/home/ada/.local/share/tidings/library.sqlite3", article_count: shell.articles.length };
      case "list_articles":
        return list(args.filter as ListFilter);
      case "list_collections":
        return shell.collections.map((c) => collectionOf(c));
      case "list_saved_searches":
        return shell.savedSearches;
      case "save_search": {
        const name = (args.name as string).trim();
        if (!name) throw failure("invalid_input", "a saved search name cannot be empty");
        if (shell.savedSearches.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
          throw failure("invalid_input", `a saved search named "${name}" already exists`);
        }
        const { status, tag, collection, starred } = args.filter as ListFilter;
        const saved: SavedSearch = {
          id: Math.max(0, ...shell.savedSearches.map((s) => s.id)) + 1,
          name,
          query: args.query as string,
          filter: { status, tag, collection, starred },
          created_at: "2026-03-14T00:00:00Z",
          updated_at: "2026-03-14T00:00:00Z",
        };
        shell.savedSearches.push(saved);
        return saved;
      }
      case "rename_saved_search": {
        const saved = shell.savedSearches.find((s) => s.name.toLowerCase() === (args.old as string).toLowerCase());
        if (!saved) throw failure("not_found", `no saved search named "${String(args.old)}"`);
        saved.name = args.new as string;
        return saved;
      }
      case "delete_saved_search": {
        const before = shell.savedSearches.length;
        shell.savedSearches = shell.savedSearches.filter((s) => s.name.toLowerCase() !== (args.name as string).toLowerCase());
        if (shell.savedSearches.length === before) throw failure("not_found", `no saved search named "${String(args.name)}"`);
        return null;
      }
      case "list_tags":
        return Object.entries(shell.tags).map(([name, ids]) => ({ name, article_count: ids.length }));
      case "rename_tag": {
        const ids = shell.tags[args.old as string];
        if (!ids) throw failure("not_found", `no tag named ${String(args.old)}`);
        delete shell.tags[args.old as string];
        shell.tags[args.new as string] = [...(shell.tags[args.new as string] ?? []), ...ids];
        return null;
      }
      case "delete_tag":
        delete shell.tags[args.name as string];
        return null;
      case "refresh_article":
        return { articles: 1, skipped: 0, highlights_kept: 2, highlights_moved: 1, highlights_orphaned: 0 };
      case "take_pending_urls":
        return [];
      case "get_article": {
        const found = [...shell.articles, ...shell.trash].find((a) => a.id === args.id);
        if (!found) throw failure("not_found", `no article with id ${String(args.id)}`);
        const note = shell.notes[found.id];
        return article(found, shell.contents[found.id] ?? "<p>Text.</p>", {
          note: note ? { body: note, created_at: "", updated_at: "" } : null,
          highlights: shell.highlights.filter((h) => h.article_id === found.id),
          collections: shell.collections.filter((c) => c.ids.includes(found.id)).map((c) => c.name),
          tags: Object.entries(shell.tags)
            .filter(([, ids]) => ids.includes(found.id))
            .map(([name]) => name),
        });
      }
      case "search_articles":
        return shell.searchHits(args.query as string, args.filter as { limit?: number | null; offset?: number | null });
      case "clip_url": {
        const outcome = shell.clips[args.url as string];
        if (!outcome) throw failure("network", `fetch ${String(args.url)}: HTTP 404`);
        if ("code" in outcome) throw outcome;
        const already = shell.articles.some((a) => a.id === outcome.id);
        if (!already) shell.articles.unshift(outcome);
        return { article: outcome, already_saved: already };
      }
      case "cancel_job":
        return true;
      case "set_status":
      case "set_starred": {
        const key = cmd === "set_status" ? "status" : "starred";
        shell.articles = shell.articles.map((a) => (a.id === args.id ? { ...a, [key]: args[key] } : a));
        return null;
      }
      case "delete_articles":
        [shell.articles, shell.trash] = move(args.ids as number[], shell.articles, shell.trash);
        return null;
      case "restore_articles":
        [shell.trash, shell.articles] = move(args.ids as number[], shell.trash, shell.articles);
        shell.articles.sort((a, b) => b.id - a.id);
        return null;
      case "empty_trash": {
        const count = shell.trash.length;
        shell.trash = [];
        return count;
      }
      case "view_counts": {
        const count = (keep: (a: ArticleSummary) => boolean) => shell.articles.filter(keep).length;
        return {
          unread: count((a) => a.status === "unread"),
          starred: count((a) => a.starred),
          archived: count((a) => a.status === "archived"),
          all: shell.articles.length,
          highlights: shell.highlights.length,
          trash: shell.trash.length,
        };
      }
      case "describe_collection": {
        const c = shell.collections.find((c) => c.name === args.name);
        if (!c) throw failure("not_found", `no collection named ${String(args.name)}`);
        c.description = args.description as string;
        return null;
      }
      case "move_collection": {
        const from = shell.collections.findIndex((c) => c.name === args.name);
        if (from < 0) throw failure("not_found", `no collection named ${String(args.name)}`);
        const [moved] = shell.collections.splice(from, 1);
        shell.collections.splice((args.position as number) - 1, 0, moved!);
        return null;
      }
      case "list_backups":
        return shell.backups;
      case "backup_now": {
        const made = { name: "library-2026-11-26.sqlite3", date: "2026-11-26", size_bytes: 2048 };
        shell.backups = [made, ...shell.backups.filter((b) => b.name !== made.name)];
        return made;
      }
      case "restore_backup":
        if (!shell.backups.some((b) => b.name === args.name)) throw failure("not_found", `no backup named ${String(args.name)}`);
        if (shell.busy) throw failure("busy", "the library is busy (a clip, import or export is running); restore when it is done");
        shell.damaged = false;
        return null;
      case "set_note": {
        // As the library does: what was written elsewhere since `base` stays after the edit.
        const id = args.id as number;
        const [body, base, current] = [args.body as string, args.base as string, shell.notes[id] ?? ""];
        const appended = current.startsWith(base) ? current.slice(base.length).trim() : current.trim();
        shell.notes[id] = current.trim() === base.trim() || appended === "" ? body.trim() : `${body.trim()}\n\n${appended}`;
        return shell.notes[id];
      }
      case "create_collection":
        shell.collections.push({ name: args.name as string, ids: [] });
        return collectionOf(shell.collections.at(-1)!);
      case "add_to_collection": {
        const c = shell.collections.find((c) => c.name === args.name);
        if (!c) throw failure("not_found", `no collection named ${String(args.name)}`);
        c.ids.push(...(args.ids as number[]));
        return null;
      }
      case "add_highlight": {
        const input = args.input as { exact: string; prefix: string; suffix: string; color: string; note: string | null };
        const created: Highlight = {
          id: shell.highlights.length + 1,
          article_id: args.articleId as number,
          ...input,
          start: 0,
          end: input.exact.length,
          orphaned: false,
          created_at: "",
          updated_at: "",
        };
        shell.highlights.push(created);
        return created;
      }
      case "list_highlights": {
        const filter = args.filter as { color: string | null; query: string | null };
        return shell.highlights
          .filter((h) => !filter.color || h.color === filter.color)
          .filter((h) => !filter.query || `${h.exact} ${h.note ?? ""}`.toLowerCase().includes(filter.query.toLowerCase()))
          .map((h) => ({ highlight: h, article: shell.articles.find((a) => a.id === h.article_id)! }));
      }
      case "plugin:event|listen":
        return Math.floor(Math.random() * 1e6);
      case "plugin:event|unlisten":
      case "plugin:opener|open_url":
        return null;
      default:
        throw `unknown command ${cmd}`;
    }
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
