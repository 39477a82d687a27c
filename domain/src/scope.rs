//! Who may see what (SPEC §10 "every object access checks role and scope"):
//! counselors their classes, deans their college, the office and the admin
//! everything, students themselves and their own class.

use crate::Role;

/// The parts of an account that decide its scope.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub role: Role,
    /// A dean's college.
    pub college: Option<&'a str>,
    /// A counselor's classes, a student's own class.
    pub classes: &'a [String],
}

impl Viewer<'_> {
    /// Whether the class `class_id` of college `college` is in scope.
    pub fn sees_class(&self, class_id: &str, college: &str) -> bool {
        match self.role {
            Role::Office | Role::Admin => true,
            Role::Dean => self.college == Some(college),
            Role::Counselor | Role::Student => self.classes.iter().any(|c| c == class_id),
        }
    }

    /// Whether everything of a college is in scope.
    pub fn sees_college(&self, college: &str) -> bool {
        match self.role {
            Role::Office | Role::Admin => true,
            Role::Dean => self.college == Some(college),
            Role::Counselor | Role::Student => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_office_and_the_admin_see_every_class() {
        for role in [Role::Office, Role::Admin] {
            let v = Viewer {
                role,
                college: None,
                classes: &[],
            };
            assert!(v.sees_class("any", "xx") && v.sees_college("jg"));
        }
    }

    #[test]
    fn a_dean_sees_the_classes_of_their_college_only() {
        let v = Viewer {
            role: Role::Dean,
            college: Some("xx"),
            classes: &[],
        };
        assert!(v.sees_class("c1", "xx"));
        assert!(!v.sees_class("c2", "jg"));
        assert!(v.sees_college("xx") && !v.sees_college("jg"));
    }

    #[test]
    fn a_counselor_sees_their_own_classes_only() {
        let own = classes(&["c1", "c2"]);
        let v = Viewer {
            role: Role::Counselor,
            college: None,
            classes: &own,
        };
        assert!(v.sees_class("c1", "xx") && v.sees_class("c2", "jg"));
        assert!(!v.sees_class("c3", "xx"));
        assert!(!v.sees_college("xx"));
    }

    #[test]
    fn a_student_sees_their_own_class_only() {
        let own = classes(&["c1"]);
        let v = Viewer {
            role: Role::Student,
            college: None,
            classes: &own,
        };
        assert!(v.sees_class("c1", "xx"));
        assert!(!v.sees_class("c2", "xx"));
    }

    #[test]
    fn a_dean_without_a_college_sees_nothing() {
        let v = Viewer {
            role: Role::Dean,
            college: None,
            classes: &[],
        };
        assert!(!v.sees_class("c1", "xx") && !v.sees_college("xx"));
    }
}
