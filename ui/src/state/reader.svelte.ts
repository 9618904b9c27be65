// The article in the reader: loading it (the latest request wins), and what the user adds to it —
// the Markdown note (saved as they type, after a pause), tags, collections and highlights.
import type { Article, Highlight, HighlightColor } from "../bindings";
import * as ipc from "../ipc";
import type { TextQuote } from "../lib/anchoring";
import type { Library } from "./library.svelte";
import type { Toasts } from "./toasts.svelte";

export type { HighlightColor };

/** The colours a highlight may have, in the toolbar's order: each one the core defines
 * (`HighlightColor`, generated into ../bindings), no other. */
export const HIGHLIGHT_COLORS = ["yellow", "green", "blue", "pink", "purple"] as const satisfies readonly HighlightColor[];
type NotInToolbar = Exclude<HighlightColor, (typeof HIGHLIGHT_COLORS)[number]>;
/** Fails the type check when the core has a colour the toolbar lacks. */
export type EveryColorInTheToolbar<T extends never = NotInToolbar> = T;

/** Pause in typing after which a note is saved, in milliseconds. */
export const NOTE_SAVE_DELAY_MS = 600;

export class Reader {
  article = $state<Article | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The note as typed; `noteSaved` says whether the library has it. */
  note = $state("");
  noteSaved = $state(true);
  refreshing = $state(false);

  #requested: number | null = null;
  #noteTimer: ReturnType<typeof setTimeout> | null = null;
  /** The note as the library had it when the editor last loaded or saved it. */
  #noteBase = "";
  #library: Library;
  #toasts: Toasts;

  constructor(library: Library, toasts: Toasts) {
    this.#library = library;
    this.#toasts = toasts;
  }

  /** Loads article `id`. (Reading it changes nothing: the user marks it read or archives it.) */
  async open(id: number): Promise<void> {
    if (this.#requested === id && (this.article?.id === id || this.loading)) return;
    await this.flushNote();
    this.#requested = id;
    this.loading = true;
    this.error = null;
    try {
      const article = await ipc.getArticle(id);
      if (this.#requested !== id) return;
      this.#show(article);
    } catch (error) {
      if (this.#requested !== id) return;
      this.article = null;
      this.error = ipc.messageOf(error);
    } finally {
      if (this.#requested === id) this.loading = false;
    }
  }

  close(): void {
    void this.flushNote();
    this.#requested = null;
    this.article = null;
    this.error = null;
  }

  #show(article: Article): void {
    this.article = article;
    this.note = article.note?.body ?? "";
    this.#noteBase = this.note;
    this.noteSaved = true;
  }

  /** Reloads the open article (after a change made elsewhere). */
  async reload(): Promise<void> {
    const id = this.article?.id;
    if (id === undefined) return;
    try {
      const article = await ipc.getArticle(id);
      if (this.article?.id === id) {
        const typing = !this.noteSaved;
        const note = this.note;
        const base = this.#noteBase;
        this.#show(article);
        if (typing) {
          this.note = note;
          this.#noteBase = base;
          this.noteSaved = false;
        }
      }
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
    }
  }

  /** Fetches the page again and re-extracts it; highlights are re-anchored. A page captured in
   *  the browser is refused (a fetch would not see what the reader saw) unless `force`, which the
   *  refusal's toast offers. */
  async refresh(force = false): Promise<void> {
    const article = this.article;
    if (!article) return;
    this.refreshing = true;
    try {
      const report = await ipc.refreshArticle(ipc.newJobId(), article.id, force);
      await Promise.all([this.reload(), this.#library.refresh()]);
      const parts = [];
      if (report.highlights_kept > 0) parts.push(`${report.highlights_kept} highlights in place`);
      if (report.highlights_moved > 0) parts.push(`${report.highlights_moved} moved with their text`);
      if (report.highlights_orphaned > 0) parts.push(`${report.highlights_orphaned} no longer found`);
      this.#toasts.show(`Refreshed from the web${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`);
    } catch (error) {
      const anyway = article.captured_in_browser && !force ? { label: "Refresh anyway", run: () => void this.refresh(true) } : undefined;
      this.#toasts.error(`Could not refresh: ${ipc.messageOf(error)}`, anyway);
    } finally {
      this.refreshing = false;
    }
  }

  // ---- the note --------------------------------------------------------------------------------

  /** Takes the note as typed; it is saved after a pause. */
  editNote(body: string): void {
    this.note = body;
    this.noteSaved = false;
    if (this.#noteTimer) clearTimeout(this.#noteTimer);
    this.#noteTimer = setTimeout(() => void this.flushNote(), NOTE_SAVE_DELAY_MS);
  }

  /** Saves the note now if it changed. */
  async flushNote(): Promise<void> {
    if (this.#noteTimer) clearTimeout(this.#noteTimer);
    this.#noteTimer = null;
    const article = this.article;
    if (!article || this.noteSaved) return;
    const body = this.note;
    try {
      const stored = await ipc.setNote(article.id, body, this.#noteBase);
      if (this.article?.id === article.id) {
        this.#noteBase = stored;
        if (this.note === body) {
          // Another writer's addition, kept by the library, shows in the editor too.
          if (stored !== body.trim()) this.note = stored;
          this.noteSaved = true;
        }
      }
    } catch (error) {
      this.#toasts.error(`The note was not saved: ${ipc.messageOf(error)}`);
    }
  }

  // ---- tags and collections --------------------------------------------------------------------

  async addTags(tags: string[]): Promise<void> {
    const article = this.article;
    const clean = tags.map((t) => t.trim().replace(/^#/, "")).filter(Boolean);
    if (!article || clean.length === 0) return;
    try {
      await ipc.addTags(article.id, clean);
      await Promise.all([this.reload(), this.#library.refreshSidebar()]);
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
    }
  }

  async removeTag(tag: string): Promise<void> {
    const article = this.article;
    if (!article) return;
    try {
      await ipc.removeTags(article.id, [tag]);
      await Promise.all([this.reload(), this.#library.refresh()]);
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
    }
  }

  async addToCollection(name: string): Promise<void> {
    const article = this.article;
    if (!article) return;
    if (await this.#library.addToCollection(name, [article.id])) await this.reload();
  }

  async removeFromCollection(name: string): Promise<void> {
    const article = this.article;
    if (!article) return;
    try {
      await ipc.removeFromCollection(name, [article.id]);
      await Promise.all([this.reload(), this.#library.refresh()]);
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
    }
  }

  // ---- highlights ------------------------------------------------------------------------------

  async highlight(quote: TextQuote, color: HighlightColor, note: string | null = null): Promise<Highlight | null> {
    const article = this.article;
    if (!article) return null;
    try {
      const created = await ipc.addHighlight(article.id, { ...quote, color, note });
      if (this.article?.id === article.id) {
        this.article = { ...this.article, highlights: [...this.article.highlights, created] };
      }
      return created;
    } catch (error) {
      this.#toasts.error(`Could not highlight: ${ipc.messageOf(error)}`);
      return null;
    }
  }

  async updateHighlight(id: number, change: { color?: HighlightColor; note?: string }): Promise<void> {
    try {
      const updated = await ipc.updateHighlight(id, { color: change.color ?? null, note: change.note ?? null });
      if (this.article) {
        this.article = {
          ...this.article,
          highlights: this.article.highlights.map((h) => (h.id === id ? updated : h)),
        };
      }
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
    }
  }

  async deleteHighlight(id: number): Promise<void> {
    try {
      await ipc.deleteHighlight(id);
      if (this.article) {
        this.article = { ...this.article, highlights: this.article.highlights.filter((h) => h.id !== id) };
      }
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
    }
  }
}
