// The popup's and the options page's one way to reach the background.

import type { Reply, Request } from "./messages";

export async function ask<R extends Request>(request: R): Promise<Reply<R["kind"]>> {
  return (await chrome.runtime.sendMessage(request)) as Reply<R["kind"]>;
}

/** The element with this id, which the page is known to hold. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}
