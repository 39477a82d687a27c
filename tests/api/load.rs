//! Load with invariants (issue #37): students filling and submitting their
//! 推荐表, counselors, deans and the office deciding, all at once through
//! the public API, each with their own session, every write with an
//! `Idempotency-Key` and retried with it when an answer does not come; then
//! every invariant of the chain is checked on the store. `LOAD_USERS`
//! (default 40: `make test`; `make drill` runs 200) simulated users for
//! `LOAD_SECONDS` (default 8).

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use domain::workflow::{Stage, State};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use tests::TestApp;

/// Every answer's status and time, and the decisions acknowledged.
#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, u64>,
    latencies: Vec<Duration>,
    decisions: u64,
    retries: u64,
}

type Shared = Arc<Mutex<Tally>>;

fn var(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Sends one write with an idempotency key, again with the same key when
/// no answer comes (up to three times); its status and body.
async fn write(
    c: &Client,
    tally: &Shared,
    method: Method,
    url: String,
    rev: Option<u64>,
    body: Option<Value>,
) -> Option<(StatusCode, Value)> {
    let key = uuid::Uuid::new_v4().to_string();
    for attempt in 0..3 {
        let mut req = c
            .request(method.clone(), &url)
            .header("idempotency-key", &key)
            .timeout(Duration::from_secs(if attempt == 0 { 5 } else { 20 }));
        if let Some(rev) = rev {
            req = req.header("if-match", format!("\"{rev}\""));
        }
        if let Some(b) = &body {
            req = req.json(b);
        }
        let t = Instant::now();
        match req.send().await {
            Ok(res) => {
                let status = res.status();
                let v = res.json::<Value>().await.unwrap_or_default();
                let mut t_ = tally.lock().unwrap_or_else(|p| p.into_inner());
                *t_.statuses.entry(status.as_u16()).or_default() += 1;
                t_.latencies.push(t.elapsed());
                return Some((status, v));
            }
            Err(_) => tally.lock().unwrap_or_else(|p| p.into_inner()).retries += 1,
        }
    }
    None
}

/// A student: a self-nomination created and submitted.
async fn student(
    app: Arc<TestApp>,
    username: String,
    name: String,
    tally: Shared,
) -> anyhow::Result<()> {
    let c = app.login_as(&username).await?;
    let form = json!({
        "campaign_id": "2027",
        "name": name, "birth_month": "2005-05", "gender": "男",
        "political_status": "共青团员", "education": "本科(学士)",
        "phone": "138-1234-5678", "wechat": "wx_2005",
        "profile": "担任班长三年，组织班级活动二十余次，热心为同学服务。",
        "conditions": [1, 2, 3, 4, 5], "cadre_posts": "班长", "destination": "上海，某科技公司"
    });
    let Some((status, body)) = write(
        &c,
        &tally,
        Method::POST,
        app.api("/nominations"),
        None,
        Some(form),
    )
    .await
    else {
        return Ok(());
    };
    if status != StatusCode::CREATED {
        return Ok(()); // already has one (the demo's), or refused: counted
    }
    let id = body["nomination"]["id"].as_str().unwrap_or_default();
    write(
        &c,
        &tally,
        Method::POST,
        app.api(&format!("/nominations/{id}/submit")),
        None,
        None,
    )
    .await;
    Ok(())
}

/// An approver: takes what waits at their level and decides it (nine in
/// ten approved, the rest returned), until `until`.
async fn approver(
    app: Arc<TestApp>,
    username: &'static str,
    waiting: &'static str,
    until: Instant,
    tally: Shared,
) -> anyhow::Result<()> {
    let c = app.login_as(username).await?;
    let mut n = 0u64;
    while Instant::now() < until {
        let list: Value = c
            .get(app.api(&format!("/nominations?state={waiting}&size=20")))
            .send()
            .await?
            .json()
            .await
            .unwrap_or_default();
        let items = list["nominations"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        for it in items.iter().take(5) {
            n += 1;
            let decision = if n.is_multiple_of(10) {
                "return"
            } else {
                "approve"
            };
            let id = it["id"].as_str().unwrap_or_default();
            let res = write(
                &c,
                &tally,
                Method::POST,
                app.api(&format!("/nominations/{id}/decision")),
                it["rev"].as_u64(),
                Some(json!({"decision": decision, "opinion": format!("{username} 意见 {n}")})),
            )
            .await;
            if res.is_some_and(|(s, _)| s == StatusCode::OK) {
                tally.lock().unwrap_or_else(|p| p.into_inner()).decisions += 1;
            }
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_users_at_once_leave_every_invariant_of_the_chain_whole() -> anyhow::Result<()> {
    let (users, seconds) = (var("LOAD_USERS", 40), var("LOAD_SECONDS", 8));
    let app = Arc::new(TestApp::spawn().await?);
    let decided = |a: &server::store::AuditEntry| {
        matches!(
            a.action.as_str(),
            "nomination.approve" | "nomination.return" | "nomination.reject"
        )
    };
    let in_history = |ns: &[server::store::NominationRecord]| {
        ns.iter()
            .flat_map(|n| &n.history)
            .filter(|h| matches!(h.action.as_str(), "approve" | "return" | "reject"))
            .count() as u64
    };
    let audited_before = app.store.audit_log()?.iter().filter(|a| decided(a)).count() as u64;
    let recorded_before = in_history(&app.store.nominations()?);
    let tally: Shared = Arc::default();
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    // Approvers: a tenth of the users, at every level.
    let levels: [(&'static str, &'static str); 5] = [
        ("counselor.xx", "pending_counselor"),
        ("counselor.jg", "pending_counselor"),
        ("dean.xx", "pending_college"),
        ("dean.jg", "pending_college"),
        ("office", "pending_office"),
    ];
    let approvers = (users / 10).max(levels.len() as u64);
    for i in 0..approvers {
        let (who, waiting) = levels[i as usize % levels.len()];
        tasks.spawn(approver(app.clone(), who, waiting, until, tally.clone()));
    }
    // Students: the rest, each once (the demo has about 130).
    let mut students = Vec::new();
    for prefix in ["20231101", "20232101", "20243101", "20243201"] {
        for n in 1..=40 {
            if let Some(u) = app.store.user_by_username(&format!("{prefix}{n:02}"))? {
                students.push((u.username, u.name));
            }
        }
    }
    for (username, name) in students.into_iter().take((users - approvers) as usize) {
        tasks.spawn(student(app.clone(), username, name, tally.clone()));
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    let took = started.elapsed().as_secs_f64();

    // The invariants, on the store.
    let mut violated = Vec::new();
    let nominations = app.store.nominations()?;
    let mut active: BTreeMap<(&str, &str), u32> = BTreeMap::new();
    let mut appointed: BTreeMap<&str, u32> = BTreeMap::new();
    for n in &nominations {
        if !matches!(n.state, State::Withdrawn | State::Rejected) {
            *active.entry((&n.campaign_id, &n.student_id)).or_default() += 1;
        }
        if n.state == State::Appointed {
            *appointed.entry(&n.class_id).or_default() += 1;
        }
        // Past a step only with that step's signer and opinion, since the
        // last submit.
        let since = n
            .history
            .iter()
            .rposition(|h| h.action == "submit")
            .map_or(0, |i| i + 1);
        let approved = |stage: Stage| {
            n.history[since..].iter().any(|h| {
                h.action == "approve"
                    && h.stage == Some(stage)
                    && !h.actor_name.is_empty()
                    && !h.opinion.trim().is_empty()
            })
        };
        let needs: &[Stage] = match n.state {
            State::PendingCollege => &[Stage::Counselor],
            State::PendingOffice => &[Stage::Counselor, Stage::College],
            State::Appointed => &[Stage::Counselor, Stage::College, Stage::Office],
            _ => &[],
        };
        if needs.iter().any(|s| !approved(*s)) {
            violated.push(format!(
                "{} is {:?} without every step's signer and opinion",
                n.id, n.state
            ));
        }
    }
    for ((_, student), k) in &active {
        if *k > 1 {
            violated.push(format!("student {student} has {k} active nominations"));
        }
    }
    let office = app.login_as("office").await?;
    let summary: Value = office
        .get(app.api("/nominations/summary?campaign_id=2027"))
        .send()
        .await?
        .json()
        .await?;
    for c in summary["classes"].as_array().into_iter().flatten() {
        let class = c["class_id"].as_str().unwrap_or_default();
        let quota = c["quota"].as_u64().unwrap_or(0) as u32;
        let have = appointed.get(class).copied().unwrap_or(0);
        if have > quota {
            violated.push(format!("{class}: {have} appointed, quota {quota}"));
        }
    }
    let t = tally.lock().unwrap_or_else(|p| p.into_inner());
    // Each acknowledged decision once in the log and once in its record,
    // however often its request was retried.
    let audited =
        app.store.audit_log()?.iter().filter(|a| decided(a)).count() as u64 - audited_before;
    let recorded = in_history(&nominations) - recorded_before;
    if (audited, recorded) != (t.decisions, t.decisions) {
        violated.push(format!(
            "{} decisions acknowledged, {audited} audited, {recorded} in the records",
            t.decisions
        ));
    }
    violated.extend(app.store.check(None)?);
    let errors: u64 = t
        .statuses
        .iter()
        .filter(|(s, _)| **s >= 500)
        .map(|(_, n)| n)
        .sum();
    let requests: u64 = t.statuses.values().sum();
    let mut lat = t.latencies.clone();
    lat.sort();
    let p99 = lat
        .get(lat.len() * 99 / 100)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    println!(
        "load: {users} users for {took:.1} s: {requests} writes ({} retried), {} decisions acknowledged, p99 {p99:.0} ms, statuses {:?}; invariants checked: one active nomination per student, quota per class, each step's signer and opinion, each decision audited once, every index and counter equal to its recount: {} violated, {errors} 5xx",
        t.retries,
        t.decisions,
        t.statuses,
        violated.len()
    );
    assert_eq!(violated, Vec::<String>::new());
    assert_eq!(errors, 0);
    assert!(t.decisions > 0, "the approvers decided");
    Ok(())
}
