// How dates and small facts about an article are shown: in the user's locale, never throwing.

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** An RFC 3339 timestamp as a short local date ("12 Mar 2026"), or "" when absent or unreadable. */
export function formatDate(timestamp: string | null | undefined): string {
  if (!timestamp) return "";
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? "" : dateFormat.format(date);
}

/**
 * "Updated 14 Mar 2026" when the page says it changed on another day than it was published,
 * else "" (an update the same day, or no date, is not worth a word).
 */
export function updatedLabel(
  published: string | null | undefined,
  modified: string | null | undefined,
): string {
  const updated = formatDate(modified);
  return updated && updated !== formatDate(published) ? `Updated ${updated}` : "";
}

/** The site to credit: its name if the page gave one, else the host of its URL. */
export function siteLabel(siteName: string | null, url: string): string {
  if (siteName) return siteName;
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}
