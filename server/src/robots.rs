//! Posting to work-chat robots (企业微信, 钉钉): the message as each
//! platform documents it (`domain::robots`), 钉钉's signature, three tries,
//! and the outcome kept on the robot for its settings page. The daily
//! digest goes out once a day after 09:00 China time; deadline reminders
//! come from `crate::reminders`.

use base64::{Engine, engine::general_purpose::STANDARD as B64};
use domain::{
    Role,
    api::RobotOutcome,
    robots::{self, Digest, RobotKind},
    submission::Kind,
    workflow::State,
};
use hmac::{Hmac, Mac};

use crate::{
    clock::{CHINA, iso_date},
    state::AppState,
    store::{RobotRecord, StoreError, index},
};

/// The office's robots are kept under this owner.
pub const OFFICE: &str = "office";

/// One message for an owner's robots.
#[derive(Debug, Clone)]
pub struct Post {
    /// A college code, or [`OFFICE`].
    pub owner: String,
    /// What it is, for the outcome (每日提醒, 推荐截止提醒…).
    pub what: String,
    pub title: String,
    pub text: String,
}

/// Whose robots the caller sets: a dean their college's, the office its own.
pub fn owner_of(role: Role, college: Option<&str>) -> Option<String> {
    match role {
        Role::Dean => college.map(str::to_owned),
        Role::Office => Some(OFFICE.to_owned()),
        _ => None,
    }
}

/// `url` with 钉钉's `timestamp` and `sign` for `secret` at `ms`.
pub fn signed_url(url: &str, secret: &str, ms: i64) -> String {
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(format!("{ms}\n{secret}").as_bytes());
    let sign = B64.encode(mac.finalize().into_bytes());
    let sign: String = sign
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{url}&timestamp={ms}&sign={sign}")
}

/// Milliseconds since the epoch by the wall clock.
fn wall_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Posts once; the platform's `errmsg` when it says no.
async fn post_once(
    client: &reqwest::Client,
    url: &str,
    body: &serde_json::Value,
) -> Result<(), String> {
    let res = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                "连接超时".to_owned()
            } else {
                "无法连接".to_owned()
            }
        })?;
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    match answer["errcode"].as_i64() {
        Some(0) if status.is_success() => Ok(()),
        Some(code) => Err(format!(
            "平台返回 {code}：{}",
            answer["errmsg"].as_str().unwrap_or_default()
        )),
        None => Err(format!("平台返回 HTTP {}", status.as_u16())),
    }
}

/// Posts `title`/`text` to one robot: up to three tries (1 s, then 3 s
/// apart), signed afresh for 钉钉 each time. Its outcome.
pub async fn deliver(
    st: &AppState,
    robot: &RobotRecord,
    what: &str,
    title: &str,
    text: &str,
) -> RobotOutcome {
    let open = |sealed: &str| {
        st.onetime_key
            .open(sealed)
            .and_then(|b| String::from_utf8(b).ok())
    };
    let url = open(&robot.url);
    let secret = robot.secret.as_deref().and_then(open);
    let body = robot.kind.body(title, text);
    let mut attempts = 0u8;
    let mut last = Err("地址无法解密（数据目录的密钥已更换），请重新设置".to_owned());
    if let Some(url) = url {
        for pause in [0u64, 1, 3] {
            tokio::time::sleep(std::time::Duration::from_secs(pause)).await;
            attempts += 1;
            let to = match (&robot.kind, &secret) {
                // 钉钉 checks the timestamp against its own clock: the wall's.
                (RobotKind::Dingtalk, Some(s)) => signed_url(&url, s, wall_ms()),
                _ => url.clone(),
            };
            last = post_once(&st.robot_client, &to, &body).await;
            if last.is_ok() {
                break;
            }
        }
    }
    let at = time::OffsetDateTime::from_unix_timestamp(st.clock.now())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(CHINA);
    RobotOutcome {
        at: format!(
            "{} {:02}:{:02}",
            iso_date(at.date()),
            at.hour(),
            at.minute()
        ),
        ok: last.is_ok(),
        what: what.to_owned(),
        message: match last {
            Ok(()) => "已送达".to_owned(),
            Err(e) => e,
        },
        attempts,
    }
}

/// Sends each post to its owner's robots and keeps each outcome.
pub async fn send(st: &AppState, posts: &[Post]) -> Result<usize, StoreError> {
    let mut sent = 0;
    for p in posts {
        for robot in st.store.robots_of(&p.owner)? {
            let outcome = deliver(st, &robot, &p.what, &p.title, &p.text).await;
            sent += usize::from(outcome.ok);
            if !outcome.ok {
                tracing::warn!(owner = %p.owner, kind = robot.kind.as_str(), message = %outcome.message, "a robot post failed");
            }
            st.store
                .robot_outcome(&p.owner, robot.kind, robot.rev, &outcome)?;
        }
    }
    Ok(sent)
}

/// The daily digests due now (after 09:00 China time, once a day per
/// owner with a robot), marked sent before they go so a restart never
/// repeats one.
pub fn digests_due(st: &AppState) -> Result<Vec<Post>, StoreError> {
    let now = time::OffsetDateTime::from_unix_timestamp(st.clock.now())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(CHINA);
    if now.hour() < 9 {
        return Ok(vec![]);
    }
    let today = iso_date(now.date());
    let campaigns = st.store.campaigns()?;
    let on = today.as_str();
    let deadline = campaigns
        .iter()
        .flat_map(|c| {
            Kind::ALL.into_iter().filter_map(move |k| {
                let date = k.due(c).to_owned();
                let days = domain::submission::days_left(&date, on)?;
                let what = match k {
                    Kind::Nominations => "推荐截止",
                    Kind::Alumni => "材料截止",
                };
                (days >= 0).then(|| (format!("{}届{what}", c.cohort), date, days))
            })
        })
        .min_by_key(|d| d.2);
    let link = format!(
        "{}{}",
        st.config.public_url.trim_end_matches('/'),
        domain::pages::Page::Todo.path()
    );
    let mut out = Vec::new();
    for owner in st.store.robot_owners()? {
        let marker = format!("robot\0digest\0{owner}\0{today}");
        if st.store.reminder_sent(&marker)? {
            continue;
        }
        let count = |prefix: &[&str], state: State| -> Result<u64, StoreError> {
            let mut n = 0;
            for c in &campaigns {
                let mut p = vec![c.id.as_str()];
                p.extend_from_slice(prefix);
                n += st
                    .store
                    .nomination_counts(&index::prefix(&p))?
                    .get(&state)
                    .copied()
                    .unwrap_or(0);
            }
            Ok(n)
        };
        let (name, waiting) = if owner == OFFICE {
            (
                "校友服务与发展中心".to_owned(),
                vec![("待校友办审核", count(&[], State::PendingOffice)?)],
            )
        } else {
            let name = st
                .store
                .college(&owner)?
                .map(|c| c.name)
                .unwrap_or_else(|| owner.clone());
            (
                name,
                vec![
                    ("待辅导员审核", count(&[&owner], State::PendingCounselor)?),
                    ("待学院审核", count(&[&owner], State::PendingCollege)?),
                ],
            )
        };
        let digest = robots::digest(&Digest {
            owner_name: &name,
            waiting,
            deadline: deadline.clone(),
            link: &link,
        });
        st.store.send_once(&marker, &[], st.clock.now())?;
        if let Some((title, text)) = digest {
            out.push(Post {
                owner,
                what: "每日提醒".into(),
                title,
                text,
            });
        }
    }
    Ok(out)
}
