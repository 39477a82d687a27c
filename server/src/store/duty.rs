//! Liaisons' duty logs (工作记录, SPEC §13): entries under their liaison,
//! activity photos beside them, and the index of unhandled feedback that
//! the dashboard flags. Every change is one transaction with its audit
//! entry, its index key, its photos and the notices it causes.

use super::Commit;
use serde::{Deserialize, Serialize};

use domain::duty::{LogInput, LogKind};

use super::{AuditEntry, Post, Store, StoreError, codec, index::prefix, notifications::Inbox};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRecord {
    pub id: String,
    pub liaison_id: String,
    pub class_id: String,
    pub college: String,
    pub input: LogInput,
    #[serde(default)]
    pub photos: Vec<String>,
    #[serde(default)]
    pub reply: String,
    /// Name of who replied, as it was then.
    #[serde(default)]
    pub replied_by: String,
    #[serde(default)]
    pub replied_on: String,
    #[serde(default)]
    pub handled: bool,
    pub created_at: i64,
    /// `YYYY-MM-DD` (China time) of `created_at`.
    pub created_on: String,
    pub rev: u64,
}

impl LogRecord {
    /// Feedback nobody has marked handled yet.
    pub fn is_open(&self) -> bool {
        self.input.kind == LogKind::Feedback && !self.handled
    }
}

/// `duty_log` key of an entry.
pub fn log_key(liaison: &str, entry: &str) -> Vec<u8> {
    prefix(&[liaison, entry])
}

/// `feedback_open` key: by college, then by the day it was written down.
fn open_key(r: &LogRecord) -> Vec<u8> {
    prefix(&[&r.college, &r.created_on, &r.liaison_id, &r.id])
}

/// Under the liaison too: entry ids are chosen by clients, unique per liaison.
fn photo_key(liaison: &str, entry: &str, photo: &str) -> Vec<u8> {
    prefix(&[liaison, entry, photo])
}

/// What a step decided, given the entry as it is (if any).
pub enum LogStep {
    /// Store this (its `rev` is set by the store).
    Put(LogRecord),
    Delete,
    /// Nothing to write: the entry already is what was asked (a replay).
    Keep(LogRecord),
    Refuse(&'static str),
    /// There is no such entry.
    Missing,
}

#[derive(Debug)]
pub enum LogOutcome {
    /// The entry now (`None`: deleted), and whether anything was written.
    Done(Option<LogRecord>, bool),
    Stale(LogRecord),
    Refused(&'static str),
    NotFound,
}

impl Store {
    /// A liaison's entries, oldest id first.
    pub fn log_entries(&self, liaison: &str) -> Result<Vec<LogRecord>, StoreError> {
        self.duty_log
            .scan_prefix(prefix(&[liaison]))
            .values()
            .map(|v| codec::decode(&v?))
            .collect()
    }

    pub fn log_entry(&self, liaison: &str, entry: &str) -> Result<Option<LogRecord>, StoreError> {
        Ok(match self.duty_log.get(log_key(liaison, entry))? {
            Some(v) => Some(codec::decode(&v)?),
            None => None,
        })
    }

    pub fn log_photo(
        &self,
        liaison: &str,
        entry: &str,
        photo: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .duty_photos
            .get(photo_key(liaison, entry, photo))?
            .map(|v| v.to_vec()))
    }

    /// Unhandled feedback of a college (all colleges: `None`) written on or
    /// before `on` (`YYYY-MM-DD`), from the index: (college, liaison, entry).
    pub fn open_feedback(
        &self,
        college: Option<&str>,
        on: &str,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        let scan = match college {
            Some(c) => self.feedback_open.scan_prefix(prefix(&[c])),
            None => self.feedback_open.scan_prefix(b""),
        };
        let mut out = Vec::new();
        for kv in scan.keys() {
            let k = kv?;
            let parts: Vec<String> = k
                .split(|b| *b == 0)
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect();
            if let [college, day, liaison, entry, ..] = parts.as_slice()
                && day.as_str() <= on
            {
                out.push((college.clone(), liaison.clone(), entry.clone()));
            }
        }
        Ok(out)
    }

    /// Changes one entry in one transaction: `step` sees the entry as it is
    /// (after the `expected_rev` check) and decides. With `photo`, those
    /// bytes are stored under that id when the new entry lists it; photos
    /// the entry no longer lists are removed. `step` must not touch the store.
    #[allow(clippy::too_many_arguments)]
    pub fn log_step(
        &self,
        liaison: &str,
        entry: &str,
        expected_rev: Option<u64>,
        photo: Option<(&str, &[u8])>,
        audit: &AuditEntry,
        post: &Post,
        step: impl Fn(Option<&LogRecord>) -> LogStep,
    ) -> Result<LogOutcome, StoreError> {
        let key = log_key(liaison, entry);
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let out = (
            &self.duty_log,
            &self.duty_photos,
            &self.feedback_open,
            &self.audit,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(
                &self.gate,
                |(log, photos, open, audit_log, notes, unread, outbox)| {
                    let old: Option<LogRecord> = match log.get(&key)? {
                        Some(v) => Some(codec::decode(&v)?),
                        None => None,
                    };
                    if let (Some(rev), Some(o)) = (expected_rev, &old)
                        && rev != o.rev
                    {
                        return Ok(LogOutcome::Stale(o.clone()));
                    }
                    let new = match step(old.as_ref()) {
                        LogStep::Keep(r) => return Ok(LogOutcome::Done(Some(r), false)),
                        LogStep::Refuse(why) => return Ok(LogOutcome::Refused(why)),
                        LogStep::Missing => return Ok(LogOutcome::NotFound),
                        LogStep::Delete if old.is_none() => return Ok(LogOutcome::NotFound),
                        LogStep::Delete => None,
                        LogStep::Put(mut r) => {
                            r.rev = old.as_ref().map_or(1, |o| o.rev + 1);
                            Some(r)
                        }
                    };
                    if let Some(o) = &old {
                        if o.is_open() {
                            open.remove(open_key(o))?;
                        }
                        for p in &o.photos {
                            if !new.as_ref().is_some_and(|n| n.photos.contains(p)) {
                                photos.remove(photo_key(&o.liaison_id, &o.id, p))?;
                            }
                        }
                    }
                    match &new {
                        Some(n) => {
                            if n.is_open() {
                                open.insert(open_key(n), n.class_id.as_bytes())?;
                            }
                            if let Some((id, bytes)) = photo
                                && n.photos.iter().any(|p| p == id)
                            {
                                photos.insert(photo_key(&n.liaison_id, &n.id, id), bytes)?;
                            }
                            log.insert(key.as_slice(), codec::encode(n)?)?;
                        }
                        None => {
                            log.remove(key.as_slice())?;
                        }
                    }
                    audit_log.insert(audit_key.as_slice(), audit_value.clone())?;
                    post.deliver(&Inbox::new(self, notes, unread, outbox), audit.at)?;
                    Ok(LogOutcome::Done(new, true))
                },
            )?;
        Ok(out)
    }

    /// Rebuilds `feedback_open` from the log (part of `rebuild_indexes`).
    pub(crate) fn rebuild_feedback_open(&self) -> Result<(), StoreError> {
        for v in self.duty_log.iter().values() {
            let r: LogRecord = codec::decode(&v?)?;
            if r.is_open() {
                self.feedback_open
                    .insert(open_key(&r), r.class_id.as_bytes())?;
            }
        }
        Ok(())
    }
}
