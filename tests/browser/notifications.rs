//! Notifications in a real browser: the counselor's bell counts up when a
//! student submits, the notice leads to the form, the counselor returns it
//! with an opinion, and the student reads the opinion on a phone.

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT, click};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counselors_bell_counts_a_submission_and_the_student_reads_the_return()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let desk = Browser::start(1280, 900).await?;
    let c = &desk.client;
    desk.log_in_home(&app, "counselor.jg").await?;
    let bell = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("a.bell"))
        .await?;
    assert_eq!(bell.attr("aria-label").await?.as_deref(), Some("通知"));
    assert!(c.find_all(Locator::Css(".bell-count")).await?.is_empty());

    // The student submits (their form is the demo's draft).
    let id = app.submit_demo_nomination("2023210121").await?;

    // Without touching the page, the bell counts it (it asks every 15 s).
    let count = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".bell-count"))
        .await?;
    assert_eq!(count.text().await?, "1");
    desk.screenshot("bell-counselor").await?;
    c.find(Locator::Css("a.bell")).await?.click().await?;
    let note = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//li[contains(@class,'note')][contains(@class,'unread')]//button",
        ))
        .await?;
    assert!(note.text().await?.contains("有推荐表待您审核"));
    desk.screenshot("notifications-counselor").await?;
    note.click().await?;
    // The notice leads to the form; it is read now.
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("opinion"))
        .await?
        .send_keys("请补充担任班长期间组织的活动")
        .await?;
    assert!(c.current_url().await?.path().ends_with(&id));
    c.find(Locator::XPath(
        "//label[contains(@class,'choice')][normalize-space()='退回修改']/input",
    ))
    .await?
    .click()
    .await?;
    click(c, "提交审核意见").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[contains(@class,'state-line')]//span[normalize-space()='退回修改']",
        ))
        .await?;
    assert!(
        c.find_all(Locator::Css(".bell-count")).await?.is_empty(),
        "opening the notice read it"
    );
    desk.close().await?;

    // The student, on a phone: the bell, the notice with the opinion.
    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "2023210121").await?;
    let count = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".bell-count"))
        .await?;
    assert_eq!(count.text().await?, "1");
    c.find(Locator::Css("a.bell")).await?.click().await?;
    let note = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//li[contains(@class,'unread')]//button"))
        .await?
        .text()
        .await?;
    assert!(note.contains("推荐表被退回修改"), "{note}");
    assert!(
        note.contains("意见：请补充担任班长期间组织的活动"),
        "{note}"
    );
    phone.screenshot("notifications-student-375").await?;
    let width: f64 = c
        .execute("return document.documentElement.scrollWidth", vec![])
        .await?
        .as_f64()
        .unwrap_or(9999.0);
    assert!(width <= 375.0, "nothing overflows the phone: {width}");
    click(c, "全部标为已读").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//span[normalize-space()='0 条未读']"))
        .await?;
    assert!(c.find_all(Locator::Css(".bell-count")).await?.is_empty());
    phone.close().await?;
    Ok(())
}
