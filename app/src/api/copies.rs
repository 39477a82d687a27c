//! Copies (抄送): who is copied at each level, and setting them.

use super::*;
use domain::api::{Copies, CopyRule, SetCopies};

/// `GET /copies`.
pub async fn copies() -> Result<Copies, ApiError> {
    get("/copies").await
}

/// `PUT /copies/{college}/{stage}`.
pub async fn set_copies(
    college: &str,
    stage: &str,
    user_ids: Vec<String>,
) -> Result<CopyRule, ApiError> {
    send(
        Method::PUT,
        &format!("/copies/{college}/{stage}"),
        &SetCopies { user_ids },
        None,
    )
    .await
}
