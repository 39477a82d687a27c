//! Logging in and out (`/session`), with lockout and per-IP limits.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::post,
};
use domain::api::{LoginRequest, UserEnvelope};

use crate::{
    auth::{self, ClientIp},
    error::{ApiError, ApiJson},
    state::AppState,
    store::{AuditEntry, SessionRecord},
};

use super::user_view;

pub fn router() -> Router<AppState> {
    Router::new().route("/session", post(login).delete(logout))
}

const BAD_CREDENTIALS: &str = "用户名或密码错误";

fn locked(until: i64, now: i64) -> ApiError {
    let minutes = ((until - now) + 59) / 60;
    ApiError::TooManyRequests {
        message: format!("登录失败次数过多，账号已暂时锁定，请{minutes}分钟后再试"),
        retry_after: until - now,
    }
}

/// Said to someone whose right one-time password is too old.
const _: () = assert!(
    domain::roster::ONETIME_VALID_DAYS == 30,
    "update ONETIME_EXPIRED"
);
const ONETIME_EXPIRED: &str = concat!(
    "初始密码已过期（有效期",
    "30",
    "天），请联系辅导员或管理员重新生成"
);

async fn login(
    State(st): State<AppState>,
    ClientIp(ip, https): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let now = st.clock.now();
    // An unusable name is counted like any wrong login, under what was typed.
    let username = domain::validate::username(&req.username)
        .unwrap_or_else(|_| req.username.trim().to_lowercase());
    if username.is_empty() || req.password.is_empty() {
        return Err(ApiError::fields(
            [
                (
                    "username",
                    username.is_empty(),
                    "请输入用户名（学号或工号）",
                ),
                ("password", req.password.is_empty(), "请输入密码"),
            ]
            .into_iter()
            .filter(|(_, missing, _)| *missing)
            .map(|(k, _, m)| (k.to_owned(), m.to_owned()))
            .collect(),
        ));
    }
    let failures = st.store.failures(&username)?;
    if let Some(until) = failures.locked_until.filter(|u| *u > now) {
        return Err(locked(until, now));
    }

    let user = st.store.user_by_username(&username)?;
    // Unknown users are checked against a dummy hash so both answers take as long.
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| st.dummy_hash.clone());
    let password = req.password.clone();
    let ok = st
        .hash(move || auth::verify_password(&hash, &password))
        .await?;
    let Some(user) = user.filter(|_| ok) else {
        return Err(record_failure(&st, &username, ip, now)?);
    };

    st.store.clear_failures(&username)?;
    if user.onetime_expired(now) {
        return Err(ApiError::Forbidden(ONETIME_EXPIRED));
    }
    // Rotation: whatever session the browser had is ended, a new one begins.
    if let Some(old) = auth::session_token(&headers) {
        st.store.delete_session(&auth::session_key(&old))?;
    }
    let (token, key) = auth::new_session_token()?;
    st.store.put_session(
        &key,
        &SessionRecord {
            user_id: user.id.clone(),
            created_at: now,
            last_seen: now,
        },
    )?;
    st.store.append_audit(&AuditEntry {
        at: now,
        actor: user.id.clone(),
        action: "session.login".into(),
        target: user.id.clone(),
        detail: serde_json::json!({ "ip": ip.to_string() }),
    })?;
    st.store.durable().await?;
    let body = UserEnvelope {
        user: user_view(&st, &user)?,
    };
    Ok((
        [(
            header::SET_COOKIE,
            auth::session_cookie(&token, st.config.secure_cookie || https),
        )],
        Json(body),
    )
        .into_response())
}

/// Counts a failed login for the account and the client IP and says what to answer.
fn record_failure(
    st: &AppState,
    username: &str,
    ip: std::net::IpAddr,
    now: i64,
) -> Result<ApiError, ApiError> {
    let c = &st.config;
    let mut f = st.store.failures(username)?;
    if now - f.first_at > c.lock_secs {
        f.count = 0;
        f.first_at = now;
    }
    f.count += 1;
    let lock = f.count >= c.lock_after_failures;
    if lock {
        f.locked_until = Some(now + c.lock_secs);
    }
    st.store.put_failures(username, &f)?;

    let ip_over_limit = {
        let mut map = st
            .ip_failures
            .lock()
            .map_err(|_| ApiError::Internal("ip failure map poisoned".into()))?;
        let entry = map.entry(ip).or_insert((0, now));
        if now - entry.1 > c.ip_window_secs {
            *entry = (0, now);
        }
        entry.0 += 1;
        entry.0 > c.ip_failure_limit
    };
    Ok(if lock {
        locked(now + c.lock_secs, now)
    } else if ip_over_limit {
        ApiError::TooManyRequests {
            message: "此网络的登录失败次数过多，请稍后再试".into(),
            retry_after: c.ip_window_secs,
        }
    } else {
        ApiError::Unauthorized(BAD_CREDENTIALS)
    })
}

async fn logout(State(st): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = auth::session_token(&headers) {
        let key = auth::session_key(&token);
        if let Some(s) = st.store.session(&key)? {
            st.store.delete_session(&key)?;
            st.store.append_audit(&AuditEntry {
                at: st.clock.now(),
                actor: s.user_id.clone(),
                action: "session.logout".into(),
                target: s.user_id,
                detail: serde_json::Value::Null,
            })?;
            st.store.durable().await?;
        }
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            auth::clear_cookie(st.config.secure_cookie),
        )],
    )
        .into_response())
}
