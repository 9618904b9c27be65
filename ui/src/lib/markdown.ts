// Article notes are Markdown written by the user; the preview renders them with `marked` and then
// sanitises the HTML with DOMPurify, so a pasted <script> or onerror= never runs (the CSP would
// refuse it as well).
import DOMPurify from "dompurify";
import { marked } from "marked";

/** Safe HTML for a Markdown note. Links keep their href; the reader opens them in the browser. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
}
