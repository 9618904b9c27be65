// How the reader looks: theme, typeface, size and line width. Kept in localStorage, applied as
// data attributes on <html> so the CSS variables in app.css follow.

export type Theme = "auto" | "light" | "dark" | "sepia";
export type Typeface = "serif" | "sans";
export type LineWidth = "narrow" | "medium" | "wide";

export interface ReaderSettings {
  theme: Theme;
  typeface: Typeface;
  size: number;
  width: LineWidth;
}

export const DEFAULT_SETTINGS: ReaderSettings = { theme: "auto", typeface: "serif", size: 19, width: "medium" };
export const SIZES = { min: 14, max: 26 } as const;
const KEY = "tidings.reader";

function load(storage: Storage | undefined): ReaderSettings {
  try {
    const saved = JSON.parse(storage?.getItem(KEY) ?? "null") as Partial<ReaderSettings> | null;
    if (!saved || typeof saved !== "object") return { ...DEFAULT_SETTINGS };
    const theme = (["auto", "light", "dark", "sepia"] as const).find((t) => t === saved.theme);
    const typeface = (["serif", "sans"] as const).find((t) => t === saved.typeface);
    const width = (["narrow", "medium", "wide"] as const).find((t) => t === saved.width);
    const size = typeof saved.size === "number" ? Math.min(SIZES.max, Math.max(SIZES.min, Math.round(saved.size))) : undefined;
    return {
      theme: theme ?? DEFAULT_SETTINGS.theme,
      typeface: typeface ?? DEFAULT_SETTINGS.typeface,
      size: size ?? DEFAULT_SETTINGS.size,
      width: width ?? DEFAULT_SETTINGS.width,
    };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export class Settings {
  value = $state<ReaderSettings>({ ...DEFAULT_SETTINGS });
  #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
    this.value = load(storage);
  }

  update(change: Partial<ReaderSettings>): void {
    const next = { ...this.value, ...change };
    next.size = Math.min(SIZES.max, Math.max(SIZES.min, next.size));
    this.value = next;
    try {
      this.#storage?.setItem(KEY, JSON.stringify(next));
    } catch {
      // A full or disabled storage only loses the preference.
    }
  }

  /** Writes the settings onto `root` (<html>) as data attributes and CSS variables. */
  apply(root: HTMLElement): void {
    root.dataset.theme = this.value.theme;
    root.dataset.typeface = this.value.typeface;
    root.style.setProperty("--reading-size", `${this.value.size}px`);
    root.style.setProperty("--reading-width", { narrow: "34rem", medium: "40rem", wide: "48rem" }[this.value.width]);
  }
}
