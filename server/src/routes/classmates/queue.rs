//! The liaison's side of the round: who answered, whose changes wait, who
//! has not answered yet; each change confirmed into the directory (by the
//! entry's own write path, its history saying 本人提交，联络员确认) or
//! declined with a reason.

use std::collections::HashMap;

use super::*;
use crate::store::{Author, Based, Decided, EntryRecord, UpdateRecord};
use domain::{
    api::{ClassmateItem, ClassmateRound, QueuedProposal},
    directory::{
        Field,
        classmate::{self, ProposalState},
    },
};

/// The latest round's year, open or closed (a closed round's changes may
/// still be decided).
fn latest_round(st: &AppState) -> Result<Option<u16>, ApiError> {
    Ok(st.store.round()?.map(|r| r.year))
}

fn item(u: &UpdateRecord, entry: Option<&EntryRecord>) -> ClassmateItem {
    ClassmateItem {
        student_id: u.student_id.clone(),
        name: u.name.clone(),
        entry_id: u.entry_id.clone(),
        submitted_at: u.submitted_at,
        proposals: u
            .proposals
            .iter()
            .map(|p| QueuedProposal {
                current: match (entry, Field::from_key(&p.field)) {
                    (Some(e), Some(f)) => f.get(&e.fields).to_owned(),
                    _ => String::new(),
                },
                decided_by: p.decided_by_name.clone(),
                proposal: proposal(p, p.old.clone()),
            })
            .collect(),
    }
}

/// The round's picture of a class. O(the class).
fn picture(st: &AppState, class: &ClassRecord) -> Result<ClassmateRound, ApiError> {
    let Some(year) = latest_round(st)? else {
        return Ok(ClassmateRound {
            round: None,
            waiting: Vec::new(),
            decided: Vec::new(),
            not_yet: Vec::new(),
        });
    };
    let updates = st.store.classmate_updates(&class.id, year)?;
    let entries: HashMap<String, EntryRecord> = st
        .store
        .directory(&class.id)?
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();
    let (mut waiting, mut decided): (Vec<&UpdateRecord>, Vec<&UpdateRecord>) =
        updates.iter().partition(|u| u.waiting());
    waiting.sort_by_key(|u| u.submitted_at);
    decided.sort_by_key(|u| std::cmp::Reverse(u.submitted_at));
    let answered: std::collections::HashSet<&str> =
        updates.iter().map(|u| u.student_id.as_str()).collect();
    let not_yet = st
        .views
        .roster(&class.id)?
        .iter()
        .filter(|m| !answered.contains(m.id.as_str()))
        .map(|m| m.name.clone())
        .collect();
    let items = |v: Vec<&UpdateRecord>| {
        v.into_iter()
            .map(|u| item(u, entries.get(&u.entry_id)))
            .collect()
    };
    Ok(ClassmateRound {
        round: Some(year),
        waiting: items(waiting),
        decided: items(decided),
        not_yet,
    })
}

/// `GET /classes/{id}/classmates`.
pub(super) async fn round(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<ClassmateRound>, ApiError> {
    let class = managed(&st, &cu, &id)?;
    Ok(Json(picture(&st, &class)?))
}

/// `PUT /classes/{id}/classmates/{student_id}`: the liaison's decisions
/// on waiting changes. Each names the entry's value the liaison saw: if
/// the entry changed since, nothing is decided and the queue is shown
/// again. Confirmed changes and the proposals' new states are written in
/// one transaction.
pub(super) async fn decide(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((id, student)): Path<(String, String)>,
    ApiJson(req): ApiJson<Decisions>,
) -> Result<Json<ClassmateRound>, ApiError> {
    let class = managed(&st, &cu, &id)?;
    let year = latest_round(&st)?.ok_or(ApiError::NotFound)?;
    let before = st
        .store
        .classmate_update(&class.id, year, &student)?
        .ok_or(ApiError::NotFound)?;
    if req.decisions.is_empty() || req.decisions.len() > Field::ALL.len() {
        return Err(ApiError::BadRequest("请逐项选择确认或不采纳".into()));
    }
    let entry = st
        .store
        .entry(&class.id, &before.entry_id)?
        .ok_or(ApiError::Gone("这位同学的条目已被删除"))?;
    let now = st.clock.now();
    let mut after = before.clone();
    let mut fields = entry.fields.clone();
    let (mut confirmed, mut declined) = (Vec::new(), Vec::new());
    for d in &req.decisions {
        let (Some(f), Some(p)) = (
            Field::from_key(&d.field),
            after
                .proposals
                .iter_mut()
                .find(|p| p.field == d.field && p.state == ProposalState::Waiting),
        ) else {
            return Err(ApiError::Conflict(
                "这项修改已处理过或已被同学重新提交，请刷新后再看".into(),
            ));
        };
        if f.get(&entry.fields) != d.current {
            return Err(ApiError::Conflict(format!(
                "「{}」在你查看后又被修改过，请刷新后再确认",
                f.column()
            )));
        }
        if d.accept {
            f.set(&mut fields, p.new.clone());
            p.state = ProposalState::Confirmed;
            confirmed.push(d.field.clone());
        } else {
            classmate::check_decline_reason(&d.reason).map_err(|m| ApiError::Validation {
                message: m.clone(),
                fields: [(d.field.clone(), m)].into(),
            })?;
            p.state = ProposalState::Declined;
            p.reason = d.reason.trim().to_owned();
            declined.push(json!({ "field": d.field, "reason": p.reason }));
        }
        p.decided_by_name = cu.user.name.clone();
        p.decided_at = Some(now);
    }
    after.rev += 1;
    let audit = audit_entry(
        &st,
        &cu,
        "classmates.decide",
        &format!("{}/{}", class.id, entry.id),
        json!({ "student": student, "confirmed": confirmed, "declined": declined }),
    );
    let author = Author {
        actor_name: &cu.user.name,
        audit: &audit,
        round: st.store.open_round()?,
    };
    let write = (!confirmed.is_empty()).then_some(&fields);
    match st
        .store
        .decide_classmate(&after, before.rev, Based::Rev(entry.rev), write, &author)?
    {
        Decided::Resubmitted => {
            return Err(ApiError::Conflict(
                "这位同学刚刚又提交了修改，请刷新后再处理".into(),
            ));
        }
        Decided::EntryGone => return Err(ApiError::Gone("这位同学的条目已被删除")),
        Decided::EntryChanged => {
            return Err(ApiError::Conflict(
                "这位同学的条目刚刚被修改，请刷新后再确认".into(),
            ));
        }
        Decided::Done => {}
    }
    st.store.durable().await?;
    Ok(Json(picture(&st, &class)?))
}
