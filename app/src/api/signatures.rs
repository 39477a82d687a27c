//! The approver's own handwritten signature.

use super::*;
use domain::api::SignatureInfo;

/// `GET /me/signature`.
pub async fn signature() -> Result<SignatureInfo, ApiError> {
    get("/me/signature").await
}

/// `PUT /me/signature`: a chosen picture (the server tells PNG from JPEG).
pub async fn upload_signature(file: &web_sys::File) -> Result<SignatureInfo, ApiError> {
    let req = Request::put(&url("/me/signature"))
        .header("Content-Type", "application/octet-stream")
        .body(wasm_bindgen::JsValue::from(file.clone()));
    decode(&call(req).await?)
}

/// `PUT /me/signature/drawn`: the pad as the canvas gives it (a data URL).
pub async fn save_drawn_signature(data_url: String) -> Result<SignatureInfo, ApiError> {
    send(
        Method::PUT,
        "/me/signature/drawn",
        &domain::api::DrawnSignature { data_url },
        None,
    )
    .await
}

/// `DELETE /me/signature`.
pub async fn remove_signature() -> Result<SignatureInfo, ApiError> {
    decode(&call(Request::delete(&url("/me/signature")).build()).await?)
}

/// The address of the caller's signature now.
pub fn my_signature_url(sha256: &str) -> String {
    url(&format!("/me/signature/image?v={sha256}"))
}
