//! Accounts, rosters, jobs, colleges, classes, campaigns, counselors and seals.

use serde::{Deserialize, Serialize};

/// What a roster import did (`{"import": {…}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportResult {
    pub id: String,
    pub created: u32,
    pub updated: u32,
    pub classes_created: u32,
    /// New accounts whose one-time passwords await download.
    pub passwords: u32,
    /// Where to download them, once.
    pub passwords_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportEnvelope {
    pub import: ImportResult,
}

/// Where a long piece of work stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Failed,
}

/// Work that takes longer than a request should (a roster import): started
/// with `202 {"job": …}`, followed with `GET /jobs/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Job {
    pub id: String,
    /// `roster.students` or `roster.staff`.
    pub kind: String,
    pub state: JobState,
    /// What it is doing now, in Chinese (正在生成初始密码…).
    pub step: String,
    /// Progress: `done` of `total` units of the current step.
    pub done: u32,
    pub total: u32,
    /// A finished import's outcome.
    #[serde(default)]
    pub import: Option<ImportResult>,
    /// Why it failed, in Chinese; nothing was imported then.
    #[serde(default)]
    pub error: Option<String>,
    pub created_at: i64,
    #[serde(default)]
    pub finished_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobEnvelope {
    pub job: Job,
}

/// One seal's state (`GET /seals`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SealInfo {
    /// A college code or `center`.
    pub owner: String,
    pub name: String,
    pub uploaded: bool,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// `{"colleges": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Colleges {
    pub colleges: Vec<crate::org::College>,
}

/// `{"classes": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Classes {
    pub classes: Vec<crate::org::Class>,
}

/// `{"campaigns": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Campaigns {
    pub campaigns: Vec<crate::org::Campaign>,
}

/// `{"seals": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Seals {
    pub seals: Vec<SealInfo>,
}

/// A counselor account, for assigning classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Counselor {
    pub id: String,
    pub username: String,
    pub name: String,
}

/// `{"counselors": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Counselors {
    pub counselors: Vec<Counselor>,
}

/// `PATCH /colleges/{code}`: the college's new name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rename {
    pub name: String,
}

/// `PATCH /campaigns/{id}`: any of the campaign's fields (the office uses it
/// to extend a deadline); those left out stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CampaignPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nomination_opens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nomination_closes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub materials_deadline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_years: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_slot_min_students: Option<Option<u32>>,
}
