//! The CAS round trip: to the CAS server with a flow bound to the browser,
//! back with a ticket validated once server to server, and the CAS
//! server's single logout.

use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use domain::{
    api::{LogoutForm, NextQuery, TicketQuery},
    campus::{CampusSettings, Provider},
};
use serde_json::json;

use super::{Proved, ended, signed_in, take_flow, to_provider};
use crate::{
    auth::ClientIp,
    campus::{self, cas, page::Ended},
    error::ApiError,
    state::AppState,
    store::AuditEntry,
};

/// Sends the browser to the CAS server, with a flow bound to it — unless
/// the CAS server does not answer, which our page says instead of the
/// browser's error.
pub(super) async fn login(
    State(st): State<AppState>,
    ClientIp(_, https): ClientIp,
    Query(q): Query<NextQuery>,
) -> Result<Response, ApiError> {
    let s = campus::settings(&st.store, &st.config)?;
    let Some(service) = campus::cas_service(&st.config).filter(|_| s.cas.enabled) else {
        return Ok(Ended::Off.into_response());
    };
    let client = st.campus.client(&s.cas.ca_pem)?;
    let page = format!("{}/login", s.cas.server_url);
    if !st.campus.reachable(&client, &page).await {
        tracing::warn!("the CAS server does not answer");
        return Ok(Ended::Unreachable.into_response());
    }
    let flow = st.campus.begin(Provider::Cas, &q.next, None)?;
    to_provider(&st, https, &cas::login_url(&s.cas, &service), &flow)
}

/// The CAS server's return: the ticket validated once, server to server;
/// the number it proves must be an imported account.
pub(super) async fn back(
    State(st): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    Query(q): Query<TicketQuery>,
) -> Result<Response, ApiError> {
    let https = ip.1;
    let Some(flow) = take_flow(&st, &headers, Provider::Cas) else {
        return Ok(ended(&st, https, Ended::NoFlow));
    };
    let s = campus::settings(&st.store, &st.config)?;
    let Some(service) = campus::cas_service(&st.config).filter(|_| s.cas.enabled) else {
        return Ok(ended(&st, https, Ended::Off));
    };
    if q.ticket.is_empty() || q.ticket.len() > 256 {
        return Ok(ended(&st, https, Ended::Refused));
    }
    let user = match validate(&st, &s, &service, &q.ticket).await? {
        Ok(u) => u,
        Err(e) => return Ok(ended(&st, https, e)),
    };
    let name = (!s.cas.name_attribute.is_empty())
        .then(|| user.attribute(&s.cas.name_attribute).map(str::to_owned))
        .flatten();
    let proved = Proved {
        provider: Provider::Cas,
        number: user.account(&s.cas).unwrap_or(&user.user).to_owned(),
        name,
        ticket: Some(q.ticket.clone()),
        next: flow.next,
    };
    signed_in(&st, &headers, ip, proved).await
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
pub(super) async fn logout(
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
