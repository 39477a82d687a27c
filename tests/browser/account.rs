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

/// A student lost the slip with their one-time password: their counselor
/// gives a new one from the home page on a phone, and it signs in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counselor_gives_a_student_a_new_one_time_password_on_a_phone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "counselor.xx").await?;
    let input = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#reset-username"))
        .await?;

    // Someone outside the counselor's classes is not found.
    input.send_keys("2023210101").await?;
    click(c, "重新生成").await?;
    c.accept_alert().await?;
    let refused = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#password-reset p.error"))
        .await?
        .text()
        .await?;
    assert!(refused.contains("不在您的管理范围内"), "{refused}");

    input.clear().await?;
    input.send_keys("2023110102").await?;
    click(c, "重新生成").await?;
    c.accept_alert().await?;
    let password = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#password-reset code.password"))
        .await?
        .text()
        .await?;
    let note = c
        .find(Locator::Css("#password-reset .issued"))
        .await?
        .text()
        .await?;
    assert!(note.contains("30 天内有效"), "{note}");
    b.screenshot("password-reset-375").await?;

    let student = app.client()?;
    let old = app.login(&student, "2023110102", DEMO_PASSWORD).await?;
    assert_eq!(old.status(), reqwest::StatusCode::UNAUTHORIZED);
    let new = app.login(&student, "2023110102", &password).await?;
    assert_eq!(new.status(), reqwest::StatusCode::OK);
    assert_eq!(
        tests::json(new).await?["user"]["must_change_password"],
        true
    );
    b.close().await?;

    // The admin does the same for staff, from 组织与账号 on a desktop.
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "admin").await?;
    c.goto(&app.url("/setup")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#reset-username"))
        .await?
        .send_keys("counselor.jg")
        .await?;
    click(c, "重新生成").await?;
    c.accept_alert().await?;
    let password = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#password-reset code.password"))
        .await?
        .text()
        .await?;
    c.execute(
        "document.getElementById('password-reset').scrollIntoView()",
        vec![],
    )
    .await?;
    b.screenshot("password-reset-admin-1280").await?;
    let staff = app.client()?;
    let signed_in = app.login(&staff, "counselor.jg", &password).await?;
    assert_eq!(signed_in.status(), reqwest::StatusCode::OK);
    b.close().await
}
