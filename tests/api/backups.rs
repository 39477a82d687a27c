//! Online backups (issue #19): only the operator on this machine may ask
//! for one; backups taken while liaisons keep writing restore to a state in
//! which every change is whole; a cut-off copy is refused.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{TestApp, json};

/// The server with a backup folder and an operator token file.
async fn spawn(dir: &tempfile::TempDir) -> anyhow::Result<(TestApp, String)> {
    let backups = dir.path().join("backups");
    let key = dir.path().join("ops.key");
    let app = TestApp::spawn_with(|c| {
        c.backup_dir = Some(backups);
        c.ops_key = Some(key.clone());
    })
    .await?;
    let token = std::fs::read_to_string(dir.path().join("ops.key"))?;
    Ok((app, token))
}

async fn backup(app: &TestApp, token: &str) -> anyhow::Result<Value> {
    let res = reqwest::Client::new()
        .post(app.api("/ops/backup"))
        .bearer_auth(token)
        .send()
        .await?;
    anyhow::ensure!(res.status() == StatusCode::OK, "backup: {}", res.status());
    json(res).await
}

#[tokio::test]
async fn only_the_operator_on_this_machine_may_ask_for_a_backup() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (app, token) = spawn(&dir).await?;
    let c = reqwest::Client::new();
    let url = app.api("/ops/backup");
    assert_eq!(token.trim().len(), 64);
    for (what, req) in [
        ("no token", c.post(&url)),
        ("a wrong token", c.post(&url).bearer_auth("0".repeat(64))),
        (
            "through a proxy",
            c.post(&url)
                .bearer_auth(&token)
                .header("X-Forwarded-For", "203.0.113.9"),
        ),
    ] {
        assert_eq!(req.send().await?.status(), StatusCode::NOT_FOUND, "{what}");
    }
    // A signed-in office user is not the operator either.
    let office = app.login_as("office").await?;
    assert_eq!(
        office.post(&url).send().await?.status(),
        StatusCode::NOT_FOUND
    );
    let done = backup(&app, &token).await?;
    assert!(done["records"].as_u64().unwrap_or_default() > 100, "{done}");
    let file = done["file"].as_str().unwrap_or_default();
    assert!(file.ends_with(".backup"), "{file}");
    let stored = std::fs::read(file)?;
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup is readable by its owner only");
    }
    assert_eq!(
        server::store::verify_backup(std::io::Cursor::new(&stored))?,
        done["records"].as_u64().unwrap_or_default()
    );
    // A copy cut off in the middle is refused before anything is written.
    let cut = &stored[..stored.len() * 2 / 3];
    let cut = &cut[..cut.iter().rposition(|b| *b == b'\n').unwrap_or(0) + 1];
    let err = server::store::verify_backup(std::io::Cursor::new(cut))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("不完整"), "{err}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backups_taken_during_writes_restore_whole_changes() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (app, token) = spawn(&dir).await?;
    app.appoint_liaison("2023110101").await?;
    let liaison = app.store.liaisons()?[0].id.clone();
    let me = app.login_as("2023110101").await?;
    let day = {
        use server::clock::Clock;
        server::clock::iso_date(app.clock.today())
    };
    let url = app.api(&format!("/liaisons/{liaison}/log"));
    // Eight writers, 40 entries each, while three backups are taken.
    let mut writers = Vec::new();
    for w in 0..8 {
        let (me, url, day) = (me.clone(), url.clone(), day.clone());
        writers.push(tokio::spawn(async move {
            for i in 0..40 {
                let res = me
                    .post(&url)
                    .json(
                        &json!({"kind": "feedback", "date": day, "text": format!("意见 {w}-{i}")}),
                    )
                    .send()
                    .await?;
                anyhow::ensure!(res.status() == StatusCode::CREATED, "{}", res.status());
            }
            anyhow::Ok(())
        }));
    }
    let mut files = Vec::new();
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        app.clock.advance(1);
        files.push(
            backup(&app, &token).await?["file"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    for w in writers {
        w.await??;
    }
    let mut sizes = Vec::new();
    for f in &files {
        // Restore into a new folder: every entry has its audit line and its
        // unhandled-feedback index key, and nothing else arrived half.
        let copy = server::store::Store::temporary()?;
        let n =
            server::store::restore_from(&copy, std::io::BufReader::new(std::fs::File::open(f)?))?;
        assert!(n > 0);
        let entries = copy.log_entries(&liaison)?.len();
        let audited = copy
            .audit_log()?
            .iter()
            .filter(|a| a.action == "log.create")
            .count();
        assert_eq!(entries, audited, "{f}: entries and their audit lines");
        assert_eq!(
            copy.open_feedback(None, &day)?.len(),
            entries,
            "{f}: the index rebuilt from the copy"
        );
        sizes.push(entries);
    }
    assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
    // Everything written is in a backup taken after the writes.
    app.clock.advance(1);
    let last = backup(&app, &token).await?;
    // Writes after it are not in it: a restore is exactly the backed-up state.
    for i in 0..5 {
        let res = me
            .post(&url)
            .json(&json!({"kind": "feedback", "date": day, "text": format!("之后 {i}")}))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    assert_eq!(app.store.log_entries(&liaison)?.len(), 325);
    let copy = server::store::Store::temporary()?;
    server::store::restore_from(
        &copy,
        std::io::BufReader::new(std::fs::File::open(
            last["file"].as_str().unwrap_or_default(),
        )?),
    )?;
    assert_eq!(copy.log_entries(&liaison)?.len(), 320);
    // A restore refuses a folder that already holds data.
    let err = server::store::restore_from(
        &app.store,
        std::io::BufReader::new(std::fs::File::open(&files[0])?),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(err.contains("不是空的"), "{err}");
    Ok(())
}

#[tokio::test]
async fn each_backup_is_copied_off_by_the_operators_command_and_a_failed_copy_is_counted()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere)?;
    let key = dir.path().join("ops.key");
    let backups = dir.path().join("backups");
    // A copy that works the first time, then fails as a full disk would.
    let command = format!(
        "if [ -e {0}/.once ]; then echo 'no space left' >&2; exit 4; fi; cp \"$1\" {0}/ && touch {0}/.once",
        elsewhere.display()
    );
    let app = TestApp::spawn_with(|c| {
        c.backup_dir = Some(backups);
        c.ops_key = Some(key.clone());
        c.backup_copy = Some(command);
    })
    .await?;
    let token = std::fs::read_to_string(&key)?;
    let first = backup(&app, &token).await?;
    assert_eq!(first["copied"], true, "{first}");
    let name = std::path::Path::new(first["file"].as_str().unwrap_or_default())
        .file_name()
        .map(|n| n.to_owned())
        .unwrap_or_default();
    let copy = std::fs::read(elsewhere.join(&name))?;
    assert_eq!(
        copy,
        std::fs::read(first["file"].as_str().unwrap_or_default())?
    );
    assert!(first["writes_held_ms"].is_u64());

    // The next second's backup is written, its copy fails and says why.
    app.clock.advance(1);
    let second = backup(&app, &token).await?;
    assert_eq!(second["copied"], false, "{second}");
    assert!(
        second["copy_error"]
            .as_str()
            .unwrap_or_default()
            .contains("no space left"),
        "{second}"
    );
    assert!(std::path::Path::new(second["file"].as_str().unwrap_or_default()).exists());
    let metrics = reqwest::get(app.url("/metrics")).await?.text().await?;
    for line in [
        "liaison_backup_copies_total{outcome=\"ok\"} 1",
        "liaison_backup_copies_total{outcome=\"failed\"} 1",
    ] {
        assert!(metrics.contains(line), "{line} in {metrics}");
    }
    Ok(())
}
