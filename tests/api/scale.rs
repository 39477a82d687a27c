//! Lists at a university's shape (cli::scale, the small size): paged,
//! filtered and searched on the server, each caller within their scope.

use std::collections::{BTreeMap, HashMap, HashSet};

use cli::scale::Scale;
use serde_json::Value;
use server::store::{NominationRecord, index::nomination_key};
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

/// What a staff list should show, from the records themselves: campaigns
/// newest cohort first, then college, class, student number and id.
fn in_scope_order(
    app: &TestApp,
    keep: impl Fn(&NominationRecord) -> bool,
) -> anyhow::Result<Vec<NominationRecord>> {
    let cohort: HashMap<String, u16> = app
        .store
        .campaigns()?
        .into_iter()
        .map(|c| (c.id, c.cohort))
        .collect();
    let mut v: Vec<_> = app.store.nominations()?.into_iter().filter(keep).collect();
    v.sort_by_key(|r| {
        (
            std::cmp::Reverse(cohort.get(&r.campaign_id).copied()),
            nomination_key(r),
        )
    });
    Ok(v)
}

#[tokio::test]
async fn every_staff_page_is_the_records_in_scope_order() -> anyhow::Result<()> {
    let (app, b) = TestApp::spawn_scale(Scale::SMALL).await?;
    let counselor_id = app
        .store
        .user_by_username(&b.counselor)?
        .map(|u| u.id)
        .unwrap_or_default();
    let theirs: HashSet<String> = app
        .store
        .classes_of_counselor(&counselor_id)?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let college = b.college.clone();
    let scopes: [(&str, Vec<NominationRecord>); 3] = [
        ("office", in_scope_order(&app, |_| true)?),
        (&b.dean, in_scope_order(&app, |r| r.college == college)?),
        (
            &b.counselor,
            in_scope_order(&app, |r| theirs.contains(&r.class_id))?,
        ),
    ];
    for (who, all) in scopes {
        assert!(!all.is_empty(), "{who} has nominations to list");
        let client = app.login_as(who).await?;
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for r in &all {
            *counts.entry(r.state.as_str().to_owned()).or_default() += 1;
        }
        let states: Vec<Option<String>> = std::iter::once(None)
            .chain(counts.keys().cloned().map(Some))
            .collect();
        for state in states {
            let want: Vec<&NominationRecord> = all
                .iter()
                .filter(|r| state.as_deref().is_none_or(|s| r.state.as_str() == s))
                .collect();
            let filter = state
                .as_deref()
                .map(|s| format!("&state={s}"))
                .unwrap_or_default();
            // Pages of 7 cross class boundaries at every offset.
            for (i, chunk) in want.chunks(7).chain([&[][..]]).enumerate() {
                let query = format!("size=7&page={}{filter}", i + 1);
                let v = page(&client, &app, &query).await?;
                let ids: Vec<&str> = chunk.iter().map(|r| r.id.as_str()).collect();
                assert_eq!(self::ids(&v), ids, "{who}: {query}");
                assert_eq!(v["total"], want.len() as u64, "{who}: {query}");
                assert_eq!(v["page"], i as u64 + 1);
                assert_eq!(v["size"], 7);
                let got: BTreeMap<String, u64> = serde_json::from_value(v["counts"].clone())?;
                assert_eq!(got, counts, "{who}: {query}");
                // Each row is named as its records say.
                for (row, r) in v["nominations"].as_array().into_iter().flatten().zip(chunk) {
                    let name = app.store.user(&r.student_id)?.map(|u| u.name);
                    assert_eq!(row["student_name"].as_str(), name.as_deref());
                    assert_eq!(row["student_no"], r.student_no.as_str());
                    let class = app.store.class(&r.class_id)?.map(|c| c.display_name());
                    assert_eq!(row["class_name"].as_str(), class.as_deref());
                    assert_eq!(row["state"], r.state.as_str());
                    assert_eq!(row["rev"], r.rev);
                }
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_kept_to_do_follows_every_change_at_once() -> anyhow::Result<()> {
    let (app, b) = TestApp::spawn_scale(Scale::SMALL).await?;
    let counselor = app.login_as(&b.counselor).await?;
    let office = app.login_as("office").await?;
    let admin = app.login_as("admin").await?;
    let todo = "state=pending_counselor&size=200";
    let first = page(&counselor, &app, todo).await?;
    let waiting = first["total"].as_u64().unwrap_or(0);
    assert!(waiting > 1, "{first}");
    // Asked again: the same (now kept).
    assert_eq!(page(&counselor, &app, todo).await?, first);
    let office_first = page(&office, &app, &format!("campaign_id={}", b.campaign)).await?;

    // A decision: gone from the to-do at once, and counted where it went.
    let row = first["nominations"][0].clone();
    let id = row["id"].as_str().unwrap_or_default().to_owned();
    let res = counselor
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{}\"", row["rev"]))
        .json(&serde_json::json!({"decision": "approve", "opinion": "同意"}))
        .send()
        .await?;
    assert_eq!(res.status(), 200, "{}", res.text().await?);
    let after = page(&counselor, &app, todo).await?;
    assert_eq!(after["total"], waiting - 1);
    assert!(!ids(&after).contains(&id));
    assert_eq!(
        after["counts"]["pending_college"].as_u64().unwrap_or(0),
        first["counts"]["pending_college"].as_u64().unwrap_or(0) + 1
    );
    // The office's wide page too, on the row itself.
    let office_after = page(
        &office,
        &app,
        &format!("campaign_id={}&size=200", b.campaign),
    )
    .await?;
    let seen = office_after["nominations"]
        .as_array()
        .and_then(|a| a.iter().find(|n| n["id"] == id.as_str()).cloned());
    if let Some(n) = seen {
        assert_eq!(n["state"], "pending_college");
    }
    assert_ne!(office_after["counts"], office_first["counts"]);

    // The class renamed: its rows say so at once.
    let class_id = row["class_id"].as_str().unwrap_or_default().to_owned();
    app.rename_major(&admin, &class_id, "数据科学与大数据技术")
        .await?;
    let renamed = page(&counselor, &app, todo).await?;
    let names: Vec<&str> = renamed["nominations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["class_id"] == class_id.as_str())
        .filter_map(|n| n["class_name"].as_str())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names.iter().all(|n| n.contains("数据科学与大数据技术")),
        "{names:?}"
    );

    // So is its college.
    app.rename_college(&admin, &b.college, "新改名学院").await?;
    let v = page(&counselor, &app, todo).await?;
    assert!(
        v["nominations"]
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|n| n["college_name"] == "新改名学院")),
        "{v}"
    );
    Ok(())
}
