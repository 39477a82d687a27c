//! The liaison's duty log and the renewal review (SPEC §13, issue #17):
//! each kind of entry, who may read and write, feedback answered by the
//! college, and the office's review of terms ending within 90 days.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::{TestApp, json, xlsx_text};

const DAY: i64 = 86_400;

fn photo() -> anyhow::Result<Vec<u8>> {
    Ok(std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/class-photo.jpg"),
    )?)
}

/// Appoints `username` and returns the liaison id.
async fn liaison(app: &TestApp, username: &str) -> anyhow::Result<String> {
    app.appoint_liaison(username).await?;
    let user = app
        .store
        .user_by_username(username)?
        .ok_or_else(|| anyhow::anyhow!("no {username}"))?;
    let l = app.store.liaisons_of_student(&user.id)?;
    l.first()
        .map(|l| l.id.clone())
        .ok_or_else(|| anyhow::anyhow!("{username} is no liaison"))
}

/// A liaison of `username`, signed in: (liaison id, their client, their log's URL).
async fn logbook(app: &TestApp, username: &str) -> anyhow::Result<(String, Client, String)> {
    let id = liaison(app, username).await?;
    let me = app.login_as(username).await?;
    let log = app.api(&format!("/liaisons/{id}/log"));
    Ok((id, me, log))
}

fn today(app: &TestApp) -> String {
    use server::clock::Clock;
    server::clock::iso_date(app.clock.today())
}

async fn post(c: &Client, url: String, body: Value) -> anyhow::Result<(StatusCode, Value)> {
    let res = c.post(url).json(&body).send().await?;
    Ok((res.status(), json(res).await?))
}

async fn get(c: &Client, url: String) -> anyhow::Result<(StatusCode, Value)> {
    let res = c.get(url).send().await?;
    Ok((res.status(), json(res).await?))
}

#[tokio::test]
async fn a_liaison_logs_each_kind_and_only_their_college_and_the_office_read_it()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (_, me, log) = logbook(&app, "2023110101").await?;
    let day = today(&app);

    // Bad input names the field in Chinese and stores nothing.
    let tomorrow = server::clock::iso_date(
        time::Date::parse(&day, &time::format_description::well_known::Iso8601::DATE)?
            .next_day()
            .ok_or_else(|| anyhow::anyhow!("date"))?,
    );
    let (status, body) = post(
        &me,
        log.clone(),
        json!({"kind": "activity", "date": tomorrow, "title": "返校日", "place": "报告厅", "participants": 30}),
    )
    .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"]["date"], "日期不能晚于今天");
    let (status, body) = post(&me, log.clone(), json!({"kind": "activity", "date": day})).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["title", "place", "participants"] {
        assert!(body["error"]["fields"][f].is_string(), "{f}: {body}");
    }

    // An activity, created once under the client's id however often it is sent.
    let activity = json!({"id": "a1", "kind": "activity", "date": day, "title": "2027届返校日",
        "place": "图书馆报告厅", "participants": 35, "text": "座谈与参观"});
    let (status, first) = post(&me, log.clone(), activity.clone()).await?;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["entry"]["participants"], 35);
    let (status, again) = post(&me, log.clone(), activity.clone()).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["entry"]["rev"], first["entry"]["rev"]);
    let mut changed = activity.clone();
    changed["title"] = json!("另一个标题");
    let (status, theirs) = post(&me, log.clone(), changed).await?;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(theirs["current"]["entry"]["title"], "2027届返校日");

    // Photos: the graduation photo's rules, at most three.
    let photos = format!("{log}/a1/photos");
    let text = me
        .post(&photos)
        .header("content-type", "application/octet-stream")
        .body("不是照片".as_bytes().to_vec())
        .send()
        .await?;
    assert!(text.status().is_client_error());
    let msg = json(text).await?["error"]["message"].to_string();
    assert!(msg.contains("JPEG"), "{msg}");
    let mut last = Value::Null;
    for _ in 0..3 {
        let res = me
            .post(&photos)
            .header("content-type", "application/octet-stream")
            .body(photo()?)
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::CREATED);
        last = json(res).await?;
    }
    let res = me
        .post(&photos)
        .header("content-type", "application/octet-stream")
        .body(photo()?)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        json(res).await?["error"]["message"]
            .to_string()
            .contains("最多 3 张")
    );
    let pid = last["entry"]["photos"][0]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let img = me.get(format!("{photos}/{pid}")).send().await?;
    assert_eq!(img.status(), StatusCode::OK);
    assert_eq!(img.headers()["content-type"], "image/jpeg");

    // An article and a feedback entry.
    let (status, article) = post(
        &me,
        log.clone(),
        json!({"kind": "article", "date": day, "title": "校友风采：张三", "place": "学院公众号",
            "link": "https://mp.weixin.qq.com/s/x"}),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let (status, _) = post(
        &me,
        log.clone(),
        json!({"kind": "feedback", "date": day, "text": "希望开放校友返校预约", "consent": true}),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED);

    // Who reads: the liaison, the class's counselor, the college's dean, the office.
    for (who, expect) in [
        ("2023110101", StatusCode::OK),
        ("counselor.xx", StatusCode::OK),
        ("dean.xx", StatusCode::OK),
        ("office", StatusCode::OK),
        ("2023110102", StatusCode::NOT_FOUND),
        ("dean.jg", StatusCode::NOT_FOUND),
        ("counselor.jg", StatusCode::NOT_FOUND),
    ] {
        let c = app.login_as(who).await?;
        let (status, body) = get(&c, log.clone()).await?;
        assert_eq!(status, expect, "{who} reads the log");
        if status == StatusCode::OK {
            assert_eq!(body["entries"].as_array().map(Vec::len), Some(3), "{who}");
            assert_eq!(body["can_write"], who == "2023110101", "{who}");
            assert!(body["class"]["directory_entries"].is_u64(), "{who}: {body}");
        }
    }
    // Staff read but do not write.
    let counselor = app.login_as("counselor.xx").await?;
    let (status, _) = post(&counselor, log.clone(), activity).await?;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Changes need the revision.
    let aid = article["entry"]["id"].as_str().unwrap_or_default();
    let rev = article["entry"]["rev"].as_u64().unwrap_or_default();
    let entry = format!("{log}/{aid}");
    let mut body = article["entry"].clone();
    body["title"] = json!("校友风采：张三（修订）");
    let no_rev = me.put(&entry).json(&body).send().await?;
    assert_eq!(no_rev.status(), StatusCode::PRECONDITION_REQUIRED);
    let put = |r: u64| {
        me.put(&entry)
            .header("If-Match", format!("\"{r}\""))
            .json(&body)
            .send()
    };
    let ok = put(rev).await?;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(json(ok).await?["entry"]["title"], "校友风采：张三（修订）");
    assert_eq!(put(rev).await?.status(), StatusCode::PRECONDITION_FAILED);
    let del = me
        .delete(&entry)
        .header("If-Match", format!("\"{}\"", rev + 1))
        .send()
        .await?;
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
    let (_, now) = get(&me, log).await?;
    assert_eq!(now["entries"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[tokio::test]
async fn feedback_reaches_the_college_and_the_office_and_the_reply_reaches_the_liaison()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (_, me, log) = logbook(&app, "2023110101").await?;
    let day = today(&app);
    let (status, fb) = post(
        &me,
        log.clone(),
        json!({"kind": "feedback", "date": day, "text": "校友希望学院提供实习岗位信息"}),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED);
    let entry = fb["entry"]["id"].as_str().unwrap_or_default().to_owned();

    // The class's counselor, the dean and the office are told; nobody at jg.
    for (who, told) in [
        ("counselor.xx", true),
        ("dean.xx", true),
        ("office", true),
        ("dean.jg", false),
    ] {
        let c = app.login_as(who).await?;
        let (_, n) = get(&c, app.api("/notifications")).await?;
        let has = n["notifications"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["kind"] == "feedback"));
        assert_eq!(has, told, "{who}: {n}");
    }
    let counselor = app.login_as("counselor.xx").await?;
    let (_, open) = get(&counselor, app.api("/duty-log?open=true")).await?;
    assert_eq!(open["total"], 1);
    assert_eq!(
        open["entries"][0]["liaison_name"]
            .as_str()
            .map(|s| !s.is_empty()),
        Some(true)
    );
    let jg = app.login_as("dean.jg").await?;
    let (_, none) = get(&jg, app.api("/duty-log?open=true")).await?;
    assert_eq!(none["total"], 0);

    // Only staff reply; a reply needs text.
    let reply = format!("{log}/{entry}/reply");
    let (status, _) = post(&me, reply.clone(), json!({"text": "自己回复"})).await?;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = post(&counselor, reply.clone(), json!({"text": " "})).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"]["text"], "请填写回复内容");
    let (status, done) = post(
        &counselor,
        reply,
        json!({"text": "已联系就业办，下周发布岗位信息", "handled": true}),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["entry"]["handled"], true);

    // The liaison sees the answer and hears of it; the answered entry stays.
    let (_, mine) = get(&me, log.clone()).await?;
    assert_eq!(
        mine["entries"][0]["reply"],
        "已联系就业办，下周发布岗位信息"
    );
    assert!(
        !mine["entries"][0]["replied_by"]
            .as_str()
            .unwrap_or_default()
            .is_empty()
    );
    let (_, n) = get(&me, app.api("/notifications")).await?;
    assert_eq!(n["notifications"][0]["kind"], "feedback_replied");
    let rev = done["entry"]["rev"].as_u64().unwrap_or_default();
    let edit = me
        .put(format!("{log}/{entry}"))
        .header("If-Match", format!("\"{rev}\""))
        .json(&json!({"kind": "feedback", "date": day, "text": "改掉"}))
        .send()
        .await?;
    assert_eq!(edit.status(), StatusCode::CONFLICT);

    // Unhandled feedback older than 14 days is flagged.
    let (status, _) = post(
        &me,
        log.clone(),
        json!({"kind": "feedback", "date": day, "text": "希望举办校友返校日"}),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED);
    app.clock.advance(15 * DAY);
    let office = app.login_as("office").await?;
    let (_, all) = get(&office, app.api("/duty-log")).await?;
    assert_eq!(all["overdue"], 1);
    let (_, dash) = get(&office, app.api("/dashboard")).await?;
    let xx = dash["colleges"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["college"] == "xx").cloned())
        .unwrap_or_default();
    assert_eq!(xx["feedback_overdue"], 1, "{dash}");

    // The per-college, per-year table, on screen and as .xlsx.
    let row = &all["summary"][0];
    assert_eq!(row["college_name"], "信息工程学院");
    assert_eq!(
        (
            row["feedback_handled"].as_u64(),
            row["feedback_open"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let x = office.get(app.api("/duty-log/summary.xlsx")).send().await?;
    assert_eq!(x.status(), StatusCode::OK);
    let (_, rows) = xlsx_text(&x.bytes().await?)?;
    assert_eq!(rows[0][0], "学院");
    assert_eq!(rows[1][0], "信息工程学院");
    assert_eq!(rows[1][5], "1");
    assert_eq!(rows[1][6], "1");
    Ok(())
}

#[tokio::test]
async fn the_office_reviews_terms_ending_within_ninety_days_and_decides() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let first = liaison(&app, "2023110101").await?;
    let second = liaison(&app, "2023210101").await?;
    let me = app.login_as("2023110101").await?;
    let day = today(&app);
    let (status, _) = post(
        &me,
        app.api(&format!("/liaisons/{first}/log")),
        json!({"kind": "activity", "date": day, "title": "班级聚会", "place": "校史馆", "participants": 12}),
    )
    .await?;
    assert_eq!(status, StatusCode::CREATED);

    let office = app.login_as("office").await?;
    let (_, now) = get(&office, app.api("/liaisons/renewals")).await?;
    assert_eq!(now["renewals"].as_array().map(Vec::len), Some(0));
    let dean = app.login_as("dean.xx").await?;
    assert_eq!(
        dean.get(app.api("/liaisons/renewals"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );

    // Sixty days before the terms end, both are up for review.
    let term_end = app
        .store
        .liaison(&first)?
        .map(|l| l.term_end)
        .unwrap_or_default();
    let end = time::Date::parse(
        &term_end,
        &time::format_description::well_known::Iso8601::DATE,
    )?;
    let start = time::Date::parse(&day, &time::format_description::well_known::Iso8601::DATE)?;
    app.clock.advance(((end - start).whole_days() - 60) * DAY);
    let office = app.login_as("office").await?;
    let (_, due) = get(&office, app.api("/liaisons/renewals")).await?;
    let rows = due["renewals"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 2, "{due}");
    let row = rows
        .iter()
        .find(|r| r["liaison"]["id"] == first.as_str())
        .cloned()
        .unwrap_or_default();
    assert_eq!(row["days_left"], 60);
    assert_eq!(row["tally"]["activities"], 1);
    assert_eq!(row["tally"]["participants"], 12);
    assert_eq!(row["last_activity"], day.as_str());
    assert!(row["directory_entries"].as_u64().unwrap_or_default() > 0);

    // 不再续聘 needs a reason; the liaison is told; the term runs on.
    let decline = app.api(&format!("/liaisons/{first}/decline"));
    let (status, _) = post(&office, decline.clone(), json!({"reason": ""})).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, l) = post(&office, decline, json!({"reason": "本人毕业后出国"})).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(l["liaison"]["status"], "active");
    let me = app.login_as("2023110101").await?;
    let (_, n) = get(&me, app.api("/notifications")).await?;
    assert_eq!(n["notifications"][0]["kind"], "not_renewed");

    // 连任 moves the term on: that liaison leaves the list.
    let (status, renewed) = post(
        &office,
        app.api(&format!("/liaisons/{second}/renew")),
        json!({"reason": "工作积极"}),
    )
    .await?;
    assert_eq!(status, StatusCode::OK);
    assert!(renewed["liaison"]["term_end"].as_str().unwrap_or_default() > term_end.as_str());
    let (_, after) = get(&office, app.api("/liaisons/renewals")).await?;
    let rows = after["renewals"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["decision"]["decision"], "end");
    assert_eq!(rows[0]["decision"]["reason"], "本人毕业后出国");

    // Once the term is over the log can be read, not added to.
    app.clock.advance(61 * DAY);
    let me = app.login_as("2023110101").await?;
    let log = app.api(&format!("/liaisons/{first}/log"));
    let (status, read) = get(&me, log.clone()).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["can_write"], false);
    let later = today(&app);
    let (status, body) = post(
        &me,
        log,
        json!({"kind": "feedback", "date": later, "text": "迟到的意见"}),
    )
    .await?;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"]["message"].to_string().contains("任期已结束"));
    Ok(())
}
