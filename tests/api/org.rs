//! Colleges, classes and campaigns: each route with an allowed and a forbidden
//! caller, and scope (out-of-scope ids answer 404).

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{TestApp, json};

fn names(v: &Value, key: &str, field: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c[field].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn colleges_are_listed_to_everyone_and_created_by_the_admin_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    assert_eq!(
        reqwest::get(app.api("/colleges")).await?.status(),
        StatusCode::UNAUTHORIZED
    );
    let student = app.login_as("2023110101").await?;
    let list = json(student.get(app.api("/colleges")).send().await?).await?;
    assert_eq!(names(&list, "colleges", "code"), ["jg", "xx"]);

    let new = json!({"code": "WY", "name": "外国语学院"});
    let office = app.login_as("office").await?;
    assert_eq!(
        office
            .post(app.api("/colleges"))
            .json(&new)
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.login_as("admin").await?;
    let res = admin.post(app.api("/colleges")).json(&new).send().await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(json(res).await?["college"]["code"], "wy");
    let again = admin.post(app.api("/colleges")).json(&new).send().await?;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let bad = admin
        .post(app.api("/colleges"))
        .json(&json!({"code": "外", "name": ""}))
        .send()
        .await?;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = json(bad).await?;
    assert!(
        bad["error"]["fields"]["code"].is_string() && bad["error"]["fields"]["name"].is_string()
    );
    Ok(())
}

#[tokio::test]
async fn the_admin_renames_a_college_with_if_match() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let body = json!({"name": "信息与智能工程学院"});
    let no_rev = admin
        .patch(app.api("/colleges/xx"))
        .json(&body)
        .send()
        .await?;
    assert_eq!(no_rev.status(), StatusCode::PRECONDITION_REQUIRED);
    let dean = app.login_as("dean.xx").await?;
    let forbidden = dean
        .patch(app.api("/colleges/xx"))
        .header("if-match", "\"1\"")
        .json(&body)
        .send()
        .await?;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let ok = admin
        .patch(app.api("/colleges/xx"))
        .header("if-match", "\"1\"")
        .json(&body)
        .send()
        .await?;
    assert_eq!(ok.status(), StatusCode::OK);
    let stale = admin
        .patch(app.api("/colleges/xx"))
        .header("if-match", "\"1\"")
        .json(&body)
        .send()
        .await?;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(json(stale).await?["current"]["college"]["rev"], 2);
    let missing = admin
        .patch(app.api("/colleges/zz"))
        .header("if-match", "*")
        .json(&body)
        .send()
        .await?;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let me = json(dean.get(app.api("/me")).send().await?).await?;
    assert_eq!(me["user"]["college_name"], "信息与智能工程学院");
    Ok(())
}

#[tokio::test]
async fn each_role_lists_exactly_the_classes_in_its_scope() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let count = |user: &'static str| {
        let app = &app;
        async move {
            let c = app.login_as(user).await?;
            let v = json(c.get(app.api("/classes")).send().await?).await?;
            anyhow::Ok(names(&v, "classes", "display_name"))
        }
    };
    assert_eq!(count("office").await?.len(), 4);
    assert_eq!(count("admin").await?.len(), 4);
    assert_eq!(
        count("dean.xx").await?,
        ["2023级计算机科学与技术1班", "2024级软件技术1班"]
    );
    assert_eq!(
        count("counselor.jg").await?,
        ["2023级工程管理1班", "2024级大数据与会计1班"]
    );
    assert_eq!(count("2023210105").await?, ["2023级工程管理1班"]);
    let office = app.login_as("office").await?;
    let only_jg = json(office.get(app.api("/classes?college=jg")).send().await?).await?;
    assert_eq!(names(&only_jg, "classes", "college"), ["jg", "jg"]);
    let first = &only_jg["classes"][0];
    for field in [
        "id",
        "college_name",
        "grade",
        "major",
        "class_name",
        "level",
        "cohort",
        "student_count",
        "counselors",
    ] {
        assert!(
            !first[field].is_null(),
            "class field {field} missing: {first}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn an_out_of_scope_class_answers_404() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for (user, own, other) in [
        ("2023110101", "xx-2023-cs-1", "xx-2024-rj-1"),
        ("dean.xx", "xx-2024-rj-1", "jg-2023-gc-1"),
        ("counselor.xx", "xx-2023-cs-1", "jg-2024-kj-1"),
    ] {
        let c = app.login_as(user).await?;
        let res = c.get(app.api(&format!("/classes/{own}"))).send().await?;
        assert_eq!(res.status(), StatusCode::OK, "{user} {own}");
        assert_eq!(
            res.headers().get("etag").and_then(|v| v.to_str().ok()),
            Some("\"1\"")
        );
        let res = c.get(app.api(&format!("/classes/{other}"))).send().await?;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{user} {other}");
        let missing = c.get(app.api("/classes/no-such-class")).send().await?;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
    Ok(())
}

fn new_class(college: &str, counselors: Vec<String>) -> Value {
    json!({
        "college": college, "grade": 2023, "major": "电子商务", "class_name": "2班",
        "level": "本科", "cohort": 2027, "student_count": 45, "counselors": counselors
    })
}

#[tokio::test]
async fn the_admin_creates_and_edits_classes_and_counselors_follow() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let counselor_id = app
        .store
        .user_by_username("counselor.jg")?
        .map(|u| u.id)
        .unwrap_or_default();
    let admin = app.login_as("admin").await?;
    let dean = app.login_as("dean.jg").await?;
    // The counselor's classes, read (and so kept in memory) before.
    let counselor = app.login_as("counselor.jg").await?;
    let class_names = |me: Value| {
        me["user"]["class_names"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let before = class_names(json(counselor.get(app.api("/me")).send().await?).await?);
    assert!(!before.contains(&json!("2023级电子商务2班")));
    let body = new_class("jg", vec![counselor_id.clone()]);
    assert_eq!(
        dean.post(app.api("/classes"))
            .json(&body)
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = admin.post(app.api("/classes")).json(&body).send().await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = json(res).await?;
    assert_eq!(created["class"]["display_name"], "2023级电子商务2班");
    let id = created["class"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // The counselor named on the class now has it in scope, at once.
    let now = class_names(json(counselor.get(app.api("/me")).send().await?).await?);
    assert!(now.contains(&json!("2023级电子商务2班")), "{now:?}");
    assert_eq!(now.len(), before.len() + 1);
    assert_eq!(
        counselor
            .get(app.api(&format!("/classes/{id}")))
            .send()
            .await?
            .status(),
        StatusCode::OK
    );

    // Editing: If-Match required, stale refused, counselors moved.
    let moved = new_class("jg", vec![]);
    let url = app.api(&format!("/classes/{id}"));
    assert_eq!(
        admin.put(&url).json(&moved).send().await?.status(),
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        counselor
            .put(&url)
            .header("if-match", "\"1\"")
            .json(&moved)
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        admin
            .put(&url)
            .header("if-match", "\"1\"")
            .json(&moved)
            .send()
            .await?
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        admin
            .put(&url)
            .header("if-match", "\"1\"")
            .json(&moved)
            .send()
            .await?
            .status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(
        counselor.get(&url).send().await?.status(),
        StatusCode::NOT_FOUND,
        "no longer theirs"
    );
    let after = class_names(json(counselor.get(app.api("/me")).send().await?).await?);
    assert_eq!(after, before, "nor among their classes");
    Ok(())
}

#[tokio::test]
async fn a_class_with_an_unknown_college_or_counselor_is_refused_per_field() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let student_id = app
        .store
        .user_by_username("2023110101")?
        .map(|u| u.id)
        .unwrap_or_default();
    let res = admin
        .post(app.api("/classes"))
        .json(&new_class("zz", vec![student_id]))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await?;
    assert_eq!(body["error"]["fields"]["college"], "该学院不存在");
    assert_eq!(body["error"]["fields"]["counselors"], "辅导员账号不存在");
    Ok(())
}

fn campaign(cohort: u16, opens: &str, closes: &str) -> Value {
    json!({"cohort": cohort, "nomination_opens": opens, "nomination_closes": closes,
           "materials_deadline": "2029-06-15", "quota": 2, "term_years": 3})
}

#[tokio::test]
async fn campaigns_are_listed_with_open_computed_and_created_by_admin_or_office()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let student = app.login_as("2023110101").await?;
    let list = json(student.get(app.api("/campaigns")).send().await?).await?;
    assert_eq!(list["campaigns"][0]["cohort"], 2027);
    assert_eq!(
        list["campaigns"][0]["open"], true,
        "the demo campaign is open today"
    );
    let body = campaign(2028, "2028-03-01", "2028-04-30");
    assert_eq!(
        student
            .post(app.api("/campaigns"))
            .json(&body)
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let office = app.login_as("office").await?;
    let res = office
        .post(app.api("/campaigns"))
        .json(&body)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = json(res).await?;
    assert_eq!(created["campaign"]["open"], false);
    assert_eq!(created["campaign"]["term_years"], 3);
    // The list read before (and kept in memory) follows the new campaign.
    let list = json(student.get(app.api("/campaigns")).send().await?).await?;
    let cohorts: Vec<_> = list["campaigns"]
        .as_array()
        .map(|a| a.iter().map(|c| c["cohort"].clone()).collect())
        .unwrap_or_default();
    assert!(cohorts.contains(&json!(2028)), "{cohorts:?}");
    assert_eq!(
        office
            .post(app.api("/campaigns"))
            .json(&body)
            .send()
            .await?
            .status(),
        StatusCode::CONFLICT
    );
    let backwards = office
        .post(app.api("/campaigns"))
        .json(&campaign(2029, "2029-05-01", "2029-04-01"))
        .send()
        .await?;
    assert_eq!(backwards.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(backwards).await?["error"]["fields"]["nomination_closes"].is_string());
    Ok(())
}

#[tokio::test]
async fn the_office_extends_a_deadline_and_open_follows_the_dates() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let office = app.login_as("office").await?;
    let counselor = app.login_as("counselor.xx").await?;
    let url = app.api("/campaigns/2027");
    let listed = || async {
        let list = json(counselor.get(app.api("/campaigns")).send().await?).await?;
        anyhow::Ok(list["campaigns"][0].clone())
    };
    assert_eq!(listed().await?["open"], true);
    let closed = json!({"nomination_opens": "2020-03-01", "nomination_closes": "2020-04-30"});
    assert_eq!(
        counselor
            .patch(&url)
            .header("if-match", "*")
            .json(&closed)
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        office.patch(&url).json(&closed).send().await?.status(),
        StatusCode::PRECONDITION_REQUIRED
    );
    let res = office
        .patch(&url)
        .header("if-match", "\"1\"")
        .json(&closed)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await?["campaign"]["open"], false);
    assert_eq!(
        listed().await?["open"],
        false,
        "the list follows the change"
    );
    // Extending the deadline past today opens it again.
    let deadline = app
        .store
        .campaign("2027")?
        .map(|c| c.materials_deadline)
        .unwrap_or_default();
    let extended = json!({"nomination_closes": deadline});
    let res = office
        .patch(&url)
        .header("if-match", "\"2\"")
        .json(&extended)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let body = json(res).await?;
    assert_eq!(body["campaign"]["open"], true);
    assert_eq!(body["campaign"]["nomination_closes"], deadline);
    // Every list after it shows the new deadline, not a kept copy.
    assert_eq!(listed().await?["nomination_closes"], deadline);
    // Past the materials deadline is refused with the reason.
    let too_late = json!({"nomination_closes": "2199-12-31"});
    let res = office
        .patch(&url)
        .header("if-match", "*")
        .json(&too_late)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json(res).await?["error"]["fields"]["materials_deadline"],
        "材料截止日期不能早于推荐截止日期"
    );
    assert!(
        app.store
            .audit_log()?
            .iter()
            .any(|e| e.action == "campaign.update")
    );
    let bad = office
        .patch(&url)
        .header("if-match", "*")
        .json(&json!({"quota": 5}))
        .send()
        .await?;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    Ok(())
}

#[tokio::test]
async fn one_campaign_and_the_counselor_list_answer_their_callers() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    assert_eq!(
        reqwest::get(app.api("/campaigns/2027")).await?.status(),
        StatusCode::UNAUTHORIZED
    );
    let student = app.login_as("2023110101").await?;
    let one = student.get(app.api("/campaigns/2027")).send().await?;
    assert_eq!(one.status(), StatusCode::OK);
    assert_eq!(
        one.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some("\"1\"")
    );
    assert_eq!(json(one).await?["campaign"]["cohort"], 2027);
    assert_eq!(
        student
            .get(app.api("/campaigns/1999"))
            .send()
            .await?
            .status(),
        StatusCode::NOT_FOUND
    );

    assert_eq!(
        student.get(app.api("/counselors")).send().await?.status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.login_as("admin").await?;
    let list = json(admin.get(app.api("/counselors")).send().await?).await?;
    assert_eq!(
        names(&list, "counselors", "username"),
        ["counselor.jg", "counselor.xx"]
    );
    Ok(())
}

#[tokio::test]
async fn a_class_roster_is_shown_to_staff_in_scope_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let counselor = app.login_as("counselor.xx").await?;
    let list = json(
        counselor
            .get(app.api("/classes/xx-2023-cs-1/students"))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(list["students"].as_array().map(Vec::len), Some(32));
    assert_eq!(list["students"][0]["username"], "2023110101");
    let outside = counselor
        .get(app.api("/classes/jg-2023-gc-1/students"))
        .send()
        .await?;
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    let student = app.login_as("2023110101").await?;
    let own = student
        .get(app.api("/classes/xx-2023-cs-1/students"))
        .send()
        .await?;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    Ok(())
}
