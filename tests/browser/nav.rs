//! Navigation on a phone (issue #18): at 375 px every page of every role
//! is in view — the bar wraps instead of hiding pages off to the side.

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_every_role_is_in_view_on_a_phone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    // A liaison sees 工作记录 too.
    app.appoint_liaison("2023110101").await?;
    for (user, pages) in [
        ("2023110101", 5),
        ("counselor.xx", 6),
        ("dean.xx", 6),
        ("office", 10),
        ("admin", 3),
    ] {
        let b = Browser::start(375, 812).await?;
        b.log_in_home(&app, user).await?;
        let links = b
            .client
            .execute(
                "return [...document.querySelectorAll('nav.nav a')].map(a => {
                    const r = a.getBoundingClientRect();
                    return [a.textContent, r.left >= 0 && r.right <= window.innerWidth && r.height >= 40];
                })",
                vec![],
            )
            .await?;
        let links = links.as_array().cloned().unwrap_or_default();
        assert_eq!(links.len(), pages, "{user}: {links:?}");
        for l in &links {
            assert_eq!(l[1], true, "{user}: {} is out of view", l[0]);
        }
        let wide = b
            .client
            .execute("return document.documentElement.scrollWidth", vec![])
            .await?;
        assert!(wide.as_u64().is_some_and(|w| w <= 375), "{user}: {wide}");
        if user == "office" {
            // The current page is marked.
            b.client
                .find(Locator::XPath("//nav//a[normalize-space()='续聘审核']"))
                .await?
                .click()
                .await?;
            b.client
                .wait()
                .at_most(WAIT)
                .for_element(Locator::Css("nav a[aria-current='page'][href='/renewals']"))
                .await?;
            b.screenshot("nav-office-375").await?;
        }
        b.close().await?;
    }
    Ok(())
}
