//! Campus sign-in: what the login page offers, and the admin's settings.

use serde::{Deserialize, Serialize};

use crate::campus::{CampusSettings, Provider};

/// The login page's ways in besides the password (`GET /auth/providers`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LoginOptions {
    pub providers: Vec<ProviderLink>,
}

/// One provider's button: its words and where it leads (with `?next=`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProviderLink {
    pub provider: Provider,
    pub name: String,
    pub href: String,
}

/// The settings page's view (`GET /admin/campus`): the settings with the
/// client secret withheld, and the addresses to give the IT centre.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CampusView {
    pub settings: CampusSettings,
    pub client_secret_set: bool,
    /// The CAS service URL to register (none without `LIAISON_PUBLIC_URL`).
    pub cas_service: Option<String>,
    /// The OpenID redirect URI to register.
    pub oidc_redirect: Option<String>,
}

/// `?next=`: the local path to go to after signing in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NextQuery {
    #[serde(default)]
    pub next: String,
}

/// The CAS server's return: `?ticket=ST-…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TicketQuery {
    #[serde(default)]
    pub ticket: String,
}

/// A CAS server's single-logout request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LogoutForm {
    #[serde(default)]
    pub logout_request: String,
}

/// An OpenID provider's return: `?code=…&state=…`, or `?error=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeQuery {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub error: String,
}
