//! No file can take the server down: every hostile spreadsheet goes to every
//! importer (student roster, staff roster, a liaison's class directory) over
//! real HTTP; each is refused with a Chinese reason, imports nothing, and the
//! server still answers `/health` and a login. A test binary of its own, so
//! that the peak memory measured is this test's.

use domain::directory;
use reqwest::StatusCode;
use serde_json::Value;
use tests::{TestApp, hostile, json};

const CLASS: &str = "xx-2023-cs-1";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
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

async fn still_serving(app: &TestApp) -> anyhow::Result<()> {
    let health = reqwest::get(app.api("/health")).await?;
    anyhow::ensure!(
        health.status() == StatusCode::OK,
        "/health: {}",
        health.status()
    );
    app.login_as("office").await?;
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
            still_serving(&app).await?;
            tried += 1;
        }
    }
    let rss_end = peak_rss_mb();
    println!(
        "{tried} hostile uploads; peak RSS {rss_start} MB before, {rss_end} MB after (budget 400 MB)"
    );
    assert!(rss_end <= 400, "peak RSS {rss_end} MB");
    Ok(())
}

#[tokio::test]
async fn formatting_in_the_last_cell_is_harmless_and_the_file_imports() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let row = format!(
        r#"<row r="2">{}{}{}{}{}</row><row r="1048576"><c r="XFD1048576" s="0"/></row>"#,
        hostile::text_cell("A2", "1"),
        hostile::text_cell("B2", "王伟"),
        hostile::text_cell("C2", "男"),
        hostile::text_cell("D2", "2023级计算机科学与技术"),
        hostile::text_cell("E2", "13800000099"),
    );
    let file = hostile::workbook(&directory::COLUMNS, "A1:XFD1048576", &row, None, 1)?;
    let res = c
        .post(app.api(&format!("/classes/{CLASS}/directory/import")))
        .header("content-type", XLSX)
        .body(file)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
    assert!(
        app.store
            .directory(CLASS)?
            .iter()
            .any(|e| e.fields.phone == "13800000099")
    );
    Ok(())
}

#[tokio::test]
async fn a_formula_is_named_by_row_and_column() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let row = format!(
        r#"<row r="2">{}{}{}{}{}</row><row r="3">{}{}{}{}{}<c r="H3" t="str"><f>HYPERLINK("http://example.com","某公司")</f><v>某公司</v></c></row>"#,
        hostile::text_cell("A2", "1"),
        hostile::text_cell("B2", "王伟"),
        hostile::text_cell("C2", "男"),
        hostile::text_cell("D2", "2023级计算机科学与技术"),
        hostile::text_cell("E2", "13800000099"),
        hostile::text_cell("A3", "2"),
        hostile::text_cell("B3", "李娜"),
        hostile::text_cell("C3", "女"),
        hostile::text_cell("D3", "2023级计算机科学与技术"),
        hostile::text_cell("E3", "13800000098"),
    );
    let file = hostile::workbook(&directory::COLUMNS, "A1:H3", &row, None, 1)?;
    let res = c
        .post(app.api(&format!("/classes/{CLASS}/directory/import")))
        .header("content-type", XLSX)
        .body(file)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await?;
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("第3行“工作单位”是公式，请粘贴为数值")),
        "{body}"
    );
    assert_eq!(body["rows"][0]["row"], 3);
    assert_eq!(body["rows"][0]["column"], "工作单位");
    Ok(())
}
