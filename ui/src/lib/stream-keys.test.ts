import { describe, expect, it } from "vitest";
import { STREAM_SHORTCUTS, streamActionFor } from "./stream-keys";

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, ...init });
  Object.defineProperty(event, "target", { value: target });
  return event;
}

describe("the stream's keys", () => {
  it("maps each key the help lists to its action", () => {
    expect(streamActionFor(press("j"))).toBe("next");
    expect(streamActionFor(press("ArrowDown"))).toBe("next");
    expect(streamActionFor(press("k"))).toBe("previous");
    expect(streamActionFor(press("o"))).toBe("open");
    expect(streamActionFor(press("Enter"))).toBe("open");
    expect(streamActionFor(press("s"))).toBe("keep");
    expect(streamActionFor(press("x"))).toBe("dismiss");
    expect(streamActionFor(press("X", { shiftKey: true }))).toBe("dismiss-above");
    expect(streamActionFor(press("u"))).toBe("toggle-seen");
    expect(streamActionFor(press("v"))).toBe("open-original");
    expect(streamActionFor(press("r"))).toBe("refresh");
    expect(streamActionFor(press("Escape"))).toBe("close");
    expect(new Set(STREAM_SHORTCUTS.map((s) => s.action)).size).toBe(STREAM_SHORTCUTS.length);
  });

  it("leaves typing, modified keys, and Enter on a control alone", () => {
    const input = document.createElement("input");
    expect(streamActionFor(press("x", {}, input))).toBeNull();
    expect(streamActionFor(press("s", { ctrlKey: true }))).toBeNull();
    expect(streamActionFor(press("a"))).toBeNull();
    const button = document.createElement("button");
    expect(streamActionFor(press("Enter", {}, button))).toBeNull();
    expect(streamActionFor(press("o", {}, button))).toBe("open");
  });
});
