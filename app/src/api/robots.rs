//! Work-chat robots: the college's or the office's, setting and testing one.

use super::*;
use domain::api::{RobotEnvelope, Robots, SetRobot};

/// `GET /robots`.
pub async fn robots() -> Result<Robots, ApiError> {
    get("/robots").await
}

/// `PUT /robots/{kind}`.
pub async fn set_robot(kind: &str, body: &SetRobot) -> Result<RobotEnvelope, ApiError> {
    send(Method::PUT, &format!("/robots/{kind}"), body, None).await
}

/// `DELETE /robots/{kind}`.
pub async fn remove_robot(kind: &str) -> Result<Robots, ApiError> {
    decode(&call(Request::delete(&url(&format!("/robots/{kind}"))).build()).await?)
}

/// `POST /robots/{kind}/test`.
pub async fn test_robot(kind: &str) -> Result<RobotEnvelope, ApiError> {
    decode(
        &send_text(
            Method::POST,
            &format!("/robots/{kind}/test"),
            String::new(),
            None,
        )
        .await?,
    )
}
