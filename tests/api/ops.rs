//! What the operator sees (issue #19): `/metrics` for this machine only,
//! the audit log by month for the admin.

use reqwest::StatusCode;
use tests::TestApp;

#[tokio::test]
async fn metrics_count_requests_by_route_and_refuse_clients_from_outside() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(|c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
    })
    .await?;
    let office = app.login_as("office").await?;
    for _ in 0..3 {
        office.get(app.api("/liaisons")).send().await?;
    }
    let c = reqwest::Client::new();
    let res = c.get(app.url("/metrics")).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await?;
    for want in [
        r#"liaison_http_requests_total{route="/api/v1/liaisons",method="GET",status="200"} 3"#,
        "liaison_http_request_seconds_bucket{",
        "liaison_commit_batch_writers_count",
        "liaison_commit_flush_seconds_sum",
        "liaison_store_bytes ",
        "liaison_sessions ",
        "liaison_mail_outbox 0",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
    // The raw path never becomes a label (bounded cardinality).
    let one = office.get(app.api("/liaisons/no-such-id")).send().await?;
    assert_eq!(one.status(), StatusCode::NOT_FOUND);
    let text = c.get(app.url("/metrics")).send().await?.text().await?;
    assert!(text.contains(r#"route="/api/v1/liaisons/{id}""#), "{text}");
    assert!(!text.contains("no-such-id"));
    // A client the proxy forwards from outside is not this machine.
    let outside = c
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await?;
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    Ok(())
}

#[tokio::test]
async fn the_admin_exports_one_months_audit_log() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let month = {
        use server::clock::Clock;
        let d = app.clock.today();
        format!("{:04}-{:02}", d.year(), d.month() as u8)
    };
    let office = app.login_as("office").await?;
    assert_eq!(
        office
            .get(app.api(&format!("/audit/export?month={month}")))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let bad = admin
        .get(app.api("/audit/export?month=2026-13"))
        .send()
        .await?;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = admin
        .get(app.api(&format!("/audit/export?month={month}")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await?;
    assert!(
        csv.starts_with("\u{feff}时间,账号,姓名,动作,对象,详情"),
        "{csv}"
    );
    assert!(
        csv.contains("\"session.login\""),
        "the logins of this test are there"
    );
    assert!(csv.contains("\"office\""));
    // Another month holds none of them.
    let empty = admin
        .get(app.api("/audit/export?month=2001-01"))
        .send()
        .await?
        .text()
        .await?;
    assert_eq!(empty.lines().count(), 1, "{empty}");
    Ok(())
}
