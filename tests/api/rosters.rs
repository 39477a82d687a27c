//! Roster imports: all or nothing, row-level reasons, no duplicates on
//! re-import, one-time passwords downloadable once, password change forced.

use calamine::Reader;
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use tests::{TestApp, finish_job, follow_job, json};

const STUDENTS: [&str; 8] = [
    "学号", "姓名", "性别", "学院", "年级", "专业", "班级", "层次",
];
const STAFF: [&str; 5] = ["工号", "姓名", "角色", "学院", "班级"];

/// A one-sheet workbook; cells that parse as integers are written as numbers,
/// as Excel users type them.
fn xlsx(header: &[&str], rows: &[&[&str]]) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) if c == 0 => ws.write_number(r as u32 + 1, c as u16, n)?,
                _ => ws.write_string(r as u32 + 1, c as u16, *v)?,
            };
        }
    }
    Ok(book.save_to_buffer()?)
}

fn students_file() -> anyhow::Result<Vec<u8>> {
    xlsx(
        &STUDENTS,
        &[
            &[
                "2023110133",
                "刘一鸣",
                "男",
                "xx",
                "2023级",
                "计算机科学与技术",
                "1班",
                "本科",
            ],
            &[
                "2023110134",
                "陈可欣",
                "女",
                "信息工程学院",
                "2023",
                "计算机科学与技术",
                "1班",
                "本科",
            ],
            &[
                "2025120101",
                "林思源",
                "男",
                "信息工程学院",
                "2025级",
                "人工智能",
                "1班",
                "本科",
            ],
            &[
                "2025120102",
                "周雨桐",
                "女",
                "信息工程学院",
                "2025级",
                "人工智能",
                "1班",
                "本科",
            ],
        ],
    )
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: Vec<u8>,
) -> anyhow::Result<reqwest::Response> {
    Ok(client
        .post(app.api(path))
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(body)
        .send()
        .await?)
}

/// The rows of a downloaded password sheet.
fn password_rows(bytes: &[u8]) -> anyhow::Result<Vec<Vec<String>>> {
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec()))?;
    assert_eq!(book.sheet_names().len(), 1);
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow::anyhow!("no sheet"))??;
    Ok(range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect())
}

#[tokio::test]
async fn an_imported_student_gets_a_one_time_password_and_must_change_it() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let classes_before = app.store.classes()?.len();
    let res = upload(&app, &admin, "/rosters/students", students_file()?).await?;
    let import = finish_job(&app, &admin, res).await?["import"].clone();
    assert_eq!(
        (
            import["created"].as_u64(),
            import["updated"].as_u64(),
            import["classes_created"].as_u64()
        ),
        (Some(4), Some(0), Some(1))
    );
    assert_eq!(app.store.classes()?.len(), classes_before + 1);
    let new_class = app
        .store
        .classes()?
        .into_iter()
        .find(|c| c.major == "人工智能");
    assert_eq!(
        new_class.map(|c| (c.cohort, c.student_count)),
        Some((2029, 2))
    );
    let cs = app.store.class("xx-2023-cs-1")?.map(|c| c.student_count);
    assert_eq!(cs, Some(34), "32 demo students + 2 imported");

    // While they wait, the store holds them sealed: a backup shows none.
    let mut backup = Vec::new();
    server::store::backup_to(&app.store, &mut backup)?;
    let stored: Vec<String> = String::from_utf8(backup)?
        .lines()
        .skip(1)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|l| {
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, l["v"].as_str()?)
                .ok()
        })
        .map(|v| String::from_utf8_lossy(&v).into_owned())
        .collect();

    // The passwords are downloadable once, as one sheet.
    let url = app.url(import["passwords_url"].as_str().unwrap_or_default());
    let office = app.login_as("office").await?;
    assert_eq!(
        office.get(&url).send().await?.status(),
        StatusCode::FORBIDDEN
    );
    let file = admin.get(&url).send().await?;
    assert_eq!(file.status(), StatusCode::OK);
    let rows = password_rows(&file.bytes().await?)?;
    assert_eq!(rows[0], ["用户名", "姓名", "角色", "初始密码"]);
    assert_eq!(rows.len(), 5);
    for r in &rows[1..] {
        assert_eq!(r[3].len(), 10);
        assert!(
            stored.iter().all(|v| !v.contains(&r[3])),
            "a one-time password was stored in the clear"
        );
    }
    assert!(stored.iter().any(|v| v.contains("\"sealed\"")));
    let again = admin.get(&url).send().await?;
    assert_eq!(again.status(), StatusCode::GONE);
    assert!(
        json(again).await?["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("只能下载一次")
    );

    // The student logs in with it and can do nothing but change it.
    let row = rows
        .iter()
        .find(|r| r[0] == "2025120101")
        .cloned()
        .unwrap_or_default();
    let student = app.client()?;
    let login = app.login(&student, "2025120101", &row[3]).await?;
    assert_eq!(login.status(), StatusCode::OK);
    assert_eq!(json(login).await?["user"]["must_change_password"], true);
    let blocked = student.get(app.api("/classes")).send().await?;
    assert_eq!(blocked.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        json(blocked).await?["error"]["code"],
        "password_change_required"
    );
    let changed = student
        .post(app.api("/me/password"))
        .json(&serde_json::json!({"current_password": row[3], "new_password": "myown2025pw"}))
        .send()
        .await?;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(json(changed).await?["user"]["must_change_password"], false);
    let classes = json(student.get(app.api("/classes")).send().await?).await?;
    assert_eq!(classes["classes"][0]["display_name"], "2025级人工智能1班");
    Ok(())
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_no_duplicates() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let first = upload(&app, &admin, "/rosters/students", students_file()?).await?;
    assert_eq!(finish_job(&app, &admin, first).await?["state"], "done");
    let (users, classes) = (app.store.users()?.len(), app.store.classes()?.len());
    let res = upload(&app, &admin, "/rosters/students", students_file()?).await?;
    let import = finish_job(&app, &admin, res).await?["import"].clone();
    assert_eq!(
        (import["created"].as_u64(), import["updated"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(import["passwords_url"].is_null());
    assert_eq!(
        (app.store.users()?.len(), app.store.classes()?.len()),
        (users, classes)
    );
    Ok(())
}

#[tokio::test]
async fn a_file_with_bad_rows_imports_nothing_and_names_row_and_column() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let users = app.store.users()?.len();
    let file = xlsx(
        &STUDENTS,
        &[
            &[
                "2026110101",
                "好学生",
                "男",
                "xx",
                "2026",
                "物联网工程",
                "1班",
                "本科",
            ],
            &[
                "2026110102",
                "王 小明",
                "男",
                "xx",
                "2026",
                "物联网工程",
                "1班",
                "本科",
            ],
            &[
                "2026110103",
                "李华",
                "M",
                "xx",
                "2026",
                "物联网工程",
                "1班",
                "本科",
            ],
            &[
                "2026110104",
                "赵敏",
                "女",
                "不存在学院",
                "2026",
                "物联网工程",
                "1班",
                "本科",
            ],
        ],
    )?;
    let res = upload(&app, &admin, "/rosters/students", file).await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await?;
    assert_eq!(body["error"]["code"], "import_rejected");
    let named: Vec<(u64, String)> = body["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap_or_default(),
                r["column"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            (3, "姓名".to_owned()),
            (4, "性别".to_owned()),
            (5, "学院".to_owned())
        ]
    );
    assert_eq!(body["rows"][0]["message"], "姓名中不能有空格");
    assert_eq!(app.store.users()?.len(), users, "nothing was imported");
    assert!(app.store.user_by_username("2026110101")?.is_none());
    Ok(())
}

#[tokio::test]
async fn whole_file_problems_are_refused_with_a_reason() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let text = upload(&app, &admin, "/rosters/students", b"name,phone\n".to_vec()).await?;
    assert_eq!(text.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = json(text).await?;
    assert_eq!(text["rows"], Value::Array(vec![]));
    assert!(
        text["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains(".xlsx")
    );

    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "学号")?;
    book.add_worksheet().write_string(0, 0, "学号")?;
    let two = upload(&app, &admin, "/rosters/students", book.save_to_buffer()?).await?;
    assert_eq!(two.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(two).await?["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("一个工作表")
    );

    let swapped = xlsx(
        &[
            "姓名", "学号", "性别", "学院", "年级", "专业", "班级", "层次",
        ],
        &[],
    )?;
    let swapped = json(upload(&app, &admin, "/rosters/students", swapped).await?).await?;
    assert_eq!(swapped["rows"][0]["row"], 1);
    assert_eq!(swapped["rows"][0]["column"], Value::Null);

    let big = vec![b'x'; 5 * 1024 * 1024 + 1];
    assert_eq!(
        upload(&app, &admin, "/rosters/students", big)
            .await?
            .status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    Ok(())
}

#[tokio::test]
async fn only_the_admin_imports_rosters() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for user in ["office", "dean.xx", "counselor.xx", "2023110101"] {
        let c = app.login_as(user).await?;
        let res = upload(&app, &c, "/rosters/students", students_file()?).await?;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
        let res = upload(&app, &c, "/rosters/staff", students_file()?).await?;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{user}");
    }
    let anonymous = upload(&app, &app.client()?, "/rosters/students", students_file()?).await?;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn imported_staff_get_their_college_and_classes() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let file = xlsx(
        &STAFF,
        &[
            &["t1001", "钱院长", "院长", "经济管理学院", ""],
            &[
                "t1002",
                "吴老师",
                "辅导员",
                "",
                "2023级工程管理1班、2024级大数据与会计1班",
            ],
            &["t1003", "郑老师", "校友办", "", ""],
        ],
    )?;
    let res = upload(&app, &admin, "/rosters/staff", file).await?;
    let import = finish_job(&app, &admin, res).await?["import"].clone();
    assert_eq!(import["created"], 3);
    let url = app.url(import["passwords_url"].as_str().unwrap_or_default());
    let rows = password_rows(&admin.get(&url).send().await?.bytes().await?)?;
    let pw = |user: &str| {
        rows.iter()
            .find(|r| r[0] == user)
            .map(|r| r[3].clone())
            .unwrap_or_default()
    };

    let counselor = app.client()?;
    assert_eq!(
        app.login(&counselor, "t1002", &pw("t1002")).await?.status(),
        StatusCode::OK
    );
    counselor
        .post(app.api("/me/password"))
        .json(&serde_json::json!({"current_password": pw("t1002"), "new_password": "teacher2025"}))
        .send()
        .await?;
    let me = json(counselor.get(app.api("/me")).send().await?).await?;
    assert_eq!(me["user"]["role"], "counselor");
    assert_eq!(
        me["user"]["class_names"],
        serde_json::json!(["2023级工程管理1班", "2024级大数据与会计1班"])
    );
    let dean = app.store.user_by_username("t1001")?;
    assert_eq!(dean.and_then(|d| d.college), Some("jg".into()));

    let unknown = xlsx(
        &STAFF,
        &[&["t1004", "冯老师", "辅导员", "", "2030级不存在专业1班"]],
    )?;
    let res = json(upload(&app, &admin, "/rosters/staff", unknown).await?).await?;
    assert_eq!(res["rows"][0]["column"], "班级");
    assert!(app.store.user_by_username("t1004")?.is_none());
    Ok(())
}

#[tokio::test]
async fn an_import_answers_at_once_with_a_job_that_only_its_starter_follows() -> anyhow::Result<()>
{
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let res = upload(&app, &admin, "/rosters/students", students_file()?).await?;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let job = json(res).await?["job"].clone();
    assert_eq!(job["state"], "running");
    assert_eq!(job["kind"], "roster.students");
    assert_eq!(job["total"], 4, "one unit per one-time password");
    let id = job["id"].as_str().unwrap_or_default().to_owned();
    // Nobody else learns of it, not even the office.
    let office = app.login_as("office").await?;
    let other = office.get(app.api(&format!("/jobs/{id}"))).send().await?;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let done = follow_job(&app, &admin, &id).await?;
    assert_eq!(done["state"], "done");
    assert_eq!(
        (done["done"].as_u64(), done["total"].as_u64()),
        (Some(4), Some(4))
    );
    assert_eq!(done["import"]["created"], 4);
    assert!(done["finished_at"].as_i64().is_some());
    // The job's end was written with the accounts: both are there.
    assert!(app.store.user_by_username("2023110133")?.is_some());
    Ok(())
}

#[tokio::test]
async fn a_one_time_password_expires_and_a_counselor_or_the_admin_issues_a_new_one()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let admin = app.login_as("admin").await?;
    let res = upload(&app, &admin, "/rosters/students", students_file()?).await?;
    let import = finish_job(&app, &admin, res).await?["import"].clone();
    let url = app.url(import["passwords_url"].as_str().unwrap_or_default());
    let rows = password_rows(&admin.get(&url).send().await?.bytes().await?)?;
    let first = rows
        .iter()
        .find(|r| r[0] == "2023110133")
        .map(|r| r[3].clone())
        .unwrap_or_default();
    let valid = domain::roster::ONETIME_VALID_SECS;

    // Past its validity the right password is refused with the way out;
    // a wrong one still reads as wrong.
    app.clock.advance(valid + 1);
    let student = app.client()?;
    let expired = app.login(&student, "2023110133", &first).await?;
    assert_eq!(expired.status(), StatusCode::FORBIDDEN);
    let message = json(expired).await?["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("已过期") && message.contains("重新生成"),
        "{message}"
    );
    let wrong = app.login(&student, "2023110133", "abcdefgh23").await?;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    // Only their own counselor or the admin gives a new one.
    let reset = |c: &reqwest::Client, who: &str| {
        c.post(app.api(&format!("/users/{who}/password-reset")))
            .send()
    };
    let other = app.login_as("counselor.jg").await?;
    assert_eq!(
        reset(&other, "2023110133").await?.status(),
        StatusCode::NOT_FOUND
    );
    let office = app.login_as("office").await?;
    let admin = app.login_as("admin").await?;
    assert_eq!(
        reset(&office, "2023110133").await?.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        reset(&admin, "admin").await?.status(),
        StatusCode::FORBIDDEN
    );
    let counselor = app.login_as("counselor.xx").await?;
    assert_eq!(
        reset(&counselor, "counselor.jg").await?.status(),
        StatusCode::NOT_FOUND
    );
    let given = reset(&counselor, "2023110133").await?;
    assert_eq!(given.status(), StatusCode::OK);
    let given = json(given).await?;
    let fresh = given["password"].as_str().unwrap_or_default().to_owned();
    assert_eq!(fresh.len(), 10);
    assert_ne!(fresh, first);
    assert_eq!(given["name"], "刘一鸣");
    assert_eq!(
        given["expires_at"].as_i64(),
        Some(server::clock::Clock::now(&app.clock) + valid)
    );
    let again = app.login(&student, "2023110133", &first).await?;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    let signed_in = app.login(&student, "2023110133", &fresh).await?;
    assert_eq!(signed_in.status(), StatusCode::OK);
    assert_eq!(json(signed_in).await?["user"]["must_change_password"], true);

    // A reset ends the sessions the account had, and its old password.
    let demo = app.login_as("2023110101").await?;
    assert_eq!(
        demo.get(app.api("/me")).send().await?.status(),
        StatusCode::OK
    );
    app.clock.advance(1);
    let by_admin = json(reset(&admin, "2023110101").await?).await?;
    let ended = demo.get(app.api("/me")).send().await?;
    assert_eq!(ended.status(), StatusCode::UNAUTHORIZED);
    assert!(
        json(ended).await?["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("密码已被重置")
    );
    let old = app.client()?;
    assert_eq!(
        app.login(&old, "2023110101", "demo-pass-2024")
            .await?
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let new = app
        .login(
            &old,
            "2023110101",
            by_admin["password"].as_str().unwrap_or_default(),
        )
        .await?;
    assert_eq!(new.status(), StatusCode::OK);
    let audit = app.store.audit_log()?;
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == "password.reset")
            .count(),
        2
    );
    Ok(())
}
