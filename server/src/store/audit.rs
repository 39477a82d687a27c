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

impl Store {
    /// Appends one entry on its own (use the transactional helpers when the
    /// entry belongs to a change of other trees).
    pub fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let key = self.next_id()?.to_be_bytes();
        self.audit.insert(key, codec::encode(entry)?)?;
        Ok(())
    }

    /// The whole log in the order it was written.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        codec::all(&self.audit)
    }
}
