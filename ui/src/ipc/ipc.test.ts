// The IPC wrapper: arguments as the Rust commands name them, rejections as typed errors.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import {
  addHighlight,
  ALL_ARTICLES,
  clipUrl,
  exportArticles,
  getArticle,
  IpcError,
  libraryInfo,
  listArticles,
  renameCollection,
  searchArticles,
  updateHighlight,
  type ExportProgress,
} from ".";

afterEach(() => clearMocks());

describe("ipc", () => {
  it("passes each command its arguments by the Rust parameter names", async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return cmd === "list_articles" || cmd === "search_articles" ? [] : null;
    });

    await libraryInfo();
    await listArticles({ ...ALL_ARTICLES, status: "unread", limit: 20 });
    await getArticle(42);
    await searchArticles("rust", { ...ALL_ARTICLES, limit: 5 });
    await clipUrl(3, "https://lwn.net/");
    await renameCollection("Old", "New");
    await addHighlight(42, { exact: "x", prefix: "a", suffix: "b", color: "green", note: null });
    await updateHighlight(7, { color: null, note: "" });
    expect(seen).toEqual([
      ["library_info", {}],
      ["list_articles", { filter: { ...ALL_ARTICLES, status: "unread", limit: 20 } }],
      ["get_article", { id: 42 }],
      ["search_articles", { query: "rust", filter: { ...ALL_ARTICLES, limit: 5 } }],
      ["clip_url", { job: 3, url: "https://lwn.net/", collection: null }],
      ["rename_collection", { old: "Old", new: "New" }],
      ["add_highlight", { articleId: 42, input: { exact: "x", prefix: "a", suffix: "b", color: "green", note: null } }],
      ["update_highlight", { id: 7, update: { color: null, note: "" } }],
    ]);
  });

  it("hands the export its selection, format and a progress channel", async () => {
    let seen: Record<string, unknown> = {};
    mockIPC((cmd, args) => {
      if (cmd !== "export_articles") return null;
      seen = args as Record<string, unknown>;
      return { files: ["index.md", "a.md"], written: ["a.md"], unchanged: 1, warnings: [] };
    });
    const selection = { collection: "Rust", tag: null, ids: [], all: false, with_raw_html: false, with_images: false };
    const progress: ExportProgress[] = [];
    const report = await exportArticles(1, selection, "markdown-single", "/tmp/out", (p) => progress.push(p));
    expect(report.written).toEqual(["a.md"]);
    expect(seen).toMatchObject({ job: 1, selection, format: "markdown-single", folder: "/tmp/out" });
    expect(seen.progress).toBeDefined();
  });

  it("turns a rejected { code, message } into an IpcError", async () => {
    mockIPC(() => {
      throw { code: "not_found", message: "no article with id 9" };
    });
    const error = await getArticle(9).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: "not_found", message: "no article with id 9" });
  });

  it("turns Tauri's own string rejections into an internal IpcError", async () => {
    mockIPC(() => {
      throw "invalid args `id` for command `get_article`";
    });
    await expect(getArticle(1)).rejects.toMatchObject({
      name: "IpcError",
      code: "internal",
      message: "invalid args `id` for command `get_article`",
    });
  });
});
