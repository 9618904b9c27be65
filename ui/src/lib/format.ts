// How dates and small facts about an article are shown: in the user's locale, never throwing.

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** An RFC 3339 timestamp as a short local date ("12 Mar 2026"), or "" when absent or unreadable. */
export function formatDate(timestamp: string | null | undefined): string {
  if (!timestamp) return "";
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? "" : dateFormat.format(date);
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
