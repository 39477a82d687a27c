//! The 汇总表 export, re-opened and checked cell by cell.

use calamine::{Data, Reader};
use reqwest::StatusCode;
use tests::TestApp;

fn open(bytes: &[u8]) -> anyhow::Result<(usize, Vec<Vec<Data>>)> {
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec()))?;
    let sheets = book.sheet_names().len();
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow::anyhow!("no sheet"))??;
    Ok((sheets, range.rows().map(<[Data]>::to_vec).collect()))
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => panic!("a cell is not text: {other:?}"),
    }
}

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
    let (sheets, rows) = open(&res.bytes().await?)?;
    assert_eq!(sheets, 1);
    let header: Vec<String> = rows[0].iter().map(text).collect();
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
        assert_eq!(text(&row[0]), i.to_string(), "序号 runs 1..n");
        let phone = text(&row[4]);
        assert!(
            phone.len() == 11 && phone.starts_with('1'),
            "phone kept as text: {phone}"
        );
    }
    // jg (经济管理学院) sorts before xx.
    assert_eq!(text(&rows[1][2]), "经济管理学院");
    assert!(text(&rows[1][6]).contains("待校友办审核"));
    assert!(
        app.store
            .audit_log()?
            .iter()
            .any(|e| e.action == "export.summary")
    );
    Ok(())
}

#[tokio::test]
async fn a_dean_exports_their_own_college_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let dean = app.login_as("dean.xx").await?;
    let (_, rows) = open(
        &dean
            .get(app.api("/exports/summary.xlsx"))
            .send()
            .await?
            .bytes()
            .await?,
    )?;
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().skip(1).all(|r| text(&r[2]) == "信息工程学院"));
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
