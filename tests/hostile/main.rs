//! No file can take the server down: every hostile spreadsheet goes to every
//! importer (student roster, staff roster, a liaison's class directory) over
//! real HTTP; each is refused with a Chinese reason, imports nothing, and the
//! server still answers `/health` and a login. A test binary of its own, so
//! that the peak memory measured is this test's.

use reqwest::StatusCode;
use serde_json::Value;
use tests::{TestApp, has_chinese, hostile, json};

const CLASS: &str = "xx-2023-cs-1";
use server::xlsx::MIME as XLSX;

/// Peak resident memory of this process so far, in MB.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// Everything an import could have changed: accounts, classes, the class directory.
fn snapshot(app: &TestApp) -> anyhow::Result<(usize, usize, Vec<String>)> {
    let mut entries: Vec<String> = app
        .store
        .directory(CLASS)?
        .into_iter()
        .map(|e| format!("{}:{}:{}", e.id, e.rev, e.fields.phone))
        .collect();
    entries.sort();
    Ok((
        app.store.users()?.len(),
        app.store.classes()?.len(),
        entries,
    ))
}

async fn health(app: &TestApp) -> anyhow::Result<()> {
    let health = reqwest::get(app.api("/health")).await?;
    anyhow::ensure!(
        health.status() == StatusCode::OK,
        "/health: {}",
        health.status()
    );
    Ok(())
}

#[tokio::test]
async fn every_hostile_file_is_refused_by_every_importer_and_the_server_lives_on()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    app.appoint_liaison("2023110106").await?;
    let liaison = app.login_as("2023110106").await?;
    // Seeds the directory from the roster, so the snapshot sees its entries.
    let seeded = liaison
        .get(app.api(&format!("/classes/{CLASS}/directory")))
        .send()
        .await?;
    assert_eq!(seeded.status(), StatusCode::OK);
    use server::routes::templates;
    let importers = [
        (
            "student roster",
            &admin,
            app.api("/rosters/students"),
            templates::STUDENT_ROSTER,
        ),
        (
            "staff roster",
            &admin,
            app.api("/rosters/staff"),
            templates::STAFF_ROSTER,
        ),
        (
            "class directory",
            &liaison,
            app.api(&format!("/classes/{CLASS}/directory/import")),
            templates::CLASS_DIRECTORY,
        ),
    ];
    let before = snapshot(&app)?;
    let rss_start = peak_rss_mb();
    let mut tried = 0;
    for (importer, client, url, t) in importers {
        for (what, bytes) in hostile::files(t.columns, t.max_rows, t.max_unpacked)? {
            let size = bytes.len();
            let res = client
                .post(&url)
                .header("content-type", XLSX)
                .body(bytes)
                .send()
                .await?;
            let status = res.status();
            let body: Value = json(res).await?;
            let message = body["error"]["message"].as_str().unwrap_or_default();
            println!(
                "{importer} ← {what} ({size} B): {status} {message} [peak {} MB]",
                peak_rss_mb()
            );
            assert!(
                status.is_client_error(),
                "{importer} ← {what}: {status} {body}"
            );
            assert!(has_chinese(message), "{importer} ← {what}: {body}");
            assert_eq!(snapshot(&app)?, before, "{importer} ← {what} changed data");
            health(&app).await?;
            tried += 1;
        }
        // A login (Argon2, 19 MB on a blocking thread) after each importer's
        // files, so that the peak measured is the uploads'.
        app.login_as("office").await?;
    }
    let rss_end = peak_rss_mb();
    println!(
        "{tried} hostile uploads; peak RSS {rss_start} MB before, {rss_end} MB after (budget 400 MB)"
    );
    assert!(rss_end <= 400, "peak RSS {rss_end} MB");
    Ok(())
}
