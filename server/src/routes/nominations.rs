//! The 推荐表 and its approval chain (SPEC §4–5). Rules come from
//! `domain::nomination` and `domain::workflow`; handlers load, ask, store.

use std::collections::BTreeMap;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use domain::{
    Role,
    api::{
        BulkOutcome, BulkResult, ClassSummary, CreateNomination, DecisionRequest, HistoryEntry,
        MAX_PAGE_SIZE, Nomination, NominationEnvelope, Nominations, PAGE_SIZE, Summary,
    },
    nomination::{NominationForm, NominationType},
    workflow::{self, Actor, Decision, Parties, State as St, WorkflowError},
};
use serde::Deserialize;
use serde_json::{json, value::RawValue};
use sha2::{Digest, Sha256};

use crate::{
    auth::CurrentUser,
    clock::{CHINA, iso_date},
    error::{ApiError, ApiJson, ApiQuery},
    state::AppState,
    store::{
        Audience, Created, Guard, NominationRecord, Tell, Term, Transition, idem_key,
        index::{NominationHead, is_class_scope},
    },
    views::{ClassRows, Names, head_view},
};

use super::{audit_entry, etag, idempotency_key, if_match, require};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/nominations", get(list).post(create))
        .route("/nominations/summary", get(summary))
        .route("/nominations/bulk-decision", post(bulk_decide))
        .route("/nominations/{id}", get(one).patch(edit))
        .route("/nominations/{id}/submit", post(submit))
        .route("/nominations/{id}/decision", post(decide))
        .route("/nominations/{id}/withdraw", post(withdraw))
}

/// Who may look at nominations at all: everyone but the admin.
const READERS: [Role; 4] = [Role::Student, Role::Counselor, Role::Dean, Role::Office];

/// `YYYY-MM-DD HH:MM`, China time.
fn stamp(now: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(now)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(CHINA);
    format!("{} {:02}:{:02}", iso_date(t.date()), t.hour(), t.minute())
}

fn history(
    cu: &CurrentUser,
    now: i64,
    action: &str,
    stage: Option<workflow::Stage>,
    opinion: &str,
) -> HistoryEntry {
    HistoryEntry {
        at: stamp(now),
        actor_id: cu.user.id.clone(),
        actor_name: cu.user.name.clone(),
        role: cu.user.role,
        action: action.into(),
        stage,
        opinion: opinion.trim().into(),
    }
}

/// The API view, with names looked up.
fn view(st: &AppState, r: &NominationRecord) -> Result<Nomination, ApiError> {
    view_with(st, &mut Names::default(), r)
}

fn view_with(
    st: &AppState,
    names: &mut Names,
    r: &NominationRecord,
) -> Result<Nomination, ApiError> {
    Ok(Nomination {
        form: r.form.clone(),
        history: r.history.clone(),
        ..head_view(&st.views, names, NominationHead::of(r))?
    })
}

fn answer(st: &AppState, status: StatusCode, r: &NominationRecord) -> Result<Response, ApiError> {
    Ok((
        status,
        [etag(r.rev)],
        Json(NominationEnvelope {
            nomination: view(st, r)?,
        }),
    )
        .into_response())
}

/// Whether the caller may see this nomination.
fn visible(st: &AppState, cu: &CurrentUser, r: &NominationRecord) -> Result<bool, ApiError> {
    Ok(match cu.user.role {
        Role::Admin => false,
        Role::Student => r.student_id == cu.user.id,
        _ => r.created_by == cu.user.id || cu.sees_class(&st.store, &r.class_id, &r.college)?,
    })
}

/// A nomination the caller may see, or 404.
fn load(st: &AppState, cu: &CurrentUser, id: &str) -> Result<NominationRecord, ApiError> {
    let r = st.store.nomination(id)?.ok_or(ApiError::NotFound)?;
    if !visible(st, cu, &r)? {
        return Err(ApiError::NotFound);
    }
    Ok(r)
}

/// [`load`], then 412 with the current record if the caller's revision is
/// not the current one — before any other check, so that of two people who
/// acted on the same revision the second always learns of the first.
fn fresh(
    st: &AppState,
    cu: &CurrentUser,
    id: &str,
    expected_rev: Option<u64>,
) -> Result<NominationRecord, ApiError> {
    let r = load(st, cu, id)?;
    if expected_rev.is_some_and(|rev| rev != r.rev) {
        return Err(ApiError::Stale(json!({ "nomination": view(st, &r)? })));
    }
    Ok(r)
}

fn refused(e: WorkflowError) -> ApiError {
    match e {
        WorkflowError::OpinionRequired => ApiError::fields(BTreeMap::from([(
            "opinion".to_owned(),
            e.message().to_owned(),
        )])),
        WorkflowError::WrongStage | WorkflowError::OwnNomination => {
            ApiError::Forbidden(e.message())
        }
        WorkflowError::NotPending | WorkflowError::NotEditable | WorkflowError::NotWithdrawable => {
            ApiError::Conflict(e.message().into())
        }
    }
}

/// Answers a transition; a done one is first made durable.
async fn settle(st: &AppState, t: Transition) -> Result<NominationRecord, ApiError> {
    match t {
        Transition::Done(r) => {
            st.store.durable().await?;
            Ok(r)
        }
        Transition::Stale(cur) => Err(ApiError::Stale(json!({ "nomination": view(st, &cur)? }))),
        Transition::Refused(e) => Err(refused(e)),
        Transition::NotFound => Err(ApiError::NotFound),
        Transition::QuotaFull(ids) => Err(quota_full(st, &ids)),
    }
}

/// "2023级计算机科学与技术1班 的联络员名额（2名）已满：王子涵、李欣怡".
pub(super) fn quota_full(st: &AppState, ids: &[String]) -> ApiError {
    let mut names = Vec::new();
    let mut class_name = String::new();
    // Every place is held by a liaison under the id that took it.
    for l in ids
        .iter()
        .filter_map(|id| st.store.liaison(id).ok().flatten())
    {
        if let Ok(Some(c)) = st.views.class(&l.class_id) {
            class_name = c.display_name();
        }
        if let Ok(Some(u)) = st.store.user(&l.student_id) {
            names.push(u.name);
        }
    }
    ApiError::Conflict(format!(
        "{class_name}的联络员名额（{}名）已满，现任联络员：{}",
        ids.len(),
        names.join("、")
    ))
}

/// The quota of a class in a campaign: `quota`, or 1 when the campaign keeps
/// the second place for classes of at least N students.
pub(super) fn quota_of(st: &AppState, campaign: &str, class: &str) -> Result<u8, ApiError> {
    let c = st.store.campaign(campaign)?.ok_or(ApiError::NotFound)?;
    let size = st.views.class(class)?.map_or(0, |c| c.student_count);
    Ok(match c.second_slot_min_students {
        Some(min) if size < min => c.quota.min(1),
        _ => c.quota,
    })
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct Filter {
    state: Option<String>,
    class_id: Option<String>,
    college: Option<String>,
    campaign_id: Option<String>,
    nomination_type: Option<String>,
    /// A name or student number, or part of one.
    q: Option<String>,
    /// From 1.
    page: Option<u32>,
    /// At most [`MAX_PAGE_SIZE`].
    size: Option<u32>,
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A list row: a student's own nominations whole (their page works from
/// it, offline too); for staff only the head — form and history are on the
/// nomination's own page — so a page of 50 stays small and quick however
/// long the forms and histories grow.
fn row_of(
    st: &AppState,
    cu: &CurrentUser,
    names: &mut Names,
    r: &NominationRecord,
) -> Result<Nomination, ApiError> {
    if cu.user.role == Role::Student {
        view_with(st, names, r)
    } else {
        Ok(head_view(&st.views, names, NominationHead::of(r))?)
    }
}

/// The scope-index prefixes a list reads, in order: per campaign, the
/// caller's part of it (a college, classes, one student's own).
fn prefixes(st: &AppState, cu: &CurrentUser, f: &Filter) -> Result<Vec<Vec<u8>>, ApiError> {
    use crate::store::index::prefix;
    let mut campaigns: Vec<_> = match nonempty(&f.campaign_id) {
        Some(id) => st.store.campaign(id)?.into_iter().collect(),
        None => st.views.campaigns()?,
    };
    campaigns.sort_by_key(|c| std::cmp::Reverse(c.cohort));
    let college = nonempty(&f.college);
    let wide = matches!(cu.user.role, Role::Office | Role::Dean) && nonempty(&f.class_id).is_none();
    let classes = if wide {
        vec![]
    } else {
        let scope = super::directory::Scope {
            college: f.college.clone(),
            class_id: f.class_id.clone(),
        };
        super::directory::classes_in_scope(st, cu, &scope)?
    };
    let mut out = Vec::new();
    for c in &campaigns {
        match cu.user.role {
            Role::Office if wide => out.push(match college {
                Some(col) => prefix(&[&c.id, col]),
                None => prefix(&[&c.id]),
            }),
            Role::Dean if wide => {
                let own = cu.user.college.as_deref().unwrap_or_default();
                if college.is_none_or(|x| x == own) {
                    out.push(prefix(&[&c.id, own]));
                }
            }
            Role::Student => out.extend(
                classes
                    .iter()
                    .map(|k| prefix(&[&c.id, &k.college, &k.id, &cu.user.username])),
            ),
            _ => out.extend(classes.iter().map(|k| prefix(&[&c.id, &k.college, &k.id]))),
        }
    }
    Ok(out)
}

/// `GET /nominations`: one page of the nominations in scope. Reads the
/// scope index (O(the scope), records decoded only for the page) and the
/// kept per-state counters; a search or a type filter reads the records of
/// the scope.
async fn list(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Filter>,
) -> Result<Response, ApiError> {
    require(&cu, &READERS)?;
    let state = match nonempty(&f.state) {
        Some(s) => {
            Some(St::parse(s).ok_or_else(|| ApiError::BadRequest(format!("未知的状态：{s}")))?)
        }
        None => None,
    };
    let kind = match nonempty(&f.nomination_type) {
        Some(t) => Some(
            serde_json::from_value::<NominationType>(json!(t))
                .map_err(|_| ApiError::BadRequest(format!("未知的推荐方式：{t}")))?,
        ),
        None => None,
    };
    let q = nonempty(&f.q).map(str::to_owned);
    let size = f.size.unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let page = f.page.unwrap_or(1).max(1);
    let skip = u64::from(page - 1) * u64::from(size);
    let prefixes = prefixes(&st, &cu, &f)?;
    // Staff without a search or a type filter: the kept rows and counts.
    if cu.user.role != Role::Student && q.is_none() && kind.is_none() {
        return kept_page(&st, &prefixes, state, Paging::new(page, size));
    }
    // Whether a record passes the filters the index cannot answer.
    let matches = |r: &NominationRecord| -> Result<bool, ApiError> {
        if kind.is_some_and(|k| k != r.nomination_type) {
            return Ok(false);
        }
        if let Some(q) = &q
            && !r.student_no.contains(q.as_str())
        {
            let name = st.store.user(&r.student_id)?.map(|u| u.name);
            return Ok(name.is_some_and(|n| n.contains(q.as_str())));
        }
        Ok(true)
    };
    let mut counts: BTreeMap<St, u64> = BTreeMap::new();
    let mut seen = 0u64;
    let mut out = Vec::new();
    let mut names = Names::default();
    for p in &prefixes {
        for h in st.store.nomination_heads(p) {
            let h = h?;
            let r = match st.store.nomination(&h.id)? {
                Some(r) if matches(&r)? => r,
                _ => continue,
            };
            *counts.entry(r.state).or_default() += 1;
            if state.is_some_and(|x| x != r.state) {
                continue;
            }
            if seen >= skip && out.len() < size as usize {
                out.push(row_of(&st, &cu, &mut names, &r)?);
            }
            seen += 1;
        }
    }
    Ok(Json(Nominations {
        nominations: out,
        total: seen,
        page,
        size,
        counts: counts
            .into_iter()
            .map(|(s, n)| (s.as_str().to_owned(), n))
            .collect(),
    })
    .into_response())
}

/// Which rows of a list a page shows, and the rows taken so far.
struct Paging {
    page: u32,
    size: usize,
    /// Rows before the page.
    skip: u64,
    /// Rows passed or taken so far.
    seen: u64,
    /// The rows taken: a class's kept rows and the row's place in them.
    taken: Vec<(std::sync::Arc<ClassRows>, usize)>,
}

impl Paging {
    fn new(page: u32, size: u32) -> Paging {
        Paging {
            page,
            size: size as usize,
            skip: u64::from(page - 1) * u64::from(size),
            seen: 0,
            taken: Vec::new(),
        }
    }

    fn full(&self) -> bool {
        self.taken.len() == self.size
    }

    /// Passes over `n` rows at once, if they all come before the page.
    fn passes(&mut self, n: u64) -> bool {
        let before = self.seen + n <= self.skip;
        if before {
            self.seen += n;
        }
        before
    }

    /// Takes a class's rows in `state` (all, if none) that fall on the page.
    fn take(&mut self, rows: std::sync::Arc<ClassRows>, state: Option<St>) {
        let n = match state {
            Some(s) => rows.counts.get(&s).copied().unwrap_or(0),
            None => rows.rows.len() as u64,
        };
        if self.full() || self.passes(n) {
            return;
        }
        for (i, (s, _)) in rows.rows.iter().enumerate() {
            if state.is_some_and(|x| x != *s) {
                continue;
            }
            if self.seen >= self.skip {
                self.taken.push((rows.clone(), i));
                if self.full() {
                    return;
                }
            }
            self.seen += 1;
        }
    }
}

/// [`Nominations`] with its rows already in JSON.
#[derive(serde::Serialize)]
struct NominationsWire<'a> {
    nominations: Vec<&'a RawValue>,
    total: u64,
    page: u32,
    size: u32,
    counts: BTreeMap<&'static str, u64>,
}

/// A staff page without a search or a type filter, from the rows kept per
/// class and campaign ([`crate::store::Store::class_rows`]): each class's
/// rows are read, named and encoded once, and a page copies them.
///
/// A class-wide scope (a counselor's classes, one class) reads the kept
/// rows and their counts only. A wide one (a campaign, a college: the
/// office, a dean) takes its counts from the kept counters, passes whole
/// scopes before the page by them, and finds the classes on the page in
/// the index, one seek each.
fn kept_page(
    st: &AppState,
    prefixes: &[Vec<u8>],
    state: Option<St>,
    mut paging: Paging,
) -> Result<Response, ApiError> {
    let mut counts: BTreeMap<St, u64> = BTreeMap::new();
    for p in prefixes {
        if is_class_scope(p) {
            let rows = st.views.class_rows(p)?;
            for (s, n) in &rows.counts {
                *counts.entry(*s).or_default() += n;
            }
            paging.take(rows, state);
            continue;
        }
        let here = st.store.nomination_counts(p)?;
        for (s, n) in &here {
            *counts.entry(*s).or_default() += n;
        }
        let n = match state {
            Some(s) => here.get(&s).copied().unwrap_or(0),
            None => here.values().sum(),
        };
        if paging.full() || paging.passes(n) {
            continue;
        }
        let mut after = None;
        while !paging.full() {
            let Some(class) = st.store.next_class(state, p, after.as_deref())? else {
                break;
            };
            paging.take(st.views.class_rows(&class)?, state);
            after = Some(class);
        }
    }
    let total = match state {
        Some(s) => counts.get(&s).copied().unwrap_or(0),
        None => counts.values().sum(),
    };
    let nominations: Vec<&RawValue> = paging.taken.iter().map(|(r, i)| &*r.rows[*i].1).collect();
    // Sized at once: the rows are most of it (tens of KB on a full page).
    let mut body =
        Vec::with_capacity(256 + nominations.iter().map(|r| r.get().len() + 1).sum::<usize>());
    serde_json::to_writer(
        &mut body,
        &NominationsWire {
            nominations,
            total,
            page: paging.page,
            size: paging.size as u32,
            counts: counts.into_iter().map(|(s, n)| (s.as_str(), n)).collect(),
        },
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn one(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(&cu, &READERS)?;
    let r = load(&st, &cu, &id)?;
    answer(&st, StatusCode::OK, &r)
}

/// A form is kept as typed until it is submitted, but never more than
/// 16 KB of it (on create as on every edit).
fn bounded(form: &NominationForm) -> Result<(), ApiError> {
    if serde_json::to_string(form).map_or(0, |s| s.len()) > 16 * 1024 {
        return Err(ApiError::TooLarge);
    }
    Ok(())
}

async fn create(
    State(st): State<AppState>,
    cu: CurrentUser,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CreateNomination>,
) -> Result<Response, ApiError> {
    let student = match (cu.user.role, req.nomination_type) {
        (Role::Student, NominationType::SelfNominated) => {
            if req.student_id.as_ref().is_some_and(|s| *s != cu.user.id) {
                return Err(ApiError::Forbidden("个人自荐只能为本人填写"));
            }
            cu.user.clone()
        }
        (Role::Student, NominationType::Class) => {
            return Err(ApiError::Forbidden("班级推荐由辅导员填写"));
        }
        (Role::Counselor, NominationType::Class) => {
            let id = req.student_id.as_deref().ok_or_else(|| {
                ApiError::fields(BTreeMap::from([(
                    "student_id".to_owned(),
                    "请选择被推荐的学生".to_owned(),
                )]))
            })?;
            let s = st
                .store
                .user(id)?
                .filter(|u| u.role == Role::Student)
                .ok_or(ApiError::NotFound)?;
            let mut mine = false;
            for c in &s.classes {
                mine |= st.store.is_counselor_of(&cu.user.id, c)?;
            }
            if !mine {
                return Err(ApiError::NotFound);
            }
            s
        }
        (Role::Counselor, NominationType::SelfNominated) => {
            return Err(ApiError::Forbidden("辅导员只能以班级推荐的方式推荐学生"));
        }
        _ => return Err(ApiError::Forbidden("您没有权限填写推荐表")),
    };
    let campaign = st.store.campaign(&req.campaign_id)?.ok_or_else(|| {
        ApiError::fields(BTreeMap::from([(
            "campaign_id".to_owned(),
            "该届推荐工作不存在".to_owned(),
        )]))
    })?;
    let class_id = student
        .classes
        .first()
        .cloned()
        .ok_or_else(|| ApiError::Conflict("该学生尚未分配班级，请联系管理员".into()))?;
    let class = st.views.class(&class_id)?.ok_or(ApiError::NotFound)?;
    if class.cohort != campaign.cohort {
        return Err(ApiError::fields(BTreeMap::from([(
            "campaign_id".to_owned(),
            format!(
                "该学生是 {} 届毕业生，不在 {} 届推荐工作之列",
                class.cohort, campaign.cohort
            ),
        )])));
    }
    bounded(&req.form)?;
    let now = st.clock.now();
    let rec = NominationRecord {
        id: uuid::Uuid::new_v4().to_string(),
        campaign_id: campaign.id.clone(),
        student_id: student.id.clone(),
        student_no: student.username.clone(),
        class_id,
        college: class.college.clone(),
        nomination_type: req.nomination_type,
        created_by: cu.user.id.clone(),
        state: St::Draft,
        form: req.form.clone(),
        history: vec![history(&cu, now, "create", None, "")],
        rev: 1,
        created_at: now,
        updated_at: now,
    };
    let key = idempotency_key(&headers)?.map(|k| idem_key(&cu.user.id, &k));
    let fingerprint = {
        let body = serde_json::to_vec(&req).map_err(|e| ApiError::Internal(e.to_string()))?;
        let d = Sha256::new()
            .chain_update(b"POST /nominations\n")
            .chain_update(&body)
            .finalize();
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let body = serde_json::to_value(NominationEnvelope {
        nomination: view(&st, &rec)?,
    })
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let audit = audit_entry(
        &st,
        &cu,
        "nomination.create",
        &rec.id,
        json!({ "type": rec.nomination_type, "student": rec.student_id }),
    );
    match st.store.create_nomination(
        &rec,
        key.as_deref().map(|k| (k, fingerprint.as_str())),
        &body,
        &audit,
    )? {
        Created::Done => {
            st.store.durable().await?;
            Ok((StatusCode::CREATED, [etag(rec.rev)], Json(body)).into_response())
        }
        Created::Replayed(seen) => {
            let status = StatusCode::from_u16(seen.status).unwrap_or(StatusCode::CREATED);
            Ok((status, Json(seen.body)).into_response())
        }
        Created::KeyReused => Err(ApiError::Conflict(
            "该 Idempotency-Key 已用于另一个请求".into(),
        )),
        Created::Exists(other) => Err(ApiError::Conflict(format!(
            "{}在{}届已有一份推荐表（{}），每人每届只能有一份",
            student.name,
            campaign.cohort,
            other.state.label()
        ))),
    }
}

/// Only the applicant changes, submits or withdraws a form.
fn applicant_only(cu: &CurrentUser, r: &NominationRecord) -> Result<(), ApiError> {
    if r.created_by == cu.user.id {
        Ok(())
    } else {
        Err(ApiError::Forbidden("只有填写人可以修改、提交或撤回推荐表"))
    }
}

/// The form fields a PATCH may change.
const FORM_FIELDS: [&str; 11] = [
    "name",
    "birth_month",
    "gender",
    "political_status",
    "education",
    "phone",
    "wechat",
    "profile",
    "conditions",
    "cadre_posts",
    "destination",
];

async fn edit(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Response, ApiError> {
    let expected_rev = if_match(&headers)?;
    let cur = fresh(&st, &cu, &id, expected_rev)?;
    applicant_only(&cu, &cur)?;
    // Drafts are saved as typed (no rules yet), only bounded in size.
    let mut merged =
        serde_json::to_value(&cur.form).map_err(|e| ApiError::Internal(e.to_string()))?;
    for (k, v) in patch {
        if !FORM_FIELDS.contains(&k.as_str()) {
            return Err(ApiError::BadRequest(format!("不能修改字段 {k}")));
        }
        merged[k] = v;
    }
    let merged = serde_json::to_vec(&merged).map_err(|e| ApiError::Internal(e.to_string()))?;
    let form: NominationForm = crate::error::parse_json(&merged)?;
    bounded(&form)?;
    let now = st.clock.now();
    let audit = audit_entry(&st, &cu, "nomination.edit", &id, serde_json::Value::Null);
    let guard = Guard::new(expected_rev, &audit);
    let entry = history(&cu, now, "edit", None, "");
    let t = st.store.transition_nomination(&id, &guard, |r| {
        if !r.state.editable() {
            return Err(WorkflowError::NotEditable);
        }
        r.form = form.clone();
        // Consecutive saves of a draft make one history line.
        if r.history
            .last()
            .is_none_or(|h| h.action != "edit" || h.actor_id != entry.actor_id)
        {
            r.history.push(entry.clone());
        }
        Ok(())
    })?;
    let r = settle(&st, t).await?;
    answer(&st, StatusCode::OK, &r)
}

async fn submit(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let expected_rev = match headers.contains_key(axum::http::header::IF_MATCH) {
        true => if_match(&headers)?,
        false => None,
    };
    let cur = fresh(&st, &cu, &id, expected_rev)?;
    applicant_only(&cu, &cur)?;
    workflow::submit(cur.state).map_err(refused)?;
    let today = iso_date(st.clock.today());
    let form = cur.form.check(&today).map_err(ApiError::fields)?;
    let campaign = st
        .store
        .campaign(&cur.campaign_id)?
        .ok_or(ApiError::NotFound)?;
    if !campaign.is_open_on(&today) {
        let msg = if today < campaign.nomination_opens {
            format!(
                "{}届推荐将于{}开始，届时再提交",
                campaign.cohort, campaign.nomination_opens
            )
        } else {
            format!(
                "{}届推荐已于{}截止，如需补交请联系校友办延长截止日期",
                campaign.cohort, campaign.nomination_closes
            )
        };
        return Err(ApiError::Conflict(msg));
    }
    let now = st.clock.now();
    let audit = audit_entry(&st, &cu, "nomination.submit", &id, serde_json::Value::Null);
    let told = tell(&st, &cu, &cur, "")?;
    let guard = Guard {
        tell: Some(&told),
        ..Guard::new(expected_rev, &audit)
    };
    let entry = history(&cu, now, "submit", None, "");
    let t = st.store.transition_nomination(&id, &guard, |r| {
        r.state = workflow::submit(r.state)?;
        r.form = form.clone();
        r.history.push(entry.clone());
        Ok(())
    })?;
    let r = settle(&st, t).await?;
    answer(&st, StatusCode::OK, &r)
}

/// Who hears of a step on `r` by the caller: the student, the counselor
/// who recommended them, the class's counselors, the college's deans, the
/// office — each notice goes to the audience `domain::notify` names.
fn tell(
    st: &AppState,
    cu: &CurrentUser,
    r: &NominationRecord,
    opinion: &str,
) -> Result<Tell, ApiError> {
    let class = st.views.class(&r.class_id)?.ok_or(ApiError::NotFound)?;
    let ids = |role: Role, college: Option<&str>| super::user_ids(st, role, college);
    Ok(Tell {
        audience: Audience {
            applicant: vec![r.student_id.clone()],
            recommender: (r.created_by != r.student_id)
                .then(|| r.created_by.clone())
                .into_iter()
                .collect(),
            counselors: class.counselors.clone(),
            // Only the next level is looked up: deans when the counselor
            // decides, the office when the college does (the rest of the
            // chain cannot be reached by this step).
            deans: match r.state {
                St::PendingCounselor => ids(Role::Dean, Some(&r.college))?,
                _ => Vec::new(),
            },
            office: match r.state {
                St::PendingCollege => ids(Role::Office, None)?,
                _ => Vec::new(),
            },
            actor: cu.user.id.clone(),
        },
        class_name: class.display_name(),
        opinion: opinion.trim().to_owned(),
    })
}

/// One decision by the caller on revision `expected_rev` of a nomination;
/// waits for durability.
async fn decide_one(
    st: &AppState,
    cu: &CurrentUser,
    id: &str,
    expected_rev: Option<u64>,
    req: &DecisionRequest,
) -> Result<NominationRecord, ApiError> {
    let cur = fresh(st, cu, id, expected_rev)?;
    let class = st.views.class(&cur.class_id)?.ok_or(ApiError::NotFound)?;
    let other_counselor = class.counselors.iter().any(|c| *c != cur.created_by);
    let stage = cur.state.stage();
    let actor_id = cu.user.id.clone();
    let role = cu.user.role;
    let parties_of = |r: &NominationRecord| (r.created_by.clone(), r.student_id.clone());
    // Check before the transaction for a clear answer; the transaction checks again.
    let (applicant, nominee) = parties_of(&cur);
    let parties = Parties {
        applicant: &applicant,
        nominee: &nominee,
        other_counselor,
    };
    workflow::decide_as(
        cur.state,
        Actor {
            id: &actor_id,
            role,
        },
        parties,
        req.decision,
        &req.opinion,
    )
    .map_err(refused)?;
    let quota = quota_of(st, &cur.campaign_id, &cur.class_id)?;
    let now = st.clock.now();
    let action = match req.decision {
        Decision::Approve => "approve",
        Decision::Return => "return",
        Decision::Reject => "reject",
    };
    let audit = audit_entry(
        st,
        cu,
        &format!("nomination.{action}"),
        id,
        json!({ "stage": stage, "opinion": req.opinion.trim() }),
    );
    let campaign = st
        .store
        .campaign(&cur.campaign_id)?
        .ok_or(ApiError::NotFound)?;
    let today = st.clock.today();
    let term = Term {
        start: iso_date(today),
        end: iso_date(crate::clock::add_years(today, campaign.term_years)),
        cohort: campaign.cohort,
    };
    let told = tell(st, cu, &cur, &req.opinion)?;
    let guard = Guard {
        expected_rev,
        quota,
        term: Some(term),
        audit: &audit,
        now,
        tell: Some(&told),
    };
    let entry = history(cu, now, action, stage, &req.opinion);
    let t = st.store.transition_nomination(id, &guard, |r| {
        let (applicant, nominee) = parties_of(r);
        let parties = Parties {
            applicant: &applicant,
            nominee: &nominee,
            other_counselor,
        };
        r.state = workflow::decide_as(
            r.state,
            Actor {
                id: &actor_id,
                role,
            },
            parties,
            req.decision,
            &req.opinion,
        )?;
        r.history.push(entry.clone());
        Ok(())
    })?;
    let r = settle(st, t).await?;
    Ok(r)
}

async fn decide(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> Result<Response, ApiError> {
    require(&cu, &READERS)?;
    let expected_rev = if_match(&headers)?;
    let r = decide_one(&st, &cu, &id, expected_rev, &req).await?;
    answer(&st, StatusCode::OK, &r)
}

/// `POST /nominations/bulk-decision`: one shared opinion, approve only (SPEC §5:
/// bulk return and reject are per item).
#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct BulkRequest {
    items: Vec<BulkItem>,
    #[serde(default)]
    opinion: String,
}

#[derive(Deserialize, schemars::JsonSchema)]
struct BulkItem {
    id: String,
    rev: u64,
}

async fn bulk_decide(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<BulkRequest>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Counselor, Role::Dean, Role::Office])?;
    if req.items.is_empty() || req.items.len() > 500 {
        return Err(ApiError::BadRequest("请选择1–500份推荐表".into()));
    }
    let decision = DecisionRequest {
        decision: Decision::Approve,
        opinion: req.opinion.clone(),
    };
    let mut results = Vec::with_capacity(req.items.len());
    for item in &req.items {
        let outcome = decide_one(&st, &cu, &item.id, Some(item.rev), &decision).await;
        results.push(BulkOutcome {
            id: item.id.clone(),
            ok: outcome.is_ok(),
            message: outcome.err().map(|e| e.user_message()),
        });
    }
    let approved = results.iter().filter(|r| r.ok).count() as u32;
    Ok(Json(BulkResult { approved, results }).into_response())
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct SummaryFilter {
    campaign_id: String,
}

/// `GET /nominations/summary?campaign_id=`: per class in scope, the quota and
/// how many are appointed and pending (SPEC §5).
async fn summary(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<SummaryFilter>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Counselor, Role::Dean, Role::Office])?;
    let scope = super::directory::Scope {
        college: None,
        class_id: None,
    };
    let mut rows = Vec::new();
    for class in super::directory::classes_in_scope(&st, &cu, &scope)? {
        let counts = st.store.nomination_counts(&crate::store::index::prefix(&[
            &f.campaign_id,
            &class.college,
            &class.id,
        ]))?;
        // The names of the appointed: the places the class's quota holds.
        let appointed: Vec<String> = st
            .store
            .appointed(&f.campaign_id, &class.id)?
            .iter()
            .filter_map(|id| st.store.nomination(id).ok().flatten())
            .filter(|n| n.state == St::Appointed)
            .filter_map(|n| st.store.user(&n.student_id).ok().flatten().map(|u| u.name))
            .collect();
        let pending: u64 = counts
            .iter()
            .filter(|(s, _)| s.stage().is_some())
            .map(|(_, n)| n)
            .sum();
        rows.push(ClassSummary {
            class_name: class.display_name(),
            quota: quota_of(&st, &f.campaign_id, &class.id)?,
            appointed: appointed.len() as u32,
            appointed_names: appointed,
            pending: pending as u32,
            class_id: class.id,
            college: class.college,
        });
    }
    Ok(Json(Summary { classes: rows }).into_response())
}

async fn withdraw(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let cur = load(&st, &cu, &id)?;
    applicant_only(&cu, &cur)?;
    let now = st.clock.now();
    let audit = audit_entry(
        &st,
        &cu,
        "nomination.withdraw",
        &id,
        serde_json::Value::Null,
    );
    let guard = Guard::new(None, &audit);
    let entry = history(&cu, now, "withdraw", None, "");
    let t = st.store.transition_nomination(&id, &guard, |r| {
        r.state = workflow::withdraw(r.state)?;
        r.history.push(entry.clone());
        Ok(())
    })?;
    let r = settle(&st, t).await?;
    answer(&st, StatusCode::OK, &r)
}
