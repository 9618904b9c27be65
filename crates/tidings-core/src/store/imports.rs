//! Saving an article from an import together with what its source kept (tags, status, saved
//! time, highlights with their notes, a note), in one transaction: all of it or none of it.

use super::articles::{compress, find_by_url_keys, insert_in, refile_in};
use super::highlights::insert_highlight_in;
use super::organise::write_note;
use super::rows::clean_names;
use super::{NewArticle, NewHighlight, Provenance, Result, Store};

/// One record of an import, as the import workflow assembled it.
#[derive(Debug, Clone, Default)]
pub struct ImportedArticle {
    /// The extracted page, when the article is not in the library yet; `None` to only look it
    /// up (by `url_keys`) and merge into it.
    pub article: Option<NewArticle>,
    /// The keys it is looked up by (and recorded under, when it is found).
    pub url_keys: Vec<String>,
    pub tags: Vec<String>,
    pub collection: Option<String>,
    /// Applied to a new article only: one already saved keeps its own.
    pub provenance: Provenance,
    /// Appended to the article's note unless the note already holds it.
    pub note: Option<String>,
}

impl Store {
    /// Saves `import` in one transaction: the article already known by one of its keys is
    /// refiled (keys, tags, collection; back from the trash), else the page is inserted with its
    /// provenance. Then the highlights that `place` makes from the article's text are added,
    /// except those whose quote the article already has, so running an import again adds
    /// nothing twice. Returns the article's id and whether it is new; `None` when the article
    /// is neither in the library nor given (nothing is written then).
    ///
    /// # Errors
    /// [`super::Error::Invalid`] for a blank tag or collection name; a database failure. Nothing
    /// is written on failure.
    pub fn save_imported(
        &mut self,
        import: &ImportedArticle,
        place: impl FnOnce(&str) -> Vec<NewHighlight>,
    ) -> Result<Option<(i64, bool)>> {
        let tags = clean_names(&import.tags, "tag")?;
        let raw = match &import.article {
            Some(article) => Some(compress(&article.raw_html)?),
            None => None,
        };
        let collection = import.collection.as_deref();
        self.transaction(|tx| {
            let (id, new, text) = match (find_by_url_keys(tx, &import.url_keys)?, &import.article) {
                (Some(id), _) => {
                    refile_in(tx, id, &import.url_keys, &tags, collection)?;
                    let text: String =
                        tx.query_row("SELECT text FROM articles WHERE id = ?1", [id], |r| {
                            r.get(0)
                        })?;
                    (id, false, text)
                }
                (None, Some(article)) => {
                    let raw = raw.as_deref().unwrap_or_default();
                    let id = insert_in(tx, article, raw, &tags, collection, &import.provenance)?;
                    (id, true, article.content.text.clone())
                }
                (None, None) => return Ok(None),
            };
            let mut quotes: Vec<String> = {
                let mut stmt =
                    tx.prepare_cached("SELECT exact FROM highlights WHERE article_id = ?1")?;
                let rows = stmt.query_map([id], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for highlight in place(&text) {
                if quotes.contains(&highlight.exact) {
                    continue;
                }
                insert_highlight_in(
                    tx,
                    &NewHighlight {
                        article_id: id,
                        ..highlight.clone()
                    },
                )?;
                quotes.push(highlight.exact);
            }
            if let Some(note) = import
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                let existing: Option<String> = rusqlite::OptionalExtension::optional(
                    tx.query_row("SELECT body FROM notes WHERE article_id = ?1", [id], |r| {
                        r.get(0)
                    }),
                )?;
                if !existing.is_some_and(|body| body.contains(note)) {
                    write_note(tx, id, note, true)?;
                }
            }
            Ok(Some((id, new)))
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::store::ArticleContent;

    fn import(collection: Option<&str>) -> ImportedArticle {
        let keys = vec!["news.example/a".to_owned()];
        ImportedArticle {
            article: Some(NewArticle {
                original_url: "https://news.example/a".into(),
                final_url: "https://news.example/a".into(),
                url_keys: keys.clone(),
                content: ArticleContent {
                    title: "A".into(),
                    text: "one two three".into(),
                    ..ArticleContent::default()
                },
                raw_html: "<p>one two three</p>".into(),
                http_date: None,
            }),
            url_keys: keys,
            tags: vec!["t".into()],
            collection: collection.map(str::to_owned),
            note: Some("from the source".into()),
            ..ImportedArticle::default()
        }
    }

    fn highlight(exact: &str) -> NewHighlight {
        NewHighlight {
            article_id: 0,
            exact: exact.into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: 0,
            color: "yellow".into(),
            note: Some("why".into()),
            orphaned: true,
        }
    }

    #[test]
    fn a_failure_after_the_insert_leaves_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        // The collection's name is refused inside the transaction, after the article's row.
        let err = store
            .save_imported(&import(Some("   ")), |_| vec![highlight("two")])
            .unwrap_err();
        assert!(err.to_string().contains("collection"), "{err}");
        assert!(store.article_ids().unwrap().is_empty());
        assert!(store.tags().unwrap().is_empty());
        assert_eq!(
            store.find_by_url_keys(&import(None).url_keys).unwrap(),
            None
        );
    }

    #[test]
    fn highlights_and_the_note_are_added_once() {
        let mut store = Store::open_in_memory().unwrap();
        let place = |text: &str| {
            assert_eq!(text, "one two three");
            vec![highlight("two"), highlight("two"), highlight("gone")]
        };
        let (id, new) = store.save_imported(&import(None), place).unwrap().unwrap();
        assert!(new);
        // Again, and once more with the page left out (only looked up): nothing is added.
        let again = store.save_imported(&import(None), place).unwrap();
        let lookup = ImportedArticle {
            article: None,
            ..import(None)
        };
        assert_eq!(
            store.save_imported(&lookup, place).unwrap(),
            Some((id, false))
        );
        assert_eq!(again, Some((id, false)));
        let quotes: Vec<String> = store
            .article_highlights(id)
            .unwrap()
            .into_iter()
            .map(|h| h.exact)
            .collect();
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        assert_eq!(
            store.article(id).unwrap().note.unwrap().body,
            "from the source"
        );
        let unknown = ImportedArticle {
            article: None,
            url_keys: vec!["news.example/b".into()],
            ..ImportedArticle::default()
        };
        assert_eq!(store.save_imported(&unknown, |_| Vec::new()).unwrap(), None);
    }
}
