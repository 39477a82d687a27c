//! `POST /nominations` (a draft) and `PATCH /nominations/{id}` (its form).

use super::*;
use crate::store::{ClassRecord, UserRecord};
use domain::org::Campaign;

/// A form is kept as typed until it is submitted, but never more than
/// 16 KB of it (on create as on every edit).
pub(super) fn bounded(form: &NominationForm) -> Result<(), ApiError> {
    if serde_json::to_string(form).map_or(0, |s| s.len()) > 16 * 1024 {
        return Err(ApiError::TooLarge);
    }
    Ok(())
}

pub(super) async fn create(
    State(st): State<AppState>,
    cu: CurrentUser,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CreateNomination>,
) -> Result<Response, ApiError> {
    let student = nominee(&st, &cu, &req)?;
    let (campaign, class) = campaign_of(&st, &req, &student)?;
    bounded(&req.form)?;
    let now = st.clock.now();
    let rec = NominationRecord {
        id: uuid::Uuid::new_v4().to_string(),
        campaign_id: campaign.id.clone(),
        student_id: student.id.clone(),
        student_no: student.username.clone(),
        class_id: class.id.clone(),
        college: class.college.clone(),
        nomination_type: req.nomination_type,
        created_by: cu.user.id.clone(),
        state: St::Draft,
        form: req.form.clone(),
        history: vec![history(&cu, now, "create", None, "")],
        copied: vec![],
        rev: 1,
        created_at: now,
        updated_at: now,
    };
    let key = idempotency_key(&headers)?.map(|k| idem_key(&cu.user.id, &k));
    let fingerprint = fingerprint(&req)?;
    let body = serde_json::to_value(NominationEnvelope {
        nomination: view(&st, &rec)?,
    })
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let audit = audit_entry(
        &st,
        &cu,
        "nomination.create",
        &rec.id,
        json!({ "type": rec.nomination_type, "student": rec.student_id }),
    );
    match st.store.create_nomination(
        &rec,
        key.as_deref().map(|k| (k, fingerprint.as_str())),
        &body,
        &audit,
    )? {
        Created::Done => {
            st.store.durable().await?;
            Ok((StatusCode::CREATED, [etag(rec.rev)], Json(body)).into_response())
        }
        Created::Replayed(seen) => {
            let status = StatusCode::from_u16(seen.status).unwrap_or(StatusCode::CREATED);
            Ok((status, Json(seen.body)).into_response())
        }
        Created::KeyReused => Err(ApiError::Conflict(
            "该 Idempotency-Key 已用于另一个请求".into(),
        )),
        Created::Exists(other) => Err(ApiError::Conflict(format!(
            "{}在{}届已有一份推荐表（{}），每人每届只能有一份",
            student.name,
            campaign.cohort,
            other.state.label()
        ))),
    }
}

/// Whose form it is: a student's own (个人自荐), or one of a counselor's
/// students (班级推荐); anyone else is refused, and a student outside the
/// counselor's classes is not found.
fn nominee(
    st: &AppState,
    cu: &CurrentUser,
    req: &CreateNomination,
) -> Result<UserRecord, ApiError> {
    match (cu.user.role, req.nomination_type) {
        (Role::Student, NominationType::SelfNominated) => {
            if req.student_id.as_ref().is_some_and(|s| *s != cu.user.id) {
                return Err(ApiError::Forbidden("个人自荐只能为本人填写"));
            }
            Ok(cu.user.clone())
        }
        (Role::Student, NominationType::Class) => Err(ApiError::Forbidden("班级推荐由辅导员填写")),
        (Role::Counselor, NominationType::Class) => {
            let id = req.student_id.as_deref().ok_or_else(|| {
                ApiError::fields(BTreeMap::from([(
                    "student_id".to_owned(),
                    "请选择被推荐的学生".to_owned(),
                )]))
            })?;
            let s = st
                .store
                .user(id)?
                .filter(|u| u.role == Role::Student)
                .ok_or(ApiError::NotFound)?;
            let mut mine = false;
            for c in &s.classes {
                mine |= st.store.is_counselor_of(&cu.user.id, c)?;
            }
            if !mine {
                return Err(ApiError::NotFound);
            }
            Ok(s)
        }
        (Role::Counselor, NominationType::SelfNominated) => {
            Err(ApiError::Forbidden("辅导员只能以班级推荐的方式推荐学生"))
        }
        _ => Err(ApiError::Forbidden("您没有权限填写推荐表")),
    }
}

/// The campaign asked for and the student's class, which must graduate in it.
fn campaign_of(
    st: &AppState,
    req: &CreateNomination,
    student: &UserRecord,
) -> Result<(Campaign, ClassRecord), ApiError> {
    let campaign = st.store.campaign(&req.campaign_id)?.ok_or_else(|| {
        ApiError::fields(BTreeMap::from([(
            "campaign_id".to_owned(),
            "该届推荐工作不存在".to_owned(),
        )]))
    })?;
    let class_id = student
        .classes
        .first()
        .cloned()
        .ok_or_else(|| ApiError::Conflict("该学生尚未分配班级，请联系管理员".into()))?;
    let class = st.views.class(&class_id)?.ok_or(ApiError::NotFound)?;
    if class.cohort != campaign.cohort {
        return Err(ApiError::fields(BTreeMap::from([(
            "campaign_id".to_owned(),
            format!(
                "该学生是 {} 届毕业生，不在 {} 届推荐工作之列",
                class.cohort, campaign.cohort
            ),
        )])));
    }
    Ok((campaign, class))
}

/// What an idempotency key was first used for: the request's hash.
fn fingerprint(req: &CreateNomination) -> Result<String, ApiError> {
    let body = serde_json::to_vec(&req).map_err(|e| ApiError::Internal(e.to_string()))?;
    let d = Sha256::new()
        .chain_update(b"POST /nominations\n")
        .chain_update(&body)
        .finalize();
    Ok(d.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// The form fields a PATCH may change.
pub(super) const FORM_FIELDS: [&str; 11] = [
    "name",
    "birth_month",
    "gender",
    "political_status",
    "education",
    "phone",
    "wechat",
    "profile",
    "conditions",
    "cadre_posts",
    "destination",
];

pub(super) async fn edit(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Response, ApiError> {
    let expected_rev = if_match(&headers)?;
    let cur = fresh(&st, &cu, &id, expected_rev)?;
    applicant_only(&cu, &cur)?;
    // Drafts are saved as typed (no rules yet), only bounded in size.
    let mut merged =
        serde_json::to_value(&cur.form).map_err(|e| ApiError::Internal(e.to_string()))?;
    for (k, v) in patch {
        if !FORM_FIELDS.contains(&k.as_str()) {
            return Err(ApiError::BadRequest(format!("不能修改字段 {k}")));
        }
        merged[k] = v;
    }
    let merged = serde_json::to_vec(&merged).map_err(|e| ApiError::Internal(e.to_string()))?;
    let form: NominationForm = crate::error::parse_json(&merged)?;
    bounded(&form)?;
    let now = st.clock.now();
    let audit = audit_entry(&st, &cu, "nomination.edit", &id, serde_json::Value::Null);
    let guard = Guard::new(expected_rev, &audit);
    let entry = history(&cu, now, "edit", None, "");
    let t = st.store.transition_nomination(&id, &guard, |r| {
        if !r.state.editable() {
            return Err(WorkflowError::NotEditable);
        }
        r.form = form.clone();
        // Consecutive saves of a draft make one history line.
        if r.history
            .last()
            .is_none_or(|h| h.action != "edit" || h.actor_id != entry.actor_id)
        {
            r.history.push(entry.clone());
        }
        Ok(())
    })?;
    let r = settle(&st, t).await?;
    answer(&st, StatusCode::OK, &r)
}
