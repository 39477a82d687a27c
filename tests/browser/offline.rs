//! Working without the server (SPEC §9), in real Chromium: the server is
//! really stopped (connections refused) and started again with its data.

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT, fill};

async fn badge(c: &fantoccini::Client, text: &str) -> anyhow::Result<()> {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//span[contains(@class,'sync-badge') and starts-with(normalize-space(), '{text}')]"
        )))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_typed_offline_survives_a_reload_and_syncs_when_the_server_is_back()
-> anyhow::Result<()> {
    let mut app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "2023110101").await?;
    c.goto(&app.url("/nominations")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//button[normalize-space()='开始填写推荐表']"))
        .await?
        .click()
        .await?;
    c.wait().at_most(WAIT).for_element(Locator::Id("phone")).await?;
    // The app shell is kept on the device before the connection goes.
    let ready = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             navigator.serviceWorker.ready.then(() => done(true), () => done(false));",
            vec![],
        )
        .await?;
    assert_eq!(ready, serde_json::json!(true));

    app.pause().await?;
    assert!(reqwest::get(app.api("/health")).await.is_err(), "the server is unreachable");
    fill(c, "phone", "13912345678").await?;
    fill(c, "wechat", "train_2025").await?;
    fill(c, "destination", "西安某某科技有限公司").await?;
    badge(c, "已保存到本机").await?;

    // Reloading without a server: the page and the draft are still here.
    c.refresh().await?;
    let phone = c.wait().at_most(WAIT).for_element(Locator::Id("phone")).await?;
    assert_eq!(phone.prop("value").await?.as_deref(), Some("13912345678"));
    let wechat = c.find(Locator::Id("wechat")).await?;
    assert_eq!(wechat.prop("value").await?.as_deref(), Some("train_2025"));
    badge(c, "已保存到本机").await?;
    b.screenshot("offline-draft-375").await?;

    // The server is back: the draft syncs by itself.
    app.resume().await?;
    badge(c, "已同步").await?;
    let student = app
        .store
        .user_by_username("2023110101")?
        .ok_or_else(|| anyhow::anyhow!("demo student"))?;
    let n = app
        .store
        .nominations()?
        .into_iter()
        .find(|n| n.student_id == student.id)
        .ok_or_else(|| anyhow::anyhow!("the draft"))?;
    assert_eq!(n.form.phone, "13912345678");
    assert_eq!(n.form.wechat, "train_2025");
    assert_eq!(n.form.destination, "西安某某科技有限公司");

    // Logging out leaves nothing of the account on the device.
    c.find(Locator::XPath("//button[normalize-space()='退出登录']"))
        .await?
        .click()
        .await?;
    c.wait().at_most(WAIT).for_element(Locator::Css("#username")).await?;
    let left = c
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('liaison:')).length",
            vec![],
        )
        .await?;
    assert_eq!(left, serde_json::json!(0));
    b.close().await
}
