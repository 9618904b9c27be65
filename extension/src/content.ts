// Injected into the tab being clipped (only when the person asks). Prepares a copy of the page
// the way a careful clipper does, then serialises it: lazy images get their real source,
// placeholder images are dropped, images a page hid in <noscript> come back. The live page is
// never changed. Self-contained: the background injects this file, then calls the function it
// leaves on the isolated world's global object.

import type { Capture, ClipMode } from "./messages";

/** Attributes where lazy loaders keep an image's real address, most specific first. */
const LAZY_SRC = [
  "data-src",
  "data-lazy-src",
  "data-original",
  "data-original-src",
  "data-hi-res-src",
  "data-actualsrc",
  "data-lazyload",
  "data-echo",
  "data-url",
];
/** Attributes where they keep a srcset. */
const LAZY_SRCSET = ["data-srcset", "data-lazy-srcset", "data-original-srcset"];
/** A data: image this short is a placeholder (a blank GIF, an empty SVG), not a picture. */
const PLACEHOLDER_DATA_URL_LENGTH = 256;
/** Marks an image of the copy with the index of its twin in the live page, while preparing. */
const TWIN = "data-tidings-twin";

function absolute(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, document.baseURI).href;
  } catch {
    return null;
  }
}

/** A srcset with each address made absolute (candidates are "URL [descriptor]"). */
function absoluteSrcset(value: string): string | null {
  const parts = value
    .split(",")
    .map((candidate) => {
      const [url, ...descriptor] = candidate.trim().split(/\s+/);
      const abs = url ? absolute(url) : null;
      return abs ? [abs, ...descriptor].join(" ") : null;
    })
    .filter((c): c is string => c !== null);
  return parts.length ? parts.join(", ") : null;
}

function isPlaceholderSrc(src: string | null): boolean {
  if (!src || !src.trim()) return true;
  const s = src.trim().toLowerCase();
  return s === "about:blank" || (s.startsWith("data:") && s.length < PLACEHOLDER_DATA_URL_LENGTH);
}

/** Whether an image the browser loaded is a 1×1 (or 0×0) spacer. */
function isSpacer(live: HTMLImageElement | undefined, copy: HTMLImageElement): boolean {
  const tiny = (v: string | null) => v !== null && /^\s*[01](px)?\s*$/.test(v);
  if (tiny(copy.getAttribute("width")) && tiny(copy.getAttribute("height"))) return true;
  return !!live && live.complete && live.naturalWidth > 0 && live.naturalWidth <= 1 && live.naturalHeight <= 1;
}

/** Gives one image of the copy its real source; false when it has none (a placeholder). */
function fixImage(copy: HTMLImageElement, live: HTMLImageElement | undefined): boolean {
  for (const name of LAZY_SRCSET) {
    const value = copy.getAttribute(name);
    const set = value ? absoluteSrcset(value) : null;
    if (set) {
      copy.setAttribute("srcset", set);
      break;
    }
  }
  const current = copy.getAttribute("src");
  if (isPlaceholderSrc(current) || (live && isSpacer(live, copy))) {
    const lazy = LAZY_SRC.map((name) => copy.getAttribute(name)).find((v) => v && absolute(v));
    const loaded = live && !isPlaceholderSrc(live.currentSrc) && !isSpacer(live, copy) ? live.currentSrc : null;
    const real = lazy ? absolute(lazy) : loaded;
    if (real) copy.setAttribute("src", real);
    else if (!copy.getAttribute("srcset")) return false;
    else copy.removeAttribute("src");
  } else if (current) {
    const abs = absolute(current);
    if (abs) copy.setAttribute("src", abs);
  }
  if (copy.hasAttribute("width") && copy.hasAttribute("height") && isSpacer(undefined, copy)) {
    // A real source with 1×1 size attributes is a tracking pixel.
    return false;
  }
  return true;
}

/** Images a page put in <noscript> for readers without scripts: put them back in the copy. */
function restoreNoscriptImages(root: Element): void {
  for (const noscript of Array.from(root.querySelectorAll("noscript"))) {
    // With scripts on, a <noscript>'s content is text (else elements); parse it inertly.
    const template = document.createElement("template");
    template.innerHTML = noscript.children.length ? noscript.innerHTML : (noscript.textContent ?? "");
    const images = Array.from(template.content.querySelectorAll("img, picture"));
    if (!images.length) continue;
    // A lazy loader's placeholder just before it is the same picture: replace it.
    const before = noscript.previousElementSibling;
    if (before instanceof HTMLImageElement && isPlaceholderSrc(before.getAttribute("src"))) {
      before.remove();
    }
    noscript.replaceWith(...images.map((img) => document.importNode(img, true)));
  }
}

/** Prepares the images of `copy`, a clone of `live` (or of nothing, for a selection). */
function prepareImages(copy: Element, live: Element | null): void {
  // Clones keep the order: mark each copy with its live twin's index before anything moves.
  const liveImages = live ? Array.from(live.querySelectorAll("img")) : [];
  const copies = Array.from(copy.querySelectorAll("img"));
  const twinned = copies.length === liveImages.length;
  copies.forEach((img, i) => img.setAttribute(TWIN, String(i)));
  restoreNoscriptImages(copy);
  for (const img of Array.from(copy.querySelectorAll("img"))) {
    const index = img.getAttribute(TWIN);
    img.removeAttribute(TWIN);
    const twin = twinned && index !== null ? liveImages[Number(index)] : undefined;
    if (!fixImage(img, twin)) img.remove();
  }
  for (const source of Array.from(copy.querySelectorAll("picture source"))) {
    for (const name of LAZY_SRCSET) {
      const value = source.getAttribute(name);
      const set = value ? absoluteSrcset(value) : null;
      if (set) {
        source.setAttribute("srcset", set);
        break;
      }
    }
  }
  // Scripts are dead weight in a copy (metadata in JSON-LD is kept for the extractor).
  for (const script of Array.from(copy.querySelectorAll("script"))) {
    if (script.getAttribute("type") !== "application/ld+json") script.remove();
  }
}

function capture(mode: ClipMode): Capture {
  const page = document.documentElement.cloneNode(true) as HTMLElement;
  prepareImages(page, document.documentElement);
  let selectionHtml: string | null = null;
  if (mode === "selection") {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return { ok: false, message: "Nothing is selected on this page" };
    }
    const holder = document.createElement("div");
    for (let i = 0; i < selection.rangeCount; i++) {
      holder.append(selection.getRangeAt(i).cloneContents());
    }
    prepareImages(holder, null);
    selectionHtml = holder.innerHTML;
  }
  return {
    ok: true,
    url: location.href,
    title: document.title,
    html: "<!DOCTYPE html>\n" + page.outerHTML,
    selectionHtml,
  };
}

(globalThis as unknown as { tidingsCapture: typeof capture }).tidingsCapture = capture;
