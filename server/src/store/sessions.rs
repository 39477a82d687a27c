//! Server-side sessions and login-failure counters.
//!
//! Session keys are SHA-256 digests of the cookie's token, so a leaked backup
//! holds no usable session.

use serde::{Deserialize, Serialize};

use super::{Store, StoreError, codec};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub user_id: String,
    pub created_at: i64,
    pub last_seen: i64,
    /// [`sso_key`] of the CAS ticket that began it: the CAS server's single
    /// logout names the ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
    /// The campus provider it began through; none: a password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<domain::campus::Provider>,
}

/// What a session keeps of its CAS ticket: a digest, like its own key.
pub fn sso_key(ticket: &str) -> String {
    super::codec::sha256_hex(ticket.as_bytes())
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

    /// Forgets failure counts whose window (`lock_secs` from the first
    /// failure) and lock are both over.
    pub fn purge_failures(&self, now: i64, lock_secs: i64) -> Result<usize, StoreError> {
        codec::purge(&self.failures, |f: &FailureRecord| {
            now - f.first_at > lock_secs && f.locked_until.is_none_or(|u| u <= now)
        })
    }

    /// Ends the sessions a CAS ticket began; how many. A pass over the
    /// live sessions (those idle past the limit are purged), on the rare
    /// single-logout request only.
    pub fn end_sso_sessions(&self, ticket: &str) -> Result<Vec<String>, StoreError> {
        let want = sso_key(ticket);
        let mut ended = Vec::new();
        for item in self.sessions.iter() {
            let (key, value) = item?;
            let s: SessionRecord = codec::decode(&value)?;
            if s.sso.as_deref() == Some(want.as_str()) {
                self.sessions.remove(key)?;
                ended.push(s.user_id);
            }
        }
        Ok(ended)
    }

    /// Ends every session of `user_id` but the one stored under `keep`.
    pub fn end_sessions_of(&self, user_id: &str, keep: &str) -> Result<usize, StoreError> {
        let mut ended = 0;
        for item in self.sessions.iter() {
            let (key, value) = item?;
            let s: SessionRecord = codec::decode(&value)?;
            if s.user_id == user_id && key.as_ref() != keep.as_bytes() {
                self.sessions.remove(key)?;
                ended += 1;
            }
        }
        Ok(ended)
    }

    pub fn clear_failures(&self, username: &str) -> Result<(), StoreError> {
        self.failures.remove(username)?;
        Ok(())
    }
}
