// Imports: a file from Pocket, Instapaper, a browser, an OPML reader, a list of URLs or a Tidings
// backup, chosen in the native dialog; its links are clipped a few at a time, with progress.
import type { ImportReport } from "../bindings";
import * as ipc from "../ipc";
import type { Toasts } from "./toasts.svelte";

export interface ImportJob {
  job: number;
  file: string;
  state: "running" | "done" | "failed";
  done: number;
  total: number;
  saved: number;
  failed: number;
  report: ImportReport | null;
}

export class Imports {
  current = $state<ImportJob | null>(null);
  #toasts: Toasts;
  #onDone: () => void;

  constructor(toasts: Toasts, onDone: () => void) {
    this.#toasts = toasts;
    this.#onDone = onDone;
  }

  async run(): Promise<ImportJob | null> {
    if (this.current?.state === "running") {
      this.#toasts.show("An import is already running");
      return null;
    }
    let file: string | null;
    try {
      file = await ipc.chooseImportFile("Import into Tidings");
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
      return null;
    }
    if (!file) return null;
    const job = ipc.newJobId();
    this.current = { job, file, state: "running", done: 0, total: 0, saved: 0, failed: 0, report: null };
    let refreshed = 0;
    try {
      const report = await ipc.importFile(job, file, "auto", (step) => {
        if (this.current?.job !== job) return;
        this.current = {
          ...this.current,
          done: step.done,
          total: step.total,
          saved: this.current.saved + (step.outcome === "saved" ? 1 : 0),
          failed: this.current.failed + (step.outcome === "failed" ? 1 : 0),
        };
        // The list fills in as the import goes, without reloading it for every record.
        if (step.done - refreshed >= 25) {
          refreshed = step.done;
          this.#onDone();
        }
      });
      this.current = { ...this.current!, state: "done", report };
      const parts = [`${report.saved} saved`];
      if (report.duplicates > 0) parts.push(`${report.duplicates} already in the library`);
      if (report.failed > 0) parts.push(`${report.failed} failed`);
      const verb = report.cancelled ? "Import stopped (run it again to finish)" : "Imported";
      this.#toasts.show(`${verb}: ${parts.join(", ")}`);
      for (const failure of report.failures.slice(0, 3)) {
        this.#toasts.error(`${failure.record}: ${failure.url} — ${failure.reason}`);
      }
    } catch (error) {
      this.current = { ...this.current!, state: "failed" };
      this.#toasts.error(`Import failed: ${ipc.messageOf(error)}`);
    }
    this.#onDone();
    return this.current;
  }

  async cancel(): Promise<void> {
    if (this.current?.state === "running") await ipc.cancelJob(this.current.job).catch(() => false);
  }
}
