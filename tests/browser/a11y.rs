//! Every page of every role, on a phone and on a desktop (issue #18):
//! accessibility checked by a tool — axe-core (npm, installed by
//! `scripts/tools.sh test`), no serious or critical violation — and, at
//! 375 px, nothing that scrolls sideways: neither the page nor any table or
//! grid in its frame.

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT};

/// axe-core's script, from the tools folder.
fn axe_source() -> anyhow::Result<String> {
    let dir = std::env::var("LIAISON_TOOLS_DIR").unwrap_or_else(|_| {
        format!(
            "{}/.cache/liaison-tools",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    let path = format!("{dir}/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("{path}: {e} (`scripts/tools.sh test` installs axe-core)"))
}

/// A JSON array of strings from the page, as strings.
fn strings(found: &serde_json::Value) -> Vec<String> {
    found
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Serious and critical violations of the page shown, as `rule: targets`.
async fn violations(b: &Browser, axe: &str) -> anyhow::Result<Vec<String>> {
    b.client
        .execute(&format!("{axe}\n;return true;"), vec![])
        .await?;
    let found = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))
             )).catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await?;
    Ok(strings(&found))
}

/// What scrolls sideways on the page shown: the page itself, or any
/// element whose content is wider than its box (a table in its frame).
async fn sideways(b: &Browser) -> anyhow::Result<Vec<String>> {
    let found = b
        .client
        .execute(
            "const out = [];
             const page = document.documentElement;
             if (page.scrollWidth > innerWidth) out.push('page ' + page.scrollWidth + 'px');
             for (const el of document.querySelectorAll('main *')) {
               const x = getComputedStyle(el).overflowX;
               if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1)
                 out.push((el.className || el.tagName) + ' ' + el.scrollWidth + '>' + el.clientWidth + 'px');
             }
             return out;",
            vec![],
        )
        .await?;
    Ok(strings(&found))
}

/// Every page of one role at both widths: no serious or critical axe
/// violation, and at 375 px nothing scrolls sideways. One test per role, so
/// the roles are checked side by side.
async fn every_page_of(user: &str, pages: &[&str]) -> anyhow::Result<()> {
    let axe = axe_source()?;
    let app = TestApp::spawn().await?;
    app.appoint_liaison("2023110101").await?;
    let mut problems = Vec::new();
    for (width, height) in [(375, 812), (1280, 900)] {
        let b = Browser::start(width, height).await?;
        b.log_in_home(&app, user).await?;
        for page in pages {
            b.client.goto(&app.url(page)).await?;
            b.client
                .wait()
                .at_most(WAIT)
                .for_element(Locator::Css("main h1"))
                .await?;
            settled(&b).await?;
            // Let the data of pages without a loading line arrive too.
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            for v in violations(&b, &axe).await? {
                problems.push(format!("{width}px {user} {page} — {v}"));
            }
            // For a person to look at: every page at both widths.
            let slug = page.trim_matches('/').replace('/', "-");
            b.screenshot(&format!("page-{user}-{slug}-{width}")).await?;
            if width == 375 {
                for s in sideways(&b).await? {
                    problems.push(format!("375px {user} {page} scrolls sideways — {s}"));
                }
            }
        }
        b.close().await?;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// Waits until the page's data has arrived: no "正在加载…" left.
async fn settled(b: &Browser) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let loading = b
            .client
            .execute(
                "return document.querySelectorAll('main .loading').length",
                vec![],
            )
            .await?;
        if loading.as_u64() == Some(0) || std::time::Instant::now() > deadline {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_a_student_who_is_a_liaison_fits_a_phone_and_is_accessible()
-> anyhow::Result<()> {
    every_page_of(
        "2023110101",
        &[
            "/",
            "/nominations",
            "/directory",
            "/photos",
            "/log",
            "/account",
            "/notifications",
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_a_counselor_fits_a_phone_and_is_accessible() -> anyhow::Result<()> {
    every_page_of(
        "counselor.xx",
        &["/", "/todo", "/recommend", "/directory", "/photos", "/log"],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_a_dean_fits_a_phone_and_is_accessible() -> anyhow::Result<()> {
    every_page_of(
        "dean.xx",
        &[
            "/",
            "/todo",
            "/summary",
            "/submissions",
            "/log",
            "/dashboard",
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_the_office_fits_a_phone_and_is_accessible() -> anyhow::Result<()> {
    every_page_of(
        "office",
        &[
            "/",
            "/todo",
            "/liaisons",
            "/renewals",
            "/log",
            "/directory",
            "/summary",
            "/submissions",
            "/campaigns",
            "/dashboard",
        ],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_the_admin_fits_a_phone_and_is_accessible() -> anyhow::Result<()> {
    every_page_of("admin", &["/", "/setup", "/campaigns"]).await
}
