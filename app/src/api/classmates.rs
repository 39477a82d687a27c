//! The September round's class link and the classmates' proposed changes
//! (the liaison's and counselor's side).

use super::*;
use domain::api::{ClassLinkEnvelope, ClassmateRound, Decision, Decisions};

fn link_path(class: &str) -> String {
    format!("/classes/{class}/classmates/link")
}

/// `GET /classes/{id}/classmates/link`.
pub async fn class_link(class: &str) -> Result<ClassLinkEnvelope, ApiError> {
    get(&link_path(class)).await
}

/// `POST /classes/{id}/classmates/link`: a new link in the place of the last.
pub async fn make_class_link(class: &str) -> Result<ClassLinkEnvelope, ApiError> {
    decode(&send_text(Method::POST, &link_path(class), String::new(), None).await?)
}

/// `DELETE /classes/{id}/classmates/link`.
pub async fn end_class_link(class: &str) -> Result<ClassLinkEnvelope, ApiError> {
    decode(&call(Request::delete(&url(&link_path(class))).build()).await?)
}

/// The QR code's address (an image the page shows).
pub fn class_link_qr(class: &str, made_at: i64) -> String {
    url(&format!("{}.svg?v={made_at}", link_path(class)))
}

/// `GET /classes/{id}/classmates`.
pub async fn classmate_round(class: &str) -> Result<ClassmateRound, ApiError> {
    get(&format!("/classes/{class}/classmates")).await
}

/// `PUT /classes/{id}/classmates/{student}`: one decision.
pub async fn decide_classmate(
    class: &str,
    student: &str,
    decision: Decision,
) -> Result<ClassmateRound, ApiError> {
    let body = Decisions {
        decisions: vec![decision],
    };
    send(
        Method::PUT,
        &format!("/classes/{class}/classmates/{student}"),
        &body,
        None,
    )
    .await
}
