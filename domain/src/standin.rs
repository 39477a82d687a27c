//! Stand-ins (代理审批): an approver away at a training or abroad names
//! another approver of the same role to decide in their place for a range
//! of days. Who may stand in for whom, which ranges may be set, and whose
//! place a decision takes — the server stores and asks, the client shows.
//!
//! - A counselor names another counselor of their college(s); a dean the
//!   college's other dean; the office's director another office member.
//! - One stand-in per person at a time; no chains: nobody who is away (or
//!   standing in for somebody) in those days hands their place on, and
//!   nobody away stands in.
//! - A range is whole days in China time, first to last, at most
//!   [`MAX_DAYS`], not starting in the past; it ends by itself after its
//!   last day or earlier when ended.

use serde::{Deserialize, Serialize};

use crate::{
    Role,
    notify::{Kind, Notice, To},
    org::is_iso_date,
    pages::Page,
    scope::Viewer,
};

/// The longest range one stand-in covers.
pub const MAX_DAYS: i64 = 92;

/// One stand-in as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StandIn {
    pub id: String,
    /// The person away, whose place is taken.
    pub principal_id: String,
    pub principal_name: String,
    /// Who decides in their place.
    pub deputy_id: String,
    pub deputy_name: String,
    pub role: Role,
    /// First and last day, `YYYY-MM-DD`.
    pub from: String,
    pub until: String,
    /// The day it was ended early: from that day on it no longer holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<String>,
    pub rev: u64,
}

impl StandIn {
    /// Whether it holds on `day` (`YYYY-MM-DD`).
    pub fn holds_on(&self, day: &str) -> bool {
        self.from.as_str() <= day
            && day <= self.until.as_str()
            && self.ended_on.as_deref().is_none_or(|e| day < e)
    }

    /// Whether it has ended (by date or early) by `day`.
    pub fn over_by(&self, day: &str) -> bool {
        day > self.until.as_str() || self.ended_on.as_deref().is_some_and(|e| e <= day)
    }

    /// Whether its days meet `[from, until]`, while it is not over.
    fn meets(&self, from: &str, until: &str, today: &str) -> bool {
        !self.over_by(today) && self.from.as_str() <= until && from <= self.until.as_str()
    }

    /// `2027-01-05至2027-01-20`.
    pub fn range_label(&self) -> String {
        format!("{}至{}", self.from, self.until)
    }
}

/// "张三 代 李四": how a decision by a stand-in is signed.
pub fn signed(deputy: &str, principal: Option<&str>) -> String {
    match principal {
        Some(p) => format!("{deputy} 代 {p}"),
        None => deputy.to_owned(),
    }
}

/// An approver as the rules need them.
#[derive(Debug, Clone, Copy)]
pub struct Approver<'a> {
    pub id: &'a str,
    pub role: Role,
    /// A dean's college.
    pub college: Option<&'a str>,
    /// The colleges of a counselor's classes.
    pub colleges: &'a [String],
    pub is_director: bool,
}

/// Why a stand-in cannot be named, in the words users see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandInError {
    NotAnApprover,
    NotTheDirector,
    Yourself,
    OtherRole,
    OutsideScope,
    BadRange,
    TooLong,
    InThePast,
    AlreadyNamed,
    DeputyAway,
    YouStandIn,
}

impl StandInError {
    pub fn message(self) -> &'static str {
        match self {
            StandInError::NotAnApprover => "只有辅导员、院领导和校友办主任可以设置代理审批",
            StandInError::NotTheDirector => "校友办由主任设置代理审批",
            StandInError::Yourself => "不能由自己代理自己",
            StandInError::OtherRole => "代理人须与您同一身份（辅导员、院领导或校友办）",
            StandInError::OutsideScope => {
                "代理人的范围须覆盖您的范围：辅导员选本学院的辅导员，院领导选本学院的院领导"
            }
            StandInError::BadRange => "请填写起止日期，结束日期不能早于开始日期",
            StandInError::TooLong => "一次代理最长92天，更长请到期后再设置",
            StandInError::InThePast => "开始日期不能早于今天",
            StandInError::AlreadyNamed => "这段时间您已设置了代理人，请先结束原来的代理",
            StandInError::DeputyAway => {
                "代理人这段时间本人也设置了代理（不在岗），请另选一位；代理不能转交"
            }
            StandInError::YouStandIn => {
                "这段时间您正在代理他人审批，不能再把审批交给别人；代理不能转交"
            }
        }
    }
}

/// Whether `deputy` may stand in for `principal` from `from` to `until`
/// (`YYYY-MM-DD`), given the stand-ins either of them is in (as either
/// side) that are not over by `today`.
pub fn check(
    principal: Approver<'_>,
    deputy: Approver<'_>,
    from: &str,
    until: &str,
    today: &str,
    existing: &[StandIn],
) -> Result<(), StandInError> {
    match principal.role {
        Role::Counselor | Role::Dean => {}
        Role::Office if principal.is_director => {}
        Role::Office => return Err(StandInError::NotTheDirector),
        _ => return Err(StandInError::NotAnApprover),
    }
    if principal.id == deputy.id {
        return Err(StandInError::Yourself);
    }
    if principal.role != deputy.role {
        return Err(StandInError::OtherRole);
    }
    let covers = match principal.role {
        Role::Counselor => {
            !principal.colleges.is_empty()
                && principal
                    .colleges
                    .iter()
                    .all(|c| deputy.colleges.contains(c))
        }
        Role::Dean => principal.college.is_some() && principal.college == deputy.college,
        _ => true,
    };
    if !covers {
        return Err(StandInError::OutsideScope);
    }
    if !is_iso_date(from) || !is_iso_date(until) {
        return Err(StandInError::BadRange);
    }
    let days = crate::submission::days_late(from, until).ok_or(StandInError::BadRange)?;
    if days < 0 {
        return Err(StandInError::BadRange);
    }
    if days >= MAX_DAYS {
        return Err(StandInError::TooLong);
    }
    if from < today {
        return Err(StandInError::InThePast);
    }
    let meeting = existing.iter().filter(|s| s.meets(from, until, today));
    for s in meeting {
        if s.principal_id == principal.id {
            return Err(StandInError::AlreadyNamed);
        }
        if s.deputy_id == principal.id {
            return Err(StandInError::YouStandIn);
        }
        if s.principal_id == deputy.id {
            return Err(StandInError::DeputyAway);
        }
    }
    Ok(())
}

/// Whose place the caller takes deciding an item of class `class_id` in
/// `college`: the first stand-in holding `today` whose principal could
/// decide it (their scope, given by `scope_of`). `None`: they decide as
/// themselves.
pub fn taking_place_of<'a>(
    mine: &'a [StandIn],
    deputy_id: &str,
    today: &str,
    class_id: &str,
    college: &str,
    scope_of: impl Fn(&StandIn) -> Option<Viewer<'a>>,
) -> Option<&'a StandIn> {
    mine.iter().find(|s| {
        s.deputy_id == deputy_id
            && s.holds_on(today)
            && scope_of(s).is_some_and(|v| v.role == s.role && v.sees_class(class_id, college))
    })
}

/// What the principal and the deputy are told when a stand-in is named:
/// (to the deputy, to the principal).
pub fn named_notices(s: &StandIn) -> (Notice, Notice) {
    let days = s.range_label();
    (
        notice(
            format!("{}请您代理审批", s.principal_name),
            format!(
                "{days}，您可在待办审核中代{}审批，审批记录为“{}”。",
                s.principal_name,
                signed(&s.deputy_name, Some(&s.principal_name))
            ),
        ),
        notice(
            "代理审批已设置".into(),
            format!(
                "{days}由{}代您审批，到期自动结束，也可提前结束。",
                s.deputy_name
            ),
        ),
    )
}

/// What both are told when a stand-in ends: early (by `by`, on the day it
/// was ended) or after its last day.
pub fn ended_notice(s: &StandIn, by: Option<&str>) -> Notice {
    let how = match by {
        Some(who) => format!("已由{who}提前结束"),
        None => "已到期结束".into(),
    };
    notice(
        "代理审批已结束".into(),
        format!(
            "{}代{}审批（{}）{how}；待办回到{}本人。",
            s.deputy_name,
            s.principal_name,
            s.range_label(),
            s.principal_name
        ),
    )
}

fn notice(title: String, body: String) -> Notice {
    Notice {
        to: To::Applicant,
        kind: Kind::StandIn,
        title,
        body,
        link: Page::Todo.path().into(),
    }
}

#[cfg(test)]
mod tests;
