// Saved searches in the library store and the search: saved with the view on screen as their
// filter, shown as a view of their own whose search uses that filter, renamed and deleted.
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { fakeShell, summary } from "../test-fixtures";
import { canSaveSearchIn, filterFor, Library } from "./library.svelte";
import { Search } from "./search.svelte";
import { Toasts } from "./toasts.svelte";

afterEach(() => clearMocks());

const rust = summary(1, "Async closures", { status: "unread" });

describe("saved searches", () => {
  it("keep the query and the view's filter, never paging or the trash", async () => {
    const shell = fakeShell([rust]);
    shell.collections.push({ name: "Rust", ids: [1] });
    const toasts = new Toasts();
    const library = new Library(toasts);
    await library.open();
    await library.show({ kind: "collection", name: "Rust" });
    const saved = await library.saveSearch("  Closures ", " async closures ");
    expect(shell.named("save_search").map((c) => c.args)).toEqual([
      {
        name: "Closures",
        query: "async closures",
        filter: { status: null, tag: null, collection: "Rust", starred: false, limit: null, offset: null, trash: false },
      },
    ]);
    expect(saved?.filter).toEqual({ status: null, tag: null, collection: "Rust", starred: false });
    expect(library.savedSearches.map((s) => s.name)).toEqual(["Closures"]);
    expect(canSaveSearchIn({ kind: "trash" })).toBe(false);
    expect(canSaveSearchIn({ kind: "highlights" })).toBe(false);
    expect(canSaveSearchIn({ kind: "inbox" })).toBe(true);
  });

  it("says why a name is refused, and keeps the list as it was", async () => {
    const shell = fakeShell([rust]);
    const toasts = new Toasts();
    const library = new Library(toasts);
    await library.open();
    await library.saveSearch("Closures", "async");
    expect(await library.saveSearch("CLOSURES", "other")).toBeNull();
    expect(toasts.items.at(-1)?.message).toBe('a saved search named "CLOSURES" already exists');
    expect(shell.savedSearches.map((s) => s.query)).toEqual(["async"]);
  });

  it("shows a saved search as a view whose search runs within its filter", async () => {
    const shell = fakeShell([rust]);
    shell.searchHits = () => [{ article: rust, snippet: "[async] closures" }];
    const library = new Library(new Toasts());
    await library.open();
    await library.show({ kind: "starred" });
    await library.saveSearch("Starred async", "async");
    await library.show({ kind: "all" });

    await library.showSaved(library.savedSearches[0]!);
    expect(library.view).toEqual({
      kind: "saved",
      name: "Starred async",
      filter: { status: null, tag: null, collection: null, starred: true },
    });
    expect(filterFor(library.view)).toMatchObject({ starred: true, trash: false });
    const search = new Search(() => library.view);
    search.type("async");
    await search.run();
    expect(shell.named("search_articles").at(-1)!.args).toEqual({
      query: "async",
      filter: { status: null, tag: null, collection: null, starred: true, limit: 50, offset: null, trash: false },
    });
    expect(search.hits).toHaveLength(1);
  });

  it("follows a rename of the saved search on screen, and leaves it when it is deleted", async () => {
    const shell = fakeShell([rust]);
    const library = new Library(new Toasts());
    await library.open();
    await library.saveSearch("Closures", "async");
    await library.showSaved(library.savedSearches[0]!);

    expect(await library.renameSavedSearch("Closures", "Async Rust")).toBe(true);
    expect(library.view).toMatchObject({ kind: "saved", name: "Async Rust" });
    expect(library.savedSearches.map((s) => s.name)).toEqual(["Async Rust"]);

    await library.deleteSavedSearch("Async Rust");
    expect(shell.named("delete_saved_search").map((c) => c.args)).toEqual([{ name: "Async Rust" }]);
    expect(library.view).toEqual({ kind: "all" });
    expect(library.savedSearches).toEqual([]);
  });
});
