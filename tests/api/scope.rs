//! Object scope (docs/SECURITY.md, "Object scope"): under a class's path,
//! an object id names that class's object or nothing. Generated from the
//! route table, so a new `/classes/{id}/…/{…}` route is covered by default.

use reqwest::{Method, StatusCode};
use serde_json::json;
use tests::{TestApp, json};

/// Class A, whose counselor tries; class B, whose entry ids are known to
/// every classmate and the college's dean.
const A: &str = "xx-2023-cs-1";
const B: &str = "jg-2023-gc-1";

#[tokio::test]
async fn another_class_s_object_ids_under_a_class_path_are_not_found() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    // B's counselor opens B's directory (seeding it) and changes a phone,
    // so B's entry has a history with unmasked old and new numbers.
    let b = app.login_as("counselor.jg").await?;
    let dir = json(
        b.get(app.api(&format!("/classes/{B}/directory")))
            .send()
            .await?,
    )
    .await?;
    let target = dir["entries"][0].clone();
    let id = target["id"].as_str().unwrap_or_default().to_owned();
    anyhow::ensure!(!id.is_empty(), "B has an entry: {dir}");
    let mut fields = target.clone();
    fields["phone"] = json!("13912345678");
    let res = b
        .put(app.api(&format!("/classes/{B}/directory/{id}")))
        .header("if-match", format!("\"{}\"", target["rev"]))
        .json(&fields)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
    let b_entry = app.store.entry(B, &id)?;
    let b_history = app.store.entry_history(B, &id)?.len();
    assert_eq!(b_history, 1);

    let a = app.login_as("counselor.xx").await?;
    let mut tried = 0;
    for &server::routes::Route { method, path, .. } in server::routes::table() {
        let Some(rest) = path.strip_prefix("/classes/{id}/") else {
            continue;
        };
        if !rest.contains('{') {
            continue;
        }
        let url = app.api(&format!("/classes/{A}/{rest}"));
        let url = url
            .split('/')
            .map(|part| {
                if part.starts_with('{') {
                    id.as_str()
                } else {
                    part
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let method: Method = method.to_uppercase().parse()?;
        // Without a revision (a create, for PUT) and with B's.
        for rev in [None, Some(2)] {
            let mut req = a.request(method.clone(), &url);
            if let Some(rev) = rev {
                req = req.header("if-match", format!("\"{rev}\""));
            }
            if method == Method::PUT {
                req = req.json(&fields);
            }
            let res = req.send().await?;
            assert_eq!(
                res.status(),
                StatusCode::NOT_FOUND,
                "{method} {url} (If-Match {rev:?}): {}",
                res.text().await?
            );
            tried += 1;
        }
    }
    assert!(tried >= 6, "only {tried} requests were generated");
    // Nothing of B was changed, and A did not gain an entry of that id.
    assert_eq!(app.store.entry(B, &id)?, b_entry);
    assert_eq!(app.store.entry_history(B, &id)?.len(), b_history);
    assert!(app.store.entry(A, &id)?.is_none());
    Ok(())
}
