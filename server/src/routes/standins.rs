//! `/standins`: an approver names a stand-in for a range of days (代理审批),
//! sees the ones they named and take, and ends one early. Rules:
//! `domain::standin`; what a stand-in changes in the chain:
//! `crate::standins` and the nomination routes.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{Candidate, NewStandIn, StandInEnvelope, StandIns},
    standin::{self, StandIn},
};
use serde_json::json;

use crate::{
    auth::CurrentUser,
    clock::iso_date,
    error::{ApiError, ApiJson},
    standins::{approver, colleges_of, posts},
    state::AppState,
    store::{Post, UserRecord},
};

use super::{audit_entry, endpoint as ep, endpoint::Endpoint, require};

const APPROVERS: [Role; 3] = [Role::Counselor, Role::Dean, Role::Office];

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/standins",
            "我设置的和我承担的代理审批，以及可选的代理人",
            list,
        ),
        ep::post(
            "/standins",
            "设置代理审批（同一身份、范围覆盖、按日期）",
            name,
        )
        .json::<NewStandIn>(),
        ep::delete("/standins/{id}", "提前结束代理审批", end),
    ]
}

/// Whom `u` may name: approvers of the same role whose scope covers theirs.
fn candidates(
    st: &AppState,
    u: &UserRecord,
    colleges: &[String],
) -> Result<Vec<Candidate>, ApiError> {
    let mut out = Vec::new();
    for other in st.store.users_of_role(u.role)? {
        if other.id == u.id {
            continue;
        }
        let theirs = colleges_of(st, &other)?;
        let fits = match u.role {
            Role::Counselor => !colleges.is_empty() && colleges.iter().all(|c| theirs.contains(c)),
            Role::Dean => u.college.is_some() && other.college == u.college,
            _ => true,
        };
        if fits {
            out.push(Candidate {
                id: other.id,
                name: other.name,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

async fn list(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    require(&cu, &APPROVERS)?;
    let today = iso_date(st.clock.today());
    let mut named = Vec::new();
    let mut taking = Vec::new();
    for s in st.store.standins_of(&cu.user.id)? {
        if s.over_by(&today) {
            continue;
        }
        match s.principal_id == cu.user.id {
            true => named.push(s),
            false => taking.push(s),
        }
    }
    named.sort_by(|a, b| a.from.cmp(&b.from));
    taking.sort_by(|a, b| a.from.cmp(&b.from));
    let colleges = colleges_of(&st, &cu.user)?;
    let may_name = cu.user.role != Role::Office || cu.user.is_director;
    let candidates = match may_name {
        true => candidates(&st, &cu.user, &colleges)?,
        false => vec![],
    };
    Ok(Json(StandIns {
        named,
        taking,
        candidates,
        today,
    })
    .into_response())
}

async fn name(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<NewStandIn>,
) -> Result<Response, ApiError> {
    require(&cu, &APPROVERS)?;
    let refuse = |e: standin::StandInError| ApiError::Conflict(e.message().into());
    let deputy = st
        .store
        .user(req.deputy_id.trim())?
        .filter(|u| APPROVERS.contains(&u.role))
        .ok_or_else(|| ApiError::BadRequest("请从列表中选择代理人".into()))?;
    let today = iso_date(st.clock.today());
    let (mine, theirs) = (colleges_of(&st, &cu.user)?, colleges_of(&st, &deputy)?);
    let (p, d) = (approver(&cu.user, &mine), approver(&deputy, &theirs));
    let (from, until) = (req.from.trim(), req.until.trim());
    standin::check(p, d, from, until, &today, &[]).map_err(refuse)?;
    let s = StandIn {
        id: uuid::Uuid::new_v4().to_string(),
        principal_id: cu.user.id.clone(),
        principal_name: cu.user.name.clone(),
        deputy_id: deputy.id.clone(),
        deputy_name: deputy.name.clone(),
        role: cu.user.role,
        from: from.to_owned(),
        until: until.to_owned(),
        ended_on: None,
        rev: 1,
    };
    let audit = audit_entry(
        &st,
        &cu,
        "standin.name",
        &s.id,
        json!({ "deputy": s.deputy_id, "from": s.from, "until": s.until }),
    );
    let rule = |existing: &[StandIn]| standin::check(p, d, from, until, &today, existing);
    st.store
        .name_standin(&s, &today, rule, &audit, &posts(&s, &cu.user.id))?
        .map_err(refuse)?;
    st.store.durable().await?;
    Ok((StatusCode::CREATED, Json(StandInEnvelope { standin: s })).into_response())
}

async fn end(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(&cu, &APPROVERS)?;
    let s = st.store.standin(&id)?.ok_or(ApiError::NotFound)?;
    if s.principal_id != cu.user.id && s.deputy_id != cu.user.id {
        return Err(ApiError::NotFound);
    }
    let today = iso_date(st.clock.today());
    let audit = audit_entry(&st, &cu, "standin.end", &id, json!({}));
    let post = |s: &StandIn| {
        let notice = standin::ended_notice(s, Some(&cu.user.name));
        Post::to(
            vec![s.principal_id.clone(), s.deputy_id.clone()],
            &cu.user.id,
            notice,
        )
    };
    let s = st
        .store
        .end_standin(&id, &today, &audit, post)?
        .ok_or_else(|| ApiError::Conflict("这项代理已经结束".into()))?;
    st.store.durable().await?;
    Ok(Json(StandInEnvelope { standin: s }).into_response())
}
