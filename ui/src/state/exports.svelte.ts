// Exports: ask for a folder (the native dialog), then write the Markdown files with progress.
import * as ipc from "../ipc";
import type { ExportTarget } from "../ipc";
import type { Toasts } from "./toasts.svelte";

export interface ExportJob {
  job: number;
  label: string;
  state: "running" | "done" | "failed";
  done: number;
  total: number | null;
  folder: string;
  files: string[];
  message: string | null;
}

export class Exports {
  current = $state<ExportJob | null>(null);
  #toasts: Toasts;

  constructor(toasts: Toasts) {
    this.#toasts = toasts;
  }

  /** Exports `target` (described by `label`, e.g. "Rust async") into a folder the user picks. */
  async run(target: ExportTarget, label: string): Promise<ExportJob | null> {
    if (this.current?.state === "running") {
      this.#toasts.show("An export is already running");
      return null;
    }
    let folder: string | null;
    try {
      folder = await ipc.chooseExportFolder(`Export ${label} as Markdown`);
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
      return null;
    }
    if (!folder) return null;
    const job = ipc.newJobId();
    this.current = { job, label, state: "running", done: 0, total: null, folder, files: [], message: null };
    try {
      const report = await ipc.exportMarkdown(job, target, folder, (progress) => {
        if (this.current?.job !== job) return;
        if (progress.kind === "started") this.current = { ...this.current, total: progress.total };
        if (progress.kind === "article") this.current = { ...this.current, done: progress.done, total: progress.total };
        if (progress.kind === "finished") this.current = { ...this.current, done: progress.files };
      });
      this.current = { ...this.current!, state: "done", files: report.files, done: report.files.length };
      const files = report.files.length;
      this.#toasts.show(`Exported ${label}: ${files} ${files === 1 ? "file" : "files"} in ${report.folder}`);
    } catch (error) {
      this.current = { ...this.current!, state: "failed", message: ipc.messageOf(error) };
      this.#toasts.error(`Export failed: ${ipc.messageOf(error)}`);
    }
    return this.current;
  }

  async cancel(): Promise<void> {
    if (this.current?.state === "running") await ipc.cancelJob(this.current.job).catch(() => false);
  }
}
