//! Students of a class and the liaisons' terms, public list included.

use serde::{Deserialize, Serialize};

/// A student of a class roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Student {
    pub id: String,
    pub username: String,
    pub name: String,
    pub gender: Option<String>,
}

/// `{"students": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Students {
    pub students: Vec<Student>,
}

/// 在任 / 解聘 / 期满.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LiaisonStatus {
    Active,
    Dismissed,
    Expired,
}

impl LiaisonStatus {
    pub fn label(self) -> &'static str {
        match self {
            LiaisonStatus::Active => "在任",
            LiaisonStatus::Dismissed => "已解聘",
            LiaisonStatus::Expired => "任期已满",
        }
    }
}

/// A liaison as staff see it (SPEC §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Liaison {
    pub id: String,
    pub name: String,
    pub student_id: String,
    pub class_id: String,
    pub college: String,
    pub college_name: String,
    pub display_name: String,
    pub certificate_no: String,
    pub term_start: String,
    pub term_end: String,
    pub status: LiaisonStatus,
    #[serde(default)]
    pub rev: u64,
}

/// What anyone may see of a liaison: never a contact detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicLiaison {
    pub name: String,
    pub college_name: String,
    pub display_name: String,
    pub term_start: String,
    pub term_end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Liaisons {
    pub liaisons: Vec<Liaison>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicLiaisons {
    pub liaisons: Vec<PublicLiaison>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LiaisonEnvelope {
    pub liaison: Liaison,
}

/// `POST /liaisons/{id}/renew`, `…/dismiss`, `…/decline`: why (required
/// for dismiss and decline).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    #[serde(default)]
    pub reason: String,
}

/// `POST /liaisons` (增补): the office appoints a student directly.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AddLiaison {
    pub student_id: String,
    pub campaign_id: String,
    #[serde(default)]
    pub reason: String,
}
