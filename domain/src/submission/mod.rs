//! The college hand-over to the center (学院报送, SPEC §13): two submissions
//! per college and campaign, the pre-flight checks that decide whether the
//! dean may submit, and the states a submission goes through. Pure rules:
//! the server gathers the facts, and client and server both ask here.

mod checks;
pub use checks::*;

use serde::{Deserialize, Serialize};

use crate::{
    directory::{EntryFields, Field},
    org::Campaign,
};

/// What a college hands over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 推荐材料: the nominations that passed the college level and the 汇总表.
    Nominations,
    /// 校友数据库 and 毕业合影 of every graduating class.
    Alumni,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Nominations, Kind::Alumni];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Nominations => "nominations",
            Kind::Alumni => "alumni",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Nominations => "推荐材料（推荐表、汇总表）",
            Kind::Alumni => "校友数据库与毕业合影",
        }
    }

    /// The short name used in tables.
    pub fn short(self) -> &'static str {
        match self {
            Kind::Nominations => "推荐材料",
            Kind::Alumni => "校友数据",
        }
    }

    /// The day it is due: the campaign's nomination deadline or its
    /// materials deadline, as extended (the campaign holds the current one).
    pub fn due(self, c: &Campaign) -> &str {
        match self {
            Kind::Nominations => &c.nomination_closes,
            Kind::Alumni => &c.materials_deadline,
        }
    }
}

/// Where a submission stands (SPEC §13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Nothing sent yet.
    #[default]
    Draft,
    Submitted,
    Accepted,
    Returned,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Draft => "未报送",
            State::Submitted => "已报送",
            State::Accepted => "已接收",
            State::Returned => "已退回",
        }
    }

    /// Whether the office may accept or return: only what waits for it.
    pub fn may_decide(self) -> bool {
        self == State::Submitted
    }
}

/// What the office does with a submitted version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Return,
}

impl Decision {
    pub fn label(self) -> &'static str {
        match self {
            Decision::Accept => "接收",
            Decision::Return => "退回",
        }
    }

    /// The route's last segment (`…/accept`, `…/return`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Return => "return",
        }
    }

    /// The history's action once taken.
    pub fn done(self) -> &'static str {
        match self {
            Decision::Accept => "accepted",
            Decision::Return => "returned",
        }
    }

    /// The state after the office decided on a submission in `from`.
    pub fn apply(self, from: State) -> Result<State, &'static str> {
        if !from.may_decide() {
            return Err(match from {
                State::Draft => "学院尚未报送，无法处理",
                State::Accepted => "该报送已接收；学院重新报送后才能再处理",
                State::Returned => "该报送已退回；学院重新报送后才能再处理",
                State::Submitted => unreachable!(),
            });
        }
        Ok(match self {
            Decision::Accept => State::Accepted,
            Decision::Return => State::Returned,
        })
    }
}

/// The office's reason for returning: required, bounded.
pub fn return_reason(reason: &str) -> Result<String, String> {
    let r = reason.trim();
    if r.is_empty() {
        return Err("请填写退回理由".into());
    }
    if r.chars().count() > MAX_NOTE_CHARS {
        return Err(format!("退回理由最多{MAX_NOTE_CHARS}个字"));
    }
    Ok(r.to_owned())
}

/// Days from `due` to `on` (both `YYYY-MM-DD`): positive when late,
/// negative when there are days left. `None` for a malformed date.
pub fn days_late(due: &str, on: &str) -> Option<i64> {
    Some(day_number(on)? - day_number(due)?)
}

/// Days from `on` to `due`: the opposite of [`days_late`].
pub fn days_left(due: &str, on: &str) -> Option<i64> {
    days_late(due, on).map(|d| -d)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (civil calendar).
fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = date.get(..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// How a lateness reads: 逾期 N 天 / 剩 N 天 / 今天截止 (not yet
/// submitted) or 按时 / 逾期 N 天 (submitted).
/// Days to a deadline as people say them: 今天截止, 明天截止, 还有 n 天,
/// or 已过 n 天.
pub fn days_left_label(days_left: i64) -> String {
    match days_left {
        0 => "今天截止".into(),
        1 => "明天截止".into(),
        d if d < 0 => format!("已过 {} 天", -d),
        d => format!("还有 {d} 天"),
    }
}

pub fn lateness_label(days_late: i64, submitted: bool) -> String {
    match (submitted, days_late) {
        (_, d) if d > 0 => format!("逾期 {d} 天"),
        (true, _) => "按时".into(),
        (false, 0) => "今天截止".into(),
        (false, d) => format!("剩 {} 天", -d),
    }
}

#[cfg(test)]
mod tests;
