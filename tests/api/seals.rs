//! Seals: PNG only (by content), size-limited, metadata stripped, admin only.

use base64::{Engine, engine::general_purpose::STANDARD};
use reqwest::StatusCode;
use tests::{TestApp, json};

/// A real 1×1 PNG, with a text chunk inserted after its header.
fn png_with_text() -> anyhow::Result<Vec<u8>> {
    let png = STANDARD.decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    )?;
    let mut text = 14u32.to_be_bytes().to_vec();
    text.extend_from_slice(b"tEXtAuthor\0someone\0\0\0\0");
    let mut out = png[..33].to_vec();
    out.extend_from_slice(&text);
    out.extend_from_slice(&png[33..]);
    Ok(out)
}

#[tokio::test]
async fn the_admin_uploads_a_college_seal_and_its_metadata_is_stripped() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let res = admin
        .put(app.api("/seals/xx"))
        .header("content-type", "application/octet-stream")
        .body(png_with_text()?)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await?["seal"]["width"], 1);
    let img = admin.get(app.api("/seals/xx/image")).send().await?;
    assert_eq!(
        img.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    let bytes = img.bytes().await?;
    assert!(bytes.starts_with(b"\x89PNG"));
    assert!(
        !bytes.windows(4).any(|w| w == b"tEXt"),
        "metadata must be stripped"
    );

    let office = app.login_as("office").await?;
    let list = json(office.get(app.api("/seals")).send().await?).await?;
    let seals = list["seals"].as_array().cloned().unwrap_or_default();
    assert_eq!(seals.len(), 3, "center and two colleges");
    assert!(
        seals
            .iter()
            .any(|s| s["owner"] == "xx" && s["uploaded"] == true)
    );
    assert!(
        seals
            .iter()
            .any(|s| s["owner"] == "center" && s["uploaded"] == false)
    );
    Ok(())
}

#[tokio::test]
async fn bad_seal_uploads_are_refused_with_a_clear_message() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let text = admin
        .put(app.api("/seals/center"))
        .header("content-type", "application/octet-stream")
        .body("not an image, just text.png")
        .send()
        .await?;
    assert_eq!(text.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        json(text).await?["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("PNG")
    );
    let jpeg = admin
        .put(app.api("/seals/center"))
        .header("content-type", "application/octet-stream")
        .body(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'])
        .send()
        .await?;
    assert_eq!(jpeg.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let mut big = png_with_text()?;
    big.resize(513 * 1024, 0);
    assert_eq!(
        admin
            .put(app.api("/seals/center"))
            .header("content-type", "application/octet-stream")
            .body(big)
            .send()
            .await?
            .status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let unknown = admin
        .put(app.api("/seals/zz"))
        .header("content-type", "application/octet-stream")
        .body(png_with_text()?)
        .send()
        .await?;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    Ok(())
}

#[tokio::test]
async fn only_the_admin_uploads_and_students_never_see_seals() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for user in ["office", "dean.xx", "counselor.xx", "2023110101"] {
        let c = app.login_as(user).await?;
        let res = c
            .put(app.api("/seals/xx"))
            .header("content-type", "application/octet-stream")
            .body(png_with_text()?)
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
    }
    let admin = app.login_as("admin").await?;
    admin
        .put(app.api("/seals/xx"))
        .header("content-type", "application/octet-stream")
        .body(png_with_text()?)
        .send()
        .await?;
    let student = app.login_as("2023110101").await?;
    assert_eq!(
        student
            .get(app.api("/seals/xx/image"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        student.get(app.api("/seals")).send().await?.status(),
        StatusCode::FORBIDDEN
    );
    // Staff see their own college's seal and the center's, not another
    // college's (an office and the admin see every one).
    for (user, owner, status) in [
        ("dean.xx", "xx", StatusCode::OK),
        ("counselor.xx", "xx", StatusCode::OK),
        ("office", "xx", StatusCode::OK),
        ("dean.jg", "xx", StatusCode::NOT_FOUND),
        ("counselor.jg", "xx", StatusCode::NOT_FOUND),
    ] {
        let c = app.login_as(user).await?;
        let res = c
            .get(app.api(&format!("/seals/{owner}/image")))
            .send()
            .await?;
        assert_eq!(res.status(), status, "{user} reads the seal of {owner}");
    }
    Ok(())
}
