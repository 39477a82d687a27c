//! Copies (抄送): who is copied at each level, and setting them.

use serde::{Deserialize, Serialize};

use super::Candidate;
use crate::workflow::Stage;

/// Who is copied at one level of one college (or of every college).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CopyRule {
    /// A college code, or `all` (every college, set by the office).
    pub college: String,
    pub stage: Stage,
    pub people: Vec<Candidate>,
}

/// `GET /copies`: the rules the caller may set, and whom they may copy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Copies {
    pub rules: Vec<CopyRule>,
    pub candidates: Vec<Candidate>,
}

/// `PUT /copies/{college}/{stage}`: the people copied there from now on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetCopies {
    pub user_ids: Vec<String>,
}
