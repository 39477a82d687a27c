//! One entry at a time: seeded from the roster, created or changed, deleted
//! — each with its history and its audit entry, in one transaction.

use super::*;
use crate::store::Tx;
use sled::transaction::ConflictableTransactionResult;

impl Store {
    /// Starts the directory from the roster: one entry per student not yet
    /// seeded (name, gender, 年级专业, the account's phone), linked to the
    /// account. A student is seeded once, so a deleted entry stays deleted.
    pub fn seed_directory(
        &self,
        class: &str,
        grade_major: &str,
        students: &[crate::store::UserRecord],
        now: i64,
    ) -> Result<u32, StoreError> {
        let missing: Vec<&crate::store::UserRecord> = students
            .iter()
            .filter(|s| {
                !self
                    .directory_seeded
                    .contains_key(entry_key(class, &s.id))
                    .unwrap_or(false)
            })
            .collect();
        if missing.is_empty() {
            return Ok(0);
        }
        let mut items = Vec::new();
        for s in missing {
            let record = EntryRecord {
                id: uuid::Uuid::new_v4().to_string(),
                class_id: class.to_owned(),
                fields: EntryFields {
                    name: s.name.clone(),
                    gender: s.gender.clone().unwrap_or_default(),
                    grade_major: grade_major.to_owned(),
                    phone: s.phone.clone().unwrap_or_default(),
                    email: s.email.clone().unwrap_or_default(),
                    ..Default::default()
                },
                student_id: Some(s.id.clone()),
                rev: 1,
                seq: self.next_id()?,
                confirmed_round: None,
                created_at: now,
                updated_at: now,
            };
            items.push((entry_key(class, &s.id), codec::encode(&record)?, record));
        }
        let added = (
            &self.directory,
            &self.directory_seeded,
            &self.directory_counts,
            &self.directory_ids,
        )
            .commit(&self.gate, |(dir, seeded, counts, ids)| {
                let mut added = 0;
                for (seed_key, bytes, record) in &items {
                    if seeded.get(seed_key.as_bytes())?.is_some() {
                        continue; // seeded meanwhile by another request
                    }
                    seeded.insert(seed_key.as_bytes(), record.id.as_bytes())?;
                    ids.insert(record.id.as_bytes(), class.as_bytes())?;
                    dir.insert(entry_key(class, &record.id).as_bytes(), bytes.clone())?;
                    index_entry(counts, class, None, Some(record))?;
                    added += 1;
                }
                Ok(added)
            })?;
        Ok(added)
    }

    /// Creates or updates one entry (`PUT …/directory/{id}`). Changing
    /// nothing inside an open round confirms the entry.
    pub fn put_entry(
        &self,
        class: &str,
        id: &str,
        based: Based,
        fields: &EntryFields,
        author: &Author<'_>,
    ) -> Result<EntryOutcome, StoreError> {
        let put = Put::new(self, class, id, based, fields, author, None)?;
        (
            &self.directory,
            &self.directory_history,
            &self.audit,
            &self.directory_counts,
            &self.directory_ids,
        )
            .commit(&self.gate, |(dir, hist, log, counts, ids)| {
                put.apply(dir, hist, log, counts, ids)
            })
    }

    /// Deletes one entry; its history keeps the last values.
    pub fn delete_entry(
        &self,
        class: &str,
        id: &str,
        based: Based,
        author: &Author<'_>,
    ) -> Result<EntryOutcome, StoreError> {
        let key = entry_key(class, id);
        let hist_n = self.next_id()?;
        let audit_key = self.audit_key(author.audit)?;
        let audit_value = codec::encode(author.audit)?;
        let outcome = (
            &self.directory,
            &self.directory_history,
            &self.audit,
            &self.directory_counts,
        )
            .commit(&self.gate, |(dir, hist, log, counts)| {
                let Some(bytes) = dir.get(key.as_bytes())? else {
                    return Ok(EntryOutcome::NotFound);
                };
                let cur: EntryRecord = codec::decode(&bytes)?;
                match based {
                    Based::Missing => return Ok(EntryOutcome::PreconditionRequired(cur)),
                    Based::Rev(rev) if rev != cur.rev => return Ok(EntryOutcome::Stale(cur)),
                    _ => {}
                }
                dir.remove(key.as_bytes())?;
                index_entry(counts, class, Some(&cur), None)?;
                let h = HistoryRecord {
                    at: author.audit.at,
                    actor: author.audit.actor.clone(),
                    actor_name: author.actor_name.to_owned(),
                    action: "delete".into(),
                    changes: changes(&cur.fields, &EntryFields::default()),
                };
                hist.insert(history_key(class, id, hist_n), codec::encode(&h)?)?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                Ok(EntryOutcome::Updated(cur))
            })?;
        Ok(outcome)
    }
}

/// One PUT of an entry, its ids and audit entry taken before its
/// transaction: the one write path of an entry, for the grid and for a
/// classmate's change the liaison confirms (`Store::decide_classmate`).
pub(crate) struct Put<'a> {
    class: &'a str,
    id: &'a str,
    key: String,
    based: Based,
    fields: &'a EntryFields,
    author: &'a Author<'a>,
    /// The history's word for an update, when not `update` or `confirm`.
    action: Option<&'static str>,
    seq: u64,
    hist_n: u64,
    audit_key: [u8; 16],
    audit_value: Vec<u8>,
}

impl<'a> Put<'a> {
    pub(crate) fn new(
        store: &Store,
        class: &'a str,
        id: &'a str,
        based: Based,
        fields: &'a EntryFields,
        author: &'a Author<'a>,
        action: Option<&'static str>,
    ) -> Result<Put<'a>, StoreError> {
        Ok(Put {
            class,
            id,
            key: entry_key(class, id),
            based,
            fields,
            author,
            action,
            seq: store.next_id()?,
            hist_n: store.next_id()?,
            audit_key: store.audit_key(author.audit)?,
            audit_value: codec::encode(author.audit)?,
        })
    }

    /// Writes the entry, its history, its counts and the audit entry.
    ///
    /// Long: the match over the stored entry and the precondition is the
    /// whole rule of a PUT.
    pub(crate) fn apply(
        &self,
        dir: &Tx<'_>,
        hist: &Tx<'_>,
        log: &Tx<'_>,
        counts: &Tx<'_>,
        ids: &Tx<'_>,
    ) -> ConflictableTransactionResult<EntryOutcome, StoreError> {
        let (class, id, fields, author, now) = (
            self.class,
            self.id,
            self.fields,
            self.author,
            self.author.audit.at,
        );
        let current: Option<EntryRecord> = match dir.get(self.key.as_bytes())? {
            Some(b) => Some(codec::decode(&b)?),
            None => None,
        };
        let before = current.clone();
        let (record, action, diff) = match (current, self.based) {
            (None, Based::Rev(_)) => return Ok(EntryOutcome::NotFound),
            // Another class's entry, or one it deleted.
            (None, _)
                if ids
                    .get(id.as_bytes())?
                    .is_some_and(|c| c != class.as_bytes()) =>
            {
                return Ok(EntryOutcome::NotFound);
            }
            (None, _) => {
                ids.insert(id.as_bytes(), class.as_bytes())?;
                let record = EntryRecord {
                    id: id.to_owned(),
                    class_id: class.to_owned(),
                    fields: fields.clone(),
                    student_id: None,
                    rev: 1,
                    seq: self.seq,
                    confirmed_round: author.round,
                    created_at: now,
                    updated_at: now,
                };
                let diff = changes(&EntryFields::default(), fields);
                (record, "create", diff)
            }
            (Some(cur), _)
                if cur.fields == *fields
                    && (author.round.is_none() || cur.confirmed_round == author.round) =>
            {
                // A replay, or nothing to record.
                return Ok(EntryOutcome::Unchanged(cur));
            }
            (Some(cur), Based::Missing) => {
                return Ok(EntryOutcome::PreconditionRequired(cur));
            }
            (Some(cur), Based::Rev(rev)) if rev != cur.rev => {
                return Ok(EntryOutcome::Stale(cur));
            }
            (Some(mut cur), _) => {
                let diff = changes(&cur.fields, fields);
                let action = match self.action {
                    Some(a) => a,
                    None if diff.is_empty() => "confirm",
                    None => "update",
                };
                cur.fields = fields.clone();
                cur.rev += 1;
                cur.updated_at = now;
                if author.round.is_some() {
                    cur.confirmed_round = author.round;
                }
                (cur, action, diff)
            }
        };
        dir.insert(self.key.as_bytes(), codec::encode(&record)?)?;
        index_entry(counts, class, before.as_ref(), Some(&record))?;
        let h = HistoryRecord {
            at: now,
            actor: author.audit.actor.clone(),
            actor_name: author.actor_name.to_owned(),
            action: action.into(),
            changes: diff,
        };
        hist.insert(history_key(class, id, self.hist_n), codec::encode(&h)?)?;
        log.insert(self.audit_key.as_slice(), self.audit_value.clone())?;
        Ok(if action == "create" {
            EntryOutcome::Created(record)
        } else {
            EntryOutcome::Updated(record)
        })
    }
}
