// Finding web addresses in what the user pastes or drops: a URL, a list of them, or any text.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence or closes a bracket, not the URL.
const TRAILING = /[.,;:!?)\]}>»”’]+$/;

/** The distinct http(s) addresses in `text`, in order of appearance. */
export function findUrls(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    // Keep a closing parenthesis that has its opening one inside the URL (Wikipedia-style).
    while (TRAILING.test(url)) {
      const last = url.at(-1);
      if (last === ")" && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) break;
      url = url.slice(0, -1);
    }
    try {
      const parsed = new URL(url);
      if (!parsed.hostname) continue;
    } catch {
      continue;
    }
    if (!found.includes(url)) found.push(url);
  }
  return found;
}

/** The addresses a drop carries: a `text/uri-list` (comments skipped), else its plain text. */
export function urlsFromDrop(data: Pick<DataTransfer, "getData"> | null): string[] {
  if (!data) return [];
  const uriList = data.getData("text/uri-list");
  if (uriList) {
    const lines = uriList
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    const urls = findUrls(lines.join("\n"));
    if (urls.length > 0) return urls;
  }
  return findUrls(data.getData("text/plain") || data.getData("text") || "");
}
