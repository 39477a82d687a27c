//! What a caller may do with one class's directory (SPEC §7 privacy): the
//! rule every route that reads or writes a directory asks.

/// What a caller may do with one class's directory (SPEC §7 privacy).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Access {
    pub read: bool,
    /// Edit every entry, add, delete, import: the class's active liaisons
    /// and its counselors.
    pub edit_all: bool,
    /// Whole phone numbers and addresses of every entry: the editors and
    /// the office.
    pub see_all: bool,
    /// The caller's own account: their entry is theirs to see and edit.
    pub own: Option<String>,
}

/// Who the caller is to the class.
#[derive(Debug, Clone, Copy)]
pub struct Relation<'a> {
    pub role: crate::Role,
    pub user_id: &'a str,
    /// The class is in the caller's scope (a student's own class, a
    /// counselor's class, a dean's college, the office).
    pub in_scope: bool,
    pub is_counselor_of_class: bool,
    pub is_active_liaison_of_class: bool,
}

impl Access {
    pub fn of(r: Relation<'_>) -> Access {
        use crate::Role;
        if !r.in_scope || r.role == Role::Admin {
            return Access::default();
        }
        let editor = match r.role {
            Role::Counselor => r.is_counselor_of_class,
            Role::Student => r.is_active_liaison_of_class,
            _ => false,
        };
        Access {
            read: true,
            edit_all: editor,
            see_all: editor || r.role == Role::Office,
            own: (r.role == Role::Student).then(|| r.user_id.to_owned()),
        }
    }

    fn owns(&self, entry_student: Option<&str>) -> bool {
        self.own.is_some() && self.own.as_deref() == entry_student
    }

    /// May change the entry (students: their own).
    pub fn may_edit(&self, entry_student: Option<&str>) -> bool {
        self.edit_all || self.owns(entry_student)
    }

    /// May see the entry's whole phone number and address.
    pub fn sees_contact(&self, entry_student: Option<&str>) -> bool {
        self.see_all || self.owns(entry_student)
    }
}

#[cfg(test)]
mod access_tests {
    use super::*;
    use crate::Role;

    fn rel(role: Role) -> Relation<'static> {
        Relation {
            role,
            user_id: "me",
            in_scope: true,
            is_counselor_of_class: false,
            is_active_liaison_of_class: false,
        }
    }

    #[test]
    fn liaisons_and_counselors_edit_everything_and_see_contacts() {
        let liaison = Access::of(Relation {
            is_active_liaison_of_class: true,
            ..rel(Role::Student)
        });
        let counselor = Access::of(Relation {
            is_counselor_of_class: true,
            ..rel(Role::Counselor)
        });
        for a in [liaison, counselor] {
            assert!(a.edit_all && a.may_edit(Some("other")) && a.may_edit(None));
            assert!(a.sees_contact(Some("other")));
        }
    }

    #[test]
    fn a_classmate_edits_and_sees_only_their_own_entry() {
        let a = Access::of(rel(Role::Student));
        assert!(a.read && !a.edit_all);
        assert!(a.may_edit(Some("me")) && a.sees_contact(Some("me")));
        assert!(!a.may_edit(Some("other")) && !a.sees_contact(Some("other")));
        assert!(!a.may_edit(None) && !a.sees_contact(None));
    }

    #[test]
    fn the_office_sees_contacts_deans_see_masked_lists_nobody_else_reads() {
        let office = Access::of(rel(Role::Office));
        assert!(office.sees_contact(None) && !office.may_edit(None));
        let dean = Access::of(rel(Role::Dean));
        assert!(dean.read && !dean.sees_contact(None) && !dean.may_edit(None));
        assert_eq!(Access::of(rel(Role::Admin)), Access::default());
        let outside = Access::of(Relation {
            in_scope: false,
            ..rel(Role::Student)
        });
        assert!(!outside.read);
        let other_counselor = Access::of(rel(Role::Counselor));
        assert!(other_counselor.read && !other_counselor.edit_all);
    }
}
