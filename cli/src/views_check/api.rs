//! The view check's caller: requests through the whole app in process,
//! each account signed in once, and its seeded random choices.

use super::*;

/// A small random number generator: the workload differs per seed, and a
/// failure names its seed.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// The application without a socket, signed in as anyone.
pub(super) struct Api {
    pub(super) app: axum::Router,
    pub(super) cookies: BTreeMap<String, String>,
}

impl Api {
    pub(super) async fn call(
        &mut self,
        who: &str,
        method: Method,
        path: &str,
        if_match: Option<u64>,
        body: Option<Value>,
    ) -> anyhow::Result<(StatusCode, Value)> {
        if !self.cookies.contains_key(who) {
            let (status, _, cookie) = self
                .send(
                    None,
                    Method::POST,
                    "/session",
                    None,
                    Some(json!({"username": who, "password": crate::demo::DEMO_PASSWORD})),
                )
                .await?;
            anyhow::ensure!(status == StatusCode::OK, "sign-in of {who}: {status}");
            self.cookies.insert(who.into(), cookie.unwrap_or_default());
        }
        let cookie = self.cookies[who].clone();
        let (status, value, _) = self
            .send(Some(&cookie), method, path, if_match, body)
            .await?;
        Ok((status, value))
    }

    pub(super) async fn send(
        &self,
        cookie: Option<&str>,
        method: Method,
        path: &str,
        if_match: Option<u64>,
        body: Option<Value>,
    ) -> anyhow::Result<(StatusCode, Value, Option<String>)> {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("/api/v1{path}"));
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        if let Some(rev) = if_match {
            req = req.header(header::IF_MATCH, format!("\"{rev}\""));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string()))?,
            None => req.body(Body::empty())?,
        };
        let res = self.app.clone().oneshot(req).await?;
        let status = res.status();
        let cookie = res
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        let bytes = axum::body::to_bytes(res.into_body(), 16 << 20).await?;
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((status, value, cookie))
    }

    /// A success's answer.
    pub(super) async fn ok(
        &mut self,
        who: &str,
        method: Method,
        path: &str,
        if_match: Option<u64>,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let (status, value) = self.call(who, method.clone(), path, if_match, body).await?;
        anyhow::ensure!(
            status.is_success(),
            "{who} {method} {path}: {status} {value}"
        );
        Ok(value)
    }
}
