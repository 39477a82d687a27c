//! The JSON API under `/api/v1`, one module per resource.

mod accounts;
mod audit;
mod dashboard;
mod directory;
mod duty;
mod exports;
mod guard;
mod health;
mod liaisons;
mod me;
mod nominations;
mod notifications;
pub mod openapi;
mod ops;
mod org;
mod photos;
mod rosters;
mod seals;
mod session;
mod submissions;

use axum::{
    Router,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};

use domain::Role;

use crate::{
    auth::CurrentUser,
    error::ApiError,
    state::AppState,
    store::{AuditEntry, UpdateOutcome},
};

pub use guard::{BODILESS, UPLOADS};
pub use me::user_view;

/// What each importer's file may hold (tests send each of them hostile files).
pub mod templates {
    pub use super::directory::TEMPLATE as CLASS_DIRECTORY;
    pub use super::rosters::{STAFF as STAFF_ROSTER, STUDENTS as STUDENT_ROSTER};
}

/// Every route of the API: method, path (axum syntax) and a Chinese summary.
/// The OpenAPI document is generated from this table, and a test calls each
/// entry, so the document cannot miss a route that answers.
pub const ROUTES: &[(&str, &str, &str)] = &[
    ("get", "/health", "健康检查"),
    ("post", "/session", "登录"),
    ("delete", "/session", "退出登录"),
    ("get", "/me", "当前用户"),
    ("patch", "/me", "修改本人联系方式（需 If-Match）"),
    ("post", "/me/password", "修改密码"),
    ("get", "/openapi.json", "本接口文档"),
    ("get", "/colleges", "学院列表"),
    ("post", "/colleges", "新建学院（管理员）"),
    (
        "patch",
        "/colleges/{code}",
        "修改学院名称（管理员，需 If-Match）",
    ),
    ("get", "/classes", "权限范围内的班级（?college=）"),
    ("post", "/classes", "新建班级（管理员）"),
    ("get", "/classes/{id}", "一个班级"),
    ("put", "/classes/{id}", "修改班级（管理员，需 If-Match）"),
    (
        "get",
        "/classes/{id}/students",
        "班级学生名单（教职工，权限范围内）",
    ),
    ("get", "/counselors", "辅导员账号（管理员、校友办）"),
    ("get", "/campaigns", "各届推荐工作"),
    ("post", "/campaigns", "新建一届推荐工作（管理员、校友办）"),
    ("get", "/campaigns/{id}", "一届推荐工作"),
    (
        "patch",
        "/campaigns/{id}",
        "修改或延长截止日期（管理员、校友办，需 If-Match）",
    ),
    (
        "post",
        "/rosters/students",
        "导入学生名单 .xlsx（管理员，全部成功或全部不导入；检查通过即 202 返回任务）",
    ),
    (
        "post",
        "/rosters/staff",
        "导入教职工名单 .xlsx（管理员；202 返回任务）",
    ),
    ("get", "/jobs/{id}", "任务进度与结果（仅发起人）"),
    (
        "post",
        "/users/{username}/password-reset",
        "重新生成初始密码（管理员；辅导员限本班学生）",
    ),
    (
        "get",
        "/rosters/{id}/passwords.xlsx",
        "导入后一次性下载初始密码（管理员）",
    ),
    ("get", "/seals", "印章列表"),
    ("put", "/seals/{owner}", "上传印章 PNG（管理员）"),
    ("get", "/seals/{owner}/image", "印章图片"),
    (
        "get",
        "/nominations",
        "权限范围内的推荐表（?state=&class_id=&college=）",
    ),
    (
        "post",
        "/nominations",
        "新建推荐表草稿（支持 Idempotency-Key）",
    ),
    (
        "get",
        "/nominations/summary",
        "各班推荐情况（?campaign_id=）",
    ),
    (
        "post",
        "/nominations/bulk-decision",
        "批量审核，逐条返回结果",
    ),
    ("get", "/nominations/{id}", "一份推荐表及审核记录（ETag）"),
    (
        "patch",
        "/nominations/{id}",
        "修改草稿或退回的推荐表（需 If-Match）",
    ),
    ("post", "/nominations/{id}/submit", "提交审核"),
    (
        "post",
        "/nominations/{id}/decision",
        "本环节审核意见（需 If-Match）",
    ),
    ("post", "/nominations/{id}/withdraw", "申请人撤回"),
    (
        "get",
        "/liaisons",
        "权限范围内的联络员（?college=&class_id=&status=）",
    ),
    (
        "post",
        "/liaisons",
        "增补联络员（校友办，需原因，受名额限制）",
    ),
    ("get", "/liaisons/{id}", "一位联络员"),
    ("post", "/liaisons/{id}/renew", "连任（校友办，可附原因）"),
    (
        "post",
        "/liaisons/{id}/decline",
        "不再续聘（校友办，需原因）",
    ),
    (
        "get",
        "/liaisons/renewals",
        "任期 90 天内届满的联络员及任期内工作记录（校友办）",
    ),
    ("get", "/liaisons/{id}/log", "联络员工作记录"),
    (
        "post",
        "/liaisons/{id}/log",
        "添加工作记录（联络员本人，任期内）",
    ),
    (
        "put",
        "/liaisons/{id}/log/{entry}",
        "修改工作记录（需 If-Match）",
    ),
    (
        "delete",
        "/liaisons/{id}/log/{entry}",
        "删除工作记录（需 If-Match）",
    ),
    (
        "post",
        "/liaisons/{id}/log/{entry}/reply",
        "回复意见建议并可标为已处理（学院老师、校友办）",
    ),
    (
        "post",
        "/liaisons/{id}/log/{entry}/photos",
        "上传活动照片（JPEG/PNG，每条最多 3 张）",
    ),
    (
        "get",
        "/liaisons/{id}/log/{entry}/photos/{photo}",
        "活动照片",
    ),
    (
        "delete",
        "/liaisons/{id}/log/{entry}/photos/{photo}",
        "删除活动照片",
    ),
    (
        "get",
        "/duty-log",
        "权限范围内的工作记录与按学院、年份的统计（?college=&kind=&open=&limit=）",
    ),
    ("get", "/duty-log/summary.xlsx", "工作记录统计表（.xlsx）"),
    ("post", "/liaisons/{id}/dismiss", "解聘（校友办，需原因）"),
    (
        "get",
        "/public/liaisons",
        "公开名单（无需登录，不含联系方式）",
    ),
    (
        "get",
        "/exports/summary",
        "汇总表（?college=&campaign_id=）",
    ),
    (
        "get",
        "/exports/summary.xlsx",
        "汇总表 .xlsx（?college=&campaign_id=）",
    ),
    ("get", "/dashboard", "各学院工作概览（学院、校友办）"),
    (
        "get",
        "/classes/{id}/directory",
        "班级通讯录（手机号对非编辑者打码）",
    ),
    (
        "put",
        "/classes/{id}/directory/{entry_id}",
        "新建或修改通讯录条目（客户端 UUID；修改需 If-Match）",
    ),
    (
        "delete",
        "/classes/{id}/directory/{entry_id}",
        "删除通讯录条目（联络员、辅导员，需 If-Match）",
    ),
    (
        "post",
        "/classes/{id}/directory/import",
        "按学校模板导入班级通讯录 .xlsx（全部成功或全部不导入）",
    ),
    (
        "get",
        "/classes/{id}/directory/{entry_id}/history",
        "条目修改记录（谁、何时、旧值 → 新值）",
    ),
    ("get", "/directory/round", "每年9月的信息更新轮次"),
    ("put", "/directory/round", "开启或结束更新轮次（校友办）"),
    (
        "get",
        "/directory/progress",
        "各班通讯录完成与确认情况（?college=）",
    ),
    (
        "get",
        "/exports/alumni.xlsx",
        "校友数据库模板 .xlsx（?college=&class_id=）",
    ),
    ("get", "/classes/{id}/photo", "班级毕业合影与名单"),
    (
        "put",
        "/classes/{id}/photo",
        "上传毕业合影（JPEG/PNG，按内容识别，去除元数据）",
    ),
    ("get", "/classes/{id}/photo/image", "毕业合影图片"),
    (
        "put",
        "/classes/{id}/photo/names",
        "填写合影名单（每排一行，教师名字前加 *）",
    ),
    (
        "get",
        "/classes/{id}/photo/names.docx",
        "合影人员名单 Word 文档",
    ),
    (
        "get",
        "/exports/photos.zip",
        "学院各班毕业合影文件夹 .zip（?college=）",
    ),
    (
        "get",
        "/submissions",
        "学院报送：各学院两项报送的状态与预检（?campaign_id=；院长本院，校友办全部）",
    ),
    (
        "post",
        "/submissions/{college}/{kind}",
        "院长确认报送（加盖学院公章；有提醒须写说明）",
    ),
    (
        "post",
        "/submissions/{college}/{kind}/accept",
        "校友办接收报送",
    ),
    (
        "post",
        "/submissions/{college}/{kind}/return",
        "校友办退回报送（须写理由）",
    ),
    (
        "get",
        "/submissions/{college}/{kind}/package.zip",
        "报送材料包 .zip（由报送时冻结的快照生成；?version=）",
    ),
    (
        "get",
        "/submissions/{college}/{kind}/cover.html",
        "可打印的报送单（?version=）",
    ),
    (
        "get",
        "/notifications",
        "本人的通知，新的在前（?before=&size=；size=0 只要未读数）",
    ),
    ("post", "/notifications/{id}/read", "标为已读"),
    ("post", "/notifications/read-all", "全部标为已读"),
    (
        "get",
        "/audit/export",
        "一个月的审计日志 CSV（系统管理员，?month=YYYY-MM）",
    ),
    (
        "post",
        "/ops/backup",
        "在线备份（仅本机、运维令牌 Bearer，LIAISON_BACKUP_DIR）",
    ),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(session::router())
        .merge(me::router())
        .merge(accounts::router())
        .merge(exports::router())
        .merge(dashboard::router())
        .merge(directory::router())
        .merge(photos::router())
        .merge(liaisons::router())
        .merge(duty::router())
        .merge(nominations::router())
        .merge(org::router())
        .merge(rosters::router())
        .merge(seals::router())
        .merge(submissions::router())
        .merge(notifications::router())
        .merge(ops::router())
        .merge(audit::router())
        .merge(openapi::router())
        .fallback(api_not_found)
        .layer(axum::middleware::from_fn(guard::guard_writes))
}

/// A JSON 404 for unknown API paths (the client's SPA fallback must not answer them).
pub async fn api_not_found() -> Response {
    let mut res = ApiError::NotFound.into_response();
    res.headers_mut()
        .insert("x-liaison-route", HeaderValue::from_static("none"));
    res
}

/// `If-Match: "<rev>"` → `Some(rev)`; `If-Match: *` → `None` (any revision);
/// missing → 428, unreadable → 400.
pub fn if_match(h: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let v = h
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?
        .to_str()
        .map_err(|_| ApiError::BadRequest("If-Match 请求头无效".into()))?
        .trim();
    if v == "*" {
        return Ok(None);
    }
    let v = v.strip_prefix("W/").unwrap_or(v);
    v.trim_matches('"')
        .parse()
        .map(Some)
        .map_err(|_| ApiError::BadRequest("If-Match 应为记录的版本号，例如 \"3\"".into()))
}

/// `Content-Disposition` of a download: `ascii` for old clients, `name`
/// (UTF-8, RFC 5987) for the rest.
pub fn attachment(ascii: &str, name: &str) -> (header::HeaderName, String) {
    let enc: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{enc}"),
    )
}

/// `ETag: "<rev>"`.
pub fn etag(rev: u64) -> (header::HeaderName, HeaderValue) {
    (
        header::ETAG,
        HeaderValue::from(rev)
            .to_str()
            .map(|r| format!("\"{r}\""))
            .ok()
            .and_then(|s| HeaderValue::from_str(&s).ok())
            .unwrap_or(HeaderValue::from_static("\"0\"")),
    )
}

/// The client-generated request id of a write, if any (at most 200 characters).
pub fn idempotency_key(h: &HeaderMap) -> Result<Option<String>, ApiError> {
    match h.get("idempotency-key") {
        None => Ok(None),
        Some(v) => {
            let v = v
                .to_str()
                .map_err(|_| ApiError::BadRequest("Idempotency-Key 无效".into()))?
                .trim();
            if v.is_empty() || v.len() > 200 {
                return Err(ApiError::BadRequest(
                    "Idempotency-Key 应为 1–200 个字符".into(),
                ));
            }
            Ok(Some(v.to_owned()))
        }
    }
}

/// Refuses callers whose role is not among `roles`.
pub fn require(cu: &CurrentUser, roles: &[Role]) -> Result<(), ApiError> {
    if roles.contains(&cu.user.role) {
        Ok(())
    } else {
        Err(ApiError::Forbidden("您没有权限进行此操作"))
    }
}

/// The ids of the users of `role` (of `college`, when given): who hears of
/// a change at that level.
pub fn user_ids(st: &AppState, role: Role, college: Option<&str>) -> Result<Vec<String>, ApiError> {
    Ok(st
        .store
        .users_of_role(role)?
        .into_iter()
        .filter(|u| college.is_none() || u.college.as_deref() == college)
        .map(|u| u.id)
        .collect())
}

/// An audit entry by the caller, now.
pub fn audit_entry(
    st: &AppState,
    cu: &CurrentUser,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> AuditEntry {
    AuditEntry {
        at: st.clock.now(),
        actor: cu.user.id.clone(),
        action: action.into(),
        target: target.into(),
        detail,
    }
}

/// Answers a versioned update: waits for durability and renders the new
/// record; a stale revision is 412 with the current one (rendered the same
/// way), a replayed idempotency key its first answer.
pub async fn settle<T>(
    st: &AppState,
    outcome: UpdateOutcome<T>,
    render: impl Fn(&T) -> Result<Response, ApiError>,
) -> Result<Response, ApiError> {
    match outcome {
        UpdateOutcome::Updated(record) => {
            st.store.durable().await?;
            render(&record)
        }
        UpdateOutcome::Replayed(rec) => {
            let status =
                axum::http::StatusCode::from_u16(rec.status).unwrap_or(axum::http::StatusCode::OK);
            Ok((status, axum::Json(rec.body)).into_response())
        }
        UpdateOutcome::KeyReused => Err(ApiError::Conflict(
            "该 Idempotency-Key 已用于另一个请求".into(),
        )),
        UpdateOutcome::Stale(current) => {
            let body = axum::body::to_bytes(render(&current)?.into_body(), usize::MAX)
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            let current = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
            Err(ApiError::Stale(current))
        }
        UpdateOutcome::NotFound => Err(ApiError::NotFound),
    }
}
