//! Campus sign-in (统一身份认证): the login page's ways in, the CAS round
//! trip and its single logout (`cas.rs`), the OpenID Connect round trip
//! (`oidc.rs`), what both do with the number a provider proves, and the
//! admin's settings. `crate::campus` keeps the flows and calls the
//! providers; `domain::campus` has the rules.

mod cas;
mod oidc;

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{CampusView, CodeQuery, LoginOptions, LogoutForm, NextQuery, ProviderLink, TicketQuery},
    campus::{CampusSettings, Provider},
};
use serde_json::json;

use super::endpoint::{self as ep, Endpoint};
use super::{
    require,
    session::{Begun, begin},
};
use crate::{
    auth::{ClientIp, CurrentUser},
    campus::{self, FLOW_COOKIE, page::Ended},
    error::{ApiError, ApiJson},
    state::AppState,
    store::AuditEntry,
};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/auth/providers", "登录页提供的统一身份认证方式", providers),
        ep::get("/auth/cas/login", "转到统一身份认证（CAS）登录", cas::login).query::<NextQuery>(),
        ep::get(
            "/auth/cas/callback",
            "统一身份认证（CAS）登录返回",
            cas::back,
        )
        .query::<TicketQuery>(),
        ep::post(
            "/auth/cas/callback",
            "统一身份认证（CAS）单点退出",
            cas::logout,
        )
        .form::<LogoutForm>(campus::cas::MAX_ANSWER),
        ep::get(
            "/auth/oidc/login",
            "转到统一身份认证（OpenID Connect）登录",
            oidc::login,
        )
        .query::<NextQuery>(),
        ep::get(
            "/auth/oidc/callback",
            "统一身份认证（OpenID Connect）登录返回",
            oidc::back,
        )
        .query::<CodeQuery>(),
        ep::get("/admin/campus", "统一身份认证设置（管理员）", get_settings),
        ep::put(
            "/admin/campus",
            "保存统一身份认证设置（管理员）",
            put_settings,
        )
        .json::<CampusSettings>(),
    ]
}

async fn providers(State(st): State<AppState>) -> Result<Json<LoginOptions>, ApiError> {
    let s = campus::settings(&st.store, &st.config)?;
    let mut providers = Vec::new();
    if s.cas.enabled && campus::cas_service(&st.config).is_some() {
        providers.push(ProviderLink {
            provider: Provider::Cas,
            name: s.display_name(Provider::Cas).to_owned(),
            href: "/api/v1/auth/cas/login".into(),
        });
    }
    if s.oidc.enabled && campus::oidc_redirect(&st.config).is_some() {
        providers.push(ProviderLink {
            provider: Provider::Oidc,
            name: s.display_name(Provider::Oidc).to_owned(),
            href: "/api/v1/auth/oidc/login".into(),
        });
    }
    Ok(Json(LoginOptions { providers }))
}

async fn get_settings(
    State(st): State<AppState>,
    cu: CurrentUser,
) -> Result<Json<CampusView>, ApiError> {
    require(&cu, &[Role::Admin])?;
    let s = campus::settings(&st.store, &st.config)?;
    Ok(Json(CampusView {
        client_secret_set: !s.oidc.client_secret.is_empty(),
        settings: s.withheld(),
        cas_service: campus::cas_service(&st.config),
        oidc_redirect: campus::oidc_redirect(&st.config),
    }))
}

async fn put_settings(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(new): ApiJson<CampusSettings>,
) -> Result<Json<CampusView>, ApiError> {
    require(&cu, &[Role::Admin])?;
    let new = new.check().map_err(ApiError::fields)?;
    campus::save(&st.store, &st.config, &new)?;
    let saved = new.withheld();
    st.store.append_audit(&AuditEntry {
        at: st.clock.now(),
        actor: cu.user.id.clone(),
        action: "campus.settings".into(),
        target: String::new(),
        detail: json!({
            "cas": saved.cas.enabled, "cas_server": saved.cas.server_url,
            "oidc": saved.oidc.enabled, "oidc_issuer": saved.oidc.issuer,
            "client_secret_changed": !new.oidc.client_secret.is_empty(),
            "passwords": saved.passwords,
        }),
    })?;
    st.store.durable().await?;
    get_settings(State(st), cu).await
}

/// What a provider proved, for [`signed_in`].
struct Proved {
    provider: Provider,
    number: String,
    /// The person's name as the provider gave it, for the audit log.
    name: Option<String>,
    /// The CAS ticket, for single logout.
    ticket: Option<String>,
    next: String,
}

/// The end of every sign-in through a provider: the number must be an
/// imported account (else a Chinese page, and an audit entry); the session
/// begins as a password's does, and the browser goes where it was going.
async fn signed_in(
    st: &AppState,
    headers: &HeaderMap,
    ClientIp(ip, https): ClientIp,
    p: Proved,
) -> Result<Response, ApiError> {
    let clear = (header::SET_COOKIE, clear_flow_cookie(secure(st, https)));
    let user = match domain::validate::username(&p.number) {
        Ok(username) => st.store.user_by_username(&username)?,
        Err(_) => None,
    };
    let Some(user) = user else {
        st.store.append_audit(&AuditEntry {
            at: st.clock.now(),
            actor: String::new(),
            action: "session.portal_unknown".into(),
            target: p.number.clone(),
            detail: json!({ "provider": p.provider, "ip": ip.to_string(), "name": p.name }),
        })?;
        st.store.durable().await?;
        return Ok(([clear], Ended::Unknown { number: p.number }).into_response());
    };
    let how = Begun {
        detail: json!({ "ip": ip.to_string(), "provider": p.provider }),
        sso: p.ticket,
        via: Some(p.provider),
    };
    let session = begin(st, headers, &user, https, how).await?;
    let mut res = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, header_value(&p.next)?)],
    )
        .into_response();
    let h = res.headers_mut();
    h.append(header::SET_COOKIE, session);
    h.append(header::SET_COOKIE, clear.1);
    Ok(res)
}

/// The flow of `provider` this browser began, taken (once).
fn take_flow(st: &AppState, headers: &HeaderMap, provider: Provider) -> Option<campus::Flow> {
    crate::auth::cookie(headers, FLOW_COOKIE).and_then(|id| st.campus.finish(&id, provider))
}

/// A sign-in that ends on one of our pages, with the flow cookie cleared.
fn ended(st: &AppState, https: bool, e: Ended) -> Response {
    (
        [(header::SET_COOKIE, clear_flow_cookie(secure(st, https)))],
        e,
    )
        .into_response()
}

/// Sends the browser to a provider with a new flow bound to it.
fn to_provider(st: &AppState, https: bool, url: &str, flow: &str) -> Result<Response, ApiError> {
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, header_value(url)?),
            (header::SET_COOKIE, flow_cookie(flow, secure(st, https))?),
        ],
    )
        .into_response())
}

pub(super) fn secure(st: &AppState, https: bool) -> bool {
    st.config.secure_cookie || https
}

fn header_value(s: &str) -> Result<HeaderValue, ApiError> {
    HeaderValue::from_str(s).map_err(|e| ApiError::Internal(format!("header: {e}")))
}

/// The flow's cookie: only for the sign-in routes, ten minutes, sent on the
/// provider's top-level redirect back (Lax), never readable by scripts.
fn flow_cookie(id: &str, secure: bool) -> Result<HeaderValue, ApiError> {
    header_value(&format!(
        "{FLOW_COOKIE}={id}; Path=/api/v1/auth; Max-Age={}; HttpOnly; SameSite=Lax{}",
        campus::FLOW_TTL.as_secs(),
        if secure { "; Secure" } else { "" }
    ))
}

fn clear_flow_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static(
            "liaison_sso=; Path=/api/v1/auth; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
        )
    } else {
        HeaderValue::from_static(
            "liaison_sso=; Path=/api/v1/auth; Max-Age=0; HttpOnly; SameSite=Lax",
        )
    }
}
