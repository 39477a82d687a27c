//! 工作记录 in real Chromium (issue #17): a liaison logs an activity with a
//! photo on a phone, and feedback while the server is unreachable; the
//! counselor answers the feedback; the office renews from the review list.

use fantoccini::Locator;
use serde_json::json;
use tests::{Browser, TestApp, WAIT, click, fill};

const DAY: i64 = 86_400;

/// The browser's clock in China time, as a liaison's phone has it.
async fn china_time(b: &Browser) -> anyhow::Result<()> {
    b.cdp(
        "Emulation.setTimezoneOverride",
        json!({"timezoneId": "Asia/Shanghai"}),
    )
    .await?;
    Ok(())
}

async fn no_sideways_scroll(b: &Browser) -> anyhow::Result<()> {
    let w = b
        .client
        .execute("return document.documentElement.scrollWidth", vec![])
        .await?;
    assert!(w.as_u64().is_some_and(|w| w <= 375), "page is {w} px wide");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_liaison_logs_an_activity_with_a_photo_and_feedback_offline_on_a_phone()
-> anyhow::Result<()> {
    let mut app = TestApp::spawn().await?;
    app.appoint_liaison("2023110101").await?;
    let b = Browser::start(375, 812).await?;
    china_time(&b).await?;
    let c = &b.client;
    b.log_in_home(&app, "2023110101").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//nav//a[normalize-space()='工作记录']"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("log-form"))
        .await?;

    // Saving an empty activity names what is missing and keeps nothing.
    click(c, "保存").await?;
    let msg = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[@class='field-error' and .='请填写标题']",
        ))
        .await?;
    assert!(msg.is_displayed().await?);
    assert!(c.find(Locator::Css("li.log-entry")).await.is_err());

    fill(c, "log-title", "2027届毕业生返校座谈会").await?;
    fill(c, "log-place", "图书馆报告厅").await?;
    fill(c, "log-participants", "35").await?;
    fill(c, "log-text", "座谈、参观新校史馆").await?;
    click(c, "保存").await?;
    // Synced: the entry comes back from the server and takes photos.
    let input = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("li.log-entry input[type=file]"))
        .await?;
    let photo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/class-photo.jpg");
    input
        .send_keys(&photo.canonicalize()?.to_string_lossy())
        .await?;
    click(c, "上传照片").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("img.log-photo"))
        .await?;
    assert_eq!(
        tests::image_width(c, "img.log-photo", 160).await?,
        160,
        "the stored photo shows"
    );
    let stored = app.store.liaisons()?;
    let entries = app.store.log_entries(&stored[0].id)?;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].input.participants, Some(35));
    assert_eq!(entries[0].photos.len(), 1);
    no_sideways_scroll(&b).await?;
    b.screenshot("log-liaison-375").await?;
    c.execute("window.scrollTo(0, 0)", vec![]).await?;
    b.screenshot("log-liaison-top-375").await?;

    // Feedback written with the server unreachable waits on the phone.
    app.pause().await?;
    c.find(Locator::XPath("//button[@role='radio' and .='意见建议']"))
        .await?
        .click()
        .await?;
    fill(c, "log-text", "校友希望学院定期发布实习岗位信息").await?;
    click(c, "保存").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//li[contains(@class,'log-entry')][.//span[.='待同步']]",
        ))
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//span[contains(., '已保存到本机')]"))
        .await?;
    b.screenshot("log-liaison-offline-375").await?;
    app.resume().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//span[contains(., '已同步')]"))
        .await?;
    let mut kinds = Vec::new();
    for _ in 0..50 {
        kinds = app
            .store
            .log_entries(&stored[0].id)?
            .into_iter()
            .map(|e| e.input.kind)
            .collect();
        if kinds.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        kinds.contains(&domain::duty::LogKind::Feedback),
        "{kinds:?}"
    );
    b.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counselor_answers_feedback_and_the_office_renews_from_the_review() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    app.appoint_liaison("2023110101").await?;
    let id = app.store.liaisons()?[0].id.clone();
    let liaison = app.login_as("2023110101").await?;
    let today = {
        use server::clock::Clock;
        server::clock::iso_date(app.clock.today())
    };
    let res = liaison
        .post(app.api(&format!("/liaisons/{id}/log")))
        .json(&json!({"kind": "feedback", "date": today, "text": "校友希望开放返校参观预约"}))
        .send()
        .await?;
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
    let entry = tests::json(res).await?["entry"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let b = Browser::start(1280, 900).await?;
    let c = &b.client;
    b.log_in_home(&app, "counselor.xx").await?;
    c.find(Locator::XPath("//nav//a[normalize-space()='工作记录']"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[contains(., '校友希望开放返校参观预约')]",
        ))
        .await?;
    fill(
        c,
        &format!("reply-{entry}"),
        "已与保卫处沟通，下月起开放预约",
    )
    .await?;
    click(c, "回复").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//div[@class='log-reply']/p[.='已与保卫处沟通，下月起开放预约']",
        ))
        .await?;
    let r = app
        .store
        .log_entry(&id, &entry)?
        .ok_or_else(|| anyhow::anyhow!("entry"))?;
    assert!(r.handled);
    b.screenshot("log-counselor-1280").await?;
    c.execute("window.scrollTo(0, 0)", vec![]).await?;
    b.screenshot("log-counselor-top-1280").await?;
    b.close().await?;

    // Sixty days before the term ends the office reviews and renews.
    let end = app.store.liaisons()?[0].term_end.clone();
    let fmt = time::format_description::well_known::Iso8601::DATE;
    let days = (time::Date::parse(&end, &fmt)? - time::Date::parse(&today, &fmt)?).whole_days();
    app.clock.advance((days - 60) * DAY);
    for (width, shot) in [(375, "renewals-375"), (1280, "renewals-1280")] {
        let o = Browser::start(width, 900).await?;
        o.log_in_home(&app, "office").await?;
        o.client.goto(&app.url("/renewals")).await?;
        let card = o
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("li.renewal"))
            .await?;
        let text = card.text().await?;
        assert!(
            text.contains("剩 60 天") && text.contains("1 条（已处理 1）"),
            "{text}"
        );
        o.screenshot(shot).await?;
        if width == 375 {
            no_sideways_scroll(&o).await?;
            o.close().await?;
            continue;
        }
        fill(
            &o.client,
            &format!("reason-{id}"),
            "工作积极，班级通讯录完整",
        )
        .await?;
        click(&o.client, "连任").await?;
        o.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(
                "//p[contains(., '目前没有 90 天内任期届满的联络员')]",
            ))
            .await?;
        o.close().await?;
    }
    let l = &app.store.liaisons()?[0];
    assert!(l.term_end > end, "{} after {end}", l.term_end);
    assert_eq!(
        l.renewal.as_ref().map(|d| d.reason.as_str()),
        Some("工作积极，班级通讯录完整")
    );
    Ok(())
}

/// The same entry changed on two phones: the second to sync sees both
/// titles and keeps the one it chooses; nothing is overwritten silently.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_changed_on_two_phones_shows_both_versions() -> anyhow::Result<()> {
    let mut app = TestApp::spawn().await?;
    app.appoint_liaison("2023110101").await?;
    let id = app.store.liaisons()?[0].id.clone();
    let other_phone = app.login_as("2023110101").await?;
    let b = Browser::start(375, 812).await?;
    china_time(&b).await?;
    let c = &b.client;
    b.log_in_home(&app, "2023110101").await?;
    c.goto(&app.url("/log")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("log-form"))
        .await?;
    fill(c, "log-title", "班级聚会").await?;
    fill(c, "log-place", "校史馆").await?;
    fill(c, "log-participants", "20").await?;
    click(c, "保存").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//span[contains(., '已同步')]"))
        .await?;
    let entry = app.store.log_entries(&id)?[0].clone();

    // This phone edits while the server cannot be reached…
    app.pause().await?;
    c.find(Locator::XPath("//button[normalize-space()='修改']"))
        .await?
        .click()
        .await?;
    fill(c, "log-title", "班级聚会（本机）").await?;
    click(c, "保存").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//span[contains(., '已保存到本机')]"))
        .await?;
    // …and the other phone saved another title meanwhile.
    app.resume().await?;
    let mut theirs = serde_json::to_value(&entry.input)?;
    theirs["title"] = json!("班级聚会（另一台手机）");
    let res = other_phone
        .put(app.api(&format!("/liaisons/{id}/log/{}", entry.id)))
        .header("If-Match", format!("\"{}\"", entry.rev))
        .json(&theirs)
        .send()
        .await?;
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let choice = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//button[normalize-space()='用我的：班级聚会（本机）']",
        ))
        .await?;
    assert!(
        c.find(Locator::XPath(
            "//button[normalize-space()='用对方的：班级聚会（另一台手机）']"
        ))
        .await
        .is_ok()
    );
    c.execute(
        "document.querySelector('.conflict-box').scrollIntoView()",
        vec![],
    )
    .await?;
    b.screenshot("log-conflict-375").await?;
    choice.click().await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//span[contains(., '已同步')]"))
        .await?;
    let mut title = String::new();
    for _ in 0..50 {
        title = app.store.log_entries(&id)?[0].input.title.clone();
        if title == "班级聚会（本机）" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(title, "班级聚会（本机）");
    b.close().await
}
