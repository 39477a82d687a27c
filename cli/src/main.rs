//! `liaison-server`: serve (default; a sample of the store checked first),
//! `backup FILE`, `check` (the whole store), `restore FILE`,
//! `create-admin USERNAME` (password from `LIAISON_ADMIN_PASSWORD` or stdin),
//! `scale [STUDENTS]` (benchmarks only: a university of that size, default
//! 60,000 students, into an empty data folder; every password is the demo's).

use std::{io::BufRead, sync::Arc};

use anyhow::{Context, bail};
use cli::demo;
use server::{
    AppState,
    clock::{Clock, SystemClock},
    config::Config,
    store::{AuditEntry, Store, UserRecord, backup_to, restore_from},
};

/// jemalloc, with one arena per core: glibc's arena per thread, and later
/// mimalloc's heap per thread, kept the pages that sled's churn leaves
/// part-used, and the server's peak memory went over its budget. The
/// settings are built in (`.cargo/config.toml`, which says what each does);
/// the figures are in docs/PERFORMANCE.md.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const USAGE: &str = "usage: liaison-server [serve | backup FILE | backup-now | check | restore FILE | create-admin USERNAME | scale [STUDENTS]]";

fn main() -> anyhow::Result<()> {
    keep_pages_small();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

/// Turns transparent huge pages off for this process, before the runtime
/// starts. Where they are granted (THP `always`, or an allocator that asks,
/// as mimalloc did under Debian's `madvise`), a 2 MiB page counts whole
/// while a few objects live in it: `make bench`'s peak RSS was markedly
/// higher with them, and the reads were no faster.
/// The flag is the process's own; the machine's setting stays.
fn keep_pages_small() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::thread::disable_transparent_huge_pages(true) {
        eprintln!("transparent huge pages stay on: {e}");
    }
}

async fn run() -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=warn".into());
    // LIAISON_LOG_FORMAT=json: one JSON object a line, for a log collector.
    if std::env::var("LIAISON_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let config = Config::from_env()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => serve(config).await,
        ["backup", file] => {
            let store = open(&config)?;
            let mut out = std::io::BufWriter::new(
                std::fs::File::create(file).with_context(|| format!("cannot create {file}"))?,
            );
            let n = backup_to(&store, &mut out)?;
            println!("已备份 {n} 条记录到 {file}");
            Ok(())
        }
        ["backup-now"] => backup_now(&config),
        ["check"] => {
            let store = open(&config)?;
            let started = std::time::Instant::now();
            refuse(&store.check(None)?, &config)?;
            println!(
                "数据检查通过：每个索引都与记录一致（{:.1} 秒）",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        ["restore", file] => {
            let read = || -> anyhow::Result<std::io::BufReader<std::fs::File>> {
                Ok(std::io::BufReader::new(
                    std::fs::File::open(file).with_context(|| format!("cannot open {file}"))?,
                ))
            };
            // The whole file is checked before anything is written.
            server::store::verify_backup(read()?)?;
            let store = open(&config)?;
            let input = read()?;
            let n = restore_from(&store, input)?;
            println!("已从 {file} 恢复 {n} 条记录到 {}", config.data.display());
            Ok(())
        }
        ["create-admin", username] => create_admin(&config, username).await,
        ["scale", rest @ ..] => {
            let mut scale = cli::scale::Scale::UNIVERSITY;
            if let [n] = rest {
                let n: usize = n.parse().context("STUDENTS must be a number")?;
                scale.nominations = scale.nominations * n / scale.students;
                scale.students = n;
            }
            let store = open(&config)?;
            if !store.is_empty() {
                bail!("{} is not empty", config.data.display());
            }
            let started = std::time::Instant::now();
            let hash = server::password::hash_password(cli::scale::DEMO_PASSWORD)?;
            let b = cli::scale::build(
                &store,
                &scale,
                &hash,
                SystemClock.now(),
                SystemClock.today(),
            )?;
            println!(
                "scale set: {} classes, {} students, {} nominations, {} liaisons, {} directory entries in {:.1} s",
                b.classes,
                b.students,
                b.nominations,
                b.liaisons,
                b.entries,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        _ => bail!(USAGE),
    }
}

fn open(config: &Config) -> anyhow::Result<Store> {
    Store::open(&config.data)
        .with_context(|| format!("cannot open data folder {}", config.data.display()))
}

/// Records of each indexed tree the check on start reads.
const START_SAMPLE: usize = 200;

/// Refuses a store whose check found disagreements, saying what to do.
fn refuse(found: &[String], config: &Config) -> anyhow::Result<()> {
    if found.is_empty() {
        return Ok(());
    }
    let data = config.data.display();
    bail!(
        "数据检查未通过，已停止启动：索引与记录不一致（{}）。请从最近的备份恢复：停止服务，移开 {data}，\
         再运行 liaison-server restore /var/backups/liaison/liaison-….backup（见 docs/OPERATIONS.md「Restore」）。\n\
         The store failed its check and will not serve: {}. Restore the latest backup: stop the service, \
         move {data} aside, run `liaison-server restore FILE` (docs/OPERATIONS.md, Restore).",
        found.join("；"),
        found.join("; ")
    )
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let store = open(&config)?;
    let started = std::time::Instant::now();
    refuse(&store.check(Some(START_SAMPLE))?, &config)?;
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        "store checked (a sample of every index)"
    );
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let demo_loaded = config.demo && demo::load_if_empty(&store, clock.as_ref()).await?;
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "built client not found: run `make build`");
    }
    let addr = config.addr;
    let state = AppState::new(store, config, clock)?;
    if demo_loaded {
        // The university is there either way; without its work in
        // progress the demo is only quieter.
        if let Err(e) = demo::work::add(&state).await {
            tracing::warn!("demo work in progress not added: {e:#}");
        }
        tracing::info!("demo data loaded (password {})", demo::DEMO_PASSWORD);
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    println!("校友联络员 listening on http://{addr}");
    server::serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// Asks the running server (`LIAISON_ADDR`, on this machine) for an online
/// backup into its `LIAISON_BACKUP_DIR`, with the token of
/// `LIAISON_DATA/ops.key`; fails (exit 1) unless it was written and checked.
fn backup_now(config: &Config) -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let key = config.data.join("ops.key");
    let token = std::fs::read_to_string(&key).with_context(|| {
        format!(
            "cannot read {} (is the server running on this data folder?)",
            key.display()
        )
    })?;
    let mut addr = config.addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let mut conn = std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(5))
        .with_context(|| format!("cannot reach the server at {addr}"))?;
    conn.set_read_timeout(Some(std::time::Duration::from_secs(3600)))?;
    write!(
        conn,
        "POST /api/v1/ops/backup HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        token.trim()
    )?;
    let mut answer = String::new();
    conn.read_to_string(&mut answer)?;
    let status = answer.split_whitespace().nth(1).unwrap_or_default();
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    if status != "200" {
        bail!("backup failed: HTTP {status} {body}");
    }
    println!("{body}");
    // The backup is written; a failed copy off the machine still fails the
    // unit, so that the operator sees it.
    let written: serde_json::Value = serde_json::from_str(body.trim()).unwrap_or_default();
    if written["copied"] == false {
        bail!(
            "备份已写入本机，但复制到别处失败 (the backup was written, its copy off the machine failed): {}",
            written["copy_error"].as_str().unwrap_or_default()
        );
    }
    Ok(())
}

async fn create_admin(config: &Config, username: &str) -> anyhow::Result<()> {
    let username = domain::validate::username(username).map_err(|e| anyhow::anyhow!("{e}"))?;
    let password = match std::env::var("LIAISON_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("新管理员的密码：");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    domain::validate::new_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let store = open(config)?;
    let now = SystemClock.now();
    let user = UserRecord::new(
        &username,
        "系统管理员",
        domain::Role::Admin,
        &server::password::hash_password(&password)?,
        now,
    );
    store.insert_user(
        &user,
        &AuditEntry {
            at: now,
            actor: "cli".into(),
            action: "user.create".into(),
            target: user.id.clone(),
            detail: serde_json::json!({ "username": username, "role": "admin" }),
        },
    )?;
    store.flush_now()?;
    println!("已创建管理员 {username}");
    Ok(())
}
