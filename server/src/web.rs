//! Serving the built client: hashed assets cached for a year, everything else
//! answered with `index.html` (the SPA fallback) and revalidated every time.

use std::path::Path;

use axum::{
    Router,
    http::{HeaderValue, header},
};
use tower_http::{
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
};

/// Routes for `dist/`: `/assets/*` (content-hashed names) and the SPA fallback.
pub fn router(dist: &Path) -> Router {
    let assets = ServeDir::new(dist.join("assets"))
        .precompressed_br()
        .precompressed_gzip();
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let shell = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(assets),
        )
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-cache"),
                ))
                .service(shell),
        )
}
