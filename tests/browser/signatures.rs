//! 我的签名 on a dean's phone: the dean writes a signature with a finger
//! (pointer events on the pad), approves a form, and the printed 推荐表
//! shows it in 院长签字并盖章; after the dean writes a new one, that form
//! still shows the old, a form approved afterwards the new.

use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use tests::{Browser, TestApp, WAIT, click, json, wait_text};

/// Writes a stroke on the pad as a finger does: pointer down, moves, up.
async fn write(c: &Client, wave: f64) -> anyhow::Result<()> {
    c.execute(
        "const pad = document.querySelector('canvas.signature-pad');
         const r = pad.getBoundingClientRect();
         const at = (t, x, y) => pad.dispatchEvent(new PointerEvent(t, {
             bubbles: true, pointerId: 7, pointerType: 'touch', isPrimary: true,
             clientX: r.left + x * r.width, clientY: r.top + y * r.height }));
         at('pointerdown', 0.1, 0.5);
         for (let i = 1; i <= 40; i++) {
             at('pointermove', 0.1 + i * 0.02, 0.5 + Math.sin(i / arguments[0]) * 0.3);
         }
         at('pointerup', 0.9, 0.5);
         return true;",
        vec![json!(wave)],
    )
    .await?;
    Ok(())
}

/// Writes and saves a signature on the to-do page; its SHA-256.
async fn sign(app: &TestApp, b: &Browser, wave: f64) -> anyhow::Result<String> {
    let c = &b.client;
    c.goto(&app.url("/todo")).await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//details[contains(@class,'signature')]/summary",
        ))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("canvas.signature-pad"))
        .await?;
    write(c, wave).await?;
    click(c, "保存签名").await?;
    wait_text(c, "details.signature", "签名已保存").await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("img.signature-now"))
        .await?;
    let dean = app.store.user_by_username("dean.xx")?.expect("dean");
    Ok(app
        .store
        .signature_of(&dean.id)?
        .map(|s| s.sha256)
        .unwrap_or_default())
}

/// The src of the signature drawn in the college's blank of `id`'s print.
async fn printed(app: &TestApp, c: &Client, id: &str) -> anyhow::Result<String> {
    c.goto(&app.url(&domain::pages::nomination_print(id)))
        .await?;
    wait_text(c, "article.paper", "院长签字并盖章").await?;
    let img = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("tr.box img.signed"))
        .await?;
    let until = std::time::Instant::now() + WAIT;
    loop {
        let loaded = c
            .execute(
                "const i = document.querySelector('tr.box img.signed'); return i.complete && i.naturalWidth > 0;",
                vec![],
            )
            .await?;
        if loaded == Value::Bool(true) {
            break;
        }
        anyhow::ensure!(
            std::time::Instant::now() < until,
            "the signature never loaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    c.execute(
        "document.querySelector('tr.box img.signed').scrollIntoView({ block: 'center' }); return true;",
        vec![],
    )
    .await?;
    Ok(img.attr("src").await?.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dean_signs_with_a_finger_and_each_form_keeps_the_signature_it_was_signed_with()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let phone = Browser::start(375, 812).await?;
    phone.log_in_home(&app, "dean.xx").await?;
    let c = &phone.client;
    let old = sign(&app, &phone, 3.0).await?;
    assert_eq!(old.len(), 64, "a drawn signature is kept");
    phone.screenshot("signature-pad-375").await?;

    // Last week's form: approved with the first signature, on the phone.
    let last_week = app.demo_nomination("2023110121")?;
    c.goto(&app.url(&domain::pages::nomination(&last_week)))
        .await?;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Id("opinion"))
        .await?
        .send_keys("同意推荐")
        .await?;
    click(c, "提交审核意见").await?;
    wait_text(c, ".state-line", "待校友办审核").await?;
    let src = printed(&app, c, &last_week).await?;
    assert!(src.ends_with(&old), "{src}");
    phone.screenshot("signature-print-375").await?;

    // A new signature; a form approved after it carries the new one.
    let new = sign(&app, &phone, 1.5).await?;
    assert_ne!(new, old);
    let this_week = app.demo_nomination("2023110120")?;
    let counselor = app.login_as("counselor.xx").await?;
    let dean = app.login_as("dean.xx").await?;
    for who in [&counselor, &dean] {
        let one = app.api(&format!("/nominations/{this_week}"));
        let rev = json(who.get(&one).send().await?).await?["nomination"]["rev"]
            .as_u64()
            .unwrap_or_default();
        let res = who
            .post(app.api(&format!("/nominations/{this_week}/decision")))
            .header("if-match", format!("\"{rev}\""))
            .json(&json!({"decision": "approve", "opinion": "同意"}))
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "approve: {}", res.status());
    }
    assert!(printed(&app, c, &this_week).await?.ends_with(&new));
    assert!(
        printed(&app, c, &last_week).await?.ends_with(&old),
        "last week's form keeps the old signature"
    );
    phone.close().await?;

    let desk = Browser::start(1280, 1100).await?;
    desk.log_in_home(&app, "dean.xx").await?;
    printed(&app, &desk.client, &last_week).await?;
    desk.screenshot("signature-print-1280").await?;
    desk.close().await
}
