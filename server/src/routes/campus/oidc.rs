//! The OpenID Connect round trip: to the provider with PKCE, `state` and
//! `nonce` kept in a flow bound to the browser; back with a code exchanged
//! server to server and an ID token verified (`crate::campus::oidc`).

use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use domain::{
    api::{CodeQuery, NextQuery},
    campus::{OidcSettings, Provider},
};
use openidconnect::core::{CoreIdToken, CoreProviderMetadata};

use super::{Proved, ended, signed_in, take_flow, to_provider};
use crate::{
    auth::ClientIp,
    campus::{
        self,
        oidc::{self, Claims, Failed, Pending},
        page::Ended,
    },
    error::ApiError,
    state::AppState,
};

/// Sends the browser to the provider's authorization endpoint (read from
/// its metadata, which also tells that it answers).
pub(super) async fn login(
    State(st): State<AppState>,
    ClientIp(_, https): ClientIp,
    Query(q): Query<NextQuery>,
) -> Result<Response, ApiError> {
    let s = campus::settings(&st.store, &st.config)?;
    let Some(redirect) = campus::oidc_redirect(&st.config).filter(|_| s.oidc.enabled) else {
        return Ok(Ended::Off.into_response());
    };
    let http = st.campus.client("")?;
    let metadata = match st.campus.metadata(&http, &s.oidc.issuer, false).await {
        Ok(m) => m,
        Err(e) => return Ok(failed(&st, https, e)),
    };
    let (url, pending) = match oidc::authorize(&s.oidc, metadata, &redirect) {
        Ok(x) => x,
        Err(e) => return Ok(failed(&st, https, e)),
    };
    let flow = st.campus.begin(Provider::Oidc, &q.next, Some(pending))?;
    to_provider(&st, https, &url, &flow)
}

/// The provider's return: `state` must be the flow's; the code is
/// exchanged and the ID token verified; its number must be an imported
/// account.
pub(super) async fn back(
    State(st): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    Query(q): Query<CodeQuery>,
) -> Result<Response, ApiError> {
    let https = ip.1;
    let Some(flow) = take_flow(&st, &headers, Provider::Oidc) else {
        return Ok(ended(&st, https, Ended::NoFlow));
    };
    let Some(pending) = flow.pending.clone() else {
        return Ok(ended(&st, https, Ended::NoFlow));
    };
    if !oidc::state_matches(&pending.state, &q.state) {
        return Ok(ended(&st, https, Ended::NoFlow));
    }
    if !q.error.is_empty() || q.code.is_empty() || q.code.len() > 2048 {
        tracing::info!(error = q.error, "the OpenID provider returned no code");
        return Ok(ended(&st, https, Ended::Refused));
    }
    let s = campus::settings(&st.store, &st.config)?;
    let Some(redirect) = campus::oidc_redirect(&st.config).filter(|_| s.oidc.enabled) else {
        return Ok(ended(&st, https, Ended::Off));
    };
    let http = st.campus.client("")?;
    let metadata = match st.campus.metadata(&http, &s.oidc.issuer, false).await {
        Ok(m) => m,
        Err(e) => return Ok(failed(&st, https, e)),
    };
    let claims = match oidc::exchange(
        &http,
        &s.oidc,
        metadata.clone(),
        &redirect,
        &q.code,
        &pending.verifier,
    )
    .await
    {
        Ok(token) => verified(&st, &http, &s.oidc, metadata, &redirect, &token, &pending).await,
        Err(e) => Err(e),
    };
    let claims = match claims {
        Ok(c) => c,
        Err(e) => return Ok(failed(&st, https, e)),
    };
    let Some(number) = oidc::account(&claims, &s.oidc.account_claim) else {
        tracing::warn!("the ID token has no account number claim");
        return Ok(ended(&st, https, Ended::Refused));
    };
    let name = claims
        .get("name")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let proved = Proved {
        provider: Provider::Oidc,
        number,
        name,
        ticket: None,
        next: flow.next,
    };
    signed_in(&st, &headers, ip, proved).await
}

/// The ID token verified with the provider's keys as we hold them, or,
/// when that fails, as it serves them now: a provider that rotated its
/// keys since we read them is followed, a token its keys do not verify is
/// refused.
async fn verified(
    st: &AppState,
    http: &reqwest::Client,
    s: &OidcSettings,
    metadata: CoreProviderMetadata,
    redirect: &str,
    token: &CoreIdToken,
    pending: &Pending,
) -> Result<Claims, Failed> {
    let now = st.clock.now();
    match oidc::verify(s, metadata, redirect, token, &pending.nonce, now) {
        Ok(claims) => Ok(claims),
        Err(first) => {
            tracing::info!(
                ?first,
                "the ID token is not verified; reading the provider's keys again"
            );
            let fresh = st.campus.metadata(http, &s.issuer, true).await?;
            oidc::verify(s, fresh, redirect, token, &pending.nonce, now)
        }
    }
}

fn failed(st: &AppState, https: bool, e: Failed) -> Response {
    match e {
        Failed::Unreachable(why) => {
            tracing::warn!(why, "the OpenID provider did not answer");
            ended(st, https, Ended::Unreachable)
        }
        Failed::Refused(why) => {
            tracing::info!(why, "the OpenID provider's answer proves nobody");
            ended(st, https, Ended::Refused)
        }
    }
}
