//! Campus sign-in through OpenID Connect against a real provider
//! (panva's oidc-provider on loopback): the code flow with PKCE, `state`
//! and `nonce`, the ID token verified, the roster deciding who, and a
//! provider that is down told in Chinese within seconds.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use tests::{
    TestApp,
    idp::{
        browser,
        cas::{PORTAL_PASSWORD, UNKNOWN_NUMBER},
        location,
        oidc::{OidcProvider, free_port},
    },
    json,
};

/// A server naming a provider, and the provider (started after it, with
/// its redirect URI).
async fn both() -> anyhow::Result<(TestApp, OidcProvider)> {
    let port = free_port()?;
    let settings = OidcProvider::settings(port);
    let app = TestApp::spawn_with(move |c| c.campus = Some(settings)).await?;
    let provider = OidcProvider::start(port, &app.api("/auth/oidc/callback")).await?;
    Ok((app, provider))
}

/// From our login route through the provider's page; gives where it sends
/// the browser back.
async fn there_and_back(
    app: &TestApp,
    p: &OidcProvider,
    c: &Client,
    next: &str,
    username: &str,
) -> anyhow::Result<String> {
    let res = c
        .get(app.api(&format!("/auth/oidc/login?next={next}")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert!(to.starts_with(&p.issuer), "{to}");
    for part in [
        "code_challenge_method=S256",
        "code_challenge=",
        "state=",
        "nonce=",
        "scope=openid+profile",
    ] {
        assert!(to.contains(part), "{part}: {to}");
    }
    p.sign_in(c, &to, username, PORTAL_PASSWORD).await
}

#[tokio::test]
async fn a_student_signs_in_through_openid_connect_and_a_replay_is_refused() -> anyhow::Result<()> {
    let (app, p) = both().await?;
    let options = json(reqwest::get(app.api("/auth/providers")).await?).await?;
    assert_eq!(options["providers"][0]["provider"], "oidc");
    assert_eq!(options["providers"][0]["href"], "/api/v1/auth/oidc/login");

    let c = browser()?;
    let back = there_and_back(&app, &p, &c, "/nominations", "2023110101").await?;
    assert!(
        back.starts_with(&app.api("/auth/oidc/callback?code=")),
        "{back}"
    );
    let res = c.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await?);
    let me = json(c.get(app.api("/me")).send().await?).await?;
    assert_eq!(me["user"]["username"], "2023110101");
    let entry = app
        .store
        .audit_log()?
        .into_iter()
        .rfind(|a| a.action == "session.login")
        .expect("audited");
    assert_eq!(entry.detail["provider"], "oidc");

    // The same return again, with a new sign-in under way: its `state` is
    // not the new flow's, and the code was used.
    let again = c.get(app.api("/auth/oidc/login")).send().await?;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let res = c.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await?.contains("data-code=\"no_flow\""));
    Ok(())
}

#[tokio::test]
async fn a_tampered_state_or_a_foreign_browser_signs_nobody_in() -> anyhow::Result<()> {
    let (app, p) = both().await?;
    let c = browser()?;
    let back = there_and_back(&app, &p, &c, "/", "counselor.xx").await?;
    // Another browser with this return: no flow of its own.
    let other = browser()?;
    let res = other.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        other.get(app.api("/me")).send().await?.status(),
        StatusCode::UNAUTHORIZED
    );
    // The same browser, `state` changed: refused, and the flow is spent.
    let tampered = back.replace("state=", "state=x");
    let res = c.get(&tampered).send().await?;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await?.contains("data-code=\"no_flow\""));
    let res = c.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        c.get(app.api("/me")).send().await?.status(),
        StatusCode::UNAUTHORIZED
    );
    Ok(())
}

#[tokio::test]
async fn an_unknown_number_through_openid_connect_gets_the_chinese_page() -> anyhow::Result<()> {
    let (app, p) = both().await?;
    let c = browser()?;
    let back = there_and_back(&app, &p, &c, "/", UNKNOWN_NUMBER).await?;
    let res = c.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let page = res.text().await?;
    assert!(
        page.contains("未找到您的账号") && page.contains(UNKNOWN_NUMBER),
        "{page}"
    );
    let entry = app
        .store
        .audit_log()?
        .into_iter()
        .rfind(|a| a.action == "session.portal_unknown")
        .expect("audited");
    assert_eq!(entry.detail["provider"], "oidc");
    assert_eq!(entry.detail["name"], "周校友");
    Ok(())
}

#[tokio::test]
async fn an_openid_provider_that_is_down_is_told_within_seconds() -> anyhow::Result<()> {
    let port = free_port()?;
    let settings = OidcProvider::settings(port);
    let app = TestApp::spawn_with(move |c| {
        c.campus = Some(settings);
        c.campus_timeout = Duration::from_secs(2);
    })
    .await?;
    let c = browser()?;
    let start = Instant::now();
    let res = c.get(app.api("/auth/oidc/login")).send().await?;
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    assert!(res.text().await?.contains("统一身份认证暂时无法连接"));
    Ok(())
}

/// A return refused: the sign-in page says so and nobody is signed in.
async fn refused(app: &TestApp, c: &Client, back: &str) -> anyhow::Result<()> {
    let res = c.get(back).send().await?;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let page = res.text().await?;
    assert!(page.contains("data-code=\"ticket_refused\""), "{page}");
    assert_eq!(
        c.get(app.api("/me")).send().await?.status(),
        StatusCode::UNAUTHORIZED
    );
    Ok(())
}

#[tokio::test]
async fn an_expired_id_token_is_refused() -> anyhow::Result<()> {
    let (app, p) = both().await?;
    let c = browser()?;
    let back = there_and_back(&app, &p, &c, "/", "2023110101").await?;
    // The provider's ID tokens live an hour; by our clock two have passed
    // (more than the minute of skew allowed) when it comes back.
    app.clock.advance(2 * 3600);
    refused(&app, &c, &back).await
}

#[tokio::test]
async fn an_id_token_signed_by_a_key_the_provider_does_not_publish_is_refused() -> anyhow::Result<()>
{
    let port = free_port()?;
    let settings = OidcProvider::settings(port);
    let app = TestApp::spawn_with(move |c| c.campus = Some(settings)).await?;
    let p = OidcProvider::start_with_foreign_keys(port, &app.api("/auth/oidc/callback")).await?;
    let c = browser()?;
    let back = there_and_back(&app, &p, &c, "/", "2023110101").await?;
    refused(&app, &c, &back).await
}

#[tokio::test]
async fn a_provider_that_rotated_its_keys_is_followed() -> anyhow::Result<()> {
    let (app, p) = both().await?;
    let c = browser()?;
    let back = there_and_back(&app, &p, &c, "/", "2023110101").await?;
    assert_eq!(c.get(&back).send().await?.status(), StatusCode::SEE_OTHER);
    // Restarted with a new signing key, the same address: our copy of its
    // keys (kept ten minutes) is out of date.
    let port: u16 = p.issuer.rsplit(':').next().unwrap_or_default().parse()?;
    drop(p);
    let p = OidcProvider::start(port, &app.api("/auth/oidc/callback")).await?;
    let c = browser()?;
    let back = there_and_back(&app, &p, &c, "/", "counselor.xx").await?;
    let res = c.get(&back).send().await?;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await?);
    let me = json(c.get(app.api("/me")).send().await?).await?;
    assert_eq!(me["user"]["username"], "counselor.xx");
    Ok(())
}
