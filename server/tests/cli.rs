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
