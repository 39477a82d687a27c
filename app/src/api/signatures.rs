//! The approver's own handwritten signature.

use super::*;
use domain::api::SignatureInfo;

/// `GET /me/signature`.
pub async fn signature() -> Result<SignatureInfo, ApiError> {
    get("/me/signature").await
}

/// `PUT /me/signature`: `body` is the picture (drawn, or a chosen file).
pub async fn save_signature(
    body: wasm_bindgen::JsValue,
    mime: &str,
) -> Result<SignatureInfo, ApiError> {
    let req = Request::put(&url("/me/signature"))
        .header("Content-Type", mime)
        .body(body);
    decode(&call(req).await?)
}

/// `DELETE /me/signature`.
pub async fn remove_signature() -> Result<SignatureInfo, ApiError> {
    decode(&call(Request::delete(&url("/me/signature")).build()).await?)
}

/// The address of the caller's signature now.
pub fn my_signature_url(sha256: &str) -> String {
    url(&format!("/me/signature/image?v={sha256}"))
}
