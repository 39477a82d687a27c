//! Staff added as a university adds them: the admin imports a 教职工名单
//! over HTTP; each new account then sets the demo password, so tests sign
//! them in with [`TestApp::login_as`].

use anyhow::bail;
use calamine::Reader;
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;

use crate::{DEMO_PASSWORD, TestApp, finish_job};

/// The staff roster's columns.
pub const STAFF: [&str; 5] = ["工号", "姓名", "角色", "学院", "班级"];

impl TestApp {
    /// Imports `rows` (工号, 姓名, 角色, 学院, 班级) as the admin; every new
    /// account gets [`DEMO_PASSWORD`].
    pub async fn add_staff(&self, rows: &[[&str; 5]]) -> anyhow::Result<()> {
        let admin = self.login_as("admin").await?;
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in STAFF.iter().enumerate() {
            ws.write_string(0, c as u16, *h)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, *v)?;
            }
        }
        let res = admin
            .post(self.api("/rosters/staff"))
            .header(
                "content-type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            .body(book.save_to_buffer()?)
            .send()
            .await?;
        let import = finish_job(self, &admin, res).await?["import"].clone();
        let url = self.url(import["passwords_url"].as_str().unwrap_or_default());
        let sheet = admin.get(&url).send().await?.bytes().await?;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(sheet.to_vec()))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| anyhow::anyhow!("no sheet"))??;
        for row in range.rows().skip(1) {
            let (user, once) = (row[0].to_string(), row[3].to_string());
            let client = self.client()?;
            let status = self.login(&client, &user, &once).await?.status();
            if status != StatusCode::OK {
                bail!("{user} signs in with the one-time password: {status}");
            }
            let res = client
                .post(self.api("/me/password"))
                .json(&serde_json::json!({"current_password": once, "new_password": DEMO_PASSWORD}))
                .send()
                .await?;
            if !res.status().is_success() {
                bail!("{user} sets a password: {}", res.status());
            }
        }
        Ok(())
    }
}
