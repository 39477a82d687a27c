//! Liaisons' duty logs (工作记录) (SPEC §13); the renewal review is in
//! `routes/liaisons/renewals.rs`.
//!
//! A liaison writes their own log while the term runs; the class's
//! counselors, the college's deans and the office read it, and answer
//! feedback entries. Everyone else gets 404. The rules are
//! [`domain::duty`]'s; this file checks who and stores.

mod log;
mod overview;
mod photos;

use crate::routes::endpoint::{self as ep, Endpoint};
use log::*;
use overview::*;
use photos::*;

pub(super) use overview::OverviewFilter;

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
        DutyOverview, Liaison, LiaisonLog, LogCreate, LogEntry, LogEntryEnvelope, LogReply,
        LogSummaryRow,
    },
    duty::{self, LogInput, LogKind, SUMMARY_COLUMNS, Tally},
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

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/liaisons/{id}/log", "联络员工作记录", log),
        ep::post(
            "/liaisons/{id}/log",
            "添加工作记录（联络员本人，任期内）",
            create,
        )
        .json::<domain::api::LogCreate>(),
        ep::put(
            "/liaisons/{id}/log/{entry}",
            "修改工作记录（需 If-Match）",
            update,
        )
        .json::<domain::duty::LogInput>(),
        ep::delete(
            "/liaisons/{id}/log/{entry}",
            "删除工作记录（需 If-Match）",
            remove,
        ),
        ep::post(
            "/liaisons/{id}/log/{entry}/reply",
            "回复意见建议并可标为已处理（学院老师、校友办）",
            reply,
        )
        .json::<domain::api::LogReply>(),
        ep::post(
            "/liaisons/{id}/log/{entry}/photos",
            "上传活动照片（JPEG/PNG，每条最多 3 张）",
            add_photo,
        )
        .image(image::MAX_PHOTO_BYTES),
        ep::get(
            "/liaisons/{id}/log/{entry}/photos/{photo}",
            "活动照片",
            photo,
        ),
        ep::delete(
            "/liaisons/{id}/log/{entry}/photos/{photo}",
            "删除活动照片",
            remove_photo,
        ),
        ep::get(
            "/duty-log",
            "权限范围内的工作记录与按学院、年份的统计（?college=&kind=&open=&limit=）",
            overview,
        )
        .query::<OverviewFilter>(),
        ep::get(
            "/duty-log/summary.xlsx",
            "工作记录统计表（.xlsx）",
            summary_xlsx,
        )
        .query::<OverviewFilter>(),
    ]
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
