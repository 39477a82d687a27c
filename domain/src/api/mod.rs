//! Wire types of the JSON API (SPEC §10–11), shared by client and server so
//! both sides agree on every field name: the errors and the session here, each
//! resource's in its own module, all re-exported as `domain::api::…`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Role;

mod campus;
mod classmates;
mod copies;
mod directory;
mod duty;
mod liaisons;
mod nominations;
mod notifications;
mod org;
mod photos;
mod results;
mod robots;
mod standins;
mod submissions;

pub use crate::roster::RowError;

pub use campus::*;
pub use classmates::*;
pub use copies::*;
pub use directory::*;
pub use duty::*;
pub use liaisons::*;
pub use nominations::*;
pub use notifications::*;
pub use org::*;
pub use photos::*;
pub use results::*;
pub use robots::*;
pub use standins::*;
pub use submissions::*;

/// The error body of every non-2xx answer:
/// `{"error": {"code", "message", "fields"}}` plus `rows` for rejected imports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RowError>>,
    /// With 412: the current record, so the client can show both versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<serde_json::Value>,
    /// With a refused 报送: the pre-flight checks that stand in the way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<Vec<crate::submission::Check>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorDetail {
    /// Machine-readable: `unauthorized`, `validation_failed`, …
    pub code: String,
    /// A sentence in Chinese for the user.
    pub message: String,
    /// Per-field messages, keyed by the JSON field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Health {
    pub status: String,
}

/// `POST /api/v1/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The signed-in user as `/me` and the login answer show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct User {
    pub id: String,
    pub username: String,
    pub name: String,
    pub role: Role,
    /// The college code of a dean, or of a student's class.
    pub college: Option<String>,
    pub college_name: Option<String>,
    /// Class ids: a counselor's classes, a student's own class.
    pub classes: Vec<String>,
    /// Display names of `classes`, in the same order.
    pub class_names: Vec<String>,
    pub is_liaison: bool,
    /// Whether the office's director (主任), who signs for the center.
    #[serde(default)]
    pub is_director: bool,
    pub must_change_password: bool,
    /// Signed in through the campus portal recently enough (or without a
    /// password of their own yet) that a new password needs no current one.
    #[serde(default)]
    pub portal_vouches: bool,
    /// A liaison signed in through the portal without a password of their
    /// own: asked to set one, which they keep as an alumnus.
    #[serde(default)]
    pub needs_own_password: bool,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Whether notifications also go to `email` (when the server mails).
    #[serde(default = "yes")]
    pub email_notifications: bool,
    pub rev: u64,
}

fn yes() -> bool {
    true
}

/// `{"user": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserEnvelope {
    pub user: User,
}

/// `PATCH /api/v1/me`: the caller's own contact details. A field left out is
/// unchanged; an empty string clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateProfile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Switches e-mailed notifications on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_notifications: Option<bool>,
}

/// `POST /api/v1/me/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/v1/users/{username}/password-reset`: the new one-time
/// password, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub username: String,
    pub name: String,
    pub password: String,
    /// Unix seconds after which it no longer signs in.
    pub expires_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_without_fields_or_rows_omits_them() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: "unauthorized".into(),
                message: "请先登录".into(),
                fields: BTreeMap::new(),
            },
            rows: None,
            current: None,
            checks: None,
        };
        let json = serde_json::to_value(&body).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({"error": {"code": "unauthorized", "message": "请先登录"}}))
        );
    }

    #[test]
    fn an_import_error_names_row_and_column() {
        let json = serde_json::json!({
            "error": {"code": "import_rejected", "message": "导入失败", "fields": {}},
            "rows": [{"row": 3, "column": "姓名", "message": "姓名不能包含空格"},
                     {"row": 1, "column": null, "message": "表头不符合模板"}]
        });
        let body: Result<ErrorBody, _> = serde_json::from_value(json);
        let rows = body.ok().and_then(|b| b.rows).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].column.as_deref(), Some("姓名"));
        assert_eq!(rows[1].column, None);
    }

    #[test]
    fn a_directory_kept_on_a_device_holds_no_contact_and_cannot_be_edited_from() {
        let entry = |phone: &str, address: &str, withheld: bool| Entry {
            id: "e".into(),
            class_id: "c".into(),
            fields: crate::directory::EntryFields {
                phone: phone.into(),
                address: address.into(),
                ..Default::default()
            },
            student_id: None,
            rev: 1,
            confirmed: false,
            phone_masked: withheld,
            address_hidden: withheld,
        };
        let full = Directory {
            entries: vec![
                entry("13812345678", "北京市海淀区", false),
                entry("139****0000", "", true),
            ],
            can_edit: true,
            round: None,
        };
        let kept = full.withheld();
        assert!(!kept.can_edit);
        let shown: Vec<(&str, &str, bool)> = kept
            .entries
            .iter()
            .map(|e| {
                (
                    e.fields.phone.as_str(),
                    e.fields.address.as_str(),
                    e.phone_masked && e.address_hidden,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [("138****5678", "", true), ("139****0000", "", true)]
        );
    }
}
