//! The 推荐表 and the approval chain over HTTP: every role walks it, and every
//! forbidden combination is refused.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::{TestApp, json};

fn form() -> Value {
    json!({
        "campaign_id": "2027",
        "name": "王子涵", "birth_month": "2005-05", "gender": "男",
        "political_status": "共青团员", "education": "本科(学士)",
        "phone": "138-1234-5678", "wechat": "wzh_2005",
        "profile": "担任班长三年，组织班级活动二十余次，热心为同学服务。",
        "conditions": [1, 2, 3, 4, 5], "cadre_posts": "班长", "destination": "上海，某科技公司"
    })
}

struct Chain {
    app: TestApp,
    student: Client,
    counselor: Client,
    dean: Client,
    office: Client,
}

impl Chain {
    async fn new() -> anyhow::Result<Chain> {
        let app = TestApp::spawn().await?;
        Ok(Chain {
            student: app.login_as("2023110101").await?,
            counselor: app.login_as("counselor.xx").await?,
            dean: app.login_as("dean.xx").await?,
            office: app.login_as("office").await?,
            app,
        })
    }

    async fn create(&self, who: &Client, body: &Value) -> anyhow::Result<reqwest::Response> {
        Ok(who
            .post(self.app.api("/nominations"))
            .json(body)
            .send()
            .await?)
    }

    /// A submitted self-nomination of the demo student: (id, rev).
    async fn submitted(&self) -> anyhow::Result<(String, u64)> {
        let created = json(self.create(&self.student, &form()).await?).await?;
        let id = created["nomination"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let res = self
            .student
            .post(self.app.api(&format!("/nominations/{id}/submit")))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "submit");
        let body = json(res).await?;
        Ok((id, body["nomination"]["rev"].as_u64().unwrap_or_default()))
    }

    async fn decide(
        &self,
        who: &Client,
        id: &str,
        rev: u64,
        decision: &str,
        opinion: &str,
    ) -> anyhow::Result<reqwest::Response> {
        Ok(who
            .post(self.app.api(&format!("/nominations/{id}/decision")))
            .header("if-match", format!("\"{rev}\""))
            .json(&json!({"decision": decision, "opinion": opinion}))
            .send()
            .await?)
    }
}

async fn ok_rev(res: reqwest::Response) -> anyhow::Result<(String, u64)> {
    assert_eq!(res.status(), StatusCode::OK);
    let b = json(res).await?;
    Ok((
        b["nomination"]["state"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        b["nomination"]["rev"].as_u64().unwrap_or_default(),
    ))
}

#[tokio::test]
async fn a_self_nomination_walks_the_whole_chain_to_appointment() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let created = c.create(&c.student, &form()).await?;
    assert_eq!(created.status(), StatusCode::CREATED);
    let body = json(created).await?;
    let n = &body["nomination"];
    assert_eq!(
        (n["state"].as_str(), n["nomination_type"].as_str()),
        (Some("draft"), Some("self"))
    );
    assert_eq!(n["class_name"], "2023级计算机科学与技术1班");
    let id = n["id"].as_str().unwrap_or_default().to_owned();

    let (state, rev) = ok_rev(
        c.student
            .post(c.app.api(&format!("/nominations/{id}/submit")))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(state, "pending_counselor");
    let (state, rev) = ok_rev(
        c.decide(&c.counselor, &id, rev, "approve", "同意推荐")
            .await?,
    )
    .await?;
    assert_eq!(state, "pending_college");
    let (state, rev) = ok_rev(c.decide(&c.dean, &id, rev, "approve", "同意").await?).await?;
    assert_eq!(state, "pending_office");
    let (state, _) = ok_rev(c.decide(&c.office, &id, rev, "approve", "同意聘任").await?).await?;
    assert_eq!(state, "appointed");

    let mine = json(
        c.student
            .get(c.app.api(&format!("/nominations/{id}")))
            .send()
            .await?,
    )
    .await?;
    let history: Vec<(String, String)> = mine["nomination"]["history"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap_or_default().to_owned(),
                h["actor_name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        history.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
        ["create", "submit", "approve", "approve", "approve"]
    );
    assert_eq!(history[2].1, "赵老师");
    assert_eq!(history[4].1, "陈主任");
    assert_eq!(mine["nomination"]["history"][3]["stage"], "college");
    assert_eq!(
        mine["nomination"]["phone"], "13812345678",
        "normalised at submit"
    );
    let actions: Vec<String> = c
        .app
        .store
        .audit_log()?
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "nomination.create",
        "nomination.submit",
        "nomination.approve",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited");
    }
    Ok(())
}

#[tokio::test]
async fn a_returned_form_is_edited_and_re_enters_at_the_counselor() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let (id, rev) = c.submitted().await?;
    let (_, rev) = ok_rev(c.decide(&c.counselor, &id, rev, "approve", "").await?).await?;
    let no_reason = c.decide(&c.dean, &id, rev, "return", " ").await?;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(no_reason).await?["error"]["fields"]["opinion"].is_string());
    let (state, rev) = ok_rev(
        c.decide(&c.dean, &id, rev, "return", "请补充担任班长期间的具体工作")
            .await?,
    )
    .await?;
    assert_eq!(state, "returned");

    let url = c.app.api(&format!("/nominations/{id}"));
    let edit = c
        .student
        .patch(&url)
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"profile": "担任班长三年，组织迎新晚会、毕业典礼等班级活动二十余次。"}))
        .send()
        .await?;
    let (state, _) = ok_rev(edit).await?;
    assert_eq!(state, "returned");
    let (state, _) = ok_rev(
        c.student
            .post(c.app.api(&format!("/nominations/{id}/submit")))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(state, "pending_counselor");
    let n = json(c.counselor.get(&url).send().await?).await?;
    assert!(
        n["nomination"]["profile"]
            .as_str()
            .unwrap_or_default()
            .contains("迎新晚会")
    );
    let returned = n["nomination"]["history"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        returned
            .iter()
            .any(|h| h["action"] == "return" && h["opinion"] == "请补充担任班长期间的具体工作")
    );
    Ok(())
}

#[tokio::test]
async fn a_rejection_is_final_and_frees_the_student_for_a_new_form() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let (id, rev) = c.submitted().await?;
    let again = c.create(&c.student, &form()).await?;
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "one active nomination per campaign"
    );
    assert!(
        json(again).await?["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("每人每届只能有一份")
    );
    let (state, rev) = ok_rev(
        c.decide(&c.counselor, &id, rev, "reject", "不符合基本条件")
            .await?,
    )
    .await?;
    assert_eq!(state, "rejected");
    assert_eq!(
        c.decide(&c.counselor, &id, rev, "approve", "")
            .await?
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        c.student
            .post(c.app.api(&format!("/nominations/{id}/submit")))
            .send()
            .await?
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        c.create(&c.student, &form()).await?.status(),
        StatusCode::CREATED
    );
    Ok(())
}

#[tokio::test]
async fn the_applicant_withdraws_and_nobody_else_can() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let (id, _) = c.submitted().await?;
    let url = c.app.api(&format!("/nominations/{id}/withdraw"));
    assert_eq!(
        c.counselor.post(&url).send().await?.status(),
        StatusCode::FORBIDDEN
    );
    let (state, _) = ok_rev(c.student.post(&url).send().await?).await?;
    assert_eq!(state, "withdrawn");
    assert_eq!(
        c.student.post(&url).send().await?.status(),
        StatusCode::CONFLICT
    );
    Ok(())
}

#[tokio::test]
async fn nobody_decides_out_of_stage_out_of_scope_or_on_a_stale_revision() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let (id, rev) = c.submitted().await?;
    // Wrong stage: the dean and the office wait for the counselor.
    for who in [&c.dean, &c.office] {
        let res = c.decide(who, &id, rev, "approve", "").await?;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            json(res).await?["error"]["message"],
            "该推荐表当前不在您的审核环节"
        );
    }
    // Wrong role and wrong scope.
    assert_eq!(
        c.decide(&c.student, &id, rev, "approve", "")
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let other_counselor = c.app.login_as("counselor.jg").await?;
    assert_eq!(
        c.decide(&other_counselor, &id, rev, "approve", "")
            .await?
            .status(),
        StatusCode::NOT_FOUND
    );
    let other_dean = c.app.login_as("dean.jg").await?;
    assert_eq!(
        other_dean
            .get(c.app.api(&format!("/nominations/{id}")))
            .send()
            .await?
            .status(),
        StatusCode::NOT_FOUND
    );
    let admin = c.app.login_as("admin").await?;
    assert_eq!(
        c.decide(&admin, &id, rev, "approve", "").await?.status(),
        StatusCode::FORBIDDEN
    );
    // No If-Match, then a stale one.
    let bare = c
        .counselor
        .post(c.app.api(&format!("/nominations/{id}/decision")))
        .json(&json!({"decision": "approve"}))
        .send()
        .await?;
    assert_eq!(bare.status(), StatusCode::PRECONDITION_REQUIRED);
    let stale = c.decide(&c.counselor, &id, rev - 1, "approve", "").await?;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        json(stale).await?["current"]["nomination"]["state"],
        "pending_counselor"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_simultaneous_decisions_exactly_one_wins() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let (id, rev) = c.submitted().await?;
    let second = c.app.login_as("counselor.xx").await?;
    let (a, b) = tokio::join!(
        c.decide(&c.counselor, &id, rev, "approve", ""),
        c.decide(&second, &id, rev, "reject", "不同意")
    );
    let mut statuses = [a?.status().as_u16(), b?.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412]);
    Ok(())
}

#[tokio::test]
async fn a_class_recommendation_cannot_be_decided_by_its_counselor() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let student = c
        .app
        .store
        .user_by_username("2023110102")?
        .map(|u| u.id)
        .unwrap_or_default();
    let mut body = form();
    body["nomination_type"] = json!("class");
    body["student_id"] = json!(student);
    body["name"] = json!("李欣怡");
    let created = c.create(&c.counselor, &body).await?;
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = json(created).await?["nomination"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (_, rev) = ok_rev(
        c.counselor
            .post(c.app.api(&format!("/nominations/{id}/submit")))
            .send()
            .await?,
    )
    .await?;
    let own = c.decide(&c.counselor, &id, rev, "approve", "").await?;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        json(own).await?["error"]["message"],
        "不能审核本人提交或本人被推荐的推荐表"
    );
    // The class has no other counselor: the college gives the class opinion instead.
    let (state, _) = ok_rev(
        c.decide(&c.dean, &id, rev, "approve", "同意班级推荐")
            .await?,
    )
    .await?;
    assert_eq!(state, "pending_college");
    // A counselor may only recommend students of their own classes.
    let outsider = c
        .app
        .store
        .user_by_username("2023210101")?
        .map(|u| u.id)
        .unwrap_or_default();
    body["student_id"] = json!(outsider);
    assert_eq!(
        c.create(&c.counselor, &body).await?.status(),
        StatusCode::NOT_FOUND
    );
    Ok(())
}

#[tokio::test]
async fn submitting_checks_every_field_and_keeps_the_draft() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let mut body = form();
    body["phone"] = json!("12345");
    body["name"] = json!("王 子涵");
    body["profile"] = json!("太短");
    let id = json(c.create(&c.student, &body).await?).await?["nomination"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let res = c
        .student
        .post(c.app.api(&format!("/nominations/{id}/submit")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = json(res).await?;
    assert_eq!(e["error"]["fields"]["phone"], "手机号应为11位数字");
    assert_eq!(e["error"]["fields"]["name"], "姓名中不能有空格");
    assert!(e["error"]["fields"]["profile"].is_string());
    let kept = json(
        c.student
            .get(c.app.api(&format!("/nominations/{id}")))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(kept["nomination"]["state"], "draft");
    assert_eq!(
        kept["nomination"]["phone"], "12345",
        "the draft keeps what was typed"
    );
    Ok(())
}

#[tokio::test]
async fn after_the_deadline_a_submission_is_refused_naming_it() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let id = json(c.create(&c.student, &form()).await?).await?["nomination"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let closes = c
        .app
        .store
        .campaign("2027")?
        .map(|x| x.nomination_closes)
        .unwrap_or_default();
    c.app.clock.advance(61 * 24 * 3600);
    let student = c.app.login_as("2023110101").await?;
    let res = student
        .post(c.app.api(&format!("/nominations/{id}/submit")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let msg = json(res).await?["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(msg.contains(&closes) && msg.contains("截止"), "{msg}");
    Ok(())
}

#[tokio::test]
async fn the_office_cannot_appoint_beyond_the_class_quota() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let mut ids = Vec::new();
    for (n, user) in ["2023110111", "2023110112", "2023110113"]
        .iter()
        .enumerate()
    {
        let s = c.app.login_as(user).await?;
        let mut body = form();
        body["name"] = json!(format!("学生{}", ["甲", "乙", "丙"][n]));
        let id = json(c.create(&s, &body).await?).await?["nomination"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let (_, rev) = ok_rev(
            s.post(c.app.api(&format!("/nominations/{id}/submit")))
                .send()
                .await?,
        )
        .await?;
        let (_, rev) = ok_rev(c.decide(&c.counselor, &id, rev, "approve", "").await?).await?;
        let (_, rev) = ok_rev(c.decide(&c.dean, &id, rev, "approve", "").await?).await?;
        ids.push((id, rev));
    }
    for (id, rev) in &ids[..2] {
        assert_eq!(
            ok_rev(c.decide(&c.office, id, *rev, "approve", "").await?)
                .await?
                .0,
            "appointed"
        );
    }
    let (id, rev) = &ids[2];
    let full = c.decide(&c.office, id, *rev, "approve", "").await?;
    assert_eq!(full.status(), StatusCode::CONFLICT);
    let msg = json(full).await?["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        msg.contains("2023级计算机科学与技术1班") && msg.contains("已满"),
        "{msg}"
    );
    let state = json(
        c.office
            .get(c.app.api(&format!("/nominations/{id}")))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(state["nomination"]["state"], "pending_office");
    Ok(())
}

/// How many nominations `who` sees with `query`.
async fn seen(c: &Chain, who: &Client, query: &str) -> anyhow::Result<usize> {
    let v = json(
        who.get(c.app.api(&format!("/nominations{query}")))
            .send()
            .await?,
    )
    .await?;
    Ok(v["nominations"].as_array().map_or(0, Vec::len))
}

#[tokio::test]
async fn lists_are_scoped_and_filtered() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    // The demo has nominations already: compare before and after.
    let queries: [(&Client, &str); 6] = [
        (&c.office, ""),
        (&c.dean, ""),
        (&c.counselor, "?state=pending_counselor"),
        (&c.office, "?state=draft"),
        (&c.office, "?college=jg"),
        (&c.student, ""),
    ];
    let mut before = Vec::new();
    for (who, q) in queries {
        before.push(seen(&c, who, q).await?);
    }
    c.submitted().await?; // an xx student, pending the counselor
    let jg = c.app.login_as("2023210101").await?;
    let mut body = form();
    body["name"] = json!("工程生");
    let jg_id = json(c.create(&jg, &body).await?).await?["nomination"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned(); // a jg draft
    let mut grown = Vec::new();
    for ((who, q), b) in queries.into_iter().zip(before) {
        grown.push(seen(&c, who, q).await? - b);
    }
    // office all: +2; dean.xx: +1 (xx only); counselor pending: +1; drafts: +1 (jg);
    // college=jg: +1; the student sees only their own.
    assert_eq!(grown, [2, 1, 1, 1, 1, 1]);
    assert_eq!(seen(&c, &c.student, "").await?, 1);
    let other = c
        .student
        .get(c.app.api(&format!("/nominations/{jg_id}")))
        .send()
        .await?;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let bogus = c
        .office
        .get(c.app.api("/nominations?state=bogus"))
        .send()
        .await?;
    assert_eq!(bogus.status(), StatusCode::BAD_REQUEST);
    Ok(())
}

#[tokio::test]
async fn a_retried_create_with_the_same_key_makes_one_draft() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let send = || {
        c.student
            .post(c.app.api("/nominations"))
            .header("idempotency-key", "draft-1")
            .json(&form())
            .send()
    };
    let first = send().await?;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = json(first).await?;
    let again = send().await?;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(json(again).await?, first);
    let student = c.app.store.user_by_username("2023110101")?.map(|u| u.id);
    let drafts = c
        .app
        .store
        .nominations()?
        .into_iter()
        .filter(|n| Some(&n.student_id) == student.as_ref())
        .count();
    assert_eq!(drafts, 1);
    Ok(())
}

#[tokio::test]
async fn approvers_see_per_class_quota_appointed_and_pending() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let row = |v: &Value, class: &str| {
        v["classes"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["class_id"] == class).cloned())
            .unwrap_or_default()
    };
    let before = json(
        c.counselor
            .get(c.app.api("/nominations/summary?campaign_id=2027"))
            .send()
            .await?,
    )
    .await?;
    let pending_before = row(&before, "xx-2023-cs-1")["pending"]
        .as_u64()
        .unwrap_or_default();
    let (id, rev) = c.submitted().await?;
    let after = json(
        c.counselor
            .get(c.app.api("/nominations/summary?campaign_id=2027"))
            .send()
            .await?,
    )
    .await?;
    let cs = row(&after, "xx-2023-cs-1");
    assert_eq!(cs["pending"].as_u64(), Some(pending_before + 1));
    assert_eq!(
        (cs["quota"].as_u64(), cs["appointed"].as_u64()),
        (Some(2), Some(0))
    );
    assert!(
        after["classes"]
            .as_array()
            .is_some_and(|a| a.iter().all(|r| r["college"] == "xx")),
        "scoped to the counselor"
    );
    let (_, rev) = ok_rev(c.decide(&c.counselor, &id, rev, "approve", "").await?).await?;
    let (_, rev) = ok_rev(c.decide(&c.dean, &id, rev, "approve", "").await?).await?;
    ok_rev(c.decide(&c.office, &id, rev, "approve", "").await?).await?;
    let done = json(
        c.office
            .get(c.app.api("/nominations/summary?campaign_id=2027"))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(
        row(&done, "xx-2023-cs-1")["appointed_names"],
        json!(["王子涵"])
    );
    assert_eq!(
        c.student
            .get(c.app.api("/nominations/summary?campaign_id=2027"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let missing = c
        .office
        .get(c.app.api("/nominations/summary"))
        .send()
        .await?;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert!(
        json(missing).await?["error"]["message"].is_string(),
        "a JSON error body"
    );
    Ok(())
}

#[tokio::test]
async fn bulk_approval_shares_one_opinion_and_reports_each_item() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let mut items = Vec::new();
    for user in ["2023110105", "2023110106"] {
        let s = c.app.login_as(user).await?;
        let id = json(c.create(&s, &form()).await?).await?["nomination"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let (_, rev) = ok_rev(
            s.post(c.app.api(&format!("/nominations/{id}/submit")))
                .send()
                .await?,
        )
        .await?;
        items.push(json!({"id": id, "rev": rev}));
    }
    items.push(json!({"id": items[0]["id"], "rev": 1}));
    let res = c
        .counselor
        .post(c.app.api("/nominations/bulk-decision"))
        .json(&json!({"items": items, "opinion": "同意推荐"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let body = json(res).await?;
    assert_eq!(body["approved"], 2);
    assert_eq!(
        body["results"][2]["ok"], false,
        "the stale duplicate is refused"
    );
    let msg = body["results"][2]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(msg.contains("已被他人修改"), "{msg}");
    let id = items[1]["id"].as_str().unwrap_or_default();
    let n = json(
        c.dean
            .get(c.app.api(&format!("/nominations/{id}")))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(n["nomination"]["state"], "pending_college");
    assert_eq!(n["nomination"]["history"][2]["opinion"], "同意推荐");
    let student = c
        .student
        .post(c.app.api("/nominations/bulk-decision"))
        .json(&json!({"items": [], "opinion": ""}))
        .send()
        .await?;
    assert_eq!(student.status(), StatusCode::FORBIDDEN);
    Ok(())
}

#[tokio::test]
async fn appointment_makes_a_liaison_with_a_certificate_and_a_public_entry() -> anyhow::Result<()> {
    let c = Chain::new().await?;
    let (id, rev) = c.submitted().await?;
    let (_, rev) = ok_rev(c.decide(&c.counselor, &id, rev, "approve", "").await?).await?;
    let (_, rev) = ok_rev(c.decide(&c.dean, &id, rev, "approve", "").await?).await?;
    // The public list is kept in memory: read it empty before the appointment.
    let before = json(reqwest::get(c.app.api("/public/liaisons")).await?).await?;
    assert_eq!(before["liaisons"].as_array().map(Vec::len), Some(0));
    ok_rev(c.decide(&c.office, &id, rev, "approve", "").await?).await?;

    let list = json(c.office.get(c.app.api("/liaisons")).send().await?).await?;
    let l = &list["liaisons"][0];
    assert_eq!(l["certificate_no"], "2027-XX-0001");
    assert_eq!(
        (l["name"].as_str(), l["status"].as_str()),
        (Some("王子涵"), Some("active"))
    );
    let (start, end) = (
        l["term_start"].as_str().unwrap_or_default(),
        l["term_end"].as_str().unwrap_or_default(),
    );
    assert_eq!(end.get(4..), start.get(4..), "the same day");
    let years = |d: &str| {
        d.get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or_default()
    };
    assert_eq!(years(end) - years(start), 3, "a three-year term");
    let other = c.app.login_as("counselor.jg").await?;
    let theirs = json(other.get(c.app.api("/liaisons")).send().await?).await?;
    assert_eq!(
        theirs["liaisons"].as_array().map(Vec::len),
        Some(0),
        "scoped"
    );

    let me = json(c.student.get(c.app.api("/me")).send().await?).await?;
    assert_eq!(me["user"]["is_liaison"], true);

    let public = reqwest::get(c.app.api("/public/liaisons")).await?;
    assert_eq!(public.status(), StatusCode::OK);
    let text = public.text().await?;
    let body: Value = serde_json::from_str(&text)?;
    assert_eq!(
        body["liaisons"][0]["display_name"],
        "2023级计算机科学与技术1班"
    );
    for secret in ["13812345678", "wzh_2005", "phone", "wechat", "certificate"] {
        assert!(
            !text.contains(secret),
            "the public list shows {secret}: {text}"
        );
    }
    Ok(())
}

/// A form is checked on create as on every edit: at most 16 KB, and for a
/// campaign of the student's own cohort (届).
#[tokio::test]
async fn a_create_is_bounded_and_for_the_students_own_cohort() -> anyhow::Result<()> {
    let chain = Chain::new().await?;
    let app = &chain.app;
    let mut big = form();
    big["profile"] = json!("很".repeat(6000));
    let res = chain.create(&chain.student, &big).await?;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let res = chain
        .office
        .post(app.api("/campaigns"))
        .json(&json!({"cohort": 2028, "nomination_opens": "2028-03-01",
            "nomination_closes": "2028-04-30", "materials_deadline": "2028-06-15"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let other = json(res).await?["campaign"]["id"].clone();
    let mut wrong = form();
    wrong["campaign_id"] = other;
    let res = chain.create(&chain.student, &wrong).await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let msg = json(res).await?["error"]["fields"]["campaign_id"].clone();
    assert!(msg.to_string().contains("2027 届"), "{msg}");
    assert!(
        app.nomination_of("2023110101").is_err(),
        "nothing was stored"
    );
    Ok(())
}
