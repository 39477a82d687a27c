//! Copies (抄送): the office (for every college, or one) and a dean (for
//! their college) name people copied when a nomination reaches a level —
//! the college's secretary at 学院审核, say. A copied person is told and
//! may read that nomination; they never decide (their role and scope
//! decide, as before).

use crate::{Role, workflow::Stage};

/// At most this many people are copied at one level of one college.
pub const MAX_PEOPLE: usize = 10;

/// The key of every college's rules (set by the office).
pub const EVERY_COLLEGE: &str = "all";

/// Who may set the copies of `college` (a code, or [`EVERY_COLLEGE`]):
/// the office any; a dean their own college's.
pub fn may_set(role: Role, own_college: Option<&str>, college: &str) -> bool {
    match role {
        Role::Office => true,
        Role::Dean => college != EVERY_COLLEGE && own_college == Some(college),
        _ => false,
    }
}

/// Who may be copied: staff who read forms (counselors, college leaders,
/// the office); never a student or the admin.
pub fn may_be_copied(role: Role) -> bool {
    matches!(role, Role::Counselor | Role::Dean | Role::Office)
}

/// Why a list of people cannot be set, in the words users see.
pub fn check(people: usize) -> Result<(), String> {
    if people > MAX_PEOPLE {
        return Err(format!("每一级最多抄送{MAX_PEOPLE}人"));
    }
    Ok(())
}

/// Which levels can be copied, with what a user reads.
pub const STAGES: [Stage; 3] = [Stage::Counselor, Stage::College, Stage::Office];

/// `辅导员审核` / `学院审核` / `校友办审核`.
pub fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Counselor => "辅导员审核",
        Stage::College => "学院审核",
        Stage::Office => "校友办审核",
    }
}

/// The path segment of a stage (`counselor`, `college`, `office`).
pub fn stage_segment(stage: Stage) -> &'static str {
    match stage {
        Stage::Counselor => "counselor",
        Stage::College => "college",
        Stage::Office => "office",
    }
}

pub fn parse_stage(s: &str) -> Option<Stage> {
    STAGES.into_iter().find(|st| stage_segment(*st) == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_office_sets_any_college_s_copies_and_a_dean_their_own() {
        assert!(may_set(Role::Office, None, EVERY_COLLEGE));
        assert!(may_set(Role::Office, None, "xx"));
        assert!(may_set(Role::Dean, Some("xx"), "xx"));
        assert!(!may_set(Role::Dean, Some("xx"), "jg"));
        assert!(!may_set(Role::Dean, Some("xx"), EVERY_COLLEGE));
        assert!(!may_set(Role::Counselor, None, "xx"));
        assert!(!may_set(Role::Dean, None, "xx"));
    }

    #[test]
    fn staff_may_be_copied_and_lists_are_short() {
        assert!(may_be_copied(Role::Counselor) && may_be_copied(Role::Office));
        assert!(!may_be_copied(Role::Student) && !may_be_copied(Role::Admin));
        assert!(check(MAX_PEOPLE).is_ok() && check(MAX_PEOPLE + 1).is_err());
        for s in STAGES {
            assert_eq!(parse_stage(stage_segment(s)), Some(s));
        }
        assert_eq!(parse_stage("dean"), None);
    }
}
