//! Server-side sessions and login-failure counters.
//!
//! Session keys are SHA-256 digests of the cookie's token, so a leaked backup
//! holds no usable session.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, codec};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub user_id: String,
    pub created_at: i64,
    pub last_seen: i64,
}

/// Failed logins for one username (existing or not, so both answer alike).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureRecord {
    pub count: u32,
    pub first_at: i64,
    pub locked_until: Option<i64>,
}

impl Store {
    pub fn put_session(&self, key: &str, session: &SessionRecord) -> Result<(), StoreError> {
        self.sessions.insert(key, codec::encode(session)?)?;
        Ok(())
    }

    pub fn session(&self, key: &str) -> Result<Option<SessionRecord>, StoreError> {
        codec::get(&self.sessions, key)
    }

    pub fn delete_session(&self, key: &str) -> Result<(), StoreError> {
        self.sessions.remove(key)?;
        Ok(())
    }

    /// Removes sessions that ended before `idle_cutoff` / `absolute_cutoff`.
    pub fn purge_sessions(
        &self,
        idle_cutoff: i64,
        absolute_cutoff: i64,
    ) -> Result<usize, StoreError> {
        codec::purge(&self.sessions, |s: &SessionRecord| {
            s.last_seen < idle_cutoff || s.created_at < absolute_cutoff
        })
    }

    pub fn failures(&self, username: &str) -> Result<FailureRecord, StoreError> {
        Ok(codec::get(&self.failures, username)?.unwrap_or_default())
    }

    pub fn put_failures(&self, username: &str, f: &FailureRecord) -> Result<(), StoreError> {
        self.failures.insert(username, codec::encode(f)?)?;
        Ok(())
    }

    pub fn clear_failures(&self, username: &str) -> Result<(), StoreError> {
        self.failures.remove(username)?;
        Ok(())
    }
}
