//! Idempotency keys: the first answer to a client-generated request id, so a
//! retried write is applied once and answered the same way.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, codec};

/// The remembered answer to one `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdemRecord {
    /// SHA-256 of method, path and body: the same key with another request is refused.
    pub fingerprint: String,
    pub status: u16,
    pub body: serde_json::Value,
    pub at: i64,
}

/// The key of an idempotency record: scoped per user, so keys never collide
/// between accounts.
pub fn idem_key(user_id: &str, key: &str) -> String {
    format!("{user_id}\0{key}")
}

impl Store {
    /// Forgets answers remembered before `cutoff`: a retry comes within
    /// minutes, and every keyed write would otherwise be kept for good.
    pub fn purge_idem(&self, cutoff: i64) -> Result<usize, StoreError> {
        /// The time alone (the remembered body is skipped, not built).
        #[derive(Deserialize)]
        struct At {
            at: i64,
        }
        codec::purge(&self.idem, |r: &At| r.at < cutoff)
    }
}
