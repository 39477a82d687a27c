//! Lists at a university's shape (server::scale, the small size): paged,
//! filtered and searched on the server, each caller within their scope.

use std::collections::HashSet;

use serde_json::Value;
use server::scale::Scale;
use tests::{TestApp, json};

async fn page(client: &reqwest::Client, app: &TestApp, query: &str) -> anyhow::Result<Value> {
    let res = client
        .get(app.api(&format!("/nominations?{query}")))
        .send()
        .await?;
    assert_eq!(res.status(), 200, "{query}");
    json(res).await
}

fn ids(v: &Value) -> Vec<String> {
    v["nominations"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|n| n["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_office_pages_through_every_nomination_once_in_a_stable_order() -> anyhow::Result<()> {
    let (app, b) = TestApp::spawn_scale(Scale::SMALL).await?;
    let office = app.login_as("office").await?;
    let first = page(&office, &app, &format!("campaign_id={}", b.campaign)).await?;
    assert_eq!(first["total"], b.nominations as u64);
    assert_eq!(first["size"], 50);
    assert_eq!(ids(&first).len(), 50);
    let counted: u64 = first["counts"]
        .as_object()
        .map(|m| m.values().filter_map(Value::as_u64).sum())
        .unwrap_or(0);
    assert_eq!(counted, b.nominations as u64);
    // Every page, 70 at a time: each nomination exactly once, in order.
    let mut seen = Vec::new();
    for p in 1.. {
        let v = page(
            &office,
            &app,
            &format!("campaign_id={}&size=70&page={p}", b.campaign),
        )
        .await?;
        let got = ids(&v);
        if got.is_empty() {
            break;
        }
        seen.extend(got);
    }
    assert_eq!(seen.len(), b.nominations);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), b.nominations);
    let again = page(
        &office,
        &app,
        &format!("campaign_id={}&size=70&page=2", b.campaign),
    )
    .await?;
    assert_eq!(
        ids(&again),
        seen[70..140].to_vec(),
        "the same page twice is the same"
    );
    // A state filter: its total is its count, every row in that state.
    let waiting = first["counts"]["pending_counselor"].as_u64().unwrap_or(0);
    assert!(waiting > 0);
    let v = page(&office, &app, "state=pending_counselor&size=200").await?;
    assert_eq!(v["total"], waiting);
    assert!(
        v["nominations"]
            .as_array()
            .is_some_and(|a| a.iter().all(|n| n["state"] == "pending_counselor"))
    );
    // Too large a page is cut to the largest.
    assert_eq!(page(&office, &app, "size=100000").await?["size"], 200);
    Ok(())
}

#[tokio::test]
async fn search_and_scope_are_answered_by_the_server() -> anyhow::Result<()> {
    let (app, b) = TestApp::spawn_scale(Scale::SMALL).await?;
    let office = app.login_as("office").await?;
    // By student number (part of one) and by name.
    let number = &b.students_of_class[3];
    let v = page(&office, &app, &format!("q={number}")).await?;
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["nominations"][0]["student_no"], number.as_str());
    let name = v["nominations"][0]["student_name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let account = app.store.user_by_username(number)?.map(|u| u.name);
    assert_eq!(
        account.as_deref(),
        Some(name.as_str()),
        "the account's name"
    );
    let v = page(&office, &app, &format!("q={name}&size=200")).await?;
    assert!(v["total"].as_u64().unwrap_or(0) >= 1);
    assert!(
        v["nominations"]
            .as_array()
            .is_some_and(|a| a.iter().all(|n| n["student_name"] == name.as_str()))
    );
    // A counselor sees their grade's classes of their college only; a dean their college.
    let counselor = app.login_as(&b.counselor).await?;
    let v = page(&counselor, &app, "size=200").await?;
    let total = v["total"].as_u64().unwrap_or(0);
    assert!(total > 0 && total < b.nominations as u64);
    for n in v["nominations"].as_array().into_iter().flatten() {
        assert_eq!(n["college"], b.college.as_str());
        assert!(n["class_id"].as_str().is_some_and(|c| c.contains("-2023-")));
    }
    let dean = app.login_as(&b.dean).await?;
    let v = page(&dean, &app, "size=200").await?;
    assert!(v["total"].as_u64().unwrap_or(0) >= total);
    for n in v["nominations"].as_array().into_iter().flatten() {
        assert_eq!(n["college"], b.college.as_str());
    }
    // Another college asked for by a dean: nothing.
    assert_eq!(page(&dean, &app, "college=c02").await?["total"], 0);
    // A student: their own only.
    let student = app.login_as(number).await?;
    let v = page(&student, &app, "").await?;
    assert_eq!(v["total"], 1);
    assert_eq!(v["nominations"][0]["student_no"], number.as_str());
    // One class's students come from the members index, by number.
    let res = counselor
        .get(app.api(&format!("/classes/{}/students", b.class_id)))
        .send()
        .await?;
    let v = json(res).await?;
    let got: Vec<&str> = v["students"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["username"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        got,
        b.students_of_class
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    Ok(())
}
