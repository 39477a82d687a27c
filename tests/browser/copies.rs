//! 抄送 in the browser: 信息工程学院's dean copies the college's secretary
//! at 学院审核 from the to-do page; when the counselor approves, the
//! secretary opens the nomination on a phone from the notice: read only,
//! no decision form.

use fantoccini::Locator;
use serde_json::json;
use tests::{Browser, TestApp, WAIT, json, wait_text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dean_copies_the_secretary_who_reads_on_a_phone_but_cannot_decide() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    app.add_staff(&[["t4001", "钱秘书", "辅导员", "", "2024级软件技术1班"]])
        .await?;
    let qian = app
        .store
        .user_by_username("t4001")?
        .map(|u| u.id)
        .unwrap_or_default();

    // The dean sets it on the desktop.
    let desk = Browser::start(1280, 900).await?;
    let c = &desk.client;
    desk.log_in_home(&app, "dean.xx").await?;
    c.goto(&app.url("/todo")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//details[contains(@class,'copies')]/summary",
        ))
        .await?
        .click()
        .await?;
    let add = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!(
            "#copy-college option[value='{qian}']"
        )))
        .await?;
    add.click().await?;
    c.find(Locator::XPath(
        "//fieldset[legend[normalize-space()='学院审核']]//button[normalize-space()='添加']",
    ))
    .await?
    .click()
    .await?;
    wait_text(c, "details.copies", "已保存").await?;
    wait_text(c, "details.copies", "钱秘书（辅导员）").await?;
    desk.screenshot("copies-dean-1280").await?;
    desk.close().await?;

    // The counselor approves (over HTTP); the nomination reaches 学院审核.
    let id = app.demo_nomination("2023110120")?;
    let counselor = app.login_as("counselor.xx").await?;
    let rev = json(
        counselor
            .get(app.api(&format!("/nominations/{id}")))
            .send()
            .await?,
    )
    .await?["nomination"]["rev"]
        .as_u64()
        .unwrap_or_default();
    let res = counselor
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意推荐"}))
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "approve: {}", res.status());

    // The secretary, on a phone, follows the notice.
    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "t4001").await?;
    c.goto(&app.url("/notifications")).await?;
    let notice = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//button[contains(@class,'note-open')][contains(., '抄送：')]",
        ))
        .await?;
    notice.click().await?;
    wait_text(c, ".state-line", "待学院审核").await?;
    wait_text(c, "p.copied", "只读").await?;
    assert!(
        c.find_all(Locator::Css("form.decision")).await?.is_empty(),
        "no decision form for a copy"
    );
    phone.screenshot("copies-secretary-375").await?;
    phone.close().await
}
