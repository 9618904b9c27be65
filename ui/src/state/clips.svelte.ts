// Clipping: each URL is a job that runs at once beside the others, shows its state, and on failure
// its one-line reason with a retry. An address already in the library jumps to the saved article.
import type { ClipOutcome } from "../bindings";
import * as ipc from "../ipc";

export interface ClipJob {
  /** The shell's job id (changes on retry). */
  job: number;
  url: string;
  /** The collection the article goes into, if any. */
  collection: string | null;
  state: "running" | "saved" | "failed" | "cancelled";
  message: string | null;
  outcome: ClipOutcome | null;
}

/** How long a finished clip stays listed, in milliseconds. */
export const DONE_VISIBLE_MS = 4000;

export class Clips {
  jobs = $state<ClipJob[]>([]);
  /** Called when a clip succeeds: the caller refreshes the list and may open the article. */
  #onSaved: (outcome: ClipOutcome, jump: boolean) => void;

  constructor(onSaved: (outcome: ClipOutcome, jump: boolean) => void) {
    this.#onSaved = onSaved;
  }

  running = $derived(this.jobs.filter((j) => j.state === "running").length);

  /** Starts a clip for each URL (one already being clipped is not started twice), into
   *  `collection` when one is named. */
  clip(urls: string[], collection: string | null = null): void {
    const fresh = urls.filter((url) => !this.jobs.some((j) => j.url === url && j.state === "running"));
    // One URL is the user's next read: open it. Several are a batch: only list them.
    const jump = fresh.length === 1;
    for (const url of fresh) void this.#run(url, jump, collection);
  }

  async #run(url: string, jump: boolean, collection: string | null, replacing?: number): Promise<void> {
    const job = ipc.newJobId();
    const entry: ClipJob = { job, url, collection, state: "running", message: null, outcome: null };
    this.jobs = replacing === undefined ? [...this.jobs, entry] : this.jobs.map((j) => (j.job === replacing ? entry : j));
    try {
      const outcome = await ipc.clipUrl(job, url, collection);
      this.#set(job, { state: "saved", outcome });
      this.#onSaved(outcome, jump || outcome.already_saved);
      setTimeout(() => this.dismiss(job), DONE_VISIBLE_MS);
    } catch (error) {
      const cancelled = error instanceof ipc.IpcError && error.code === ipc.ErrorCode.Cancelled;
      this.#set(job, { state: cancelled ? "cancelled" : "failed", message: ipc.messageOf(error) });
      if (cancelled) setTimeout(() => this.dismiss(job), DONE_VISIBLE_MS);
    }
  }

  #set(job: number, change: Partial<ClipJob>): void {
    this.jobs = this.jobs.map((j) => (j.job === job ? { ...j, ...change } : j));
  }

  retry(job: number): void {
    const entry = this.jobs.find((j) => j.job === job);
    if (entry && entry.state !== "running") void this.#run(entry.url, true, entry.collection, job);
  }

  async cancel(job: number): Promise<void> {
    await ipc.cancelJob(job).catch(() => false);
  }

  dismiss(job: number): void {
    this.jobs = this.jobs.filter((j) => j.job !== job);
  }
}
