//! Configuration from the environment (SPEC §10).

use std::{
    net::{IpAddr, SocketAddr},
    path::PathBuf,
};

/// Everything the server is told at start.
#[derive(Debug, Clone)]
pub struct Config {
    /// `LIAISON_ADDR`, default `127.0.0.1:8080`.
    pub addr: SocketAddr,
    /// `LIAISON_DATA`, default `./data`.
    pub data: PathBuf,
    /// `LIAISON_DIST`: the built client, default `./dist`.
    pub dist: PathBuf,
    /// `LIAISON_DEMO=1`: load the demo university into an empty store.
    pub demo: bool,
    /// `LIAISON_SECURE_COOKIE=1` behind HTTPS: adds `Secure` to the cookie.
    pub secure_cookie: bool,
    /// `LIAISON_UNIVERSITY`: the university's name on forms and certificates.
    pub university: String,
    pub session_idle_secs: i64,
    pub session_absolute_secs: i64,
    /// Failed logins that lock an account, and for how long.
    pub lock_after_failures: u32,
    pub lock_secs: i64,
    /// Failed logins allowed per client address in one window; past it the
    /// address is refused before any hashing until the window ends. 200 in
    /// 15 minutes: a whole campus may reach us from one NAT address, and
    /// on a deadline afternoon 10,000 students signing in over four hours
    /// with one in five mistyping a one-time password make about 125
    /// failures per 15 minutes; a guesser from one address gets at most
    /// 200 guesses per 15 minutes over all accounts, each account still 5.
    pub ip_failure_limit: u32,
    pub ip_window_secs: i64,
    /// The key that seals one-time passwords until they are downloaded:
    /// `LIAISON_DATA/onetime.key` for a served data folder (created on first
    /// use, owner-only); none (a key per process) when unset, as in tests.
    pub onetime_key: Option<PathBuf>,
    /// `LIAISON_SMTP_URL` (`smtp://host:25`, `smtps://user:pass@host:465`,
    /// `smtp://…?tls=required`) and `LIAISON_SMTP_FROM` (the sender):
    /// notifications are e-mailed too. Unset: nothing is mailed.
    pub smtp_url: Option<String>,
    pub smtp_from: Option<String>,
    /// `LIAISON_PUBLIC_URL`: the site's address, for links in e-mails.
    pub public_url: String,
    /// The first pause after a failed send (doubles each time).
    pub mail_retry_secs: i64,
    /// How often the mailer looks at its queue.
    pub mail_poll: std::time::Duration,
    /// `LIAISON_TRUSTED_PROXY`: the front ends (addresses or CIDRs, comma
    /// separated) whose `X-Forwarded-For` / `X-Real-IP` / `X-Forwarded-Proto`
    /// are believed. Empty: those headers are ignored.
    pub trusted_proxies: Vec<Cidr>,
    /// `LIAISON_BACKUP_DIR`: where `POST /api/v1/ops/backup` (the backup
    /// timer's `liaison-server backup-now`) writes. Unset: no online backups.
    pub backup_dir: Option<PathBuf>,
    /// `LIAISON_BACKUP_COPY`: a shell command run after each backup with
    /// its file as `$1`, to copy it off the machine (`backups::copy_off`).
    pub backup_copy: Option<String>,
    /// The operator's token file: `LIAISON_DATA/ops.key` for a served data
    /// folder (created on first use, owner-only); none in tests unless set.
    pub ops_key: Option<PathBuf>,
    /// Campus sign-in for a fresh install, until the admin saves settings
    /// (`LIAISON_CAS_URL` …, `LIAISON_OIDC_ISSUER` …; docs/OPERATIONS.md).
    pub campus: Option<domain::campus::CampusSettings>,
    /// How long a campus identity provider has to answer.
    pub campus_timeout: std::time::Duration,
    /// Hosts (`host` or `host:port`) a robot's webhook may name besides
    /// 企业微信's and 钉钉's own (`LIAISON_ROBOT_HOSTS`, comma-separated:
    /// a relay of the university's network).
    pub robot_hosts: Vec<String>,
}

/// An address block: `10.0.0.0/8`, `::1/128`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for Cidr {
    type Err = String;

    fn from_str(s: &str) -> Result<Cidr, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("{s} is not an address or CIDR block"))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s}: the prefix must be 0–{max}"))?,
            None => max,
        };
        Ok(Cidr { net, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 peer may arrive as an IPv4-mapped IPv6 address.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data: PathBuf::from("data"),
            dist: PathBuf::from("dist"),
            demo: false,
            secure_cookie: false,
            university: "示范大学".into(),
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 60 * 60,
            lock_after_failures: 5,
            lock_secs: 15 * 60,
            ip_failure_limit: 200,
            ip_window_secs: 15 * 60,
            onetime_key: None,
            smtp_url: None,
            smtp_from: None,
            public_url: String::new(),
            mail_retry_secs: 30,
            mail_poll: std::time::Duration::from_secs(5),
            trusted_proxies: Vec::new(),
            backup_dir: None,
            backup_copy: None,
            ops_key: None,
            campus: None,
            campus_timeout: std::time::Duration::from_secs(5),
            robot_hosts: Vec::new(),
        }
    }
}

impl Config {
    /// Reads `LIAISON_*` variables over the defaults.
    pub fn from_env() -> anyhow::Result<Config> {
        let mut c = Config::default();
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        if let Some(a) = var("LIAISON_ADDR") {
            c.addr = a
                .parse()
                .map_err(|e| anyhow::anyhow!("LIAISON_ADDR={a} is not an address: {e}"))?;
        }
        if let Some(d) = var("LIAISON_DATA") {
            c.data = d.into();
        }
        if let Some(d) = var("LIAISON_DIST") {
            c.dist = d.into();
        }
        let flag = |k: &str| var(k).is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        c.demo = flag("LIAISON_DEMO");
        c.secure_cookie = flag("LIAISON_SECURE_COOKIE");
        if let Some(u) = var("LIAISON_UNIVERSITY") {
            c.university = u;
        }
        c.onetime_key = Some(c.data.join("onetime.key"));
        c.ops_key = Some(c.data.join("ops.key"));
        c.backup_dir = var("LIAISON_BACKUP_DIR").map(PathBuf::from);
        c.backup_copy = var("LIAISON_BACKUP_COPY").filter(|c| !c.trim().is_empty());
        c.smtp_url = var("LIAISON_SMTP_URL");
        c.smtp_from = var("LIAISON_SMTP_FROM");
        if let Some(h) = var("LIAISON_ROBOT_HOSTS") {
            c.robot_hosts = h
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
        }
        if let Some(u) = var("LIAISON_PUBLIC_URL") {
            c.public_url = u;
        }
        c.campus = campus_from_env(&var)?;
        if let Some(list) = var("LIAISON_TRUSTED_PROXY") {
            c.trusted_proxies = list
                .split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| p.parse::<Cidr>())
                .collect::<Result<_, _>>()
                .map_err(|e| anyhow::anyhow!("LIAISON_TRUSTED_PROXY: {e}"))?;
        }
        Ok(c)
    }
}

/// `LIAISON_CAS_URL` (with `LIAISON_CAS_VERSION` 2 or 3, `LIAISON_CAS_ACCOUNT_ATTRIBUTE`,
/// `LIAISON_CAS_NAME_ATTRIBUTE`, `LIAISON_CAS_CA_FILE`, `LIAISON_CAS_NAME`) and
/// `LIAISON_OIDC_ISSUER` (with `LIAISON_OIDC_CLIENT_ID`, `LIAISON_OIDC_CLIENT_SECRET`,
/// `LIAISON_OIDC_SCOPES`, `LIAISON_OIDC_ACCOUNT_CLAIM`, `LIAISON_OIDC_NAME`); with
/// either, `LIAISON_PASSWORD_ROLES` lists the roles that may still use a
/// password (`student,counselor,dean,office`; default none).
fn campus_from_env(
    var: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Option<domain::campus::CampusSettings>> {
    use domain::campus::{CampusSettings, CasSettings, OidcSettings, PasswordRoles};
    let cas = var("LIAISON_CAS_URL");
    let oidc = var("LIAISON_OIDC_ISSUER");
    if cas.is_none() && oidc.is_none() {
        return Ok(None);
    }
    let ca_pem = match var("LIAISON_CAS_CA_FILE") {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("LIAISON_CAS_CA_FILE={path}: {e}"))?,
        None => String::new(),
    };
    let roles = var("LIAISON_PASSWORD_ROLES").unwrap_or_default();
    let has = |r: &str| roles.split(',').any(|x| x.trim() == r);
    let s = CampusSettings {
        cas: CasSettings {
            enabled: cas.is_some(),
            display_name: var("LIAISON_CAS_NAME").unwrap_or_default(),
            server_url: cas.unwrap_or_default(),
            version: match var("LIAISON_CAS_VERSION").as_deref() {
                Some("2") => 2,
                _ => 3,
            },
            account_attribute: var("LIAISON_CAS_ACCOUNT_ATTRIBUTE").unwrap_or_default(),
            name_attribute: var("LIAISON_CAS_NAME_ATTRIBUTE").unwrap_or_default(),
            ca_pem,
        },
        oidc: OidcSettings {
            enabled: oidc.is_some(),
            display_name: var("LIAISON_OIDC_NAME").unwrap_or_default(),
            issuer: oidc.unwrap_or_default(),
            client_id: var("LIAISON_OIDC_CLIENT_ID").unwrap_or_default(),
            client_secret: var("LIAISON_OIDC_CLIENT_SECRET").unwrap_or_default(),
            scopes: var("LIAISON_OIDC_SCOPES").unwrap_or_default(),
            account_claim: var("LIAISON_OIDC_ACCOUNT_CLAIM").unwrap_or_default(),
        },
        passwords: PasswordRoles {
            student: has("student"),
            counselor: has("counselor"),
            dean: has("dean"),
            office: has("office"),
        },
    };
    s.check()
        .map(Some)
        .map_err(|e| anyhow::anyhow!("campus sign-in settings: {e:?}"))
}
