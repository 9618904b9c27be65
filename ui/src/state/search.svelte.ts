// Search as you type: the library's full-text search (titles, text, notes, highlights), within
// the sidebar's view, and the stream's items beside it when asked (never by default). The latest
// query wins; results for older ones are dropped.
import type { FeedItem, SearchHit } from "../bindings";
import * as ipc from "../ipc";
import { filterFor, type View } from "./library.svelte";

/** Pause in typing before a search runs, in milliseconds. */
export const SEARCH_DELAY_MS = 120;
/** Results asked of the library at a time: the first page fast, more as the list scrolls
 * (each result's snippet costs a re-read of its article). */
export const SEARCH_PAGE = 50;
/** Stream items shown beside the library's results. */
export const STREAM_HITS = 20;

export class Search {
  query = $state("");
  hits = $state<SearchHit[]>([]);
  /** Whether the stream's items are searched too (off unless chosen). */
  includeStream = $state(false);
  /** The stream's items that match, apart from the library's hits. */
  streamHits = $state<FeedItem[]>([]);
  searching = $state(false);
  error = $state<string | null>(null);
  /** Whether every result of the query is loaded. */
  complete = $state(true);
  /** Whether the list shows search results (a query is typed). */
  active = $derived(this.query.trim().length > 0);

  #generation = 0;
  #loadingMore = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #view: () => View;

  constructor(view: () => View) {
    this.#view = view;
  }

  /** Takes the query as typed; the search runs after a short pause. */
  type(query: string): void {
    this.query = query;
    if (this.#timer) clearTimeout(this.#timer);
    if (!this.active) {
      this.#generation++;
      this.hits = [];
      this.streamHits = [];
      this.complete = true;
      this.searching = false;
      this.error = null;
      return;
    }
    this.searching = true;
    this.#timer = setTimeout(() => void this.run(), SEARCH_DELAY_MS);
  }

  clear(): void {
    this.type("");
  }

  /** Searches the stream too, or no longer; the query on screen runs again. */
  async setIncludeStream(on: boolean): Promise<void> {
    this.includeStream = on;
    if (!on) this.streamHits = [];
    await this.run();
  }

  /** Runs the current query now (again after a change to the library or the view). */
  async run(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    if (!this.active) return;
    const generation = ++this.#generation;
    const query = this.query;
    const view = this.#view();
    if (view.kind === "highlights") {
      // There the query narrows the highlights (see HighlightList), not the articles.
      this.hits = [];
      this.complete = true;
      this.searching = false;
      return;
    }
    this.searching = true;
    try {
      const [hits, streamHits] = await Promise.all([
        ipc.searchArticles(query, { ...filterFor(view), limit: SEARCH_PAGE, offset: null }),
        this.includeStream ? ipc.searchStream(query, STREAM_HITS) : Promise.resolve([]),
      ]);
      if (generation !== this.#generation) return;
      this.hits = hits;
      this.streamHits = streamHits;
      this.complete = hits.length < SEARCH_PAGE;
      this.error = null;
    } catch (error) {
      if (generation === this.#generation) this.error = ipc.messageOf(error);
    } finally {
      if (generation === this.#generation) this.searching = false;
    }
  }

  /** Loads the next page of results of the current query (as the list nears its end). */
  async more(): Promise<void> {
    if (!this.active || this.complete || this.searching || this.#loadingMore) return;
    const view = this.#view();
    if (view.kind === "highlights") return;
    const generation = this.#generation;
    this.#loadingMore = true;
    try {
      const page = await ipc.searchArticles(this.query, {
        ...filterFor(view),
        limit: SEARCH_PAGE,
        offset: this.hits.length,
      });
      if (generation !== this.#generation) return;
      const seen = new Set(this.hits.map((h) => h.article.id));
      this.hits = [...this.hits, ...page.filter((h) => !seen.has(h.article.id))];
      this.complete = page.length < SEARCH_PAGE;
    } catch (error) {
      if (generation === this.#generation) this.error = ipc.messageOf(error);
    } finally {
      this.#loadingMore = false;
    }
  }
}
