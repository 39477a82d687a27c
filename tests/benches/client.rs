//! The client as a phone gets it (#14). Prints figures beside their targets;
//! asserts nothing (the size budget is a test: `browser::budget`).
//!  1. per role: first-load gzip and brotli bytes, and every page chunk;
//!  2. time to interactive (the app's `app-mounted` mark) of the login page
//!     and of a student's home in Chromium with the CPU slowed 4× and the
//!     network at 1.6 Mbps down / 750 kbps up / 150 ms RTT, from a cold cache
//!     (no HTTP cache, no service worker) and from a warm one.

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

/// Loads `path` and returns the `app-mounted` mark (ms from navigation
/// start) once `css` is on screen, and the bytes that came over the network
/// (the page and its resources as the browser reports them).
async fn load(b: &Browser, app: &TestApp, path: &str, css: &str) -> anyhow::Result<(f64, f64)> {
    b.client.goto(&app.url(path)).await?;
    b.client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(css))
        .await?;
    let v = b
        .client
        .execute(
            "const m = performance.getEntriesByName('app-mounted'); \
             const net = performance.getEntriesByType('navigation') \
               .concat(performance.getEntriesByType('resource')) \
               .reduce((s, e) => s + (e.transferSize || 0), 0); \
             return [m.length ? m[0].startTime : null, net];",
            vec![],
        )
        .await?;
    let mark = v[0]
        .as_f64()
        .ok_or_else(|| anyhow::anyhow!("the client set no app-mounted mark"))?;
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
    css: &str,
) -> anyhow::Result<(Timing, Timing)> {
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..RUNS {
        make_cold(b, app).await?;
        cold.push(load(b, app, path, css).await?);
        // Let the service worker install and the idle prefetch finish.
        tokio::time::sleep(Duration::from_secs(5)).await;
        warm.push(load(b, app, path, css).await?);
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
    let (cold, warm) = timed(&b, &app, "/login", "#username").await?;
    let line = |what: &str, cold: Timing, warm: Timing| {
        println!(
            "  {what:<30} cold {:>5.0} ms ({} over the network)  target ≤ 2000 ms: {}   warm {:>4.0} ms ({})  target ≤ 500 ms: {}",
            cold.ms,
            kb(cold.bytes as u64),
            verdict(cold.ms <= 2000.0),
            warm.ms,
            kb(warm.bytes as u64),
            verdict(warm.ms <= 500.0)
        );
    };
    line("login page", cold, warm);
    b.log_in_home(&app, "2023110101").await?;
    let (cold, warm) = timed(&b, &app, "/", ".hello").await?;
    line("a student's home (signed in)", cold, warm);
    b.close().await
}
