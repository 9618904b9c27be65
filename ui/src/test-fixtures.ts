// Articles for the UI's unit tests, shaped like the shell's answers.
import type { Article, ArticleSummary } from "./bindings";

export function summary(id: number, title: string, extra: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id,
    title,
    url: `https://news.example.com/${id}`,
    site_name: "Example News",
    byline: null,
    published_at: "2026-03-12T09:30:00Z",
    saved_at: "2026-03-13T18:00:00Z",
    excerpt: null,
    lead_image_url: null,
    word_count: 420,
    reading_minutes: 2,
    status: "unread",
    starred: false,
    ...extra,
  };
}

export function article(of: ArticleSummary, contentHtml: string): Article {
  return {
    ...of,
    original_url: of.url,
    final_url: of.url,
    canonical_url: null,
    language: "en",
    content_html: contentHtml,
    text: contentHtml.replace(/<[^>]+>/g, ""),
    note: null,
    tags: [],
    collections: [],
    highlights: [],
    warnings: [],
  };
}
