//! The hand-over's steps: the list, a dean's submit (freezing a snapshot), the office's accept or return.

use super::*;

#[derive(Deserialize, schemars::JsonSchema)]
pub(crate) struct ListQuery {
    campaign_id: Option<String>,
}

/// `GET /submissions?campaign_id=`: the dean's college, or every college
/// for the office; both kinds each, with checks on live data now.
pub(super) async fn list(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Submissions>, ApiError> {
    let colleges: Vec<String> = match cu.user.role {
        Role::Office => st.store.colleges()?.into_iter().map(|c| c.code).collect(),
        Role::Dean => cu.user.college.iter().cloned().collect(),
        _ => return Err(ApiError::NotFound),
    };
    let c = campaign_of(&st, q.campaign_id.as_deref())?;
    let mut out = Vec::new();
    let mut seeded = false;
    for college in colleges {
        let live = gather(&st, &c, &college)?;
        seeded |= live.seeded;
        for kind in Kind::ALL {
            out.push(view(&st, &c, &college, kind, &live)?);
        }
    }
    if seeded {
        st.store.durable().await?;
    }
    Ok(Json(Submissions {
        campaign_id: c.id,
        today: iso_date(st.clock.today()),
        submissions: out,
    }))
}

/// `POST /submissions/{college}/{kind}`: the dean of the college submits;
/// 422 with the checks that stand in the way.
pub(super) async fn submit(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiJson(req): ApiJson<SubmitRequest>,
) -> Result<Response, ApiError> {
    let kind = kind_of(&kind)?;
    visible(&cu, &college)?;
    if cu.user.role != Role::Dean {
        return Err(ApiError::Forbidden("报送须由本学院院长确认并加盖学院公章"));
    }
    let c = campaign_of(&st, req.campaign_id.as_deref())?;
    let live = gather(&st, &c, &college)?;
    let checks = submission::checks(kind, &live.facts);
    if let Err(refusal) = submission::may_submit(&checks, &req.explanation) {
        let (fields, level) = match &refusal {
            Refusal::Blocked => (BTreeMap::new(), Level::Block),
            Refusal::Explanation(m) => (
                BTreeMap::from([("explanation".to_owned(), m.clone())]),
                Level::Warn,
            ),
        };
        return Err(ApiError::Refused {
            message: refusal.message(),
            fields,
            checks: checks.into_iter().filter(|c| c.level == level).collect(),
        });
    }
    let seal = st.store.seal(&college)?.ok_or(ApiError::Conflict(
        "学院公章尚未上传，报送须加盖学院公章".into(),
    ))?;
    // The files the snapshot encloses, kept by content, one at a time.
    let seal_sha = st.store.keep_submission_file(&seal)?;
    let mut photo_list = live.photos(kind).to_vec();
    for p in &mut photo_list {
        let bytes = st.store.photo_file(&p.class_id)?.ok_or(ApiError::Conflict(
            "毕业合影刚被修改，请刷新后重新报送".into(),
        ))?;
        p.sha256 = st.store.keep_submission_file(&bytes)?;
    }
    let rows = live.rows(kind).to_vec();
    let hash = crate::store::codec::sha256_hex(
        &serde_json::to_vec(&json!({ "rows": rows, "photos": photo_list }))
            .map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    let now = st.clock.now();
    let due = kind.due(&c).to_owned();
    let days_late = submission::days_late(&due, &iso_date(st.clock.today())).unwrap_or(0);
    let counts = live.counts(kind);
    let note = req.explanation.trim().to_owned();
    let snapshot = SnapshotRecord {
        campaign_id: c.id.clone(),
        cohort: c.cohort,
        college: college.clone(),
        college_name: live.college_name.clone(),
        kind,
        version: 0,
        due,
        signed_by_name: cu.user.name.clone(),
        signed_at: now,
        explanation: note.clone(),
        hash: hash.clone(),
        seal: seal_sha,
        rows,
        photos: photo_list,
        counts: counts.clone(),
    };
    let event = EventRecord {
        version: 0,
        action: "submitted".into(),
        at: now,
        by: cu.user.id.clone(),
        by_name: cu.user.name.clone(),
        note,
        hash: hash.clone(),
        counts: counts.clone(),
        days_late,
    };
    let audit = audit_entry(
        &st,
        &cu,
        "submission.submit",
        &format!("{}/{}/{}", c.id, college, kind.as_str()),
        json!({ "hash": hash, "rows": counts.rows, "photos": counts.photos, "days_late": days_late }),
    );
    st.store.submit(&snapshot, &event, &audit)?;
    st.store.durable().await?;
    Ok((
        StatusCode::CREATED,
        Json(SubmissionEnvelope {
            submission: view(&st, &c, &college, kind, &live)?,
        }),
    )
        .into_response())
}

/// The office's decision on the current version.
pub(super) async fn decide(
    st: AppState,
    cu: CurrentUser,
    college: String,
    kind: String,
    req: SubmissionDecision,
    decision: Decision,
) -> Result<Response, ApiError> {
    let kind = kind_of(&kind)?;
    visible(&cu, &college)?;
    if cu.user.role != Role::Office {
        return Err(ApiError::Forbidden("只有校友办可以接收或退回报送"));
    }
    let note = match decision {
        Decision::Accept => req.reason.trim().to_owned(),
        Decision::Return => submission::return_reason(&req.reason)
            .map_err(|m| ApiError::fields(BTreeMap::from([("reason".to_owned(), m)])))?,
    };
    let c = campaign_of(&st, req.campaign_id.as_deref())?;
    let live = gather(&st, &c, &college)?;
    let event = EventRecord {
        version: 0,
        action: decision.done().into(),
        at: st.clock.now(),
        by: cu.user.id.clone(),
        by_name: cu.user.name.clone(),
        note: note.clone(),
        hash: String::new(),
        counts: SubmissionCounts::default(),
        days_late: 0,
    };
    let audit = audit_entry(
        &st,
        &cu,
        &format!("submission.{}", decision.as_str()),
        &format!("{}/{}/{}", c.id, college, kind.as_str()),
        json!({ "reason": note }),
    );
    let current = st
        .store
        .submission(&c.id, &college, kind)?
        .map_or(0, |r| r.version);
    let deans = st
        .store
        .users_of_role(Role::Dean)?
        .into_iter()
        .filter(|u| u.college.as_deref() == Some(college.as_str()))
        .map(|u| u.id)
        .collect();
    let post = Post::to(
        deans,
        &cu.user.id,
        notify::on_handover(decision == Decision::Accept, kind.short(), current, &note),
    );
    st.store
        .decide_submission(
            &crate::store::submission_key(&c.id, &college, kind),
            decision,
            &event,
            &audit,
            &post,
        )?
        .map_err(|why| ApiError::Conflict(why.into()))?;
    st.store.durable().await?;
    Ok(Json(SubmissionEnvelope {
        submission: view(&st, &c, &college, kind, &live)?,
    })
    .into_response())
}

/// `POST /submissions/{college}/{kind}/accept` (office).
pub(super) async fn accept(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiJson(req): ApiJson<SubmissionDecision>,
) -> Result<Response, ApiError> {
    decide(st, cu, college, kind, req, Decision::Accept).await
}

/// `POST /submissions/{college}/{kind}/return` (office; `reason` required).
pub(super) async fn give_back(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path((college, kind)): Path<(String, String)>,
    ApiJson(req): ApiJson<SubmissionDecision>,
) -> Result<Response, ApiError> {
    decide(st, cu, college, kind, req, Decision::Return).await
}
