//! A stored class and the order every list of classes is in. A leaf: the
//! indexes read it, the org writes (`org.rs`) keep it.

use serde::{Deserialize, Serialize};

use domain::org::{Class, Level, class_display_name};

/// The template's order of classes: 本科 before 专科, then college, grade,
/// major and class.
pub fn sort_classes(classes: &mut [ClassRecord]) {
    classes.sort_by(|a, b| {
        (a.level, &a.college, a.grade, &a.major, &a.class_name).cmp(&(
            b.level,
            &b.college,
            b.grade,
            &b.major,
            &b.class_name,
        ))
    });
}

/// A stored class; the API view ([`Class`]) adds names derived from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRecord {
    pub id: String,
    pub college: String,
    pub grade: u16,
    pub major: String,
    pub class_name: String,
    pub level: Level,
    pub cohort: u16,
    pub student_count: u32,
    pub counselors: Vec<String>,
    pub rev: u64,
}

impl ClassRecord {
    pub fn display_name(&self) -> String {
        class_display_name(self.grade, &self.major, &self.class_name)
    }

    pub fn view(&self, college_name: &str) -> Class {
        Class {
            id: self.id.clone(),
            college: self.college.clone(),
            college_name: college_name.to_owned(),
            grade: self.grade,
            major: self.major.clone(),
            class_name: self.class_name.clone(),
            level: self.level,
            cohort: self.cohort,
            display_name: self.display_name(),
            student_count: self.student_count,
            counselors: self.counselors.clone(),
            rev: self.rev,
        }
    }
}
