//! Copies (抄送) over HTTP: 信息工程学院's dean copies the college's
//! secretary at 学院审核; when a nomination reaches that level the
//! secretary is told and may read it — that one only — and never decide.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{TestApp, json};

#[tokio::test]
async fn a_copied_secretary_reads_the_nomination_that_reached_their_level_but_cannot_decide()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.add_staff(&[["t4001", "钱秘书", "辅导员", "", "2024级软件技术1班"]])
        .await?;
    let secretary = app.login_as("t4001").await?;
    let qian = app
        .store
        .user_by_username("t4001")?
        .map(|u| u.id)
        .unwrap_or_default();
    let dean = app.login_as("dean.xx").await?;

    let copies = json(dean.get(app.api("/copies")).send().await?).await?;
    assert!(
        copies["candidates"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["id"] == qian.as_str()),
        "the college's staff can be copied: {copies}"
    );
    let rules: Vec<&Value> = copies["rules"].as_array().into_iter().flatten().collect();
    assert!(
        rules.iter().all(|r| r["college"] == "xx"),
        "a dean's own college only"
    );

    let set = |who: &reqwest::Client, college: &str, stage: &str, ids: Value| {
        who.put(app.api(&format!("/copies/{college}/{stage}")))
            .json(&json!({ "user_ids": ids }))
            .send()
    };
    assert_eq!(
        set(&dean, "jg", "college", json!([qian])).await?.status(),
        StatusCode::NOT_FOUND,
        "another college's"
    );
    assert_eq!(
        set(&dean, "all", "college", json!([qian])).await?.status(),
        StatusCode::NOT_FOUND,
        "every college's is the office's"
    );
    let student = app
        .store
        .user_by_username("2023110101")?
        .map(|u| u.id)
        .unwrap_or_default();
    assert_eq!(
        set(&dean, "xx", "college", json!([student]))
            .await?
            .status(),
        StatusCode::BAD_REQUEST,
        "a student is never copied"
    );
    let counselor = app.login_as("counselor.xx").await?;
    assert_eq!(
        set(&counselor, "xx", "college", json!([qian]))
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = set(&dean, "xx", "college", json!([qian])).await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await?["people"][0]["id"], qian.as_str());

    // Not copied before it reaches 学院审核.
    let id = app.demo_nomination("2023110120")?;
    let one = app.api(&format!("/nominations/{id}"));
    assert_eq!(
        secretary.get(&one).send().await?.status(),
        StatusCode::NOT_FOUND
    );
    let rev = json(counselor.get(&one).send().await?).await?["nomination"]["rev"]
        .as_u64()
        .unwrap_or_default();
    let res = counselor
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意推荐"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);

    // Told, reads it (read only), cannot decide.
    let notes = json(secretary.get(app.api("/notifications")).send().await?).await?;
    assert!(
        notes["notifications"]
            .as_array()
            .into_iter()
            .flatten()
            .any(
                |n| n["title"].as_str().is_some_and(|t| t.starts_with("抄送："))
                    && n["link"].as_str().is_some_and(|l| l.ends_with(&id))
            ),
        "the secretary is told: {notes}"
    );
    let res = secretary.get(&one).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    let read = json(res).await?;
    assert_eq!(read["nomination"]["copied_to_you"], true);
    assert_eq!(read["nomination"]["state"], "pending_college");
    let rev = read["nomination"]["rev"].as_u64().unwrap_or_default();
    let res = secretary
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = secretary
        .post(app.api("/nominations/bulk-decision"))
        .json(&json!({"items": [{"id": id, "rev": rev}], "opinion": "同意"}))
        .send()
        .await?;
    assert_eq!(json(res).await?["approved"], 0, "nor in bulk");
    assert_eq!(
        app.nomination_of("2023110120")?.state,
        domain::workflow::State::PendingCollege
    );

    // That nomination only: one that reached 学院审核 before the copy, and
    // the college's list, stay out of reach.
    let earlier = app.demo_nomination("2023110121")?;
    assert_eq!(
        secretary
            .get(app.api(&format!("/nominations/{earlier}")))
            .send()
            .await?
            .status(),
        StatusCode::NOT_FOUND
    );
    let list = json(
        secretary
            .get(app.api("/nominations?state=pending_college"))
            .send()
            .await?,
    )
    .await?;
    assert!(
        list["nominations"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|n| n["class_id"] != "xx-2023-cs-1"),
        "a copy opens no class: {list}"
    );
    // The dean (whose turn it is) reads it as before, not as a copy.
    let mine = json(dean.get(&one).send().await?).await?;
    assert_eq!(mine["nomination"].get("copied_to_you"), None);
    let audited = app
        .store
        .audit_log()?
        .into_iter()
        .any(|e| e.action == "copies.set" && e.target == "xx/college");
    assert!(audited, "setting copies is audited");
    Ok(())
}
