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
        in_place_of: None,
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
        in_place_of: None,
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
    // Nor in the place of the counselor who recommended the student.
    let standing_in = Actor {
        in_place_of: Some(COUNSELOR),
        ..another
    };
    assert_eq!(
        decide_as(
            State::PendingCounselor,
            standing_in,
            own(COUNSELOR, true),
            Decision::Approve,
            ""
        ),
        Err(WorkflowError::OwnNomination)
    );
}

#[test]
fn the_college_stands_in_for_a_class_whose_only_counselor_recommended() {
    let dean = Actor {
        id: "d1",
        role: Role::Dean,
        in_place_of: None,
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
