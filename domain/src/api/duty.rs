//! The duty log and the office's renewal review.

use serde::{Deserialize, Serialize};

use super::*;

/// One entry of a liaison's duty log (工作记录), as anyone who may read it
/// sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogEntry {
    pub id: String,
    pub liaison_id: String,
    #[serde(flatten)]
    pub input: crate::duty::LogInput,
    /// Photo ids (activities only), shown through
    /// `/liaisons/{liaison}/log/{entry}/photos/{photo}`.
    #[serde(default)]
    pub photos: Vec<String>,
    /// Staff's answer to a feedback entry (empty: none yet).
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub replied_by: String,
    #[serde(default)]
    pub replied_on: String,
    #[serde(default)]
    pub handled: bool,
    /// `YYYY-MM-DD`, when the entry was first stored.
    #[serde(default)]
    pub created_on: String,
    /// Feedback unhandled for 14 days or more.
    #[serde(default)]
    pub overdue: bool,
    /// Whose log: for staff lists.
    #[serde(default)]
    pub liaison_name: String,
    #[serde(default)]
    pub display_name: String,
    pub rev: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogEntryEnvelope {
    pub entry: LogEntry,
}

/// `POST /liaisons/{id}/log`: an entry, with the id the client chose so
/// that a retried create (offline outbox) stores it once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogCreate {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(flatten)]
    pub input: crate::duty::LogInput,
}

/// `GET /liaisons/{id}/log`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LiaisonLog {
    pub liaison: Liaison,
    /// Newest first.
    pub entries: Vec<LogEntry>,
    /// The caller is this liaison and the term is running.
    pub can_write: bool,
    /// The caller may answer feedback (college staff, office).
    pub can_reply: bool,
    /// Counted from the class, not typed.
    #[serde(default)]
    pub class: ClassDuties,
}

/// `POST /liaisons/{id}/log/{entry}/reply`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogReply {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub handled: bool,
}

/// One college's entries of one year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogSummaryRow {
    pub college: String,
    pub college_name: String,
    pub year: String,
    #[serde(flatten)]
    pub tally: crate::duty::Tally,
}

/// `GET /duty-log`: the logs in the caller's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DutyOverview {
    /// Newest first, at most `limit` of `total` that match the filter.
    pub entries: Vec<LogEntry>,
    pub total: usize,
    /// Per college and year, of everything in scope (not only the filter).
    pub summary: Vec<LogSummaryRow>,
    /// Feedback unhandled for 14 days or more, in scope.
    pub overdue: usize,
}

/// The office's decision on a term up for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RenewalDecision {
    pub decision: crate::duty::Renewal,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub by: String,
    pub on: String,
    /// The end of the term it decided on.
    #[serde(default)]
    pub term_end: String,
}

/// One liaison in the renewal review, with the record of the term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RenewalRow {
    pub liaison: Liaison,
    pub days_left: i64,
    pub tally: crate::duty::Tally,
    /// Date of the latest activity (empty: none).
    pub last_activity: String,
    #[serde(flatten)]
    pub class: ClassDuties,
    pub decision: Option<RenewalDecision>,
}

/// What a liaison's class shows of the duties counted without typing: the
/// directory kept, the yearly confirmations, the graduation photo sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassDuties {
    pub directory_entries: u32,
    pub directory_complete: u32,
    /// Update rounds (years) of the term in which entries were confirmed.
    pub rounds_confirmed: u32,
    pub photo: bool,
    pub names: bool,
}

/// `GET /liaisons/renewals`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Renewals {
    pub today: String,
    pub renewals: Vec<RenewalRow>,
}
