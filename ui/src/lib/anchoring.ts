// Highlights in the reader's DOM. A selection becomes a W3C TextQuote (the exact text with ~32
// characters of context on each side), which the library anchors in the article's plain text; to
// paint a stored highlight, its quote is found again in the rendered text and wrapped in <mark>s.
// Whitespace never decides a match: the library's plain text and the DOM's text may space
// paragraphs differently, so quotes are compared with whitespace removed.

/** Characters of context taken on each side of a selection. */
export const CONTEXT_CHARS = 32;

export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

interface Segment {
  node: Text;
  start: number;
}

interface TextMap {
  text: string;
  segments: Segment[];
}

const BLOCK = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BR", "DD", "DIV", "DL", "DT", "FIGCAPTION", "FIGURE",
  "FOOTER", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "MAIN", "OL", "P", "PRE", "SECTION",
  "TABLE", "TD", "TH", "TR", "UL",
]);

function blockOf(node: Node, root: Node): Node {
  let current: Node | null = node.parentNode;
  while (current && current !== root) {
    if (BLOCK.has(current.nodeName)) return current;
    current = current.parentNode;
  }
  return root;
}

/** The text of `root` as a reader sees it: its text nodes in order, with a line break between blocks. */
function textMap(root: Node): TextMap {
  const walker = root.ownerDocument!.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const segments: Segment[] = [];
  let text = "";
  let lastBlock: Node | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const block = blockOf(node, root);
    if (lastBlock && block !== lastBlock && !/\s$/.test(text)) text += "\n";
    lastBlock = block;
    segments.push({ node: node as Text, start: text.length });
    text += (node as Text).data;
  }
  return { text, segments };
}

/** The text offsets [start, end) that `range` covers in `root`, or null when it covers no text. */
function rangeOffsets(map: TextMap, range: Range): [number, number] | null {
  let start: number | null = null;
  let end: number | null = null;
  for (const { node, start: at } of map.segments) {
    if (!range.intersectsNode(node)) continue;
    const from = at + (node === range.startContainer ? range.startOffset : 0);
    const to = at + (node === range.endContainer ? range.endOffset : node.length);
    if (to <= from) continue;
    if (start === null) start = from;
    end = to;
  }
  return start === null || end === null ? null : [start, end];
}

/** The quote for a selection inside `root`: what to send when adding a highlight. */
export function quoteFromRange(root: Node, range: Range, context = CONTEXT_CHARS): TextQuote | null {
  const map = textMap(root);
  const offsets = rangeOffsets(map, range);
  if (!offsets) return null;
  let [start, end] = offsets;
  // Selections often take a space or a line break at either end.
  while (start < end && /\s/.test(map.text[start]!)) start++;
  while (end > start && /\s/.test(map.text[end - 1]!)) end--;
  if (start === end) return null;
  return {
    exact: map.text.slice(start, end),
    prefix: map.text.slice(Math.max(0, start - context), start),
    suffix: map.text.slice(end, end + context),
  };
}

/** `text` without whitespace, with the index in `text` of each character kept. */
function squeeze(text: string): { chars: string; at: number[] } {
  let chars = "";
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) continue;
    chars += c;
    at.push(i);
  }
  return { chars, at };
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Where `quote` is in `text` ([start, end) offsets), ignoring whitespace; prefix and suffix choose
 *  between repeats. Null when the exact text is not there. */
export function findQuote(text: string, quote: TextQuote): [number, number] | null {
  const haystack = squeeze(text);
  const exact = squeeze(quote.exact).chars;
  if (!exact) return null;
  const prefix = squeeze(quote.prefix).chars;
  const suffix = squeeze(quote.suffix).chars;
  let best: { at: number; score: number } | null = null;
  for (let at = haystack.chars.indexOf(exact); at >= 0; at = haystack.chars.indexOf(exact, at + 1)) {
    const score =
      commonSuffix(haystack.chars.slice(0, at), prefix) +
      commonPrefix(haystack.chars.slice(at + exact.length), suffix);
    if (!best || score > best.score) best = { at, score };
  }
  if (!best) return null;
  return [haystack.at[best.at]!, haystack.at[best.at + exact.length - 1]! + 1];
}

/** Wraps the text of `root` between offsets [start, end) in elements made by `make`, splitting
 *  text nodes at the edges. Whitespace-only nodes (between table cells, list items) are left alone.
 *  Returns the wrappers, in document order. */
export function wrapOffsets(root: Node, start: number, end: number, make: () => HTMLElement): HTMLElement[] {
  const map = textMap(root);
  const wrappers: HTMLElement[] = [];
  for (const { node, start: at } of map.segments) {
    const from = Math.max(start - at, 0);
    const to = Math.min(end - at, node.length);
    if (to <= from) continue;
    let piece = node;
    if (from > 0) piece = piece.splitText(from);
    if (to - from < piece.length) piece.splitText(to - from);
    if (!piece.data.trim()) continue;
    const wrapper = make();
    piece.parentNode!.insertBefore(wrapper, piece);
    wrapper.appendChild(piece);
    wrappers.push(wrapper);
  }
  return wrappers;
}

/** Paints `quote` in `root` with elements made by `make`; returns them (none when not found). */
export function paintQuote(root: Node, quote: TextQuote, make: () => HTMLElement): HTMLElement[] {
  const found = findQuote(textMap(root).text, quote);
  return found ? wrapOffsets(root, found[0], found[1], make) : [];
}

/** Removes every element matching `selector` in `root`, keeping its text where it was. */
export function unwrapAll(root: ParentNode, selector: string): void {
  for (const element of Array.from(root.querySelectorAll(selector))) {
    const parent = element.parentNode;
    if (!parent) continue;
    while (element.firstChild) parent.insertBefore(element.firstChild, element);
    parent.removeChild(element);
    parent.normalize();
  }
}

/** The text of `root` as quotes see it (for tests and checks). */
export function readerText(root: Node): string {
  return textMap(root).text;
}
