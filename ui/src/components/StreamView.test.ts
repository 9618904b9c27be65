// The stream in the window against a fake shell: the sidebar's counts, the rows, the keyboard's
// triage (j/k, s, x, Shift+X, u), subscribing, and counts that follow a background poll.
import { emit } from "@tauri-apps/api/event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../App.svelte";
import { fakeShell, feed, feedItem, summary, type FakeShell } from "../test-fixtures";

const hn = feed(1, "Hacker News", { folder: "News" });
const lobsters = feed(2, "Lobsters", { folder: "News" });
const blog = feed(3, "The Compile Times");

function shellWithFeeds(): FakeShell {
  const shell = fakeShell([summary(1, "An article already saved")]);
  shell.feeds = [hn, lobsters, blog];
  shell.items = [
    feedItem(14, blog, "Gamma arrives", { comments_url: "https://news.example/item?id=14" }),
    feedItem(13, hn, "Beta lands", { also_in: [2], summary_html: "<p>Beta <a href='https://beta.example/notes'>notes</a>.</p>" }),
    feedItem(12, lobsters, "Alpha ships"),
    feedItem(11, hn, "Old news", { state: "seen" }),
  ];
  return shell;
}

function key(k: string, init: KeyboardEventInit = {}) {
  return fireEvent.keyDown(window, { key: k, ...init });
}

function rowTitles(): string[] {
  return screen.getAllByTestId("stream-item-title").map((t) => t.textContent ?? "");
}

function cursorTitle(): string | null | undefined {
  return screen
    .getAllByTestId("stream-item")
    .find((r) => r.getAttribute("aria-current") === "true")
    ?.querySelector("[data-testid=stream-item-title]")?.textContent;
}

async function openStream(): Promise<void> {
  await fireEvent.click(await screen.findByTestId("view-stream"));
  await screen.findAllByTestId("stream-item");
}

beforeEach(() => localStorage.clear());

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the stream", () => {
  it("shows the unseen counts of every feed, folder and feed in the sidebar", async () => {
    shellWithFeeds();
    render(App);
    const sidebar = await screen.findByTestId("sidebar-stream");
    await vi.waitFor(() => expect(within(sidebar).getByTestId("count-stream").textContent).toBe("3"));
    const folders = within(sidebar).getAllByTestId("stream-folder");
    expect(folders.map((f) => f.textContent?.replace(/\s+/g, " ").trim())).toEqual(["News 2"]);
    const feeds = within(sidebar).getAllByTestId("stream-feed");
    expect(feeds.map((f) => f.textContent?.replace(/\s+/g, " ").trim())).toEqual(["The Compile Times 1", "Hacker News 1", "Lobsters 1"]);
  });

  it("lists the items to triage newest first, with source, summary, comments and other feeds", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();

    expect(rowTitles()).toEqual(["Gamma arrives", "Beta lands", "Alpha ships", "Old news"]);
    expect(shell.named("list_stream")[0]!.args.filter).toEqual({ feed_id: null, folder: null, states: "active", after: null, limit: 50 });
    const rows = screen.getAllByTestId("stream-item");
    expect(rows[1]!.textContent).toContain("Hacker News");
    expect(within(rows[1]!).getByTestId("also-in").textContent).toBe("also in: Lobsters");
    expect(within(rows[1]!).getByTestId("stream-summary").innerHTML).toContain("<a href=\"https://beta.example/notes\">notes</a>");
    expect(within(rows[0]!).getByTestId("comments-link")).toBeTruthy();
    expect(screen.queryByTestId("list-pane")).toBeNull();

    // A link in a summary opens in the browser, never in the window.
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    within(rows[1]!).getByText("notes").dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(shell.named("plugin:opener|open_url")[0]!.args).toMatchObject({ url: "https://beta.example/notes" }));
  });

  it("triages from the keyboard: j/k move, s keeps, x dismisses, u toggles seen, Shift+X clears above", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();
    expect(cursorTitle()).toBe("Gamma arrives");

    await key("j");
    expect(cursorTitle()).toBe("Beta lands");
    await key("k");
    expect(cursorTitle()).toBe("Gamma arrives");

    // s keeps: the item becomes an article, the row says so, the library's counts reload.
    const counted = shell.named("view_counts").length;
    await key("s");
    await vi.waitFor(() => expect(shell.named("keep_item").map((c) => c.args)).toEqual([{ itemId: 14 }]));
    await vi.waitFor(() => expect(screen.getAllByTestId("stream-item")[0]!.dataset.state).toBe("kept"));
    expect(shell.articles[0]!.title).toBe("Gamma arrives");
    await vi.waitFor(() => expect(shell.named("view_counts").length).toBeGreaterThan(counted));
    // The stream's keys are not the list's: s did not star anything.
    expect(shell.named("set_starred")).toEqual([]);

    // x dismisses the row under the cursor, which moves to the next; the count follows.
    await key("j");
    await key("x");
    await vi.waitFor(() => expect(shell.named("dismiss_items").map((c) => c.args)).toEqual([{ ids: [13] }]));
    await vi.waitFor(() => expect(rowTitles()).toEqual(["Gamma arrives", "Alpha ships", "Old news"]));
    expect(cursorTitle()).toBe("Alpha ships");
    await vi.waitFor(() => expect(screen.getByTestId("count-stream").textContent).toBe("1"));

    // u marks the seen item new again, and back.
    await key("j");
    expect(cursorTitle()).toBe("Old news");
    await key("u");
    await vi.waitFor(() => expect(shell.named("mark_seen").map((c) => c.args)).toEqual([{ ids: [11], seen: false }]));
    await vi.waitFor(() => expect(screen.getByTestId("count-stream").textContent).toBe("2"));
    await key("u");
    await vi.waitFor(() => expect(shell.named("mark_seen").at(-1)!.args).toEqual({ ids: [11], seen: true }));

    // Shift+X dismisses everything above the cursor (the kept item stays kept).
    await key("X", { shiftKey: true });
    await vi.waitFor(() => expect(shell.named("dismiss_above").map((c) => c.args)).toEqual([{ itemId: 11, feedId: null }]));
    await vi.waitFor(() => expect(rowTitles()).toEqual(["Gamma arrives", "Old news"]));
    expect(shell.items.find((i) => i.id === 14)!.state).toBe("kept");
    expect(shell.items.find((i) => i.id === 12)!.state).toBe("dismissed");
  });

  it("opens an item with o, marking it seen, and reads a kept one in the library", async () => {
    const shell = shellWithFeeds();
    shell.contents[1014] = "<p>The whole Gamma article.</p>";
    render(App);
    await openStream();
    await key("o");
    await vi.waitFor(() => expect(shell.named("mark_seen").map((c) => c.args)).toEqual([{ ids: [14], seen: true }]));
    expect(screen.getAllByTestId("stream-summary")[0]!.classList.contains("open")).toBe(true);
    await key("s");
    await fireEvent.click(await screen.findByTestId("read-kept"));
    const reader = await screen.findByTestId("reader");
    expect(await within(reader).findByText("The whole Gamma article.")).toBeTruthy();
  });

  it("shows one feed's items, and dismisses above within that feed", async () => {
    const shell = shellWithFeeds();
    render(App);
    await screen.findByTestId("sidebar-stream");
    const feeds = await screen.findAllByTestId("stream-feed");
    await fireEvent.click(feeds.find((f) => f.textContent?.includes("Hacker News"))!);
    await vi.waitFor(() => expect(rowTitles()).toEqual(["Beta lands", "Old news"]));
    expect(screen.getByTestId("stream-title").textContent).toBe("Hacker News");
    await key("j");
    await key("X", { shiftKey: true });
    await vi.waitFor(() => expect(shell.named("dismiss_above").map((c) => c.args)).toEqual([{ itemId: 11, feedId: 1 }]));
  });

  it("subscribes from the field, and the new feed's items and count appear", async () => {
    const shell = shellWithFeeds();
    const rust = feed(4, "This Week in Rust");
    shell.subscriptions["https://this-week-in-rust.org/"] = { feed: rust, items: [feedItem(20, rust, "This Week in Rust 600")] };
    render(App);
    await openStream();
    await fireEvent.input(screen.getByTestId("subscribe-input"), { target: { value: "https://this-week-in-rust.org/" } });
    await fireEvent.submit(screen.getByTestId("subscribe-form"));
    await vi.waitFor(() =>
      expect(shell.named("subscribe_feed")[0]!.args).toEqual({
        url: "https://this-week-in-rust.org/",
        options: { folder: null, full_text: false },
      }),
    );
    await vi.waitFor(() => expect(rowTitles()[0]).toBe("This Week in Rust 600"));
    expect(screen.getByTestId("count-stream").textContent).toBe("4");
    expect(screen.getAllByTestId("stream-feed").some((f) => f.textContent?.includes("This Week in Rust"))).toBe(true);
  });

  it("follows a background poll: the counts and the rows update when the shell says items arrived", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();
    shell.items = [feedItem(15, blog, "Delta, just in"), ...shell.items];
    await emit("feeds-updated", { new_items: 1 });
    await vi.waitFor(() => expect(rowTitles()[0]).toBe("Delta, just in"));
    expect(screen.getByTestId("count-stream").textContent).toBe("4");
    // The cursor stays on the item it was on.
    expect(cursorTitle()).toBe("Gamma arrives");
  });

  it("refreshes every feed with r, and unsubscribes from a feed's menu", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();
    await key("r");
    await vi.waitFor(() => expect(shell.named("refresh_all_feeds")).toHaveLength(1));

    const menus = screen.getAllByTestId("feed-menu-button");
    await fireEvent.click(menus[0]!);
    await fireEvent.click(screen.getByTestId("feed-pause"));
    await vi.waitFor(() => expect(shell.named("set_feed_paused").map((c) => c.args)).toEqual([{ id: 3, paused: true }]));
    await fireEvent.click(screen.getAllByTestId("feed-menu-button")[0]!);
    await fireEvent.click(screen.getByTestId("feed-unsubscribe"));
    await fireEvent.click(screen.getByTestId("confirm-unsubscribe"));
    await vi.waitFor(() => expect(shell.named("remove_feed").map((c) => c.args)).toEqual([{ id: 3 }]));
    await vi.waitFor(() => expect(rowTitles()).toEqual(["Beta lands", "Alpha ships", "Old news"]));
  });

  it("can mark items seen as the cursor moves past them, when asked to", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();
    await key("j");
    expect(shell.named("mark_seen")).toEqual([]);
    await fireEvent.click(screen.getByTestId("open-stream-settings"));
    await fireEvent.click(await screen.findByLabelText("Mark items seen when scrolled or moved past"));
    await fireEvent.click(within(screen.getByTestId("stream-settings")).getByLabelText("Close"));
    await key("j");
    await vi.waitFor(() => expect(shell.named("mark_seen").map((c) => c.args)).toEqual([{ ids: [13], seen: true }]));
    expect(JSON.parse(localStorage.getItem("tidings.stream")!)).toEqual({ seenWhenPassed: true });
  });

  it("answers the menu's Stream and Refresh Feeds", async () => {
    const shell = shellWithFeeds();
    render(App);
    await screen.findByTestId("list-pane");
    await emit("menu", "show-stream");
    await screen.findByTestId("stream-view");
    await vi.waitFor(() => expect(rowTitles()).toEqual(["Gamma arrives", "Beta lands", "Alpha ships", "Old news"]));
    await emit("menu", "refresh-feeds");
    await vi.waitFor(() => expect(shell.named("refresh_all_feeds")).toHaveLength(1));
  });

  it("shows a folder's feeds, and dismisses the rows above within the folder only", async () => {
    const shell = shellWithFeeds();
    render(App);
    await fireEvent.click((await screen.findAllByTestId("stream-folder"))[0]!);
    await vi.waitFor(() => expect(rowTitles()).toEqual(["Beta lands", "Alpha ships", "Old news"]));
    expect(screen.getByTestId("stream-title").textContent).toBe("News");
    // The library filters the folder: the window asks for it, not for every feed's items.
    expect(shell.named("list_stream").at(-1)!.args.filter).toMatchObject({ feed_id: null, folder: "News" });
    await key("j");
    await key("j");
    await key("X", { shiftKey: true });
    await vi.waitFor(() => expect(shell.named("dismiss_items").map((c) => c.args)).toEqual([{ ids: [13, 12] }]));
    expect(shell.named("dismiss_above")).toEqual([]);
    expect(shell.items.find((i) => i.id === 14)!.state).toBe("new");
    await vi.waitFor(() => expect(rowTitles()).toEqual(["Old news"]));
  });

  it("lists the stream's keys in the shortcuts help", async () => {
    shellWithFeeds();
    render(App);
    await openStream();
    await key("?");
    const help = await screen.findByTestId("stream-shortcuts");
    expect(help.textContent).toContain("Dismiss every item above");
  });

  it("imports and exports the subscriptions as OPML through the native dialogs", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();
    await fireEvent.click(screen.getByTestId("opml-import"));
    await vi.waitFor(() => expect(shell.named("import_opml").map((c) => c.args)).toEqual([{ file: "/home/ada/subscriptions.opml" }]));
    await vi.waitFor(() => expect(screen.getAllByTestId("stream-feed").some((f) => f.textContent?.includes("Imported feed"))).toBe(true));
    // What was added is polled at once.
    await vi.waitFor(() => expect(shell.named("refresh_feeds").map((c) => c.args)).toEqual([{ ids: null }]));
    await fireEvent.click(screen.getByTestId("opml-export"));
    await vi.waitFor(() => expect(shell.named("export_opml").map((c) => c.args)).toEqual([{ folder: "/home/ada/exports" }]));
    expect(await screen.findByText("Saved the subscriptions to /home/ada/exports/tidings-subscriptions.opml")).toBeTruthy();
  });

  it("opens an item with its summary at once, then its article once fetched, and keeps it from there", async () => {
    const shell = shellWithFeeds();
    shell.previews[14] = { item_id: 14, final_url: "https://news.example/14", content_html: "<p>The whole Gamma article.</p>", word_count: 4, fetched_at: "" };
    shell.hold.add("fetch_item_preview");
    render(App);
    await openStream();
    await key("o");
    const row = () => screen.getAllByTestId("stream-item")[0]!;
    // The summary shows while the article is on its way.
    expect(within(row()).getByTestId("stream-summary").classList.contains("open")).toBe(true);
    expect(await within(row()).findByTestId("stream-article-loading")).toBeTruthy();
    expect(within(row()).queryByTestId("stream-article")).toBeNull();
    shell.release("fetch_item_preview");
    expect((await within(row()).findByTestId("stream-article")).textContent).toContain("The whole Gamma article.");
    expect(within(row()).queryByTestId("stream-summary")).toBeNull();
    await fireEvent.click(within(row()).getByText("Keep (s)"));
    await vi.waitFor(() => expect(shell.named("keep_item").map((c) => c.args)).toEqual([{ itemId: 14 }]));
    await vi.waitFor(() => expect(row().dataset.state).toBe("kept"));
  });

  it("says in one line when the article cannot be fetched, and keeps the summary", async () => {
    const shell = shellWithFeeds();
    shell.previews[14] = { code: "network", message: "fetch https://news.example/14: HTTP 503 Service Unavailable" };
    render(App);
    await openStream();
    await key("o");
    const failed = await screen.findByTestId("stream-article-failed");
    expect(failed.textContent).toBe("Could not fetch the article: fetch https://news.example/14: HTTP 503 Service Unavailable");
    expect(screen.getAllByTestId("stream-summary")[0]!.classList.contains("open")).toBe(true);
  });

  it("drops an article that arrives after its item was closed", async () => {
    const shell = shellWithFeeds();
    shell.previews[14] = { item_id: 14, final_url: "https://news.example/14", content_html: "<p>Late.</p>", word_count: 1, fetched_at: "" };
    shell.hold.add("fetch_item_preview");
    render(App);
    await openStream();
    await key("o");
    await key("Escape");
    shell.hold.delete("fetch_item_preview");
    shell.release("fetch_item_preview");
    await vi.waitFor(() => expect(shell.named("fetch_item_preview")).toHaveLength(1));
    await new Promise((go) => setTimeout(go, 0));
    expect(screen.queryByTestId("stream-article")).toBeNull();
    expect(screen.getAllByTestId("stream-summary")[0]!.classList.contains("open")).toBe(false);
    // The late answer was dropped, not kept for the closed item: opening it again asks anew.
    await key("o");
    await vi.waitFor(() => expect(shell.named("fetch_item_preview")).toHaveLength(2));
    expect((await screen.findByTestId("stream-article")).textContent).toContain("Late.");
  });

  it("writes a rule in the rules screen: tested against the stream first, then saved, listed and deleted", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();
    await fireEvent.click(screen.getByTestId("open-stream-settings"));
    const dialog = await screen.findByTestId("stream-settings");
    expect(await within(dialog).findByTestId("rules-empty")).toBeTruthy();
    await fireEvent.click(within(dialog).getByTestId("rule-new"));

    // A bad regular expression is named in one line, and nothing is saved.
    await fireEvent.click(within(dialog).getByTestId("rule-regex"));
    await fireEvent.input(within(dialog).getByTestId("rule-pattern"), { target: { value: "(beta" } });
    await fireEvent.click(within(dialog).getByTestId("rule-test"));
    expect((await within(dialog).findByTestId("rule-error")).textContent).toBe('rule pattern "(beta": not a valid regular expression');
    await fireEvent.click(within(dialog).getByTestId("rule-save"));
    expect(shell.named("add_rule").length).toBe(1);
    expect(shell.rules).toEqual([]);

    await fireEvent.input(within(dialog).getByTestId("rule-pattern"), { target: { value: "^(Beta|Alpha)" } });
    await fireEvent.click(within(dialog).getByTestId("rule-test"));
    await vi.waitFor(() => expect(within(dialog).getAllByTestId("rule-match").map((m) => m.textContent)).toHaveLength(2));
    expect(within(dialog).getByTestId("rule-match-count").textContent).toContain("2 items match");
    await fireEvent.change(within(dialog).getByTestId("rule-action"), { target: { value: "tag" } });
    await fireEvent.input(within(dialog).getByTestId("rule-tag"), { target: { value: "later" } });
    await fireEvent.click(within(dialog).getByTestId("rule-save"));
    await vi.waitFor(() => expect(shell.rules).toMatchObject([{ pattern: "^(Beta|Alpha)", regex: true, action: { tag: "later" }, feed_id: null }]));
    const listed = await within(dialog).findByTestId("rule-text");
    expect(listed.textContent?.replace(/\s+/g, " ")).toContain("Title matches ^(Beta|Alpha) (regex) in every feed → tag “later”, always");

    await fireEvent.click(within(dialog).getByTestId("rule-delete"));
    await fireEvent.click(within(dialog).getByTestId("rule-confirm-delete"));
    await vi.waitFor(() => expect(shell.rules).toEqual([]));
    expect(await within(dialog).findByTestId("rules-empty")).toBeTruthy();
  });

  it("starts a rule for a feed from its menu, and sets its full text there", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();
    await fireEvent.click(screen.getAllByTestId("feed-menu-button")[1]!);
    await fireEvent.click(screen.getByTestId("feed-full-text"));
    await vi.waitFor(() => expect(shell.named("set_feed_full_text").map((c) => c.args)).toEqual([{ id: 1, fullText: true }]));
    expect(await screen.findByText("New items of Hacker News arrive with their article")).toBeTruthy();
    await fireEvent.click(screen.getAllByTestId("feed-menu-button")[1]!);
    expect(screen.getByTestId("feed-full-text").textContent).toContain("Stop fetching full articles");
    await fireEvent.click(screen.getByTestId("feed-new-rule"));
    const dialog = await screen.findByTestId("stream-settings");
    expect((within(dialog).getByTestId("rule-feed") as HTMLSelectElement).selectedOptions[0]!.textContent).toBe("Hacker News");
  });

  it("counts a folder's unseen items with its subfolders'", async () => {
    const shell = shellWithFeeds();
    shell.feeds = [hn, { ...lobsters, folder: "News/Links" }, blog];
    render(App);
    const sidebar = await screen.findByTestId("sidebar-stream");
    await vi.waitFor(() => expect(within(sidebar).getAllByTestId("stream-folder")).toHaveLength(2));
    const folders = within(sidebar).getAllByTestId("stream-folder");
    expect(folders.map((f) => f.textContent?.replace(/\s+/g, " ").trim())).toEqual(["News 2", "News/Links 1"]);
  });

  it("sets how long triaged items stay", async () => {
    const shell = shellWithFeeds();
    render(App);
    await openStream();
    await fireEvent.click(screen.getByTestId("open-stream-settings"));
    const days = (await screen.findByTestId("keep-days")) as HTMLInputElement;
    await vi.waitFor(() => expect(days.value).toBe("30"));
    await fireEvent.input(days, { target: { value: "7" } });
    await fireEvent.blur(days);
    await vi.waitFor(() => expect(shell.keepDays).toBe(7));
  });

  it("searches the stream only when asked, shows its items apart, and opens one in its feed", async () => {
    const shell = shellWithFeeds();
    shell.searchHits = () => [];
    render(App);
    await screen.findByTestId("list-pane");
    await fireEvent.input(screen.getByTestId("search-input"), { target: { value: "beta" } });
    await vi.waitFor(() => expect(shell.named("search_articles")).toHaveLength(1));
    expect(shell.named("search_stream")).toEqual([]);
    expect(screen.queryByTestId("stream-hits")).toBeNull();

    await fireEvent.click(screen.getByTestId("search-include-stream"));
    const hits = await screen.findAllByTestId("stream-hit");
    expect(hits.map((h) => h.textContent?.replace(/\s+/g, " ").trim())).toEqual(["Beta lands Hacker News · unseen"]);
    await fireEvent.click(hits[0]!);
    await screen.findByTestId("stream-view");
    await vi.waitFor(() => expect(screen.getByTestId("stream-title").textContent).toBe("Hacker News"));
    await vi.waitFor(() => expect(screen.getAllByTestId("stream-summary").some((e) => e.classList.contains("open"))).toBe(true));
    expect(shell.named("list_stream").at(-1)!.args.filter).toMatchObject({ feed_id: 1, states: "all" });
  });
});
