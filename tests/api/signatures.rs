//! Handwritten signatures over HTTP: a dean keeps one (cleaned like a
//! seal), approves with it, and the step freezes it: after the dean draws
//! a new one, last week's form still shows the old, this week's the new;
//! a frozen signature is read through its nomination only.

use base64::{Engine, engine::general_purpose::STANDARD};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tests::{TestApp, json};

const BLUE: &str = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEElEQVR4nGMQEVkARwzIHABM+gZBYQshsAAAAABJRU5ErkJggg==";
const RED: &str = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEElEQVR4nGNYICICRwzIHABVugZBjXSJQgAAAABJRU5ErkJggg==";

async fn sign(app: &TestApp, who: &Client, png: &str) -> anyhow::Result<Value> {
    let res = who
        .put(app.api("/me/signature"))
        .header("content-type", "image/png")
        .body(STANDARD.decode(png)?)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    json(res).await
}

/// Approves `id` as `who`; the last step of its history.
async fn approve(app: &TestApp, who: &Client, id: &str) -> anyhow::Result<Value> {
    let one = app.api(&format!("/nominations/{id}"));
    let rev = json(who.get(&one).send().await?).await?["nomination"]["rev"]
        .as_u64()
        .unwrap_or_default();
    let res = who
        .post(app.api(&format!("/nominations/{id}/decision")))
        .header("if-match", format!("\"{rev}\""))
        .json(&json!({"decision": "approve", "opinion": "同意"}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let n = json(res).await?;
    Ok(n["nomination"]["history"]
        .as_array()
        .and_then(|h| h.last())
        .cloned()
        .unwrap_or(Value::Null))
}

#[tokio::test]
async fn each_decision_freezes_the_signature_it_was_signed_with() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let dean = app.login_as("dean.xx").await?;
    assert_eq!(
        json(dean.get(app.api("/me/signature")).send().await?).await?["sha256"],
        Value::Null
    );
    // Not a picture: refused, in Chinese.
    let res = dean
        .put(app.api("/me/signature"))
        .header("content-type", "image/png")
        .body(b"GIF89a not a signature".to_vec())
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let said = json(res).await?["error"]["message"].clone();
    assert!(said.as_str().is_some_and(tests::has_chinese), "{said}");
    let old = sign(&app, &dean, BLUE).await?["sha256"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(old.len(), 64);

    // Last week's form, signed with the blue one.
    let last_week = app.demo_nomination("2023110121")?;
    let step = approve(&app, &dean, &last_week).await?;
    assert_eq!(step["signature"], old.as_str());
    // Then a new signature; this week's form gets it.
    let new = sign(&app, &dean, RED).await?["sha256"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_ne!(new, old);
    let counselor = app.login_as("counselor.xx").await?;
    let this_week = app.demo_nomination("2023110120")?;
    let counselor_step = approve(&app, &counselor, &this_week).await?;
    assert_eq!(
        counselor_step.get("signature"),
        None,
        "the counselor keeps none: the typed name"
    );
    let step = approve(&app, &dean, &this_week).await?;
    assert_eq!(step["signature"], new.as_str());

    // Each form shows its own: the old one is still served through last week's form.
    let image = |id: &str, sha: &str| app.api(&format!("/nominations/{id}/signatures/{sha}"));
    let res = dean.get(image(&last_week, &old)).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    assert!(res.bytes().await?.starts_with(b"\x89PNG"));
    let history = json(
        dean.get(app.api(&format!("/nominations/{last_week}")))
            .send()
            .await?,
    )
    .await?["nomination"]["history"]
        .clone();
    assert!(
        history
            .as_array()
            .into_iter()
            .flatten()
            .any(|h| h["signature"] == old.as_str()),
        "last week's form keeps the old signature"
    );
    // Only through a form that names it, and only for whoever reads that form.
    assert_eq!(
        dean.get(image(&last_week, &new)).send().await?.status(),
        StatusCode::NOT_FOUND
    );
    let other = app.login_as("counselor.jg").await?;
    assert_eq!(
        other.get(image(&last_week, &old)).send().await?.status(),
        StatusCode::NOT_FOUND
    );
    // Written on the pad: the canvas's data URL as it comes.
    let res = dean
        .put(app.api("/me/signature/drawn"))
        .json(&json!({ "data_url": format!("data:image/png;base64,{BLUE}") }))
        .send()
        .await?;
    assert_eq!(
        json(res).await?["sha256"],
        old.as_str(),
        "the same picture, the same file"
    );
    let res = dean
        .put(app.api("/me/signature/drawn"))
        .json(&json!({ "data_url": "data:text/html;base64,PGgxPg==" }))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Removed: the next step carries none (the typed name, as before).
    let res = dean.delete(app.api("/me/signature")).send().await?;
    assert_eq!(json(res).await?["sha256"], Value::Null);
    assert!(
        app.store
            .audit_log()?
            .iter()
            .any(|e| e.action == "signature.set"),
        "audited"
    );
    Ok(())
}

#[tokio::test]
async fn the_certificate_shows_the_signature_of_the_appointing_step() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let office = app.login_as("office").await?;
    let sha = sign(&app, &office, BLUE).await?["sha256"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let id = app.demo_nomination("2023210120")?;
    let step = approve(&app, &office, &id).await?;
    assert_eq!(step["signature"], sha.as_str());
    assert_eq!(
        app.nomination_of("2023210120")?.state,
        domain::workflow::State::Appointed
    );
    // The liaison is the nomination's: its certificate draws the director's signature.
    let res = office
        .get(app.api(&format!("/liaisons/{id}/signature")))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await?.starts_with(b"\x89PNG"));
    let student = app.login_as("2023210120").await?;
    assert_eq!(
        student
            .get(app.api(&format!("/liaisons/{id}/signature")))
            .send()
            .await?
            .status(),
        StatusCode::OK,
        "the liaison prints their own certificate"
    );
    let outsider = app.login_as("counselor.xx").await?;
    assert_eq!(
        outsider
            .get(app.api(&format!("/liaisons/{id}/signature")))
            .send()
            .await?
            .status(),
        StatusCode::NOT_FOUND,
        "another college's counselor"
    );
    Ok(())
}
