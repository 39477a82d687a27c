//! The 推荐表 and its approval chain (SPEC §4–5). Rules come from
//! `domain::nomination` and `domain::workflow`; handlers load, ask, store.

mod create;
mod decide;
mod list;
mod summary;

use crate::routes::endpoint::{self as ep, Endpoint};
use create::*;
use decide::*;
use list::*;
use summary::*;

pub(super) use {list::Filter, summary::SummaryFilter};

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
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
/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/nominations",
            "权限范围内的推荐表（?state=&class_id=&college=）",
            list,
        )
        .query::<Filter>(),
        ep::post(
            "/nominations",
            "新建推荐表草稿（支持 Idempotency-Key）",
            create,
        )
        .json::<CreateNomination>(),
        ep::get(
            "/nominations/summary",
            "各班推荐情况（?campaign_id=）",
            summary,
        )
        .query::<SummaryFilter>(),
        ep::post(
            "/nominations/bulk-decision",
            "批量审核，逐条返回结果",
            bulk_decide,
        )
        .json::<domain::api::BulkRequest>(),
        ep::get("/nominations/{id}", "一份推荐表及审核记录（ETag）", one),
        ep::patch(
            "/nominations/{id}",
            "修改草稿或退回的推荐表（需 If-Match）",
            edit,
        )
        .json::<NominationForm>(),
        ep::post("/nominations/{id}/submit", "提交审核", submit).bodiless(),
        ep::post(
            "/nominations/{id}/decision",
            "本环节审核意见（需 If-Match）",
            decide,
        )
        .json::<DecisionRequest>(),
        ep::post("/nominations/{id}/withdraw", "申请人撤回", withdraw).bodiless(),
    ]
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
    signed_history(cu, None, None, now, action, stage, opinion)
}

/// [`history`] of a step taken in somebody's place (a stand-in).
fn signed_history(
    cu: &CurrentUser,
    place: Option<&domain::standin::StandIn>,
    signature: Option<String>,
    now: i64,
    action: &str,
    stage: Option<workflow::Stage>,
    opinion: &str,
) -> HistoryEntry {
    HistoryEntry {
        signature,
        in_place_of: place.map(|s| domain::api::InPlaceOf {
            id: s.principal_id.clone(),
            name: s.principal_name.clone(),
        }),
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
    Ok(in_scope(st, cu, r)? || (cu.user.role != Role::Admin && r.copied.contains(&cu.user.id)))
}

/// Whether `r` is the caller's by role and scope (or in the place of
/// somebody's, standing in) — what deciding needs; a copy (抄送) is not.
fn in_scope(st: &AppState, cu: &CurrentUser, r: &NominationRecord) -> Result<bool, ApiError> {
    Ok(match cu.user.role {
        Role::Admin => false,
        Role::Student => r.student_id == cu.user.id,
        _ => {
            r.created_by == cu.user.id
                || cu.sees_class(&st.store, &r.class_id, &r.college)?
                || crate::standins::classes_taken(st, &cu.user)?.contains(&r.class_id)
        }
    })
}

/// A nomination the caller may read (a signature of its steps), or 404.
pub(super) fn readable(
    st: &AppState,
    cu: &CurrentUser,
    id: &str,
) -> Result<NominationRecord, ApiError> {
    require(cu, &READERS)?;
    load(st, cu, id)
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

/// Only the applicant changes, submits or withdraws a form.
fn applicant_only(cu: &CurrentUser, r: &NominationRecord) -> Result<(), ApiError> {
    if r.created_by == cu.user.id {
        Ok(())
    } else {
        Err(ApiError::Forbidden("只有填写人可以修改、提交或撤回推荐表"))
    }
}
