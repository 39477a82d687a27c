//! The account: signing in and out, one's own details and password, a reset.

use super::*;

/// `POST /users/{username}/password-reset`: a new one-time password.
#[cfg(any(feature = "counselor", feature = "admin"))]
pub async fn reset_password(username: &str) -> Result<domain::api::PasswordReset, ApiError> {
    let path = format!(
        "/users/{}/password-reset",
        js_sys::encode_uri_component(username.trim())
    );
    decode(&send_text(Method::POST, &path, String::new(), None).await?)
}

/// `GET /me`: the signed-in user, or 401.
pub async fn me() -> Result<User, ApiError> {
    Ok(get::<UserEnvelope>("/me").await?.user)
}

/// `POST /session`.
pub async fn login(username: String, password: String) -> Result<User, ApiError> {
    let body = LoginRequest { username, password };
    Ok(
        send::<_, UserEnvelope>(Method::POST, "/session", &body, None)
            .await?
            .user,
    )
}

/// `DELETE /session`.
pub async fn logout() -> Result<(), ApiError> {
    call(Request::delete(&url("/session")).build())
        .await
        .map(|_| ())
}

/// `PATCH /me`, based on revision `rev`.
pub async fn update_profile(rev: u64, change: &UpdateProfile) -> Result<User, ApiError> {
    Ok(
        send::<_, UserEnvelope>(Method::PATCH, "/me", change, Some(rev))
            .await?
            .user,
    )
}

/// `POST /me/password`.
pub async fn change_password(current: String, new: String) -> Result<User, ApiError> {
    let body = ChangePassword {
        current_password: current,
        new_password: new,
    };
    Ok(
        send::<_, UserEnvelope>(Method::POST, "/me/password", &body, None)
            .await?
            .user,
    )
}
