//! The September round's class link (SPEC §14): the link its liaison
//! shares, what a classmate sees and sends through it, and the liaison's
//! queue of proposed changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::directory::{EntryFields, classmate::ProposalState};

/// The class's link in the open round, as its liaisons and counselor see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassLink {
    /// The page's address on this site, the token after `#` (never sent
    /// to a server by a browser, so never in a log).
    pub path: String,
    pub year: u16,
    pub made_by: String,
    pub made_at: i64,
    /// Ready to paste into the class's WeChat group (the address without
    /// the site: the page adds `location.origin`).
    pub message: String,
}

/// `GET|POST|DELETE /classes/{id}/classmates/link`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassLinkEnvelope {
    pub link: Option<ClassLink>,
    /// The year of the open round, if one is open (a link needs one).
    pub round: Option<u16>,
}

/// `POST /classmate/visit`: who opens the link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VisitRequest {
    pub token: String,
    pub name: String,
    pub number: String,
}

/// `POST /classmate/check` and `POST /classmate/update`: the fields the
/// classmate changed (JSON names as the directory's), as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassmateChanges {
    pub changes: BTreeMap<String, String>,
}

/// One proposed change, as its classmate or the liaison sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Proposal {
    pub field: String,
    /// The stored value when it was proposed (masked for the classmate).
    pub old: String,
    pub new: String,
    pub state: ProposalState,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub decided_at: Option<i64>,
}

/// What a classmate sees through the link once identified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassmateView {
    pub class_name: String,
    pub year: u16,
    pub name: String,
    /// Their stored entry, the phone masked and the address withheld.
    pub entry: EntryFields,
    /// Their latest submission's changes, each with its state.
    pub proposals: Vec<Proposal>,
    pub submitted_at: Option<i64>,
    pub submissions_left: u32,
}

/// `POST /classmate/check`: what the rules say of the typing so far.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangesCheck {
    pub errors: BTreeMap<String, String>,
    pub suggestions: BTreeMap<String, String>,
}

/// A proposed change in the liaison's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QueuedProposal {
    #[serde(flatten)]
    pub proposal: Proposal,
    /// The entry's value now: when it is not `old`, someone edited it
    /// since, and confirming would overwrite that edit.
    pub current: String,
    #[serde(default)]
    pub decided_by: String,
}

/// One classmate's submission in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassmateItem {
    pub student_id: String,
    pub name: String,
    pub entry_id: String,
    pub submitted_at: i64,
    pub proposals: Vec<QueuedProposal>,
}

/// `GET /classes/{id}/classmates`: the round's picture for the liaison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassmateRound {
    pub round: Option<u16>,
    /// Submissions with a change still waiting, oldest first.
    pub waiting: Vec<ClassmateItem>,
    /// Submissions all decided, newest first.
    pub decided: Vec<ClassmateItem>,
    /// Roster classmates who have not answered through the link yet.
    pub not_yet: Vec<String>,
}

/// `POST /classes/{id}/classmates/{student_id}/decide`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Decisions {
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

/// The liaison's word on one proposed change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Decision {
    pub field: String,
    pub accept: bool,
    #[serde(default)]
    pub reason: String,
    /// The entry's value the liaison saw beside the proposal (`current`):
    /// if the entry changed since, the decision is refused and shown again.
    pub current: String,
}
