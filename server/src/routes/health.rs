//! `GET /health`.

use axum::{Json, Router, routing::get};
use domain::api::Health;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
    })
}
