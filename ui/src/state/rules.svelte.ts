// The stream's rules and housekeeping as the settings dialog shows them: the rules (listed, added,
// edited, deleted), the rule being written with a dry run against the stream before it is saved,
// and how many days triaged items stay. Rules apply to items as they arrive (tidings-core).
import type { FeedItem, FeedRule, NewRule, RuleAction, RuleEdit, RuleField, StreamSettings } from "../bindings";
import * as ipc from "../ipc";
import type { Toasts } from "./toasts.svelte";

export const RULE_FIELDS: { value: RuleField; label: string }[] = [
  { value: "title", label: "Title" },
  { value: "url", label: "Address" },
  { value: "author", label: "Author" },
  { value: "category", label: "Category" },
  { value: "content", label: "Summary" },
];

export type ActionKind = "dismiss" | "keep" | "star" | "tag";

export const RULE_ACTIONS: { value: ActionKind; label: string }[] = [
  { value: "dismiss", label: "Dismiss it" },
  { value: "keep", label: "Keep it" },
  { value: "star", label: "Star it" },
  { value: "tag", label: "Tag it" },
];

/** How long a rule lasts from when it is saved; `keep` leaves an edited rule's expiry alone. */
export type Expiry = "keep" | "never" | "1d" | "7d" | "30d" | "90d";

export const EXPIRIES: { value: Exclude<Expiry, "keep">; label: string }[] = [
  { value: "never", label: "Always" },
  { value: "1d", label: "For a day" },
  { value: "7d", label: "For a week" },
  { value: "30d", label: "For 30 days" },
  { value: "90d", label: "For 90 days" },
];

/** The rule form: what the person typed and chose. */
export interface RuleDraft {
  /** The rule edited, or null for a new one. */
  id: number | null;
  /** The feed it applies to, or null for every feed. */
  feedId: number | null;
  field: RuleField;
  pattern: string;
  regex: boolean;
  action: ActionKind;
  tag: string;
  expiry: Expiry;
}

export function blankDraft(feedId: number | null = null): RuleDraft {
  return { id: null, feedId, field: "title", pattern: "", regex: false, action: "dismiss", tag: "", expiry: "never" };
}

export function draftOf(rule: FeedRule): RuleDraft {
  const tag = typeof rule.action === "object" ? rule.action.tag : "";
  return {
    id: rule.id,
    feedId: rule.feed_id,
    field: rule.field,
    pattern: rule.pattern,
    regex: rule.regex,
    action: typeof rule.action === "object" ? "tag" : rule.action,
    tag,
    expiry: rule.expires_at === null ? "never" : "keep",
  };
}

/** The action a draft names, or null when it names a tag without one. */
export function actionOf(draft: RuleDraft): RuleAction | null {
  if (draft.action !== "tag") return draft.action;
  const tag = draft.tag.trim();
  return tag ? { tag } : null;
}

/** The rule a draft describes, to add or to test; or a one-line reason it cannot be one. */
export function newRuleOf(draft: RuleDraft): NewRule | string {
  if (!draft.pattern.trim()) return draft.regex ? "Write the regular expression to match" : "Write the words to match";
  const action = actionOf(draft);
  if (action === null) return "Name the tag the rule puts on items";
  return {
    feed_id: draft.feedId,
    field: draft.field,
    pattern: draft.pattern,
    regex: draft.regex,
    action,
    expires_in: draft.expiry === "never" || draft.expiry === "keep" ? null : draft.expiry,
  };
}

/** The whole draft as a change to its rule (every part set; the expiry left alone on `keep`). */
export function editOf(draft: RuleDraft): RuleEdit | string {
  const rule = newRuleOf(draft);
  if (typeof rule === "string") return rule;
  return {
    feed_id: rule.feed_id,
    all_feeds: rule.feed_id === null,
    field: rule.field,
    pattern: rule.pattern,
    regex: rule.regex,
    action: rule.action,
    expires_in: rule.expires_in,
    no_expiry: draft.expiry === "never",
  };
}

export function fieldLabel(field: RuleField): string {
  return RULE_FIELDS.find((f) => f.value === field)?.label ?? field;
}

export function actionLabel(action: RuleAction): string {
  if (typeof action === "object") return `tag “${action.tag}”`;
  return action;
}

export class Rules {
  rules = $state<FeedRule[]>([]);
  loaded = $state(false);
  /** The rule being written (new or edited), or null when the form is closed. */
  draft = $state<RuleDraft | null>(null);
  /** Why the draft could not be tested or saved: one line. */
  formError = $state<string | null>(null);
  /** The stream's items the draft matched when last tested (null: not tested since it changed). */
  matches = $state<FeedItem[] | null>(null);
  busy = $state(false);
  settings = $state<StreamSettings>({ keep_days: 30 });

  #toasts: Toasts;

  constructor(toasts: Toasts) {
    this.#toasts = toasts;
  }

  async load(): Promise<void> {
    try {
      const [rules, settings] = await Promise.all([ipc.listRules(), ipc.streamSettings()]);
      this.rules = rules;
      this.settings = settings;
    } catch (error) {
      this.#toasts.error(`Could not read the rules: ${ipc.messageOf(error)}`);
    } finally {
      this.loaded = true;
    }
  }

  start(draft: RuleDraft): void {
    this.draft = draft;
    this.formError = null;
    this.matches = null;
  }

  cancel(): void {
    this.draft = null;
    this.formError = null;
    this.matches = null;
  }

  /** The draft changed: an earlier test's matches no longer hold. */
  changed(): void {
    this.matches = null;
    this.formError = null;
  }

  /** A dry run of the draft against the stream: fills `matches`; nothing changes. */
  async test(): Promise<void> {
    if (!this.draft) return;
    const rule = newRuleOf(this.draft);
    if (typeof rule === "string") {
      this.formError = rule;
      return;
    }
    this.busy = true;
    try {
      this.matches = await ipc.testRule(rule);
      this.formError = null;
    } catch (error) {
      this.matches = null;
      this.formError = ipc.messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  /** Adds or changes the draft's rule; true when saved (the form closes). */
  async save(): Promise<boolean> {
    const draft = this.draft;
    if (!draft) return false;
    const change = draft.id === null ? newRuleOf(draft) : editOf(draft);
    if (typeof change === "string") {
      this.formError = change;
      return false;
    }
    this.busy = true;
    try {
      if (draft.id === null) await ipc.addRule(change as NewRule);
      else await ipc.editRule(draft.id, change as RuleEdit);
    } catch (error) {
      this.formError = ipc.messageOf(error);
      return false;
    } finally {
      this.busy = false;
    }
    this.#toasts.show(draft.id === null ? "Rule added: it applies to items that arrive from now on" : "Rule saved");
    this.cancel();
    await this.load();
    return true;
  }

  async remove(id: number): Promise<void> {
    try {
      await ipc.removeRule(id);
    } catch (error) {
      this.#toasts.error(`Could not delete the rule: ${ipc.messageOf(error)}`);
      return;
    }
    if (this.draft?.id === id) this.cancel();
    this.rules = this.rules.filter((r) => r.id !== id);
    this.#toasts.show("Rule deleted");
  }

  /** Sets how many days seen and dismissed items stay; older ones are purged at once. */
  async setKeepDays(days: number): Promise<boolean> {
    if (!Number.isInteger(days) || days < 1) {
      this.#toasts.error("Keep triaged items at least 1 day");
      return false;
    }
    try {
      const purged = await ipc.setStreamSettings({ keep_days: days });
      this.settings = { keep_days: days };
      this.#toasts.show(purged > 0 ? `Purged ${purged} old ${purged === 1 ? "item" : "items"}` : `Triaged items stay ${days} ${days === 1 ? "day" : "days"}`);
      return true;
    } catch (error) {
      this.#toasts.error(`Could not save the setting: ${ipc.messageOf(error)}`);
      return false;
    }
  }
}
