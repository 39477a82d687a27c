//! The September round reaches every classmate (SPEC §14): the class's
//! link (its liaisons and counselor make, replace or end it), the page
//! behind it (`public/u/index.html`: a classmate identifies with name and
//! 学号 and proposes changes to their own entry), and the liaison's queue,
//! where each change is confirmed into the directory or declined with a
//! reason. The rules are `domain::directory::classmate`'s.

mod link;
mod queue;
mod visit;

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use domain::api::{ClassmateChanges, Decisions, Proposal, VisitRequest};
use serde_json::json;

use crate::{
    access::class_access,
    auth::{ClientIp, CurrentUser},
    error::{ApiError, ApiJson},
    state::AppState,
    store::{ClassRecord, ProposalRecord, TokenState},
};

use super::{audit_entry, endpoint as ep, endpoint::Endpoint};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/classes/{id}/classmates/link",
            "本轮班级更新链接（联络员、辅导员）",
            link::get,
        ),
        ep::post(
            "/classes/{id}/classmates/link",
            "生成新的班级更新链接（旧链接随即失效）",
            link::make,
        )
        .bodiless(),
        ep::delete(
            "/classes/{id}/classmates/link",
            "停用班级更新链接",
            link::revoke,
        ),
        ep::get(
            "/classes/{id}/classmates/link.svg",
            "班级更新链接的二维码（SVG）",
            link::qr,
        ),
        ep::get(
            "/classes/{id}/classmates",
            "本轮同学提交：待确认、已处理、未填写",
            queue::round,
        ),
        ep::put(
            "/classes/{id}/classmates/{student_id}",
            "逐项确认或不采纳一位同学提交的修改",
            queue::decide,
        )
        .json::<Decisions>(),
        ep::post(
            "/classmate/visit",
            "同学通过班级链接核对姓名和学号",
            visit::identify,
        )
        .json::<VisitRequest>(),
        ep::get(
            "/classmate/visit",
            "同学查看自己的条目和提交状态",
            visit::show,
        ),
        ep::post(
            "/classmate/check",
            "按学校模板检查同学填写的内容（边填边查）",
            visit::check,
        )
        .json::<ClassmateChanges>(),
        ep::post(
            "/classmate/update",
            "同学提交自己条目的修改，等待联络员确认",
            visit::submit,
        )
        .json::<ClassmateChanges>(),
    ]
}

/// The class whose link the caller manages: its active liaisons and its
/// counselors (the directory's editors); anyone else in scope is refused,
/// anyone outside it finds nothing.
fn managed(st: &AppState, cu: &CurrentUser, id: &str) -> Result<ClassRecord, ApiError> {
    let (class, access) = class_access(st, cu, id)?;
    if !access.edit_all {
        return Err(ApiError::Forbidden(
            "只有本班联络员和辅导员可以管理班级更新链接和同学的提交",
        ));
    }
    Ok(class)
}

/// The year of the open round, or a refusal that says none is open.
fn open_round(st: &AppState) -> Result<u16, ApiError> {
    st.store.open_round()?.ok_or(ApiError::Conflict(
        "校友办尚未开启本年度的通讯录更新，开启后才能使用班级链接".into(),
    ))
}

/// What a token that opens nothing says, by why.
fn ended_link(state: Option<TokenState>) -> ApiError {
    match state {
        Some(TokenState::Replaced) => {
            ApiError::Gone("这个链接已被联络员更换，请在班级群里找最新的链接")
        }
        Some(TokenState::Revoked) => ApiError::Gone("这个链接已被联络员停用"),
        Some(TokenState::Live) | None => {
            ApiError::Gone("链接无效或本轮更新已结束，请向联络员索取最新链接")
        }
    }
}

/// A stored proposal as the wire has it, its old value as the reader may
/// see it.
fn proposal(p: &ProposalRecord, old: String) -> Proposal {
    Proposal {
        field: p.field.clone(),
        old,
        new: p.new.clone(),
        state: p.state,
        reason: p.reason.clone(),
        decided_at: p.decided_at,
    }
}

/// A classmate's entry deleted by the liaison: nothing to propose to.
const ENTRY_GONE: &str = "你在班级通讯录中的条目已被删除，请直接联系联络员";
