//! The 汇总表 export, re-opened and checked cell by cell.

use reqwest::StatusCode;
use tests::TestApp;

#[tokio::test]
async fn the_summary_has_exactly_the_columns_with_phones_as_text() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let office = app.login_as("office").await?;
    let res = office.get(app.api("/exports/summary.xlsx")).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert_eq!(
        res.headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok()),
        Some(
            "attachment; filename=\"summary.xlsx\"; filename*=UTF-8''%E6%B1%87%E6%80%BB%E8%A1%A8.xlsx"
        ),
        "汇总表.xlsx in UTF-8, summary.xlsx for old clients"
    );
    let (sheets, rows) = tests::xlsx_text(&res.bytes().await?)?;
    assert_eq!(sheets, 1);
    let header: Vec<String> = rows[0].clone();
    assert_eq!(
        header,
        [
            "序号",
            "姓名",
            "学院",
            "专业班级",
            "联系电话",
            "微信",
            "备注"
        ]
    );
    // The demo has three nominations in the chain (one draft and one returned are left out).
    assert_eq!(rows.len(), 4);
    for (i, row) in rows.iter().enumerate().skip(1) {
        assert_eq!(row[0].clone(), i.to_string(), "序号 runs 1..n");
        let phone = row[4].clone();
        assert!(
            phone.len() == 11 && phone.starts_with('1'),
            "phone kept as text: {phone}"
        );
    }
    // jg (经济管理学院) sorts before xx.
    assert_eq!(rows[1][2].clone(), "经济管理学院");
    assert!(rows[1][6].clone().contains("待校友办审核"));
    assert!(
        app.store
            .audit_log()?
            .iter()
            .any(|e| e.action == "export.summary")
    );
    Ok(())
}

#[tokio::test]
async fn the_summary_on_screen_has_the_same_rows_as_the_file() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for (user, query) in [
        ("office", ""),
        ("office", "?college=xx"),
        ("dean.jg", ""),
        ("dean.jg", "?college="),
    ] {
        let c = app.login_as(user).await?;
        let table = tests::json(
            c.get(app.api(&format!("/exports/summary{query}")))
                .send()
                .await?,
        )
        .await?;
        let (_, file) = tests::xlsx_text(
            &c.get(app.api(&format!("/exports/summary.xlsx{query}")))
                .send()
                .await?
                .bytes()
                .await?,
        )?;
        assert_eq!(
            table["columns"],
            serde_json::json!(file[0]),
            "{user}{query}"
        );
        assert_eq!(table["rows"], serde_json::json!(file[1..]), "{user}{query}");
        assert!(file.len() > 1, "{user}{query} has rows");
    }
    let counselor = app.login_as("counselor.xx").await?;
    assert_eq!(
        counselor
            .get(app.api("/exports/summary"))
            .send()
            .await?
            .status(),
        StatusCode::FORBIDDEN
    );
    Ok(())
}

#[tokio::test]
async fn a_dean_exports_their_own_college_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let dean = app.login_as("dean.xx").await?;
    let (_, rows) = tests::xlsx_text(
        &dean
            .get(app.api("/exports/summary.xlsx"))
            .send()
            .await?
            .bytes()
            .await?,
    )?;
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().skip(1).all(|r| r[2].clone() == "信息工程学院"));
    let other = dean
        .get(app.api("/exports/summary.xlsx?college=jg"))
        .send()
        .await?;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    for user in ["2023110101", "counselor.xx", "admin"] {
        let c = app.login_as(user).await?;
        assert_eq!(
            c.get(app.api("/exports/summary.xlsx"))
                .send()
                .await?
                .status(),
            StatusCode::FORBIDDEN,
            "{user}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_dashboard_counts_per_college_with_deadlines() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let office = app.login_as("office").await?;
    let id = app
        .store
        .user_by_username("2023110101")?
        .map(|u| u.id)
        .unwrap_or_default();
    let add = office
        .post(app.api("/liaisons"))
        .json(&serde_json::json!({"student_id": id, "campaign_id": "2027", "reason": "增补"}))
        .send()
        .await?;
    assert_eq!(add.status(), StatusCode::CREATED);
    let d = tests::json(office.get(app.api("/dashboard")).send().await?).await?;
    let xx = d["colleges"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["college"] == "xx").cloned())
        .unwrap_or_default();
    assert_eq!(
        (xx["classes"].as_u64(), xx["classes_with_liaison"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(xx["nominations"]["pending_counselor"], 1);
    assert_eq!(xx["nominations"]["pending_college"], 1);
    assert_eq!(xx["nominations"]["appointed"], 0);
    let deadlines = d["deadlines"].as_array().cloned().unwrap_or_default();
    assert_eq!(deadlines.len(), 2);
    assert_eq!(deadlines[0]["what"], "推荐截止");
    assert_eq!(
        deadlines[0]["days_left"], 60,
        "the demo window closes 60 days after loading"
    );
    let dean = app.login_as("dean.jg").await?;
    let own = tests::json(dean.get(app.api("/dashboard")).send().await?).await?;
    assert_eq!(own["colleges"].as_array().map(Vec::len), Some(1));
    let student = app.login_as("2023110102").await?;
    assert_eq!(
        student.get(app.api("/dashboard")).send().await?.status(),
        StatusCode::FORBIDDEN
    );
    Ok(())
}
