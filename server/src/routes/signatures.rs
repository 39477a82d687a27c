//! Handwritten signatures: an approver keeps one (drawn on the page, or a
//! picture), cleaned like a seal (PNG or JPEG by content, bounded, without
//! metadata); each decision freezes the one used (`HistoryEntry::signature`),
//! and a printed form fetches that one through its nomination — readable by
//! whoever may read the nomination, and only if one of its steps names it.

use axum::{
    Json,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{DrawnSignature, SignatureInfo},
};
use serde_json::json;

use crate::{
    auth::CurrentUser,
    error::{ApiError, ApiJson, Upload},
    state::AppState,
    store::SignatureRecord,
};

use super::{audit_entry, endpoint as ep, endpoint::Endpoint, require};

/// Largest signature file, and its largest side in pixels.
pub const MAX_SIGNATURE_BYTES: usize = 512 * 1024;
const MAX_SIDE: u32 = 2000;
const SIGNERS: [Role; 3] = [Role::Counselor, Role::Dean, Role::Office];

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/me/signature", "本人的手写签名（有无、设置时间）", get),
        ep::put(
            "/me/signature",
            "保存手写签名（在页面上书写，或上传 PNG/JPEG 图片）",
            put,
        )
        .file(
            &["image/png", "image/jpeg"],
            "请上传 PNG 或 JPEG 格式的签名图片",
            MAX_SIGNATURE_BYTES,
        ),
        ep::put(
            "/me/signature/drawn",
            "保存在页面上书写的签名（PNG 的 data URL）",
            drawn,
        )
        .json::<DrawnSignature>(),
        ep::delete(
            "/me/signature",
            "删除手写签名（此后签字处显示姓名）",
            remove,
        ),
        ep::get("/me/signature/image", "本人手写签名的图片", image),
        ep::get(
            "/liaisons/{id}/signature",
            "聘书上的主任签名：聘任那一步审核所用的手写签名",
            appointing,
        ),
        ep::get(
            "/nominations/{id}/signatures/{sha256}",
            "推荐表某一步审核所用的手写签名（冻结，不随之后的修改变化）",
            frozen,
        ),
    ]
}

fn info(r: Option<SignatureRecord>) -> Json<SignatureInfo> {
    Json(SignatureInfo {
        sha256: r.as_ref().map(|r| r.sha256.clone()),
        set_at: r.map(|r| r.set_at),
    })
}

/// A signature picture, PNG or JPEG by its content, bounded and without
/// metadata (as seals and photos are cleaned).
fn clean(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return crate::png::clean(bytes, MAX_SIDE).map(|p| p.bytes);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return crate::image::clean(bytes).map(|i| i.bytes);
    }
    Err("只接受 PNG 或 JPEG 格式的签名图片（按文件内容识别，改扩展名无效）".into())
}

fn png(bytes: Vec<u8>) -> Response {
    let mime = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else {
        "image/png"
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            // A frozen signature never changes under its address.
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable",
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn get(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    require(&cu, &SIGNERS)?;
    Ok(info(st.store.signature_of(&cu.user.id)?).into_response())
}

async fn put(
    State(st): State<AppState>,
    cu: CurrentUser,
    body: Upload,
) -> Result<Response, ApiError> {
    require(&cu, &SIGNERS)?;
    keep(&st, &cu, body.read().await?.to_vec()).await
}

/// A signature written on the page's pad: the canvas's PNG as a data URL
/// (the client sends it as it comes, without decoding it itself).
async fn drawn(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<DrawnSignature>,
) -> Result<Response, ApiError> {
    require(&cu, &SIGNERS)?;
    let b64 = req
        .data_url
        .strip_prefix("data:image/png;base64,")
        .filter(|b| b.len() <= MAX_SIGNATURE_BYTES * 4 / 3 + 4)
        .ok_or_else(|| ApiError::BadImage("签名没有写好，请重写后再保存".into()))?;
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64)
        .map_err(|_| ApiError::BadImage("签名没有写好，请重写后再保存".into()))?;
    keep(&st, &cu, bytes).await
}

/// Cleans `body` and makes it the caller's signature.
async fn keep(st: &AppState, cu: &CurrentUser, body: Vec<u8>) -> Result<Response, ApiError> {
    let cleaned = st
        .parse(move || clean(&body))
        .await?
        .map_err(ApiError::BadImage)?;
    let audit = audit_entry(
        st,
        cu,
        "signature.set",
        &cu.user.id,
        json!({ "sha256": crate::store::codec::sha256_hex(&cleaned), "bytes": cleaned.len() }),
    );
    let r = st
        .store
        .put_signature(&cu.user.id, Some(&cleaned), st.clock.now(), &audit)?;
    st.store.durable().await?;
    Ok(info(r).into_response())
}

async fn remove(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    require(&cu, &SIGNERS)?;
    let audit = audit_entry(&st, &cu, "signature.remove", &cu.user.id, json!({}));
    st.store
        .put_signature(&cu.user.id, None, st.clock.now(), &audit)?;
    st.store.durable().await?;
    Ok(info(None).into_response())
}

async fn image(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    require(&cu, &SIGNERS)?;
    let sha = st
        .store
        .signature_of(&cu.user.id)?
        .ok_or(ApiError::NotFound)?
        .sha256;
    let bytes = st.store.submission_file(&sha)?.ok_or(ApiError::NotFound)?;
    Ok(png(bytes))
}

async fn frozen(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, sha)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let r = super::nominations::readable(&st, &cu, &id)?;
    if !r
        .history
        .iter()
        .any(|h| h.signature.as_deref() == Some(&sha))
    {
        return Err(ApiError::NotFound);
    }
    let bytes = st.store.submission_file(&sha)?.ok_or(ApiError::NotFound)?;
    Ok(png(bytes))
}

/// The signature the office's appointing step was signed with, for the
/// liaison's certificate (聘书); 404 without one (the seal alone, as before).
async fn appointing(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let l = super::liaisons::readable(&st, &cu, &id)?;
    let sha = st
        .store
        .nomination(&l.id)?
        .and_then(|n| {
            n.history
                .iter()
                .rev()
                .find(|h| h.action == "approve" && h.stage == Some(domain::workflow::Stage::Office))
                .and_then(|h| h.signature.clone())
        })
        .ok_or(ApiError::NotFound)?;
    let bytes = st.store.submission_file(&sha)?.ok_or(ApiError::NotFound)?;
    Ok(png(bytes))
}
