// The stream store on its own: items scrolled past are marked seen only when asked, and only new
// ones; a folder's page is asked of the library by folder.
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { fakeShell, feed, feedItem } from "../test-fixtures";
import { Stream } from "./stream.svelte";
import { Toasts } from "./toasts.svelte";

afterEach(() => clearMocks());

const hn = feed(1, "Hacker News", { folder: "News" });

function setUp() {
  const shell = fakeShell();
  shell.feeds = [hn];
  shell.items = [feedItem(3, hn, "Three"), feedItem(2, hn, "Two", { state: "seen" }), feedItem(1, hn, "One")];
  const storage = new Map<string, string>();
  const stream = new Stream(new Toasts(), () => {}, {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
  } as Storage);
  return { shell, stream };
}

describe("Stream", () => {
  it("marks items scrolled past seen only when the setting is on, and only new ones", async () => {
    const { shell, stream } = setUp();
    await stream.show({ kind: "all" });
    await stream.passed([3, 2]);
    expect(shell.named("mark_seen")).toEqual([]);
    stream.setSeenWhenPassed(true);
    await stream.passed([3, 2]);
    expect(shell.named("mark_seen").map((c) => c.args)).toEqual([{ ids: [3], seen: true }]);
    expect(stream.item(3)?.state).toBe("seen");
    await stream.passed([3]);
    expect(shell.named("mark_seen")).toHaveLength(1);
  });

  it("reads a folder's stream through the library's folder filter, and its counts from the library", async () => {
    const { shell, stream } = setUp();
    await stream.show({ kind: "folder", path: "News" });
    expect(shell.named("list_stream").map((c) => c.args.filter)).toEqual([
      { feed_id: null, folder: "News", states: "active", after: null, limit: 50 },
    ]);
    expect(stream.items.map((i) => i.title)).toEqual(["Three", "Two", "One"]);
    expect(stream.counts).toEqual({ unseen: 2, folders: [{ folder: "News", unseen: 2 }] });
    expect(stream.unseen).toBe(2);
  });
});
