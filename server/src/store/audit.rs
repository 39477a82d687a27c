//! The append-only audit log: who did what to which record, and when.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, codec};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: i64,
    /// User id of the actor, or `system`.
    pub actor: String,
    /// `login`, `logout`, `user.create`, `profile.update`, …
    pub action: String,
    /// The record acted on.
    pub target: String,
    /// What changed, without secrets (never a password or a token).
    #[serde(default)]
    pub detail: serde_json::Value,
}

/// An entry's key: its time, then an id (ties in one second keep the order
/// they were written in). A month of the log is then one range of keys.
pub(crate) fn time_key(at: i64, id: u64) -> [u8; 16] {
    let mut k = [0; 16];
    // Flipping the sign bit orders negative times before positive ones.
    k[..8].copy_from_slice(&((at as u64) ^ (1 << 63)).to_be_bytes());
    k[8..].copy_from_slice(&id.to_be_bytes());
    k
}

/// The id part of a key, of either layout (schema ≤ 5 keys are the id).
pub(crate) fn key_id(key: &[u8]) -> u64 {
    key.len()
        .checked_sub(8)
        .and_then(|start| <[u8; 8]>::try_from(&key[start..]).ok())
        .map_or(0, u64::from_be_bytes)
}

impl Store {
    /// A new key for `entry` (see [`time_key`]).
    pub(crate) fn audit_key(&self, entry: &AuditEntry) -> Result<[u8; 16], StoreError> {
        Ok(time_key(entry.at, self.next_id()?))
    }

    /// Appends one entry on its own (use the transactional helpers when the
    /// entry belongs to a change of other trees).
    pub fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        self.audit
            .insert(self.audit_key(entry)?, codec::encode(entry)?)?;
        Ok(())
    }

    /// The whole log by time (tests and tools; pages read [`Store::audit_between`]).
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        codec::all(&self.audit)
    }

    /// The entries of `from <= at < to`, by time, read one at a time: the
    /// cost of a month, whatever the log's length.
    pub fn audit_between(
        &self,
        from: i64,
        to: i64,
    ) -> impl Iterator<Item = Result<AuditEntry, StoreError>> + use<> {
        self.audit
            .range(time_key(from, 0)..time_key(to, 0))
            .values()
            .map(|v| codec::decode(&v?))
    }

    /// Schema 6: entries written under an id alone move to their time key,
    /// in batches (one sled batch per entry costs a log write each: 27,000
    /// entries took 14 s). Each batch is atomic and a rerun after a crash
    /// moves what is left, so it may stop anywhere.
    pub(crate) fn upgrade_audit_keys(&self) -> Result<(), StoreError> {
        const BATCH: usize = 10_000;
        let mut moved = sled::Batch::default();
        let mut n = 0;
        for item in self.audit.range(..[0x80].as_slice()) {
            let (k, v) = item?;
            if k.len() != 8 {
                continue;
            }
            let e: AuditEntry = codec::decode(&v)?;
            moved.insert(&time_key(e.at, key_id(&k)), v);
            moved.remove(k);
            n += 1;
            if n % BATCH == 0 {
                self.audit.apply_batch(std::mem::take(&mut moved))?;
            }
        }
        self.audit.apply_batch(moved)?;
        Ok(())
    }
}
