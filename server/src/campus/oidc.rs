//! The OpenID Connect relying party: the provider's metadata (discovery,
//! kept ten minutes), the authorization request (code flow with PKCE,
//! `state` and `nonce`), the code's exchange, and the ID token's
//! signature, issuer, audience, expiry and nonce verified by the
//! `openidconnect` crate, a minute of clock skew allowed.

use std::time::{Duration, Instant};

use domain::campus::OidcSettings;
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    core::{CoreClient, CoreIdToken, CoreProviderMetadata, CoreResponseType},
};

/// How long a provider's metadata (and its signing keys) are kept.
pub const METADATA_TTL: Duration = Duration::from_secs(10 * 60);

/// The clock skew allowed for the ID token's expiry.
const SKEW: Duration = Duration::from_secs(60);

/// Metadata read from a provider, and when.
pub struct Discovered {
    pub issuer: String,
    pub metadata: CoreProviderMetadata,
    pub at: Instant,
}

/// What the return must match: kept in the flow, never sent to the browser
/// but `state` (which the provider hands back).
#[derive(Debug, Clone)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// An ID token's claims.
pub type Claims = serde_json::Map<String, serde_json::Value>;

/// Why a provider did not sign anyone in.
#[derive(Debug)]
pub enum Failed {
    /// Not reachable, or answered something unusable.
    Unreachable(String),
    /// It answered, and the answer does not prove anyone (a code used or
    /// expired, a token that fails verification, an error it returned).
    Refused(String),
}

/// Reads the provider's metadata.
pub async fn discover(
    http: &reqwest::Client,
    issuer: &str,
) -> Result<CoreProviderMetadata, Failed> {
    let url = IssuerUrl::new(issuer.to_owned()).map_err(|e| Failed::Unreachable(e.to_string()))?;
    CoreProviderMetadata::discover_async(url, http)
        .await
        .map_err(|e| Failed::Unreachable(e.to_string()))
}

fn client(
    s: &OidcSettings,
    metadata: CoreProviderMetadata,
    redirect: &str,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    Failed,
> {
    let secret = (!s.client_secret.is_empty()).then(|| ClientSecret::new(s.client_secret.clone()));
    let redirect =
        RedirectUrl::new(redirect.to_owned()).map_err(|e| Failed::Unreachable(e.to_string()))?;
    Ok(
        CoreClient::from_provider_metadata(metadata, ClientId::new(s.client_id.clone()), secret)
            .set_redirect_uri(redirect),
    )
}

/// Where the browser goes to sign in, and what its return must match.
pub fn authorize(
    s: &OidcSettings,
    metadata: CoreProviderMetadata,
    redirect: &str,
) -> Result<(String, Pending), Failed> {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let client = client(s, metadata, redirect)?;
    let mut request = client.authorize_url(
        AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
        CsrfToken::new_random,
        Nonce::new_random,
    );
    for scope in s.scopes.split_whitespace().filter(|x| *x != "openid") {
        request = request.add_scope(Scope::new(scope.to_owned()));
    }
    let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
    Ok((
        url.to_string(),
        Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        },
    ))
}

/// Exchanges `code` for the provider's ID token (not yet verified).
pub async fn exchange(
    http: &reqwest::Client,
    s: &OidcSettings,
    metadata: CoreProviderMetadata,
    redirect: &str,
    code: &str,
    verifier: &str,
) -> Result<CoreIdToken, Failed> {
    use openidconnect::TokenResponse;
    let client = client(s, metadata, redirect)?;
    let request = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|e| Failed::Unreachable(e.to_string()))?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()));
    let tokens = request.request_async(http).await.map_err(|e| match e {
        openidconnect::RequestTokenError::ServerResponse(r) => Failed::Refused(r.to_string()),
        openidconnect::RequestTokenError::Request(e) => Failed::Unreachable(e.to_string()),
        other => Failed::Unreachable(other.to_string()),
    })?;
    tokens
        .id_token()
        .cloned()
        .ok_or_else(|| Failed::Refused("no ID token".into()))
}

/// Verifies the ID token against the provider's keys in `metadata` —
/// signature, issuer, audience, `nonce`, and expiry at `now` (seconds,
/// the server's clock) less the skew allowed; gives its claims (all of
/// them, read once verified, the campus's own too).
pub fn verify(
    s: &OidcSettings,
    metadata: CoreProviderMetadata,
    redirect: &str,
    token: &CoreIdToken,
    nonce: &str,
    now: i64,
) -> Result<Claims, Failed> {
    let client = client(s, metadata, redirect)?;
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default() - SKEW;
    let verifier = client.id_token_verifier().set_time_fn(move || at);
    token
        .claims(&verifier, &Nonce::new(nonce.to_owned()))
        .map_err(|e| Failed::Refused(e.to_string()))?;
    let payload = token
        .to_string()
        .split('.')
        .nth(1)
        .map(str::to_owned)
        .unwrap_or_default();
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
        .map_err(|e| Failed::Refused(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| Failed::Refused(e.to_string()))
}

/// The account number in verified claims: `claim` (default
/// `preferred_username`) as text or number.
pub fn account(claims: &Claims, claim: &str) -> Option<String> {
    let claim = if claim.is_empty() {
        "preferred_username"
    } else {
        claim
    };
    match claims.get(claim)? {
        serde_json::Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Whether the `state` handed back is the one sent, compared in constant
/// time.
pub fn state_matches(sent: &str, back: &str) -> bool {
    sent.len() == back.len()
        && sent
            .bytes()
            .zip(back.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}
