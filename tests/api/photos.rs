//! Graduation photos: uploads checked by content and cleaned, the name list
//! against the roster, the Word list and a college's .zip re-opened.

use reqwest::StatusCode;
use serde_json::json;
use tests::{TestApp, json, unzip};

const CLASS: &str = "xx-2023-cs-1";
const FOLDER: &str = "2023级计算机科学与技术专业1班级";

/// A real JPEG (made by Chromium's encoder) with a comment segment that
/// carries a position, as a phone's metadata would.
fn jpeg_with_metadata() -> anyhow::Result<Vec<u8>> {
    let jpg = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/class-photo.jpg"),
    )?;
    let text = b"GPS 34.26N 108.94E";
    let mut out = jpg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xFE, 0x00, (text.len() + 2) as u8]);
    out.extend_from_slice(text);
    out.extend_from_slice(&jpg[2..]);
    Ok(out)
}

#[tokio::test]
async fn a_counselor_uploads_the_photo_and_its_metadata_is_gone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let url = app.api(&format!("/classes/{CLASS}/photo"));
    let before = json(c.get(&url).send().await?).await?;
    assert_eq!(before["photo"]["has_image"], false);
    assert_eq!(before["photo"]["folder"], FOLDER);
    let res = c
        .put(&url)
        .header("content-type", "application/octet-stream")
        .body(jpeg_with_metadata()?)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let p = json(res).await?;
    assert_eq!(p["photo"]["has_image"], true);
    assert_eq!(p["photo"]["uploaded_by_name"], "赵老师");
    let img = c.get(format!("{url}/image")).send().await?;
    assert_eq!(
        img.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/jpeg")
    );
    let bytes = img.bytes().await?;
    assert!(bytes.starts_with(&[0xFF, 0xD8]));
    assert!(
        !String::from_utf8_lossy(&bytes).contains("GPS"),
        "metadata stripped"
    );
    assert!(bytes.len() > 1000, "the image itself is kept");
    Ok(())
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_clear_message() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let url = app.api(&format!("/classes/{CLASS}/photo"));
    for (what, body) in [
        ("a GIF", b"GIF89a\x01\x00\x01\x00".to_vec()),
        (
            "a renamed text file",
            "这是一个改了扩展名的文本文件.jpg".as_bytes().to_vec(),
        ),
        ("a cut-off JPEG", jpeg_with_metadata()?[..200].to_vec()),
    ] {
        let res = c
            .put(&url)
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{what}");
        let msg = json(res).await?["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(msg.contains("JPEG"), "{what}: {msg}");
    }
    let big = c
        .put(&url)
        .header("content-type", "application/octet-stream")
        .body(vec![0xFFu8; 15 * 1024 * 1024 + 1])
        .send()
        .await?;
    assert_eq!(big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        json(big).await?["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("过大"))
    );
    assert_eq!(
        json(c.get(&url).send().await?).await?["photo"]["has_image"],
        false
    );
    // Only the class's editors upload; other colleges do not see the class.
    let classmate = app.login_as("2023110105").await?;
    assert_eq!(
        classmate
            .put(&url)
            .header("content-type", "application/octet-stream")
            .body(jpeg_with_metadata()?)
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    let other = app.login_as("counselor.jg").await?;
    assert_eq!(
        other
            .put(&url)
            .header("content-type", "application/octet-stream")
            .body(jpeg_with_metadata()?)
            .send()
            .await?
            .status(),
        StatusCode::NOT_FOUND
    );
    app.appoint_liaison("2023110106").await?;
    let liaison = app.login_as("2023110106").await?;
    assert_eq!(
        liaison
            .put(&url)
            .header("content-type", "application/octet-stream")
            .body(jpeg_with_metadata()?)
            .send()
            .await?
            .status(),
        StatusCode::OK
    );
    Ok(())
}

#[tokio::test]
async fn the_name_list_is_checked_and_becomes_a_word_list_with_teachers_underlined()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let url = app.api(&format!("/classes/{CLASS}/photo"));
    let roster: Vec<String> = app
        .store
        .users()?
        .into_iter()
        .filter(|u| u.classes.iter().any(|x| x == CLASS))
        .map(|u| u.name)
        .collect();
    let (a, b, d) = (&roster[0], &roster[1], &roster[2]);
    let bad = c
        .put(format!("{url}/names"))
        .json(&json!({"text": "王子涵 张三!"}))
        .send()
        .await?;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(bad).await?["error"]["fields"]["text"]
            .as_str()
            .is_some_and(|m| m.contains("第一排"))
    );
    let text = format!("*赵老师 {a} {b}\n{d}、陌生人\n*孙老师");
    let res = c
        .put(format!("{url}/names"))
        .json(&json!({ "text": text }))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let p = json(res).await?;
    assert_eq!(
        p["photo"]["unknown_names"],
        json!(["陌生人"]),
        "teachers are not checked"
    );
    assert_eq!(
        p["photo"]["names"]["rows"].as_array().map(Vec::len),
        Some(3)
    );

    let docx = c.get(format!("{url}/names.docx")).send().await?;
    assert_eq!(docx.status(), StatusCode::OK);
    let files = unzip(&docx.bytes().await?)?;
    let xml = files
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .ok_or_else(|| anyhow::anyhow!("no document.xml"))?;
    assert!(
        xml.contains("信息工程学院 2023级计算机科学与技术专业1班毕业合影人员名单注(划线者为教师)"),
        "{xml}"
    );
    // Rows in order, names in order, teachers underlined, students not.
    let pos = |s: &str| xml.find(s).unwrap_or(usize::MAX);
    assert!(pos("第一排左起") < pos(a.as_str()) && pos(a.as_str()) < pos(b.as_str()));
    assert!(pos(b.as_str()) < pos("第二排左起") && pos("第二排左起") < pos(d.as_str()));
    assert!(pos("第三排左起") < pos("孙老师"));
    let underlined = |name: &str| {
        let at = pos(name);
        let run = xml[..at].rfind("<w:r>").unwrap_or(0);
        xml[run..at].contains("<w:u w:val=\"single\"/>")
    };
    assert!(underlined("赵老师") && underlined("孙老师"));
    assert!(!underlined(a) && !underlined(d) && !underlined("陌生人"));
    Ok(())
}

#[tokio::test]
async fn the_office_downloads_a_colleges_folders_and_sees_who_has_not_sent() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let url = app.api(&format!("/classes/{CLASS}/photo"));
    assert_eq!(
        c.put(&url)
            .header("content-type", "application/octet-stream")
            .body(jpeg_with_metadata()?)
            .send()
            .await?
            .status(),
        StatusCode::OK
    );
    c.put(format!("{url}/names"))
        .json(&json!({"text": "*赵老师 王子涵"}))
        .send()
        .await?;
    let office = app.login_as("office").await?;
    let res = office
        .get(app.api("/exports/photos.zip?college=xx"))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    let files = unzip(&res.bytes().await?)?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&format!("{FOLDER}/{FOLDER}.jpg").as_str()),
        "{names:?}"
    );
    assert!(
        names.contains(&format!("{FOLDER}/{FOLDER}人员名单.docx").as_str()),
        "{names:?}"
    );
    assert!(
        names.iter().all(|n| n.starts_with(FOLDER)),
        "only the class that sent: {names:?}"
    );
    let jpg = files
        .iter()
        .find(|(n, _)| n.ends_with(".jpg"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    assert!(jpg.starts_with(&[0xFF, 0xD8]) && !String::from_utf8_lossy(&jpg).contains("GPS"));
    let jg = unzip(
        &office
            .get(app.api("/exports/photos.zip?college=jg"))
            .send()
            .await?
            .bytes()
            .await?,
    )?;
    assert!(jg.is_empty());
    assert!(
        app.store
            .audit_log()?
            .iter()
            .any(|e| e.action == "export.photos")
    );
    // A dean gets their college only; students and counselors get none.
    let dean = app.login_as("dean.jg").await?;
    let theirs = unzip(
        &dean
            .get(app.api("/exports/photos.zip"))
            .send()
            .await?
            .bytes()
            .await?,
    )?;
    assert!(theirs.is_empty());
    for user in ["2023110105", "counselor.xx"] {
        let u = app.login_as(user).await?;
        assert_eq!(
            u.get(app.api("/exports/photos.zip")).send().await?.status(),
            StatusCode::FORBIDDEN
        );
    }
    // The dashboard and the progress show who has sent.
    let d = json(office.get(app.api("/dashboard")).send().await?).await?;
    let per: Vec<(String, u64)> = d["colleges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                c["college"].as_str().unwrap_or_default().to_owned(),
                c["photos_received"].as_u64().unwrap_or(9),
            )
        })
        .collect();
    assert_eq!(per, [("jg".to_owned(), 0), ("xx".to_owned(), 1)]);
    let p = json(office.get(app.api("/directory/progress")).send().await?).await?;
    let missing: Vec<&str> = p["classes"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter(|c| c["photo"] == false)
                .filter_map(|c| c["class_id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(missing.len(), 3);
    assert!(!missing.contains(&CLASS));
    Ok(())
}
