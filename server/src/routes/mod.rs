//! The JSON API under `/api/v1`, one module per resource.

mod accounts;
mod audit;
mod campus;
mod classmates;
mod copies;
mod dashboard;
mod directory;
mod duty;
pub mod endpoint;
mod exports;
mod guard;
mod health;
mod liaisons;
mod me;
mod nominations;
mod notifications;
pub mod observe;
pub mod openapi;
mod ops;
mod org;
mod photos;
mod robots;
mod rosters;
mod seals;
mod session;
mod signatures;
mod standins;
mod submissions;
mod workbook;

use std::sync::LazyLock;

use axum::{
    Router,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};

use domain::Role;

use endpoint::Endpoint;

use crate::{
    auth::CurrentUser,
    error::ApiError,
    state::AppState,
    store::{AuditEntry, UpdateOutcome},
};

pub use endpoint::{Input, Route};
pub use me::user_view;

/// What each importer's file may hold (tests send each of them hostile files).
pub mod templates {
    pub use super::directory::TEMPLATE as CLASS_DIRECTORY;
    pub use super::rosters::{STAFF as STAFF_ROSTER, STUDENTS as STUDENT_ROSTER};
}

/// Every endpoint, resource by resource.
fn endpoints() -> Vec<Endpoint> {
    [
        health::endpoints(),
        session::endpoints(),
        campus::endpoints(),
        me::endpoints(),
        openapi::endpoints(),
        org::endpoints(),
        rosters::endpoints(),
        accounts::endpoints(),
        seals::endpoints(),
        nominations::endpoints(),
        liaisons::endpoints(),
        duty::endpoints(),
        exports::endpoints(),
        dashboard::endpoints(),
        directory::endpoints(),
        classmates::endpoints(),
        standins::endpoints(),
        copies::endpoints(),
        robots::endpoints(),
        signatures::endpoints(),
        photos::endpoints(),
        submissions::endpoints(),
        notifications::endpoints(),
        audit::endpoints(),
        ops::endpoints(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Every route of the API (method, path, summary, what it reads), in the
/// order of the OpenAPI document, which is generated from it; the tests
/// call each entry.
pub fn table() -> &'static [Route] {
    static TABLE: LazyLock<Vec<Route>> =
        LazyLock::new(|| endpoints().into_iter().map(|e| e.route).collect());
    &TABLE
}

pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for e in endpoints() {
        let Route { method, path, .. } = e.route;
        assert!(
            !matches!(e.route.input, Input::Undeclared),
            "{method} {path}: a write says what it reads (json, file, bodiless)"
        );
        router = router.route(path, e.handler);
    }
    router
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
