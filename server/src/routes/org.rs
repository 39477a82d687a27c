//! Colleges, classes and campaigns (SPEC §2–3): the admin sets them up, the
//! office runs campaigns and extends deadlines, everyone reads within scope.

use crate::routes::endpoint::{self as ep, Endpoint};
use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use domain::{
    Role,
    api::{Counselor, Counselors, Student, Students},
    org::{Campaign, Class, NewCampaign, NewClass, NewCollege},
};
use serde::Deserialize;
use serde_json::json;

use crate::{
    auth::CurrentUser,
    clock::iso_date,
    error::{ApiError, ApiJson, ApiQuery},
    state::AppState,
    store::{ClassRecord, Write},
};

use super::{audit_entry, etag, if_match, require, settle};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/colleges", "学院列表", list_colleges),
        ep::post("/colleges", "新建学院（管理员）", create_college)
            .json::<domain::org::NewCollege>(),
        ep::patch(
            "/colleges/{code}",
            "修改学院名称（管理员，需 If-Match）",
            rename_college,
        )
        .json::<domain::api::Rename>(),
        ep::get("/classes", "权限范围内的班级（?college=）", list_classes).query::<ClassFilter>(),
        ep::post("/classes", "新建班级（管理员）", create_class).json::<domain::org::NewClass>(),
        ep::get("/classes/{id}", "一个班级", get_class),
        ep::put(
            "/classes/{id}",
            "修改班级（管理员，需 If-Match）",
            replace_class,
        )
        .json::<domain::org::NewClass>(),
        ep::get(
            "/classes/{id}/students",
            "班级学生名单（教职工，权限范围内）",
            class_students,
        ),
        ep::get(
            "/counselors",
            "辅导员账号（管理员、校友办）",
            list_counselors,
        ),
        ep::get("/campaigns", "各届推荐工作", list_campaigns),
        ep::post(
            "/campaigns",
            "新建一届推荐工作（管理员、校友办）",
            create_campaign,
        )
        .json::<domain::org::NewCampaign>(),
        ep::get("/campaigns/{id}", "一届推荐工作", get_campaign),
        ep::patch(
            "/campaigns/{id}",
            "修改或延长截止日期（管理员、校友办，需 If-Match）",
            change_campaign,
        )
        .json::<domain::api::CampaignPatch>(),
    ]
}

// ---- colleges ----

async fn list_colleges(State(st): State<AppState>, _: CurrentUser) -> Result<Response, ApiError> {
    Ok(Json(json!({ "colleges": st.store.colleges()? })).into_response())
}

async fn create_college(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<NewCollege>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let college = req.parse().map_err(ApiError::fields)?;
    let audit = audit_entry(
        &st,
        &cu,
        "college.create",
        &college.code,
        json!({ "name": college.name }),
    );
    if !st.store.insert_college(&college, &audit)? {
        return Err(ApiError::Conflict(format!(
            "学院代码 {} 已存在",
            college.code
        )));
    }
    st.store.durable().await?;
    Ok((
        StatusCode::CREATED,
        [etag(college.rev)],
        Json(json!({ "college": college })),
    )
        .into_response())
}

async fn rename_college(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(code): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<domain::api::Rename>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin])?;
    let expected_rev = if_match(&headers)?;
    let checked = NewCollege {
        code: code.clone(),
        name: req.name,
    }
    .parse()
    .map_err(ApiError::fields)?;
    let audit = audit_entry(
        &st,
        &cu,
        "college.rename",
        &code,
        json!({ "name": checked.name }),
    );
    let write = Write::new(expected_rev, &audit);
    let outcome = st
        .store
        .update_college(&code, &write, |c| c.name = checked.name.clone())?;
    settle(&st, outcome, |c| {
        Ok(([etag(c.rev)], Json(json!({ "college": c }))).into_response())
    })
    .await
}

// ---- classes ----

/// The API view of a class, with its college's name.
fn class_view(st: &AppState, c: &ClassRecord) -> Result<Class, ApiError> {
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

async fn list_classes(
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
fn visible_class(st: &AppState, cu: &CurrentUser, id: &str) -> Result<ClassRecord, ApiError> {
    let class = st.views.class(id)?.ok_or(ApiError::NotFound)?;
    if !cu.sees_class(&st.store, &class.id, &class.college)? {
        return Err(ApiError::NotFound);
    }
    Ok(class)
}

async fn get_class(
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
async fn class_students(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require(
        &cu,
        &[Role::Counselor, Role::Dean, Role::Office, Role::Admin],
    )?;
    let class = visible_class(&st, &cu, &id)?;
    let students: Vec<Student> = super::directory::roster(&st, &class.id)?
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
fn check_class(st: &AppState, req: NewClass) -> Result<NewClass, ApiError> {
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

async fn create_class(
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

async fn replace_class(
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
async fn list_counselors(
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

// ---- campaigns ----

/// A campaign as answered: `open` computed for today (China time).
fn campaign_view(st: &AppState, c: &Campaign) -> Campaign {
    Campaign {
        open: c.is_open_on(&iso_date(st.clock.today())),
        ..c.clone()
    }
}

async fn list_campaigns(State(st): State<AppState>, _: CurrentUser) -> Result<Response, ApiError> {
    let mut campaigns: Vec<Campaign> = st
        .views
        .campaigns()?
        .iter()
        .map(|c| campaign_view(&st, c))
        .collect();
    campaigns.sort_by_key(|c| std::cmp::Reverse(c.cohort));
    Ok(Json(json!({ "campaigns": campaigns })).into_response())
}

async fn get_campaign(
    State(st): State<AppState>,
    _: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let c = st.store.campaign(&id)?.ok_or(ApiError::NotFound)?;
    Ok((
        [etag(c.rev)],
        Json(json!({ "campaign": campaign_view(&st, &c) })),
    )
        .into_response())
}

async fn create_campaign(
    State(st): State<AppState>,
    cu: CurrentUser,
    ApiJson(req): ApiJson<NewCampaign>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin, Role::Office])?;
    let id = req.cohort.to_string();
    let c = req.parse(id.clone()).map_err(ApiError::fields)?;
    let audit = audit_entry(
        &st,
        &cu,
        "campaign.create",
        &id,
        json!({ "cohort": c.cohort }),
    );
    if !st.store.insert_campaign(&c, &audit)? {
        return Err(ApiError::Conflict(format!(
            "{}届的推荐工作已存在",
            c.cohort
        )));
    }
    st.store.durable().await?;
    Ok((
        StatusCode::CREATED,
        [etag(c.rev)],
        Json(json!({ "campaign": campaign_view(&st, &c) })),
    )
        .into_response())
}

async fn change_campaign(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(p): ApiJson<domain::api::CampaignPatch>,
) -> Result<Response, ApiError> {
    require(&cu, &[Role::Admin, Role::Office])?;
    let expected_rev = if_match(&headers)?;
    let cur = st.store.campaign(&id)?.ok_or(ApiError::NotFound)?;
    let merged = NewCampaign {
        cohort: cur.cohort,
        nomination_opens: p.nomination_opens.unwrap_or(cur.nomination_opens.clone()),
        nomination_closes: p.nomination_closes.unwrap_or(cur.nomination_closes.clone()),
        materials_deadline: p
            .materials_deadline
            .unwrap_or(cur.materials_deadline.clone()),
        quota: p.quota.unwrap_or(cur.quota),
        term_years: p.term_years.unwrap_or(cur.term_years),
        second_slot_min_students: p
            .second_slot_min_students
            .unwrap_or(cur.second_slot_min_students),
    };
    let new = merged.parse(id.clone()).map_err(ApiError::fields)?;
    let audit = audit_entry(
        &st,
        &cu,
        "campaign.update",
        &id,
        json!({
            "from": { "nomination_closes": cur.nomination_closes, "materials_deadline": cur.materials_deadline },
            "to": { "nomination_closes": new.nomination_closes, "materials_deadline": new.materials_deadline },
        }),
    );
    let write = Write::new(expected_rev, &audit);
    let outcome = st.store.update_campaign(&id, &write, |c: &mut Campaign| {
        *c = Campaign {
            rev: c.rev,
            ..new.clone()
        };
    })?;
    settle(&st, outcome, |c| {
        Ok((
            [etag(c.rev)],
            Json(json!({ "campaign": campaign_view(&st, c) })),
        )
            .into_response())
    })
    .await
}
