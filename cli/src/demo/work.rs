//! The demo's work in progress, for `make run`: so that a newcomer sees every
//! role's work at once, each demo class gets an appointed liaison with a
//! directory partly filled and a duty log, and 经济管理学院's dean has handed
//! over the college's 推荐材料, waiting for the office. All of it is done
//! through the API, signed in as those people, so every rule, index, audit
//! entry and notice is as if they had done it by hand. The tests' demo
//! university (`load_if_empty`) stays without it.

use anyhow::{Context, bail};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use serde_json::{Value, json};
use tower::ServiceExt;

use server::{AppState, clock::iso_date};

/// One student of each demo class, appointed 联络员 (the first of each class
/// stay free for people trying the system, and for the tests).
pub const LIAISONS: [&str; 4] = ["2023110103", "2023210103", "2024310103", "2024320103"];

/// How many entries of each class the liaison has filled in.
const FILLED: usize = 12;

/// A signed-in caller of the whole application, without a socket.
struct Caller {
    app: axum::Router,
    cookie: String,
}

impl Caller {
    async fn sign_in(state: &AppState, username: &str) -> anyhow::Result<Caller> {
        let app = server::app(state.clone());
        let req = Request::post("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"username": username, "password": super::DEMO_PASSWORD}).to_string(),
            ))?;
        let res = app.clone().oneshot(req).await?;
        if res.status() != StatusCode::OK {
            bail!("demo sign-in of {username}: {}", res.status());
        }
        let cookie = res
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .context("no session cookie")?
            .to_owned();
        Ok(Caller { app, cookie })
    }

    /// Sends a request; its JSON answer, which must be a success.
    async fn send(
        &self,
        method: Method,
        path: &str,
        if_match: Option<u64>,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let mut req = Request::builder()
            .method(method.clone())
            .uri(format!("/api/v1{path}"))
            .header(header::COOKIE, &self.cookie);
        if let Some(rev) = if_match {
            req = req.header(header::IF_MATCH, format!("\"{rev}\""));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string()))?,
            None => req.body(Body::empty())?,
        };
        let res = self.app.clone().oneshot(req).await?;
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 16 << 20).await?;
        if !status.is_success() {
            bail!(
                "demo {method} {path}: {status} {}",
                String::from_utf8_lossy(&bytes)
            );
        }
        Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }
}

/// Adds the work in progress to a demo university just loaded.
pub async fn add(state: &AppState) -> anyhow::Result<()> {
    let office = Caller::sign_in(state, "office").await?;
    let today = iso_date(state.clock.today());
    for (i, username) in LIAISONS.into_iter().enumerate() {
        let student = state
            .store
            .user_by_username(username)?
            .with_context(|| format!("demo student {username}"))?;
        let class = student.classes.first().cloned().unwrap_or_default();
        let appointed = office
            .send(
                Method::POST,
                "/liaisons",
                None,
                Some(
                    json!({"student_id": student.id, "campaign_id": "2027", "reason": "班级推选"}),
                ),
            )
            .await?;
        let liaison_id = appointed["liaison"]["id"]
            .as_str()
            .context("the appointed liaison's id")?
            .to_owned();
        let liaison = Caller::sign_in(state, username).await?;
        fill_directory(&liaison, &class, i).await?;
        let log = format!("/liaisons/{liaison_id}/log");
        let mut entries = vec![json!({
            "kind": "activity", "date": today, "title": "毕业季班级座谈会",
            "text": "与同学们交流毕业去向，介绍校友会和班级通讯录的用途。",
            "place": "图书馆报告厅", "participants": 28, "link": "", "consent": false
        })];
        if i == 0 {
            entries.push(json!({
                "kind": "feedback", "date": today, "title": "",
                "text": "校友希望母校在校庆期间组织返校日活动，方便外地校友报名。",
                "place": "", "participants": null, "link": "", "consent": true
            }));
        }
        for entry in entries {
            liaison.send(Method::POST, &log, None, Some(entry)).await?;
        }
    }
    // 经济管理学院 has its seal: its dean hands over the 推荐材料, which
    // wait for the office (its 专科 class has no nomination: a warning,
    // explained).
    Caller::sign_in(state, "dean.jg")
        .await?
        .send(
            Method::POST,
            "/submissions/jg/nominations",
            None,
            Some(json!({
                "campaign_id": "2027",
                "explanation": "大数据与会计1班本届无学生报名，已与辅导员核实。"
            })),
        )
        .await?;
    Ok(())
}

/// The liaison of class number `n` fills in the first [`FILLED`] entries.
async fn fill_directory(liaison: &Caller, class: &str, n: usize) -> anyhow::Result<()> {
    let dir = liaison
        .send(
            Method::GET,
            &format!("/classes/{class}/directory"),
            None,
            None,
        )
        .await?;
    let entries = dir["entries"].as_array().cloned().unwrap_or_default();
    for (k, e) in entries.into_iter().take(FILLED).enumerate() {
        let id = e["id"].as_str().unwrap_or_default();
        let mut fields = e.clone();
        fields["phone"] = json!(format!("139{n}{:07}", 1000 + k));
        fields["wechat"] = json!(format!("xyl{n}_{k:02}"));
        fields["email"] = json!(format!("alumni{n}{k:02}@example.com"));
        fields["employer"] =
            json!(["西安某某科技有限公司", "某某市第一中学", "某某银行西安分行"][k % 3]);
        fields["position"] = json!(["工程师", "教师", "客户经理"][k % 3]);
        fields["address"] = json!(format!("陕西省西安市雁塔区科技路{}号", 10 + k));
        liaison
            .send(
                Method::PUT,
                &format!("/classes/{class}/directory/{id}"),
                e["rev"].as_u64(),
                Some(fields),
            )
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use server::{clock::ManualClock, config::Config, store::Store};

    #[tokio::test]
    async fn the_demo_shows_every_roles_work_at_once() -> anyhow::Result<()> {
        let store = Store::temporary()?;
        let clock = ManualClock::starting_now();
        assert!(super::super::load_if_empty(&store, &clock).await?);
        let state = AppState::new(store, Config::default(), std::sync::Arc::new(clock))?;
        add(&state).await?;

        let liaisons = state.store.liaisons()?;
        let mut classes: Vec<&str> = liaisons.iter().map(|l| l.class_id.as_str()).collect();
        classes.sort();
        classes.dedup();
        assert_eq!(classes.len(), 4, "a liaison in each demo class");
        for class in classes {
            let dir = state.store.directory(class)?;
            let filled = dir.iter().filter(|e| !e.fields.phone.is_empty()).count();
            assert!(
                filled == FILLED && dir.len() > FILLED,
                "{class}: {filled} of {}",
                dir.len()
            );
        }
        let office = Caller::sign_in(&state, "office").await?;
        let log = office.send(Method::GET, "/duty-log", None, None).await?;
        assert!(log.to_string().contains("毕业季班级座谈会"), "{log}");
        let handed = office
            .send(Method::GET, "/submissions?campaign_id=2027", None, None)
            .await?;
        let states: Vec<String> = handed["submissions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["college"] == "jg" && s["kind"] == "nominations")
            .map(|s| s["state"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(states, ["submitted"]);
        Ok(())
    }
}
