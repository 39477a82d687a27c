//! A user's notifications (SPEC §13): the list with the unread count, and
//! marking read. Only one's own: another user's id is 404.

use crate::routes::endpoint::{self as ep, Endpoint};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use domain::api::{Notification, Notifications};
use serde::Deserialize;

use crate::{
    auth::CurrentUser,
    error::{ApiError, ApiQuery},
    state::AppState,
    store::NotificationRecord,
};

use super::directory::china_time;

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/notifications",
            "本人的通知，新的在前（?before=&size=；size=0 只要未读数）",
            list,
        )
        .query::<Page>(),
        ep::post("/notifications/read-all", "全部标为已读", read_all).bodiless(),
        ep::post("/notifications/{id}/read", "标为已读", read_one).bodiless(),
    ]
}

/// Page size when not asked for.
const PAGE: usize = 30;
const MAX_PAGE: usize = 100;

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct Page {
    /// Only notifications older than this id (the last one of a page).
    before: Option<String>,
    /// How many (default 30, at most 100; 0: the unread count only).
    size: Option<usize>,
}

fn view(n: NotificationRecord) -> Notification {
    Notification {
        id: n.id.to_string(),
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        created_at: china_time(n.created_at),
        read: n.read,
    }
}

fn id_of(s: &str) -> Result<u64, ApiError> {
    s.parse().map_err(|_| ApiError::NotFound)
}

/// `GET /notifications?before=&size=`: newest first. Notifications older
/// than 180 days are removed as the list is read.
async fn list(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(p): ApiQuery<Page>,
) -> Result<Json<Notifications>, ApiError> {
    let cutoff = st.clock.now() - domain::notify::KEEP_DAYS * 24 * 3600;
    st.store.prune_notifications(&cu.user.id, cutoff)?;
    let before = p.before.as_deref().map(id_of).transpose()?;
    let size = p.size.unwrap_or(PAGE).min(MAX_PAGE);
    let notifications = st
        .store
        .notifications(&cu.user.id, before, size)?
        .into_iter()
        .map(view)
        .collect();
    Ok(Json(Notifications {
        notifications,
        unread: st.store.unread_count(&cu.user.id)?,
    }))
}

/// `POST /notifications/{id}/read`.
async fn read_one(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !st.store.mark_read(&cu.user.id, id_of(&id)?)? {
        return Err(ApiError::NotFound);
    }
    st.store.durable().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /notifications/read-all`.
async fn read_all(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    st.store.mark_all_read(&cu.user.id)?;
    st.store.durable().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
