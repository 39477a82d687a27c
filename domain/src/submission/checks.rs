//! The pre-flight checks: the facts of a college's graduating classes, what each check finds, and whether the dean may submit with them.

use super::*;

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
