// The window against a mocked shell: what it lists, what it reads, what it says when the shell fails.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "./App.svelte";
import { article, summary } from "./test-fixtures";

const rust = summary(1, "Rust 1.95 ships async closures", { byline: "The Release Team" });
const webkit = summary(2, "WebKitGTK 2.50 lands", { site_name: null, url: "https://www.webkit.org/blog/2" });

const contents: Record<number, string> = {
  1: "<p>Async closures are stable at last.</p><p><a href='https://rust-lang.org'>Read more</a></p>",
  2: "<p>A faster compositor for Linux.</p>",
};

/** A shell holding `list`, recording every command it is asked to run. */
function mockShell(list = [rust, webkit]) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case "library_info":
        return { path: "/home/ada/.local/share/tidings/library.db", article_count: list.length };
      case "list_articles":
        return list;
      case "get_article": {
        const { id } = args as { id: number };
        const found = list.find((a) => a.id === id);
        if (!found) throw { code: "not_found", message: `no article with id ${id}` };
        return article(found, contents[id] ?? "");
      }
      default:
        throw `unknown command ${cmd}`;
    }
  });
  return calls;
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("App", () => {
  it("lists the titles the shell returns, with their site", async () => {
    const calls = mockShell();
    render(App);

    const titles = await screen.findAllByTestId("article-title");
    expect(titles.map((t) => t.textContent)).toEqual([rust.title, webkit.title]);
    const items = screen.getAllByTestId("article-item");
    expect(items[0]).toHaveProperty("textContent", expect.stringContaining("Example News"));
    // Without a site name the host stands in.
    expect(items[1]).toHaveProperty("textContent", expect.stringContaining("webkit.org"));
    expect(calls.find((c) => c.cmd === "list_articles")?.args).toEqual({
      filter: { status: null, tag: null, collection: null, starred: false, limit: null, offset: null },
    });
  });

  it("loads a clicked article into the reader", async () => {
    const calls = mockShell();
    render(App);

    const items = await screen.findAllByTestId("article-item");
    const reader = screen.getByTestId("reader");
    expect(reader.textContent).not.toContain("Async closures are stable");

    await fireEvent.click(items[0]!);
    expect(await within(reader).findByText("Async closures are stable at last.")).toBeTruthy();
    expect(within(reader).getByRole("heading", { level: 1 }).textContent).toBe(rust.title);
    expect(reader.querySelector("article")).not.toBeNull();
    expect(reader.textContent).toContain("The Release Team");
    expect(items[0]!.getAttribute("aria-current")).toBe("true");
    expect(calls.filter((c) => c.cmd === "get_article").map((c) => c.args)).toEqual([{ id: 1 }]);

    await fireEvent.click(items[1]!);
    expect(await within(reader).findByText("A faster compositor for Linux.")).toBeTruthy();
    expect(reader.textContent).not.toContain("Async closures are stable");
  });

  it("keeps the window on the app when a link in the article is clicked", async () => {
    mockShell();
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    const link = await screen.findByText("Read more");

    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
  });

  it("shows the shell's message when the library cannot be opened", async () => {
    mockIPC(() => {
      throw { code: "library_unavailable", message: "open /nowhere/library.db: permission denied" };
    });
    render(App);

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("open /nowhere/library.db: permission denied");
    expect(screen.queryAllByTestId("article-item")).toHaveLength(0);
  });

  it("shows the shell's message when an article cannot be loaded", async () => {
    mockIPC((cmd) => {
      if (cmd === "library_info") return { path: "/lib.db", article_count: 1 };
      if (cmd === "list_articles") return [summary(7, "Deleted from the CLI meanwhile")];
      throw { code: "not_found", message: "no article with id 7" };
    });
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);

    const alert = await within(screen.getByTestId("reader")).findByRole("alert");
    expect(alert.textContent).toBe("no article with id 7");
  });

  it("welcomes a new user when the library is empty", async () => {
    mockShell([]);
    render(App);

    const welcome = await screen.findByTestId("empty-library");
    expect(welcome.textContent).toContain("Your library is empty — clip an article with tidings add URL");
    expect(welcome.querySelector("code")?.textContent).toBe("tidings add URL");
  });
});
