//! The only code that knows sled. Everything above it speaks in records.
//!
//! Its trees are private to it, and every write to one — a key, a batch, a
//! transaction over several ([`Commit`]) — reports the trees and keys it
//! wrote to the store's listeners ([`tree`]): the views kept in memory
//! (`crate::views`) forget by that report alone.
//!
//! The schema table below is most of this file's length: it belongs beside
//! the trees it describes.
//!
//! ## Schema
//!
//! One tree per entity plus index trees. Values are JSON (see [`codec`]);
//! every entity record carries a `rev` that grows by one on each change.
//!
//! | tree             | key                                   | value                         |
//! |------------------|---------------------------------------|-------------------------------|
//! | `users`          | user id (uuid text)                   | [`UserRecord`]                |
//! | `usernames`      | lower-case username                   | user id                       |
//! | `sessions`       | SHA-256 of the session token (hex)    | [`SessionRecord`]             |
//! | `login_failures` | lower-case username (known or not)    | [`FailureRecord`]             |
//! | `colleges`       | college code                          | [`domain::org::College`]       |
//! | `classes`        | class id                              | [`ClassRecord`]               |
//! | `campaigns`      | campaign id                           | [`domain::org::Campaign`]     |
//! | `idempotency`    | `<user id>\0<Idempotency-Key>`        | [`IdemRecord`] (7 days: `purge_idem`) |
//! | `onetime`        | import id (uuid)                      | [`OnetimeRecord`] (until downloaded, ≤ 7 days) |
//! | `seals`          | college code or `center`              | cleaned PNG bytes (raw, not JSON) |
//! | `nominations`    | nomination id (uuid)                  | [`NominationRecord`]          |
//! | `active_nominations` | `<campaign>\0<student id>`       | id of the student's active nomination |
//! | `appointments`   | `<campaign>\0<class id>`             | ids of appointed nominations (quota) |
//! |                  | `cert\0<cohort>\0<college>`          | last certificate number (u32) |
//! | `liaisons`       | nomination id                         | [`LiaisonRecord`]             |
//! | `directory`      | `<class id>\0<entry id>`              | [`EntryRecord`]               |
//! | `directory_seeded` | `<class id>\0<student id>`          | entry id made from the roster (once) |
//! | `directory_history` | `<class id>\0<entry id>\0<u64 big-endian>` | [`HistoryRecord`] (see [`history`]) |
//! | `photos`         | class id                              | [`PhotoRecord`]               |
//! | `photo_files`    | class id                              | cleaned JPEG/PNG bytes (raw)  |
//! | `submissions`    | `<campaign>\0<college>\0<kind>`        | [`SubmissionRecord`] (state, history) |
//! | `submission_snapshots` | `<campaign>\0<college>\0<kind>\0<version u32 BE>` | [`SnapshotRecord`] (frozen, never changed) |
//! | `submission_files` | SHA-256 of the content (hex)        | a snapshot's photo or seal bytes, a signature (raw; never changed) |
//! | `notifications`  | `<user id>\0<id u64 BE>` (ids grow)   | [`NotificationRecord`] (≤ 180 days) |
//! | `mail_outbox`    | notification id (u64 BE)              | [`OutboxItem`] (user, attempts, next try) until mailed or given up |
//! | `reminders`      | `<campaign>\0<kind>\0<deadline>\0<7|1>` | when that reminder went out (i64 BE) |
//! | `duty_log`       | `<liaison id>\0<entry id>\0`           | [`LogRecord`] (工作记录) |
//! | `duty_photos`    | `<liaison id>\0<entry id>\0<photo id>\0` | an activity's cleaned JPEG/PNG bytes (raw) |
//! | `class_links`    | `l\0<class id>`; `t\0<SHA-256 of a token (hex)>` | [`LinkRecord`]; [`TokenRecord`] (kept: a replaced link says so) |
//! | `classmate_updates` | `<class id>\0<year>\0<student id>` | [`UpdateRecord`] (a classmate's proposals in a round) |
//! | `standins`       | `i\0<id>`; `u\0<user id>`                | [`domain::standin::StandIn`]; ids of the user's stand-ins (either side) |
//! | `copies`         | `<college code or all>\0<stage>`       | the people copied there (抄送) |
//! | `robots`         | `<college code or office>\0<wecom|dingtalk>` | [`RobotRecord`] (address and secret sealed with the data folder's key) |
//! | `signatures`     | user id                               | [`SignatureRecord`]: the SHA-256 of their drawn signature in `submission_files` |
//! | `audit`          | time (i64 BE, sign flipped) + id (u64 BE) | [`AuditEntry`] (append-only; a month is one range) |
//! | `jobs`           | job id (uuid)                         | [`JobRecord`] (≤ 7 days; not backed up) |
//! | `import_undo`    | `<job>\0u\0<user>\0`, `<job>\0c\0<class>\0` | record an unfinished import replaced (empty: none) |
//! | `meta`           | `schema_version`, `demo_loaded`, `directory_round`, `id_base` (set by a restore) | JSON             |
//!
//! ### Indexes ([`index`])
//!
//! Written in the same transaction as their record; never backed up (a
//! restore and a schema upgrade rebuild them with [`Store::rebuild_indexes`];
//! a test rebuilds them after a workload and compares).
//!
//! | tree                | key                                      | value          | kept by |
//! |---------------------|------------------------------------------|----------------|---------|
//! | `class_members`     | `<class>\0<username>\0`                  | [`Member`] (id, name, gender) | `insert_user`, `apply_import`, `roll_back_import` |
//! | `role_users`        | `<role>\0<username>\0`                   | user id        | `insert_user`, `apply_import` |
//! | `counselor_classes` | `<counselor id>\0<class>\0`              | —              | `put_class`, `apply_import` |
//! | `college_classes`   | `<college>\0<class>\0`                   | —              | `put_class`, `apply_import` |
//! | `nomination_scope`  | `<campaign>\0<college>\0<class>\0<student no>\0<id>\0` | state | `create_nomination`, `transition_nomination` |
//! |                     | `\x01<state>\0` + the key above (the same nominations by state) | — | the same two |
//! | `nomination_counts` | `<campaign>\0[<college>\0[<class>\0]]\x01` | per state: `<state>\0` u64 BE | the same two |
//! | `class_liaisons`    | `<class>\0<liaison id>\0`                | student id     | `transition_nomination` (appoint), `add_liaison` |
//! | `student_liaisons`  | `<student>\0<liaison id>\0`              | class id       | the same two |
//! | `directory_counts`  | class id                                 | [`DirCounts`]  | `seed_directory`, `put_entry`, `delete_entry`, `import_directory` |
//! | `directory_ids`     | entry id                                 | its class id (kept after a delete) | `seed_directory`, `put_entry`, `import_directory` |
//! | `notification_unread` | user id                                | u64 BE         | `notifications::deliver`, `mark_read`, `prune_notifications` |
//! | `feedback_open`     | `<college>\0<created on>\0<liaison>\0<entry>\0` | class id | `log_step` (feedback not yet handled) |
//!
//! Never read the store inside a transaction closure: sled 0.34 deadlocks.
//!
//! ## Durability
//!
//! A write is acknowledged only after [`Store::durable`] returns: writers
//! commit, then wait for one group-commit task that calls `db.flush()` once
//! for everybody waiting (sled 0.34.7's `flush_async` deadlocks with 7+
//! concurrent callers, so handlers never call it).

mod audit;
mod backup;
mod check;
mod class;
mod classmates;
pub mod codec;
mod copies;
mod directory;
mod duty;
mod flusher;
mod history;
mod idem;
mod import;
pub mod index;
mod jobs;
mod liaisons;
mod meta;
mod nominations;
mod notifications;
mod open;
mod org;
mod photos;
mod robots;
mod sessions;
mod signatures;
mod standins;
mod submissions;
mod tree;
mod trees;
mod users;
mod write;

use sled::transaction::{ConflictableTransactionError, TransactionError};

pub use audit::AuditEntry;
pub use backup::{BACKUP_FORMAT, backup_to, restore_from, verify_backup};
pub use class::{ClassRecord, sort_classes};
pub use classmates::{
    Decided, LinkRecord, ProposalRecord, TokenRecord, TokenState, UpdateRecord, token_hash,
};
pub use directory::{
    Author, Based, EntryOutcome, EntryRecord, HistoryRecord, ImportCounts, ImportItem, entry_key,
};
pub use duty::{LogOutcome, LogRecord, LogStep, log_key};
pub use idem::IdemRecord;
pub use idem::idem_key;
pub use import::{ImportBatch, OnetimeRecord};
pub use index::{DirCounts, INDEX_TREES, Member};
pub use jobs::JobRecord;
pub use liaisons::{LiaisonOutcome, LiaisonRecord, LiaisonStatus};
pub use nominations::{Created, Guard, NominationRecord, Term, Transition};
pub use notifications::{Audience, NotificationRecord, OutboxItem, Post, Tell};
pub use photos::PhotoRecord;
pub use robots::RobotRecord;
pub use sessions::{FailureRecord, SessionRecord, sso_key};
pub use signatures::SignatureRecord;
pub use submissions::{
    EventRecord, SnapPhoto, SnapRow, SnapshotRecord, SubmissionRecord, submission_key,
};
pub(crate) use tree::Commit;
pub use tree::{Change, Listener, Tree, Tx};
pub use users::UserRecord;
pub use write::{UpdateOutcome, Versioned, Write};

pub use trees::{TREES, Trees};

/// Version of the layout above; written on first open. Version 2 added the
/// index trees and `NominationRecord::student_no`.
pub const SCHEMA_VERSION: u32 = 7;

/// The oldest schema whose index trees are those of this build: a store of
/// it or later upgrades without rebuilding them (seconds on the scale set).
const INDEXES_SINCE: u32 = 7;

/// sled's page cache. Its default (1 GB) let the server grow far past its
/// memory budget on the scale set; a class page touches a few pages, so
/// this keeps what is hot and the process inside the budget.
pub const CACHE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sled: {0}")]
    Sled(#[from] sled::Error),
    #[error("codec: {0}")]
    Codec(#[from] serde_json::Error),
    #[error("durability: {0}")]
    Flush(String),
    #[error("{0}")]
    Invalid(String),
}

impl From<TransactionError<StoreError>> for StoreError {
    fn from(e: TransactionError<StoreError>) -> Self {
        match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => StoreError::Sled(e),
        }
    }
}

/// Lets `?` abort a sled transaction with one of our errors.
impl From<StoreError> for ConflictableTransactionError<StoreError> {
    fn from(e: StoreError) -> Self {
        ConflictableTransactionError::Abort(e)
    }
}

/// Aborts a sled transaction with one of our errors.
pub(crate) fn abort<T>(
    e: impl Into<StoreError>,
) -> Result<T, ConflictableTransactionError<StoreError>> {
    Err(ConflictableTransactionError::Abort(e.into()))
}

/// The store handle; cheap to clone.
#[derive(Clone)]
pub struct Store(std::sync::Arc<Trees>);

impl std::ops::Deref for Store {
    type Target = Trees;
    fn deref(&self) -> &Trees {
        &self.0
    }
}

impl Store {
    /// Holds back every multi-tree write until the guard is dropped: what a
    /// backup reads meanwhile is one consistent state. Writers wait (their
    /// requests take that much longer); readers do not.
    pub fn pause_writes(&self) -> std::sync::RwLockWriteGuard<'_, ()> {
        self.gate
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The group commit's histograms (writers per flush, seconds per flush).
    pub fn commit_metrics(
        &self,
    ) -> (
        prometheus_client::metrics::histogram::Histogram,
        prometheus_client::metrics::histogram::Histogram,
    ) {
        (self.flusher.batch.clone(), self.flusher.took.clone())
    }

    /// Bytes on disk, sessions kept, notices waiting for the mailer.
    pub fn gauges(&self) -> (u64, usize, usize) {
        (
            self.db.size_on_disk().unwrap_or(0),
            self.sessions.len(),
            self.mail_outbox.len(),
        )
    }

    /// Waits until everything committed so far is on disk.
    pub async fn durable(&self) -> Result<(), StoreError> {
        self.flusher.flush().await
    }

    /// Flushes synchronously; for start-up, shutdown and the CLI.
    pub fn flush_now(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// The tree of that name (of [`TREES`] or of [`INDEX_TREES`]).
    fn tree(&self, name: &str) -> Result<&Tree, StoreError> {
        self.every_tree()
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| StoreError::Invalid(format!("no tree {name}")))
    }

    /// Tells `listener` of every write from now on (see [`tree`]).
    pub fn listen(&self, listener: std::sync::Weak<dyn Listener>) {
        self.hub.listen(listener);
    }

    /// Tells every listener that every tree changed (a restore).
    pub(crate) fn tell_everything(&self) {
        for t in self.every_tree() {
            t.tell_whole();
        }
    }

    /// Whether the store holds no accounts yet.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }
}

#[cfg(test)]
mod tests;
