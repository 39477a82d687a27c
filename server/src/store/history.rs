//! An entry's history (`directory_history`) and the class each entry id
//! belongs to (`directory_ids`). Both are keyed so that a class's path can
//! only ever reach that class's objects: a history key starts with the
//! entry's class, and an id made in one class cannot be made again in
//! another (docs/SECURITY.md, "Object scope").

use std::collections::HashMap;

use super::{HistoryRecord, Store, StoreError, codec, entry_key};

/// `<class>\0<entry>\0<n big-endian>`.
pub(super) fn history_key(class: &str, entry: &str, n: u64) -> Vec<u8> {
    let mut k = entry_key(class, entry).into_bytes();
    k.push(0);
    k.extend_from_slice(&n.to_be_bytes());
    k
}

/// The class and entry of a history key; `None` for a key written under
/// the entry id alone (before schema 7).
fn split_history_key(k: &[u8]) -> Option<(&str, &str)> {
    let head = k.get(..k.len().checked_sub(9)?)?;
    std::str::from_utf8(head).ok()?.split_once('\0')
}

impl Store {
    /// An entry's history in its class, oldest first.
    pub fn entry_history(&self, class: &str, id: &str) -> Result<Vec<HistoryRecord>, StoreError> {
        let mut prefix = entry_key(class, id).into_bytes();
        prefix.push(0);
        self.directory_history
            .scan_prefix(prefix)
            .values()
            .map(|r| codec::decode(&r?))
            .collect()
    }

    /// `directory_ids` from the primary trees: every entry there is, every
    /// entry made from the roster and every entry that has a history
    /// (deleted ones too, so that their ids stay their class's).
    pub(super) fn rebuild_entry_ids(&self) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for k in self.directory.iter().keys() {
            let k = k?;
            if let Some((class, id)) = std::str::from_utf8(&k)
                .ok()
                .and_then(|k| k.split_once('\0'))
            {
                batch.insert(id.as_bytes(), class.as_bytes());
            }
        }
        for kv in self.directory_seeded.iter() {
            let (k, id) = kv?;
            if let Some((class, _)) = std::str::from_utf8(&k)
                .ok()
                .and_then(|k| k.split_once('\0'))
            {
                batch.insert(id, class.as_bytes());
            }
        }
        for k in self.directory_history.iter().keys() {
            let k = k?;
            if let Some((class, id)) = split_history_key(&k) {
                batch.insert(id.as_bytes(), class.as_bytes());
            }
        }
        self.directory_ids.apply_batch(batch)?;
        Ok(())
    }

    /// Schema 7: history written under the entry id alone moves under its
    /// class, found from the entry, the roster seeding or the audit log of
    /// its deletion. Batches are atomic and moved keys are recognised, so a
    /// rerun after a crash moves what is left. A history whose class cannot
    /// be found (none is known) moves under the empty class, which no path
    /// names, and is counted in the log.
    pub(crate) fn upgrade_history_keys(&self) -> Result<(), StoreError> {
        const BATCH: usize = 10_000;
        let mut class_of: HashMap<String, String> = HashMap::new();
        for k in self.directory.iter().keys() {
            let k = k?;
            if let Some((class, id)) = std::str::from_utf8(&k)
                .ok()
                .and_then(|k| k.split_once('\0'))
            {
                class_of.insert(id.to_owned(), class.to_owned());
            }
        }
        for kv in self.directory_seeded.iter() {
            let (k, id) = kv?;
            if let (Some((class, _)), Ok(id)) = (
                std::str::from_utf8(&k)
                    .ok()
                    .and_then(|k| k.split_once('\0')),
                std::str::from_utf8(&id),
            ) {
                class_of
                    .entry(id.to_owned())
                    .or_insert_with(|| class.to_owned());
            }
        }
        for e in self.audit.iter().values() {
            let e: super::AuditEntry = codec::decode(&e?)?;
            if e.action.starts_with("directory.")
                && let Some((class, id)) = e.target.split_once('/')
            {
                class_of
                    .entry(id.to_owned())
                    .or_insert_with(|| class.to_owned());
            }
        }
        let (mut moved, mut n, mut unknown) = (sled::Batch::default(), 0usize, 0usize);
        for kv in self.directory_history.iter() {
            let (k, v) = kv?;
            if split_history_key(&k).is_some() || k.len() < 9 {
                continue;
            }
            let (id, rest) = k.split_at(k.len() - 9);
            let id = String::from_utf8_lossy(id);
            let class = class_of.get(id.as_ref()).map_or_else(
                || {
                    unknown += 1;
                    ""
                },
                String::as_str,
            );
            let mut key = entry_key(class, &id).into_bytes();
            key.extend_from_slice(rest);
            moved.insert(key, v);
            moved.remove(k);
            n += 1;
            if n % BATCH == 0 {
                self.directory_history
                    .apply_batch(std::mem::take(&mut moved))?;
            }
        }
        self.directory_history.apply_batch(moved)?;
        tracing::info!(
            moved = n,
            without_class = unknown,
            "directory history keyed by class"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_key_names_its_class_and_entry_whatever_its_number() {
        for n in [0, 1, 0x0100, u64::MAX] {
            let k = history_key("2023级软件1班", "e-1", n);
            assert_eq!(split_history_key(&k), Some(("2023级软件1班", "e-1")));
        }
        let mut old = b"e-1".to_vec();
        old.push(0);
        old.extend_from_slice(&7u64.to_be_bytes());
        assert_eq!(split_history_key(&old), None);
    }

    fn record(action: &str) -> HistoryRecord {
        HistoryRecord {
            at: 1,
            actor: "u1".into(),
            actor_name: "张三".into(),
            action: action.into(),
            changes: Vec::new(),
        }
    }

    fn entry(class: &str, id: &str) -> super::super::EntryRecord {
        super::super::EntryRecord {
            id: id.into(),
            class_id: class.into(),
            fields: Default::default(),
            student_id: None,
            rev: 1,
            seq: 0,
            confirmed_round: None,
            created_at: 1,
            updated_at: 1,
        }
    }

    /// A history key as schema 6 wrote it: the entry id alone.
    fn old_key(entry: &str, n: u64) -> Vec<u8> {
        let mut k = entry.as_bytes().to_vec();
        k.push(0);
        k.extend_from_slice(&n.to_be_bytes());
        k
    }

    #[tokio::test]
    async fn schema_6_history_moves_under_each_entrys_class_and_a_rerun_changes_nothing()
    -> Result<(), StoreError> {
        let store = Store::temporary()?;
        // e1 is in c1's directory; e2 was deleted from c2 (only the audit
        // log knows its class); e3 was made from c3's roster; e4 is known
        // nowhere.
        store
            .directory
            .insert(entry_key("c1", "e1"), codec::encode(&entry("c1", "e1"))?)?;
        store.directory_seeded.insert(entry_key("c3", "s3"), "e3")?;
        store.append_audit(&super::super::AuditEntry {
            at: 1,
            actor: "u1".into(),
            action: "directory.delete".into(),
            target: "c2/e2".into(),
            detail: serde_json::Value::Null,
        })?;
        for (id, n) in [("e1", 0), ("e1", 1), ("e2", 0), ("e3", 0), ("e4", 0)] {
            store.directory_history.insert(
                old_key(id, n),
                codec::encode(&record(&format!("{id}.{n}")))?,
            )?;
        }
        store.meta_put("schema_version", &6u32)?;
        for _ in 0..2 {
            store.upgrade_from(6, true)?;
            let actions = |class, id| -> Result<Vec<String>, StoreError> {
                Ok(store
                    .entry_history(class, id)?
                    .into_iter()
                    .map(|r| r.action)
                    .collect())
            };
            assert_eq!(actions("c1", "e1")?, ["e1.0", "e1.1"]);
            assert_eq!(actions("c2", "e2")?, ["e2.0"]);
            assert_eq!(actions("c3", "e3")?, ["e3.0"]);
            assert_eq!(actions("", "e4")?, ["e4.0"]);
            assert!(
                actions("c1", "e2")?.is_empty(),
                "no class reaches another's"
            );
            assert_eq!(
                store.directory_history.len(),
                5,
                "every key moved, none copied"
            );
            for (id, class) in [("e1", "c1"), ("e2", "c2"), ("e3", "c3")] {
                assert_eq!(
                    store.directory_ids.get(id)?.as_deref(),
                    Some(class.as_bytes()),
                    "{id} belongs to {class}"
                );
            }
        }
        Ok(())
    }
}
