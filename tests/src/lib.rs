//! Helpers shared by the API and browser tests: a real server on a free
//! loopback port with a temporary sled store and the demo data, and a real
//! headless Chromium driven through chromedriver.

use std::{
    net::SocketAddr,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::Arc,
    time::Duration,
};

use anyhow::{Context, bail};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use server::{AppState, clock::ManualClock, config::Config, store::Store};

pub use cli::demo::DEMO_PASSWORD;

pub mod hostile;
pub mod idp;
pub mod robots;
pub mod sizes;
pub mod staff;

/// Every demo account of SPEC §12 with its role.
pub const DEMO_ACCOUNTS: [(&str, &str); 8] = [
    ("admin", "admin"),
    ("office", "office"),
    ("dean.xx", "dean"),
    ("dean.jg", "dean"),
    ("counselor.xx", "counselor"),
    ("counselor.jg", "counselor"),
    ("2023110101", "student"),
    ("2023210101", "student"),
];

/// How `make bench` marks a figure beside its target.
pub fn verdict(ok: bool) -> &'static str {
    if ok { "within" } else { "OVER" }
}

/// The built client (`make test` builds it first).
pub fn dist_dir() -> PathBuf {
    std::env::var_os("LIAISON_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// A running server, stopped when dropped.
pub struct TestApp {
    pub addr: SocketAddr,
    pub clock: ManualClock,
    pub store: Store,
    state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    served: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    started: std::time::Instant,
}

impl TestApp {
    /// Starts a server with the demo university on 127.0.0.1, port 0.
    pub async fn spawn() -> anyhow::Result<TestApp> {
        TestApp::spawn_with(|_| {}).await
    }

    /// Like [`TestApp::spawn`], after `tweak` has adjusted the configuration.
    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> anyhow::Result<TestApp> {
        let store = Store::temporary()?;
        let clock = ManualClock::starting_now();
        cli::demo::load_if_empty(&store, &clock).await?;
        TestApp::serve_store(store, clock, tweak)
    }

    /// A server on a university built by `cli::scale` (every password
    /// is the demo's), with what was built.
    pub async fn spawn_scale(
        scale: cli::scale::Scale,
    ) -> anyhow::Result<(TestApp, cli::scale::Built)> {
        use server::clock::Clock;
        let store = Store::temporary()?;
        let clock = ManualClock::starting_now();
        let hash = server::password::hash_password(cli::scale::DEMO_PASSWORD)?;
        let built = cli::scale::build(&store, &scale, &hash, clock.now(), clock.today())?;
        Ok((TestApp::serve_store(store, clock, |_| {})?, built))
    }

    fn serve_store(
        store: Store,
        clock: ManualClock,
        tweak: impl FnOnce(&mut Config),
    ) -> anyhow::Result<TestApp> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let mut config = Config {
            dist: dist_dir(),
            public_url: format!("http://{}", listener.local_addr()?),
            ..Config::default()
        };
        tweak(&mut config);
        let state = AppState::new(store.clone(), config, Arc::new(clock.clone()))?;
        let mut app = TestApp {
            addr: listener.local_addr()?,
            clock,
            store,
            state,
            shutdown: None,
            served: None,
            started: std::time::Instant::now(),
        };
        app.serve_on(listener);
        Ok(app)
    }

    fn serve_on(&mut self, listener: tokio::net::TcpListener) {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        self.served = Some(tokio::spawn(server::serve(
            listener,
            self.state.clone(),
            async {
                let _ = rx.await;
            },
        )));
        self.shutdown = Some(tx);
    }

    /// Runs what the server runs every ten minutes (`server::tick`):
    /// reminders, digests, stand-ins that ran out, robot posts.
    pub async fn tick(&self) {
        server::tick(&self.state).await;
    }

    /// Holds the one roster-import slot: jobs started meanwhile wait in
    /// their queue (running, 排队等待) until the permit is dropped.
    pub async fn hold_imports(&self) -> anyhow::Result<tokio::sync::OwnedSemaphorePermit> {
        Ok(self.state.imports.clone().acquire_owned().await?)
    }

    /// Holds every password hasher: logins started meanwhile wait for one
    /// (as on a busy afternoon) until the permits are dropped.
    pub async fn hold_hashers(&self) -> anyhow::Result<tokio::sync::OwnedSemaphorePermit> {
        let all = u32::try_from(self.state.hashers.available_permits())?;
        Ok(self.state.hashers.clone().acquire_many_owned(all).await?)
    }

    /// Runs the server's sweep now (it runs on a timer when served).
    pub fn sweep(&self) -> anyhow::Result<usize> {
        Ok(self.state.sweep()?)
    }

    /// Stops answering: the server is unreachable (connections refused)
    /// until [`TestApp::resume`]; the data stays.
    pub async fn pause(&mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.served.take() {
            tokio::time::timeout(Duration::from_secs(10), task).await???;
        }
        Ok(())
    }

    /// Answers again on the same address, with the same data.
    pub async fn resume(&mut self) -> anyhow::Result<()> {
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        self.serve_on(listener);
        Ok(())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn api(&self, path: &str) -> String {
        self.url(&format!("/api/v1{path}"))
    }

    /// A client that keeps cookies, like a browser.
    pub fn client(&self) -> anyhow::Result<Client> {
        Ok(Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(30))
            .build()?)
    }

    /// `POST /session` with a username and password.
    pub async fn login(
        &self,
        client: &Client,
        username: &str,
        password: &str,
    ) -> anyhow::Result<reqwest::Response> {
        Ok(client
            .post(self.api("/session"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await?)
    }

    /// Makes a demo student an active liaison of their class (增补 by the
    /// office, over HTTP).
    pub async fn appoint_liaison(&self, username: &str) -> anyhow::Result<()> {
        let office = self.login_as("office").await?;
        let id = self
            .store
            .user_by_username(username)?
            .map(|u| u.id)
            .unwrap_or_default();
        let res = office
            .post(self.api("/liaisons"))
            .json(
                &serde_json::json!({"student_id": id, "campaign_id": "2027", "reason": "班级推选"}),
            )
            .send()
            .await?;
        if res.status() != StatusCode::CREATED {
            bail!("增补 {username}: {}", res.status());
        }
        Ok(())
    }

    /// The stored nomination of student `username` (their number).
    pub fn nomination_of(&self, username: &str) -> anyhow::Result<server::store::NominationRecord> {
        self.store
            .nominations()?
            .into_iter()
            .find(|n| n.student_no == username)
            .ok_or_else(|| anyhow::anyhow!("no nomination of {username}"))
    }

    /// The id of the demo nomination of student `username`.
    pub fn demo_nomination(&self, username: &str) -> anyhow::Result<String> {
        Ok(self.nomination_of(username)?.id)
    }

    /// The demo student `username` submits their nomination (over HTTP);
    /// its id.
    pub async fn submit_demo_nomination(&self, username: &str) -> anyhow::Result<String> {
        let id = self.demo_nomination(username)?;
        let student = self.login_as(username).await?;
        let res = student
            .post(self.api(&format!("/nominations/{id}/submit")))
            .send()
            .await?;
        if res.status() != StatusCode::OK {
            bail!("{username} submits: {}", res.status());
        }
        Ok(id)
    }

    /// A client signed in as a demo account; fails unless the login answers 200.
    pub async fn login_as(&self, username: &str) -> anyhow::Result<Client> {
        let client = self.client()?;
        let res = self.login(&client, username, DEMO_PASSWORD).await?;
        if res.status() != StatusCode::OK {
            bail!("login as {username} answered {}", res.status());
        }
        Ok(client)
    }

    /// The admin renames a class's major (`PUT /classes/{id}` with its
    /// ETag); fails unless it answers 200.
    pub async fn rename_major(
        &self,
        admin: &Client,
        class_id: &str,
        major: &str,
    ) -> anyhow::Result<()> {
        let url = self.api(&format!("/classes/{class_id}"));
        let res = admin.get(&url).send().await?;
        let etag = res
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let mut class = json(res).await?["class"].clone();
        class["major"] = Value::from(major);
        let put = admin
            .put(&url)
            .header("if-match", etag)
            .json(&class)
            .send()
            .await?;
        if put.status() != StatusCode::OK {
            bail!(
                "renaming class {class_id} answered {}: {}",
                put.status(),
                put.text().await?
            );
        }
        Ok(())
    }

    /// The admin renames a college (`PATCH /colleges/{code}` with its rev);
    /// fails unless it answers 200.
    pub async fn rename_college(
        &self,
        admin: &Client,
        code: &str,
        name: &str,
    ) -> anyhow::Result<()> {
        let colleges = json(admin.get(self.api("/colleges")).send().await?).await?;
        let rev = colleges["colleges"]
            .as_array()
            .and_then(|cs| cs.iter().find(|c| c["code"] == code).cloned())
            .map(|c| c["rev"].clone())
            .unwrap_or_default();
        let patch = admin
            .patch(self.api(&format!("/colleges/{code}")))
            .header("if-match", format!("\"{rev}\""))
            .json(&serde_json::json!({ "name": name }))
            .send()
            .await?;
        if patch.status() != StatusCode::OK {
            bail!(
                "renaming college {code} answered {}: {}",
                patch.status(),
                patch.text().await?
            );
        }
        Ok(())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        note_time(self.started.elapsed());
    }
}

/// With `LIAISON_TEST_TIMES` naming a file, appends how long the running
/// test held its server: `make test` lists the slowest at the end. libtest
/// names each test's thread after the test.
fn note_time(took: std::time::Duration) {
    use std::io::Write;
    let Some(path) = std::env::var_os("LIAISON_TEST_TIMES") else {
        return;
    };
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|s| s.split('-').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let test = std::thread::current().name().unwrap_or("?").to_owned();
    let line = format!("{:.1}\t{binary} {test}\n", took.as_secs_f64());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// The session token in a response's `Set-Cookie`.
/// Follows a job started with `202 {"job": …}` until it is no longer
/// running (at most a minute); its final state.
pub async fn finish_job(
    app: &TestApp,
    client: &Client,
    started: reqwest::Response,
) -> anyhow::Result<Value> {
    if started.status() != StatusCode::ACCEPTED {
        bail!(
            "expected 202, got {}: {}",
            started.status(),
            started.text().await?
        );
    }
    let id = json(started).await?["job"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    follow_job(app, client, &id).await
}

/// Asks `GET /jobs/{id}` until the job is no longer running (at most a
/// minute); its final state.
pub async fn follow_job(app: &TestApp, client: &Client, id: &str) -> anyhow::Result<Value> {
    let until = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let job =
            json(client.get(app.api(&format!("/jobs/{id}"))).send().await?).await?["job"].clone();
        if job["state"] != "running" {
            return Ok(job);
        }
        if std::time::Instant::now() > until {
            bail!("job {id} still running after a minute: {job}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("liaison_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// Whether a message has Chinese in it (the API's reasons must).
pub fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Reads a JSON body, failing with the text when it is not JSON.
pub async fn json(res: reqwest::Response) -> anyhow::Result<Value> {
    let text = res.text().await?;
    serde_json::from_str(&text).with_context(|| format!("not JSON: {text}"))
}

/// A headless Chromium session through a chromedriver of our own; both end on drop.
pub struct Browser {
    pub client: fantoccini::Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and Chromium with a `width`×`height` window.
    pub async fn start(width: u32, height: u32) -> anyhow::Result<Browser> {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        if !std::path::Path::new(&chromium).exists() {
            bail!(
                "{chromium} not found: `make test` installs Debian's chromium and chromium-driver"
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {chromedriver}"))?;
        let profile = tempfile::tempdir()?;
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut caps = serde_json::Map::new();
        let mut options = serde_json::json!({ "binary": chromium, "args": args });
        if width < 500 {
            // Headless windows are at least 500 px wide: emulate the phone instead.
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0, "touch": true }
            });
        }
        caps.insert("goog:chromeOptions".into(), options);
        let url = format!("http://127.0.0.1:{port}");
        let mut last = None;
        // Until it answers, it exits, or 30 s pass: on a machine busy
        // building, chromedriver and Chromium can take several seconds.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if let Some(status) = driver.try_wait()? {
                bail!("chromedriver exited: {status}");
            }
            let http = hyper_util::client::legacy::connect::HttpConnector::new();
            match fantoccini::ClientBuilder::new(http)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Ok(Browser {
                        client,
                        driver,
                        _profile: profile,
                    });
                }
                Err(e) => {
                    last = Some(e);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        bail!("chromedriver did not start: {last:?}")
    }

    /// Saves a screenshot under `target/screenshots/<name>.png` for people to look at.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Sends one Chrome DevTools Protocol command (through chromedriver's
    /// `goog/cdp/execute`) and returns its result.
    pub async fn cdp(
        &self,
        cmd: &'static str,
        params: serde_json::Value,
    ) -> anyhow::Result<serde_json::Value> {
        Ok(self.client.issue_cmd(Cdp { cmd, params }).await?)
    }

    /// From now on, every page this browser opens keeps what it writes to
    /// `console.error` (a Rust panic of the client lands there) for
    /// [`Browser::console_errors`].
    pub async fn keep_console_errors(&self) -> anyhow::Result<()> {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({"source": "window.__errors = []; const e = console.error; \
                console.error = (...a) => { window.__errors.push(a.map(String).join(' ').slice(0, 500)); e(...a); };"}),
        )
        .await?;
        Ok(())
    }

    /// What the current page wrote to `console.error` (see
    /// [`Browser::keep_console_errors`]).
    pub async fn console_errors(&self) -> anyhow::Result<Vec<String>> {
        let v = self
            .client
            .execute("return window.__errors || []", vec![])
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Ends the browser session (drop also kills chromedriver).
    pub async fn close(self) -> anyhow::Result<()> {
        self.client.clone().close().await?;
        Ok(())
    }
}

/// How long browser tests wait for something to appear.
pub const WAIT: Duration = Duration::from_secs(20);

impl Browser {
    /// Opens the login page and submits `username` and `password`.
    pub async fn log_in(
        &self,
        app: &TestApp,
        username: &str,
        password: &str,
    ) -> anyhow::Result<()> {
        let c = &self.client;
        c.goto(&app.url("/login")).await?;
        let user = c
            .wait()
            .at_most(WAIT)
            .for_element(fantoccini::Locator::Css("#username"))
            .await?;
        user.send_keys(username).await?;
        c.find(fantoccini::Locator::Css("#password"))
            .await?
            .send_keys(password)
            .await?;
        c.find(fantoccini::Locator::XPath(
            "//button[normalize-space()='登录']",
        ))
        .await?
        .click()
        .await?;
        Ok(())
    }

    /// Logs in a demo account and waits for its home page, on the page
    /// its own bundle drew.
    ///
    /// A role whose pages live in another bundle than the login page's
    /// loads it with a whole-page navigation after signing in. A webdriver
    /// command sent meanwhile can be cut short ("aborted by navigation"),
    /// and a test's next `goto` could race that navigation; so this looks
    /// with one script, retried through such errors, and returns only once
    /// the document that greets the user has finished loading away from
    /// `/login`.
    pub async fn log_in_home(&self, app: &TestApp, username: &str) -> anyhow::Result<()> {
        self.log_in(app, username, DEMO_PASSWORD).await?;
        self.wait_for_home(username).await
    }

    /// Waits for `username`'s home page, as [`Browser::log_in_home`] does
    /// after signing in by any way.
    pub async fn wait_for_home(&self, username: &str) -> anyhow::Result<()> {
        let until = std::time::Instant::now() + WAIT;
        loop {
            let home = self
                .client
                .execute(
                    "return document.readyState === 'complete' \
                     && location.pathname !== '/login' \
                     && [...document.querySelectorAll('h1')] \
                          .some((h) => h.textContent.startsWith('您好'));",
                    vec![],
                )
                .await;
            match home {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(_) => {}
                Err(e) if std::time::Instant::now() > until => {
                    return Err(e).context(format!("{username} 的首页没有出现"));
                }
                // Cut short by the navigation: look again on the new page.
                Err(_) => {}
            }
            if std::time::Instant::now() > until {
                bail!("{username} 登录后 {WAIT:?} 内没有出现首页（您好）");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Browser {
    /// On 我的推荐表, starts a new form and waits for the editor.
    pub async fn start_nomination(&self, app: &TestApp) -> anyhow::Result<()> {
        let c = &self.client;
        c.goto(&app.url("/nominations")).await?;
        c.wait()
            .at_most(WAIT)
            .for_element(fantoccini::Locator::XPath(
                "//button[normalize-space()='开始填写推荐表']",
            ))
            .await?
            .click()
            .await?;
        c.wait()
            .at_most(WAIT)
            .for_element(fantoccini::Locator::Id("profile"))
            .await?;
        Ok(())
    }
}

/// Waits (up to [`WAIT`]) until the element at `css` shows `text`; its text.
pub async fn wait_text(c: &fantoccini::Client, css: &str, text: &str) -> anyhow::Result<String> {
    let until = std::time::Instant::now() + WAIT;
    let mut seen = String::new();
    loop {
        if let Ok(e) = c.find(fantoccini::Locator::Css(css)).await {
            seen = e.text().await.unwrap_or_default();
            if seen.contains(text) {
                return Ok(seen);
            }
        }
        if std::time::Instant::now() > until {
            bail!("{css} never showed {text:?}: {seen:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the button whose text is `label`.
pub async fn click(c: &fantoccini::Client, label: &str) -> anyhow::Result<()> {
    c.find(fantoccini::Locator::XPath(&format!(
        "//button[normalize-space()='{label}']"
    )))
    .await?
    .click()
    .await?;
    Ok(())
}

/// The decoded width of the first image matching `css`, once it reaches
/// `want` (or what it is after five seconds).
pub async fn image_width(c: &fantoccini::Client, css: &str, want: u64) -> anyhow::Result<u64> {
    let mut width = 0;
    for _ in 0..50 {
        width = c
            .execute(
                "const i = document.querySelector(arguments[0]); return i ? i.naturalWidth : 0",
                vec![serde_json::json!(css)],
            )
            .await?
            .as_u64()
            .unwrap_or(0);
        if width == want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(width)
}

/// Replaces the text of the input with this id, as a person types it.
pub async fn fill(c: &fantoccini::Client, id: &str, text: &str) -> anyhow::Result<()> {
    let el = c.find(fantoccini::Locator::Id(id)).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    Ok(())
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Every file of a .zip: (name, bytes), in archive order.
pub fn unzip(bytes: &[u8]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec()))?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i)?;
        let mut v = Vec::new();
        f.read_to_end(&mut v)?;
        out.push((f.name()?.to_string(), v));
    }
    Ok(out)
}

/// The only worksheet of an .xlsx as text: (how many sheets, rows). A cell
/// that is not text — a number, a date — fails: exports write text only.
pub fn xlsx_text(bytes: &[u8]) -> anyhow::Result<(usize, Vec<Vec<String>>)> {
    use calamine::{Data, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec()))?;
    let sheets = book.sheet_names().len();
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow::anyhow!("no sheet"))??;
    let mut rows = Vec::new();
    for r in range.rows() {
        let mut row = Vec::new();
        for d in r {
            row.push(match d {
                Data::String(s) => s.clone(),
                Data::Empty => String::new(),
                other => bail!("a cell is not text: {other:?}"),
            });
        }
        rows.push(row);
    }
    Ok((sheets, rows))
}

impl Browser {
    /// Downloads `href` inside the page (with its session), as a download
    /// link would, and returns the bytes.
    pub async fn fetch_bytes(&self, href: &str) -> anyhow::Result<Vec<u8>> {
        use base64::Engine;
        let b64 = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 fetch(arguments[0]).then(r => r.arrayBuffer()).then(buf => { \
                   let s = ''; new Uint8Array(buf).forEach(b => s += String.fromCharCode(b)); done(btoa(s)); })",
                vec![serde_json::json!(href)],
            )
            .await?;
        Ok(base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap_or_default())?)
    }
}

/// A DevTools command as chromedriver takes it.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
