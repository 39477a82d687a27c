//! College hand-overs (学院报送, SPEC §13): pre-flight checks that block or
//! need a 说明, a frozen snapshot the package is made from, lateness from
//! the clock, the office's decisions with history, and who sees what.

use base64::{Engine, engine::general_purpose::STANDARD};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::{TestApp, json, unzip, xlsx_text};

/// A real 1×1 PNG (a seal needs nothing bigger in a test).
fn png() -> anyhow::Result<Vec<u8>> {
    Ok(STANDARD.decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    )?)
}

fn jpeg() -> anyhow::Result<Vec<u8>> {
    Ok(std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/class-photo.jpg"),
    )?)
}

async fn upload_seal(app: &TestApp, college: &str) -> anyhow::Result<()> {
    let admin = app.login_as("admin").await?;
    let res = admin
        .put(app.api(&format!("/seals/{college}")))
        .header("content-type", "application/octet-stream")
        .body(png()?)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    Ok(())
}

/// The caller's submission of `college` and `kind` from the list.
async fn find(app: &TestApp, who: &Client, college: &str, kind: &str) -> anyhow::Result<Value> {
    let res = who.get(app.api("/submissions")).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    let list = json(res).await?;
    list["submissions"]
        .as_array()
        .and_then(|s| {
            s.iter()
                .find(|x| x["college"] == college && x["kind"] == kind)
                .cloned()
        })
        .ok_or_else(|| anyhow::anyhow!("no {college}/{kind} in {list}"))
}

fn messages(checks: &Value, level: &str) -> Vec<String> {
    checks
        .as_array()
        .map(|c| {
            c.iter()
                .filter(|c| c["level"] == level)
                .map(|c| {
                    format!(
                        "{}：{}",
                        c["class_name"].as_str().unwrap_or(""),
                        c["message"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn submit(
    app: &TestApp,
    who: &Client,
    college: &str,
    kind: &str,
    explanation: &str,
) -> anyhow::Result<reqwest::Response> {
    Ok(who
        .post(app.api(&format!("/submissions/{college}/{kind}")))
        .json(&json!({ "explanation": explanation }))
        .send()
        .await?)
}

async fn decide(
    app: &TestApp,
    who: &Client,
    college: &str,
    kind: &str,
    what: &str,
    reason: &str,
) -> anyhow::Result<reqwest::Response> {
    Ok(who
        .post(app.api(&format!("/submissions/{college}/{kind}/{what}")))
        .json(&json!({ "reason": reason }))
        .send()
        .await?)
}

/// The demo nomination of `username` (id, rev).
fn nomination_of(app: &TestApp, username: &str) -> anyhow::Result<(String, u64)> {
    let student = app
        .store
        .user_by_username(username)?
        .ok_or_else(|| anyhow::anyhow!("no {username}"))?;
    let n = app
        .store
        .nominations()?
        .into_iter()
        .find(|n| n.student_id == student.id)
        .ok_or_else(|| anyhow::anyhow!("no nomination of {username}"))?;
    Ok((n.id, n.rev))
}

#[tokio::test]
async fn a_blocking_check_refuses_and_a_warning_needs_an_explanation() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let dean = app.login_as("dean.xx").await?;
    let before = find(&app, &dean, "xx", "nominations").await?;
    assert_eq!(before["state"], "draft");
    assert_eq!(before["version"], 0);
    let blocks = messages(&before["checks"], "block");
    assert!(blocks[0].contains("学院公章尚未上传"), "{blocks:?}");
    assert!(
        blocks
            .iter()
            .any(|m| m == "2023级计算机科学与技术1班：1 份推荐表待学院审核：请先审批，再报送"),
        "{blocks:?}"
    );
    let warns = messages(&before["checks"], "warn");
    assert!(
        warns.iter().any(|m| m.contains("1 份推荐表仍待辅导员审核")),
        "{warns:?}"
    );

    // Blocked: 422 with only the blocking checks, nothing stored.
    let res = submit(&app, &dean, "xx", "nominations", "说明").await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await?;
    assert_eq!(body["error"]["code"], "submission_refused");
    assert_eq!(messages(&body["checks"], "block").len(), blocks.len());
    assert!(messages(&body["checks"], "warn").is_empty());
    assert!(
        app.store
            .submission("2027", "xx", domain::submission::Kind::Nominations)?
            .is_none()
    );

    // The seal uploaded and the nomination decided, only warnings remain.
    upload_seal(&app, "xx").await?;
    let (id, rev) = nomination_of(&app, "2023110121")?;
    let res = dean
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意推荐"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let now = find(&app, &dean, "xx", "nominations").await?;
    assert!(messages(&now["checks"], "block").is_empty(), "{now}");

    // A warning needs a 说明: 422 naming the field, blank or not.
    for note in ["", "   "] {
        let res = submit(&app, &dean, "xx", "nominations", note).await?;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = json(res).await?;
        assert!(
            body["error"]["fields"]["explanation"]
                .as_str()
                .is_some_and(|m| m.contains("说明")),
            "{body}"
        );
        assert!(!messages(&body["checks"], "warn").is_empty());
    }
    let res = submit(
        &app,
        &dean,
        "xx",
        "nominations",
        "有一份推荐表辅导员尚在审核",
    )
    .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let s = json(res).await?["submission"].clone();
    assert_eq!(s["state"], "submitted");
    assert_eq!(s["version"], 1);
    assert_eq!(
        s["counts"]["rows"], 1,
        "the one nomination past the college"
    );
    assert_eq!(s["changes_since"], 0);
    assert_eq!(s["hash"].as_str().map(str::len), Some(64));
    assert_eq!(s["history"][0]["note"], "有一份推荐表辅导员尚在审核");
    assert_eq!(
        s["history"][0]["by_name"],
        app.store
            .user_by_username("dean.xx")?
            .map(|u| u.name)
            .unwrap_or_default()
    );

    // The package: the 汇总表 in the template with that one row, and the 报送单.
    let res = dean
        .get(app.api("/submissions/xx/nominations/package.zip"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let files = unzip(&res.bytes().await?)?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["汇总表.xlsx", "报送单.html"]);
    let (sheets, rows) = xlsx_text(&files[0].1)?;
    assert_eq!(sheets, 1);
    assert_eq!(
        rows[0],
        [
            "序号",
            "姓名",
            "学院",
            "专业班级",
            "联系电话",
            "微信",
            "备注"
        ]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "1");
    assert_eq!(rows[1][3], "2023级计算机科学与技术1班");
    let cover = String::from_utf8(files[1].1.clone())?;
    assert!(cover.contains("学院报送单") && cover.contains("信息工程学院"));
    assert!(cover.contains("1 名推荐人选"));
    assert!(
        cover.contains("data:image/png;base64,"),
        "the seal is on the sheet"
    );
    assert!(cover.contains("有一份推荐表辅导员尚在审核"));
    Ok(())
}

#[tokio::test]
async fn the_package_is_the_frozen_snapshot_whatever_changes_later() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    upload_seal(&app, "jg").await?;
    let counselor = app.login_as("counselor.jg").await?;
    let class = "jg-2023-gc-1";
    let res = counselor
        .put(app.api(&format!("/classes/{class}/photo")))
        .header("content-type", "application/octet-stream")
        .body(jpeg()?)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    // Two classmates get their phones, so two rows are complete.
    let dir = json(
        counselor
            .get(app.api(&format!("/classes/{class}/directory")))
            .send()
            .await?,
    )
    .await?;
    let entries = dir["entries"].as_array().cloned().unwrap_or_default();
    for (i, e) in entries.iter().take(2).enumerate() {
        let mut fields = e.clone();
        fields["phone"] = json!(format!("1381234567{i}"));
        let res = counselor
            .put(app.api(&format!(
                "/classes/{class}/directory/{}",
                e["id"].as_str().unwrap_or("")
            )))
            .header("if-match", format!("\"{}\"", e["rev"]))
            .json(&fields)
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
    }
    let office = app.login_as("office").await?;
    let live_before = office
        .get(app.api("/exports/alumni.xlsx?college=jg"))
        .send()
        .await?
        .bytes()
        .await?;
    let (_, expected) = xlsx_text(&live_before)?;
    assert_eq!(expected.len(), 3, "header and the two complete rows");

    let dean = app.login_as("dean.jg").await?;
    let res = submit(&app, &dean, "jg", "alumni", "其余同学的手机号在收集中").await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let s = json(res).await?["submission"].clone();
    assert_eq!(s["counts"]["rows"], 2);
    assert_eq!(s["counts"]["photos"], 1);

    // Live data changes: a phone is corrected and the photo replaced.
    let e = &entries[0];
    let current = json(
        counselor
            .get(app.api(&format!("/classes/{class}/directory")))
            .send()
            .await?,
    )
    .await?["entries"]
        .as_array()
        .and_then(|v| v.iter().find(|x| x["id"] == e["id"]).cloned())
        .unwrap_or_default();
    let mut fields = current.clone();
    fields["phone"] = json!("13900000000");
    let res = counselor
        .put(app.api(&format!(
            "/classes/{class}/directory/{}",
            e["id"].as_str().unwrap_or("")
        )))
        .header("if-match", format!("\"{}\"", current["rev"]))
        .json(&fields)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let res = counselor
        .put(app.api("/classes/jg-2024-kj-1/photo"))
        .header("content-type", "application/octet-stream")
        .body(jpeg()?)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let now = find(&app, &office, "jg", "alumni").await?;
    assert_eq!(
        now["changes_since"], 2,
        "one row changed, one photo folder added"
    );
    assert_eq!(now["version"], 1);

    // The package is still what was submitted, cell by cell.
    let res = office
        .get(app.api("/submissions/jg/alumni/package.zip"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let files = unzip(&res.bytes().await?)?;
    let sheet = &files
        .iter()
        .find(|(n, _)| n == "校友数据库.xlsx")
        .ok_or_else(|| anyhow::anyhow!("no sheet"))?
        .1;
    let (sheets, rows) = xlsx_text(sheet)?;
    assert_eq!(sheets, 1);
    assert_eq!(rows, expected, "the snapshot, not live data");
    assert!(rows.iter().all(|r| r.iter().all(|c| c != "13900000000")));
    let photos: Vec<&String> = files
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("毕业合影/") && n.ends_with(".jpg"))
        .collect();
    assert_eq!(
        photos,
        ["毕业合影/2023级工程管理专业1班级/2023级工程管理专业1班级.jpg"]
    );
    let live_photo = counselor
        .get(app.api(&format!("/classes/{class}/photo/image")))
        .send()
        .await?
        .bytes()
        .await?;
    let packed = files
        .iter()
        .find(|(n, _)| n.ends_with(".jpg"))
        .map(|(_, b)| b.clone())
        .unwrap_or_default();
    assert_eq!(packed, live_photo.to_vec(), "the cleaned photo as uploaded");

    // Re-submitting supersedes: version 2 holds the corrected phone.
    let res = submit(&app, &dean, "jg", "alumni", "已更正").await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let s = json(res).await?["submission"].clone();
    assert_eq!(s["version"], 2);
    assert_eq!(s["changes_since"], 0);
    let v1 = office
        .get(app.api("/submissions/jg/alumni/package.zip?version=1"))
        .send()
        .await?;
    assert_eq!(
        v1.status(),
        StatusCode::OK,
        "earlier versions stay downloadable"
    );
    Ok(())
}

#[tokio::test]
async fn lateness_comes_from_the_clock_and_the_campaigns_deadline() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    upload_seal(&app, "xx").await?;
    let dean = app.login_as("dean.xx").await?;
    let s = find(&app, &dean, "xx", "alumni").await?;
    let due = s["due"].as_str().unwrap_or_default().to_owned();
    let left = -s["days_late"].as_i64().unwrap_or(0);
    assert!(left > 0, "the demo's materials deadline is ahead: {s}");
    // Three days after the deadline.
    app.clock.advance((left + 3) * 24 * 3600);
    // Sessions end after weeks away: sign in again.
    let dean = app.login_as("dean.xx").await?;
    let s = find(&app, &dean, "xx", "alumni").await?;
    assert_eq!(s["days_late"], 3);
    assert_eq!(s["due"], due);
    let res = submit(&app, &dean, "xx", "alumni", "补交").await?;
    assert_eq!(res.status(), StatusCode::CREATED, "late is allowed");
    let s = json(res).await?["submission"].clone();
    assert_eq!(s["days_late"], 3);
    assert_eq!(s["history"][0]["days_late"], 3);
    let cover = dean
        .get(app.api("/submissions/xx/alumni/cover.html"))
        .send()
        .await?
        .text()
        .await?;
    assert!(cover.contains("逾期 3 天"), "the 报送单 says it was late");
    // Days later it is still 3 days late: it counts when it was submitted.
    app.clock.advance(5 * 24 * 3600);
    let dean = app.login_as("dean.xx").await?;
    assert_eq!(find(&app, &dean, "xx", "alumni").await?["days_late"], 3);
    Ok(())
}

#[tokio::test]
async fn the_office_returns_the_college_resubmits_and_the_office_accepts() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    upload_seal(&app, "jg").await?;
    let dean = app.login_as("dean.jg").await?;
    let office = app.login_as("office").await?;
    // Nothing to decide before a submission.
    let res = decide(&app, &office, "jg", "nominations", "accept", "").await?;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = submit(&app, &dean, "jg", "nominations", "一个班没有推荐人选").await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    // A return needs a reason.
    let res = decide(&app, &office, "jg", "nominations", "return", " ").await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await?["error"]["fields"]["reason"].is_string());
    let res = decide(
        &app,
        &office,
        "jg",
        "nominations",
        "return",
        "请补充专科班的推荐",
    )
    .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await?["submission"]["state"], "returned");
    // Returned: the office cannot accept it until the college submits again.
    let res = decide(&app, &office, "jg", "nominations", "accept", "").await?;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let seen = find(&app, &dean, "jg", "nominations").await?;
    assert_eq!(seen["state"], "returned");
    assert_eq!(seen["history"][1]["note"], "请补充专科班的推荐");
    let res = submit(&app, &dean, "jg", "nominations", "专科班确无人报名").await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = decide(&app, &office, "jg", "nominations", "accept", "").await?;
    assert_eq!(res.status(), StatusCode::OK);
    let s = json(res).await?["submission"].clone();
    assert_eq!(s["state"], "accepted");
    assert_eq!(s["version"], 2);
    let steps: Vec<(u64, &str)> = s["history"]
        .as_array()
        .map(|h| {
            h.iter()
                .map(|e| {
                    (
                        e["version"].as_u64().unwrap_or(0),
                        e["action"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        steps,
        [
            (1, "submitted"),
            (1, "returned"),
            (2, "submitted"),
            (2, "accepted")
        ]
    );
    let res = office
        .get(app.api("/submissions/jg/nominations/cover.html?version=1"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await?.contains("第 1 版"));
    let actions: Vec<String> = app
        .store
        .audit_log()?
        .into_iter()
        .filter(|e| e.action.starts_with("submission."))
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "submission.submit",
            "submission.return",
            "submission.submit",
            "submission.accept",
            "submission.download"
        ]
    );
    Ok(())
}

#[tokio::test]
async fn other_colleges_and_other_roles_see_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    upload_seal(&app, "xx").await?;
    let dean_xx = app.login_as("dean.xx").await?;
    let res = submit(&app, &dean_xx, "xx", "alumni", "测试").await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let dean_jg = app.login_as("dean.jg").await?;
    let list = json(dean_jg.get(app.api("/submissions")).send().await?).await?;
    let colleges: Vec<&str> = list["submissions"]
        .as_array()
        .map(|s| s.iter().filter_map(|x| x["college"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(colleges, ["jg", "jg"], "a dean sees their own college");
    let office = app.login_as("office").await?;
    let all = json(office.get(app.api("/submissions")).send().await?).await?;
    assert_eq!(all["submissions"].as_array().map(Vec::len), Some(4));
    for path in [
        "/submissions/xx/alumni/package.zip",
        "/submissions/xx/alumni/cover.html",
    ] {
        assert_eq!(
            dean_jg.get(app.api(path)).send().await?.status(),
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        submit(&app, &dean_jg, "xx", "alumni", "x").await?.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        submit(&app, &dean_xx, "xx", "photos", "x").await?.status(),
        StatusCode::NOT_FOUND,
        "no such kind"
    );
    for who in ["2023110101", "counselor.xx", "admin"] {
        let c = app.login_as(who).await?;
        assert_eq!(
            c.get(app.api("/submissions")).send().await?.status(),
            StatusCode::NOT_FOUND,
            "{who}"
        );
        assert_eq!(
            c.get(app.api("/submissions/xx/alumni/package.zip"))
                .send()
                .await?
                .status(),
            StatusCode::NOT_FOUND,
            "{who}"
        );
        assert_eq!(
            decide(&app, &c, "xx", "alumni", "accept", "")
                .await?
                .status(),
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
    // The office decides but does not submit; a dean submits but does not decide.
    assert_eq!(
        submit(&app, &office, "xx", "alumni", "x").await?.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        decide(&app, &dean_xx, "xx", "alumni", "accept", "")
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    Ok(())
}
