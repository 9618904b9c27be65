// Everything the window's components share, made once per window and handed down by context.
import { getContext, setContext } from "svelte";
import type { ClipOutcome } from "../bindings";
import { Clips } from "./clips.svelte";
import { Exports } from "./exports.svelte";
import { Imports } from "./imports.svelte";
import { Library } from "./library.svelte";
import { Reader } from "./reader.svelte";
import { Rules } from "./rules.svelte";
import { Search } from "./search.svelte";
import { Settings } from "./settings.svelte";
import { Stream } from "./stream.svelte";
import { Toasts } from "./toasts.svelte";

export type Pane = "list" | "reader";
export type Overlay =
  | "shortcuts"
  | "reader-settings"
  | "tags"
  | "backups"
  | "stream-settings"
  | "browsers"
  | "bookmarklet"
  | null;

export class AppState {
  toasts = new Toasts();
  settings = new Settings();
  library = new Library(this.toasts);
  reader = new Reader(this.library, this.toasts);
  search = new Search(() => this.library.view);
  exports = new Exports(this.toasts);
  imports = new Imports(this.toasts, () => void this.library.refresh());
  stream = new Stream(this.toasts, () => void this.library.refresh());
  rules = new Rules(this.toasts);
  clips = new Clips((outcome, jump) => void this.#clipped(outcome, jump));

  /** Where the keyboard's j/k and the focus are. */
  pane = $state<Pane>("list");
  overlay = $state<Overlay>(null);
  notesOpen = $state(false);
  /** Bumped to ask the clip field / search field to take the focus. */
  focusClip = $state(0);
  focusSearch = $state(0);
  focusNote = $state(0);
  /** Bumped when an extension asks to pair, so the browsers dialog reloads. */
  pairingRequests = $state(0);
  /** A highlight to bring into view once its article is in the reader. */
  focusHighlight = $state<number | null>(null);

  async #clipped(outcome: ClipOutcome, jump: boolean): Promise<void> {
    await this.library.refresh();
    if (jump) await this.openArticle(outcome.article.id);
  }

  /** Points at an article and shows it in the reader. */
  async openArticle(id: number, how: { extend?: boolean; toggle?: boolean } = {}): Promise<void> {
    this.library.point(id, how);
    if (!how.extend && !how.toggle) await this.reader.open(id);
  }
}

const KEY = Symbol("tidings");

export function provideApp(app: AppState): AppState {
  return setContext(KEY, app);
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error("useApp() outside the app");
  return app;
}
