//! College hand-overs to the center (学院报送, SPEC §13). A dean submits
//! after the pre-flight checks (`domain::submission`); the server freezes a
//! snapshot of the rows and photos with a content hash, and every file of
//! the package — the spreadsheet in the school's template, the photo
//! folders and the printable 报送单 — is made from that snapshot, never
//! from live data. The office accepts or returns; every version and
//! decision is kept.

use std::{collections::BTreeMap, io::Write};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::{Engine, engine::general_purpose::STANDARD as B64};
use domain::{
    Role,
    api::{
        Submission, SubmissionCounts, SubmissionDecision, SubmissionEnvelope, SubmissionEvent,
        Submissions, SubmitRequest,
    },
    directory, notify,
    org::Campaign,
    photos,
    submission::{self, ClassFacts, CollegeFacts, Decision, EntryStanding, Kind, Level, Refusal},
    workflow::State as St,
};
use serde::Deserialize;
use serde_json::json;

use crate::{
    auth::CurrentUser,
    clock::iso_date,
    docx,
    error::{ApiError, ApiJson, ApiQuery},
    spool,
    state::AppState,
    store::{
        ClassRecord, EventRecord, LiaisonStatus, Post, SnapPhoto, SnapRow, SnapshotRecord,
        SubmissionRecord, sort_classes,
    },
    xlsx,
};

use super::{
    attachment, audit_entry,
    directory::{china_time, seed_all},
    exports::{SUMMARY_COLUMNS, summary_items},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/submissions", get(list))
        .route("/submissions/{college}/{kind}", post(submit))
        .route("/submissions/{college}/{kind}/accept", post(accept))
        .route("/submissions/{college}/{kind}/return", post(give_back))
        .route("/submissions/{college}/{kind}/package.zip", get(package))
        .route("/submissions/{college}/{kind}/cover.html", get(cover))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct Which {
    campaign_id: Option<String>,
    /// A version of the package (default: the current one).
    version: Option<u32>,
}

/// The campaign asked for, or the newest one (by cohort).
fn campaign_of(st: &AppState, id: Option<&str>) -> Result<Campaign, ApiError> {
    let campaigns = st.views.campaigns()?;
    match id.filter(|c| !c.is_empty()) {
        Some(id) => campaigns.into_iter().find(|c| c.id == id),
        None => campaigns.into_iter().max_by_key(|c| c.cohort),
    }
    .ok_or(ApiError::NotFound)
}

/// Who may see a college's hand-overs: the office, and the dean of that
/// college; everybody else, and other colleges, 404.
fn visible(cu: &CurrentUser, college: &str) -> Result<(), ApiError> {
    match cu.user.role {
        Role::Office => Ok(()),
        Role::Dean if cu.user.college.as_deref() == Some(college) => Ok(()),
        _ => Err(ApiError::NotFound),
    }
}

fn kind_of(s: &str) -> Result<Kind, ApiError> {
    Kind::parse(s).ok_or(ApiError::NotFound)
}

/// A college's graduating classes of a campaign, in the template's order.
fn graduating(st: &AppState, c: &Campaign, college: &str) -> Result<Vec<ClassRecord>, ApiError> {
    let mut classes: Vec<ClassRecord> = st
        .views
        .classes_of_college(college)?
        .into_iter()
        .filter(|k| k.cohort == c.cohort)
        .collect();
    sort_classes(&mut classes);
    Ok(classes)
}

/// Live data of one college for one campaign: the checks' facts and what a
/// snapshot would hold now. O(the college's graduating classes).
struct Live {
    college_name: String,
    facts: CollegeFacts,
    nominations: Vec<SnapRow>,
    alumni: Vec<SnapRow>,
    photos: Vec<SnapPhoto>,
    /// Whether reading it started a directory (then answers wait for a flush).
    seeded: bool,
}

impl Live {
    fn rows(&self, kind: Kind) -> &[SnapRow] {
        match kind {
            Kind::Nominations => &self.nominations,
            Kind::Alumni => &self.alumni,
        }
    }

    fn photos(&self, kind: Kind) -> &[SnapPhoto] {
        match kind {
            Kind::Nominations => &[],
            Kind::Alumni => &self.photos,
        }
    }

    fn counts(&self, kind: Kind) -> SubmissionCounts {
        SubmissionCounts {
            classes: self.facts.classes.len() as u32,
            rows: self.rows(kind).len() as u32,
            photos: self.photos(kind).len() as u32,
        }
    }
}

fn gather(st: &AppState, c: &Campaign, college: &str) -> Result<Live, ApiError> {
    let college_name = st.store.college(college)?.ok_or(ApiError::NotFound)?.name;
    let classes = graduating(st, c, college)?;
    let seeded = seed_all(st, &classes)?;
    let today = iso_date(st.clock.today());
    let mut facts = CollegeFacts {
        seal: st.store.has_seal(college)?,
        classes: Vec::new(),
    };
    let mut alumni = Vec::new();
    let mut photo_list = Vec::new();
    for class in &classes {
        let counts = st
            .store
            .nomination_counts(&crate::store::index::prefix(&[&c.id, college, &class.id]))?;
        let n = |s: St| counts.get(&s).copied().unwrap_or(0) as u32;
        let mut f = ClassFacts {
            class_id: class.id.clone(),
            class_name: class.display_name(),
            pending_counselor: n(St::PendingCounselor),
            pending_college: n(St::PendingCollege),
            passed_college: n(St::PendingOffice) + n(St::Appointed),
            active_liaisons: st
                .store
                .liaisons_of_class(&class.id)?
                .iter()
                .filter(|l| l.status_on(&today) == LiaisonStatus::Active)
                .count() as u32,
            ..Default::default()
        };
        for e in st.store.directory(&class.id)? {
            f.entries += 1;
            match submission::entry_standing(&e.fields) {
                EntryStanding::Complete => alumni.push(SnapRow {
                    key: e.id,
                    cells: e.fields.cells(),
                }),
                EntryStanding::Incomplete => f.incomplete += 1,
                EntryStanding::Broken(why) => {
                    if f.broken == 0 {
                        f.first_broken = why;
                    }
                    f.broken += 1;
                }
            }
        }
        if let Some(p) = st.store.photo(&class.id)? {
            f.photo = p.has_image();
            f.names = p.names.as_ref().is_some_and(|n| !n.rows.is_empty());
            if p.has_image() {
                photo_list.push(SnapPhoto {
                    class_id: class.id.clone(),
                    folder: photos::folder_name(class.grade, &class.major, &class.class_name),
                    title: photos::title(
                        &st.config.university,
                        &college_name,
                        class.grade,
                        &class.major,
                        &class.class_name,
                    ),
                    ext: p.ext.clone(),
                    sha256: String::new(),
                    uploaded_at: p.uploaded_at,
                    names: p.names.clone(),
                });
            }
        }
        facts.classes.push(f);
    }
    // What passed the college level: waiting at the office, or appointed.
    let nominations = summary_items(st, std::slice::from_ref(&c.id), Some(college), |s| {
        matches!(s, St::PendingOffice | St::Appointed)
    })?
    .into_iter()
    .map(|(key, cells)| SnapRow { key, cells })
    .collect();
    Ok(Live {
        college_name,
        facts,
        nominations,
        alumni,
        photos: photo_list,
        seeded,
    })
}

/// Rows and photo folders that differ between a snapshot and live data:
/// each added, removed or changed one counts once.
fn changes_since(snap: &SnapshotRecord, live: &Live) -> u32 {
    fn differing<K: Ord, V: PartialEq>(a: BTreeMap<K, V>, mut b: BTreeMap<K, V>) -> u32 {
        let mut n = 0;
        for (k, v) in a {
            match b.remove(&k) {
                Some(w) if w == v => {}
                _ => n += 1,
            }
        }
        n + b.len() as u32
    }
    let rows = |r: &[SnapRow]| -> BTreeMap<String, Vec<String>> {
        r.iter().map(|r| (r.key.clone(), r.cells.clone())).collect()
    };
    let photos = |p: &[SnapPhoto]| -> BTreeMap<String, (i64, Option<photos::NameList>)> {
        p.iter()
            .map(|p| (p.class_id.clone(), (p.uploaded_at, p.names.clone())))
            .collect()
    };
    differing(rows(&snap.rows), rows(live.rows(snap.kind)))
        + differing(photos(&snap.photos), photos(live.photos(snap.kind)))
}

fn event_view(e: &EventRecord) -> SubmissionEvent {
    SubmissionEvent {
        version: e.version,
        action: e.action.clone(),
        at: china_time(e.at),
        by_name: e.by_name.clone(),
        note: e.note.clone(),
        hash: e.hash.clone(),
        counts: e.counts.clone(),
        days_late: e.days_late,
    }
}

/// A submission as the API shows it, with checks and changes on `live`.
fn view(
    st: &AppState,
    c: &Campaign,
    college: &str,
    kind: Kind,
    live: &Live,
) -> Result<Submission, ApiError> {
    let record = st
        .store
        .submission(&c.id, college, kind)?
        .unwrap_or_else(|| SubmissionRecord::draft(&c.id, college, kind));
    let due = kind.due(c).to_owned();
    let current = record.current();
    let changes = match current {
        Some(_) => st
            .store
            .snapshot(&c.id, college, kind, record.version)?
            .map(|s| changes_since(&s, live))
            .unwrap_or(0),
        None => 0,
    };
    let days_late = match current {
        Some(e) => e.days_late,
        None => submission::days_late(&due, &iso_date(st.clock.today())).unwrap_or(0),
    };
    Ok(Submission {
        campaign_id: c.id.clone(),
        college: college.to_owned(),
        college_name: live.college_name.clone(),
        kind,
        state: record.state,
        due,
        submitted_at: current.map(|e| china_time(e.at)),
        days_late,
        version: record.version,
        changes_since: changes,
        checks: submission::checks(kind, &live.facts),
        hash: current.map(|e| e.hash.clone()).unwrap_or_default(),
        counts: current
            .map(|e| e.counts.clone())
            .unwrap_or_else(|| live.counts(kind)),
        history: record.events.iter().map(event_view).collect(),
    })
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct ListQuery {
    campaign_id: Option<String>,
}

/// `GET /submissions?campaign_id=`: the dean's college, or every college
/// for the office; both kinds each, with checks on live data now.
async fn list(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Submissions>, ApiError> {
    let colleges: Vec<String> = match cu.user.role {
        Role::Office => st.store.colleges()?.into_iter().map(|c| c.code).collect(),
        Role::Dean => cu.user.college.iter().cloned().collect(),
        _ => return Err(ApiError::NotFound),
    };
    let c = campaign_of(&st, q.campaign_id.as_deref())?;
    let mut out = Vec::new();
    let mut seeded = false;
    for college in colleges {
        let live = gather(&st, &c, &college)?;
        seeded |= live.seeded;
        for kind in Kind::ALL {
            out.push(view(&st, &c, &college, kind, &live)?);
        }
    }
    if seeded {
        st.store.durable().await?;
    }
    Ok(Json(Submissions {
        campaign_id: c.id,
        today: iso_date(st.clock.today()),
        submissions: out,
    }))
}

/// `POST /submissions/{college}/{kind}`: the dean of the college submits;
/// 422 with the checks that stand in the way.
async fn submit(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiJson(req): ApiJson<SubmitRequest>,
) -> Result<Response, ApiError> {
    let kind = kind_of(&kind)?;
    visible(&cu, &college)?;
    if cu.user.role != Role::Dean {
        return Err(ApiError::Forbidden("报送须由本学院院长确认并加盖学院公章"));
    }
    let c = campaign_of(&st, req.campaign_id.as_deref())?;
    let live = gather(&st, &c, &college)?;
    let checks = submission::checks(kind, &live.facts);
    if let Err(refusal) = submission::may_submit(&checks, &req.explanation) {
        let (fields, level) = match &refusal {
            Refusal::Blocked => (BTreeMap::new(), Level::Block),
            Refusal::Explanation(m) => (
                BTreeMap::from([("explanation".to_owned(), m.clone())]),
                Level::Warn,
            ),
        };
        return Err(ApiError::Refused {
            message: refusal.message(),
            fields,
            checks: checks.into_iter().filter(|c| c.level == level).collect(),
        });
    }
    let seal = st.store.seal(&college)?.ok_or(ApiError::Conflict(
        "学院公章尚未上传，报送须加盖学院公章".into(),
    ))?;
    // The files the snapshot encloses, kept by content, one at a time.
    let seal_sha = st.store.keep_submission_file(&seal)?;
    let mut photo_list = live.photos(kind).to_vec();
    for p in &mut photo_list {
        let bytes = st.store.photo_file(&p.class_id)?.ok_or(ApiError::Conflict(
            "毕业合影刚被修改，请刷新后重新报送".into(),
        ))?;
        p.sha256 = st.store.keep_submission_file(&bytes)?;
    }
    let rows = live.rows(kind).to_vec();
    let hash = crate::store::codec::sha256_hex(
        &serde_json::to_vec(&json!({ "rows": rows, "photos": photo_list }))
            .map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    let now = st.clock.now();
    let due = kind.due(&c).to_owned();
    let days_late = submission::days_late(&due, &iso_date(st.clock.today())).unwrap_or(0);
    let counts = live.counts(kind);
    let note = req.explanation.trim().to_owned();
    let snapshot = SnapshotRecord {
        campaign_id: c.id.clone(),
        cohort: c.cohort,
        college: college.clone(),
        college_name: live.college_name.clone(),
        kind,
        version: 0,
        due,
        signed_by_name: cu.user.name.clone(),
        signed_at: now,
        explanation: note.clone(),
        hash: hash.clone(),
        seal: seal_sha,
        rows,
        photos: photo_list,
        counts: counts.clone(),
    };
    let event = EventRecord {
        version: 0,
        action: "submitted".into(),
        at: now,
        by: cu.user.id.clone(),
        by_name: cu.user.name.clone(),
        note,
        hash: hash.clone(),
        counts: counts.clone(),
        days_late,
    };
    let audit = audit_entry(
        &st,
        &cu,
        "submission.submit",
        &format!("{}/{}/{}", c.id, college, kind.as_str()),
        json!({ "hash": hash, "rows": counts.rows, "photos": counts.photos, "days_late": days_late }),
    );
    st.store.submit(&snapshot, &event, &audit)?;
    st.store.durable().await?;
    Ok((
        StatusCode::CREATED,
        Json(SubmissionEnvelope {
            submission: view(&st, &c, &college, kind, &live)?,
        }),
    )
        .into_response())
}

/// The office's decision on the current version.
async fn decide(
    st: AppState,
    cu: CurrentUser,
    college: String,
    kind: String,
    req: SubmissionDecision,
    decision: Decision,
) -> Result<Response, ApiError> {
    let kind = kind_of(&kind)?;
    visible(&cu, &college)?;
    if cu.user.role != Role::Office {
        return Err(ApiError::Forbidden("只有校友办可以接收或退回报送"));
    }
    let note = match decision {
        Decision::Accept => req.reason.trim().to_owned(),
        Decision::Return => submission::return_reason(&req.reason)
            .map_err(|m| ApiError::fields(BTreeMap::from([("reason".to_owned(), m)])))?,
    };
    let c = campaign_of(&st, req.campaign_id.as_deref())?;
    let live = gather(&st, &c, &college)?;
    let event = EventRecord {
        version: 0,
        action: decision.done().into(),
        at: st.clock.now(),
        by: cu.user.id.clone(),
        by_name: cu.user.name.clone(),
        note: note.clone(),
        hash: String::new(),
        counts: SubmissionCounts::default(),
        days_late: 0,
    };
    let audit = audit_entry(
        &st,
        &cu,
        &format!("submission.{}", decision.as_str()),
        &format!("{}/{}/{}", c.id, college, kind.as_str()),
        json!({ "reason": note }),
    );
    let current = st
        .store
        .submission(&c.id, &college, kind)?
        .map_or(0, |r| r.version);
    let deans = st
        .store
        .users_of_role(Role::Dean)?
        .into_iter()
        .filter(|u| u.college.as_deref() == Some(college.as_str()))
        .map(|u| u.id)
        .collect();
    let post = Post::to(
        deans,
        &cu.user.id,
        notify::on_handover(decision == Decision::Accept, kind.short(), current, &note),
    );
    st.store
        .decide_submission(
            &crate::store::submission_key(&c.id, &college, kind),
            decision,
            &event,
            &audit,
            &post,
        )?
        .map_err(|why| ApiError::Conflict(why.into()))?;
    st.store.durable().await?;
    Ok(Json(SubmissionEnvelope {
        submission: view(&st, &c, &college, kind, &live)?,
    })
    .into_response())
}

/// `POST /submissions/{college}/{kind}/accept` (office).
async fn accept(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiJson(req): ApiJson<SubmissionDecision>,
) -> Result<Response, ApiError> {
    decide(st, cu, college, kind, req, Decision::Accept).await
}

/// `POST /submissions/{college}/{kind}/return` (office; `reason` required).
async fn give_back(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiJson(req): ApiJson<SubmissionDecision>,
) -> Result<Response, ApiError> {
    decide(st, cu, college, kind, req, Decision::Return).await
}

/// The snapshot of a version (default: the current one) the caller may see,
/// with the download audited.
async fn frozen(
    st: &AppState,
    cu: &CurrentUser,
    college: &str,
    kind: &str,
    q: &Which,
    what: &str,
) -> Result<SnapshotRecord, ApiError> {
    let kind = kind_of(kind)?;
    visible(cu, college)?;
    let c = campaign_of(st, q.campaign_id.as_deref())?;
    let record = st
        .store
        .submission(&c.id, college, kind)?
        .ok_or(ApiError::NotFound)?;
    let version = q.version.unwrap_or(record.version);
    let snap = st
        .store
        .snapshot(&c.id, college, kind, version)?
        .ok_or(ApiError::NotFound)?;
    st.store.append_audit(&audit_entry(
        st,
        cu,
        "submission.download",
        &format!("{}/{}/{}", c.id, college, kind.as_str()),
        json!({ "version": version, "file": what }),
    ))?;
    st.store.durable().await?;
    Ok(snap)
}

/// The file name of a version's package, without extension.
fn package_name(s: &SnapshotRecord) -> String {
    format!(
        "{}{}届{}报送（第{}版）",
        s.college_name,
        s.cohort,
        s.kind.short(),
        s.version
    )
}

/// `GET /submissions/{college}/{kind}/package.zip?version=`: the
/// spreadsheet, the photo folders and the 报送单, all from the snapshot.
async fn package(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<Which>,
) -> Result<Response, ApiError> {
    let snap = frozen(&st, &cu, &college, &kind, &q, "package.zip").await?;
    let name = format!("{}.zip", package_name(&snap));
    let store = st.clone();
    let (body, ()) = spool::zip(move |zip| zip_of(&store, &snap, zip)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            attachment("package.zip", &name),
        ],
        body,
    )
        .into_response())
}

/// The sheet of a snapshot: its rows with 序号 1..n.
pub fn sheet_rows(s: &SnapshotRecord) -> Vec<Vec<String>> {
    s.rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = vec![(i + 1).to_string()];
            row.extend(r.cells.iter().cloned());
            row
        })
        .collect()
}

/// The package of a snapshot, written into `zip`.
fn zip_of(st: &AppState, s: &SnapshotRecord, zip: &mut spool::Zip) -> Result<(), ApiError> {
    let internal = spool::internal;
    let io = ApiError::from;
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    let rows = sheet_rows(s);
    let (file, sheet) = match s.kind {
        Kind::Nominations => (
            "汇总表.xlsx",
            xlsx::write_sheet("汇总表", &SUMMARY_COLUMNS, &rows),
        ),
        Kind::Alumni => (
            "校友数据库.xlsx",
            xlsx::write_sheet("校友数据库", &directory::COLUMNS, &rows),
        ),
    };
    zip.start_file(file, stored).map_err(internal)?;
    zip.write_all(&sheet.map_err(ApiError::Internal)?)
        .map_err(io)?;
    for p in &s.photos {
        let bytes = st
            .store
            .submission_file(&p.sha256)?
            .ok_or_else(|| ApiError::Internal(format!("snapshot file {} missing", p.sha256)))?;
        let folder = format!("毕业合影/{}", p.folder);
        zip.add_directory(folder.as_str(), stored)
            .map_err(internal)?;
        zip.start_file(format!("{folder}/{}.{}", p.folder, p.ext), stored)
            .map_err(internal)?;
        zip.write_all(&bytes).map_err(io)?;
        if let Some(list) = &p.names {
            let doc = docx::name_list(&p.title, list).map_err(ApiError::Internal)?;
            zip.start_file(format!("{folder}/{}人员名单.docx", p.folder), stored)
                .map_err(internal)?;
            zip.write_all(&doc).map_err(io)?;
        }
    }
    zip.start_file("报送单.html", deflated).map_err(internal)?;
    zip.write_all(cover_html(st, s)?.as_bytes()).map_err(io)?;
    Ok(())
}

/// `GET /submissions/{college}/{kind}/cover.html?version=`: the 报送单 to
/// print, the same page the package encloses.
async fn cover(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<Which>,
) -> Result<Response, ApiError> {
    let snap = frozen(&st, &cu, &college, &kind, &q, "cover.html").await?;
    Ok((
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        cover_html(&st, &snap)?,
    )
        .into_response())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The 报送单: one A4 page — college, campaign, what is enclosed with
/// counts, the 说明, the content hash, the dean's name, the date and the
/// college seal as it was when submitted.
fn cover_html(st: &AppState, s: &SnapshotRecord) -> Result<String, ApiError> {
    let seal = st
        .store
        .submission_file(&s.seal)?
        .map(|png| format!("data:image/png;base64,{}", B64.encode(png)))
        .unwrap_or_default();
    let signed = china_time(s.signed_at);
    let date = signed.get(..10).unwrap_or_default();
    let late = submission::days_late(&s.due, date).unwrap_or(0);
    let mut enclosed = match s.kind {
        Kind::Nominations => vec![format!(
            "《汇总表》汇总表.xlsx，{} 名推荐人选（已通过学院审核）",
            s.counts.rows
        )],
        Kind::Alumni => vec![
            format!("《校友数据库》校友数据库.xlsx，{} 条", s.counts.rows),
            format!(
                "毕业合影：{} 个班级文件夹（照片与人员名单）",
                s.counts.photos
            ),
        ],
    };
    enclosed.push(format!("本届毕业班级 {} 个", s.counts.classes));
    let items: String = enclosed
        .iter()
        .map(|e| format!("<li>{}</li>", escape(e)))
        .collect();
    let note = if s.explanation.is_empty() {
        "无".to_owned()
    } else {
        escape(&s.explanation)
    };
    Ok(format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; color: #111; max-width: 170mm; margin: 0 auto; padding: 12mm 0; }}
h1 {{ text-align: center; font-size: 22pt; letter-spacing: .2em; margin: 0 0 4mm; }}
.sub {{ text-align: center; margin: 0 0 8mm; font-size: 12pt; }}
table {{ width: 100%; border-collapse: collapse; font-size: 12pt; }}
th, td {{ border: 1px solid #111; padding: 3mm 4mm; text-align: left; vertical-align: top; }}
th {{ width: 28mm; white-space: nowrap; font-weight: normal; background: #f4f4f4; }}
ul {{ margin: 0; padding-left: 5mm; }}
.hash {{ font-family: monospace; font-size: 9pt; word-break: break-all; }}
.sign {{ position: relative; margin-top: 14mm; height: 48mm; font-size: 13pt; }}
.sign p {{ margin: 0 0 8mm 80mm; }}
.seal {{ position: absolute; left: 95mm; top: -6mm; width: 42mm; height: 42mm; opacity: .85; }}
.seal {{ mix-blend-mode: multiply; }}
.late {{ color: #b00; }}
.how {{ color: #666; font-size: 10pt; text-align: center; }}
@media print {{ body {{ padding: 0; }} th {{ background: none; }} .how {{ display: none; }} }}
</style></head>
<body>
<p class="how">用浏览器的“打印”（Ctrl+P）打印本页，A4 纵向。</p>
<h1>学院报送单</h1>
<p class="sub">{university} · {cohort}届校友联络员工作 · 第 {version} 版</p>
<table>
<tr><th>学院</th><td>{college}</td></tr>
<tr><th>报送内容</th><td>{kind}</td></tr>
<tr><th>所附材料</th><td><ul>{items}</ul></td></tr>
<tr><th>截止日期</th><td>{due}</td></tr>
<tr><th>报送时间</th><td>{signed}{late}</td></tr>
<tr><th>说明</th><td>{note}</td></tr>
<tr><th>内容摘要</th><td class="hash">SHA-256 {hash}</td></tr>
</table>
<div class="sign">
<p>院长（签字）：{dean}</p>
<p>学院（盖章）</p>
<p>日期：{date}</p>
{seal}
</div>
</body></html>
"#,
        title = escape(&package_name(s)),
        university = escape(&st.config.university),
        cohort = s.cohort,
        version = s.version,
        college = escape(&s.college_name),
        kind = escape(s.kind.label()),
        due = escape(&s.due),
        late = if late > 0 {
            format!(r#" <span class="late">（逾期 {late} 天）</span>"#)
        } else {
            String::new()
        },
        hash = escape(&s.hash),
        dean = escape(&s.signed_by_name),
        seal = if seal.is_empty() {
            String::new()
        } else {
            format!(r#"<img class="seal" alt="学院公章" src="{seal}">"#)
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_markup_out_of_the_cover_sheet() {
        assert_eq!(
            escape(r#"<b>"A&B"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
    }
}
