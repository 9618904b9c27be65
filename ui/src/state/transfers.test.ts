// Exports and imports: the dialogs' answers, the commands' arguments, progress and the report.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Exports, selectionOf } from "./exports.svelte";
import { Imports } from "./imports.svelte";
import { Toasts } from "./toasts.svelte";

afterEach(() => clearMocks());

type Args = Record<string, unknown>;

/** The progress channel a command was given, to play the shell's part. */
function channelOf(args: Args): { onmessage: (message: unknown) => void } {
  return args.progress as { onmessage: (message: unknown) => void };
}

describe("Exports", () => {
  it("asks for a folder, then exports the offered selection in the chosen format", async () => {
    const calls: [string, Args][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Args]);
      if (cmd === "choose_export_folder") return "/home/ada/notes/rust";
      if (cmd === "export_articles") {
        channelOf(args as Args).onmessage({ kind: "started", articles: 3 });
        return { files: ["index.md", "a.md", "b.md", "c.md"], written: ["a.md", "b.md"], unchanged: 2, warnings: ["b.md was edited: kept, new version beside it"] };
      }
      return null;
    });
    const toasts = new Toasts();
    const exports = new Exports(toasts);
    exports.offer(selectionOf({ collection: "Rust async" }), "Rust async");
    const job = await exports.start("markdown");

    expect(job).toMatchObject({ state: "done", total: 3, folder: "/home/ada/notes/rust" });
    expect(exports.request).toBeNull();
    expect(calls.map(([cmd]) => cmd)).toEqual(["choose_export_folder", "export_articles"]);
    expect(calls[1]![1]).toMatchObject({
      selection: { collection: "Rust async", tag: null, ids: [], all: false, with_raw_html: false, with_images: false },
      format: "markdown",
      folder: "/home/ada/notes/rust",
    });
    expect(toasts.items.map((t) => t.message)).toEqual([
      "Exported Rust async: 2 files written, 2 unchanged in /home/ada/notes/rust",
      "b.md was edited: kept, new version beside it",
    ]);
  });

  it("asks for the images only with a Markdown format", async () => {
    const selections: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "choose_export_folder") return "/home/ada/vault";
      if (cmd === "export_articles") {
        selections.push((args as Args).selection);
        return { files: [], written: [], unchanged: 0, warnings: [] };
      }
      return null;
    });
    const exports = new Exports(new Toasts());
    for (const format of ["markdown", "markdown-single", "json", "highlights"] as const) {
      exports.offer(selectionOf({ all: true }), "the whole library");
      await exports.start(format, true);
    }
    expect(selections.map((s) => (s as { with_images: boolean }).with_images)).toEqual([true, true, false, false]);
  });

  it("follows the export file by file", async () => {
    let send: (message: unknown) => void = () => {};
    let finish: (report: unknown) => void = () => {};
    mockIPC((cmd, args) => {
      if (cmd === "choose_export_folder") return "/home/ada/out";
      if (cmd === "export_articles") {
        send = channelOf(args as Args).onmessage;
        return new Promise((resolve) => (finish = resolve));
      }
      return null;
    });
    const exports = new Exports(new Toasts());
    exports.offer(selectionOf({ all: true }), "the whole library");
    const done = exports.start("markdown");
    await vi.waitFor(() => expect(exports.current?.state).toBe("running"));
    send({ kind: "started", articles: 2 });
    send({ kind: "wrote", written: 1, files: 2, file: "First.md" });
    expect(exports.current).toMatchObject({ total: 2, written: 1, filesTotal: 2, lastFile: "First.md" });
    send({ kind: "wrote", written: 2, files: 2, file: "Second.md" });
    expect(exports.current).toMatchObject({ written: 2, lastFile: "Second.md" });
    finish({ files: ["First.md", "Second.md"], written: ["First.md", "Second.md"], unchanged: 0, warnings: [] });
    expect(await done).toMatchObject({ state: "done", written: 2 });
  });

  it("does nothing when the folder dialog is cancelled, and keeps the offer open", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return null;
    });
    const exports = new Exports(new Toasts());
    exports.offer(selectionOf({ ids: [1, 2] }), "2 articles");
    expect(await exports.start("json")).toBeNull();
    expect(calls).toEqual(["choose_export_folder"]);
    expect(exports.request?.label).toBe("2 articles");
  });

  it("says why an export failed", async () => {
    mockIPC((cmd) => {
      if (cmd === "choose_export_folder") return "/read-only";
      throw { code: "export", message: "write /read-only/a.md: permission denied" };
    });
    const toasts = new Toasts();
    const exports = new Exports(toasts);
    exports.offer(selectionOf({ all: true }), "the whole library");
    expect(await exports.start("markdown")).toMatchObject({ state: "failed" });
    expect(toasts.items[0]).toMatchObject({ kind: "error", message: "Export failed: write /read-only/a.md: permission denied" });
  });
});

describe("Imports", () => {
  it("imports the chosen file, counting as it goes, and reports", async () => {
    let seen: Args = {};
    mockIPC(async (cmd, args) => {
      if (cmd === "choose_import_file") return "/home/ada/pocket.html";
      if (cmd === "import_file") {
        seen = args as Args;
        const channel = channelOf(seen);
        channel.onmessage({ done: 1, total: 3, url: "https://a.example/", outcome: "saved" });
        channel.onmessage({ done: 2, total: 3, url: "https://b.example/", outcome: "failed" });
        channel.onmessage({ done: 3, total: 3, url: "https://c.example/", outcome: "duplicate" });
        return {
          total: 3,
          saved: 1,
          duplicates: 1,
          failed: 1,
          failures: [{ record: "line 2", url: "https://b.example/", reason: "HTTP 404" }],
          cancelled: false,
        };
      }
      return null;
    });
    const toasts = new Toasts();
    const done = vi.fn();
    const imports = new Imports(toasts, done);
    const job = await imports.run();

    expect(seen).toMatchObject({ file: "/home/ada/pocket.html", format: "auto" });
    expect(job).toMatchObject({ state: "done", done: 3, total: 3, saved: 1, failed: 1 });
    expect(toasts.items.map((t) => t.message)).toEqual([
      "Imported: 1 saved, 1 already in the library, 1 failed",
      "line 2: https://b.example/ — HTTP 404",
    ]);
    expect(done).toHaveBeenCalled();
  });

  it("stops through the shell and says how to finish", async () => {
    const calls: [string, Args][] = [];
    let finish: (report: unknown) => void = () => {};
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Args]);
      if (cmd === "choose_import_file") return "/tmp/urls.txt";
      if (cmd === "import_file") return new Promise((resolve) => (finish = resolve));
      return true;
    });
    const toasts = new Toasts();
    const imports = new Imports(toasts, () => {});
    const running = imports.run();
    await vi.waitFor(() => expect(imports.current?.state).toBe("running"));
    await imports.cancel();
    expect(calls.at(-1)).toEqual(["cancel_job", { job: imports.current!.job }]);
    finish({ total: 10, saved: 4, duplicates: 0, failed: 0, failures: [], cancelled: true });
    await running;
    expect(toasts.items[0]!.message).toBe("Import stopped (run it again to finish): 4 saved");
  });
});
