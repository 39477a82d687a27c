//! The store's check of itself: every index agrees with the records it is
//! made from, and every record checked reads. Whole (`liaison-server
//! check`): the primary trees are copied into a temporary store, its
//! indexes rebuilt there, and every index compared row by row. Sampled (on
//! every start): a slice of each indexed tree — whole classes for the
//! directory — is copied and rebuilt the same way, and each row it gives
//! must be in the store as it is; the counters that sum many records are
//! left to the whole check.

use super::*;

/// Index trees that sum many records: a sample's rebuild cannot give
/// their rows.
const SUMS: [&str; 3] = ["nomination_counts", "notification_unread", "feedback_open"];

/// Primary trees a sample copies its first records of (besides whole
/// classes of the directory, see [`Store::check`]).
const SAMPLED: [&str; 4] = ["users", "classes", "nominations", "liaisons"];

impl Store {
    /// Checks the indexes against the records, all of them or (`sample`)
    /// that many records of each indexed tree; gives each disagreement
    /// found, in words (none: the store is sound). A record that does not
    /// read is an error.
    pub fn check(&self, sample: Option<usize>) -> Result<Vec<String>, StoreError> {
        let copy = Store::temporary()?;
        match sample {
            None => {
                for name in TREES {
                    copy_all(self.tree(name)?, copy.tree(name)?, usize::MAX)?;
                }
            }
            Some(n) => {
                for name in SAMPLED {
                    copy_all(self.tree(name)?, copy.tree(name)?, n)?;
                }
                // Whole classes, so that their counts can be compared.
                let mut classes = 0;
                let mut class = Vec::new();
                for kv in self.directory.iter() {
                    let (k, v) = kv?;
                    let this = k.split(|b| *b == 0).next().unwrap_or_default().to_vec();
                    if this != class {
                        classes += 1;
                        if classes > n.div_ceil(20) {
                            break;
                        }
                        class = this;
                    }
                    copy.directory.insert(k, v)?;
                }
            }
        }
        copy.rebuild_indexes()?;
        let mut found = Vec::new();
        for (name, rows) in copy.index_snapshot()? {
            let live = self.tree(name)?;
            if sample.is_none() {
                // The whole index, both ways.
                let mut missing = 0;
                for (k, v) in &rows {
                    if live.get(k)?.as_deref() != Some(v.as_slice()) {
                        missing += 1;
                    }
                }
                let extra = live.len().saturating_sub(rows.len() - missing);
                if missing + extra > 0 {
                    found.push(format!(
                        "{name}: {missing} rows missing or different, {extra} rows that no record gives"
                    ));
                }
            } else if !SUMS.contains(&name) {
                // Each row the sample gives, looked up: O(the sample).
                let mut wrong = 0;
                for (k, v) in &rows {
                    if live.get(k)?.as_deref() != Some(v.as_slice()) {
                        wrong += 1;
                    }
                }
                if wrong > 0 {
                    found.push(format!(
                        "{name}: {wrong} of {} rows checked disagree",
                        rows.len()
                    ));
                }
            }
        }
        Ok(found)
    }
}

/// Copies the first `n` records of `from` into `to`.
fn copy_all(from: &Tree, to: &Tree, n: usize) -> Result<(), StoreError> {
    for kv in from.iter().take(n) {
        let (k, v) = kv?;
        to.insert(k, v)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sound_store_passes_and_a_lost_index_row_is_found() -> Result<(), StoreError> {
        let store = Store::temporary()?;
        let user = UserRecord {
            id: "u1".into(),
            classes: vec!["c1".into()],
            ..UserRecord::new("2023110101", "张三", domain::Role::Student, "x", 0)
        };
        let audit = AuditEntry {
            at: 1,
            actor: "system".into(),
            action: "user.create".into(),
            target: "u1".into(),
            detail: serde_json::Value::Null,
        };
        store.insert_user(&user, &audit)?;
        assert_eq!(store.check(None)?, Vec::<String>::new());
        assert_eq!(store.check(Some(10))?, Vec::<String>::new());
        // An index row lost (as a torn write would lose it).
        let key = store.class_members.iter().keys().next().transpose()?;
        if let Some(k) = key {
            store.class_members.remove(k)?;
        }
        let whole = store.check(None)?;
        assert!(
            whole.iter().any(|f| f.starts_with("class_members")),
            "{whole:?}"
        );
        let sampled = store.check(Some(10))?;
        assert!(
            sampled.iter().any(|f| f.starts_with("class_members")),
            "{sampled:?}"
        );
        Ok(())
    }
}
