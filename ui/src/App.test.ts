// The window against a fake shell: what it lists, reads, clips, finds and paints, from the mouse
// and the keyboard, and what it says when the shell fails.
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import { fakeShell, summary, type FakeShell } from "./test-fixtures";

const rust = summary(1, "Rust 1.95 ships async closures", { byline: "The Release Team", excerpt: "Closures that borrow." });
const webkit = summary(2, "WebKitGTK 2.50 lands", { site_name: null, url: "https://www.webkit.org/blog/2" });

function shellWithTwo(): FakeShell {
  const shell = fakeShell([rust, webkit]);
  shell.contents[1] =
    "<p>Async closures are stable at last.</p><p>Library authors have waited years. Async closures are here.</p><p><a href='/more'>Read more</a></p>";
  shell.contents[2] = "<p>A faster compositor for Linux.</p>";
  return shell;
}

function key(k: string, init: KeyboardEventInit = {}) {
  return fireEvent.keyDown(window, { key: k, ...init });
}

beforeEach(() => localStorage.clear());

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

describe("App", () => {
  it("lists the inbox with each article's site, reading time and excerpt", async () => {
    const shell = shellWithTwo();
    render(App);

    const titles = await screen.findAllByTestId("article-title");
    expect(titles.map((t) => t.textContent)).toEqual([rust.title, webkit.title]);
    const items = screen.getAllByTestId("article-item");
    expect(items[0]!.textContent).toContain("Example News");
    expect(items[0]!.textContent).toContain("2 min");
    expect(items[0]!.textContent).toContain("Closures that borrow.");
    expect(items[1]!.textContent).toContain("webkit.org");
    expect(shell.named("list_articles")[0]!.args.filter).toMatchObject({ status: "unread", limit: 200, offset: null });
    expect(screen.getByTestId("list-title").textContent).toContain("Inbox");
  });

  it("reads a clicked article, and opens its links in the browser, not in the window", async () => {
    const shell = shellWithTwo();
    render(App);
    const items = await screen.findAllByTestId("article-item");
    const reader = screen.getByTestId("reader");

    await fireEvent.click(items[0]!);
    expect(await within(reader).findByText("Async closures are stable at last.")).toBeTruthy();
    expect(within(reader).getByRole("heading", { level: 1 }).textContent).toBe(rust.title);
    expect(reader.textContent).toContain("The Release Team");
    expect(items[0]!.getAttribute("aria-current")).toBe("true");

    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    within(reader).getByText("Read more").dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(shell.named("plugin:opener|open_url")).toHaveLength(1));
    expect(shell.named("plugin:opener|open_url")[0]!.args).toMatchObject({ url: "https://news.example.com/more" });
  });

  it("moves through the list and acts from the keyboard", async () => {
    const shell = shellWithTwo();
    render(App);
    await screen.findAllByTestId("article-item");
    const reader = screen.getByTestId("reader");

    await key("j");
    expect(await within(reader).findByText("Async closures are stable at last.")).toBeTruthy();
    await key("j");
    expect(await within(reader).findByText("A faster compositor for Linux.")).toBeTruthy();
    await key("s");
    await vi.waitFor(() => expect(shell.named("set_starred").map((c) => c.args)).toEqual([{ id: 2, starred: true }]));
    await key("k");
    expect(await within(reader).findByText("Async closures are stable at last.")).toBeTruthy();

    await key("?");
    expect(await screen.findByTestId("shortcuts")).toBeTruthy();
    await key("Escape");
    expect(screen.queryByTestId("shortcuts")).toBeNull();

    // Letters typed into a field stay there.
    const search = screen.getByTestId("search-input");
    await fireEvent.keyDown(search, { key: "j" });
    expect(screen.getAllByTestId("article-item")[0]!.getAttribute("aria-current")).toBe("true");
  });

  it("archives the open article out of the inbox, shows the next one, and undoes", async () => {
    const shell = shellWithTwo();
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    await within(screen.getByTestId("reader")).findByText("Async closures are stable at last.");

    await key("a");
    expect(await within(screen.getByTestId("reader")).findByText("A faster compositor for Linux.")).toBeTruthy();
    expect(screen.getAllByTestId("article-title").map((t) => t.textContent)).toEqual([webkit.title]);
    expect(shell.named("set_status").at(-1)!.args).toEqual({ id: 1, status: "archived" });

    await fireEvent.click(await screen.findByTestId("toast-action"));
    await vi.waitFor(() => expect(screen.getAllByTestId("article-title")).toHaveLength(2));
    expect(shell.named("set_status").at(-1)!.args).toEqual({ id: 1, status: "unread" });
  });

  it("searches as you type and marks the matching words", async () => {
    const shell = shellWithTwo();
    shell.searchHits = (q) => (q === "borrow" ? [{ article: rust, snippet: "closures that [borrow] from…" }] : []);
    render(App);
    await screen.findAllByTestId("article-item");

    await key("/");
    const search = screen.getByTestId("search-input");
    expect(document.activeElement).toBe(search);
    await fireEvent.input(search, { target: { value: "borrow" } });
    const snippet = await screen.findByTestId("search-snippet");
    expect(snippet.querySelector("mark")?.textContent).toBe("borrow");
    expect(screen.getAllByTestId("article-title").map((t) => t.textContent)).toEqual([rust.title]);

    await fireEvent.keyDown(search, { key: "Escape" });
    expect(await screen.findAllByTestId("article-title")).toHaveLength(2);
  });

  it("clips a pasted URL, and welcomes a new user with where to paste", async () => {
    const shell = fakeShell([]);
    shell.clips["https://lwn.net/Articles/1/"] = summary(9, "A kernel story");
    render(App);

    const welcome = await screen.findByTestId("empty-library");
    expect(welcome.textContent).toContain("Paste a URL anywhere in the window");
    expect(welcome.textContent).toContain("Pocket");

    const paste = new Event("paste", { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(paste, "clipboardData", {
      value: { getData: () => "look: https://lwn.net/Articles/1/ and nothing else" },
    });
    window.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);

    expect(await within(await screen.findByTestId("reader")).findByRole("heading", { level: 1 })).toHaveProperty(
      "textContent",
      "A kernel story",
    );
    expect(shell.named("clip_url")[0]!.args).toMatchObject({ url: "https://lwn.net/Articles/1/", collection: null });
  });

  it("shows why a clip failed and retries it", async () => {
    const shell = shellWithTwo();
    render(App);
    const input = await screen.findByTestId("clip-input");
    await fireEvent.input(input, { target: { value: "https://gone.example/x" } });
    await fireEvent.submit(screen.getByTestId("clip-form"));
    const message = await screen.findByTestId("clip-message");
    await vi.waitFor(() => expect(message.textContent).toContain("HTTP 404"));

    shell.clips["https://gone.example/x"] = summary(7, "Back again");
    await fireEvent.click(screen.getByTestId("clip-retry"));
    await vi.waitFor(() => expect(screen.getByTestId("clip-job").dataset.state).toBe("saved"));
  });

  it("paints highlights, and lists those it cannot place", async () => {
    const shell = shellWithTwo();
    const base = { article_id: 1, prefix: "", suffix: "", start: 0, end: 0, note: null, created_at: "", updated_at: "" };
    shell.highlights.push(
      { ...base, id: 1, exact: "Async closures are here", prefix: "waited years. ", color: "green", orphaned: false },
      { ...base, id: 2, exact: "a sentence that was edited away", color: "yellow", orphaned: true, note: "pity" },
    );
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    const content = await screen.findByTestId("article-content");
    await vi.waitFor(() => expect(content.querySelectorAll("mark.hl")).toHaveLength(1));
    const mark = content.querySelector<HTMLElement>("mark.hl")!;
    // The second occurrence of "Async closures", as prefix and suffix say.
    expect(mark.textContent).toBe("Async closures are here");
    expect(mark.dataset).toMatchObject({ color: "green", highlightId: "1" });
    expect(screen.getByText("a sentence that was edited away")).toBeTruthy();

    await fireEvent.click(mark);
    expect(await screen.findByTestId("highlight-popover")).toBeTruthy();
  });

  it("highlights the selected text with h", async () => {
    const shell = shellWithTwo();
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    const content = await screen.findByTestId("article-content");
    const text = (await within(content).findByText("Async closures are stable at last.")).firstChild as Text;
    const range = document.createRange();
    range.setStart(text, 6);
    range.setEnd(text, 14);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);

    await key("h");
    await vi.waitFor(() => expect(shell.named("add_highlight")).toHaveLength(1));
    expect(shell.named("add_highlight")[0]!.args).toEqual({
      articleId: 1,
      input: { exact: "closures", prefix: "Async ", suffix: " are stable at last.\nLibrary aut", color: "yellow", note: null },
    });
    await vi.waitFor(() => expect(content.querySelector("mark.hl")?.textContent).toBe("closures"));
  });

  it("keeps what the CLI appended to a note while it was being edited", async () => {
    const shell = shellWithTwo();
    shell.notes[1] = "Loaded.";
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    await within(screen.getByTestId("reader")).findByText("Async closures are stable at last.");
    await key("n");
    const editor = (await screen.findByTestId("note-editor")) as HTMLTextAreaElement;
    await vi.waitFor(() => expect(editor.value).toBe("Loaded."));
    await fireEvent.input(editor, { target: { value: "Loaded, then edited." } });
    shell.notes[1] = "Loaded.\n\nFrom the CLI.";
    await vi.waitFor(() => expect(shell.named("set_note")).toHaveLength(1), { timeout: 2000 });
    expect(shell.named("set_note")[0]!.args).toEqual({ id: 1, body: "Loaded, then edited.", base: "Loaded." });
    expect(shell.notes[1]).toBe("Loaded, then edited.\n\nFrom the CLI.");
    await vi.waitFor(() => expect(editor.value).toBe("Loaded, then edited.\n\nFrom the CLI."));
  });

  it("saves the note after a pause in typing and previews it safely", async () => {
    const shell = shellWithTwo();
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    await within(screen.getByTestId("reader")).findByText("Async closures are stable at last.");

    await key("n");
    const editor = await screen.findByTestId("note-editor");
    await fireEvent.input(editor, { target: { value: "# Mine\n\n<img src=x onerror=alert(1)>" } });
    await vi.waitFor(() => expect(shell.named("set_note")).toHaveLength(1), { timeout: 2000 });
    expect(shell.named("set_note")[0]!.args).toEqual({ id: 1, body: "# Mine\n\n<img src=x onerror=alert(1)>", base: "" });

    await fireEvent.click(screen.getByTestId("note-preview-tab"));
    const preview = await screen.findByTestId("note-preview");
    expect(preview.querySelector("h1")?.textContent).toBe("Mine");
    expect(preview.innerHTML).not.toContain("onerror");
  });

  it("keeps only the rows in sight in the DOM, however long the list", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => summary(5000 - i, `Article number ${i}`));
    const shell = fakeShell(many);
    render(App);
    await screen.findAllByTestId("article-item");
    // The first page came in one call, and the list knows there is more.
    expect(shell.named("list_articles")).toHaveLength(1);
    expect(screen.getByTestId("list-count").textContent).toContain("200+");
    const rows = screen.getAllByTestId("article-item");
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.length).toBeLessThan(30);
    // The scroller is as tall as every loaded row, so the scrollbar tells the truth.
    const list = screen.getByRole("listbox");
    expect(list.style.height).toBe(`${200 * 120}px`);
  });

  it("clips into the collection on screen", async () => {
    const shell = shellWithTwo();
    shell.collections.push({ name: "Rust async", ids: [1] });
    shell.clips["https://blog.rust-lang.org/next"] = summary(8, "Next steps");
    render(App);
    await fireEvent.click(await screen.findByText("Rust async"));
    const input = await screen.findByPlaceholderText("Clip into Rust async");
    await fireEvent.input(input, { target: { value: "https://blog.rust-lang.org/next" } });
    await fireEvent.submit(screen.getByTestId("clip-form"));
    await vi.waitFor(() => expect(shell.named("clip_url")).toHaveLength(1));
    expect(shell.named("clip_url")[0]!.args).toMatchObject({ url: "https://blog.rust-lang.org/next", collection: "Rust async" });
  });

  it("renames a tag from the sidebar, and removes one after asking", async () => {
    const shell = shellWithTwo();
    shell.tags = { rustlang: [1], webkit: [2] };
    render(App);
    await fireEvent.click(await screen.findByLabelText("Rename the tag rustlang"));
    const field = screen.getByLabelText("New name for the tag rustlang");
    await fireEvent.input(field, { target: { value: "rust" } });
    await fireEvent.submit(field.closest("form")!);
    await vi.waitFor(() => expect(shell.named("rename_tag").map((c) => c.args)).toEqual([{ old: "rustlang", new: "rust" }]));
    expect(await screen.findByLabelText("Rename the tag rust")).toBeTruthy();

    await fireEvent.click(screen.getByLabelText("Delete the tag webkit"));
    expect(shell.named("delete_tag")).toHaveLength(0);
    await fireEvent.click(screen.getByRole("button", { name: "Remove" }));
    await vi.waitFor(() => expect(shell.named("delete_tag").map((c) => c.args)).toEqual([{ name: "webkit" }]));
  });

  it("saves the search on screen, runs a saved search afresh from the sidebar, renames and deletes it", async () => {
    const shell = shellWithTwo();
    shell.searchHits = (q) => (q === "closures" ? [{ article: rust, snippet: "async [closures]" }] : []);
    render(App);
    await screen.findAllByTestId("article-item");
    expect(screen.queryByTestId("save-search")).toBeNull();

    // A search on screen can be saved, under the query as name unless another is typed.
    await fireEvent.input(screen.getByTestId("search-input"), { target: { value: "closures" } });
    await fireEvent.click(await screen.findByTestId("save-search"));
    const name = screen.getByTestId<HTMLInputElement>("saved-search-name");
    expect(name.value).toBe("closures");
    await fireEvent.input(name, { target: { value: "Async closures" } });
    await fireEvent.submit(name.closest("form")!);
    await vi.waitFor(() => expect(screen.getAllByTestId("saved-search").map((b) => b.textContent?.trim())).toEqual(["Async closures"]));
    expect(shell.named("save_search")[0]!.args).toMatchObject({ name: "Async closures", query: "closures", filter: { status: "unread" } });

    // Elsewhere, with the box cleared, clicking it puts its query back and shows its current results.
    await fireEvent.keyDown(screen.getByTestId("search-input"), { key: "Escape" });
    await fireEvent.click(screen.getByTestId("view-all"));
    expect(await screen.findAllByTestId("article-title")).toHaveLength(2);
    shell.searchHits = (q) =>
      q === "closures" ? [{ article: rust, snippet: "async [closures]" }, { article: webkit, snippet: "[closures] too" }] : [];
    await fireEvent.click(screen.getByTestId("saved-search"));
    await vi.waitFor(() => expect(screen.getAllByTestId("search-snippet")).toHaveLength(2));
    expect(screen.getByTestId<HTMLInputElement>("search-input").value).toBe("closures");
    expect(screen.getByTestId("saved-search").getAttribute("aria-current")).toBe("page");
    expect(shell.named("search_articles").at(-1)!.args).toMatchObject({ query: "closures", filter: { status: "unread", trash: false } });

    // Renamed and deleted from the item, after asking.
    await fireEvent.click(screen.getByLabelText("Rename the saved search Async closures"));
    const field = screen.getByLabelText("New name for the saved search Async closures");
    await fireEvent.input(field, { target: { value: "Closures" } });
    await fireEvent.submit(field.closest("form")!);
    await vi.waitFor(() => expect(shell.named("rename_saved_search").map((c) => c.args)).toEqual([{ old: "Async closures", new: "Closures" }]));
    await fireEvent.click(await screen.findByLabelText("Delete the saved search Closures"));
    expect(shell.named("delete_saved_search")).toHaveLength(0);
    await fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    await vi.waitFor(() => expect(shell.named("delete_saved_search").map((c) => c.args)).toEqual([{ name: "Closures" }]));
    await vi.waitFor(() => expect(screen.queryByTestId("saved-search")).toBeNull());
  });

  it("refreshes an article from the web and says what became of its highlights", async () => {
    const shell = shellWithTwo();
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    await within(screen.getByTestId("reader")).findByText("Async closures are stable at last.");
    await fireEvent.click(screen.getByLabelText("Refresh from the web"));
    await vi.waitFor(() => expect(shell.named("refresh_article")).toHaveLength(1));
    expect(shell.named("refresh_article")[0]!.args).toMatchObject({ id: 1 });
    expect((await screen.findAllByTestId("toast")).map((t) => t.textContent)).toContainEqual(
      expect.stringContaining("Refreshed from the web: 2 highlights in place, 1 moved with their text"),
    );
  });

  it("reviews every highlight, narrowed by words and colour, and opens one in its article", async () => {
    const shell = shellWithTwo();
    const base = { prefix: "", suffix: "", start: 0, end: 0, orphaned: false, created_at: "", updated_at: "" };
    shell.highlights.push(
      { ...base, id: 1, article_id: 1, exact: "Library authors have waited years", color: "green", note: "the crux" },
      { ...base, id: 2, article_id: 2, exact: "A faster compositor", color: "pink", note: null },
    );
    render(App);
    await fireEvent.click(await screen.findByTestId("view-highlights"));
    expect(await screen.findAllByTestId("highlight-entry")).toHaveLength(2);

    await fireEvent.input(screen.getByTestId("search-input"), { target: { value: "crux" } });
    await vi.waitFor(() => expect(screen.getAllByTestId("highlight-entry")).toHaveLength(1));
    expect(shell.named("list_highlights").at(-1)!.args.filter).toMatchObject({ query: "crux", color: null });
    expect(shell.named("search_articles")).toHaveLength(0);

    await fireEvent.click(screen.getByTestId("highlight-entry"));
    const content = await screen.findByTestId("article-content");
    await vi.waitFor(() => expect(content.querySelector("mark.hl.active")?.textContent).toBe("Library authors have waited years"));

    await fireEvent.input(screen.getByTestId("search-input"), { target: { value: "" } });
    await fireEvent.click(screen.getByRole("radio", { name: "pink" }));
    await vi.waitFor(() => expect(shell.named("list_highlights").at(-1)!.args.filter).toMatchObject({ color: "pink", query: null }));
    await vi.waitFor(() => expect(screen.getAllByTestId("highlight-entry")).toHaveLength(1));
    expect(screen.getByTestId("highlight-entry").textContent).toContain("A faster compositor");
  });

  it("shows the shell's message when the library cannot be opened", async () => {
    mockIPC(
      () => {
        throw { code: "library_unavailable", message: "open /nowhere/library.db: permission denied" };
      },
      { shouldMockEvents: true },
    );
    render(App);
    const alert = await screen.findByTestId("library-error");
    expect(alert.textContent).toContain("open /nowhere/library.db: permission denied");
    expect(screen.queryAllByTestId("article-item")).toHaveLength(0);
  });

  it("offers the newest backup when the library is damaged, and opens it once restored", async () => {
    const shell = shellWithTwo();
    shell.damaged = true;
    shell.backups = [
      { name: "library-2026-11-25.sqlite3", date: "2026-11-25", size_bytes: 3 * 1024 * 1024 },
      { name: "library-2026-11-24.sqlite3", date: "2026-11-24", size_bytes: 1024 },
    ];
    render(App);
    const panel = await screen.findByTestId("library-damaged");
    expect(panel.textContent).toContain("the file is damaged");
    const restore = await screen.findByTestId("restore-backup");
    expect(restore.textContent).toBe("Restore the backup of 2026-11-25");
    expect(panel.textContent).toContain("3.0 MB");
    expect(panel.textContent).toContain("1 older backup is");

    await fireEvent.click(restore);
    expect((await screen.findAllByTestId("article-title")).map((t) => t.textContent)).toEqual([rust.title, webkit.title]);
    expect(shell.named("restore_backup").map((c) => c.args)).toEqual([{ name: "library-2026-11-25.sqlite3" }]);
    expect(screen.queryByTestId("library-damaged")).toBeNull();
  });

  it("says so when a damaged library has no backup", async () => {
    const shell = shellWithTwo();
    shell.damaged = true;
    render(App);
    const panel = await screen.findByTestId("library-damaged");
    await vi.waitFor(() => expect(panel.textContent).toContain("No backup of this library was found"));
    expect(screen.queryByTestId("restore-backup")).toBeNull();
  });

  it("counts each view in the sidebar, and deletes to a trash that restores and empties", async () => {
    const shell = shellWithTwo();
    render(App);
    expect((await screen.findByTestId("count-inbox")).textContent).toBe("2");
    expect(screen.getByTestId("count-all").textContent).toBe("2");
    expect(screen.queryByTestId("count-trash")).toBeNull();

    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    await key("#");
    await vi.waitFor(() => expect(screen.getAllByTestId("article-title").map((t) => t.textContent)).toEqual([webkit.title]));
    expect(shell.named("delete_articles").map((c) => c.args)).toEqual([{ ids: [1] }]);
    await vi.waitFor(() => expect(screen.getByTestId("count-trash").textContent).toBe("1"));
    expect(screen.getByTestId("count-inbox").textContent).toBe("1");

    // Undo (Ctrl+Z) restores it.
    await key("z", { ctrlKey: true });
    await vi.waitFor(() => expect(screen.getAllByTestId("article-title")).toHaveLength(2));
    expect(shell.named("restore_articles").map((c) => c.args)).toEqual([{ ids: [1] }]);

    // Into the trash again; the trash view restores from the reader and empties after asking.
    await fireEvent.click(screen.getAllByTestId("article-item").find((item) => item.textContent?.includes(webkit.title))!);
    await key("#");
    await fireEvent.click(screen.getByTestId("view-trash"));
    expect((await screen.findAllByTestId("article-title")).map((t) => t.textContent)).toEqual([webkit.title]);
    expect(screen.getByTestId("list-title").textContent).toContain("Trash");
    await fireEvent.click(screen.getAllByTestId("article-item")[0]!);
    await fireEvent.click(await screen.findByTestId("reader-restore"));
    await vi.waitFor(() => expect(screen.getByTestId("list-empty").textContent).toContain("The trash is empty"));
    expect(shell.articles.map((a) => a.id)).toContain(2);

    await fireEvent.click(screen.getByTestId("view-all"));
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    await key("#");
    await fireEvent.click(screen.getByTestId("view-trash"));
    await fireEvent.click(await screen.findByTestId("empty-trash"));
    expect(shell.named("empty_trash")).toHaveLength(0);
    await fireEvent.click(screen.getByTestId("confirm-empty-trash"));
    await vi.waitFor(() => expect(shell.named("empty_trash")).toHaveLength(1));
    await vi.waitFor(() => expect(screen.queryByTestId("count-trash")).toBeNull());
  });

  it("sorts the list by publication date through the library", async () => {
    const shell = fakeShell([
      summary(2, "Saved last, published long ago", { published_at: "2020-01-01T00:00:00Z" }),
      summary(1, "Saved first, published lately", { published_at: "2026-06-01T00:00:00Z" }),
    ]);
    render(App);
    expect((await screen.findAllByTestId("article-title"))[0]!.textContent).toBe("Saved last, published long ago");
    await fireEvent.change(screen.getByTestId("sort-select"), { target: { value: "published" } });
    await vi.waitFor(() =>
      expect(screen.getAllByTestId("article-title").map((t) => t.textContent)).toEqual([
        "Saved first, published lately",
        "Saved last, published long ago",
      ]),
    );
    expect(shell.named("list_articles").at(-1)!.args.filter).toMatchObject({ sort: "published", limit: 200 });
    expect(screen.getAllByTestId("article-item")[0]!.querySelector("time")?.getAttribute("title")).toBe("Published");
  });

  it("reorders collections and describes one, shown above its articles", async () => {
    const shell = shellWithTwo();
    shell.collections.push({ name: "Rust async", ids: [1] }, { name: "Later", ids: [] });
    render(App);
    await screen.findAllByTestId("article-item");
    const names = () => screen.getAllByTestId("collection").map((c) => c.textContent?.trim().split(/\s+/)[0]);
    await vi.waitFor(() => expect(names()).toEqual(["Rust", "Later"]));
    await fireEvent.click(screen.getByLabelText("More for Rust async"));
    await fireEvent.click(screen.getByLabelText("Move Rust async down"));
    expect(screen.queryByRole("menu")).toBeNull();
    await vi.waitFor(() => expect(names()).toEqual(["Later", "Rust"]));
    expect(shell.named("move_collection").map((c) => c.args)).toEqual([{ name: "Rust async", position: 2 }]);

    // A click elsewhere closes the menu.
    await fireEvent.click(screen.getByLabelText("More for Rust async"));
    expect(screen.getByRole("menu")).toBeTruthy();
    await fireEvent.pointerDown(screen.getByTestId("list-pane"));
    expect(screen.queryByRole("menu")).toBeNull();
    await fireEvent.click(screen.getByLabelText("More for Rust async"));
    await fireEvent.click(screen.getByLabelText("Describe Rust async"));
    const field = screen.getByTestId("collection-description-input");
    await fireEvent.input(field, { target: { value: "Everything on async Rust" } });
    await fireEvent.submit(field.closest("form")!);
    await vi.waitFor(() => expect(shell.named("describe_collection")).toHaveLength(1));
    await fireEvent.click(await screen.findByText("Rust async"));
    expect((await screen.findByTestId("collection-description")).textContent).toBe("Everything on async Rust");
  });

  it("shows the trash when the native menu asks", async () => {
    const shell = shellWithTwo();
    shell.trash.push(summary(9, "Old news"));
    render(App);
    await screen.findAllByTestId("article-item");
    await emit("menu", "show-trash");
    await vi.waitFor(() => expect(screen.getByTestId("list-title").textContent).toContain("Trash"));
    expect((await screen.findAllByTestId("article-title")).map((t) => t.textContent)).toEqual(["Old news"]);
  });

  it("keeps the window, not the welcome, when the last article goes to the trash", async () => {
    const shell = fakeShell([rust]);
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    await key("#");
    await vi.waitFor(() => expect(screen.getByTestId("count-trash").textContent).toBe("1"));
    expect(shell.articles).toHaveLength(0);
    expect(screen.getByTestId("list-pane")).toBeTruthy();
  });

  it("reorders collections by dragging one onto another, and files dragged articles", async () => {
    const shell = shellWithTwo();
    shell.collections.push({ name: "Rust async", ids: [] }, { name: "Later", ids: [] });
    render(App);
    await screen.findAllByTestId("article-item");
    const rows = await screen.findAllByTestId("collection");
    const target = rows[0]!.closest("li")!;
    const carrying = (type: string, value: string) => ({
      dataTransfer: { types: [type], getData: (t: string) => (t === type ? value : ""), dropEffect: "" },
    });
    await fireEvent.dragOver(target, carrying("application/x-tidings-collection", "Later"));
    expect(target.classList.contains("drop")).toBe(true);
    await fireEvent.drop(target, carrying("application/x-tidings-collection", "Later"));
    await vi.waitFor(() => expect(shell.named("move_collection").map((c) => c.args)).toEqual([{ name: "Later", position: 1 }]));
    await vi.waitFor(() =>
      expect(screen.getAllByTestId("collection").map((c) => c.textContent?.trim().split(/\s+/)[0])).toEqual(["Later", "Rust"]),
    );

    const rust = screen.getAllByTestId("collection")[1]!.closest("li")!;
    await fireEvent.drop(rust, carrying("application/x-tidings-articles", "[2]"));
    await vi.waitFor(() => expect(shell.named("add_to_collection").map((c) => c.args)).toEqual([{ name: "Rust async", ids: [2] }]));
    expect(shell.named("move_collection")).toHaveLength(1);
  });

  it("backs up now and restores a backup from the Backups dialog, after asking", async () => {
    const shell = shellWithTwo();
    shell.backups = [{ name: "library-2026-11-20.sqlite3", date: "2026-11-20", size_bytes: 4096 }];
    render(App);
    await screen.findAllByTestId("article-item");
    await fireEvent.click(screen.getByTestId("backups-button"));
    const dialog = await screen.findByTestId("backups");
    await vi.waitFor(() => expect(within(dialog).getAllByTestId("backup")).toHaveLength(1));

    await fireEvent.click(within(dialog).getByTestId("backup-now"));
    await vi.waitFor(() => expect(within(dialog).getAllByTestId("backup")).toHaveLength(2));
    expect(within(dialog).getAllByTestId("backup")[0]!.textContent).toContain("2026-11-26");

    // Busy: the reason is shown and nothing changes.
    shell.busy = true;
    await fireEvent.click(within(dialog).getByLabelText("Restore the backup of 2026-11-20"));
    expect(shell.named("restore_backup")).toHaveLength(0);
    await fireEvent.click(within(dialog).getByTestId("confirm-restore"));
    expect(await within(dialog).findByRole("alert")).toBeTruthy();
    expect(dialog.textContent).toContain("the library is busy");

    shell.busy = false;
    const listed = shell.named("list_articles").length;
    await fireEvent.click(within(dialog).getByLabelText("Restore the backup of 2026-11-20"));
    await fireEvent.click(within(dialog).getByTestId("confirm-restore"));
    await vi.waitFor(() => expect(screen.queryByTestId("backups")).toBeNull());
    expect(shell.named("restore_backup").at(-1)!.args).toEqual({ name: "library-2026-11-20.sqlite3" });
    expect(shell.named("list_articles").length).toBeGreaterThan(listed);
    expect((await screen.findAllByTestId("toast")).map((t) => t.textContent)).toContainEqual(
      expect.stringContaining("Restored the backup of 2026-11-20"),
    );
  });
});
