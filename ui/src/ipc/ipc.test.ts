// The IPC wrapper: arguments as the Rust commands name them, rejections as typed errors.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { ALL_ARTICLES, getArticle, IpcError, libraryInfo, listArticles } from ".";

afterEach(() => clearMocks());

describe("ipc", () => {
  it("passes each command its arguments by the Rust parameter names", async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return cmd === "list_articles" ? [] : { path: "/lib.db", article_count: 0 };
    });

    await libraryInfo();
    await listArticles({ ...ALL_ARTICLES, status: "unread", limit: 20 });
    await getArticle(42);
    expect(seen).toEqual([
      ["library_info", {}],
      ["list_articles", { filter: { ...ALL_ARTICLES, status: "unread", limit: 20 } }],
      ["get_article", { id: 42 }],
    ]);
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
