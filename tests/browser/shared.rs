//! A shared computer (docs/SECURITY.md, "Nothing readable stays"), in real
//! Chromium: a session that ends without the logout button — timed out on
//! the server, or the device away longer than a session may idle — leaves
//! no copy of a directory and no identity to start offline with; what was
//! typed and not yet sent stays for the same account only.

use fantoccini::Locator;
use serde_json::json;
use tests::{Browser, TestApp, WAIT};

use crate::directory::{CLASS, cell, type_in};

/// The browser's clock, which the test moves forward by setting
/// `test-clock-offset` (ms) in localStorage; the app reads `Date.now()`.
const CLOCK: &str = "(() => { const real = Date.now.bind(Date); \
    Date.now = () => real() + Number(localStorage.getItem('test-clock-offset') || 0); })();";

const MIN: i64 = 60;

async fn keys(c: &fantoccini::Client) -> anyhow::Result<Vec<String>> {
    let v = c
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('liaison:')).sort()",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

async fn login_page(c: &fantoccini::Client) -> anyhow::Result<()> {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#username"))
        .await?;
    Ok(())
}

async fn directory_shown(b: &Browser, app: &TestApp) -> anyhow::Result<()> {
    b.client.goto(&app.url("/directory")).await?;
    cell(&b.client, 0, 0).await?;
    let k = keys(&b.client).await?;
    assert!(
        k.iter().any(|k| k == &format!("liaison:dirsnap:{CLASS}"))
            && k.contains(&"liaison:user".into()),
        "the directory and the user are kept for offline use: {k:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_that_ends_without_logout_leaves_nothing_readable_on_the_device()
-> anyhow::Result<()> {
    let mut app = TestApp::spawn().await?;
    app.appoint_liaison("2023110106").await?;
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": CLOCK }),
    )
    .await?;
    b.log_in_home(&app, "2023110106").await?;
    directory_shown(&b, &app).await?;

    // 1. The server ends the session (30 minutes idle); the next thing the
    // app asks for is refused, and the copies go.
    app.clock.advance(31 * MIN);
    c.find(Locator::Css("nav a[href='/']"))
        .await?
        .click()
        .await?;
    login_page(c).await?;
    let k = keys(c).await?;
    assert!(
        !k.iter()
            .any(|k| k.starts_with("liaison:dirsnap") || k == "liaison:user"),
        "after a 401 nothing readable stays: {k:?}"
    );

    // 2. Signed in again, the liaison types a phone while the server is
    // unreachable: it waits on the device.
    b.log_in_home(&app, "2023110106").await?;
    directory_shown(&b, &app).await?;
    let before = app.store.directory(CLASS)?;
    app.pause().await?;
    type_in(c, 0, 3, "13877776666").await?;
    for _ in 0..100 {
        if keys(c).await?.contains(&"liaison:dir".into()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        keys(c).await?.contains(&"liaison:dir".into()),
        "the edit waits on the device"
    );
    // Offline within a session's life, the app still opens as the liaison.
    c.refresh().await?;
    cell(c, 0, 0).await?;
    // Left alone offline longer than a session may idle (a lab PC whose
    // network is switched off): the next person sees the login page, and
    // no directory remains; only the unsent edit, kept for its author.
    c.execute(
        "localStorage.setItem('test-clock-offset', String(31 * 60 * 1000))",
        vec![],
    )
    .await?;
    c.refresh().await?;
    login_page(c).await?;
    let k = keys(c).await?;
    assert!(
        !k.iter()
            .any(|k| k.starts_with("liaison:dirsnap") || k == "liaison:user"),
        "offline past the limit nothing readable stays: {k:?}"
    );
    assert!(
        k.contains(&"liaison:dir".into()),
        "the unsent edit is kept: {k:?}"
    );

    // 3. The network is back, 31 minutes on the server too (its session
    // is over), and someone else signs in on this device: the other
    // account's unsent edit goes unread and is never sent under their
    // session.
    app.clock.advance(31 * MIN);
    app.resume().await?;
    c.execute("localStorage.removeItem('test-clock-offset')", vec![])
        .await?;
    b.log_in_home(&app, "2023110101").await?;
    let k = keys(c).await?;
    assert!(!k.contains(&"liaison:dir".into()), "{k:?}");
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let after = app.store.directory(CLASS)?;
    assert!(
        before
            .iter()
            .map(|e| &e.fields)
            .eq(after.iter().map(|e| &e.fields)),
        "nothing of the first account was sent"
    );
    b.close().await
}
