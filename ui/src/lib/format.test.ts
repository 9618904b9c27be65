import { describe, expect, it } from "vitest";
import { formatDate, siteLabel, updatedLabel } from "./format";

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

describe("updatedLabel", () => {
  it("names a change made on another day than publication", () => {
    expect(updatedLabel("2026-03-12T09:30:00Z", "2026-03-14T08:00:00Z")).toBe(
      `Updated ${formatDate("2026-03-14T08:00:00Z")}`,
    );
    expect(updatedLabel(null, "2026-03-14T08:00:00Z")).toMatch(/^Updated .*2026/);
  });

  it("says nothing for a same-day change or no change date", () => {
    expect(updatedLabel("2026-03-12T09:30:00Z", "2026-03-12T11:00:00Z")).toBe("");
    expect(updatedLabel("2026-03-12T09:30:00Z", null)).toBe("");
    expect(updatedLabel("2026-03-12T09:30:00Z", "soon")).toBe("");
  });
});

describe("siteLabel", () => {
  it("prefers the site name, else the host without www.", () => {
    expect(siteLabel("LWN.net", "https://lwn.net/a")).toBe("LWN.net");
    expect(siteLabel(null, "https://www.phoronix.com/news/x")).toBe("phoronix.com");
    expect(siteLabel(null, "not a url")).toBe("");
  });
});
