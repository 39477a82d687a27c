//! Wire types of the JSON API (SPEC §10–11), shared by client and server so
//! both sides agree on every field name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Role;

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

/// One row-level reason of a rejected spreadsheet import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RowError {
    /// Spreadsheet row number; the header is row 1.
    pub row: u32,
    /// The column's header, or `None` for a whole-row or whole-file reason.
    pub column: Option<String>,
    pub message: String,
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

/// What a roster import did (`{"import": {…}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportResult {
    pub id: String,
    pub created: u32,
    pub updated: u32,
    pub classes_created: u32,
    /// New accounts whose one-time passwords await download.
    pub passwords: u32,
    /// Where to download them, once.
    pub passwords_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportEnvelope {
    pub import: ImportResult,
}

/// Where a long piece of work stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Failed,
}

/// Work that takes longer than a request should (a roster import): started
/// with `202 {"job": …}`, followed with `GET /jobs/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Job {
    pub id: String,
    /// `roster.students` or `roster.staff`.
    pub kind: String,
    pub state: JobState,
    /// What it is doing now, in Chinese (正在生成初始密码…).
    pub step: String,
    /// Progress: `done` of `total` units of the current step.
    pub done: u32,
    pub total: u32,
    /// A finished import's outcome.
    #[serde(default)]
    pub import: Option<ImportResult>,
    /// Why it failed, in Chinese; nothing was imported then.
    #[serde(default)]
    pub error: Option<String>,
    pub created_at: i64,
    #[serde(default)]
    pub finished_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobEnvelope {
    pub job: Job,
}

/// One seal's state (`GET /seals`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SealInfo {
    /// A college code or `center`.
    pub owner: String,
    pub name: String,
    pub uploaded: bool,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// `{"colleges": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Colleges {
    pub colleges: Vec<crate::org::College>,
}

/// `{"classes": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Classes {
    pub classes: Vec<crate::org::Class>,
}

/// `{"campaigns": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Campaigns {
    pub campaigns: Vec<crate::org::Campaign>,
}

/// `{"seals": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Seals {
    pub seals: Vec<SealInfo>,
}

/// A counselor account, for assigning classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Counselor {
    pub id: String,
    pub username: String,
    pub name: String,
}

/// `{"counselors": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Counselors {
    pub counselors: Vec<Counselor>,
}

/// One step in a nomination's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HistoryEntry {
    /// `YYYY-MM-DD HH:MM` in China time.
    pub at: String,
    pub actor_id: String,
    /// The signer's name, as printed on the form.
    pub actor_name: String,
    pub role: Role,
    /// `create`, `edit`, `submit`, `approve`, `return`, `reject`, `withdraw`.
    pub action: String,
    #[serde(default)]
    pub stage: Option<crate::workflow::Stage>,
    #[serde(default)]
    pub opinion: String,
}

/// `POST /nominations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateNomination {
    #[serde(flatten)]
    pub form: crate::nomination::NominationForm,
    #[serde(default = "self_type")]
    pub nomination_type: crate::nomination::NominationType,
    /// The nominee's user id: needed for `class`, implied for `self`.
    #[serde(default)]
    pub student_id: Option<String>,
    pub campaign_id: String,
}

fn self_type() -> crate::nomination::NominationType {
    crate::nomination::NominationType::SelfNominated
}

/// A nomination as the API shows it (SPEC §4, §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Nomination {
    pub id: String,
    pub campaign_id: String,
    pub student_id: String,
    pub student_name: String,
    pub student_no: String,
    pub class_id: String,
    pub class_name: String,
    pub college: String,
    pub college_name: String,
    pub nomination_type: crate::nomination::NominationType,
    pub created_by: String,
    pub state: crate::workflow::State,
    pub rev: u64,
    /// Left out when blank, as in a list row, which carries no form (a
    /// blank form reads back as blank).
    #[serde(
        flatten,
        skip_serializing_if = "crate::nomination::NominationForm::is_blank"
    )]
    pub form: crate::nomination::NominationForm,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NominationEnvelope {
    pub nomination: Nomination,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Nominations {
    /// One page, in scope order: campaign, college, class, student number.
    pub nominations: Vec<Nomination>,
    /// How many match the filters, over all pages.
    #[serde(default)]
    pub total: u64,
    /// The page (from 1) and its size.
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub size: u32,
    /// Nominations in the caller's scope (and campaign, college, class
    /// filters) per state, whatever the state filter: the to-do counts.
    #[serde(default)]
    pub counts: BTreeMap<String, u64>,
}

/// The page size a list answers when none is asked for, and the largest.
pub const PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 200;

/// `POST /nominations/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecisionRequest {
    pub decision: crate::workflow::Decision,
    #[serde(default)]
    pub opinion: String,
}

/// One class in `GET /nominations/summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassSummary {
    pub class_id: String,
    pub class_name: String,
    pub college: String,
    pub quota: u8,
    pub appointed: u32,
    pub appointed_names: Vec<String>,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    pub classes: Vec<ClassSummary>,
}

/// One item's outcome in a bulk approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkOutcome {
    pub id: String,
    pub ok: bool,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkResult {
    pub approved: u32,
    pub results: Vec<BulkOutcome>,
}

/// A student of a class roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Student {
    pub id: String,
    pub username: String,
    pub name: String,
    pub gender: Option<String>,
}

/// `{"students": […]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Students {
    pub students: Vec<Student>,
}

/// 在任 / 解聘 / 期满.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LiaisonStatus {
    Active,
    Dismissed,
    Expired,
}

impl LiaisonStatus {
    pub fn label(self) -> &'static str {
        match self {
            LiaisonStatus::Active => "在任",
            LiaisonStatus::Dismissed => "已解聘",
            LiaisonStatus::Expired => "任期已满",
        }
    }
}

/// A liaison as staff see it (SPEC §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Liaison {
    pub id: String,
    pub name: String,
    pub student_id: String,
    pub class_id: String,
    pub college: String,
    pub college_name: String,
    pub display_name: String,
    pub certificate_no: String,
    pub term_start: String,
    pub term_end: String,
    pub status: LiaisonStatus,
    #[serde(default)]
    pub rev: u64,
}

/// What anyone may see of a liaison: never a contact detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicLiaison {
    pub name: String,
    pub college_name: String,
    pub display_name: String,
    pub term_start: String,
    pub term_end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Liaisons {
    pub liaisons: Vec<Liaison>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicLiaisons {
    pub liaisons: Vec<PublicLiaison>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LiaisonEnvelope {
    pub liaison: Liaison,
}

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

/// A class directory entry as the caller may see it (SPEC §7, §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entry {
    pub id: String,
    pub class_id: String,
    #[serde(flatten)]
    pub fields: crate::directory::EntryFields,
    /// The classmate's account, when known.
    #[serde(default)]
    pub student_id: Option<String>,
    pub rev: u64,
    /// Confirmed or updated in the open update round (每年9月).
    #[serde(default)]
    pub confirmed: bool,
    /// `phone` is shown masked (`138****5678`) to this caller.
    #[serde(default)]
    pub phone_masked: bool,
    /// `address` is withheld from this caller.
    #[serde(default)]
    pub address_hidden: bool,
}

/// `GET /classes/{id}/directory`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Directory {
    pub entries: Vec<Entry>,
    /// The caller may edit every entry (the class's liaisons and counselors).
    pub can_edit: bool,
    /// The update round, if one was ever opened.
    #[serde(default)]
    pub round: Option<Round>,
}

impl Directory {
    /// What a device keeps of this directory once the page is gone
    /// (docs/SECURITY.md, "Nothing readable stays"): every entry's contacts
    /// withheld, as a classmate sees them, and nothing to edit from, so a
    /// copy opened offline cannot overwrite what it does not show.
    pub fn withheld(mut self) -> Directory {
        for e in &mut self.entries {
            if !(e.phone_masked && e.address_hidden) {
                e.fields.withhold_contacts();
            }
            e.phone_masked = true;
            e.address_hidden = true;
        }
        self.can_edit = false;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryEnvelope {
    pub entry: Entry,
}

/// The annual update round (每年9月), opened by the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Round {
    /// The round's name, e.g. `2026`.
    pub year: u16,
    /// `YYYY-MM-DD`.
    pub opened_on: String,
    pub open: bool,
    #[serde(default)]
    pub rev: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoundEnvelope {
    pub round: Option<Round>,
}

/// `PUT /directory/round`: open a round for `year`, or close the open one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoundRequest {
    pub year: u16,
    pub open: bool,
}

/// One changed cell in an entry's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CellChange {
    /// JSON name of the field.
    pub field: String,
    pub old: String,
    pub new: String,
}

/// One step in an entry's history: who, when, old → new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryChange {
    /// `YYYY-MM-DD HH:MM` China time.
    pub at: String,
    pub actor_name: String,
    /// `create`, `update`, `import`, `confirm`, `delete`.
    pub action: String,
    pub changes: Vec<CellChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryHistory {
    pub history: Vec<EntryChange>,
}

/// What a class file import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DirectoryImport {
    /// Rows in the file.
    pub rows: u32,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Cells whose written form was normalised on the way in (a phone
    /// typed `138 1234 5678` is stored as `13812345678`), so the person
    /// sees what changed.
    #[serde(default)]
    pub normalised: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DirectoryImportEnvelope {
    pub import: DirectoryImport,
}

/// Directory completion of one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassDirectoryProgress {
    pub class_id: String,
    pub display_name: String,
    pub college: String,
    pub college_name: String,
    pub entries: u32,
    /// Entries that pass every rule of the template.
    pub complete: u32,
    /// Entries confirmed in the open round.
    pub confirmed: u32,
    /// The graduation photo has been sent.
    #[serde(default)]
    pub photo: bool,
}

/// `GET /directory/progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DirectoryProgress {
    pub round: Option<Round>,
    pub classes: Vec<ClassDirectoryProgress>,
}

/// A class's graduation photo (SPEC §8) as the caller sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Photo {
    pub class_id: String,
    /// Folder and photo name: `2023级计算机科学与技术专业1班级`.
    pub folder: String,
    /// The Word list's title.
    pub title: String,
    pub has_image: bool,
    /// `YYYY-MM-DD HH:MM`, China time; empty before an upload.
    #[serde(default)]
    pub uploaded_at: String,
    #[serde(default)]
    pub uploaded_by_name: String,
    #[serde(default)]
    pub names: Option<crate::photos::NameList>,
    /// Students' names in the list that are not on the class roster.
    #[serde(default)]
    pub unknown_names: Vec<String>,
    /// The caller may upload the photo and enter the list.
    pub can_edit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PhotoEnvelope {
    pub photo: Photo,
}

/// `PUT /classes/{id}/photo/names`: the typed list (see
/// `domain::photos::NameList::parse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NamesRequest {
    pub text: String,
}

/// What one version of a 报送 holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionCounts {
    /// Graduating classes of the college.
    pub classes: u32,
    /// Rows of the 汇总表 or of the 校友数据库.
    pub rows: u32,
    /// Class photo folders enclosed (alumni only).
    pub photos: u32,
}

/// One step of a 报送's history: a version submitted, or the office's
/// decision on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionEvent {
    pub version: u32,
    /// `submitted`, `accepted` or `returned`.
    pub action: String,
    /// China time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub by_name: String,
    /// The dean's 说明, or the office's reason for returning.
    #[serde(default)]
    pub note: String,
    /// For `submitted`: the snapshot's SHA-256 and what it holds.
    #[serde(default)]
    pub hash: String,
    #[serde(default)]
    pub counts: SubmissionCounts,
    /// For `submitted`: days after the due date (≤ 0: on time).
    #[serde(default)]
    pub days_late: i64,
}

/// A college's 报送 of one kind in one campaign (SPEC §13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Submission {
    pub campaign_id: String,
    pub college: String,
    pub college_name: String,
    pub kind: crate::submission::Kind,
    pub state: crate::submission::State,
    /// The due date as the campaign now has it (`YYYY-MM-DD`).
    pub due: String,
    /// When the current version was submitted (China time), if ever.
    pub submitted_at: Option<String>,
    /// Days past `due` when submitted, or today when not yet: positive is
    /// late, negative is days left.
    pub days_late: i64,
    /// The current version; 0 before the first submission.
    pub version: u32,
    /// Rows and photos that differ between the current version and live data.
    pub changes_since: u32,
    /// The pre-flight checks on live data now.
    pub checks: Vec<crate::submission::Check>,
    /// The current version's content hash.
    #[serde(default)]
    pub hash: String,
    #[serde(default)]
    pub counts: SubmissionCounts,
    /// Every version and decision, oldest first.
    #[serde(default)]
    pub history: Vec<SubmissionEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Submissions {
    pub campaign_id: String,
    pub today: String,
    pub submissions: Vec<Submission>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionEnvelope {
    pub submission: Submission,
}

/// `POST /submissions/{college}/{kind}`: the dean's 说明 for the warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmitRequest {
    #[serde(default)]
    pub explanation: String,
    /// Which campaign (default: the newest).
    #[serde(default)]
    pub campaign_id: Option<String>,
}

/// `POST /submissions/{college}/{kind}/accept|return`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionDecision {
    /// Required to return.
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub campaign_id: Option<String>,
}

/// One notification as its reader sees it (SPEC §13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Notification {
    pub id: String,
    pub kind: crate::notify::Kind,
    pub title: String,
    pub body: String,
    /// Where in the app it leads.
    pub link: String,
    /// China time, `YYYY-MM-DD HH:MM`.
    pub created_at: String,
    pub read: bool,
}

/// `GET /notifications`: newest first; `unread` counts all unread ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Notifications {
    pub notifications: Vec<Notification>,
    pub unread: u64,
}

/// One entry of a liaison's duty log (工作记录), as anyone who may read it
/// sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogEntry {
    pub id: String,
    pub liaison_id: String,
    #[serde(flatten)]
    pub input: crate::duty::LogInput,
    /// Photo ids (activities only), shown through
    /// `/liaisons/{liaison}/log/{entry}/photos/{photo}`.
    #[serde(default)]
    pub photos: Vec<String>,
    /// Staff's answer to a feedback entry (empty: none yet).
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub replied_by: String,
    #[serde(default)]
    pub replied_on: String,
    #[serde(default)]
    pub handled: bool,
    /// `YYYY-MM-DD`, when the entry was first stored.
    #[serde(default)]
    pub created_on: String,
    /// Feedback unhandled for 14 days or more.
    #[serde(default)]
    pub overdue: bool,
    /// Whose log: for staff lists.
    #[serde(default)]
    pub liaison_name: String,
    #[serde(default)]
    pub display_name: String,
    pub rev: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogEntryEnvelope {
    pub entry: LogEntry,
}

/// `POST /liaisons/{id}/log`: an entry, with the id the client chose so
/// that a retried create (offline outbox) stores it once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogCreate {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(flatten)]
    pub input: crate::duty::LogInput,
}

/// `GET /liaisons/{id}/log`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LiaisonLog {
    pub liaison: Liaison,
    /// Newest first.
    pub entries: Vec<LogEntry>,
    /// The caller is this liaison and the term is running.
    pub can_write: bool,
    /// The caller may answer feedback (college staff, office).
    pub can_reply: bool,
    /// Counted from the class, not typed.
    #[serde(default)]
    pub class: ClassDuties,
}

/// `POST /liaisons/{id}/log/{entry}/reply`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogReply {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub handled: bool,
}

/// One college's entries of one year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LogSummaryRow {
    pub college: String,
    pub college_name: String,
    pub year: String,
    #[serde(flatten)]
    pub tally: crate::duty::Tally,
}

/// `GET /duty-log`: the logs in the caller's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DutyOverview {
    /// Newest first, at most `limit` of `total` that match the filter.
    pub entries: Vec<LogEntry>,
    pub total: usize,
    /// Per college and year, of everything in scope (not only the filter).
    pub summary: Vec<LogSummaryRow>,
    /// Feedback unhandled for 14 days or more, in scope.
    pub overdue: usize,
}

/// The office's decision on a term up for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RenewalDecision {
    pub decision: crate::duty::Renewal,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub by: String,
    pub on: String,
    /// The end of the term it decided on.
    #[serde(default)]
    pub term_end: String,
}

/// One liaison in the renewal review, with the record of the term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RenewalRow {
    pub liaison: Liaison,
    pub days_left: i64,
    pub tally: crate::duty::Tally,
    /// Date of the latest activity (empty: none).
    pub last_activity: String,
    #[serde(flatten)]
    pub class: ClassDuties,
    pub decision: Option<RenewalDecision>,
}

/// What a liaison's class shows of the duties counted without typing: the
/// directory kept, the yearly confirmations, the graduation photo sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassDuties {
    pub directory_entries: u32,
    pub directory_complete: u32,
    /// Update rounds (years) of the term in which entries were confirmed.
    pub rounds_confirmed: u32,
    pub photo: bool,
    pub names: bool,
}

/// `GET /liaisons/renewals`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Renewals {
    pub today: String,
    pub renewals: Vec<RenewalRow>,
}
