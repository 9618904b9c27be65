// The built content script's page preparation, in jsdom (fast, and every rule on its own):
// lazy sources, placeholders, <noscript> images, scripts, and the live page left as it was.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { JSDOM } from "jsdom";

const script = readFileSync(path.resolve(import.meta.dirname, "../../target/extension/chromium/content.js"), "utf8");
const BLANK_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";

/** Loads `body` at https://news.example/a/story, runs the content script, and captures. */
function capture(body, mode = "page", select) {
  const dom = new JSDOM(`<!DOCTYPE html><html><head><title>Story</title></head><body>${body}</body></html>`, {
    url: "https://news.example/a/story",
    runScripts: "outside-only",
  });
  const { window } = dom;
  const before = window.document.documentElement.outerHTML;
  if (select) {
    const range = window.document.createRange();
    range.selectNodeContents(window.document.querySelector(select));
    window.getSelection().addRange(range);
  }
  window.eval(script);
  window.eval(script); // injected twice into one tab: no clash
  const result = window.tidingsCapture(mode);
  assert.equal(window.document.documentElement.outerHTML, before, "the live page was changed");
  const parsed = new JSDOM(result.ok ? (mode === "page" ? result.html : result.selectionHtml) : "").window.document;
  return { result, doc: parsed };
}

const srcs = (doc) => Array.from(doc.querySelectorAll("img"), (i) => i.getAttribute("src"));

test("a lazy image gets its real source, made absolute", () => {
  const { doc } = capture(
    `<img src="${BLANK_GIF}" data-src="/img/one.png"><img data-original="two.jpg">` +
      `<img src="${BLANK_GIF}" data-srcset="/s.png 1x, /l.png 2x">`,
  );
  assert.deepEqual(srcs(doc).slice(0, 2), ["https://news.example/img/one.png", "https://news.example/a/two.jpg"]);
  const third = doc.querySelectorAll("img")[2];
  assert.equal(third.getAttribute("srcset"), "https://news.example/s.png 1x, https://news.example/l.png 2x");
  assert.equal(third.hasAttribute("src"), false, "the placeholder stays as the source");
});

test("placeholders and 1×1 pixels with no real source are dropped; real images stay", () => {
  const { doc } = capture(
    `<img src="${BLANK_GIF}"><img src=""><img src="/t.gif" width="1" height="1">` +
      `<img src="/photo.jpg" width="640" height="480">`,
  );
  assert.deepEqual(srcs(doc), ["https://news.example/photo.jpg"]);
});

test("a <noscript> image comes back, in place of the placeholder before it", () => {
  const { doc } = capture(
    `<figure><img src="${BLANK_GIF}" class="lazy"><noscript><img src="/real.png" alt="Real"></noscript></figure>` +
      `<noscript><p>Enable scripts</p></noscript>`,
  );
  assert.deepEqual(srcs(doc), ["https://news.example/real.png"]);
  assert.equal(doc.querySelector("figure img").getAttribute("alt"), "Real");
  assert.equal(doc.querySelectorAll("figure noscript").length, 0);
});

test("a picture's lazy sources get their srcset", () => {
  const { doc } = capture(
    `<picture><source data-srcset="/w.webp" type="image/webp"><img src="/fallback.jpg"></picture>`,
  );
  assert.equal(doc.querySelector("source").getAttribute("srcset"), "https://news.example/w.webp");
});

test("scripts are dropped except JSON-LD; the URL and title are the page's", () => {
  const { result, doc } = capture(
    `<script>window.x = 1</script><script type="application/ld+json">{"@type":"NewsArticle"}</script><p>Text</p>`,
  );
  assert.equal(result.url, "https://news.example/a/story");
  assert.equal(result.title, "Story");
  assert.equal(result.selectionHtml, null);
  assert.deepEqual(
    Array.from(doc.querySelectorAll("script"), (s) => s.getAttribute("type")),
    ["application/ld+json"],
  );
});

test("a selection is serialised with its images prepared; none selected is one line", () => {
  const { result, doc } = capture(
    `<p>Before</p><div id="chosen"><p>Chosen words</p><img src="${BLANK_GIF}" data-src="/c.png"></div>`,
    "selection",
    "#chosen",
  );
  assert.ok(result.ok);
  assert.ok(result.html.includes("Before"), "the whole page is sent too");
  assert.ok(!result.selectionHtml.includes("Before"));
  assert.ok(result.selectionHtml.includes("Chosen words"));
  assert.deepEqual(srcs(doc), ["https://news.example/c.png"]);
  const none = capture("<p>Nothing chosen</p>", "selection").result;
  // (An object of the page's realm: compared field by field.)
  assert.deepEqual([none.ok, none.message], [false, "Nothing is selected on this page"]);
});
