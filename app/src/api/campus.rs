//! Campus sign-in settings (the admin's).

use super::*;
use domain::{api::CampusView, campus::CampusSettings};

/// `GET /admin/campus`.
pub async fn campus_settings() -> Result<CampusView, ApiError> {
    get("/admin/campus").await
}

/// `PUT /admin/campus`: an empty client secret keeps the stored one.
pub async fn save_campus_settings(s: &CampusSettings) -> Result<CampusView, ApiError> {
    send(Method::PUT, "/admin/campus", s, None).await
}
