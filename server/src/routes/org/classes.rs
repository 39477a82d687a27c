//! Classes in the caller's scope, one class and its students, a new or changed class, the counselors to choose from.

use super::*;

/// The API view of a class, with its college's name.
pub(super) fn class_view(st: &AppState, c: &ClassRecord) -> Result<Class, ApiError> {
    let name = st
        .store
        .college(&c.college)?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(c.view(&name))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub(super) struct ClassFilter {
    college: Option<String>,
}

pub(super) async fn list_classes(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiQuery(filter): ApiQuery<ClassFilter>,
) -> Result<Response, ApiError> {
    let scope = crate::access::Scope {
        college: filter.college,
        class_id: None,
    };
    let mut classes = Vec::new();
    for c in crate::access::classes_in_scope(&st, &cu, &scope)? {
        classes.push(class_view(&st, &c)?);
    }
    classes.sort_by(|a, b| {
        (&a.college, a.level, a.grade, &a.major, &a.class_name).cmp(&(
            &b.college,
            b.level,
            b.grade,
            &b.major,
            &b.class_name,
        ))
    });
    Ok(Json(json!({ "classes": classes })).into_response())
}

/// A class the caller may see, or 404 (out of scope looks like missing).
pub(super) fn visible_class(
    st: &AppState,
    cu: &CurrentUser,
    id: &str,
) -> Result<ClassRecord, ApiError> {
    let class = st.views.class(id)?.ok_or(ApiError::NotFound)?;
    if !cu.sees_class(&st.store, &class.id, &class.college)? {
        return Err(ApiError::NotFound);
    }
    Ok(class)
}

pub(super) async fn get_class(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let class = visible_class(&st, &cu, &id)?;
    Ok((
        [etag(class.rev)],
        Json(json!({ "class": class_view(&st, &class)? })),
    )
        .into_response())
}

/// `GET /classes/{id}/students`: the class roster, for staff in scope
/// (a counselor picks a student to recommend).
pub(super) async fn class_students(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(
        &cu,
        &[Role::Counselor, Role::Dean, Role::Office, Role::Admin],
    )?;
    let class = visible_class(&st, &cu, &id)?;
    let students: Vec<Student> = crate::routes::directory::roster(&st, &class.id)?
        .iter()
        .map(|u| Student {
            id: u.id.clone(),
            username: u.username.clone(),
            name: u.name.clone(),
            gender: u.gender.clone(),
        })
        .collect();
    Ok(Json(Students { students }).into_response())
}

/// Server-side checks of a class form: the college and the counselors exist.
pub(super) fn check_class(st: &AppState, req: NewClass) -> Result<NewClass, ApiError> {
    let mut fields = match req.clone().parse() {
        Ok(_) => Default::default(),
        Err(e) => e,
    };
    if st.store.college(req.college.trim())?.is_none() {
        fields.insert("college".into(), "该学院不存在".into());
    }
    for id in &req.counselors {
        if !st
            .store
            .user(id)?
            .is_some_and(|u| u.role == Role::Counselor)
        {
            fields.insert("counselors".into(), "辅导员账号不存在".into());
        }
    }
    if !fields.is_empty() {
        return Err(ApiError::fields(fields));
    }
    req.parse().map_err(ApiError::fields)
}

pub(super) async fn create_class(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<NewClass>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let c = check_class(&st, req)?;
    let record = ClassRecord {
        id: uuid::Uuid::new_v4().to_string(),
        college: c.college.trim().to_owned(),
        grade: c.grade,
        major: c.major,
        class_name: c.class_name,
        level: c.level,
        cohort: c.cohort,
        student_count: c.student_count,
        counselors: c.counselors,
        rev: 1,
    };
    let audit = audit_entry(
        &st,
        &cu,
        "class.create",
        &record.id,
        json!({ "name": record.display_name() }),
    );
    st.store.insert_class(&record, &audit)?;
    st.store.durable().await?;
    let view = class_view(&st, &record)?;
    Ok((
        StatusCode::CREATED,
        [etag(record.rev)],
        Json(json!({ "class": view })),
    )
        .into_response())
}

pub(super) async fn replace_class(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<NewClass>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let expected_rev = if_match(&headers)?;
    let c = check_class(&st, req)?;
    let audit = audit_entry(
        &st,
        &cu,
        "class.update",
        &id,
        json!({ "name": domain::org::class_display_name(c.grade, &c.major, &c.class_name) }),
    );
    let write = Write::new(expected_rev, &audit);
    let outcome = st.store.update_class(&id, &write, |r: &mut ClassRecord| {
        r.college = c.college.trim().to_owned();
        r.grade = c.grade;
        r.major = c.major.clone();
        r.class_name = c.class_name.clone();
        r.level = c.level;
        r.cohort = c.cohort;
        r.student_count = c.student_count;
        r.counselors = c.counselors.clone();
    })?;
    settle(&st, outcome, |r| {
        Ok(([etag(r.rev)], Json(json!({ "class": class_view(&st, r)? }))).into_response())
    })
    .await
}

/// `GET /counselors`: counselor accounts, for assigning them to classes.
pub(super) async fn list_counselors(
    State(st): State<AppState>,
    cu: CurrentUser,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin, Role::Office])?;
    let counselors: Vec<Counselor> = st
        .store
        .users_of_role(Role::Counselor)?
        .into_iter()
        .map(|u| Counselor {
            id: u.id,
            username: u.username,
            name: u.name,
        })
        .collect();
    Ok(Json(Counselors { counselors }).into_response())
}
