//! Campus sign-in (统一身份认证, docs/SPEC.md §14): the identity providers the
//! admin sets (CAS 2.0/3.0 and OpenID Connect), who may still use a
//! password once one is on, and the return address after a sign-in.
//!
//! The provider proves who; the roster says what: a number a provider
//! vouches for must be an imported account, and its role, classes and scope
//! are the roster's. No account is made from a provider alone.

use serde::{Deserialize, Serialize};

use crate::{Role, org::FieldErrors};

/// What the login page calls a provider when the admin gives no name.
pub const DEFAULT_NAME: &str = "统一身份认证";

/// A CAS server (Apereo CAS 2.0 or 3.0 protocol).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CasSettings {
    pub enabled: bool,
    /// The button's words: 统一身份认证登录 when empty.
    #[serde(default)]
    pub display_name: String,
    /// The CAS server's base, before `/login`: `https://cas.example.edu.cn/cas`.
    #[serde(default)]
    pub server_url: String,
    /// 2 (`/serviceValidate`) or 3 (`/p3/serviceValidate`).
    #[serde(default = "three")]
    pub version: u8,
    /// The released attribute that holds the 学号/工号; empty: the CAS user
    /// itself.
    #[serde(default)]
    pub account_attribute: String,
    /// A released attribute with the person's name, for the audit log.
    #[serde(default)]
    pub name_attribute: String,
    /// A CA certificate (PEM) to trust for the CAS server besides the
    /// system's, for a portal whose certificate a campus CA signed.
    #[serde(default)]
    pub ca_pem: String,
}

fn three() -> u8 {
    3
}

impl Default for CasSettings {
    /// Off, protocol 3.0 (what a portal offers when it offers both).
    fn default() -> Self {
        CasSettings {
            enabled: false,
            display_name: String::new(),
            server_url: String::new(),
            version: three(),
            account_attribute: String::new(),
            name_attribute: String::new(),
            ca_pem: String::new(),
        }
    }
}

/// An OpenID Connect provider (authorization code with PKCE).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OidcSettings {
    pub enabled: bool,
    #[serde(default)]
    pub display_name: String,
    /// The issuer; its `/.well-known/openid-configuration` is read.
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub client_id: String,
    /// Never shown back: the settings page gets it empty, and an empty one
    /// saved keeps the stored secret.
    #[serde(default)]
    pub client_secret: String,
    /// Besides `openid`, space-separated: `profile`.
    #[serde(default)]
    pub scopes: String,
    /// The ID token's (or userinfo's) claim that holds the 学号/工号:
    /// `preferred_username` when empty.
    #[serde(default)]
    pub account_claim: String,
}

/// Whether each role may still sign in with a password once a provider is
/// on. The admin account and liaisons always may.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PasswordRoles {
    #[serde(default)]
    pub student: bool,
    #[serde(default)]
    pub counselor: bool,
    #[serde(default)]
    pub dean: bool,
    #[serde(default)]
    pub office: bool,
}

/// Every campus sign-in setting, as the admin saves it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CampusSettings {
    #[serde(default)]
    pub cas: CasSettings,
    #[serde(default)]
    pub oidc: OidcSettings,
    #[serde(default)]
    pub passwords: PasswordRoles,
}

/// The two kinds of provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Cas,
    Oidc,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Cas => "cas",
            Provider::Oidc => "oidc",
        }
    }
}

impl CampusSettings {
    /// Whether any provider is on.
    pub fn any_provider(&self) -> bool {
        self.cas.enabled || self.oidc.enabled
    }

    /// Whether someone of `role` may sign in with a password: always
    /// without a provider, always the admin and a liaison (whose campus
    /// account closes after graduation), else as the admin chose.
    pub fn password_allowed(&self, role: Role, liaison: bool) -> bool {
        if !self.any_provider() || liaison {
            return true;
        }
        let p = self.passwords;
        match role {
            Role::Admin => true,
            Role::Student => p.student,
            Role::Counselor => p.counselor,
            Role::Dean => p.dean,
            Role::Office => p.office,
        }
    }

    /// The button's words for `provider`.
    pub fn display_name(&self, provider: Provider) -> &str {
        let name = match provider {
            Provider::Cas => &self.cas.display_name,
            Provider::Oidc => &self.oidc.display_name,
        };
        if name.trim().is_empty() {
            DEFAULT_NAME
        } else {
            name.trim()
        }
    }

    /// The settings cleaned (trimmed, URLs without a trailing `/`), or a
    /// Chinese message per field. A provider that is off is kept as typed
    /// but need not be complete.
    pub fn check(&self) -> Result<CampusSettings, FieldErrors> {
        let mut s = self.clone();
        let mut e = FieldErrors::new();
        let mut bad = |field: &str, msg: &str| {
            e.insert(field.to_owned(), msg.to_owned());
        };
        for v in [
            &mut s.cas.display_name,
            &mut s.cas.server_url,
            &mut s.cas.account_attribute,
            &mut s.cas.name_attribute,
            &mut s.oidc.display_name,
            &mut s.oidc.issuer,
            &mut s.oidc.client_id,
            &mut s.oidc.scopes,
            &mut s.oidc.account_claim,
        ] {
            *v = v.trim().to_owned();
        }
        s.cas.server_url = s.cas.server_url.trim_end_matches('/').to_owned();
        s.oidc.issuer = s.oidc.issuer.trim_end_matches('/').to_owned();
        for (field, name) in [
            ("cas.display_name", &s.cas.display_name),
            ("oidc.display_name", &s.oidc.display_name),
        ] {
            if name.chars().count() > 20 {
                bad(field, "显示名称不超过 20 个字");
            }
        }
        if s.cas.enabled {
            if let Err(m) = provider_url(&s.cas.server_url) {
                bad("cas.server_url", m);
            }
            if !matches!(s.cas.version, 2 | 3) {
                bad("cas.version", "CAS 协议版本应为 2 或 3");
            }
            if !s.cas.ca_pem.trim().is_empty()
                && !s.cas.ca_pem.contains("-----BEGIN CERTIFICATE-----")
            {
                bad(
                    "cas.ca_pem",
                    "请粘贴 PEM 格式的 CA 证书（以 -----BEGIN CERTIFICATE----- 开头）",
                );
            }
        }
        for (field, v) in [
            ("cas.account_attribute", &s.cas.account_attribute),
            ("cas.name_attribute", &s.cas.name_attribute),
            ("oidc.account_claim", &s.oidc.account_claim),
        ] {
            if !v
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-:.".contains(c))
            {
                bad(field, "属性名只能包含字母、数字和 _ - : .");
            }
        }
        if s.oidc.enabled {
            if let Err(m) = provider_url(&s.oidc.issuer) {
                bad("oidc.issuer", m);
            }
            if s.oidc.client_id.is_empty() {
                bad("oidc.client_id", "请填写信息中心分配的 client_id");
            }
        }
        if e.is_empty() { Ok(s) } else { Err(e) }
    }

    /// The settings as the settings page may show them: the client secret
    /// withheld.
    pub fn withheld(&self) -> CampusSettings {
        let mut s = self.clone();
        s.oidc.client_secret.clear();
        s
    }
}

/// A provider's address: `https://…`, or `http://` on this machine (a
/// provider for tests or on the same host). Campus portals answer over
/// TLS; a ticket or code sent in the clear could be read on the way.
pub fn provider_url(url: &str) -> Result<(), &'static str> {
    let rest = if let Some(r) = url.strip_prefix("https://") {
        r
    } else if let Some(r) = url.strip_prefix("http://") {
        let host = r.split(['/', ':']).next().unwrap_or_default();
        if !matches!(host, "127.0.0.1" | "localhost") {
            return Err("地址应以 https:// 开头");
        }
        r
    } else {
        return Err("地址应以 https:// 开头");
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || url.len() > 300
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
        || url.contains(['?', '#'])
    {
        return Err("地址格式不正确");
    }
    Ok(())
}

/// Where to go after signing in: `next` if it is a path of this site
/// (`/…`, not `//host` nor `/\host`, which browsers read as another
/// host), else the home page. Never another site: no open redirect.
pub fn local_path(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 512
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if ok { next } else { "/" }
}

#[cfg(test)]
mod tests;
