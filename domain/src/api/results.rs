//! The office's dashboard, deadlines and the 汇总表.

use serde::{Deserialize, Serialize};

use super::*;

/// One college in the office dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CollegeProgress {
    pub college: String,
    pub college_name: String,
    pub classes: u32,
    pub classes_with_liaison: u32,
    /// Nominations per state (wire names).
    pub nominations: BTreeMap<String, u32>,
    /// Classes whose every directory entry passes the template's rules.
    pub directory_complete_classes: u32,
    /// Directory entries, and those that pass every rule.
    #[serde(default)]
    pub directory_entries: u32,
    #[serde(default)]
    pub directory_complete_entries: u32,
    pub photos_received: u32,
    /// Liaisons' feedback unhandled for 14 days or more.
    #[serde(default)]
    pub feedback_overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Deadline {
    pub campaign_id: String,
    pub cohort: u16,
    pub what: String,
    pub date: String,
    pub days_left: i64,
}

impl Deadline {
    /// Every campaign's 推荐截止 and 材料截止 as seen on `today`, the
    /// nearest first (passed ones have negative days left).
    pub fn of(campaigns: &[crate::org::Campaign], today: &str) -> Vec<Deadline> {
        let mut all: Vec<Deadline> = campaigns
            .iter()
            .flat_map(|c| {
                [
                    ("推荐截止", &c.nomination_closes),
                    ("材料截止", &c.materials_deadline),
                ]
                .into_iter()
                .filter_map(|(what, date)| {
                    Some(Deadline {
                        campaign_id: c.id.clone(),
                        cohort: c.cohort,
                        what: what.into(),
                        date: date.clone(),
                        days_left: crate::submission::days_left(date, today)?,
                    })
                })
            })
            .collect();
        all.sort_by_key(|d| d.days_left);
        all
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Dashboard {
    pub today: String,
    pub colleges: Vec<CollegeProgress>,
    pub deadlines: Vec<Deadline>,
}

/// A table as shown on screen, the same rows as its spreadsheet export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}
