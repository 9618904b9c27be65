// The rules form as data (what a draft sends, what it refuses in one line) and the Rules store
// against the fake shell: test before saving, add, edit, delete, the housekeeping days.
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { FeedRule } from "../bindings";
import { fakeShell, feed, feedItem } from "../test-fixtures";
import { blankDraft, draftOf, editOf, newRuleOf, Rules } from "./rules.svelte";
import { Toasts } from "./toasts.svelte";

afterEach(() => clearMocks());

const hn = feed(1, "Hacker News");

function rule(extra: Partial<FeedRule> = {}): FeedRule {
  return {
    id: 7,
    feed_id: 1,
    field: "title",
    pattern: "crypto",
    regex: false,
    action: { tag: "later" },
    expires_at: "2027-01-06T00:00:00Z",
    expired: false,
    created_at: "2026-12-07T00:00:00Z",
    ...extra,
  };
}

describe("a rule draft", () => {
  it("becomes the rule it describes, or one line saying what is missing", () => {
    const draft = { ...blankDraft(), pattern: "crypto", expiry: "30d" as const };
    expect(newRuleOf(draft)).toEqual({ feed_id: null, field: "title", pattern: "crypto", regex: false, action: "dismiss", expires_in: "30d" });
    expect(newRuleOf({ ...draft, pattern: "  " })).toBe("Write the words to match");
    expect(newRuleOf({ ...draft, pattern: "", regex: true })).toBe("Write the regular expression to match");
    expect(newRuleOf({ ...draft, action: "tag", tag: " " })).toBe("Name the tag the rule puts on items");
    expect(newRuleOf({ ...draft, action: "tag", tag: " later " })).toMatchObject({ action: { tag: "later" } });
  });

  it("edits every part of its rule and leaves the expiry alone unless a new one is chosen", () => {
    const draft = draftOf(rule());
    expect(draft).toMatchObject({ id: 7, feedId: 1, action: "tag", tag: "later", expiry: "keep" });
    expect(editOf(draft)).toEqual({
      feed_id: 1,
      all_feeds: false,
      field: "title",
      pattern: "crypto",
      regex: false,
      action: { tag: "later" },
      expires_in: null,
      no_expiry: false,
    });
    expect(editOf({ ...draft, feedId: null, expiry: "never" })).toMatchObject({ all_feeds: true, no_expiry: true, expires_in: null });
    expect(editOf({ ...draft, expiry: "7d" })).toMatchObject({ expires_in: "7d", no_expiry: false });
    expect(draftOf(rule({ expires_at: null, action: "star" }))).toMatchObject({ expiry: "never", action: "star", tag: "" });
  });
});

describe("Rules", () => {
  it("tests a draft against the stream before saving it, and shows a bad pattern's error", async () => {
    const shell = fakeShell();
    shell.feeds = [hn];
    shell.items = [feedItem(2, hn, "Crypto winter"), feedItem(1, hn, "Rust 2.0")];
    const rules = new Rules(new Toasts());
    rules.start({ ...blankDraft(), pattern: "crypto" });
    await rules.test();
    expect(rules.matches?.map((i) => i.title)).toEqual(["Crypto winter"]);
    expect(shell.rules).toEqual([]);

    rules.changed();
    expect(rules.matches).toBeNull();
    rules.draft!.regex = true;
    rules.draft!.pattern = "(unclosed";
    await rules.test();
    expect(rules.matches).toBeNull();
    expect(rules.formError).toBe('rule pattern "(unclosed": not a valid regular expression');
    expect(await rules.save()).toBe(false);
    expect(shell.rules).toEqual([]);
  });

  it("adds, edits and deletes rules, and sets the housekeeping days", async () => {
    const shell = fakeShell();
    shell.feeds = [hn];
    const toasts = new Toasts();
    const rules = new Rules(toasts);
    await rules.load();
    expect(rules.settings.keep_days).toBe(30);

    rules.start({ ...blankDraft(1), pattern: "crypto", action: "tag", tag: "later" });
    expect(await rules.save()).toBe(true);
    expect(rules.draft).toBeNull();
    expect(rules.rules).toMatchObject([{ id: 1, feed_id: 1, pattern: "crypto", action: { tag: "later" } }]);

    rules.start(draftOf(rules.rules[0]!));
    rules.draft!.feedId = null;
    rules.draft!.action = "dismiss";
    expect(await rules.save()).toBe(true);
    expect(shell.named("edit_rule")[0]!.args).toMatchObject({ id: 1, edit: { all_feeds: true, action: "dismiss" } });
    expect(rules.rules).toMatchObject([{ id: 1, feed_id: null, action: "dismiss" }]);

    await rules.remove(1);
    expect(rules.rules).toEqual([]);
    expect(shell.rules).toEqual([]);

    expect(await rules.setKeepDays(0)).toBe(false);
    expect(shell.named("set_stream_settings")).toEqual([]);
    expect(await rules.setKeepDays(7)).toBe(true);
    expect(shell.keepDays).toBe(7);
  });
});
