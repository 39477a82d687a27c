//! Roster imports (SPEC §2): students and staff from .xlsx, all or nothing,
//! with row-level reasons; new accounts get one-time passwords that the admin
//! downloads once. Each importer in its own file (`students`, `staff`); the
//! job that stores a checked file, here; `jobs`, its progress and the
//! passwords.

mod jobs;
mod staff;
mod students;

use jobs::*;
use staff::*;
use students::*;

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

use super::{
    attachment, audit_entry, require,
    workbook::{rejected, sheet},
};

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

/// An admin's roster file, its sheet read as `template` allows and its rows
/// checked by `parse`; a wrong header is refused at once (nothing else in
/// the file is meaningful then).
async fn read_roster<R>(
    st: &AppState,
    cu: &CurrentUser,
    body: Upload,
    template: xlsx::Template<'static>,
    parse: fn(&[Vec<String>]) -> roster::Checked<R>,
) -> Result<roster::Checked<R>, ApiError> {
    require(cu, &[Role::Admin])?;
    let body = body.read().await?;
    let (rows, errors) = parse(&sheet(st, body, template).await?);
    if errors.first().is_some_and(|e| e.row == 1) {
        return Err(rejected(errors));
    }
    Ok((rows, errors))
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
            let mut hasher = crate::password::OnetimeHasher::new()?;
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

/// What a roster row makes of an account.
enum Account {
    New(UserRecord),
    Changed(UserRecord),
    /// Re-importing the same file changes nothing.
    Unchanged(UserRecord),
    /// The number belongs to an account of another role.
    Refused(RowError),
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
