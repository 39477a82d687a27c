//! Accounts: the `users` tree and its `usernames` index.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use domain::Role;

use super::{AuditEntry, IdemRecord, Store, StoreError, abort, codec};

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: String,
    /// Lower-case; unique.
    pub username: String,
    pub name: String,
    pub role: Role,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// A dean's college (students and counselors get theirs from their classes).
    #[serde(default)]
    pub college: Option<String>,
    /// A counselor's classes, or a student's one class.
    #[serde(default)]
    pub classes: Vec<String>,
    #[serde(default)]
    pub is_director: bool,
    #[serde(default)]
    pub must_change_password: bool,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub gender: Option<String>,
    pub rev: u64,
    pub created_at: i64,
    pub updated_at: i64,
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

/// What an update did.
#[derive(Debug)]
pub enum UpdateOutcome {
    Updated(UserRecord),
    /// The caller's `If-Match` revision is not the current one.
    Stale(UserRecord),
    /// The same idempotency key was seen before: its original answer.
    Replayed(IdemRecord),
    /// The idempotency key was used before for a different request.
    KeyReused,
    NotFound,
}

impl Store {
    pub fn user(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        codec::get(&self.users, id)
    }

    pub fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        match self.usernames.get(username)? {
            Some(id) => codec::get(&self.users, id),
            None => Ok(None),
        }
    }

    pub fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        codec::all(&self.users)
    }

    /// Adds a new account with its username index and an audit entry, atomically.
    /// Fails if the username is taken.
    pub fn insert_user(&self, user: &UserRecord, audit: &AuditEntry) -> Result<(), StoreError> {
        let value = codec::encode(user)?;
        let audit_key = self.next_id()?.to_be_bytes();
        let audit_value = codec::encode(audit)?;
        (&self.users, &self.usernames, &self.audit).transaction(|(users, names, log)| {
            if names.get(user.username.as_bytes())?.is_some() {
                return abort(StoreError::Invalid(format!(
                    "用户名 {} 已存在",
                    user.username
                )));
            }
            users.insert(user.id.as_bytes(), value.clone())?;
            names.insert(user.username.as_bytes(), user.id.as_bytes())?;
            log.insert(&audit_key, audit_value.clone())?;
            Ok(())
        })?;
        Ok(())
    }

    /// Applies `change` to a user if the write's expected revision matches,
    /// bumps `rev`, and in the same transaction appends the audit entry and
    /// remembers `answer(new record)` under the idempotency key.
    ///
    /// `change` and `answer` run inside a sled transaction: they must not
    /// touch the store (sled 0.34 would deadlock on its transaction lock).
    pub fn update_user(
        &self,
        id: &str,
        write: &Write<'_>,
        change: impl Fn(&mut UserRecord),
        answer: impl Fn(&UserRecord) -> serde_json::Value,
    ) -> Result<UpdateOutcome, StoreError> {
        let Write {
            expected_rev,
            idem,
            audit,
            now,
        } = *write;
        let audit_key = self.next_id()?.to_be_bytes();
        let audit_value = codec::encode(audit)?;
        let outcome =
            (&self.users, &self.idem, &self.audit).transaction(|(users, idems, log)| {
                if let Some((key, fingerprint)) = idem
                    && let Some(seen) = idems.get(key.as_bytes())?
                {
                    let seen: IdemRecord = codec::decode(&seen)?;
                    if seen.fingerprint != fingerprint {
                        return Ok(UpdateOutcome::KeyReused);
                    }
                    return Ok(UpdateOutcome::Replayed(seen));
                }
                let Some(bytes) = users.get(id.as_bytes())? else {
                    return Ok(UpdateOutcome::NotFound);
                };
                let mut user: UserRecord = codec::decode(&bytes)?;
                if expected_rev.is_some_and(|rev| rev != user.rev) {
                    return Ok(UpdateOutcome::Stale(user));
                }
                change(&mut user);
                user.rev += 1;
                user.updated_at = now;
                users.insert(id.as_bytes(), codec::encode(&user)?)?;
                log.insert(&audit_key, audit_value.clone())?;
                if let Some((key, fingerprint)) = idem {
                    let record = IdemRecord {
                        fingerprint: fingerprint.to_owned(),
                        status: 200,
                        body: answer(&user),
                        at: now,
                    };
                    idems.insert(key.as_bytes(), codec::encode(&record)?)?;
                }
                Ok(UpdateOutcome::Updated(user))
            })?;
        Ok(outcome)
    }
}
