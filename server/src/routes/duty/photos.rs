//! An activity's photos: upload (cleaned), read, delete.

use super::*;

/// `POST /liaisons/{id}/log/{entry}/photos`: one photo (JPEG or PNG, the
/// graduation photo's rules) for an activity, at most three.
pub(super) async fn add_photo(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry)): Path<(String, String)>,
    body: Upload,
) -> Result<Response, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let cur = st.store.log_entry(&id, &entry)?.ok_or(ApiError::NotFound)?;
    let full = "每条活动最多 3 张照片";
    if cur.input.kind != LogKind::Activity {
        return Err(ApiError::Conflict("只有校友活动可以上传照片".into()));
    }
    if cur.photos.len() >= duty::MAX_PHOTOS {
        return Err(ApiError::Conflict(full.into()));
    }
    let img = crate::routes::photos::uploaded_photo(&st, body.read().await?).await?;
    let photo = uuid::Uuid::new_v4().simple().to_string();
    let audit = audit_entry(
        &st,
        &cu,
        "log.photo",
        &entry,
        serde_json::json!({ "liaison": id, "bytes": img.bytes.len() }),
    );
    let out = st.store.log_step(
        &id,
        &entry,
        None,
        Some((&photo, &img.bytes)),
        &audit,
        &Post::default(),
        |old| {
            let Some(o) = old else {
                return LogStep::Missing;
            };
            if o.photos.len() >= duty::MAX_PHOTOS {
                return LogStep::Refuse(full);
            }
            let mut r = o.clone();
            r.photos.push(photo.clone());
            LogStep::Put(r)
        },
    )?;
    a.answer(&st, out, true).await
}

/// `GET /liaisons/{id}/log/{entry}/photos/{photo}`.
pub(super) async fn photo(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry, photo)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    Access::of(&st, &cu, &id)?;
    let r = st.store.log_entry(&id, &entry)?.ok_or(ApiError::NotFound)?;
    if !r.photos.contains(&photo) {
        return Err(ApiError::NotFound);
    }
    let bytes = st
        .store
        .log_photo(&id, &entry, &photo)?
        .ok_or(ApiError::NotFound)?;
    let mime = if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else {
        "image/jpeg"
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        bytes,
    )
        .into_response())
}

/// `DELETE /liaisons/{id}/log/{entry}/photos/{photo}`.
pub(super) async fn remove_photo(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry, photo)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let audit = audit_entry(
        &st,
        &cu,
        "log.photo_delete",
        &entry,
        serde_json::json!({ "liaison": id, "photo": photo }),
    );
    let out = st.store.log_step(
        &id,
        &entry,
        None,
        None,
        &audit,
        &Post::default(),
        |old| match old {
            Some(o) if o.photos.contains(&photo) => {
                let mut r = o.clone();
                r.photos.retain(|p| *p != photo);
                LogStep::Put(r)
            }
            _ => LogStep::Missing,
        },
    )?;
    a.answer(&st, out, false).await
}
