// The feeds' triage stream as the window shows it: the subscriptions with their unseen counts (for
// the sidebar), the page of items in the chosen scope (all feeds, a folder, one feed), the cursor,
// the item opened with its article (the summary at once, the article once fetched), and the
// triage actions (keep, dismiss, dismiss everything above, seen/unseen).
import type { Feed, FeedItem, ItemPreview, StreamCounts, StreamStates } from "../bindings";
import * as ipc from "../ipc";
import type { Toasts } from "./toasts.svelte";

/** Which feeds the stream shows. */
export type StreamScope = { kind: "all" } | { kind: "feed"; id: number } | { kind: "folder"; path: string };

/** Items fetched per page of the stream. */
export const STREAM_PAGE = 50;
const PREFS_KEY = "tidings.stream";

/** The name a scope goes by in the library's view (`{ kind: "stream", name }`). */
export function streamScopeName(scope: StreamScope): string {
  switch (scope.kind) {
    case "all":
      return "";
    case "feed":
      return `feed:${scope.id}`;
    case "folder":
      return `folder:${scope.path}`;
  }
}

export function streamScopeOf(name: string): StreamScope {
  if (name.startsWith("feed:")) {
    const id = Number(name.slice(5));
    if (Number.isInteger(id)) return { kind: "feed", id };
  }
  if (name.startsWith("folder:")) return { kind: "folder", path: name.slice(7) };
  return { kind: "all" };
}

/** Whether a feed sits in `path` or beneath it. */
export function inFolder(feed: Feed, path: string): boolean {
  return feed.folder === path || (feed.folder?.startsWith(`${path}/`) ?? false);
}

/** The folders of `feeds` with their feeds and unseen counts, by name; feeds without a folder
 *  come under `null`, first. A folder's count is the library's (`counts`): its subfolders' items
 *  too, an article several of its feeds carry once, as its stream lists them. */
export function foldersOf(feeds: Feed[], counts: StreamCounts): { folder: string | null; unseen: number; feeds: Feed[] }[] {
  const byFolder = new Map<string | null, Feed[]>();
  for (const feed of feeds) byFolder.set(feed.folder, [...(byFolder.get(feed.folder) ?? []), feed]);
  const unseen = new Map(counts.folders.map((f) => [f.folder, f.unseen]));
  return [...byFolder.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))
    .map(([folder, list]) => ({ folder, unseen: folder === null ? 0 : (unseen.get(folder) ?? 0), feeds: list }));
}

/** The opened item's article: being fetched, shown, or why it could not be. */
export type PreviewState =
  | { itemId: number; status: "loading" }
  | { itemId: number; status: "ready"; preview: ItemPreview }
  | { itemId: number; status: "failed"; error: string };

export class Stream {
  feeds = $state<Feed[]>([]);
  items = $state<FeedItem[]>([]);
  scope = $state<StreamScope>({ kind: "all" });
  states = $state<StreamStates>("active");
  /** The item the keyboard is on. */
  cursor = $state<number | null>(null);
  /** The item whose summary is shown in full. */
  opened = $state<number | null>(null);
  /** The opened item's article, fetched after it opened (its summary shows meanwhile). */
  preview = $state<PreviewState | null>(null);
  complete = $state(false);
  loading = $state(false);
  refreshing = $state(false);
  /** Items kept just now, while their article is being clipped. */
  keeping = $state<Set<number>>(new Set());
  /** Mark an item seen when the cursor moves down past it (off unless chosen). */
  seenWhenPassed = $state(false);

  /** Unseen in the stream and in each folder, as their views list items (from the library). */
  counts = $state<StreamCounts>({ unseen: 0, folders: [] });
  unseen = $derived(this.counts.unseen);

  #toasts: Toasts;
  #onKept: () => void;
  #storage: Storage | undefined;
  #generation = 0;

  /** `onKept` runs after an item became an article (the library reloads its list and counts). */
  constructor(toasts: Toasts, onKept: () => void = () => {}, storage: Storage | undefined = globalThis.localStorage) {
    this.#toasts = toasts;
    this.#onKept = onKept;
    this.#storage = storage;
    try {
      const saved = JSON.parse(storage?.getItem(PREFS_KEY) ?? "null") as { seenWhenPassed?: unknown } | null;
      this.seenWhenPassed = saved?.seenWhenPassed === true;
    } catch {
      this.seenWhenPassed = false;
    }
  }

  setSeenWhenPassed(on: boolean): void {
    this.seenWhenPassed = on;
    try {
      this.#storage?.setItem(PREFS_KEY, JSON.stringify({ seenWhenPassed: on }));
    } catch {
      // A full or disabled storage only loses the preference.
    }
  }

  feed(id: number): Feed | undefined {
    return this.feeds.find((f) => f.id === id);
  }

  item(id: number | null): FeedItem | undefined {
    return id === null ? undefined : this.items.find((i) => i.id === id);
  }

  /** The feed the scope names, when it names one. */
  get feedId(): number | null {
    return this.scope.kind === "feed" ? this.scope.id : null;
  }

  /** The page of the stream after `after` in the scope on screen (the library filters a folder). */
  #page(after: number | null): Promise<FeedItem[]> {
    const scope = this.scope;
    return ipc.listStream({
      feed_id: this.feedId,
      folder: scope.kind === "folder" ? scope.path : null,
      states: this.states,
      after,
      limit: STREAM_PAGE,
    });
  }

  async loadFeeds(): Promise<void> {
    try {
      const [feeds, counts] = await Promise.all([ipc.listFeeds(), ipc.streamCounts()]);
      this.feeds = feeds;
      this.counts = counts;
    } catch (error) {
      this.#toasts.error(`Could not list the feeds: ${ipc.messageOf(error)}`);
    }
  }

  /** Shows the stream of `scope` from its newest item. */
  async show(scope: StreamScope, states: StreamStates = this.states): Promise<void> {
    this.scope = scope;
    this.states = states;
    this.items = [];
    this.complete = false;
    this.opened = null;
    this.preview = null;
    await this.reload();
  }

  /** Reloads the feeds and the items on screen (as many as were loaded), keeping the cursor
   *  where it can. */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    const want = Math.max(STREAM_PAGE, this.items.length);
    this.loading = true;
    try {
      await this.loadFeeds();
      const found: FeedItem[] = [];
      let after: number | null = null;
      let complete = false;
      while (found.length < want) {
        const page = await this.#page(after);
        if (generation !== this.#generation) return;
        found.push(...page);
        if (page.length < STREAM_PAGE) {
          complete = true;
          break;
        }
        after = page.at(-1)!.id;
      }
      this.items = found;
      this.complete = complete;
      if (this.cursor === null || !found.some((i) => i.id === this.cursor)) this.cursor = found[0]?.id ?? null;
    } catch (error) {
      this.#toasts.error(`Could not read the stream: ${ipc.messageOf(error)}`);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Loads the next page when the list nears its end. */
  async loadMore(): Promise<void> {
    if (this.complete || this.loading || this.items.length === 0) return;
    const generation = this.#generation;
    this.loading = true;
    try {
      const page = await this.#page(this.items.at(-1)!.id);
      if (generation !== this.#generation) return;
      const known = new Set(this.items.map((i) => i.id));
      this.items = [...this.items, ...page.filter((i) => !known.has(i.id))];
      this.complete = page.length < STREAM_PAGE;
    } catch (error) {
      this.#toasts.error(`Could not read the stream: ${ipc.messageOf(error)}`);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Moves the cursor `delta` rows; returns the item it lands on. */
  move(delta: number): number | null {
    if (this.items.length === 0) return null;
    const at = this.items.findIndex((i) => i.id === this.cursor);
    const to = Math.min(this.items.length - 1, Math.max(0, (at < 0 ? 0 : at + delta)));
    const left = this.items[at];
    this.cursor = this.items[to]!.id;
    if (this.opened !== null && this.opened !== this.cursor) void this.open(this.cursor);
    if (delta > 0 && left && to !== at) void this.passed([left.id]);
    if (to >= this.items.length - 5) void this.loadMore();
    return this.cursor;
  }

  point(id: number): void {
    this.cursor = id;
  }

  /** Items the reader went past (the cursor moved below them, or they scrolled out above): marked
   *  seen when the setting says so and they are new. */
  async passed(ids: number[]): Promise<void> {
    if (!this.seenWhenPassed) return;
    const fresh = ids.filter((id) => this.item(id)?.state === "new");
    if (fresh.length > 0) await this.#setSeen(fresh, true);
  }

  /** Opens the cursor's item (its summary in full at once, then its article once fetched), or
   *  closes it when it is open. Opening marks it seen. */
  async open(id: number | null = this.cursor): Promise<void> {
    if (id === null) return;
    this.cursor = id;
    if (this.opened === id) {
      this.close();
      return;
    }
    this.opened = id;
    const item = this.item(id);
    // A kept item's article is in the library ("Read in the library"): nothing to fetch.
    const fetching = item?.url && item.state !== "kept" ? this.#fetchPreview(id) : ((this.preview = null), Promise.resolve());
    if (item?.state === "new") await this.#setSeen([id], true);
    await fetching;
  }

  close(): void {
    this.opened = null;
    this.preview = null;
  }

  /** Fetches the opened item's article (the stored preview comes back at once); a late answer for
   *  an item no longer open is dropped. */
  async #fetchPreview(id: number): Promise<void> {
    if (this.preview?.itemId === id && this.preview.status === "ready") return;
    this.preview = { itemId: id, status: "loading" };
    try {
      const preview = await ipc.fetchItemPreview(id);
      if (this.opened !== id) return;
      this.preview = { itemId: id, status: "ready", preview };
      this.#patch([id], { has_full_text: true });
    } catch (error) {
      if (this.opened === id) this.preview = { itemId: id, status: "failed", error: ipc.messageOf(error) };
    }
  }

  /** Shows an item found by search: its feed's stream, every state, the item open. */
  async reveal(item: FeedItem): Promise<void> {
    await this.show({ kind: "feed", id: item.feed_id }, "all");
    if (!this.item(item.id)) this.items = [item, ...this.items];
    await this.open(item.id);
  }

  /** Keeps the item: its article is clipped into the library, the row says kept. */
  async keep(id: number | null = this.cursor): Promise<void> {
    const item = this.item(id);
    if (!item || item.state === "kept" || this.keeping.has(item.id)) return;
    this.keeping = new Set([...this.keeping, item.id]);
    try {
      const kept = await ipc.keepItem(item.id);
      this.#patch([item.id], { state: "kept", article_id: kept.article.id });
      this.#toasts.show(kept.already_saved ? `Already in the library: ${kept.article.title}` : `Kept: ${kept.article.title}`);
      this.#onKept();
      await this.loadFeeds();
    } catch (error) {
      this.#toasts.error(`Could not keep “${item.title}”: ${ipc.messageOf(error)}`);
    } finally {
      this.keeping = new Set([...this.keeping].filter((k) => k !== item.id));
    }
  }

  /** Dismisses the item; it leaves the stream and the cursor goes to the next one. */
  async dismiss(id: number | null = this.cursor): Promise<void> {
    const item = this.item(id);
    if (!item) return;
    try {
      await ipc.dismissItems([item.id]);
    } catch (error) {
      this.#toasts.error(`Could not dismiss “${item.title}”: ${ipc.messageOf(error)}`);
      return;
    }
    this.#drop([item.id]);
    await this.loadFeeds();
  }

  /** Dismisses every item above the cursor (not the cursor's own). */
  async dismissAbove(): Promise<void> {
    const at = this.items.findIndex((i) => i.id === this.cursor);
    if (at <= 0) return;
    const above = this.items.slice(0, at).filter((i) => i.state === "new" || i.state === "seen");
    try {
      // A folder is no stream of its own in the library: its rows above are dismissed by id.
      if (this.scope.kind === "folder") await ipc.dismissItems(above.map((i) => i.id));
      else await ipc.dismissAbove(this.cursor!, this.feedId);
    } catch (error) {
      this.#toasts.error(`Could not dismiss: ${ipc.messageOf(error)}`);
      return;
    }
    this.#drop(above.map((i) => i.id));
    this.#toasts.show(above.length === 1 ? "Dismissed 1 item" : `Dismissed ${above.length} items`);
    await this.loadFeeds();
  }

  /** Marks the item seen, or back to new when it was seen. */
  async toggleSeen(id: number | null = this.cursor): Promise<void> {
    const item = this.item(id);
    if (!item || item.state === "kept" || item.state === "dismissed") return;
    await this.#setSeen([item.id], item.state === "new");
  }

  async #setSeen(ids: number[], seen: boolean): Promise<void> {
    try {
      await ipc.markSeen(ids, seen);
    } catch (error) {
      this.#toasts.error(`Could not mark the item ${seen ? "seen" : "unseen"}: ${ipc.messageOf(error)}`);
      return;
    }
    this.#patch(ids, { state: seen ? "seen" : "new" });
    await this.loadFeeds();
  }

  #patch(ids: number[], change: Partial<FeedItem>): void {
    this.items = this.items.map((i) => (ids.includes(i.id) ? { ...i, ...change } : i));
  }

  /** Takes rows off the list; the cursor moves to the row after the cursor's (or before it). */
  #drop(ids: number[]): void {
    const gone = new Set(ids);
    if (this.cursor !== null && gone.has(this.cursor)) {
      const at = this.items.findIndex((i) => i.id === this.cursor);
      const after = this.items.slice(at + 1).find((i) => !gone.has(i.id));
      const before = this.items.slice(0, at).reverse().find((i) => !gone.has(i.id));
      this.cursor = (after ?? before)?.id ?? null;
    }
    if (this.opened !== null && gone.has(this.opened)) this.close();
    this.items = this.items.filter((i) => !gone.has(i.id));
  }

  /** Subscribes to `url` (a feed or a page naming one); true when it worked. */
  async subscribe(url: string, folder: string | null = null): Promise<boolean> {
    const address = url.trim();
    if (!address) return false;
    try {
      const outcome = await ipc.subscribeFeed(address, { folder, full_text: false });
      this.#toasts.show(
        outcome.already_subscribed
          ? `Already following ${outcome.feed.title}`
          : `Following ${outcome.feed.title} (${outcome.new_items} ${outcome.new_items === 1 ? "item" : "items"})`,
      );
      await this.reload();
      return true;
    } catch (error) {
      this.#toasts.error(`Could not follow ${address}: ${ipc.messageOf(error)}`);
      return false;
    }
  }

  /** Polls the feeds in scope now (every feed for the whole stream), then reloads. */
  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const scope = this.scope;
      const outcomes =
        scope.kind === "all"
          ? await ipc.refreshAllFeeds()
          : await ipc.refreshFeeds(
              scope.kind === "feed" ? [scope.id] : this.feeds.filter((f) => inFolder(f, scope.path)).map((f) => f.id),
            );
      const arrived = outcomes.reduce((n, o) => n + o.new_items, 0);
      const failed = outcomes.filter((o) => o.error !== null);
      if (failed.length > 0) this.#toasts.error(failed.map((o) => `${o.title}: ${o.error}`).join("; "));
      else this.#toasts.show(arrived === 0 ? "No new items" : arrived === 1 ? "1 new item" : `${arrived} new items`);
      await this.reload();
    } catch (error) {
      this.#toasts.error(`Could not refresh the feeds: ${ipc.messageOf(error)}`);
    } finally {
      this.refreshing = false;
    }
  }

  /** Adds the subscriptions of an OPML file the user picks; they are polled at once. */
  async importOpml(): Promise<void> {
    try {
      const file = await ipc.chooseImportFile("Import subscriptions (OPML)");
      if (file === null) return;
      const report = await ipc.importOpml(file);
      this.#toasts.show(
        `Added ${report.added} ${report.added === 1 ? "feed" : "feeds"}` + (report.skipped > 0 ? ` (${report.skipped} already followed)` : ""),
      );
      await this.loadFeeds();
      // Imported feeds are due at once: polled now, not at the next tick.
      if (report.added > 0) {
        await ipc.refreshFeeds(null);
        await this.reload();
      }
    } catch (error) {
      this.#toasts.error(`Could not import the subscriptions: ${ipc.messageOf(error)}`);
    }
  }

  /** Writes every subscription as OPML into a folder the user picks. */
  async exportOpml(): Promise<void> {
    try {
      const folder = await ipc.chooseExportFolder("Export subscriptions (OPML)");
      if (folder === null) return;
      const file = await ipc.exportOpml(folder);
      this.#toasts.show(`Saved the subscriptions to ${file}`);
    } catch (error) {
      this.#toasts.error(`Could not export the subscriptions: ${ipc.messageOf(error)}`);
    }
  }

  async rename(id: number, title: string): Promise<void> {
    await this.#change(() => ipc.renameFeed(id, title.trim() || null));
  }

  async moveToFolder(id: number, folder: string): Promise<void> {
    await this.#change(() => ipc.setFeedFolder(id, folder.trim() || null));
  }

  async setPaused(id: number, paused: boolean): Promise<void> {
    await this.#change(() => ipc.setFeedPaused(id, paused));
  }

  /** Sets whether the feed's new items have their article fetched in the background. */
  async setFullText(id: number, fullText: boolean): Promise<void> {
    if (await this.#change(() => ipc.setFeedFullText(id, fullText))) {
      const title = this.feed(id)?.title ?? "the feed";
      this.#toasts.show(fullText ? `New items of ${title} arrive with their article` : `New items of ${title} arrive as the feed sends them`);
    }
  }

  /** Unsubscribes; true when it worked (the window then leaves that feed's stream). */
  async unsubscribe(id: number): Promise<boolean> {
    const title = this.feed(id)?.title ?? "the feed";
    const done = await this.#change(() => ipc.removeFeed(id));
    if (done) this.#toasts.show(`Unsubscribed from ${title} (articles kept from it stay)`);
    return done;
  }

  async #change(work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
      return false;
    }
    await this.reload();
    return true;
  }
}
