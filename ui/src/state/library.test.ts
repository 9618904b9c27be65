// The library store against a fake shell: views, paging, selection, and actions with undo.
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeShell, summary } from "../test-fixtures";
import { DELETE_DELAY_MS, filterFor, Library, PAGE_SIZE } from "./library.svelte";
import { Toasts } from "./toasts.svelte";

afterEach(() => {
  clearMocks();
  vi.useRealTimers();
});

const three = () => [summary(3, "Three"), summary(2, "Two"), summary(1, "One")];

describe("Library", () => {
  it("asks the shell for each view's filter", () => {
    expect(filterFor({ kind: "inbox" })).toMatchObject({ status: "unread", starred: false, collection: null });
    expect(filterFor({ kind: "starred" })).toMatchObject({ status: null, starred: true });
    expect(filterFor({ kind: "archive" })).toMatchObject({ status: "archived" });
    expect(filterFor({ kind: "collection", name: "Rust" })).toMatchObject({ collection: "Rust", status: null });
    expect(filterFor({ kind: "tag", name: "ai" })).toMatchObject({ tag: "ai" });
  });

  it("loads the first page, then the next ones on demand", async () => {
    const many = Array.from({ length: PAGE_SIZE + 50 }, (_, i) => summary(1000 - i, `Article ${i}`));
    const shell = fakeShell(many);
    const library = new Library(new Toasts());
    await library.open();
    expect(library.items).toHaveLength(PAGE_SIZE);
    expect(library.complete).toBe(false);
    expect(shell.named("list_articles")[0]!.args.filter).toMatchObject({ status: "unread", limit: PAGE_SIZE });

    await library.loadMore();
    expect(library.items).toHaveLength(PAGE_SIZE + 50);
    expect(library.complete).toBe(true);
    expect(shell.named("list_articles")[1]!.args.filter).toMatchObject({ offset: PAGE_SIZE, limit: PAGE_SIZE });
  });

  it("sorts by publication date over the whole view", async () => {
    fakeShell([
      summary(3, "Saved last, published first", { published_at: "2020-01-01T00:00:00Z" }),
      summary(2, "No date", { published_at: null, saved_at: "2026-01-01T00:00:00Z" }),
      summary(1, "Published last", { published_at: "2026-06-01T00:00:00Z" }),
    ]);
    const library = new Library(new Toasts());
    await library.open();
    await library.setSort("published");
    expect(library.items.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(library.complete).toBe(true);
  });

  it("selects with toggles and ranges, and acts on the selection", async () => {
    const shell = fakeShell(three());
    const library = new Library(new Toasts());
    await library.open();
    library.point(3);
    expect(library.targets()).toEqual([3]);
    library.point(1, { extend: true });
    expect(library.targets()).toEqual([3, 2, 1]);
    library.point(2, { toggle: true });
    expect(library.targets()).toEqual([3, 1]);

    await library.toggleStar(library.targets());
    expect(shell.named("set_starred").map((c) => c.args)).toEqual([
      { id: 3, starred: true },
      { id: 1, starred: true },
    ]);
    expect(library.items.filter((a) => a.starred).map((a) => a.id)).toEqual([3, 1]);
  });

  it("moves the cursor with j/k within the list's bounds", async () => {
    fakeShell(three());
    const library = new Library(new Toasts());
    await library.open();
    expect(library.move(1)).toBe(3);
    expect(library.move(1)).toBe(2);
    expect(library.move(1)).toBe(1);
    expect(library.move(1)).toBe(1);
    expect(library.move(-1)).toBe(2);
    library.order = [1, 3];
    expect(library.move(1)).toBe(1);
    expect(library.move(1)).toBe(3);
  });

  it("archives out of the inbox, moves the cursor on, and undoes", async () => {
    const shell = fakeShell(three());
    const toasts = new Toasts();
    const library = new Library(toasts);
    await library.open();
    library.point(2);
    await library.archive([2]);
    expect(shell.named("set_status").at(-1)!.args).toEqual({ id: 2, status: "archived" });
    expect(library.items.map((a) => a.id)).toEqual([3, 1]);
    expect(library.cursor).toBe(1);
    expect(toasts.items.at(-1)?.message).toContain("Archived");

    expect(toasts.undo()).toBe(true);
    await vi.waitFor(() => expect(library.items.map((a) => a.id)).toEqual([3, 2, 1]));
    expect(shell.named("set_status").at(-1)!.args).toEqual({ id: 2, status: "unread" });
  });

  it("deletes only after the undo delay, and not at all when undone", async () => {
    vi.useFakeTimers();
    const shell = fakeShell(three());
    const toasts = new Toasts();
    const library = new Library(toasts);
    await library.open();
    library.point(3);

    library.delete([3]);
    expect(library.items.map((a) => a.id)).toEqual([2, 1]);
    expect(library.cursor).toBe(2);
    toasts.undo();
    expect(library.items.map((a) => a.id)).toEqual([3, 2, 1]);
    await vi.advanceTimersByTimeAsync(DELETE_DELAY_MS + 100);
    expect(shell.named("delete_article")).toHaveLength(0);

    library.delete([2, 1]);
    expect(library.items.map((a) => a.id)).toEqual([3]);
    await vi.advanceTimersByTimeAsync(DELETE_DELAY_MS + 100);
    expect(shell.named("delete_article").map((c) => c.args.id)).toEqual([2, 1]);
    expect(library.items.map((a) => a.id)).toEqual([3]);
  });

  it("says what went wrong when an action fails", async () => {
    fakeShell(three());
    const toasts = new Toasts();
    const library = new Library(toasts);
    await library.open();
    expect(await library.addToCollection("Nope", [1])).toBe(false);
    expect(toasts.items.at(-1)).toMatchObject({ kind: "error", message: "no collection named Nope" });
  });
});
