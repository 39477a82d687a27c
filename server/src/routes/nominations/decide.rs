//! The chain's steps: submit, a decision (one or in bulk), withdraw — and who is told.

use super::*;

pub(super) async fn submit(
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
    let told = tell(&st, &cu, &cur, St::PendingCounselor, "")?;
    let guard = Guard {
        tell: Some(&told),
        ..Guard::new(expected_rev, &audit)
    };
    let entry = history(&cu, now, "submit", None, "");
    let t = st.store.transition_nomination(&id, &guard, |r| {
        r.state = workflow::submit(r.state)?;
        r.form = form.clone();
        r.history.push(entry.clone());
        copy(r, St::PendingCounselor, &told);
        Ok(())
    })?;
    let r = settle(&st, t).await?;
    answer(&st, StatusCode::OK, &r)
}

/// Who hears of a step on `r` by the caller that leads to `next`: the
/// student, the counselor who recommended them, the class's counselors,
/// the college's deans, the office, and whoever is copied at the level
/// `next` waits for — each notice goes to the audience `domain::notify`
/// names.
pub(super) fn tell(
    st: &AppState,
    cu: &CurrentUser,
    r: &NominationRecord,
    next: St,
    opinion: &str,
) -> Result<Tell, ApiError> {
    let class = st.views.class(&r.class_id)?.ok_or(ApiError::NotFound)?;
    let ids = |role: Role, college: Option<&str>| crate::routes::user_ids(st, role, college);
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
            copied: match next.stage() {
                Some(stage) => st.store.copied_at(&r.college, stage)?,
                None => Vec::new(),
            },
            actor: cu.user.id.clone(),
        },
        class_name: class.display_name(),
        opinion: opinion.trim().to_owned(),
    })
}

/// Lets the people copied at the level `r` reached read it (抄送), when
/// the step led where `told` was made for.
fn copy(r: &mut NominationRecord, next: St, told: &Tell) {
    if r.state != next {
        return;
    }
    for u in &told.audience.copied {
        if !r.copied.contains(u) {
            r.copied.push(u.clone());
        }
    }
}

/// One decision by the caller on revision `expected_rev` of a nomination;
/// waits for durability.
pub(super) async fn decide_one(
    st: &AppState,
    cu: &CurrentUser,
    id: &str,
    expected_rev: Option<u64>,
    req: &DecisionRequest,
) -> Result<NominationRecord, ApiError> {
    let cur = fresh(st, cu, id, expected_rev)?;
    if !in_scope(st, cu, &cur)? {
        return Err(ApiError::Forbidden("抄送给您的推荐表只能阅读，不能审批"));
    }
    let class = st.views.class(&cur.class_id)?.ok_or(ApiError::NotFound)?;
    let other_counselor = class.counselors.iter().any(|c| *c != cur.created_by);
    let stage = cur.state.stage();
    let place = crate::standins::place_taken(st, &cu.user.id, &cur.class_id, &cur.college)?;
    let in_place_of = place.as_ref().map(|s| s.principal_id.as_str());
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
    let next = workflow::decide_as(
        cur.state,
        Actor {
            id: &actor_id,
            role,
            in_place_of,
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
        json!({
            "stage": stage,
            "opinion": req.opinion.trim(),
            "in_place_of": in_place_of,
            "signed_as": domain::standin::signed(
                &cu.user.name,
                place.as_ref().map(|s| s.principal_name.as_str()),
            ),
        }),
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
    let told = tell(st, cu, &cur, next, &req.opinion)?;
    let guard = Guard {
        expected_rev,
        quota,
        term: Some(term),
        audit: &audit,
        now,
        tell: Some(&told),
    };
    // The signature of now, frozen in the step: a later one never alters it.
    let signature = st.store.signature_of(&cu.user.id)?.map(|s| s.sha256);
    let entry = signed_history(
        cu,
        place.as_ref(),
        signature,
        now,
        action,
        stage,
        &req.opinion,
    );
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
                in_place_of,
            },
            parties,
            req.decision,
            &req.opinion,
        )?;
        r.history.push(entry.clone());
        copy(r, next, &told);
        Ok(())
    })?;
    let r = settle(st, t).await?;
    Ok(r)
}

pub(super) async fn decide(
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

pub(super) async fn bulk_decide(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<domain::api::BulkRequest>,
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

pub(super) async fn withdraw(
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
