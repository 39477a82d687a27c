//! Class directories: the shared fixtures through the real import endpoint,
//! who may read and edit what, revisions, history, the update round, and the
//! export re-opened cell by cell.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::{TestApp, json};

const CLASS: &str = "xx-2023-cs-1";

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/alumni")
}

fn dir_url(app: &TestApp, class: &str) -> String {
    app.api(&format!("/classes/{class}/directory"))
}

async fn directory(app: &TestApp, c: &Client, class: &str) -> anyhow::Result<Value> {
    let res = c.get(dir_url(app, class)).send().await?;
    anyhow::ensure!(
        res.status() == StatusCode::OK,
        "GET directory: {}",
        res.status()
    );
    json(res).await
}

async fn import(
    app: &TestApp,
    c: &Client,
    class: &str,
    bytes: Vec<u8>,
) -> anyhow::Result<reqwest::Response> {
    Ok(c.post(format!("{}/import", dir_url(app, class)))
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(bytes)
        .send()
        .await?)
}

fn entry(name: &str, phone: &str) -> Value {
    json!({
        "name": name, "gender": "女", "grade_major": "2023级计算机科学与技术",
        "phone": phone, "wechat": "wx_1", "email": "a@example.com",
        "employer": "西安某某科技有限公司", "position": "工程师", "address": "陕西省西安市科技路1号"
    })
}

fn find<'a>(dir: &'a Value, name: &str) -> Option<&'a Value> {
    dir["entries"]
        .as_array()?
        .iter()
        .find(|e| e["name"] == name)
}

/// Makes a student of the class an active liaison and signs them in.
async fn liaison(app: &TestApp, username: &str) -> anyhow::Result<Client> {
    app.appoint_liaison(username).await?;
    app.login_as(username).await
}

#[tokio::test]
async fn every_fixture_gives_exactly_the_expected_result() -> anyhow::Result<()> {
    let expected: Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("expected.json"))?)?;
    let app = TestApp::spawn().await?;
    let counselor = app.login_as("counselor.xx").await?;
    let before = directory(&app, &counselor, CLASS).await?["entries"]
        .as_array()
        .map_or(0, Vec::len);
    let mut checked = 0;
    for (file, want) in expected.as_object().cloned().unwrap_or_default() {
        // Each file into a fresh class state: undo nothing, so use a new app
        // for accepted files (they add entries).
        let app = TestApp::spawn().await?;
        let c = app.login_as("counselor.xx").await?;
        let res = import(&app, &c, CLASS, std::fs::read(fixtures().join(&file))?).await?;
        let status = res.status();
        let body = json(res).await?;
        if want["accept"] == true {
            assert_eq!(status, StatusCode::OK, "{file}: {body}");
            let r = &body["import"];
            assert_eq!(r["rows"], want["rows"], "{file}");
            assert_eq!(
                r["added"].as_u64().unwrap_or(0) + r["updated"].as_u64().unwrap_or(0),
                want["rows"].as_u64().unwrap_or(u64::MAX),
                "{file}: {body}"
            );
            let after = directory(&app, &c, CLASS).await?["entries"]
                .as_array()
                .map_or(0, Vec::len);
            assert_eq!(
                after as u64,
                before as u64 + r["added"].as_u64().unwrap_or(0)
            );
            // Phones are stored as 11 digits, whatever their written form.
            let dir = directory(&app, &c, CLASS).await?;
            for e in dir["entries"].as_array().cloned().unwrap_or_default() {
                let p = e["phone"].as_str().unwrap_or_default();
                assert!(
                    p.is_empty() || (p.len() == 11 && p.bytes().all(|b| b.is_ascii_digit())),
                    "{file}: {p}"
                );
            }
        } else {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{file}: {body}");
            assert_eq!(body["error"]["code"], "import_rejected", "{file}");
            let rows = body["rows"].as_array().cloned().unwrap_or_default();
            let wanted = want["errors"].as_array().cloned().unwrap_or_default();
            if wanted.is_empty() {
                assert!(rows.is_empty(), "{file}: a file-level reason, got {rows:?}");
                assert!(
                    !body["error"]["message"]
                        .as_str()
                        .unwrap_or_default()
                        .is_empty()
                );
            }
            for w in &wanted {
                assert!(
                    rows.iter()
                        .any(|r| r["row"] == w[0] && (w[1].is_null() || r["column"] == w[1])),
                    "{file}: expected a reason at {w}, got {rows:?}"
                );
            }
            for r in &rows {
                assert!(
                    !r["message"].as_str().unwrap_or_default().is_empty(),
                    "{file}"
                );
            }
            // Nothing was imported.
            let after = directory(&app, &c, CLASS).await?["entries"]
                .as_array()
                .map_or(0, Vec::len);
            assert_eq!(after, before, "{file} imported something");
        }
        checked += 1;
    }
    assert_eq!(checked, 13);
    Ok(())
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_no_duplicates() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let bytes = std::fs::read(fixtures().join("ok_class.xlsx"))?;
    let first = json(import(&app, &c, CLASS, bytes.clone()).await?).await?;
    assert_eq!(first["import"]["added"], 12);
    let n = directory(&app, &c, CLASS).await?["entries"]
        .as_array()
        .map_or(0, Vec::len);
    let second = json(import(&app, &c, CLASS, bytes).await?).await?;
    assert_eq!(
        second["import"],
        json!({"rows": 12, "added": 0, "updated": 0, "unchanged": 12, "normalised": []})
    );
    assert_eq!(
        directory(&app, &c, CLASS).await?["entries"]
            .as_array()
            .map_or(0, Vec::len),
        n
    );
    // A later file with a changed phone updates the entry of that name.
    let optional = std::fs::read(fixtures().join("ok_phone_normalised.xlsx"))?;
    let third = json(import(&app, &c, CLASS, optional).await?).await?;
    assert_eq!(third["import"]["added"], 0, "{third}");
    assert_eq!(third["import"]["updated"], 2, "{third}");
    // Phones written with spaces or dashes are stored as digits, and said so.
    let notes = third["import"]["normalised"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!notes.is_empty(), "{third}");
    assert!(notes.iter().all(|n| n["column"] == "手机号"), "{third}");
    let dir = directory(&app, &c, CLASS).await?;
    assert_eq!(
        find(&dir, "李勇").map(|e| e["phone"].clone()),
        Some(json!("13812345678"))
    );
    Ok(())
}

#[tokio::test]
async fn the_directory_starts_from_the_roster() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let dir = directory(&app, &c, CLASS).await?;
    let students = json(
        c.get(app.api(&format!("/classes/{CLASS}/students")))
            .send()
            .await?,
    )
    .await?;
    let roster = students["students"].as_array().cloned().unwrap_or_default();
    let entries = dir["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), roster.len());
    assert!(!entries.is_empty());
    for s in &roster {
        let e = entries
            .iter()
            .find(|e| e["student_id"] == s["id"])
            .ok_or_else(|| anyhow::anyhow!("no entry for {s}"))?;
        assert_eq!(e["name"], s["name"]);
        assert_eq!(e["grade_major"], "2023级计算机科学与技术");
    }
    // Reading again seeds nothing twice.
    let again = directory(&app, &c, CLASS).await?;
    assert_eq!(
        again["entries"].as_array().map_or(0, Vec::len),
        entries.len()
    );
    Ok(())
}

#[tokio::test]
async fn create_update_conflict_and_validation() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let id = uuid::Uuid::new_v4().to_string();
    let url = format!("{}/{id}", dir_url(&app, CLASS));
    let res = c
        .put(&url)
        .json(&entry("王伟", "13010000000"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        res.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some("\"1\"")
    );
    // A retried create is applied once.
    let again = c
        .put(&url)
        .json(&entry("王伟", "13010000000"))
        .send()
        .await?;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(json(again).await?["entry"]["rev"], 1);
    // An update needs If-Match.
    let res = c
        .put(&url)
        .json(&entry("王伟", "13900000000"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::PRECONDITION_REQUIRED);
    let res = c
        .put(&url)
        .header("if-match", "\"1\"")
        .json(&entry("王伟", "13900000000"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    // Someone else, based on revision 1, gets 412 and the current record.
    let res = c
        .put(&url)
        .header("if-match", "\"1\"")
        .json(&entry("王伟", "13700000000"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
    let body = json(res).await?;
    assert_eq!(body["current"]["phone"], "13900000000");
    assert_eq!(body["current"]["rev"], 2);
    // Rules, per field, in Chinese; nothing stored.
    let mut bad = entry("张 三", "1381234567");
    bad["employer"] = json!("西安某某公司，研发部");
    let res = c
        .put(&url)
        .header("if-match", "\"2\"")
        .json(&bad)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await?;
    assert_eq!(body["error"]["fields"]["name"], "姓名中不能有空格");
    assert_eq!(body["error"]["fields"]["phone"], "手机号应为11位数字");
    assert_eq!(
        body["error"]["fields"]["employer"],
        "工作单位中不能有标点符号（，）"
    );
    // History: who, when, old → new.
    let h = json(c.get(format!("{url}/history")).send().await?).await?;
    let steps = h["history"].as_array().cloned().unwrap_or_default();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["action"], "create");
    assert_eq!(steps[1]["actor_name"], "赵老师");
    assert_eq!(
        steps[1]["changes"],
        json!([{"field": "phone", "old": "13010000000", "new": "13900000000"}])
    );
    // Delete needs If-Match too.
    assert_eq!(
        c.delete(&url).send().await?.status(),
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        c.delete(&url)
            .header("if-match", "\"1\"")
            .send()
            .await?
            .status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(
        c.delete(&url)
            .header("if-match", "\"2\"")
            .send()
            .await?
            .status(),
        StatusCode::NO_CONTENT
    );
    let dir = directory(&app, &c, CLASS).await?;
    assert!(find(&dir, "王伟").is_none());
    Ok(())
}

/// A WeChat id made of the phone number would give away what the masked
/// phone hides: it is masked the same way, in the list and in the history.
#[tokio::test]
async fn a_wechat_id_made_of_the_phone_is_masked_with_it() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let counselor = app.login_as("counselor.xx").await?;
    let url = format!("{}/{}", dir_url(&app, CLASS), uuid::Uuid::new_v4());
    let mut e = entry("王伟", "13010000000");
    e["wechat"] = json!("wx13010000000");
    let res = counselor.put(&url).json(&e).send().await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    e["wechat"] = json!("wx13010000001");
    e["phone"] = json!("13010000001");
    let res = counselor
        .put(&url)
        .header("if-match", "\"1\"")
        .json(&e)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);

    let whole = directory(&app, &counselor, CLASS).await?;
    assert_eq!(
        find(&whole, "王伟").map(|e| e["wechat"].clone()),
        Some(json!("wx13010000001"))
    );
    for who in ["2023110105", "dean.xx"] {
        let c = app.login_as(who).await?;
        let dir = directory(&app, &c, CLASS).await?;
        assert_eq!(
            find(&dir, "王伟").map(|e| e["wechat"].clone()),
            Some(json!("wx130****0001")),
            "{who}"
        );
        let history: Value = json(c.get(format!("{url}/history")).send().await?).await?;
        let text = history.to_string();
        assert!(
            text.contains("wx130****0000") && !text.contains("13010000000"),
            "{who}: {text}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn who_may_read_and_edit_what() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let counselor = app.login_as("counselor.xx").await?;
    let id = uuid::Uuid::new_v4().to_string();
    let url = format!("{}/{id}", dir_url(&app, CLASS));
    assert_eq!(
        counselor
            .put(&url)
            .json(&entry("王伟", "13010000000"))
            .send()
            .await?
            .status(),
        StatusCode::CREATED
    );

    // The counselor sees it whole (and the server now keeps the page)…
    let whole = directory(&app, &counselor, CLASS).await?;
    let seen = find(&whole, "王伟").cloned().unwrap_or_default();
    assert_eq!(
        (&seen["phone"], &seen["phone_masked"]),
        (&json!("13010000000"), &json!(false))
    );

    // A classmate, reading the same kept page: masked phones, no addresses;
    // their own entry in full.
    let me = app
        .store
        .user_by_username("2023110105")?
        .ok_or_else(|| anyhow::anyhow!("demo"))?;
    let classmate = app.login_as("2023110105").await?;
    let dir = directory(&app, &classmate, CLASS).await?;
    assert_eq!(dir["can_edit"], false);
    let other = find(&dir, "王伟").cloned().unwrap_or_default();
    assert_eq!(other["phone"], "130****0000");
    assert_eq!(other["address"], "");
    assert_eq!(other["phone_masked"], true);
    let own = dir["entries"]
        .as_array()
        .and_then(|v| {
            v.iter()
                .find(|e| e["student_id"] == me.id.as_str())
                .cloned()
        })
        .ok_or_else(|| anyhow::anyhow!("own entry"))?;
    assert_eq!(own["phone_masked"], false);
    // The counselor still sees it whole.
    let again = directory(&app, &counselor, CLASS).await?;
    assert_eq!(
        find(&again, "王伟").map(|e| e["phone"].clone()),
        Some(json!("13010000000"))
    );
    // The classmate edits their own entry, not another's, and adds none.
    let own_url = format!(
        "{}/{}",
        dir_url(&app, CLASS),
        own["id"].as_str().unwrap_or_default()
    );
    let mut mine = entry(me.name.as_str(), "13512345678");
    mine["gender"] = own["gender"].clone();
    let res = classmate
        .put(&own_url)
        .header("if-match", "\"1\"")
        .json(&mine)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
    assert_eq!(
        classmate
            .put(&url)
            .header("if-match", "*")
            .json(&entry("王伟", "13010000001"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let new = format!("{}/{}", dir_url(&app, CLASS), uuid::Uuid::new_v4());
    assert_eq!(
        classmate
            .put(&new)
            .json(&entry("李四", "13010000002"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        classmate
            .delete(&url)
            .header("if-match", "*")
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );

    // An active liaison of the class edits everything and sees contacts.
    let l = liaison(&app, "2023110106").await?;
    let dir = directory(&app, &l, CLASS).await?;
    assert_eq!(dir["can_edit"], true);
    assert_eq!(
        find(&dir, "王伟").map(|e| e["phone"].clone()),
        Some(json!("13010000000"))
    );
    let res = l
        .put(&url)
        .header("if-match", "\"1\"")
        .json(&entry("王伟", "13010000009"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);

    // The dean reads masked lists and edits nothing; the office reads in full.
    let dean = app.login_as("dean.xx").await?;
    let dir = directory(&app, &dean, CLASS).await?;
    assert_eq!(
        find(&dir, "王伟").map(|e| e["phone"].clone()),
        Some(json!("130****0009"))
    );
    assert_eq!(
        dean.put(&url)
            .header("if-match", "*")
            .json(&entry("王伟", "13010000000"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let office = app.login_as("office").await?;
    let dir = directory(&app, &office, CLASS).await?;
    assert_eq!(
        find(&dir, "王伟").map(|e| e["address"].clone()),
        Some(json!("陕西省西安市科技路1号"))
    );
    assert_eq!(
        office
            .put(&url)
            .header("if-match", "*")
            .json(&entry("王伟", "13010000000"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    // Outside the scope: another college's counselor and dean, a student of
    // another class, the admin — the class does not exist for them.
    for user in ["counselor.jg", "dean.jg", "2023210105", "admin"] {
        let c = app.login_as(user).await?;
        assert_eq!(
            c.get(dir_url(&app, CLASS)).send().await?.status(),
            StatusCode::NOT_FOUND,
            "{user}"
        );
        assert_eq!(
            c.put(&url)
                .header("if-match", "*")
                .json(&entry("王伟", "13010000000"))
                .send()
                .await?
                .status(),
            StatusCode::NOT_FOUND,
            "{user}"
        );
    }
    // Imports: editors only.
    let bytes = std::fs::read(fixtures().join("ok_class.xlsx"))?;
    for c in [&classmate, &dean, &office] {
        assert_eq!(
            import(&app, c, CLASS, bytes.clone()).await?.status(),
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        import(&app, &l, CLASS, bytes).await?.status(),
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test]
async fn the_export_is_the_exact_template_cell_by_cell() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    // An 本科 class and a 专科 class of 信息工程学院 get entries; the 专科
    // one is added first, so order is not insertion order.
    let c = app.login_as("counselor.xx").await?;
    let assoc = "xx-2024-rj-1";
    let mut e = entry("周专科", "13600000001");
    e["grade_major"] = json!("2024级软件技术");
    let res = c
        .put(format!("{}/{}", dir_url(&app, assoc), uuid::Uuid::new_v4()))
        .json(&e)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let bytes = std::fs::read(fixtures().join("ok_class.xlsx"))?;
    assert_eq!(
        import(&app, &c, CLASS, bytes).await?.status(),
        StatusCode::OK
    );
    // No cell can begin like a formula (the writer neutralises any anyway).
    let mut formula = entry("赵六", "13600000002");
    formula["wechat"] = json!("-cmd");
    let res = c
        .put(format!("{}/{}", dir_url(&app, CLASS), uuid::Uuid::new_v4()))
        .json(&formula)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json(res).await?["error"]["fields"]["wechat"],
        "微信号不能以 = + - @ 开头"
    );

    let office = app.login_as("office").await?;
    let res = office
        .get(app.api("/exports/alumni.xlsx?college=xx"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let incomplete: usize = res
        .headers()
        .get("x-incomplete-entries")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    let (sheets, rows) = tests::xlsx_text(&res.bytes().await?)?;
    assert_eq!(sheets, 1);
    let header: Vec<String> = rows[0].clone();
    assert_eq!(
        header,
        [
            "序号",
            "姓名",
            "性别",
            "年级专业",
            "手机号",
            "微信号",
            "邮箱",
            "工作单位",
            "职务",
            "身份证住址"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 10), "exactly ten columns");
    // 12 imported 本科 rows, then the 专科 one; roster entries without a phone are left out and counted.
    assert_eq!(rows.len(), 1 + 12 + 1);
    let roster_entries = app.store.directory(CLASS)?.len() + app.store.directory(assoc)?.len() - 13;
    assert_eq!(incomplete, roster_entries);
    for (i, r) in rows.iter().enumerate().skip(1) {
        assert_eq!(r[0].clone(), i.to_string(), "序号 runs 1..n");
        let phone = r[4].clone();
        assert!(
            phone.len() == 11 && phone.bytes().all(|b| b.is_ascii_digit()),
            "phone as text: {phone}"
        );
    }
    let names: Vec<String> = rows.iter().skip(1).map(|r| r[1].clone()).collect();
    assert_eq!(names.first().map(String::as_str), Some("王伟"));
    assert_eq!(
        names.last().map(String::as_str),
        Some("周专科"),
        "本科 before 专科"
    );
    assert_eq!(rows[1][8].clone(), "工程师");
    assert_eq!(rows[2][9].clone(), "陕西省西安市雁塔区科技路11号");
    assert_eq!(rows[2][5].clone(), "wx13710007919");
    assert!(
        app.store
            .audit_log()?
            .iter()
            .any(|e| e.action == "export.alumni")
    );

    // A class's counselor exports their class; a classmate or the dean cannot.
    let res = c
        .get(app.api(&format!("/exports/alumni.xlsx?class_id={CLASS}")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, rows) = tests::xlsx_text(&res.bytes().await?)?;
    assert_eq!(rows.len(), 13);
    for user in ["2023110105", "dean.xx"] {
        let u = app.login_as(user).await?;
        let res = u
            .get(app.api(&format!("/exports/alumni.xlsx?class_id={CLASS}")))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
    }
    Ok(())
}

#[tokio::test]
async fn the_update_round_marks_confirmed_entries_and_counts_them() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let id = uuid::Uuid::new_v4().to_string();
    let url = format!("{}/{id}", dir_url(&app, CLASS));
    assert_eq!(
        c.put(&url)
            .json(&entry("王伟", "13010000000"))
            .send()
            .await?
            .status(),
        StatusCode::CREATED
    );
    // Only the office opens a round.
    assert_eq!(
        c.put(app.api("/directory/round"))
            .json(&json!({"year": 2026, "open": true}))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let office = app.login_as("office").await?;
    let r = json(
        office
            .put(app.api("/directory/round"))
            .json(&json!({"year": 2026, "open": true}))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(r["round"]["open"], true);
    let dir = directory(&app, &c, CLASS).await?;
    assert_eq!(
        find(&dir, "王伟").map(|e| e["confirmed"].clone()),
        Some(json!(false))
    );
    // Saving unchanged values confirms the entry.
    let res = c
        .put(&url)
        .header("if-match", "\"1\"")
        .json(&entry("王伟", "13010000000"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let body = json(res).await?;
    assert_eq!(body["entry"]["confirmed"], true);
    assert_eq!(body["entry"]["rev"], 2);
    let h = json(c.get(format!("{url}/history")).send().await?).await?;
    assert_eq!(h["history"][1]["action"], "confirm");
    // Completion per class for the counselor, the dean and the office.
    for user in ["counselor.xx", "dean.xx", "office"] {
        let u = app.login_as(user).await?;
        let p = json(u.get(app.api("/directory/progress")).send().await?).await?;
        let class = p["classes"]
            .as_array()
            .and_then(|v| v.iter().find(|c| c["class_id"] == CLASS).cloned())
            .ok_or_else(|| anyhow::anyhow!("{user}: no {CLASS} in {p}"))?;
        assert_eq!(class["confirmed"], 1, "{user}");
        assert_eq!(class["complete"], 1, "{user}");
        assert!(class["entries"].as_u64().unwrap_or(0) > 1);
    }
    let jg = app.login_as("dean.jg").await?;
    let p = json(jg.get(app.api("/directory/progress")).send().await?).await?;
    assert!(
        p["classes"]
            .as_array()
            .is_some_and(|v| v.iter().all(|c| c["college"] == "jg"))
    );
    let student = app.login_as("2023110105").await?;
    assert_eq!(
        student
            .get(app.api("/directory/progress"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    // The class's page shows it confirmed (and the server keeps that page)…
    let dir = directory(&app, &c, CLASS).await?;
    assert_eq!(
        find(&dir, "王伟").map(|e| e["confirmed"].clone()),
        Some(json!(true))
    );
    // …until the round closes: entries no longer show as confirmed.
    office
        .put(app.api("/directory/round"))
        .json(&json!({"year": 2026, "open": false}))
        .send()
        .await?;
    let dir = directory(&app, &c, CLASS).await?;
    assert_eq!(
        find(&dir, "王伟").map(|e| e["confirmed"].clone()),
        Some(json!(false))
    );
    Ok(())
}

#[tokio::test]
async fn the_dashboard_counts_complete_entries_and_classes() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    // Before anyone opens a directory, it already counts the roster.
    let office = app.login_as("office").await?;
    let d = json(office.get(app.api("/dashboard")).send().await?).await?;
    let students = app
        .store
        .users()?
        .iter()
        .filter(|u| {
            u.role == domain::Role::Student && u.classes.iter().any(|c| c.starts_with("xx-"))
        })
        .count() as u64;
    let xx = d["colleges"]
        .as_array()
        .and_then(|v| v.iter().find(|c| c["college"] == "xx").cloned())
        .unwrap_or_default();
    assert_eq!(xx["directory_entries"].as_u64(), Some(students), "{xx}");
    let c = app.login_as("counselor.xx").await?;
    let dir = directory(&app, &c, CLASS).await?;
    let roster = dir["entries"].as_array().map_or(0, Vec::len) as u64;
    let url = format!("{}/{}", dir_url(&app, CLASS), uuid::Uuid::new_v4());
    assert_eq!(
        c.put(&url)
            .json(&entry("王伟", "13010000000"))
            .send()
            .await?
            .status(),
        StatusCode::CREATED
    );
    // Every roster entry of the class completed: the class counts as complete.
    for e in dir["entries"].as_array().cloned().unwrap_or_default() {
        let mut f = e.clone();
        f["phone"] = json!(format!(
            "135{:08}",
            e["seq"].as_u64().unwrap_or(0) + rand_suffix(&e)
        ));
        let res = c
            .put(format!(
                "{}/{}",
                dir_url(&app, CLASS),
                e["id"].as_str().unwrap_or_default()
            ))
            .header("if-match", format!("\"{}\"", e["rev"]))
            .json(&f)
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
    }
    let d = json(office.get(app.api("/dashboard")).send().await?).await?;
    let xx = d["colleges"]
        .as_array()
        .and_then(|v| v.iter().find(|c| c["college"] == "xx").cloned())
        .ok_or_else(|| anyhow::anyhow!("xx in {d}"))?;
    assert_eq!(xx["directory_complete_classes"], 1, "{xx}");
    assert_eq!(xx["directory_complete_entries"], roster + 1, "{xx}");
    assert!(xx["directory_entries"].as_u64().unwrap_or(0) > roster);
    Ok(())
}

/// A distinct number per entry, from its id.
fn rand_suffix(e: &Value) -> u64 {
    e["id"]
        .as_str()
        .unwrap_or_default()
        .bytes()
        .fold(0u64, |a, b| (a * 31 + u64::from(b)) % 10_000_000)
}

#[tokio::test]
async fn files_over_the_limits_are_refused_with_a_reason() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let res = import(&app, &c, CLASS, vec![b'x'; 5 * 1024 * 1024 + 1]).await?;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        !json(res).await?["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .is_empty()
    );
    // 501 data rows: refused whole, nothing imported.
    let header: Vec<String> = domain::directory::COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    let mut rows = vec![header];
    for i in 0..501u32 {
        rows.push(
            [
                &(i + 1).to_string(),
                "王伟",
                "女",
                "2023级计算机科学与技术",
                &format!("138{i:08}"),
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        );
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (col, v) in row.iter().enumerate() {
            ws.write_string(r as u32, col as u16, v)?;
        }
    }
    let res = import(&app, &c, CLASS, book.save_to_buffer()?).await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await?;
    assert!(
        body["rows"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("最多导入500行"),
        "{body}"
    );
    assert!(
        app.store
            .directory(CLASS)?
            .iter()
            .all(|e| e.fields.name != "王伟")
    );
    Ok(())
}
