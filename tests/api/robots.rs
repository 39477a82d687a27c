//! Work-chat robots over HTTP, against a loopback receiver that checks
//! what 企业微信's and 钉钉's documentation asks (`tests::robots`): a
//! college's 钉钉 robot receives a correctly signed deadline reminder, the
//! office's 企业微信 robot the daily digest; addresses and secrets are
//! never shown back whole; a wrong signature and a flaky network are seen.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use server::clock::Clock;
use tests::{TestApp, json, robots::Receiver};

const KEY: &str = "wecom-key-7a1c";
const TOKEN: &str = "dingtalk-token-93fd";
const SECRET: &str = "SEC5c0ffee1234abcd";

async fn setup() -> anyhow::Result<(Receiver, TestApp)> {
    let rx = Receiver::start(KEY, TOKEN, SECRET).await?;
    let host = rx.host();
    let app = TestApp::spawn_with(|c| c.robot_hosts = vec![host]).await?;
    Ok((rx, app))
}

async fn put(
    app: &TestApp,
    who: &Client,
    kind: &str,
    body: Value,
) -> anyhow::Result<reqwest::Response> {
    Ok(who
        .put(app.api(&format!("/robots/{kind}")))
        .json(&body)
        .send()
        .await?)
}

#[tokio::test]
async fn a_college_s_dingtalk_robot_gets_a_signed_reminder_and_the_office_s_wecom_robot_a_digest()
-> anyhow::Result<()> {
    let (rx, app) = setup().await?;
    let dean = app.login_as("dean.xx").await?;
    let office = app.login_as("office").await?;

    // Refused: another site, 钉钉 without its secret, a counselor, a kind
    // we do not know.
    let res = put(
        &app,
        &dean,
        "wecom",
        json!({"url": "https://example.com/cgi-bin/webhook/send?key=x"}),
    )
    .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await?["error"]["fields"]["url"].is_string());
    let res = put(
        &app,
        &dean,
        "dingtalk",
        json!({"url": rx.dingtalk_url(TOKEN)}),
    )
    .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let counselor = app.login_as("counselor.xx").await?;
    let res = put(&app, &counselor, "wecom", json!({"url": rx.wecom_url(KEY)})).await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = put(&app, &dean, "feishu", json!({"url": rx.wecom_url(KEY)})).await?;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Set; never shown back whole, nor audited whole.
    let res = put(
        &app,
        &dean,
        "dingtalk",
        json!({"url": rx.dingtalk_url(TOKEN), "secret": SECRET}),
    )
    .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let shown = dean.get(app.api("/robots")).send().await?.text().await?;
    assert!(
        shown.contains("••••3fd") || shown.contains("••••93fd"),
        "{shown}"
    );
    for secret in [TOKEN, SECRET] {
        assert!(!shown.contains(secret), "{secret} shown: {shown}");
    }
    let audit = serde_json::to_string(&app.store.audit_log()?)?;
    assert!(audit.contains("robot.set") && !audit.contains(TOKEN) && !audit.contains(SECRET));
    let res = put(&app, &office, "wecom", json!({"url": rx.wecom_url(KEY)})).await?;
    assert_eq!(res.status(), StatusCode::OK);

    // The test message arrives, signed.
    let res = dean.post(app.api("/robots/dingtalk/test")).send().await?;
    let tested = json(res).await?;
    assert_eq!(tested["robot"]["last"]["ok"], true, "{tested}");
    assert_eq!(rx.received().len(), 1);

    // A wrong secret: 钉钉 says so, and the settings page shows it.
    let wrong = json!({"url": rx.dingtalk_url(TOKEN), "secret": "SECnotthesecret"});
    assert_eq!(
        put(&app, &dean, "dingtalk", wrong).await?.status(),
        StatusCode::OK
    );
    let res = dean.post(app.api("/robots/dingtalk/test")).send().await?;
    let last = json(res).await?["robot"]["last"].clone();
    assert_eq!(last["ok"], false);
    assert!(
        last["message"]
            .as_str()
            .is_some_and(|m| m.contains("310000")),
        "{last}"
    );
    assert!(rx.refused().iter().any(|r| r == "sign not match"));
    let right = json!({"url": rx.dingtalk_url(TOKEN), "secret": SECRET});
    assert_eq!(
        put(&app, &dean, "dingtalk", right).await?.status(),
        StatusCode::OK
    );

    // Seven days before the 推荐截止, after 09:00 China time: the tick.
    let campaign = app.store.campaign("2027")?.expect("the demo campaign");
    let today = server::clock::iso_date(app.clock.today());
    let left = domain::submission::days_left(&campaign.nomination_closes, &today).unwrap_or(0);
    app.clock.advance((left - 7).max(0) * 86_400);
    let hour = time::OffsetDateTime::from_unix_timestamp(app.clock.now())?
        .to_offset(server::clock::CHINA)
        .hour();
    if hour < 9 {
        app.clock.advance(i64::from(10 - hour) * 3600);
    }
    let before = rx.received().len();
    app.tick().await;
    let new: Vec<_> = rx.received().into_iter().skip(before).collect();
    let ding: Vec<&Value> = new
        .iter()
        .filter(|r| r.platform == "dingtalk")
        .map(|r| &r.body)
        .collect();
    let reminder = ding
        .iter()
        .find(|b| {
            b["markdown"]["title"]
                .as_str()
                .is_some_and(|t| t.contains("推荐截止"))
        })
        .unwrap_or_else(|| panic!("no reminder in {ding:?}"));
    let text = reminder["markdown"]["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("信息工程学院")
            && text.contains("2024级软件技术1班")
            && text.contains("还有 7 天"),
        "{text}"
    );
    assert!(
        !text.contains("工程管理"),
        "another college's class: {text}"
    );
    let wecom: Vec<&Value> = new
        .iter()
        .filter(|r| r.platform == "wecom")
        .map(|r| &r.body)
        .collect();
    let digest = wecom
        .iter()
        .filter_map(|b| b["markdown"]["content"].as_str())
        .find(|c| c.contains("每日提醒"))
        .unwrap_or_else(|| panic!("no digest in {wecom:?}"));
    assert!(digest.contains("待校友办审核：**1** 份"), "{digest}");
    assert!(
        digest.contains(&format!("{}/todo", app.url(""))),
        "{digest}"
    );
    assert!(
        wecom.iter().any(|b| b["markdown"]["content"]
            .as_str()
            .is_some_and(|c| c.contains("推荐截止") && c.contains("信息工程学院：1 个班"))),
        "the office hears of the colleges behind: {wecom:?}"
    );

    // Once: the next tick posts nothing; the settings show the outcome.
    let seen = rx.received().len();
    app.tick().await;
    assert_eq!(rx.received().len(), seen, "each goes once");
    let dean = app.login_as("dean.xx").await?;
    let robots = json(dean.get(app.api("/robots")).send().await?).await?;
    assert_eq!(robots["robots"][0]["last"]["ok"], true, "{robots}");
    Ok(())
}

#[tokio::test]
async fn a_post_is_tried_three_times_and_the_outcome_says_how_it_went() -> anyhow::Result<()> {
    let (rx, app) = setup().await?;
    let office = app.login_as("office").await?;
    let res = put(&app, &office, "wecom", json!({"url": rx.wecom_url(KEY)})).await?;
    assert_eq!(res.status(), StatusCode::OK);
    rx.fail_next(2);
    let last =
        json(office.post(app.api("/robots/wecom/test")).send().await?).await?["robot"]["last"]
            .clone();
    assert_eq!(
        (last["ok"].clone(), last["attempts"].clone()),
        (json!(true), json!(3))
    );
    assert_eq!(rx.received().len(), 1);
    // A key the platform does not know: its answer, not a success.
    let res = put(
        &app,
        &office,
        "wecom",
        json!({"url": rx.wecom_url("stale")}),
    )
    .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let last =
        json(office.post(app.api("/robots/wecom/test")).send().await?).await?["robot"]["last"]
            .clone();
    assert_eq!(last["ok"], false);
    assert!(
        last["message"]
            .as_str()
            .is_some_and(|m| m.contains("93000"))
    );
    let gone = office.delete(app.api("/robots/wecom")).send().await?;
    assert_eq!(gone.status(), StatusCode::OK);
    assert_eq!(json(gone).await?["robots"], json!([]));
    Ok(())
}
