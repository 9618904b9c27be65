//! Full-text search over titles, bylines, sites, article text, notes and highlights (FTS5).
//!
//! The index is an external-content FTS5 table over a view of each article with its note and
//! highlights, kept by triggers; Chinese and Japanese text also goes into a pairs index
//! (`cjk.rs`), and titles into a small prefix index (`article_titles`).
//!
//! Ranking reads ids before any article: an article's small columns sit after its text in the
//! row, so reading rows costs the text's overflow pages. Over the whole library SQLite keeps the
//! best page of `bm25(articles_fts, weights)` in a top-k sort, the trash left out through the
//! `articles_trash` index; in a narrowed view (status, tag, collection, star, trash) FTS5 hands
//! matches over best first (`ORDER BY rank`) and rows are read in that order until the page is
//! full. Either way every match is scored, so a query matching many articles costs most.
//! Snippets are made in Rust for the page only (`snippet.rs`).
//!
//! Search as you type: a last word of one or two letters would match nearly every article and
//! merge the index entries of thousands of words, so it is never a prefix over the whole text.
//! Alone it finds titles with a word starting with it, newest first, in `article_titles`; after
//! other words it is left out until its third letter; quoted, it is an exact word.

use rusqlite::{params_from_iter, types::Value};

use super::snippet::{snippet, Terms};
use super::{Result, Store};
use crate::cjk;
use crate::model::{ArticleSummary, ListFilter, SearchHit};

/// Column weights for bm25, in the FTS table's column order:
/// title, byline, site_name, text, note, highlights.
const BM25_WEIGHTS: &str = "10.0, 2.0, 2.0, 1.0, 4.0, 5.0";
/// A last word typed with fewer characters than this is not a prefix of the whole text's words:
/// it would match nearly every article, at the cost of merging the index entries of thousands of
/// words (1-2 s at 100 000 articles for one letter). See [`fts_query`].
const SHORT_PREFIX: usize = 3;

impl Store {
    /// Articles matching what a user typed, best first, narrowed by `filter` (status, tag,
    /// collection, star; `limit` defaults to 50), each with a snippet in which matched words are
    /// marked `[like this]`. Any input is accepted: it is turned into a safe query.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn search(&self, input: &str, filter: &ListFilter) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let narrowed = filter.status.is_some()
            || filter.tag.is_some()
            || filter.collection.is_some()
            || filter.starred
            || filter.trash;
        let narrowing = self.narrowing(filter)?;
        let connector = if narrowing.sql.contains(" WHERE ") {
            " AND"
        } else {
            " WHERE"
        };
        let mut args = narrowing.args;
        let sql = match (&query.main, &query.cjk) {
            (Some(main), None) if !narrowed => {
                // The whole library: SQLite ranks every match with bm25() keeping only the best
                // page (a top-k sort of ids and scores), then loads those articles. Cheaper than
                // FTS5's `ORDER BY rank`, which sorts every match with its position lists
                // (measured at 100 000 articles: 10% less for two words, 22% for a prefix). The
                // trash is left out through its partial index, never by reading article rows.
                args.push(Value::Text(main.clone()));
                format!(
                    "SELECT {}
                     FROM (SELECT rowid AS id, bm25(articles_fts, {BM25_WEIGHTS}) AS score
                           FROM articles_fts
                           WHERE articles_fts MATCH ?
                             AND rowid NOT IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL)
                           ORDER BY score, rowid
                           LIMIT ? OFFSET ?) r
                     CROSS JOIN articles a ON a.id = r.id
                     ORDER BY r.score, r.id",
                    super::rows::SUMMARY_COLUMNS,
                )
            }
            // A narrowed view: FTS5 hands the matches over best first (`ORDER BY rank`) and the
            // articles are read in that order until the page is full, so a filter that most
            // matches pass reads few rows. CROSS JOIN keeps that order of work: some SQLite
            // versions otherwise walk every article through an index and probe the full-text
            // index once per article (seconds).
            (Some(main), cjk) => {
                let cjk_filter = if let Some(cjk) = cjk {
                    args.push(Value::Text(cjk.clone()));
                    "a.id IN (SELECT rowid FROM articles_cjk WHERE articles_cjk MATCH ?) AND "
                } else {
                    ""
                };
                args.push(Value::Text(main.clone()));
                args.push(Value::Text(format!("bm25({BM25_WEIGHTS})")));
                format!(
                    "SELECT {}
                     FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid{}{connector}
                          {}articles_fts MATCH ? AND articles_fts.rank MATCH ?
                     ORDER BY articles_fts.rank
                     LIMIT ? OFFSET ?",
                    super::rows::SUMMARY_COLUMNS,
                    narrowing.sql,
                    cjk_filter,
                )
            }
            (None, Some(cjk)) => {
                // Only Chinese or Japanese words: ranked by the pairs index alone.
                args.push(Value::Text(cjk.clone()));
                format!(
                    "SELECT {}
                     FROM articles_cjk CROSS JOIN articles a ON a.id = articles_cjk.rowid{}{connector}
                          articles_cjk MATCH ?
                     ORDER BY articles_cjk.rank
                     LIMIT ? OFFSET ?",
                    super::rows::SUMMARY_COLUMNS,
                    narrowing.sql
                )
            }
            (None, None) => {
                let Some(titles) = &query.titles else {
                    return Ok(Vec::new());
                };
                // One or two letters: titles with a word starting with them, newest first (the
                // titles index walks its prefix entry backwards and stops at the page's end).
                args.push(Value::Text(titles.clone()));
                format!(
                    "SELECT {}
                     FROM article_titles CROSS JOIN articles a ON a.id = article_titles.rowid{}{connector}
                          article_titles MATCH ?
                     ORDER BY article_titles.rowid DESC
                     LIMIT ? OFFSET ?",
                    super::rows::SUMMARY_COLUMNS,
                    narrowing.sql
                )
            }
        };
        args.push(Value::Integer(filter.limit.map_or(50, i64::from)));
        args.push(Value::Integer(filter.offset.map_or(0, i64::from)));
        let articles = {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), super::rows::summary_from_row)?;
            rows.collect::<rusqlite::Result<Vec<ArticleSummary>>>()?
        };
        let terms = query.terms;
        let mut fields = self.conn.prepare_cached(
            "SELECT text, note, highlights, title FROM article_search_docs WHERE id = ?1",
        )?;
        articles
            .into_iter()
            .map(|article| {
                let snippet = fields.query_row([article.id], |row| {
                    let fields: [String; 4] = [row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?];
                    Ok(snippet(&fields.each_ref().map(String::as_str), &terms))
                })?;
                Ok(SearchHit { article, snippet })
            })
            .collect()
    }
}

/// A query a user typed, made safe for FTS5: the words for the main index, the Chinese and
/// Japanese words for the pairs index (see [`crate::cjk`]), the prefix for the titles index when
/// only a word's first letters were typed, and the terms for snippets.
struct Query {
    main: Option<String>,
    cjk: Option<String>,
    titles: Option<String>,
    terms: Terms,
}

/// Turns free text into FTS5 queries that cannot fail to parse: each word becomes a quoted
/// term (all must match), text between balanced double quotes a phrase, and a last bare word
/// also matches as a prefix, for search-as-you-type. An unbalanced quote, operators and
/// punctuation are plain text. A run of Chinese or Japanese characters becomes the phrase of
/// its character pairs in the pairs index (a single character, a prefix of pairs). Returns
/// `None` when nothing searchable is left.
///
/// A last bare word shorter than [`SHORT_PREFIX`] is a word still being typed that would match
/// nearly everything: after other words it is left out (they decide until its third letter);
/// alone, it is a prefix of title words (`titles`). Quoted, it is an exact word as any other.
fn fts_query(input: &str) -> Option<Query> {
    let mut input = input.to_owned();
    if input.matches('"').count() % 2 == 1 {
        if let Some(last) = input.rfind('"') {
            input.remove(last);
        }
    }
    let mut terms: Vec<String> = Vec::new();
    let mut cjk_terms: Vec<String> = Vec::new();
    let mut all_words: Vec<&str> = Vec::new();
    let mut last_is_word = false;
    let mut last_is_short = false;
    for (i, segment) in input.split('"').enumerate() {
        let words = words_of(segment);
        if words.is_empty() {
            continue;
        }
        all_words.extend(&words);
        for run in words.iter().flat_map(|w| cjk::runs(w)) {
            let pairs = cjk::run_terms(run);
            if run.chars().count() == 1 {
                cjk_terms.push(format!("\"{run}\"*"));
            } else {
                cjk_terms.push(format!("\"{}\"", pairs.join(" ")));
            }
        }
        // What is left of each word once its CJK runs are taken out.
        let rest: Vec<String> = words
            .iter()
            .flat_map(|w| w.split(cjk::is_cjk).map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .collect();
        // The last word typed matches as a prefix, unless it is CJK (already a prefix of pairs).
        last_is_word = i % 2 == 0 && words.last().is_some_and(|w| !w.chars().any(cjk::is_cjk));
        last_is_short = last_is_word
            && rest.last().is_some_and(|w| {
                Some(w.as_str()) == words.last().copied() && w.chars().count() < SHORT_PREFIX
            });
        if rest.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            terms.push(format!("\"{}\"", rest.join(" ")));
        } else {
            terms.extend(rest.iter().map(|w| format!("\"{w}\"")));
        }
    }
    let mut titles = None;
    if last_is_short {
        let short = terms.pop();
        all_words.pop();
        last_is_word = false;
        if terms.is_empty() && cjk_terms.is_empty() {
            titles = short.map(|word| format!("{word}*"));
        }
    }
    let mut main = terms.join(" ");
    if last_is_word {
        main.push('*');
    }
    let main = Some(main).filter(|q| !q.is_empty());
    let cjk = Some(cjk_terms.join(" ")).filter(|q| !q.is_empty());
    if main.is_none() && cjk.is_none() && titles.is_none() {
        return None;
    }
    let terms = match &titles {
        Some(_) => Terms::new(words_of(&input).last().copied(), true),
        None => Terms::new(all_words, last_is_word),
    };
    Some(Query {
        main,
        cjk,
        titles,
        terms,
    })
}

fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::fts_query;

    fn query_text(input: &str) -> Option<String> {
        fts_query(input).and_then(|query| query.main)
    }

    #[test]
    fn chinese_and_japanese_words_query_the_pairs_index() {
        let query = fts_query("並行処理").unwrap();
        assert_eq!(query.main, None);
        assert_eq!(query.cjk.as_deref(), Some("\"並行 行処 処理\""));
        let query = fts_query("Rust 公開 版").unwrap();
        assert_eq!(query.main.as_deref(), Some("\"Rust\""));
        assert_eq!(query.cjk.as_deref(), Some("\"公開\" \"版\"*"));
    }

    #[test]
    fn a_last_word_of_one_or_two_letters_is_not_a_prefix_of_the_text() {
        let query = fts_query("r").unwrap();
        assert_eq!(
            (query.main, query.titles.as_deref()),
            (None, Some("\"r\"*"))
        );
        let query = fts_query("Go").unwrap();
        assert_eq!(query.titles.as_deref(), Some("\"Go\"*"));
        let query = fts_query("rust c").unwrap();
        assert_eq!(
            (query.main.as_deref(), query.titles),
            (Some("\"rust\""), None),
            "the words before it decide"
        );
        let query = fts_query("\"borrow checker\" ru").unwrap();
        assert_eq!(query.main.as_deref(), Some("\"borrow checker\""));
        assert_eq!(
            query_text("rust \"c\"").as_deref(),
            Some("\"rust\" \"c\""),
            "quoted, an exact word"
        );
        assert_eq!(query_text("é").as_deref(), None);
        assert_eq!(fts_query("é").unwrap().titles.as_deref(), Some("\"é\"*"));
        let query = fts_query("公開 r").unwrap();
        assert_eq!(
            (query.cjk.as_deref(), query.titles),
            (Some("\"公開\""), None)
        );
    }

    #[test]
    fn any_input_becomes_a_safe_query() {
        assert_eq!(
            query_text("rust async").as_deref(),
            Some("\"rust\" \"async\"*")
        );
        assert_eq!(query_text("rust asy").as_deref(), Some("\"rust\" \"asy\"*"));
        assert_eq!(
            query_text("\"unbalanced AND (").as_deref(),
            Some("\"unbalanced\" \"AND\"*")
        );
        assert_eq!(
            query_text("\"borrow checker\" rust").as_deref(),
            Some("\"borrow checker\" \"rust\"*")
        );
        assert_eq!(
            query_text("rust \"async closures\"").as_deref(),
            Some("\"rust\" \"async closures\"")
        );
        assert_eq!(query_text("\"\""), None);
        assert_eq!(query_text("*"), None);
        assert_eq!(query_text("  🦀  "), None);
        assert_eq!(
            query_text("C'est l'été").as_deref(),
            Some("\"C'est\" \"l'été\"*")
        );
    }
}
