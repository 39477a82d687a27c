//! The September round's class link, on phones (SPEC §14): the liaison
//! makes the link and copies its message; a classmate without an account
//! opens it in a fresh browser, identifies, types a new phone and
//! employer, reloads (the typing is kept), submits; the liaison confirms
//! one change and declines the other with a reason; the directory holds
//! exactly the confirmed change, and the classmate sees both outcomes.

use fantoccini::{Client, Locator};
use serde_json::json;
use tests::{Browser, TestApp, WAIT, fill, wait_text};

const CLASS: &str = "xx-2023-cs-1";
const LIAISON: &str = "2023110101";
const CLASSMATE: &str = "2023110102";

async fn text_of(c: &Client, css: &str) -> anyhow::Result<String> {
    Ok(c.find(Locator::Css(css)).await?.text().await?)
}

/// Waits until the element at `css` exists.
async fn wait_css(c: &Client, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
    Ok(c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_classmate_updates_through_the_class_link_and_the_liaison_confirms() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    app.appoint_liaison(LIAISON).await?;
    let office = app.login_as("office").await?;
    office
        .put(app.api("/directory/round"))
        .json(&json!({"year": 2026, "open": true}))
        .send()
        .await?;

    // The liaison, on a phone, makes the class's link and copies its message.
    let l = Browser::start(375, 812).await?;
    l.cdp(
        "Browser.grantPermissions",
        json!({"origin": app.url(""), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}),
    )
    .await?;
    let lc = &l.client;
    l.keep_console_errors().await?;
    l.log_in_home(&app, LIAISON).await?;
    lc.goto(&app.url("/directory")).await?;
    wait_css(lc, "#link-make").await?.click().await?;
    let message = wait_css(lc, "#link-message")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    let url = message
        .lines()
        .find(|line| line.contains("/u/#"))
        .unwrap_or_default()
        .trim()
        .to_owned();
    assert!(url.starts_with(&app.url("/u/#")), "{message}");
    wait_css(lc, "#link-copy").await?.click().await?;
    wait_text(lc, "#classmates", "消息已复制").await?;
    let copied = lc
        .execute_async(
            "const done = arguments[0]; navigator.clipboard.readText().then(done, () => done(''));",
            vec![],
        )
        .await?;
    assert_eq!(copied.as_str(), Some(message.as_str()));
    lc.execute(
        "document.getElementById('classmates').scrollIntoView()",
        vec![],
    )
    .await?;
    l.screenshot("classmates-375-liaison-link").await?;

    // A classmate in a fresh browser, without an account.
    let name = app
        .store
        .user_by_username(CLASSMATE)?
        .map(|u| u.name)
        .unwrap_or_default();
    let p = Browser::start(375, 812).await?;
    let pc = &p.client;
    pc.goto(&url).await?;
    wait_css(pc, "#name").await?;
    p.screenshot("classmates-375-identify").await?;
    fill(pc, "name", &name).await?;
    fill(pc, "number", CLASSMATE).await?;
    pc.find(Locator::Css("#identify-form button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_css(pc, "main[data-state=mine]").await?;
    fill(pc, "f-phone", "13912345678").await?;
    fill(pc, "f-employer", "新公司").await?;
    wait_text(pc, "#draft", "已保存").await?;
    pc.refresh().await?;
    wait_css(pc, "main[data-state=mine]").await?;
    let kept = pc.find(Locator::Id("f-phone")).await?.prop("value").await?;
    assert_eq!(
        kept.as_deref(),
        Some("13912345678"),
        "the typing survives a reload"
    );
    p.screenshot("classmates-375-typed").await?;
    pc.find(Locator::Id("submit")).await?.click().await?;
    wait_css(pc, "li[data-field=phone][data-state=waiting]").await?;
    p.screenshot("classmates-375-submitted").await?;
    let stored = {
        let id = app
            .store
            .user_by_username(CLASSMATE)?
            .map(|u| u.id)
            .unwrap_or_default();
        app.store
            .student_entry(CLASS, &id)?
            .ok_or_else(|| anyhow::anyhow!("no entry"))?
    };
    assert_ne!(
        stored.fields.phone, "13912345678",
        "nothing enters before the liaison confirms"
    );

    // The liaison sees it waiting; confirms the phone, declines the employer.
    lc.refresh().await?;
    wait_text(lc, "#classmates-waiting", "待确认 1").await?;
    lc.execute(
        "document.getElementById('classmates-queue').scrollIntoView()",
        vec![],
    )
    .await?;
    l.screenshot("classmates-375-queue").await?;
    wait_css(lc, "li.change[data-field=phone] button.confirm")
        .await?
        .click()
        .await?;
    wait_css(lc, "li.change[data-field=phone][data-state=confirmed]").await?;
    wait_css(lc, "li.change[data-field=employer] button.decline")
        .await?
        .click()
        .await?;
    let reason = wait_css(lc, "li.change[data-field=employer] input.reason").await?;
    reason.send_keys("请写单位全称").await?;
    wait_css(lc, "li.change[data-field=employer] button.send-decline")
        .await?
        .click()
        .await?;
    wait_text(lc, "#classmates-waiting", "待确认 0").await?;
    // The page drew its rows twice (the class list arrived after the
    // directory) and the card's answers came later: nothing panicked.
    assert_eq!(l.console_errors().await?, Vec::<String>::new());

    // Exactly the confirmed change entered the directory, with its history.
    let after = app
        .store
        .entry(CLASS, &stored.id)?
        .ok_or_else(|| anyhow::anyhow!("gone"))?;
    assert_eq!(after.fields.phone, "13912345678");
    assert_eq!(after.fields.employer, stored.fields.employer);
    let history = app.store.entry_history(CLASS, &stored.id)?;
    let last = history
        .last()
        .ok_or_else(|| anyhow::anyhow!("no history"))?;
    assert_eq!((last.action.as_str(), last.changes.len()), ("classmate", 1));

    // The classmate sees the outcome through the same link.
    pc.refresh().await?;
    wait_css(pc, "li[data-field=phone][data-state=confirmed]").await?;
    let declined = text_of(pc, "li[data-field=employer][data-state=declined]").await?;
    assert!(
        declined.contains("未采纳") && declined.contains("请写单位全称"),
        "{declined}"
    );
    p.screenshot("classmates-375-outcome").await?;
    l.close().await?;
    p.close().await
}
