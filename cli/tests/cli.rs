//! The server binary's subcommands on real data folders.

use std::process::Command;

use server::store::Store;

fn run(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_liaison-server"))
        .args(args)
        .env("LIAISON_DATA", data)
        .env("LIAISON_ADMIN_PASSWORD", "admin-pass-2024")
        .output()
        .unwrap_or_else(|e| panic!("cannot run the server binary: {e}"))
}

#[tokio::test]
async fn create_admin_backup_and_restore_round_trip_through_the_cli() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (a, b, file) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("backup.jsonl"),
    );
    let file_arg = file.to_string_lossy().into_owned();

    let out = run(&a, &["create-admin", "root.admin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&a, &["backup", &file_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已备份"));
    let out = run(&b, &["restore", &file_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Restoring twice into the same folder is refused: it is no longer empty.
    let again = run(&b, &["restore", &file_arg]);
    assert!(!again.status.success());

    let restored = Store::open(&b)?;
    let admin = restored.user_by_username("root.admin")?;
    assert!(admin.is_some_and(
        |u| u.role == domain::Role::Admin && u.password_hash.starts_with("$argon2id$")
    ));
    assert_eq!(restored.audit_log()?.len(), 1);
    Ok(())
}

#[test]
fn an_unknown_subcommand_prints_the_usage_and_fails() {
    let dir = std::env::temp_dir().join("liaison-cli-usage");
    let out = run(&dir, &["frobnicate"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}

/// The memory settings of `main.rs` reach the serving process: huge pages
/// off (with them, the scale bench's peak RSS was higher), and
/// jemalloc's built-in settings all taken (its background thread runs only
/// when `background_thread:true` was read from them).
#[test]
fn the_served_process_keeps_huge_pages_off_and_its_allocator_settings() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_liaison-server"))
        .arg("serve")
        .env("LIAISON_DATA", dir.path().join("data"))
        .env("LIAISON_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let status = format!("/proc/{}/status", child.id());
    let thp = || {
        std::fs::read_to_string(&status)
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("THP_enabled:").map(|v| v.trim().to_owned()))
    };
    // Until the server answers on its port, it is still starting.
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed().as_secs() < 30, "the server did not start");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let seen = thp();
    let threads: Vec<String> = std::fs::read_dir(format!("/proc/{}/task", child.id()))?
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .map(|name| name.trim().to_owned())
        .collect();
    child.kill()?;
    let stderr = child.wait_with_output()?.stderr;
    let stderr = String::from_utf8_lossy(&stderr);
    assert_eq!(
        seen.as_deref(),
        Some("0"),
        "THP_enabled of the serving process"
    );
    assert!(
        threads.iter().any(|t| t == "jemalloc_bg_thd"),
        "no jemalloc background thread among {threads:?}"
    );
    // jemalloc names a setting it could not take on stderr, and goes on.
    assert!(!stderr.contains("<jemalloc>"), "{stderr}");
    Ok(())
}

#[test]
fn a_store_whose_index_disagrees_with_its_records_is_found_and_not_served() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let out = run(&data, &["scale", "300"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&data, &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("数据检查通过"));

    // One index row lost, as a torn write would lose it: the class
    // membership of the first student (the first records are in every
    // sample the start reads).
    {
        let db = sled::open(&data)?;
        let users = db.open_tree("users")?;
        let mut key = None;
        for v in users.iter().values() {
            let u: serde_json::Value = serde_json::from_slice(&v?)?;
            if u["role"] != "student" {
                continue;
            }
            if let (Some(class), Some(name)) = (u["classes"][0].as_str(), u["username"].as_str()) {
                key = Some(format!("{class}\0{name}\0"));
                break;
            }
        }
        let key = key.ok_or_else(|| anyhow::anyhow!("no student"))?;
        let removed = db.open_tree("class_members")?.remove(key.as_bytes())?;
        assert!(removed.is_some(), "{key:?}");
        db.flush()?;
    }
    let out = run(&data, &["check"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        said.contains("class_members") && said.contains("liaison-server restore"),
        "{said}"
    );
    // Serving refuses too, before it listens, in Chinese and English.
    let out = Command::new(env!("CARGO_BIN_EXE_liaison-server"))
        .arg("serve")
        .env("LIAISON_DATA", &data)
        .env("LIAISON_ADDR", "127.0.0.1:0")
        .output()?;
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        said.contains("数据检查未通过") && said.contains("failed its check"),
        "{said}"
    );
    Ok(())
}
