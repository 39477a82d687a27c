//! A checked class file applied in one transaction.

use super::*;

impl Store {
    /// Applies a checked import in one transaction: every row updates its
    /// target (non-empty cells) or adds an entry.
    pub fn import_directory(
        &self,
        class: &str,
        items: &[ImportItem],
        author: &Author<'_>,
    ) -> Result<ImportCounts, StoreError> {
        let hist_ns: Vec<u64> = items
            .iter()
            .map(|_| self.next_id())
            .collect::<Result<_, _>>()?;
        let audit_key = self.audit_key(author.audit)?;
        let audit_value = codec::encode(author.audit)?;
        let now = author.audit.at;
        let counts = (
            &self.directory,
            &self.directory_history,
            &self.audit,
            &self.directory_counts,
            &self.directory_ids,
        )
            .commit(&self.gate, |(dir, hist, log, dir_counts, ids)| {
                let mut counts = ImportCounts::default();
                for (item, n) in items.iter().zip(&hist_ns) {
                    let existing = match &item.target {
                        Some(t) => match dir.get(entry_key(class, t).as_bytes())? {
                            Some(b) => Some(codec::decode::<EntryRecord>(&b)?),
                            None => None,
                        },
                        None => None,
                    };
                    let before = existing.clone();
                    let (record, diff) = match existing {
                        Some(mut cur) => {
                            let merged = overlay(&cur.fields, &item.fields);
                            let diff = changes(&cur.fields, &merged);
                            if diff.is_empty() {
                                counts.unchanged += 1;
                                continue;
                            }
                            counts.updated += 1;
                            cur.fields = merged;
                            cur.rev += 1;
                            cur.updated_at = now;
                            if author.round.is_some() {
                                cur.confirmed_round = author.round;
                            }
                            (cur, diff)
                        }
                        None => {
                            counts.added += 1;
                            ids.insert(item.new_id.as_bytes(), class.as_bytes())?;
                            let record = EntryRecord {
                                id: item.new_id.clone(),
                                class_id: class.to_owned(),
                                fields: item.fields.clone(),
                                student_id: None,
                                rev: 1,
                                seq: item.seq,
                                confirmed_round: author.round,
                                created_at: now,
                                updated_at: now,
                            };
                            let diff = changes(&EntryFields::default(), &item.fields);
                            (record, diff)
                        }
                    };
                    dir.insert(
                        entry_key(class, &record.id).as_bytes(),
                        codec::encode(&record)?,
                    )?;
                    index_entry(dir_counts, class, before.as_ref(), Some(&record))?;
                    let h = HistoryRecord {
                        at: now,
                        actor: author.audit.actor.clone(),
                        actor_name: author.actor_name.to_owned(),
                        action: "import".into(),
                        changes: diff,
                    };
                    hist.insert(history_key(class, &record.id, *n), codec::encode(&h)?)?;
                }
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                Ok(counts)
            })?;
        Ok(counts)
    }
}
