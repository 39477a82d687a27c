//! Accounts managed by others: a new one-time password for someone who lost
//! theirs or let it expire.

use crate::routes::endpoint::{self as ep, Endpoint};
use axum::{
    Json,
    extract::{Path, State},
};
use domain::{Role, api::PasswordReset, roster::ONETIME_VALID_SECS};

use crate::{
    auth::{self, CurrentUser},
    error::ApiError,
    state::AppState,
};

use super::{audit_entry, require};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::post(
            "/users/{username}/password-reset",
            "重新生成初始密码（管理员；辅导员限本班学生）",
            reset_password,
        )
        .bodiless(),
    ]
}

/// The admin resets anyone else; a counselor resets the students of their
/// classes. The account must change the password at its next login, its
/// sessions end, and the password is shown only in this answer.
async fn reset_password(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(username): Path<String>,
) -> Result<Json<PasswordReset>, ApiError> {
    require(&cu, &[Role::Admin, Role::Counselor])?;
    let username = username.trim().to_lowercase();
    let target = st
        .store
        .user_by_username(&username)?
        .ok_or(ApiError::NotFound)?;
    let allowed = match cu.user.role {
        Role::Admin => target.id != cu.user.id,
        Role::Counselor => {
            target.role == Role::Student
                && match target.classes.first() {
                    Some(class) => st.store.is_counselor_of(&cu.user.id, class)?,
                    None => false,
                }
        }
        _ => unreachable!("refused by require"),
    };
    if !allowed {
        // Someone outside the caller's scope is not confirmed to exist.
        return Err(if cu.user.role == Role::Admin {
            ApiError::Forbidden("不能重置本人的密码，请在账号设置中修改")
        } else {
            ApiError::NotFound
        });
    }
    let password = auth::onetime_password()?;
    let plain = password.clone();
    let hash = st
        .hash(move || crate::password::hash_onetime(&plain))
        .await?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let audit = audit_entry(
        &st,
        &cu,
        "password.reset",
        &target.id,
        serde_json::json!({ "username": target.username }),
    );
    let u = st
        .store
        .set_password(&target.id, &hash, true, &audit)?
        .ok_or(ApiError::NotFound)?;
    st.store.durable().await?;
    Ok(Json(PasswordReset {
        username: u.username,
        name: u.name,
        password,
        expires_at: audit.at + ONETIME_VALID_SECS,
    }))
}
