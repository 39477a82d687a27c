//! Working without the server (SPEC §9), in real Chromium: the server is
//! really stopped (connections refused) and started again with its data.

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT, click, fill};

async fn badge(c: &fantoccini::Client, text: &str) -> anyhow::Result<()> {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//span[contains(@class,'sync-badge') and starts-with(normalize-space(), '{text}')]"
        )))
        .await?;
    Ok(())
}

/// Whether the service worker is active (it has kept the student's bundle).
async fn kept_offline(c: &fantoccini::Client) -> anyhow::Result<bool> {
    let ready = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             navigator.serviceWorker.ready.then(() => done(true), () => done(false));",
            vec![],
        )
        .await?;
    Ok(ready == serde_json::json!(true))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_typed_offline_survives_a_reload_and_syncs_when_the_server_is_back()
-> anyhow::Result<()> {
    let mut app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "2023110101").await?;
    b.start_nomination(&app).await?;
    // The app shell is kept on the device before the connection goes.
    assert!(kept_offline(c).await?);

    app.pause().await?;
    assert!(
        reqwest::get(app.api("/health")).await.is_err(),
        "the server is unreachable"
    );
    fill(c, "phone", "13912345678").await?;
    fill(c, "wechat", "train_2025").await?;
    fill(c, "destination", "西安某某科技有限公司").await?;
    badge(c, "已保存到本机").await?;

    // Reloading without a server: the page and the draft are still here.
    c.refresh().await?;
    let phone = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("phone"))
        .await?;
    assert_eq!(phone.prop("value").await?.as_deref(), Some("13912345678"));
    let wechat = c.find(Locator::Id("wechat")).await?;
    assert_eq!(wechat.prop("value").await?.as_deref(), Some("train_2025"));
    badge(c, "已保存到本机").await?;
    b.screenshot("offline-draft-375").await?;

    // The server is back: the draft syncs by itself.
    app.resume().await?;
    badge(c, "已同步").await?;
    let n = app.nomination_of("2023110101")?;
    assert_eq!(n.form.phone, "13912345678");
    assert_eq!(n.form.wechat, "train_2025");
    assert_eq!(n.form.destination, "西安某某科技有限公司");

    // Logging out leaves nothing of the account on the device.
    click(c, "退出登录").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#username"))
        .await?;
    let left = c
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('liaison:')).length",
            vec![],
        )
        .await?;
    assert_eq!(left, serde_json::json!(0));
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_editors_of_one_entry_merge_or_choose_and_nothing_is_overwritten_silently()
-> anyhow::Result<()> {
    use crate::directory::{CLASS, cell, stored, type_in};
    let app = TestApp::spawn().await?;
    app.appoint_liaison("2023110106").await?;
    let liaison = Browser::start(1280, 900).await?;
    let counselor = Browser::start(1280, 900).await?;
    liaison.log_in_home(&app, "2023110106").await?;
    counselor.log_in_home(&app, "counselor.xx").await?;
    for b in [&liaison, &counselor] {
        b.client.goto(&app.url("/directory")).await?;
    }
    let (a, c) = (&liaison.client, &counselor.client);
    // The counselor has two classes: the liaison's one.
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#dir-class"))
        .await?
        .select_by_value(CLASS)
        .await?;
    let name0 = cell(a, 0, 0)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    let name1 = cell(a, 1, 0)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert_eq!(
        cell(c, 0, 0)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default(),
        name0
    );

    // The liaison completes two rows; the counselor loads them.
    type_in(a, 0, 3, "13811111111").await?;
    stored(&app, &name0, |f| f.phone == "13811111111").await?;
    type_in(a, 1, 3, "13844444444").await?;
    stored(&app, &name1, |f| f.phone == "13844444444").await?;
    c.refresh().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#dir-class"))
        .await?
        .select_by_value(CLASS)
        .await?;
    for _ in 0..100 {
        if cell(c, 0, 3).await?.prop("value").await?.as_deref() == Some("13811111111") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // From the same revisions, the liaison saves first.
    type_in(a, 1, 4, "wx_liaison").await?;
    stored(&app, &name1, |f| f.wechat == "wx_liaison").await?;
    type_in(a, 0, 3, "13855555555").await?;
    stored(&app, &name0, |f| f.phone == "13855555555").await?;

    // Different cells of the second row: merged without asking.
    type_in(c, 1, 5, "c@example.com").await?;
    stored(&app, &name1, |f| {
        f.wechat == "wx_liaison" && f.email == "c@example.com" && f.phone == "13844444444"
    })
    .await?;

    // The same cell of the first row: both versions are shown; the counselor picks.
    type_in(c, 0, 3, "13822222222").await?;
    let theirs = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//button[normalize-space()='用对方的：13855555555']",
        ))
        .await?;
    assert!(theirs.is_displayed().await?);
    badge(c, "冲突").await?;
    counselor.screenshot("directory-conflict-1280").await?;
    assert_eq!(
        app.store
            .directory(CLASS)?
            .iter()
            .find(|e| e.fields.name == name0)
            .map(|e| e.fields.phone.clone()),
        Some("13855555555".to_owned()),
        "nothing overwritten while the counselor decides"
    );
    click(c, "用我的：13822222222").await?;
    stored(&app, &name0, |f| f.phone == "13822222222").await?;
    badge(c, "已同步").await?;
    liaison.close().await?;
    counselor.close().await
}

/// A liaison's class directory is a page chunk of its own: the service
/// worker keeps it with the rest of the student's bundle, so a reload
/// without a connection still opens the grid, and an edit waits on the
/// device until the server is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_liaison_reloads_the_directory_offline_and_the_edit_syncs_later() -> anyhow::Result<()> {
    use crate::directory::{cell, stored, type_in};
    let mut app = TestApp::spawn().await?;
    app.appoint_liaison("2023110106").await?;
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "2023110106").await?;
    c.goto(&app.url("/directory")).await?;
    let name = cell(c, 0, 0)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(!name.is_empty());
    assert!(kept_offline(c).await?);

    app.pause().await?;
    c.refresh().await?;
    let again = cell(c, 0, 0)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert_eq!(again, name, "the grid comes from the device");
    type_in(c, 0, 3, "13822222222").await?;
    badge(c, "已保存到本机").await?;
    b.screenshot("offline-directory-1280").await?;

    app.resume().await?;
    badge(c, "已同步").await?;
    stored(&app, &name, |f| f.phone == "13822222222").await?;
    b.close().await
}
