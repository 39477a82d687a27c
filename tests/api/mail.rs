//! E-mailed notifications end to end: a real SMTP conversation with a sink
//! the test runs on loopback, which refuses the first try; the notice is
//! retried and delivered once. Users who switched e-mail off get none.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use base64::Engine;
use reqwest::{Client, StatusCode};
use serde_json::json;
use tests::{TestApp, json};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// A minimal SMTP server: answers the commands a client sends, keeps every
/// message, and refuses `MAIL FROM` while `refuse` is above zero.
struct Sink {
    port: u16,
    messages: Arc<Mutex<Vec<String>>>,
    tries: Arc<AtomicU32>,
}

async fn sink(refuse: u32) -> anyhow::Result<Sink> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let messages = Arc::new(Mutex::new(Vec::new()));
    let tries = Arc::new(AtomicU32::new(0));
    let refuse = Arc::new(AtomicU32::new(refuse));
    let (kept, counted) = (messages.clone(), tries.clone());
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (kept, counted, refuse) = (kept.clone(), counted.clone(), refuse.clone());
            tokio::spawn(async move {
                let (r, mut w) = socket.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let cmd = line.to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if cmd.starts_with("MAIL FROM") {
                        counted.fetch_add(1, Ordering::SeqCst);
                        if refuse.load(Ordering::SeqCst) > 0 {
                            refuse.fetch_sub(1, Ordering::SeqCst);
                            b"451 4.3.0 try again later\r\n"
                        } else {
                            b"250 OK\r\n"
                        }
                    } else if cmd == "DATA" {
                        let _ = w.write_all(b"354 go ahead\r\n").await;
                        let mut text = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            text.push_str(&l);
                            text.push('\n');
                        }
                        kept.lock().map(|mut k| k.push(text)).ok();
                        b"250 queued\r\n"
                    } else if cmd == "QUIT" {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    if w.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    Ok(Sink {
        port,
        messages,
        tries,
    })
}

impl Sink {
    fn count(&self) -> usize {
        self.messages.lock().map(|m| m.len()).unwrap_or(0)
    }
}

/// Sets the caller's e-mail address and whether notices are mailed.
async fn mail_settings(app: &TestApp, who: &Client, address: &str, on: bool) -> anyhow::Result<()> {
    let me = json(who.get(app.api("/me")).send().await?).await?;
    let res = who
        .patch(app.api("/me"))
        .header("if-match", format!("\"{}\"", me["user"]["rev"]))
        .json(&json!({"email": address, "email_notifications": on}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await?["user"]["email_notifications"], on);
    Ok(())
}

/// The text of a message's body (base64 or plain), after its headers.
fn body_text(message: &str) -> String {
    let (head, body) = message.split_once("\n\n").unwrap_or((message, ""));
    if head
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: base64")
    {
        let raw: String = body.split_whitespace().collect();
        base64::engine::general_purpose::STANDARD
            .decode(raw)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    } else {
        body.to_owned()
    }
}

#[tokio::test]
async fn a_refused_notice_is_retried_and_mailed_once_and_nobody_who_opted_out_gets_one()
-> anyhow::Result<()> {
    let sink = sink(1).await?;
    let port = sink.port;
    let app = TestApp::spawn_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.smtp_from = Some("校友服务与发展中心 <alumni@example.edu.cn>".into());
        c.public_url = "https://xyh.example.edu.cn".into();
        c.mail_retry_secs = 1;
        c.mail_poll = Duration::from_millis(200);
    })
    .await?;
    let counselor = app.login_as("counselor.jg").await?;
    mail_settings(&app, &counselor, "counselor@example.edu.cn", true).await?;
    let dean = app.login_as("dean.jg").await?;
    mail_settings(&app, &dean, "dean@example.edu.cn", false).await?;

    let id = app.submit_demo_nomination("2023210121").await?;
    // The retry waits on the server's clock, which this test moves.
    for _ in 0..100 {
        if sink.count() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        app.clock.advance(1);
    }
    assert_eq!(sink.count(), 1, "delivered after the refusal");
    assert_eq!(
        sink.tries.load(Ordering::SeqCst),
        2,
        "one refusal, one retry"
    );
    let message = sink
        .messages
        .lock()
        .map(|m| m[0].clone())
        .unwrap_or_default();
    assert!(message.contains("counselor@example.edu.cn"), "{message}");
    assert!(message.contains("Message-ID: <notice-"), "{message}");
    let text = body_text(&message);
    assert!(text.contains("有推荐表待您审核"), "{text}");
    assert!(
        text.contains(&format!("https://xyh.example.edu.cn/nominations/{id}")),
        "{text}"
    );

    // The counselor approves: the dean (e-mail off) and the student (no
    // address) are told in the app only.
    let rev = app.store.nomination(&id)?.map(|n| n.rev).unwrap_or(0);
    let res = counselor
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    for _ in 0..30 {
        if app.store.outbox_len() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        app.clock.advance(1);
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(app.store.outbox_len(), 0, "nothing left queued");
    assert_eq!(
        sink.count(),
        1,
        "mailed once; none to who opted out or has no address"
    );
    let d = json(dean.get(app.api("/notifications")).send().await?).await?;
    assert_eq!(d["unread"], 1, "the dean still hears in the app");
    Ok(())
}

#[tokio::test]
async fn without_smtp_nothing_is_queued_and_an_old_queue_empties_unsent() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let counselor = app.login_as("counselor.jg").await?;
    mail_settings(&app, &counselor, "counselor@example.edu.cn", true).await?;
    let id = app.submit_demo_nomination("2023210121").await?;
    assert_eq!(app.store.outbox_len(), 0, "no mailer: nothing queued");
    let n = json(counselor.get(app.api("/notifications")).send().await?).await?;
    assert_eq!(n["unread"], 1, "the app still tells");
    // A queue left from a run with SMTP, now started without it: dropped,
    // nothing attempted.
    app.store.start_mail();
    let rev = app.store.nomination(&id)?.map(|n| n.rev).unwrap_or(0);
    let res = counselor
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.store.outbox_len(), 2, "the dean and the student");
    use server::clock::Clock;
    let sent = server::mail::run_once(&app.store, None, app.clock.now()).await?;
    assert_eq!(sent, 0);
    assert_eq!(app.store.outbox_len(), 0);
    Ok(())
}
