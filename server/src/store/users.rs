//! Accounts: the `users` tree and its `usernames` index.

use super::Commit;
use serde::{Deserialize, Serialize};

use domain::Role;

use super::{
    AuditEntry, Store, StoreError, UpdateOutcome, Versioned, Write, abort, codec, index::index_user,
};

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
    /// When an admin or counselor last gave the account a new one-time
    /// password: sessions begun before it are over, and the one-time
    /// password expires from it (or from `created_at` when never reset).
    #[serde(default)]
    pub password_reset_at: Option<i64>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// The user switched e-mailed notifications off (账号设置).
    #[serde(default)]
    pub no_email: bool,
    #[serde(default)]
    pub gender: Option<String>,
    pub rev: u64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Versioned for UserRecord {
    fn rev(&self) -> u64 {
        self.rev
    }
    fn set_rev(&mut self, rev: u64) {
        self.rev = rev;
    }
}

impl UserRecord {
    /// Whether the account still waits for its first password and the
    /// one-time one it was given is too old to sign in with.
    pub fn onetime_expired(&self, now: i64) -> bool {
        let issued = self.password_reset_at.unwrap_or(self.created_at);
        self.must_change_password && now - issued > domain::roster::ONETIME_VALID_SECS
    }

    /// A new account (fresh id, revision 1, no college, classes or
    /// contacts); callers set what else they know with `..`.
    pub fn new(
        username: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        now: i64,
    ) -> UserRecord {
        UserRecord {
            id: uuid::Uuid::new_v4().to_string(),
            username: username.to_owned(),
            name: name.to_owned(),
            role,
            password_hash: password_hash.to_owned(),
            college: None,
            classes: vec![],
            is_director: false,
            must_change_password: false,
            password_reset_at: None,
            phone: None,
            email: None,
            no_email: false,
            gender: None,
            rev: 1,
            created_at: now,
            updated_at: now,
        }
    }

    /// Class ids in the account's scope: a student's own class; for a
    /// counselor, the classes that name them (the class is the truth).
    pub fn class_ids(&self, store: &Store) -> Result<Vec<String>, StoreError> {
        match self.role {
            Role::Counselor => Ok(store
                .classes_of_counselor(&self.id)?
                .into_iter()
                .map(|c| c.id)
                .collect()),
            _ => Ok(self.classes.clone()),
        }
    }
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

    /// Every account; for tests and the demo check only (O(all users)).
    pub fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        codec::all(&self.users)
    }

    /// Adds a new account with its username index and an audit entry, atomically.
    /// Fails if the username is taken.
    pub fn insert_user(&self, user: &UserRecord, audit: &AuditEntry) -> Result<(), StoreError> {
        let value = codec::encode(user)?;
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        (
            &self.users,
            &self.usernames,
            &self.class_members,
            &self.role_users,
            &self.audit,
        )
            .commit(&self.gate, |(users, names, members, roles, log)| {
                if names.get(user.username.as_bytes())?.is_some() {
                    return abort(StoreError::Invalid(format!(
                        "用户名 {} 已存在",
                        user.username
                    )));
                }
                users.insert(user.id.as_bytes(), value.clone())?;
                names.insert(user.username.as_bytes(), user.id.as_bytes())?;
                index_user(members, roles, None, Some(user))?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                Ok(())
            })?;
        Ok(())
    }

    /// Gives an account a new password hash: the owner's own (`reset`
    /// false), or a one-time one from an admin or counselor (`reset` true:
    /// it must be changed at the next login, expires, and ends the
    /// account's earlier sessions). `None` when there is no such account.
    pub fn set_password(
        &self,
        id: &str,
        hash: &str,
        reset: bool,
        audit: &AuditEntry,
    ) -> Result<Option<UserRecord>, StoreError> {
        let outcome = self.update_user(
            id,
            &Write::new(None, audit),
            |u| {
                u.password_hash = hash.to_owned();
                u.must_change_password = reset;
                if reset {
                    u.password_reset_at = Some(audit.at);
                }
            },
            |_| serde_json::Value::Null,
        )?;
        Ok(match outcome {
            UpdateOutcome::Updated(u) => Some(u),
            _ => None,
        })
    }

    /// Changes a user through [`Store::update`], stamping `updated_at`.
    /// Username, role, classes, name and gender are indexed or kept in
    /// memory and change only through [`Store::apply_import`]: a `change`
    /// touching them is refused.
    pub fn update_user(
        &self,
        id: &str,
        write: &Write<'_>,
        change: impl Fn(&mut UserRecord),
        answer: impl Fn(&UserRecord) -> serde_json::Value,
    ) -> Result<UpdateOutcome<UserRecord>, StoreError> {
        let now = write.now;
        self.update(
            &self.users,
            id,
            write,
            |u: &mut UserRecord| {
                // The rosters and the public list keep names and genders.
                let indexed = |u: &UserRecord| {
                    (
                        u.username.clone(),
                        u.role,
                        u.classes.clone(),
                        u.name.clone(),
                        u.gender.clone(),
                    )
                };
                let keep = indexed(u);
                change(u);
                assert!(
                    keep == indexed(u),
                    "update_user must not change indexed fields"
                );
                u.updated_at = now;
            },
            answer,
        )
    }
}
