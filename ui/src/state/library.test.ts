// The library store against a fake shell: views, paging, selection, and actions with undo.
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeShell, summary } from "../test-fixtures";
import { filterFor, Library, PAGE_SIZE } from "./library.svelte";
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
    expect(filterFor({ kind: "trash" })).toMatchObject({ trash: true, status: null });
    expect(filterFor({ kind: "all" })).toMatchObject({ trash: false });
    expect(filterFor({ kind: "all" })).not.toHaveProperty("sort");
    expect(filterFor({ kind: "inbox" }, "published")).toMatchObject({ sort: "published", status: "unread" });
    expect(filterFor({ kind: "trash" }, "published")).not.toHaveProperty("sort");
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

  it("asks the library to sort by publication date, a page at a time", async () => {
    const many = Array.from({ length: PAGE_SIZE + 10 }, (_, i) =>
      summary(1000 - i, `Article ${i}`, { published_at: `2020-01-01T00:00:${String(i % 60).padStart(2, "0")}Z` }),
    );
    const shell = fakeShell(many);
    const library = new Library(new Toasts());
    await library.open();
    await library.setSort("published");
    const asked = shell.named("list_articles").at(-1)!.args.filter;
    expect(asked).toMatchObject({ sort: "published", limit: PAGE_SIZE, offset: null });
    expect(library.items).toHaveLength(PAGE_SIZE);
    expect(library.items[0]!.published_at).toBe("2020-01-01T00:00:59Z");
    expect(library.complete).toBe(false);
    await library.loadMore();
    expect(shell.named("list_articles").at(-1)!.args.filter).toMatchObject({ sort: "published", offset: PAGE_SIZE });
    expect(library.items).toHaveLength(PAGE_SIZE + 10);

    await library.setSort("saved");
    expect(shell.named("list_articles").at(-1)!.args.filter).not.toHaveProperty("sort");
    expect(library.items[0]!.id).toBe(1000);
  });

  it("shows each view's count and follows a delete", async () => {
    const shell = fakeShell([summary(3, "Three", { starred: true }), summary(2, "Two", { status: "archived" }), summary(1, "One")]);
    const library = new Library(new Toasts());
    await library.open();
    expect(library.counts).toMatchObject({ unread: 2, starred: 1, archived: 1, all: 3, trash: 0 });
    await library.show({ kind: "all" });
    await library.delete([1]);
    await vi.waitFor(() => expect(library.counts).toMatchObject({ all: 2, unread: 1, trash: 1 }));
    expect(shell.named("view_counts").length).toBeGreaterThan(1);
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

  it("moves deleted articles to the trash at once, and undo restores them", async () => {
    const shell = fakeShell(three());
    const toasts = new Toasts();
    const library = new Library(toasts);
    await library.open();
    library.point(3);

    await library.delete([3]);
    expect(shell.named("delete_articles").map((c) => c.args.ids)).toEqual([[3]]);
    expect(library.items.map((a) => a.id)).toEqual([2, 1]);
    expect(library.cursor).toBe(2);
    expect(toasts.items.at(-1)?.message).toBe("Moved “Three” to the trash");

    expect(toasts.undo()).toBe(true);
    await vi.waitFor(() => expect(library.items.map((a) => a.id)).toEqual([3, 2, 1]));
    expect(shell.named("restore_articles").map((c) => c.args.ids)).toEqual([[3]]);
    expect(shell.trash).toHaveLength(0);
  });

  it("lists the trash, restores from it and empties it", async () => {
    const shell = fakeShell(three());
    const toasts = new Toasts();
    const library = new Library(toasts);
    await library.open();
    await library.delete([2, 1]);
    await library.show({ kind: "trash" });
    expect(shell.named("list_articles").at(-1)!.args.filter).toMatchObject({ trash: true });
    expect(library.items.map((a) => a.id)).toEqual([2, 1]);

    // Deleting again in the trash does nothing but say so.
    await library.delete([2]);
    expect(shell.named("delete_articles")).toHaveLength(1);

    library.point(2);
    await library.restore([2]);
    expect(library.items.map((a) => a.id)).toEqual([1]);
    expect(library.cursor).toBe(1);
    expect(shell.articles.map((a) => a.id)).toEqual([3, 2]);

    await library.emptyTrash();
    expect(library.items).toHaveLength(0);
    expect(library.counts?.trash).toBe(0);
    expect(toasts.items.at(-1)?.message).toBe("Deleted 1 article for good");
  });

  it("reorders and describes collections", async () => {
    const shell = fakeShell(three());
    shell.collections.push({ name: "A", ids: [] }, { name: "B", ids: [] }, { name: "C", ids: [] });
    const library = new Library(new Toasts());
    await library.open();
    await library.moveCollection("C", 0);
    expect(shell.named("move_collection").at(-1)!.args).toEqual({ name: "C", position: 1 });
    expect(library.collections.map((c) => c.name)).toEqual(["C", "A", "B"]);
    await library.moveCollection("C", 99);
    expect(library.collections.map((c) => c.name)).toEqual(["A", "B", "C"]);
    const before = shell.named("move_collection").length;
    await library.moveCollection("A", 0);
    expect(shell.named("move_collection")).toHaveLength(before);

    expect(await library.describeCollection("B", "  for the weekend ")).toBe(true);
    expect(library.collections.find((c) => c.name === "B")?.description).toBe("for the weekend");
  });

  it("turns to the damaged-library screen when damage is met after opening", async () => {
    const shell = fakeShell(three());
    const toasts = new Toasts();
    const library = new Library(toasts);
    await library.open();
    expect(library.error).toBeNull();
    shell.damaged = true;
    await library.show({ kind: "archive" });
    expect(library.errorCode).toBe("library_damaged");
    expect(toasts.items).toHaveLength(0);
  });

  it("names a damaged library so the window can offer a backup", async () => {
    const shell = fakeShell(three());
    shell.damaged = true;
    const library = new Library(new Toasts());
    await library.open();
    expect(library.errorCode).toBe("library_damaged");
    expect(library.error).toContain("damaged");
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
