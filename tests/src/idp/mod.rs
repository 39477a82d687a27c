//! Real identity providers for the campus sign-in tests, started on
//! loopback by the tests that need one, and a browser-like client that
//! shows each redirect of a sign-in.

pub mod cas;
pub mod oidc;

use std::time::Duration;

/// A client that keeps cookies, like a browser, and shows each redirect
/// instead of following it.
pub fn browser() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()?)
}

/// Where an answer redirects to ("" when it does not).
pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
