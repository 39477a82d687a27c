//! The admin imports a roster in the browser; an imported student logs in
//! with the one-time password and is made to change it first.

use fantoccini::Locator;
use rust_xlsxwriter::Workbook;
use tests::{Browser, TestApp, WAIT, click};

fn roster(rows: &[[&str; 8]]) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in domain::roster::STUDENT_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v)?;
        }
    }
    let file = tempfile::Builder::new().suffix(".xlsx").tempfile()?;
    std::fs::write(file.path(), book.save_to_buffer()?)?;
    Ok(file)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_imports_a_roster_and_a_new_student_must_change_the_password()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "admin").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='组织与账号']"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//td[normalize-space()='2023级工程管理1班']",
        ))
        .await?;

    // A bad file first: nothing is imported and every problem is listed.
    let bad = roster(&[
        [
            "2026110101",
            "王 小明",
            "男",
            "xx",
            "2026",
            "物联网工程",
            "1班",
            "本科",
        ],
        [
            "2026110102",
            "李华",
            "M",
            "xx",
            "2026",
            "物联网工程",
            "1班",
            "本科",
        ],
    ])?;
    let input = c.find(Locator::Css("#roster-students")).await?;
    input.send_keys(&bad.path().to_string_lossy()).await?;
    click(c, "导入学生名单").await?;
    let table = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".row-errors"))
        .await?;
    let text = table.text().await?;
    assert!(
        text.contains("姓名中不能有空格") && text.contains("性别"),
        "{text}"
    );
    b.screenshot("setup-import-errors-1280").await?;
    assert!(app.store.user_by_username("2026110101")?.is_none());

    let good = roster(&[
        [
            "2026110101",
            "王小明",
            "男",
            "xx",
            "2026",
            "物联网工程",
            "1班",
            "本科",
        ],
        [
            "2026110102",
            "李华",
            "女",
            "xx",
            "2026",
            "物联网工程",
            "1班",
            "本科",
        ],
    ])?;
    let input = c.find(Locator::Css("#roster-students")).await?;
    input.clear().await?;
    input.send_keys(&good.path().to_string_lossy()).await?;
    click(c, "导入学生名单").await?;
    let link = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//a[contains(., '初始密码（仅可下载一次）')]",
        ))
        .await?;
    let href = link.attr("href").await?.unwrap_or_default();
    // The new class appears in the list without a reload.
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//td[normalize-space()='2026级物联网工程1班']",
        ))
        .await?;
    b.screenshot("setup-import-done-1280").await?;

    // The admin's download (here through a second admin session) yields the password.
    let admin = app.login_as("admin").await?;
    let bytes = admin.get(app.url(&href)).send().await?.bytes().await?;
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow::anyhow!("no sheet"))??;
    let password = range
        .rows()
        .find(|r| matches!(&r[0], calamine::Data::String(s) if s == "2026110102"))
        .map(|r| r[3].to_string())
        .unwrap_or_default();
    assert_eq!(password.len(), 10);
    b.close().await?;

    // The student, on a phone, is sent to change the password first.
    let phone = Browser::start(375, 812).await?;
    phone.log_in(&app, "2026110102", &password).await?;
    let pc = &phone.client;
    pc.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#new-password"))
        .await?;
    let notice = pc.find(Locator::Css("p.notice")).await?.text().await?;
    assert!(notice.contains("修改初始密码"), "{notice}");
    // Other pages lead back here until the password is changed.
    pc.goto(&app.url("/directory")).await?;
    pc.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#new-password"))
        .await?;
    phone.screenshot("must-change-password-375").await?;
    pc.find(Locator::Css("#current-password"))
        .await?
        .send_keys(&password)
        .await?;
    pc.find(Locator::Css("#new-password"))
        .await?
        .send_keys("lihua2026ok")
        .await?;
    pc.find(Locator::Css("#repeat-password"))
        .await?
        .send_keys("lihua2026ok")
        .await?;
    click(pc, "修改密码").await?;
    pc.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//p[@class='ok' and text()='密码已修改']"))
        .await?;
    pc.find(Locator::XPath("//nav//a[normalize-space()='首页']"))
        .await?
        .click()
        .await?;
    let hello = pc
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//h1[starts-with(., '您好')]"))
        .await?;
    assert_eq!(hello.text().await?, "您好，李华");
    let body = pc.find(Locator::Css("body")).await?.text().await?;
    assert!(body.contains("2026级物联网工程1班"), "{body}");
    phone.close().await
}

/// A roster import is a job: the page shows its progress bar, a reload in
/// the middle finds it again, and it ends with the outcome. The test holds
/// the server's one import slot so that "the middle" lasts as long as needed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_roster_import_is_a_job_whose_progress_survives_a_reload() -> anyhow::Result<()> {
    const STUDENTS: usize = 200;
    let app = TestApp::spawn().await?;
    let numbers: Vec<String> = (1..=STUDENTS)
        .map(|i| format!("2026{:06}", 120000 + i))
        .collect();
    let names: Vec<String> = (0..STUDENTS)
        .map(|i| {
            format!(
                "{}{}",
                ["王", "李", "张", "刘"][i % 4],
                ["明", "华", "强", "芳", "磊"][i / 4 % 5]
            )
        })
        .collect();
    let classes = ["1班", "2班", "3班", "4班", "5班"];
    let rows: Vec<[&str; 8]> = (0..STUDENTS)
        .map(|i| {
            [
                numbers[i].as_str(),
                names[i].as_str(),
                if i % 2 == 0 { "男" } else { "女" },
                "xx",
                "2026",
                "物联网工程",
                classes[i % classes.len()],
                "本科",
            ]
        })
        .collect();
    let file = roster(&rows)?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "admin").await?;
    c.goto(&app.url("/setup")).await?;
    let input = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#roster-students"))
        .await?;
    input.send_keys(&file.path().to_string_lossy()).await?;
    let slot = app.hold_imports().await?;
    click(c, "导入学生名单").await?;
    let progress = Locator::Css(".job progress");
    let bar = c.wait().at_most(WAIT).for_element(progress).await?;
    assert_eq!(bar.attr("max").await?.as_deref(), Some("200"));
    let text = c.find(Locator::Css(".job")).await?.text().await?;
    assert!(
        text.contains("排队等待") && text.contains("可以离开或刷新本页"),
        "{text}"
    );
    b.screenshot("roster-job-progress-375").await?;
    // A reload in the middle: the page finds the job again.
    c.refresh().await?;
    let bar = c.wait().at_most(WAIT).for_element(progress).await?;
    assert_eq!(bar.attr("max").await?.as_deref(), Some("200"));
    assert!(
        app.store.user_by_username(&numbers[0])?.is_none(),
        "nothing before the end"
    );
    drop(slot);
    let done = c
        .wait()
        .at_most(std::time::Duration::from_secs(120))
        .for_element(Locator::XPath(
            "//div[@class='ok']/p[starts-with(., '导入成功')]",
        ))
        .await?;
    assert_eq!(
        done.text().await?,
        format!("导入成功：新建账号 {STUDENTS} 个，更新 0 个，新建班级 5 个。")
    );
    b.screenshot("roster-job-done-375").await?;
    assert!(
        app.store
            .user_by_username(&numbers[STUDENTS - 1])?
            .is_some()
    );
    // Once done, the outcome (with its download link) is still there after a reload.
    c.refresh().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//a[contains(., '个初始密码（仅可下载一次）')]",
        ))
        .await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_extends_a_deadline_on_the_campaigns_page() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "office").await?;
    c.goto(&app.url("/campaigns")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//td[normalize-space()='2027届']"))
        .await?;
    let select = c.find(Locator::Css("#extend-campaign")).await?;
    select.select_by_value("2027").await?;
    let deadline = app
        .store
        .campaign("2027")?
        .map(|x| x.materials_deadline)
        .unwrap_or_default();
    // Too late: the shared rule answers at once, nothing is sent.
    c.execute(
        "const el = document.getElementById('extend-closes'); \
         const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; \
         set.call(el, arguments[0]); el.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![serde_json::json!("2199-01-01")],
    )
    .await?;
    click(c, "保存截止日期").await?;
    let msg = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".field-error"))
        .await?;
    assert_eq!(msg.text().await?, "材料截止日期不能早于推荐截止日期");
    c.execute(
        "const el = document.getElementById('extend-closes'); \
         const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; \
         set.call(el, arguments[0]); el.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![serde_json::json!(deadline)],
    )
    .await?;
    click(c, "保存截止日期").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[@class='ok' and contains(., '截止日期已更新')]",
        ))
        .await?;
    assert_eq!(
        app.store.campaign("2027")?.map(|x| x.nomination_closes),
        Some(deadline)
    );
    b.screenshot("campaigns-375").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_renames_a_college_and_assigns_a_counselor_to_a_class() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "admin").await?;
    c.goto(&app.url("/setup")).await?;

    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("button[aria-label='修改经济管理学院']"))
        .await?
        .click()
        .await?;
    let name = c.find(Locator::Css("#college-name")).await?;
    name.clear().await?;
    name.send_keys("经济与管理学院").await?;
    click(c, "保存学院名称").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//td[normalize-space()='经济与管理学院']"))
        .await?;
    assert_eq!(
        app.store.college("jg")?.map(|c| c.name),
        Some("经济与管理学院".into())
    );

    c.find(Locator::Css(
        "button[aria-label='修改2023级计算机科学与技术1班']",
    ))
    .await?
    .click()
    .await?;
    let major = c.find(Locator::Css("#class-major")).await?;
    assert_eq!(
        major.prop("value").await?.as_deref(),
        Some("计算机科学与技术")
    );
    c.find(Locator::XPath("//label[contains(., '孙老师')]/input"))
        .await?
        .click()
        .await?;
    click(c, "保存班级").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//td[normalize-space()='赵老师、孙老师' or normalize-space()='孙老师、赵老师']",
        ))
        .await?;
    b.screenshot("setup-classes-1280").await?;
    let jg = app
        .store
        .user_by_username("counselor.jg")?
        .map(|u| u.id)
        .unwrap_or_default();
    let class = app.store.class("xx-2023-cs-1")?;
    assert!(class.is_some_and(|c| c.counselors.contains(&jg) && c.rev == 2));

    // This month's audit log, as the admin downloads it, holds these changes.
    let link = c
        .find(Locator::XPath("//a[normalize-space()='下载审计日志']"))
        .await?;
    let href = link.attr("href").await?.unwrap_or_default();
    let csv = String::from_utf8(b.fetch_bytes(&href).await?)?;
    assert!(csv.starts_with("\u{feff}时间,账号"), "{csv}");
    assert!(csv.contains("\"admin\""), "{csv}");
    b.close().await
}
