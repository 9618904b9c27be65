// The library as the window shows it: the sidebar's views with their counts, the list of the chosen
// view (loaded a page at a time, sorted by the library), the cursor and the multi-selection, and the
// actions on articles (read, archive, star, delete to the trash with undo, restore, collections).
import type {
  ArticleStatus,
  ArticleSummary,
  Collection,
  LibraryInfo,
  ListFilter,
  SavedSearch,
  SavedSearchFilter,
  TagCount,
  ViewCounts,
} from "../bindings";
import * as ipc from "../ipc";
import type { Toasts } from "./toasts.svelte";

export type View =
  | { kind: "inbox" }
  | { kind: "starred" }
  | { kind: "archive" }
  | { kind: "all" }
  | { kind: "highlights" }
  | { kind: "trash" }
  | { kind: "collection"; name: string }
  | { kind: "tag"; name: string }
  /** A saved search's articles: its filter (its query goes in the search box). */
  | { kind: "saved"; name: string; filter: SavedSearchFilter }
  /** The feeds' triage stream (see StreamView): `name` is its scope, from `streamScopeName`. */
  | { kind: "stream"; name: string };

export type Sort = "saved" | "published";

/** Articles fetched per page of the list. */
export const PAGE_SIZE = 200;
/** How long the undo of a delete is offered, in milliseconds (the trash keeps it longer). */
export const UNDO_MS = 8000;

/** The list filter of a view (without paging), in the order `sort` asks for (the trash is always
 *  most recently deleted first). */
export function filterFor(view: View, sort: Sort = "saved"): ListFilter {
  const published = sort === "published" && view.kind !== "trash";
  const filter: ListFilter = { ...ipc.ALL_ARTICLES, ...(published ? { sort } : {}) };
  switch (view.kind) {
    case "inbox":
      return { ...filter, status: "unread" };
    case "starred":
      return { ...filter, starred: true };
    case "archive":
      return { ...filter, status: "archived" };
    case "collection":
      return { ...filter, collection: view.name };
    case "tag":
      return { ...filter, tag: view.name };
    case "saved":
      return { ...filter, ...view.filter };
    case "trash":
      return { ...filter, trash: true };
    case "all":
    case "highlights":
    case "stream":
      return filter;
  }
}

export function viewTitle(view: View): string {
  switch (view.kind) {
    case "inbox":
      return "Inbox";
    case "starred":
      return "Starred";
    case "archive":
      return "Archive";
    case "all":
      return "All articles";
    case "highlights":
      return "Highlights";
    case "trash":
      return "Trash";
    case "collection":
      return view.name;
    case "tag":
      return `#${view.name}`;
    case "saved":
      return view.name;
    case "stream":
      return "Stream";
  }
}

export function sameView(a: View, b: View): boolean {
  return a.kind === b.kind && ("name" in a ? a.name : "") === ("name" in b ? b.name : "");
}

/** Whether an article belongs in a view by what its summary says (collections and tags aside). */
export function fitsView(view: View, article: ArticleSummary): boolean {
  switch (view.kind) {
    case "inbox":
      return article.status === "unread";
    case "archive":
      return article.status === "archived";
    case "starred":
      return article.starred;
    default:
      return true;
  }
}

/** Whether a search in `view` can be saved (the trash and the highlights are not searches of articles). */
export function canSaveSearchIn(view: View): boolean {
  return view.kind !== "trash" && view.kind !== "highlights" && view.kind !== "stream";
}

export class Library {
  info = $state<LibraryInfo | null>(null);
  collections = $state<Collection[]>([]);
  savedSearches = $state<SavedSearch[]>([]);
  tags = $state<TagCount[]>([]);
  /** How many articles each view holds (null until loaded). */
  counts = $state<ViewCounts | null>(null);
  /** Why the library cannot be shown at all. */
  error = $state<string | null>(null);
  /** The error's code: `library_damaged` offers to restore a backup. */
  errorCode = $state<string | null>(null);

  view = $state<View>({ kind: "inbox" });
  sort = $state<Sort>("saved");
  /** The loaded part of the list (all of it once `complete`). */
  loaded = $state<ArticleSummary[]>([]);
  complete = $state(false);
  loading = $state(false);
  /** Articles on their way to the trash: hidden from every list at once. */
  hidden = $state<Set<number>>(new Set());

  /** The article the keyboard acts on (and the reader shows). */
  cursor = $state<number | null>(null);
  /** The articles chosen together (Ctrl/Shift-click, x): actions apply to all of them. */
  selected = $state<Set<number>>(new Set());
  #anchor: number | null = null;

  /** The list as shown: without hidden articles. */
  items = $derived(this.loaded.filter((a) => !this.hidden.has(a.id)));
  /** Articles shown outside the list (search results), so actions and lookups know them too. */
  extra = $state<ArticleSummary[]>([]);
  /** The ids in the order the list pane shows them, when it shows something else (search results). */
  order = $state<number[] | null>(null);
  #ids = $derived(this.order ?? this.items.map((a) => a.id));

  #generation = 0;
  #toasts: Toasts;

  constructor(toasts: Toasts) {
    this.#toasts = toasts;
  }

  /** Says why an action failed; a library found damaged takes over the window (which offers a backup). */
  /** Runs `change` (a command and what goes with it), then refreshes the sidebar, then `done`;
   * a failure of any step is said in a toast (or on the damaged-library screen). Returns what
   * `change` returned, or null when something failed. */
  async #change<T>(change: () => Promise<T>, done?: (result: T) => void): Promise<T | null> {
    try {
      const result = await change();
      await this.refreshSidebar();
      done?.(result);
      return result;
    } catch (error) {
      this.#fail(error);
      return null;
    }
  }

  #fail(error: unknown): void {
    if (error instanceof ipc.IpcError && error.code === ipc.ErrorCode.LibraryDamaged) {
      this.error = error.message;
      this.errorCode = error.code;
    } else {
      this.#toasts.error(ipc.messageOf(error));
    }
  }

  /** First load: the sidebar and the first page of the list. */
  async open(): Promise<void> {
    try {
      await Promise.all([this.refreshSidebar(), this.reload()]);
      this.error = null;
      this.errorCode = null;
    } catch (error) {
      this.error = ipc.messageOf(error);
      this.errorCode = error instanceof ipc.IpcError ? error.code : null;
    }
  }

  async refreshSidebar(): Promise<void> {
    const [info, collections, tags, counts, savedSearches] = await Promise.all([
      ipc.libraryInfo(),
      ipc.listCollections(),
      ipc.listTags(),
      ipc.viewCounts(),
      ipc.listSavedSearches(),
    ]);
    this.info = info;
    this.collections = collections;
    this.savedSearches = savedSearches;
    // A saved search shown while its filter changed (a collection renamed, the CLI updating it).
    const view = this.view;
    if (view.kind === "saved") {
      const fresh = savedSearches.find((s) => s.name === view.name);
      if (fresh && JSON.stringify(fresh.filter) !== JSON.stringify(view.filter)) this.view = { ...view, filter: fresh.filter };
    }
    this.tags = tags;
    this.counts = counts;
  }

  /** Reloads the list from the top, keeping at least as many articles as were loaded. */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    if (this.view.kind === "highlights" || this.view.kind === "stream") {
      // The review view lists highlights, not articles (see HighlightList); the stream lists
      // feed items (see StreamView).
      this.loaded = [];
      this.complete = true;
      return;
    }
    const keep = Math.max(PAGE_SIZE, this.loaded.length);
    this.loading = true;
    try {
      const page = await ipc.listArticles({ ...filterFor(this.view, this.sort), limit: keep, offset: null });
      if (generation !== this.#generation) return;
      this.loaded = page;
      this.complete = page.length < keep;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Loads the next page when the list nears its end. */
  async loadMore(): Promise<void> {
    if (this.complete || this.loading) return;
    const generation = this.#generation;
    this.loading = true;
    try {
      const page = await ipc.listArticles({
        ...filterFor(this.view, this.sort),
        limit: PAGE_SIZE,
        offset: this.loaded.length,
      });
      if (generation !== this.#generation) return;
      const known = new Set(this.loaded.map((a) => a.id));
      this.loaded = [...this.loaded, ...page.filter((a) => !known.has(a.id))];
      this.complete = page.length < PAGE_SIZE;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Shows another view of the library. */
  async show(view: View): Promise<void> {
    this.view = view;
    this.loaded = [];
    this.complete = false;
    this.selected = new Set();
    await this.reload().catch((e: unknown) => this.#fail(e));
  }

  async setSort(sort: Sort): Promise<void> {
    if (sort === this.sort) return;
    this.sort = sort;
    this.loaded = [];
    this.complete = false;
    await this.reload().catch((e: unknown) => this.#fail(e));
  }

  /** Reloads list and sidebar after a change. */
  async refresh(): Promise<void> {
    await Promise.all([this.refreshSidebar(), this.reload()]).catch((e: unknown) =>
      this.#fail(e),
    );
  }

  summary(id: number): ArticleSummary | undefined {
    return this.loaded.find((a) => a.id === id) ?? this.extra.find((a) => a.id === id);
  }

  // ---- cursor and selection ------------------------------------------------------------------

  /** Points at `id`; with `extend` (Shift), selects the range from the last anchor; with `toggle`
   *  (Ctrl/Cmd), adds or removes it from the selection. A plain move clears the selection. */
  point(id: number, how: { extend?: boolean; toggle?: boolean } = {}): void {
    if (how.toggle) {
      const next = new Set(this.selected);
      if (next.size === 0 && this.cursor !== null && this.cursor !== id) next.add(this.cursor);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      this.selected = next;
      this.#anchor = id;
    } else if (how.extend) {
      const anchor = this.#anchor ?? this.cursor ?? id;
      const ids = this.#ids;
      const [from, to] = [ids.indexOf(anchor), ids.indexOf(id)].sort((a, b) => a - b);
      this.selected = new Set(from! < 0 ? [id] : ids.slice(from, to! + 1));
      this.#anchor = anchor;
    } else {
      this.selected = new Set();
      this.#anchor = id;
    }
    this.cursor = id;
  }

  /** Moves the cursor by `step` in the list; returns the new cursor. */
  move(step: number, extend = false): number | null {
    const ids = this.#ids;
    if (ids.length === 0) return null;
    const at = this.cursor === null ? -1 : ids.indexOf(this.cursor);
    const next = at < 0 ? (step > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + step));
    const id = ids[next]!;
    this.point(id, { extend });
    if (this.order === null && next > ids.length - 20) void this.loadMore();
    return id;
  }

  toggleSelected(id: number): void {
    this.point(id, { toggle: true });
  }

  selectAll(): void {
    this.selected = new Set(this.#ids);
  }

  /** What an action applies to: the selection, else the article under the cursor. */
  targets(): number[] {
    if (this.selected.size > 0) return this.#ids.filter((id) => this.selected.has(id));
    return this.cursor === null ? [] : [this.cursor];
  }

  // ---- actions ---------------------------------------------------------------------------------

  #patch(ids: number[], change: Partial<ArticleSummary>): void {
    const set = new Set(ids);
    this.loaded = this.loaded.map((a) => (set.has(a.id) ? { ...a, ...change } : a));
    this.extra = this.extra.map((a) => (set.has(a.id) ? { ...a, ...change } : a));
  }

  async #each<T>(items: T[], run: (item: T) => Promise<void>): Promise<boolean> {
    try {
      for (const item of items) await run(item);
      return true;
    } catch (error) {
      this.#fail(error);
      await this.refresh();
      return false;
    }
  }

  /** Sets the status of `ids`, and offers an undo when `undoable`. */
  async setStatus(ids: number[], status: ArticleStatus, undoable = false): Promise<void> {
    if (ids.length === 0) return;
    const before = new Map(ids.map((id) => [id, this.summary(id)?.status ?? "unread"] as const));
    this.#patch(ids, { status });
    if (!(await this.#each(ids, (id) => ipc.setStatus(id, status)))) return;
    if (undoable) {
      const what = ids.length === 1 ? `“${this.summary(ids[0]!)?.title ?? "Article"}”` : `${ids.length} articles`;
      const verb = status === "archived" ? "Archived" : status === "read" ? "Marked read" : "Moved to the inbox";
      this.#toasts.show(`${verb}: ${what}`, {
        undo: () => {
          for (const [id, previous] of before) this.#patch([id], { status: previous });
          void this.#each([...before], ([id, previous]) => ipc.setStatus(id, previous)).then(() => this.refresh());
        },
      });
    }
    void this.refreshSidebar().catch(() => {});
  }

  /** Read ↔ unread: all become read unless all are read already. */
  async toggleRead(ids: number[]): Promise<void> {
    const allRead = ids.every((id) => this.summary(id)?.status === "read");
    await this.setStatus(ids, allRead ? "unread" : "read");
  }

  /** Archives `ids`; in the archive, puts them back in the inbox. */
  async archive(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const allArchived = ids.every((id) => this.summary(id)?.status === "archived");
    const next = this.#neighbour(ids);
    await this.setStatus(ids, allArchived ? "unread" : "archived", true);
    // In the inbox and the archive, what moved out leaves the list, and the cursor moves on.
    if (this.view.kind === "inbox" || this.view.kind === "archive") {
      const view = this.view;
      const left = new Set(ids.filter((id) => {
        const summary = this.summary(id);
        return summary !== undefined && !fitsView(view, summary);
      }));
      if (left.size > 0) {
        this.loaded = this.loaded.filter((a) => !left.has(a.id));
        this.selected = new Set();
        if (this.cursor !== null && left.has(this.cursor)) this.cursor = next;
      }
    }
  }

  /** The article shown after (else before) `ids`, for the cursor when they leave the list. */
  #neighbour(ids: number[]): number | null {
    const shown = this.#ids;
    const positions = ids.map((id) => shown.indexOf(id)).filter((i) => i >= 0);
    if (positions.length === 0) return this.cursor;
    const after = shown.slice(Math.max(...positions) + 1).find((id) => !ids.includes(id));
    const before = shown.slice(0, Math.min(...positions)).filter((id) => !ids.includes(id)).at(-1);
    return after ?? before ?? null;
  }

  async toggleStar(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const starred = !ids.every((id) => this.summary(id)?.starred);
    this.#patch(ids, { starred });
    await this.#each(ids, (id) => ipc.setStarred(id, starred));
  }

  /** Moves `ids` to the trash at once, offering an undo that restores them. */
  async delete(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    if (this.view.kind === "trash") {
      this.#toasts.show("Already in the trash: restore it, or empty the trash.");
      return;
    }
    const what = ids.length === 1 ? `“${this.summary(ids[0]!)?.title ?? "Article"}”` : `${ids.length} articles`;
    // The cursor moves on to the next article still shown.
    const next = this.#neighbour(ids);
    this.hidden = new Set([...this.hidden, ...ids]);
    this.selected = new Set();
    if (this.cursor !== null && ids.includes(this.cursor)) this.cursor = next;
    const unhide = () => (this.hidden = new Set([...this.hidden].filter((id) => !ids.includes(id))));
    try {
      await ipc.deleteArticles(ids);
    } catch (error) {
      unhide();
      this.#fail(error);
      return;
    }
    this.loaded = this.loaded.filter((a) => !ids.includes(a.id));
    unhide();
    void this.refreshSidebar().catch(() => {});
    this.#toasts.show(`Moved ${what} to the trash`, {
      ms: UNDO_MS,
      undo: () => {
        this.cursor = ids[0]!;
        void ipc
          .restoreArticles(ids)
          .then(() => this.refresh())
          .catch((error: unknown) => this.#fail(error));
      },
    });
  }

  /** Brings `ids` back from the trash (in the trash view, they leave the list). */
  async restore(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const next = this.#neighbour(ids);
    try {
      await ipc.restoreArticles(ids);
    } catch (error) {
      this.#fail(error);
      return;
    }
    const what = ids.length === 1 ? `“${this.summary(ids[0]!)?.title ?? "Article"}”` : `${ids.length} articles`;
    if (this.view.kind === "trash") {
      this.loaded = this.loaded.filter((a) => !ids.includes(a.id));
      this.selected = new Set();
      if (this.cursor !== null && ids.includes(this.cursor)) this.cursor = next;
    }
    this.#toasts.show(`Restored ${what}`);
    await this.refreshSidebar().catch(() => {});
  }

  /** Deletes everything in the trash for good. */
  async emptyTrash(): Promise<void> {
    try {
      const count = await ipc.emptyTrash();
      this.#toasts.show(count === 1 ? "Deleted 1 article for good" : `Deleted ${count} articles for good`);
      if (this.view.kind === "trash") {
        this.cursor = null;
        this.selected = new Set();
      }
      await this.refresh();
    } catch (error) {
      this.#fail(error);
    }
  }

  async addToCollection(name: string, ids: number[]): Promise<boolean> {
    if (ids.length === 0) return false;
    try {
      await ipc.addToCollection(name, ids);
      this.#toasts.show(ids.length === 1 ? `Added to ${name}` : `Added ${ids.length} articles to ${name}`);
      await this.refresh();
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    }
  }

  async createCollection(name: string): Promise<Collection | null> {
    return this.#change(() => ipc.createCollection(name.trim()));
  }

  async renameCollection(old: string, name: string): Promise<boolean> {
    const renamed = await this.#change(async () => {
      await ipc.renameCollection(old, name.trim());
      if (this.view.kind === "collection" && this.view.name === old) this.view = { kind: "collection", name: name.trim() };
      return true;
    });
    return renamed ?? false;
  }

  /** Sets a collection's description (shown under its title in the list). */
  async describeCollection(name: string, description: string): Promise<boolean> {
    const described = await this.#change(async () => {
      await ipc.describeCollection(name, description.trim());
      return true;
    });
    return described ?? false;
  }

  /** Moves collection `name` to `index` (0 = first) in the sidebar; shown at once, then saved. */
  async moveCollection(name: string, index: number): Promise<void> {
    const from = this.collections.findIndex((c) => c.name === name);
    if (from < 0) return;
    const to = Math.max(0, Math.min(this.collections.length - 1, index));
    if (to === from) return;
    const order = [...this.collections];
    const [moved] = order.splice(from, 1);
    order.splice(to, 0, moved!);
    this.collections = order;
    try {
      await ipc.moveCollection(name, to + 1);
    } catch (error) {
      this.#fail(error);
    }
    await this.refreshSidebar().catch(() => {});
  }

  async renameTag(old: string, name: string): Promise<boolean> {
    const renamed = await this.#change(async () => {
      await ipc.renameTag(old, name.trim());
      if (this.view.kind === "tag" && this.view.name === old) this.view = { kind: "tag", name: name.trim() };
      return true;
    });
    return renamed ?? false;
  }

  async deleteTag(name: string): Promise<void> {
    await this.#change(async () => {
      await ipc.deleteTag(name);
      this.#toasts.show(`Removed the tag ${name} from every article`);
      if (this.view.kind === "tag" && this.view.name === name) await this.show({ kind: "all" });
    });
  }

  // ---- saved searches --------------------------------------------------------------------------

  /** Saves `query` within the view on screen as `name`; null when refused (said in a toast). */
  async saveSearch(name: string, query: string): Promise<SavedSearch | null> {
    return this.#change(
      () => ipc.saveSearch(name.trim(), query.trim(), filterFor(this.view)),
      (saved) => this.#toasts.show(`Saved the search “${saved.name}”`),
    );
  }

  /** Shows a saved search's articles; the caller puts its query in the search box. */
  async showSaved(saved: SavedSearch): Promise<void> {
    await this.show({ kind: "saved", name: saved.name, filter: saved.filter });
  }

  async renameSavedSearch(old: string, name: string): Promise<boolean> {
    const renamed = await this.#change(async () => {
      const saved = await ipc.renameSavedSearch(old, name.trim());
      if (this.view.kind === "saved" && this.view.name === old) this.view = { ...this.view, name: saved.name };
      return true;
    });
    return renamed ?? false;
  }

  async deleteSavedSearch(name: string): Promise<void> {
    await this.#change(async () => {
      await ipc.deleteSavedSearch(name);
      this.#toasts.show(`Deleted the saved search ${name} (no article was touched)`);
      if (this.view.kind === "saved" && this.view.name === name) await this.show({ kind: "all" });
    });
  }

  async deleteCollection(name: string): Promise<void> {
    await this.#change(async () => {
      await ipc.deleteCollection(name);
      this.#toasts.show(`Deleted the collection ${name} (its articles stay in the library)`);
      if (this.view.kind === "collection" && this.view.name === name) await this.show({ kind: "all" });
    });
  }
}
