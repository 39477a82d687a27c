//! The request counters' middleware and `GET /metrics` (the counters are
//! [`crate::metrics`]).

use axum::{
    extract::{MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{auth::ClientIp, state::AppState};

/// Counts and times every API request by its route template (bounded
/// labels: never the raw path).
pub async fn track(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    st.metrics
        .observe(route, method, res.status().as_u16(), started.elapsed());
    res
}

/// `GET /metrics`: 404 to anyone but this machine and the trusted proxies.
pub async fn metrics(State(st): State<AppState>, ClientIp(ip, _): ClientIp) -> Response {
    let allowed = ip.is_loopback() || st.config.trusted_proxies.iter().any(|c| c.contains(ip));
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    match st.metrics.render(&st.store) {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
