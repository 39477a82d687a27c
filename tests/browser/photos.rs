//! 毕业合影 in real Chromium: a counselor uploads the photo and the name
//! list; the office downloads the college's folders.

use std::io::Read;

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT, click, fill};

const FOLDER: &str = "2023级计算机科学与技术专业1班级";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counselor_uploads_the_photo_and_names_and_the_office_downloads_the_zip()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "counselor.xx").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='毕业合影']"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//h2[normalize-space()='{FOLDER}']"
        )))
        .await?;
    let photo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/class-photo.jpg");
    c.find(Locator::Id("photo-file"))
        .await?
        .send_keys(&photo.canonicalize()?.to_string_lossy())
        .await?;
    click(c, "上传照片").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("img.class-photo"))
        .await?;
    // The browser decoded the stored photo.
    assert_eq!(
        tests::image_width(c, "img.class-photo", 160).await?,
        160,
        "the stored photo shows"
    );

    // A typo is flagged against the roster; a bad name is refused at once.
    fill(c, "photo-names", "*赵老师 王子涵 李佳其\n张天佑!").await?;
    let msg = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".field-error"))
        .await?;
    assert!(msg.text().await?.contains("第二排"));
    fill(c, "photo-names", "*赵老师 王子涵 李佳其\n张天佑 *孙老师").await?;
    click(c, "保存名单").await?;
    let flagged = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//p[contains(., '不在本班名单中')]"))
        .await?;
    assert!(flagged.text().await?.contains("李佳其"));
    b.screenshot("photos-375").await?;
    b.close().await?;

    let o = Browser::start(1280, 900).await?;
    let c = &o.client;
    o.log_in_home(&app, "office").await?;
    c.goto(&app.url("/dashboard")).await?;
    let link = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//a[contains(., '下载信息工程学院毕业合影')]",
        ))
        .await?;
    assert!(link.text().await?.contains("1 个班"));
    let href = link.attr("href").await?.unwrap_or_default();
    let bytes = o.fetch_bytes(&href).await?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        names.push(zip.by_index(i)?.name()?.to_string());
    }
    assert!(
        names.contains(&format!("{FOLDER}/{FOLDER}.jpg")),
        "{names:?}"
    );
    let mut doc = String::new();
    zip::ZipArchive::new(std::io::Cursor::new({
        let mut v = Vec::new();
        zip.by_name(&format!("{FOLDER}/{FOLDER}人员名单.docx"))?
            .read_to_end(&mut v)?;
        v
    }))?
    .by_name("word/document.xml")?
    .read_to_string(&mut doc)?;
    assert!(doc.contains("第二排左起") && doc.contains("孙老师"));
    o.screenshot("dashboard-photos-1280").await?;
    o.close().await
}
