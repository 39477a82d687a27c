//! The only module that knows URLs and HTTP. Error bodies become [`ApiError`].

mod account;
#[cfg(feature = "admin")]
mod campus;
#[cfg(not(any(feature = "dean", feature = "office", feature = "admin")))]
mod classmates;
#[cfg(any(feature = "dean", feature = "office"))]
mod copies;
mod directory;
mod downloads;
#[cfg(not(feature = "admin"))]
mod duty;
mod liaisons;
mod nominations;
mod notifications;
mod org;
mod photos;
#[cfg(any(feature = "dean", feature = "office"))]
mod robots;
#[cfg(any(feature = "counselor", feature = "dean", feature = "office"))]
mod signatures;
#[cfg(any(feature = "counselor", feature = "dean", feature = "office"))]
mod standins;
#[cfg(any(feature = "dean", feature = "office"))]
mod submissions;

pub use account::*;
#[cfg(feature = "admin")]
pub use campus::*;
#[cfg(not(any(feature = "dean", feature = "office", feature = "admin")))]
pub use classmates::*;
#[cfg(any(feature = "dean", feature = "office"))]
pub use copies::*;
pub use directory::*;
pub use downloads::*;
#[cfg(not(feature = "admin"))]
pub use duty::*;
pub use liaisons::*;
pub use nominations::*;
pub use notifications::*;
pub use org::*;
pub use photos::*;
#[cfg(any(feature = "dean", feature = "office"))]
pub use robots::*;
#[cfg(any(feature = "counselor", feature = "dean", feature = "office"))]
pub use signatures::*;
#[cfg(any(feature = "counselor", feature = "dean", feature = "office"))]
pub use standins::*;
#[cfg(any(feature = "dean", feature = "office"))]
pub use submissions::*;

use domain::{
    api::{
        BulkResult, Campaigns, ChangePassword, Classes, Colleges, Counselor, Counselors,
        CreateNomination, DecisionRequest, ErrorBody, Job, JobEnvelope, LoginRequest, Nomination,
        NominationEnvelope, Nominations, RowError, SealInfo, Seals, Summary, UpdateProfile, User,
        UserEnvelope,
    },
    org::{Campaign, Class, College, NewCampaign, NewClass, NewCollege},
};
use gloo_net::http::{Method, Request, RequestBuilder};
use serde::{
    Serialize,
    de::{DeserializeOwned, IgnoredAny},
};

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

    /// Row-level reasons of a rejected import.
    pub fn rows(&self) -> Vec<RowError> {
        self.body
            .as_ref()
            .and_then(|b| b.rows.clone())
            .unwrap_or_default()
    }

    fn network() -> ApiError {
        ApiError {
            status: 0,
            body: None,
        }
    }
}

const BASE: &str = "/api/v1";

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// Sends a request and reads its body as text. Not generic, so the async
/// machinery exists once in the binary rather than once per answer type.
async fn call(req: Result<Request, gloo_net::Error>) -> Result<String, ApiError> {
    let res = req
        .map_err(|_| ApiError::network())?
        .send()
        .await
        .map_err(|_| ApiError::network())?;
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    crate::local::touch();
    if status == 401 && !res.url().ends_with("/api/v1/session") {
        // The session ended on the server (a wrong password is 401 at
        // login only).
        crate::session::ended();
    }
    if res.ok() {
        Ok(text)
    } else {
        Err(ApiError {
            status,
            body: serde_json::from_str::<ErrorBody>(&text).ok(),
        })
    }
}

/// The JSON answer as `T`; an empty body reads as JSON `null` (204).
fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(if text.is_empty() { "null" } else { text }).map_err(|_| ApiError {
        status: 200,
        body: None,
    })
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(&call(Request::get(&url(path)).build()).await?)
}

/// Sends `body` as JSON; `rev` becomes `If-Match`.
async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
    rev: Option<u64>,
) -> Result<T, ApiError> {
    let text = serde_json::to_string(body).map_err(|_| ApiError::network())?;
    decode(&send_text(method, path, text, rev).await?)
}

async fn send_text(
    method: Method,
    path: &str,
    body: String,
    rev: Option<u64>,
) -> Result<String, ApiError> {
    let mut req = RequestBuilder::new(&url(path))
        .method(method)
        .header("Content-Type", "application/json");
    if let Some(rev) = rev {
        req = req.header("If-Match", &format!("\"{rev}\""));
    }
    call(req.body(body)).await
}

/// Uploads a file as the request body.
async fn upload<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
    mime: &str,
) -> Result<T, ApiError> {
    let req = Request::post(&url(path))
        .header("Content-Type", mime)
        .body(wasm_bindgen::JsValue::from(file.clone()));
    decode(&call(req).await?)
}

/// The media type of an Excel workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
