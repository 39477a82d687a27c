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

/// What an editor sees whole lives only in the tab: the device keeps the
/// directory as a classmate sees it, and a copy opened from it offline (a
/// new tab, the browser restarted) shows no contact and cannot be edited,
/// so it can never write back what it does not show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_device_keeps_an_editors_directory_only_with_its_contacts_withheld()
-> anyhow::Result<()> {
    let mut app = TestApp::spawn().await?;
    app.appoint_liaison("2023110106").await?;
    // The class's contacts, as the school's file gives them.
    let file = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/fixtures/alumni/ok_class.xlsx"),
    )?;
    let res = app
        .login_as("counselor.xx")
        .await?
        .post(app.api(&format!("/classes/{CLASS}/directory/import")))
        .header("content-type", server::xlsx::MIME)
        .body(file)
        .send()
        .await?;
    assert!(res.status().is_success(), "{}", res.text().await?);
    let b = Browser::start(375, 800).await?;
    let c = &b.client;
    b.log_in_home(&app, "2023110106").await?;
    directory_shown(&b, &app).await?;
    let key = json!(format!("liaison:dirsnap:{CLASS}"));
    let read = |store: &'static str| {
        let key = key.clone();
        async move {
            let v = c
                .execute(
                    &format!("return {store}.getItem(arguments[0]) || ''"),
                    vec![key],
                )
                .await?;
            anyhow::Ok(v.as_str().unwrap_or_default().to_owned())
        }
    };
    let (device, tab) = (read("localStorage").await?, read("sessionStorage").await?);
    let stored = app.store.directory(CLASS)?;
    let phones: Vec<&str> = stored
        .iter()
        .map(|e| e.fields.phone.as_str())
        .filter(|p| !p.is_empty())
        .collect();
    let addresses: Vec<&str> = stored
        .iter()
        .map(|e| e.fields.address.as_str())
        .filter(|a| !a.is_empty())
        .collect();
    assert!(!phones.is_empty() && !addresses.is_empty());
    for p in &phones {
        assert!(tab.contains(p), "the tab holds what the liaison sees");
        assert!(!device.contains(p), "no whole phone on the device: {p}");
    }
    for a in &addresses {
        assert!(!device.contains(a), "no address on the device: {a}");
    }

    app.pause().await?;
    c.execute("sessionStorage.clear()", vec![]).await?;
    c.refresh().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#dir-withheld"))
        .await?;
    let inputs = c.find_all(Locator::Css("[data-cell]")).await?;
    assert!(inputs.is_empty(), "nothing to edit from the device's copy");
    let shown = c.find(Locator::Css("tbody")).await?.text().await?;
    let name = &stored[0].fields.name;
    assert!(shown.contains(name.as_str()), "the class is still listed");
    for p in &phones {
        assert!(!shown.contains(p), "no whole phone shown: {p}");
    }
    for a in &addresses {
        assert!(!shown.contains(a), "no address shown: {a}");
    }
    b.screenshot("directory-withheld-375").await?;
    b.close().await
}
