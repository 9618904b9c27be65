// Exports: choose what and in which shape, ask for a folder (the native dialog), then let the
// library write the files, with progress.
import type { ExportFormat, ExportSelection } from "../bindings";
import * as ipc from "../ipc";
import type { Toasts } from "./toasts.svelte";

/** The shapes offered, in the dialog's order. */
export const EXPORT_FORMATS: { format: ExportFormat; label: string; detail: string }[] = [
  { format: "markdown", label: "Markdown files", detail: "One file per article, with front matter, highlights and note" },
  { format: "markdown-single", label: "One Markdown file", detail: "A digest of every article" },
  { format: "highlights", label: "Highlights only", detail: "Each article's highlights and note, as Markdown" },
  { format: "json", label: "JSON backup", detail: "Everything, lossless: Tidings restores it exactly" },
];

/** Whether a format can keep the articles' images beside its files. */
export function keepsImages(format: ExportFormat): boolean {
  return format === "markdown" || format === "markdown-single";
}

/** What is about to be exported, while the dialog is open. */
export interface ExportRequest {
  selection: ExportSelection;
  label: string;
}

export interface ExportJob {
  job: number;
  label: string;
  state: "running" | "done" | "failed";
  total: number | null;
  /** Files written so far, of `filesTotal`, and the last one's name (per-file progress). */
  written: number;
  filesTotal: number | null;
  lastFile: string | null;
  files: string[];
  folder: string;
  message: string | null;
}

export function selectionOf(part: Partial<ExportSelection>): ExportSelection {
  return { collection: null, tag: null, ids: [], all: false, with_raw_html: false, with_images: false, ...part };
}

export class Exports {
  /** The export the dialog offers (null when it is closed). */
  request = $state<ExportRequest | null>(null);
  current = $state<ExportJob | null>(null);
  #toasts: Toasts;

  constructor(toasts: Toasts) {
    this.#toasts = toasts;
  }

  /** Opens the dialog for `selection`. */
  offer(selection: ExportSelection, label: string): void {
    this.request = { selection, label };
  }

  /** Exports the offered selection in `format` into a folder the user picks; `withImages`
   *  saves the articles' images beside Markdown files, so the export reads offline. */
  async start(format: ExportFormat, withImages = false): Promise<ExportJob | null> {
    const request = this.request;
    if (!request) return null;
    const selection = { ...request.selection, with_images: withImages && keepsImages(format) };
    if (this.current?.state === "running") {
      this.#toasts.show("An export is already running");
      return null;
    }
    let folder: string | null;
    try {
      folder = await ipc.chooseExportFolder(`Export ${request.label}`);
    } catch (error) {
      this.#toasts.error(ipc.messageOf(error));
      return null;
    }
    if (!folder) return null;
    this.request = null;
    const job = ipc.newJobId();
    this.current = {
      job,
      label: request.label,
      state: "running",
      total: null,
      written: 0,
      filesTotal: null,
      lastFile: null,
      files: [],
      folder,
      message: null,
    };
    try {
      const report = await ipc.exportArticles(job, selection, format, folder, (progress) => {
        if (this.current?.job !== job) return;
        if (progress.kind === "started") {
          this.current = { ...this.current, total: progress.articles };
        } else if (progress.kind === "wrote") {
          this.current = { ...this.current, written: progress.written, filesTotal: progress.files, lastFile: progress.file };
        }
      });
      this.current = { ...this.current!, state: "done", files: report.files };
      const written = report.written.length;
      const same = report.unchanged > 0 ? `, ${report.unchanged} unchanged` : "";
      this.#toasts.show(`Exported ${request.label}: ${written} ${written === 1 ? "file" : "files"} written${same} in ${folder}`);
      for (const warning of report.warnings) this.#toasts.show(warning);
    } catch (error) {
      this.current = { ...this.current!, state: "failed", message: ipc.messageOf(error) };
      if (!(error instanceof ipc.IpcError && error.code === ipc.ErrorCode.Cancelled)) {
        this.#toasts.error(`Export failed: ${ipc.messageOf(error)}`);
      }
    }
    return this.current;
  }

  async cancel(): Promise<void> {
    if (this.current?.state === "running") await ipc.cancelJob(this.current.job).catch(() => false);
  }
}
