//! The bell and the notifications page.

use super::*;

#[derive(serde::Deserialize)]
struct UnreadOnly {
    unread: u64,
}

/// The unread count alone (`size=0`): the bell, in every first load, so it
/// decodes one number and nothing else.
pub async fn unread_count() -> Result<u64, ApiError> {
    get::<UnreadOnly>("/notifications?size=0")
        .await
        .map(|u| u.unread)
}

/// One page of notifications, older than `before` when given.
pub async fn notifications(before: Option<&str>) -> Result<domain::api::Notifications, ApiError> {
    match before {
        Some(id) => get(&format!("/notifications?before={id}")).await,
        None => get("/notifications").await,
    }
}

/// Marks one read (`None`: all).
pub async fn mark_read(id: Option<&str>) -> Result<(), ApiError> {
    let path = match id {
        Some(id) => format!("/notifications/{id}/read"),
        None => "/notifications/read-all".to_owned(),
    };
    send_text(Method::POST, &path, String::new(), None)
        .await
        .map(|_| ())
}
