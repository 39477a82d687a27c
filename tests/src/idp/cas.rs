//! A real CAS server for the tests: django-cas-server (PyPI, installed by
//! `scripts/tools.sh test` in the tools folder's `cas` virtualenv), on a
//! free loopback port, with the demo's accounts under the portal's own
//! password and one service — any loopback port of ours — that is
//! released `accountName` and `cn` and told of single logouts. Stopped
//! when dropped.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::Duration,
};

use anyhow::{Context, bail};

/// Every account's password at the test portal (not the demo's: the portal
/// proves who, with its own secret).
pub const PORTAL_PASSWORD: &str = "portal-pass-2026";

/// A number the portal knows and our roster does not.
pub const UNKNOWN_NUMBER: &str = "2099990001";

/// The portal's accounts: every demo account, and one stranger.
pub(crate) const ACCOUNTS: [(&str, &str); 9] = [
    ("admin", "系统管理员"),
    ("office", "陈主任"),
    ("dean.xx", "李院长"),
    ("dean.jg", "王院长"),
    ("counselor.xx", "赵老师"),
    ("counselor.jg", "孙老师"),
    ("2023110101", "王子涵"),
    ("2023210101", "李欣怡"),
    (UNKNOWN_NUMBER, "周校友"),
];

pub struct CasServer {
    child: Child,
    _dir: tempfile::TempDir,
    /// The CAS base: `http://127.0.0.1:PORT/cas`.
    pub url: String,
}

pub(crate) fn tools_dir() -> PathBuf {
    std::env::var_os("LIAISON_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/liaison-tools")
        })
}

fn python() -> anyhow::Result<PathBuf> {
    let p = tools_dir().join("cas/bin/python");
    if !p.exists() {
        bail!(
            "{} is missing: run scripts/tools.sh test (it installs django-cas-server)",
            p.display()
        );
    }
    Ok(p)
}

/// The Python files of the test portal.
fn sources() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/idp")
}

fn django(dir: &Path, db: &Path) -> anyhow::Result<Command> {
    let mut c = Command::new(python()?);
    c.current_dir(dir)
        .env("PYTHONPATH", sources())
        .env("DJANGO_SETTINGS_MODULE", "cas_settings")
        .env("CAS_DB", db)
        .env("PYTHONDONTWRITEBYTECODE", "1");
    Ok(c)
}

/// The portal's database, migrated and seeded once per test process; each
/// server starts from a copy.
fn template() -> anyhow::Result<&'static Path> {
    static TEMPLATE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let made = TEMPLATE.get_or_init(|| {
        let make = || -> anyhow::Result<PathBuf> {
            let dir = tempfile::tempdir()?.keep();
            let db = dir.join("template.sqlite3");
            let out = django(&dir, &db)?
                .args(["-m", "django", "migrate", "-v0"])
                .output()?;
            if !out.status.success() {
                bail!("migrate: {}", String::from_utf8_lossy(&out.stderr));
            }
            let accounts: Vec<(&str, &str, &str)> = ACCOUNTS
                .iter()
                .map(|(u, n)| (*u, PORTAL_PASSWORD, *n))
                .collect();
            let mut seed = django(&dir, &db)?
                .arg(sources().join("cas_seed.py"))
                .stdin(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()?;
            serde_json::to_writer(seed.stdin.take().context("seed's stdin")?, &accounts)?;
            let out = seed.wait_with_output()?;
            if !out.status.success() {
                bail!("seed: {}", String::from_utf8_lossy(&out.stderr));
            }
            Ok(db)
        };
        make().map_err(|e| format!("{e:#}"))
    });
    match made {
        Ok(p) => Ok(p),
        Err(e) => bail!("the test CAS server's database: {e}"),
    }
}

impl CasServer {
    /// Starts a portal; waits until it answers.
    pub async fn start() -> anyhow::Result<CasServer> {
        let template = template()?;
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("cas.sqlite3");
        std::fs::copy(template, &db)?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let child = django(dir.path(), &db)?
            .args(["-m", "django", "runserver", &format!("127.0.0.1:{port}")])
            .arg("--noreload")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let server = CasServer {
            child,
            _dir: dir,
            url: format!("http://127.0.0.1:{port}/cas"),
        };
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if let Ok(res) = client.get(format!("{}/login", server.url)).send().await
                && res.status().is_success()
            {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the test CAS server did not start")
    }

    /// The CAS settings for this portal, the account number being the
    /// released `accountName` and the name `cn`.
    pub fn settings(&self) -> domain::campus::CampusSettings {
        domain::campus::CampusSettings {
            cas: domain::campus::CasSettings {
                enabled: true,
                server_url: self.url.clone(),
                version: 3,
                account_attribute: "accountName".into(),
                name_attribute: "cn".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// Signs in at the portal's own login page, as a browser would: `login`
    /// is the address our server sent the browser to; gives where the
    /// portal sends it back (our return address with a ticket), or the
    /// portal's page again when it refused.
    pub async fn sign_in(
        &self,
        client: &reqwest::Client,
        login: &str,
        username: &str,
        password: &str,
    ) -> anyhow::Result<String> {
        let page = client.get(login).send().await?.text().await?;
        let mut form: Vec<(String, String)> = hidden_inputs(&page);
        form.push(("username".into(), username.into()));
        form.push(("password".into(), password.into()));
        let res = client
            .post(format!("{}/login", self.url))
            .header("referer", login)
            .form(&form)
            .send()
            .await?;
        match res.headers().get("location") {
            Some(to) => Ok(to.to_str()?.to_owned()),
            None => Ok(res.text().await?),
        }
    }

    /// Signs out at the portal, which then tells every service of the
    /// session (single logout).
    pub async fn sign_out(&self, client: &reqwest::Client) -> anyhow::Result<()> {
        client
            .get(format!("{}/logout", self.url))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}

impl Drop for CasServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `name`/`value` pairs of a page's hidden inputs (the portal's CSRF
/// token, login ticket and service).
fn hidden_inputs(page: &str) -> Vec<(String, String)> {
    let attr = |tag: &str, name: &str| {
        let key = format!("{name}=\"");
        tag.find(&key).map(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"').unwrap_or(rest.len())].to_owned()
        })
    };
    page.split("<input")
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        .filter(|t| t.contains("type=\"hidden\""))
        .filter_map(|t| Some((attr(t, "name")?, attr(t, "value").unwrap_or_default())))
        .collect()
}
