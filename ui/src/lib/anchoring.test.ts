import { describe, expect, it } from "vitest";
import { findQuote, paintQuote, quoteFromRange, readerText, unwrapAll } from "./anchoring";

function content(html: string): HTMLElement {
  const root = document.createElement("div");
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return root;
}

function rangeOver(root: HTMLElement, text: string, occurrence = 0): Range {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    let at = node.data.indexOf(text);
    while (at >= 0) {
      if (seen++ === occurrence) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        return range;
      }
      at = node.data.indexOf(text, at + 1);
    }
  }
  throw new Error(`${text} not found`);
}

function mark(color = "yellow") {
  return () => {
    const m = document.createElement("mark");
    m.className = "hl";
    m.dataset.color = color;
    return m;
  };
}

describe("quoteFromRange", () => {
  it("takes the selected text and up to 32 characters on each side", () => {
    const root = content("<p>The Rust team released version 1.95 today, and the headline feature is async closures.</p>");
    const quote = quoteFromRange(root, rangeOver(root, "headline feature"));
    expect(quote).toEqual({
      exact: "headline feature",
      prefix: "team released version 1.95 today, and the ".slice(-32),
      suffix: " is async closures.",
    });
  });

  it("spans elements and separates blocks by a line break", () => {
    const root = content("<p>First <em>para</em>graph.</p><p>Second one.</p>");
    const range = document.createRange();
    range.setStart(root.querySelector("em")!.firstChild!, 0);
    range.setEnd(root.querySelectorAll("p")[1]!.firstChild!, 6);
    expect(quoteFromRange(root, range)?.exact).toBe("paragraph.\nSecond");
    expect(readerText(root)).toBe("First paragraph.\nSecond one.");
  });

  it("trims the spaces a selection picks up, and gives nothing for a blank one", () => {
    const root = content("<p>one two three</p>");
    expect(quoteFromRange(root, rangeOver(root, " two "))?.exact).toBe("two");
    expect(quoteFromRange(root, rangeOver(root, " "))).toBeNull();
  });
});

describe("findQuote", () => {
  it("uses prefix and suffix to choose between repeats", () => {
    const text = "async closures here; and async closures there";
    expect(findQuote(text, { exact: "async closures", prefix: "and ", suffix: " there" })).toEqual([25, 39]);
    expect(findQuote(text, { exact: "async closures", prefix: "", suffix: " here" })).toEqual([0, 14]);
  });

  it("ignores whitespace differences, and finds nothing when the text is gone", () => {
    const text = "closures that\n      return futures";
    expect(findQuote(text, { exact: "closures that return futures", prefix: "", suffix: "" })).toEqual([0, text.length]);
    expect(findQuote(text, { exact: "generators", prefix: "", suffix: "" })).toBeNull();
  });
});

describe("paintQuote", () => {
  it("wraps the quote across elements and leaves the text unchanged", () => {
    const root = content("<p>Async <code>closures</code> are stable. Async closures are fast.</p>");
    const before = root.textContent;
    const marks = paintQuote(root, { exact: "Async closures are fast", prefix: "are stable. ", suffix: "." }, mark("green"));
    expect(marks.map((m) => m.textContent).join("")).toBe("Async closures are fast");
    expect(root.textContent).toBe(before);
    expect(root.querySelectorAll("mark.hl[data-color=green]")).toHaveLength(1);

    const across = paintQuote(root, { exact: "Async closures are stable", prefix: "", suffix: "" }, mark());
    expect(across.map((m) => m.textContent)).toEqual(["Async ", "closures", " are stable"]);
    expect(root.querySelector("code mark")?.textContent).toBe("closures");
  });

  it("leaves whitespace between table cells alone, and unwraps to the original text", () => {
    const root = content("<table><tr><td>a b</td>\n<td>c d</td></tr></table>");
    const marks = paintQuote(root, { exact: "b c", prefix: "", suffix: "" }, mark());
    expect(marks.map((m) => m.textContent)).toEqual(["b", "c"]);
    expect(root.querySelector("tr > mark")).toBeNull();
    unwrapAll(root, "mark.hl");
    expect(root.querySelector("mark")).toBeNull();
    expect(root.innerHTML).toBe("<table><tbody><tr><td>a b</td>\n<td>c d</td></tr></tbody></table>");
  });

  it("paints nothing when the quote is not in the text", () => {
    const root = content("<p>Nothing to see.</p>");
    expect(paintQuote(root, { exact: "something else", prefix: "", suffix: "" }, mark())).toEqual([]);
  });
});
