//! Notifications (SPEC §13): each step of the chain tells the next level and
//! the student — and nobody outside the scope; one's own list only.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::{TestApp, json};

async fn inbox(app: &TestApp, who: &Client) -> anyhow::Result<Value> {
    let res = who.get(app.api("/notifications")).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    json(res).await
}

/// (kind, title) of each notification, newest first.
async fn heard(app: &TestApp, who: &Client) -> anyhow::Result<Vec<(String, String)>> {
    Ok(inbox(app, who).await?["notifications"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|n| {
                    (
                        n["kind"].as_str().unwrap_or("").to_owned(),
                        n["title"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default())
}

fn pair(kind: &str, title: &str) -> (String, String) {
    (kind.to_owned(), title.to_owned())
}

struct Demo {
    app: TestApp,
    id: String,
}

impl Demo {
    /// The demo's draft of 2023210121 (经济管理学院).
    async fn new() -> anyhow::Result<Demo> {
        let app = TestApp::spawn().await?;
        let id = app.demo_nomination("2023210121")?;
        Ok(Demo { app, id })
    }

    fn rev(&self) -> anyhow::Result<u64> {
        Ok(self
            .app
            .store
            .nomination(&self.id)?
            .map(|n| n.rev)
            .unwrap_or(0))
    }

    async fn submit(&self, student: &Client) -> anyhow::Result<()> {
        let res = student
            .post(self.app.api(&format!("/nominations/{}/submit", self.id)))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
        Ok(())
    }

    async fn decide(&self, who: &Client, decision: &str, opinion: &str) -> anyhow::Result<()> {
        let res = who
            .post(self.app.api(&format!("/nominations/{}/decision", self.id)))
            .header("if-match", format!("\"{}\"", self.rev()?))
            .json(&json!({"decision": decision, "opinion": opinion}))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
        Ok(())
    }
}

#[tokio::test]
async fn each_step_tells_the_next_level_and_the_student_and_nobody_else() -> anyhow::Result<()> {
    let d = Demo::new().await?;
    let app = &d.app;
    let student = app.login_as("2023210121").await?;
    let counselor = app.login_as("counselor.jg").await?;
    let dean = app.login_as("dean.jg").await?;
    let office = app.login_as("office").await?;
    let outsiders = [
        app.login_as("counselor.xx").await?,
        app.login_as("dean.xx").await?,
        app.login_as("2023210101").await?,
        app.login_as("admin").await?,
    ];

    d.submit(&student).await?;
    assert_eq!(
        heard(app, &counselor).await?,
        [pair("to_review", "有推荐表待您审核")]
    );
    let n = inbox(app, &counselor).await?;
    assert_eq!(n["unread"], 1);
    assert_eq!(
        n["notifications"][0]["link"],
        format!("/nominations/{}", d.id)
    );
    assert!(
        n["notifications"][0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("2023级工程管理1班")),
        "{n}"
    );
    assert!(
        heard(app, &student).await?.is_empty(),
        "not told of one's own step"
    );
    assert!(heard(app, &dean).await?.is_empty());

    d.decide(&counselor, "approve", "同意推荐").await?;
    assert_eq!(
        heard(app, &dean).await?,
        [pair("to_review", "有推荐表待您审核")]
    );
    assert_eq!(
        heard(app, &student).await?,
        [pair("passed", "推荐表已通过辅导员审核")]
    );

    d.decide(&dean, "return", "请补充社会实践经历").await?;
    let s = inbox(app, &student).await?;
    assert_eq!(s["notifications"][0]["kind"], "returned");
    assert_eq!(s["notifications"][0]["body"], "意见：请补充社会实践经历");
    assert_eq!(s["unread"], 2);

    d.submit(&student).await?;
    d.decide(&counselor, "approve", "").await?;
    d.decide(&dean, "approve", "同意").await?;
    assert_eq!(
        heard(app, &office).await?,
        [pair("to_review", "有推荐表待您审核")]
    );
    d.decide(&office, "approve", "同意聘任").await?;
    let kinds: Vec<String> = heard(app, &student)
        .await?
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        kinds,
        ["appointed", "passed", "passed", "returned", "passed"],
        "newest first"
    );
    assert_eq!(heard(app, &counselor).await?.len(), 2, "two submissions");
    for (i, who) in outsiders.iter().enumerate() {
        assert!(
            heard(app, who).await?.is_empty(),
            "outsider {i} heard something"
        );
    }
    Ok(())
}

#[tokio::test]
async fn one_reads_only_ones_own_and_old_ones_go_after_180_days() -> anyhow::Result<()> {
    let d = Demo::new().await?;
    let app = &d.app;
    let student = app.login_as("2023210121").await?;
    let counselor = app.login_as("counselor.jg").await?;
    d.submit(&student).await?;
    d.decide(&counselor, "return", "再想想").await?;
    d.submit(&student).await?;
    d.decide(&counselor, "approve", "").await?;
    let s = inbox(app, &student).await?;
    assert_eq!(s["unread"], 2);
    let first = s["notifications"][0]["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let second = s["notifications"][1]["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();

    // Someone else's id: 404, and it stays unread.
    let res = counselor
        .post(app.api(&format!("/notifications/{first}/read")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    for bad in ["x", "99999999999"] {
        let res = student
            .post(app.api(&format!("/notifications/{bad}/read")))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{bad}");
    }
    let res = student
        .post(app.api(&format!("/notifications/{first}/read")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let s = inbox(app, &student).await?;
    assert_eq!(s["unread"], 1);
    assert_eq!(s["notifications"][0]["read"], true);
    assert_eq!(s["notifications"][1]["read"], false);

    // Paging: one at a time, older than the first.
    let page = json(
        student
            .get(app.api(&format!("/notifications?size=1&before={first}")))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(page["notifications"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["notifications"][0]["id"], second);
    let count = json(student.get(app.api("/notifications?size=0")).send().await?).await?;
    assert_eq!(count["notifications"].as_array().map(Vec::len), Some(0));
    assert_eq!(count["unread"], 1);

    let res = student
        .post(app.api("/notifications/read-all"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(inbox(app, &student).await?["unread"], 0);
    assert_eq!(
        inbox(app, &counselor).await?["unread"],
        2,
        "read-all is one's own"
    );

    // After 180 days they are gone, and so is the unread count.
    app.clock.advance(181 * 24 * 3600);
    let counselor = app.login_as("counselor.jg").await?;
    let c = inbox(app, &counselor).await?;
    assert_eq!(c["notifications"].as_array().map(Vec::len), Some(0));
    assert_eq!(c["unread"], 0);
    Ok(())
}

#[tokio::test]
async fn liaisons_hear_of_their_term_and_the_round_and_deans_of_their_handover()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.appoint_liaison("2023110101").await?;
    let liaison = app.login_as("2023110101").await?;
    let classmate = app.login_as("2023110102").await?;
    let n = inbox(&app, &liaison).await?;
    assert_eq!(n["notifications"][0]["kind"], "appointed");
    assert!(
        n["notifications"][0]["body"]
            .as_str()
            .is_some_and(|b| b.starts_with("2023级计算机科学与技术1班，任期至 ")),
        "{n}"
    );

    let office = app.login_as("office").await?;
    let res = office
        .put(app.api("/directory/round"))
        .json(&json!({"year": 2026, "open": true}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    // Saving the open round again tells nobody twice.
    let res = office
        .put(app.api("/directory/round"))
        .json(&json!({"year": 2026, "open": true}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        heard(&app, &liaison).await?[0],
        pair("round_opened", "2026年度通讯录更新已开始")
    );
    assert_eq!(heard(&app, &liaison).await?.len(), 2);
    assert!(heard(&app, &classmate).await?.is_empty(), "not a liaison");

    let id = app
        .store
        .liaisons()?
        .into_iter()
        .next()
        .map(|l| l.id)
        .unwrap_or_default();
    let res = office
        .post(app.api(&format!("/liaisons/{id}/renew")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let res = office
        .post(app.api(&format!("/liaisons/{id}/dismiss")))
        .json(&json!({"reason": "本人申请辞去"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let n = inbox(&app, &liaison).await?;
    assert_eq!(n["notifications"][1]["kind"], "renewed");
    assert_eq!(n["notifications"][0]["kind"], "dismissed");
    assert!(
        n["notifications"][0]["body"]
            .as_str()
            .is_some_and(|b| b.ends_with("原因：本人申请辞去"))
    );
    assert_eq!(n["unread"], 4);

    // The office returns a college's 报送 (the demo's 经济管理学院 has its
    // seal): its deans hear, others do not.
    let dean = app.login_as("dean.jg").await?;
    let res = dean
        .post(app.api("/submissions/jg/nominations"))
        .json(&json!({"explanation": "专科班无人报名"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = office
        .post(app.api("/submissions/jg/nominations/return"))
        .json(&json!({"reason": "请补盖公章"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let d = inbox(&app, &dean).await?;
    assert_eq!(d["notifications"][0]["kind"], "submission_returned");
    assert_eq!(d["notifications"][0]["link"], "/submissions");
    assert!(
        d["notifications"][0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("请补盖公章"))
    );
    let other = app.login_as("dean.xx").await?;
    assert!(heard(&app, &other).await?.is_empty());
    Ok(())
}
