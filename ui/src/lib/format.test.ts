import { describe, expect, it } from "vitest";
import { formatDate, siteLabel } from "./format";

describe("formatDate", () => {
  it("formats an RFC 3339 timestamp with Intl", () => {
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(
      new Date("2026-03-12T09:30:00Z"),
    );
    expect(formatDate("2026-03-12T09:30:00Z")).toBe(expected);
    expect(expected).toMatch(/2026/);
  });

  it("returns nothing for a missing or unreadable date", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("")).toBe("");
    expect(formatDate("last Tuesday")).toBe("");
  });
});

describe("siteLabel", () => {
  it("prefers the site name, else the host without www.", () => {
    expect(siteLabel("LWN.net", "https://lwn.net/a")).toBe("LWN.net");
    expect(siteLabel(null, "https://www.phoronix.com/news/x")).toBe("phoronix.com");
    expect(siteLabel(null, "not a url")).toBe("");
  });
});
