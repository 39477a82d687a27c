//! A roster import's job: its progress, and the one-time passwords once.

use super::*;

/// `GET /jobs/{id}`: a job's progress and outcome, for the one who started it.
pub(super) async fn job(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let rec = st
        .store
        .job(&id)?
        .filter(|j| j.owner == cu.user.id)
        .ok_or(ApiError::NotFound)?;
    Ok(Json(JobEnvelope { job: rec.job }).into_response())
}

pub(super) async fn download_passwords(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let rec = st.store.take_onetime(&id)?.ok_or(ApiError::Gone(
        "初始密码只能下载一次：该文件已下载过或已过期。如需重置，请为相应账号重新生成密码。",
    ))?;
    let plain: Vec<[String; 4]> = if rec.sealed.is_empty() {
        rec.rows
    } else {
        st.onetime_key
            .open(&rec.sealed)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or(ApiError::Gone(
                "初始密码无法解密：数据目录中的密钥文件 onetime.key 已被更换。请为相应账号重新生成密码。",
            ))?
    };
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "roster.passwords.download",
        &id,
        json!({ "accounts": plain.len() }),
    ))?;
    st.store.durable().await?;
    let rows: Vec<Vec<String>> = plain.into_iter().map(Vec::from).collect();
    let bytes = xlsx::write_sheet("初始密码", &["用户名", "姓名", "角色", "初始密码"], &rows)
        .map_err(ApiError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, xlsx::MIME.to_owned()),
            attachment("passwords.xlsx", "初始密码.xlsx"),
        ],
        bytes,
    )
        .into_response())
}
