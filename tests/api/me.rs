//! `/me`: profile updates with revisions and idempotency keys, password change.

use reqwest::StatusCode;
use serde_json::json;
use tests::{DEMO_PASSWORD, TestApp, json};

#[tokio::test]
async fn an_update_without_if_match_gets_428() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("2023110101").await?;
    let res = c
        .patch(app.api("/me"))
        .json(&json!({"phone": "13812345678"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(json(res).await?["error"]["code"], "precondition_required");
    Ok(())
}

#[tokio::test]
async fn an_update_on_the_current_revision_is_saved_and_bumps_it() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("2023110101").await?;
    let me = c.get(app.api("/me")).send().await?;
    assert_eq!(
        me.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some("\"1\"")
    );
    let res = c
        .patch(app.api("/me"))
        .header("if-match", "\"1\"")
        .json(&json!({"phone": "１３８-1234-5678", "email": "Zhang@Example.com"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some("\"2\"")
    );
    let body = json(res).await?;
    assert_eq!(
        body["user"]["phone"], "13812345678",
        "normalised by the shared rule"
    );
    assert_eq!(body["user"]["email"], "zhang@example.com");
    assert_eq!(body["user"]["rev"], 2);
    let stored = app
        .store
        .user_by_username("2023110101")?
        .map(|u| (u.rev, u.phone));
    assert_eq!(stored, Some((2, Some("13812345678".into()))));
    assert!(
        app.store
            .audit_log()?
            .iter()
            .any(|e| e.action == "profile.update")
    );
    Ok(())
}

#[tokio::test]
async fn a_stale_update_gets_412_with_the_current_record() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("2023110101").await?;
    let ok = c
        .patch(app.api("/me"))
        .header("if-match", "\"1\"")
        .json(&json!({"phone": "13812345678"}))
        .send()
        .await?;
    assert_eq!(ok.status(), StatusCode::OK);
    let stale = c
        .patch(app.api("/me"))
        .header("if-match", "\"1\"")
        .json(&json!({"phone": "13900000000"}))
        .send()
        .await?;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let body = json(stale).await?;
    assert_eq!(body["error"]["code"], "stale_revision");
    assert_eq!(body["current"]["user"]["phone"], "13812345678");
    assert_eq!(body["current"]["user"]["rev"], 2);
    Ok(())
}

#[tokio::test]
async fn invalid_fields_get_422_with_per_field_messages_and_nothing_changes() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let c = app.login_as("2023110101").await?;
    let res = c
        .patch(app.api("/me"))
        .header("if-match", "\"1\"")
        .json(&json!({"phone": "12345", "email": "not-an-email"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await?;
    assert_eq!(body["error"]["fields"]["phone"], "手机号应为11位数字");
    assert!(
        body["error"]["fields"]["email"]
            .as_str()
            .is_some_and(|m| m.contains("邮箱"))
    );
    assert_eq!(
        app.store.user_by_username("2023110101")?.map(|u| u.rev),
        Some(1)
    );
    Ok(())
}

#[tokio::test]
async fn a_replayed_idempotency_key_returns_the_original_result() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let send = |body: serde_json::Value| {
        c.patch(app.api("/me"))
            .header("if-match", "*")
            .header("idempotency-key", "3f0c8c1e-retry-1")
            .json(&body)
            .send()
    };
    let first = json(send(json!({"phone": "13812345678"})).await?).await?;
    let again = send(json!({"phone": "13812345678"})).await?;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(json(again).await?, first);
    assert_eq!(
        app.store.user_by_username("counselor.xx")?.map(|u| u.rev),
        Some(2),
        "applied once"
    );
    let other = send(json!({"phone": "13900000000"})).await?;
    assert_eq!(other.status(), StatusCode::CONFLICT);
    Ok(())
}

#[tokio::test]
async fn changing_the_password_checks_the_old_one_and_the_rules() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("dean.jg").await?;
    let bad = c
        .post(app.api("/me/password"))
        .json(&json!({"current_password": "wrong", "new_password": "short"}))
        .send()
        .await?;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = json(bad).await?;
    assert_eq!(bad["error"]["fields"]["current_password"], "当前密码不正确");
    assert_eq!(bad["error"]["fields"]["new_password"], "密码至少8位");
    let ok = c
        .post(app.api("/me/password"))
        .json(&json!({"current_password": DEMO_PASSWORD, "new_password": "new-pass-2025"}))
        .send()
        .await?;
    assert_eq!(ok.status(), StatusCode::OK);
    let fresh = app.client()?;
    assert_eq!(
        app.login(&fresh, "dean.jg", DEMO_PASSWORD).await?.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&fresh, "dean.jg", "new-pass-2025")
            .await?
            .status(),
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_concurrent_durable_updates_all_complete() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("office").await?;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let c = c.clone();
        let url = app.api("/me");
        tasks.push(tokio::spawn(async move {
            let mut ok = 0;
            for j in 0..5 {
                let res = c
                    .patch(&url)
                    .header("if-match", "*")
                    .json(&json!({"email": format!("w{i}x{j}@example.com")}))
                    .send()
                    .await?;
                ok += u32::from(res.status() == StatusCode::OK);
            }
            anyhow::Ok(ok)
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += tokio::time::timeout(std::time::Duration::from_secs(60), t).await???;
    }
    assert_eq!(total, 64 * 5);
    assert_eq!(
        app.store.user_by_username("office")?.map(|u| u.rev),
        Some(1 + 64 * 5)
    );
    Ok(())
}
