//! Logging in through the real login form, by role, at phone and desktop widths.

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT};

/// Which client bundles the page has loaded: (student, office).
async fn bundles(b: &Browser) -> anyhow::Result<(bool, bool)> {
    let v = b
        .client
        .execute(
            "const names = performance.getEntriesByType('resource').map(e => e.name); \
             return [names.some(n => n.includes('/assets/student-') && n.endsWith('.wasm')), \
                     names.some(n => n.includes('/assets/office-') && n.endsWith('.wasm'))];",
            vec![],
        )
        .await?;
    Ok((
        v[0].as_bool().unwrap_or(false),
        v[1].as_bool().unwrap_or(false),
    ))
}

async fn page_text(b: &Browser) -> anyhow::Result<String> {
    Ok(b.client.find(Locator::Css("body")).await?.text().await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_logs_in_on_a_phone_and_sees_their_home() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    // An anonymous visit to the home page is sent to the login form.
    b.client.goto(&app.url("/")).await?;
    b.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#username"))
        .await?;
    assert!(b.client.current_url().await?.path().ends_with("/login"));
    b.screenshot("login-375").await?;

    b.log_in_home(&app, "2023110101").await?;
    let text = page_text(&b).await?;
    assert!(text.contains("学生"), "{text}");
    assert!(text.contains("2023级计算机科学与技术1班"), "{text}");
    assert!(text.contains("我的推荐表"), "{text}");
    assert!(text.contains("退出登录"), "{text}");
    assert_eq!(
        bundles(&b).await?,
        (true, false),
        "a student gets the small bundle only"
    );
    b.screenshot("home-student-375").await?;
    // Nothing is wider than the phone's screen.
    let widths = b
        .client
        .execute(
            "return [window.innerWidth, document.documentElement.scrollWidth]",
            vec![],
        )
        .await?;
    assert_eq!(widths[0], 375, "not a phone-sized viewport: {widths}");
    assert!(
        widths[1].as_u64() <= widths[0].as_u64(),
        "page overflows the phone's width: {widths}"
    );
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_logs_in_on_a_desktop_reloads_a_deep_route_and_logs_out() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(1280, 800).await?;
    b.client.goto(&app.url("/login")).await?;
    b.log_in_home(&app, "office").await?;
    let text = page_text(&b).await?;
    assert!(
        text.contains("校友办") && text.contains("全校") && text.contains("主任"),
        "{text}"
    );
    b.screenshot("home-office-1280").await?;
    assert!(bundles(&b).await?.1, "the office gets its own bundle");

    // A reload of a deep client route comes back to the same page, still signed in.
    b.client.goto(&app.url("/liaisons")).await?;
    b.client.refresh().await?;
    b.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//h1[normalize-space()='联络员名单']"))
        .await?;

    b.client
        .find(Locator::XPath("//button[normalize-space()='退出登录']"))
        .await?
        .click()
        .await?;
    b.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#username"))
        .await?;
    // The session is gone on the server too: the home page sends us back.
    b.client.goto(&app.url("/")).await?;
    b.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#username"))
        .await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_shows_a_chinese_message_and_keeps_the_username() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    b.client.goto(&app.url("/login")).await?;
    b.log_in(&app, "dean.xx", "wrong-password").await?;
    let alert = b
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[role=alert]"))
        .await?;
    assert_eq!(alert.text().await?, "用户名或密码错误");
    let kept = b
        .client
        .find(Locator::Css("#username"))
        .await?
        .prop("value")
        .await?;
    assert_eq!(kept.as_deref(), Some("dean.xx"));
    b.screenshot("login-error-375").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_role_sees_its_scope_on_the_home_page() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for (user, expect) in [
        ("dean.xx", "信息工程学院"),
        ("counselor.jg", "2023级工程管理1班"),
        ("admin", "管理员"),
    ] {
        let b = Browser::start(1024, 768).await?;
        b.client.goto(&app.url("/login")).await?;
        b.log_in_home(&app, user).await?;
        let text = page_text(&b).await?;
        assert!(text.contains(expect), "{user}: {text}");
        b.screenshot(&format!("home-{user}")).await?;
        b.close().await?;
    }
    Ok(())
}
