//! The client as a phone gets it (#14). Prints figures beside their targets;
//! asserts nothing (the size budget is a test: `browser::budget`).
//!  1. per role: first-load gzip and brotli bytes, and every page chunk;
//!  2. time to interactive (a mark the page sets) of the login page, the
//!     class link's page, a student's home and a student's 推荐表 in Chromium
//!     with the CPU slowed 4× and the network at 1.6 Mbps down / 750 kbps up
//!     / 150 ms RTT, from a cold cache (no HTTP cache, no service worker) and
//!     from a warm one.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;
use tests::{
    Browser, TestApp,
    sizes::{FIRST_LOAD_BUDGET, role_clients},
    verdict,
};

const RUNS: usize = 3;

fn kb(b: u64) -> String {
    format!("{:.1} KB", b as f64 / 1024.0)
}

/// What a load is timed by: the page on screen, and the performance mark
/// the page sets when it is ready (`app-mounted`, the app's; `form-ready`,
/// the 推荐表 editor's; `page-ready`, the class link page's).
#[derive(Clone, Copy)]
struct Ready<'a> {
    css: &'a str,
    mark: &'a str,
}

/// Loads `path` and returns the ready mark (ms from navigation start) once
/// its element is on screen, and the bytes that came over the network (the
/// page and its resources as the browser reports them).
async fn load(
    b: &Browser,
    app: &TestApp,
    path: &str,
    ready: Ready<'_>,
) -> anyhow::Result<(f64, f64)> {
    b.client.goto(&app.url(path)).await?;
    b.client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(ready.css))
        .await?;
    let v = b
        .client
        .execute(
            "const m = performance.getEntriesByName(arguments[0]); \
             const net = performance.getEntriesByType('navigation') \
               .concat(performance.getEntriesByType('resource')) \
               .reduce((s, e) => s + (e.transferSize || 0), 0); \
             return [m.length ? m[0].startTime : null, net];",
            vec![json!(ready.mark)],
        )
        .await?;
    let mark = v[0]
        .as_f64()
        .ok_or_else(|| anyhow::anyhow!("the page set no {} mark", ready.mark))?;
    Ok((mark, v[1].as_f64().unwrap_or(0.0)))
}

/// Forgets every cached asset and the service worker; keeps cookies. The
/// page is left first, so that no open page keeps the worker alive.
async fn make_cold(b: &Browser, app: &TestApp) -> anyhow::Result<()> {
    b.client.goto("about:blank").await?;
    b.cdp("Network.clearBrowserCache", json!({})).await?;
    b.cdp(
        "Storage.clearDataForOrigin",
        json!({ "origin": app.url("").trim_end_matches('/'), "storageTypes": "service_workers,cache_storage" }),
    )
    .await?;
    Ok(())
}

/// One kind of load: median time to interactive and bytes over the network.
struct Timing {
    ms: f64,
    bytes: f64,
}

/// Medians of `RUNS` cold and of `RUNS` warm loads of `path`.
async fn timed(
    b: &Browser,
    app: &TestApp,
    path: &str,
    ready: Ready<'_>,
) -> anyhow::Result<(Timing, Timing)> {
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..RUNS {
        make_cold(b, app).await?;
        cold.push(load(b, app, path, ready).await?);
        // Let the service worker install and the idle prefetch finish.
        tokio::time::sleep(Duration::from_secs(5)).await;
        warm.push(load(b, app, path, ready).await?);
    }
    let median = |v: &[(f64, f64)]| {
        let mut v = v.to_vec();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (ms, bytes) = v[v.len() / 2];
        Timing { ms, bytes }
    };
    Ok((median(&cold), median(&warm)))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!("  client bytes per role (as served: .gz / .br copies in dist/)");
    for c in role_clients(&tests::dist_dir())? {
        let gzip = c.first_load_gzip();
        println!(
            "  {:<10} first load {:>9} gzip {:>9} brotli   target ≤ {} gzip: {}",
            c.role,
            kb(gzip),
            kb(c.first_load_brotli()),
            kb(FIRST_LOAD_BUDGET),
            verdict(gzip <= FIRST_LOAD_BUDGET)
        );
        for f in &c.first_load {
            println!(
                "      {:<70} {:>9} gzip {:>9} brotli",
                f.path,
                kb(f.gzip),
                kb(f.brotli)
            );
        }
        for (i, p) in c.pages.iter().enumerate() {
            let note = if i == 0 {
                "  (most used page: preloaded first)"
            } else {
                ""
            };
            println!(
                "      page {:<20} {:>9} gzip {:>9} brotli in {} files{note}",
                p.name,
                kb(p.gzip()),
                kb(p.brotli()),
                p.files.len()
            );
        }
        let listed: Vec<String> = c
            .chunks
            .iter()
            .map(|f| {
                format!(
                    "{} {:.1}",
                    f.path.rsplit('/').next().unwrap_or_default(),
                    f.gzip as f64 / 1024.0
                )
            })
            .collect();
        println!("      every chunk (KB gzip): {}", listed.join(", "));
    }

    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    b.cdp("Network.enable", json!({})).await?;
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": 150,
            "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8,
        }),
    )
    .await?;
    b.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 4 }))
        .await?;
    println!(
        "  a slow phone: CPU 4× slower, 1.6 Mbps down / 750 kbps up / 150 ms RTT; median of {RUNS}, navigation start → app-mounted"
    );
    let mounted = |css| Ready {
        css,
        mark: "app-mounted",
    };
    let (cold, warm) = timed(&b, &app, "/login", mounted("#username")).await?;
    let line = |what: &str, cold: Timing, warm: Timing, targets: (f64, f64)| {
        println!(
            "  {what:<30} cold {:>5.0} ms ({} over the network)  target ≤ {} ms: {}   warm {:>4.0} ms ({})  target ≤ {} ms: {}",
            cold.ms,
            kb(cold.bytes as u64),
            targets.0,
            verdict(cold.ms <= targets.0),
            warm.ms,
            kb(warm.bytes as u64),
            targets.1,
            verdict(warm.ms <= targets.1)
        );
    };
    line("login page", cold, warm, (2000.0, 500.0));

    // The class link's page, as a classmate opens it from the WeChat group.
    let office = app.login_as("office").await?;
    office
        .put(app.api("/directory/round"))
        .json(&json!({"year": 2026, "open": true}))
        .send()
        .await?;
    app.appoint_liaison("2023110101").await?;
    let liaison = app.login_as("2023110101").await?;
    let link = tests::json(
        liaison
            .post(app.api("/classes/xx-2023-cs-1/classmates/link"))
            .send()
            .await?,
    )
    .await?;
    let path = link["link"]["path"].as_str().unwrap_or_default().to_owned();
    let page = Ready {
        css: "main[data-state=identify]",
        mark: "page-ready",
    };
    let (cold, warm) = timed(&b, &app, &path, page).await?;
    line("the class link's page", cold, warm, (1500.0, 500.0));

    b.log_in_home(&app, "2023110101").await?;
    let (cold, warm) = timed(&b, &app, "/", mounted(".hello")).await?;
    line("a student's home (signed in)", cold, warm, (2000.0, 500.0));
    // A student whose 推荐表 is a draft: the form drawn, ready to type in.
    b.client.delete_all_cookies().await?;
    b.log_in_home(&app, "2023210121").await?;
    let form = Ready {
        css: ".nomination-form",
        mark: "form-ready",
    };
    let (cold, warm) = timed(&b, &app, "/nominations", form).await?;
    line(
        "a student's 推荐表 (signed in)",
        cold,
        warm,
        (2500.0, 500.0),
    );
    b.close().await
}
