//! Roster imports (SPEC §2): students and staff from .xlsx, all or nothing,
//! with row-level reasons; new accounts get one-time passwords that the admin
//! downloads once.

use crate::routes::endpoint::{self as ep, Endpoint};
use std::collections::{HashMap, HashSet};

use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{ImportResult, Job, JobEnvelope, JobState, RowError},
    org::{College, Level},
    roster::{self, StaffRow, StudentRow},
};
use serde_json::json;

use crate::{
    auth::{self, CurrentUser},
    error::{ApiError, Upload},
    state::AppState,
    store::{ClassRecord, ImportBatch, JobRecord, OnetimeRecord, UserRecord},
    xlsx,
};

use super::{attachment, audit_entry, require};

/// Largest roster file, and what it may unpack to.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 30 * 1024 * 1024;

/// What a student roster may hold.
pub const STUDENTS: xlsx::Template = xlsx::Template {
    columns: &roster::STUDENT_COLUMNS,
    max_rows: roster::MAX_ROWS,
    max_unpacked: MAX_UNPACKED_BYTES,
};
/// What a staff roster may hold.
pub const STAFF: xlsx::Template = xlsx::Template {
    columns: &roster::STAFF_COLUMNS,
    max_rows: roster::MAX_ROWS,
    max_unpacked: MAX_UNPACKED_BYTES,
};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::post(
            "/rosters/students",
            "导入学生名单 .xlsx（管理员，全部成功或全部不导入；检查通过即 202 返回任务）",
            import_students,
        )
        .excel(MAX_FILE_BYTES),
        ep::post(
            "/rosters/staff",
            "导入教职工名单 .xlsx（管理员；202 返回任务）",
            import_staff,
        )
        .excel(MAX_FILE_BYTES),
        ep::get(
            "/rosters/{id}/passwords.xlsx",
            "导入后一次性下载初始密码（管理员）",
            download_passwords,
        ),
        ep::get("/jobs/{id}", "任务进度与结果（仅发起人）", job),
    ]
}

pub(super) fn rejected(rows: Vec<RowError>) -> ApiError {
    ApiError::ImportRejected {
        message: format!(
            "导入失败：发现 {} 处问题，未导入任何数据。请修改后重新上传。",
            rows.len()
        ),
        rows,
    }
}

/// The sheet of an uploaded file as `template` allows it, or the reason
/// why not. Reading runs off the async workers, a bounded number at once.
pub(super) async fn sheet(
    st: &AppState,
    bytes: axum::body::Bytes,
    template: xlsx::Template<'static>,
) -> Result<Vec<Vec<String>>, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::BadRequest("请选择要上传的 .xlsx 文件".into()));
    }
    let read = st
        .parse(move || xlsx::read_single_sheet(&bytes, &template))
        .await?;
    read.map_err(|e| {
        let summary = e.summary();
        match e {
            xlsx::Refusal::File(message) => ApiError::ImportRejected {
                message,
                rows: vec![],
            },
            xlsx::Refusal::Cell {
                row,
                column,
                message,
            } => ApiError::ImportRejected {
                message: format!("导入失败：{summary}。未导入任何数据。"),
                rows: vec![RowError {
                    row,
                    column,
                    message,
                }],
            },
        }
    })
}

/// Finds a college by code or by name.
fn find_college<'a>(colleges: &'a [College], typed: &str) -> Option<&'a College> {
    colleges
        .iter()
        .find(|c| c.code == typed.to_ascii_lowercase() || c.name == typed)
}

/// One-time passwords hashed per step of progress (two chunks, one per core).
const HASH_CHUNK: usize = 64;

/// Hashes one-time passwords on both cores, telling `progress` how many
/// are done after each pair of chunks.
async fn hash_all(
    passwords: Vec<String>,
    progress: impl Fn(usize),
) -> Result<Vec<String>, ApiError> {
    let hash = |chunk: Vec<String>| {
        tokio::task::spawn_blocking(move || {
            let mut hasher = auth::OnetimeHasher::new()?;
            chunk
                .iter()
                .map(|p| hasher.hash(p))
                .collect::<anyhow::Result<Vec<_>>>()
        })
    };
    let mut out = Vec::with_capacity(passwords.len());
    for pair in passwords.chunks(2 * HASH_CHUNK) {
        let (a, b) = pair.split_at(pair.len().div_ceil(2));
        let (a, b) = tokio::join!(hash(a.to_vec()), hash(b.to_vec()));
        out.extend(a?.map_err(|e| ApiError::Internal(e.to_string()))?);
        out.extend(b?.map_err(|e| ApiError::Internal(e.to_string()))?);
        progress(out.len());
    }
    Ok(out)
}

/// A new account with a one-time password to be filled in.
fn new_account(username: &str, name: &str, role: Role, now: i64) -> UserRecord {
    UserRecord {
        must_change_password: true,
        ..UserRecord::new(username, name, role, "", now)
    }
}

/// Gives new accounts their one-time passwords; returns the rows to download.
async fn issue_passwords(
    users: &mut [UserRecord],
    fresh: &HashSet<String>,
    progress: impl Fn(usize),
) -> Result<Vec<[String; 4]>, ApiError> {
    let mut rows = Vec::new();
    let mut plain = Vec::new();
    for u in users.iter().filter(|u| fresh.contains(&u.id)) {
        let pw = auth::onetime_password()?;
        rows.push([
            u.username.clone(),
            u.name.clone(),
            u.role.label().to_owned(),
            pw.clone(),
        ]);
        plain.push(pw);
    }
    let hashes = hash_all(plain, progress).await?;
    for (u, h) in users
        .iter_mut()
        .filter(|u| fresh.contains(&u.id))
        .zip(hashes)
    {
        u.password_hash = h;
    }
    Ok(rows)
}

/// A checked import, ready to be written by a job.
struct Checked {
    kind: &'static str,
    batch: ImportBatch,
    fresh: HashSet<String>,
    classes_created: usize,
}

/// Starts writing a checked import as a job and answers `202 {"job": …}`
/// at once; `GET /jobs/{id}` follows it (hashing each new account's
/// one-time password takes longer than a request may).
async fn start(st: &AppState, cu: &CurrentUser, checked: Checked) -> Result<Response, ApiError> {
    let now = st.clock.now();
    let total = checked.fresh.len() as u32;
    let job = JobRecord {
        owner: cu.user.id.clone(),
        job: Job {
            id: uuid::Uuid::new_v4().to_string(),
            kind: format!("roster.{}", checked.kind),
            state: JobState::Running,
            step: "排队等待".into(),
            done: 0,
            total,
            import: None,
            error: None,
            created_at: now,
            finished_at: None,
        },
    };
    st.store.put_job(&job)?;
    let answer = JobEnvelope {
        job: job.job.clone(),
    };
    let (st, cu) = (st.clone(), cu.clone());
    tokio::spawn(async move {
        let _one_at_a_time = st.imports.clone().acquire_owned().await;
        let mut failed = job.clone();
        if let Err(e) = run(&st, &cu, checked, job).await {
            tracing::warn!(error = %e, "roster import failed");
            failed.job.state = JobState::Failed;
            failed.job.error = Some(match e {
                ApiError::Internal(_) => "导入时服务器出错，未导入任何数据，请重新上传".into(),
                e => format!("{}，未导入任何数据，请修改后重新上传", e.user_message()),
            });
            failed.job.finished_at = Some(st.clock.now());
            if let Err(e) = st.store.put_job(&failed) {
                tracing::error!(error = %e, "cannot record a failed job");
            }
        }
    });
    Ok((StatusCode::ACCEPTED, Json(answer)).into_response())
}

/// The job's work: hash, then write everything — accounts, classes,
/// passwords, audit entry and the job's final state — in one transaction.
async fn run(
    st: &AppState,
    cu: &CurrentUser,
    checked: Checked,
    mut job: JobRecord,
) -> Result<(), ApiError> {
    let Checked {
        kind,
        mut batch,
        fresh,
        classes_created,
    } = checked;
    let now = st.clock.now();
    job.job.step = "正在生成初始密码".into();
    st.store.put_job(&job)?;
    let rows = issue_passwords(&mut batch.users, &fresh, |done| {
        let mut j = job.clone();
        j.job.done = done as u32;
        let _ = st.store.put_job(&j); // progress only; the result is written below
    })
    .await?;
    let id = job.job.id.clone();
    let (created, updated) = (fresh.len(), batch.users.len() - fresh.len());
    if !rows.is_empty() {
        batch.onetime = Some((
            id.clone(),
            OnetimeRecord {
                created_at: now,
                by: cu.user.id.clone(),
                sealed: st
                    .onetime_key
                    .seal(
                        &serde_json::to_vec(&rows)
                            .map_err(|e| ApiError::Internal(e.to_string()))?,
                    )
                    .map_err(|e| ApiError::Internal(e.to_string()))?,
                rows: vec![],
            },
        ));
    }
    batch.audit = Some(audit_entry(
        st,
        cu,
        &format!("roster.{kind}.import"),
        &id,
        json!({ "created": created, "updated": updated, "classes_created": classes_created }),
    ));
    job.job.state = JobState::Done;
    job.job.step = "已完成".into();
    job.job.done = job.job.total;
    job.job.finished_at = Some(st.clock.now());
    job.job.import = Some(ImportResult {
        passwords_url: (created > 0).then(|| format!("/api/v1/rosters/{id}/passwords.xlsx")),
        id,
        created: created as u32,
        updated: updated as u32,
        classes_created: classes_created as u32,
        passwords: created as u32,
    });
    let job_id = job.job.id.clone();
    batch.job = Some(job);
    let touched: std::collections::BTreeSet<String> = batch
        .users
        .iter()
        .filter(|u| u.role == Role::Student)
        .flat_map(|u| u.classes.iter().cloned())
        .collect();
    st.store
        .apply_import_chunked(batch, &job_id)
        .map_err(|e| match e {
            crate::store::StoreError::Invalid(m) => ApiError::Conflict(m),
            e => e.into(),
        })?;
    // The directories the file touched follow the new roster: graduating
    // classes and any already started (others start when opened).
    let newest = st.views.campaigns()?.iter().map(|c| c.cohort).max();
    for id in &touched {
        if let Some(c) = st.views.class(id)?
            && (newest.is_some_and(|n| c.cohort <= n) || st.store.directory_started(&c.id)?)
        {
            super::directory::seed(st, &c)?;
        }
    }
    st.store.durable().await?;
    Ok(())
}

async fn import_students(
    State(st): State<AppState>,
    cu: CurrentUser,
    body: Upload,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let body = body.read().await?;
    let (rows, mut errors) = roster::parse_students(&sheet(&st, body, STUDENTS).await?);
    if errors.first().is_some_and(|e| e.row == 1) {
        return Err(rejected(errors)); // a wrong header: nothing else is meaningful
    }
    let colleges = st.store.colleges()?;
    let mut classes: Vec<ClassRecord> = st.store.classes()?;
    let now = st.clock.now();
    let mut batch = ImportBatch::default();
    let mut fresh = HashSet::new();
    let mut changed_classes = HashSet::new();
    let mut classes_created = 0;
    for r in &rows {
        let Some(college) = find_college(&colleges, &r.college) else {
            errors.push(RowError {
                row: r.row,
                column: Some("学院".into()),
                message: format!("学院“{}”不存在，请先由管理员添加", r.college),
            });
            continue;
        };
        let class_id = class_for(&mut classes, college, r, &mut classes_created);
        let existing = st.store.user_by_username(&r.student_no)?;
        let user = match existing {
            Some(u) if u.role != Role::Student => {
                errors.push(RowError {
                    row: r.row,
                    column: Some("学号".into()),
                    message: format!("学号 {} 已被{}账号使用", r.student_no, u.role.label()),
                });
                continue;
            }
            Some(mut u) => {
                if u.name == r.name
                    && u.gender.as_deref() == Some(&r.gender)
                    && u.classes == [class_id.clone()]
                {
                    continue; // unchanged: re-importing the same file changes nothing
                }
                u.name = r.name.clone();
                u.gender = Some(r.gender.clone());
                u.classes = vec![class_id.clone()];
                u.rev += 1;
                u.updated_at = now;
                u
            }
            None => {
                let mut u = new_account(&r.student_no, &r.name, Role::Student, now);
                u.gender = Some(r.gender.clone());
                u.classes = vec![class_id.clone()];
                fresh.insert(u.id.clone());
                u
            }
        };
        changed_classes.insert(class_id);
        batch.users.push(user);
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(rejected(errors));
    }
    // Class sizes follow the roster: the members index of every class the
    // file touches (a student moving out counts too), then the moves.
    let mut counts: HashMap<String, i64> = HashMap::new();
    for u in &batch.users {
        if let Some(old) = st.store.user(&u.id)? {
            for c in &old.classes {
                changed_classes.insert(c.clone());
                *counts.entry(c.clone()).or_default() -= 1;
            }
        }
        for c in &u.classes {
            *counts.entry(c.clone()).or_default() += 1;
        }
    }
    for c in &changed_classes {
        *counts.entry(c.clone()).or_default() += st.store.member_count(c)? as i64;
    }
    let counts: HashMap<String, u32> = counts
        .into_iter()
        .map(|(c, n)| (c, n.max(0) as u32))
        .collect();
    for mut c in classes {
        let count = counts.get(&c.id).copied().unwrap_or(0);
        let is_new = c.rev == 0;
        if is_new || (changed_classes.contains(&c.id) && c.student_count != count) {
            c.student_count = count;
            c.rev += 1;
            batch.classes.push(c);
        }
    }
    let checked = Checked {
        kind: "students",
        batch,
        fresh,
        classes_created,
    };
    start(&st, &cu, checked).await
}

/// The id of the class a student row names, creating it (rev 0 marks new) when missing.
fn class_for(
    classes: &mut Vec<ClassRecord>,
    college: &College,
    r: &StudentRow,
    created: &mut usize,
) -> String {
    if let Some(c) = classes.iter().find(|c| {
        c.college == college.code
            && c.grade == r.grade
            && c.major == r.major
            && c.class_name == r.class_name
            && c.level == r.level
    }) {
        return c.id.clone();
    }
    let years = match r.level {
        Level::Undergraduate => 4,
        Level::Associate => 3,
    };
    let c = ClassRecord {
        id: uuid::Uuid::new_v4().to_string(),
        college: college.code.clone(),
        grade: r.grade,
        major: r.major.clone(),
        class_name: r.class_name.clone(),
        level: r.level,
        cohort: r.grade + years,
        student_count: 0,
        counselors: vec![],
        rev: 0,
    };
    *created += 1;
    let id = c.id.clone();
    classes.push(c);
    id
}

async fn import_staff(
    State(st): State<AppState>,
    cu: CurrentUser,
    body: Upload,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let body = body.read().await?;
    let (rows, mut errors): (Vec<StaffRow>, _) =
        roster::parse_staff(&sheet(&st, body, STAFF).await?);
    if errors.first().is_some_and(|e| e.row == 1) {
        return Err(rejected(errors));
    }
    let colleges = st.store.colleges()?;
    let mut classes = st.store.classes()?;
    let now = st.clock.now();
    let mut batch = ImportBatch::default();
    let mut fresh = HashSet::new();
    let mut changed_classes = HashSet::new();
    for r in &rows {
        let college = match r.role {
            Role::Dean => match find_college(&colleges, &r.college) {
                Some(c) => Some(c.code.clone()),
                None => {
                    errors.push(RowError {
                        row: r.row,
                        column: Some("学院".into()),
                        message: format!("学院“{}”不存在", r.college),
                    });
                    continue;
                }
            },
            _ => None,
        };
        let mut class_ids = Vec::new();
        for name in &r.classes {
            match classes.iter().position(|c| c.display_name() == *name) {
                Some(i) => class_ids.push(i),
                None => errors.push(RowError {
                    row: r.row,
                    column: Some("班级".into()),
                    message: format!("班级“{name}”不存在，请先导入学生名单或新建班级"),
                }),
            }
        }
        let user = match st.store.user_by_username(&r.staff_no)? {
            Some(u) if u.role != r.role => {
                errors.push(RowError {
                    row: r.row,
                    column: Some("工号".into()),
                    message: format!(
                        "工号 {} 已是{}账号，不能改为{}",
                        r.staff_no,
                        u.role.label(),
                        r.role.label()
                    ),
                });
                continue;
            }
            Some(mut u) => {
                if u.name != r.name || u.college != college {
                    u.name = r.name.clone();
                    u.college = college;
                    u.rev += 1;
                    u.updated_at = now;
                    batch.users.push(u.clone());
                }
                u
            }
            None => {
                let mut u = new_account(&r.staff_no, &r.name, r.role, now);
                u.college = college;
                fresh.insert(u.id.clone());
                batch.users.push(u.clone());
                u
            }
        };
        if r.role == Role::Counselor {
            for i in class_ids {
                let c = &mut classes[i];
                if !c.counselors.contains(&user.id) {
                    c.counselors.push(user.id.clone());
                    changed_classes.insert(c.id.clone());
                }
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(rejected(errors));
    }
    for mut c in classes
        .into_iter()
        .filter(|c| changed_classes.contains(&c.id))
    {
        c.rev += 1;
        batch.classes.push(c);
    }
    let checked = Checked {
        kind: "staff",
        batch,
        fresh,
        classes_created: 0,
    };
    start(&st, &cu, checked).await
}

/// `GET /jobs/{id}`: a job's progress and outcome, for the one who started it.
async fn job(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let rec = st
        .store
        .job(&id)?
        .filter(|j| j.owner == cu.user.id)
        .ok_or(ApiError::NotFound)?;
    Ok(Json(JobEnvelope { job: rec.job }).into_response())
}

async fn download_passwords(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let rec = st.store.take_onetime(&id)?.ok_or(ApiError::Gone(
        "初始密码只能下载一次：该文件已下载过或已过期。如需重置，请为相应账号重新生成密码。",
    ))?;
    let plain: Vec<[String; 4]> = if rec.sealed.is_empty() {
        rec.rows
    } else {
        st.onetime_key
            .open(&rec.sealed)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or(ApiError::Gone(
                "初始密码无法解密：数据目录中的密钥文件 onetime.key 已被更换。请为相应账号重新生成密码。",
            ))?
    };
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "roster.passwords.download",
        &id,
        json!({ "accounts": plain.len() }),
    ))?;
    st.store.durable().await?;
    let rows: Vec<Vec<String>> = plain.into_iter().map(Vec::from).collect();
    let bytes = xlsx::write_sheet("初始密码", &["用户名", "姓名", "角色", "初始密码"], &rows)
        .map_err(ApiError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, xlsx::MIME.to_owned()),
            attachment("passwords.xlsx", "初始密码.xlsx"),
        ],
        bytes,
    )
        .into_response())
}
