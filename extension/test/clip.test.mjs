// The built extension in Debian's Chromium, against `tidings serve` on a temporary library:
// paired through its options page and `tidings token accept`, it clips a page whose article a
// script writes and a page shown only with a cookie, which a plain fetch of either cannot get,
// and a selection; a web page's own requests to the API are refused, storing nothing; unpairing
// forgets the token.
// Run by `make test-extension` after `make extension` and `cargo build -p tidings-cli`.

import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { chromium } from "playwright-core";

const repo = path.resolve(import.meta.dirname, "../..");
const extensionDir = path.join(repo, "target/extension/chromium");
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(repo, process.env.CARGO_TARGET_DIR) : path.join(repo, "target");
const tidingsBin = process.env.TIDINGS_BIN ?? path.join(targetDir, "debug/tidings");
const chromiumBin = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** How long any one awaited condition may take. */
const WAIT_MS = 20_000;

const SCRIPTED_MARKER = "Only a script running in the browser writes this sentence about borrow checking.";
const MEMBERS_MARKER = "Only a signed-in reader sees this sentence about incremental compilation.";
const SELECTED =
  "The selected passage explains why the borrow checker rejects this loop: a second mutable " +
  "borrow would alias the first, so the compiler suggests splitting the slice and borrowing each half.";
const ATTACK_MARKER = "A hostile page tried to store this sentence.";
/** A real 1×1 GIF: a spacer only the browser, having loaded it, can tell from a picture. */
const SPACER_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const COOKIE = { name: "tidings_test_session", value: "signed-in-reader" };

const paragraph =
  "Compilers reward patience: every pass over the program narrows what the next one must " +
  "consider, and the checks that feel slow at first are the ones that catch the mistakes " +
  "nobody would find by reading the code alone. ";

function article(title, marker) {
  const body = [marker, paragraph.repeat(3), paragraph.repeat(2), paragraph.repeat(3), paragraph]
    .map((p) => `<p>${p}</p>`)
    .join("");
  return `<h1>${title}</h1>${body}`;
}

/** The page server: what a reader's browser sees, and what a plain fetch gets. */
function pages() {
  const scriptedArticle = article("Written by a script", SCRIPTED_MARKER);
  const routes = {
    // The article is only in the script's string, split so that the raw page never holds it.
    "/scripted": () => `<!DOCTYPE html><html><head><title>Written by a script</title></head><body>
      <nav><a href="/">Home</a></nav>
      <div id="app"><p class="spinner">Loading…</p></div>
      <script>
        const parts = ${JSON.stringify(scriptedArticle.match(/.{1,40}/gs))};
        document.getElementById("app").innerHTML =
          "<article>" + parts.join("") +
          '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/lazy.png" alt="A chart">' +
          '<img src="/img/spacer.gif" alt="">' +
          '<noscript><img src="/img/figure.png" alt="A figure"></noscript>' +
          "</article>";
      </script></body></html>`,
    "/members": (req) =>
      (req.headers.cookie ?? "").includes(`${COOKIE.name}=${COOKIE.value}`)
        ? `<!DOCTYPE html><html><head><title>For members only</title></head><body>
           <article>${article("For members only", MEMBERS_MARKER)}</article></body></html>`
        : `<!DOCTYPE html><html><head><title>Sign in</title></head><body>
           <form><p>Sign in to read this article.</p><input name="user"></form></body></html>`,
    "/selection": () => `<!DOCTYPE html><html><head><title>A long page</title></head><body><article>
      <h1>A long page</h1><p>Unselected opening: ${paragraph}</p><p id="chosen">${SELECTED}</p>
      <p>Unselected closing: ${paragraph}</p></article></body></html>`,
    "/attack": () => "<!DOCTYPE html><html><head><title>Any web page</title></head><body><p>Nothing here.</p></body></html>",
  };
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    if (pathname === "/img/spacer.gif") {
      res.writeHead(200, { "Content-Type": "image/gif" }).end(SPACER_GIF);
      return;
    }
    const route = routes[pathname];
    if (!route) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(route(req));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const run = promisify(execFile);

/** `tidings --library LIB ARGS…`: its stdout, or a one-line failure with its stderr. */
async function tidings(...args) {
  try {
    const { stdout } = await run(tidingsBin, ["--library", library, ...args], { timeout: WAIT_MS });
    return stdout;
  } catch (e) {
    throw new Error(`tidings ${args.join(" ")} failed: ${String(e.stderr ?? e.message).trim()}`);
  }
}

async function tidingsJson(...args) {
  return JSON.parse(await tidings(...args, "--json"));
}

/** Starts `tidings serve` and resolves with its port once it says it is listening. */
function serve() {
  const child = spawn(tidingsBin, ["--library", library, "serve"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const port = new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`tidings serve did not start: ${stderr.trim()}`)), WAIT_MS);
    child.stdout.on("data", (d) => {
      stdout += d;
      const found = /http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.on("exit", (code) => reject(new Error(`tidings serve exited (${code}): ${stderr.trim()}`)));
  });
  return { child, port };
}

let dir, library, site, siteBase, server, apiPort, context, extensionId, worker;

before(async () => {
  assert.ok(existsSync(path.join(extensionDir, "manifest.json")), `no built extension in ${extensionDir}: run make extension`);
  assert.ok(existsSync(tidingsBin), `no ${tidingsBin}: run cargo build -p tidings-cli`);
  dir = await mkdtemp(path.join(tmpdir(), "tidings-extension-"));
  library = path.join(dir, "library.sqlite3");
  site = await pages();
  siteBase = `http://127.0.0.1:${site.address().port}`;
  server = serve();
  apiPort = await server.port;
  context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
    executablePath: chromiumBin,
    headless: true,
    timeout: WAIT_MS,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  context.setDefaultTimeout(WAIT_MS);
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: WAIT_MS }));
  extensionId = new URL(worker.url()).host;
  await context.addCookies([{ ...COOKIE, url: siteBase }]);
});

after(async () => {
  await context?.close();
  if (server?.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    await exited;
  }
  await new Promise((resolve) => (site ? site.close(resolve) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The id Chromium gives the tab showing `url`. */
async function tabId(url) {
  const id = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
  assert.ok(id, `no tab shows ${url}`);
  return id;
}

/** Opens the popup for the tab showing `url` and waits until it can clip. */
async function popupFor(url) {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${await tabId(url)}`);
  await popup.waitForSelector("#clip-form[data-ready=true]");
  return popup;
}

/** Clicks a clip button in the popup and returns the outcome it shows: [state, text]. */
async function clipIn(popup, button) {
  // Forget the previous outcome, so only this clip's can match.
  await popup.$eval("#status", (s) => (s.dataset.state = ""));
  await popup.click(button);
  const done = await popup.waitForSelector('#status:is([data-state=saved], [data-state=already], [data-state=failed])');
  return [await done.getAttribute("data-state"), (await done.textContent()) ?? ""];
}

test("the extension pairs, clips what the browser shows, and a web page cannot use the API", { timeout: 180_000 }, async (t) => {
  await t.test("pairs through the options page and tidings token accept", async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.waitForSelector("#pair-form:not([hidden])");
    await options.fill("#name", "Chromium under test");
    await options.fill("#port", String(apiPort));
    await options.click("#pair");
    const code = await (await options.waitForSelector("#waiting:not([hidden]) #code:not(:empty)")).textContent();
    assert.match(code ?? "", /^[A-Z0-9]{6}$/);
    const waiting = await tidingsJson("token", "pairings");
    assert.deepEqual(
      waiting.map((p) => [p.code, p.name, p.origin]),
      [[code, "Chromium under test", `chrome-extension://${extensionId}`]],
    );
    assert.match(await tidings("token", "accept", code), /Accepted Chromium under test/);
    await options.waitForSelector("#status[data-state=paired]");
    assert.match(await options.textContent("#paired-text"), new RegExp(`port ${apiPort}`));
    const tokens = await tidingsJson("token", "list");
    assert.deepEqual(
      tokens.map((tok) => [tok.name, tok.origin]),
      [["Chromium under test", `chrome-extension://${extensionId}`]],
    );
    await options.close();
  });

  await t.test("clips a page whose article a script wrote, with a tag and a collection", async () => {
    const tab = await context.newPage();
    await tab.goto(`${siteBase}/scripted`);
    await tab.waitForSelector("article h1");
    await tab.waitForFunction(() => Array.from(document.images).some((i) => i.complete && i.naturalWidth === 1));
    const popup = await popupFor(`${siteBase}/scripted`);
    await popup.fill("#new-tags", "from-browser, test");
    await popup.fill("#collection", "Clipped in tests");
    const [state, text] = await clipIn(popup, "#clip-page");
    assert.equal(state, "saved", text);
    assert.equal(text, "Saved: Written by a script");
    await popup.close();
    await tab.close();
  });

  await t.test("clips a page shown only with a cookie; the popup then offers the library's tags", async () => {
    const tab = await context.newPage();
    await tab.goto(`${siteBase}/members`);
    await tab.waitForSelector("article h1");
    const popup = await popupFor(`${siteBase}/members`);
    const offered = await popup.$$eval("#tags input", (boxes) => boxes.map((b) => b.value));
    assert.deepEqual(offered.sort(), ["from-browser", "test"]);
    const collections = await popup.$$eval("#collections option", (o) => o.map((c) => c.value));
    assert.deepEqual(collections, ["Clipped in tests"]);
    await popup.check('#tags input[value="from-browser"]');
    const [state, text] = await clipIn(popup, "#clip-page");
    assert.equal(state, "saved", text);
    assert.equal(text, "Saved: For members only");
    // Again: the library has it already, and the popup says so.
    const [again, againText] = await clipIn(popup, "#clip-page");
    assert.equal(again, "already", againText);
    assert.equal(againText, "Already in your library: For members only");
    await popup.close();
    await tab.close();
  });

  await t.test("the library holds both articles' text, which a plain fetch does not get", async () => {
    const listed = await tidingsJson("list");
    assert.equal(listed.length, 2, JSON.stringify(listed));
    const byTitle = Object.fromEntries(
      await Promise.all(listed.map(async (a) => [a.title, await tidingsJson("show", String(a.id))])),
    );
    const scripted = byTitle["Written by a script"];
    const members = byTitle["For members only"];
    assert.ok(scripted && members, Object.keys(byTitle).join(", "));
    assert.ok(scripted.text.includes(SCRIPTED_MARKER), scripted.text);
    assert.ok(members.text.includes(MEMBERS_MARKER), members.text);
    assert.ok(!scripted.text.includes("Loading"), scripted.text);
    assert.deepEqual(scripted.tags.sort(), ["from-browser", "test"]);
    assert.deepEqual(scripted.collections, ["Clipped in tests"]);
    assert.deepEqual(members.tags, ["from-browser"]);
    assert.equal(scripted.url, `${siteBase}/scripted`);
    // The content script gave the lazy image its real source, dropped the spacer it saw was
    // 1×1, and put back the image the page kept in <noscript>.
    assert.ok(scripted.content_html.includes(`${siteBase}/img/lazy.png`), scripted.content_html);
    assert.ok(!scripted.content_html.includes("data:image/gif"), scripted.content_html);
    assert.ok(!scripted.content_html.includes("spacer.gif"), scripted.content_html);
    assert.ok(scripted.content_html.includes(`${siteBase}/img/figure.png`), scripted.content_html);

    for (const [route, marker] of [["/scripted", SCRIPTED_MARKER], ["/members", MEMBERS_MARKER]]) {
      const raw = await (await fetch(`${siteBase}${route}`)).text();
      assert.ok(raw.length > 0);
      assert.ok(!raw.includes(marker), `a plain fetch of ${route} holds the article`);
    }
  });

  await t.test("clips only the selection with Clip selection", async () => {
    const tab = await context.newPage();
    await tab.goto(`${siteBase}/selection`);
    await tab.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("chosen"));
      getSelection()?.addRange(range);
    });
    const popup = await popupFor(`${siteBase}/selection`);
    const [state, text] = await clipIn(popup, "#clip-selection");
    assert.equal(state, "saved", text);
    assert.equal(text, "Saved: A long page");
    const clipped = (await tidingsJson("list")).find((a) => a.url === `${siteBase}/selection`);
    assert.ok(clipped, "the selection's page is not in the library");
    const shown = await tidingsJson("show", String(clipped.id));
    assert.ok(shown.text.includes("borrowing each half"), shown.text);
    assert.ok(!shown.text.includes("Unselected"), shown.text);
    await popup.close();
    await tab.close();
  });

  await t.test("a web page's own requests to the API are refused and store nothing", async () => {
    const before = await tidingsJson("list");
    const page = await context.newPage();
    await page.goto(`${siteBase}/attack`);
    const outcomes = await page.evaluate(
      async ({ api, body }) => {
        const attempt = async (path, init) => {
          try {
            const r = await fetch(api + path, init);
            return r.type === "opaque" ? "opaque" : `read ${r.status}`;
          } catch {
            return "refused";
          }
        };
        return {
          // A simple request: no preflight, so it reaches the API, which refuses the origin.
          textPlain: await attempt("/v1/clip", { method: "POST", headers: { "Content-Type": "text/plain" }, body }),
          noCors: await attempt("/v1/clip", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body }),
          // JSON with a guessed token needs a preflight, which is never granted.
          json: await attempt("/v1/clip", {
            method: "POST",
            headers: { "Content-Type": "application/json", Authorization: "Bearer tidings_guess" },
            body,
          }),
          tags: await attempt("/v1/tags", {}),
          status: await attempt("/v1/status", {}),
        };
      },
      {
        api: `http://127.0.0.1:${apiPort}`,
        body: JSON.stringify({
          url: `${siteBase}/attack`,
          html: `<html><body><article>${article("Planted", ATTACK_MARKER)}</article></body></html>`,
        }),
      },
    );
    // The page can read no answer at all: no response carries a CORS grant.
    assert.deepEqual(outcomes, { textPlain: "refused", noCors: "opaque", json: "refused", tags: "refused", status: "refused" });
    await page.close();
    assert.deepEqual(await tidingsJson("list"), before);
  });

  await t.test("unpairing forgets the token: the popup asks to pair again", async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.click("#paired:not([hidden]) #unpair");
    await options.waitForSelector("#pair-form:not([hidden])");
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.waitForSelector("#unpaired:not([hidden])");
    assert.equal(await popup.isHidden("#clip-form"), true);
    const stored = await worker.evaluate(() => chrome.storage.local.get(null));
    assert.deepEqual(stored, {});
  });
});
