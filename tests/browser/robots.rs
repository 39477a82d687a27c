//! 工作群提醒 on a dean's phone: 信息工程学院's dean pastes the 钉钉
//! robot's address and signing secret, sends a test message, and sees it
//! arrive (the loopback receiver checks the signature); the card shows the
//! address only by its last characters.

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT, click, fill, robots::Receiver, wait_text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dean_sets_the_college_s_dingtalk_robot_on_a_phone_and_tests_it() -> anyhow::Result<()> {
    let rx = Receiver::start("k", "token-8c2e", "SEC77aa99").await?;
    let host = rx.host();
    let app = TestApp::spawn_with(|c| c.robot_hosts = vec![host]).await?;
    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "dean.xx").await?;
    c.goto(&app.url("/todo")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//details[contains(@class,'robots')]/summary",
        ))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("robot-dingtalk-url"))
        .await?;
    fill(c, "robot-dingtalk-url", &rx.dingtalk_url("token-8c2e")).await?;
    fill(c, "robot-dingtalk-secret", "SEC77aa99").await?;
    c.find(Locator::XPath(
        "//fieldset[legend[normalize-space()='钉钉群自定义机器人']]//button[normalize-space()='保存']",
    ))
    .await?
    .click()
    .await?;
    let card = wait_text(c, "details.robots", "已设置（地址 ••••8c2e").await?;
    assert!(
        !card.contains("token-8c2e") || card.contains("••••8c2e"),
        "{card}"
    );
    click(c, "发送测试消息").await?;
    wait_text(c, "details.robots", "测试消息已送达").await?;
    wait_text(c, "details.robots", "最近一次").await?;
    assert_eq!(rx.received().len(), 1, "the receiver got it, signed");
    assert!(rx.refused().is_empty(), "{:?}", rx.refused());
    phone.screenshot("robots-dean-375").await?;
    phone.close().await
}
