// The options page: pairing with Tidings (find it, ask with a name, show the short code to
// compare, wait for the person to accept), the paired state, and unpairing.

import { ask, byId } from "./ask";
import type { PendingPairing } from "./messages";
import { API_HOSTS } from "../manifest";

/** How often to ask whether the person accepted. */
const POLL_MS = 1000;

const status = byId<HTMLDivElement>("status");

function show(state: "working" | "paired" | "failed" | "", text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

function only(section: "paired" | "pair-form" | "waiting"): void {
  for (const id of ["paired", "pair-form", "waiting"]) byId(id).hidden = id !== section;
}

async function render(): Promise<void> {
  const state = await ask({ kind: "status" });
  if (state.connection) {
    only("paired");
    byId("paired-text").textContent =
      `Paired with Tidings on port ${state.connection.port} as “${state.connection.name}”.`;
    show("paired", "Paired");
  } else if (state.pending) {
    wait(state.pending);
  } else {
    only("pair-form");
    const name = byId<HTMLInputElement>("name");
    if (!name.value) name.value = defaultName();
  }
}

function defaultName(): string {
  const firefox = chrome.runtime.getURL("").startsWith("moz-extension:");
  return `${firefox ? "Firefox" : "Chromium"} clipper`;
}

let polling: ReturnType<typeof setTimeout> | undefined;

function wait(pending: PendingPairing): void {
  only("waiting");
  byId("code").textContent = pending.code;
  byId("accept-command").textContent = `tidings token accept ${pending.code}`;
  show("working", "Waiting for you to accept in Tidings…");
  const poll = async () => {
    const answer = await ask({ kind: "pair-poll" });
    if (!answer.ok) {
      show("failed", answer.message);
      only("pair-form");
    } else if (answer.state === "paired") {
      await render();
    } else {
      polling = setTimeout(() => void poll(), POLL_MS);
    }
  };
  clearTimeout(polling);
  void poll();
}

byId<HTMLFormElement>("pair-form").addEventListener("submit", (event) => {
  event.preventDefault();
  // Firefox grants host permissions on request only, and only straight from a click.
  const granted = chrome.permissions.request({ origins: API_HOSTS });
  void (async () => {
    if (!(await granted)) {
      show("failed", "Without access to 127.0.0.1 the extension cannot reach Tidings");
      return;
    }
    const name = byId<HTMLInputElement>("name").value.trim();
    const portText = byId<HTMLInputElement>("port").value.trim();
    if (!name) return show("failed", "Give this browser a name");
    show("working", "Looking for Tidings…");
    const found = await ask({ kind: "find", port: portText ? Number(portText) : null });
    if (!found.ok) return show("failed", found.message);
    show("working", `Found Tidings ${found.version} on port ${found.port}; asking to pair…`);
    const asked = await ask({ kind: "pair", port: found.port, name });
    if (!asked.ok) return show("failed", asked.message);
    wait(asked.pending);
  })();
});

byId("cancel").addEventListener("click", () => {
  clearTimeout(polling);
  void ask({ kind: "pair-cancel" }).then(() => {
    show("", "");
    return render();
  });
});

byId("unpair").addEventListener("click", () => {
  void ask({ kind: "unpair" }).then(() => {
    show("", "Unpaired");
    return render();
  });
});

void render();
