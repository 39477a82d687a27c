//! Colleges: the list, a new one, a new name.

use super::*;

pub(super) async fn list_colleges(
    State(st): State<AppState>,
    _: CurrentUser,
) -> Result<Response, ApiError> {
    Ok(Json(json!({ "colleges": st.store.colleges()? })).into_response())
}

pub(super) async fn create_college(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<NewCollege>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let college = req.parse().map_err(ApiError::fields)?;
    let audit = audit_entry(
        &st,
        &cu,
        "college.create",
        &college.code,
        json!({ "name": college.name }),
    );
    if !st.store.insert_college(&college, &audit)? {
        return Err(ApiError::Conflict(format!(
            "学院代码 {} 已存在",
            college.code
        )));
    }
    st.store.durable().await?;
    Ok((
        StatusCode::CREATED,
        [etag(college.rev)],
        Json(json!({ "college": college })),
    )
        .into_response())
}

pub(super) async fn rename_college(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(code): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<domain::api::Rename>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let expected_rev = if_match(&headers)?;
    let checked = NewCollege {
        code: code.clone(),
        name: req.name,
    }
    .parse()
    .map_err(ApiError::fields)?;
    let audit = audit_entry(
        &st,
        &cu,
        "college.rename",
        &code,
        json!({ "name": checked.name }),
    );
    let write = Write::new(expected_rev, &audit);
    let outcome = st
        .store
        .update_college(&code, &write, |c| c.name = checked.name.clone())?;
    settle(&st, outcome, |c| {
        Ok(([etag(c.rev)], Json(json!({ "college": c }))).into_response())
    })
    .await
}
