//! `/robots`: a college's (its dean's) or the office's work-chat robots —
//! a 企业微信 group robot and/or a 钉钉 custom robot that receive the daily
//! digest and the deadline reminders. The address and the secret are
//! secrets: sealed in the store, shown back by their last four characters,
//! audited when changed (never their value). Rules: `domain::robots`;
//! posting: `crate::robots`.

use axum::{
    Json,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use domain::{
    api::{RobotEnvelope, RobotView, Robots, SetRobot},
    robots::{self, RobotKind},
};
use serde_json::json;

use crate::{
    auth::CurrentUser,
    error::{ApiError, ApiJson},
    robots::{OFFICE, owner_of},
    state::AppState,
    store::RobotRecord,
};

use super::{audit_entry, endpoint as ep, endpoint::Endpoint};

/// The routes of this resource (`super::endpoints`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        ep::get("/robots", "本学院（院领导）或校友办的工作群机器人", list),
        ep::put(
            "/robots/{kind}",
            "设置企业微信群机器人或钉钉群机器人（wecom、dingtalk）",
            set,
        )
        .json::<SetRobot>(),
        ep::delete("/robots/{kind}", "停用工作群机器人", remove),
        ep::post(
            "/robots/{kind}/test",
            "向工作群机器人发送一条测试消息",
            test,
        )
        .bodiless(),
    ]
}

fn view(r: &RobotRecord) -> RobotView {
    RobotView {
        kind: r.kind,
        url_hint: r.url_hint.clone(),
        secret_hint: r.secret_hint.clone(),
        last: r.last.clone(),
        set_by_name: r.set_by_name.clone(),
    }
}

/// The caller's owner and its display name; 403 for other roles.
fn owner(st: &AppState, cu: &CurrentUser) -> Result<(String, String), ApiError> {
    let owner = owner_of(cu.user.role, cu.user.college.as_deref()).ok_or(ApiError::Forbidden(
        "只有院领导和校友办可以设置工作群机器人",
    ))?;
    let name = match owner.as_str() {
        OFFICE => "校友服务与发展中心".to_owned(),
        code => st
            .store
            .college(code)?
            .map(|c| c.name)
            .unwrap_or_else(|| code.to_owned()),
    };
    Ok((owner, name))
}

fn kind_of(s: &str) -> Result<RobotKind, ApiError> {
    RobotKind::parse(s).ok_or(ApiError::NotFound)
}

async fn list(State(st): State<AppState>, cu: CurrentUser) -> Result<Response, ApiError> {
    let (owner, owner_name) = owner(&st, &cu)?;
    listing(&st, &owner, owner_name)
}

/// The owner's robots as the settings page shows them.
fn listing(st: &AppState, owner: &str, owner_name: String) -> Result<Response, ApiError> {
    let robots = st.store.robots_of(owner)?.iter().map(view).collect();
    Ok(Json(Robots { owner_name, robots }).into_response())
}

async fn set(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(kind): Path<String>,
    ApiJson(req): ApiJson<SetRobot>,
) -> Result<Response, ApiError> {
    let (owner, _) = owner(&st, &cu)?;
    let kind = kind_of(&kind)?;
    let field = |f: &str, m: String| ApiError::fields([(f.to_owned(), m)].into());
    let url = req.url.trim().to_owned();
    robots::check_url(kind, &url, &st.config.robot_hosts).map_err(|m| field("url", m))?;
    let secret = match kind {
        RobotKind::Dingtalk => {
            let s = req.secret.as_deref().map(str::trim).unwrap_or_default();
            robots::check_secret(s).map_err(|m| field("secret", m))?;
            Some(s.to_owned())
        }
        RobotKind::Wecom => None,
    };
    let seal = |v: &str| {
        st.onetime_key
            .seal(v.as_bytes())
            .map_err(|e| ApiError::Internal(e.to_string()))
    };
    let rev = st
        .store
        .robots_of(&owner)?
        .iter()
        .find(|r| r.kind == kind)
        .map_or(0, |r| r.rev);
    let record = RobotRecord {
        kind,
        url: seal(&url)?,
        secret: secret.as_deref().map(seal).transpose()?,
        url_hint: robots::hint(&url),
        secret_hint: secret.as_deref().map(robots::hint),
        last: None,
        set_by_name: cu.user.name.clone(),
        rev: rev + 1,
    };
    let audit = audit_entry(
        &st,
        &cu,
        "robot.set",
        &format!("{owner}/{}", kind.as_str()),
        json!({ "url": record.url_hint, "secret": record.secret_hint }),
    );
    st.store.put_robot(&owner, kind, Some(&record), &audit)?;
    st.store.durable().await?;
    Ok(Json(RobotEnvelope {
        robot: view(&record),
    })
    .into_response())
}

async fn remove(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(kind): Path<String>,
) -> Result<Response, ApiError> {
    let (owner, owner_name) = owner(&st, &cu)?;
    let kind = kind_of(&kind)?;
    if !st.store.robots_of(&owner)?.iter().any(|r| r.kind == kind) {
        return Err(ApiError::NotFound);
    }
    let target = format!("{owner}/{}", kind.as_str());
    let audit = audit_entry(&st, &cu, "robot.remove", &target, json!({}));
    st.store.put_robot(&owner, kind, None, &audit)?;
    st.store.durable().await?;
    listing(&st, &owner, owner_name)
}

async fn test(
    State(st): State<AppState>,
    cu: CurrentUser,
    Path(kind): Path<String>,
) -> Result<Response, ApiError> {
    let (owner, owner_name) = owner(&st, &cu)?;
    let kind = kind_of(&kind)?;
    let robot = st
        .store
        .robots_of(&owner)?
        .into_iter()
        .find(|r| r.kind == kind)
        .ok_or(ApiError::NotFound)?;
    let text = format!(
        "### {owner_name}·校友联络员\n这是一条测试消息：{}设置的{}已连通，此后每日提醒和截止提醒会发到本群。",
        cu.user.name,
        kind.label()
    );
    let outcome =
        crate::robots::deliver(&st, &robot, "测试消息", "校友联络员测试消息", &text).await;
    st.store.robot_outcome(&owner, kind, robot.rev, &outcome)?;
    st.store.durable().await?;
    let mut robot = view(&robot);
    robot.last = Some(outcome);
    Ok(Json(RobotEnvelope { robot }).into_response())
}
