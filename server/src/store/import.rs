//! Applying a roster import: every account and class change of one file, and
//! its one-time passwords, in a single transaction — all or nothing.

use super::{Commit, Tx, index::TxResult};
use serde::{Deserialize, Serialize};

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
    /// The job whose undo records (`import_undo`) keep what each write
    /// replaced, so that an import cut off half-way can be put back.
    pub undo_job: Option<String>,
}

/// Accounts per transaction of [`Store::apply_import_chunked`]: one sled
/// transaction of a whole large roster held its every change in memory
/// until it ended.
pub const IMPORT_CHUNK: usize = 500;

fn undo_key(job: &str, kind: &str, id: &str) -> Vec<u8> {
    super::index::prefix(&[job, kind, id])
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
            Some(a) => Some((self.audit_key(a)?, codec::encode(a)?)),
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
            &self.import_undo,
        )
            .commit(
                &self.gate,
                |(u, names, cl, ot, log, members, roles, by_counselor, by_college, jobs, undo)| {
                    let remember = |kind: &str, id: &str, old: Option<&[u8]>| {
                        remember(undo, batch.undo_job.as_deref(), kind, id, old)
                    };
                    for (user, value) in &users {
                        let old_bytes = u.get(user.id.as_bytes())?;
                        remember("u", &user.id, old_bytes.as_deref())?;
                        put_user(u, names, members, roles, old_bytes, user, value)?;
                    }
                    for (class, value) in &classes {
                        let old_bytes = cl.get(class.id.as_bytes())?;
                        remember("c", &class.id, old_bytes.as_deref())?;
                        let old: Option<ClassRecord> = match old_bytes {
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

    /// Writes a large import in transactions of [`IMPORT_CHUNK`] accounts,
    /// then classes, passwords, audit entry and the job's final state in a
    /// last one. Each records what it replaced under the job; a failure
    /// half-way puts everything back, and so does [`Store::settle_jobs`]
    /// after a stop. Readers may see a half-written import for the seconds
    /// it takes; never a half-written account.
    pub fn apply_import_chunked(&self, batch: ImportBatch, job: &str) -> Result<(), StoreError> {
        let ImportBatch {
            users,
            classes,
            onetime,
            audit,
            job: record,
            ..
        } = batch;
        let written = || -> Result<(), StoreError> {
            for chunk in users.chunks(IMPORT_CHUNK) {
                self.apply_import(&ImportBatch {
                    users: chunk.to_vec(),
                    undo_job: Some(job.to_owned()),
                    ..Default::default()
                })?;
            }
            self.apply_import(&ImportBatch {
                classes: classes.clone(),
                onetime: onetime.clone(),
                audit: audit.clone(),
                job: record.clone(),
                undo_job: Some(job.to_owned()),
                ..Default::default()
            })
        };
        match written() {
            Ok(()) => self.forget_undo(job),
            Err(e) => {
                self.roll_back_import(job)?;
                Err(e)
            }
        }
    }

    /// Drops the undo records of a finished import.
    pub(crate) fn forget_undo(&self, job: &str) -> Result<(), StoreError> {
        for k in self
            .import_undo
            .scan_prefix(super::index::prefix(&[job]))
            .keys()
        {
            self.import_undo.remove(k?)?;
        }
        Ok(())
    }

    /// Puts back every account and class an unfinished import changed.
    pub(crate) fn roll_back_import(&self, job: &str) -> Result<(), StoreError> {
        for item in self.import_undo.scan_prefix(super::index::prefix(&[job])) {
            let (k, old) = item?;
            let kind = super::index::prefix(&[job, "u"]);
            let is_user = k.starts_with(&kind);
            let id = super::index::last_part(&k);
            (
                &self.users,
                &self.usernames,
                &self.class_members,
                &self.role_users,
                &self.classes,
                &self.counselor_classes,
                &self.college_classes,
                &self.import_undo,
            )
                .commit(
                    &self.gate,
                    |(u, names, members, roles, cl, by_counselor, by_college, undo)| {
                        if is_user {
                            let now: Option<UserRecord> = match u.get(id.as_bytes())? {
                                Some(v) => Some(codec::decode(&v)?),
                                None => None,
                            };
                            let before: Option<UserRecord> = if old.is_empty() {
                                None
                            } else {
                                Some(codec::decode(&old)?)
                            };
                            index_user(members, roles, now.as_ref(), before.as_ref())?;
                            if let Some(n) = &now {
                                names.remove(n.username.as_bytes())?;
                            }
                            match &before {
                                Some(b) => {
                                    u.insert(id.as_bytes(), codec::encode(b)?)?;
                                    names.insert(b.username.as_bytes(), id.as_bytes())?;
                                }
                                None => {
                                    u.remove(id.as_bytes())?;
                                }
                            }
                        } else {
                            let now: Option<ClassRecord> = match cl.get(id.as_bytes())? {
                                Some(v) => Some(codec::decode(&v)?),
                                None => None,
                            };
                            if let Some(n) = &now {
                                super::index::unindex_class(by_counselor, by_college, n)?;
                            }
                            if old.is_empty() {
                                cl.remove(id.as_bytes())?;
                            } else {
                                let b: ClassRecord = codec::decode(&old)?;
                                index_class(by_counselor, by_college, None, &b)?;
                                cl.insert(id.as_bytes(), old.clone())?;
                            }
                        }
                        undo.remove(&k)?;
                        Ok(())
                    },
                )?;
        }
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
        codec::purge(&self.onetime, |r: &OnetimeRecord| r.created_at < cutoff)
    }
}

#[cfg(test)]
mod tests;

/// Under an undoable job, keeps the first value replaced at `kind`/`id`:
/// the one to put back.
fn remember(
    undo: &Tx<'_>,
    job: Option<&str>,
    kind: &str,
    id: &str,
    old: Option<&[u8]>,
) -> TxResult<()> {
    if let Some(job) = job {
        let k = undo_key(job, kind, id);
        if undo.get(&k)?.is_none() {
            undo.insert(k, old.unwrap_or_default())?;
        }
    }
    Ok(())
}

/// Writes one account of an import over `old_bytes`, keeping its username
/// and its indexes right.
fn put_user(
    users: &Tx<'_>,
    names: &Tx<'_>,
    members: &Tx<'_>,
    roles: &Tx<'_>,
    old_bytes: Option<sled::IVec>,
    user: &UserRecord,
    value: &[u8],
) -> TxResult<()> {
    let old: Option<UserRecord> = match old_bytes {
        Some(v) => Some(codec::decode(&v)?),
        None => None,
    };
    if let Some(o) = &old
        && o.username != user.username
    {
        names.remove(o.username.as_bytes())?;
    }
    // Checked when the file was read; another import may have taken the
    // name since.
    if let Some(holder) = names.get(user.username.as_bytes())?
        && holder != user.id.as_bytes()
    {
        return super::abort(StoreError::Invalid(format!(
            "用户名 {} 已被其他账号使用",
            user.username
        )));
    }
    index_user(members, roles, old.as_ref(), Some(user))?;
    users.insert(user.id.as_bytes(), value.to_vec())?;
    names.insert(user.username.as_bytes(), user.id.as_bytes())?;
    Ok(())
}
