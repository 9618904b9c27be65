// The browser's side of the window against a fake shell: an extension asking to pair, the paired
// browsers, the bookmarklet, notices from the shell, and a page captured in the browser.
import { emit } from "@tauri-apps/api/event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../App.svelte";
import type { Pairing } from "../bindings";
import { fakeShell, summary } from "../test-fixtures";

const asking: Pairing = {
  code: "K7Q2XD",
  name: "Firefox on the laptop",
  origin: "moz-extension://6f1c2d3e-aaaa-bbbb-cccc-123456789abc",
  created_at: "2026-12-08T01:00:00Z",
  expires_at: "2026-12-08T01:05:00Z",
  accepted: false,
};

beforeEach(() => localStorage.clear());

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("Browsers", () => {
  it("shows an extension's pairing request with its code as it arrives, and accepts it", async () => {
    const shell = fakeShell([summary(1, "Rust 1.95 ships async closures")]);
    render(App);
    await screen.findAllByTestId("article-item");
    expect(screen.queryByTestId("browsers")).toBeNull();

    shell.pairings = [asking];
    await emit("pairing-requested", asking);
    const request = await screen.findByTestId("pairing");
    expect(request.textContent).toContain("Firefox on the laptop");
    expect(within(request).getByTestId("pairing-code").textContent).toBe("K7Q2XD");
    expect(screen.getByTestId("api-status").textContent).toContain("127.0.0.1:47800");

    await fireEvent.click(within(request).getByTestId("accept-pairing"));
    await vi.waitFor(() => expect(shell.named("accept_pairing").map((c) => c.args)).toEqual([{ code: "K7Q2XD" }]));
    // Accepted, it waits for the extension to collect its token: no longer asking.
    await vi.waitFor(() => expect(screen.queryByTestId("pairing")).toBeNull());
    expect((await screen.findAllByTestId("toast")).map((t) => t.textContent)).toContainEqual(expect.stringContaining("Paired Firefox on the laptop"));
  });

  it("denies a request", async () => {
    const shell = fakeShell([summary(1, "Rust")]);
    shell.pairings = [asking];
    render(App);
    await screen.findAllByTestId("article-item");
    await emit("menu", "browsers");
    await fireEvent.click(await screen.findByTestId("deny-pairing"));
    await vi.waitFor(() => expect(shell.named("deny_pairing").map((c) => c.args)).toEqual([{ code: "K7Q2XD" }]));
    await vi.waitFor(() => expect(screen.queryByTestId("pairing")).toBeNull());
    expect(shell.named("accept_pairing")).toHaveLength(0);
  });

  it("lists the paired browsers and revokes one after asking", async () => {
    const shell = fakeShell([summary(1, "Rust")]);
    shell.tokens = [
      { name: "Chromium", origin: "chrome-extension://abcdefghijklmnopabcdefghijklmnop", created_at: "2026-12-01T00:00:00Z", last_used_at: null },
      { name: "Firefox", origin: null, created_at: "2026-12-02T00:00:00Z", last_used_at: "2026-12-07T00:00:00Z" },
    ];
    render(App);
    await screen.findAllByTestId("article-item");
    await emit("menu", "browsers");
    const tokens = await screen.findAllByTestId("token");
    expect(tokens.map((t) => t.textContent)).toEqual([expect.stringContaining("Chromium"), expect.stringContaining("Firefox")]);
    expect(tokens[0]!.textContent).toContain("last used never");

    await fireEvent.click(screen.getByLabelText("Revoke Chromium"));
    expect(shell.named("revoke_token")).toHaveLength(0);
    await fireEvent.click(screen.getByTestId("confirm-revoke"));
    await vi.waitFor(() => expect(shell.named("revoke_token").map((c) => c.args)).toEqual([{ name: "Chromium" }]));
    await vi.waitFor(() => expect(screen.getAllByTestId("token")).toHaveLength(1));
  });

  it("offers the bookmarklet to drag or copy, and a click on it does nothing", async () => {
    fakeShell([summary(1, "Rust")]);
    render(App);
    await screen.findAllByTestId("article-item");
    await emit("menu", "bookmarklet");
    const link = await screen.findByTestId("bookmarklet-link");
    expect(link.getAttribute("href")).toMatch(/^javascript:.*tidings:\/\/clip\?url=/);
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect((screen.getByTestId("bookmarklet-code") as HTMLTextAreaElement).value).toBe(link.getAttribute("href"));
  });

  it("shows the shell's notices once each, at start and when told", async () => {
    const shell = fakeShell([summary(1, "Rust")]);
    shell.notices = ["The browser extension cannot reach Tidings: no free port for the API in 127.0.0.1:47800-47809; name one with --port"];
    render(App);
    await screen.findAllByTestId("article-item");
    const toasts = await screen.findAllByTestId("toast");
    expect(toasts.map((t) => t.textContent)).toContainEqual(expect.stringContaining("no free port"));

    shell.notices = ["tidings:// link refused: the only action is tidings://clip?url=…"];
    await emit("notices", null);
    await vi.waitFor(() =>
      expect(screen.getAllByTestId("toast").map((t) => t.textContent)).toContainEqual(expect.stringContaining("tidings:// link refused")),
    );
    expect(screen.getAllByTestId("toast").filter((t) => t.textContent?.includes("no free port"))).toHaveLength(1);
  });

  it("marks a page captured in the browser, and refreshes it only when asked again", async () => {
    const shell = fakeShell([summary(1, "Behind a login")]);
    shell.captured = [1];
    render(App);
    await fireEvent.click((await screen.findAllByTestId("article-item"))[0]!);
    expect((await screen.findByTestId("captured-in-browser")).textContent).toContain("captured in browser");

    await fireEvent.click(screen.getByLabelText("Refresh from the web"));
    const refused = await vi.waitFor(() => {
      const toast = screen.getAllByTestId("toast").find((t) => t.textContent?.includes("captured in the browser"));
      expect(toast).toBeTruthy();
      return toast!;
    });
    expect(shell.named("refresh_article").map((c) => c.args.force)).toEqual([false]);
    await fireEvent.click(within(refused).getByRole("button", { name: "Refresh anyway" }));
    await vi.waitFor(() => expect(shell.named("refresh_article").map((c) => c.args.force)).toEqual([false, true]));
  });
});
