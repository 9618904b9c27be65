// The UI's CSS must work in all three webviews: WebKitGTK (Linux, the one the end-to-end tests
// drive), WKWebView (macOS: Safari's engine) and WebView2 (Windows: Chromium). This lint reads
// every stylesheet and <style> block under ui/src and checks two rules:
//  1. a vendor-prefixed property or pseudo-element is one the list below explains;
//  2. a property that Safari before 18 knows only with its -webkit- prefix has that prefix beside
//     it in the same rule (without it the effect silently disappears on older macOS).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../ui/src");

/** Vendor-prefixed names in use, and why each is safe in all three webviews. */
const EXPLAINED = {
  "-webkit-font-smoothing": "macOS only; the other engines ignore it (no effect, no harm)",
  "-webkit-appearance": "supported by WebKit and Chromium alike",
  "-webkit-line-clamp": "the one way to clamp lines; WebKit and Chromium both implement it",
  "-webkit-box-orient": "needed by -webkit-line-clamp; WebKit and Chromium both implement it",
  "-webkit-backdrop-filter": "Safari before 18 knows backdrop-filter only under this name",
  "-webkit-user-select": "Safari knows user-select only under this name",
  "::-webkit-search-cancel-button": "WebKit and Chromium both draw a cancel button in search fields",
};

/** Properties Safari < 18 supports only prefixed: the unprefixed one needs its companion. */
const NEEDS_WEBKIT_COMPANION = ["backdrop-filter", "user-select"];

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return /\.(css|svelte)$/.test(entry.name) ? [full] : [];
  });
}

function styles(file) {
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".css")) return [text];
  return [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? "");
}

/** Each rule's declarations (the text between a `{` and the next `{` or `}`), comments removed. */
function ruleBodies(css) {
  const bare = css.replace(/\/\*[\s\S]*?\*\//g, "");
  return bare.split(/[{}]/);
}

function check(sheets) {
  const problems = [];
  for (const { file, css } of sheets) {
    const bare = css.replace(/\/\*[\s\S]*?\*\//g, "");
    for (const m of bare.matchAll(/(::?-(?:webkit|moz|ms)-[a-z-]+|(?<![a-z-])-(?:webkit|moz|ms)-[a-z-]+(?=\s*:))/g)) {
      if (!(m[1] in EXPLAINED)) problems.push(`${file}: ${m[1]} is not explained in css-portability`);
    }
    for (const body of ruleBodies(css)) {
      for (const property of NEEDS_WEBKIT_COMPANION) {
        const plain = new RegExp(`(^|[;\\s])${property}\\s*:`).test(body);
        const prefixed = new RegExp(`-webkit-${property}\\s*:`).test(body);
        if (plain && !prefixed) problems.push(`${file}: ${property} without -webkit-${property}`);
      }
    }
  }
  return problems;
}

test("the UI's CSS stays within what WebKitGTK, WKWebView and WebView2 all support", () => {
  const sheets = files(UI).flatMap((file) =>
    styles(file).map((css) => ({ file: path.relative(UI, file), css })),
  );
  assert.ok(sheets.length > 10, "found the UI's stylesheets");
  assert.deepEqual(check(sheets), []);
});

test("the lint catches an unexplained prefix and a missing -webkit- companion", () => {
  const problems = check([
    { file: "a.css", css: ".x { -moz-osx-font-smoothing: auto; }" },
    { file: "b.css", css: ".y { backdrop-filter: blur(2px); }\n.z { -webkit-backdrop-filter: blur(1px); backdrop-filter: blur(1px); }" },
  ]);
  assert.deepEqual(problems, [
    "a.css: -moz-osx-font-smoothing is not explained in css-portability",
    "b.css: backdrop-filter without -webkit-backdrop-filter",
  ]);
});
