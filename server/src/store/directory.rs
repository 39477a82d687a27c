//! Class directories (SPEC §7): entries keyed by class and client-generated
//! id, each change kept in the entry's history, all in one transaction with
//! its audit entry.

mod import;
mod writes;

pub(super) use writes::Put;

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

    /// The entry the roster made for a student of the class, if it is
    /// still there.
    pub fn student_entry(
        &self,
        class: &str,
        student: &str,
    ) -> Result<Option<EntryRecord>, StoreError> {
        match self.directory_seeded.get(entry_key(class, student))? {
            Some(id) => self.entry(class, &String::from_utf8_lossy(&id)),
            None => Ok(None),
        }
    }

    /// The update round, if one was ever opened.
    pub fn round(&self) -> Result<Option<Round>, StoreError> {
        self.meta_get(ROUND_KEY)
    }

    /// The year of the round, while it is open.
    pub fn open_round(&self) -> Result<Option<u16>, StoreError> {
        Ok(self.round()?.filter(|r| r.open).map(|r| r.year))
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
