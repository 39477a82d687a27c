//! A class's graduation photo and its list of names.

use super::*;

/// `GET /classes/{class}/photo`.
pub async fn photo(class: &str) -> Result<domain::api::Photo, ApiError> {
    Ok(
        get::<domain::api::PhotoEnvelope>(&format!("/classes/{class}/photo"))
            .await?
            .photo,
    )
}

/// `PUT /classes/{class}/photo`: the image file as it is.
pub async fn upload_photo(
    class: &str,
    file: &web_sys::File,
) -> Result<domain::api::Photo, ApiError> {
    let req = Request::put(&url(&format!("/classes/{class}/photo")))
        .header("Content-Type", "application/octet-stream")
        .body(wasm_bindgen::JsValue::from(file.clone()));
    Ok(decode::<domain::api::PhotoEnvelope>(&call(req).await?)?.photo)
}

/// `PUT /classes/{class}/photo/names`.
pub async fn save_photo_names(class: &str, text: String) -> Result<domain::api::Photo, ApiError> {
    let body = domain::api::NamesRequest { text };
    Ok(send::<_, domain::api::PhotoEnvelope>(
        Method::PUT,
        &format!("/classes/{class}/photo/names"),
        &body,
        None,
    )
    .await?
    .photo)
}
