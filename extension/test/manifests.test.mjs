// The two built manifests (Firefox cannot be driven here, so its build is checked by reading
// it): each names only files the build holds, and they differ only where the browsers do.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const built = path.resolve(import.meta.dirname, "../../target/extension");
const read = (browser) => JSON.parse(readFileSync(path.join(built, browser, "manifest.json"), "utf8"));

/** Every file a manifest points at. */
function files(m) {
  return [
    m.action.default_popup,
    m.options_ui.page,
    ...(m.background.scripts ?? [m.background.service_worker]),
    ...Object.values(m.icons),
    "content.js",
  ];
}

test("each browser's manifest names only files its build holds", () => {
  for (const browser of ["chromium", "firefox"]) {
    const m = read(browser);
    assert.equal(m.manifest_version, 3);
    for (const file of files(m)) {
      assert.ok(existsSync(path.join(built, browser, file)), `${browser}: ${file} is missing`);
    }
  }
});

test("Chromium runs a service worker, Firefox background scripts with an add-on id", () => {
  const chromium = read("chromium");
  const firefox = read("firefox");
  assert.deepEqual(chromium.background, { service_worker: "background.js" });
  assert.deepEqual(firefox.background, { scripts: ["background.js"] });
  assert.match(firefox.browser_specific_settings.gecko.id, /^[^@\s]+@[^@\s]+$/);
  assert.equal(chromium.browser_specific_settings, undefined);
  // Everything else is the same.
  const rest = ({ background, browser_specific_settings, minimum_chrome_version, ...m }) => m;
  assert.deepEqual(rest(firefox), rest(chromium));
  assert.deepEqual(chromium.host_permissions, ["http://127.0.0.1/*"]);
  assert.deepEqual(chromium.permissions.sort(), ["activeTab", "contextMenus", "scripting", "storage"]);
  assert.ok(chromium.commands["clip-page"].suggested_key.default);
});

test("the background and the content script are self-contained, the same in both builds", () => {
  for (const file of ["background.js", "content.js"]) {
    const chromium = readFileSync(path.join(built, "chromium", file), "utf8");
    assert.equal(readFileSync(path.join(built, "firefox", file), "utf8"), chromium);
    assert.doesNotMatch(chromium, /\b(from|import)\s*\(?\s*["'`]|\bexport\s*[{*]/, file);
  }
});
