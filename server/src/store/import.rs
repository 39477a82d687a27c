//! Applying a roster import: every account and class change of one file, and
//! its one-time passwords, in a single transaction — all or nothing.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use super::{
    AuditEntry, ClassRecord, Store, StoreError, UserRecord, codec,
    index::{index_class, index_user},
};

/// One-time passwords of one import, kept until the admin downloads them
/// once (or 7 days), sealed with a key outside the store
/// ([`crate::secret::SealKey`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnetimeRecord {
    pub created_at: i64,
    /// The admin who imported.
    pub by: String,
    /// Rows of username, name, role label, password, as JSON, sealed.
    #[serde(default)]
    pub sealed: String,
    /// Schema 1 kept the rows in plain text; read once, never written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<[String; 4]>,
}

/// Everything one import writes.
#[derive(Debug, Default)]
pub struct ImportBatch {
    /// New accounts and changed existing ones (whole records).
    pub users: Vec<UserRecord>,
    /// New or changed classes (whole records).
    pub classes: Vec<ClassRecord>,
    pub onetime: Option<(String, OnetimeRecord)>,
    pub audit: Option<AuditEntry>,
    /// The job that imports, in its final state: written with the result.
    pub job: Option<super::JobRecord>,
}

impl Store {
    /// Writes a whole import atomically.
    pub fn apply_import(&self, batch: &ImportBatch) -> Result<(), StoreError> {
        let users: Vec<(&UserRecord, Vec<u8>)> = batch
            .users
            .iter()
            .map(|u| Ok((u, codec::encode(u)?)))
            .collect::<Result<_, StoreError>>()?;
        let classes: Vec<(&ClassRecord, Vec<u8>)> = batch
            .classes
            .iter()
            .map(|c| Ok((c, codec::encode(c)?)))
            .collect::<Result<_, StoreError>>()?;
        let onetime = match &batch.onetime {
            Some((id, rec)) => Some((id.clone(), codec::encode(rec)?)),
            None => None,
        };
        let audit = match &batch.audit {
            Some(a) => Some((self.next_id()?.to_be_bytes(), codec::encode(a)?)),
            None => None,
        };
        let job = match &batch.job {
            Some(j) => Some((j.job.id.clone(), codec::encode(j)?)),
            None => None,
        };
        (
            &self.users,
            &self.usernames,
            &self.classes,
            &self.onetime,
            &self.audit,
            &self.class_members,
            &self.role_users,
            &self.counselor_classes,
            &self.college_classes,
            &self.jobs,
        )
            .transaction(
                |(u, names, cl, ot, log, members, roles, by_counselor, by_college, jobs)| {
                    for (user, value) in &users {
                        let old: Option<UserRecord> = match u.get(user.id.as_bytes())? {
                            Some(v) => Some(codec::decode(&v)?),
                            None => None,
                        };
                        if let Some(o) = &old
                            && o.username != user.username
                        {
                            names.remove(o.username.as_bytes())?;
                        }
                        // Checked when the file was read; another import may
                        // have taken the name since.
                        if let Some(holder) = names.get(user.username.as_bytes())?
                            && holder != user.id.as_bytes()
                        {
                            return super::abort(StoreError::Invalid(format!(
                                "用户名 {} 已被其他账号使用",
                                user.username
                            )));
                        }
                        index_user(members, roles, old.as_ref(), Some(user))?;
                        u.insert(user.id.as_bytes(), value.clone())?;
                        names.insert(user.username.as_bytes(), user.id.as_bytes())?;
                    }
                    for (class, value) in &classes {
                        let old: Option<ClassRecord> = match cl.get(class.id.as_bytes())? {
                            Some(v) => Some(codec::decode(&v)?),
                            None => None,
                        };
                        index_class(by_counselor, by_college, old.as_ref(), class)?;
                        cl.insert(class.id.as_bytes(), value.clone())?;
                    }
                    if let Some((id, value)) = &onetime {
                        ot.insert(id.as_bytes(), value.clone())?;
                    }
                    if let Some((key, value)) = &audit {
                        log.insert(key, value.clone())?;
                    }
                    if let Some((id, value)) = &job {
                        jobs.insert(id.as_bytes(), value.clone())?;
                    }
                    Ok(())
                },
            )?;
        Ok(())
    }

    /// Takes (reads and removes) the one-time passwords of an import.
    pub fn take_onetime(&self, id: &str) -> Result<Option<OnetimeRecord>, StoreError> {
        self.onetime
            .remove(id)?
            .map(|v| codec::decode(&v))
            .transpose()
    }

    /// Forgets one-time passwords older than `cutoff` that nobody downloaded.
    pub fn purge_onetime(&self, cutoff: i64) -> Result<usize, StoreError> {
        let mut removed = 0;
        for item in self.onetime.iter() {
            let (key, value) = item?;
            let rec: OnetimeRecord = codec::decode(&value)?;
            if rec.created_at < cutoff {
                self.onetime.remove(key)?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}
