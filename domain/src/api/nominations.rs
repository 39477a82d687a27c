//! The 推荐表 and its chain: nominations, decisions, the to-do's summary.

use serde::{Deserialize, Serialize};

use super::*;

/// One step in a nomination's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HistoryEntry {
    /// `YYYY-MM-DD HH:MM` in China time.
    pub at: String,
    pub actor_id: String,
    /// The signer's name, as printed on the form.
    pub actor_name: String,
    pub role: Role,
    /// `create`, `edit`, `submit`, `approve`, `return`, `reject`, `withdraw`.
    pub action: String,
    #[serde(default)]
    pub stage: Option<crate::workflow::Stage>,
    #[serde(default)]
    pub opinion: String,
    /// The approver whose place a stand-in took (代理审批).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_place_of: Option<InPlaceOf>,
    /// The drawn signature the step was signed with (its SHA-256), frozen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl HistoryEntry {
    /// The name a step is signed with: "张三 代 李四" by a stand-in.
    pub fn signer(&self) -> String {
        crate::standin::signed(
            &self.actor_name,
            self.in_place_of.as_ref().map(|p| p.name.as_str()),
        )
    }
}

/// Whose place a stand-in took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InPlaceOf {
    pub id: String,
    pub name: String,
}

/// `POST /nominations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateNomination {
    #[serde(flatten)]
    pub form: crate::nomination::NominationForm,
    #[serde(default = "self_type")]
    pub nomination_type: crate::nomination::NominationType,
    /// The nominee's user id: needed for `class`, implied for `self`.
    #[serde(default)]
    pub student_id: Option<String>,
    pub campaign_id: String,
}

fn self_type() -> crate::nomination::NominationType {
    crate::nomination::NominationType::SelfNominated
}

/// A nomination as the API shows it (SPEC §4, §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Nomination {
    pub id: String,
    pub campaign_id: String,
    pub student_id: String,
    pub student_name: String,
    pub student_no: String,
    pub class_id: String,
    pub class_name: String,
    pub college: String,
    pub college_name: String,
    pub nomination_type: crate::nomination::NominationType,
    pub created_by: String,
    pub state: crate::workflow::State,
    pub rev: u64,
    /// Left out when blank, as in a list row, which carries no form (a
    /// blank form reads back as blank).
    #[serde(
        flatten,
        skip_serializing_if = "crate::nomination::NominationForm::is_blank"
    )]
    pub form: crate::nomination::NominationForm,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
    /// The caller reads it because they are copied (抄送): read only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub copied_to_you: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NominationEnvelope {
    pub nomination: Nomination,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Nominations {
    /// One page, in scope order: campaign, college, class, student number.
    pub nominations: Vec<Nomination>,
    /// How many match the filters, over all pages.
    #[serde(default)]
    pub total: u64,
    /// The page (from 1) and its size.
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub size: u32,
    /// Nominations in the caller's scope (and campaign, college, class
    /// filters) per state, whatever the state filter: the to-do counts.
    #[serde(default)]
    pub counts: BTreeMap<String, u64>,
}

/// The page size a list answers when none is asked for, and the largest.
pub const PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 200;

/// `POST /nominations/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecisionRequest {
    pub decision: crate::workflow::Decision,
    #[serde(default)]
    pub opinion: String,
}

/// One class in `GET /nominations/summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassSummary {
    pub class_id: String,
    pub class_name: String,
    pub college: String,
    pub quota: u8,
    pub appointed: u32,
    pub appointed_names: Vec<String>,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    pub classes: Vec<ClassSummary>,
}

/// One item's outcome in a bulk approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkOutcome {
    pub id: String,
    pub ok: bool,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkResult {
    pub approved: u32,
    pub results: Vec<BulkOutcome>,
}

/// `POST /nominations/bulk-decision`: one shared opinion, approve only (SPEC §5:
/// bulk return and reject are per item).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkRequest {
    pub items: Vec<BulkItem>,
    #[serde(default)]
    pub opinion: String,
}

/// One nomination of a bulk decision, at the revision the reviewer saw.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkItem {
    pub id: String,
    pub rev: u64,
}

/// `GET|PUT|DELETE /me/signature`: whether the approver keeps a drawn
/// signature, which (its SHA-256) and since when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignatureInfo {
    pub sha256: Option<String>,
    pub set_at: Option<i64>,
}

/// `PUT /me/signature/drawn`: the pad's canvas as a PNG data URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DrawnSignature {
    pub data_url: String,
}
