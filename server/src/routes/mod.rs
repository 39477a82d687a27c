//! The JSON API under `/api/v1`, one module per resource.

mod health;
mod me;
pub mod openapi;
mod session;

use axum::{
    Router,
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{error::ApiError, state::AppState};

pub use me::user_view;

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
];

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(session::router())
        .merge(me::router())
        .merge(openapi::router())
        .fallback(api_not_found)
        .layer(axum::middleware::from_fn(refuse_cross_site))
}

/// A JSON 404 for unknown API paths (the client's SPA fallback must not answer them).
pub async fn api_not_found() -> Response {
    let mut res = ApiError::NotFound.into_response();
    res.headers_mut()
        .insert("x-liaison-route", HeaderValue::from_static("none"));
    res
}

/// Browsers say where a request came from; a state-changing request from
/// another site is refused (defence in depth beside SameSite=Strict).
async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(req.headers()) {
        return ApiError::Forbidden("拒绝来自其他网站的请求").into_response();
    }
    next.run(req).await
}

fn is_cross_site(h: &HeaderMap) -> bool {
    h.get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
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
