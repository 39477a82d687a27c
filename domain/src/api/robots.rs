//! Work-chat robots: the settings page's view and setting one.

use serde::{Deserialize, Serialize};

use crate::robots::RobotKind;

/// How a post to a robot went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RobotOutcome {
    /// `YYYY-MM-DD HH:MM` in China time.
    pub at: String,
    pub ok: bool,
    /// What was posted (测试消息, 每日提醒, 推荐截止提醒…).
    pub what: String,
    /// The platform's answer or the network's error, in a few words.
    pub message: String,
    pub attempts: u8,
}

/// One robot as its owner sees it: never its address or secret whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RobotView {
    pub kind: RobotKind,
    pub url_hint: String,
    #[serde(default)]
    pub secret_hint: Option<String>,
    #[serde(default)]
    pub last: Option<RobotOutcome>,
    pub set_by_name: String,
}

/// `GET /robots`: the caller's college's robots (a dean), or the office's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Robots {
    /// 信息工程学院 / 校友服务与发展中心.
    pub owner_name: String,
    pub robots: Vec<RobotView>,
}

/// `PUT /robots/{kind}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetRobot {
    pub url: String,
    /// 钉钉's signing secret (加签), required for 钉钉.
    #[serde(default)]
    pub secret: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RobotEnvelope {
    pub robot: RobotView,
}
