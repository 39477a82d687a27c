//! The September round's class link (SPEC §14): a classmate without an
//! account identifies through it and proposes changes; nothing enters the
//! directory until the liaison confirms each change; links end, guesses
//! and submissions are bounded, and nothing of another classmate is read.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::{TestApp, json};

const CLASS: &str = "xx-2023-cs-1";
const LIAISON: &str = "2023110101";
const CLASSMATE: &str = "2023110102";
const OTHER: &str = "2023110103";

/// The app with 2023110101 an active liaison and the 2026 round open.
async fn round_open() -> anyhow::Result<TestApp> {
    let app = TestApp::spawn().await?;
    app.appoint_liaison(LIAISON).await?;
    let office = app.login_as("office").await?;
    let res = office
        .put(app.api("/directory/round"))
        .json(&json!({"year": 2026, "open": true}))
        .send()
        .await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "round: {}", res.status());
    Ok(app)
}

fn link_url(app: &TestApp) -> String {
    app.api(&format!("/classes/{CLASS}/classmates/link"))
}

/// A new link made by `c`; its token.
async fn make_link(app: &TestApp, c: &Client) -> anyhow::Result<String> {
    let res = c.post(link_url(app)).send().await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "link: {}", res.status());
    let body = json(res).await?;
    let path = body["link"]["path"].as_str().unwrap_or_default();
    Ok(path.strip_prefix("/u/#").unwrap_or_default().to_owned())
}

fn name_of(app: &TestApp, number: &str) -> anyhow::Result<String> {
    Ok(app
        .store
        .user_by_username(number)?
        .map(|u| u.name)
        .unwrap_or_default())
}

async fn visit(
    app: &TestApp,
    c: &Client,
    token: &str,
    name: &str,
    number: &str,
) -> anyhow::Result<reqwest::Response> {
    Ok(c.post(app.api("/classmate/visit"))
        .json(&json!({"token": token, "name": name, "number": number}))
        .send()
        .await?)
}

/// The classmate's stored entry.
fn entry_of(app: &TestApp, number: &str) -> anyhow::Result<server::store::EntryRecord> {
    let id = app
        .store
        .user_by_username(number)?
        .map(|u| u.id)
        .unwrap_or_default();
    app.store
        .student_entry(CLASS, &id)?
        .ok_or_else(|| anyhow::anyhow!("no entry of {number}"))
}

async fn message(res: reqwest::Response) -> anyhow::Result<String> {
    Ok(json(res).await?["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test]
async fn a_classmate_proposes_through_the_link_and_the_liaison_confirms_one_change_and_declines_another()
-> anyhow::Result<()> {
    let app = round_open().await?;
    let liaison = app.login_as(LIAISON).await?;
    let none = json(liaison.get(link_url(&app)).send().await?).await?;
    assert_eq!(none, json!({"link": null, "round": 2026}));
    let res = liaison.post(link_url(&app)).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    let made = json(res).await?;
    let path = made["link"]["path"].as_str().unwrap_or_default().to_owned();
    let token = path.strip_prefix("/u/#").unwrap_or_default().to_owned();
    assert!(token.len() >= 40, "{path}");
    let text = made["link"]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains(&app.url(&path)) && text.contains("学号"),
        "{text}"
    );
    let qr = liaison
        .get(format!("{}.svg", link_url(&app)))
        .send()
        .await?;
    assert_eq!(qr.status(), StatusCode::OK);
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await?.contains("<svg"));

    // The classmate, in a browser of their own, without an account.
    let name = name_of(&app, CLASSMATE)?;
    let c = app.client()?;
    let res = visit(&app, &c, &token, &name_of(&app, OTHER)?, CLASSMATE).await?;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        message(res).await?,
        "姓名和学号与本班名单不一致，请检查后重试"
    );
    let res = visit(&app, &c, &token, &format!(" {name}"), CLASSMATE).await?;
    assert_eq!(res.status(), StatusCode::OK);
    let seen = json(res).await?;
    // Identifying started the class's directory from the roster.
    let stored = entry_of(&app, CLASSMATE)?;
    assert_eq!(seen["name"], name);
    assert_eq!(seen["entry"]["address"], "");
    if !stored.fields.phone.is_empty() {
        assert!(
            seen["entry"]["phone"]
                .as_str()
                .unwrap_or_default()
                .contains("****")
        );
    }

    // Typing checked as the grid checks it; then submitted.
    let check = json(
        c.post(app.api("/classmate/check"))
            .json(&json!({"changes": {"phone": "139123", "employer": " 新公司"}}))
            .send()
            .await?,
    )
    .await?;
    assert!(check["errors"]["phone"].is_string(), "{check}");
    assert_eq!(check["suggestions"]["employer"], "新公司");
    let changes = json!({"changes": {"phone": "139-1234-5678", "employer": "新公司"}});
    let res = c
        .post(app.api("/classmate/update"))
        .json(&changes)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let seen = json(c.get(app.api("/classmate/visit")).send().await?).await?;
    let states: Vec<(&str, &str)> = seen["proposals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["field"].as_str().unwrap_or(""),
                p["state"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(states, [("phone", "waiting"), ("employer", "waiting")]);
    assert_eq!(
        entry_of(&app, CLASSMATE)?.fields,
        stored.fields,
        "nothing enters yet"
    );

    // The liaison's queue: one waiting, the others not yet answered.
    let queue_url = app.api(&format!("/classes/{CLASS}/classmates"));
    let queue = json(liaison.get(&queue_url).send().await?).await?;
    assert_eq!(queue["waiting"].as_array().map(Vec::len), Some(1));
    let item = &queue["waiting"][0];
    assert_eq!(item["proposals"][0]["new"], "13912345678");
    let not_yet: Vec<&str> = queue["not_yet"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert!(!not_yet.contains(&name.as_str()) && not_yet.contains(&name_of(&app, OTHER)?.as_str()));
    let student = item["student_id"].as_str().unwrap_or_default().to_owned();
    let decide_url = app.api(&format!("/classes/{CLASS}/classmates/{student}"));
    let no_reason = json!({"decisions": [
        {"field": "employer", "accept": false, "reason": " ", "current": stored.fields.employer},
    ]});
    let res = liaison.put(&decide_url).json(&no_reason).send().await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let decisions = json!({"decisions": [
        {"field": "phone", "accept": true, "current": stored.fields.phone},
        {"field": "employer", "accept": false, "reason": "请写单位全称", "current": stored.fields.employer},
    ]});
    let res = liaison.put(&decide_url).json(&decisions).send().await?;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);

    // Exactly the confirmed change entered, with its history.
    let after = entry_of(&app, CLASSMATE)?;
    assert_eq!(after.fields.phone, "13912345678");
    assert_eq!(after.fields.employer, stored.fields.employer);
    assert_eq!(after.confirmed_round, Some(2026));
    let history = app.store.entry_history(CLASS, &after.id)?;
    let last = history
        .last()
        .ok_or_else(|| anyhow::anyhow!("no history"))?;
    assert_eq!(last.action, "classmate");
    assert_eq!(last.changes.len(), 1);
    assert_eq!(last.changes[0].field, "phone");
    // The classmate sees the outcome through the link.
    let seen = json(c.get(app.api("/classmate/visit")).send().await?).await?;
    assert_eq!(seen["proposals"][0]["state"], "confirmed");
    assert_eq!(seen["proposals"][1]["state"], "declined");
    assert_eq!(seen["proposals"][1]["reason"], "请写单位全称");
    // The round's completion counts the confirmed self-update.
    let counselor = app.login_as("counselor.xx").await?;
    let progress = json(counselor.get(app.api("/directory/progress")).send().await?).await?;
    let class = progress["classes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["class_id"] == CLASS)
        .cloned()
        .unwrap_or_default();
    assert_eq!(class["confirmed"], 1, "{progress}");
    let actions: Vec<String> = app
        .store
        .audit_log()?
        .into_iter()
        .map(|a| a.action)
        .collect();
    for a in [
        "classmates.link.make",
        "classmates.submit",
        "classmates.decide",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }
    Ok(())
}

#[tokio::test]
async fn a_replaced_or_revoked_link_says_so_and_only_editors_manage_links() -> anyhow::Result<()> {
    let app = round_open().await?;
    let liaison = app.login_as(LIAISON).await?;
    let first = make_link(&app, &liaison).await?;
    let c = app.client()?;
    let name = name_of(&app, CLASSMATE)?;
    assert_eq!(
        visit(&app, &c, &first, &name, CLASSMATE).await?.status(),
        StatusCode::OK
    );
    let second = make_link(&app, &app.login_as("counselor.xx").await?).await?;
    assert_ne!(first, second);
    // The old link, and the visit begun through it, end.
    let res = visit(&app, &c, &first, &name, CLASSMATE).await?;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(message(res).await?.contains("更换"));
    assert_eq!(
        c.get(app.api("/classmate/visit")).send().await?.status(),
        StatusCode::GONE
    );
    assert_eq!(
        liaison.delete(link_url(&app)).send().await?.status(),
        StatusCode::OK
    );
    let res = visit(&app, &c, &second, &name, CLASSMATE).await?;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(message(res).await?.contains("停用"));
    let res = visit(&app, &c, "not-a-token", &name, CLASSMATE).await?;
    assert_eq!(res.status(), StatusCode::GONE);

    // A classmate who is no liaison may not manage the link; a counselor
    // of another college does not find the class.
    let student = app.login_as(OTHER).await?;
    assert_eq!(
        student.post(link_url(&app)).send().await?.status(),
        StatusCode::FORBIDDEN
    );
    let outside = app.login_as("counselor.jg").await?;
    assert_eq!(
        outside.get(link_url(&app)).send().await?.status(),
        StatusCode::NOT_FOUND
    );
    // Without a session, nothing of the liaison's side answers.
    let anonymous = app.client()?;
    for url in [
        link_url(&app),
        app.api(&format!("/classes/{CLASS}/classmates")),
    ] {
        assert_eq!(
            anonymous.get(url).send().await?.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // With the round closed, the links it gave end too.
    let third = make_link(&app, &liaison).await?;
    let office = app.login_as("office").await?;
    office
        .put(app.api("/directory/round"))
        .json(&json!({"year": 2026, "open": false}))
        .send()
        .await?;
    assert_eq!(
        visit(&app, &c, &third, &name, CLASSMATE).await?.status(),
        StatusCode::GONE
    );
    assert_eq!(
        liaison.post(link_url(&app)).send().await?.status(),
        StatusCode::CONFLICT
    );
    Ok(())
}

#[tokio::test]
async fn guesses_and_submissions_are_bounded_and_a_later_edit_is_never_overwritten_silently()
-> anyhow::Result<()> {
    let app = round_open().await?;
    let liaison = app.login_as(LIAISON).await?;
    let token = make_link(&app, &liaison).await?;
    let name = name_of(&app, CLASSMATE)?;
    // Ten wrong pairs from one address, then even the right pair waits.
    let guesser = app.client()?;
    for i in 0..10 {
        let res = visit(
            &app,
            &guesser,
            &token,
            &name,
            &format!("20231101{:02}", 50 + i),
        )
        .await?;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }
    let res = visit(&app, &guesser, &token, &name, CLASSMATE).await?;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(message(res).await?.contains("分钟后再试"));
    app.clock.advance(16 * 60);
    let c = app.client()?;
    assert_eq!(
        visit(&app, &c, &token, &name, CLASSMATE).await?.status(),
        StatusCode::OK
    );

    // The classmate proposes a phone; the counselor changes it meanwhile.
    let stored = entry_of(&app, CLASSMATE)?;
    let res = c
        .post(app.api("/classmate/update"))
        .json(&json!({"changes": {"phone": "13912345678"}}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let counselor = app.login_as("counselor.xx").await?;
    let mut fields = serde_json::to_value(&stored.fields)?;
    fields["phone"] = json!("13700001111");
    let res = counselor
        .put(app.api(&format!("/classes/{CLASS}/directory/{}", stored.id)))
        .header("if-match", format!("\"{}\"", stored.rev))
        .json(&fields)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let queue = json(
        liaison
            .get(app.api(&format!("/classes/{CLASS}/classmates")))
            .send()
            .await?,
    )
    .await?;
    let p = &queue["waiting"][0]["proposals"][0];
    assert_eq!(
        (p["old"].as_str(), p["current"].as_str()),
        (Some(stored.fields.phone.as_str()), Some("13700001111"))
    );
    let student = queue["waiting"][0]["student_id"]
        .as_str()
        .unwrap_or_default();
    let url = app.api(&format!("/classes/{CLASS}/classmates/{student}"));
    // Confirming against the value seen before the edit is refused…
    let res = liaison
        .put(&url)
        .json(&json!({"decisions": [{"field": "phone", "accept": true, "current": stored.fields.phone}]}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(entry_of(&app, CLASSMATE)?.fields.phone, "13700001111");
    // …and goes through once the liaison has seen the edit.
    let res = liaison
        .put(&url)
        .json(&json!({"decisions": [{"field": "phone", "accept": true, "current": "13700001111"}]}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(entry_of(&app, CLASSMATE)?.fields.phone, "13912345678");

    // A classmate's submissions in a round are bounded.
    for i in 0..9 {
        let res = c
            .post(app.api("/classmate/update"))
            .json(&json!({"changes": {"position": format!("职员{i}")}}))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "{i}");
    }
    let res = c
        .post(app.api("/classmate/update"))
        .json(&json!({"changes": {"position": "经理"}}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    Ok(())
}

#[tokio::test]
async fn guesses_sent_at_the_same_moment_meet_the_same_limit() -> anyhow::Result<()> {
    let app = round_open().await?;
    let liaison = app.login_as(LIAISON).await?;
    let token = make_link(&app, &liaison).await?;
    let name = name_of(&app, CLASSMATE)?;
    let c = app.client()?;
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..30 {
        let (url, c, token, name) = (
            app.api("/classmate/visit"),
            c.clone(),
            token.clone(),
            name.clone(),
        );
        guesses.spawn(async move {
            let number = format!("20231199{i:02}");
            c.post(url)
                .json(&json!({"token": token, "name": name, "number": number}))
                .send()
                .await
                .map(|r| r.status())
        });
    }
    let answers: Vec<_> = guesses.join_all().await;
    let looked_at = answers
        .iter()
        .filter(|r| matches!(r, Ok(StatusCode::BAD_REQUEST)))
        .count();
    let refused = answers
        .iter()
        .filter(|r| matches!(r, Ok(StatusCode::TOO_MANY_REQUESTS)))
        .count();
    assert_eq!((looked_at, refused), (10, 20), "{answers:?}");
    Ok(())
}
