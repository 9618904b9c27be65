// The UI's one door to the Rust shell (src-tauri/src/commands.rs): the only module that imports
// `@tauri-apps/*`. Each command is a typed function; a rejection becomes an `IpcError` with the
// `{ code, message }` the shell sends. Branch on `code`, show `message`; never match message text.
import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { Article, ArticleSummary, LibraryInfo, ListFilter } from "../bindings";

/** A failed command: `code` is for the UI to branch on, `message` is for people. */
export class IpcError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "IpcError";
    this.code = code;
  }
}

/** The codes the UI knows by name (the shell may send others, e.g. "storage" or "internal"). */
export const ErrorCode = {
  NotFound: "not_found",
  LibraryUnavailable: "library_unavailable",
} as const;

function toIpcError(error: unknown): IpcError {
  if (error instanceof IpcError) return error;
  if (typeof error === "object" && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === "string" && typeof message === "string") return new IpcError(code, message);
    if (error instanceof Error) return new IpcError("internal", error.message);
  }
  // Tauri itself rejects with a bare string, e.g. for an unknown command or a bad argument.
  return new IpcError("internal", typeof error === "string" ? error : String(error));
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

/** The whole library, newest first: the filter that narrows nothing. */
export const ALL_ARTICLES: ListFilter = {
  status: null,
  tag: null,
  collection: null,
  starred: false,
  limit: null,
  offset: null,
};

/** Where the open library lives and how many articles it holds. */
export function libraryInfo(): Promise<LibraryInfo> {
  return call<LibraryInfo>("library_info");
}

/** The articles that match `filter`, without their content. */
export function listArticles(filter: ListFilter = ALL_ARTICLES): Promise<ArticleSummary[]> {
  return call<ArticleSummary[]>("list_articles", { filter });
}

/** One article with its sanitised content, note, tags and highlights. */
export function getArticle(id: number): Promise<Article> {
  return call<Article>("get_article", { id });
}
