//! The college hand-over to the center (学院报送, SPEC §13): two submissions
//! per college and campaign, the pre-flight checks that decide whether the
//! dean may submit, and the states a submission goes through. Pure rules:
//! the server gathers the facts, and client and server both ask here.

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

/// How a pre-flight finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Stops the submission.
    Block,
    /// Allowed with a written 说明.
    Warn,
}

/// One pre-flight finding; `class_id` empty for the college as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Check {
    pub class_id: String,
    /// The class's display name (empty for the college).
    #[serde(default)]
    pub class_name: String,
    pub level: Level,
    pub message: String,
}

/// What the checks look at for one graduating class, gathered from live data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassFacts {
    pub class_id: String,
    pub class_name: String,
    pub pending_counselor: u32,
    pub pending_college: u32,
    /// Nominations past the college level (waiting at the office, appointed).
    pub passed_college: u32,
    pub active_liaisons: u32,
    pub entries: u32,
    /// Entries with an empty required cell only (left out of the database).
    pub incomplete: u32,
    /// Entries with a filled cell that breaks a rule, and the first reason.
    pub broken: u32,
    pub first_broken: String,
    pub photo: bool,
    pub names: bool,
}

/// What the checks look at for the college.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollegeFacts {
    pub seal: bool,
    pub classes: Vec<ClassFacts>,
}

/// How an entry stands against the template: fine, missing a required
/// cell (it stays out of the database), or breaking a rule with a value
/// (it would corrupt the office's import).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryStanding {
    Complete,
    Incomplete,
    Broken(String),
}

pub fn entry_standing(e: &EntryFields) -> EntryStanding {
    let mut missing = false;
    for f in Field::ALL {
        let v = f.get(e);
        if let Err(err) = f.check(v) {
            if v.is_empty() {
                missing = true;
            } else {
                return EntryStanding::Broken(format!("{}：{}", e.name, err.0));
            }
        }
    }
    if missing {
        EntryStanding::Incomplete
    } else {
        EntryStanding::Complete
    }
}

/// The pre-flight checks of one submission, blocking ones first.
pub fn checks(kind: Kind, facts: &CollegeFacts) -> Vec<Check> {
    let mut out = Vec::new();
    let college = |level, message: &str| Check {
        class_id: String::new(),
        class_name: String::new(),
        level,
        message: message.to_owned(),
    };
    if !facts.seal {
        out.push(college(
            Level::Block,
            "学院公章尚未上传，报送须加盖学院公章：请联系管理员在“组织与账号”中上传",
        ));
    }
    if facts.classes.is_empty() {
        out.push(college(Level::Warn, "本届没有本学院的毕业班级"));
    }
    for c in &facts.classes {
        let mut add = |level, message: String| {
            out.push(Check {
                class_id: c.class_id.clone(),
                class_name: c.class_name.clone(),
                level,
                message,
            })
        };
        match kind {
            Kind::Nominations => {
                if c.pending_college > 0 {
                    add(
                        Level::Block,
                        format!("{} 份推荐表待学院审核：请先审批，再报送", c.pending_college),
                    );
                }
                if c.pending_counselor > 0 {
                    add(
                        Level::Warn,
                        format!(
                            "{} 份推荐表仍待辅导员审核，不在本次报送中",
                            c.pending_counselor
                        ),
                    );
                }
                if c.passed_college == 0 && c.pending_college == 0 && c.pending_counselor == 0 {
                    add(Level::Warn, "没有通过学院审核的推荐人选".into());
                }
            }
            Kind::Alumni => {
                if c.broken > 0 {
                    add(
                        Level::Block,
                        format!(
                            "{} 条通讯录信息不符合学校模板（如 {}），会导致校友办导入出错：请联络员或辅导员修改",
                            c.broken, c.first_broken
                        ),
                    );
                }
                if c.entries == 0 {
                    add(Level::Warn, "通讯录还没有任何条目".into());
                } else if c.incomplete > 0 {
                    add(
                        Level::Warn,
                        format!(
                            "{} 条通讯录信息不完整（缺少必填项），不会进入校友数据库",
                            c.incomplete
                        ),
                    );
                }
                if c.active_liaisons == 0 {
                    add(Level::Warn, "没有在任的校友联络员".into());
                }
                if !c.photo {
                    add(Level::Warn, "尚未上传毕业合影".into());
                } else if !c.names {
                    add(Level::Warn, "毕业合影缺少人员名单".into());
                }
            }
        }
    }
    out.sort_by_key(|c| c.level);
    out
}

/// The longest 说明 or 退回理由 kept.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Why a dean may not submit now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Blocking checks remain.
    Blocked,
    /// Warnings remain and the 说明 is empty or too long; the message.
    Explanation(String),
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Blocked => "还有必须先处理的问题，暂不能报送".into(),
            Refusal::Explanation(m) => m.clone(),
        }
    }
}

/// Whether `checks` allow a submission with `explanation`.
pub fn may_submit(checks: &[Check], explanation: &str) -> Result<(), Refusal> {
    if checks.iter().any(|c| c.level == Level::Block) {
        return Err(Refusal::Blocked);
    }
    let note = explanation.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Refusal::Explanation(format!(
            "说明最多{MAX_NOTE_CHARS}个字"
        )));
    }
    if note.is_empty() && checks.iter().any(|c| c.level == Level::Warn) {
        return Err(Refusal::Explanation(
            "有需要说明的问题：请在“说明”中写明原因后再报送".into(),
        ));
    }
    Ok(())
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
