//! The liaisons' duty log and the office's renewal review.

use super::*;

/// `GET /liaisons/{id}/log`.
pub async fn liaison_log(id: &str) -> Result<domain::api::LiaisonLog, ApiError> {
    get(&format!("/liaisons/{id}/log")).await
}

/// A pending duty log entry of liaison `liaison` (target: the entry id),
/// sent: `base_rev` 0 creates it under that id (a retry stores it once).
pub async fn sync_log(
    liaison: &str,
    p: domain::sync::Pending<domain::duty::LogInput>,
) -> Result<domain::sync::Reply<domain::duty::LogInput>, ApiError> {
    use domain::{
        api::{LogCreate, LogEntryEnvelope},
        sync::Reply,
    };
    let path = format!("/liaisons/{liaison}/log");
    let sent = if p.base_rev == 0 {
        let body = LogCreate {
            id: Some(p.target.clone()),
            input: p.value.clone(),
        };
        send::<_, LogEntryEnvelope>(Method::POST, &path, &body, None).await
    } else {
        let path = format!("{path}/{}", p.target);
        send::<_, LogEntryEnvelope>(Method::PUT, &path, &p.value, Some(p.base_rev)).await
    };
    match sent {
        Ok(e) => Ok(Reply::Stored(e.entry.rev, e.entry.input)),
        Err(e) if e.status == 412 => e
            .body
            .as_ref()
            .and_then(|b| b.current.clone())
            .and_then(|c| serde_json::from_value::<LogEntryEnvelope>(c).ok())
            .map(|c| Reply::Stale(c.entry.rev, c.entry.input))
            .ok_or(e),
        Err(e) => Err(e),
    }
}

/// `DELETE /liaisons/{liaison}/log/{entry}`.
pub async fn delete_log(liaison: &str, entry: &str, rev: u64) -> Result<(), ApiError> {
    let req = Request::delete(&url(&format!("/liaisons/{liaison}/log/{entry}")))
        .header("If-Match", &format!("\"{rev}\""))
        .build();
    call(req).await.map(|_| ())
}

/// `POST /liaisons/{liaison}/log/{entry}/photos`: the image file as it is.
pub async fn upload_log_photo(
    liaison: &str,
    entry: &str,
    file: &web_sys::File,
) -> Result<(), ApiError> {
    let req = Request::post(&url(&format!("/liaisons/{liaison}/log/{entry}/photos")))
        .header("Content-Type", "application/octet-stream")
        .body(wasm_bindgen::JsValue::from(file.clone()));
    call(req).await.map(|_| ())
}

/// `POST /liaisons/{liaison}/log/{entry}/reply`.
pub async fn reply_log(
    liaison: &str,
    entry: &str,
    reply: &domain::api::LogReply,
) -> Result<(), ApiError> {
    let path = format!("/liaisons/{liaison}/log/{entry}/reply");
    send::<_, IgnoredAny>(Method::POST, &path, reply, None)
        .await
        .map(|_| ())
}

/// `GET /duty-log?…`: the logs in the caller's scope.
pub async fn duty_overview(query: &str) -> Result<domain::api::DutyOverview, ApiError> {
    get(&format!("/duty-log?{query}")).await
}

/// `GET /liaisons/renewals`.
#[cfg(feature = "office")]
pub async fn renewals() -> Result<domain::api::Renewals, ApiError> {
    get("/liaisons/renewals").await
}
