//! Campus sign-in (统一身份认证) against a real CAS server (django-cas-server
//! on loopback): the portal proves who, the roster says what; the ticket is
//! validated once, server to server; the return is bound to the browser
//! that began the sign-in and goes to a local path only; the portal's
//! single logout ends our session; a portal that is down is told in
//! Chinese within seconds, and passwords keep working where allowed.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::json;
use tests::{
    DEMO_PASSWORD, TestApp,
    idp::{
        browser,
        cas::{CasServer, PORTAL_PASSWORD, UNKNOWN_NUMBER},
        location,
    },
    json,
};

/// Begins at our login route; gives where the portal sends the browser
/// back (our return address with a ticket).
async fn to_portal_and_back(
    app: &TestApp,
    cas: &CasServer,
    c: &Client,
    next: &str,
    username: &str,
) -> anyhow::Result<String> {
    let res = c
        .get(app.api(&format!("/auth/cas/login?next={next}")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let login = location(&res);
    assert!(
        login.starts_with(&format!("{}/login?service=", cas.url)),
        "{login}"
    );
    cas.sign_in(c, &login, username, PORTAL_PASSWORD).await
}

async fn app_with(cas: &CasServer) -> anyhow::Result<TestApp> {
    let settings = cas.settings();
    TestApp::spawn_with(move |c| c.campus = Some(settings)).await
}

fn logins(app: &TestApp, action: &str) -> anyhow::Result<usize> {
    Ok(app
        .store
        .audit_log()?
        .iter()
        .filter(|a| a.action == action)
        .count())
}

#[tokio::test]
async fn a_student_signs_in_through_the_portal_and_a_replayed_ticket_is_refused()
-> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    let options = json(reqwest::get(app.api("/auth/providers")).await?).await?;
    assert_eq!(
        options["providers"],
        json!([{"provider": "cas", "name": "统一身份认证", "href": "/api/v1/auth/cas/login"}])
    );

    let c = browser()?;
    let back = to_portal_and_back(&app, &cas, &c, "/nominations", "2023110101").await?;
    let service = app.api("/auth/cas/callback");
    assert!(back.starts_with(&format!("{service}?ticket=ST-")), "{back}");
    let res = c.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/nominations");
    let me = json(c.get(app.api("/me")).send().await?).await?;
    assert_eq!(me["user"]["username"], "2023110101");
    assert_eq!(me["user"]["role"], "student");
    let entry = app
        .store
        .audit_log()?
        .into_iter()
        .rfind(|a| a.action == "session.login")
        .expect("audited");
    assert_eq!(entry.detail["provider"], "cas");

    // The same ticket again, even from a sign-in this browser began: the
    // portal validates a ticket once.
    let again = c.get(app.api("/auth/cas/login")).send().await?;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let before = logins(&app, "session.login")?;
    let replay = c.get(&back).send().await?;
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    let page = replay.text().await?;
    assert!(page.contains("data-code=\"ticket_refused\""), "{page}");
    assert!(page.contains("登录未完成"), "{page}");
    assert_eq!(logins(&app, "session.login")?, before);
    Ok(())
}

#[tokio::test]
async fn a_return_this_browser_did_not_begin_signs_nobody_in_and_next_stays_local()
-> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    // Someone's own ticket, sent to another browser (login CSRF): that
    // browser has no sign-in under way.
    let attacker = browser()?;
    let back = to_portal_and_back(&app, &cas, &attacker, "/", "2023210101").await?;
    let victim = browser()?;
    let res = victim.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await?.contains("data-code=\"no_flow\""));
    let me = victim.get(app.api("/me")).send().await?;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);

    // The return address is a local path only.
    for next in [
        "//evil.example.com/x",
        "https://evil.example.com",
        "/%5Cevil.example.com",
    ] {
        let c = browser()?;
        let back = to_portal_and_back(&app, &cas, &c, next, "2023110101").await?;
        let res = c.get(&back).send().await?;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(location(&res), "/", "{next}");
    }
    Ok(())
}

#[tokio::test]
async fn an_unknown_number_gets_a_chinese_page_and_is_audited() -> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    let users = app.store.users()?.len();
    let c = browser()?;
    let back = to_portal_and_back(&app, &cas, &c, "/", UNKNOWN_NUMBER).await?;
    let res = c.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"))
    );
    let page = res.text().await?;
    for words in [
        "未找到您的账号",
        UNKNOWN_NUMBER,
        "辅导员",
        "校友办",
        "返回登录页",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert_eq!(
        c.get(app.api("/me")).send().await?.status(),
        StatusCode::UNAUTHORIZED
    );
    // No account was made from the portal alone; the attempt is audited.
    assert_eq!(app.store.users()?.len(), users);
    let entry = app
        .store
        .audit_log()?
        .into_iter()
        .rfind(|a| a.action == "session.portal_unknown")
        .expect("audited");
    assert_eq!(entry.target, UNKNOWN_NUMBER);
    assert_eq!(entry.detail["name"], "周校友");
    Ok(())
}

#[tokio::test]
async fn the_portals_single_logout_ends_our_session() -> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    let c = browser()?;
    let back = to_portal_and_back(&app, &cas, &c, "/", "counselor.xx").await?;
    assert_eq!(c.get(&back).send().await?.status(), StatusCode::SEE_OTHER);
    assert_eq!(c.get(app.api("/me")).send().await?.status(), StatusCode::OK);
    // Another session of the same person, by password, is not the portal's.
    let other = app.login_as("counselor.xx").await;
    cas.sign_out(&c).await?;
    let start = Instant::now();
    loop {
        let status = c.get(app.api("/me")).send().await?.status();
        if status == StatusCode::UNAUTHORIZED {
            break;
        }
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(10),
            "still signed in after the portal's logout: {status}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ended = app
        .store
        .audit_log()?
        .into_iter()
        .rfind(|a| a.action == "session.logout")
        .expect("audited");
    assert_eq!(ended.detail["single_logout"], true);
    // Counselors may not use a password with the portal on (default), so
    // there was no other session to keep.
    assert!(other.is_err());
    Ok(())
}

#[tokio::test]
async fn a_portal_that_is_down_or_slow_is_told_in_seconds_and_passwords_still_work()
-> anyhow::Result<()> {
    // Down: nothing listens. Slow: a listener that never answers.
    let down = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let slow = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let slow_addr = slow.local_addr()?;
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((s, _)) = slow.accept().await {
            open.push(s);
        }
    });
    for addr in [down, slow_addr] {
        let mut settings = domain::campus::CampusSettings::default();
        settings.cas.enabled = true;
        settings.cas.version = 3;
        settings.cas.server_url = format!("http://{addr}/cas");
        let app = TestApp::spawn_with(move |c| {
            c.campus = Some(settings);
            c.campus_timeout = Duration::from_secs(2);
        })
        .await?;
        // The button leads to our page, not to the browser's error.
        let c = browser()?;
        let start = Instant::now();
        let res = c.get(app.api("/auth/cas/login")).send().await?;
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{addr}: {:?}",
            start.elapsed()
        );
        assert_eq!(res.status(), StatusCode::BAD_GATEWAY, "{addr}");
        let page = res.text().await?;
        assert!(page.contains("统一身份认证暂时无法连接"), "{page}");
        assert!(page.contains("密码登录"), "{page}");
        // The admin still signs in with a password.
        let admin = app.client()?;
        let res = app.login(&admin, "admin", DEMO_PASSWORD).await?;
        assert_eq!(res.status(), StatusCode::OK, "{addr}");
    }
    held.abort();

    // Down between the sign-in and the return: the ticket cannot be
    // validated, and that is said the same way.
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    let c = browser()?;
    let back = to_portal_and_back(&app, &cas, &c, "/", "2023110101").await?;
    drop(cas);
    let start = Instant::now();
    let res = c.get(&back).send().await?;
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    assert!(res.text().await?.contains("统一身份认证暂时无法连接"));
    Ok(())
}

#[tokio::test]
async fn password_login_follows_the_admins_choice_per_role() -> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let app = app_with(&cas).await?;
    // Default: students and staff through the portal; the admin and
    // liaisons may use a password.
    for who in ["2023210101", "counselor.jg", "dean.jg", "office"] {
        let res = app.login(&app.client()?, who, DEMO_PASSWORD).await?;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
        let body = json(res).await?;
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("统一身份认证登录")),
            "{body}"
        );
    }
    let admin = app.login_as("admin").await?;

    // The admin lets deans and the office use a password; the secret is
    // never shown back.
    let view = json(admin.get(app.api("/admin/campus")).send().await?).await?;
    assert_eq!(view["settings"]["cas"]["enabled"], true);
    assert_eq!(view["cas_service"], json!(app.api("/auth/cas/callback")));
    let mut settings = view["settings"].clone();
    settings["passwords"]["dean"] = json!(true);
    settings["passwords"]["office"] = json!(true);
    settings["oidc"]["client_secret"] = json!("s3cret-of-the-it-centre");
    let res = admin
        .put(app.api("/admin/campus"))
        .json(&settings)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let saved = json(res).await?;
    assert_eq!(saved["settings"]["oidc"]["client_secret"], "");
    assert_eq!(saved["client_secret_set"], true);
    let audit = app
        .store
        .audit_log()?
        .into_iter()
        .rfind(|a| a.action == "campus.settings")
        .expect("audited");
    assert!(
        !audit.detail.to_string().contains("s3cret"),
        "{:?}",
        audit.detail
    );
    let res = app.login(&app.client()?, "dean.jg", DEMO_PASSWORD).await?;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .login(&app.client()?, "counselor.jg", DEMO_PASSWORD)
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .login(&app.client()?, "2023110101", DEMO_PASSWORD)
        .await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A student appointed liaison keeps a password (the office appoints).
    app.appoint_liaison("2023110101").await?;
    let res = app
        .login(&app.client()?, "2023110101", DEMO_PASSWORD)
        .await?;
    assert_eq!(res.status(), StatusCode::OK, "a liaison keeps a password");

    // Bad settings get a message per field; only the admin may change them.
    settings["cas"]["server_url"] = json!("ftp://cas");
    let res = admin
        .put(app.api("/admin/campus"))
        .json(&settings)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await?["error"]["fields"]["cas.server_url"].is_string());
    let dean = app.login_as("dean.jg").await?;
    let res = dean.get(app.api("/admin/campus")).send().await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    Ok(())
}

#[tokio::test]
async fn a_portal_sign_in_never_clears_a_password_lockout() -> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let mut settings = cas.settings();
    settings.passwords.counselor = true;
    let app = TestApp::spawn_with(move |c| c.campus = Some(settings)).await?;
    let c = app.client()?;
    for _ in 0..5 {
        app.login(&c, "counselor.xx", "wrong").await?;
    }
    let locked = app.login(&c, "counselor.xx", DEMO_PASSWORD).await?;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    // The portal proves who they are, lock or not.
    let b = browser()?;
    let back = to_portal_and_back(&app, &cas, &b, "/", "counselor.xx").await?;
    assert_eq!(b.get(&back).send().await?.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.get(app.api("/me")).send().await?.status(), StatusCode::OK);
    // The password stays locked.
    let still = app.login(&c, "counselor.xx", DEMO_PASSWORD).await?;
    assert_eq!(still.status(), StatusCode::TOO_MANY_REQUESTS);
    Ok(())
}

#[tokio::test]
async fn a_liaison_signed_in_through_the_portal_sets_the_password_kept_as_an_alumnus()
-> anyhow::Result<()> {
    let cas = CasServer::start().await?;
    let mut settings = cas.settings();
    settings.passwords.office = true;
    let app = TestApp::spawn_with(move |c| c.campus = Some(settings)).await?;
    // A one-time password nobody kept, then appointed liaison.
    let admin = app.login_as("admin").await?;
    let res = admin
        .post(app.api("/users/2023110101/password-reset"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    app.appoint_liaison("2023110101").await?;

    let c = browser()?;
    let back = to_portal_and_back(&app, &cas, &c, "/", "2023110101").await?;
    assert_eq!(c.get(&back).send().await?.status(), StatusCode::SEE_OTHER);
    let me = json(c.get(app.api("/me")).send().await?).await?;
    assert_eq!(me["user"]["must_change_password"], false, "{me}");
    assert_eq!(me["user"]["needs_own_password"], true, "{me}");
    assert_eq!(me["user"]["portal_vouches"], true, "{me}");
    // Pages answer: the portal used no one-time password.
    let res = c.get(app.api("/nominations")).send().await?;
    assert_eq!(res.status(), StatusCode::OK);

    let res = c
        .post(app.api("/me/password"))
        .json(&json!({"current_password": "", "new_password": "Alumni2026x"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
    let me = json(c.get(app.api("/me")).send().await?).await?;
    assert_eq!(me["user"]["needs_own_password"], false, "{me}");
    // As an alumnus, by password.
    let alumnus = app.client()?;
    let res = app.login(&alumnus, "2023110101", "Alumni2026x").await?;
    assert_eq!(res.status(), StatusCode::OK);
    // A password session still needs the current password.
    let res = alumnus
        .post(app.api("/me/password"))
        .json(&json!({"current_password": "", "new_password": "Another2026y"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    Ok(())
}
