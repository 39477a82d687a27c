//! Colleges, classes and campaigns (SPEC §2–3): the admin sets them up, the
//! office runs campaigns and extends deadlines, everyone reads within scope.

mod campaigns;
mod classes;
mod colleges;
use campaigns::*;
use classes::*;
use colleges::*;

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

// ---- classes ----

// ---- campaigns ----
