//! The organisation of SPEC §2–3: colleges, classes and campaigns.

mod forms;

pub use forms::*;

use serde::{Deserialize, Serialize};

/// 本科 (undergraduate) or 专科 (associate): decides the row order of exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Level {
    #[serde(rename = "本科")]
    Undergraduate,
    #[serde(rename = "专科")]
    Associate,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Undergraduate => "本科",
            Level::Associate => "专科",
        }
    }
}

/// A college (学院), identified by its short code (`xx`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct College {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub rev: u64,
}

/// A class (班级) as the API shows it (SPEC §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Class {
    pub id: String,
    pub college: String,
    pub college_name: String,
    pub grade: u16,
    pub major: String,
    pub class_name: String,
    pub level: Level,
    pub cohort: u16,
    pub display_name: String,
    pub student_count: u32,
    /// User ids of the counselors in charge.
    pub counselors: Vec<String>,
    #[serde(default)]
    pub rev: u64,
}

/// The display name of a class: `2023级计算机科学与技术1班`.
pub fn class_display_name(grade: u16, major: &str, class_name: &str) -> String {
    format!("{grade}级{major}{class_name}")
}

/// A campaign (届 recruitment round), dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Campaign {
    pub id: String,
    pub cohort: u16,
    pub nomination_opens: String,
    pub nomination_closes: String,
    pub materials_deadline: String,
    pub quota: u8,
    pub term_years: u8,
    /// A second liaison only for classes of at least this many students.
    #[serde(default)]
    pub second_slot_min_students: Option<u32>,
    #[serde(default)]
    pub rev: u64,
    /// Whether nominations are accepted today: computed by the server on
    /// every answer, never trusted from storage or clients.
    #[serde(default)]
    pub open: bool,
}

impl Campaign {
    /// Whether nominations are accepted on `today` (`YYYY-MM-DD`; ISO dates
    /// compare correctly as strings). Both ends are inclusive.
    pub fn is_open_on(&self, today: &str) -> bool {
        self.nomination_opens.as_str() <= today && today <= self.nomination_closes.as_str()
    }
}

#[cfg(test)]
mod tests;
