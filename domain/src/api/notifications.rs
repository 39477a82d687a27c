//! Notifications.

use serde::{Deserialize, Serialize};

/// One notification as its reader sees it (SPEC §13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Notification {
    pub id: String,
    pub kind: crate::notify::Kind,
    pub title: String,
    pub body: String,
    /// Where in the app it leads.
    pub link: String,
    /// China time, `YYYY-MM-DD HH:MM`.
    pub created_at: String,
    pub read: bool,
}

/// `GET /notifications`: newest first; `unread` counts all unread ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Notifications {
    pub notifications: Vec<Notification>,
    pub unread: u64,
}
