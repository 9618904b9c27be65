//! The trash: a deleted article is only marked (`deleted_at`) and hidden from lists, search,
//! counts and highlights, so it can be restored; it is removed for good when the trash is
//! emptied or it has been there long enough.

use rusqlite::params;

use super::{now, Error, Result, Store};

impl Store {
    /// Moves articles to the trash. Articles already there stay as they are.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id; nothing moves then.
    pub fn trash_articles(&mut self, ids: &[i64]) -> Result<()> {
        self.transaction(|tx| {
            let when = now();
            let mut stmt = tx.prepare_cached(
                "UPDATE articles SET deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1",
            )?;
            for &id in ids {
                if stmt.execute(params![id, when])? == 0 {
                    return Err(Error::ArticleNotFound(id));
                }
            }
            Ok(())
        })
    }

    /// Brings articles back from the trash, as they were. Articles not in the trash stay as they are.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id; nothing moves then.
    pub fn restore_articles(&mut self, ids: &[i64]) -> Result<()> {
        self.transaction(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE articles SET deleted_at = NULL WHERE id = ?1 RETURNING id",
            )?;
            for &id in ids {
                if !stmt.exists([id])? {
                    return Err(Error::ArticleNotFound(id));
                }
            }
            Ok(())
        })
    }

    /// Deletes for good the articles that went to the trash before `before` (RFC 3339), or
    /// every article in the trash when `before` is `None`, and returns how many went.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn purge_trash(&mut self, before: Option<&str>) -> Result<u32> {
        self.transaction(|tx| {
            let removed = tx.execute(
                "DELETE FROM articles WHERE deleted_at IS NOT NULL AND (?1 IS NULL OR deleted_at < ?1)",
                [before],
            )?;
            Ok(u32::try_from(removed).unwrap_or(u32::MAX))
        })
    }

    /// Deletes an article for good, with its note, highlights, tags and memberships (the search
    /// index follows through its triggers).
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn delete_article(&mut self, id: i64) -> Result<()> {
        self.transaction(|tx| {
            if tx.execute("DELETE FROM articles WHERE id = ?1", [id])? == 0 {
                return Err(Error::ArticleNotFound(id));
            }
            Ok(())
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::{ArticleContent, NewArticle, NewHighlight, Store};
    use crate::model::{HighlightFilter, ListFilter};

    fn article(store: &mut Store, title: &str, key: &str) -> i64 {
        let new = NewArticle {
            original_url: format!("https://example.com/{key}"),
            final_url: format!("https://example.com/{key}"),
            url_keys: vec![format!("example.com/{key}")],
            content: ArticleContent {
                title: title.into(),
                text: format!("{title} body text"),
                content_html: format!("<p>{title} body text</p>"),
                ..ArticleContent::default()
            },
            raw_html: String::new(),
            http_date: None,
        };
        let id = store
            .insert_article(&new, &["news".into()], Some("Reading"))
            .unwrap();
        store
            .insert_highlight(&NewHighlight {
                article_id: id,
                exact: title.into(),
                prefix: String::new(),
                suffix: String::new(),
                start: 0,
                end: u32::try_from(title.len()).unwrap(),
                color: "yellow".into(),
                note: None,
                orphaned: false,
            })
            .unwrap();
        id
    }

    fn listed(store: &Store, filter: &ListFilter) -> Vec<i64> {
        store.list(filter).unwrap().iter().map(|a| a.id).collect()
    }

    fn found(store: &Store, query: &str) -> Vec<i64> {
        let hits = store.search(query, &ListFilter::default()).unwrap();
        hits.iter().map(|h| h.article.id).collect()
    }

    #[test]
    fn a_trashed_article_leaves_every_view_and_comes_back_whole() {
        let mut store = Store::open_in_memory().unwrap();
        let kept = article(&mut store, "Kernel", "a");
        let gone = article(&mut store, "Pelican", "b");
        store.set_note(gone, "remember the pelican", false).unwrap();

        store.trash_articles(&[gone]).unwrap();
        assert_eq!(listed(&store, &ListFilter::default()), vec![kept]);
        let trash = ListFilter {
            trash: true,
            ..ListFilter::default()
        };
        assert_eq!(listed(&store, &trash), vec![gone]);
        assert!(found(&store, "pelican").is_empty());
        assert_eq!(found(&store, "body"), vec![kept]);
        let counts = store.counts().unwrap();
        assert_eq!(
            (counts.all, counts.unread, counts.highlights, counts.trash),
            (1, 1, 1, 1)
        );
        assert_eq!(store.article_count().unwrap(), 1);
        assert_eq!(store.collection("Reading").unwrap().article_count, 1);
        assert_eq!(store.tags().unwrap()[0].article_count, 1);
        let highlights = store.highlights(&HighlightFilter::default()).unwrap();
        assert_eq!(highlights.len(), 1);
        assert_eq!(highlights[0].article.id, kept);
        // Still readable (the trash view opens it), with its note.
        assert!(store.article(gone).unwrap().note.is_some());

        store.restore_articles(&[gone]).unwrap();
        let mut all = listed(&store, &ListFilter::default());
        all.sort_unstable();
        assert_eq!(all, vec![kept, gone]);
        assert_eq!(found(&store, "pelican"), vec![gone]);
        assert_eq!(store.counts().unwrap().trash, 0);
        assert_eq!(store.collection("Reading").unwrap().article_count, 2);
        store.check_integrity().unwrap();
    }

    #[test]
    fn purging_removes_only_what_is_old_enough_and_keeps_the_index_in_step() {
        let mut store = Store::open_in_memory().unwrap();
        let old = article(&mut store, "Ancient", "a");
        let recent = article(&mut store, "Recent", "b");
        let kept = article(&mut store, "Kept", "c");
        store.trash_articles(&[old, recent]).unwrap();
        store
            .conn
            .execute(
                "UPDATE articles SET deleted_at = '2020-01-01T00:00:00Z' WHERE id = ?1",
                [old],
            )
            .unwrap();

        assert_eq!(store.purge_trash(Some("2021-01-01T00:00:00Z")).unwrap(), 1);
        assert!(store.article(old).is_err());
        assert_eq!(store.counts().unwrap().trash, 1);
        assert_eq!(store.purge_trash(None).unwrap(), 1);
        assert!(store.article(recent).is_err());
        assert_eq!(listed(&store, &ListFilter::default()), vec![kept]);
        store.restore_articles(&[kept]).unwrap();
        assert!(found(&store, "recent").is_empty());
        assert_eq!(found(&store, "kept"), vec![kept]);
        store.check_integrity().unwrap();
    }

    #[test]
    fn clipping_a_trashed_article_again_brings_it_back() {
        let mut store = Store::open_in_memory().unwrap();
        let id = article(&mut store, "Again", "a");
        store.trash_articles(&[id]).unwrap();
        let keys = vec!["example.com/a".to_owned()];
        assert_eq!(store.find_by_url_keys(&keys).unwrap(), Some(id));
        store.refile(id, &keys, &[], None).unwrap();
        assert_eq!(listed(&store, &ListFilter::default()), vec![id]);
    }

    #[test]
    fn an_unknown_id_moves_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let id = article(&mut store, "Stay", "a");
        let err = store.trash_articles(&[id, 999]).unwrap_err();
        assert!(err.to_string().contains("999"), "{err}");
        assert_eq!(listed(&store, &ListFilter::default()), vec![id]);
        store.trash_articles(&[id]).unwrap();
        assert!(store.restore_articles(&[id, 998]).is_err());
        assert_eq!(store.counts().unwrap().trash, 1);
    }
}
