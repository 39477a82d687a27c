//! Stand-ins (代理审批): the caller's, and naming one.

use serde::{Deserialize, Serialize};

use crate::standin::StandIn;

/// `GET /standins`: the stand-ins the caller named and those they take
/// (not over yet), and whom they may name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StandIns {
    /// Named by the caller, soonest first.
    pub named: Vec<StandIn>,
    /// Where the caller stands in for somebody.
    pub taking: Vec<StandIn>,
    /// Who the caller may name: the same role, scope covering theirs.
    pub candidates: Vec<Candidate>,
    /// Today in China time, `YYYY-MM-DD`.
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Candidate {
    pub id: String,
    pub name: String,
}

/// `POST /standins`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewStandIn {
    pub deputy_id: String,
    /// First and last day, `YYYY-MM-DD`.
    pub from: String,
    pub until: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StandInEnvelope {
    pub standin: StandIn,
}
