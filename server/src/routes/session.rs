//! Logging in and out (`/session`), with lockout and per-IP limits.

use crate::routes::endpoint::{self as ep, Endpoint};
use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::api::{LoginRequest, UserEnvelope};

use crate::{
    auth::{self, ClientIp},
    error::{ApiError, ApiJson},
    password,
    state::AppState,
    store::{AuditEntry, SessionRecord},
    throttle::BAD_CREDENTIALS,
};

use super::user_view;

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::post("/session", "登录", login).json::<LoginRequest>(),
        ep::delete("/session", "退出登录", logout),
    ]
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
    let missing = [
        (
            "username",
            req.username.trim().is_empty(),
            "请输入用户名（学号或工号）",
        ),
        ("password", req.password.is_empty(), "请输入密码"),
    ];
    if missing.iter().any(|(_, m, _)| *m) {
        return Err(ApiError::fields(
            missing
                .into_iter()
                .filter(|(_, missing, _)| *missing)
                .map(|(k, _, m)| (k.to_owned(), m.to_owned()))
                .collect(),
        ));
    }
    // A name no account can have is refused before any hashing and never
    // stored (its format is no secret); it counts against the address.
    let Ok(username) = domain::validate::username(&req.username) else {
        return Err(st.throttle.refuse_unhashed(&st.config, ip, now)?);
    };
    let attempt = st
        .throttle
        .reserve(&st.store, &st.config, &username, ip, now)?;
    let user = st.store.user_by_username(&username)?;
    let ok = verify(
        &st,
        user.as_ref().map(|u| u.password_hash.clone()),
        &req.password,
    )
    .await?;
    let now = st.clock.now();
    let Some(user) = user.filter(|_| ok) else {
        let wrong = ApiError::Unauthorized(BAD_CREDENTIALS);
        return Err(attempt.failed(&st.store, &st.config, now, wrong)?);
    };
    attempt.succeeded(&st.store, now)?;
    if user.onetime_expired(now) {
        return Err(ApiError::Forbidden(ONETIME_EXPIRED));
    }
    let today = crate::clock::iso_date(st.clock.today());
    let liaison = st.store.is_liaison(&user.id, &today)?;
    if !crate::campus::settings(&st.store, &st.config)?.password_allowed(user.role, liaison) {
        return Err(ApiError::Forbidden(PORTAL_ONLY));
    }
    let cookie = begin(&st, &headers, &user, https, Begun::password(ip)).await?;
    let body = UserEnvelope {
        user: user_view(&st, &user)?,
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

/// Said to someone whose role signs in through the campus portal only.
const PORTAL_ONLY: &str = "请点击“统一身份认证登录”，用学校账号登录";

/// How a session began, for its record and the audit log.
pub struct Begun {
    pub detail: serde_json::Value,
    /// The CAS ticket that began it, for the CAS server's single logout.
    pub sso: Option<String>,
    pub via: Option<domain::campus::Provider>,
}

impl Begun {
    fn password(ip: std::net::IpAddr) -> Begun {
        Begun {
            detail: serde_json::json!({ "ip": ip.to_string() }),
            sso: None,
            via: None,
        }
    }
}

/// Begins a session for `user`: whatever session the browser had is ended
/// (rotation), the new one is stored and audited (`session.login`), and
/// durable before its cookie is given.
pub async fn begin(
    st: &AppState,
    headers: &HeaderMap,
    user: &crate::store::UserRecord,
    https: bool,
    how: Begun,
) -> Result<axum::http::HeaderValue, ApiError> {
    if let Some(old) = auth::session_token(headers, false) {
        st.store.delete_session(&auth::session_key(&old))?;
    }
    let now = st.clock.now();
    let (token, key) = auth::new_session_token()?;
    st.store.put_session(
        &key,
        &SessionRecord {
            user_id: user.id.clone(),
            created_at: now,
            last_seen: now,
            sso: how.sso.as_deref().map(crate::store::sso_key),
            via: how.via,
        },
    )?;
    st.store.append_audit(&AuditEntry {
        at: now,
        actor: user.id.clone(),
        action: "session.login".into(),
        target: user.id.clone(),
        detail: how.detail,
    })?;
    st.store.durable().await?;
    Ok(auth::session_cookie(
        &token,
        st.config.secure_cookie || https,
    ))
}

/// Checks `password` against `hash`, or against the dummy hash when there
/// is no such account, so that both take as long. A one-time password's
/// lighter hash is checked against the dummy too: otherwise "exists and
/// never signed in" would answer ten times faster.
pub async fn verify(st: &AppState, hash: Option<String>, password: &str) -> Result<bool, ApiError> {
    let dummy = st.dummy_hash.clone();
    let password = password.to_owned();
    st.hash(move || {
        let Some(hash) = hash else {
            password::verify_password(&dummy, &password);
            return false;
        };
        let ok = password::verify_password(&hash, &password);
        if !password::is_default_cost(&hash) {
            password::verify_password(&dummy, &password);
        }
        ok
    })
    .await
}

async fn logout(
    State(st): State<AppState>,
    ClientIp(_, https): ClientIp,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = auth::session_token(&headers, st.config.secure_cookie) {
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
            auth::clear_cookie(st.config.secure_cookie || https),
        )],
    )
        .into_response())
}
