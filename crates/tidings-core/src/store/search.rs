//! Full-text search over titles, bylines, sites, article text, notes and highlights (FTS5).

use rusqlite::{params_from_iter, types::Value};

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
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let narrowing = self.narrowing(filter)?;
        let connector = if narrowing.sql.contains(" WHERE ") {
            " AND"
        } else {
            " WHERE"
        };
        // Rank every match, but make snippets (which re-read and re-tokenise each article) only
        // for the page of results asked for: a snippet in the ranking query would be made for
        // every match before the sort.
        let sql = format!(
            "WITH ranked AS MATERIALIZED (
                 SELECT a.id AS id, bm25(articles_fts, {BM25_WEIGHTS}) AS score
                 FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid{}{connector} articles_fts MATCH ?
                 ORDER BY score, a.id DESC
                 LIMIT ? OFFSET ?)
             SELECT {}, snippet(articles_fts, -1, '[', ']', '…', 16)
             FROM ranked
             JOIN articles a ON a.id = ranked.id
             JOIN articles_fts ON articles_fts.rowid = ranked.id
             WHERE articles_fts MATCH ?
             ORDER BY ranked.score, ranked.id DESC",
            narrowing.sql,
            super::articles::SUMMARY_COLUMNS
        );
        let mut args = narrowing.args;
        args.push(Value::Text(query.clone()));
        args.push(Value::Integer(filter.limit.map_or(50, i64::from)));
        args.push(Value::Integer(filter.offset.map_or(0, i64::from)));
        args.push(Value::Text(query));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |row| {
            let article: ArticleSummary = super::articles::summary_from_row(row)?;
            Ok(SearchHit {
                article,
                snippet: row.get(13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Turns free text into an FTS5 query that cannot fail to parse: each word becomes a quoted
/// term (all must match), text between balanced double quotes a phrase, and a last bare word
/// also matches as a prefix, for search-as-you-type. An unbalanced quote, operators and
/// punctuation are plain text. Returns `None` when nothing searchable is left.
fn fts_query(input: &str) -> Option<String> {
    let mut input = input.to_owned();
    if input.matches('"').count() % 2 == 1 {
        if let Some(last) = input.rfind('"') {
            input.remove(last);
        }
    }
    let mut terms: Vec<String> = Vec::new();
    let mut last_is_word = false;
    for (i, segment) in input.split('"').enumerate() {
        let words = words_of(segment);
        if words.is_empty() {
            continue;
        }
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
    Some(query)
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

    #[test]
    fn any_input_becomes_a_safe_query() {
        assert_eq!(
            fts_query("rust async").as_deref(),
            Some("\"rust\" \"async\"*")
        );
        assert_eq!(
            fts_query("\"unbalanced AND (").as_deref(),
            Some("\"unbalanced\" \"AND\"*")
        );
        assert_eq!(
            fts_query("\"borrow checker\" rust").as_deref(),
            Some("\"borrow checker\" \"rust\"*")
        );
        assert_eq!(
            fts_query("rust \"async closures\"").as_deref(),
            Some("\"rust\" \"async closures\"")
        );
        assert_eq!(fts_query("\"\""), None);
        assert_eq!(fts_query("*"), None);
        assert_eq!(fts_query("  🦀  "), None);
        assert_eq!(
            fts_query("C'est l'été").as_deref(),
            Some("\"C'est\" \"l'été\"*")
        );
    }
}
