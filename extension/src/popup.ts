// The toolbar popup: the page to clip, tag and collection pickers, and the clip's progress and
// result on one line. Clips the active tab (or the tab named by ?tab=ID, when the popup is
// opened as a page of its own).

import { ask, byId } from "./ask";
import type { ClipMode } from "./messages";

const status = byId<HTMLDivElement>("status");

function show(state: "working" | "saved" | "already" | "failed" | "", text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

async function targetTab(): Promise<chrome.tabs.Tab | undefined> {
  const named = Number(new URLSearchParams(location.search).get("tab"));
  if (Number.isInteger(named) && named > 0) return chrome.tabs.get(named);
  const [active] = await chrome.tabs.query({ active: true, currentWindow: true });
  return active;
}

function chosenTags(): string[] {
  const ticked = Array.from(document.querySelectorAll<HTMLInputElement>("#tags input:checked"), (box) => box.value);
  const typed = byId<HTMLInputElement>("new-tags")
    .value.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  return [...new Set([...ticked, ...typed])];
}

function fillPickers(tags: string[], collections: string[]): void {
  const box = byId<HTMLDivElement>("tags");
  box.replaceChildren(
    ...tags.map((name) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = name;
      label.append(input, name);
      return label;
    }),
  );
  byId<HTMLDataListElement>("collections").replaceChildren(
    ...collections.map((name) => Object.assign(document.createElement("option"), { value: name })),
  );
}

async function clip(tabId: number, mode: ClipMode): Promise<void> {
  const buttons = document.querySelectorAll<HTMLButtonElement>("#clip-form button");
  buttons.forEach((b) => (b.disabled = true));
  show("working", mode === "page" ? "Clipping the page…" : "Clipping the selection…");
  const collection = byId<HTMLInputElement>("collection").value.trim() || null;
  const result = await ask({ kind: "clip", tabId, mode, tags: chosenTags(), collection });
  buttons.forEach((b) => (b.disabled = false));
  if (!result.ok) show("failed", `Not clipped: ${result.message}`);
  else if (result.alreadySaved) show("already", `Already in your library: ${result.title}`);
  else show("saved", `Saved: ${result.title}`);
}

async function main(): Promise<void> {
  const tab = await targetTab();
  byId("page-title").textContent = tab?.title ?? "";
  const state = await ask({ kind: "status" });
  if (!state.connection) {
    byId("unpaired").hidden = false;
    byId("open-options").addEventListener("click", () => void chrome.runtime.openOptionsPage());
    return;
  }
  const form = byId<HTMLFormElement>("clip-form");
  form.hidden = false;
  const tabId = tab?.id;
  if (tabId === undefined) {
    show("failed", "Not clipped: no tab to clip");
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void clip(tabId, "page");
  });
  byId("clip-selection").addEventListener("click", () => void clip(tabId, "selection"));
  const pickers = await ask({ kind: "pickers" });
  if (pickers.ok) fillPickers(pickers.tags, pickers.collections);
  else show("failed", pickers.message);
  form.dataset.ready = "true";
}

void main();
