//! The office's steps in a liaison's term: 连任, 解聘 and 增补, each with its reason and notice.

use super::*;

/// What the liaison of `l` hears of a change to their term.
pub(super) fn liaison_post(
    st: &AppState,
    cu: &CurrentUser,
    l: &LiaisonRecord,
    kind: Kind,
    term_end: &str,
    reason: &str,
) -> Result<Post, ApiError> {
    let class = st
        .views
        .class(&l.class_id)?
        .map(|c| c.display_name())
        .unwrap_or_default();
    Ok(Post::to(
        vec![l.student_id.clone()],
        &cu.user.id,
        notify::to_liaison(kind, &class, term_end, reason),
    ))
}

/// 连任: another term from the end of the current one (or from today, if
/// expired); an optional `{"reason"}` is kept with the review's decision.
pub(super) async fn renew(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Office])?;
    let reason: String = reason_of(&body)?.trim().chars().take(500).collect();
    let cur = st.store.liaison(&id)?.ok_or(ApiError::NotFound)?;
    let years = st
        .store
        .campaign(&cur.campaign_id)?
        .map_or(3, |c| c.term_years);
    let today = st.clock.today();
    let from = parse_date(&cur.term_end)
        .filter(|d| *d >= today)
        .unwrap_or(today);
    let new_end = iso_date(add_years(from, years));
    let today_s = iso_date(today);
    let audit = audit_entry(
        &st,
        &cu,
        "liaison.renew",
        &id,
        serde_json::json!({ "term_end": new_end }),
    );
    let post = liaison_post(&st, &cu, &cur, Kind::Renewed, &new_end, "")?;
    let out = st
        .store
        .liaison_step(&id, optional_rev(&headers)?, &audit, false, &post, |l| {
            if l.status == LiaisonStatus::Dismissed {
                return Err("已解聘的联络员不能连任");
            }
            l.renewal = Some(renewals::decision(
                &cu,
                domain::duty::Renewal::Renew,
                &reason,
                &today_s,
                &l.term_end,
            ));
            if l.status_on(&today_s) == LiaisonStatus::Expired {
                l.term_start = today_s.clone();
            }
            l.term_end = new_end.clone();
            l.status = LiaisonStatus::Active;
            Ok(())
        })?;
    settle(&st, out).await
}

/// 解聘: ends the term today with a reason and frees the class place.
pub(super) async fn dismiss(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<domain::api::Reason>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Office])?;
    let reason = reason_required(&req.reason)?;
    let today = iso_date(st.clock.today());
    let audit = audit_entry(
        &st,
        &cu,
        "liaison.dismiss",
        &id,
        serde_json::json!({ "reason": reason }),
    );
    let cur = st.store.liaison(&id)?.ok_or(ApiError::NotFound)?;
    let post = liaison_post(&st, &cu, &cur, Kind::Dismissed, &today, &reason)?;
    let out = st
        .store
        .liaison_step(&id, optional_rev(&headers)?, &audit, true, &post, |l| {
            if l.status_on(&today) != LiaisonStatus::Active {
                return Err("该联络员已不在任");
            }
            l.status = LiaisonStatus::Dismissed;
            l.reason = reason.clone();
            l.term_end = today.clone();
            Ok(())
        })?;
    settle(&st, out).await
}

/// 增补: the office appoints a student directly, with a reason, within quota.
pub(super) async fn add(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<domain::api::AddLiaison>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Office])?;
    let reason = reason_required(&req.reason)?;
    let student = st
        .store
        .user(&req.student_id)?
        .filter(|u| u.role == Role::Student)
        .ok_or(ApiError::NotFound)?;
    let class_id = student
        .classes
        .first()
        .cloned()
        .ok_or_else(|| ApiError::Conflict("该学生尚未分配班级".into()))?;
    let class = st.views.class(&class_id)?.ok_or(ApiError::NotFound)?;
    let campaign = st.store.campaign(&req.campaign_id)?.ok_or_else(|| {
        ApiError::fields(BTreeMap::from([(
            "campaign_id".to_owned(),
            "该届推荐工作不存在".to_owned(),
        )]))
    })?;
    let today = st.clock.today();
    if st.store.is_liaison(&student.id, &iso_date(today))? {
        return Err(ApiError::Conflict(format!(
            "{}已是在任联络员",
            student.name
        )));
    }
    let rec = LiaisonRecord {
        id: uuid::Uuid::new_v4().to_string(),
        student_id: student.id.clone(),
        class_id: class.id.clone(),
        college: class.college.clone(),
        campaign_id: campaign.id.clone(),
        certificate_no: String::new(),
        term_start: iso_date(today),
        term_end: iso_date(add_years(today, campaign.term_years)),
        status: LiaisonStatus::Active,
        reason: reason.clone(),
        renewal: None,
        rev: 1,
    };
    let quota = quota_of(&st, &campaign.id, &class.id)?;
    let audit = audit_entry(
        &st,
        &cu,
        "liaison.add",
        &rec.id,
        serde_json::json!({ "student": student.id, "reason": reason }),
    );
    let post = liaison_post(&st, &cu, &rec, Kind::Appointed, &rec.term_end, "")?;
    let out = st
        .store
        .add_liaison(rec, campaign.cohort, quota, &audit, &post)?;
    let created = matches!(out, LiaisonOutcome::Done(_));
    let res = settle(&st, out).await?;
    Ok(if created {
        (axum::http::StatusCode::CREATED, res).into_response()
    } else {
        res
    })
}
