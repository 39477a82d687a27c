//! The 校友联络员 server as a library: `main.rs` only parses the command line,
//! and tests build the very same [`app`].

pub mod access;
pub mod auth;
pub mod backups;
pub mod campus;
pub mod classmates;
pub mod clock;
pub mod config;
pub mod docx;
pub mod error;
pub mod html;
pub mod image;
pub mod mail;
pub mod metrics;
pub mod password;
pub mod png;
pub mod reminders;
pub mod robots;
pub mod routes;
pub mod secret;
pub mod spool;
pub mod standins;
pub mod state;
pub mod store;
pub mod throttle;
pub mod views;
mod web;
pub mod xlsx;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, header},
    routing::any,
};
use axum::{
    extract::Request,
    response::{IntoResponse, Response},
};
use tower_http::{
    catch_panic::CatchPanicLayer, compression::CompressionLayer,
    set_header::SetResponseHeaderLayer, trace::TraceLayer,
};

pub use state::AppState;

/// Largest JSON body the API reads; file uploads set their own limits.
pub const MAX_JSON_BYTES: usize = 256 * 1024;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The whole HTTP application: API, client and the layers around both.
pub fn app(state: AppState) -> Router {
    let api = routes::router()
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::observe::track,
        ))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state.clone());
    let headers: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
    ];
    let mut router = Router::new()
        .nest("/api/v1", api)
        .route(
            "/metrics",
            axum::routing::get(routes::observe::metrics).with_state(state.clone()),
        )
        .route("/api", any(routes::api_not_found))
        .route("/api/{*rest}", any(routes::api_not_found))
        .merge(web::router(&state.config.dist));
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    outer_layers(router.layer(CompressionLayer::new()))
}

/// What wraps every request: a span naming it (method and path, never the
/// query or the body), inside which a panic becomes the usual JSON 500.
pub fn outer_layers(router: Router) -> Router {
    router.layer(CatchPanicLayer::custom(panicked)).layer(
        TraceLayer::new_for_http().make_span_with(|req: &Request| {
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }),
    )
}

/// The answer to a request whose handler panicked; logged in its span.
fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into());
    error::ApiError::Internal(format!("handler panicked: {detail}")).into_response()
}

/// What the server does every ten minutes: forgets what expired, tells of
/// stand-ins that ran out, sends the deadline reminders due and the daily
/// digests, to people and to work-chat robots.
pub async fn tick(state: &AppState) {
    if let Err(e) = state.sweep() {
        tracing::warn!(error = %e, "sweeping expired sessions failed");
    }
    if let Err(e) = standins::tell_over(&state.store, state.clock.as_ref()) {
        tracing::warn!(error = %e, "telling of stand-ins that ran out failed");
    }
    let mut posts = Vec::new();
    match reminders::run(&state.store, state.clock.as_ref(), &state.config.public_url) {
        Ok((n, p)) => {
            if n > 0 {
                tracing::info!(notices = n, "deadline reminders sent");
            }
            posts.extend(p);
        }
        Err(e) => tracing::warn!(error = %e, "deadline reminders failed"),
    }
    match robots::digests_due(state) {
        Ok(p) => posts.extend(p),
        Err(e) => tracing::warn!(error = %e, "daily digests failed"),
    }
    if let Err(e) = state.store.durable().await {
        tracing::warn!(error = %e, "flushing reminders failed");
    }
    if let Err(e) = robots::send(state, &posts).await {
        tracing::warn!(error = %e, "posting to work-chat robots failed");
    }
}

/// Serves `app` on `listener` until `shutdown` resolves; hands the client IP to handlers.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let sweeper = tokio::spawn({
        let state = state.clone();
        async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
            loop {
                every.tick().await;
                tick(&state).await;
            }
        }
    });
    // E-mail: sends what notices queued, or quietly empties the queue.
    let mailer = mail::Mailer::from_config(&state.config).map_err(std::io::Error::other)?;
    if mailer.is_some() {
        store.start_mail();
    }
    let postman = tokio::spawn({
        let state = state.clone();
        async move {
            let pause = if mailer.is_some() {
                state.config.mail_poll
            } else {
                std::time::Duration::from_secs(60)
            };
            let mut every = tokio::time::interval(pause);
            loop {
                every.tick().await;
                if let Err(e) =
                    mail::run_once(&state.store, mailer.as_ref(), state.clock.now()).await
                {
                    tracing::warn!(error = %e, "mail queue failed");
                }
            }
        }
    });
    // TCP_NODELAY on every connection: without it a response written in two
    // parts waits for the client's delayed ACK (up to 40 ms) behind Nagle.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    });
    let served = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    sweeper.abort();
    postman.abort();
    served?;
    store.flush_now().map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use axum::{body::Body, http::StatusCode, routing::get};
    use tower::ServiceExt;

    use super::*;

    async fn boom() -> &'static str {
        panic!("a bug")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_the_json_500_and_the_app_keeps_serving() {
        let app = outer_layers(
            Router::new()
                .route("/boom", get(boom))
                .route("/fine", get(|| async { "ok" })),
        );
        let req = |p: &str| Request::builder().uri(p).body(Body::empty());
        let res = app.clone().oneshot(req("/boom").expect("request")).await;
        let res = res.expect("infallible");
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), 1 << 16).await;
        let body: serde_json::Value =
            serde_json::from_slice(&body.expect("body")).expect("JSON error body");
        assert_eq!(body["error"]["code"], "internal");
        assert_eq!(body["error"]["message"], "服务器内部错误，请稍后再试");
        let res = app.oneshot(req("/fine").expect("request")).await;
        assert_eq!(res.expect("infallible").status(), StatusCode::OK);
    }
}

#[cfg(test)]
mod fuzz;
