//! Campus sign-in (统一身份认证): the login page's ways in, the CAS round
//! trip and its single logout, and the admin's settings (`crate::campus`
//! keeps the flows and calls the providers; `domain::campus` has the rules).

use axum::{
    Form, Json,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{CampusView, LoginOptions, LogoutForm, NextQuery, ProviderLink, TicketQuery},
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
    campus::{self, FLOW_COOKIE, cas, page::Ended},
    error::{ApiError, ApiJson},
    state::AppState,
    store::AuditEntry,
};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/auth/providers", "登录页提供的统一身份认证方式", providers),
        ep::get("/auth/cas/login", "转到统一身份认证（CAS）登录", cas_login).query::<NextQuery>(),
        ep::get(
            "/auth/cas/callback",
            "统一身份认证（CAS）登录返回",
            cas_return,
        )
        .query::<TicketQuery>(),
        ep::post(
            "/auth/cas/callback",
            "统一身份认证（CAS）单点退出",
            cas_logout,
        )
        .form::<LogoutForm>(cas::MAX_ANSWER),
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
    Ok(Json(LoginOptions { providers }))
}

/// Sends the browser to the CAS server, with a flow bound to it.
async fn cas_login(
    State(st): State<AppState>,
    ClientIp(_, https): ClientIp,
    Query(q): Query<NextQuery>,
) -> Result<Response, ApiError> {
    let s = campus::settings(&st.store, &st.config)?;
    let Some(service) = campus::cas_service(&st.config).filter(|_| s.cas.enabled) else {
        return Ok(Ended::Off.into_response());
    };
    let client = st.campus.client(&s.cas.ca_pem)?;
    if !st
        .campus
        .reachable(&client, &format!("{}/login", s.cas.server_url))
        .await
    {
        tracing::warn!("the CAS server does not answer");
        return Ok(Ended::Unreachable.into_response());
    }
    let flow = st.campus.begin(Provider::Cas, &q.next)?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (
                header::LOCATION,
                header_value(&cas::login_url(&s.cas, &service))?,
            ),
            (header::SET_COOKIE, flow_cookie(&flow, secure(&st, https))?),
        ],
    )
        .into_response())
}

/// The CAS server's return: the ticket validated once, server to server;
/// the number it proves must be an imported account.
async fn cas_return(
    State(st): State<AppState>,
    ClientIp(ip, https): ClientIp,
    headers: HeaderMap,
    Query(q): Query<TicketQuery>,
) -> Result<Response, ApiError> {
    let clear = (header::SET_COOKIE, clear_flow_cookie(secure(&st, https)));
    let ended = |e: Ended| Ok(([clear.clone()], e).into_response());
    let Some(flow) =
        cookie(&headers, FLOW_COOKIE).and_then(|id| st.campus.finish(&id, Provider::Cas))
    else {
        return ended(Ended::NoFlow);
    };
    let s = campus::settings(&st.store, &st.config)?;
    let Some(service) = campus::cas_service(&st.config).filter(|_| s.cas.enabled) else {
        return ended(Ended::Off);
    };
    if q.ticket.is_empty() || q.ticket.len() > 256 {
        return ended(Ended::Refused);
    }
    let proved = match validate(&st, &s, &service, &q.ticket).await? {
        Ok(u) => u,
        Err(e) => {
            if e == Ended::Refused {
                tracing::info!("a CAS ticket was refused");
            }
            return ended(e);
        }
    };
    let number = proved.account(&s.cas).unwrap_or(&proved.user).to_owned();
    let user = match domain::validate::username(&number) {
        Ok(username) => st.store.user_by_username(&username)?,
        Err(_) => None,
    };
    let Some(user) = user else {
        st.store.append_audit(&AuditEntry {
            at: st.clock.now(),
            actor: String::new(),
            action: "session.portal_unknown".into(),
            target: number.clone(),
            detail: json!({
                "provider": "cas",
                "ip": ip.to_string(),
                "name": (!s.cas.name_attribute.is_empty())
                    .then(|| proved.attribute(&s.cas.name_attribute))
                    .flatten(),
            }),
        })?;
        st.store.durable().await?;
        return ended(Ended::Unknown { number });
    };
    let how = Begun {
        detail: json!({ "ip": ip.to_string(), "provider": "cas" }),
        sso: Some(q.ticket.clone()),
        via: Some(Provider::Cas),
    };
    let session = begin(&st, &headers, &user, https, how).await?;
    let mut res = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, header_value(&flow.next)?)],
    )
        .into_response();
    let h = res.headers_mut();
    h.append(header::SET_COOKIE, session);
    h.append(header::SET_COOKIE, clear.1);
    Ok(res)
}

/// Asks the CAS server about a ticket: who it proves, or why not.
async fn validate(
    st: &AppState,
    s: &CampusSettings,
    service: &str,
    ticket: &str,
) -> Result<Result<cas::CasUser, Ended>, ApiError> {
    let client = st.campus.client(&s.cas.ca_pem)?;
    let url = cas::validate_url(&s.cas, service, ticket);
    let answer = match client.get(&url).send().await {
        Ok(res) if res.status().is_success() => campus::read_bounded(res, cas::MAX_ANSWER).await,
        Ok(res) => Err(format!("HTTP {}", res.status())),
        Err(e) => Err(e.to_string()),
    };
    let xml = match answer {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            tracing::warn!(error = %e, "the CAS server did not answer");
            return Ok(Err(Ended::Unreachable));
        }
    };
    Ok(match cas::parse_answer(&xml) {
        Ok(u) => Ok(u),
        Err(cas::Refused::Failure { code, .. }) => {
            tracing::info!(code, "CAS refused a ticket");
            Err(Ended::Refused)
        }
        Err(cas::Refused::Unreadable(why)) => {
            tracing::warn!(why, "the CAS server's answer could not be read");
            Err(Ended::Unreachable)
        }
    })
}

/// The CAS server's single logout: the sessions its ticket began end.
async fn cas_logout(
    State(st): State<AppState>,
    Form(f): Form<LogoutForm>,
) -> Result<StatusCode, ApiError> {
    let Some(ticket) = cas::logout_ticket(&f.logout_request) else {
        return Err(ApiError::BadRequest("不是有效的单点退出请求".into()));
    };
    let ended = st.store.end_sso_sessions(&ticket)?;
    let now = st.clock.now();
    for user in &ended {
        st.store.append_audit(&AuditEntry {
            at: now,
            actor: user.clone(),
            action: "session.logout".into(),
            target: user.clone(),
            detail: json!({ "provider": "cas", "single_logout": true }),
        })?;
    }
    if !ended.is_empty() {
        st.store.durable().await?;
    }
    Ok(StatusCode::NO_CONTENT)
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
        oidc_redirect: None,
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

fn secure(st: &AppState, https: bool) -> bool {
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

/// A cookie of the request by name.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}
