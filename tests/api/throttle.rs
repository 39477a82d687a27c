//! Login throttling under concurrency (docs/SECURITY.md, "Guessing"):
//! guesses sent at the same moment meet the limits that guesses sent one
//! by one meet, before any hashing.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use tests::{DEMO_PASSWORD, TestApp, json};

/// Starts a login in the background; its status when it ends.
fn login_later(
    app: &TestApp,
    username: &str,
    password: &str,
    forwarded: Option<&str>,
) -> anyhow::Result<tokio::task::JoinHandle<anyhow::Result<(StatusCode, String)>>> {
    let mut req = app
        .client()?
        .post(app.api("/session"))
        .json(&json!({ "username": username, "password": password }));
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    Ok(tokio::spawn(async move {
        let res = req.send().await?;
        let status = res.status();
        let body = json(res).await?;
        Ok((
            status,
            body["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        ))
    }))
}

#[tokio::test]
async fn parallel_guesses_at_one_account_are_held_to_five_and_the_lock_holds() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    // Every hasher busy: before the fix, all 39 guesses and the right
    // password queued past the lock check and were all checked.
    let hold = app.hold_hashers().await?;
    let mut wrong = Vec::new();
    for i in 0..39 {
        wrong.push(login_later(
            &app,
            "counselor.xx",
            &format!("guess-{i}"),
            None,
        )?);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let right = login_later(&app, "counselor.xx", DEMO_PASSWORD, None)?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(hold);
    let (status, message) = right.await??;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password sent among 39 guesses: {message}"
    );
    let mut hashed = 0;
    for w in wrong {
        let (status, message) = w.await??;
        match status {
            StatusCode::UNAUTHORIZED => hashed += 1,
            StatusCode::TOO_MANY_REQUESTS if message.contains("锁定") => hashed += 1,
            StatusCode::TOO_MANY_REQUESTS => assert!(message.contains("正在尝试"), "{message}"),
            other => panic!("a guess answered {other}: {message}"),
        }
    }
    assert_eq!(hashed, 5, "exactly five guesses were checked");
    // The lock those five set holds for the right password too.
    let c = app.client()?;
    let again = app.login(&c, "counselor.xx", DEMO_PASSWORD).await?;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(15 * 60 + 1);
    assert_eq!(
        app.login(&c, "counselor.xx", DEMO_PASSWORD).await?.status(),
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test]
async fn an_address_past_its_limit_is_refused_before_hashing_until_its_window_ends()
-> anyhow::Result<()> {
    let app = TestApp::spawn_with(|c| {
        c.ip_failure_limit = 6;
        c.trusted_proxies = vec!["127.0.0.0/8".parse().expect("cidr")];
    })
    .await?;
    let hold = app.hold_hashers().await?;
    // Twenty guesses at once over twenty accounts, from one address.
    let mut spray = Vec::new();
    for i in 1..=20 {
        let name = format!("20231101{i:02}");
        spray.push(login_later(
            &app,
            &name,
            "spray-guess-1",
            Some("203.0.113.5"),
        )?);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(hold);
    let mut hashed = 0;
    for s in spray {
        let (status, message) = s.await??;
        if status == StatusCode::UNAUTHORIZED {
            hashed += 1;
        } else {
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{message}");
            assert!(message.contains("此网络"), "{message}");
        }
    }
    assert!(
        hashed <= 6,
        "{hashed} guesses were checked past a limit of 6"
    );
    // Cooling off: the right password from that address is refused too,
    // while another address signs in.
    let (status, message) =
        login_later(&app, "office", DEMO_PASSWORD, Some("203.0.113.5"))?.await??;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{message}");
    let (other, _) = login_later(&app, "office", DEMO_PASSWORD, Some("203.0.113.6"))?.await??;
    assert_eq!(other, StatusCode::OK);
    app.clock.advance(15 * 60 + 1);
    let (after, _) = login_later(&app, "office", DEMO_PASSWORD, Some("203.0.113.5"))?.await??;
    assert_eq!(after, StatusCode::OK, "the window is over");
    Ok(())
}

#[tokio::test]
async fn right_passwords_in_flight_from_one_address_do_not_use_its_failure_limit()
-> anyhow::Result<()> {
    let app = TestApp::spawn_with(|c| {
        c.ip_failure_limit = 6;
        c.trusted_proxies = vec!["127.0.0.0/8".parse().expect("cidr")];
    })
    .await?;
    let nat = Some("203.0.113.9");
    // Five mistyped passwords from the campus address, one by one.
    for i in 1..=5 {
        let name = format!("20231101{i:02}");
        let (status, _) = login_later(&app, &name, "mistyped-1", nat)?.await??;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Then four people sign in at the same moment from it: one failure of
    // room is left, but their attempts are not failures.
    let hold = app.hold_hashers().await?;
    let mut crowd = Vec::new();
    for name in ["office", "dean.xx", "dean.jg", "counselor.xx"] {
        crowd.push(login_later(&app, name, DEMO_PASSWORD, nat)?);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(hold);
    for c in crowd {
        let (status, message) = c.await??;
        assert_eq!(status, StatusCode::OK, "{message}");
    }
    Ok(())
}

#[tokio::test]
async fn junk_usernames_are_refused_unhashed_and_failures_expire_with_the_sweep()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.client()?;
    // Every hasher held: a junk name must answer without one.
    let hold = app.hold_hashers().await?;
    let junk = "巨".repeat(30_000);
    let res =
        tokio::time::timeout(Duration::from_secs(3), app.login(&c, &junk, "whatever-1")).await??;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(res).await?["error"]["message"], "用户名或密码错误");
    drop(hold);
    assert_eq!(
        app.store.failures(&junk)?,
        Default::default(),
        "junk is not stored"
    );
    assert_eq!(
        app.store.failures(&junk.to_lowercase())?,
        Default::default()
    );
    // A well-formed unknown name is counted (so it answers like a real
    // one), and forgotten once its window is over.
    app.login(&c, "ghost.user", "wrong-1").await?;
    assert_eq!(app.store.failures("ghost.user")?.count, 1);
    app.sweep()?;
    assert_eq!(
        app.store.failures("ghost.user")?.count,
        1,
        "still in its window"
    );
    app.clock.advance(15 * 60 + 1);
    app.sweep()?;
    assert_eq!(app.store.failures("ghost.user")?, Default::default());
    Ok(())
}

#[tokio::test]
async fn a_password_change_ends_other_sessions_and_wrong_current_passwords_lock()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let here = app.login_as("dean.xx").await?;
    let elsewhere = app.login_as("dean.xx").await?;
    let change = |current: &str, new: &str| {
        here.post(app.api("/me/password"))
            .json(&json!({ "current_password": current, "new_password": new }))
            .send()
    };
    let ok = change(DEMO_PASSWORD, "a-new-pass-2027").await?;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(
        here.get(app.api("/me")).send().await?.status(),
        StatusCode::OK
    );
    assert_eq!(
        elsewhere.get(app.api("/me")).send().await?.status(),
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    // Guessing the current password through a stolen session counts like
    // guessing at the login: the fifth wrong one locks the account.
    for i in 1..=4 {
        let res = change(&format!("guess-{i}"), "another-pass-2027").await?;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "guess {i}");
    }
    let fifth = change("guess-5", "another-pass-2027").await?;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    let right = change("a-new-pass-2027", "another-pass-2027").await?;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS, "locked");
    let c = app.client()?;
    assert_eq!(
        app.login(&c, "dean.xx", "a-new-pass-2027").await?.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    Ok(())
}
