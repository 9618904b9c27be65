// Search as you type, narrowed to the sidebar's view; the latest query wins.
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeShell, feed, feedItem, summary } from "../test-fixtures";
import type { View } from "./library.svelte";
import { Search } from "./search.svelte";

afterEach(() => clearMocks());

const unread = summary(1, "Async closures", { status: "unread" });
const archived = summary(2, "Async traits", { status: "archived", starred: true });

describe("Search", () => {
  it("searches after a pause in typing, once", async () => {
    const shell = fakeShell([unread, archived]);
    shell.searchHits = () => [{ article: unread, snippet: "[async] closures" }];
    const search = new Search(() => ({ kind: "all" }));
    search.type("a");
    search.type("as");
    search.type("async");
    await vi.waitFor(() => expect(search.hits).toHaveLength(1));
    expect(shell.named("search_articles").map((c) => c.args)).toEqual([
      { query: "async", filter: { status: null, tag: null, collection: null, starred: false, limit: 50, offset: null, trash: false } },
    ]);
    expect(search.searching).toBe(false);
  });

  it("searches within the view on screen", async () => {
    const shell = fakeShell([unread, archived]);
    let view: View = { kind: "inbox" };
    const search = new Search(() => view);
    search.type("async");
    await search.run();
    view = { kind: "collection", name: "Rust" };
    await search.run();
    expect(shell.named("search_articles").map((c) => c.args.filter)).toMatchObject([
      { status: "unread", collection: null },
      { status: null, collection: "Rust" },
    ]);
  });

  it("drops the answer to an older query", async () => {
    const shell = fakeShell([unread, archived]);
    shell.searchHits = (q) => (q === "old" ? [{ article: unread, snippet: "" }] : [{ article: archived, snippet: "" }]);
    shell.hold.add("search_articles");
    const search = new Search(() => ({ kind: "all" }));
    search.type("old");
    const first = search.run();
    search.type("new");
    const second = search.run();
    shell.release("search_articles");
    await Promise.all([first, second]);
    expect(search.hits.map((h) => h.article.id)).toEqual([2]);
  });

  it("loads further pages as asked, until the last", async () => {
    const shell = fakeShell([unread, archived]);
    const all = Array.from({ length: 120 }, (_, i) => ({ article: summary(i + 1, `Async ${i}`), snippet: "" }));
    shell.searchHits = (_q, filter) => all.slice(filter.offset ?? 0, (filter.offset ?? 0) + (filter.limit ?? 50));
    const search = new Search(() => ({ kind: "all" }));
    search.type("async");
    await search.run();
    expect(search.hits).toHaveLength(50);
    expect(search.complete).toBe(false);
    await search.more();
    await search.more();
    expect(search.hits.map((h) => h.article.id)).toEqual(all.map((h) => h.article.id));
    expect(search.complete).toBe(true);
    await search.more();
    expect(shell.named("search_articles").map((c) => (c.args.filter as { offset: number | null }).offset)).toEqual([null, 50, 100]);
  });

  it("clears the results with the query", () => {
    fakeShell();
    const search = new Search(() => ({ kind: "all" }));
    search.type("x");
    search.clear();
    expect(search.active).toBe(false);
    expect(search.hits).toEqual([]);
  });
});

describe("Search with the stream", () => {
  it("never asks the stream unless the toggle is on, and keeps its items apart", async () => {
    const shell = fakeShell([unread]);
    shell.searchHits = () => [{ article: unread, snippet: "" }];
    const hn = feed(1, "Hacker News");
    shell.feeds = [hn];
    shell.items = [feedItem(5, hn, "Async in the stream"), feedItem(4, hn, "Something else")];
    const search = new Search(() => ({ kind: "all" }));
    search.type("async");
    await search.run();
    expect(search.includeStream).toBe(false);
    expect(shell.named("search_stream")).toEqual([]);
    expect(search.streamHits).toEqual([]);

    await search.setIncludeStream(true);
    expect(search.hits.map((h) => h.article.id)).toEqual([1]);
    expect(search.streamHits.map((i) => i.title)).toEqual(["Async in the stream"]);
    expect(shell.named("search_stream").map((c) => c.args)).toEqual([{ query: "async", limit: 20 }]);

    await search.setIncludeStream(false);
    expect(search.streamHits).toEqual([]);
    expect(shell.named("search_stream")).toHaveLength(1);
  });
});
