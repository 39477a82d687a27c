//! A loopback receiver that answers as 企业微信's and 钉钉's webhooks do,
//! checking what their documentation asks and refusing otherwise:
//!
//! - `POST /cgi-bin/webhook/send?key=<key>`: JSON `msgtype` `text` or
//!   `markdown`, the content at most 4096 bytes (markdown) or 2048 (text);
//!   a wrong key answers `{"errcode":93000,…}`.
//! - `POST /robot/send?access_token=<token>&timestamp=<ms>&sign=<sign>`:
//!   the timestamp within an hour of now, `sign` =
//!   base64(HMAC-SHA256(secret, timestamp + "\n" + secret)) (URL-encoded
//!   in the query); `310000 sign not match` otherwise.
//!
//! Every accepted message is kept; the first `fail_first` requests answer
//! HTTP 500 (to see retries).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::post,
};
use base64::{Engine, engine::general_purpose::STANDARD as B64};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};

/// One message a robot accepted: which platform and the JSON posted.
#[derive(Debug, Clone)]
pub struct Received {
    pub platform: &'static str,
    pub body: Value,
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    refused: Vec<String>,
    fail_first: usize,
    seen: usize,
}

#[derive(Clone)]
struct Shared {
    key: String,
    token: String,
    secret: String,
    inner: Arc<Mutex<Inner>>,
}

/// The receiver, stopped when dropped.
pub struct Receiver {
    pub addr: std::net::SocketAddr,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Receiver {
    /// Starts on 127.0.0.1 with the 企业微信 `key`, and the 钉钉
    /// `token` and signing `secret` it expects.
    pub async fn start(key: &str, token: &str, secret: &str) -> anyhow::Result<Receiver> {
        let shared = Shared {
            key: key.into(),
            token: token.into(),
            secret: secret.into(),
            inner: Arc::default(),
        };
        let app = Router::new()
            .route("/cgi-bin/webhook/send", post(wecom))
            .route("/robot/send", post(dingtalk))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Receiver { addr, shared, task })
    }

    /// `host:port`, for the server's allowed robot hosts.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn wecom_url(&self, key: &str) -> String {
        format!("http://{}/cgi-bin/webhook/send?key={key}", self.addr)
    }

    pub fn dingtalk_url(&self, token: &str) -> String {
        format!("http://{}/robot/send?access_token={token}", self.addr)
    }

    /// The next `n` requests answer HTTP 500.
    pub fn fail_next(&self, n: usize) {
        let mut i = self.lock();
        i.fail_first = i.seen + n;
    }

    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// Why requests were refused, in order.
    pub fn refused(&self) -> Vec<String> {
        self.lock().refused.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.shared
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

type Answer = (axum::http::StatusCode, Json<Value>);

fn ok() -> Answer {
    (
        axum::http::StatusCode::OK,
        Json(json!({"errcode": 0, "errmsg": "ok"})),
    )
}

fn no(inner: &mut Inner, code: i64, why: &str) -> Answer {
    inner.refused.push(why.to_owned());
    (
        axum::http::StatusCode::OK,
        Json(json!({"errcode": code, "errmsg": why})),
    )
}

/// Counts the request; an HTTP 500 while failing on purpose.
fn failing(inner: &mut Inner) -> Option<Answer> {
    inner.seen += 1;
    (inner.seen <= inner.fail_first).then(|| {
        (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({})),
        )
    })
}

async fn wecom(
    State(s): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: String,
) -> Answer {
    let mut inner = s
        .inner
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(a) = failing(&mut inner) {
        return a;
    }
    if q.get("key") != Some(&s.key) {
        return no(&mut inner, 93000, "invalid webhook url");
    }
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return no(&mut inner, 40008, "invalid message type");
    };
    let (content, max) = match v["msgtype"].as_str() {
        Some("markdown") => (v["markdown"]["content"].as_str(), 4096),
        Some("text") => (v["text"]["content"].as_str(), 2048),
        _ => return no(&mut inner, 40008, "invalid message type"),
    };
    match content {
        Some(c) if !c.is_empty() && c.len() <= max => {}
        _ => return no(&mut inner, 40058, "content exceed max length"),
    }
    inner.received.push(Received {
        platform: "wecom",
        body: v,
    });
    ok()
}

async fn dingtalk(
    State(s): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: String,
) -> Answer {
    let mut inner = s
        .inner
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(a) = failing(&mut inner) {
        return a;
    }
    if q.get("access_token") != Some(&s.token) {
        return no(&mut inner, 300001, "token is not exist");
    }
    let ts: i64 = q.get("timestamp").and_then(|t| t.parse().ok()).unwrap_or(0);
    let now = (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
    if (now - ts).abs() > 3_600_000 {
        return no(&mut inner, 310000, "invalid timestamp");
    }
    let mut mac =
        <Hmac<sha2::Sha256> as Mac>::new_from_slice(s.secret.as_bytes()).expect("any key length");
    mac.update(format!("{ts}\n{}", s.secret).as_bytes());
    let want = B64.encode(mac.finalize().into_bytes());
    if q.get("sign") != Some(&want) {
        return no(&mut inner, 310000, "sign not match");
    }
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return no(&mut inner, 40035, "missing msgtype");
    };
    let fine = match v["msgtype"].as_str() {
        Some("markdown") => {
            v["markdown"]["title"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
                && v["markdown"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty() && t.len() <= 20_000)
        }
        Some("text") => v["text"]["content"].as_str().is_some_and(|t| !t.is_empty()),
        _ => false,
    };
    if !fine {
        return no(&mut inner, 40035, "missing or bad markdown");
    }
    inner.received.push(Received {
        platform: "dingtalk",
        body: v,
    });
    ok()
}
