import { describe, expect, it } from "vitest";
import { actionFor, SHORTCUTS } from "./keys";

function key(k: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key: k, bubbles: true, ...init });
  Object.defineProperty(event, "target", { value: target });
  return event;
}

describe("actionFor", () => {
  it("maps the single keys of the help to their actions", () => {
    expect(actionFor(key("j"))).toBe("next");
    expect(actionFor(key("k"))).toBe("previous");
    expect(actionFor(key("o"))).toBe("open");
    expect(actionFor(key("Enter"))).toBe("open");
    expect(actionFor(key("u"))).toBe("back");
    expect(actionFor(key("a"))).toBe("archive");
    expect(actionFor(key("s"))).toBe("star");
    expect(actionFor(key("h"))).toBe("highlight");
    expect(actionFor(key("e"))).toBe("export");
    expect(actionFor(key("/"))).toBe("search");
    expect(actionFor(key("?"))).toBe("shortcuts");
    expect(actionFor(key("l", { ctrlKey: true }))).toBe("clip");
    expect(actionFor(key("f", { ctrlKey: true }))).toBe("search");
  });

  it("lets text fields keep their letters, but not the modifier shortcuts or Esc", () => {
    const input = document.createElement("input");
    const textarea = document.createElement("textarea");
    expect(actionFor(key("j", {}, input))).toBeNull();
    expect(actionFor(key("a", {}, textarea))).toBeNull();
    expect(actionFor(key("a", { ctrlKey: true }, input))).toBeNull();
    expect(actionFor(key("z", { ctrlKey: true }, textarea))).toBeNull();
    expect(actionFor(key("l", { ctrlKey: true }, input))).toBe("clip");
    expect(actionFor(key("Escape", {}, input))).toBe("escape");
    const checkbox = document.createElement("input");
    checkbox.type = "checkbox";
    expect(actionFor(key("j", {}, checkbox))).toBe("next");
  });

  it("ignores letters with Alt or a modifier it does not know", () => {
    expect(actionFor(key("j", { altKey: true }))).toBeNull();
    expect(actionFor(key("q", { ctrlKey: true }))).toBeNull();
  });

  it("documents every action it can return", () => {
    const documented = new Set(SHORTCUTS.map((s) => s.action));
    for (const k of ["j", "k", "o", "u", "x", "J", "K", "m", "a", "s", "#", "h", "n", "t", "v", "e", "/", "?", "Escape", "F1"]) {
      const action = actionFor(key(k));
      expect(action, k).not.toBeNull();
      if (action !== "extend-previous") expect(documented.has(action!), `${k} → ${action}`).toBe(true);
    }
  });
});
