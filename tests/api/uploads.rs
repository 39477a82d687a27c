//! Uploads that are odd but harmless, and uploads that are bombs: a class
//! file with formatting in the last cell imports, a formula is named by row
//! and column, photos and seals declaring giant pictures are refused.

use domain::directory;
use reqwest::StatusCode;
use tests::{TestApp, has_chinese, hostile, json};

const CLASS: &str = "xx-2023-cs-1";
use server::xlsx::MIME as XLSX;

/// Posts a class file to the demo class's import.
async fn import(
    app: &TestApp,
    c: &reqwest::Client,
    file: Vec<u8>,
) -> anyhow::Result<reqwest::Response> {
    Ok(
        c.post(app.api(&format!("/classes/{CLASS}/directory/import")))
            .header("content-type", XLSX)
            .body(file)
            .send()
            .await?,
    )
}

#[tokio::test]
async fn formatting_in_the_last_cell_is_harmless_and_the_file_imports() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let row = format!(
        r#"{}<row r="1048576"><c r="XFD1048576" s="0"/></row>"#,
        hostile::entry_row(2, "王伟", "男", "13800000099", "")
    );
    let file = hostile::workbook(&directory::COLUMNS, "A1:XFD1048576", &row, None, 1)?;
    let res = import(&app, &c, file).await?;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await?);
    assert!(
        app.store
            .directory(CLASS)?
            .iter()
            .any(|e| e.fields.phone == "13800000099")
    );
    Ok(())
}

#[tokio::test]
async fn a_formula_is_named_by_row_and_column() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let c = app.login_as("counselor.xx").await?;
    let formula =
        r#"<c r="H3" t="str"><f>HYPERLINK("http://example.com","某公司")</f><v>某公司</v></c>"#;
    let row = format!(
        "{}{}",
        hostile::entry_row(2, "王伟", "男", "13800000099", ""),
        hostile::entry_row(3, "李娜", "女", "13800000098", formula)
    );
    let file = hostile::workbook(&directory::COLUMNS, "A1:H3", &row, None, 1)?;
    let res = import(&app, &c, file).await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await?;
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("第3行“工作单位”是公式，请粘贴为数值")),
        "{body}"
    );
    assert_eq!(body["rows"][0]["row"], 3);
    assert_eq!(body["rows"][0]["column"], "工作单位");
    Ok(())
}

/// A PNG of a few dozen bytes declaring `side`×`side` pixels.
fn png_declaring(side: u32) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8; 4], data: &[u8]| {
        v.extend_from_slice(&(data.len() as u32).to_be_bytes());
        v.extend_from_slice(kind);
        v.extend_from_slice(data);
        v.extend_from_slice(&[0, 0, 0, 0]);
    };
    let mut ihdr = side.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1]);
    chunk(b"IEND", &[]);
    v
}

/// A JPEG of a few dozen bytes declaring `side`×`side` pixels.
fn jpeg_declaring(side: u16) -> Vec<u8> {
    let [a, b] = side.to_be_bytes();
    let mut v = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x07, b'J', b'F', b'I', b'F', 0,
    ];
    v.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8, a, b, a, b, 1, 1, 0x11, 0]);
    v.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x04, 0x01, 0x00, 0x12, 0x34, 0xFF, 0xD9]);
    v
}

#[tokio::test]
async fn decompression_bombs_are_refused_as_photos_and_seals() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let counselor = app.login_as("counselor.xx").await?;
    let admin = app.login_as("admin").await?;
    let photo = app.api(&format!("/classes/{CLASS}/photo"));
    for (what, bytes) in [
        ("PNG 60000×60000", png_declaring(60000)),
        ("JPEG 60000×60000", jpeg_declaring(60000)),
    ] {
        let res = counselor
            .put(&photo)
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await?;
        let status = res.status();
        let body = json(res).await?;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{what}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("照片过大"), "{what}: {message}");
    }
    let seal = admin
        .put(app.api("/seals/center"))
        .header("content-type", "application/octet-stream")
        .body(png_declaring(60000))
        .send()
        .await?;
    assert_eq!(seal.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(has_chinese(
        json(seal).await?["error"]["message"]
            .as_str()
            .unwrap_or_default()
    ));
    // A photo of ordinary size still goes in.
    let ok = counselor
        .put(&photo)
        .header("content-type", "application/octet-stream")
        .body(jpeg_declaring(4000))
        .send()
        .await?;
    assert_eq!(ok.status(), StatusCode::OK, "{}", ok.text().await?);
    assert!(app.store.seal("center")?.is_none());
    Ok(())
}

/// Who may upload is decided before the file is read: a request nobody may
/// make is answered while its (large, declared) body has not even been sent,
/// so refused uploads cost no memory and hold no connection. Generated from
/// the route table (every route that reads a file).
#[tokio::test]
async fn a_refused_upload_is_answered_before_its_body_is_sent() -> anyhow::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await?;
    let res = app
        .login(&reqwest::Client::new(), "2023110101", tests::DEMO_PASSWORD)
        .await?;
    let cookie = tests::session_cookie(&res).unwrap_or_default();
    anyhow::ensure!(!cookie.is_empty(), "the student signed in");
    let uploads = server::routes::table()
        .iter()
        .filter(|r| r.upload().is_some());
    for &server::routes::Route { method, path, .. } in uploads {
        let path = path
            .replace("{id}", CLASS)
            .replace("{owner}", "xx")
            .replace("{entry}", "x");
        let mut tcp = tokio::net::TcpStream::connect(app.addr).await?;
        let head = format!(
            "{} /api/v1{path} HTTP/1.1\r\nhost: {}\r\ncookie: liaison_session={cookie}\r\n\
             content-type: application/octet-stream\r\ncontent-length: 4000000\r\n\r\n",
            method.to_ascii_uppercase(),
            app.addr
        );
        tcp.write_all(head.as_bytes()).await?;
        tcp.write_all(&[0u8; 1000]).await?;
        let mut answer = vec![0u8; 12];
        tokio::time::timeout(
            std::time::Duration::from_secs(5),
            tcp.read_exact(&mut answer),
        )
        .await
        .map_err(|_| anyhow::anyhow!("{method} {path}: no answer before the body"))??;
        let status = String::from_utf8_lossy(&answer[9..12]).into_owned();
        assert!(
            status == "403" || status == "404",
            "{method} {path}: {status}"
        );
    }
    Ok(())
}
