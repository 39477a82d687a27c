//! A classmate through the link, without an account: identifies with name
//! and 学号 of that class, sees their own entry masked and their
//! submission's state, has their typing checked, and submits.

use std::collections::BTreeMap;

use super::*;
use crate::{
    classmates::{Limit, VISIT_COOKIE, VISIT_SECS, Visit, address},
    store::{ProposalRecord, UpdateRecord, token_hash},
};
use domain::{
    api::{ChangesCheck, ClassmateView},
    directory::{
        Field,
        classmate::{self, MAX_SUBMISSIONS, ProposalState},
    },
};

/// The one answer to a name and 学号 that are not one classmate's of the
/// class: it never says which of the two is wrong.
const NO_MATCH: &str = "姓名和学号与本班名单不一致，请检查后重试";

/// Longest token, name or 学号 read.
const MAX_TYPED: usize = 100;

fn visit_cookie(id: &str, secure: bool) -> Result<HeaderValue, ApiError> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{VISIT_COOKIE}={id}; Path=/api/v1/classmate; Max-Age={VISIT_SECS}; HttpOnly; SameSite=Strict{secure}"
    ))
    .map_err(|e| ApiError::Internal(format!("cookie: {e}")))
}

/// The link a token opens now, or why it opens nothing.
fn live_link(st: &AppState, hash: &str) -> Result<crate::store::TokenRecord, ApiError> {
    let token = st.store.link_token(hash)?;
    let open = st.store.open_round()?;
    match token {
        Some(t) if t.state == TokenState::Live && Some(t.year) == open => Ok(t),
        Some(t) if t.state == TokenState::Live => Err(ended_link(None)),
        other => Err(ended_link(other.map(|t| t.state))),
    }
}

/// This browser's visit, on a link still live.
fn visit_of(st: &AppState, headers: &HeaderMap) -> Result<Visit, ApiError> {
    let visit = crate::auth::cookie(headers, VISIT_COOKIE)
        .and_then(|id| st.classmates.visit(&id, st.clock.now()))
        .ok_or(ApiError::Unauthorized("请先核对姓名和学号"))?;
    live_link(st, &visit.token_hash)?;
    Ok(visit)
}

/// What the classmate is shown: their entry masked, their proposals.
fn view(st: &AppState, v: &Visit) -> Result<ClassmateView, ApiError> {
    let class = st.views.class(&v.class_id)?.ok_or(ApiError::NotFound)?;
    let entry = st
        .store
        .student_entry(&v.class_id, &v.student_id)?
        .ok_or(ApiError::Gone(ENTRY_GONE))?;
    let update = st
        .store
        .classmate_update(&v.class_id, v.year, &v.student_id)?;
    let proposals = update
        .as_ref()
        .map(|u| {
            u.proposals
                .iter()
                .map(|p| {
                    let old = Field::from_key(&p.field)
                        .map(|f| classmate::shown_value(f, &p.old))
                        .unwrap_or_default();
                    proposal(p, old)
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(ClassmateView {
        class_name: class.display_name(),
        year: v.year,
        name: entry.fields.name.clone(),
        entry: classmate::shown_to_classmate(&entry.fields),
        proposals,
        submitted_at: update.as_ref().map(|u| u.submitted_at),
        submissions_left: MAX_SUBMISSIONS
            .saturating_sub(update.as_ref().map_or(0, |u| u.submissions)),
    })
}

/// `POST /classmate/visit`: name and 学号 of one classmate of the link's
/// class, both; a pair that is not (or a token that opens nothing) is
/// counted against the address, and a pair against the link.
pub(super) async fn identify(
    State(st): State<AppState>,
    ClientIp(ip, https): ClientIp,
    ApiJson(req): ApiJson<VisitRequest>,
) -> Result<Response, ApiError> {
    let now = st.clock.now();
    let from = address(ip);
    // Counted as a wrong guess before it is looked at, given back once
    // right: pairs (and tokens) sent at the same moment meet the limits as
    // those sent one by one do.
    st.classmates.count(Limit::WrongFromAddress, &from, now)?;
    if [&req.token, &req.name, &req.number]
        .iter()
        .any(|s| s.len() > MAX_TYPED)
    {
        return Err(ApiError::BadRequest(NO_MATCH.into()));
    }
    let hash = token_hash(&req.token);
    let link = live_link(&st, &hash)?;
    st.classmates.count(Limit::WrongThroughLink, &hash, now)?;
    let number = classmate::plain(&req.number);
    let member = st.views.member(&link.class_id, &number)?;
    let Some(member) =
        member.filter(|m| classmate::identifies(&m.name, &m.username, &req.name, &req.number))
    else {
        st.store.append_audit(&crate::store::AuditEntry {
            at: now,
            actor: String::new(),
            action: "classmates.visit.no_match".into(),
            target: link.class_id.clone(),
            detail: json!({ "ip": from }),
        })?;
        return Err(ApiError::BadRequest(NO_MATCH.into()));
    };
    st.classmates.uncount(Limit::WrongFromAddress, &from);
    st.classmates.uncount(Limit::WrongThroughLink, &hash);
    let class = st.views.class(&link.class_id)?.ok_or(ApiError::NotFound)?;
    if super::super::directory::seed_if_new(&st, &class)? {
        st.store.durable().await?;
    }
    let visit = Visit {
        token_hash: hash,
        class_id: link.class_id,
        year: link.year,
        student_id: member.id,
        began: now,
    };
    let shown = view(&st, &visit)?;
    let id = st.classmates.begin(visit)?;
    let cookie = visit_cookie(&id, super::super::campus::secure(&st, https))?;
    Ok(([(header::SET_COOKIE, cookie)], Json(shown)).into_response())
}

/// `GET /classmate/visit`: the page again (a reload, a return).
pub(super) async fn show(
    State(st): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ClassmateView>, ApiError> {
    let v = visit_of(&st, &headers)?;
    Ok(Json(view(&st, &v)?))
}

/// At most this many fields in one request.
fn bounded(changes: &BTreeMap<String, String>) -> Result<(), ApiError> {
    if changes.len() > Field::ALL.len() {
        return Err(ApiError::BadRequest("填写的项目过多".into()));
    }
    Ok(())
}

/// `POST /classmate/check`: the template's rules on the typing so far,
/// and the cleaning suggestions (the grid's, from `domain::directory`).
pub(super) async fn check(
    State(st): State<AppState>,
    ClientIp(ip, _): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ClassmateChanges>,
) -> Result<Json<ChangesCheck>, ApiError> {
    st.classmates
        .count(Limit::CheckFromAddress, &address(ip), st.clock.now())?;
    let v = visit_of(&st, &headers)?;
    bounded(&req.changes)?;
    let stored = st
        .store
        .student_entry(&v.class_id, &v.student_id)?
        .map(|e| e.fields)
        .unwrap_or_default();
    let errors = match classmate::propose(&stored, &req.changes) {
        Ok(_) => BTreeMap::new(),
        Err(mut e) => {
            e.remove("");
            e
        }
    };
    Ok(Json(ChangesCheck {
        errors,
        suggestions: classmate::suggestions(&req.changes),
    }))
}

/// `POST /classmate/update`: the classmate's changes, checked by the
/// template's rules, wait for the liaison. A new submission takes the
/// place of what still waits; what was decided stays shown.
pub(super) async fn submit(
    State(st): State<AppState>,
    ClientIp(ip, _): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ClassmateChanges>,
) -> Result<Json<ClassmateView>, ApiError> {
    let now = st.clock.now();
    let v = visit_of(&st, &headers)?;
    bounded(&req.changes)?;
    let entry = st
        .store
        .student_entry(&v.class_id, &v.student_id)?
        .ok_or(ApiError::Gone(ENTRY_GONE))?;
    let proposed =
        classmate::propose(&entry.fields, &req.changes).map_err(|fields| ApiError::Validation {
            message: fields
                .get("")
                .cloned()
                .unwrap_or_else(|| "有内容不符合学校模板的要求，请按提示修改".into()),
            fields,
        })?;
    let before = st
        .store
        .classmate_update(&v.class_id, v.year, &v.student_id)?;
    if before
        .as_ref()
        .is_some_and(|u| u.submissions >= MAX_SUBMISSIONS)
    {
        return Err(ApiError::TooManyRequests {
            message: format!("本轮最多可提交 {MAX_SUBMISSIONS} 次，如还需修改请直接联系联络员"),
            retry_after: 24 * 3600,
        });
    }
    st.classmates
        .count(Limit::SubmitFromAddress, &address(ip), now)?;
    let fields: Vec<&str> = proposed.iter().map(|(f, _)| f.key()).collect();
    let mut proposals: Vec<ProposalRecord> = before
        .as_ref()
        .map(|u| {
            u.proposals
                .iter()
                .filter(|p| {
                    p.state != ProposalState::Waiting && !fields.contains(&p.field.as_str())
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    proposals.extend(proposed.iter().map(|(f, new)| ProposalRecord {
        field: f.key().to_owned(),
        old: f.get(&entry.fields).to_owned(),
        new: new.clone(),
        state: ProposalState::Waiting,
        reason: String::new(),
        decided_by_name: String::new(),
        decided_at: None,
    }));
    let base_rev = before.as_ref().map_or(0, |u| u.rev);
    let record = UpdateRecord {
        class_id: v.class_id.clone(),
        year: v.year,
        student_id: v.student_id.clone(),
        name: entry.fields.name.clone(),
        entry_id: entry.id.clone(),
        submissions: before.as_ref().map_or(0, |u| u.submissions) + 1,
        submitted_at: now,
        proposals,
        rev: base_rev + 1,
    };
    let audit = crate::store::AuditEntry {
        at: now,
        actor: v.student_id.clone(),
        action: "classmates.submit".into(),
        target: format!("{}/{}", v.class_id, entry.id),
        detail: json!({ "fields": fields, "ip": address(ip), "via": "class_link" }),
    };
    if !st.store.submit_classmate(&record, base_rev, &audit)? {
        return Err(ApiError::Conflict(
            "刚才的提交还在处理中，请再提交一次".into(),
        ));
    }
    st.store.durable().await?;
    Ok(Json(view(&st, &v)?))
}
