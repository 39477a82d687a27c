//! Logging in and out, lockout, per-IP limits and session timeouts.

use reqwest::StatusCode;
use serde_json::json;
use tests::{DEMO_ACCOUNTS, DEMO_PASSWORD, TestApp, json, session_cookie};

#[tokio::test]
async fn health_answers_ok() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let res = reqwest::get(app.api("/health")).await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await?, json!({"status": "ok"}));
    Ok(())
}

#[tokio::test]
async fn every_demo_account_logs_in_and_sees_itself() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for (username, role) in DEMO_ACCOUNTS {
        let client = app.client()?;
        let res = app.login(&client, username, DEMO_PASSWORD).await?;
        assert_eq!(res.status(), StatusCode::OK, "{username}");
        let cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        assert_eq!(json(res).await?["user"]["role"], role, "{username}");
        let me = json(client.get(app.api("/me")).send().await?).await?;
        assert_eq!(me["user"]["username"], username);
        assert_eq!(me["user"]["role"], role);
    }
    Ok(())
}

#[tokio::test]
async fn scopes_are_named_for_each_role() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let me = |c: reqwest::Client| {
        let url = app.api("/me");
        async move { json(c.get(url).send().await?).await }
    };
    let student = me(app.login_as("2023110101").await?).await?;
    assert_eq!(student["user"]["college"], "xx");
    assert_eq!(
        student["user"]["class_names"],
        json!(["2023级计算机科学与技术1班"])
    );
    let dean = me(app.login_as("dean.jg").await?).await?;
    assert_eq!(dean["user"]["college_name"], "经济管理学院");
    let counselor = me(app.login_as("counselor.xx").await?).await?;
    assert_eq!(
        counselor["user"]["classes"].as_array().map(Vec::len),
        Some(2)
    );
    let office = me(app.login_as("office").await?).await?;
    assert_eq!(office["user"]["is_director"], true);
    Ok(())
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.client()?;
    let wrong = app.login(&c, "dean.xx", "not-the-password").await?;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(session_cookie(&wrong).is_none());
    let wrong = json(wrong).await?;
    let unknown = app.login(&c, "nobody.here", "not-the-password").await?;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(unknown).await?, wrong);
    assert_eq!(wrong["error"]["code"], "unauthorized");
    assert_eq!(wrong["error"]["message"], "用户名或密码错误");
    Ok(())
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.client()?;
    for i in 1..=4 {
        let res = app.login(&c, "counselor.xx", "wrong").await?;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "failure {i}");
    }
    let fifth = app.login(&c, "counselor.xx", "wrong").await?;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(fifth.headers().contains_key("retry-after"));
    // Locked: even the right password is refused, with a message saying why.
    let right = app.login(&c, "counselor.xx", DEMO_PASSWORD).await?;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = json(right).await?;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("锁定"),
        "{body}"
    );
    // Another account is not affected.
    assert_eq!(
        app.login(&c, "counselor.jg", DEMO_PASSWORD).await?.status(),
        StatusCode::OK
    );
    app.clock.advance(15 * 60 + 1);
    assert_eq!(
        app.login(&c, "counselor.xx", DEMO_PASSWORD).await?.status(),
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test]
async fn unknown_usernames_lock_like_real_ones() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.client()?;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            app.login(&c, "ghost.user", "wrong")
                .await?
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429]);
    Ok(())
}

#[tokio::test]
async fn a_campus_behind_one_address_is_not_limited_by_normal_use() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.client()?;
    // 30 mistypes over 30 accounts in one window, all from one address
    // (the limit is throttle's test), and many right logins: none is
    // refused, and right logins are never counted.
    for i in 0..30 {
        let res = app
            .login(&c, &format!("20231101{:02}", i % 30 + 1), "wrong")
            .await?;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "failure {i}");
    }
    for _ in 0..20 {
        assert_eq!(
            app.login(&c, "office", DEMO_PASSWORD).await?.status(),
            StatusCode::OK
        );
    }
    assert_eq!(
        app.login(&c, "2023210102", DEMO_PASSWORD).await?.status(),
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test]
async fn logout_invalidates_the_cookie() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.client()?;
    let res = app.login(&c, "office", DEMO_PASSWORD).await?;
    let token = session_cookie(&res).unwrap_or_default();
    assert!(!token.is_empty());
    let out = c.delete(app.api("/session")).send().await?;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    // Replaying the old cookie by hand does not work any more.
    let replay = reqwest::Client::new()
        .get(app.api("/me"))
        .header("cookie", format!("liaison_session={token}"))
        .send()
        .await?;
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(replay).await?["error"]["code"], "unauthorized");
    Ok(())
}

#[tokio::test]
async fn logging_in_again_rotates_the_session() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.client()?;
    let first = session_cookie(&app.login(&c, "dean.xx", DEMO_PASSWORD).await?).unwrap_or_default();
    let second =
        session_cookie(&app.login(&c, "dean.xx", DEMO_PASSWORD).await?).unwrap_or_default();
    assert_ne!(first, second);
    let old = reqwest::Client::new()
        .get(app.api("/me"))
        .header("cookie", format!("liaison_session={first}"))
        .send()
        .await?;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(c.get(app.api("/me")).send().await?.status(), StatusCode::OK);
    Ok(())
}

#[tokio::test]
async fn a_session_idle_for_thirty_minutes_expires() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("2023110101").await?;
    app.clock.advance(29 * 60);
    assert_eq!(c.get(app.api("/me")).send().await?.status(), StatusCode::OK);
    app.clock.advance(29 * 60);
    assert_eq!(
        c.get(app.api("/me")).send().await?.status(),
        StatusCode::OK,
        "activity keeps it alive"
    );
    app.clock.advance(31 * 60);
    let res = c.get(app.api("/me")).send().await?;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        json(res).await?["error"]["message"],
        "登录已过期，请重新登录"
    );
    Ok(())
}

#[tokio::test]
async fn an_active_session_still_ends_after_twelve_hours() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("office").await?;
    for _ in 0..(12 * 60 / 20) {
        app.clock.advance(20 * 60);
        let status = c.get(app.api("/me")).send().await?.status();
        if status != StatusCode::OK {
            break;
        }
    }
    app.clock.advance(20 * 60);
    assert_eq!(
        c.get(app.api("/me")).send().await?.status(),
        StatusCode::UNAUTHORIZED
    );
    Ok(())
}

#[tokio::test]
async fn me_without_a_session_is_401_with_the_error_body() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let res = reqwest::get(app.api("/me")).await?;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body = json(res).await?;
    assert_eq!(body["error"]["code"], "unauthorized");
    assert_eq!(body["error"]["message"], "请先登录");
    Ok(())
}

#[tokio::test]
async fn bad_json_gets_the_json_error_body() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = reqwest::Client::new();
    let res = c
        .post(app.api("/session"))
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = json(res).await?;
    assert_eq!(body["error"]["code"], "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("JSON"))
    );

    let wrong_type = c
        .post(app.api("/session"))
        .body("username=a")
        .send()
        .await?;
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        json(wrong_type).await?["error"]["code"],
        "unsupported_media_type"
    );

    let missing = c
        .post(app.api("/session"))
        .json(&json!({"username": "office"}))
        .send()
        .await?;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert!(json(missing).await?["error"]["message"].is_string());

    let empty = c
        .post(app.api("/session"))
        .json(&json!({"username": "", "password": ""}))
        .send()
        .await?;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let empty = json(empty).await?;
    assert_eq!(
        empty["error"]["fields"]["username"],
        "请输入用户名（学号或工号）"
    );
    assert_eq!(empty["error"]["fields"]["password"], "请输入密码");
    Ok(())
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let big = "x".repeat(server::MAX_JSON_BYTES + 10);
    let res = reqwest::Client::new()
        .post(app.api("/session"))
        .json(&json!({"username": "office", "password": big}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(res).await?["error"]["code"], "payload_too_large");
    Ok(())
}

#[tokio::test]
async fn a_cross_site_write_is_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let res = reqwest::Client::new()
        .post(app.api("/session"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"username": "office", "password": DEMO_PASSWORD}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&res).is_none());
    Ok(())
}

#[tokio::test]
async fn logins_and_logouts_are_audited_without_secrets() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("dean.xx").await?;
    c.delete(app.api("/session")).send().await?;
    let log = app.store.audit_log()?;
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"session.login") && actions.contains(&"session.logout"));
    let text = serde_json::to_string(&log)?;
    assert!(
        !text.contains(DEMO_PASSWORD),
        "the audit log holds a password"
    );
    Ok(())
}

/// Wrong logins (each under another name, so no account locks) from the
/// client `X-Forwarded-For` names; the last answer.
async fn failures_from(
    app: &TestApp,
    forwarded: &str,
    n: usize,
    tag: &str,
) -> anyhow::Result<StatusCode> {
    let c = app.client()?;
    let mut last = StatusCode::OK;
    for i in 0..n {
        last = c
            .post(app.api("/session"))
            .header("x-forwarded-for", forwarded)
            .json(&json!({"username": format!("nobody-{tag}-{i}"), "password": "wrong-pass-1"}))
            .send()
            .await?
            .status();
    }
    Ok(last)
}

/// The session cookie of a login the client says came over HTTPS.
async fn cookie_over_https(app: &TestApp) -> anyhow::Result<String> {
    let res = app
        .client()?
        .post(app.api("/session"))
        .header("x-forwarded-proto", "https")
        .json(&json!({"username": "office", "password": DEMO_PASSWORD}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    Ok(res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_a_trusted_proxy() -> anyhow::Result<()> {
    // Behind the proxy (127.0.0.1 here): each client is limited on its own.
    let app = TestApp::spawn_with(|c| {
        c.ip_failure_limit = 3;
        c.trusted_proxies = vec!["127.0.0.0/8".parse().expect("cidr")];
    })
    .await?;
    assert_eq!(
        failures_from(&app, "203.0.113.7", 4, "a").await?,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        failures_from(&app, "203.0.113.8", 1, "b").await?,
        StatusCode::UNAUTHORIZED,
        "another client behind the same proxy is not limited"
    );
    // A client that forges the header is still known by what the proxy appended.
    assert_eq!(
        failures_from(&app, "198.51.100.1, 203.0.113.7", 1, "c").await?,
        StatusCode::TOO_MANY_REQUESTS,
        "a forged left-hand address is ignored"
    );
    // HTTPS at the proxy makes the cookie Secure.
    let cookie = cookie_over_https(&app).await?;
    assert!(cookie.contains("Secure"), "{cookie}");

    // Without LIAISON_TRUSTED_PROXY the header means nothing: everybody is
    // the connection's address, and the cookie is not Secure.
    let plain = TestApp::spawn_with(|c| c.ip_failure_limit = 3).await?;
    assert_eq!(
        failures_from(&plain, "203.0.113.7", 3, "d").await?,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        failures_from(&plain, "203.0.113.8", 1, "e").await?,
        StatusCode::TOO_MANY_REQUESTS,
        "a spoofed header from an untrusted peer is ignored"
    );
    // (The address is cooling off now, right password or not: wait it out.)
    plain.clock.advance(15 * 60 + 1);
    let cookie = cookie_over_https(&plain).await?;
    assert!(!cookie.is_empty() && !cookie.contains("Secure"), "{cookie}");
    Ok(())
}

/// Behind HTTPS the cookie is `__Host-` (Secure, this host only, every
/// path), and a cookie of the plain name — as a sibling subdomain could set
/// for the whole domain — is not read.
#[tokio::test]
async fn behind_https_only_a_host_cookie_is_a_session() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|c| c.secure_cookie = true).await?;
    let res = reqwest::Client::new()
        .post(app.api("/session"))
        .json(&json!({"username": "office", "password": DEMO_PASSWORD}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let set = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let token = set
        .strip_prefix("__Host-liaison_session=")
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_owned();
    assert!(
        !token.is_empty() && set.contains("Secure") && set.contains("Path=/"),
        "{set}"
    );
    let me = |cookie: String| {
        reqwest::Client::new()
            .get(app.api("/me"))
            .header("cookie", cookie)
            .send()
    };
    assert_eq!(
        me(format!("liaison_session={token}")).await?.status(),
        StatusCode::UNAUTHORIZED,
        "the plain name is not read behind HTTPS"
    );
    assert_eq!(
        me(format!(
            "liaison_session=tossed; __Host-liaison_session={token}"
        ))
        .await?
        .status(),
        StatusCode::OK
    );
    Ok(())
}
