//! The heart of the product in a real browser: a student fills in and submits
//! the 推荐表 on a phone; the counselor, the dean and the office approve it in
//! their own sessions; the student sees the result; the form prints.

use fantoccini::Locator;
use tests::{Browser, TestApp, WAIT, click, fill};

/// Opens the student's form from the to-do list and approves it.
async fn approve(
    app: &TestApp,
    user: &str,
    opinion: &str,
    next_state: &str,
    shot: &str,
) -> anyhow::Result<()> {
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(app, user).await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='待办审核']"))
        .await?
        .click()
        .await?;
    let link = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//table[contains(@class,'todo')]//a[normalize-space()='王子涵']",
        ))
        .await?;
    b.screenshot(&format!("todo-{shot}")).await?;
    link.click().await?;
    let opinion_box = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("opinion"))
        .await?;
    opinion_box.send_keys(opinion).await?;
    click(c, "提交审核意见").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//p[contains(@class,'state-line')]//span[normalize-space()='{next_state}']"
        )))
        .await?;
    b.close().await
}

/// The tile of 我的工作 on the home page whose text is `text`: its figure.
async fn work_tile(c: &fantoccini::Client, text: &str) -> anyhow::Result<String> {
    let tile = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//div[contains(@class,'work')]/a[span[normalize-space()='{text}']]/strong"
        )))
        .await?;
    Ok(tile.text().await?)
}

/// The counselor, on a phone, sees the form waiting on their home page and
/// approves it from its card in the to-do list.
async fn approve_from_card(app: &TestApp, opinion: &str) -> anyhow::Result<()> {
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(app, "counselor.xx").await?;
    let me = app
        .store
        .user_by_username("counselor.xx")?
        .ok_or_else(|| anyhow::anyhow!("demo counselor"))?;
    let classes: Vec<String> = app
        .store
        .classes()?
        .into_iter()
        .filter(|c| c.counselors.contains(&me.id))
        .map(|c| c.id)
        .collect();
    let waiting = app
        .store
        .nominations()?
        .into_iter()
        .filter(|n| {
            n.state == domain::workflow::State::PendingCounselor && classes.contains(&n.class_id)
        })
        .count();
    assert!(waiting >= 1);
    assert_eq!(
        work_tile(c, "待您审核的推荐表").await?,
        format!("{waiting} 份")
    );
    b.screenshot("home-counselor-375").await?;
    c.find(Locator::XPath(
        "//div[contains(@class,'work')]/a[span[normalize-space()='待您审核的推荐表']]",
    ))
    .await?
    .click()
    .await?;
    let agree = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("button[aria-label='同意王子涵']"))
        .await?;
    let fits = c
        .execute(
            "const w = document.querySelector('table.todo').closest('.table-wrap');
             const card = document.querySelector('table.todo tbody tr').getBoundingClientRect();
             return w.scrollWidth <= w.clientWidth && card.right <= innerWidth;",
            vec![],
        )
        .await?;
    assert_eq!(fits.as_bool(), Some(true), "the to-do is cards that fit");
    // The phone's to-do opens on the work: the first waiting item on the
    // first screen, the counters a short summary above it, the quotas folded
    // below.
    let first = c
        .execute(
            "const r = document.querySelector('table.todo tbody tr').getBoundingClientRect();
             const counts = document.querySelector('.counts').getBoundingClientRect();
             const q = document.querySelector('details.quota');
             return { row: r.top, screen: innerHeight, counts: counts.height,
                      quotas_open: q.open, quotas_below: q.getBoundingClientRect().top > r.bottom };",
            vec![],
        )
        .await?;
    assert!(
        first["row"].as_f64() < first["screen"].as_f64(),
        "the first waiting item is on the first screen: {first}"
    );
    assert!(
        first["counts"].as_f64() < Some(90.0),
        "a line or two of counters, not a grid of cards: {first}"
    );
    assert_eq!(
        (&first["quotas_open"], &first["quotas_below"]),
        (&serde_json::json!(false), &serde_json::json!(true)),
        "{first}"
    );
    fill(c, "bulk-opinion", opinion).await?;
    b.screenshot("todo-card-375").await?;
    agree.click().await?;
    let asked = c.get_alert_text().await?;
    assert!(
        asked.contains("王子涵") && asked.contains(opinion),
        "{asked}"
    );
    c.accept_alert().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[@class='ok' and contains(., '已同意 1 份')]",
        ))
        .await?;
    assert_eq!(
        app.nomination_of("2023110101")?.state,
        domain::workflow::State::PendingCollege,
        "approved from the card"
    );
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_submits_on_a_phone_and_three_levels_approve() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "2023110101").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='我的推荐表']"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//button[normalize-space()='开始填写推荐表']",
        ))
        .await?
        .click()
        .await?;
    let name = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("name"))
        .await?;
    assert_eq!(
        name.prop("value").await?.as_deref(),
        Some("王子涵"),
        "the name is filled in from the account"
    );

    // A wrong phone is flagged as soon as the field is left.
    fill(c, "phone", "1381234").await?;
    c.find(Locator::Id("wechat")).await?.click().await?;
    let msg = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//input[@id='phone']/following-sibling::p[1][@class='field-error']",
        ))
        .await?;
    assert_eq!(msg.text().await?, "手机号应为11位数字");
    fill(c, "phone", "13812345678").await?;
    fill(c, "birth_month", "2005-05").await?;
    c.find(Locator::Id("gender"))
        .await?
        .select_by_value("男")
        .await?;
    c.find(Locator::Id("political_status"))
        .await?
        .select_by_value("共青团员")
        .await?;
    c.find(Locator::Id("education"))
        .await?
        .select_by_value("本科(学士)")
        .await?;
    fill(c, "wechat", "wzh_2005").await?;
    for n in 1..=5 {
        c.find(Locator::XPath(&format!(
            "//label[starts-with(normalize-space(), '{n}.')]/input"
        )))
        .await?
        .click()
        .await?;
    }
    fill(c, "cadre_posts", "班长").await?;
    fill(c, "destination", "上海，某科技公司").await?;
    fill(
        c,
        "profile",
        "担任班长三年，组织班级活动二十余次，热心为同学服务，愿为母校校友工作尽力。",
    )
    .await?;
    click(c, "保存草稿").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//span[contains(@class,'sync-badge') and normalize-space()='已同步']",
        ))
        .await?;
    // Synced means settled: no write keeps going round.
    let rev_of = || -> anyhow::Result<u64> { Ok(app.nomination_of("2023110101")?.rev) };
    let settled = rev_of()?;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(rev_of()?, settled, "the draft is not saved over and over");
    phone.screenshot("nomination-form-375").await?;
    click(c, "提交审核").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//span[normalize-space()='待辅导员审核']"))
        .await?;
    phone.screenshot("nomination-submitted-375").await?;
    // Home shows where the form is and what comes next.
    c.goto(&app.url("/")).await?;
    assert_eq!(
        work_tile(c, "正在审核，无需操作；有结果会通知您").await?,
        "推荐表：待辅导员审核"
    );
    phone.screenshot("home-student-375").await?;
    c.back().await?;

    approve_from_card(&app, "该生工作认真，同意推荐").await?;
    approve(&app, "dean.xx", "同意", "待校友办审核", "dean").await?;
    approve(&app, "office", "同意聘任", "已聘任", "office").await?;

    // The student sees the result.
    c.refresh().await?;
    let ok = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[@class='ok' and contains(., '已被聘任')]",
        ))
        .await?;
    assert!(ok.is_displayed().await?);
    let history = c.find(Locator::Css(".history")).await?.text().await?;
    assert!(
        history.contains("赵老师") && history.contains("李院长") && history.contains("陈主任"),
        "{history}"
    );
    phone.screenshot("nomination-appointed-375").await?;
    phone.close().await?;

    // The printed form carries every signer.
    let office = Browser::start(1280, 1100).await?;
    office.log_in_home(&app, "office").await?;
    let id = app
        .store
        .nominations()?
        .into_iter()
        .find(|n| n.state == domain::workflow::State::Appointed)
        .map(|n| n.id)
        .unwrap_or_default();
    office
        .client
        .goto(&app.url(&format!("/nominations/{id}/print")))
        .await?;
    let paper = office
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("article.paper"))
        .await?;
    let text = paper.text().await?;
    for s in [
        "校友联络员推荐表",
        "王子涵",
        "辅导员签字：赵老师",
        "院长签字并盖章：李院长",
        "主任签字并盖章：陈主任",
        "该生工作认真，同意推荐",
        "☑ 个人自荐",
    ] {
        assert!(
            text.contains(s),
            "{s} missing from the printed form: {text}"
        );
    }
    office.screenshot("nomination-print-1280").await?;
    office.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_submit_keeps_everything_typed() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "2023110102").await?;
    phone.start_nomination(&app).await?;
    fill(c, "profile", "太短的简介").await?;
    fill(c, "phone", "139 0000 1111").await?;
    click(c, "提交审核").await?;
    let alert = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[role=alert]"))
        .await?;
    assert!(alert.text().await?.contains("还有内容需要修改"));
    let errors = c.find_all(Locator::Css(".field-error")).await?;
    assert!(
        errors.len() >= 5,
        "every missing field is flagged, found {}",
        errors.len()
    );
    assert_eq!(
        c.find(Locator::Id("profile"))
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("太短的简介")
    );
    assert_eq!(
        c.find(Locator::Id("phone"))
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("139 0000 1111")
    );
    phone.screenshot("nomination-errors-375").await?;
    phone.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counselor_recommends_a_student_of_the_class() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "counselor.xx").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='班级推荐']"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//select[@id='rec-class']/option[normalize-space()='2024级软件技术1班']",
        ))
        .await?;
    c.find(Locator::Id("rec-class"))
        .await?
        .select_by_value("xx-2024-rj-1")
        .await?;
    let student = app
        .store
        .user_by_username("2024310103")?
        .ok_or_else(|| anyhow::anyhow!("demo student"))?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//select[@id='rec-student']/option[@value='{}']",
            student.id
        )))
        .await?;
    c.find(Locator::Id("rec-student"))
        .await?
        .select_by_value(&student.id)
        .await?;
    click(c, "为该生填写推荐表").await?;
    let name = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("name"))
        .await?;
    assert_eq!(
        name.prop("value").await?.as_deref(),
        Some(student.name.as_str())
    );
    fill(c, "birth_month", "2006-01").await?;
    c.find(Locator::Id("political_status"))
        .await?
        .select_by_value("群众")
        .await?;
    c.find(Locator::Id("education"))
        .await?
        .select_by_value("专科")
        .await?;
    fill(c, "phone", "13700001234").await?;
    fill(c, "wechat", "13700001234").await?;
    for n in 1..=4 {
        c.find(Locator::XPath(&format!(
            "//label[starts-with(normalize-space(), '{n}.')]/input"
        )))
        .await?
        .click()
        .await?;
    }
    fill(c, "destination", "苏州，某软件公司").await?;
    fill(
        c,
        "profile",
        "该生学习认真，乐于助人，在班级中威信较高，毕业后在苏州工作，联系方便。",
    )
    .await?;
    click(c, "提交审核").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//span[normalize-space()='待辅导员审核']"))
        .await?;
    b.screenshot("recommend-submitted-1280").await?;
    let n = app
        .store
        .nominations()?
        .into_iter()
        .find(|n| n.student_id == student.id);
    assert!(n.is_some_and(
        |n| n.nomination_type == domain::nomination::NominationType::Class
            && n.created_by != student.id
    ));
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_appoints_prints_the_certificate_and_the_public_sees_the_liaison()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    // The demo's 2023210120 waits for the office.
    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "office").await?;
    let student = app
        .store
        .user_by_username("2023210120")?
        .ok_or_else(|| anyhow::anyhow!("demo student"))?;
    let id = app.demo_nomination("2023210120")?;
    c.goto(&app.url(&format!("/nominations/{id}"))).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("opinion"))
        .await?
        .send_keys("同意聘任")
        .await?;
    click(c, "提交审核意见").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[contains(@class,'state-line')]//span[normalize-space()='已聘任']",
        ))
        .await?;

    c.find(Locator::XPath("//nav//a[normalize-space()='联络员名单']"))
        .await?
        .click()
        .await?;
    let row = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//td[normalize-space()='{}']",
            student.name
        )))
        .await?;
    assert!(row.is_displayed().await?);
    assert!(
        c.find(Locator::XPath("//td[normalize-space()='2027-JG-0001']"))
            .await
            .is_ok()
    );
    b.screenshot("liaisons-1280").await?;
    c.find(Locator::XPath("//a[normalize-space()='聘书']"))
        .await?
        .click()
        .await?;
    let cert = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("article.certificate"))
        .await?;
    let text = cert.text().await?;
    assert!(
        text.contains(&student.name)
            && text.contains("2027-JG-0001")
            && text.contains("2023级工程管理1班"),
        "{text}"
    );
    b.screenshot("certificate-1280").await?;
    c.goto(&app.url("/dashboard")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".chart"))
        .await?;
    b.screenshot("dashboard-1280").await?;

    // The 汇总表 on screen, and the college's certificates in one batch.
    c.goto(&app.url("/summary")).await?;
    let summary = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("table.summary"))
        .await?
        .text()
        .await?;
    assert!(
        summary.contains("序号")
            && summary.contains(&student.name)
            && summary.contains("13900001002"),
        "{summary}"
    );
    c.goto(&app.url("/liaisons/certificates?college=jg"))
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("article.certificate"))
        .await?;
    let certs = c.find_all(Locator::Css("article.certificate")).await?;
    let serving_jg = app
        .store
        .liaisons()?
        .iter()
        .filter(|l| l.college == "jg")
        .count();
    assert_eq!(certs.len(), serving_jg);
    // Each class shows who held the role.
    c.goto(&app.url("/liaisons")).await?;
    let pick = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#f-class option[value='jg-2023-gc-1']"))
        .await?;
    pick.click().await?;
    let rows = c.find_all(Locator::Css("table tbody tr")).await?;
    assert_eq!(rows.len(), 1, "one liaison in the class's history");
    b.close().await?;

    // Anyone, without logging in, sees the name and the class — no phone.
    let public = Browser::start(375, 812).await?;
    public.client.goto(&app.url("/public")).await?;
    let cell = public
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//td[normalize-space()='{}']",
            student.name
        )))
        .await?;
    assert!(cell.is_displayed().await?);
    let body = public
        .client
        .find(Locator::Css("body"))
        .await?
        .text()
        .await?;
    assert!(!body.contains("13900001002"), "no phone on the public page");
    public.screenshot("public-375").await?;
    public.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dean_sees_the_colleges_summary_and_dashboard_on_a_phone() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "dean.xx").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='汇总表']"))
        .await?
        .click()
        .await?;
    let table = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("table.summary"))
        .await?
        .text()
        .await?;
    assert!(table.contains("信息工程学院"), "{table}");
    assert!(
        !table.contains("经济管理学院"),
        "only the dean's college: {table}"
    );
    b.screenshot("summary-375").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='工作概览']"))
        .await?
        .click()
        .await?;
    let chart = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".chart"))
        .await?
        .text()
        .await?;
    assert!(chart.contains("信息工程学院"), "{chart}");
    b.screenshot("dashboard-dean-375").await?;
    b.close().await
}

/// At a university's size the to-do list is paged and searched on the
/// server, and works on a phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_pages_and_searches_the_to_do_list_on_a_phone() -> anyhow::Result<()> {
    let (app, built) = TestApp::spawn_scale(cli::scale::Scale::SMALL).await?;
    let b = Browser::start(375, 812).await?;
    let c = &b.client;
    b.log_in_home(&app, "office").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='待办审核']"))
        .await?
        .click()
        .await?;
    let pager = Locator::Css("nav.pager span");
    c.wait().at_most(WAIT).for_element(pager).await?;
    // Every state: all the nominations, 50 a page.
    c.find(Locator::XPath(
        "//label[starts-with(normalize-space(),'状态')]/select",
    ))
    .await?
    .select_by_value("")
    .await?;
    let total = built.nominations;
    let pages = total.div_ceil(50);
    let first = format!("第 1 / {pages} 页，共 {total} 份");
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//nav[@class='pager']/span[.='{first}']"
        )))
        .await?;
    let rows = c.find_all(Locator::Css("table.todo tbody tr")).await?;
    assert_eq!(rows.len(), 50);
    b.screenshot("todo-office-paged-375").await?;
    // The rows themselves (kept per class on the server): named.
    let first_row = rows[0].text().await?;
    let first_id = app
        .store
        .nominations()?
        .into_iter()
        .min_by_key(server::store::index::nomination_key)
        .map(|r| r.student_no)
        .unwrap_or_default();
    let name = app
        .store
        .user_by_username(&first_id)?
        .map(|u| u.name)
        .unwrap_or_default();
    assert!(!name.is_empty() && first_row.contains(&name), "{first_row}");
    c.execute(
        "document.querySelector('table.todo').scrollIntoView()",
        vec![],
    )
    .await?;
    b.screenshot("todo-office-rows-375").await?;
    click(c, "下一页").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//nav[@class='pager']/span[.='第 2 / {pages} 页，共 {total} 份']"
        )))
        .await?;
    // A student number: one row, the first page again.
    let number = &built.students_of_class[3];
    fill(c, "todo-search", &format!("{number}\n")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//nav[@class='pager']/span[.='第 1 / 1 页，共 1 份']",
        ))
        .await?;
    let rows = c.find_all(Locator::Css("table.todo tbody tr")).await?;
    assert_eq!(rows.len(), 1);
    b.screenshot("todo-office-search-375").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_opens_the_printable_form_of_their_own_nomination() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let name = app
        .store
        .user_by_username("2023110121")?
        .map(|u| u.name)
        .unwrap_or_default();
    let phone = Browser::start(375, 812).await?;
    let c = &phone.client;
    phone.log_in_home(&app, "2023110121").await?;
    c.goto(&app.url("/nominations")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//a[normalize-space()='打印推荐表']"))
        .await?
        .click()
        .await?;
    let title = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("article.paper h1"))
        .await?
        .text()
        .await?;
    assert_eq!(title, "校友联络员推荐表");
    let paper = c.find(Locator::Css("article.paper")).await?.text().await?;
    assert!(paper.contains(&name), "their own form: {paper}");
    assert!(
        paper.contains("同意推荐"),
        "the counselor's opinion is on it"
    );
    phone.screenshot("print-student-375").await?;
    let width: f64 = c
        .execute("return document.documentElement.scrollWidth", vec![])
        .await?
        .as_f64()
        .unwrap_or(9999.0);
    assert!(
        width <= 375.0,
        "the A4 page is shown smaller, not cut off: {width}"
    );
    c.find(Locator::XPath("//a[normalize-space()='返回']"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//p[contains(@class,'state-line')]"))
        .await?;
    phone.close().await
}
