//! The crash drill (issue #37): the server binary on a data folder of its
//! own, writers editing directory entries through the API while online
//! backups are taken, killed with SIGKILL at a random moment and started
//! again on the same folder, as sled's own crash test does. After each kill:
//! the store opens and passes the whole check (`liaison-server check`: every
//! index equals its rebuild from the records), every acknowledged write is
//! there (an entry holds its last acknowledged value or the one in flight
//! when the process died, never an older one), and every backup file named
//! as finished reads through whole. `DRILL_CYCLES` (default 10: `make
//! test`; `make drill` runs 200 on the release binary) cycles; prints the
//! figures.

use std::{
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

const CLASS: &str = "xx-2023-cs-1";
const WRITERS: usize = 8;

fn bin() -> String {
    std::env::var("LIAISON_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_liaison-server").into())
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Starts the server on `data` and waits for `/health`; `None` when it did
/// not come up within 30 s (a failed start).
async fn start(
    data: &std::path::Path,
    backups: &std::path::Path,
) -> anyhow::Result<Option<Server>> {
    let port = free_port()?;
    let child = Command::new(bin())
        .arg("serve")
        .env("LIAISON_DATA", data)
        .env("LIAISON_ADDR", format!("127.0.0.1:{port}"))
        .env("LIAISON_BACKUP_DIR", backups)
        .env("LIAISON_DEMO", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let s = Server {
        child,
        base: format!("http://127.0.0.1:{port}/api/v1"),
    };
    let c = reqwest::Client::new();
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until {
        if let Ok(r) = c.get(format!("{}/health", s.base)).send().await
            && r.status().is_success()
        {
            return Ok(Some(s));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(None)
}

async fn counselor(s: &Server) -> anyhow::Result<reqwest::Client> {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()?;
    let res = c
        .post(format!("{}/session", s.base))
        .json(&json!({"username": "counselor.xx", "password": cli::demo::DEMO_PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "login: {}", res.status());
    Ok(c)
}

async fn directory(s: &Server, c: &reqwest::Client) -> anyhow::Result<Vec<Value>> {
    let d: Value = c
        .get(format!("{}/classes/{CLASS}/directory", s.base))
        .send()
        .await?
        .json()
        .await?;
    Ok(d["entries"].as_array().cloned().unwrap_or_default())
}

/// What one writer knows of its entry: the value last acknowledged, and the
/// one sent when the process died (acknowledged or not).
#[derive(Default, Clone)]
struct Known {
    acked: Option<String>,
    in_flight: Option<String>,
}

/// Writes `employer` of entry `e` again and again until the server dies.
async fn writer(
    s_base: String,
    c: reqwest::Client,
    mut e: Value,
    tag: String,
    known: Arc<Mutex<Known>>,
    acks: Arc<Mutex<u64>>,
) {
    for n in 0.. {
        let value = format!("{tag}{n}");
        known.lock().unwrap_or_else(|p| p.into_inner()).in_flight = Some(value.clone());
        let id = e["id"].as_str().unwrap_or_default().to_owned();
        let mut fields = e.clone();
        fields["employer"] = json!(value);
        let res = c
            .put(format!("{s_base}/classes/{CLASS}/directory/{id}"))
            .header("if-match", format!("\"{}\"", e["rev"]))
            .json(&fields)
            .send()
            .await;
        let Ok(res) = res else { return };
        if !res.status().is_success() {
            return;
        }
        let Ok(body) = res.json::<Value>().await else {
            return;
        };
        e = body["entry"].clone();
        let mut k = known.lock().unwrap_or_else(|p| p.into_inner());
        k.acked = Some(value);
        k.in_flight = None;
        *acks.lock().unwrap_or_else(|p| p.into_inner()) += 1;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killed_at_random_moments_the_server_loses_nothing_it_acknowledged() -> anyhow::Result<()> {
    let cycles: u64 = std::env::var("DRILL_CYCLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir()?;
    let (data, backups) = (dir.path().join("data"), dir.path().join("backups"));
    let started = Instant::now();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ cycles;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut known = vec![Known::default(); WRITERS];
    let (mut acked, mut lost, mut failed_starts, mut failed_checks, mut killed_in_backup) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    for cycle in 0..cycles {
        let Some(s) = start(&data, &backups).await? else {
            failed_starts += 1;
            break;
        };
        let c = counselor(&s).await?;
        let entries = directory(&s, &c).await?;
        anyhow::ensure!(entries.len() >= WRITERS, "the demo class has its entries");
        // What the last kill left: never older than what was acknowledged.
        // What is there now is then known for sure.
        for (i, k) in known.iter_mut().enumerate() {
            let now = entries[i]["employer"].as_str().unwrap_or_default();
            if k.acked.is_some()
                && Some(now) != k.acked.as_deref()
                && Some(now) != k.in_flight.as_deref()
            {
                lost += 1;
                eprintln!(
                    "cycle {cycle}: entry {i} holds {now:?}, acknowledged {:?}",
                    k.acked
                );
            }
            *k = Known {
                acked: Some(now.to_owned()),
                in_flight: None,
            };
        }
        let shared: Vec<_> = known
            .iter()
            .map(|k| Arc::new(Mutex::new(k.clone())))
            .collect();
        let acks = Arc::new(Mutex::new(0u64));
        for (i, k) in shared.iter().enumerate() {
            tokio::spawn(writer(
                s.base.clone(),
                c.clone(),
                entries[i].clone(),
                format!("c{cycle}w{i}n"),
                k.clone(),
                acks.clone(),
            ));
        }
        // Every third cycle a backup is under way when the kill comes.
        let backing_up = cycle % 3 == 1;
        if backing_up {
            let token = std::fs::read_to_string(data.join("ops.key"))?;
            let base = s.base.clone();
            tokio::spawn(async move {
                let _ = reqwest::Client::new()
                    .post(format!("{base}/ops/backup"))
                    .bearer_auth(token.trim())
                    .send()
                    .await;
            });
        }
        tokio::time::sleep(Duration::from_millis(100 + next() % 500)).await;
        drop(s); // SIGKILL
        if backing_up {
            killed_in_backup += 1;
        }
        acked += *acks.lock().unwrap_or_else(|p| p.into_inner());
        for (k, shared) in known.iter_mut().zip(&shared) {
            *k = shared.lock().unwrap_or_else(|p| p.into_inner()).clone();
        }
        // The store opens and every index equals its rebuild.
        let out = Command::new(bin())
            .arg("check")
            .env("LIAISON_DATA", &data)
            .env("RUST_LOG", "warn")
            .output()?;
        if !out.status.success() {
            failed_checks += 1;
            eprintln!("cycle {cycle}: {}", String::from_utf8_lossy(&out.stderr));
        }
        // A backup named as finished reads through whole.
        for f in std::fs::read_dir(&backups).into_iter().flatten() {
            let path = f?.path();
            if path.extension().is_some_and(|e| e == "backup") {
                let file = std::io::BufReader::new(std::fs::File::open(&path)?);
                if let Err(e) = server::store::verify_backup(file) {
                    failed_checks += 1;
                    eprintln!("cycle {cycle}: {} does not read: {e}", path.display());
                }
            }
        }
    }
    // The last kill's writes, read once more.
    if let Some(s) = start(&data, &backups).await? {
        let c = counselor(&s).await?;
        let entries = directory(&s, &c).await?;
        for (i, k) in known.iter().enumerate() {
            let now = entries[i]["employer"].as_str().unwrap_or_default();
            if k.acked.is_some()
                && Some(now) != k.acked.as_deref()
                && Some(now) != k.in_flight.as_deref()
            {
                lost += 1;
            }
        }
    } else {
        failed_starts += 1;
    }
    println!(
        "crash drill: {cycles} cycles ({killed_in_backup} killed during a backup) in {:.0} s, {acked} writes acknowledged: {lost} lost, {failed_starts} failed starts, {failed_checks} failed checks",
        started.elapsed().as_secs_f64()
    );
    assert_eq!((lost, failed_starts, failed_checks), (0, 0, 0));
    assert!(acked > 0, "the writers wrote");
    Ok(())
}
