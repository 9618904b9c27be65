// Clipping several URLs at once: each its own job, failures with their reason and a retry.
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClipOutcome } from "../bindings";
import { fakeShell, summary } from "../test-fixtures";
import { Clips } from "./clips.svelte";

afterEach(() => clearMocks());

describe("Clips", () => {
  it("runs every URL at once and reports each", async () => {
    const shell = fakeShell([summary(1, "Old news")]);
    shell.clips["https://a.example/1"] = summary(2, "Fresh");
    shell.clips["https://old.example/1"] = summary(1, "Old news");
    shell.hold.add("clip_url");
    const saved: [ClipOutcome, boolean][] = [];
    const clips = new Clips((outcome, jump) => saved.push([outcome, jump]));

    clips.clip(["https://a.example/1", "https://gone.example/x", "https://old.example/1"]);
    await vi.waitFor(() => expect(shell.named("clip_url")).toHaveLength(3));
    expect(clips.jobs.map((j) => j.state)).toEqual(["running", "running", "running"]);
    expect(new Set(shell.named("clip_url").map((c) => c.args.job)).size).toBe(3);

    shell.release("clip_url");
    await vi.waitFor(() => expect(clips.running).toBe(0));
    expect(clips.jobs.map((j) => j.state)).toEqual(["saved", "failed", "saved"]);
    expect(clips.jobs[1]!.message).toBe("fetch https://gone.example/x: HTTP 404");
    // A batch opens nothing, except an address that was already saved: that one jumps.
    expect(saved.map(([o, jump]) => [o.article.id, o.already_saved, jump])).toEqual([
      [2, false, false],
      [1, true, true],
    ]);
  });

  it("retries a failed clip as a new job", async () => {
    const shell = fakeShell();
    const clips = new Clips(() => {});
    clips.clip(["https://flaky.example/a"]);
    await vi.waitFor(() => expect(clips.jobs[0]?.state).toBe("failed"));

    shell.clips["https://flaky.example/a"] = summary(5, "Back up");
    clips.retry(clips.jobs[0]!.job);
    await vi.waitFor(() => expect(clips.jobs[0]?.state).toBe("saved"));
    expect(clips.jobs).toHaveLength(1);
    expect(shell.named("clip_url")).toHaveLength(2);
  });

  it("does not start a URL twice while it runs, and a single clip opens", async () => {
    const shell = fakeShell();
    shell.clips["https://a.example/1"] = summary(2, "Fresh");
    shell.hold.add("clip_url");
    const jumps: boolean[] = [];
    const clips = new Clips((_, jump) => jumps.push(jump));
    clips.clip(["https://a.example/1"]);
    clips.clip(["https://a.example/1"]);
    await vi.waitFor(() => expect(shell.named("clip_url")).toHaveLength(1));
    shell.release("clip_url");
    await vi.waitFor(() => expect(jumps).toEqual([true]));
  });

  it("shows a cancelled clip as cancelled", async () => {
    const shell = fakeShell();
    shell.clips["https://slow.example/"] = { code: "cancelled", message: "cancelled" };
    const clips = new Clips(() => {});
    clips.clip(["https://slow.example/"]);
    await vi.waitFor(() => expect(clips.jobs[0]?.state).toBe("cancelled"));
    await clips.cancel(clips.jobs[0]!.job);
    expect(shell.named("cancel_job")[0]!.args).toEqual({ job: clips.jobs[0]!.job });
  });
});
