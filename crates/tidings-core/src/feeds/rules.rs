//! Feed rules as matchers: a rule's words or regular expression compiled once per poll, and
//! what the rules that match an arriving item do to it ([`Effects`]).
//!
//! Words match as **whole words**, any case: `crypto` matches "Crypto winter" and "crypto-bros"
//! but not "cryptography"; several words match as that phrase (any spacing between them). A
//! word's edges only count where it starts or ends with a letter or digit (`C++` matches in
//! "C++ news"). Regular expressions are the `regex` crate's (linear time, no look-around),
//! case-sensitive unless they say `(?i)`, with size limits so a hostile pattern is refused
//! rather than compiled into something huge.
//!
//! Pure: no SQL, no network.

use regex::{Regex, RegexBuilder};

use crate::model::{FeedRule, RuleAction, RuleField};

/// The longest pattern a rule may have, in bytes.
pub const MAX_PATTERN: usize = 1000;
/// The compiled program's size limit (the `regex` default is 10 MiB).
const SIZE_LIMIT: usize = 1 << 20;
/// The lazy DFA's cache limit.
const DFA_SIZE_LIMIT: usize = 1 << 20;
/// How deeply a pattern may nest groups and repetitions.
const NEST_LIMIT: u32 = 50;

/// What went wrong with a rule; each message is one line naming the rule's pattern.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("rule pattern {pattern:?}: {reason}")]
    Pattern { pattern: String, reason: String },
}

/// A rule compiled: which feed, which field, what to do.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub rule_id: i64,
    pub feed_id: Option<i64>,
    pub field: RuleField,
    pub action: RuleAction,
    regex: Regex,
}

/// The parts of an item a rule can look at.
#[derive(Debug, Clone, Copy, Default)]
pub struct ItemFields<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub author: Option<&'a str>,
    pub categories: &'a [String],
    /// The summary, as HTML: read as text.
    pub summary_html: &'a str,
}

/// What the rules matching one item do to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    pub dismiss: bool,
    pub keep: bool,
    pub star: bool,
    pub tags: Vec<String>,
    /// The rules that matched, by id.
    pub rules: Vec<i64>,
}

impl Effects {
    /// Whether any rule matched.
    #[must_use]
    pub fn any(&self) -> bool {
        !self.rules.is_empty()
    }
}

/// Compiles a rule's pattern: whole words, any case, or a regular expression.
///
/// # Errors
/// A blank or overlong pattern; a regular expression that does not parse or is too big.
pub fn compile(pattern: &str, regex: bool) -> Result<Regex, Error> {
    let fail = |reason: String| Error::Pattern {
        pattern: pattern.to_owned(),
        reason,
    };
    if pattern.trim().is_empty() {
        return Err(fail("a rule needs something to match".into()));
    }
    if pattern.len() > MAX_PATTERN {
        return Err(fail(format!("longer than {MAX_PATTERN} bytes")));
    }
    let source = if regex {
        pattern.to_owned()
    } else {
        words_pattern(pattern)
    };
    RegexBuilder::new(&source)
        .case_insensitive(!regex)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .nest_limit(NEST_LIMIT)
        .build()
        .map_err(|e| {
            let reason = e.to_string();
            // The regex crate's messages span lines (the pattern, a caret); keep the last one.
            let reason = reason
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty() && !l.starts_with('^'))
                .unwrap_or("not a valid regular expression")
                .trim_start_matches("error: ")
                .to_owned();
            fail(if regex {
                format!("not a valid regular expression: {reason}")
            } else {
                reason
            })
        })
}

/// Words as a whole-word, any-spacing pattern.
fn words_pattern(words: &str) -> String {
    let parts: Vec<String> = words.split_whitespace().map(regex::escape).collect();
    let body = parts.join(r"\s+");
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let start = if word_char(words.trim().chars().next()) {
        r"\b"
    } else {
        ""
    };
    let end = if word_char(words.trim().chars().next_back()) {
        r"\b"
    } else {
        ""
    };
    format!("{start}{body}{end}")
}

impl Matcher {
    /// A rule ready to match.
    ///
    /// # Errors
    /// As [`compile`].
    pub fn new(rule: &FeedRule) -> Result<Self, Error> {
        Ok(Self {
            rule_id: rule.id,
            feed_id: rule.feed_id,
            field: rule.field,
            action: rule.action.clone(),
            regex: compile(&rule.pattern, rule.regex)?,
        })
    }

    /// Whether the rule matches an item of `feed_id`.
    #[must_use]
    pub fn matches(&self, feed_id: i64, item: &ItemFields<'_>) -> bool {
        if self.feed_id.is_some_and(|f| f != feed_id) {
            return false;
        }
        match self.field {
            RuleField::Title => self.regex.is_match(item.title),
            RuleField::Url => item.url.is_some_and(|u| self.regex.is_match(u)),
            RuleField::Author => item.author.is_some_and(|a| self.regex.is_match(a)),
            RuleField::Category => item.categories.iter().any(|c| self.regex.is_match(c)),
            RuleField::Content => self.regex.is_match(&html_text(item.summary_html)),
        }
    }
}

/// What `matchers` do to an item of `feed_id`: every matching rule's action together.
#[must_use]
pub fn effects(matchers: &[Matcher], feed_id: i64, item: &ItemFields<'_>) -> Effects {
    let mut effects = Effects::default();
    for m in matchers.iter().filter(|m| m.matches(feed_id, item)) {
        effects.rules.push(m.rule_id);
        match &m.action {
            RuleAction::Dismiss => effects.dismiss = true,
            RuleAction::Keep => effects.keep = true,
            RuleAction::Star => effects.star = true,
            RuleAction::Tag(tag) => {
                if !effects.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                    effects.tags.push(tag.clone());
                }
            }
        }
    }
    // Keeping is a choice made on purpose: it wins over a mute.
    if effects.keep {
        effects.dismiss = false;
    }
    effects
}

/// The text of sanitised HTML: tags dropped (as spaces), the usual entities decoded.
#[must_use]
pub fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    if !text.contains('&') {
        return text;
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// A duration as rules' expiries are written: `12h`, `30d`, `2w` (also `90m`).
///
/// # Errors
/// Anything else, in a one-line message naming it.
pub fn parse_expiry(text: &str) -> Result<chrono::Duration, String> {
    let t = text.trim();
    let bad = || format!("expiry {text:?}: expected a number and m, h, d or w (12h, 30d, 2w)");
    let unit_at = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = t.split_at(unit_at);
    let n: i64 = n.parse().map_err(|_| bad())?;
    if n == 0 || n > 100_000 {
        return Err(bad());
    }
    match unit.trim().to_ascii_lowercase().as_str() {
        "m" | "min" => Ok(chrono::Duration::minutes(n)),
        "h" => Ok(chrono::Duration::hours(n)),
        "d" => Ok(chrono::Duration::days(n)),
        "w" => Ok(chrono::Duration::weeks(n)),
        _ => Err(bad()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn is_match(pattern: &str, regex: bool, text: &str) -> bool {
        compile(pattern, regex).unwrap().is_match(text)
    }

    #[test]
    fn words_are_whole_words_in_any_case() {
        assert!(is_match("crypto", false, "Crypto winter is here"));
        assert!(is_match("crypto", false, "the crypto-bros"));
        assert!(!is_match("crypto", false, "Post-quantum cryptography"));
        assert!(is_match("rust  release", false, "The Rust\trelease notes"));
        assert!(!is_match("rust release", false, "rust-release"));
        assert!(is_match("C++", false, "What's new in C++ 26"));
        assert!(is_match("a.b", false, "see a.b here"));
        assert!(!is_match("a.b", false, "see axb here"));
    }

    #[test]
    fn regexes_are_the_regex_crates() {
        assert!(is_match(r"^Show HN\b", true, "Show HN: a thing"));
        assert!(!is_match(r"^Show HN\b", true, "show hn: a thing"));
        assert!(is_match(r"(?i)^show hn", true, "Show HN: a thing"));
    }

    #[test]
    fn a_bad_or_huge_pattern_is_one_line_naming_it() {
        for (pattern, regex) in [
            ("(unclosed", true),
            ("   ", false),
            (r"\w{1000}{1000}", true),
            ("((((((((((((((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))))))))))))))", true),
        ] {
            let e = compile(pattern, regex).unwrap_err().to_string();
            assert!(!e.contains('\n'), "{e}");
            assert!(e.contains(&format!("{pattern:?}")), "{e}");
        }
        assert!(compile(&"a".repeat(MAX_PATTERN + 1), false).is_err());
    }

    #[test]
    fn expiries() {
        assert_eq!(parse_expiry("30d").unwrap(), chrono::Duration::days(30));
        assert_eq!(parse_expiry("12h").unwrap(), chrono::Duration::hours(12));
        assert_eq!(parse_expiry("2w").unwrap(), chrono::Duration::weeks(2));
        for bad in ["", "d", "30", "30x", "-3d", "0d"] {
            assert!(parse_expiry(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn content_is_read_as_text() {
        assert_eq!(
            html_text("<p>Tom &amp; Jerry</p><p>x</p>").trim(),
            "Tom & Jerry  x"
        );
    }
}
