//! The 校友联络员 server as a library: `main.rs` only parses the command line,
//! and tests build the very same [`app`].

pub mod auth;
pub mod clock;
pub mod config;
pub mod demo;
pub mod docx;
pub mod error;
pub mod image;
pub mod png;
pub mod routes;
pub mod state;
pub mod store;
mod web;
pub mod xlsx;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, header},
    routing::any,
};
use tower_http::{
    compression::CompressionLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
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
        .route("/api", any(routes::api_not_found))
        .route("/api/{*rest}", any(routes::api_not_found))
        .merge(web::router(&state.config.dist));
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
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
                if let Err(e) = state.sweep() {
                    tracing::warn!(error = %e, "sweeping expired sessions failed");
                }
            }
        }
    });
    let served = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    sweeper.abort();
    served?;
    store.flush_now().map_err(std::io::Error::other)
}
