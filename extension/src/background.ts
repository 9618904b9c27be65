// The extension's background (a service worker in Chromium, background scripts in Firefox):
// the only part that talks to the Tidings loopback API. The popup and the options page ask it
// through runtime messages; the context menu and the keyboard shortcut clip directly and show
// the outcome on the toolbar button. Self-contained: it imports types only.

import type { Capture, ClipMode, ClipResult, Connection, PendingPairing, Reply, Request } from "./messages";

/** The ports the app and `tidings serve` try in turn; probed when none is known. */
const PORTS = Array.from({ length: 10 }, (_, i) => 47800 + i);
const PROBE_TIMEOUT_MS = 1500;
const REQUEST_TIMEOUT_MS = 60_000;
/** The API refuses bodies over 16 MiB. */
const BODY_LIMIT = 16 * 1024 * 1024;

/** What is kept in extension storage (local to this browser profile). */
interface Stored {
  connection?: Connection & { token: string };
  pending?: PendingPairing & { secret: string };
}

async function stored(): Promise<Stored> {
  return (await chrome.storage.local.get(["connection", "pending"])) as Stored;
}

/** This extension's origin, as the API records it at pairing: chrome-extension://ID. */
function ownOrigin(): string {
  return chrome.runtime.getURL("").replace(/\/$/, "");
}

/** A failure with a message fit for the popup's one line. */
class ApiError extends Error {
  constructor(
    message: string,
    readonly status = 0,
    readonly code = "",
  ) {
    super(message);
  }
}

async function call<T>(
  port: number,
  method: "GET" | "POST",
  path: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
    if (body.length > BODY_LIMIT) {
      throw new ApiError("This page is too large to clip (over 16 MiB)");
    }
  }
  let answer: Response;
  try {
    answer = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers,
      body,
      credentials: "omit",
      cache: "no-store",
      signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(`Tidings is not answering on port ${port}: open the app or run tidings serve`);
  }
  let parsed: unknown = null;
  try {
    parsed = await answer.json();
  } catch {
    throw new ApiError(`Port ${port} answered, but not as Tidings does (HTTP ${answer.status})`, answer.status);
  }
  if (!answer.ok) {
    const refusal = parsed as { error?: string; message?: string };
    throw new ApiError(oneLine(refusal.message ?? `HTTP ${answer.status}`), answer.status, refusal.error ?? "");
  }
  return { status: answer.status, body: parsed as T };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Whether `port` runs Tidings: its version, or null. */
async function probe(port: number): Promise<string | null> {
  try {
    const { body } = await call<{ app?: string; version?: string }>(port, "GET", "/v1/status", {
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    return body.app === "tidings" ? (body.version ?? "") : null;
  } catch {
    return null;
  }
}

/** The first port of the range where Tidings answers. */
async function find(port: number | null): Promise<Reply<"find">> {
  const candidates = port ? [port] : PORTS;
  const versions = await Promise.all(candidates.map(probe));
  const at = versions.findIndex((v) => v !== null);
  const found = candidates[at];
  if (found === undefined) {
    const where = port ? `port ${port}` : `ports ${PORTS[0]}-${PORTS[PORTS.length - 1]}`;
    return { ok: false, message: `Tidings is not running on ${where}: open the app or run tidings serve` };
  }
  return { ok: true, port: found, version: versions[at] ?? "" };
}

/**
 * A request with the paired token. If the known port stopped answering (the app may have
 * started on another port of the range), looks for Tidings again once and remembers where.
 */
async function authorized<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const { connection } = await stored();
  if (!connection) throw new ApiError("Not paired with Tidings yet: pair in the extension's options");
  const send = async (port: number) => (await call<T>(port, method, path, { token: connection.token, body })).body;
  try {
    return await send(connection.port);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 0) throw unpairedHint(e);
    const found = await find(null);
    if (!found.ok || found.port === connection.port) throw e;
    const answer = await send(found.port).catch((again: unknown) => {
      throw unpairedHint(again);
    });
    await chrome.storage.local.set({ connection: { ...connection, port: found.port } });
    return answer;
  }
}

function unpairedHint(e: unknown): unknown {
  if (e instanceof ApiError && (e.status === 401 || e.code === "origin")) {
    return new ApiError("Tidings no longer knows this browser: pair again in the extension's options", e.status);
  }
  return e;
}

function failure(e: unknown): { ok: false; message: string } {
  return { ok: false, message: e instanceof Error ? oneLine(e.message) : String(e) };
}

/** Reads the page in `tabId` through the content script. */
async function capture(tabId: number, mode: ClipMode): Promise<Capture> {
  try {
    await chrome.scripting.executeScript({ target: { tabId }, files: ["content.js"] });
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      func: (m: ClipMode) => (globalThis as unknown as { tidingsCapture: (m: ClipMode) => Capture }).tidingsCapture(m),
      args: [mode],
    });
    return (result?.result as Capture | undefined) ?? { ok: false, message: "The page gave nothing to clip" };
  } catch {
    return { ok: false, message: "The browser does not let extensions read this page" };
  }
}

interface ClipAnswer {
  id: number;
  title: string;
  url: string;
  already_saved: boolean;
}

async function clip(body: Record<string, unknown>): Promise<ClipResult> {
  try {
    const a = await authorized<ClipAnswer>("POST", "/v1/clip", body);
    return { ok: true, id: a.id, title: a.title, url: a.url, alreadySaved: a.already_saved };
  } catch (e) {
    return failure(e);
  }
}

async function clipTab(tabId: number, mode: ClipMode, tags: string[], collection: string | null): Promise<ClipResult> {
  const page = await capture(tabId, mode);
  if (!page.ok) return page;
  return clip({
    url: page.url,
    title: page.title || undefined,
    html: page.html,
    selection_html: page.selectionHtml ?? undefined,
    tags,
    collection: collection ?? undefined,
  });
}

/** The outcome of a clip made without the popup, on the toolbar button of its tab. */
async function showOnButton(tabId: number | undefined, work: Promise<ClipResult>): Promise<void> {
  const set = (text: string, color: string, title: string) =>
    Promise.all([
      chrome.action.setBadgeText({ tabId, text }),
      chrome.action.setBadgeBackgroundColor({ tabId, color }),
      chrome.action.setTitle({ tabId, title }),
    ]).catch(() => undefined);
  await set("…", "#666666", "Clipping to Tidings…");
  const result = await work;
  if (result.ok) {
    const said = result.alreadySaved ? "Already in your library" : "Saved to Tidings";
    await set("✓", "#2e7d32", `${said}: ${result.title}`);
  } else {
    await set("!", "#c62828", `Not clipped: ${result.message}`);
  }
}

function menus(): void {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: "clip-page", title: "Clip page", contexts: ["page"] });
    chrome.contextMenus.create({ id: "clip-selection", title: "Clip selection", contexts: ["selection"] });
    chrome.contextMenus.create({ id: "clip-link", title: "Clip link", contexts: ["link"] });
  });
}

chrome.runtime.onInstalled.addListener(menus);

chrome.contextMenus.onClicked.addListener((info, tab) => {
  const tabId = tab?.id;
  if (info.menuItemId === "clip-link" && info.linkUrl) {
    void showOnButton(tabId, clip({ url: info.linkUrl, tags: [] }));
  } else if (tabId !== undefined && (info.menuItemId === "clip-page" || info.menuItemId === "clip-selection")) {
    const mode: ClipMode = info.menuItemId === "clip-page" ? "page" : "selection";
    void showOnButton(tabId, clipTab(tabId, mode, [], null));
  }
});

chrome.commands.onCommand.addListener((command, tab) => {
  if (command === "clip-page" && tab?.id !== undefined) {
    void showOnButton(tab.id, clipTab(tab.id, "page", [], null));
  }
});

async function pickers(): Promise<Reply<"pickers">> {
  try {
    const [tags, collections] = await Promise.all([
      authorized<{ tags: { name: string }[] }>("GET", "/v1/tags"),
      authorized<{ collections: { name: string }[] }>("GET", "/v1/collections"),
    ]);
    return { ok: true, tags: tags.tags.map((t) => t.name), collections: collections.collections.map((c) => c.name) };
  } catch (e) {
    return failure(e);
  }
}

async function pair(port: number, name: string): Promise<Reply<"pair">> {
  try {
    const { body } = await call<{ code: string; secret: string; expires_at: string }>(port, "POST", "/v1/pair", {
      body: { name, origin: ownOrigin() },
    });
    const pending = { port, name, code: body.code, expiresAt: body.expires_at, secret: body.secret };
    await chrome.storage.local.set({ pending });
    const { secret: _, ...shown } = pending;
    return { ok: true, pending: shown };
  } catch (e) {
    return failure(e);
  }
}

/** Asks once whether the person accepted; on acceptance keeps the token. */
async function pollPairing(): Promise<Reply<"pair-poll">> {
  const { pending } = await stored();
  if (!pending) return { ok: false, message: "No pairing is waiting: start again" };
  try {
    const { status, body } = await call<{ status: string; token?: string }>(
      pending.port,
      "GET",
      `/v1/pair/${encodeURIComponent(pending.code)}`,
      { token: pending.secret },
    );
    if (status === 200 && body.status === "accepted" && body.token) {
      await chrome.storage.local.set({ connection: { port: pending.port, name: pending.name, token: body.token } });
      await chrome.storage.local.remove("pending");
      return { ok: true, state: "paired" };
    }
    return { ok: true, state: "pending" };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      await chrome.storage.local.remove("pending");
      return { ok: false, message: "The pairing was denied or has expired: start again" };
    }
    return failure(e);
  }
}

async function answer(request: Request): Promise<unknown> {
  switch (request.kind) {
    case "status": {
      const { connection, pending } = await stored();
      return {
        ok: true,
        connection: connection ? { port: connection.port, name: connection.name } : null,
        pending: pending
          ? { port: pending.port, name: pending.name, code: pending.code, expiresAt: pending.expiresAt }
          : null,
      } satisfies Reply<"status">;
    }
    case "pickers":
      return pickers();
    case "clip":
      return clipTab(request.tabId, request.mode, request.tags, request.collection);
    case "find":
      return find(request.port);
    case "pair":
      return pair(request.port, request.name);
    case "pair-poll":
      return pollPairing();
    case "pair-cancel":
      await chrome.storage.local.remove("pending");
      return { ok: true } satisfies Reply<"pair-cancel">;
    case "unpair":
      await chrome.storage.local.remove(["connection", "pending"]);
      return { ok: true } satisfies Reply<"unpair">;
  }
}

chrome.runtime.onMessage.addListener((request: Request, sender, sendResponse) => {
  // Only this extension's own pages may ask.
  if (sender.id !== chrome.runtime.id || !sender.url?.startsWith(chrome.runtime.getURL(""))) return false;
  answer(request).then(sendResponse, (e: unknown) => sendResponse(failure(e)));
  return true;
});
