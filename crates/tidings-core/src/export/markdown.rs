//! Rendering articles as Markdown that note apps read well: YAML front matter (Obsidian shows it
//! as properties), the article as GitHub-flavoured Markdown, its highlights and its note.

use std::fmt::Write as _;

use crate::model::Article;

/// Converts sanitised article HTML to GitHub-flavoured Markdown (fenced code with its language,
/// tables, images, links).
#[must_use]
pub fn html_to_markdown(html: &str) -> String {
    // htmd only fails on I/O errors of its internal writer, which cannot happen on a String; fall
    // back to the plain HTML (valid Markdown) rather than lose the article.
    htmd::convert(html).map_or_else(|_| html.to_owned(), |md| md.trim().to_owned())
}

/// What a Markdown file of an article holds besides its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// The article, its highlights and its note.
    Full,
    /// Only its highlights and note.
    Annotations,
}

/// The whole Markdown file for one article.
#[must_use]
pub fn article_markdown(article: &Article) -> String {
    article_file(article, Body::Full)
}

/// One article's file: front matter, then the body.
#[must_use]
pub fn article_file(article: &Article, body: Body) -> String {
    let mut out = front_matter(article);
    out.push('\n');
    let _ = writeln!(out, "# {}\n", one_line(&article.summary.title));
    out.push_str(&sections(article, body, 2));
    finish(out)
}

/// One digest file with every article as a section.
#[must_use]
pub fn digest(title: &str, description: &str, articles: &[Article]) -> String {
    let mut out = String::from("---\n");
    yaml_field(&mut out, "title", Some(title));
    let _ = writeln!(out, "articles: {}", articles.len());
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {}\n", one_line(title));
    if !description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", description.trim());
    }
    for article in articles {
        let s = &article.summary;
        let _ = writeln!(out, "## {}\n", one_line(&s.title));
        let source: Vec<String> = [
            s.byline.clone(),
            s.site_name.clone(),
            s.published_at
                .as_deref()
                .map(|d| d.get(..10).unwrap_or(d).to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !source.is_empty() {
            let _ = writeln!(
                out,
                "*{}* — <{}>\n",
                escape_inline(&source.join(" · ")),
                s.url
            );
        } else {
            let _ = writeln!(out, "<{}>\n", s.url);
        }
        out.push_str(&sections(article, Body::Full, 3));
    }
    finish(out)
}

/// A collection's `index.md`: its description and its articles in order, linked to their files.
#[must_use]
pub fn index(title: &str, description: &str, entries: &[(String, String)]) -> String {
    let mut out = String::from("---\n");
    yaml_field(&mut out, "title", Some(title));
    yaml_field(&mut out, "description", Some(description.trim()));
    let _ = writeln!(out, "articles: {}", entries.len());
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {}\n", one_line(title));
    if !description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", description.trim());
    }
    for (i, (article_title, file)) in entries.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. [{}](<{}>)",
            i + 1,
            escape_inline(&one_line(article_title)),
            file
        );
    }
    finish(out)
}

fn front_matter(article: &Article) -> String {
    let s = &article.summary;
    let mut out = String::from("---\n");
    yaml_field(&mut out, "title", Some(&s.title));
    yaml_field(&mut out, "url", Some(&s.url));
    if article.canonical_url.as_deref() != Some(s.url.as_str()) {
        yaml_field(&mut out, "canonical", article.canonical_url.as_deref());
    }
    yaml_field(&mut out, "author", s.byline.as_deref());
    yaml_field(&mut out, "site", s.site_name.as_deref());
    yaml_field(&mut out, "published", s.published_at.as_deref());
    yaml_field(&mut out, "updated", article.modified_at.as_deref());
    yaml_field(&mut out, "saved", Some(&s.saved_at));
    yaml_list(&mut out, "tags", &article.tags);
    yaml_list(&mut out, "collections", &article.collections);
    yaml_field(&mut out, "status", Some(s.status.as_str()));
    let _ = writeln!(out, "starred: {}", s.starred);
    let _ = writeln!(out, "word_count: {}", s.word_count);
    out.push_str("---\n");
    out
}

/// The article (for [`Body::Full`]), then "Highlights" and "Notes" at heading `level`.
fn sections(article: &Article, body: Body, level: usize) -> String {
    let mut out = String::new();
    let hashes = "#".repeat(level);
    if body == Body::Full {
        let markdown = demote_headings(&html_to_markdown(&article.content_html), level);
        if !markdown.is_empty() {
            out.push_str(&markdown);
            out.push_str("\n\n");
        }
    }
    if !article.highlights.is_empty() {
        let _ = writeln!(out, "{hashes} Highlights\n");
        for h in &article.highlights {
            for line in h.exact.lines() {
                let line = line.trim_end();
                if line.is_empty() {
                    out.push_str(">\n");
                } else {
                    let _ = writeln!(out, "> {line}");
                }
            }
            let orphan = if h.orphaned {
                " · no longer in the article"
            } else {
                ""
            };
            let _ = writeln!(out, ">\n> — *{}{orphan}*\n", h.color);
            if let Some(note) = h.note.as_deref().filter(|n| !n.trim().is_empty()) {
                let _ = writeln!(out, "{}\n", note.trim());
            }
        }
    }
    if let Some(note) = article.note.as_ref().filter(|n| !n.body.trim().is_empty()) {
        let _ = writeln!(out, "{hashes} Notes\n");
        let _ = writeln!(out, "{}\n", demote_headings(note.body.trim(), level + 1));
    }
    out
}

/// Shifts every ATX heading outside fenced code down so that the highest is at `top` (an
/// article's own headings sit below the file's title; capped at level 6). Never promotes.
fn demote_headings(markdown: &str, top: usize) -> String {
    let highest = headings(markdown).min().unwrap_or(top);
    let by = top.saturating_sub(highest);
    if by == 0 {
        return markdown.to_owned();
    }
    let mut fence: Option<String> = None;
    let mut out = String::with_capacity(markdown.len() + 64);
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(
                trimmed
                    .chars()
                    .take_while(|c| *c == '`' || *c == '~')
                    .collect(),
            );
        } else if line.starts_with('#') {
            let level = line.chars().take_while(|c| *c == '#').count();
            if level <= 6 && line[level..].starts_with(' ') {
                let _ = writeln!(out, "{}{}", "#".repeat((level + by).min(6)), &line[level..]);
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

/// The levels of the ATX headings outside fenced code.
fn headings(markdown: &str) -> impl Iterator<Item = usize> + '_ {
    let mut in_fence = false;
    markdown.lines().filter_map(move |line| {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            return None;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        (!in_fence && (1..=6).contains(&level) && line[level..].starts_with(' ')).then_some(level)
    })
}

fn finish(mut out: String) -> String {
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A YAML scalar that cannot break out of its line: a JSON string (YAML is a superset of JSON).
fn yaml_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_owned())
}

fn yaml_field(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{key}: {}", yaml_string(value));
    }
}

fn yaml_list(out: &mut String, key: &str, values: &[String]) {
    if values.is_empty() {
        let _ = writeln!(out, "{key}: []");
    } else {
        let _ = writeln!(out, "{key}:");
        for v in values {
            let _ = writeln!(out, "  - {}", yaml_string(v));
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes characters that would start Markdown markup inside a line of text.
fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_cannot_break_out_of_its_fence() {
        let html = "<p>Before.</p><pre><code class=\"language-md\">```\n---\ninjected: true\n---\n````\n~~~\n</code></pre><p>After.</p>";
        let markdown = html_to_markdown(html);
        let lines: Vec<&str> = markdown.lines().collect();
        let open = lines.iter().position(|l| l.starts_with("```")).unwrap_or(0);
        let fence: String = lines[open].chars().take_while(|c| *c == '`').collect();
        assert!(
            fence.len() > 4,
            "the fence outgrows every run inside: {markdown}"
        );
        let close = lines
            .iter()
            .skip(open + 1)
            .position(|l| *l == fence)
            .map(|p| p + open + 1);
        assert_eq!(
            close.map(|c| lines[c + 1..].join("\n")).as_deref(),
            Some("\nAfter."),
            "the block closes only after all of the code: {markdown}"
        );
    }

    #[test]
    fn code_blocks_keep_their_language_and_tables_stay_tables() {
        let md = html_to_markdown(
            r#"<p>Intro</p><pre><code class="language-rust">fn main() {
    println!("hi");
}</code></pre><table><thead><tr><th>Crate</th><th>Version</th></tr></thead><tbody><tr><td>tokio</td><td>1</td></tr></tbody></table>"#,
        );
        assert!(
            md.contains("```rust\nfn main() {\n    println!(\"hi\");\n}\n```"),
            "{md}"
        );
        assert!(
            md.contains("| ----- | ------- |") && md.contains("| tokio | 1       |"),
            "{md}"
        );
    }

    #[test]
    fn formulas_are_written_as_unescaped_tex() {
        let md = html_to_markdown(
            r#"<p>So <span class="math math-inline">\mathrm{softmax}(QK^T)_i</span> wins.</p>
               <p><span class="math math-display">\sum_i x_i</span></p>"#,
        );
        assert!(md.contains(r"So $\mathrm{softmax}(QK^T)_i$ wins."), "{md}");
        assert!(md.contains(r"$$\sum_i x_i$$"), "{md}");
    }

    #[test]
    fn yaml_values_cannot_inject_keys() {
        let mut out = String::new();
        yaml_field(&mut out, "title", Some("x\"\nurl: evil\n---"));
        assert_eq!(out, "title: \"x\\\"\\nurl: evil\\n---\"\n");
    }

    #[test]
    fn headings_are_demoted_outside_code_only() {
        let md = "# Title\n\n```sh\n# a comment\n```\n\n###### Deep\n#hashtag";
        assert_eq!(
            demote_headings(md, 3),
            "### Title\n\n```sh\n# a comment\n```\n\n###### Deep\n#hashtag"
        );
        assert_eq!(demote_headings("## Already low", 2), "## Already low");
    }
}
