//! Saved searches: a query and the filter it searches within, kept by name in the sidebar's
//! order. Only the definition is stored; the results are searched afresh each time.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::rows::clean_name;
use super::{now, Error, Result, Store};
use crate::backup::BackupSavedSearch;
use crate::model::{SavedSearch, SavedSearchFilter};

const COLUMNS: &str = "id, name, query, filter, created_at, updated_at";

impl Store {
    /// Saves `query` within `filter` as `name`, last in the sidebar's order.
    ///
    /// # Errors
    /// [`Error::SavedSearchExists`] if the name is taken (without regard to case);
    /// [`Error::Invalid`] for a blank name or query; [`Error::CollectionNotFound`] for a filter
    /// naming an unknown collection.
    pub fn create_saved_search(
        &mut self,
        name: &str,
        query: &str,
        filter: &SavedSearchFilter,
    ) -> Result<SavedSearch> {
        let name = clean_name(name, "saved search")?;
        let (query, filter) = (clean_query(query)?, self.clean_filter(filter)?);
        let id = self.transaction(|tx| {
            if find(tx, &name)?.is_some() {
                return Err(Error::SavedSearchExists(name.clone()));
            }
            let time = now();
            tx.execute(
                "INSERT INTO saved_searches (name, query, filter, position, created_at, updated_at)
                 VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM saved_searches), ?4, ?4)",
                params![name, query, filter_json(&filter), time],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.saved_search_by_id(id)
    }

    /// Every saved search, in the sidebar's order.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM saved_searches ORDER BY position, name COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map([], raw_row)?;
        rows.map(|row| from_raw(row?)).collect()
    }

    /// One saved search, by name (without regard to case), else by id.
    ///
    /// # Errors
    /// [`Error::SavedSearchNotFound`].
    pub fn saved_search(&self, key: &str) -> Result<SavedSearch> {
        let id = find(&self.conn, key)?
            .ok_or_else(|| Error::SavedSearchNotFound(key.trim().to_owned()))?;
        self.saved_search_by_id(id)
    }

    /// One saved search by its id alone (a name that looks like a number cannot stand in).
    fn saved_search_by_id(&self, id: i64) -> Result<SavedSearch> {
        let raw = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM saved_searches WHERE id = ?1"),
                [id],
                raw_row,
            )
            .optional()?
            .ok_or_else(|| Error::SavedSearchNotFound(id.to_string()))?;
        from_raw(raw)
    }

    /// Renames a saved search (a change of case alone is allowed).
    ///
    /// # Errors
    /// [`Error::SavedSearchNotFound`], [`Error::SavedSearchExists`] if the new name is another's,
    /// or [`Error::Invalid`] for a blank name.
    pub fn rename_saved_search(&mut self, key: &str, new: &str) -> Result<SavedSearch> {
        let new = clean_name(new, "saved search")?;
        let id = self.transaction(|tx| {
            let id =
                find(tx, key)?.ok_or_else(|| Error::SavedSearchNotFound(key.trim().to_owned()))?;
            if find_by_name(tx, &new)?.is_some_and(|other| other != id) {
                return Err(Error::SavedSearchExists(new.clone()));
            }
            tx.execute(
                "UPDATE saved_searches SET name = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, new, now()],
            )?;
            Ok(id)
        })?;
        self.saved_search_by_id(id)
    }

    /// Changes what a saved search looks for and within which articles.
    ///
    /// # Errors
    /// [`Error::SavedSearchNotFound`]; as [`Store::create_saved_search`] for the query and filter.
    pub fn update_saved_search(
        &mut self,
        key: &str,
        query: &str,
        filter: &SavedSearchFilter,
    ) -> Result<SavedSearch> {
        let (query, filter) = (clean_query(query)?, self.clean_filter(filter)?);
        let id = self.transaction(|tx| {
            let id =
                find(tx, key)?.ok_or_else(|| Error::SavedSearchNotFound(key.trim().to_owned()))?;
            tx.execute(
                "UPDATE saved_searches SET query = ?2, filter = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, query, filter_json(&filter), now()],
            )?;
            Ok(id)
        })?;
        self.saved_search_by_id(id)
    }

    /// Deletes a saved search (no article is touched).
    ///
    /// # Errors
    /// [`Error::SavedSearchNotFound`].
    pub fn delete_saved_search(&mut self, key: &str) -> Result<()> {
        let id = find(&self.conn, key)?
            .ok_or_else(|| Error::SavedSearchNotFound(key.trim().to_owned()))?;
        self.conn
            .execute("DELETE FROM saved_searches WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Blank tag and collection names mean none; a named collection must exist.
    fn clean_filter(&self, filter: &SavedSearchFilter) -> Result<SavedSearchFilter> {
        let named = |name: &Option<String>| {
            name.as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
        };
        let collection = match named(&filter.collection) {
            Some(name) => Some(self.collection(&name)?.name),
            None => None,
        };
        Ok(SavedSearchFilter {
            status: filter.status,
            tag: named(&filter.tag),
            collection,
            starred: filter.starred,
        })
    }
}

/// A saved search from a backup, added when the library has none of that name (an existing one
/// is kept as it is).
pub(super) fn restore_saved_search(tx: &Transaction<'_>, s: &BackupSavedSearch) -> Result<()> {
    let name = clean_name(&s.name, "saved search")?;
    if find_by_name(tx, &name)?.is_some() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO saved_searches (name, query, filter, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM saved_searches), ?4, ?5)",
        params![
            name,
            clean_query(&s.query)?,
            filter_json(&s.filter),
            s.created_at,
            s.updated_at
        ],
    )?;
    Ok(())
}

/// Points saved searches filtered by tag or collection `old` at `new` after a rename or merge,
/// so they keep finding the same articles. `field` is `"tag"` or `"collection"`.
pub(super) fn rename_in_filters(
    tx: &Transaction<'_>,
    field: &'static str,
    old: &str,
    new: &str,
) -> Result<()> {
    let path = format!("$.{field}");
    tx.execute(
        "UPDATE saved_searches SET filter = json_set(filter, ?1, ?3)
         WHERE json_extract(filter, ?1) = ?2 COLLATE NOCASE",
        params![path, old.trim(), new],
    )?;
    Ok(())
}

fn clean_query(query: &str) -> Result<String> {
    let query = query.trim();
    if query.is_empty() {
        return Err(Error::Invalid("a saved search needs a query".into()));
    }
    Ok(query.to_owned())
}

fn filter_json(filter: &SavedSearchFilter) -> String {
    serde_json::to_string(filter).unwrap_or_else(|_| "{}".into())
}

/// The id of the saved search named `key`, else with id `key`.
fn find(conn: &Connection, key: &str) -> Result<Option<i64>> {
    if let Some(id) = find_by_name(conn, key)? {
        return Ok(Some(id));
    }
    let Ok(id) = key.trim().trim_start_matches('#').parse::<i64>() else {
        return Ok(None);
    };
    Ok(conn
        .query_row("SELECT id FROM saved_searches WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

fn find_by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(conn
        .query_row(
            "SELECT id FROM saved_searches WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?)
}

type RawRow = (i64, String, String, String, String, String);

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn from_raw((id, name, query, filter, created_at, updated_at): RawRow) -> Result<SavedSearch> {
    let filter = serde_json::from_str(&filter).map_err(|e| {
        Error::Invalid(format!(
            "saved search {name:?} has a filter this version cannot read: {e}"
        ))
    })?;
    Ok(SavedSearch {
        id,
        name,
        query,
        filter,
        created_at,
        updated_at,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::ArticleStatus;

    fn rust_unread() -> SavedSearchFilter {
        SavedSearchFilter {
            status: Some(ArticleStatus::Unread),
            tag: Some("rust".into()),
            ..SavedSearchFilter::default()
        }
    }

    #[test]
    fn a_name_that_looks_like_an_id_never_stands_for_another_search() {
        let mut store = Store::open_in_memory().unwrap();
        let two = store
            .create_saved_search("2", "sqlite", &SavedSearchFilter::default())
            .unwrap();
        let beta = store
            .create_saved_search("Beta", "tokio", &SavedSearchFilter::default())
            .unwrap();
        assert_eq!(beta.id, 2, "the case this test is about");
        assert_eq!((beta.name.as_str(), beta.query.as_str()), ("Beta", "tokio"));
        let renamed = store.rename_saved_search("Beta", "Gamma").unwrap();
        assert_eq!(renamed.name, "Gamma");
        assert_eq!(store.saved_search("2").unwrap().id, two.id, "a name wins");
    }

    #[test]
    fn saves_lists_in_order_renames_updates_and_deletes() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store
            .create_saved_search("  Async   news ", "async closures", &rust_unread())
            .unwrap();
        assert_eq!(
            (a.name.as_str(), a.query.as_str()),
            ("Async news", "async closures")
        );
        assert_eq!(a.filter, rust_unread());
        store
            .create_saved_search("Databases", "sqlite", &SavedSearchFilter::default())
            .unwrap();
        let names = |s: &Store| -> Vec<String> {
            s.saved_searches()
                .unwrap()
                .into_iter()
                .map(|s| s.name)
                .collect()
        };
        assert_eq!(names(&store), ["Async news", "Databases"]);

        // By name without regard to case, or by id.
        assert_eq!(store.saved_search("ASYNC NEWS").unwrap().id, a.id);
        assert_eq!(store.saved_search(&a.id.to_string()).unwrap().id, a.id);

        let renamed = store.rename_saved_search("async news", "Async").unwrap();
        assert_eq!((renamed.id, renamed.name.as_str()), (a.id, "Async"));
        store.rename_saved_search("Async", "ASYNC").unwrap();
        let updated = store
            .update_saved_search("async", "tokio", &SavedSearchFilter::default())
            .unwrap();
        assert_eq!(
            (updated.query.as_str(), updated.filter.tag.as_deref()),
            ("tokio", None)
        );
        assert_eq!(names(&store), ["ASYNC", "Databases"], "the order is kept");

        store.delete_saved_search("databases").unwrap();
        assert_eq!(names(&store), ["ASYNC"]);
        let err = store.delete_saved_search("databases").unwrap_err();
        assert!(err.is_not_found(), "{err}");
    }

    #[test]
    fn bad_input_is_refused_with_one_line_and_nothing_written() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .create_saved_search("Rust", "async", &SavedSearchFilter::default())
            .unwrap();
        let errors = [
            store
                .create_saved_search("rust", "other", &SavedSearchFilter::default())
                .unwrap_err(),
            store
                .create_saved_search(" ", "async", &SavedSearchFilter::default())
                .unwrap_err(),
            store
                .create_saved_search("Empty", "  ", &SavedSearchFilter::default())
                .unwrap_err(),
            store
                .create_saved_search(
                    "Gone",
                    "async",
                    &SavedSearchFilter {
                        collection: Some("No such".into()),
                        ..SavedSearchFilter::default()
                    },
                )
                .unwrap_err(),
        ]
        .map(|e| e.to_string());
        assert_eq!(
            errors,
            [
                r#"a saved search named "rust" already exists"#,
                "a saved search name cannot be empty",
                "a saved search needs a query",
                r#"no collection named "No such""#,
            ]
        );
        store
            .create_saved_search("Other", "sqlite", &SavedSearchFilter::default())
            .unwrap();
        let err = store.rename_saved_search("other", "RUST").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"a saved search named "RUST" already exists"#
        );
        let err = store
            .update_saved_search("Rust", "", &SavedSearchFilter::default())
            .unwrap_err();
        assert_eq!(err.to_string(), "a saved search needs a query");
        let kept: Vec<(String, String)> = store
            .saved_searches()
            .unwrap()
            .into_iter()
            .map(|s| (s.name, s.query))
            .collect();
        assert_eq!(
            kept,
            [
                ("Rust".into(), "async".into()),
                ("Other".into(), "sqlite".into())
            ]
        );
    }
}
