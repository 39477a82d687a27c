//! The only module that knows URLs and HTTP. Error bodies become [`ApiError`].

use domain::api::{ChangePassword, ErrorBody, LoginRequest, UpdateProfile, User, UserEnvelope};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// A failed call, with the server's Chinese message when it sent one.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub body: Option<ErrorBody>,
}

impl ApiError {
    pub fn message(&self) -> String {
        match &self.body {
            Some(b) => b.error.message.clone(),
            None if self.status == 0 => "无法连接服务器，请检查网络后重试".into(),
            None => format!("服务器返回错误（{}），请稍后再试", self.status),
        }
    }

    /// The per-field message for `field`, from a 422.
    pub fn field(&self, field: &str) -> Option<String> {
        self.body.as_ref()?.error.fields.get(field).cloned()
    }

    fn network() -> ApiError {
        ApiError {
            status: 0,
            body: None,
        }
    }
}

const BASE: &str = "/api/v1";

async fn read<T: DeserializeOwned>(res: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    let res = res.map_err(|_| ApiError::network())?;
    if res.ok() {
        res.json::<T>().await.map_err(|_| ApiError {
            status: res.status(),
            body: None,
        })
    } else {
        Err(ApiError {
            status: res.status(),
            body: res.json::<ErrorBody>().await.ok(),
        })
    }
}

/// `GET /me`: the signed-in user, or 401.
pub async fn me() -> Result<User, ApiError> {
    let env: UserEnvelope = read(Request::get(&format!("{BASE}/me")).send().await).await?;
    Ok(env.user)
}

/// `POST /session`.
pub async fn login(username: String, password: String) -> Result<User, ApiError> {
    let req = Request::post(&format!("{BASE}/session"))
        .json(&LoginRequest { username, password })
        .map_err(|_| ApiError::network())?;
    let env: UserEnvelope = read(req.send().await).await?;
    Ok(env.user)
}

/// `DELETE /session`.
pub async fn logout() -> Result<(), ApiError> {
    let res = Request::delete(&format!("{BASE}/session"))
        .send()
        .await
        .map_err(|_| ApiError::network())?;
    if res.ok() {
        Ok(())
    } else {
        Err(ApiError {
            status: res.status(),
            body: res.json::<ErrorBody>().await.ok(),
        })
    }
}

/// `PATCH /me`, based on revision `rev`.
pub async fn update_profile(rev: u64, change: &UpdateProfile) -> Result<User, ApiError> {
    let req = Request::patch(&format!("{BASE}/me"))
        .header("If-Match", &format!("\"{rev}\""))
        .json(change)
        .map_err(|_| ApiError::network())?;
    let env: UserEnvelope = read(req.send().await).await?;
    Ok(env.user)
}

/// `POST /me/password`.
pub async fn change_password(current: String, new: String) -> Result<User, ApiError> {
    let req = Request::post(&format!("{BASE}/me/password"))
        .json(&ChangePassword {
            current_password: current,
            new_password: new,
        })
        .map_err(|_| ApiError::network())?;
    let env: UserEnvelope = read(req.send().await).await?;
    Ok(env.user)
}
