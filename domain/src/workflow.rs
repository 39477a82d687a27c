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
/// are nominated by. When a counselor recommended a student and is the only
/// counselor of the class, the college gives the class opinion in their place
/// (otherwise the form could never move on).
pub fn decide_as(
    state: State,
    actor: Actor<'_>,
    parties: Parties<'_>,
    decision: Decision,
    opinion: &str,
) -> Result<State, WorkflowError> {
    if actor.id == parties.applicant || actor.id == parties.nominee {
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
mod tests {
    use super::*;

    #[test]
    fn each_approver_waits_on_their_own_stage_and_nobody_else_has_one() {
        assert_eq!(
            State::waiting_for(Role::Counselor),
            Some(State::PendingCounselor)
        );
        assert_eq!(State::waiting_for(Role::Dean), Some(State::PendingCollege));
        assert_eq!(State::waiting_for(Role::Office), Some(State::PendingOffice));
        assert_eq!(State::waiting_for(Role::Student), None);
        assert_eq!(State::waiting_for(Role::Admin), None);
    }

    #[test]
    fn a_draft_and_a_returned_form_submit_to_the_counselor() {
        assert_eq!(submit(State::Draft), Ok(State::PendingCounselor));
        assert_eq!(submit(State::Returned), Ok(State::PendingCounselor));
    }

    #[test]
    fn nothing_else_can_be_submitted() {
        for s in State::ALL.into_iter().filter(|s| !s.editable()) {
            assert_eq!(submit(s), Err(WorkflowError::NotEditable), "{s:?}");
        }
    }

    #[test]
    fn approvals_walk_the_chain_to_appointment() {
        assert_eq!(
            decide(
                State::PendingCounselor,
                Role::Counselor,
                Decision::Approve,
                ""
            ),
            Ok(State::PendingCollege)
        );
        assert_eq!(
            decide(State::PendingCollege, Role::Dean, Decision::Approve, ""),
            Ok(State::PendingOffice)
        );
        assert_eq!(
            decide(State::PendingOffice, Role::Office, Decision::Approve, ""),
            Ok(State::Appointed)
        );
    }

    #[test]
    fn every_stage_can_return_or_reject_with_an_opinion() {
        for (state, role) in [
            (State::PendingCounselor, Role::Counselor),
            (State::PendingCollege, Role::Dean),
            (State::PendingOffice, Role::Office),
        ] {
            assert_eq!(
                decide(state, role, Decision::Return, "请补充简介"),
                Ok(State::Returned)
            );
            assert_eq!(
                decide(state, role, Decision::Reject, "不符合条件"),
                Ok(State::Rejected)
            );
        }
    }

    #[test]
    fn returning_or_rejecting_without_an_opinion_is_refused() {
        for d in [Decision::Return, Decision::Reject] {
            assert_eq!(
                decide(State::PendingCollege, Role::Dean, d, "  "),
                Err(WorkflowError::OpinionRequired)
            );
        }
    }

    #[test]
    fn nobody_decides_outside_their_stage() {
        for state in [
            State::PendingCounselor,
            State::PendingCollege,
            State::PendingOffice,
        ] {
            for role in Role::ALL {
                let allowed = state.stage().map(Stage::role) == Some(role);
                let r = decide(state, role, Decision::Approve, "");
                assert_eq!(r.is_ok(), allowed, "{role:?} in {state:?}");
                if !allowed {
                    assert_eq!(r, Err(WorkflowError::WrongStage));
                }
            }
        }
    }

    #[test]
    fn nothing_is_decided_outside_the_pending_states() {
        for state in [
            State::Draft,
            State::Returned,
            State::Appointed,
            State::Rejected,
            State::Withdrawn,
        ] {
            for role in Role::ALL {
                assert_eq!(
                    decide(state, role, Decision::Approve, "x"),
                    Err(WorkflowError::NotPending)
                );
            }
        }
    }

    #[test]
    fn the_applicant_withdraws_until_the_end() {
        for s in [
            State::Draft,
            State::Returned,
            State::PendingCounselor,
            State::PendingCollege,
            State::PendingOffice,
        ] {
            assert_eq!(withdraw(s), Ok(State::Withdrawn));
        }
        for s in [State::Appointed, State::Rejected, State::Withdrawn] {
            assert_eq!(withdraw(s), Err(WorkflowError::NotWithdrawable));
        }
    }

    const STUDENT: &str = "s1";
    const COUNSELOR: &str = "c1";

    fn own(applicant: &'static str, other_counselor: bool) -> Parties<'static> {
        Parties {
            applicant,
            nominee: STUDENT,
            other_counselor,
        }
    }

    #[test]
    fn nobody_decides_their_own_nomination() {
        let counselor = Actor {
            id: COUNSELOR,
            role: Role::Counselor,
        };
        let r = decide_as(
            State::PendingCounselor,
            counselor,
            own(COUNSELOR, true),
            Decision::Approve,
            "",
        );
        assert_eq!(r, Err(WorkflowError::OwnNomination));
        let another = Actor {
            id: "c2",
            role: Role::Counselor,
        };
        assert_eq!(
            decide_as(
                State::PendingCounselor,
                another,
                own(COUNSELOR, true),
                Decision::Approve,
                ""
            ),
            Ok(State::PendingCollege)
        );
    }

    #[test]
    fn the_college_stands_in_for_a_class_whose_only_counselor_recommended() {
        let dean = Actor {
            id: "d1",
            role: Role::Dean,
        };
        assert_eq!(
            decide_as(
                State::PendingCounselor,
                dean,
                own(COUNSELOR, false),
                Decision::Approve,
                ""
            ),
            Ok(State::PendingCollege)
        );
        // Not when another counselor can decide, and never for a self-nomination.
        assert_eq!(
            decide_as(
                State::PendingCounselor,
                dean,
                own(COUNSELOR, true),
                Decision::Approve,
                ""
            ),
            Err(WorkflowError::WrongStage)
        );
        assert_eq!(
            decide_as(
                State::PendingCounselor,
                dean,
                own(STUDENT, false),
                Decision::Approve,
                ""
            ),
            Err(WorkflowError::WrongStage)
        );
    }

    #[test]
    fn states_round_trip_their_wire_names() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::json!(s.as_str()))
            );
        }
        assert_eq!(State::parse("approved"), None);
    }

    #[test]
    fn rejected_and_withdrawn_forms_free_the_student_for_another() {
        let active: Vec<State> = State::ALL.into_iter().filter(|s| s.active()).collect();
        assert!(!active.contains(&State::Rejected) && !active.contains(&State::Withdrawn));
        assert!(active.contains(&State::Returned) && active.contains(&State::Appointed));
    }
}
