//! The organisation of SPEC §2–3: colleges, classes and campaigns.

use serde::{Deserialize, Serialize};

/// 本科 (undergraduate) or 专科 (associate): decides the row order of exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
pub struct College {
    pub code: String,
    pub name: String,
}

/// A class (班级) as the API shows it (SPEC §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// The display name of a class: `2023级计算机科学与技术1班`.
pub fn class_display_name(grade: u16, major: &str, class_name: &str) -> String {
    format!("{grade}级{major}{class_name}")
}

/// A campaign (届 recruitment round), dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: String,
    pub cohort: u16,
    pub nomination_opens: String,
    pub nomination_closes: String,
    pub materials_deadline: String,
    pub quota: u8,
    pub term_years: u8,
}

impl Campaign {
    /// Whether nominations are accepted on `today` (`YYYY-MM-DD`; ISO dates
    /// compare correctly as strings). Both ends are inclusive.
    pub fn is_open_on(&self, today: &str) -> bool {
        self.nomination_opens.as_str() <= today && today <= self.nomination_closes.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign() -> Campaign {
        Campaign {
            id: "c".into(),
            cohort: 2027,
            nomination_opens: "2027-03-01".into(),
            nomination_closes: "2027-04-30".into(),
            materials_deadline: "2027-06-15".into(),
            quota: 2,
            term_years: 3,
        }
    }

    #[test]
    fn a_class_display_name_joins_grade_major_and_class() {
        assert_eq!(
            class_display_name(2023, "计算机科学与技术", "1班"),
            "2023级计算机科学与技术1班"
        );
    }

    #[test]
    fn a_campaign_is_open_on_both_ends_of_its_window() {
        let c = campaign();
        assert!(c.is_open_on("2027-03-01"));
        assert!(c.is_open_on("2027-04-30"));
        assert!(!c.is_open_on("2027-02-28"));
        assert!(!c.is_open_on("2027-05-01"));
    }

    #[test]
    fn undergraduate_sorts_before_associate() {
        assert!(Level::Undergraduate < Level::Associate);
        assert_eq!(
            serde_json::to_string(&Level::Associate).ok().as_deref(),
            Some("\"专科\"")
        );
    }
}
