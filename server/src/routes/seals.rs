//! Seals (印章): the admin uploads one PNG per college and one for the center;
//! printed forms and certificates draw them.

use crate::routes::endpoint::{self as ep, Endpoint};
use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{SealInfo, Seals},
};
use serde_json::json;

use crate::{
    auth::CurrentUser,
    error::{ApiError, Upload},
    png,
    state::AppState,
};

use super::{audit_entry, require};

/// Largest seal file, and its largest side in pixels.
pub const MAX_SEAL_BYTES: usize = 512 * 1024;
const MAX_SIDE: u32 = 2000;
/// The owner name of the center's seal; colleges use their code.
pub const CENTER: &str = "center";

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/seals", "印章列表", list),
        ep::put("/seals/{owner}", "上传印章 PNG（管理员）", upload).file(
            &["image/png"],
            "请上传 PNG 格式的印章图片",
            MAX_SEAL_BYTES,
        ),
        ep::get("/seals/{owner}/image", "印章图片", image),
    ]
}

/// Seal owners: the center and every college, with their names.
fn owners(st: &AppState) -> Result<Vec<(String, String)>, ApiError> {
    let mut v = vec![(CENTER.to_owned(), "校友服务与发展中心".to_owned())];
    v.extend(st.store.colleges()?.into_iter().map(|c| (c.code, c.name)));
    Ok(v)
}

/// Whose seal a member of staff may see: the center's (on every approved
/// form) and their own college's; the office and the admin every one.
fn may_see(st: &AppState, cu: &CurrentUser, owner: &str) -> Result<bool, ApiError> {
    let u = &cu.user;
    Ok(match u.role {
        Role::Admin | Role::Office => true,
        _ if owner == CENTER => true,
        Role::Dean => u.college.as_deref() == Some(owner),
        Role::Counselor => {
            let mut own = false;
            for id in u.class_ids(&st.store)? {
                own |= st.views.class(&id)?.is_some_and(|c| c.college == owner);
            }
            own
        }
        _ => false,
    })
}

async fn list(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin, Role::Office, Role::Dean])?;
    let mut seals = Vec::new();
    for (owner, name) in owners(&st)? {
        let img = st
            .store
            .seal(&owner)?
            .and_then(|b| png::clean(&b, u32::MAX).ok());
        seals.push(SealInfo {
            owner,
            name,
            uploaded: img.is_some(),
            width: img.as_ref().map(|p| p.width),
            height: img.as_ref().map(|p| p.height),
        });
    }
    Ok(Json(Seals { seals }).into_response())
}

async fn upload(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(owner): Path<String>,
    body: Upload,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    if !owners(&st)?.iter().any(|(o, _)| *o == owner) {
        return Err(ApiError::NotFound);
    }
    let body = body.read().await?;
    let png = st
        .parse(move || png::clean(&body, MAX_SIDE))
        .await?
        .map_err(ApiError::BadImage)?;
    let audit = audit_entry(
        &st,
        &cu,
        "seal.upload",
        &owner,
        json!({ "width": png.width, "height": png.height, "bytes": png.bytes.len() }),
    );
    st.store.put_seal(&owner, &png.bytes, &audit)?;
    st.store.durable().await?;
    Ok((StatusCode::OK, Json(json!({ "seal": { "owner": owner, "uploaded": true, "width": png.width, "height": png.height } }))).into_response())
}

async fn image(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(owner): Path<String>,
) -> Result<Response, ApiError> {
    // Students never need seals; staff see them on printed forms.
    require(
        &cu,
        &[Role::Admin, Role::Office, Role::Dean, Role::Counselor],
    )?;
    if !may_see(&st, &cu, &owner)? {
        return Err(ApiError::NotFound);
    }
    let bytes = st.store.seal(&owner)?.ok_or(ApiError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "private, no-cache"),
        ],
        bytes,
    )
        .into_response())
}
