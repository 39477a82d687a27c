//! `GET /health`.

use crate::routes::endpoint::{self as ep, Endpoint};
use axum::Json;
use domain::api::Health;

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![ep::get("/health", "健康检查", health)]
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
    })
}
