//! Class directories (SPEC §7): entries keyed by class and client-generated
//! id, each change kept in the entry's history, all in one transaction with
//! its audit entry.

use super::Commit;
use domain::{
    api::{CellChange, Round},
    directory::EntryFields,
};
use serde::{Deserialize, Serialize};

use super::{AuditEntry, Store, StoreError, codec, history::history_key, index::index_entry};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "FlatEntry")]
pub struct EntryRecord {
    pub id: String,
    pub class_id: String,
    #[serde(flatten)]
    pub fields: EntryFields,
    #[serde(default)]
    pub student_id: Option<String>,
    pub rev: u64,
    /// Position in the class (roster order, then order of adding).
    pub seq: u64,
    /// The update round the entry was last confirmed or updated in.
    #[serde(default)]
    pub confirmed_round: Option<u16>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// How an entry is stored: its fields beside the others. Read through this
/// plain struct, because `#[serde(flatten)]` buffers every value first —
/// reading a class's entries took 40% of a directory page.
#[derive(Deserialize)]
struct FlatEntry {
    id: String,
    class_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    grade_major: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    wechat: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    employer: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    student_id: Option<String>,
    rev: u64,
    seq: u64,
    #[serde(default)]
    confirmed_round: Option<u16>,
    created_at: i64,
    updated_at: i64,
}

impl From<FlatEntry> for EntryRecord {
    fn from(f: FlatEntry) -> EntryRecord {
        EntryRecord {
            id: f.id,
            class_id: f.class_id,
            fields: EntryFields {
                name: f.name,
                gender: f.gender,
                grade_major: f.grade_major,
                phone: f.phone,
                wechat: f.wechat,
                email: f.email,
                employer: f.employer,
                position: f.position,
                address: f.address,
            },
            student_id: f.student_id,
            rev: f.rev,
            seq: f.seq,
            confirmed_round: f.confirmed_round,
            created_at: f.created_at,
            updated_at: f.updated_at,
        }
    }
}

/// One step of an entry's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRecord {
    pub at: i64,
    pub actor: String,
    pub actor_name: String,
    pub action: String,
    pub changes: Vec<CellChange>,
}

/// Who writes, when, and the audit entry of the write.
pub struct Author<'a> {
    pub actor_name: &'a str,
    pub audit: &'a AuditEntry,
    /// The open update round, if any: a write confirms the entry in it.
    pub round: Option<u16>,
}

/// The revision a write was based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Based {
    /// No `If-Match`: only a create (or its replay) may go through.
    Missing,
    /// `If-Match: *`.
    Any,
    Rev(u64),
}

#[derive(Debug)]
pub enum EntryOutcome {
    Created(EntryRecord),
    Updated(EntryRecord),
    /// Nothing to change (a replay, or the same values outside a round).
    Unchanged(EntryRecord),
    Stale(EntryRecord),
    /// An update of an existing entry without `If-Match`.
    PreconditionRequired(EntryRecord),
    NotFound,
}

/// How one imported row lands.
pub struct ImportItem {
    /// The entry it updates, or `None` to add one with `new_id`.
    pub target: Option<String>,
    pub new_id: String,
    pub seq: u64,
    pub fields: EntryFields,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
}

pub fn entry_key(class: &str, id: &str) -> String {
    format!("{class}\0{id}")
}

fn changes(old: &EntryFields, new: &EntryFields) -> Vec<CellChange> {
    old.diff(new)
        .into_iter()
        .map(|(f, old, new)| CellChange {
            field: f.key().to_owned(),
            old,
            new,
        })
        .collect()
}

/// `new` laid over `old` for an import: a cell left empty in the file keeps
/// the stored value, so an incomplete file loses nothing.
fn overlay(old: &EntryFields, new: &EntryFields) -> EntryFields {
    let mut out = old.clone();
    for f in domain::directory::Field::ALL {
        let v = f.get(new);
        if !v.is_empty() {
            f.set(&mut out, v.to_owned());
        }
    }
    out
}

const ROUND_KEY: &str = "directory_round";

impl Store {
    /// A class's entries in order.
    /// A class's entries in order, read from the tree (exports, checks and
    /// imports, which read many classes once; nothing is kept).
    pub fn directory(&self, class: &str) -> Result<Vec<EntryRecord>, StoreError> {
        let mut v: Vec<EntryRecord> = self
            .directory
            .scan_prefix(format!("{class}\0"))
            .values()
            .map(|r| codec::decode(&r?))
            .collect::<Result<_, _>>()?;
        v.sort_by_key(|e| e.seq);
        Ok(v)
    }

    pub fn entry(&self, class: &str, id: &str) -> Result<Option<EntryRecord>, StoreError> {
        codec::get(&self.directory, entry_key(class, id))
    }

    /// Starts the directory from the roster: one entry per student not yet
    /// seeded (name, gender, 年级专业, the account's phone), linked to the
    /// account. A student is seeded once, so a deleted entry stays deleted.
    pub fn seed_directory(
        &self,
        class: &str,
        grade_major: &str,
        students: &[super::UserRecord],
        now: i64,
    ) -> Result<u32, StoreError> {
        let missing: Vec<&super::UserRecord> = students
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

    /// Creates or updates one entry (`PUT …/directory/{id}`). `student_id`
    /// links a new entry to an account. Changing nothing inside an open
    /// round confirms the entry.
    pub fn put_entry(
        &self,
        class: &str,
        id: &str,
        based: Based,
        fields: &EntryFields,
        author: &Author<'_>,
    ) -> Result<EntryOutcome, StoreError> {
        let key = entry_key(class, id);
        let seq = self.next_id()?;
        let hist_n = self.next_id()?;
        let audit_key = self.audit_key(author.audit)?;
        let audit_value = codec::encode(author.audit)?;
        let now = author.audit.at;
        let outcome = (
            &self.directory,
            &self.directory_history,
            &self.audit,
            &self.directory_counts,
            &self.directory_ids,
        )
            .commit(&self.gate, |(dir, hist, log, counts, ids)| {
                let current: Option<EntryRecord> = match dir.get(key.as_bytes())? {
                    Some(b) => Some(codec::decode(&b)?),
                    None => None,
                };
                let before = current.clone();
                let (record, action, diff) = match (current, based) {
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
                            seq,
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
                        let action = if diff.is_empty() { "confirm" } else { "update" };
                        cur.fields = fields.clone();
                        cur.rev += 1;
                        cur.updated_at = now;
                        if author.round.is_some() {
                            cur.confirmed_round = author.round;
                        }
                        (cur, action, diff)
                    }
                };
                dir.insert(key.as_bytes(), codec::encode(&record)?)?;
                index_entry(counts, class, before.as_ref(), Some(&record))?;
                let h = HistoryRecord {
                    at: now,
                    actor: author.audit.actor.clone(),
                    actor_name: author.actor_name.to_owned(),
                    action: action.into(),
                    changes: diff,
                };
                hist.insert(history_key(class, id, hist_n), codec::encode(&h)?)?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                Ok(if action == "create" {
                    EntryOutcome::Created(record)
                } else {
                    EntryOutcome::Updated(record)
                })
            })?;
        Ok(outcome)
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

    /// The update round, if one was ever opened.
    pub fn round(&self) -> Result<Option<Round>, StoreError> {
        self.meta_get(ROUND_KEY)
    }

    pub fn put_round(
        &self,
        round: &Round,
        audit: &AuditEntry,
        post: &super::Post,
    ) -> Result<(), StoreError> {
        // Every kept page shows which entries are confirmed in the round.
        let value = codec::encode(round)?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        (
            &self.meta,
            &self.audit,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(&self.gate, |(meta, log, notes, unread, outbox)| {
                meta.insert(ROUND_KEY, value.clone())?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                post.deliver(
                    &super::notifications::Inbox::new(self, notes, unread, outbox),
                    audit.at,
                )?;
                Ok(())
            })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
