//! 学院报送: the colleges' hand-overs and the office's decisions.

use serde::{Deserialize, Serialize};

/// What one version of a 报送 holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionCounts {
    /// Graduating classes of the college.
    pub classes: u32,
    /// Rows of the 汇总表 or of the 校友数据库.
    pub rows: u32,
    /// Class photo folders enclosed (alumni only).
    pub photos: u32,
}

/// One step of a 报送's history: a version submitted, or the office's
/// decision on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionEvent {
    pub version: u32,
    /// `submitted`, `accepted` or `returned`.
    pub action: String,
    /// China time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub by_name: String,
    /// The dean's 说明, or the office's reason for returning.
    #[serde(default)]
    pub note: String,
    /// For `submitted`: the snapshot's SHA-256 and what it holds.
    #[serde(default)]
    pub hash: String,
    #[serde(default)]
    pub counts: SubmissionCounts,
    /// For `submitted`: days after the due date (≤ 0: on time).
    #[serde(default)]
    pub days_late: i64,
}

/// A college's 报送 of one kind in one campaign (SPEC §13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Submission {
    pub campaign_id: String,
    pub college: String,
    pub college_name: String,
    pub kind: crate::submission::Kind,
    pub state: crate::submission::State,
    /// The due date as the campaign now has it (`YYYY-MM-DD`).
    pub due: String,
    /// When the current version was submitted (China time), if ever.
    pub submitted_at: Option<String>,
    /// Days past `due` when submitted, or today when not yet: positive is
    /// late, negative is days left.
    pub days_late: i64,
    /// The current version; 0 before the first submission.
    pub version: u32,
    /// Rows and photos that differ between the current version and live data.
    pub changes_since: u32,
    /// The pre-flight checks on live data now.
    pub checks: Vec<crate::submission::Check>,
    /// The current version's content hash.
    #[serde(default)]
    pub hash: String,
    #[serde(default)]
    pub counts: SubmissionCounts,
    /// Every version and decision, oldest first.
    #[serde(default)]
    pub history: Vec<SubmissionEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Submissions {
    pub campaign_id: String,
    pub today: String,
    pub submissions: Vec<Submission>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionEnvelope {
    pub submission: Submission,
}

/// `POST /submissions/{college}/{kind}`: the dean's 说明 for the warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmitRequest {
    #[serde(default)]
    pub explanation: String,
    /// Which campaign (default: the newest).
    #[serde(default)]
    pub campaign_id: Option<String>,
}

/// `POST /submissions/{college}/{kind}/accept|return`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionDecision {
    /// Required to return.
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub campaign_id: Option<String>,
}
