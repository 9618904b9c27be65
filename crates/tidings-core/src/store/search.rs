//! Full-text search over titles, bylines, sites, article text, notes and highlights (FTS5).

use rusqlite::params;

use super::{Result, Store};
use crate::model::{ArticleSummary, SearchHit};

/// Column weights for bm25, in the FTS table's column order:
/// title, byline, site_name, text, note, highlights.
const BM25_WEIGHTS: &str = "10.0, 2.0, 2.0, 1.0, 4.0, 5.0";

impl Store {
    /// Articles matching what a user typed, best first, each with a snippet in which matched
    /// words are marked `[like this]`. Any input is accepted: it is turned into a safe query.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn search(&self, input: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {}, snippet(articles_fts, -1, '[', ']', '…', 16)
             FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
             WHERE articles_fts MATCH ?1
             ORDER BY bm25(articles_fts, {BM25_WEIGHTS}), a.id DESC
             LIMIT ?2",
            super::articles::SUMMARY_COLUMNS
        ))?;
        let rows = stmt.query_map(params![query, limit], |row| {
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
/// term (all must match), and the last word also matches as a prefix, for search-as-you-type.
/// Returns `None` when nothing searchable is left.
fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
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
        assert_eq!(fts_query("*"), None);
        assert_eq!(fts_query("  🦀  "), None);
        assert_eq!(
            fts_query("C'est l'été").as_deref(),
            Some("\"C'est\" \"l'été\"*")
        );
    }
}
