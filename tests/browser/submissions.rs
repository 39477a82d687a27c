//! 学院报送 in a real browser: a dean on a phone sees the pre-flight checks,
//! fixes the one that blocks (a nomination waiting for the college), writes
//! the 说明 the warnings need and submits with the college seal; the office
//! accepts on a desktop; the 报送单 prints from the frozen snapshot.

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::json;
use tests::{Browser, TestApp, WAIT, click};

/// Brings the demo's draft of `username` to the college level over HTTP:
/// the student submits, the counselor approves.
async fn to_the_college(app: &TestApp, username: &str, counselor: &str) -> anyhow::Result<String> {
    let id = app.submit_demo_nomination(username).await?;
    let rev = app.store.nomination(&id)?.map(|n| n.rev).unwrap_or(0);
    let c = app.login_as(counselor).await?;
    let res = c
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意推荐"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK, "counselor");
    Ok(id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dean_submits_on_a_phone_and_the_office_accepts() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let id = to_the_college(&app, "2023210121", "counselor.jg").await?;
    let name = app
        .store
        .nomination(&id)?
        .map(|n| n.form.name)
        .unwrap_or_default();

    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "dean.jg").await?;
    c.goto(&app.url("/submissions")).await?;
    let card = "//section[@data-kind='nominations']";
    let block = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "{card}//li[contains(@class,'check-block')]"
        )))
        .await?;
    assert!(
        block.text().await?.contains("1 份推荐表待学院审核"),
        "the waiting nomination blocks"
    );
    let send = format!("{card}//button[contains(., '确认报送')]");
    assert!(
        !c.find(Locator::XPath(&send)).await?.is_enabled().await?,
        "a blocking check disables the confirmation"
    );
    phone.screenshot("handover-dean-blocked-375").await?;

    // Fix it: approve the nomination from the to-do list.
    c.goto(&app.url("/todo")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//table[contains(@class,'todo')]//a[normalize-space()='{name}']"
        )))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("opinion"))
        .await?
        .send_keys("同意")
        .await?;
    click(c, "提交审核意见").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[contains(@class,'state-line')]//span[normalize-space()='待校友办审核']",
        ))
        .await?;

    // Back on 学院报送: nothing blocks; the warning needs a 说明.
    c.goto(&app.url("/submissions")).await?;
    let button = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&send))
        .await?;
    assert!(
        c.find_all(Locator::XPath(&format!(
            "{card}//li[contains(@class,'check-block')]"
        )))
        .await?
        .is_empty()
    );
    let warn = c
        .find(Locator::XPath(&format!(
            "{card}//li[contains(@class,'check-warn')]"
        )))
        .await?
        .text()
        .await?;
    assert!(warn.contains("没有通过学院审核的推荐人选"), "{warn}");
    assert!(button.is_enabled().await?);
    button.click().await?;
    let hint = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "{card}//p[contains(@class,'field-error')]"
        )))
        .await?
        .text()
        .await?;
    assert!(hint.contains("说明"), "{hint}");
    c.find(Locator::Id("explain-nominations"))
        .await?
        .send_keys("2024级会计专科班无人报名，已动员")
        .await?;
    phone.screenshot("handover-dean-ready-375").await?;
    c.find(Locator::XPath(&send)).await?.click().await?;
    c.accept_alert().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "{card}//h2//span[normalize-space()='已报送']"
        )))
        .await?;
    let links = c
        .find_all(Locator::XPath(&format!(
            "{card}//a[normalize-space()='下载材料包' or normalize-space()='打印报送单']"
        )))
        .await?;
    assert_eq!(links.len(), 2);
    phone.screenshot("handover-dean-submitted-375").await?;
    let width: f64 = c
        .execute("return document.documentElement.scrollWidth", vec![])
        .await?
        .as_f64()
        .unwrap_or(9999.0);
    assert!(width <= 375.0, "nothing overflows the phone: {width}");
    phone.close().await?;

    // The office, on a desktop: the table, then 接收.
    let desk = Browser::start(1280, 900).await?;
    let c = &desk.client;
    desk.log_in_home(&app, "office").await?;
    c.goto(&app.url("/submissions")).await?;
    let cell = "//td[@data-college='jg'][@data-kind='nominations']";
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "{cell}//span[normalize-space()='已报送']"
        )))
        .await?;
    let others = c
        .find_all(Locator::XPath(
            "//td[contains(@class,'handover-cell')]//span[normalize-space()='未报送']",
        ))
        .await?;
    assert_eq!(others.len(), 3, "the other three hand-overs are not in yet");
    desk.screenshot("handover-office-table").await?;
    c.find(Locator::XPath(&format!(
        "{cell}//button[normalize-space()='接收']"
    )))
    .await?
    .click()
    .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "{cell}//span[normalize-space()='已接收']"
        )))
        .await?;
    desk.screenshot("handover-office-accepted").await?;

    // The dashboard's bars count it.
    c.goto(&app.url("/dashboard")).await?;
    let bar = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//div[contains(@aria-label,'报送')]//div[contains(@class,'bar-row')][contains(., '推荐材料')]",
        ))
        .await?
        .text()
        .await?;
    assert!(bar.contains("1/2，已接收 1"), "{bar}");
    c.execute(
        "document.querySelector('[aria-label*=报送]').scrollIntoView()",
        vec![],
    )
    .await?;
    desk.screenshot("handover-dashboard").await?;

    // The 报送单 as it prints: the college, the count, the seal.
    c.goto(&app.url("/api/v1/submissions/jg/nominations/cover.html?version=1"))
        .await?;
    let body = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("h1"))
        .await?
        .text()
        .await?;
    assert_eq!(body, "学院报送单");
    let page = c.source().await?;
    assert!(page.contains("经济管理学院"));
    assert!(
        page.contains("2 名推荐人选"),
        "both passed the college level"
    );
    let seal_width: f64 = c
        .execute(
            "const s = document.querySelector('img.seal'); return s && s.complete ? s.naturalWidth : 0",
            vec![],
        )
        .await?
        .as_f64()
        .unwrap_or(0.0);
    assert!(seal_width > 0.0, "the college seal is drawn");
    desk.screenshot("handover-cover").await?;
    desk.close().await?;
    Ok(())
}
