//! The class directory grid in real Chromium: a liaison edits rows, sees a
//! rule flagged as they type, accepts a cleaning suggestion, moves with the
//! keyboard and downloads the export; a classmate on a phone sees masked
//! numbers and edits their own row.

use fantoccini::{Locator, key::Key};
use tests::{Browser, TestApp, WAIT, click};

pub const CLASS: &str = "xx-2023-cs-1";

pub async fn cell(
    c: &fantoccini::Client,
    r: usize,
    col: usize,
) -> anyhow::Result<fantoccini::elements::Element> {
    Ok(c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!("[data-cell='{r}-{col}']")))
        .await?)
}

/// Types into a grid cell and leaves it (Tab), which saves the row.
pub async fn type_in(
    c: &fantoccini::Client,
    r: usize,
    col: usize,
    text: &str,
) -> anyhow::Result<()> {
    let el = cell(c, r, col).await?;
    el.clear().await?;
    el.send_keys(text).await?;
    el.send_keys(&Key::Tab.to_string()).await?;
    Ok(())
}

/// Waits until the store shows `check` for the entry of `name`.
pub async fn stored(
    app: &TestApp,
    name: &str,
    check: impl Fn(&domain::directory::EntryFields) -> bool,
) -> anyhow::Result<()> {
    for _ in 0..100 {
        if app
            .store
            .directory(CLASS)?
            .iter()
            .any(|e| e.fields.name == name && check(&e.fields))
        {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!("{name} was not saved as expected")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_liaison_edits_rows_accepts_a_suggestion_and_downloads_the_export() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    app.appoint_liaison("2023110106").await?;
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "2023110106").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='班级通讯录']"))
        .await?
        .click()
        .await?;
    let first = cell(c, 0, 0).await?;
    let name0 = first.prop("value").await?.unwrap_or_default();
    let name1 = cell(c, 1, 0)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(
        !name0.is_empty() && !name1.is_empty(),
        "rows start from the roster"
    );

    // Row 1: a phone in its written form, saved as 11 digits.
    type_in(c, 0, 3, "138-1234-5678").await?;
    stored(&app, &name0, |f| f.phone == "13812345678").await?;
    // Enter moves down to the same column of the next row.
    cell(c, 0, 3)
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    let active = c
        .execute("return document.activeElement.dataset.cell", vec![])
        .await?;
    assert_eq!(active, serde_json::json!("1-3"));

    // Row 2: a rule violation is flagged as it is typed, and the offered
    // cleaning is applied only when accepted.
    type_in(c, 1, 3, "13912345678").await?;
    stored(&app, &name1, |f| f.phone == "13912345678").await?;
    let employer = cell(c, 1, 6).await?;
    employer.send_keys("西安某某公司，研发部").await?;
    let msg = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("td.bad .cell-msg"))
        .await?;
    assert_eq!(msg.text().await?, "工作单位中不能有标点符号（，）");
    employer.send_keys(&Key::Tab.to_string()).await?;
    let unsaved = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//span[contains(@class,'tag-wait') and contains(., '不符合模板要求')]",
        ))
        .await?;
    assert!(unsaved.is_displayed().await?);
    // The keyboard hint is for a keyboard: shown here, not on a phone (below).
    let keys = c.find(Locator::Css(".hint .keys")).await?;
    assert!(keys.is_displayed().await?, "the keyboard hint on a desktop");
    assert!(
        app.store
            .directory(CLASS)?
            .iter()
            .all(|e| !e.fields.employer.contains('，')),
        "nothing invalid is saved"
    );
    b.screenshot("directory-rule-1280").await?;
    c.find(Locator::XPath(
        "//button[@class='suggest' and contains(., '西安某某公司研发部')]",
    ))
    .await?
    .click()
    .await?;
    stored(&app, &name1, |f| f.employer == "西安某某公司研发部").await?;

    // A new row, added and filled in.
    click(c, "添加一行").await?;
    let n = app.store.directory(CLASS)?.len();
    type_in(c, n, 0, "新同学").await?;
    type_in(c, n, 1, "女").await?;
    type_in(c, n, 3, "13700000001").await?;
    stored(&app, "新同学", |f| {
        f.grade_major == "2023级计算机科学与技术"
    })
    .await?;
    b.screenshot("directory-1280").await?;
    // The grid takes the page's width; scrolled down and across, its header
    // row and the 序号/姓名 columns stay in view.
    let held = c
        .execute(
            "const w = document.querySelector('.table-wrap');
             w.scrollTop = w.scrollHeight; w.scrollLeft = w.scrollWidth;
             const box = w.getBoundingClientRect();
             const th = document.querySelector('.grid thead th').getBoundingClientRect();
             const name = document.querySelector('.grid tbody tr td:nth-child(2)').getBoundingClientRect();
             return [box.width > 1100, Math.abs(th.top - box.top) < 2, name.left - box.left < 60];",
            vec![],
        )
        .await?;
    assert_eq!(
        held,
        serde_json::json!([true, true, true]),
        "wide, header and names held"
    );

    // The export, fetched in the page as the download link would.
    let href = c
        .find(Locator::XPath("//a[normalize-space()='按学校模板导出']"))
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    assert_eq!(
        href,
        format!("/api/v1/exports/alumni.xlsx?class_id={CLASS}")
    );
    let (_, rows) = tests::xlsx_text(&b.fetch_bytes(&href).await?)?;
    assert_eq!(rows[0][4], "手机号");
    assert_eq!(rows.len(), 4, "the three complete rows: {rows:?}");
    assert!(
        rows.iter()
            .any(|r| r[1] == name1 && r[4] == "13912345678" && r[7] == "西安某某公司研发部")
    );
    b.close().await?;

    // A classmate on a phone: their own entry first, as a form; others as a
    // short line of name and masked number; nothing scrolls sideways.
    let p = Browser::start(375, 812).await?;
    let c = &p.client;
    p.log_in_home(&app, "2023110107").await?;
    c.goto(&app.url("/directory")).await?;
    let masked = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//td[contains(@class,'f-phone') and normalize-space()='138****5678']",
        ))
        .await?;
    assert!(masked.is_displayed().await?);
    let keys = c.find(Locator::Css(".hint .keys")).await?;
    assert!(!keys.is_displayed().await?, "no Enter/↑↓ hint on a phone");
    let inputs = c.find_all(Locator::Css("input[data-cell]")).await?;
    assert_eq!(inputs.len(), 9, "only the classmate's own row is editable");
    let layout = c
        .execute(
            "const own = document.querySelector('tr.own');
             const peers = [...document.querySelectorAll('tr.peer')];
             const shown = peers[0] ? [...peers[0].children].filter(td => td.offsetParent !== null)
               .map(td => td.className.trim()) : [];
             const labels = [...own.querySelectorAll('td[data-label]')].filter(td => td.offsetParent !== null)
               .map(td => getComputedStyle(td, '::before').content);
             return { ownTop: own.getBoundingClientRect().top,
                      firstPeerTop: Math.min(...peers.map(r => r.getBoundingClientRect().top)),
                      peers: peers.length, shown, labels,
                      wide: document.querySelector('.table-wrap').scrollWidth - document.querySelector('.table-wrap').clientWidth,
                      page: document.documentElement.scrollWidth - innerWidth };",
            vec![],
        )
        .await?;
    assert!(
        layout["ownTop"].as_f64() < layout["firstPeerTop"].as_f64(),
        "the student's own entry comes first: {layout}"
    );
    assert!(layout["peers"].as_u64() > Some(20), "{layout}");
    assert_eq!(
        layout["shown"],
        serde_json::json!(["num", "ro f-name", "ro f-phone"]),
        "a classmate is a line of 序号, name and masked phone"
    );
    assert!(
        layout["labels"].to_string().contains("手机号"),
        "each field of the form is labelled: {layout}"
    );
    assert_eq!(layout["wide"].as_i64(), Some(0), "{layout}");
    assert_eq!(layout["page"].as_i64(), Some(0), "{layout}");
    // They edit their own entry on that form, and it is saved.
    let own_phone = c.find(Locator::Css("tr.own td.f-phone input")).await?;
    own_phone.clear().await?;
    own_phone.send_keys("13955556666").await?;
    own_phone.send_keys(&Key::Tab.to_string()).await?;
    let me = app
        .store
        .user_by_username("2023110107")?
        .ok_or_else(|| anyhow::anyhow!("demo student"))?;
    stored(&app, &me.name, |f| f.phone == "13955556666").await?;
    p.screenshot("directory-375").await?;
    // 查找 narrows the list to a classmate by name.
    let names: Vec<String> = app
        .store
        .directory(CLASS)?
        .into_iter()
        .map(|e| e.fields.name)
        .collect();
    let classmate = names
        .iter()
        .find(|&n| *n != me.name && names.iter().filter(|x| *x == n).count() == 1)
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("a classmate"))?;
    tests::fill(c, "dir-find", &classmate).await?;
    let found = c
        .execute(
            "return [...document.querySelectorAll('table.grid tbody tr')].filter(r => r.offsetParent !== null)
               .map(r => r.querySelector('.f-name').textContent)",
            vec![],
        )
        .await?;
    assert_eq!(found, serde_json::json!([classmate]));
    p.close().await
}

/// Waits until an element matching `css` has text containing `text`
/// (read in the page, as it re-renders); returns that text.
async fn text_containing(c: &fantoccini::Client, css: &str, text: &str) -> anyhow::Result<String> {
    let mut seen = String::new();
    for _ in 0..100 {
        let found = c
            .execute(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent).join(' | ')",
                vec![serde_json::json!(css)],
            )
            .await?;
        seen = found.as_str().unwrap_or_default().to_owned();
        if seen.contains(text) {
            // Brought into view, for the screenshot a person looks at.
            c.execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
                vec![serde_json::json!(css)],
            )
            .await?;
            return Ok(seen);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!("no {css} with “{text}”; seen: {seen}")
}

/// The liaison 2023110106 picks `file` on 班级通讯录 and presses 导入.
async fn import_on_page(b: &Browser, app: &TestApp, file: &std::path::Path) -> anyhow::Result<()> {
    let c = &b.client;
    b.log_in_home(app, "2023110106").await?;
    c.goto(&app.url("/directory")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("dir-file"))
        .await?
        .send_keys(&file.to_string_lossy())
        .await?;
    click(c, "导入").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_reports_what_it_normalised_and_names_a_formula_cell() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.appoint_liaison("2023110106").await?;
    let dir = tempfile::tempdir()?;
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/fixtures/alumni/ok_phone_normalised.xlsx");
    let formula =
        r#"<c r="H2" t="str"><f>HYPERLINK("http://example.com","某公司")</f><v>某公司</v></c>"#;
    let formula_row = tests::hostile::entry_row(2, "王伟", "男", "13800000099", formula);
    let bad = dir.path().join("公式.xlsx");
    std::fs::write(
        &bad,
        tests::hostile::workbook(&domain::directory::COLUMNS, "A1:H2", &formula_row, None, 1)?,
    )?;

    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    import_on_page(&b, &app, &good.canonicalize()?).await?;
    // The roster's rows have no phones yet: a quiet 必填, not a wall of red.
    let red = c
        .execute(
            "return document.querySelectorAll('.cell-msg').length",
            vec![],
        )
        .await?;
    let placeholders = c
        .execute(
            "return document.querySelectorAll('input[placeholder=必填]').length",
            vec![],
        )
        .await?;
    assert_eq!(red.as_u64(), Some(0), "no message under untouched cells");
    assert!(placeholders.as_u64().unwrap_or(0) > 30, "{placeholders}");
    let done = text_containing(c, "p[role=status]", "导入成功").await?;
    assert!(done.contains("按规范保存"), "{done}");
    assert!(done.contains("手机号"), "{done}");
    // Gaps are counted instead, with a filter to those rows.
    let incomplete = app
        .store
        .directory(CLASS)?
        .iter()
        .filter(|e| !e.fields.is_complete())
        .count();
    let gaps = text_containing(c, "p.filters span", "未填").await?;
    assert!(gaps.contains("手机号"), "{gaps}");
    c.find(Locator::XPath(
        "//label[normalize-space()='只看未填完整的']/input",
    ))
    .await?
    .click()
    .await?;
    let shown = c
        .execute(
            "return [...document.querySelectorAll('table.grid tbody tr')].filter(r => r.offsetParent !== null).length",
            vec![],
        )
        .await?;
    assert_eq!(shown.as_u64(), Some(incomplete as u64), "{gaps}");
    assert!(incomplete > 0 && incomplete < app.store.directory(CLASS)?.len());
    b.screenshot("directory-import-normalised-1280").await?;
    b.close().await?;

    // On a phone, a file with a formula: refused, the cell named, nothing imported.
    let before = app.store.directory(CLASS)?.len();
    let p = Browser::start(375, 812).await?;
    let c = &p.client;
    import_on_page(&p, &app, &bad).await?;
    let alert = text_containing(c, "div[role=alert] p", "是公式").await?;
    assert!(
        alert.contains("第2行“工作单位”是公式，请粘贴为数值"),
        "{alert}"
    );
    assert_eq!(app.store.directory(CLASS)?.len(), before);
    p.screenshot("directory-import-formula-375").await?;
    p.close().await
}
