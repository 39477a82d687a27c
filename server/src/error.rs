//! One error type for every handler, answered with the JSON body of SPEC §10.

use std::collections::BTreeMap;

use axum::{
    extract::{FromRequest, Request},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::api::{ErrorBody, ErrorDetail};
use serde::de::DeserializeOwned;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    #[error("forbidden")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    #[error("gone")]
    Gone(&'static str),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("stale revision")]
    Stale(serde_json::Value),
    #[error("payload too large")]
    TooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("bad image: {0}")]
    BadImage(String),
    /// An upload of a type its route does not take; says which it does.
    #[error("wrong file type")]
    WrongFileType(&'static str),
    #[error("validation failed")]
    Validation {
        message: String,
        fields: BTreeMap<String, String>,
    },
    #[error("import rejected")]
    ImportRejected {
        message: String,
        rows: Vec<domain::api::RowError>,
    },
    /// A 报送 the pre-flight checks stop (422, with the checks).
    #[error("submission refused")]
    Refused {
        message: String,
        fields: BTreeMap<String, String>,
        checks: Vec<domain::submission::Check>,
    },
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("If-Match required")]
    PreconditionRequired,
    #[error("too many requests")]
    TooManyRequests { message: String, retry_after: i64 },
    #[error("internal: {0}")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl ApiError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Stale(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType | ApiError::BadImage(_) | ApiError::WrongFileType(_) => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ApiError::Validation { .. }
            | ApiError::ImportRejected { .. }
            | ApiError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A 422 with one message per field.
    pub fn fields(fields: BTreeMap<String, String>) -> ApiError {
        ApiError::Validation {
            message: "提交的内容有误，请按提示修改".into(),
            fields,
        }
    }

    /// The Chinese message the caller sees.
    pub fn user_message(&self) -> String {
        self.code_and_message().1
    }

    fn code_and_message(&self) -> (&'static str, String) {
        match self {
            ApiError::BadRequest(m) => ("bad_request", m.clone()),
            ApiError::Unauthorized(m) => ("unauthorized", (*m).into()),
            ApiError::Forbidden(m) => ("forbidden", (*m).into()),
            ApiError::NotFound => ("not_found", "找不到该内容，或您无权查看".into()),
            ApiError::Gone(m) => ("gone", (*m).into()),
            ApiError::Conflict(m) => ("conflict", m.clone()),
            ApiError::Stale(_) => (
                "stale_revision",
                "该记录已被他人修改，请查看最新内容后再保存".into(),
            ),
            ApiError::TooLarge => (
                "payload_too_large",
                "提交的内容或文件过大，请减小后重试".into(),
            ),
            ApiError::UnsupportedMediaType => (
                "unsupported_media_type",
                "请求须为 JSON（Content-Type: application/json）".into(),
            ),
            ApiError::BadImage(m) => ("unsupported_media_type", m.clone()),
            ApiError::WrongFileType(m) => ("unsupported_media_type", (*m).into()),
            ApiError::Validation { message, .. } => ("validation_failed", message.clone()),
            ApiError::ImportRejected { message, .. } => ("import_rejected", message.clone()),
            ApiError::Refused { message, .. } => ("submission_refused", message.clone()),
            ApiError::PasswordChangeRequired => (
                "password_change_required",
                "首次登录请先修改初始密码".into(),
            ),
            ApiError::PreconditionRequired => (
                "precondition_required",
                "缺少 If-Match 请求头：请先读取最新数据再修改".into(),
            ),
            ApiError::TooManyRequests { message, .. } => ("too_many_requests", message.clone()),
            ApiError::Internal(_) => ("internal", "服务器内部错误，请稍后再试".into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            // Logged with context for operators; the caller gets a generic message.
            tracing::error!(%detail, "internal error");
        }
        let (code, message) = self.code_and_message();
        let mut body = ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message,
                fields: BTreeMap::new(),
            },
            rows: None,
            current: None,
            checks: None,
        };
        let mut extra = Vec::new();
        match self {
            ApiError::Validation { ref fields, .. } => body.error.fields = fields.clone(),
            ApiError::Stale(ref current) => body.current = Some(current.clone()),
            ApiError::ImportRejected { ref rows, .. } => body.rows = Some(rows.clone()),
            ApiError::Refused {
                ref fields,
                ref checks,
                ..
            } => {
                body.error.fields = fields.clone();
                body.checks = Some(checks.clone());
            }
            ApiError::TooManyRequests { retry_after, .. } => {
                extra.push((header::RETRY_AFTER, HeaderValue::from(retry_after.max(1))));
            }
            _ => {}
        }
        let mut res = (self.status_code(), axum::Json(body)).into_response();
        res.headers_mut().extend(extra);
        res
    }
}

/// `axum::Json` whose rejections answer with our JSON error body, in
/// Chinese, naming the field that is wrong (never serde's English).
/// Nesting deeper than serde_json's limit (128) is refused, not recursed.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(&media_type(req.headers())) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let body = Upload::from_request(req, state).await?.read().await?;
        parse_json(&body).map(ApiJson)
    }
}

/// Reads a JSON body; the reason is Chinese and names the field.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_reason(&path, e.into_inner())
    })?;
    de.end().map_err(|e| json_reason("", e))?;
    Ok(value)
}

/// Why a body is not the JSON asked for, in Chinese; `path` names the field.
fn json_reason(path: &str, e: serde_json::Error) -> ApiError {
    let what = e.to_string();
    match e.classify() {
        serde_json::error::Category::Data => {
            let field = if path == "." || path.is_empty() {
                "请求内容".to_owned()
            } else {
                format!("字段 {path} ")
            };
            ApiError::BadRequest(format!("{field}{}", data_reason(&what)))
        }
        _ if what.contains("recursion limit") => {
            ApiError::BadRequest("请求内容嵌套过深，无法读取".into())
        }
        serde_json::error::Category::Eof => {
            ApiError::BadRequest("请求内容不完整，不是有效的 JSON".into())
        }
        _ => ApiError::BadRequest("请求内容不是有效的 JSON".into()),
    }
}

/// serde's English reason for a wrong value, in Chinese.
fn data_reason(what: &str) -> String {
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or_default().to_owned();
    if what.starts_with("missing field") {
        format!("缺少必填字段 {}", quoted(what))
    } else if what.starts_with("unknown field") {
        format!("含有未知字段 {}", quoted(what))
    } else if what.starts_with("unknown variant") {
        format!("的取值“{}”无效", quoted(what))
    } else if what.starts_with("invalid type") {
        let expected = what
            .split(", expected ")
            .nth(1)
            .map(|e| e.split(" at line").next().unwrap_or(e))
            .unwrap_or("");
        format!("的类型不正确（应为{}）", kind(expected))
    } else if what.starts_with("invalid length") || what.starts_with("invalid value") {
        "的取值无效".into()
    } else {
        "的内容不正确".into()
    }
}

/// What serde expected, as a person would say it.
fn kind(expected: &str) -> &'static str {
    if expected.contains("string") || expected.contains("char") {
        "文字"
    } else if expected.contains("bool") {
        "true 或 false"
    } else if expected.contains("sequence") || expected.contains("array") {
        "列表"
    } else if expected.contains("integer")
        || expected.starts_with('u')
        || expected.starts_with('i')
        || expected.contains("f64")
        || expected.contains("number")
    {
        "数字"
    } else if expected.contains("struct") || expected.contains("map") {
        "对象"
    } else {
        "其他类型"
    }
}

/// `axum::extract::Query` whose rejections answer with our JSON error body.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e| ApiError::BadRequest(format!("查询参数不正确：{}", e.body_text())))
    }
}

/// A request's media type, lowercase, without parameters ("" if none).
pub fn media_type(h: &axum::http::HeaderMap) -> String {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// `application/json` or `application/…+json`.
pub fn is_json(media: &str) -> bool {
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

/// An uploaded file, not yet read: a handler checks who may send it first,
/// then [`Upload::read`]s it within its route's body limit, whose
/// rejections — above all the size limit — answer with our JSON error body.
pub struct Upload(Request);

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Upload(req))
    }
}

impl Upload {
    pub async fn read(self) -> Result<axum::body::Bytes, ApiError> {
        axum::body::Bytes::from_request(self.0, &())
            .await
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge
                } else {
                    ApiError::BadRequest(format!("无法读取上传的文件：{}", e.body_text()))
                }
            })
    }
}

#[cfg(test)]
mod tests;
