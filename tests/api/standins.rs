//! Stand-ins (代理审批) over HTTP: a counselor away names another counselor
//! of the college, who then reads and decides the class's nominations in
//! their place ("吴老师 代 赵老师" in the history and the audit log), until
//! it ends early or by itself — each side told.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use server::clock::{Clock, iso_date};
use tests::{TestApp, json};

/// The demo app with a second counselor of 信息工程学院 (吴老师, t2001:
/// 2024级软件技术1班) and a counselor of nothing.
async fn app() -> anyhow::Result<TestApp> {
    let app = TestApp::spawn().await?;
    app.add_staff(&[["t2001", "吴老师", "辅导员", "", "2024级软件技术1班"]])
        .await?;
    Ok(app)
}

fn day(app: &TestApp, offset: i64) -> String {
    iso_date(app.clock.today() + time::Duration::days(offset))
}

fn id_of(app: &TestApp, username: &str) -> anyhow::Result<String> {
    Ok(app
        .store
        .user_by_username(username)?
        .map(|u| u.id)
        .unwrap_or_default())
}

async fn name(
    app: &TestApp,
    who: &Client,
    deputy: &str,
    from: &str,
    until: &str,
) -> anyhow::Result<reqwest::Response> {
    Ok(who
        .post(app.api("/standins"))
        .json(&json!({"deputy_id": deputy, "from": from, "until": until}))
        .send()
        .await?)
}

async fn titles(app: &TestApp, who: &Client) -> anyhow::Result<Vec<String>> {
    let list = json(who.get(app.api("/notifications")).send().await?).await?;
    Ok(list["notifications"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| format!("{} {}", n["title"], n["body"]))
        .collect())
}

#[tokio::test]
async fn a_counselor_s_stand_in_decides_in_their_place_until_it_ends() -> anyhow::Result<()> {
    let app = app().await?;
    let principal = app.login_as("counselor.xx").await?;
    let deputy = app.login_as("t2001").await?;
    let wu = id_of(&app, "t2001")?;
    let id = app.demo_nomination("2023110120")?;

    // Whom 赵老师 may name: counselors of 信息工程学院 only.
    let mine = json(principal.get(app.api("/standins")).send().await?).await?;
    let names: Vec<&str> = mine["candidates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["吴老师"],
        "another college's counselor is no candidate"
    );

    // Before: not 吴老师's class.
    let nomination = app.api(&format!("/nominations/{id}"));
    assert_eq!(
        deputy.get(&nomination).send().await?.status(),
        StatusCode::NOT_FOUND
    );

    let res = name(&app, &principal, &wu, &day(&app, 0), &day(&app, 6)).await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let standin = json(res).await?["standin"].clone();
    let sid = standin["id"].as_str().unwrap_or_default().to_owned();
    assert!(
        titles(&app, &deputy)
            .await?
            .iter()
            .any(|t| t.contains("赵老师请您代理审批") && t.contains("吴老师 代 赵老师")),
        "the stand-in is told"
    );

    // No second stand-in for the same days, no chains, the same role only.
    let another = id_of(&app, "counselor.jg")?;
    let res = name(&app, &principal, &another, &day(&app, 1), &day(&app, 2)).await?;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = name(
        &app,
        &deputy,
        &id_of(&app, "counselor.xx")?,
        &day(&app, 1),
        &day(&app, 2),
    )
    .await?;
    assert_eq!(res.status(), StatusCode::CONFLICT, "a chain back");
    let msg = json(res).await?["error"]["message"].clone();
    assert!(
        msg.as_str().is_some_and(|m| m.contains("代理")),
        "said why: {msg}"
    );
    let dean = app.login_as("dean.xx").await?;
    let res = name(&app, &dean, &wu, &day(&app, 1), &day(&app, 2)).await?;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a dean names a counselor"
    );
    let res = name(&app, &principal, &wu, &day(&app, -1), &day(&app, 2)).await?;
    assert_eq!(res.status(), StatusCode::CONFLICT, "starting yesterday");

    // 吴老师's to-do has the nomination; the decision is in 赵老师's place.
    let todo = json(
        deputy
            .get(app.api("/nominations?state=pending_counselor"))
            .send()
            .await?,
    )
    .await?;
    let row = todo["nominations"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|n| n["id"] == id.as_str())
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(row["class_id"], "xx-2023-cs-1", "in the stand-in's to-do");
    let rev = row["rev"].as_u64().unwrap_or_default();
    let res = deputy
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意推荐"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let after = json(res).await?;
    let step = after["nomination"]["history"]
        .as_array()
        .and_then(|h| h.last())
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(step["actor_name"], "吴老师");
    assert_eq!(step["in_place_of"]["name"], "赵老师");
    assert_eq!(after["nomination"]["state"], "pending_college");
    let audited = app
        .store
        .audit_log()?
        .into_iter()
        .find(|e| e.action == "nomination.approve" && e.target == id)
        .map(|e| e.detail)
        .unwrap_or(Value::Null);
    assert_eq!(
        audited["in_place_of"],
        id_of(&app, "counselor.xx")?,
        "the audit log names whose place"
    );
    assert_eq!(audited["signed_as"], "吴老师 代 赵老师");

    // Scope: nobody else ends it; 赵老师 ends it early and 吴老师 is told.
    let other = app.login_as("counselor.jg").await?;
    let end = app.api(&format!("/standins/{sid}"));
    assert_eq!(
        other.delete(&end).send().await?.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        principal.delete(&end).send().await?.status(),
        StatusCode::OK
    );
    assert_eq!(
        principal.delete(&end).send().await?.status(),
        StatusCode::CONFLICT,
        "already over"
    );
    assert!(
        titles(&app, &deputy)
            .await?
            .iter()
            .any(|t| t.contains("代理审批已结束") && t.contains("提前结束")),
        "the stand-in is told it ended"
    );
    assert_eq!(
        deputy.get(&nomination).send().await?.status(),
        StatusCode::NOT_FOUND,
        "the class is 赵老师's alone again"
    );
    let none = json(deputy.get(app.api("/standins")).send().await?).await?;
    assert_eq!(none["taking"], json!([]));
    Ok(())
}

#[tokio::test]
async fn a_stand_in_ends_by_itself_after_its_last_day_and_both_are_told_once() -> anyhow::Result<()>
{
    let app = app().await?;
    let principal = app.login_as("counselor.xx").await?;
    let wu = id_of(&app, "t2001")?;
    let res = name(&app, &principal, &wu, &day(&app, 0), &day(&app, 1)).await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(server::standins::tell_over(&app.store, &app.clock)?, 0);
    app.clock.advance(2 * 86_400);
    assert_eq!(server::standins::tell_over(&app.store, &app.clock)?, 1);
    assert_eq!(
        server::standins::tell_over(&app.store, &app.clock)?,
        0,
        "told once"
    );
    for who in ["counselor.xx", "t2001"] {
        let c = app.login_as(who).await?;
        assert!(
            titles(&app, &c)
                .await?
                .iter()
                .any(|t| t.contains("代理审批已结束") && t.contains("到期结束")),
            "{who} is told"
        );
        let mine = json(c.get(app.api("/standins")).send().await?).await?;
        assert_eq!(
            (mine["named"].clone(), mine["taking"].clone()),
            (json!([]), json!([]))
        );
    }
    // Over, it no longer blocks a new one.
    let principal = app.login_as("counselor.xx").await?;
    let res = name(&app, &principal, &wu, &day(&app, 0), &day(&app, 3)).await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    Ok(())
}

#[tokio::test]
async fn the_director_s_stand_in_signs_for_the_center() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.add_staff(&[["t3001", "郑老师", "校友办", "", ""]])
        .await?;
    let director = app.login_as("office").await?;
    let deputy = app.login_as("t3001").await?;
    // An office member who is not the director names nobody.
    let res = name(
        &app,
        &deputy,
        &id_of(&app, "office")?,
        &day(&app, 0),
        &day(&app, 1),
    )
    .await?;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = name(
        &app,
        &director,
        &id_of(&app, "t3001")?,
        &day(&app, 0),
        &day(&app, 1),
    )
    .await?;
    assert_eq!(res.status(), StatusCode::CREATED);

    let id = app.demo_nomination("2023110120")?;
    let mut rev = 0;
    for who in ["counselor.xx", "dean.xx", "t3001"] {
        let c = app.login_as(who).await?;
        let n = json(c.get(app.api(&format!("/nominations/{id}"))).send().await?).await?;
        rev = n["nomination"]["rev"].as_u64().unwrap_or(rev);
        let res = c
            .post(app.api(&format!("/nominations/{id}/decision")))
            .header("if-match", format!("\"{rev}\""))
            .json(&json!({"decision": "approve", "opinion": "同意"}))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "{who} approves");
    }
    let n = json(
        deputy
            .get(app.api(&format!("/nominations/{id}")))
            .send()
            .await?,
    )
    .await?;
    let history = n["nomination"]["history"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let signed: Vec<(String, Value)> = history
        .iter()
        .filter(|h| h["action"] == "approve")
        .map(|h| {
            (
                h["actor_name"].as_str().unwrap_or_default().to_owned(),
                h["in_place_of"]["name"].clone(),
            )
        })
        .collect();
    assert_eq!(
        signed,
        [
            ("赵老师".to_owned(), Value::Null),
            ("李院长".to_owned(), Value::Null),
            ("郑老师".to_owned(), json!("陈主任")),
        ]
    );
    assert_eq!(n["nomination"]["state"], "appointed");
    Ok(())
}
