import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, SIZES, Settings } from "./settings.svelte";

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(initial));
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

describe("Settings", () => {
  it("starts from the defaults, following the OS theme", () => {
    expect(new Settings(memoryStorage()).value).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.theme).toBe("auto");
  });

  it("remembers changes, within bounds", () => {
    const storage = memoryStorage();
    const settings = new Settings(storage);
    settings.update({ theme: "sepia", size: 99 });
    expect(settings.value.size).toBe(SIZES.max);
    expect(new Settings(storage).value).toMatchObject({ theme: "sepia", size: SIZES.max });
  });

  it("ignores what it cannot read", () => {
    const storage = memoryStorage({ "tidings.reader": '{"theme":"neon","size":"big","width":"wide"}' });
    expect(new Settings(storage).value).toEqual({ ...DEFAULT_SETTINGS, width: "wide" });
    expect(new Settings(memoryStorage({ "tidings.reader": "{not json" })).value).toEqual(DEFAULT_SETTINGS);
  });

  it("applies itself to the document", () => {
    const settings = new Settings(memoryStorage());
    settings.update({ theme: "dark", typeface: "sans", width: "narrow", size: 17 });
    const root = document.createElement("html");
    settings.apply(root);
    expect(root.dataset).toMatchObject({ theme: "dark", typeface: "sans" });
    expect(root.style.getPropertyValue("--reading-size")).toBe("17px");
    expect(root.style.getPropertyValue("--reading-width")).toBe("34rem");
  });
});
