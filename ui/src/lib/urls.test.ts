import { describe, expect, it } from "vitest";
import { findUrls, urlsFromDrop } from "./urls";

describe("findUrls", () => {
  it("finds every http(s) address in a text, once, in order", () => {
    const text = `Read https://lwn.net/Articles/1/ and (https://example.com/a?b=1).
      Also http://x.org/path, and again https://lwn.net/Articles/1/ — not ftp://old.net or mailto:a@b.c`;
    expect(findUrls(text)).toEqual(["https://lwn.net/Articles/1/", "https://example.com/a?b=1", "http://x.org/path"]);
  });

  it("keeps a parenthesis that belongs to the address", () => {
    expect(findUrls("see https://en.wikipedia.org/wiki/Rust_(language).")).toEqual([
      "https://en.wikipedia.org/wiki/Rust_(language)",
    ]);
  });

  it("finds nothing in plain words", () => {
    expect(findUrls("just some text, http:// and https://")).toEqual([]);
  });
});

describe("urlsFromDrop", () => {
  const data = (types: Record<string, string>) => ({ getData: (type: string) => types[type] ?? "" });

  it("prefers a uri-list, skipping its comments", () => {
    expect(urlsFromDrop(data({ "text/uri-list": "# a comment\r\nhttps://a.example/1\r\nhttps://b.example/2", "text/plain": "https://c.example" }))).toEqual([
      "https://a.example/1",
      "https://b.example/2",
    ]);
  });

  it("falls back to the plain text", () => {
    expect(urlsFromDrop(data({ "text/plain": "two links: https://a.example/x https://b.example/y" }))).toEqual([
      "https://a.example/x",
      "https://b.example/y",
    ]);
    expect(urlsFromDrop(null)).toEqual([]);
  });
});
