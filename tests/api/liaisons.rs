//! The term lifecycle (SPEC §6): 增补 within quota, 解聘 with a reason frees
//! the place, 连任 extends, terms expire on their own; office only.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::{TestApp, json};

async fn add(
    app: &TestApp,
    who: &Client,
    username: &str,
    reason: &str,
) -> anyhow::Result<reqwest::Response> {
    let id = app
        .store
        .user_by_username(username)?
        .map(|u| u.id)
        .unwrap_or_default();
    Ok(who
        .post(app.api("/liaisons"))
        .json(&json!({"student_id": id, "campaign_id": "2027", "reason": reason}))
        .send()
        .await?)
}

fn field(v: &Value, key: &str) -> String {
    v["liaison"][key].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_office_adds_dismisses_and_renews_within_the_quota() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let office = app.login_as("office").await?;
    let no_reason = add(&app, &office, "2023110101", " ").await?;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json(no_reason).await?["error"]["fields"]["reason"],
        "请填写原因"
    );

    let first = add(&app, &office, "2023110101", "原联络员出国深造").await?;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = json(first).await?;
    assert_eq!(field(&first, "certificate_no"), "2027-XX-0001");
    assert_eq!(field(&first, "status"), "active");
    assert_eq!(
        add(&app, &office, "2023110101", "再次").await?.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        add(&app, &office, "2023110102", "增补").await?.status(),
        StatusCode::CREATED
    );
    let full = add(&app, &office, "2023110103", "增补").await?;
    assert_eq!(full.status(), StatusCode::CONFLICT);
    let msg = json(full).await?["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        msg.contains("2023级计算机科学与技术1班") && msg.contains("已满"),
        "{msg}"
    );

    // 解聘 needs a reason and frees the place.
    let id = field(&first, "id");
    let dismiss = |reason: &'static str| {
        office
            .post(app.api(&format!("/liaisons/{id}/dismiss")))
            .json(&json!({"reason": reason}))
            .send()
    };
    assert_eq!(
        dismiss("").await?.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let done = json(dismiss("本人申请辞去").await?).await?;
    assert_eq!(field(&done, "status"), "dismissed");
    assert_eq!(dismiss("再次").await?.status(), StatusCode::CONFLICT);
    assert_eq!(
        add(&app, &office, "2023110103", "增补").await?.status(),
        StatusCode::CREATED
    );
    let renew_dismissed = office
        .post(app.api(&format!("/liaisons/{id}/renew")))
        .send()
        .await?;
    assert_eq!(renew_dismissed.status(), StatusCode::CONFLICT);

    // 连任 adds another term to the current one.
    let list = json(
        office
            .get(app.api("/liaisons?status=active"))
            .send()
            .await?,
    )
    .await?;
    let active = list["liaisons"].as_array().cloned().unwrap_or_default();
    assert_eq!(active.len(), 2);
    let second = active
        .iter()
        .find(|l| l["name"] != "")
        .cloned()
        .unwrap_or_default();
    let (sid, end) = (
        second["id"].as_str().unwrap_or_default(),
        second["term_end"].as_str().unwrap_or_default().to_owned(),
    );
    let renewed = json(
        office
            .post(app.api(&format!("/liaisons/{sid}/renew")))
            .send()
            .await?,
    )
    .await?;
    let year = |d: &str| {
        d.get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or_default()
    };
    assert_eq!(year(&field(&renewed, "term_end")), year(&end) + 3);
    Ok(())
}

#[tokio::test]
async fn only_the_office_manages_terms() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let office = app.login_as("office").await?;
    let id = field(
        &json(add(&app, &office, "2023110101", "增补").await?).await?,
        "id",
    );
    for user in ["counselor.xx", "dean.xx", "admin", "2023110105"] {
        let c = app.login_as(user).await?;
        assert_eq!(
            add(&app, &c, "2023110102", "增补").await?.status(),
            StatusCode::FORBIDDEN,
            "{user}"
        );
        let renew = c
            .post(app.api(&format!("/liaisons/{id}/renew")))
            .send()
            .await?;
        assert_eq!(renew.status(), StatusCode::FORBIDDEN, "{user}");
        let dismiss = c
            .post(app.api(&format!("/liaisons/{id}/dismiss")))
            .json(&json!({"reason": "x"}))
            .send()
            .await?;
        assert_eq!(dismiss.status(), StatusCode::FORBIDDEN, "{user}");
    }
    Ok(())
}

#[tokio::test]
async fn a_term_expires_on_its_own_and_leaves_the_public_list() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let office = app.login_as("office").await?;
    add(&app, &office, "2023110101", "增补").await?;
    let public = |app: &TestApp| {
        let url = app.api("/public/liaisons");
        async move {
            anyhow::Ok(
                json(reqwest::get(url).await?).await?["liaisons"]
                    .as_array()
                    .map_or(0, Vec::len),
            )
        }
    };
    assert_eq!(public(&app).await?, 1);
    app.clock.advance((3 * 366 + 1) * 24 * 3600);
    assert_eq!(public(&app).await?, 0);
    let office = app.login_as("office").await?;
    let expired = json(
        office
            .get(app.api("/liaisons?status=expired"))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(expired["liaisons"].as_array().map(Vec::len), Some(1));
    let student = app.login_as("2023110101").await?;
    assert_eq!(
        json(student.get(app.api("/me")).send().await?).await?["user"]["is_liaison"],
        false
    );
    Ok(())
}

/// The public list is kept in memory (anyone may ask for it, as often as
/// they like): every change it shows must reach the next reader at once.
#[tokio::test]
async fn the_public_list_is_kept_and_follows_every_change_at_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let office = app.login_as("office").await?;
    let public = || {
        let url = app.api("/public/liaisons");
        async move {
            let v = json(reqwest::get(url).await?).await?;
            anyhow::Ok(
                v["liaisons"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .map(|l| {
                        format!(
                            "{} {}",
                            l["name"].as_str().unwrap_or_default(),
                            l["display_name"].as_str().unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        }
    };
    assert_eq!(public().await?, Vec::<String>::new());
    // An appointment (增补) shows at once, though the empty list was kept.
    let first = json(add(&app, &office, "2023110101", "增补").await?).await?;
    let listed = public().await?;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(
        listed[0].ends_with("2023级计算机科学与技术1班"),
        "{listed:?}"
    );
    // Asked again: the same answer (kept), then a second liaison.
    assert_eq!(public().await?, listed);
    add(&app, &office, "2023110102", "增补").await?;
    assert_eq!(public().await?.len(), 2);

    // The class is renamed by the admin: the kept list shows the new name.
    let admin = app.login_as("admin").await?;
    app.rename_major(&admin, &field(&first, "class_id"), "软件工程")
        .await?;
    let renamed = public().await?;
    assert!(
        renamed.iter().all(|l| l.ends_with("2023级软件工程1班")),
        "{renamed:?}"
    );

    // So is the college.
    app.rename_college(&admin, "xx", "信息科学与工程学院")
        .await?;
    let body = json(reqwest::get(app.api("/public/liaisons")).await?).await?;
    assert_eq!(body["liaisons"][0]["college_name"], "信息科学与工程学院");

    // 解聘: gone from the next answer.
    let dismissed = office
        .post(app.api(&format!("/liaisons/{}/dismiss", field(&first, "id"))))
        .header("if-match", format!("\"{}\"", first["liaison"]["rev"]))
        .json(&json!({"reason": "本人申请辞去"}))
        .send()
        .await?;
    assert_eq!(dismissed.status(), StatusCode::OK);
    assert_eq!(public().await?.len(), 1);
    Ok(())
}
