//! Time for the login page to render in headless Chromium: from navigation
//! start to the client's `app-mounted` mark, with the form on screen.
//! Prints figures; asserts nothing (budgets are read by people).

use std::time::Duration;

use fantoccini::Locator;
use tests::{Browser, TestApp};

const RUNS: usize = 7;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    let mut times = Vec::with_capacity(RUNS);
    for run in 0..=RUNS {
        // A fresh load each time; the first run warms the HTTP cache like a returning user.
        b.client.goto(&app.url("/login")).await?;
        b.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("#username"))
            .await?;
        let ms = b
            .client
            .execute(
                "const m = performance.getEntriesByName('app-mounted'); \
                 return m.length ? m[0].startTime : null;",
                vec![],
            )
            .await?
            .as_f64()
            .ok_or_else(|| anyhow::anyhow!("the client set no app-mounted mark"))?;
        if run > 0 {
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "  login page rendered (navigation start → mounted): median {:.0} ms, min {:.0} ms, max {:.0} ms over {RUNS} loads",
        times[RUNS / 2],
        times[0],
        times[RUNS - 1]
    );
    b.close().await
}
