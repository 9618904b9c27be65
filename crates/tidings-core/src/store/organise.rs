//! What users add to articles: notes, highlights, tags and collections.

use rusqlite::{params, OptionalExtension, Transaction};

use super::rows::{clean_name, clean_names, require_article};
use super::saved_searches::rename_in_filters;
use super::{now, Error, Result, Store};
use crate::model::{Collection, TagCount};

impl Store {
    /// Sets an article's note, or appends to it (on a new paragraph). An empty note deletes it.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn set_note(&mut self, article_id: i64, body: &str, append: bool) -> Result<()> {
        self.transaction(|tx| {
            require_article(tx, article_id)?;
            write_note(tx, article_id, body, append)
        })
    }

    /// Saves a note edited from `base` (the note as the editor loaded it) and returns the note
    /// as stored. If someone else changed the note meanwhile (the CLI appended to it while the
    /// app had it open), nothing of theirs is lost: what they appended is kept after the edit,
    /// and any other change is kept after it in full.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn edit_note(&mut self, article_id: i64, body: &str, base: &str) -> Result<String> {
        self.transaction(|tx| {
            require_article(tx, article_id)?;
            let current: String = tx
                .query_row(
                    "SELECT body FROM notes WHERE article_id = ?1",
                    [article_id],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_default();
            let merged = merge_note(body, base, &current);
            write_note(tx, article_id, &merged, false)?;
            Ok(merged.trim().to_owned())
        })
    }

    /// Puts tags on an article, creating tags that do not exist yet. Tags are matched without
    /// regard to case; blank names are refused.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id; [`Error::Invalid`] for a blank tag.
    pub fn add_tags(&mut self, article_id: i64, tags: &[String]) -> Result<()> {
        let tags = clean_names(tags, "tag")?;
        self.transaction(|tx| {
            require_article(tx, article_id)?;
            tag_article(tx, article_id, &tags)
        })
    }

    /// Takes tags off an article; a tag no article carries any more is forgotten.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn remove_tags(&mut self, article_id: i64, tags: &[String]) -> Result<()> {
        let tags = clean_names(tags, "tag")?;
        self.transaction(|tx| {
            require_article(tx, article_id)?;
            for tag in &tags {
                tx.execute(
                    "DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = (SELECT id FROM tags WHERE name = ?2)",
                    params![article_id, tag],
                )?;
            }
            tx.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)", [])?;
            Ok(())
        })
    }

    /// Every tag with the number of articles carrying it (the trash aside), by name.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        let mut stmt = self.conn.prepare_cached(
            // The trash is left out through its own index: a join reading each article's
            // `deleted_at` would walk the overflow pages of every tagged article.
            "SELECT t.name, count(at.article_id) FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id
             AND at.article_id NOT IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL)
             GROUP BY t.id ORDER BY t.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TagCount {
                name: r.get(0)?,
                article_count: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Renames a tag everywhere; renaming onto an existing tag merges the two.
    ///
    /// # Errors
    /// [`Error::TagNotFound`] or a blank new name.
    pub fn rename_tag(&mut self, old: &str, new: &str) -> Result<()> {
        let new = clean_name(new, "tag")?;
        self.transaction(|tx| {
            let from = tag_id(tx, old)?.ok_or_else(|| Error::TagNotFound(old.trim().to_owned()))?;
            rename_in_filters(tx, "tag", old, &new)?;
            match tag_id(tx, &new)? {
                Some(into) if into != from => merge_tag(tx, from, into),
                _ => {
                    tx.execute(
                        "UPDATE tags SET name = ?2 WHERE id = ?1",
                        params![from, new],
                    )?;
                    Ok(())
                }
            }
        })
    }

    /// Merges tag `from` into tag `into`: every article tagged `from` is tagged `into`, and `from` is gone.
    ///
    /// # Errors
    /// [`Error::TagNotFound`] for either name.
    pub fn merge_tags(&mut self, from: &str, into: &str) -> Result<()> {
        self.transaction(|tx| {
            let from_id =
                tag_id(tx, from)?.ok_or_else(|| Error::TagNotFound(from.trim().to_owned()))?;
            let into_id =
                tag_id(tx, into)?.ok_or_else(|| Error::TagNotFound(into.trim().to_owned()))?;
            if from_id == into_id {
                return Ok(());
            }
            let into_name: String =
                tx.query_row("SELECT name FROM tags WHERE id = ?1", [into_id], |r| {
                    r.get(0)
                })?;
            rename_in_filters(tx, "tag", from, &into_name)?;
            merge_tag(tx, from_id, into_id)
        })
    }

    /// Deletes a tag from every article.
    ///
    /// # Errors
    /// [`Error::TagNotFound`].
    pub fn delete_tag(&mut self, name: &str) -> Result<()> {
        if self
            .conn
            .execute("DELETE FROM tags WHERE name = ?1", [name.trim()])?
            == 0
        {
            return Err(Error::TagNotFound(name.trim().to_owned()));
        }
        Ok(())
    }

    pub(super) fn article_tags(&self, article_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = ?1 ORDER BY t.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([article_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn article_collections(&self, article_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.name FROM collections c JOIN collection_articles ca ON ca.collection_id = c.id
             WHERE ca.article_id = ?1 ORDER BY c.position, c.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([article_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Creates an empty collection.
    ///
    /// # Errors
    /// [`Error::CollectionExists`] if the name is taken; [`Error::Invalid`] for a blank name.
    pub fn create_collection(&mut self, name: &str, description: &str) -> Result<Collection> {
        let name = clean_name(name, "collection")?;
        self.transaction(|tx| {
            if collection_id(tx, &name)?.is_some() {
                return Err(Error::CollectionExists(name.clone()));
            }
            insert_collection(tx, &name, description)
        })?;
        self.collection(&name)
    }

    /// Renames a collection.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`], or [`Error::CollectionExists`] if the new name is taken.
    pub fn rename_collection(&mut self, old: &str, new: &str) -> Result<()> {
        let new = clean_name(new, "collection")?;
        self.transaction(|tx| {
            let id = collection_id(tx, old)?
                .ok_or_else(|| Error::CollectionNotFound(old.trim().to_owned()))?;
            if collection_id(tx, &new)?.is_some_and(|other| other != id) {
                return Err(Error::CollectionExists(new.clone()));
            }
            tx.execute(
                "UPDATE collections SET name = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, new, now()],
            )?;
            rename_in_filters(tx, "collection", old, &new)
        })
    }

    /// Moves a collection to `position` (1 = first) in the sidebar's order.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`].
    pub fn move_collection(&mut self, name: &str, position: u32) -> Result<()> {
        self.transaction(|tx| {
            let id = collection_id(tx, name)?
                .ok_or_else(|| Error::CollectionNotFound(name.trim().to_owned()))?;
            let mut order: Vec<i64> = {
                let mut stmt = tx.prepare_cached(
                    "SELECT id FROM collections ORDER BY position, name COLLATE NOCASE",
                )?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            order.retain(|&c| c != id);
            let to = usize::try_from(position)
                .unwrap_or(usize::MAX)
                .saturating_sub(1)
                .min(order.len());
            order.insert(to, id);
            let mut stmt =
                tx.prepare_cached("UPDATE collections SET position = ?2 WHERE id = ?1")?;
            for (i, c) in order.iter().enumerate() {
                stmt.execute(params![c, i64::try_from(i).unwrap_or(i64::MAX) + 1])?;
            }
            Ok(())
        })
    }

    /// Sets a collection's description.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`].
    pub fn describe_collection(&mut self, name: &str, description: &str) -> Result<()> {
        let id = self.collection_id(name)?;
        self.conn.execute(
            "UPDATE collections SET description = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, description.trim(), now()],
        )?;
        Ok(())
    }

    /// Moves an article to `position` (1 = first) within a collection; the others keep their order.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`], or [`Error::Invalid`] if the article is not in the collection.
    pub fn move_in_collection(&mut self, name: &str, article_id: i64, position: u32) -> Result<()> {
        self.transaction(|tx| {
            let id = collection_id(tx, name)?.ok_or_else(|| Error::CollectionNotFound(name.trim().to_owned()))?;
            let mut order: Vec<i64> = {
                let mut stmt = tx.prepare_cached(
                    "SELECT article_id FROM collection_articles WHERE collection_id = ?1 ORDER BY position, article_id",
                )?;
                let rows = stmt.query_map([id], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let Some(from) = order.iter().position(|&a| a == article_id) else {
                return Err(Error::Invalid(format!("article {article_id} is not in collection {:?}", name.trim())));
            };
            order.remove(from);
            let to = usize::try_from(position).unwrap_or(usize::MAX).saturating_sub(1).min(order.len());
            order.insert(to, article_id);
            let mut stmt = tx.prepare_cached(
                "UPDATE collection_articles SET position = ?3 WHERE collection_id = ?1 AND article_id = ?2",
            )?;
            for (i, article) in order.iter().enumerate() {
                stmt.execute(params![id, article, i64::try_from(i).unwrap_or(i64::MAX) + 1])?;
            }
            Ok(())
        })
    }

    /// Deletes a collection; its articles stay in the library.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`].
    pub fn delete_collection(&mut self, name: &str) -> Result<()> {
        let id = self.collection_id(name)?;
        self.conn
            .execute("DELETE FROM collections WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Every collection with its article count (the trash aside), in the user's order.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn collections(&self) -> Result<Vec<Collection>> {
        self.query_collections("", [])
    }

    /// One collection by name (case-insensitive).
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`].
    pub fn collection(&self, name: &str) -> Result<Collection> {
        self.query_collections("WHERE c.name = ?1", [name.trim()])?
            .pop()
            .ok_or_else(|| Error::CollectionNotFound(name.trim().to_owned()))
    }

    fn query_collections<P: rusqlite::Params>(
        &self,
        condition: &str,
        args: P,
    ) -> Result<Vec<Collection>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.name, c.description, count(ca.article_id), c.created_at
             FROM collections c LEFT JOIN collection_articles ca ON ca.collection_id = c.id
             AND ca.article_id NOT IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL)
             {condition} GROUP BY c.id ORDER BY c.position, c.name COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map(args, |r| {
            Ok(Collection {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                article_count: r.get(3)?,
                created_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn collection_id(&self, name: &str) -> Result<i64> {
        collection_id(&self.conn, name)?
            .ok_or_else(|| Error::CollectionNotFound(name.trim().to_owned()))
    }

    /// Appends articles to the end of a collection, in the order given; articles already in it stay where they are.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`] or [`Error::ArticleNotFound`]; nothing is added then.
    pub fn add_to_collection(&mut self, name: &str, article_ids: &[i64]) -> Result<()> {
        self.transaction(|tx| {
            let id = collection_id(tx, name)?
                .ok_or_else(|| Error::CollectionNotFound(name.trim().to_owned()))?;
            for &article_id in article_ids {
                require_article(tx, article_id)?;
                append_to_collection(tx, id, article_id)?;
            }
            Ok(())
        })
    }

    /// Takes articles out of a collection (they stay in the library).
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`].
    pub fn remove_from_collection(&mut self, name: &str, article_ids: &[i64]) -> Result<()> {
        self.transaction(|tx| {
            let id = collection_id(tx, name)?
                .ok_or_else(|| Error::CollectionNotFound(name.trim().to_owned()))?;
            for &article_id in article_ids {
                tx.execute(
                    "DELETE FROM collection_articles WHERE collection_id = ?1 AND article_id = ?2",
                    params![id, article_id],
                )?;
            }
            Ok(())
        })
    }
}

/// [`Store::set_note`] inside the caller's transaction (the article known to exist).
/// The note to store when `edited` was made from `base` but the library now holds `current`.
fn merge_note(edited: &str, base: &str, current: &str) -> String {
    let (edited, base, current) = (edited.trim(), base.trim(), current.trim());
    if current == base || current.is_empty() && base.is_empty() || edited.contains(current) {
        return edited.to_owned();
    }
    // Appended elsewhere (the CLI's `note --append`): keep the edit, then what was appended.
    let theirs = current
        .strip_prefix(base)
        .filter(|_| !base.is_empty())
        .map_or(current, str::trim);
    if theirs.is_empty() || edited.contains(theirs) {
        return edited.to_owned();
    }
    if edited.is_empty() {
        return theirs.to_owned();
    }
    format!("{edited}\n\n{theirs}")
}

pub(super) fn write_note(
    tx: &Transaction<'_>,
    article_id: i64,
    body: &str,
    append: bool,
) -> Result<()> {
    let existing: Option<String> = tx
        .query_row(
            "SELECT body FROM notes WHERE article_id = ?1",
            [article_id],
            |r| r.get(0),
        )
        .optional()?;
    let had_note = existing.is_some();
    let body = match (append, existing) {
        (true, Some(old)) if !old.trim().is_empty() => {
            format!("{}\n\n{}", old.trim_end(), body.trim())
        }
        _ => body.trim().to_owned(),
    };
    // Plain INSERT or UPDATE, never an upsert: an upsert fires the BEFORE INSERT trigger
    // and then the UPDATE ones, which would take the note out of the search index twice.
    if body.is_empty() {
        tx.execute("DELETE FROM notes WHERE article_id = ?1", [article_id])?;
    } else if had_note {
        tx.execute(
            "UPDATE notes SET body = ?2, updated_at = ?3 WHERE article_id = ?1",
            params![article_id, body, now()],
        )?;
    } else {
        tx.execute(
            "INSERT INTO notes (article_id, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![article_id, body, now()],
        )?;
    }
    Ok(())
}

/// Puts already-cleaned tag names on an article, creating the tags that are new.
pub(super) fn tag_article(tx: &Transaction<'_>, article_id: i64, tags: &[String]) -> Result<()> {
    for tag in tags {
        tx.prepare_cached("INSERT OR IGNORE INTO tags (name) VALUES (?1)")?
            .execute([tag])?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2",
        )?
        .execute(params![article_id, tag])?;
    }
    Ok(())
}

fn insert_collection(tx: &Transaction<'_>, name: &str, description: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO collections (name, description, position, created_at, updated_at)
         VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM collections), ?3, ?3)",
        params![name, description.trim(), now()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The id of collection `name`, created empty if it does not exist yet.
pub(super) fn ensure_collection(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let name = clean_name(name, "collection")?;
    match collection_id(tx, &name)? {
        Some(id) => Ok(id),
        None => insert_collection(tx, &name, ""),
    }
}

/// Adds an article at the end of a collection, unless it is already in it.
pub(super) fn append_to_collection(
    tx: &Transaction<'_>,
    collection_id: i64,
    article_id: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO collection_articles (collection_id, article_id, position, added_at)
         VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM collection_articles WHERE collection_id = ?1), ?3)",
    )?
    .execute(params![collection_id, article_id, now()])?;
    Ok(())
}

fn tag_id(conn: &rusqlite::Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM tags WHERE name = ?1", [name.trim()], |r| {
            r.get(0)
        })
        .optional()?)
}

fn merge_tag(tx: &Transaction<'_>, from: i64, into: i64) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1",
        params![from, into],
    )?;
    tx.execute("DELETE FROM tags WHERE id = ?1", [from])?;
    Ok(())
}

fn collection_id(conn: &rusqlite::Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM collections WHERE name = ?1",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::merge_note;

    #[test]
    fn an_edit_keeps_what_was_appended_elsewhere_meanwhile() {
        // Nobody else wrote: the edit is the note.
        assert_eq!(merge_note("Edited.", "Loaded.", "Loaded."), "Edited.");
        assert_eq!(merge_note("", "Loaded.", "Loaded."), "");
        // The CLI appended while the app edited: both stay.
        assert_eq!(
            merge_note(
                "Loaded, then edited.",
                "Loaded.",
                "Loaded.\n\nFrom the CLI."
            ),
            "Loaded, then edited.\n\nFrom the CLI."
        );
        // Written elsewhere from nothing, or changed in another way: kept whole after the edit.
        assert_eq!(merge_note("Mine.", "", "Theirs."), "Mine.\n\nTheirs.");
        assert_eq!(
            merge_note("Mine.", "Old.", "Rewritten."),
            "Mine.\n\nRewritten."
        );
        // Cleared here while something was appended there: the appended part stays.
        assert_eq!(merge_note("", "Old.", "Old.\n\nNew."), "New.");
        // An edit that already holds the other change is not doubled.
        assert_eq!(
            merge_note("Old.\n\nNew.\n\nMore.", "Old.", "Old.\n\nNew."),
            "Old.\n\nNew.\n\nMore."
        );
    }
}
