//! Origin and body type (docs/SECURITY.md): every write of the route table
//! is refused when a browser says it comes from a sibling subdomain or
//! another origin, and every write that reads a body refuses one a page
//! could send without asking first. Generated from the route table, so a
//! new write is covered by default.

use reqwest::{Method, StatusCode};
use tests::{TestApp, json};

const REFUSED: &str = "拒绝来自其他网站的请求";

fn writes() -> impl Iterator<Item = (Method, String, &'static str, &'static str)> {
    server::routes::table()
        .iter()
        .filter(|r| r.method != "get")
        .map(
            |&server::routes::Route {
                 method: m, path: p, ..
             }| {
                let path: String = p
                    .split('/')
                    .map(|s| if s.starts_with('{') { "x" } else { s })
                    .collect::<Vec<_>>()
                    .join("/");
                let method =
                    Method::from_bytes(m.to_ascii_uppercase().as_bytes()).unwrap_or(Method::POST);
                (method, path, m, p)
            },
        )
}

#[tokio::test]
async fn a_write_from_another_origin_is_refused_before_anything_happens() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("office").await?;
    let before = app.store.audit_log()?.len();
    let host = app.addr.to_string();
    let mut checked = 0;
    for (method, path, ..) in writes() {
        for headers in [
            vec![("sec-fetch-site", "same-site".to_owned())],
            vec![("sec-fetch-site", "cross-site".to_owned())],
            vec![("origin", "https://evil.example.edu.cn".to_owned())],
            vec![("origin", "null".to_owned())],
            // Our port under another host name is another origin.
            vec![(
                "origin",
                format!("http://{}", host.replace("127.0.0.1", "localhost")),
            )],
        ] {
            let mut req = c
                .request(method.clone(), app.api(&path))
                .header("content-type", "application/json")
                .body("{}");
            for (k, v) in &headers {
                req = req.header(*k, v);
            }
            let res = req.send().await?;
            assert_eq!(
                res.status(),
                StatusCode::FORBIDDEN,
                "{method} {path} {headers:?}"
            );
            assert_eq!(
                json(res).await?["error"]["message"],
                REFUSED,
                "{method} {path}"
            );
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked} writes checked");
    assert_eq!(
        app.store.audit_log()?.len(),
        before,
        "a refused write wrote"
    );
    // The same requests from our own page are not refused for their origin.
    for (method, path, ..) in
        writes().filter(|(m, p, ..)| !(*m == Method::DELETE && p == "/session"))
    {
        for (k, v) in [
            ("sec-fetch-site", "same-origin".to_owned()),
            ("origin", format!("http://{host}")),
        ] {
            let res = c
                .request(method.clone(), app.api(&path))
                .header("content-type", "application/json")
                .header(k, v)
                .body("{}")
                .send()
                .await?;
            let status = res.status();
            let body = res.text().await?;
            assert!(
                !body.contains(REFUSED),
                "{method} {path} from our own origin ({k}): {status} {body}"
            );
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_body_a_page_could_send_unasked_is_refused_by_every_write_that_reads_one()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("office").await?;
    let mut checked = 0;
    for (method, path, m, p) in writes() {
        let route = server::routes::table()
            .iter()
            .find(|r| r.method == m && r.path == p);
        if method == Method::DELETE || route.is_some_and(|r| r.bodiless()) {
            continue;
        }
        // A route that reads a form (what a CAS server posts) reads that
        // type only; a page's form from another origin is refused by the
        // origin check above, as every write is.
        let form = route.is_some_and(|r| r.form());
        for ct in [
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
        ] {
            if form && ct == "application/x-www-form-urlencoded" {
                continue;
            }
            let res = c
                .request(method.clone(), app.api(&path))
                .header("content-type", ct)
                .body("{\"reason\":\"x\"}")
                .send()
                .await?;
            assert_eq!(
                res.status(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{method} {path} as {ct}"
            );
            assert_eq!(json(res).await?["error"]["code"], "unsupported_media_type");
            checked += 1;
        }
    }
    assert!(checked > 80, "{checked} bodies checked");
    // An upload of the wrong kind says which kind is wanted.
    let res = c
        .post(app.api("/rosters/students"))
        .header("content-type", "image/png")
        .body("x")
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        json(res).await?["error"]["message"],
        "请上传 Excel 文件（.xlsx）"
    );
    Ok(())
}
