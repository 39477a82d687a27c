//! Account settings: live field checks with the shared rules, saving, password change.

use fantoccini::Locator;
use tests::{Browser, DEMO_PASSWORD, TestApp, WAIT, click};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counselor_fixes_a_bad_phone_as_told_saves_and_changes_the_password() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "counselor.xx").await?;

    // The name in the header leads to the account page.
    c.find(Locator::Css(".who-name")).await?.click().await?;
    let phone = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#phone"))
        .await?;
    phone.send_keys("1381234").await?;
    let msg = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".field-error"))
        .await?;
    assert_eq!(
        msg.text().await?,
        "手机号应为11位数字",
        "shown while typing"
    );
    phone.send_keys("５６７８").await?;
    assert!(
        c.find(Locator::Css(".field-error")).await.is_err(),
        "full-width digits are accepted"
    );
    click(c, "保存联系方式").await?;
    let ok = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("p.ok"))
        .await?;
    assert_eq!(ok.text().await?, "已保存");
    assert_eq!(
        c.find(Locator::Css("#phone"))
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("13812345678")
    );
    let stored = app
        .store
        .user_by_username("counselor.xx")?
        .and_then(|u| u.phone);
    assert_eq!(stored.as_deref(), Some("13812345678"));
    b.screenshot("account-375").await?;

    c.find(Locator::Css("#current-password"))
        .await?
        .send_keys(DEMO_PASSWORD)
        .await?;
    c.find(Locator::Css("#new-password"))
        .await?
        .send_keys("teacher2025")
        .await?;
    c.find(Locator::Css("#repeat-password"))
        .await?
        .send_keys("teacher2025")
        .await?;
    click(c, "修改密码").await?;
    let done = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//p[@class='ok' and text()='密码已修改']"))
        .await?;
    assert!(done.is_displayed().await?);
    let fresh = app.client()?;
    assert_eq!(
        app.login(&fresh, "counselor.xx", "teacher2025")
            .await?
            .status(),
        200
    );
    b.close().await
}
