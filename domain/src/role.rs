//! Roles of SPEC §1 and what they are called in the UI.

use serde::{Deserialize, Serialize};

/// The role of an account. A liaison is a student with an active term, not a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Student,
    Counselor,
    Dean,
    Office,
    Admin,
}

impl Role {
    /// All roles, in the order the UI lists them.
    pub const ALL: [Role; 5] = [
        Role::Student,
        Role::Counselor,
        Role::Dean,
        Role::Office,
        Role::Admin,
    ];

    /// The Chinese label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Role::Student => "学生",
            Role::Counselor => "辅导员",
            Role::Dean => "学院领导",
            Role::Office => "校友办",
            Role::Admin => "管理员",
        }
    }

    /// The wire name (`"student"`, …), as in the JSON API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Student => "student",
            Role::Counselor => "counselor",
            Role::Dean => "dean",
            Role::Office => "office",
            Role::Admin => "admin",
        }
    }

    /// Parses the wire name or the Chinese label (rosters use the label).
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s || r.label() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_from_its_wire_name_and_its_label() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(Role::parse(r.label()), Some(r));
        }
    }

    #[test]
    fn an_unknown_role_does_not_parse() {
        assert_eq!(Role::parse("校长"), None);
        assert_eq!(Role::parse(""), None);
    }

    #[test]
    fn roles_serialize_as_snake_case() {
        assert_eq!(
            serde_json::to_string(&Role::Office).ok().as_deref(),
            Some("\"office\"")
        );
    }
}
