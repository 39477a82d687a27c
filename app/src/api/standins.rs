//! Stand-ins (代理审批): the approver's own, naming one, ending one.

use super::*;
use domain::api::{NewStandIn, StandInEnvelope, StandIns};

/// `GET /standins`.
pub async fn standins() -> Result<StandIns, ApiError> {
    get("/standins").await
}

/// `POST /standins`.
pub async fn name_standin(body: &NewStandIn) -> Result<StandInEnvelope, ApiError> {
    send(Method::POST, "/standins", body, None).await
}

/// `DELETE /standins/{id}`: ends it today.
pub async fn end_standin(id: &str) -> Result<StandInEnvelope, ApiError> {
    decode(&call(Request::delete(&url(&format!("/standins/{id}"))).build()).await?)
}
