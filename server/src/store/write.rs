//! The one way a versioned record changes: check the caller's revision, apply,
//! bump `rev`, append the audit entry and remember the idempotent answer — all
//! in one transaction.

use super::{Tree, Tx};
use serde::{Serialize, de::DeserializeOwned};

use super::Commit;

use super::{AuditEntry, IdemRecord, Store, StoreError, codec, index::TxResult};

/// A record with a revision that grows by one on each change.
pub trait Versioned {
    fn rev(&self) -> u64;
    fn set_rev(&mut self, rev: u64);
}

/// How a write is guarded and recorded.
#[derive(Debug, Clone, Copy)]
pub struct Write<'a> {
    /// The revision the caller based the write on (`If-Match`); `None`: any.
    pub expected_rev: Option<u64>,
    /// Idempotency record key and request fingerprint.
    pub idem: Option<(&'a str, &'a str)>,
    pub audit: &'a AuditEntry,
    pub now: i64,
}

impl<'a> Write<'a> {
    /// A write on revision `expected_rev`, audited, without an idempotency key.
    pub fn new(expected_rev: Option<u64>, audit: &'a AuditEntry) -> Write<'a> {
        Write {
            expected_rev,
            idem: None,
            audit,
            now: audit.at,
        }
    }
}

/// What an update did.
#[derive(Debug)]
pub enum UpdateOutcome<T> {
    Updated(T),
    /// The caller's `If-Match` revision is not the current one.
    Stale(T),
    /// The same idempotency key was seen before: its original answer.
    Replayed(IdemRecord),
    /// The idempotency key was used before for a different request.
    KeyReused,
    NotFound,
}

impl Store {
    /// Applies `change` to the record under `key` of `tree` if the write's
    /// expected revision matches, bumps `rev`, and in the same transaction
    /// appends the audit entry and remembers `answer(new record)` under the
    /// idempotency key.
    ///
    /// `change` and `answer` run inside a sled transaction: they must not
    /// touch the store (sled 0.34 would deadlock on its transaction lock).
    pub(super) fn update<T: Versioned + Serialize + DeserializeOwned>(
        &self,
        tree: &Tree,
        key: &str,
        write: &Write<'_>,
        change: impl Fn(&mut T),
        answer: impl Fn(&T) -> serde_json::Value,
    ) -> Result<UpdateOutcome<T>, StoreError> {
        self.update_indexed(tree, &[], key, write, change, answer, |_, _, _| Ok(()))
    }

    /// [`Store::update`] for a record with indexes: `reindex(index trees, old,
    /// new)` runs in the same transaction over the trees of `indexes`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn update_indexed<T: Versioned + Serialize + DeserializeOwned>(
        &self,
        tree: &Tree,
        indexes: &[&Tree],
        key: &str,
        write: &Write<'_>,
        change: impl Fn(&mut T),
        answer: impl Fn(&T) -> serde_json::Value,
        reindex: impl Fn(&[Tx<'_>], &T, &T) -> TxResult<()>,
    ) -> Result<UpdateOutcome<T>, StoreError> {
        let Write {
            expected_rev,
            idem,
            audit,
            now,
        } = *write;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let mut trees = vec![tree, &self.idem, &self.audit];
        trees.extend_from_slice(indexes);
        let outcome = trees.as_slice().commit(&self.gate, |t| {
            let (records, idems, log) = (&t[0], &t[1], &t[2]);
            if let Some((key, fingerprint)) = idem
                && let Some(seen) = idems.get(key.as_bytes())?
            {
                let seen: IdemRecord = codec::decode(&seen)?;
                if seen.fingerprint != fingerprint {
                    return Ok(UpdateOutcome::KeyReused);
                }
                return Ok(UpdateOutcome::Replayed(seen));
            }
            let Some(bytes) = records.get(key.as_bytes())? else {
                return Ok(UpdateOutcome::NotFound);
            };
            let mut record: T = codec::decode(&bytes)?;
            if expected_rev.is_some_and(|rev| rev != record.rev()) {
                return Ok(UpdateOutcome::Stale(record));
            }
            let old: T = codec::decode(&bytes)?;
            change(&mut record);
            record.set_rev(record.rev() + 1);
            reindex(&t[3..], &old, &record)?;
            records.insert(key.as_bytes(), codec::encode(&record)?)?;
            log.insert(audit_key.as_slice(), audit_value.clone())?;
            if let Some((key, fingerprint)) = idem {
                let remembered = IdemRecord {
                    fingerprint: fingerprint.to_owned(),
                    status: 200,
                    body: answer(&record),
                    at: now,
                };
                idems.insert(key.as_bytes(), codec::encode(&remembered)?)?;
            }
            Ok(UpdateOutcome::Updated(record))
        })?;
        Ok(outcome)
    }

    /// Stores a new record under `key` with its audit entry; refuses (with
    /// `Ok(false)`) when the key is taken.
    pub(super) fn insert_new<T: Serialize>(
        &self,
        tree: &Tree,
        key: &str,
        record: &T,
        audit: &AuditEntry,
    ) -> Result<bool, StoreError> {
        self.insert_new_indexed(tree, &[], key, record, audit, |_, _| Ok(()))
    }

    /// [`Store::insert_new`] with `index(index trees, record)` in the same
    /// transaction.
    pub(super) fn insert_new_indexed<T: Serialize>(
        &self,
        tree: &Tree,
        indexes: &[&Tree],
        key: &str,
        record: &T,
        audit: &AuditEntry,
        index: impl Fn(&[Tx<'_>], &T) -> TxResult<()>,
    ) -> Result<bool, StoreError> {
        let value = codec::encode(record)?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let mut trees = vec![tree, &self.audit];
        trees.extend_from_slice(indexes);
        let inserted = trees.as_slice().commit(&self.gate, |t| {
            let (records, log) = (&t[0], &t[1]);
            if records.get(key.as_bytes())?.is_some() {
                return Ok(false);
            }
            index(&t[2..], record)?;
            records.insert(key.as_bytes(), value.clone())?;
            log.insert(audit_key.as_slice(), audit_value.clone())?;
            Ok(true)
        })?;
        Ok(inserted)
    }
}
