//! The university at its real size (issue #13), against the release server
//! in its own process on 127.0.0.1: builds the scale set with
//! `liaison-server scale`, starts the server on it, and prints every figure
//! next to its target with within/OVER. Asserts nothing; bounded in time
//! (BENCH_SECONDS per load, default 5) and stops the server at the end.
//!
//! Loads come from this in-repo generator: 64 connections, each its own
//! task, one request after another; GET /health is measured in the same
//! run so the ratios compare like with like on this machine.

use std::{
    collections::BTreeMap,
    process::{Child, Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::verdict;

const CONNECTIONS: usize = 64;

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

impl Server {
    fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    /// Peak resident memory of the server so far (VmHWM), in MB.
    fn peak_rss_mb(&self) -> f64 {
        self.memory_mb("VmHWM:")
    }

    /// Resident memory now, in MB.
    fn rss_mb(&self) -> f64 {
        self.memory_mb("VmRSS:")
    }

    fn memory_mb(&self, field: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }
}

impl Server {
    /// CPU seconds the server has used so far (user + system).
    fn cpu_seconds(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which ends with ')'): utime is the
        // 14th field of the line, stime the 15th.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let f: Vec<f64> = rest
            .split_whitespace()
            .map(|x| x.parse().unwrap_or(0.0))
            .collect();
        let ticks = f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0);
        ticks / 100.0
    }
}

fn client() -> anyhow::Result<Client> {
    Ok(Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(CONNECTIONS)
        .timeout(Duration::from_secs(60))
        .build()?)
}

async fn login(s: &Server, username: &str) -> anyhow::Result<Client> {
    let c = client()?;
    let res = c
        .post(s.api("/session"))
        .json(&json!({"username": username, "password": cli::scale::DEMO_PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(
        res.status() == StatusCode::OK,
        "login {username}: {}",
        res.status()
    );
    Ok(c)
}

/// What one load measured.
#[derive(Default)]
struct Stats {
    latencies: Vec<Duration>,
    statuses: BTreeMap<u16, u64>,
    seconds: f64,
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        self.latencies.extend(other.latencies);
        for (k, v) in other.statuses {
            *self.statuses.entry(k).or_default() += v;
        }
    }
    fn rps(&self) -> f64 {
        self.latencies.len() as f64 / self.seconds
    }
    fn p99_ms(&mut self) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        self.latencies.sort();
        let i = (self.latencies.len() * 99 / 100).min(self.latencies.len() - 1);
        self.latencies[i].as_secs_f64() * 1000.0
    }
    fn count(&self, pred: impl Fn(u16) -> bool) -> u64 {
        self.statuses
            .iter()
            .filter(|(k, _)| pred(**k))
            .map(|(_, v)| v)
            .sum()
    }
}

/// The stats of every task, over the time since `started`.
async fn gather(tasks: Vec<tokio::task::JoinHandle<Stats>>, started: Instant) -> Stats {
    let mut all = Stats::default();
    for t in tasks {
        if let Ok(st) = t.await {
            all.merge(st);
        }
    }
    all.seconds = started.elapsed().as_secs_f64();
    all
}

/// 64 tasks sending `GET url` for `seconds`, the i-th as `clients[i % n]`.
async fn get_load(clients: &[Client], url: &str, seconds: f64) -> Stats {
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = clients
        .iter()
        .cycle()
        .take(CONNECTIONS)
        .map(|c| tokio::spawn(get_until(c.clone(), url.to_owned(), until)))
        .collect();
    gather(tasks, started).await
}

/// One connection sending `GET url` with `c`, one after another, until `until`.
async fn get_until(c: Client, url: String, until: Instant) -> Stats {
    let mut st = Stats::default();
    while Instant::now() < until {
        let t = Instant::now();
        let code = match c.get(&url).send().await {
            Ok(r) => {
                let code = r.status().as_u16();
                let _ = r.bytes().await;
                code
            }
            Err(_) => 0,
        };
        st.latencies.push(t.elapsed());
        *st.statuses.entry(code).or_default() += 1;
    }
    st
}

/// One participant of the deadline spike: a student with a draft, the
/// counselor and dean of the class, its liaison and one of its entries.
struct Cycle {
    /// The class's drafts, each with its student's session and revision;
    /// a cycle takes the next one, so no record's history grows unreal.
    noms: Vec<(Client, String, u64)>,
    counselor: Client,
    dean: Client,
    liaison: Client,
    class: String,
    entry: String,
    entry_rev: u64,
    fields: Value,
}

fn rev_of(v: &Value, key: &str) -> Option<u64> {
    v[key]["rev"].as_u64()
}

impl Cycle {
    /// One write; returns (status, latency). Keeps the revisions current.
    async fn step(&mut self, s: &Server, n: u64) -> (u16, Duration) {
        let t = Instant::now();
        let which = (n / 5) as usize % self.noms.len();
        let (student, id, rev) = &self.noms[which];
        let if_match = format!("\"{rev}\"");
        let (req, key) = match n % 5 {
            0 => (
                student
                    .patch(s.api(&format!("/nominations/{id}")))
                    .header("If-Match", &if_match)
                    .json(&json!({"destination": format!("杭州，第{n}次保存")})),
                "nomination",
            ),
            1 => (
                student
                    .post(s.api(&format!("/nominations/{id}/submit")))
                    .header("If-Match", &if_match),
                "nomination",
            ),
            2 => (
                self.counselor
                    .post(s.api(&format!("/nominations/{id}/decision")))
                    .header("If-Match", &if_match)
                    .json(&json!({"decision": "approve", "opinion": "同意推荐"})),
                "nomination",
            ),
            3 => (
                self.dean
                    .post(s.api(&format!("/nominations/{id}/decision")))
                    .header("If-Match", &if_match)
                    .json(&json!({"decision": "return", "opinion": "请补充具体工作"})),
                "nomination",
            ),
            _ => {
                let mut fields = self.fields.clone();
                fields["wechat"] = json!(format!("wx{n}"));
                (
                    self.liaison
                        .put(s.api(&format!("/classes/{}/directory/{}", self.class, self.entry)))
                        .header("If-Match", format!("\"{}\"", self.entry_rev))
                        .json(&fields),
                    "entry",
                )
            }
        };
        let res = req.send().await;
        let elapsed = t.elapsed();
        let Ok(res) = res else { return (0, elapsed) };
        let code = res.status().as_u16();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        // A 412 answers with the current record: carry on from it.
        let current = if key == "entry" {
            rev_of(&body, "entry").or_else(|| body["current"]["rev"].as_u64())
        } else {
            rev_of(&body, "nomination").or_else(|| body["current"]["nomination"]["rev"].as_u64())
        };
        if let Some(r) = current {
            if key == "entry" {
                self.entry_rev = r;
            } else {
                self.noms[which].2 = r;
            }
        }
        (code, elapsed)
    }
}

async fn spike_cycles(s: &Server, office: &Client, year: &str) -> anyhow::Result<Vec<Cycle>> {
    // The drafts and returned forms of the university, by class.
    let mut by_class: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for state in ["draft", "returned"] {
        for page in 1..=20 {
            let v: Value = office
                .get(s.api(&format!(
                    "/nominations?campaign_id={year}&state={state}&size=200&page={page}"
                )))
                .send()
                .await?
                .json()
                .await?;
            let rows = v["nominations"].as_array().cloned().unwrap_or_default();
            if rows.is_empty() {
                break;
            }
            for n in rows {
                let class = n["class_id"].as_str().unwrap_or_default().to_owned();
                by_class.entry(class).or_default().push(n);
            }
        }
    }
    let mut sessions: BTreeMap<String, Client> = BTreeMap::new();
    let mut cycles = Vec::new();
    for (class, noms) in by_class.into_iter().take(CONNECTIONS) {
        let no = noms[0]["student_no"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let college = noms[0]["college"].as_str().unwrap_or_default().to_owned();
        let grade = class.split('-').nth(1).unwrap_or_default().to_owned();
        let mut names = vec![
            format!("counselor.{college}.{grade}"),
            format!("dean.{college}"),
            format!("{}01", &no[..8]),
        ];
        names.extend(
            noms.iter()
                .map(|n| n["student_no"].as_str().unwrap_or_default().to_owned()),
        );
        for u in &names {
            if !sessions.contains_key(u) {
                sessions.insert(u.clone(), login(s, u).await?);
            }
        }
        let liaison = sessions[&names[2]].clone();
        let dir: Value = liaison
            .get(s.api(&format!("/classes/{class}/directory")))
            .send()
            .await?
            .json()
            .await?;
        let e = &dir["entries"][5];
        let fields: serde_json::Map<String, Value> = [
            "name",
            "gender",
            "grade_major",
            "phone",
            "wechat",
            "email",
            "employer",
            "position",
            "address",
        ]
        .iter()
        .map(|k| ((*k).to_owned(), e[*k].clone()))
        .collect();
        cycles.push(Cycle {
            noms: noms
                .iter()
                .map(|n| {
                    let no = n["student_no"].as_str().unwrap_or_default();
                    (
                        sessions[no].clone(),
                        n["id"].as_str().unwrap_or_default().to_owned(),
                        n["rev"].as_u64().unwrap_or(0),
                    )
                })
                .collect(),
            counselor: sessions[&names[0]].clone(),
            dean: sessions[&names[1]].clone(),
            liaison,
            class,
            entry: e["id"].as_str().unwrap_or_default().to_owned(),
            entry_rev: e["rev"].as_u64().unwrap_or(0),
            fields: Value::Object(fields),
        });
    }
    Ok(cycles)
}

/// The spike's writes, and one of its counselors reading their to-do
/// meanwhile (whose rows each decision in their classes makes anew).
async fn spike(s: Arc<Server>, cycles: Vec<Cycle>, seconds: f64) -> (Stats, Stats) {
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let reader = cycles.first().map(|c| {
        tokio::spawn(get_until(
            c.counselor.clone(),
            s.api("/nominations?state=pending_counselor"),
            until,
        ))
    });
    let tasks: Vec<_> = cycles
        .into_iter()
        .map(|mut c| {
            let s = s.clone();
            tokio::spawn(async move {
                let mut st = Stats::default();
                // Drafts start with a save, returned ones too: the cycle is
                // save, submit, approve (counselor), return (dean), entry edit.
                let mut n = 0u64;
                while Instant::now() < until {
                    let (code, t) = c.step(&s, n).await;
                    st.latencies.push(t);
                    *st.statuses.entry(code).or_default() += 1;
                    n += 1;
                }
                st
            })
        })
        .collect();
    let writes = gather(tasks, started).await;
    let reads = gather(reader.into_iter().collect(), started).await;
    (writes, reads)
}

fn xlsx(header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let students: usize = std::env::var("SCALE_STUDENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60_000);
    let bin = std::env::var("LIAISON_BIN").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/release/liaison-server"
        )
        .into()
    });
    let data = tempfile::tempdir()?;
    let dir = data.path().join("data");

    // 1. The scale set, through the store's own write paths.
    let t = Instant::now();
    let out = Command::new(&bin)
        .args(["scale", &students.to_string()])
        .env("LIAISON_DATA", &dir)
        .env("RUST_LOG", "warn")
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "scale: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "  {:<44} {:>8.1} s   ({})",
        "build the scale set",
        t.elapsed().as_secs_f64(),
        String::from_utf8_lossy(&out.stdout).trim()
    );

    // 2. Start-up on it: until /health answers.
    let port = free_port()?;
    let t = Instant::now();
    let child = Command::new(&bin)
        .arg("serve")
        .env("LIAISON_DATA", &dir)
        .env("LIAISON_ADDR", format!("127.0.0.1:{port}"))
        .env("LIAISON_BACKUP_DIR", data.path().join("backups"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let s = Arc::new(Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    });
    let probe = client()?;
    loop {
        if let Ok(r) = probe.get(s.api("/health")).send().await
            && r.status() == StatusCode::OK
        {
            break;
        }
        anyhow::ensure!(
            t.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let startup = t.elapsed().as_secs_f64();
    println!(
        "  {:<44} {:>8.3} s   target ≤ 1 s: {}",
        "start-up on the scale set",
        startup,
        verdict(startup <= 1.0)
    );

    // 3. Reads, 64 connections each, side by side with /health.
    let year = (cli::scale::GRADUATING + 4).to_string();
    let class = "c01-2023-01";
    let office = login(&s, "office").await?;
    let counselor = login(&s, "counselor.c01.2023").await?;
    let liaison = login(&s, "2023010101").await?;
    let anon = client()?;
    let cpu = s.cpu_seconds();
    let mut health = get_load(std::slice::from_ref(&anon), &s.api("/health"), seconds).await;
    let cpu = (s.cpu_seconds() - cpu) / health.seconds;
    let h_rps = health.rps();
    println!(
        "  {:<44} {:>8.0} req/s  p99 {:>6.2} ms  (baseline)  server CPU {:.0}%",
        "GET /health",
        h_rps,
        health.p99_ms(),
        cpu * 100.0
    );
    // The graduating grade's counselor of every college, each with a to-do.
    let mut counselors = Vec::new();
    for c in 1..=20 {
        counselors.push(login(&s, &format!("counselor.c{c:02}.{}", cli::scale::GRADUATING)).await?);
    }
    let one = std::slice::from_ref;
    // The last field says why a line has no target (None: it has one).
    let reads: [(&str, &[Client], String, Option<&str>); 10] = [
        (
            "GET /me (a counselor of 19 classes)",
            one(&counselor),
            "/me".into(),
            Some("signing in and naming one's classes"),
        ),
        (
            "one class's directory (liaison)",
            one(&liaison),
            format!("/classes/{class}/directory"),
            None,
        ),
        (
            "one class's students (counselor)",
            one(&counselor),
            format!("/classes/{class}/students"),
            None,
        ),
        (
            "one class's photo (counselor)",
            one(&counselor),
            format!("/classes/{class}/photo"),
            None,
        ),
        (
            "a counselor's to-do",
            one(&counselor),
            "/nominations?state=pending_counselor".into(),
            None,
        ),
        (
            "the to-dos of 20 counselors at once",
            &counselors,
            "/nominations?state=pending_counselor".into(),
            None,
        ),
        (
            "the office's first page of nominations",
            one(&office),
            format!("/nominations?campaign_id={year}"),
            None,
        ),
        (
            "the office's to-do (待校友办审核, first page)",
            one(&office),
            "/nominations?state=pending_office".into(),
            None,
        ),
        (
            "GET /public/liaisons (no login)",
            one(&anon),
            "/public/liaisons".into(),
            Some("anyone may ask: the day's list, kept in memory"),
        ),
        (
            "the office's dashboard",
            one(&office),
            "/dashboard".into(),
            Some("O(all classes) by nature"),
        ),
    ];
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    for (name, c, path, untargeted) in reads {
        // BENCH_ONLY=reads runs them all; read:<word> those whose name has it.
        let picked = only.strip_prefix("read:").is_some_and(|w| name.contains(w));
        if !only.is_empty() && !only.contains("reads") && !picked {
            continue;
        }
        let cpu = s.cpu_seconds();
        let mut st = get_load(c, &s.api(&path), seconds).await;
        let cpu = (s.cpu_seconds() - cpu) / st.seconds;
        let ratio = st.rps() / h_rps;
        let p99 = st.p99_ms();
        let bad = st.count(|c| !(200..300).contains(&c));
        println!(
            "  {:<44} {:>8.0} req/s  p99 {:>6.2} ms  ratio {:.2}  non-2xx {}  server CPU {:.0}%, RSS {:.0} MB  {}",
            name,
            st.rps(),
            p99,
            ratio,
            bad,
            cpu * 100.0,
            s.rss_mb(),
            match untargeted {
                None => format!(
                    "target ≥ 0.5×, p99 ≤ 20 ms: {}",
                    verdict(ratio >= 0.5 && p99 <= 20.0 && bad == 0)
                ),
                Some(why) => format!("(no target; {why})"),
            }
        );
    }

    let run = |what: &str| only.is_empty() || only.contains(what);
    if run("logins") {
        // A class or two signing in at the same moment: every login is an
        // Argon2 of 19 MiB, so they queue on the cores instead of each
        // holding its memory at once (unbounded, 100 took 1.7 GB).
        let names: Vec<String> = (0..CONNECTIONS)
            .map(|i| format!("202301{:02}{:02}", 1 + i / 32, 1 + i % 32))
            .collect();
        let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let sampler = tokio::spawn({
            let (s, sampling) = (s.clone(), sampling.clone());
            async move {
                let mut most: f64 = 0.0;
                while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                    most = most.max(s.rss_mb());
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                most
            }
        });
        let t = Instant::now();
        let logins: Vec<_> = names
            .iter()
            .map(|u| {
                let (s, u) = (s.clone(), u.clone());
                tokio::spawn(async move { login(&s, &u).await.is_ok() })
            })
            .collect();
        let mut ok = 0;
        for l in logins {
            ok += usize::from(l.await.unwrap_or(false));
        }
        let took = t.elapsed().as_secs_f64();
        sampling.store(false, std::sync::atomic::Ordering::Relaxed);
        let most = sampler.await.unwrap_or_default();
        println!(
            "  {:<44} {:>8.2} s   ({ok} of {} signed in, {:.0} a second; RSS at most {most:.0} MB while they did)  target ≤ 300 MB, all in: {}",
            "64 logins at the same moment",
            took,
            names.len(),
            ok as f64 / took,
            verdict(most <= 300.0 && ok == names.len())
        );
    }
    if run("spike") {
        // 4. The deadline spike: saves, submits, two levels of decisions and
        // directory edits, every one durable before its answer.
        let cycles = spike_cycles(&s, &office, &year).await?;
        let n = cycles.len();
        let cpu = s.cpu_seconds();
        let (mut st, mut reads) = spike(s.clone(), cycles, seconds).await;
        let cpu = (s.cpu_seconds() - cpu) / st.seconds;
        let ok = st.count(|c| (200..300).contains(&c));
        let expected = st.count(|c| c == 409 || c == 412);
        let errors = st.count(|c| !(200..300).contains(&c) && c != 409 && c != 412);
        let wps = ok as f64 / st.seconds;
        let p99 = st.p99_ms();
        println!(
            "  {:<44} {:>8.0} writes/s p99 {:>6.2} ms  ({n} clients; 409/412 {expected}, errors {errors}; server CPU {:.0}% of one core, RSS {:.0} MB)  target ≥ 5000/s, p99 ≤ 50 ms, 0 errors: {}",
            "deadline spike (durable, audited writes)",
            wps,
            p99,
            cpu * 100.0,
            s.rss_mb(),
            verdict(wps >= 5000.0 && p99 <= 50.0 && errors == 0)
        );
        println!(
            "  {:<44} {:>8.0} req/s  p99 {:>6.2} ms  non-2xx {}  (no target; one connection, while each decision in their classes forgets that class's kept rows)",
            "a counselor's to-do during the spike",
            reads.rps(),
            reads.p99_ms(),
            reads.count(|c| !(200..300).contains(&c)),
        );
    }
    if run("files") {
        // 5. Files: the alumni export, a 500-row directory import, a 5,000-row roster job.
        let t = Instant::now();
        let res = office.get(s.api("/exports/alumni.xlsx")).send().await?;
        let status = res.status();
        let bytes = res.bytes().await?;
        let export = t.elapsed().as_secs_f64();
        let rows = tests::xlsx_text(&bytes).map_or(0, |(_, rows)| rows.len());
        println!(
            "  {:<44} {:>8.3} s   ({status}, {} rows, {} KB; ≈ {:.3} s per 20,000 rows; RSS {:.0} MB)  target ≤ 1 s per 20,000: {}",
            "alumni export, whole university",
            export,
            rows.saturating_sub(1),
            bytes.len() / 1024,
            export * 20_000.0 / rows.max(1) as f64,
            s.rss_mb(),
            verdict(export * 20_000.0 / rows.max(1) as f64 <= 1.0)
        );
        // The office's 学院报送 table: every college, both kinds, checks on
        // live data (each graduating class's nominations and directory).
        let t = Instant::now();
        let res = office.get(s.api("/submissions")).send().await?;
        let status = res.status();
        let body = res.bytes().await?;
        let list = t.elapsed().as_secs_f64();
        let n = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["submissions"].as_array().map(Vec::len))
            .unwrap_or(0);
        println!(
            "  {:<44} {:>8.3} s   ({status}, {n} submissions with live checks, {} KB)  target ≤ 1 s: {}",
            "学院报送 table, every college (office)",
            list,
            body.len() / 1024,
            verdict(list <= 1.0 && status.is_success())
        );
        // The admin's audit export of this month: every write of the scale
        // set and of the runs above is in it; other months are not read.
        let month = {
            use server::clock::Clock;
            let d = server::clock::SystemClock.today();
            format!("{:04}-{:02}", d.year(), d.month() as u8)
        };
        let admin = login(&s, "admin").await?;
        let t = Instant::now();
        let res = admin
            .get(s.api(&format!("/audit/export?month={month}")))
            .send()
            .await?;
        let status = res.status();
        let body = res.bytes().await?;
        let took = t.elapsed().as_secs_f64();
        println!(
            "  {:<44} {:>8.3} s   ({status}, {} rows, {} KB; RSS {:.0} MB)  (no target; O(the month))",
            "audit log export, this month (admin)",
            took,
            body.split(|b| *b == b'\n').count().saturating_sub(2),
            body.len() / 1024,
            s.rss_mb(),
        );
        let header = domain::directory::COLUMNS;
        let rows: Vec<Vec<String>> = (1..=500)
            .map(|i| {
                vec![
                    i.to_string(),
                    format!("校友{}", ["甲", "乙", "丙", "丁"][i % 4]),
                    if i % 2 == 0 { "男" } else { "女" }.into(),
                    "2023级计算机科学与技术".into(),
                    format!("137{:08}", i),
                    format!("wx_alumni_{i}"),
                    format!("alumni{i}@example.com"),
                    "某公司".into(),
                    "职员".into(),
                    "浙江省杭州市".into(),
                ]
            })
            .collect();
        let file = xlsx(&header, &rows)?;
        let t = Instant::now();
        let res = counselor
            .post(s.api("/classes/c01-2023-02/directory/import"))
            .header("content-type", server::xlsx::MIME)
            .body(file)
            .send()
            .await?;
        let status = res.status();
        let _ = res.bytes().await;
        let import = t.elapsed().as_secs_f64();
        println!(
            "  {:<44} {:>8.3} s   ({status})  target ≤ 1 s: {}",
            "500-row directory import",
            import,
            verdict(import <= 1.0 && status.is_success())
        );
        let roster: Vec<Vec<String>> = (0..5000)
            .map(|i| {
                vec![
                    format!("2027{:06}", i + 1),
                    format!("新生{}", ["甲", "乙", "丙", "丁", "戊"][i % 5]),
                    if i % 2 == 0 { "男" } else { "女" }.into(),
                    "c01".into(),
                    "2027".into(),
                    "软件工程".into(),
                    format!("{}班", i / 40 + 1),
                    "本科".into(),
                ]
            })
            .collect();
        let file = xlsx(&domain::roster::STUDENT_COLUMNS, &roster)?;
        let t = Instant::now();
        let res = admin
            .post(s.api("/rosters/students"))
            .header("content-type", server::xlsx::MIME)
            .body(file)
            .send()
            .await?;
        let accepted = t.elapsed().as_secs_f64();
        let job: Value = res.json().await?;
        let id = job["job"]["id"].as_str().unwrap_or_default().to_owned();
        let mut rss_by_step: BTreeMap<String, f64> = BTreeMap::new();
        let state = loop {
            let v: Value = admin
                .get(s.api(&format!("/jobs/{id}")))
                .send()
                .await?
                .json()
                .await?;
            let step = v["job"]["step"].as_str().unwrap_or_default().to_owned();
            let rss = rss_by_step.entry(step).or_default();
            *rss = rss.max(s.rss_mb());
            if v["job"]["state"] != "running" || t.elapsed() > Duration::from_secs(300) {
                break v["job"]["state"].clone();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let job_time = t.elapsed().as_secs_f64();
        println!(
            "  {:<44} {:>8.3} s   (202 after {:.3} s, job {state}; RSS {:.0} MB, highest seen per step {rss_by_step:?})  target ≤ 15 s: {}",
            "5,000-row roster import job",
            job_time,
            accepted,
            s.rss_mb(),
            verdict(job_time <= 15.0 && state == "done")
        );
    }
    if run("backup") {
        backup_drill(&s, &office, &year, &bin, data.path(), seconds).await?;
    }
    let rss = s.peak_rss_mb();
    println!(
        "  {:<44} {:>8.0} MB  target ≤ 300 MB: {}",
        "peak RSS of the server",
        rss,
        verdict(rss <= 300.0)
    );
    Ok(())
}

/// The backup's records, line by line, without the ids' base a restore
/// writes into `meta` (`id_base`).
fn records(file: &std::path::Path) -> anyhow::Result<Vec<String>> {
    use base64::Engine;
    let id_base = base64::engine::general_purpose::STANDARD.encode("id_base");
    let text = std::fs::read_to_string(file)?;
    Ok(text
        .lines()
        .filter(|l| l.starts_with("{\"t\":"))
        .filter(|l| !(l.starts_with("{\"t\":\"meta\"") && l.contains(&id_base)))
        .map(str::to_owned)
        .collect())
}

/// The restore drill at the university's size: an online backup while
/// the deadline spike writes (how long writes waited), restored into an
/// empty folder (the RTO's main part), the restored store checked whole,
/// and every record compared with the backup's.
async fn backup_drill(
    s: &Arc<Server>,
    office: &Client,
    year: &str,
    bin: &str,
    data: &std::path::Path,
    seconds: f64,
) -> anyhow::Result<()> {
    let token = std::fs::read_to_string(data.join("data/ops.key"))?;
    let cycles = spike_cycles(s, office, year).await?;
    let writers = tokio::spawn(spike(s.clone(), cycles, seconds.max(3.0)));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let t = Instant::now();
    let written: Value = client()?
        .post(s.api("/ops/backup"))
        .bearer_auth(token.trim())
        .send()
        .await?
        .json()
        .await?;
    let took = t.elapsed().as_secs_f64();
    let (mut writes, _) = writers.await?;
    let held = written["writes_held_ms"].as_f64().unwrap_or(f64::NAN);
    let file = std::path::PathBuf::from(written["file"].as_str().unwrap_or_default());
    println!(
        "  {:<44} {:>8.3} s   ({} records, {} MB; writes held {held:.0} ms; the spike meanwhile: p99 {:.1} ms, slowest {:.0} ms)  target: writes held ≤ 2000 ms: {}",
        "online backup during the spike",
        took,
        written["records"],
        written["bytes"].as_u64().unwrap_or(0) / 1_048_576,
        writes.p99_ms(),
        writes
            .latencies
            .iter()
            .max()
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        verdict(held <= 2000.0)
    );
    let restored = data.join("restored");
    let t = Instant::now();
    let out = Command::new(bin)
        .args(["restore", &file.to_string_lossy()])
        .env("LIAISON_DATA", &restored)
        .env("RUST_LOG", "warn")
        .output()?;
    let restore = t.elapsed().as_secs_f64();
    anyhow::ensure!(
        out.status.success(),
        "restore: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = Instant::now();
    let out = Command::new(bin)
        .arg("check")
        .env("LIAISON_DATA", &restored)
        .env("RUST_LOG", "warn")
        .output()?;
    let check = t.elapsed().as_secs_f64();
    let checked = out.status.success();
    let again = data.join("again.backup");
    let out = Command::new(bin)
        .args(["backup", &again.to_string_lossy()])
        .env("LIAISON_DATA", &restored)
        .env("RUST_LOG", "warn")
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "backup of the restored store: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (a, b) = (records(&file)?, records(&again)?);
    let differ = a.len().abs_diff(b.len()) + a.iter().zip(&b).filter(|(x, y)| x != y).count();
    println!(
        "  {:<44} {:>8.3} s   (then the whole store checked in {check:.1} s: {}; {} records compared with the backup, {differ} differ)  target: 0 differ: {}",
        "restore into an empty folder",
        restore,
        if checked { "sound" } else { "FAILED" },
        a.len(),
        verdict(differ == 0 && checked)
    );
    Ok(())
}
