//! Liaisons' duty logs (工作记录) and the renewal review (SPEC §13).
//!
//! A liaison writes their own log while the term runs; the class's
//! counselors, the college's deans and the office read it, and answer
//! feedback entries. Everyone else gets 404. The rules are
//! [`domain::duty`]'s; this file checks who and stores.

use std::collections::BTreeMap;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use domain::{
    Role,
    api::{
        ClassDuties, DutyOverview, Liaison, LiaisonLog, LogCreate, LogEntry, LogEntryEnvelope,
        LogReply, LogSummaryRow, RenewalDecision, RenewalRow, Renewals,
    },
    duty::{self, LogInput, LogKind, Renewal, SUMMARY_COLUMNS, Tally},
    notify,
};
use serde::Deserialize;

use crate::{
    auth::CurrentUser,
    clock::iso_date,
    error::{ApiError, ApiJson, ApiQuery, Upload},
    image,
    state::AppState,
    store::{Audience, LiaisonRecord, LiaisonStatus, LogOutcome, LogRecord, LogStep, Post},
    xlsx,
};

use super::{attachment, audit_entry, etag, if_match, require};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/liaisons/renewals", get(renewals))
        .route("/liaisons/{id}/decline", post(decline))
        .route("/liaisons/{id}/log", get(log).post(create))
        .route("/liaisons/{id}/log/{entry}", put(update).delete(remove))
        .route("/liaisons/{id}/log/{entry}/reply", post(reply))
        .route(
            "/liaisons/{id}/log/{entry}/photos",
            post(add_photo).layer(DefaultBodyLimit::max(image::MAX_PHOTO_BYTES)),
        )
        .route(
            "/liaisons/{id}/log/{entry}/photos/{photo}",
            get(photo).delete(remove_photo),
        )
        .route("/duty-log", get(overview))
        .route("/duty-log/summary.xlsx", get(summary_xlsx))
}

/// Who the caller is to one liaison's log.
struct Access {
    liaison: LiaisonRecord,
    /// The liaison themself.
    own: bool,
    /// College staff of the class or the office: may reply.
    staff: bool,
    /// The liaison as staff see them (name, class).
    shown: Liaison,
}

impl Access {
    fn of(st: &AppState, cu: &CurrentUser, id: &str) -> Result<Access, ApiError> {
        let l = st.store.liaison(id)?.ok_or(ApiError::NotFound)?;
        let own = cu.user.role == Role::Student && l.student_id == cu.user.id;
        let staff = matches!(cu.user.role, Role::Counselor | Role::Dean | Role::Office)
            && cu.sees_class(&st.store, &l.class_id, &l.college)?;
        if !own && !staff {
            return Err(ApiError::NotFound);
        }
        Access::new(st, l, own, staff)
    }

    fn new(st: &AppState, l: LiaisonRecord, own: bool, staff: bool) -> Result<Access, ApiError> {
        Ok(Access {
            shown: super::liaisons::view(st, &l, &iso_date(st.clock.today()))?,
            liaison: l,
            own,
            staff,
        })
    }

    fn active(&self, st: &AppState) -> bool {
        self.liaison.status_on(&iso_date(st.clock.today())) == LiaisonStatus::Active
    }

    /// The liaison, on a running term: else why not.
    fn writer(&self, st: &AppState) -> Result<(), ApiError> {
        if !self.own {
            return Err(ApiError::Forbidden("只有联络员本人可以填写工作记录"));
        }
        duty::may_write(self.active(st)).map_err(|e| ApiError::Conflict(e.into()))
    }

    fn view(&self, r: &LogRecord, today: &str) -> LogEntry {
        LogEntry {
            id: r.id.clone(),
            liaison_id: r.liaison_id.clone(),
            input: r.input.clone(),
            photos: r.photos.clone(),
            reply: r.reply.clone(),
            replied_by: r.replied_by.clone(),
            replied_on: r.replied_on.clone(),
            handled: r.handled,
            created_on: r.created_on.clone(),
            overdue: duty::overdue(r.input.kind, r.handled, &r.created_on, today),
            liaison_name: self.shown.name.clone(),
            display_name: self.shown.display_name.clone(),
            rev: r.rev,
        }
    }

    /// Answers a step: the entry with its ETag (`created`: 201), a stale
    /// revision 412 with the current entry.
    async fn answer(
        &self,
        st: &AppState,
        out: LogOutcome,
        created: bool,
    ) -> Result<Response, ApiError> {
        let today = iso_date(st.clock.today());
        match out {
            LogOutcome::Done(Some(r), wrote) => {
                if wrote {
                    st.store.durable().await?;
                }
                let status = if created && wrote {
                    StatusCode::CREATED
                } else {
                    StatusCode::OK
                };
                Ok((
                    status,
                    [etag(r.rev)],
                    Json(LogEntryEnvelope {
                        entry: self.view(&r, &today),
                    }),
                )
                    .into_response())
            }
            LogOutcome::Done(None, _) => {
                st.store.durable().await?;
                Ok(StatusCode::NO_CONTENT.into_response())
            }
            LogOutcome::Stale(r) => Err(stale(self.view(&r, &today))),
            LogOutcome::Refused(why) => Err(ApiError::Conflict(why.into())),
            LogOutcome::NotFound => Err(ApiError::NotFound),
        }
    }
}

fn stale(entry: LogEntry) -> ApiError {
    ApiError::Stale(serde_json::json!({ "entry": entry }))
}

/// `input` normalised and checked against the term: else 422 naming fields.
fn checked(st: &AppState, a: &Access, input: &LogInput) -> Result<LogInput, ApiError> {
    let input = duty::normalise(input);
    let today = iso_date(st.clock.today());
    let errors = duty::check(
        &input,
        duty::Term {
            start: &a.liaison.term_start,
            today: &today,
        },
    );
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(ApiError::fields(
            errors.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        ))
    }
}

/// A client-chosen entry id: a UUID's characters, or a new one.
fn entry_id(given: Option<&str>) -> Result<String, ApiError> {
    match given.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(uuid::Uuid::new_v4().to_string()),
        Some(s) if s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            Ok(s.to_owned())
        }
        Some(_) => Err(ApiError::fields(BTreeMap::from([(
            "id".to_owned(),
            "记录编号只能由字母、数字和连字符组成".to_owned(),
        )]))),
    }
}

/// `GET /liaisons/{id}/log`: newest first.
async fn log(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<LiaisonLog>, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    let today = iso_date(st.clock.today());
    let mut entries: Vec<LogEntry> = st
        .store
        .log_entries(&id)?
        .iter()
        .map(|r| a.view(r, &today))
        .collect();
    newest_first(&mut entries);
    Ok(Json(LiaisonLog {
        liaison: a.shown.clone(),
        entries,
        can_write: a.own && a.active(&st),
        can_reply: a.staff,
        class: class_duties(&st, &a.liaison)?,
    }))
}

fn newest_first(entries: &mut [LogEntry]) {
    entries.sort_by(|a, b| {
        (&b.input.date, &b.created_on, &b.id).cmp(&(&a.input.date, &a.created_on, &a.id))
    });
}

/// Who hears of a new feedback entry: the class's counselors, the college's
/// deans, the office.
fn feedback_post(
    st: &AppState,
    cu: &CurrentUser,
    a: &Access,
    input: &LogInput,
) -> Result<Post, ApiError> {
    if input.kind != LogKind::Feedback {
        return Ok(Post::default());
    }
    let l = &a.liaison;
    Ok(Post {
        audience: Audience {
            counselors: st
                .views
                .class(&l.class_id)?
                .map(|c| c.counselors)
                .unwrap_or_default(),
            deans: super::user_ids(st, Role::Dean, Some(&l.college))?,
            office: super::user_ids(st, Role::Office, None)?,
            actor: cu.user.id.clone(),
            ..Default::default()
        },
        notices: notify::on_feedback(&a.shown.name, &a.shown.display_name, &input.text, "/log"),
    })
}

/// `POST /liaisons/{id}/log`: the liaison adds an entry. With a known `id`
/// and the same content it is a replay (200); different content is 412.
async fn create(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LogCreate>,
) -> Result<Response, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let input = checked(&st, &a, &req.input)?;
    let entry = entry_id(req.id.as_deref())?;
    let now = st.clock.now();
    let record = LogRecord {
        id: entry.clone(),
        liaison_id: id.clone(),
        class_id: a.liaison.class_id.clone(),
        college: a.liaison.college.clone(),
        input: input.clone(),
        photos: vec![],
        reply: String::new(),
        replied_by: String::new(),
        replied_on: String::new(),
        handled: false,
        created_at: now,
        created_on: iso_date(st.clock.today()),
        rev: 0,
    };
    let audit = audit_entry(
        &st,
        &cu,
        "log.create",
        &entry,
        serde_json::json!({ "liaison": id, "kind": input.kind }),
    );
    let post = feedback_post(&st, &cu, &a, &input)?;
    let out = st
        .store
        .log_step(&id, &entry, None, None, &audit, &post, |old| match old {
            None => LogStep::Put(record.clone()),
            Some(o) => LogStep::Keep(o.clone()),
        })?;
    if let LogOutcome::Done(Some(r), false) = &out
        && r.input != input
    {
        let today = iso_date(st.clock.today());
        return Err(stale(a.view(r, &today)));
    }
    a.answer(&st, out, true).await
}

/// `PUT /liaisons/{id}/log/{entry}` (If-Match): the liaison changes an entry.
async fn update(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LogInput>,
) -> Result<Response, ApiError> {
    let rev = if_match(&headers)?;
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let input = checked(&st, &a, &req)?;
    let audit = audit_entry(
        &st,
        &cu,
        "log.update",
        &entry,
        serde_json::json!({ "liaison": id, "kind": input.kind }),
    );
    let out = st
        .store
        .log_step(&id, &entry, rev, None, &audit, &Post::default(), |old| {
            let Some(o) = old else {
                return LogStep::Missing;
            };
            if o.input == input {
                return LogStep::Keep(o.clone());
            }
            if let Err(why) = duty::may_edit(o.input.kind, !o.reply.is_empty()) {
                return LogStep::Refuse(why);
            }
            let mut r = o.clone();
            r.input = input.clone();
            if input.kind != LogKind::Activity {
                r.photos.clear();
            }
            LogStep::Put(r)
        })?;
    a.answer(&st, out, false).await
}

/// `DELETE /liaisons/{id}/log/{entry}` (If-Match).
async fn remove(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let rev = if_match(&headers)?;
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let audit = audit_entry(
        &st,
        &cu,
        "log.delete",
        &entry,
        serde_json::json!({ "liaison": id }),
    );
    let out = st.store.log_step(
        &id,
        &entry,
        rev,
        None,
        &audit,
        &Post::default(),
        |old| match old {
            None => LogStep::Missing,
            Some(o) => match duty::may_edit(o.input.kind, !o.reply.is_empty()) {
                Ok(()) => LogStep::Delete,
                Err(why) => LogStep::Refuse(why),
            },
        },
    )?;
    a.answer(&st, out, false).await
}

/// `POST /liaisons/{id}/log/{entry}/reply`: college staff or the office
/// answer a feedback entry and may mark it handled (If-Match optional).
async fn reply(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LogReply>,
) -> Result<Response, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    if !a.staff {
        return Err(ApiError::Forbidden("只有学院老师或校友办可以回复"));
    }
    let rev = if headers.contains_key(header::IF_MATCH) {
        if_match(&headers)?
    } else {
        None
    };
    let text = duty::reply_text(&req.text)
        .map_err(|m| ApiError::fields(BTreeMap::from([("text".to_owned(), m)])))?;
    let today = iso_date(st.clock.today());
    let audit = audit_entry(
        &st,
        &cu,
        "log.reply",
        &entry,
        serde_json::json!({ "liaison": id, "handled": req.handled }),
    );
    let post = Post::to(
        vec![a.liaison.student_id.clone()],
        &cu.user.id,
        notify::feedback_replied(&cu.user.name, &text, req.handled),
    );
    let out = st
        .store
        .log_step(&id, &entry, rev, None, &audit, &post, |old| {
            let Some(o) = old else {
                return LogStep::Missing;
            };
            if o.input.kind != LogKind::Feedback {
                return LogStep::Refuse("只有意见建议需要回复");
            }
            let mut r = o.clone();
            r.reply = text.clone();
            r.replied_by = cu.user.name.clone();
            r.replied_on = today.clone();
            r.handled = req.handled;
            LogStep::Put(r)
        })?;
    a.answer(&st, out, false).await
}

/// `POST /liaisons/{id}/log/{entry}/photos`: one photo (JPEG or PNG, the
/// graduation photo's rules) for an activity, at most three.
async fn add_photo(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry)): Path<(String, String)>,
    body: Upload,
) -> Result<Response, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let cur = st.store.log_entry(&id, &entry)?.ok_or(ApiError::NotFound)?;
    let full = "每条活动最多 3 张照片";
    if cur.input.kind != LogKind::Activity {
        return Err(ApiError::Conflict("只有校友活动可以上传照片".into()));
    }
    if cur.photos.len() >= duty::MAX_PHOTOS {
        return Err(ApiError::Conflict(full.into()));
    }
    let img = super::photos::uploaded_photo(&st, body.read().await?).await?;
    let photo = uuid::Uuid::new_v4().simple().to_string();
    let audit = audit_entry(
        &st,
        &cu,
        "log.photo",
        &entry,
        serde_json::json!({ "liaison": id, "bytes": img.bytes.len() }),
    );
    let out = st.store.log_step(
        &id,
        &entry,
        None,
        Some((&photo, &img.bytes)),
        &audit,
        &Post::default(),
        |old| {
            let Some(o) = old else {
                return LogStep::Missing;
            };
            if o.photos.len() >= duty::MAX_PHOTOS {
                return LogStep::Refuse(full);
            }
            let mut r = o.clone();
            r.photos.push(photo.clone());
            LogStep::Put(r)
        },
    )?;
    a.answer(&st, out, true).await
}

/// `GET /liaisons/{id}/log/{entry}/photos/{photo}`.
async fn photo(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry, photo)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    Access::of(&st, &cu, &id)?;
    let r = st.store.log_entry(&id, &entry)?.ok_or(ApiError::NotFound)?;
    if !r.photos.contains(&photo) {
        return Err(ApiError::NotFound);
    }
    let bytes = st
        .store
        .log_photo(&id, &entry, &photo)?
        .ok_or(ApiError::NotFound)?;
    let mime = if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else {
        "image/jpeg"
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        bytes,
    )
        .into_response())
}

/// `DELETE /liaisons/{id}/log/{entry}/photos/{photo}`.
async fn remove_photo(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, entry, photo)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let a = Access::of(&st, &cu, &id)?;
    a.writer(&st)?;
    let audit = audit_entry(
        &st,
        &cu,
        "log.photo_delete",
        &entry,
        serde_json::json!({ "liaison": id, "photo": photo }),
    );
    let out = st.store.log_step(
        &id,
        &entry,
        None,
        None,
        &audit,
        &Post::default(),
        |old| match old {
            Some(o) if o.photos.contains(&photo) => {
                let mut r = o.clone();
                r.photos.retain(|p| *p != photo);
                LogStep::Put(r)
            }
            _ => LogStep::Missing,
        },
    )?;
    a.answer(&st, out, false).await
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct OverviewFilter {
    college: Option<String>,
    kind: Option<LogKind>,
    /// Only feedback not yet handled.
    #[serde(default)]
    open: bool,
    limit: Option<usize>,
}

/// Every entry of the liaisons in the caller's scope (newest first, with
/// who wrote it) and their counts per college and year of the entry's date.
/// O(the scope's liaisons and their entries).
fn in_scope(
    st: &AppState,
    cu: &CurrentUser,
    college: Option<String>,
) -> Result<(Vec<LogEntry>, Vec<LogSummaryRow>), ApiError> {
    require(cu, &[Role::Counselor, Role::Dean, Role::Office])?;
    let today = iso_date(st.clock.today());
    let scope = super::directory::Scope {
        college,
        class_id: None,
    };
    let mut out = Vec::new();
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for c in super::directory::classes_in_scope(st, cu, &scope)? {
        for l in st.store.liaisons_of_class(&c.id)? {
            let entries = st.store.log_entries(&l.id)?;
            if entries.is_empty() {
                continue;
            }
            for r in &entries {
                let year = r.input.date.get(..4).unwrap_or_default().to_owned();
                tallies.entry((c.college.clone(), year)).or_default().add(
                    r.input.kind,
                    r.input.participants,
                    r.handled,
                );
            }
            let a = Access::new(st, l, false, true)?;
            out.extend(entries.iter().map(|r| a.view(r, &today)));
        }
    }
    newest_first(&mut out);
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut summary = Vec::new();
    for ((college, year), tally) in tallies {
        if !names.contains_key(&college) {
            let name = st
                .store
                .college(&college)?
                .map(|c| c.name)
                .unwrap_or_default();
            names.insert(college.clone(), name);
        }
        summary.push(LogSummaryRow {
            college_name: names.get(&college).cloned().unwrap_or_default(),
            college,
            year,
            tally,
        });
    }
    Ok((out, summary))
}

/// `GET /duty-log?college=&kind=&open=&limit=`: staff's view of the logs in
/// scope, newest first, with the per-college, per-year counts.
async fn overview(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<OverviewFilter>,
) -> Result<Json<DutyOverview>, ApiError> {
    let (all, summary) = in_scope(&st, &cu, f.college)?;
    let overdue = all.iter().filter(|e| e.overdue).count();
    let matching: Vec<LogEntry> = all
        .into_iter()
        .filter(|e| f.kind.is_none_or(|k| k == e.input.kind))
        .filter(|e| !f.open || (e.input.kind == LogKind::Feedback && !e.handled))
        .collect();
    let total = matching.len();
    let limit = f.limit.unwrap_or(50).clamp(1, 200);
    Ok(Json(DutyOverview {
        entries: matching.into_iter().take(limit).collect(),
        total,
        summary,
        overdue,
    }))
}

/// `GET /duty-log/summary.xlsx`: the per-college, per-year table.
async fn summary_xlsx(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<OverviewFilter>,
) -> Result<Response, ApiError> {
    let (_, summary) = in_scope(&st, &cu, f.college)?;
    let rows: Vec<Vec<String>> = summary
        .into_iter()
        .map(|r| {
            let t = r.tally;
            vec![
                r.college_name,
                r.year,
                t.activities.to_string(),
                t.participants.to_string(),
                t.articles.to_string(),
                t.feedback_handled.to_string(),
                t.feedback_open.to_string(),
            ]
        })
        .collect();
    let bytes =
        xlsx::write_sheet("工作记录统计", &SUMMARY_COLUMNS, &rows).map_err(ApiError::Internal)?;
    st.store.append_audit(&audit_entry(
        &st,
        &cu,
        "export.duty_log",
        "summary",
        serde_json::json!({ "rows": rows.len() }),
    ))?;
    st.store.durable().await?;
    Ok((
        [
            (header::CONTENT_TYPE, xlsx::MIME.to_owned()),
            attachment("duty-log.xlsx", "联络员工作记录统计.xlsx"),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /liaisons/renewals` (office): active liaisons whose term ends
/// within 90 days, with the record of the term. O(all liaisons): an
/// office-only page.
async fn renewals(State(st): State<AppState>, cu: CurrentUser) -> Result<Json<Renewals>, ApiError> {
    require(&cu, &[Role::Office])?;
    let today = iso_date(st.clock.today());
    let due: Vec<LiaisonRecord> = st
        .store
        .liaisons()?
        .into_iter()
        .filter(|l| {
            l.status_on(&today) == LiaisonStatus::Active
                && duty::up_for_renewal(&l.term_end, &today)
        })
        .collect();
    // The directory starts from the roster: count it even if nobody opened it.
    let mut classes = Vec::new();
    for l in &due {
        classes.extend(st.views.class(&l.class_id)?);
    }
    if super::directory::seed_all(&st, &classes)? {
        st.store.durable().await?;
    }
    let mut out = Vec::new();
    for l in due {
        let mut tally = Tally::default();
        let mut last_activity = String::new();
        for e in st.store.log_entries(&l.id)? {
            tally.add(e.input.kind, e.input.participants, e.handled);
            if e.input.kind == LogKind::Activity && e.input.date > last_activity {
                last_activity = e.input.date.clone();
            }
        }
        out.push(RenewalRow {
            liaison: super::liaisons::view(&st, &l, &today)?,
            days_left: domain::submission::days_left(&l.term_end, &today).unwrap_or(0),
            tally,
            last_activity,
            class: class_duties(&st, &l)?,
            decision: l.renewal.clone().filter(|d| d.term_end == l.term_end),
        });
    }
    out.sort_by(|a, b| {
        (
            &a.liaison.term_end,
            &a.liaison.college,
            &a.liaison.display_name,
        )
            .cmp(&(
                &b.liaison.term_end,
                &b.liaison.college,
                &b.liaison.display_name,
            ))
    });
    Ok(Json(Renewals {
        today,
        renewals: out,
    }))
}

/// The duties counted from the liaison's class (the directory, its yearly
/// confirmations during the term, the graduation photo and name list).
fn class_duties(st: &AppState, l: &LiaisonRecord) -> Result<ClassDuties, ApiError> {
    let dir = st.store.directory_counts(&l.class_id)?;
    let start_year: u16 = l
        .term_start
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(0);
    let photo = st.store.photo(&l.class_id)?;
    Ok(ClassDuties {
        directory_entries: dir.entries,
        directory_complete: dir.complete,
        rounds_confirmed: dir
            .confirmed
            .iter()
            .filter(|(y, n)| **y >= start_year && **n > 0)
            .count() as u32,
        photo: photo.as_ref().is_some_and(|p| p.has_image()),
        names: photo.is_some_and(|p| p.names.is_some()),
    })
}

/// The office's renewal decision, recorded on the liaison.
pub(super) fn decision(
    cu: &CurrentUser,
    d: Renewal,
    reason: &str,
    today: &str,
    term_end: &str,
) -> RenewalDecision {
    RenewalDecision {
        decision: d,
        reason: reason.to_owned(),
        by: cu.user.name.clone(),
        on: today.to_owned(),
        term_end: term_end.to_owned(),
    }
}

/// `POST /liaisons/{id}/decline` (office): 不再续聘, with a reason. The term
/// runs to its end; the liaison is told.
async fn decline(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Office])?;
    let reason = super::liaisons::reason_required(&super::liaisons::reason_of(&body)?)?;
    let today = iso_date(st.clock.today());
    let cur = st.store.liaison(&id)?.ok_or(ApiError::NotFound)?;
    let audit = audit_entry(
        &st,
        &cu,
        "liaison.decline",
        &id,
        serde_json::json!({ "reason": reason }),
    );
    let post = super::liaisons::liaison_post(
        &st,
        &cu,
        &cur,
        notify::Kind::NotRenewed,
        &cur.term_end,
        &reason,
    )?;
    let out = st.store.liaison_step(
        &id,
        super::liaisons::optional_rev(&headers)?,
        &audit,
        false,
        &post,
        |l| {
            if l.status_on(&today) != LiaisonStatus::Active {
                return Err("该联络员已不在任");
            }
            l.renewal = Some(decision(&cu, Renewal::End, &reason, &today, &l.term_end));
            Ok(())
        },
    )?;
    super::liaisons::settle(&st, out).await
}
