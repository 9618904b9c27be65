// What the popup and the options page ask the background, and what it answers. Types only:
// the background is one self-contained script, so nothing else may be shared at run time.

export type ClipMode = "page" | "selection";

/** A clip's result, as the popup shows it. */
export type ClipResult =
  | { ok: true; id: number; title: string; url: string; alreadySaved: boolean }
  | { ok: false; message: string };

export interface Connection {
  port: number;
  name: string;
}

export interface PendingPairing {
  port: number;
  name: string;
  code: string;
  expiresAt: string;
}

export type Request =
  | { kind: "status" }
  | { kind: "pickers" }
  | { kind: "clip"; tabId: number; mode: ClipMode; tags: string[]; collection: string | null }
  | { kind: "find"; port: number | null }
  | { kind: "pair"; port: number; name: string }
  | { kind: "pair-poll" }
  | { kind: "pair-cancel" }
  | { kind: "unpair" };

export type Failure = { ok: false; message: string };

export interface Replies {
  status: { ok: true; connection: Connection | null; pending: PendingPairing | null };
  pickers: { ok: true; tags: string[]; collections: string[] } | Failure;
  clip: ClipResult;
  find: { ok: true; port: number; version: string } | Failure;
  pair: { ok: true; pending: PendingPairing } | Failure;
  "pair-poll": { ok: true; state: "pending" | "paired" } | Failure;
  "pair-cancel": { ok: true };
  unpair: { ok: true };
}

export type Reply<K extends Request["kind"]> = Replies[K];

/** What the content script hands back from the page. */
export type Capture =
  | { ok: true; url: string; title: string; html: string; selectionHtml: string | null }
  | { ok: false; message: string };
