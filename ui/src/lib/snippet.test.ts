import { describe, expect, it } from "vitest";
import { snippetParts } from "./snippet";

describe("snippetParts", () => {
  it("splits marked words from the rest", () => {
    expect(snippetParts("…the [async] [closures] are here")).toEqual([
      { text: "…the ", match: false },
      { text: "async", match: true },
      { text: " ", match: false },
      { text: "closures", match: true },
      { text: " are here", match: false },
    ]);
  });

  it("copes with no marks, an unclosed mark and empty marks", () => {
    expect(snippetParts("plain")).toEqual([{ text: "plain", match: false }]);
    expect(snippetParts("a [b")).toEqual([
      { text: "a ", match: false },
      { text: "b", match: true },
    ]);
    expect(snippetParts("[]x")).toEqual([{ text: "x", match: false }]);
    expect(snippetParts("")).toEqual([]);
  });
});
