//! Full-text search over titles, bylines, sites, article text, notes and highlights (FTS5).

use rusqlite::{params_from_iter, types::Value};

use super::snippet::{snippet, Terms};
use super::{Result, Store};
use crate::model::{ArticleSummary, ListFilter, SearchHit};

/// Column weights for bm25, in the FTS table's column order:
/// title, byline, site_name, text, note, highlights.
const BM25_WEIGHTS: &str = "10.0, 2.0, 2.0, 1.0, 4.0, 5.0";

impl Store {
    /// Articles matching what a user typed, best first, narrowed by `filter` (status, tag,
    /// collection, star; `limit` defaults to 50), each with a snippet in which matched words are
    /// marked `[like this]`. Any input is accepted: it is turned into a safe query.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn search(&self, input: &str, filter: &ListFilter) -> Result<Vec<SearchHit>> {
        let Some((query, terms)) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let narrowing = self.narrowing(filter)?;
        let connector = if narrowing.sql.contains(" WHERE ") {
            " AND"
        } else {
            " WHERE"
        };
        // `ORDER BY rank` lets FTS5 rank every match itself and hand the rows over best first,
        // so the query stops at the page asked for; snippets are then made for that page only.
        // CROSS JOIN keeps that order of work: some SQLite versions otherwise walk every
        // article through an index and probe the full-text index once per article (seconds).
        let sql = format!(
            "SELECT {}
             FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid{}{connector}
                  articles_fts MATCH ? AND articles_fts.rank MATCH ?
             ORDER BY articles_fts.rank
             LIMIT ? OFFSET ?",
            super::articles::SUMMARY_COLUMNS,
            narrowing.sql
        );
        let mut args = narrowing.args;
        args.push(Value::Text(query));
        args.push(Value::Text(format!("bm25({BM25_WEIGHTS})")));
        args.push(Value::Integer(filter.limit.map_or(50, i64::from)));
        args.push(Value::Integer(filter.offset.map_or(0, i64::from)));
        let articles = {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(args), super::articles::summary_from_row)?;
            rows.collect::<rusqlite::Result<Vec<ArticleSummary>>>()?
        };
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

/// Turns free text into an FTS5 query that cannot fail to parse: each word becomes a quoted
/// term (all must match), text between balanced double quotes a phrase, and a last bare word
/// also matches as a prefix, for search-as-you-type. An unbalanced quote, operators and
/// punctuation are plain text. Returns `None` when nothing searchable is left; else the query
/// and its terms, for snippets.
fn fts_query(input: &str) -> Option<(String, Terms)> {
    let mut input = input.to_owned();
    if input.matches('"').count() % 2 == 1 {
        if let Some(last) = input.rfind('"') {
            input.remove(last);
        }
    }
    let mut terms: Vec<String> = Vec::new();
    let mut all_words: Vec<&str> = Vec::new();
    let mut last_is_word = false;
    for (i, segment) in input.split('"').enumerate() {
        let words = words_of(segment);
        if words.is_empty() {
            continue;
        }
        all_words.extend(&words);
        if i % 2 == 1 {
            terms.push(format!("\"{}\"", words.join(" ")));
            last_is_word = false;
        } else {
            terms.extend(words.iter().map(|w| format!("\"{w}\"")));
            last_is_word = true;
        }
    }
    let mut query = terms.join(" ");
    if query.is_empty() {
        return None;
    }
    if last_is_word {
        query.push('*');
    }
    Some((query, Terms::new(all_words, last_is_word)))
}

fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    fn query_text(input: &str) -> Option<String> {
        fts_query(input).map(|(query, _)| query)
    }

    #[test]
    fn any_input_becomes_a_safe_query() {
        assert_eq!(
            query_text("rust async").as_deref(),
            Some("\"rust\" \"async\"*")
        );
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
