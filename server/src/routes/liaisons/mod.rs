//! Liaisons (SPEC §6): the scoped list for staff and the public list that
//! shows names, classes and terms — never a contact detail.

mod steps;
use steps::*;

use crate::routes::endpoint::{self as ep, Endpoint};
use axum::{
    Json,
    extract::State,
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{Liaison, LiaisonEnvelope, Liaisons},
    notify::{self, Kind},
};
use serde::Deserialize;

use std::collections::BTreeMap;

use axum::{extract::Path, http::HeaderMap};

use crate::{
    auth::CurrentUser,
    clock::{add_years, iso_date},
    error::{ApiError, ApiJson, ApiQuery},
    state::AppState,
    store::{LiaisonOutcome, LiaisonRecord, LiaisonStatus, Post},
};

use super::{
    audit_entry, etag,
    nominations::{quota_full, quota_of},
    require,
};

pub(super) mod renewals;

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/liaisons",
            "权限范围内的联络员（?college=&class_id=&status=）",
            list,
        )
        .query::<Filter>(),
        ep::post("/liaisons", "增补联络员（校友办，需原因，受名额限制）", add)
            .json::<domain::api::AddLiaison>(),
        ep::get(
            "/liaisons/renewals",
            "任期 90 天内届满的联络员及任期内工作记录（校友办）",
            renewals::renewals,
        ),
        ep::get("/liaisons/{id}", "一位联络员", one),
        ep::post(
            "/liaisons/{id}/decline",
            "不再续聘（校友办，需原因）",
            renewals::decline,
        )
        .json::<domain::api::Reason>(),
        ep::post("/liaisons/{id}/renew", "连任（校友办，可附原因）", renew)
            .json::<domain::api::Reason>(),
        ep::post("/liaisons/{id}/dismiss", "解聘（校友办，需原因）", dismiss)
            .json::<domain::api::Reason>(),
        ep::get(
            "/public/liaisons",
            "公开名单（无需登录，不含联系方式）",
            public,
        ),
    ]
}

pub(super) fn view(st: &AppState, l: &LiaisonRecord, today: &str) -> Result<Liaison, ApiError> {
    Ok(Liaison {
        id: l.id.clone(),
        name: st
            .store
            .user(&l.student_id)?
            .map(|u| u.name)
            .unwrap_or_default(),
        student_id: l.student_id.clone(),
        class_id: l.class_id.clone(),
        college: l.college.clone(),
        college_name: st
            .store
            .college(&l.college)?
            .map(|c| c.name)
            .unwrap_or_default(),
        display_name: st
            .views
            .class(&l.class_id)?
            .map(|c| c.display_name())
            .unwrap_or_default(),
        certificate_no: l.certificate_no.clone(),
        term_start: l.term_start.clone(),
        term_end: l.term_end.clone(),
        status: l.status_on(today),
        rev: l.rev,
    })
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct Filter {
    college: Option<String>,
    class_id: Option<String>,
    status: Option<LiaisonStatus>,
}

async fn list(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(f): ApiQuery<Filter>,
) -> Result<Response, ApiError> {
    require(
        &cu,
        &[Role::Counselor, Role::Dean, Role::Office, Role::Student],
    )?;
    let today = iso_date(st.clock.today());
    let scope = crate::access::Scope {
        college: f.college.clone(),
        class_id: f.class_id.clone(),
    };
    let mut out = Vec::new();
    for c in crate::access::classes_in_scope(&st, &cu, &scope)? {
        for l in st.store.liaisons_of_class(&c.id)? {
            if f.status.is_none_or(|s| s == l.status_on(&today)) {
                out.push(view(&st, &l, &today)?);
            }
        }
    }
    out.sort_by(|a, b| {
        (&a.college, &a.display_name, &a.certificate_no).cmp(&(
            &b.college,
            &b.display_name,
            &b.certificate_no,
        ))
    });
    Ok(Json(Liaisons { liaisons: out }).into_response())
}

async fn one(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let l = readable(&st, &cu, &id)?;
    answer(&st, LiaisonOutcome::Done(l))
}

/// A liaison the caller may read (their class is in scope), or 404.
pub(in crate::routes) fn readable(
    st: &AppState,
    cu: &CurrentUser,
    id: &str,
) -> Result<LiaisonRecord, ApiError> {
    require(
        cu,
        &[Role::Counselor, Role::Dean, Role::Office, Role::Student],
    )?;
    let l = st.store.liaison(id)?.ok_or(ApiError::NotFound)?;
    if !cu.sees_class(&st.store, &l.class_id, &l.college)? {
        return Err(ApiError::NotFound);
    }
    Ok(l)
}

/// `GET /public/liaisons`: no login; active liaisons by college and class.
/// Anyone may ask, as often as they like: the answer is kept for the day
/// (`crate::views::Views::public_liaisons`) until a liaison, class, college
/// or name changes, so a request costs a reference count, not every liaison.
async fn public(State(st): State<AppState>) -> Result<Response, ApiError> {
    let body = st.views.public_liaisons(&iso_date(st.clock.today()))?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        axum::body::Bytes::from_owner(body),
    )
        .into_response())
}

fn answer(st: &AppState, out: LiaisonOutcome) -> Result<Response, ApiError> {
    let today = iso_date(st.clock.today());
    match out {
        LiaisonOutcome::Done(l) => Ok((
            [etag(l.rev)],
            Json(LiaisonEnvelope {
                liaison: view(st, &l, &today)?,
            }),
        )
            .into_response()),
        LiaisonOutcome::Stale(l) => Err(ApiError::Stale(
            serde_json::json!({ "liaison": view(st, &l, &today)? }),
        )),
        LiaisonOutcome::Refused(why) => Err(ApiError::Conflict(why.into())),
        LiaisonOutcome::QuotaFull(ids) => Err(quota_full(st, &ids)),
        LiaisonOutcome::NotFound => Err(ApiError::NotFound),
    }
}

/// Waits for durability when something was written, then answers.
pub(super) async fn settle(st: &AppState, out: LiaisonOutcome) -> Result<Response, ApiError> {
    if matches!(out, LiaisonOutcome::Done(_)) {
        st.store.durable().await?;
    }
    answer(st, out)
}

/// `If-Match`, when given.
pub(super) fn optional_rev(h: &HeaderMap) -> Result<Option<u64>, ApiError> {
    if h.contains_key(axum::http::header::IF_MATCH) {
        super::if_match(h)
    } else {
        Ok(None)
    }
}

pub(super) fn reason_required(reason: &str) -> Result<String, ApiError> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(ApiError::fields(BTreeMap::from([(
            "reason".to_owned(),
            "请填写原因".to_owned(),
        )])));
    }
    Ok(r.chars().take(500).collect())
}

/// The `reason` of an optional JSON body (`{"reason": …}`); empty without one.
pub(super) fn reason_of(body: &[u8]) -> Result<String, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(String::new());
    }
    serde_json::from_slice::<domain::api::Reason>(body)
        .map(|r| r.reason)
        .map_err(|_| ApiError::BadRequest("请求内容应为 JSON：{\"reason\": \"…\"}".into()))
}

/// `YYYY-MM-DD` to a date.
fn parse_date(s: &str) -> Option<time::Date> {
    let y = s.get(..4)?.parse().ok()?;
    let m = time::Month::try_from(s.get(5..7)?.parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(y, m, s.get(8..10)?.parse().ok()?).ok()
}
