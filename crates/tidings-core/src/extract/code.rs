//! Code blocks as a reader and a Markdown export want them: every `<pre>` becomes
//! `<pre><code class="language-x">` with the language found in whatever markup the page's
//! highlighter used (Prism and CommonMark `language-x`, `lang-x`, highlight.js `hljs x`,
//! GitHub `highlight-source-x`, Sphinx `highlight-x`, pandoc `sourceCode x`, Hugo `data-lang`,
//! GitLab `lang`, SyntaxHighlighter `brush: x`), and line-numbered listings (a gutter column
//! beside the code, one table row per line) become plain blocks without the numbers.

use dom_query::{NodeRef, Selection};

use super::config::code::*;
use super::dom::{LANGUAGE_ATTRIBUTES, LINE_NUMBER_ATTRIBUTE};

/// Names a bare class or a `lang` attribute may use for a language. A `language-x` class is
/// believed whatever `x` is; a bare class only when it is one of these (a class `highlight` or
/// `notranslate` is not a language).
const KNOWN_LANGUAGES: &[&str] = &[
    "asm",
    "bash",
    "bat",
    "c",
    "c#",
    "c++",
    "clojure",
    "cmake",
    "cmd",
    "coffeescript",
    "console",
    "cpp",
    "crystal",
    "cs",
    "csharp",
    "css",
    "cuda",
    "d",
    "dart",
    "diff",
    "docker",
    "dockerfile",
    "elixir",
    "elm",
    "erlang",
    "ex",
    "f#",
    "fish",
    "fortran",
    "fsharp",
    "go",
    "golang",
    "gradle",
    "graphql",
    "groovy",
    "haskell",
    "hcl",
    "hs",
    "html",
    "ini",
    "java",
    "javascript",
    "jl",
    "js",
    "json",
    "json5",
    "jsonc",
    "jsx",
    "julia",
    "kotlin",
    "kt",
    "latex",
    "less",
    "lisp",
    "lua",
    "make",
    "makefile",
    "markdown",
    "matlab",
    "md",
    "mjs",
    "nasm",
    "nginx",
    "nim",
    "nix",
    "objc",
    "objectivec",
    "ocaml",
    "pascal",
    "patch",
    "perl",
    "php",
    "pl",
    "powershell",
    "proto",
    "protobuf",
    "ps1",
    "py",
    "python",
    "python3",
    "r",
    "rb",
    "regex",
    "rs",
    "ruby",
    "rust",
    "sass",
    "scala",
    "scheme",
    "scss",
    "sh",
    "shell",
    "solidity",
    "sql",
    "svelte",
    "swift",
    "tex",
    "toml",
    "ts",
    "tsx",
    "typescript",
    "vb",
    "verilog",
    "vhdl",
    "vim",
    "vue",
    "wasm",
    "wat",
    "xml",
    "yaml",
    "yml",
    "zig",
    "zsh",
];

/// Rewrites the code blocks under `root` in place.
pub(super) fn normalize(root: &NodeRef<'_>) {
    let article = Selection::from(*root);
    for table in article.select("table").nodes() {
        unnumber_listing(table);
    }
    for pre in article.select("pre").nodes() {
        let language = language_of(pre);
        let code = code_element(pre);
        // The highlighter's own attributes are noise once the language is read.
        pre.remove_all_attrs();
        code.remove_all_attrs();
        match language {
            Some(language) => code.set_attr("class", &format!("language-{language}")),
            None => code.remove_attr("class"),
        }
    }
}

/// The `<code>` inside `pre` that holds all its text, created around the contents if there is none.
fn code_element<'a>(pre: &NodeRef<'a>) -> NodeRef<'a> {
    let children = pre.element_children();
    let only_code = children.len() == 1
        && children[0].node_name().as_deref() == Some("code")
        && pre
            .children()
            .iter()
            .all(|c| c.is_element() || c.text().trim().is_empty());
    if only_code {
        return children[0];
    }
    let code = pre.tree.new_element("code");
    for child in pre.children() {
        code.append_child(&child);
    }
    pre.append_child(&code);
    code
}

/// The language of the block `pre`: from its `<code>`, itself, then its wrappers.
fn language_of(pre: &NodeRef<'_>) -> Option<String> {
    let code = pre
        .element_children()
        .into_iter()
        .find(|c| c.node_name().as_deref() == Some("code"));
    let mut found = code.as_ref().and_then(language_marked_on);
    if found.is_none() {
        found = language_marked_on(pre);
    }
    if found.is_none() {
        found = pre
            .ancestors(Some(WRAPPER_DEPTH))
            .iter()
            .find_map(language_marked_on);
    }
    found.filter(|l| !PLAIN.contains(&l.as_str()))
}

/// The language one element's attributes name, if any.
fn language_marked_on(node: &NodeRef<'_>) -> Option<String> {
    for attr in LANGUAGE_ATTRIBUTES {
        if let Some(value) = node.attr(attr).and_then(|v| clean_name(&v)) {
            return Some(value);
        }
    }
    let is_code_element = matches!(node.node_name().as_deref(), Some("pre" | "code"));
    if is_code_element {
        if let Some(value) = node.attr("lang").and_then(|v| clean_name(&v)) {
            if KNOWN_LANGUAGES.contains(&value.as_str()) {
                return Some(value);
            }
        }
    }
    let class = node.attr("class")?;
    language_in_class(&class, is_code_element)
}

/// The language a class attribute names. Bare names (`hljs rust`, `sourceCode python`) count
/// only on `<pre>` and `<code>` themselves, and only when they are known languages.
fn language_in_class(class: &str, bare_names: bool) -> Option<String> {
    // SyntaxHighlighter: `brush: js; gutter: false`.
    if let Some(rest) = class.split("brush:").nth(1) {
        if let Some(name) = rest.split([';', ' ']).find(|s| !s.is_empty()) {
            return clean_name(name);
        }
    }
    let tokens: Vec<&str> = class.split_whitespace().collect();
    for prefix in ["language-", "lang-", "highlight-source-", "highlight-"] {
        if let Some(name) = tokens
            .iter()
            .find_map(|t| t.strip_prefix(prefix).and_then(clean_name))
        {
            return Some(name);
        }
    }
    if bare_names {
        return tokens
            .iter()
            .filter_map(|t| clean_name(t))
            .find(|t| KNOWN_LANGUAGES.contains(&t.as_str()));
    }
    None
}

/// A language name as a Markdown fence and a `language-` class can carry it, lower-cased.
fn clean_name(name: &str) -> Option<String> {
    let name = name.trim().to_ascii_lowercase();
    let valid = !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+#-_.".contains(c));
    valid.then_some(name)
}

/// A line-numbered listing laid out as a table becomes the plain `<pre>` it shows: either one
/// row with a gutter cell and a code cell (Pygments, Rouge, Jekyll), or a row per line with a
/// number cell and a line cell (GitHub gists, highlight.js line numbers).
fn unnumber_listing<'a>(table: &NodeRef<'a>) {
    let rows: Vec<NodeRef<'a>> = table
        .descendants_it()
        .filter(|n| n.node_name().as_deref() == Some("tr"))
        .collect();
    let cells_of = |row: &NodeRef<'a>| -> Vec<NodeRef<'a>> {
        row.element_children()
            .into_iter()
            .filter(|c| matches!(c.node_name().as_deref(), Some("td" | "th")))
            .collect()
    };
    if let [row] = rows.as_slice() {
        let cells = cells_of(row);
        if let [gutter, code_cell] = cells.as_slice() {
            if is_gutter(gutter) {
                if let Some(pre) = Selection::from(*code_cell).select("pre").nodes().first() {
                    // Keep the language the table or its wrappers name for the block.
                    if language_of(pre).is_none() {
                        let language = std::iter::once(*table)
                            .chain(table.ancestors(Some(WRAPPER_DEPTH)))
                            .chain(std::iter::once(*code_cell))
                            .find_map(|n| language_marked_on(&n));
                        if let Some(language) = language {
                            pre.set_attr("class", &format!("language-{language}"));
                        }
                    }
                    table.replace_with(pre);
                }
            }
        }
        return;
    }
    let numbered_lines = rows.len() >= 2
        && rows.iter().all(|row| {
            let cells = cells_of(row);
            cells.len() == 2 && (is_gutter(&cells[0]) || is_line_number(&cells[0]))
        })
        && rows.iter().any(|row| is_gutter(&cells_of(row)[0]));
    if !numbered_lines {
        return;
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let text = cells_of(row)[1].text().to_string();
            text.trim_end_matches(['\n', '\r']).to_owned()
        })
        .collect();
    let pre = table.tree.new_element("pre");
    let language = std::iter::once(*table)
        .chain(table.ancestors(Some(WRAPPER_DEPTH)))
        .find_map(|n| language_marked_on(&n));
    if let Some(language) = language {
        pre.set_attr("class", &format!("language-{language}"));
    }
    pre.append_child(&table.tree.new_text(lines.join("\n")));
    table.replace_with(&pre);
}

fn is_gutter(cell: &NodeRef<'_>) -> bool {
    let marked = |n: &NodeRef<'_>| {
        n.attr("class").is_some_and(|class| {
            class
                .split_whitespace()
                .any(|c| GUTTER_CLASSES.contains(&c.to_ascii_lowercase().as_str()))
        }) || n.has_attr(LINE_NUMBER_ATTRIBUTE)
    };
    marked(cell) || cell.element_children().iter().any(marked)
}

fn is_line_number(cell: &NodeRef<'_>) -> bool {
    let text = cell.text();
    let text = text.trim();
    text.is_empty() || text.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    use dom_query::Document;

    fn normalized(html: &str) -> String {
        let document = Document::from(html);
        normalize(&document.select("body").nodes()[0]);
        document.select("body").inner_html().to_string()
    }

    #[test]
    fn the_language_is_read_from_each_highlighter_s_markup() {
        for (html, language) in [
            (r#"<pre><code class="language-rust">x</code></pre>"#, "rust"),
            (r#"<pre class="lang-go">x</pre>"#, "go"),
            (r#"<pre><code class="hljs python">x</code></pre>"#, "python"),
            (
                r#"<div class="highlight highlight-source-shell"><pre>x</pre></div>"#,
                "shell",
            ),
            (
                r#"<div class="highlight-python notranslate"><div class="highlight"><pre>x</pre></div></div>"#,
                "python",
            ),
            (
                r#"<div class="sourceCode"><pre class="sourceCode haskell"><code class="sourceCode haskell">x</code></pre></div>"#,
                "haskell",
            ),
            (
                r#"<pre class="chroma"><code data-lang="toml">x</code></pre>"#,
                "toml",
            ),
            (
                r#"<pre class="code highlight" lang="ruby"><code>x</code></pre>"#,
                "ruby",
            ),
            (r#"<pre class="brush: js; gutter: false">x</pre>"#, "js"),
        ] {
            assert_eq!(
                normalized(html)
                    .matches(&format!(r#"<code class="language-{language}">"#))
                    .count(),
                1,
                "{html} -> {}",
                normalized(html)
            );
        }
    }

    #[test]
    fn no_language_is_invented() {
        for html in [
            r#"<pre class="highlight notranslate">x</pre>"#,
            r#"<pre><code class="language-text">x</code></pre>"#,
            r#"<div lang="en"><pre lang="en">x</pre></div>"#,
            r#"<div class="go"><p>Go team</p><pre>x</pre></div>"#,
        ] {
            assert_eq!(
                normalized(html)
                    .matches("<pre><code>x</code></pre>")
                    .count(),
                1,
                "{html} -> {}",
                normalized(html)
            );
        }
    }

    #[test]
    fn code_text_and_inner_markup_are_kept() {
        let out = normalized(
            r#"<pre><span class="k">fn</span> a() { 1 &lt; 2 }
    b();</pre>"#,
        );
        assert_eq!(
            out,
            "<pre><code><span class=\"k\">fn</span> a() { 1 &lt; 2 }\n    b();</code></pre>"
        );
    }

    #[test]
    fn a_gutter_table_becomes_its_code_block() {
        let out = normalized(
            r#"<div class="highlight-go"><table class="highlighttable"><tbody><tr><td class="linenos"><div class="linenodiv"><pre>1
2</pre></div></td><td class="code"><div class="highlight"><pre>package main
func main() {}</pre></div></td></tr></tbody></table></div>"#,
        );
        assert!(!out.contains("<table") && !out.contains("1\n2"), "{out}");
        assert!(
            out.contains(
                "<pre><code class=\"language-go\">package main\nfunc main() {}</code></pre>"
            ),
            "{out}"
        );
    }

    #[test]
    fn a_table_with_a_row_per_line_becomes_one_block() {
        let out = normalized(
            r#"<div class="highlight-source-python"><table><tr><td class="blob-num" data-line-number="1"></td><td class="blob-code">def f():</td></tr><tr><td class="blob-num" data-line-number="2"></td><td class="blob-code">    return 1</td></tr></table></div>"#,
        );
        assert!(
            out.contains(
                "<pre><code class=\"language-python\">def f():\n    return 1</code></pre>"
            ),
            "{out}"
        );
        assert!(!out.contains("<table"), "{out}");
    }

    #[test]
    fn an_ordinary_table_stays_a_table() {
        let html = "<table><tr><td>1</td><td>one</td></tr><tr><td>2</td><td>two</td></tr></table>";
        assert!(normalized(html).contains("<td>one</td>"));
    }
}
