//! A university at its real size, for `make bench` and the scale tests:
//! colleges, four grades of classes of 40, nominations of the graduating
//! grade in every state, a directory with history for every graduating
//! class, liaisons and graduation-photo records.
//!
//! Everything is written through the store's own write paths
//! (`apply_import`, `create_nomination`, `transition_nomination`,
//! `seed_directory`, `put_entry`, `update_photo`), so every index is kept
//! exactly as in production. The one shortcut, **for benchmarks and tests
//! only**: every account shares one Argon2 hash of [`DEMO_PASSWORD`],
//! computed once by the caller (60,000 hashes would take most of an hour).

use std::collections::HashMap;

use domain::{
    Role,
    api::HistoryEntry,
    directory::EntryFields,
    nomination::{NominationForm, NominationType},
    org::{Campaign, College, Level},
    photos::{NameList, Person},
    workflow::{Stage, State},
};

pub use crate::demo::DEMO_PASSWORD;
use server::store::{
    AuditEntry, Author, Based, ClassRecord, Guard, ImportBatch, NominationRecord, Store,
    StoreError, Term, Transition, UserRecord,
};

/// How big a university to build.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub colleges: usize,
    /// Students in all four grades.
    pub students: usize,
    pub class_size: usize,
    /// Nominations, all in the graduating grade's campaign.
    pub nominations: usize,
}

impl Scale {
    /// The size of issue #13: 20 colleges, 60,000 students, 1,500 classes,
    /// 10,000 nominations.
    pub const UNIVERSITY: Scale = Scale {
        colleges: 20,
        students: 60_000,
        class_size: 40,
        nominations: 10_000,
    };

    /// A small one for tests: the same shape, seconds to build in debug.
    pub const SMALL: Scale = Scale {
        colleges: 4,
        students: 1_920,
        class_size: 40,
        nominations: 320,
    };
}

/// What was built, for the bench and the tests to address.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub classes: usize,
    pub students: usize,
    pub nominations: usize,
    pub liaisons: usize,
    pub entries: usize,
    pub campaign: String,
    /// A graduating class, its college, its counselor and its students.
    pub class_id: String,
    pub college: String,
    pub counselor: String,
    pub dean: String,
    pub students_of_class: Vec<String>,
}

/// The graduating grade; its cohort is [`GRADUATING`] + 4.
pub const GRADUATING: u16 = 2023;

const MAJORS: [&str; 20] = [
    "计算机科学与技术",
    "软件工程",
    "会计学",
    "工程管理",
    "机械设计制造及其自动化",
    "汉语言文学",
    "英语",
    "市场营销",
    "土木工程",
    "电子信息工程",
    "自动化",
    "财务管理",
    "国际经济与贸易",
    "法学",
    "新闻学",
    "数学与应用数学",
    "化学",
    "生物科学",
    "视觉传达设计",
    "护理学",
];

use crate::demo::{SURNAMES, student_name as name};

/// The states nominations cycle through after the two appointed of a class:
/// most are waiting somewhere, as on a deadline afternoon.
const CYCLE: [State; 10] = [
    State::PendingCounselor,
    State::PendingCounselor,
    State::PendingCollege,
    State::PendingOffice,
    State::Draft,
    State::PendingCounselor,
    State::Returned,
    State::PendingCollege,
    State::Rejected,
    State::Withdrawn,
];

fn college_code(i: usize) -> String {
    format!("c{:02}", i + 1)
}

mod build;
pub use build::build;

#[cfg(test)]
mod tests;
