//! Campus sign-in in a real browser against a real CAS server on loopback:
//! a student at 375 px taps 统一身份认证登录, types their number and the
//! portal's password on the portal's own page, and lands on their home; a
//! number the roster lacks sees our Chinese page; with the portal stopped,
//! the button says so and the password form still works.

use fantoccini::Locator;
use tests::{
    Browser, TestApp, WAIT,
    idp::cas::{CasServer, PORTAL_PASSWORD, UNKNOWN_NUMBER},
};

async fn app_with(cas: &CasServer) -> anyhow::Result<TestApp> {
    let settings = cas.settings();
    TestApp::spawn_with(move |c| c.campus = Some(settings)).await
}

/// From our login page through the portal's own form.
async fn through_the_portal(
    b: &Browser,
    app: &TestApp,
    username: &str,
    shot: Option<&str>,
) -> anyhow::Result<()> {
    let c = &b.client;
    c.goto(&app.url("/login")).await?;
    let button = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("a.btn-portal"))
        .await?;
    assert_eq!(button.text().await?, "统一身份认证登录");
    if let Some(name) = shot {
        b.screenshot(&format!("{name}-login")).await?;
    }
    button.click().await?;
    let user = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("id_username"))
        .await?;
    if let Some(name) = shot {
        b.screenshot(&format!("{name}-portal")).await?;
    }
    user.send_keys(username).await?;
    c.find(Locator::Id("id_password"))
        .await?
        .send_keys(PORTAL_PASSWORD)
        .await?;
    c.find(Locator::Css(
        "#login_form button[type=submit], #login_form input[type=submit]",
    ))
    .await?
    .click()
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_on_a_phone_signs_in_through_the_portal_and_lands_on_their_home()
-> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    let b = Browser::start(375, 812).await?;
    through_the_portal(&b, &app, "2023110101", Some("campus-375")).await?;
    b.wait_for_home("2023110101").await?;
    let text = b.client.find(Locator::Css("body")).await?.text().await?;
    assert!(text.contains("我的推荐表"), "{text}");
    assert!(text.contains("2023级计算机科学与技术1班"), "{text}");
    // A portal session has no one-time password to replace.
    assert!(!text.contains("首次登录，请先修改初始密码"), "{text}");
    b.screenshot("campus-375-home").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_the_roster_lacks_sees_whom_to_ask() -> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    let b = Browser::start(375, 812).await?;
    through_the_portal(&b, &app, UNKNOWN_NUMBER, None).await?;
    let page = b
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#campus-ended[data-code=unknown_account]"))
        .await?;
    let text = page.text().await?;
    assert!(
        text.contains("未找到您的账号") && text.contains(UNKNOWN_NUMBER),
        "{text}"
    );
    assert!(text.contains("辅导员"), "{text}");
    b.screenshot("campus-375-unknown").await?;
    // Back to the login page, which still offers both ways.
    b.client
        .find(Locator::LinkText("返回登录页"))
        .await?
        .click()
        .await?;
    b.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("a.btn-portal"))
        .await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_portal_stopped_the_button_says_so_and_passwords_still_work() -> anyhow::Result<()>
{
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    drop(cas);
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    c.goto(&app.url("/login")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("a.btn-portal"))
        .await?
        .click()
        .await?;
    let page = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            "#campus-ended[data-code=provider_unreachable]",
        ))
        .await?;
    assert!(page.text().await?.contains("统一身份认证暂时无法连接"));
    b.screenshot("campus-375-unreachable").await?;
    // The admin signs in with a password (always allowed).
    c.goto(&app.url("/login")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("username"))
        .await?
        .send_keys("admin")
        .await?;
    c.find(Locator::Id("password"))
        .await?
        .send_keys(tests::DEMO_PASSWORD)
        .await?;
    c.find(Locator::XPath("//button[normalize-space()='登录']"))
        .await?
        .click()
        .await?;
    b.wait_for_home("admin").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_demo_account_signs_in_through_the_portal() -> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    let b = Browser::start(1280, 800).await?;
    for (username, _) in tests::DEMO_ACCOUNTS {
        // A new visitor each time: neither our session nor the portal's.
        b.client.delete_all_cookies().await?;
        through_the_portal(&b, &app, username, None).await?;
        b.wait_for_home(username).await?;
        let shown = b
            .client
            .find(Locator::Css(".hello dl"))
            .await?
            .text()
            .await?;
        assert!(shown.contains(username), "{username}: {shown}");
    }
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_turns_the_portal_on_and_the_login_page_leads_with_it() -> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = TestApp::spawn().await?;
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "admin").await?;
    c.goto(&app.url("/setup")).await?;
    let section = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#campus"))
        .await?;
    let text = section.text().await?;
    assert!(
        text.contains(&app.api("/auth/cas/callback")),
        "the service URL to register: {text}"
    );
    section
        .find(Locator::XPath(
            ".//label[contains(., '开启 CAS 登录')]/input",
        ))
        .await?
        .click()
        .await?;
    tests::fill(c, "cas-url", &cas.url).await?;
    tests::fill(c, "cas-account", "accountName").await?;
    c.execute("document.getElementById('campus').scrollIntoView()", vec![])
        .await?;
    b.screenshot("campus-settings-1280").await?;
    tests::click(c, "保存设置").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[@class='ok' and text()='已保存统一身份认证设置']",
        ))
        .await?;
    assert!(
        app.store
            .audit_log()?
            .iter()
            .any(|a| a.action == "campus.settings")
    );
    // Signed out, a new visitor is offered the portal first.
    tests::click(c, "退出登录").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#username"))
        .await?;
    c.goto(&app.url("/login")).await?;
    let button = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("a.btn-portal"))
        .await?;
    assert_eq!(button.text().await?, "统一身份认证登录");
    b.close().await
}
