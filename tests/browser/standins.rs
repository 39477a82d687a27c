//! 代理审批 on phones: 赵老师 names 吴老师 (another counselor of the
//! college) on the to-do page; 吴老师, on their own phone, sees whose
//! place they take and the waiting form marked 代赵老师, approves it, and
//! the printed 推荐表 says "吴老师 代 赵老师" in the counselor's blank.

use fantoccini::Locator;
use serde_json::json;
use server::clock::{Clock, iso_date};
use tests::{Browser, TestApp, WAIT, click, wait_text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counselor_names_a_stand_in_who_approves_from_their_phone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.add_staff(&[["t2001", "吴老师", "辅导员", "", "2024级软件技术1班"]])
        .await?;
    let wu = app
        .store
        .user_by_username("t2001")?
        .map(|u| u.id)
        .unwrap_or_default();
    let nomination = app.nomination_of("2023110120")?;
    let student = nomination.form.name.clone();
    let until = iso_date(app.clock.today() + time::Duration::days(6));

    // 赵老师 names 吴老师 at 375 px.
    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "counselor.xx").await?;
    c.goto(&app.url("/todo")).await?;
    let summary = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//details[contains(@class,'standins')]/summary",
        ))
        .await?;
    summary.click().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!(
            "#standin-deputy option[value='{wu}']"
        )))
        .await?;
    c.find(Locator::Id("standin-deputy"))
        .await?
        .select_by_value(&wu)
        .await?;
    c.execute(
        "const e = document.getElementById('standin-until'); e.value = arguments[0]; \
         e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(until)],
    )
    .await?;
    click(c, "设置代理").await?;
    wait_text(c, "details.standins", "已设置：吴老师代您审批").await?;
    wait_text(c, ".standin-list", "由吴老师代我审批").await?;
    phone.screenshot("standin-named-375").await?;
    phone.close().await?;

    // 吴老师, on their own phone, approves in 赵老师's place.
    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "t2001").await?;
    c.goto(&app.url("/todo")).await?;
    wait_text(c, ".notice.taking", "您正在代赵老师审批").await?;
    let row = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//table[contains(@class,'todo')]//tr[.//a[normalize-space()='{student}']]"
        )))
        .await?;
    let tag = row
        .find(Locator::Css(".tag.in-place"))
        .await?
        .text()
        .await?;
    assert_eq!(tag, "代赵老师", "the row says whose it is");
    phone.screenshot("standin-todo-375").await?;
    row.find(Locator::XPath(&format!(
        ".//a[normalize-space()='{student}']"
    )))
    .await?
    .click()
    .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("opinion"))
        .await?
        .send_keys("同意推荐（代赵老师）")
        .await?;
    click(c, "提交审核意见").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[contains(@class,'state-line')]//span[normalize-space()='待学院审核']",
        ))
        .await?;
    let history = wait_text(c, ".history", "吴老师 代 赵老师").await?;
    assert!(
        history.contains("通过") || history.contains("同意"),
        "{history}"
    );

    // The printed form says who stood in for whom.
    c.goto(&app.url(&domain::pages::nomination_print(&nomination.id)))
        .await?;
    let paper = wait_text(c, "article.paper", "辅导员签字").await?;
    assert!(
        paper.contains("辅导员签字：吴老师 代 赵老师"),
        "the counselor's blank: {paper}"
    );
    phone.screenshot("standin-print-375").await?;
    phone.close().await
}
