//! Handwritten signatures: under the user's id, which of the kept files
//! (`submission_files`, by SHA-256: never changed, never removed) is their
//! signature now. A decision names the file it was signed with, so a
//! later signature never alters a past form.

use serde::{Deserialize, Serialize};

use super::Commit;
use super::{AuditEntry, Store, StoreError, codec};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureRecord {
    /// SHA-256 (hex) of the cleaned PNG in `submission_files`.
    pub sha256: String,
    pub set_at: i64,
}

impl Store {
    /// `user`'s signature now, if they keep one.
    pub fn signature_of(&self, user: &str) -> Result<Option<SignatureRecord>, StoreError> {
        codec::get(&self.signatures, user)
    }

    /// Keeps `png` (once per content) and makes it `user`'s signature
    /// (`None`: removes theirs), with the audit entry.
    pub fn put_signature(
        &self,
        user: &str,
        png: Option<&[u8]>,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<Option<SignatureRecord>, StoreError> {
        let record = match png {
            Some(bytes) => Some(SignatureRecord {
                sha256: self.keep_submission_file(bytes)?,
                set_at: now,
            }),
            None => None,
        };
        let value = record.as_ref().map(codec::encode).transpose()?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        (&self.signatures, &self.audit).commit(&self.gate, |(t, log)| {
            match &value {
                Some(v) => t.insert(user.as_bytes(), v.clone())?,
                None => t.remove(user.as_bytes())?,
            };
            log.insert(audit_key.as_slice(), audit_value.clone())?;
            Ok(())
        })?;
        Ok(record)
    }
}
