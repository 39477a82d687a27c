//! Sessions and the extractor that turns a cookie into a user; passwords are
//! hashed in [`crate::password`].

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, HeaderValue, header, request::Parts},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use crate::{
    error::ApiError,
    state::AppState,
    store::{SessionRecord, UserRecord},
};

/// The session cookie's name.
pub const COOKIE: &str = "liaison_session";

/// Sessions seen within this many seconds are not rewritten on every request.
const TOUCH_EVERY_SECS: i64 = 60;

/// A new random session token (256 bits) and the key it is stored under.
pub fn new_session_token() -> Result<(String, String), ApiError> {
    let token = random_token()?;
    let key = session_key(&token);
    Ok((token, key))
}

/// 32 random bytes, URL-safe base64: a token nobody can guess.
pub fn random_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("getrandom: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A one-time password: 10 characters without look-alikes (no 0/o, 1/l/i),
/// always with letters and digits.
pub fn onetime_password() -> Result<String, ApiError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("getrandom: {e}")))?;
        // Rejection sampling keeps every character equally likely.
        let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
        let pw: String = bytes
            .iter()
            .filter(|b| **b < limit)
            .take(10)
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        if pw.len() == 10 && domain::validate::new_password(&pw).is_ok() {
            return Ok(pw);
        }
    }
}

/// The store key of a session token: its SHA-256 in hex.
pub fn session_key(token: &str) -> String {
    crate::store::codec::sha256_hex(token.as_bytes())
}

/// The session cookie's name behind HTTPS: a `__Host-` cookie can only be
/// set by this very host, Secure, for every path — a sibling subdomain
/// cannot toss one over ours.
pub const HOST_COOKIE: &str = "__Host-liaison_session";

/// The session token of a request, if it carries our cookie; with
/// `host_only` (the server is configured for HTTPS) only the `__Host-` one.
pub fn session_token(headers: &HeaderMap, host_only: bool) -> Option<String> {
    cookie(headers, HOST_COOKIE).or_else(|| {
        if host_only {
            None
        } else {
            cookie(headers, COOKIE)
        }
    })
}

/// The value of a request's cookie `name`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, no Max-Age (it
/// ends with the browser; the server enforces the real timeouts); behind
/// HTTPS Secure and `__Host-`.
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let (name, secure) = if secure {
        (HOST_COOKIE, "; Secure")
    } else {
        (COOKIE, "")
    };
    HeaderValue::from_str(&format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("liaison_session=; Path=/"))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static(
            "__Host-liaison_session=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0",
        )
    } else {
        HeaderValue::from_static("liaison_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
    }
}

/// The signed-in user of a request, with the store key of their session.
#[derive(Clone)]
pub struct CurrentUser {
    pub user: UserRecord,
    pub session_key: String,
    /// The campus provider the session began through; none: a password.
    pub via: Option<domain::campus::Provider>,
    /// When the session began.
    pub since: i64,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let token = session_token(&parts.headers, st.config.secure_cookie)
            .ok_or(ApiError::Unauthorized("请先登录"))?;
        let key = session_key(&token);
        let expired = ApiError::Unauthorized("登录已过期，请重新登录");
        let session = st.store.session(&key)?.ok_or(expired)?;
        let now = st.clock.now();
        if now - session.last_seen > st.config.session_idle_secs
            || now - session.created_at > st.config.session_absolute_secs
        {
            st.store.delete_session(&key)?;
            return Err(ApiError::Unauthorized("登录已过期，请重新登录"));
        }
        let user = st
            .store
            .user(&session.user_id)?
            .ok_or(ApiError::Unauthorized("请先登录"))?;
        if user
            .password_reset_at
            .is_some_and(|at| session.created_at < at)
        {
            st.store.delete_session(&key)?;
            return Err(ApiError::Unauthorized("密码已被重置，请用新的初始密码登录"));
        }
        let (via, since) = (session.via, session.created_at);
        if now - session.last_seen >= TOUCH_EVERY_SECS {
            // Idle-time bookkeeping only: losing it in a crash shortens no
            // session, so it is not waited for.
            st.store.put_session(
                &key,
                &SessionRecord {
                    last_seen: now,
                    ..session
                },
            )?;
        }
        // Until a one-time password is replaced, only these routes answer
        // to a session it began (one begun through the portal used none).
        let path = parts.uri.path();
        let allowed = [
            "/me",
            "/me/password",
            "/session",
            "/api/v1/me",
            "/api/v1/me/password",
            "/api/v1/session",
        ];
        if user.must_change_password && via.is_none() && !allowed.contains(&path) {
            return Err(ApiError::PasswordChangeRequired);
        }
        Ok(CurrentUser {
            user,
            session_key: key,
            via,
            since,
        })
    }
}

impl CurrentUser {
    /// The caller as the shared scope rules see them, given their class ids
    /// (from [`UserRecord::class_ids`]).
    pub fn viewer<'a>(&'a self, classes: &'a [String]) -> domain::scope::Viewer<'a> {
        domain::scope::Viewer {
            role: self.user.role,
            college: self.user.college.as_deref(),
            classes,
        }
    }

    /// Whether one class is in the caller's scope (the shared rule of
    /// [`domain::scope::Viewer`]), with one index lookup instead of reading
    /// every class of a counselor.
    pub fn sees_class(
        &self,
        store: &crate::store::Store,
        class_id: &str,
        college: &str,
    ) -> Result<bool, crate::store::StoreError> {
        let mine = match self.user.role {
            domain::Role::Counselor if store.is_counselor_of(&self.user.id, class_id)? => {
                vec![class_id.to_owned()]
            }
            domain::Role::Student => self.user.classes.clone(),
            _ => vec![],
        };
        Ok(self.viewer(&mine).sees_class(class_id, college))
    }
}

/// The client: its IP address and whether it came over HTTPS. From the TCP
/// connection, unless that peer is a trusted proxy (`LIAISON_TRUSTED_PROXY`):
/// then from `X-Forwarded-For` (the nearest address that is not itself a
/// trusted proxy) or `X-Real-IP`, and `X-Forwarded-Proto`.
pub struct ClientIp(pub IpAddr, pub bool);

impl ClientIp {
    /// Reads the client from a request's peer and headers.
    pub fn of(
        peer: IpAddr,
        headers: &axum::http::HeaderMap,
        trusted: &[crate::config::Cidr],
    ) -> ClientIp {
        let trusts = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
        if !trusts(peer) {
            return ClientIp(peer, false);
        }
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let forwarded = text("x-forwarded-for").and_then(|list| {
            list.rsplit(',')
                .map(|a| a.trim().parse::<IpAddr>())
                .take_while(Result::is_ok)
                .flatten()
                .find(|ip| !trusts(*ip))
        });
        let ip = forwarded
            .or_else(|| text("x-real-ip").and_then(|a| a.trim().parse().ok()))
            .unwrap_or(peer);
        let https = text("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"));
        ClientIp(ip, https)
    }
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        Ok(ClientIp::of(
            peer,
            &parts.headers,
            &st.config.trusted_proxies,
        ))
    }
}

#[cfg(test)]
mod tests;
