//! College hand-overs to the center (学院报送, SPEC §13). A dean submits
//! after the pre-flight checks (`domain::submission`); the server freezes a
//! snapshot of the rows and photos with a content hash, and every file of
//! the package — the spreadsheet in the school's template, the photo
//! folders and the printable 报送单 — is made from that snapshot, never
//! from live data. The office accepts or returns; every version and
//! decision is kept.

mod cover;
mod handover;
mod live;
mod package;

use crate::routes::endpoint::{self as ep, Endpoint};
use cover::*;
use handover::*;
use live::*;
use package::*;

pub(super) use handover::ListQuery;

use std::{collections::BTreeMap, io::Write};

use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
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

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get(
            "/submissions",
            "学院报送：各学院两项报送的状态与预检（?campaign_id=；院长本院，校友办全部）",
            list,
        )
        .query::<ListQuery>(),
        ep::post(
            "/submissions/{college}/{kind}",
            "院长确认报送（加盖学院公章；有提醒须写说明）",
            submit,
        )
        .json::<domain::api::SubmitRequest>(),
        ep::post(
            "/submissions/{college}/{kind}/accept",
            "校友办接收报送",
            accept,
        )
        .json::<domain::api::SubmissionDecision>(),
        ep::post(
            "/submissions/{college}/{kind}/return",
            "校友办退回报送（须写理由）",
            give_back,
        )
        .json::<domain::api::SubmissionDecision>(),
        ep::get(
            "/submissions/{college}/{kind}/package.zip",
            "报送材料包 .zip（由报送时冻结的快照生成；?version=）",
            package,
        )
        .query::<Which>(),
        ep::get(
            "/submissions/{college}/{kind}/cover.html",
            "可打印的报送单（?version=）",
            cover,
        )
        .query::<Which>(),
    ]
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
