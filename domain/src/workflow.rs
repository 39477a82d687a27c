//! The approval chain of SPEC §5 as a plain state machine. Handlers load a
//! nomination, ask these functions what may happen, and store the answer.
//!
//! ```text
//! draft ─submit→ pending_counselor ─approve→ pending_college ─approve→ pending_office ─approve→ appointed
//!   ▲                  │ return / reject            │ return / reject         │ return / reject
//!   └── returned ◀─────┴────────────────────────────┴─────────────────────────┘ (return)
//!       returned ─edit, submit→ pending_counselor     rejected (final)          (reject)
//! draft / returned / pending_* ─withdraw (applicant)→ withdrawn
//! ```

use serde::{Deserialize, Serialize};

use crate::Role;

/// Where a nomination is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    PendingCounselor,
    PendingCollege,
    PendingOffice,
    Appointed,
    Returned,
    Rejected,
    Withdrawn,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Draft,
        State::PendingCounselor,
        State::PendingCollege,
        State::PendingOffice,
        State::Appointed,
        State::Returned,
        State::Rejected,
        State::Withdrawn,
    ];

    pub fn label(self) -> &'static str {
        match self {
            State::Draft => "草稿",
            State::PendingCounselor => "待辅导员审核",
            State::PendingCollege => "待学院审核",
            State::PendingOffice => "待校友办审核",
            State::Appointed => "已聘任",
            State::Returned => "退回修改",
            State::Rejected => "未通过",
            State::Withdrawn => "已撤回",
        }
    }

    /// What the applicant does next, on their home page.
    pub fn next_step(self) -> &'static str {
        match self {
            State::Draft => "填写完整后提交，提交后由辅导员审核",
            State::PendingCounselor | State::PendingCollege | State::PendingOffice => {
                "正在审核，无需操作；有结果会通知您"
            }
            State::Returned => "请按审核意见修改后重新提交",
            State::Appointed => "您已被聘为班级校友联络员，请维护班级通讯录",
            State::Rejected => "本次推荐未通过",
            State::Withdrawn => "已撤回；推荐期内可以重新填写",
        }
    }

    /// The wire name (`pending_counselor`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::PendingCounselor => "pending_counselor",
            State::PendingCollege => "pending_college",
            State::PendingOffice => "pending_office",
            State::Appointed => "appointed",
            State::Returned => "returned",
            State::Rejected => "rejected",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The stage deciding now, if any.
    pub fn stage(self) -> Option<Stage> {
        match self {
            State::PendingCounselor => Some(Stage::Counselor),
            State::PendingCollege => Some(Stage::College),
            State::PendingOffice => Some(Stage::Office),
            _ => None,
        }
    }

    /// The state that waits for `role`'s decision (their to-do), if any.
    pub fn waiting_for(role: Role) -> Option<State> {
        State::ALL
            .into_iter()
            .find(|s| s.stage().is_some_and(|st| st.role() == role))
    }

    /// Whether the applicant may change the form.
    pub fn editable(self) -> bool {
        matches!(self, State::Draft | State::Returned)
    }

    /// Whether the nomination still counts as the student's one nomination of the campaign.
    pub fn active(self) -> bool {
        !matches!(self, State::Rejected | State::Withdrawn)
    }
}

/// The three levels of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Counselor,
    College,
    Office,
}

impl Stage {
    /// The role that decides at this stage.
    pub fn role(self) -> Role {
        match self {
            Stage::Counselor => Role::Counselor,
            Stage::College => Role::Dean,
            Stage::Office => Role::Office,
        }
    }

    /// The opinion's heading on the paper form.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Counselor => "所在班级意见",
            Stage::College => "所在学院意见",
            Stage::Office => "校友服务与发展中心意见",
        }
    }
}

/// 同意 / 退回修改 / 不同意.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Return,
    Reject,
}

impl Decision {
    pub fn label(self) -> &'static str {
        match self {
            Decision::Approve => "同意",
            Decision::Return => "退回修改",
            Decision::Reject => "不同意",
        }
    }
}

/// Why a step is not allowed, with the message users see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkflowError {
    /// Nothing is pending in this state.
    NotPending,
    /// The caller's role does not decide at the current stage.
    WrongStage,
    /// Return and reject need a reason.
    OpinionRequired,
    /// Only drafts and returned forms can be submitted or edited.
    NotEditable,
    /// Appointed, rejected or withdrawn forms cannot be withdrawn.
    NotWithdrawable,
    /// Nobody decides a nomination they submitted or are nominated by.
    OwnNomination,
}

impl WorkflowError {
    pub fn message(self) -> &'static str {
        match self {
            WorkflowError::NotPending => "该推荐表当前不在审核中",
            WorkflowError::WrongStage => "该推荐表当前不在您的审核环节",
            WorkflowError::OpinionRequired => "退回修改或不同意时必须填写意见",
            WorkflowError::NotEditable => "只有草稿或退回修改的推荐表可以修改、提交",
            WorkflowError::NotWithdrawable => "该推荐表已结束，不能撤回",
            WorkflowError::OwnNomination => "不能审核本人提交或本人被推荐的推荐表",
        }
    }
}

/// draft / returned → pending_counselor.
pub fn submit(state: State) -> Result<State, WorkflowError> {
    if state.editable() {
        Ok(State::PendingCounselor)
    } else {
        Err(WorkflowError::NotEditable)
    }
}

/// The state after `role` decides `decision` in `state`. An opinion is
/// required to return or reject.
pub fn decide(
    state: State,
    role: Role,
    decision: Decision,
    opinion: &str,
) -> Result<State, WorkflowError> {
    let stage = state.stage().ok_or(WorkflowError::NotPending)?;
    if stage.role() != role {
        return Err(WorkflowError::WrongStage);
    }
    match decision {
        Decision::Approve => Ok(match stage {
            Stage::Counselor => State::PendingCollege,
            Stage::College => State::PendingOffice,
            Stage::Office => State::Appointed,
        }),
        _ if opinion.trim().is_empty() => Err(WorkflowError::OpinionRequired),
        Decision::Return => Ok(State::Returned),
        Decision::Reject => Ok(State::Rejected),
    }
}

/// Who is deciding.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub id: &'a str,
    pub role: Role,
    /// The approver whose place they take (a stand-in, `crate::standin`).
    pub in_place_of: Option<&'a str>,
}

/// Who a nomination concerns.
#[derive(Debug, Clone, Copy)]
pub struct Parties<'a> {
    /// Who filled in and submitted the form (the student, or the counselor
    /// for a 班级推荐).
    pub applicant: &'a str,
    /// The nominated student.
    pub nominee: &'a str,
    /// Whether the class has a counselor other than the applicant.
    pub other_counselor: bool,
}

/// [`decide`] for a person: nobody decides a nomination they submitted or
/// are nominated by, nor in the place of somebody who did. When a counselor recommended a student and is the only
/// counselor of the class, the college gives the class opinion in their place
/// (otherwise the form could never move on).
pub fn decide_as(
    state: State,
    actor: Actor<'_>,
    parties: Parties<'_>,
    decision: Decision,
    opinion: &str,
) -> Result<State, WorkflowError> {
    let own = |id: &str| id == parties.applicant || id == parties.nominee;
    if own(actor.id) || actor.in_place_of.is_some_and(own) {
        return Err(WorkflowError::OwnNomination);
    }
    let stands_in = state == State::PendingCounselor
        && actor.role == Role::Dean
        && parties.applicant != parties.nominee
        && !parties.other_counselor;
    let role = if stands_in {
        Role::Counselor
    } else {
        actor.role
    };
    decide(state, role, decision, opinion)
}

/// draft / returned / pending_* → withdrawn (by the applicant).
pub fn withdraw(state: State) -> Result<State, WorkflowError> {
    match state {
        State::Draft
        | State::Returned
        | State::PendingCounselor
        | State::PendingCollege
        | State::PendingOffice => Ok(State::Withdrawn),
        _ => Err(WorkflowError::NotWithdrawable),
    }
}

#[cfg(test)]
mod tests;
