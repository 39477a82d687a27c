//! College hand-overs (学院报送, SPEC §13): one record per college, kind
//! and campaign with its history, a frozen snapshot per submitted version,
//! and the files a snapshot encloses (photos, the seal) by content hash, so
//! a later upload never changes what was handed over.

use super::Commit;
use domain::{
    api::SubmissionCounts,
    photos::NameList,
    submission::{Decision, Kind, State},
};
use serde::{Deserialize, Serialize};

use super::{AuditEntry, Store, StoreError, codec};

/// A college's hand-over of one kind in one campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRecord {
    pub campaign_id: String,
    pub college: String,
    pub kind: Kind,
    pub state: State,
    /// The current version; 0 before the first submission.
    pub version: u32,
    pub events: Vec<EventRecord>,
    pub rev: u64,
}

/// One version submitted, or a decision on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    pub version: u32,
    /// `submitted`, `accepted`, `returned`.
    pub action: String,
    pub at: i64,
    pub by: String,
    pub by_name: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub hash: String,
    #[serde(default)]
    pub counts: SubmissionCounts,
    #[serde(default)]
    pub days_late: i64,
}

/// What a version froze: the rows of its spreadsheet (without 序号), each
/// with the id of what it came from, and the photo folders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRecord {
    pub campaign_id: String,
    pub cohort: u16,
    pub college: String,
    pub college_name: String,
    pub kind: Kind,
    pub version: u32,
    pub due: String,
    pub signed_by_name: String,
    pub signed_at: i64,
    pub explanation: String,
    /// SHA-256 (hex) of the content: rows and photos.
    pub hash: String,
    /// SHA-256 of the college seal's PNG in `submission_files`.
    pub seal: String,
    pub rows: Vec<SnapRow>,
    pub photos: Vec<SnapPhoto>,
    pub counts: SubmissionCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapRow {
    /// The nomination or directory entry the row came from.
    pub key: String,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapPhoto {
    pub class_id: String,
    pub folder: String,
    pub title: String,
    pub ext: String,
    /// SHA-256 of the image in `submission_files`.
    pub sha256: String,
    /// The live record's upload time then: a later upload is a change.
    pub uploaded_at: i64,
    pub names: Option<NameList>,
}

/// `<campaign>\0<college>\0<kind>`.
pub fn submission_key(campaign: &str, college: &str, kind: Kind) -> String {
    format!("{campaign}\0{college}\0{}", kind.as_str())
}

fn snapshot_key(campaign: &str, college: &str, kind: Kind, version: u32) -> Vec<u8> {
    let mut k = submission_key(campaign, college, kind).into_bytes();
    k.push(0);
    k.extend_from_slice(&version.to_be_bytes());
    k
}

impl SubmissionRecord {
    /// The record before anything was sent.
    pub fn draft(campaign: &str, college: &str, kind: Kind) -> SubmissionRecord {
        SubmissionRecord {
            campaign_id: campaign.to_owned(),
            college: college.to_owned(),
            kind,
            state: State::Draft,
            version: 0,
            events: Vec::new(),
            rev: 0,
        }
    }

    /// The event that submitted the current version.
    pub fn current(&self) -> Option<&EventRecord> {
        self.events
            .iter()
            .rev()
            .find(|e| e.action == "submitted" && e.version == self.version)
    }
}

impl Store {
    pub fn submission(
        &self,
        campaign: &str,
        college: &str,
        kind: Kind,
    ) -> Result<Option<SubmissionRecord>, StoreError> {
        codec::get(&self.submissions, submission_key(campaign, college, kind))
    }

    pub fn snapshot(
        &self,
        campaign: &str,
        college: &str,
        kind: Kind,
        version: u32,
    ) -> Result<Option<SnapshotRecord>, StoreError> {
        codec::get(
            &self.submission_snapshots,
            snapshot_key(campaign, college, kind, version),
        )
    }

    pub fn submission_file(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.submission_files.get(sha256)?.map(|v| v.to_vec()))
    }

    /// Keeps a file a snapshot will name, once per content; returns its
    /// SHA-256. Written before the snapshot's transaction, one file at a
    /// time (a college's photos never sit in memory together); a file whose
    /// snapshot then fails to commit is harmless and reused by the next.
    pub fn keep_submission_file(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha = codec::sha256_hex(bytes);
        if !self.submission_files.contains_key(&sha)? {
            self.submission_files.insert(sha.as_bytes(), bytes)?;
        }
        Ok(sha)
    }

    /// Freezes `snapshot` (its files kept before, by
    /// [`Store::keep_submission_file`]) as the next version of its
    /// submission, with the `submitted` event and the audit entry, in one
    /// transaction. Returns the record as it is now.
    pub fn submit(
        &self,
        snapshot: &SnapshotRecord,
        event: &EventRecord,
        audit: &AuditEntry,
    ) -> Result<SubmissionRecord, StoreError> {
        let key = submission_key(&snapshot.campaign_id, &snapshot.college, snapshot.kind);
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let record = (&self.submissions, &self.submission_snapshots, &self.audit).commit(
            &self.gate,
            |(records, snapshots, log)| {
                let mut record = match records.get(key.as_bytes())? {
                    Some(b) => codec::decode(&b)?,
                    None => SubmissionRecord::draft(
                        &snapshot.campaign_id,
                        &snapshot.college,
                        snapshot.kind,
                    ),
                };
                record.version += 1;
                record.state = State::Submitted;
                record.rev += 1;
                let mut event = event.clone();
                event.version = record.version;
                record.events.push(event);
                let mut frozen = snapshot.clone();
                frozen.version = record.version;
                snapshots.insert(
                    snapshot_key(
                        &snapshot.campaign_id,
                        &snapshot.college,
                        snapshot.kind,
                        record.version,
                    ),
                    codec::encode(&frozen)?,
                )?;
                records.insert(key.as_bytes(), codec::encode(&record)?)?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                Ok(record)
            },
        )?;
        Ok(record)
    }

    /// The office's decision on the current version, if the submission
    /// waits for one (`Err` with the reason otherwise), with its event and
    /// audit entry in one transaction. `None`: nothing was ever submitted.
    pub fn decide_submission(
        &self,
        key: &str,
        decision: Decision,
        event: &EventRecord,
        audit: &AuditEntry,
        post: &super::Post,
    ) -> Result<Result<SubmissionRecord, &'static str>, StoreError> {
        let audit_key = self.audit_key(audit)?;
        let audit_value = codec::encode(audit)?;
        let outcome = (
            &self.submissions,
            &self.audit,
            &self.notifications,
            &self.notification_unread,
            &self.mail_outbox,
        )
            .commit(&self.gate, |(records, log, notes, unread, outbox)| {
                let Some(bytes) = records.get(key.as_bytes())? else {
                    // Nothing submitted yet: the rule's own answer.
                    return Ok(Err(decision.apply(State::Draft).err().unwrap_or_default()));
                };
                let mut record: SubmissionRecord = codec::decode(&bytes)?;
                record.state = match decision.apply(record.state) {
                    Ok(s) => s,
                    Err(why) => return Ok(Err(why)),
                };
                record.rev += 1;
                let mut event = event.clone();
                event.version = record.version;
                record.events.push(event);
                records.insert(key.as_bytes(), codec::encode(&record)?)?;
                log.insert(audit_key.as_slice(), audit_value.clone())?;
                post.deliver(
                    &super::notifications::Inbox::new(self, notes, unread, outbox),
                    audit.at,
                )?;
                Ok(Ok(record))
            })?;
        Ok(outcome)
    }
}
