//! Work-chat robots (企业微信 group robots, 钉钉 custom robots): which
//! webhook addresses are accepted, how a message is shaped and bounded as
//! each platform documents, and what the daily digest and the deadline
//! reminders say there. The server seals the addresses and sends.
//!
//! - 企业微信: `POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`,
//!   `{"msgtype":"markdown","markdown":{"content":…}}`, content at most
//!   4096 bytes (UTF-8); answers `{"errcode":0,"errmsg":"ok"}`.
//! - 钉钉: `POST https://oapi.dingtalk.com/robot/send?access_token=…`, with a
//!   signing secret (`SEC…`) `&timestamp=<ms>&sign=<urlencode(base64(
//!   HMAC-SHA256(secret, timestamp + "\n" + secret)))>`;
//!   `{"msgtype":"markdown","markdown":{"title":…,"text":…}}`; answers
//!   `{"errcode":0,"errmsg":"ok"}` (310000 for a bad signature).
//! - Both allow 20 messages a minute per robot; ours send a few a day.

use serde::{Deserialize, Serialize};

/// Which platform a robot is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RobotKind {
    Wecom,
    Dingtalk,
}

impl RobotKind {
    pub const ALL: [RobotKind; 2] = [RobotKind::Wecom, RobotKind::Dingtalk];

    pub fn label(self) -> &'static str {
        match self {
            RobotKind::Wecom => "企业微信群机器人",
            RobotKind::Dingtalk => "钉钉群自定义机器人",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RobotKind::Wecom => "wecom",
            RobotKind::Dingtalk => "dingtalk",
        }
    }

    pub fn parse(s: &str) -> Option<RobotKind> {
        RobotKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The documented webhook host and path.
    pub fn official(self) -> (&'static str, &'static str, &'static str) {
        match self {
            RobotKind::Wecom => ("qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "key"),
            RobotKind::Dingtalk => ("oapi.dingtalk.com", "/robot/send", "access_token"),
        }
    }

    /// The most bytes of a message's text.
    pub fn max_bytes(self) -> usize {
        match self {
            RobotKind::Wecom => 4096,
            RobotKind::Dingtalk => 20_000,
        }
    }

    /// The JSON body of a markdown message titled `title`, its text cut to
    /// the platform's limit.
    pub fn body(self, title: &str, text: &str) -> serde_json::Value {
        let text = fit(text, self.max_bytes());
        match self {
            RobotKind::Wecom => serde_json::json!({
                "msgtype": "markdown",
                "markdown": { "content": text },
            }),
            RobotKind::Dingtalk => serde_json::json!({
                "msgtype": "markdown",
                "markdown": { "title": title, "text": text },
            }),
        }
    }
}

/// `text` cut on a character boundary so it fits in `max` bytes, ending
/// with `…` when cut.
pub fn fit(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let room = max.saturating_sub('…'.len_utf8());
    let mut end = room;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Why a webhook address is refused, in the words users see.
pub fn check_url(kind: RobotKind, url: &str, hosts: &[String]) -> Result<(), String> {
    let url = url.trim();
    let (host, path, token) = kind.official();
    let wrong = || {
        format!(
            "{}的地址应形如 https://{host}{path}?{token}=…（在群设置的机器人详情中复制）",
            kind.label()
        )
    };
    if url.len() > 500 || url.chars().any(char::is_whitespace) {
        return Err(wrong());
    }
    let rest = if let Some(r) = url.strip_prefix("https://") {
        r
    } else if let Some(r) = url.strip_prefix("http://") {
        // Plain HTTP only to a receiver on this machine (tests, a relay).
        if !(r.starts_with("127.0.0.1:") || r.starts_with("localhost:")) {
            return Err(wrong());
        }
        r
    } else {
        return Err(wrong());
    };
    let (authority, after) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let allowed = authority == host || hosts.iter().any(|h| h == authority);
    if !allowed {
        return Err(format!(
            "只能填写{}的官方地址（{host}），不接受其他网站",
            kind.label()
        ));
    }
    let (p, query) = after.split_once('?').unwrap_or((after, ""));
    let has_token = query.split('&').any(|kv| {
        kv.strip_prefix(token)
            .and_then(|v| v.strip_prefix('='))
            .is_some_and(|v| !v.is_empty())
    });
    if p != path || !has_token {
        return Err(wrong());
    }
    Ok(())
}

/// A 钉钉 signing secret as shown in its settings (`SEC` + 64 hex).
pub fn check_secret(secret: &str) -> Result<(), String> {
    let s = secret.trim();
    if s.starts_with("SEC") && s.len() <= 200 && s.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err("钉钉加签密钥应以 SEC 开头（在机器人安全设置中选择“加签”后复制）".into())
    }
}

/// A secret shown back: its last four characters only.
pub fn hint(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("••••{tail}")
}

/// What a digest reports for one place (a college, or the office).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest<'a> {
    /// 信息工程学院 / 校友服务与发展中心.
    pub owner_name: &'a str,
    /// (level, how many wait there), the levels this place decides.
    pub waiting: Vec<(&'static str, u64)>,
    /// The nearest deadline ahead: (what, date, days left).
    pub deadline: Option<(String, String, i64)>,
    /// The to-do page's address.
    pub link: &'a str,
}

/// The daily digest's title and markdown, or `None` when there is nothing
/// to say (nothing waiting, no deadline within a fortnight).
pub fn digest(d: &Digest<'_>) -> Option<(String, String)> {
    let total: u64 = d.waiting.iter().map(|(_, n)| n).sum();
    let near = d
        .deadline
        .as_ref()
        .filter(|(_, _, days)| (0..=14).contains(days));
    if total == 0 && near.is_none() {
        return None;
    }
    let title = format!("校友联络员：待审核 {total} 份");
    let mut text = format!("### {}·校友联络员每日提醒\n", d.owner_name);
    for (level, n) in &d.waiting {
        text.push_str(&format!("- {level}：**{n}** 份\n"));
    }
    if let Some((what, date, days)) = near {
        text.push_str(&format!(
            "- 最近截止：{what} {date}（{}）\n",
            crate::submission::days_left_label(*days)
        ));
    }
    text.push_str(&format!("\n[打开待办审核]({})", d.link));
    Some((title, text))
}

/// A deadline reminder as the robot posts it: what is due when, and the
/// classes still lacking it.
pub fn reminder(
    owner_name: &str,
    what: &str,
    date: &str,
    days_left: i64,
    missing: &str,
    classes: &[String],
    link: &str,
) -> (String, String) {
    const SHOWN: usize = 20;
    let when = crate::submission::days_left_label(days_left);
    let title = format!("{what}{when}");
    let mut text = format!(
        "### {owner_name}·{what}提醒\n{what}：{date}（{when}）\n\n{missing}（{} 个）：\n",
        classes.len()
    );
    for c in classes.iter().take(SHOWN) {
        text.push_str(&format!("- {c}\n"));
    }
    if classes.len() > SHOWN {
        text.push_str(&format!("- 等 {} 个班级\n", classes.len()));
    }
    text.push_str(&format!("\n[查看详情]({link})"));
    (title, text)
}

#[cfg(test)]
mod tests;
