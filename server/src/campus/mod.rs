//! Campus sign-in (统一身份认证): the settings (the admin's, kept in the
//! store, else the environment's for a fresh install), the sign-ins under
//! way, and the server-to-server calls to the provider. The rules — who may
//! still use a password, what a return address may be — are
//! `domain::campus`'s; the routes are `routes::campus`.
//!
//! A sign-in is bound to the browser that began it: `/auth/cas/login` keeps
//! a flow under a random id and gives the browser that id in a short-lived
//! cookie (SameSite=Lax, sent on the provider's redirect back); the return
//! is accepted only with a flow of this server, once. Someone who sends a
//! victim to our return address with their own ticket gets nothing: the
//! victim's browser has no flow for it.

pub mod cas;
pub mod oidc;
pub mod page;

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use domain::campus::{CampusSettings, Provider};

use crate::{config::Config, error::ApiError, store::Store};

/// How long a sign-in may take at the provider.
pub const FLOW_TTL: Duration = Duration::from_secs(10 * 60);

/// Sign-ins under way at once; past it, new ones are asked to wait.
const MAX_FLOWS: usize = 20_000;

/// The flow cookie: sent back only to the sign-in routes.
pub const FLOW_COOKIE: &str = "liaison_sso";

/// The store's key of the admin's settings.
const SETTINGS_KEY: &str = "campus";

/// A sign-in under way.
#[derive(Debug, Clone)]
pub struct Flow {
    pub provider: Provider,
    /// The local path to go to afterwards.
    pub next: String,
    pub began: Instant,
    /// What an OpenID provider's return must match.
    pub pending: Option<oidc::Pending>,
}

/// The sign-ins under way and the client that calls providers.
pub struct Campus {
    flows: Mutex<HashMap<String, Flow>>,
    /// Clients by the extra CA they trust ("" for none).
    clients: Mutex<HashMap<String, reqwest::Client>>,
    /// How long a provider has to answer.
    pub timeout: Duration,
    /// The provider address that last answered, and when: a sign-in is
    /// sent there without asking again for [`UP_FOR`].
    up: Mutex<Option<(String, Instant)>>,
    /// The OpenID provider's metadata, kept [`oidc::METADATA_TTL`].
    discovered: Mutex<Option<oidc::Discovered>>,
}

/// How long a provider that answered is taken to be up.
const UP_FOR: Duration = Duration::from_secs(30);

impl Campus {
    pub fn new(timeout: Duration) -> Campus {
        Campus {
            flows: Mutex::new(HashMap::new()),
            clients: Mutex::new(HashMap::new()),
            timeout,
            up: Mutex::new(None),
            discovered: Mutex::new(None),
        }
    }

    /// Keeps a new flow; gives its id for the cookie.
    pub fn begin(
        &self,
        provider: Provider,
        next: &str,
        pending: Option<oidc::Pending>,
    ) -> Result<String, ApiError> {
        let id = crate::auth::random_token()?;
        let mut flows = self.flows.lock().unwrap_or_else(|e| e.into_inner());
        if flows.len() >= MAX_FLOWS {
            flows.retain(|_, f| f.began.elapsed() < FLOW_TTL);
            if flows.len() >= MAX_FLOWS {
                return Err(ApiError::TooManyRequests {
                    message: "正在登录的人数过多，请稍后再试".into(),
                    retry_after: 60,
                });
            }
        }
        flows.insert(
            id.clone(),
            Flow {
                provider,
                next: domain::campus::local_path(next).to_owned(),
                began: Instant::now(),
                pending,
            },
        );
        Ok(id)
    }

    /// Takes the flow `id` of `provider`, if it is this server's and not
    /// expired; it cannot be taken twice.
    pub fn finish(&self, id: &str, provider: Provider) -> Option<Flow> {
        let mut flows = self.flows.lock().unwrap_or_else(|e| e.into_inner());
        flows
            .remove(id)
            .filter(|f| f.provider == provider && f.began.elapsed() < FLOW_TTL)
    }

    /// Whether the provider's page at `url` answers (any HTTP answer)
    /// within the time limit: a browser sent to a portal that is down
    /// would get the browser's own error page instead of ours.
    pub async fn reachable(&self, client: &reqwest::Client, url: &str) -> bool {
        let fresh = |u: &Option<(String, Instant)>| {
            u.as_ref()
                .is_some_and(|(at, when)| at == url && when.elapsed() < UP_FOR)
        };
        if fresh(&self.up.lock().unwrap_or_else(|e| e.into_inner())) {
            return true;
        }
        let ok = client.get(url).send().await.is_ok();
        if ok {
            *self.up.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((url.to_owned(), Instant::now()));
        }
        ok
    }

    /// The OpenID provider's metadata: kept, or read again when older than
    /// [`oidc::METADATA_TTL`] or of another issuer (`fresh`: read again
    /// anyway, as after a token signed with a key not yet known).
    pub async fn metadata(
        &self,
        http: &reqwest::Client,
        issuer: &str,
        fresh: bool,
    ) -> Result<openidconnect::core::CoreProviderMetadata, oidc::Failed> {
        if !fresh
            && let Some(d) = self
                .discovered
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                .filter(|d| d.issuer == issuer && d.at.elapsed() < oidc::METADATA_TTL)
        {
            return Ok(d.metadata.clone());
        }
        let metadata = oidc::discover(http, issuer).await?;
        *self.discovered.lock().unwrap_or_else(|e| e.into_inner()) = Some(oidc::Discovered {
            issuer: issuer.to_owned(),
            metadata: metadata.clone(),
            at: Instant::now(),
        });
        Ok(metadata)
    }

    /// A client that trusts the system's CAs and `ca_pem` (if any), with
    /// the provider's time limit; built once per CA.
    pub fn client(&self, ca_pem: &str) -> Result<reqwest::Client, ApiError> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = clients.get(ca_pem) {
            return Ok(c.clone());
        }
        let mut b = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("liaison-server");
        if !ca_pem.trim().is_empty() {
            let ca = reqwest::Certificate::from_pem(ca_pem.as_bytes())
                .map_err(|e| ApiError::Internal(format!("campus CA: {e}")))?;
            b = b.add_root_certificate(ca);
        }
        let c = b
            .build()
            .map_err(|e| ApiError::Internal(format!("http client: {e}")))?;
        clients.insert(ca_pem.to_owned(), c.clone());
        Ok(c)
    }
}

/// The settings in force: the admin's, else the environment's.
pub fn settings(store: &Store, config: &Config) -> Result<CampusSettings, ApiError> {
    Ok(match store.meta_get::<CampusSettings>(SETTINGS_KEY)? {
        Some(s) => s,
        None => config.campus.clone().unwrap_or_default(),
    })
}

/// Keeps the admin's settings; an empty client secret keeps the stored one.
pub fn save(store: &Store, config: &Config, new: &CampusSettings) -> Result<(), ApiError> {
    let mut new = new.clone();
    if new.oidc.client_secret.is_empty() {
        new.oidc.client_secret = settings(store, config)?.oidc.client_secret;
    }
    store.meta_put(SETTINGS_KEY, &new)?;
    Ok(())
}

/// This site's address of the CAS return (the CAS "service"): exact and
/// fixed by `LIAISON_PUBLIC_URL`, as the IT centre registers it.
pub fn cas_service(config: &Config) -> Option<String> {
    let base = config.public_url.trim().trim_end_matches('/');
    (!base.is_empty()).then(|| format!("{base}/api/v1/auth/cas/callback"))
}

/// This site's OpenID redirect URI, as the IT centre registers it.
pub fn oidc_redirect(config: &Config) -> Option<String> {
    let base = config.public_url.trim().trim_end_matches('/');
    (!base.is_empty()).then(|| format!("{base}/api/v1/auth/oidc/callback"))
}

/// Reads at most `max` bytes of an answer; more is refused.
pub async fn read_bounded(mut res: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    if res.content_length().is_some_and(|n| n > max as u64) {
        return Err(format!("answer over {max} bytes"));
    }
    let mut out = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| e.to_string())? {
        if out.len() + chunk.len() > max {
            return Err(format!("answer over {max} bytes"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
