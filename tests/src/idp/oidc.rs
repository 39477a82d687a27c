//! A real OpenID provider for the tests: panva's oidc-provider (npm,
//! certified; installed by `scripts/tools.sh test` in the tools folder),
//! run by `oidc.mjs` on a loopback port with its own login page, the demo's
//! accounts under the portal's password, and one client — ours — with the
//! redirect URI of the server under test. Stopped when dropped.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::Duration,
};

use anyhow::{Context, bail};

use super::cas::{ACCOUNTS, PORTAL_PASSWORD, tools_dir};

/// The client secret the provider gave us.
pub const CLIENT_SECRET: &str = "liaison-client-secret";

pub struct OidcProvider {
    child: Child,
    /// The issuer: `http://127.0.0.1:PORT`.
    pub issuer: String,
}

/// A free loopback port for a provider that starts after the server that
/// names it.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

impl OidcProvider {
    /// The settings that name a provider on `port` (started or not).
    pub fn settings(port: u16) -> domain::campus::CampusSettings {
        domain::campus::CampusSettings {
            oidc: domain::campus::OidcSettings {
                enabled: true,
                issuer: format!("http://127.0.0.1:{port}"),
                client_id: "liaison".into(),
                client_secret: CLIENT_SECRET.into(),
                scopes: "profile".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// Starts the provider on `port` for a server whose redirect URI is
    /// `redirect`, with a signing key of its own; waits until it answers.
    pub async fn start(port: u16, redirect: &str) -> anyhow::Result<OidcProvider> {
        OidcProvider::launch(port, redirect, false).await
    }

    /// Starts a provider whose published key set names another key than
    /// the one it signs with: every ID token it gives fails verification.
    pub async fn start_with_foreign_keys(
        port: u16,
        redirect: &str,
    ) -> anyhow::Result<OidcProvider> {
        OidcProvider::launch(port, redirect, true).await
    }

    async fn launch(port: u16, redirect: &str, foreign_keys: bool) -> anyhow::Result<OidcProvider> {
        let module = tools_dir().join("node_modules/oidc-provider/lib/index.js");
        if !module.exists() {
            bail!(
                "{} is missing: run scripts/tools.sh test (it installs oidc-provider)",
                module.display()
            );
        }
        let accounts: serde_json::Map<String, serde_json::Value> = ACCOUNTS
            .iter()
            .map(|(u, n)| {
                (
                    (*u).to_owned(),
                    serde_json::json!({"password": PORTAL_PASSWORD, "name": n}),
                )
            })
            .collect();
        let setup = serde_json::json!({
            "accounts": accounts,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [redirect],
            "foreign_keys": foreign_keys,
        });
        let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/idp/oidc.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .arg(port.to_string())
            .env(
                "OIDC_PROVIDER_MODULE",
                format!("file://{}", module.display()),
            )
            .env("OIDC_SETUP", setup.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        // Read to the end, so that what it prints later never finds the
        // pipe closed (node would stop on EPIPE).
        let stdout = child.stdout.take().context("the provider's stdout")?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line == "ready"
                    && let Some(tx) = tx.take()
                {
                    let _ = tx.send(());
                }
            }
        });
        let ok = tokio::time::timeout(Duration::from_secs(20), rx).await;
        let provider = OidcProvider {
            child,
            issuer: format!("http://127.0.0.1:{port}"),
        };
        match ok {
            Ok(Ok(())) => Ok(provider),
            _ => bail!("the test OpenID provider did not start"),
        }
    }

    /// Signs in at the provider's own page as a browser would, from the
    /// address our server sent the browser to; gives where the provider
    /// sends it back (our redirect URI with a code), or the page it shows.
    pub async fn sign_in(
        &self,
        client: &reqwest::Client,
        start: &str,
        username: &str,
        password: &str,
    ) -> anyhow::Result<String> {
        let mut url = start.to_owned();
        for _ in 0..12 {
            if !url.starts_with(&self.issuer) {
                return Ok(url);
            }
            let res = client.get(&url).send().await?;
            if let Some(to) = res.headers().get("location") {
                url = absolute(&self.issuer, to.to_str()?);
                continue;
            }
            let page = res.text().await?;
            let Some(action) = page
                .split("action=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
            else {
                return Ok(page);
            };
            let res = client
                .post(absolute(&self.issuer, action))
                .form(&[("username", username), ("password", password)])
                .send()
                .await?;
            match res.headers().get("location") {
                Some(to) => url = absolute(&self.issuer, to.to_str()?),
                None => return Ok(res.text().await?),
            }
        }
        bail!("too many redirects at the provider")
    }
}

fn absolute(issuer: &str, to: &str) -> String {
    if to.starts_with('/') {
        format!("{issuer}{to}")
    } else {
        to.to_owned()
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
